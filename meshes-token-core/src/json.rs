//! A strict, bounded, allocation-free reader for the two small JSON objects of a token.
//!
//! Why not `serde-json-core`: it skips unknown members by chomping bytes up to the next
//! delimiter (so invalid JSON passes), recurses once per nesting level with no limit, cannot
//! decode surrogate-pair escapes (`"\ud83d\udd11"`, which Python's `json` writes for every
//! non-BMP character), and indexes slices in ways that leave panic paths in the binary. This
//! reader validates the whole text against RFC 8259, including members it skips, nests at
//! most [`MAX_DEPTH`] levels without recursion, rejects duplicate known members, and has no
//! indexing and no unchecked arithmetic.

use crate::Error;

/// Deepest nesting of objects and arrays accepted, counting the token's top-level object.
pub(crate) const MAX_DEPTH: usize = 8;

const TOO_DEEP: Error = Error::Malformed("JSON nests deeper than 8 levels");

/// A JSON string decoded into a fixed buffer, remembering whether it was present and
/// whether it fit.
#[derive(Clone, Copy)]
pub(crate) struct FixedStr<const N: usize> {
    buf: [u8; N],
    len: usize,
    present: bool,
    too_long: bool,
}

impl<const N: usize> Default for FixedStr<N> {
    fn default() -> Self {
        Self {
            buf: [0; N],
            len: 0,
            present: false,
            too_long: false,
        }
    }
}

impl<const N: usize> FixedStr<N> {
    /// The string, if the member was present and fit in `N` bytes.
    pub(crate) fn get(&self) -> Option<&[u8]> {
        if self.present && !self.too_long {
            self.buf.get(..self.len)
        } else {
            None
        }
    }

    /// The member for the claim rules: `None` when absent, and empty when too long for `N`
    /// bytes. Empty is refused by every rule that reads a member this way (`iss` must start
    /// with [`ISS_PREFIX`], an org id has at least one byte), with the error a too-long value
    /// gets, so no length needs to be carried further.
    pub(crate) fn member(&self) -> Option<&[u8]> {
        self.present.then(|| self.get().unwrap_or_default())
    }

    pub(crate) const fn is_present(&self) -> bool {
        self.present
    }

    fn push(&mut self, bytes: &[u8]) {
        let end = self.len.saturating_add(bytes.len());
        match self.buf.get_mut(self.len..end) {
            Some(dst) => {
                crate::bytes::copy(dst, bytes);
                self.len = end;
            }
            None => self.too_long = true,
        }
    }
}

/// The JOSE header members `verify` looks at.
#[derive(Default)]
pub(crate) struct Header {
    pub(crate) alg: FixedStr<8>,
    pub(crate) typ: FixedStr<8>,
    pub(crate) kid: FixedStr<{ crate::MAX_ACCESS_KEY_LEN }>,
    /// Whether a `crit` member is present (whatever its value): RFC 7515 section 4.1.11
    /// requires rejecting a `crit` naming an extension the recipient does not understand,
    /// and this verifier understands none.
    pub(crate) crit: bool,
}

/// `urn:meshes:m2m:`, the start of every `iss`.
pub(crate) const ISS_PREFIX: &[u8] = b"urn:meshes:m2m:";
/// The only audience a Meshes machine token is for.
const AUDIENCE: &[u8] = b"meshes-api";

/// The claims `verify` looks at.
#[derive(Default)]
pub(crate) struct Payload {
    pub(crate) iss: FixedStr<{ ISS_PREFIX.len() + crate::MAX_ACCESS_KEY_LEN }>,
    /// `Some(true)` when `aud` is `meshes-api` or an array holding it.
    pub(crate) aud: Option<bool>,
    pub(crate) org: FixedStr<{ crate::MAX_ORG_ID_LEN }>,
    pub(crate) iat: Option<u64>,
    pub(crate) exp: Option<u64>,
    /// `nbf`, when present (RFC 7519 section 4.1.5).
    pub(crate) nbf: Option<u64>,
}

