// ns per token of this package (or, with --package wasm, of meshes-token-wasm, bindings/wasm)
// against the strongest ways Node services mint and verify the same token: a hand-written
// node:crypto mint and verification (createHmac, timingSafeEqual, JSON.parse), fast-jwt with
// cached keys, jose (as the official Meshes SDK calls it, and with the key encoded once) and
// jsonwebtoken. Not a test: `make bench` runs it through bench/lang_node.py and
// bench/lang_wasm.py; by hand,
//   node bench/bench.mjs [rounds] [--package native|wasm] [--iat SECONDS] [--json PATH]
//
// Every candidate is checked before it is timed: a mint's token with this package's verify()
// (and the harness checks it again), a verification's claims on the reference token and its
// refusal of the token with one signature character changed. Candidates run in turn within
// each round, so that a slower or busier moment of the machine hits them all; each figure is
// the median over the rounds of the mean over one round's calls. Mints read the clock, as a
// service does, unless --iat fixes the issue time (`make bench` fixes it, so that every
// language mints the very same token); verifications check the token at its iat + 1.
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { createSigner, createVerifier } from 'fast-jwt';
import { SignJWT, jwtVerify } from 'jose';
import jsonwebtoken from 'jsonwebtoken';

const { values: flags, positionals } = parseArgs({
  options: {
    iat: { type: 'string' },
    json: { type: 'string' },
    package: { type: 'string', default: 'native' },
  },
  allowPositionals: true,
});
const require = createRequire(import.meta.url);
const native = require('../index.cjs');
const WASM = flags.package === 'wasm';
if (!WASM && flags.package !== 'native') throw new Error(`--package ${flags.package}?`);
/** The package under test: this one, or meshes-token-wasm (its Node entry point). */
const WASM_ENTRY = new URL('../../wasm/node.js', import.meta.url).href; // a URL: tsc leaves it
const ours = WASM ? await import(WASM_ENTRY) : native;
const OURS = WASM ? 'meshes-token-wasm' : 'meshes-token';

const ROUNDS = Number(positionals[0] ?? 9);
const FIXED_IAT = flags.iat === undefined ? undefined : Number(flags.iat);
const ROUND_MS = 150; // the target length of one candidate's round
const ACCESS_KEY = 'AK7f3kQ9mZ2pL8xR4tV6';
const SECRET = 's3cr3t_Key-with/chars=0123456789abcdefABCDEF';
const ORG_ID = '3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60';
const TTL = 30;
const ISSUER = `urn:meshes:m2m:${ACCESS_KEY}`;
const AUDIENCE = 'meshes-api';
/** The reference token (jsonwebtoken's layout, which ours mints byte for byte). */
const IAT = FIXED_IAT ?? 1767225600;
const TOKEN = native.sign(ACCESS_KEY, SECRET, ORG_ID, { issuedAt: IAT, ttl: TTL });
const NOW = IAT + 1; // when every verification checks it
/** TOKEN with its last signature character changed. */
const TAMPERED = `${TOKEN.slice(0, -1)}${TOKEN.endsWith('A') ? 'B' : 'A'}`;

const signer = new ours.Signer(ACCESS_KEY, SECRET, ORG_ID);
const verifier = new ours.Verifier(SECRET);
const nativeSigner = WASM ? new native.Signer(ACCESS_KEY, SECRET, ORG_ID) : undefined;
const encodedSecret = new TextEncoder().encode(SECRET);
const keyObject = createSecretKey(Buffer.from(SECRET, 'utf8'));
const now = () => FIXED_IAT ?? Math.floor(Date.now() / 1000);
// The meshes-token signers read the clock themselves unless given the fixed time.
const signOptions = FIXED_IAT === undefined ? {} : { issuedAt: FIXED_IAT };
const verifyOptions = { now: NOW };

function joseSign(key) {
  const iat = now();
  return new SignJWT({ org: ORG_ID })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: ACCESS_KEY })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + TTL)
    .sign(key);
}

function jsonwebtokenSign(key) {
  return jsonwebtoken.sign({ iss: ISSUER, aud: AUDIENCE, org: ORG_ID, iat: now() }, key, {
    algorithm: 'HS256',
    header: { kid: ACCESS_KEY, typ: 'JWT' },
    expiresIn: TTL,
  });
}

// fast-jwt with the claims in jsonwebtoken's order (it keeps the payload's iat, so that --iat
// gives the reference token byte for byte), its key given once.
const fastSigner = createSigner({
  key: SECRET,
  algorithm: 'HS256',
  kid: ACCESS_KEY,
  header: /** @type {any} */ ({ typ: 'JWT' }), // fast-jwt's types want an alg it sets itself
});
function fastJwtSign() {
  const iat = now();
  return fastSigner({ iss: ISSUER, aud: AUDIENCE, org: ORG_ID, iat, exp: iat + TTL });
}

