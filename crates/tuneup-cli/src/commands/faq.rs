//! `tuneup faq`: answers to the questions runners ask about massage, with their sources.

use crate::output::{OutputArgs, print_json};
use clap::Args;
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
    for entry in &kb.faq {
        println!("{}", entry.question);
        println!("  {}", entry.answer);
        let cited: Vec<&str> = entry
            .sources
            .iter()
            .filter_map(|id| kb.source(id))
            .map(|s| s.citation.as_str())
            .collect();
        for citation in cited {
            println!("  source: {citation}");
        }
        println!();
    }
    println!("{}", kb.disclaimer);
    Ok(())
}