/// Reads a header: `alg` must be a string; `typ` and `kid`, when present, too.
pub(crate) fn read_header(json: &[u8]) -> Result<Header, Error> {
    let mut h = Header::default();
    let mut lx = Lexer::new(json, "header is not a JSON object of the expected shape")?;
    lx.object(|key, lx| match key {
        b"alg" => lx.string_into(&mut h.alg),
        b"typ" => lx.string_into(&mut h.typ),
        b"kid" => lx.string_into(&mut h.kid),
        b"crit" => {
            if h.crit {
                return Err(Error::Malformed("a member appears twice"));
            }
            h.crit = true;
            lx.skip_value()
        }
        _ => lx.skip_value(),
    })?;
    if !h.alg.is_present() {
        return Err(Error::Malformed("header has no alg"));
    }
    Ok(h)
}

/// Reads a payload: `iss`, `org` strings, `aud` a string or array of strings, `iat`, `exp`
/// and `nbf` non-negative integers; anything else is skipped (but still validated).
pub(crate) fn read_payload(json: &[u8]) -> Result<Payload, Error> {
    let mut p = Payload::default();
    let mut lx = Lexer::new(json, "payload is not a JSON object of the expected shape")?;
    lx.object(|key, lx| match key {
        b"iss" => lx.string_into(&mut p.iss),
        b"org" => lx.string_into(&mut p.org),
        b"aud" => lx.audience(&mut p.aud),
        b"iat" => lx.integer_into(&mut p.iat, "iat and exp must be non-negative integers"),
        b"exp" => lx.integer_into(&mut p.exp, "iat and exp must be non-negative integers"),
        b"nbf" => lx.integer_into(&mut p.nbf, "nbf must be a non-negative integer"),
        _ => lx.skip_value(),
    })?;
    Ok(p)
}

struct Lexer<'a> {
    rest: &'a [u8],
    /// The `Malformed` detail for any syntax error in this document.
    what: &'static str,
}

impl<'a> Lexer<'a> {
    fn new(json: &'a [u8], what: &'static str) -> Result<Self, Error> {
        // JSON text is UTF-8; checking it once lets the string reader pass raw bytes through.
        core::str::from_utf8(json).map_err(|_| Error::Malformed(what))?;
        Ok(Self { rest: json, what })
    }

    const fn fail(&self) -> Error {
        Error::Malformed(self.what)
    }

