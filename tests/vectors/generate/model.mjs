// Executable restatement of the rules in ../README.md, used only to self-check the
// vectors before they are written (every expected error must be the one these rules
// give, every valid vector must pass). It is not the project's code and produces no
// vector itself. Times are BigInt.
import crypto from 'node:crypto';

export const MAX_TIME = 9007199254740991n; // 2^53 - 1
const U64_MAX = 18446744073709551615n;
export const MAX_DEPTH = 8; // the outermost object or array counts as depth 1

const KEY_RE = /^[A-Za-z0-9._-]{1,128}$/;
const ORG_RE = /^(?=.{1,64}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const bytes = (s) => Buffer.byteLength(s, 'utf8');

class Fail extends Error {
  constructor(code, why) { super(`${code}: ${why}`); this.code = code; }
}
const fail = (code, why) => { throw new Fail(code, why); };

// Strict JSON: objects become {entries: Map}, numbers stay as their literal text.
// Rejects duplicate keys (compared after unescaping) and nesting deeper than MAX_DEPTH.
function parseJson(text) {
  let i = 0;
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i])) i++; };
  const bad = (why) => fail('MALFORMED', `json: ${why} at ${i}`);
  const value = (depth) => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      if (depth + 1 > MAX_DEPTH) bad('too deep');
      i++; ws();
      const close = c === '{' ? '}' : ']';
      const out = c === '{' ? { entries: new Map() } : [];
      if (text[i] === close) { i++; return out; }
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') bad('key expected');
          const k = string();
          if (out.entries.has(k)) bad(`duplicate key ${k}`);
          ws();
          if (text[i++] !== ':') bad('colon expected');
          out.entries.set(k, value(depth + 1));
        } else out.push(value(depth + 1));
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === close) { i++; return out; }
        bad('comma expected');
      }
    }
    if (c === '"') return string();
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i));
    if (m && m[0] !== '-') { i += m[0].length; return { num: m[0] }; }
    for (const [lit, v] of [['true', true], ['false', false], ['null', null]]) {
      if (text.startsWith(lit, i)) { i += lit.length; return v; }
    }
    return bad('value expected');
  };
  const string = () => {
    i++;
    let s = '';
    for (;;) {
      const c = text[i++];
      if (c === undefined) bad('unterminated string');
      if (c === '"') return s;
      if (c < ' ') bad('control character in string');
      if (c !== '\\') { s += c; continue; }
      const e = text[i++];
      const simple = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }[e];
      if (simple !== undefined) { s += simple; continue; }
      if (e !== 'u' || !/^[0-9a-fA-F]{4}$/.test(text.slice(i, i + 4))) bad('bad escape');
      s += String.fromCharCode(parseInt(text.slice(i, i + 4), 16));
      i += 4;
    }
  };
  const v = value(0);
  ws();
  if (i !== text.length) bad('trailing data');
  return v;
}

const isObj = (v) => v !== null && typeof v === 'object' && v.entries instanceof Map;

function decodeSegment(seg) {
  if (!/^[A-Za-z0-9_-]*$/.test(seg) || seg.length % 4 === 1) fail('MALFORMED', 'segment alphabet/length');
  const buf = Buffer.from(seg, 'base64url');
  if (buf.toString('base64url') !== seg) fail('MALFORMED', 'non-canonical base64url');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch { return fail('MALFORMED', 'invalid UTF-8'); }
}

