// Errors: the same class, codes, statuses and messages as bindings/node for every bad input
// (the two packages are run side by side on one list of calls and compared error by error),
// the ErrorCode union of index.d.ts, and no trap or stray exception for any input.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { describe, test } from 'node:test';
import * as wasmPackage from 'meshes-token-wasm';
import { statuses } from '../lib/layout.js';
import { nativePackage, thrown } from './helpers.mjs';

const { Signer, sign, verify, keyId, MeshesTokenError, statusCodes } = wasmPackage;

const KEY = 'AK7f3kQ9mZ2pL8xR4tV6';
const SECRET = 's3cr3t_Key-with/chars=0123456789abcdefABCDEF';
const ORG = '3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60';
const IAT = 1767225600;
const TOKEN = sign(KEY, SECRET, ORG, { issuedAt: IAT });

/** Calls of the API with bad (and a few good) arguments, each as (api) => result. */
const CALLS = {
  'sign: key of type number': (m) => m.sign(1, SECRET, ORG),
  'sign: secret null': (m) => m.sign(KEY, null, ORG),
  'sign: secret an array': (m) => m.sign(KEY, [1, 2], ORG),
  'sign: secret an ArrayBuffer': (m) => m.sign(KEY, new ArrayBuffer(4), ORG),
  'sign: secret a Uint16Array': (m) => m.sign(KEY, new Uint16Array(4), ORG),
  'sign: org undefined': (m) => m.sign(KEY, SECRET, undefined),
  'sign: options a string': (m) => m.sign(KEY, SECRET, ORG, 'x'),
  'sign: options null': (m) => m.sign(KEY, SECRET, ORG, null),
  'sign: issuedAt a string': (m) => m.sign(KEY, SECRET, ORG, { issuedAt: '1' }),
  'sign: issuedAt 1.5': (m) => m.sign(KEY, SECRET, ORG, { issuedAt: 1.5 }),
  'sign: issuedAt NaN': (m) => m.sign(KEY, SECRET, ORG, { issuedAt: NaN }),
  'sign: issuedAt 2^53': (m) => m.sign(KEY, SECRET, ORG, { issuedAt: 2 ** 53 }),
  'sign: issuedAt -1': (m) => m.sign(KEY, SECRET, ORG, { issuedAt: -1 }),
  'sign: issuedAt -1n': (m) => m.sign(KEY, SECRET, ORG, { issuedAt: -1n }),
  'sign: issuedAt 2^64': (m) => m.sign(KEY, SECRET, ORG, { issuedAt: 2n ** 64n }),
  'sign: issuedAt 2^64 - 1': (m) => m.sign(KEY, SECRET, ORG, { issuedAt: 2n ** 64n - 1n }),
  'sign: issuedAt 2^53 - 31': (m) => m.sign(KEY, SECRET, ORG, { issuedAt: 2 ** 53 - 31 }),
  'sign: issuedAt 2^53 - 30': (m) => m.sign(KEY, SECRET, ORG, { issuedAt: 2 ** 53 - 30 }),
  'sign: issuedAt an invalid Date': (m) => m.sign(KEY, SECRET, ORG, { issuedAt: new Date(NaN) }),
  'sign: issuedAt a Date before 1970': (m) =>
    m.sign(KEY, SECRET, ORG, { issuedAt: new Date(-5000) }),
  'sign: issuedAt a Date': (m) =>
    m.sign(KEY, SECRET, ORG, { issuedAt: new Date(IAT * 1000 + 999) }),
  'sign: issuedAt a fake Date': (m) =>
    m.sign(KEY, SECRET, ORG, { issuedAt: { [Symbol.toStringTag]: 'Date' } }),
  'sign: ttl 0': (m) => m.sign(KEY, SECRET, ORG, { issuedAt: IAT, ttl: 0 }),
  'sign: ttl 61': (m) => m.sign(KEY, SECRET, ORG, { issuedAt: IAT, ttl: 61 }),
  'sign: ttl -1': (m) => m.sign(KEY, SECRET, ORG, { issuedAt: IAT, ttl: -1 }),
  'sign: ttl 2^32 + 30': (m) => m.sign(KEY, SECRET, ORG, { issuedAt: IAT, ttl: 2 ** 32 + 30 }),
  'sign: ttl 2^31 + 30': (m) => m.sign(KEY, SECRET, ORG, { issuedAt: IAT, ttl: 2 ** 31 + 30 }),
  'sign: ttl 1.5': (m) => m.sign(KEY, SECRET, ORG, { issuedAt: IAT, ttl: 1.5 }),
  'sign: ttl a bigint': (m) => m.sign(KEY, SECRET, ORG, { issuedAt: IAT, ttl: 30n }),
  'sign: key of 129 bytes': (m) => m.sign('k'.repeat(129), SECRET, ORG, { issuedAt: IAT }),
  'sign: key of 10^6 bytes': (m) => m.sign('k'.repeat(1e6), SECRET, ORG, { issuedAt: IAT }),
  'sign: key of 128 bytes': (m) => m.sign('k'.repeat(128), SECRET, ORG, { issuedAt: IAT }),
  'sign: key of 43 euro signs': (m) => m.sign('€'.repeat(43), SECRET, ORG, { issuedAt: IAT }),
  'sign: key with a lone surrogate': (m) => m.sign('AK\uD800', SECRET, ORG, { issuedAt: IAT }),
  'sign: secret of 1025 bytes': (m) => m.sign(KEY, 's'.repeat(1025), ORG, { issuedAt: IAT }),
  'sign: secret of 1024 bytes': (m) => m.sign(KEY, 's'.repeat(1024), ORG, { issuedAt: IAT }),
  'sign: secret of 342 euro signs': (m) => m.sign(KEY, '€'.repeat(342), ORG, { issuedAt: IAT }),
  'sign: secret of 1025 raw bytes': (m) =>
    m.sign(KEY, new Uint8Array(1025).fill(65), ORG, { issuedAt: IAT }),
  'sign: secret of 3 raw bytes with NUL': (m) =>
    m.sign(KEY, new Uint8Array([65, 0, 66]), ORG, { issuedAt: IAT }),
  'sign: secret with a trailing newline': (m) => m.sign(KEY, `${SECRET}\n`, ORG),
  'sign: secret with a lone surrogate': (m) => m.sign(KEY, 'ab\uDC00', ORG, { issuedAt: IAT }),
  'sign: bad key, secret and org': (m) => m.sign('bad key', 'bad secret', 'Bad-Org'),
  'sign: bad secret and org': (m) => m.sign(KEY, 'bad secret', 'Bad-Org'),
  'sign: bad org, time and ttl': (m) => m.sign(KEY, SECRET, '-org', { issuedAt: -1, ttl: 0 }),
  'sign: bad time and ttl': (m) => m.sign(KEY, SECRET, ORG, { issuedAt: -1, ttl: 0 }),
  'sign: org of 65 bytes': (m) => m.sign(KEY, SECRET, 'o'.repeat(65)),
  'sign: org in upper case': (m) => m.sign(KEY, SECRET, ORG.toUpperCase()),
  'Signer: no arguments': (m) => new m.Signer(),
  'Signer: empty key': (m) => new m.Signer('', SECRET, ORG),
  'Signer: empty secret bytes': (m) => new m.Signer(KEY, new Uint8Array(0), ORG),
  'Signer: secret with a lone surrogate': (m) => new m.Signer(KEY, '\uD83D', ORG),
  'Signer: bad org': (m) => new m.Signer(KEY, SECRET, '-org'),
  'Signer#sign: ttl 0': (m) => withSigner(m, (s) => s.sign({ issuedAt: IAT, ttl: 0 })),
  'Signer#sign: issuedAt -1': (m) => withSigner(m, (s) => s.sign({ issuedAt: -1 })),
  'Signer#sign: issuedAt 2^53 - 30': (m) =>
    withSigner(m, (s) => s.sign({ issuedAt: 2 ** 53 - 30 })),
  'Signer#sign: options 5': (m) => withSigner(m, (s) => s.sign(5)),
  'Signer#sign: good': (m) => withSigner(m, (s) => s.sign({ issuedAt: IAT, ttl: 60 })),
  'Signer#sign: closed': (m) => {
    const signer = new m.Signer(KEY, SECRET, ORG);
    signer.close();
    signer.close();
    return signer.sign({ issuedAt: IAT });
  },
  'Signer#sign: closed, bad ttl': (m) => {
    const signer = new m.Signer(KEY, SECRET, ORG);
    signer.close();
    return signer.sign({ issuedAt: IAT, ttl: 0 });
  },
  'Signer#sign: closed, ttl a string': (m) => {
    const signer = new m.Signer(KEY, SECRET, ORG);
    signer.close();
    return signer.sign({ ttl: '30' });
  },
  'Signer: inspect': (m) => withSigner(m, (s) => inspect(s)),
  'Signer.fromEnv: env a string': (m) => m.Signer.fromEnv('x'),
  'Signer.fromEnv: no key': (m) => m.Signer.fromEnv({}),
  'Signer.fromEnv: no secret': (m) => m.Signer.fromEnv({ MESHES_ACCESS_KEY: KEY }),
  'Signer.fromEnv: no org': (m) =>
    m.Signer.fromEnv({ MESHES_ACCESS_KEY: KEY, MESHES_SECRET_KEY: SECRET }),
  'Signer.fromEnv: good': (m) => {
    const env = { MESHES_ACCESS_KEY: KEY, MESHES_SECRET_KEY: SECRET, MESHES_ORG_ID: ORG };
    return withSigner(m, (s) => s.sign({ issuedAt: IAT }), m.Signer.fromEnv(env));
  },
  'verify: good': (m) => m.verify(TOKEN, SECRET, { now: IAT }),
  'verify: bytes secret': (m) => m.verify(TOKEN, new TextEncoder().encode(SECRET), { now: IAT }),
  'verify: token of type number': (m) => m.verify(5, SECRET),
  'verify: secret undefined': (m) => m.verify(TOKEN, undefined),
  'verify: options a function': (m) => m.verify(TOKEN, SECRET, () => 1),
  'verify: now -1': (m) => m.verify(TOKEN, SECRET, { now: -1 }),
  'verify: now 2^64': (m) => m.verify(TOKEN, SECRET, { now: 2n ** 64n }),
  'verify: now 2^64 - 1': (m) => m.verify(TOKEN, SECRET, { now: 2n ** 64n - 1n }),
  'verify: now a string': (m) => m.verify(TOKEN, SECRET, { now: 'now' }),
  'verify: now a Date': (m) => m.verify(TOKEN, SECRET, { now: new Date(IAT * 1000) }),
  'verify: leeway -1': (m) => m.verify(TOKEN, SECRET, { now: IAT, leeway: -1 }),
  'verify: leeway 2^32': (m) => m.verify(TOKEN, SECRET, { now: IAT, leeway: 2 ** 32 }),
  'verify: leeway 2^32 - 1': (m) =>
    m.verify(TOKEN, SECRET, { now: IAT + 100, leeway: 2 ** 32 - 1 }),
  'verify: leeway 0.5': (m) => m.verify(TOKEN, SECRET, { now: IAT, leeway: 0.5 }),
  'verify: expired': (m) => m.verify(TOKEN, SECRET, { now: IAT + 30 }),
  'verify: not yet valid': (m) => m.verify(TOKEN, SECRET, { now: IAT - 1 }),
  'verify: wrong secret': (m) => m.verify(TOKEN, `${SECRET}x`, { now: IAT }),
  'verify: bad secret': (m) => m.verify(TOKEN, 'a b', { now: IAT }),
  'verify: secret with a lone surrogate': (m) => m.verify(TOKEN, '\uDFFF', { now: IAT }),
  'verify: secret of 1025 bytes': (m) => m.verify(TOKEN, 's'.repeat(1025), { now: IAT }),
  'verify: token of 1025 bytes': (m) => m.verify('a'.repeat(1025), SECRET, { now: IAT }),
  'verify: token of 10^6 bytes': (m) => m.verify('a'.repeat(1e6), SECRET, { now: IAT }),
  'verify: token with non-ASCII': (m) => m.verify(`${TOKEN}é`, SECRET, { now: IAT }),
  'verify: empty token': (m) => m.verify('', SECRET, { now: IAT }),
  'verify: token cut short': (m) => m.verify(TOKEN.slice(0, -1), SECRET, { now: IAT }),
  'keyId: good': (m) => m.keyId(TOKEN),
  'keyId: null': (m) => m.keyId(null),
  'keyId: empty': (m) => m.keyId(''),
  'keyId: two segments': (m) => m.keyId('a.b'),
  'keyId: 10^6 bytes': (m) => m.keyId('a'.repeat(1e6)),
  'MeshesTokenError: every status': (m) =>
    Object.values(statuses).map((s) => describeOutcome(new m.MeshesTokenError(s, 'why'))),
  'MeshesTokenError: unknown status': (m) => new m.MeshesTokenError(4000),
};

