//! Parsing the command line, with clap's usage errors re-worded where they would repeat what
//! was typed: a secret pasted in the wrong place (`meshes-token sign MySecret…`) must not be
//! echoed to the terminal, a CI log or a support ticket. Such errors give the argument's
//! position instead; every other clap message (help, version, missing values, conflicts)
//! names only the CLI's own flags and is printed as clap writes it.

use std::error::Error as _;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::{self, Write as _};
use std::process::ExitCode;

use clap::Parser;
use clap::error::{ContextKind, ContextValue, Error, ErrorKind};

use crate::cli::Cli;
use crate::error::EXIT_USAGE;

/// The parsed command line, or the exit status after the help, the version or a usage error
/// was printed.
pub(crate) fn parse(args: Vec<OsString>) -> Result<Cli, ExitCode> {
    Cli::try_parse_from(&args).map_err(|error| {
        if let Some(message) = redacted(&error, &args) {
            // Nothing is left to report a failing standard error to.
            let _ = io::stderr().lock().write_all(message.as_bytes());
            return ExitCode::from(EXIT_USAGE);
        }
        let _ = error.print();
        ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(EXIT_USAGE))
    })
}

/// The message for a usage error that would repeat a typed value, or `None` for one that does
/// not (clap's own text is fine then).
fn redacted(error: &Error, args: &[OsString]) -> Option<String> {
    let text = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.as_str()),
        _ => None,
    };
    let (typed, what) = if let Some(value) = text(ContextKind::InvalidValue) {
        if value.is_empty() {
            return None; // "a value is required for '--ttl <SECONDS>'": nothing typed to hide
        }
        let arg = text(ContextKind::InvalidArg).unwrap_or("an argument");
        (value, format!("invalid value for '{arg}'"))
    } else if let Some(name) = text(ContextKind::InvalidSubcommand) {
        (name, String::from("unrecognized subcommand"))
    } else if error.kind() == ErrorKind::UnknownArgument {
        let arg = text(ContextKind::InvalidArg)?;
        if is_flag_name(arg) {
            (arg, format!("unexpected argument '{arg}'"))
        } else {
            (arg, String::from("unexpected argument"))
        }
    } else {
        return None;
    };

    let mut message = format!("error: {what}");
    if let Some(position) = position(args, typed) {
        let _ = write!(message, " in position {position}");
    }
    if !is_flag_name(typed) {
        message.push_str(" (not shown: it may be a secret)");
    }
    if let Some(source) = error.source() {
        let _ = write!(message, ": {source}");
    }
    message.push('\n');
    for (kind, label) in [
        (ContextKind::SuggestedArg, "argument"),
        (ContextKind::SuggestedSubcommand, "subcommand"),
    ] {
        if let Some(ContextValue::String(s)) = error.get(kind) {
            let _ = write!(message, "\n  tip: a similar {label} exists: '{s}'\n");
        }
    }
    if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
        let _ = write!(message, "\n{usage}\n");
    }
    message.push_str("\nFor more information, try '--help'.\n");
    Some(message)
}

/// Whether `arg` has the shape of a long flag (`--` then lowercase letters, digits and
/// hyphens): a mistyped flag worth naming, and nothing a secret looks like.
fn is_flag_name(arg: &str) -> bool {
    arg.strip_prefix("--").is_some_and(|name| {
        name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    })
}

/// The 1-based position after the program name of the first argument that is `typed`, or is
/// `typed` joined to a flag by `=` (`--ttl=abc`, `--foo=bar`), or starts with the short flag
/// `typed` (clap names `-S` for `-SECRET`).
fn position(args: &[OsString], typed: &str) -> Option<usize> {
    let short = typed.len() == 2 && typed.starts_with('-') && typed != "--";
    args.iter()
        .skip(1)
        .position(|arg| {
            let arg = arg.to_string_lossy();
            arg == typed
                || (short && arg.starts_with(typed) && !arg.starts_with("--"))
                || arg
                    .strip_prefix(typed)
                    .is_some_and(|rest| rest.starts_with('='))
                || arg
                    .strip_suffix(typed)
                    .is_some_and(|head| head.starts_with("--") && head.ends_with('='))
        })
        .map(|index| index.saturating_add(1))
}

#[cfg(test)]
mod tests {
    use super::{is_flag_name, position};

    #[test]
    fn flag_names() {
        for arg in ["--foo", "--secret-fil", "--x2"] {
            assert!(is_flag_name(arg), "{arg}");
        }
        for arg in [
            "-5",
            "--",
            "---x",
            "--Foo",
            "--foo=bar",
            "MySecret",
            "--a_b",
            "-x",
        ] {
            assert!(!is_flag_name(arg), "{arg}");
        }
    }

    #[test]
    fn positions() {
        let args: Vec<_> = ["prog", "sign", "--ttl=abc", "x", "--foo=bar", "--Sx", "-Sx"]
            .into_iter()
            .map(Into::into)
            .collect();
        assert_eq!(position(&args, "sign"), Some(1));
        assert_eq!(position(&args, "abc"), Some(2));
        assert_eq!(position(&args, "x"), Some(3));
        assert_eq!(position(&args, "--foo"), Some(4));
        assert_eq!(position(&args, "-S"), Some(6));
        assert_eq!(position(&args, "prog"), None);
        assert_eq!(position(&args, "nothing"), None);
    }
}
