//! The bench's inputs: the `example` vector of tests/vectors/tokens.json.

/// The access key (`kid`, and the end of `iss`).
pub const ACCESS_KEY: &str = "AK7f3kQ9mZ2pL8xR4tV6";
/// The HMAC secret.
pub const SECRET: &str = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
/// The organization id (`org`).
pub const ORG_ID: &str = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";
/// `iat` of every timed token.
pub const IAT: u64 = 1_767_225_600;
/// Seconds from `iat` to `exp`.
pub const TTL: u32 = 30;
/// `iss`.
pub const ISSUER: &str = "urn:meshes:m2m:AK7f3kQ9mZ2pL8xR4tV6";
/// `aud`.
pub const AUDIENCE: &str = "meshes-api";
/// Node jsonwebtoken's token for these inputs (the vectors' reference producer).
pub const REFERENCE: &str = concat!(
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IkFLN2Yza1E5bVoycEw4eFI0dFY2In0.",
    "eyJpc3MiOiJ1cm46bWVzaGVzOm0ybTpBSzdmM2tROW1aMnBMOHhSNHRWNiIsImF1ZCI6Im1lc2hlcy1hcGkiLCJvcm",
    "ciOiIzZjZjMmE5ZS04YjFkLTRlN2EtOWMyZi01ZDhlMWE3YjRjNjAiLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6MTc2",
    "NzIyNTYzMH0.9_BgmO6NbzN3slwudGDyUs8El62p1EgJw4maDWLku5w"
);

/// The reference token with the first character of its signature changed (not the last: its
/// two low bits are padding, which only a canonical-base64 check would catch). Every verifier
/// must refuse it.
pub fn tampered() -> String {
    let at = REFERENCE.rfind('.').map_or(0, |dot| dot + 1);
    let mut t = REFERENCE.to_owned();
    let new = if t[at..].starts_with('A') { "B" } else { "A" };
    t.replace_range(at..=at, new);
    t
}
