// Writes ../tokens.json, ../verify_valid.json, ../verify_invalid.json, ../sign_invalid.json.
// Run through ./run.sh, which installs the producers first. Nothing is written unless
// every check below passes. Output is deterministic: no clock, no randomness (the
// "random" strings come from SHA-256 of fixed labels).
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jwt from 'jsonwebtoken';
import * as jose from 'jose';
import { verify as modelVerify, signError, MAX_TIME } from './model.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.resolve(HERE, '..');
const PYTHON = process.env.PYTHON || path.join(HERE, '.venv', 'bin', 'python');

const problems = [];
const check = (ok, msg) => { if (!ok) problems.push(msg); };
const notes = [];

// ---------------------------------------------------------------- helpers
const b64 = (s) => Buffer.from(s, 'utf8').toString('base64url');
const hmac = (alg, secret, data) => crypto.createHmac(alg, Buffer.from(secret, 'utf8')).update(data).digest('base64url');
/** A hand-crafted token: header and payload are JSON *text*, signed with Node's crypto HMAC. */
const craft = (headerText, payloadText, secret, alg = 'sha256') => {
  const input = `${b64(headerText)}.${b64(payloadText)}`;
  return `${input}.${hmac(alg, secret, input)}`;
};
/** Signs already-encoded segments (for tokens whose segments are deliberately broken). */
const signSegments = (h, p, secret) => `${h}.${p}.${hmac('sha256', secret, `${h}.${p}`)}`;

function pseudoRandom(label, len, alphabet) {
  let out = '';
  for (let n = 0; out.length < len; n++) {
    for (const b of crypto.createHash('sha256').update(`${label}:${n}`).digest()) {
      if (out.length < len) out += alphabet[b % alphabet.length];
    }
  }
  return out;
}
const KEY_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-';
const B64URL_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ORG_CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789-';
const PRINTABLE = Array.from({ length: 0x7e - 0x20 }, (_, i) => String.fromCharCode(0x21 + i)).join('');
const orgOfLength = (label, n) => `a${pseudoRandom(label, n - 2, ORG_CHARS)}z`;

// JSON writer: 2-space indent, keys in insertion order, BigInt written as exact digits,
// DEL escaped so the files stay printable. Trailing newline.
function toJson(v, ind = '') {
  const next = `${ind}  `;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') return JSON.stringify(v).replace(/\x7f/g, '\\u007f');
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return JSON.stringify(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => next + toJson(x, next)).join(',\n')}\n${ind}]`;
  }
  const ks = Object.keys(v);
  if (ks.length === 0) return '{}';
  return `{\n${ks.map((k) => `${next}${JSON.stringify(k)}: ${toJson(v[k], next)}`).join(',\n')}\n${ind}}`;
}

function runLines(cmd, args, cwd, inputs) {
  const r = spawnSync(cmd, args, {
    cwd, input: inputs.map((x) => toJson(x).replace(/\n */g, '')).join('\n') + '\n',
    encoding: 'utf8', maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.error}`);
  const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  if (out.length !== inputs.length) throw new Error(`${cmd}: ${out.length} answers for ${inputs.length} inputs`);
  return out;
}
const pyjwt = (op, inputs) => runLines(PYTHON, [path.join(HERE, 'pyjwt_tool.py'), op], HERE, inputs);
const goSdk = (inputs) => runLines('go', ['run', '.'], path.join(HERE, 'gosdk'), inputs);

function jsonwebtokenVerify(token, secret, accessKey, now, leeway) {
  try {
    const claims = jwt.verify(token, secret, {
      algorithms: ['HS256'], audience: 'meshes-api', issuer: `urn:meshes:m2m:${accessKey}`,
      clockTimestamp: Number(now), clockTolerance: Number(leeway),
    });
    return { ok: true, claims };
  } catch (e) { return { ok: false, error: `${e.name}: ${e.message}` }; }
}
const MAX_DATE_SECS = 8640000000000n; // largest time a JS Date holds
async function joseVerify(token, secret, accessKey, now, leeway) {
  try {
    const { payload } = await jose.jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'], typ: 'JWT', audience: 'meshes-api', issuer: `urn:meshes:m2m:${accessKey}`,
      requiredClaims: ['iat', 'exp', 'org'],
      currentDate: new Date(Number(now < MAX_DATE_SECS ? now : MAX_DATE_SECS) * 1000),
      clockTolerance: Number(leeway),
    });
    return { ok: true, claims: payload };
  } catch (e) { return { ok: false, error: `${e.code || e.name}: ${e.message}` }; }
}
const decodePart = (token, i) => JSON.parse(Buffer.from(token.split('.')[i], 'base64url').toString('utf8'));
const sameClaims = (a, b) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

// ---------------------------------------------------------------- tokens.json
const EX = {
  access_key: 'AK7f3kQ9mZ2pL8xR4tV6',
  org_id: '3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60',
  secret: 's3cr3t_Key-with/chars=0123456789abcdefABCDEF',
  iat: 1767225600n,
  ttl: 30n,
};
const KEY_128 = pseudoRandom('key-128', 128, KEY_CHARS);
const ORG_64 = orgOfLength('org-64', 64);
const SECRET_1024 = pseudoRandom('secret-1024', 1024, PRINTABLE);

