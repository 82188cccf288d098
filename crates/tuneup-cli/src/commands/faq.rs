//! `tuneup faq`: answers to the questions runners ask about massage, with their sources.

use super::routine::print_text;
use crate::output::{OutputArgs, print_json};
use clap::Args;
use std::fmt::Write as _;
use tuneup_core::knowledge::knowledge;

#[derive(Debug, Args)]
pub struct FaqArgs {
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(args: FaqArgs) -> anyhow::Result<()> {
    let kb = knowledge();
    if args.output.json {
        return print_json(&serde_json::json!({
            "faq": kb.faq,
            "sources": kb.sources,
            "disclaimer": kb.disclaimer,
        }));
    }
    let mut out = String::new();
    for entry in &kb.faq {
        writeln!(out, "{}", entry.question)?;
        writeln!(out, "  {}", entry.answer)?;
        let cited: Vec<&str> = entry
            .sources
            .iter()
            .filter_map(|id| kb.source(id))
            .map(|s| s.citation.as_str())
            .collect();
        for citation in cited {
            writeln!(out, "  source: {citation}")?;
        }
        writeln!(out)?;
    }
    writeln!(out, "{}", kb.disclaimer)?;
    print_text(&out)
}
