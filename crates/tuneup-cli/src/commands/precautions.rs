//! `tuneup precautions`: what to check when choosing a clinic, and questions worth asking a
//! massage therapist.

use super::routine::print_text;
use crate::output::{OutputArgs, print_json};
use clap::Args;
use std::fmt::Write as _;
use tuneup_core::knowledge::knowledge;

#[derive(Debug, Args)]
pub struct PrecautionsArgs {
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(args: PrecautionsArgs) -> anyhow::Result<()> {
    let kb = knowledge();
    if args.output.json {
        return print_json(&serde_json::json!({
            "precautions": kb.precautions,
            "therapist_questions": kb.therapist_questions,
        }));
    }
    let mut out = String::new();
    writeln!(out, "Choosing a clinic: check that")?;
    for item in &kb.precautions {
        writeln!(out, "  [ ] {}", item.text)?;
    }
    writeln!(out)?;
    writeln!(out, "Questions worth asking a therapist:")?;
    for question in &kb.therapist_questions {
        writeln!(out, "  - {}", question.text)?;
    }
    print_text(&out)
}