const SIGN_CASES = [
  ['example', {}],
  ['key_len_1', { access_key: 'A' }],
  ['key_len_2', { access_key: 'k9' }],
  ['key_len_3_with_dot', { access_key: 'a.b' }],
  ['key_len_20_mk_style', { access_key: 'mk_live_4f9a1c2e8b7d' }],
  ['key_len_127', { access_key: pseudoRandom('key-127', 127, KEY_CHARS) }],
  ['key_len_128_max', { access_key: KEY_128 }],
  ['key_with_dots_underscores_hyphens', { access_key: 'AK.prod_eu-west-1.v2' }],
  ['key_mk_test_style', { access_key: 'mk_test_51HqLyjWDarjtT1zdp7dc0' }],
  ['key_only_punctuation', { access_key: '-._' }],
  ['org_len_1_letter', { org_id: 'a' }],
  ['org_len_1_digit', { org_id: '7' }],
  ['org_nil_uuid_36', { org_id: '00000000-0000-0000-0000-000000000000' }],
  ['org_double_hyphen_inside', { org_id: 'acme--corp-2' }],
  ['org_len_64_max', { org_id: ORG_64 }],
  ['secret_len_1', { secret: 'Z' }],
  ['secret_len_32', { secret: pseudoRandom('secret-32', 32, PRINTABLE) }],
  ['secret_len_64_hmac_block', { secret: pseudoRandom('secret-64', 64, PRINTABLE) }],
  ['secret_len_65_hashed_by_hmac', { secret: pseudoRandom('secret-65', 65, PRINTABLE) }],
  ['secret_len_1024_max', { secret: SECRET_1024 }],
  ['secret_utf8_non_ascii', { secret: 'pässwörd-日本-🔑' }],
  ['secret_non_ascii_spaces_allowed', { secret: 'nbsp\u00a0em\u2003nel\u0085end' }],
  ['secret_all_ascii_punctuation', { secret: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~' }],
  ['secret_base64_looking_not_decoded', { secret: 'c2VjcmV0LWtleQ==' }],
  ['ttl_1_min', { ttl: 1n }],
  ['ttl_60_max', { ttl: 60n }],
  ['iat_5_exp_35_digit_count_changes', { iat: 5n }],
  ['iat_9_exp_39', { iat: 9n }],
  ['iat_9999999990_exp_10000000020', { iat: 9999999990n }],
  ['exp_max_9007199254740991', { iat: MAX_TIME - 60n, ttl: 60n }],
  ['all_maximums', { access_key: KEY_128, org_id: ORG_64, secret: SECRET_1024, iat: MAX_TIME - 60n, ttl: 60n }],
  ['all_minimums', { access_key: 'Z', org_id: '0', secret: '!', iat: 1n, ttl: 1n }],
];

async function buildTokens() {
  const inputs = SIGN_CASES.map(([name, o]) => {
    const v = { name, ...EX, ...o };
    v.exp = v.iat + v.ttl;
    check(signError(v) === null, `${name}: input breaks the signer rules (${signError(v)})`);
    return v;
  });
  const forOthers = inputs.map((v) => ({ access_key: v.access_key, org_id: v.org_id, secret: v.secret, iat: v.iat, exp: v.exp }));
  const py = pyjwt('sign', forOthers);
  const go = goSdk(forOthers);
  const vectors = [];
  const pyChecks = [];
  for (const [i, v] of inputs.entries()) {
    const iat = Number(v.iat), exp = Number(v.exp);
    const tokens = {
      jsonwebtoken: jwt.sign({ iss: `urn:meshes:m2m:${v.access_key}`, aud: 'meshes-api', org: v.org_id, iat, exp },
        v.secret, { algorithm: 'HS256', header: { kid: v.access_key, typ: 'JWT' } }),
      jose: await new jose.SignJWT({ org: v.org_id })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: v.access_key })
        .setIssuer(`urn:meshes:m2m:${v.access_key}`).setAudience('meshes-api')
        .setIssuedAt(iat).setExpirationTime(exp)
        .sign(new TextEncoder().encode(v.secret)),
      pyjwt: py[i].token,
      go_sdk: go[i].token,
    };
    // The reference bytes must have exactly the documented layout.
    const expected = craft(`{"alg":"HS256","typ":"JWT","kid":"${v.access_key}"}`,
      `{"iss":"urn:meshes:m2m:${v.access_key}","aud":"meshes-api","org":"${v.org_id}","iat":${v.iat},"exp":${v.exp}}`, v.secret);
    check(tokens.jsonwebtoken === expected, `${v.name}: jsonwebtoken output differs from the documented layout`);
    const claims = { iss: `urn:meshes:m2m:${v.access_key}`, aud: 'meshes-api', org: v.org_id, iat, exp };
    for (const [producer, t] of Object.entries(tokens)) {
      const what = `${v.name}/${producer}`;
      check(sameClaims(decodePart(t, 1), claims), `${what}: decoded claims differ`);
      check(sameClaims(decodePart(t, 0), { alg: 'HS256', typ: 'JWT', kid: v.access_key }), `${what}: decoded header differs`);
      for (const [now, leeway, ok] of [[v.iat, 0n, true], [v.exp - 1n, 0n, true], [v.exp, 0n, false]]) {
        const m = modelVerify(t, v.secret, now, leeway);
        check(m.ok === ok, `${what} @${now}: rules say ${m.ok ? 'ok' : m.why}`);
        const j = jsonwebtokenVerify(t, v.secret, v.access_key, now, leeway);
        check(j.ok === ok, `${what} @${now}: jsonwebtoken says ${j.ok ? 'ok' : j.error}`);
        if (now < MAX_DATE_SECS) {
          const o = await joseVerify(t, v.secret, v.access_key, now, leeway);
          check(o.ok === ok, `${what} @${now}: jose says ${o.ok ? 'ok' : o.error}`);
        } else if (ok) {
          const o = await joseVerify(t, v.secret, v.access_key, now, leeway); // clamped clock, still before exp
          check(o.ok, `${what} @max-date: jose says ${o.error}`);
        }
        pyChecks.push({ what: `${what} @${now}`, ok, token: t, secret: v.secret, access_key: v.access_key, now, leeway });
      }
    }
    vectors.push({
      name: v.name, access_key: v.access_key, org_id: v.org_id, secret: v.secret,
      iat: v.iat, iat_str: `${v.iat}`, ttl: v.ttl, exp: v.exp, exp_str: `${v.exp}`, tokens,
    });
  }
  const pyRes = pyjwt('verify', pyChecks.map(({ what, ok, ...rest }) => rest));
  pyRes.forEach((r, i) => check(r.ok === pyChecks[i].ok, `${pyChecks[i].what}: PyJWT says ${r.ok ? 'ok' : r.error}`));
  // All three base64 alignments of header and payload must occur.
  for (const seg of [0, 1]) {
    const rems = new Set(vectors.map((v) => v.tokens.jsonwebtoken.split('.')[seg].length % 4));
    check(rems.size === 3, `segment ${seg}: only base64 tails ${[...rems]} occur`);
  }
  // Record how each producer lays out the example (documented in the README).
  for (const [p, t] of Object.entries(vectors[0].tokens)) {
    notes.push(`layout ${p}: header ${Buffer.from(t.split('.')[0], 'base64url')} payload keys ${Object.keys(decodePart(t, 1)).join(',')}`);
  }
  return vectors;
}