    fn skip_ws(&mut self) {
        while let [b' ' | b'\t' | b'\n' | b'\r', rest @ ..] = self.rest {
            self.rest = rest;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.rest.first().copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let (&b, rest) = self.rest.split_first()?;
        self.rest = rest;
        Some(b)
    }

    fn expect(&mut self, want: u8) -> Result<(), Error> {
        if self.peek() == Some(want) {
            self.rest = self.rest.get(1..).unwrap_or_default();
            Ok(())
        } else {
            Err(self.fail())
        }
    }

    /// The top-level object: each member's key (decoded; keys longer than 8 bytes arrive
    /// as `b""`, which matches nothing) goes to `member`, which must consume the value.
    /// Nothing but white space may follow the object.
    fn object(
        &mut self,
        mut member: impl FnMut(&[u8], &mut Self) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.expect(b'{')?;
        if self.peek() == Some(b'}') {
            self.bump();
        } else {
            loop {
                let mut key = FixedStr::<8>::default();
                self.string_into(&mut key)?;
                self.expect(b':')?;
                member(key.get().unwrap_or_default(), self)?;
                match self.peek() {
                    Some(b',') => {
                        self.bump();
                    }
                    Some(b'}') => {
                        self.bump();
                        break;
                    }
                    _ => return Err(self.fail()),
                }
            }
        }
        if self.peek().is_some() {
            Err(self.fail())
        } else {
            Ok(())
        }
    }

    /// A known string member; a second occurrence is an error, so that no two readers of
    /// one token can disagree on its value.
    fn string_into<const N: usize>(&mut self, out: &mut FixedStr<N>) -> Result<(), Error> {
        if out.present {
            return Err(Error::Malformed("a member appears twice"));
        }
        out.present = true;
        self.string(|bytes| out.push(bytes))
    }

    fn integer_into(&mut self, out: &mut Option<u64>, what: &'static str) -> Result<(), Error> {
        if out.is_some() {
            return Err(Error::Malformed("a member appears twice"));
        }
        match self.number()? {
            Some(n) => {
                *out = Some(n);
                Ok(())
            }
            None => Err(Error::Malformed(what)),
        }
    }

    fn audience(&mut self, out: &mut Option<bool>) -> Result<(), Error> {
        if out.is_some() {
            return Err(Error::Malformed("a member appears twice"));
        }
        let mut one = FixedStr::<{ AUDIENCE.len() }>::default();
        if self.peek() != Some(b'[') {
            self.string_into(&mut one)?;
            *out = Some(one.get() == Some(AUDIENCE));
            return Ok(());
        }
        self.bump();
        let mut found = false;
        if self.peek() == Some(b']') {
            self.bump();
        } else {
            loop {
                one = FixedStr::default();
                self.string_into(&mut one)?;
                found |= one.get() == Some(AUDIENCE);
                match self.peek() {
                    Some(b',') => {
                        self.bump();
                    }
                    Some(b']') => {
                        self.bump();
                        break;
                    }
                    _ => return Err(self.fail()),
                }
            }
        }
        *out = Some(found);
        Ok(())
    }

    /// A string, its decoded bytes handed to `sink` piece by piece: runs of plain bytes at
    /// once, each escape as the UTF-8 of its character.
    fn string(&mut self, mut sink: impl FnMut(&[u8])) -> Result<(), Error> {
        self.expect(b'"')?;
        loop {
            let run = crate::swar::find_string_end(self.rest).ok_or(self.fail())?;
            let (plain, rest) = self.rest.split_at_checked(run).ok_or(self.fail())?;
            if !plain.is_empty() {
                sink(plain);
            }
            self.rest = rest;
            match self.bump().ok_or(self.fail())? {
                b'"' => return Ok(()),
                b'\\' => {
                    let c = match self.bump().ok_or(self.fail())? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(self.fail()),
                    };
                    sink(c.encode_utf8(&mut [0; 4]).as_bytes());
                }
                // A raw control character: JSON requires it escaped.
                _ => return Err(self.fail()),
            }
        }
    }