function verifyOrThrow(token, secret, now, leeway) {
  // 1. shape
  if (bytes(token) === 0 || bytes(token) > 1024) fail('MALFORMED', 'length');
  const parts = token.split('.');
  if (parts.length !== 3) fail('MALFORMED', 'segment count');
  const headerText = decodeSegment(parts[0]);
  const payloadText = decodeSegment(parts[1]);
  // 2. header JSON
  const header = parseJson(headerText);
  if (!isObj(header)) fail('MALFORMED', 'header not an object');
  const h = header.entries;
  if (typeof h.get('alg') !== 'string') fail('MALFORMED', 'alg missing or not a string');
  // 3. algorithm
  if (h.get('alg') !== 'HS256') fail('ALGORITHM', h.get('alg'));
  // 4. crit (any: no extension is understood), typ, kid
  if (h.has('crit')) fail('CLAIMS', 'crit');
  if (h.has('typ') && h.get('typ') !== 'JWT') fail('CLAIMS', 'typ');
  const kid = h.get('kid');
  if (typeof kid !== 'string' || !KEY_RE.test(kid)) fail('CLAIMS', 'kid');
  // 5. signature
  const mac = crypto.createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(`${parts[0]}.${parts[1]}`).digest('base64url');
  if (parts[2] !== mac) fail('SIGNATURE', 'mac');
  // 6. payload JSON and claim types
  const payload = parseJson(payloadText);
  if (!isObj(payload)) fail('MALFORMED', 'payload not an object');
  const p = payload.entries;
  const str = (k) => { if (p.has(k) && typeof p.get(k) !== 'string') fail('MALFORMED', `${k} type`); };
  str('iss'); str('org');
  if (p.has('aud')) {
    const a = p.get('aud');
    if (typeof a !== 'string' && !(Array.isArray(a) && a.every((x) => typeof x === 'string'))) fail('MALFORMED', 'aud type');
  }
  const time = (k) => {
    if (!p.has(k)) return undefined;
    const v = p.get(k);
    if (v === null || typeof v !== 'object' || !('num' in v) || !/^(0|[1-9][0-9]*)$/.test(v.num)) fail('MALFORMED', `${k} not a non-negative integer`);
    const n = BigInt(v.num);
    if (n > U64_MAX) fail('MALFORMED', `${k} overflows u64`);
    return n;
  };
  const iat = time('iat');
  const exp = time('exp');
  const nbf = time('nbf');
  // 7. claims
  if (p.get('iss') !== `urn:meshes:m2m:${kid}`) fail('CLAIMS', 'iss');
  const aud = p.get('aud');
  if (!(aud === 'meshes-api' || (Array.isArray(aud) && aud.includes('meshes-api')))) fail('CLAIMS', 'aud');
  if (typeof p.get('org') !== 'string' || !ORG_RE.test(p.get('org'))) fail('CLAIMS', 'org');
  if (iat === undefined || exp === undefined) fail('CLAIMS', 'iat/exp missing');
  if (iat > MAX_TIME || exp > MAX_TIME) fail('CLAIMS', 'time too large');
  if (nbf !== undefined && nbf > MAX_TIME) fail('CLAIMS', 'nbf too large');
  if (exp - iat < 1n || exp - iat > 60n) fail('CLAIMS', 'lifetime');
  // 8. time
  if (now >= exp + leeway) fail('EXPIRED', 'expired');
  if (iat > now + leeway) fail('NOT_YET_VALID', 'iat in future');
  if (nbf !== undefined && nbf > now + leeway) fail('NOT_YET_VALID', 'nbf in future');
  return { access_key: kid, org_id: p.get('org'), iat, exp };
}

/** -> {ok: true, claims} or {ok: false, error, why} */
export function verify(token, secret, now, leeway) {
  try {
    return { ok: true, claims: verifyOrThrow(token, secret, now, leeway) };
  } catch (e) {
    if (!(e instanceof Fail)) throw e;
    return { ok: false, error: e.code, why: e.message };
  }
}

/** Signer input validation in the documented order. -> null or the error name. */
export function signError({ access_key, secret, org_id, iat, ttl }) {
  if (!KEY_RE.test(access_key) || bytes(access_key) > 128) return 'ACCESS_KEY';
  if (bytes(secret) < 1 || bytes(secret) > 1024 || [...Buffer.from(secret, 'utf8')].some((b) => b <= 0x20 || b === 0x7f)) return 'SECRET';
  if (!ORG_RE.test(org_id)) return 'ORG_ID';
  if (ttl < 1n || ttl > 60n) return 'TTL';
  if (iat < 0n || iat + ttl > MAX_TIME) return 'TIME';
  return null;
}