// ---------------------------------------------------------------- verify_*.json
const K = EX.access_key, O = EX.org_id, S = EX.secret, IAT = EX.iat, EXP = EX.iat + 30n, NOW = EX.iat + 5n;
const HDR = `{"alg":"HS256","typ":"JWT","kid":"${K}"}`;
const pay = ({ iss = `"urn:meshes:m2m:${K}"`, aud = '"meshes-api"', org = `"${O}"`, iat = IAT, exp = EXP, before = '', after = '' } = {}) =>
  `{${before}"iss":${iss},"aud":${aud},"org":${org},"iat":${iat},"exp":${exp}${after}}`;
const nest = (depth) => '['.repeat(depth) + ']'.repeat(depth);
const STD = craft(HDR, pay(), S);
/** A token of exactly `len` bytes: pads with an extra header field and an extra claim. */
function tokenOfLength(len, extra = {}) {
  for (let h = 0; h < 4; h++) {
    for (let p = 0; p < 1024; p++) {
      const t = craft(`{"alg":"HS256","typ":"JWT","kid":"${K}","x":"${'h'.repeat(h)}"}`,
        pay({ ...extra, after: `,"pad":"${'p'.repeat(p)}"` }), S);
      if (t.length === len) return t;
    }
  }
  throw new Error(`no token of length ${len}`);
}
/** A payload with an extra claim sized so that its base64url length satisfies pred. */
function payloadSegment(pred) {
  for (let n = 0; ; n++) {
    const seg = b64(pay({ after: `,"x":"${'y'.repeat(n)}"` }));
    if (pred(seg.length % 4)) return seg;
  }
}
const replaceAt = (s, i, c) => s.slice(0, i) + c + s.slice(i + 1);

