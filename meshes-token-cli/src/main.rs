//! `meshes-token`: mint, verify and decode Meshes machine tokens from the command line.
//!
//! ```text
//! export MESHES_ACCESS_KEY=... MESHES_SECRET_KEY=... MESHES_ORG_ID=...
//! curl -H "Authorization: Bearer $(meshes-token sign)" "$URL"
//! ```
//!
//! Exit status: 0 on success, 1 for an invalid input or token, 2 for a usage error. Errors
//! go to standard error and name the variable or flag at fault; none prints the secret.
#![forbid(unsafe_code)]

mod cli;
mod credentials;
mod decode;
mod error;
mod escape;
mod format_chars;
mod pretty;
mod sign;
mod token;
mod usage;
mod utc;
mod verify;

use std::io::{self, Write};
use std::process::ExitCode;

use crate::cli::Command;

fn main() -> ExitCode {
    // On a usage error: its message (never repeating a typed value) and exit status 2.
    let cli = match usage::parse(std::env::args_os().collect()) {
        Ok(cli) => cli,
        Err(exit) => return exit,
    };
    let mut out = io::stdout().lock();
    let result = match cli.command {
        Command::Sign(args) => sign::run(args, &mut out),
        Command::Verify(args) => verify::run(args, &mut out),
        Command::Decode(args) => decode::run(args, &mut out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let mut err = io::stderr().lock();
            for line in failure.to_string().lines() {
                // Nothing is left to report a failing standard error to.
                let _ = writeln!(err, "error: {line}");
            }
            failure.exit_code()
        }
    }
}
