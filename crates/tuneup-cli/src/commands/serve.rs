//! `tuneup serve`: tuneup in the browser, on this computer, over the same database.

use crate::context::Context;
use anyhow::Context as _;
use clap::Args;
use std::net::SocketAddr;
use tuneup_web::{AppState, Today};

/// Stores the server keeps open: SQLite in WAL mode reads in parallel, and the machine a
/// runner uses has a few cores.
const POOL_SIZE: usize = 4;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Where to listen. Loopback (127.0.0.1, ::1) only, unless --allow-remote.
    #[arg(long, default_value = "127.0.0.1:7878")]
    pub addr: SocketAddr,
    /// Allow listening beyond this computer. There are no accounts yet: anyone who can
    /// reach the address sees and changes your data.
    #[arg(long)]
    pub allow_remote: bool,
}

pub fn run(context: &Context, args: ServeArgs) -> anyhow::Result<()> {
    let remote = !args.addr.ip().is_loopback();
    anyhow::ensure!(
        !remote || args.allow_remote,
        "--addr {} is reachable from other computers and tuneup has no accounts yet: \
         use a loopback address (127.0.0.1) or add --allow-remote if you mean it",
        args.addr
    );
    if remote {
        eprintln!(
            "tuneup: WARNING: serving on {} without accounts: anyone who can reach it can read \
             and change your data",
            args.addr
        );
    }
    // Opened once the CLI's way (created, migrated, digests and local times brought up to
    // date), then the pool opens the same database for the requests.
    drop(context.open_store()?);
    let pool = tuneup_store::open_pool(&context.location()?, POOL_SIZE)?;
    let today = match context.today_given() {
        Some(day) => Today::Fixed(day),
        None => Today::Clock {
            system_zone: context.system_zone,
        },
    };
    let state = AppState::new(pool, context.athlete, today, args.allow_remote);
    tuneup_web::serve(args.addr, state, |bound| {
        eprintln!("tuneup: serving on http://{bound}/ (Ctrl-C stops it)");
    })
    .with_context(|| format!("cannot serve on {}", args.addr))
}