const VALID = [
  ['pretty_printed_whitespace', craft(`\r\n {\n  "alg" : "HS256",\n  "typ" :\t"JWT" ,\n  "kid": "${K}"\n}\n`,
    `{\n  "iss": "urn:meshes:m2m:${K}",\n  "aud": "meshes-api",\n  "org": "${O}",\n  "iat": ${IAT},\r\n  "exp": ${EXP}\n}\n\t `, S)],
  ['string_escapes_in_values', craft(`{"alg":"HS\\u0032\\u00356","typ":"J\\u0057T","kid":"\\u0041K7f3kQ9mZ2pL8xR4tV6"}`,
    pay({ iss: '"urn\\u003ameshes:m2m:\\u0041K7f3kQ9mZ2pL8xR4tV6"', aud: '"meshes\\u002Dapi"', org: `"${O.replace(/-/g, '\\u002d')}"` }), S)],
  ['escaped_key_names', craft(`{"\\u0061lg":"HS256","typ":"JWT","\\u006bid":"${K}"}`,
    `{"\\u0069ss":"urn:meshes:m2m:${K}","\\u0061ud":"meshes-api","o\\u0072g":"${O}","\\u0069at":${IAT},"ex\\u0070":${EXP}}`, S)],
  ['aud_array_with_other_first', craft(HDR, pay({ aud: '["other","meshes-api"]' }), S)],
  ['aud_array_single', craft(HDR, pay({ aud: '["meshes-api"]' }), S)],
  ['extra_claims_before_and_after', craft(HDR, pay({
    before: '"jti":"a1b2","n":-42.5e-3,"nested":{"a":{"b":[1,2,{"c":null}]}},"arr":[1,"two",true,null,{}],"flag":false,"nothing":null,"uni":"é \\u00e9 \\"q\\" \\\\ \\/ \\b\\f\\n\\r\\t",',
    after: ',"sub":"client","zero":0,"t":true,"empty_obj":{},"empty_arr":[]',
  }), S)],
  // Python's json.dumps (ensure_ascii) writes characters outside the BMP this way.
  ['extra_claim_utf16_surrogate_pair_escape', craft(HDR, pay({ after: ',"emoji":"\\ud83d\\udd11"' }), S)],
  ['header_extra_fields', craft(`{"alg":"HS256","typ":"JWT","kid":"${K}","cty":"x","x5t":"abc","ext":{"a":[1,2,{"b":null}]},"n":7}`, pay(), S)],
  ['header_typ_absent', craft(`{"alg":"HS256","kid":"${K}"}`, pay(), S)],
  ['keys_in_random_order', craft(`{"kid":"${K}","alg":"HS256","typ":"JWT"}`,
    `{"exp":${EXP},"org":"${O}","iat":${IAT},"aud":"meshes-api","iss":"urn:meshes:m2m:${K}"}`, S)],
  ['nesting_depth_8_allowed', craft(HDR, pay({ after: `,"deep":${nest(7)}` }), S)],
  ['token_exactly_1024_bytes', tokenOfLength(1024)],
  ['kid_128_bytes', craft(`{"alg":"HS256","typ":"JWT","kid":"${'k'.repeat(128)}"}`, pay({ iss: `"urn:meshes:m2m:${'k'.repeat(128)}"` }), S)],
  ['utf8_secret', craft(HDR, pay(), 'pässwörd-日本-🔑'), { secret: 'pässwörd-日本-🔑' }],
  ['now_exp_minus_1_leeway_0', STD, { now: EXP - 1n }],
  ['now_exp_plus_leeway_minus_1', STD, { now: EXP + 4n, leeway: 5n }],
  ['iat_equals_now_plus_leeway', STD, { now: IAT - 5n, leeway: 5n }],
  ['iat_equals_now', STD, { now: IAT }],
  ['lifetime_1', craft(HDR, pay({ exp: IAT + 1n }), S), { exp: IAT + 1n, now: IAT }],
  ['lifetime_60', craft(HDR, pay({ exp: IAT + 60n }), S), { exp: IAT + 60n, now: IAT + 59n }],
  ['exp_max_9007199254740991', craft(HDR, pay({ iat: MAX_TIME - 60n, exp: MAX_TIME }), S), { iat: MAX_TIME - 60n, exp: MAX_TIME, now: MAX_TIME - 1n }],
  ['iat_0', craft(HDR, pay({ iat: 0, exp: 2 }), S), { iat: 0n, exp: 2n, now: 1n }],
  // nbf (RFC 7519 section 4.1.5): valid from nbf - leeway on.
  ['nbf_equals_now', craft(HDR, pay({ after: `,"nbf":${NOW}` }), S)],
  ['nbf_equals_now_plus_leeway', craft(HDR, pay({ after: `,"nbf":${NOW + 5n}` }), S), { leeway: 5n }],
  ['nbf_before_iat', craft(HDR, pay({ before: `"nbf":${IAT - 100n},` }), S)],
  ['nbf_0', craft(HDR, pay({ after: ',"nbf":0' }), S)],
  ['crit_in_payload_is_just_a_claim', craft(HDR, pay({ after: ',"crit":["exp"]' }), S)],
];

