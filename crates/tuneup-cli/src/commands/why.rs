//! `tuneup why PAIN-AREA`: which muscles can send pain there, the self-massage to try with
//! your tools, and when to see a professional instead.

use super::routine::print_text;
use crate::context::Context;
use crate::output::{OutputArgs, print_json};
use clap::Args;
use std::fmt::Write as _;
use tuneup_core::AthleteId;
use tuneup_core::knowledge::knowledge;
use tuneup_core::routine::why;

#[derive(Debug, Args)]
pub struct WhyArgs {
    /// Where it hurts: heel, arch, outer_knee, front_knee, inner_knee, groin, low_back,
    /// outer_thigh, shin, chest, shoulder_blade, head, ... (an unknown name lists them all).
    #[arg(value_name = "PAIN-AREA")]
    pub region: String,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(context: &Context, args: WhyArgs) -> anyhow::Result<()> {
    let store = context.open_store()?;
    let tools = store.profile(AthleteId::LOCAL)?.tools;
    let answer = why(&args.region, &tools)?;
    if args.output.json {
        return print_json(&answer);
    }
    let kb = knowledge();
    let mut out = String::new();
    writeln!(out, "Pain in the {}", answer.region.name)?;
    if answer.referrers.is_empty() {
        writeln!(
            out,
            "  No muscle in our referral map is known to send pain there."
        )?;
    } else {
        writeln!(out, "  can come from trigger points in:")?;
        for r in &answer.referrers {
            writeln!(out, "  - {} ({}): {}", r.name, r.area.label(), r.note)?;
        }
    }
    if !answer.steps.is_empty() {
        writeln!(out)?;
        writeln!(out, "Self-massage to try:")?;
        for caution in &answer.cautions {
            writeln!(out, "  always: {caution}")?;
        }
        for step in &answer.steps {
            writeln!(
                out,
                "  {} with {}, {}: {}",
                step.area.label(),
                step.tool.label(),
                super::routine::clock(step.seconds),
                step.reason
            )?;
            writeln!(out, "    {}", step.how)?;
            for caution in &step.cautions {
                writeln!(out, "    careful: {caution}")?;
            }
        }
    }
    writeln!(out)?;
    writeln!(out, "See a professional instead when:")?;
    for line in &answer.see_a_professional {
        writeln!(out, "  - {line}")?;
    }
    writeln!(out)?;
    writeln!(out, "{}", answer.model_note)?;
    let sources: Vec<&str> = kb
        .referral_sources
        .iter()
        .filter_map(|id| kb.source(id))
        .map(|s| s.citation.as_str())
        .collect();
    for citation in sources {
        writeln!(out, "  source: {citation}")?;
    }
    writeln!(out, "{}", answer.disclaimer)?;
    print_text(&out)
}
