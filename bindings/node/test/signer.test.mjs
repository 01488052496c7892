// Signer: defaults, time forms, close(), fromEnv, concurrency (Promise.all and worker
// threads), and the wipe of a Signer that is never closed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { inspect } from 'node:util';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { meshesToken, thrown } from './helpers.mjs';

const { Signer, sign, verify, DEFAULT_TTL, limits } = meshesToken;

const KEY = 'mk_test_Signer-1.x';
const SECRET = 'another_s3cret';
const ORG = '9d2e4c1a-7b3f-4e8d-a6c5-1f0e9d8c7b6a';
const IAT = 1767225600;
const ENTRY = fileURLToPath(new URL('../index.cjs', import.meta.url));

test('sign() defaults to now and a ttl of 30 seconds', () => {
  assert.equal(DEFAULT_TTL, 30);
  const signer = new Signer(KEY, SECRET, ORG);
  for (const options of [undefined, {}, { issuedAt: undefined, ttl: undefined }]) {
    const before = Math.floor(Date.now() / 1000);
    const token = signer.sign(options);
    const after = Math.floor(Date.now() / 1000);
    const claims = verify(token, SECRET);
    assert.ok(claims.issuedAt >= before && claims.issuedAt <= after);
    assert.equal(claims.expiresAt - claims.issuedAt, DEFAULT_TTL);
  }
  signer.close();
});

test('issuedAt as seconds, a bigint or a Date (floored to its second); ttl 1 to TTL_MAX', () => {
  const signer = new Signer(KEY, SECRET, ORG);
  const expected = sign(KEY, SECRET, ORG, { issuedAt: IAT, ttl: 45 });
  for (const issuedAt of [IAT, BigInt(IAT), new Date(IAT * 1000), new Date(IAT * 1000 + 999)]) {
    assert.equal(signer.sign({ issuedAt, ttl: 45 }), expected);
    assert.equal(sign(KEY, SECRET, ORG, { issuedAt, ttl: 45 }), expected);
  }
  for (const ttl of [1, limits.TTL_MAX]) {
    const claims = verify(signer.sign({ issuedAt: IAT, ttl }), SECRET, { now: IAT });
    assert.equal(claims.expiresAt, IAT + ttl);
  }
  assert.equal(verify(signer.sign({ issuedAt: 0, ttl: 1 }), SECRET, { now: 0 }).issuedAt, 0);
  signer.close();
});

test('accessKey, orgId, closed; close() wipes, twice is fine; no state to see or copy', () => {
  const signer = new Signer(KEY, Buffer.from(SECRET), ORG);
  assert.equal(signer.accessKey, KEY);
  assert.equal(signer.orgId, ORG);
  assert.equal(signer.closed, false);
  assert.ok(signer.sign());
  assert.deepEqual(Object.keys(signer), []);
  assert.equal(JSON.stringify(signer), '{}');
  assert.equal(inspect(signer), `Signer { accessKey: '${KEY}', orgId: '${ORG}', open }`);
  assert.deepEqual(Object.keys(structuredClone(signer)), []); // a plain, empty object
  signer.close();
  assert.equal(signer.closed, true);
  assert.match(inspect(signer), /closed/);
  signer.close();
  assert.equal(thrown(() => signer.sign()).code, 'UNINITIALIZED');
  assert.equal(thrown(() => signer.sign({ issuedAt: IAT })).code, 'UNINITIALIZED');
});

test('the secret may be wiped right after construction', () => {
  const secret = Buffer.from(SECRET);
  const signer = new Signer(KEY, secret, ORG);
  secret.fill(0);
  assert.equal(signer.sign({ issuedAt: IAT }), sign(KEY, SECRET, ORG, { issuedAt: IAT }));
  signer.close();
});

