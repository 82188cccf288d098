//! One file per subcommand; `run` dispatches to them.

pub mod activity;
pub mod card;
pub mod demo;
pub mod faq;
pub mod import;
pub mod load;
pub mod massage;
pub mod migrate;
pub mod plan;
pub mod planned;
pub mod planned_import;
pub mod precautions;
pub mod profile;
pub mod race;
pub mod routine;
pub mod routine_play;
pub mod serve;
pub mod sore;
pub mod therapist;
pub mod why;

use crate::cli::{Cli, Command};
use crate::context::Context;
use std::process::ExitCode;

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    crate::output::set_width(cli.width);
    let context = Context::new(cli.database.as_deref(), cli.today)?;
    match cli.command {
        Command::Demo(args) => demo::run(&context, args),
        Command::Activity(command) => activity::run(&context, command),
        Command::Activities(args) => activity::list(&context, args),
        Command::Profile(command) => profile::run(&context, command),
        Command::Race(command) => race::run(&context, command),
        Command::Planned(command) => planned::run(&context, command),
        Command::Plan(args) => plan::run(&context, args),
        Command::Serve(args) => serve::run(&context, args),
        Command::Sore(command) => sore::run(&context, command),
        Command::Massage(command) => massage::run(&context, command),
        Command::Therapist(command) => therapist::run(&context, command),
        Command::Card(args) => card::run(&context, args),
        Command::Routine(args) => routine::run(&context, args),
        Command::Why(args) => why::run(&context, args),
        Command::Faq(args) => faq::run(&context, args),
        Command::Precautions(args) => precautions::run(args),
        Command::Load(args) => load::run(&context, args),
        Command::Migrate(args) => migrate::run(&context, args),
        // The one command whose exit status depends on how it went, not only on errors.
        Command::Import(args) => return import::run(&context, args),
    }
    .map(|()| ExitCode::SUCCESS)
}
