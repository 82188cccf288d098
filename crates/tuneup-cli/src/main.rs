//! The `tuneup` binary: parses the command line, runs one command, and turns errors into
//! plain messages that name the input and the reason.

mod cli;
mod commands;
mod context;
mod output;
mod values;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Like any Unix filter, stop quietly when the reader goes away (`tuneup activities | head`)
    // instead of panicking in the middle of a println!.
    sigpipe::reset();
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(error) => {
            report(&error);
            ExitCode::from(if is_usage_error(&error) {
                context::EXIT_USAGE
            } else {
                context::EXIT_ERROR
            })
        }
    }
}

/// Prints the error and each cause on its own line, the way a runner can act on it.
fn report(error: &anyhow::Error) {
    if is_broken_pipe(error) {
        return;
    }
    let mut causes = error.chain().map(describe);
    if let Some(first) = causes.next() {
        eprintln!("tuneup: error: {first}");
    }
    for cause in causes {
        eprintln!("  because: {cause}");
    }
}

/// Whether the command line itself was wrong (an unknown id, a value out of range), found
/// after clap had parsed it: such mistakes exit 2, like clap's own.
fn is_usage_error(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<tuneup_core::vocab::UnknownId>()
            .is_some()
            || matches!(
                cause.downcast_ref::<tuneup_app::AppError>(),
                Some(tuneup_app::AppError::InvalidInput { .. } | tuneup_app::AppError::Unknown(_))
            )
    })
}

/// One cause in the runner's terms: a value the use cases refused names its flag.
fn describe(cause: &(dyn std::error::Error + 'static)) -> String {
    match cause.downcast_ref::<tuneup_app::AppError>() {
        Some(tuneup_app::AppError::InvalidInput { field, reason }) => {
            format!("--{}: {reason}", field.replace('_', "-"))
        }
        _ => cause.to_string(),
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