test('fromEnv reads process.env by default', (t) => {
  const saved = { ...process.env };
  t.after(() => {
    for (const name of ['MESHES_ACCESS_KEY', 'MESHES_SECRET_KEY', 'MESHES_ORG_ID']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });
  Object.assign(process.env, {
    MESHES_ACCESS_KEY: KEY,
    MESHES_SECRET_KEY: SECRET,
    MESHES_ORG_ID: ORG,
  });
  const signer = Signer.fromEnv();
  assert.equal(signer.sign({ issuedAt: IAT }), sign(KEY, SECRET, ORG, { issuedAt: IAT }));
  signer.close();
});

test('many concurrent sign calls on one signer inside Promise.all', async () => {
  const signer = new Signer(KEY, SECRET, ORG);
  const expected = Array.from({ length: 50 }, (_, i) =>
    sign(KEY, SECRET, ORG, { issuedAt: IAT + i, ttl: 1 + (i % 60) }),
  );
  const tasks = Array.from({ length: 2000 }, async (_, n) => {
    const i = n % 50;
    // Interleave the calls with other work on the event loop.
    if (n % 3 === 0) await null;
    if (n % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
    const token = signer.sign({ issuedAt: IAT + i, ttl: 1 + (i % 60) });
    const claims = verify(token, SECRET, { now: IAT + i });
    return token === expected[i] && claims.issuedAt === IAT + i;
  });
  const results = await Promise.all(tasks);
  assert.equal(results.filter(Boolean).length, tasks.length);
  signer.close();
});

test('4 worker threads, each with its own Signer, mint the tokens of the main thread', async () => {
  const times = Array.from({ length: 200 }, (_, i) => IAT + i * 17);
  const signer = new Signer(KEY, SECRET, ORG);
  const expected = times.map((issuedAt) => signer.sign({ issuedAt }));
  signer.close();
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { Signer } = require(workerData.entry);
    const signer = new Signer(...workerData.credentials);
    const tokens = workerData.times.map((issuedAt) => signer.sign({ issuedAt }));
    signer.close();
    parentPort.postMessage(tokens);
  `;
  const workerData = { entry: ENTRY, credentials: [KEY, SECRET, ORG], times };
  const results = await Promise.all(
    Array.from({ length: 4 }, () => {
      const worker = new Worker(code, { eval: true, workerData });
      return new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      }).finally(() => worker.terminate());
    }),
  );
  for (const tokens of results) assert.deepEqual(tokens, expected);
});

test('a Signer collected without close() is wiped all the same (a safety net)', () => {
  const script = `
    const { fn } = require(${JSON.stringify(fileURLToPath(new URL('../lib/library.cjs', import.meta.url)))});
    const { Signer } = require(${JSON.stringify(ENTRY)});
    const clear = fn.signerClear;
    let cleared = 0;
    fn.signerClear = (address) => { cleared++; clear(address); };
    (() => { for (let i = 0; i < 20; i++) new Signer('k', 's', 'o').sign(); })();
    const closed = new Signer('k', 's', 'o');
    closed.close();
    const afterClose = cleared;
    (async () => {
      for (let i = 0; i < 20 && cleared < afterClose + 20; i++) {
        globalThis.gc();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      console.log(JSON.stringify({ afterClose, cleared }));
    })();
  `;
  const child = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  const { afterClose, cleared } = JSON.parse(child.stdout);
  assert.equal(afterClose, 1);
  assert.equal(cleared, 21);
});

test('under GC stress (compaction on every GC), tokens stay right', () => {
  // The library is given integer addresses of ArrayBuffers (lib/library.cjs); a GC that
  // moved their memory would show here as wrong tokens or a crash.
  const script = `
    const { Signer, sign, verify, keyId } = require(${JSON.stringify(ENTRY)});
    const creds = (i) => ['key' + i, new Uint8Array(Buffer.from('secret' + i)), 'org' + i];
    const signers = Array.from({ length: 8 }, (_, i) => new Signer(...creds(i)));
    const expected = signers.map((_, i) => sign(...creds(i), { issuedAt: ${IAT} }));
    let junk = [];
    for (let n = 0; n < 3000; n++) {
      junk.push(new Array(100).fill(n), Buffer.alloc(64), { n });
      if (junk.length > 3000) junk = [];
      const i = n % 8;
      const token = signers[i].sign({ issuedAt: ${IAT} });
      if (token !== expected[i]) throw new Error('token ' + n);
      const claims = verify(token, creds(i)[1], { now: ${IAT} });
      if (claims.accessKey !== 'key' + i || keyId(token) !== 'key' + i) throw new Error('verify ' + n);
      if (n % 100 === 0) globalThis.gc();
    }
    for (const signer of signers) signer.close();
    console.log('ok');
  `;
  const args = ['--expose-gc', '--stress-compaction', '--gc-interval=2000', '-e', script];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), 'ok');
});
