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
    output_failures_are_errors();
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

/// Output that cannot be written is an error with a message and exit 1, never a panic or a
/// silent death: println! panics when stdout fails (`> /dev/full`), and that panic becomes
/// the message; SIGXFSZ (a file past `ulimit -f`) is caught so the write fails with EFBIG
/// and is reported where it happened (an import names the file it was storing).
fn output_failures_are_errors() {
    // Caught, the signal only sets this flag; what matters is that it no longer kills.
    let caught = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, caught);
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if let Some(cause) = message.strip_prefix("failed printing to stdout: ") {
            use std::io::Write;
            let _ = writeln!(
                std::io::stderr(),
                "tuneup: error: cannot write the output\n  because: {cause}"
            );
            std::process::exit(i32::from(context::EXIT_ERROR));
        }
        default_hook(info);
    }));
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