const sigOf = (t) => t.split('.')[2];
const [sh, sp] = STD.split('.');
const INVALID = [
  // 1. shape and base64url
  ['empty_token', '', 'MALFORMED'],
  ['two_segments', `${sh}.${sp}`, 'MALFORMED'],
  ['four_segments', `${STD}.${sigOf(STD)}`, 'MALFORMED'],
  ['one_segment', sh, 'MALFORMED'],
  ['star_in_payload', signSegments(sh, replaceAt(sp, 40, '*'), S), 'MALFORMED'],
  ['plus_in_header', signSegments(replaceAt(sh, 10, '+'), sp, S), 'MALFORMED'],
  ['slash_in_payload', signSegments(sh, replaceAt(sp, 20, '/'), S), 'MALFORMED'],
  ['space_in_payload', signSegments(sh, replaceAt(sp, 30, ' '), S), 'MALFORMED'],
  ['padding_on_payload', (() => { const p = payloadSegment((r) => r !== 0); return signSegments(sh, p + '='.repeat(4 - (p.length % 4)), S); })(), 'MALFORMED'],
  ['payload_length_1_mod_4', (() => { const p = payloadSegment((r) => r === 0); return signSegments(sh, `${p}A`, S); })(), 'MALFORMED'],
  ['payload_nonzero_trailing_bits', (() => {
    const p = payloadSegment((r) => r === 2);
    const last = B64URL_CHARS.indexOf(p.at(-1));
    return signSegments(sh, replaceAt(p, p.length - 1, B64URL_CHARS[last | 1]), S);
  })(), 'MALFORMED'],
  ['empty_header_segment', signSegments('', sp, S), 'MALFORMED'],
  ['garbage_3kb_two_dots', replaceAt(replaceAt(pseudoRandom('garbage', 3072, B64URL_CHARS), 1000, '.'), 2000, '.'), 'MALFORMED'],
  ['token_1025_bytes', tokenOfLength(1025), 'MALFORMED'],
  ['too_long_wins_over_alg_none', `${b64(`{"alg":"none","kid":"${K}","x":"${'x'.repeat(800)}"}`)}.${sp}.`, 'MALFORMED'],
  // 2. header JSON
  ['header_not_object', craft('["HS256"]', pay(), S), 'MALFORMED'],
  ['header_bad_json', craft(`{"alg":"HS256","typ":"JWT","kid":"${K}",}`, pay(), S), 'MALFORMED'],
  ['header_duplicate_key', craft(`{"alg":"HS256","typ":"JWT","kid":"${K}","kid":"${K}"}`, pay(), S), 'MALFORMED'],
  ['header_duplicate_escaped_key', craft(`{"alg":"HS256","\\u0061lg":"HS256","typ":"JWT","kid":"${K}"}`, pay(), S), 'MALFORMED'],
  ['header_duplicate_alg_wins_over_alg_none', craft(`{"alg":"none","alg":"none","kid":"${K}"}`, pay(), S), 'MALFORMED'],
  ['header_alg_missing', craft(`{"typ":"JWT","kid":"${K}"}`, pay(), S), 'MALFORMED'],
  ['header_alg_not_string', craft(`{"alg":256,"typ":"JWT","kid":"${K}"}`, pay(), S), 'MALFORMED'],
  ['header_nested_9_levels', craft(`{"alg":"HS256","typ":"JWT","kid":"${K}","x":${nest(8)}}`, pay(), S), 'MALFORMED'],
  // 3. alg
  ['alg_none_empty_signature', `${b64(`{"alg":"none","typ":"JWT","kid":"${K}"}`)}.${sp}.`, 'ALGORITHM'],
  ['alg_hs512_signed_hs512', craft(`{"alg":"HS512","typ":"JWT","kid":"${K}"}`, pay(), S, 'sha512'), 'ALGORITHM'],
  ['alg_lowercase_hs256', craft(`{"alg":"hs256","typ":"JWT","kid":"${K}"}`, pay(), S), 'ALGORITHM'],
  ['alg_rs256', craft(`{"alg":"RS256","typ":"JWT","kid":"${K}"}`, pay(), S), 'ALGORITHM'],
  ['alg_wins_over_bad_typ', craft(`{"alg":"HS384","typ":"JWS","kid":"${K}"}`, pay(), S), 'ALGORITHM'],
  // 4. typ, kid
  ['typ_jws', craft(`{"alg":"HS256","typ":"JWS","kid":"${K}"}`, pay(), S), 'CLAIMS'],
  ['typ_lowercase_jwt', craft(`{"alg":"HS256","typ":"jwt","kid":"${K}"}`, pay(), S), 'CLAIMS'],
  ['kid_missing', craft('{"alg":"HS256","typ":"JWT"}', pay(), S), 'CLAIMS'],
  ['kid_empty', craft('{"alg":"HS256","typ":"JWT","kid":""}', pay({ iss: '"urn:meshes:m2m:"' }), S), 'CLAIMS'],
  ['kid_with_space', craft('{"alg":"HS256","typ":"JWT","kid":"AK 7f3"}', pay({ iss: '"urn:meshes:m2m:AK 7f3"' }), S), 'CLAIMS'],
  ['kid_129_bytes', craft(`{"alg":"HS256","typ":"JWT","kid":"${'k'.repeat(129)}"}`, pay({ iss: `"urn:meshes:m2m:${'k'.repeat(129)}"` }), S), 'CLAIMS'],
  ['bad_typ_wins_over_wrong_secret', craft(`{"alg":"HS256","typ":"JWS","kid":"${K}"}`, pay(), 'wrong-secret'), 'CLAIMS'],
  // 5. signature
  ['signature_flipped_middle_char', replaceAt(STD, STD.length - 22, sigOf(STD).at(-22) === 'A' ? 'B' : 'A'), 'SIGNATURE'],
  ['wrong_secret', craft(HDR, pay(), `${S}x`), 'SIGNATURE'],
  ['signature_truncated_2_chars', STD.slice(0, -2), 'SIGNATURE'],
  ['signature_padded', `${STD}=`, 'SIGNATURE'],
  ['signature_nonzero_trailing_bits', (() => {
    const last = B64URL_CHARS.indexOf(STD.at(-1));
    return replaceAt(STD, STD.length - 1, B64URL_CHARS[last ^ 1]);
  })(), 'SIGNATURE'],
  ['signature_empty_alg_hs256', `${sh}.${sp}.`, 'SIGNATURE'],
  ['signature_hs512_under_hs256_header', `${sh}.${sp}.${hmac('sha512', S, `${sh}.${sp}`)}`, 'SIGNATURE'],
  ['wrong_secret_wins_over_bad_payload', craft(HDR, '{"iss":', `${S}x`), 'SIGNATURE'],
  // 6. payload JSON and claim types
  ['payload_json_array', craft(HDR, `[${pay()}]`, S), 'MALFORMED'],
  ['payload_trailing_garbage', craft(HDR, `${pay()}x`, S), 'MALFORMED'],
  ['payload_two_objects', craft(HDR, `${pay()}{}`, S), 'MALFORMED'],
  ['payload_bad_json', craft(HDR, pay({ after: ',' }), S), 'MALFORMED'],
  ['payload_duplicate_iat', craft(HDR, pay({ after: `,"iat":${IAT}` }), S), 'MALFORMED'],
  ['payload_nested_9_levels', craft(HDR, pay({ after: `,"deep":${nest(8)}` }), S), 'MALFORMED'],
  ['iat_string', craft(HDR, pay({ iat: `"${IAT}"` }), S), 'MALFORMED'],
  ['iat_exponent_1e9', craft(HDR, pay({ iat: '1e9', exp: 1000000030n }), S), 'MALFORMED', { now: 1000000005n }],
  ['iat_float', craft(HDR, pay({ iat: '1767225600.5' }), S), 'MALFORMED'],
  ['iat_float_dot_zero', craft(HDR, pay({ iat: '1767225600.0' }), S), 'MALFORMED'],
  ['iat_negative', craft(HDR, pay({ iat: -1, exp: 29 }), S), 'MALFORMED', { now: 0n }],
  ['exp_string', craft(HDR, pay({ exp: `"${EXP}"` }), S), 'MALFORMED'],
  ['iat_overflows_u64', craft(HDR, pay({ iat: 18446744073709551616n, exp: EXP }), S), 'MALFORMED'],
  ['iss_not_a_string', craft(HDR, pay({ iss: '42' }), S), 'MALFORMED'],
  ['malformed_claim_wins_over_expired', craft(HDR, pay({ iat: `"${IAT}"` }), S), 'MALFORMED', { now: EXP + 100n }],
  // 7. claims
  ['aud_wrong', craft(HDR, pay({ aud: '"meshes"' }), S), 'CLAIMS'],
  ['aud_array_without_meshes_api', craft(HDR, pay({ aud: '["other","meshes-apis"]' }), S), 'CLAIMS'],
  ['aud_missing', craft(HDR, `{"iss":"urn:meshes:m2m:${K}","org":"${O}","iat":${IAT},"exp":${EXP}}`, S), 'CLAIMS'],
  ['iss_missing', craft(HDR, `{"aud":"meshes-api","org":"${O}","iat":${IAT},"exp":${EXP}}`, S), 'CLAIMS'],
  ['kid_not_matching_iss', craft(HDR, pay({ iss: '"urn:meshes:m2m:AK7f3kQ9mZ2pL8xR4tV7"' }), S), 'CLAIMS'],
  ['iss_wrong_prefix', craft(HDR, pay({ iss: `"urn:meshes:M2M:${K}"` }), S), 'CLAIMS'],
  ['org_missing', craft(HDR, `{"iss":"urn:meshes:m2m:${K}","aud":"meshes-api","iat":${IAT},"exp":${EXP}}`, S), 'CLAIMS'],
  ['org_uppercase_uuid', craft(HDR, pay({ org: `"${O.toUpperCase()}"` }), S), 'CLAIMS'],
  ['org_empty', craft(HDR, pay({ org: '""' }), S), 'CLAIMS'],
  ['org_trailing_hyphen', craft(HDR, pay({ org: '"acme-"' }), S), 'CLAIMS'],
  ['iat_missing', craft(HDR, `{"iss":"urn:meshes:m2m:${K}","aud":"meshes-api","org":"${O}","exp":${EXP}}`, S), 'CLAIMS'],
  ['exp_missing', craft(HDR, `{"iss":"urn:meshes:m2m:${K}","aud":"meshes-api","org":"${O}","iat":${IAT}}`, S), 'CLAIMS'],
  ['iat_9007199254740992', craft(HDR, pay({ iat: MAX_TIME + 1n, exp: MAX_TIME + 31n }), S), 'CLAIMS', { now: MAX_TIME + 5n }],
  ['exp_u64_max', craft(HDR, pay({ exp: 18446744073709551615n }), S), 'CLAIMS'],
  ['lifetime_61', craft(HDR, pay({ exp: IAT + 61n }), S), 'CLAIMS'],
  ['lifetime_0', craft(HDR, pay({ exp: IAT }), S), 'CLAIMS', { now: IAT - 5n }],
  ['exp_before_iat', craft(HDR, pay({ exp: IAT - 1n }), S), 'CLAIMS', { now: IAT - 5n }],
  ['bad_aud_wins_over_expired', craft(HDR, pay({ aud: '"meshes"' }), S), 'CLAIMS', { now: EXP + 100n }],
  // 4. crit: any crit header parameter (RFC 7515 section 4.1.11), whatever it lists
  ['crit_exp', craft(`{"alg":"HS256","typ":"JWT","kid":"${K}","crit":["exp"]}`, pay(), S), 'CLAIMS'],
  ['crit_b64_false', craft(`{"alg":"HS256","b64":false,"crit":["b64"],"typ":"JWT","kid":"${K}"}`, pay(), S), 'CLAIMS'],
  ['crit_empty_array', craft(`{"alg":"HS256","typ":"JWT","kid":"${K}","crit":[]}`, pay(), S), 'CLAIMS'],
  ['crit_not_an_array', craft(`{"crit":"exp","alg":"HS256","typ":"JWT","kid":"${K}"}`, pay(), S), 'CLAIMS'],
  ['crit_escaped_key', craft(`{"alg":"HS256","typ":"JWT","kid":"${K}","c\\u0072it":["x"]}`, pay(), S), 'CLAIMS'],
  ['crit_wins_over_signature', `${craft(`{"alg":"HS256","typ":"JWT","kid":"${K}","crit":["x"]}`, pay(), S).split('.').slice(0, 2).join('.')}.${sigOf(STD)}`, 'CLAIMS'],
  ['alg_wins_over_crit', craft(`{"alg":"none","kid":"${K}","crit":["x"]}`, pay(), S), 'ALGORITHM'],
  ['crit_duplicate', craft(`{"alg":"HS256","typ":"JWT","kid":"${K}","crit":["a"],"crit":["b"]}`, pay(), S), 'MALFORMED'],
  // 6. nbf must be a non-negative integer literal
  ['nbf_fraction', craft(HDR, pay({ after: `,"nbf":${IAT}.5` }), S), 'MALFORMED'],
  ['nbf_string', craft(HDR, pay({ after: `,"nbf":"${IAT}"` }), S), 'MALFORMED'],
  ['nbf_negative', craft(HDR, pay({ after: ',"nbf":-1' }), S), 'MALFORMED'],
  ['nbf_exponent', craft(HDR, pay({ after: ',"nbf":1e9' }), S), 'MALFORMED'],
  ['nbf_null', craft(HDR, pay({ after: ',"nbf":null' }), S), 'MALFORMED'],
  ['nbf_duplicate', craft(HDR, pay({ after: `,"nbf":${IAT},"nbf":${IAT}` }), S), 'MALFORMED'],
  // 7. nbf above 2^53 - 1
  ['nbf_9007199254740992', craft(HDR, pay({ after: `,"nbf":${MAX_TIME + 1n}` }), S), 'CLAIMS'],
  // 8. time
  ['nbf_now_plus_1', craft(HDR, pay({ after: `,"nbf":${NOW + 1n}` }), S), 'NOT_YET_VALID'],
  ['nbf_now_plus_leeway_plus_1', craft(HDR, pay({ after: `,"nbf":${NOW + 6n}` }), S), 'NOT_YET_VALID', { leeway: 5n }],
  ['nbf_after_exp', craft(HDR, pay({ after: `,"nbf":${EXP + 100n}` }), S), 'NOT_YET_VALID'],
  ['expired_wins_over_nbf', craft(HDR, pay({ after: `,"nbf":${EXP + 100n}` }), S), 'EXPIRED', { now: EXP }],
  ['expired_at_exp_leeway_0', STD, 'EXPIRED', { now: EXP }],
  ['expired_at_exp_plus_leeway_10', STD, 'EXPIRED', { now: EXP + 10n, leeway: 10n }],
  ['not_yet_valid_iat_now_plus_leeway_plus_1', STD, 'NOT_YET_VALID', { now: IAT - 6n, leeway: 5n }],
  ['not_yet_valid_leeway_0', STD, 'NOT_YET_VALID', { now: IAT - 1n }],
];

