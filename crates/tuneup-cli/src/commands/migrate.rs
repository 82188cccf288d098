//! `tuneup migrate`: moving a runner's local database into a club server, as one athlete
//! there, with counts and checksums of both sides at the end.

use crate::context::Context;
use crate::output::{OutputArgs, print_json};
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The local database file to move (a tuneup SQLite file).
    #[arg(long, value_name = "FILE.db")]
    pub from: PathBuf,
    /// The server to move it into: postgres://USER:PASSWORD@HOST/DB.
    #[arg(long, value_name = "URL")]
    pub to: String,
    /// The athlete's name on the server (added when there is none; must have no data yet).
    #[arg(long, value_name = "NAME")]
    pub athlete: String,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(context: &Context, args: MigrateArgs) -> anyhow::Result<()> {
    let to = tuneup_store::DatabaseLocation::parse(&args.to)?;
    let tuneup_store::DatabaseLocation::Postgres(url) = &to else {
        anyhow::bail!("--to: expected a postgres:// URL, got '{}'", to.display());
    };
    let moved =
        tuneup_app::migrate::to_server(&args.from, url, &args.athlete, context.system_zone)?;
    if args.output.json {
        return print_json(&serde_json::json!({
            "athlete": args.athlete,
            "to": to.display(),
            "matches": moved.matches(),
            "source": moved.source,
            "destination": moved.destination,
        }));
    }
    println!(
        "moved {} into {} as '{}'",
        args.from.display(),
        to.display(),
        args.athlete
    );
    println!("{:<20} {:>7} {:>7}  sha256 (first 16)", "", "here", "there");
    for (here, there) in moved.source.iter().zip(&moved.destination) {
        let same = if here == there { "" } else { "  DIFFERS" };
        println!(
            "{:<20} {:>7} {:>7}  {}{same}",
            here.what,
            here.count,
            there.count,
            &there.sha256[..16]
        );
    }
    if !moved.matches() {
        anyhow::bail!(
            "the server holds something other than the file: see the lines marked DIFFERS"
        );
    }
    println!("every count and checksum matches");
    Ok(())
}