// The best a user can write with node:crypto alone: the header segment and the payload's
// constant parts built once, a KeyObject made once, one createHmac per token.
const HEADER_SEGMENT = Buffer.from(
  JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: ACCESS_KEY }),
).toString('base64url');
const PAYLOAD_PREFIX = `{"iss":"${ISSUER}","aud":"${AUDIENCE}","org":"${ORG_ID}","iat":`;
function handMint() {
  const iat = now();
  const payload = Buffer.from(`${PAYLOAD_PREFIX}${iat},"exp":${iat + TTL}}`).toString('base64url');
  const input = `${HEADER_SEGMENT}.${payload}`;
  return `${input}.${createHmac('sha256', keyObject).update(input).digest('base64url')}`;
}

/**
 * The hand-written check of the same rules: the HMAC over the signing input compared in
 * constant time, then the header (alg, typ, kid) and the claims (iss, aud, org, iat, exp at
 * NOW) read with JSON.parse. Returns the claims; throws on any failure.
 */
function handVerify(token) {
  const dot1 = token.indexOf('.');
  const dot2 = token.indexOf('.', dot1 + 1);
  if (dot1 < 0 || dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0) throw new Error('malformed');
  const mac = createHmac('sha256', keyObject).update(token.slice(0, dot2)).digest();
  const signature = Buffer.from(token.slice(dot2 + 1), 'base64url');
  if (signature.length !== mac.length || !timingSafeEqual(signature, mac)) {
    throw new Error('signature');
  }
  const header = JSON.parse(Buffer.from(token.slice(0, dot1), 'base64url').toString());
  if (header.alg !== 'HS256' || header.typ !== 'JWT' || typeof header.kid !== 'string') {
    throw new Error('header');
  }
  const claims = JSON.parse(Buffer.from(token.slice(dot1 + 1, dot2), 'base64url').toString());
  if (
    claims.iss !== `urn:meshes:m2m:${header.kid}` ||
    claims.aud !== AUDIENCE ||
    typeof claims.org !== 'string' ||
    !Number.isSafeInteger(claims.iat) ||
    !Number.isSafeInteger(claims.exp) ||
    NOW < claims.iat ||
    NOW >= claims.exp
  ) {
    throw new Error('claims');
  }
  return { kid: header.kid, ...claims };
}

const joseOptions = { issuer: ISSUER, audience: AUDIENCE, currentDate: new Date(NOW * 1000) };
const jwtOptions = { issuer: ISSUER, audience: AUDIENCE, clockTimestamp: NOW };
const fastVerifier = createVerifier({
  key: SECRET,
  algorithms: ['HS256'],
  allowedIss: ISSUER,
  allowedAud: AUDIENCE,
  clockTimestamp: NOW * 1000,
  complete: true,
});

/** Ours: the claims by JWT name, as the harness compares them. */
const claimsOf = (c) => ({ kid: c.accessKey, org: c.orgId, iat: c.issuedAt, exp: c.expiresAt });
/** fast-jwt, complete: header and payload. */
const fastClaims = ({ header, payload }) => ({ kid: header.kid, ...payload });

/**
 * A contender: `run` mints (kind mint) or verifies its argument (kind verify, `claims` reads
 * what it returned); the rest is filled in as the script goes.
 * @typedef {{ name: string, kind: string, async?: boolean, run: Function,
 *   claims?: Function, token?: string, verified?: object, count?: number,
 *   samples?: number[], ns?: number }} Candidate
 */

/** @type {Candidate[]} */
const mints = [
  { name: `${OURS} Signer#sign`, run: () => signer.sign(signOptions) },
  {
    name: `${OURS} sign (one-shot)`,
    run: () => ours.sign(ACCESS_KEY, SECRET, ORG_ID, signOptions),
  },
  ...(WASM
    ? [{ name: 'meshes-token (native) Signer#sign', run: () => nativeSigner.sign(signOptions) }]
    : []),
  { name: 'node:crypto createHmac, hand-written mint', run: handMint },
  { name: 'fast-jwt createSigner, key cached', run: fastJwtSign },
  {
    name: 'jose SignJWT, key encoded per call (SDK)',
    async: true,
    run: () => joseSign(new TextEncoder().encode(SECRET)),
  },
  { name: 'jose SignJWT, key encoded once', async: true, run: () => joseSign(encodedSecret) },
  { name: 'jsonwebtoken.sign, string secret', run: () => jsonwebtokenSign(SECRET) },
  { name: 'jsonwebtoken.sign, KeyObject', run: () => jsonwebtokenSign(keyObject) },
].map((c) => ({ ...c, kind: 'mint' }));