function buildVerify() {
  const valid = VALID.map(([name, token, o = {}]) => {
    const v = { secret: S, iat: IAT, exp: EXP, now: NOW, leeway: 0n, ...o };
    const m = modelVerify(token, v.secret, v.now, v.leeway);
    check(m.ok, `verify_valid ${name}: rules say ${m.why}`);
    if (m.ok) check(m.claims.access_key === (name === 'kid_128_bytes' ? 'k'.repeat(128) : K) && m.claims.iat === v.iat && m.claims.exp === v.exp && m.claims.org_id === O, `verify_valid ${name}: claims`);
    const accessKey = m.ok ? m.claims.access_key : K;
    return {
      name, token, secret: v.secret, now: v.now, now_str: `${v.now}`, leeway: v.leeway,
      claims: { access_key: accessKey, org_id: O, iat: v.iat, iat_str: `${v.iat}`, exp: v.exp, exp_str: `${v.exp}` },
    };
  });
  const invalid = INVALID.map(([name, token, error, o = {}]) => {
    const v = { secret: S, now: NOW, leeway: 0n, ...o };
    const m = modelVerify(token, v.secret, v.now, v.leeway);
    check(!m.ok && m.error === error, `verify_invalid ${name}: expected ${error}, rules say ${m.ok ? 'ok' : m.why}`);
    return { name, token, secret: v.secret, now: v.now, now_str: `${v.now}`, leeway: v.leeway, error };
  });
  // Independent opinions: every valid vector must pass jsonwebtoken and PyJWT; for the
  // invalid ones, note which of our stricter rules they do not share.
  const py = pyjwt('verify', [...valid, ...invalid].map((v) => ({ token: v.token, secret: v.secret, access_key: v.claims?.access_key ?? K, now: v.now, leeway: v.leeway })));
  valid.forEach((v, i) => {
    const key = v.claims.access_key;
    const j = jsonwebtokenVerify(v.token, v.secret, key, v.now, v.leeway);
    check(j.ok, `verify_valid ${v.name}: jsonwebtoken says ${j.error}`);
    const p = py[i];
    check(p.ok, `verify_valid ${v.name}: PyJWT says ${p.error}`);
  });
  invalid.forEach((v, i) => {
    const j = jsonwebtokenVerify(v.token, v.secret, K, v.now, v.leeway);
    const p = py[valid.length + i];
    if (j.ok || p.ok) notes.push(`verify_invalid ${v.name} (${v.error}) accepted by ${[j.ok && 'jsonwebtoken', p.ok && 'PyJWT'].filter(Boolean).join(' and ')}`);
  });
  return { valid, invalid };
}