    /// The rest of a `\u` escape, joining a surrogate pair into one character.
    fn unicode_escape(&mut self) -> Result<char, Error> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if self.bump() != Some(b'\\') || self.bump() != Some(b'u') {
                    return Err(Error::Malformed(
                        "a string has an unpaired surrogate escape",
                    ));
                }
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(Error::Malformed(
                        "a string has an unpaired surrogate escape",
                    ));
                }
                0x1_0000_u32
                    .wrapping_add((first & 0x3ff).wrapping_shl(10))
                    .wrapping_add(second & 0x3ff)
            }
            0xDC00..=0xDFFF => {
                return Err(Error::Malformed(
                    "a string has an unpaired surrogate escape",
                ));
            }
            other => other,
        };
        char::from_u32(code).ok_or(self.fail())
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut value = 0u32;
        for _ in 0..4 {
            let digit = self
                .bump()
                .and_then(|b| char::from(b).to_digit(16))
                .ok_or(self.fail())?;
            value = value.wrapping_shl(4) | digit;
        }
        Ok(value)
    }

    /// A number, validated against the JSON grammar; `Some` only for a plain non-negative
    /// integer that fits in a `u64` (no sign, fraction or exponent).
    fn number(&mut self) -> Result<Option<u64>, Error> {
        self.skip_ws();
        let negative = self.rest.first() == Some(&b'-');
        if negative {
            self.bump();
        }
        let mut value = match self.bump() {
            Some(b'0') => Some(0u64),
            Some(d @ b'1'..=b'9') => Some(u64::from(d.wrapping_sub(b'0'))),
            _ => return Err(self.fail()),
        };
        if value != Some(0) {
            while let Some(&d @ b'0'..=b'9') = self.rest.first() {
                self.bump();
                value = value
                    .and_then(|v| v.checked_mul(10))
                    .and_then(|v| v.checked_add(u64::from(d.wrapping_sub(b'0'))));
            }
        }
        let mut integer = !negative;
        if self.rest.first() == Some(&b'.') {
            self.bump();
            self.digits()?;
            integer = false;
        }
        if let Some(b'e' | b'E') = self.rest.first() {
            self.bump();
            if let Some(b'+' | b'-') = self.rest.first() {
                self.bump();
            }
            self.digits()?;
            integer = false;
        }
        Ok(if integer { value } else { None })
    }

    /// One or more decimal digits.
    fn digits(&mut self) -> Result<(), Error> {
        if !matches!(self.rest.first(), Some(b'0'..=b'9')) {
            return Err(self.fail());
        }
        while let Some(b'0'..=b'9') = self.rest.first() {
            self.bump();
        }
        Ok(())
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), Error> {
        match self.rest.strip_prefix(word) {
            Some(rest) => {
                self.rest = rest;
                Ok(())
            }
            None => Err(self.fail()),
        }
    }

    /// Skips one value of a top-level member, validating it, without recursion: the open
    /// containers are a bit stack (1 = object), at most `MAX_DEPTH - 1` deep.
    fn skip_value(&mut self) -> Result<(), Error> {
        let mut stack: u16 = 0;
        let mut open: usize = 0;
        loop {
            let container = match self.peek().ok_or(self.fail())? {
                b'{' => Some((true, b'}')),
                b'[' => Some((false, b']')),
                b'"' => {
                    self.string(|_| {})?;
                    None
                }
                b't' => {
                    self.literal(b"true")?;
                    None
                }
                b'f' => {
                    self.literal(b"false")?;
                    None
                }
                b'n' => {
                    self.literal(b"null")?;
                    None
                }
                b'-' | b'0'..=b'9' => {
                    self.number()?;
                    None
                }
                _ => return Err(self.fail()),
            };
            if let Some((is_object, close)) = container {
                self.bump();
                // The top-level object is level 1; this container is one below the `open` ones.
                if open.saturating_add(2) > MAX_DEPTH {
                    return Err(TOO_DEEP);
                }
                if self.peek() == Some(close) {
                    self.bump();
                } else {
                    open = open.saturating_add(1);
                    stack = stack.wrapping_shl(1) | u16::from(is_object);
                    if is_object {
                        self.string(|_| {})?;
                        self.expect(b':')?;
                    }
                    continue;
                }
            }
            // A value is complete: close finished containers, or go on to the next element.
            loop {
                if open == 0 {
                    return Ok(());
                }
                let in_object = stack & 1 == 1;
                match (self.peek(), in_object) {
                    (Some(b','), true) => {
                        self.bump();
                        self.string(|_| {})?;
                        self.expect(b':')?;
                        break;
                    }
                    (Some(b','), false) => {
                        self.bump();
                        break;
                    }
                    (Some(b'}'), true) | (Some(b']'), false) => {
                        self.bump();
                        stack = stack.wrapping_shr(1);
                        open = open.saturating_sub(1);
                    }
                    _ => return Err(self.fail()),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    extern crate std;
    use std::format;

    use super::read_payload;

    /// Surrogate pairs decode to their code point in every plane (U+1F511 and U+20000).
    #[test]
    fn surrogate_pairs_decode_in_every_plane() {
        for (escaped, expected) in [
            (r"\ud83d\udd11", "\u{1F511}"),
            (r"\ud840\udc00", "\u{20000}"),
        ] {
            let json = format!(r#"{{"org":"a{escaped}"}}"#);
            let payload = read_payload(json.as_bytes()).unwrap();
            assert_eq!(
                payload.org.get().unwrap(),
                format!("a{expected}").as_bytes()
            );
        }
    }
}