/** @type {Candidate[]} */
const verifications = [
  {
    name: `${OURS} Verifier#verify`,
    run: (t) => verifier.verify(t, verifyOptions),
    claims: claimsOf,
  },
  {
    name: `${OURS} verify (one-shot)`,
    run: (t) => ours.verify(t, SECRET, verifyOptions),
    claims: claimsOf,
  },
  { name: 'node:crypto createHmac, hand-written verify', run: handVerify, claims: (c) => c },
  { name: 'fast-jwt createVerifier, key cached', run: fastVerifier, claims: fastClaims },
  {
    name: 'jose jwtVerify, key encoded once',
    async: true,
    run: (t) => jwtVerify(t, encodedSecret, joseOptions),
    claims: (r) => ({ kid: r.protectedHeader.kid, ...r.payload }),
  },
  {
    name: 'jsonwebtoken.verify, KeyObject',
    run: (t) => jsonwebtoken.verify(t, keyObject, { ...jwtOptions, complete: true }),
    claims: fastClaims,
  },
].map((c) => ({ ...c, kind: 'verify' }));

/** Runs `candidate` `count` times; returns the mean ns per call. */
async function round(candidate, count) {
  const { run } = candidate;
  const start = process.hrtime.bigint();
  if (candidate.kind === 'verify') {
    if (candidate.async) {
      for (let i = 0; i < count; i++) await run(TOKEN);
    } else {
      for (let i = 0; i < count; i++) run(TOKEN);
    }
  } else if (candidate.async) {
    for (let i = 0; i < count; i++) await run();
  } else {
    for (let i = 0; i < count; i++) run();
  }
  return Number(process.hrtime.bigint() - start) / count;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Checks a mint's token with this package's verify(); returns it. */
async function checkMint(candidate) {
  const token = await candidate.run();
  const claims = native.verify(token, SECRET, { leeway: 1, now: FIXED_IAT });
  if (
    claims.accessKey !== ACCESS_KEY ||
    claims.orgId !== ORG_ID ||
    claims.expiresAt - claims.issuedAt !== TTL ||
    (FIXED_IAT !== undefined && claims.issuedAt !== FIXED_IAT)
  ) {
    throw new Error(`${candidate.name}: unexpected claims ${JSON.stringify(claims)}`);
  }
  candidate.token = token;
}

/** Checks a verification: the reference token's claims, and a refusal of TAMPERED. */
async function checkVerify(candidate) {
  const all = candidate.claims(await candidate.run(TOKEN));
  const claims = {};
  for (const key of ['kid', 'iss', 'aud', 'org', 'iat', 'exp']) {
    if (all[key] !== undefined) claims[key] = all[key];
  }
  if (claims.kid !== ACCESS_KEY || claims.org !== ORG_ID || claims.iat !== IAT) {
    throw new Error(`${candidate.name}: unexpected claims ${JSON.stringify(claims)}`);
  }
  let rejected = false;
  try {
    await candidate.run(TAMPERED);
  } catch {
    rejected = true;
  }
  if (!rejected) throw new Error(`${candidate.name}: accepted a changed signature`);
  candidate.verified = { claims, tampered_rejected: rejected };
}

const candidates = [...mints, ...verifications];
// Check every candidate, then warm each up and size its rounds.
for (const candidate of candidates) {
  await (candidate.kind === 'mint' ? checkMint(candidate) : checkVerify(candidate));
  let count = 100;
  for (;;) {
    const ns = await round(candidate, count);
    if (ns * count >= 50e6) {
      candidate.count = Math.max(100, Math.round((ROUND_MS * 1e6) / ns));
      break;
    }
    count *= 4;
  }
  candidate.samples = [];
}

for (let r = 0; r < ROUNDS; r++) {
  for (const candidate of candidates)
    candidate.samples.push(await round(candidate, candidate.count));
}
signer.close();
verifier.close();
nativeSigner?.close();

const fmt = (n) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
console.log(`${OURS} ${ours.version}, node ${process.version}, ${ROUNDS} rounds; median ns`);
/** @type {Array<[string, Candidate[]]>} */
const sections = [
  ['mint', mints],
  ['verify', verifications],
];
for (const [kind, list] of sections) {
  const base = median(list[0].samples);
  console.log(`\n| ${kind} | ns | per second | × ${list[0].name} |\n|---|---:|---:|---:|`);
  for (const c of list) {
    c.ns = median(c.samples);
    console.log(`| ${c.name} | ${fmt(c.ns)} | ${fmt(1e9 / c.ns)} | ${(c.ns / base).toFixed(1)} |`);
  }
}

if (flags.json) {
  const report = {
    versions: {
      [OURS]: ours.version,
      ...(WASM ? { 'meshes-token': native.version } : {}),
      node: process.version,
    },
    iat: FIXED_IAT ?? null,
    rounds: ROUNDS,
    kind: Object.fromEntries(candidates.map((c) => [c.name, c.kind])),
    calls_per_round: Object.fromEntries(candidates.map((c) => [c.name, c.count])),
    ns_per_token: Object.fromEntries(candidates.map((c) => [c.name, c.samples])),
    tokens: Object.fromEntries(mints.map((c) => [c.name, c.token])),
    verified: Object.fromEntries(verifications.map((c) => [c.name, c.verified])),
  };
  writeFileSync(flags.json, `${JSON.stringify(report, null, 2)}\n`);
}