// ---------------------------------------------------------------- sign_invalid.json
const SIGN_INVALID = [
  ['key_empty', { access_key: '' }, 'ACCESS_KEY'],
  ['key_129_bytes', { access_key: 'k'.repeat(129) }, 'ACCESS_KEY'],
  ['key_with_double_quote', { access_key: 'AK7f3"kQ9' }, 'ACCESS_KEY'],
  ['key_with_backslash', { access_key: 'AK7f3\\kQ9' }, 'ACCESS_KEY'],
  ['key_with_space', { access_key: 'AK7f3 kQ9' }, 'ACCESS_KEY'],
  ['key_with_slash', { access_key: 'AK7f3/kQ9' }, 'ACCESS_KEY'],
  ['key_with_colon', { access_key: 'AK7f3:kQ9' }, 'ACCESS_KEY'],
  ['key_with_plus', { access_key: 'AK7f3+kQ9' }, 'ACCESS_KEY'],
  ['key_non_ascii_e_acute', { access_key: 'AK7f3ékQ9' }, 'ACCESS_KEY'],
  ['key_with_nul', { access_key: 'AK7f3\u0000kQ9' }, 'ACCESS_KEY'],
  ['secret_empty', { secret: '' }, 'SECRET'],
  ['secret_1025_bytes', { secret: `${SECRET_1024}x` }, 'SECRET'],
  ['secret_1025_bytes_utf8', { secret: `${'a'.repeat(1021)}🔑` }, 'SECRET'],
  ['secret_trailing_lf', { secret: `${EX.secret}\n` }, 'SECRET'],
  ['secret_trailing_crlf', { secret: `${EX.secret}\r\n` }, 'SECRET'],
  ['secret_space_inside', { secret: 's3cr3t Key' }, 'SECRET'],
  ['secret_tab', { secret: 's3cr3t\tKey' }, 'SECRET'],
  ['secret_nul', { secret: 's3cr3t\u0000Key' }, 'SECRET'],
  ['secret_del_0x7f', { secret: 's3cr3t\u007fKey' }, 'SECRET'],
  ['org_empty', { org_id: '' }, 'ORG_ID'],
  ['org_65_bytes', { org_id: orgOfLength('org-65', 65) }, 'ORG_ID'],
  ['org_uppercase_uuid', { org_id: EX.org_id.toUpperCase() }, 'ORG_ID'],
  ['org_leading_hyphen', { org_id: '-acme' }, 'ORG_ID'],
  ['org_trailing_hyphen', { org_id: 'acme-' }, 'ORG_ID'],
  ['org_only_hyphen', { org_id: '-' }, 'ORG_ID'],
  ['org_with_underscore', { org_id: 'acme_corp' }, 'ORG_ID'],
  ['org_with_double_quote', { org_id: 'acme"corp' }, 'ORG_ID'],
  ['ttl_0', { ttl: 0n }, 'TTL'],
  ['ttl_61', { ttl: 61n }, 'TTL'],
  ['time_exp_one_past_max', { iat: MAX_TIME - 29n, ttl: 30n }, 'TIME'],
  ['time_iat_max_ttl_1', { iat: MAX_TIME, ttl: 1n }, 'TIME'],
  ['time_iat_u64_max', { iat: 18446744073709551615n }, 'TIME'],
];