function withSigner(m, fn, signer = new m.Signer(KEY, SECRET, ORG)) {
  try {
    return fn(signer);
  } finally {
    signer.close();
  }
}

/** What a call returned or threw, as plain data to compare between the packages. */
function describeOutcome(value) {
  if (value instanceof Error) {
    return {
      threw: value.constructor.name,
      name: value.name,
      code: value.code,
      status: value.status,
      message: value.message,
    };
  }
  return { returned: value };
}

function outcome(api, call) {
  try {
    return describeOutcome(call(api));
  } catch (err) {
    return describeOutcome(err);
  }
}

describe('the same errors as bindings/node', () => {
  const native = nativePackage();
  for (const [name, call] of Object.entries(CALLS)) {
    test(name, () => {
      const ours = outcome(wasmPackage, call);
      assert.deepEqual(ours, outcome(native, call));
      assert.notEqual(ours.threw, 'RuntimeError', 'a WebAssembly trap');
    });
  }

  test('the same status table, limits and default ttl', () => {
    assert.deepEqual({ ...statusCodes }, { ...native.statusCodes });
    assert.deepEqual({ ...wasmPackage.limits }, { ...native.limits });
    assert.equal(wasmPackage.DEFAULT_TTL, native.DEFAULT_TTL);
    assert.equal(wasmPackage.version, native.version);
    assert.ok(Object.isFrozen(statusCodes));
  });

  test('the same ErrorCode union in index.d.ts as the header statuses', () => {
    const union = (file) => {
      const dts = readFileSync(file, 'utf8');
      return [...dts.match(/export type ErrorCode =([^;]+);/)[1].matchAll(/'(\w+)'/g)].map(
        (m) => m[1],
      );
    };
    const errors = Object.keys(statuses).filter((name) => name !== 'OK');
    assert.deepEqual(union(new URL('../index.d.ts', import.meta.url)), errors);
    assert.deepEqual(union(new URL('../../node/index.d.ts', import.meta.url)), errors);
  });
});

