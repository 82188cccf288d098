//! `tuneup faq`: answers to the questions runners ask about massage, with their sources and
//! the runner's own rule values.

use super::routine::print_text;
use crate::context::Context;
use crate::output::{OutputArgs, print_json};
use clap::Args;
use std::fmt::Write as _;
use tuneup_core::knowledge::knowledge;

#[derive(Debug, Args)]
pub struct FaqArgs {
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(context: &Context, args: FaqArgs) -> anyhow::Result<()> {
    let kb = knowledge();
    let store = context.open_store()?;
    let faq = tuneup_app::faq::faq(store.as_ref(), context.athlete)?;
    if args.output.json {
        return print_json(&serde_json::json!({
            "faq": faq,
            "sources": kb.sources,
            "disclaimer": kb.disclaimer,
        }));
    }
    let mut out = String::new();
    for entry in &faq {
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