function buildSignInvalid() {
  return SIGN_INVALID.map(([name, o, error]) => {
    const v = { ...EX, ...o };
    const bad = ['access_key', 'secret', 'org_id', 'ttl', 'iat'].filter((f) => signError({ ...EX, [f]: v[f] }) !== null);
    check(bad.length === 1, `sign_invalid ${name}: ${bad.length} bad fields`);
    check(signError(v) === error, `sign_invalid ${name}: expected ${error}, rules say ${signError(v)}`);
    return { name, access_key: v.access_key, org_id: v.org_id, secret: v.secret, iat: v.iat, iat_str: `${v.iat}`, ttl: v.ttl, error };
  });
}

// ---------------------------------------------------------------- main
const files = {
  'tokens.json': { reference: 'jsonwebtoken', vectors: await buildTokens() },
  ...(({ valid, invalid }) => ({ 'verify_valid.json': { vectors: valid }, 'verify_invalid.json': { vectors: invalid } }))(buildVerify()),
  'sign_invalid.json': { vectors: buildSignInvalid() },
};
for (const f of Object.values(files)) {
  const names = f.vectors.map((v) => v.name);
  check(new Set(names).size === names.length, 'duplicate vector names');
}
for (const n of notes) console.log(`note: ${n}`);
if (problems.length) {
  for (const p of problems) console.error(`FAIL: ${p}`);
  console.error(`${problems.length} check(s) failed; nothing written.`);
  process.exit(1);
}
for (const [name, content] of Object.entries(files)) {
  fs.writeFileSync(path.join(OUT, name), `${toJson(content)}\n`);
  console.log(`wrote ${name}: ${content.vectors.length} vectors`);
}