describe('errors of this package', () => {
  test('MeshesTokenError is an Error with the library message', () => {
    const err = thrown(() => sign('bad key', SECRET, ORG));
    assert.ok(err instanceof MeshesTokenError && err instanceof Error);
    assert.equal(err.code, 'ACCESS_KEY');
    assert.equal(err.status, statusCodes.ACCESS_KEY);
    assert.equal(err.message, 'invalid access key');
  });

  test('no secret in any message', () => {
    const secrets = ['s3cr3t with space', `${SECRET}\n`, '\uD800abc', 'x'.repeat(2000)];
    for (const secret of secrets) {
      for (const call of [
        () => sign(KEY, secret, ORG),
        () => new Signer(KEY, secret, ORG),
        () => verify(TOKEN, secret, { now: IAT }),
        () => sign(KEY, { secret }, ORG),
      ]) {
        const err = thrown(call);
        assert.ok(!err.message.includes(secret.slice(0, 8)), err.message);
        assert.ok(!inspect(err).includes(secret.slice(0, 8)));
      }
    }
  });

  test('random inputs never trap: only MeshesTokenError or a result', () => {
    let seed = 12345;
    const random = (n) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const alphabet = 'aZ09._-{}":,=é€\uD800 \n\0.';
    const text = (max) =>
      Array.from({ length: random(max) }, () => alphabet[random(alphabet.length)]).join('');
    for (let i = 0; i < 2000; i++) {
      for (const call of [
        () => sign(text(140), text(1100), text(80), { issuedAt: random(2 ** 31), ttl: random(70) }),
        () => verify(`${TOKEN.slice(0, random(TOKEN.length))}${text(40)}`, text(60)),
        () => keyId(`${TOKEN.slice(0, random(TOKEN.length))}${text(40)}`),
      ]) {
        try {
          call();
        } catch (err) {
          assert.ok(err instanceof MeshesTokenError, `${err}`);
        }
      }
    }
  });
});
