// ns per token of meshes-token-wasm's Signer#sign in Node against jose's SignJWT (WebCrypto,
// as the official Meshes SDK calls it), fast-jwt's signer and the native meshes-token
// package (bindings/node, over the C library), in one run. Not a test: run it with
// `make bench-wasm` or `node bench/bench.mjs [rounds] [--iat SECONDS] [--json PATH]`
// (`make bench` runs it through bench/lang_wasm.py).
//
// Every candidate's token is first checked with this package's verify(). Candidates run in
// turn within each round, so that a slower or busier moment of the machine hits them all;
// each figure is the median over the rounds of the mean over one round's calls. Every call
// reads the clock, as a service minting tokens does, unless --iat fixes the issue time.
// --json also writes every round's figure and each candidate's token to PATH.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { createSigner } from 'fast-jwt';
import { Signer, sign, verify, version } from 'meshes-token-wasm';

const native = createRequire(import.meta.url)('../../node/index.cjs');

const { values: flags, positionals } = parseArgs({
  options: { iat: { type: 'string' }, json: { type: 'string' } },
  allowPositionals: true,
});
const ROUNDS = Number(positionals[0] ?? 9);
const FIXED_IAT = flags.iat === undefined ? undefined : Number(flags.iat);
const ROUND_MS = 150; // the target length of one candidate's round
const ACCESS_KEY = 'AK7f3kQ9mZ2pL8xR4tV6';
const SECRET = 's3cr3t_Key-with/chars=0123456789abcdefABCDEF';
const ORG_ID = '3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60';
const TTL = 30;

const signer = new Signer(ACCESS_KEY, SECRET, ORG_ID);
const nativeSigner = new native.Signer(ACCESS_KEY, SECRET, ORG_ID);
const now = () => FIXED_IAT ?? Math.floor(Date.now() / 1000);
// The meshes-token signers read the clock themselves unless given the fixed time.
const signOptions = FIXED_IAT === undefined ? {} : { issuedAt: FIXED_IAT };

function joseSign(key) {
  const iat = now();
  return new SignJWT({ org: ORG_ID })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: ACCESS_KEY })
    .setIssuer(`urn:meshes:m2m:${ACCESS_KEY}`)
    .setAudience('meshes-api')
    .setIssuedAt(iat)
    .setExpirationTime(iat + TTL)
    .sign(key);
}

// fast-jwt with the claims in jsonwebtoken's order (it keeps the payload's iat, so that --iat
// gives the reference token byte for byte).
const fastSigner = createSigner({
  key: SECRET,
  algorithm: 'HS256',
  kid: ACCESS_KEY,
  header: { typ: 'JWT' },
});
function fastJwtSign() {
  const iat = now();
  return fastSigner({
    iss: `urn:meshes:m2m:${ACCESS_KEY}`,
    aud: 'meshes-api',
    org: ORG_ID,
    iat,
    exp: iat + TTL,
  });
}

const candidates = [
  { name: 'meshes-token-wasm Signer#sign', run: () => signer.sign(signOptions) },
  {
    name: 'meshes-token-wasm sign (one-shot)',
    run: () => sign(ACCESS_KEY, SECRET, ORG_ID, signOptions),
  },
  { name: 'meshes-token (native) Signer#sign', run: () => nativeSigner.sign(signOptions) },
  {
    name: 'jose SignJWT, key encoded per call (SDK)',
    async: true,
    run: () => joseSign(new TextEncoder().encode(SECRET)),
  },
  { name: 'fast-jwt createSigner', run: fastJwtSign },
];

/** Runs `candidate` `count` times; returns the mean ns per call. */
async function round(candidate, count) {
  const { run } = candidate;
  const start = process.hrtime.bigint();
  if (candidate.async) {
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

// Check every candidate's token, then warm each up and size its rounds.
for (const candidate of candidates) {
  const token = await candidate.run();
  const claims = verify(token, SECRET, { leeway: 1, now: FIXED_IAT });
  if (
    claims.accessKey !== ACCESS_KEY ||
    claims.orgId !== ORG_ID ||
    claims.expiresAt - claims.issuedAt !== TTL ||
    (FIXED_IAT !== undefined && claims.issuedAt !== FIXED_IAT)
  ) {
    throw new Error(`${candidate.name}: unexpected claims ${JSON.stringify(claims)}`);
  }
  candidate.token = token;
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
nativeSigner.close();

const base = median(candidates[0].samples);
const fmt = (n) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
console.log(`meshes-token-wasm ${version}, node ${process.version}, ${ROUNDS} rounds`);
console.log('');
console.log('| candidate | ns/token | tokens/s | × wasm Signer#sign |');
console.log('|---|---:|---:|---:|');
for (const candidate of candidates) {
  const ns = median(candidate.samples);
  candidate.ns = ns;
  console.log(`| ${candidate.name} | ${fmt(ns)} | ${fmt(1e9 / ns)} | ${(ns / base).toFixed(1)} |`);
}

const jose = candidates.find((c) => c.name.startsWith('jose'));
const ratio = jose.ns / base;
console.log('');
console.log(
  `target: at least 20x faster than ${jose.name}: ${ratio.toFixed(1)}x, ` +
    (ratio >= 20 ? 'met' : 'MISSED'),
);

if (flags.json) {
  const report = {
    versions: {
      'meshes-token-wasm': version,
      'meshes-token': native.version,
      node: process.version,
    },
    iat: FIXED_IAT ?? null,
    rounds: ROUNDS,
    calls_per_round: Object.fromEntries(candidates.map((c) => [c.name, c.count])),
    ns_per_token: Object.fromEntries(candidates.map((c) => [c.name, c.samples])),
    tokens: Object.fromEntries(candidates.map((c) => [c.name, c.token])),
  };
  writeFileSync(flags.json, `${JSON.stringify(report, null, 2)}\n`);
}
