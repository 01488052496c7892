//! `meshes-token decode`: show a token's header and payload without verifying it, for
//! debugging a token someone pasted.

use std::io::{self, Write};

use crate::cli::DecodeArgs;
use crate::error::{Failure, stdout_failed};
use crate::{pretty, token};

/// Writes `{"header": …, "payload": …}` pretty-printed to `out`, each object as the token
/// holds it with its strings decoded and made terminal-safe (see [`pretty`]), then warns on
/// standard error that nothing was verified.
pub(crate) fn run(args: DecodeArgs, out: &mut impl Write) -> Result<(), Failure> {
    let token = token::read(args.token)?;
    let segments = token::split(&token).ok_or_else(|| {
        Failure::Invalid(String::from(
            "malformed token: token is not three '.'-separated segments",
        ))
    })?;
    let header = segment(segments.header, "header")?;
    let payload = segment(segments.payload, "payload")?;
    let text = format!("{{\n  \"header\": {header},\n  \"payload\": {payload}\n}}\n");
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|error| stdout_failed(&error))?;
    // A warning that cannot be written changes nothing about the output already written.
    let _ = writeln!(
        io::stderr(),
        "warning: signature not verified (use `meshes-token verify` to check it)"
    );
    Ok(())
}

fn segment(encoded: &[u8], name: &str) -> Result<String, Failure> {
    let json = token::decode_json(encoded)
        .map_err(|why| Failure::Invalid(format!("malformed token: the {name} is {why}")))?;
    pretty::reindent(&json, 1)
        .ok_or_else(|| Failure::Invalid(format!("malformed token: the {name} is not JSON")))
}
