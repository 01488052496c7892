// Errors: the status table and MeshesTokenError come from the library; every error path of
// the API; TypeErrors before any native call; and no secret in any message.
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { meshesToken, header, thrown, countNativeCalls } from './helpers.mjs';

const { Signer, sign, verify, keyId, MeshesTokenError, statusCodes } = meshesToken;

const KEY = 'AK7f3kQ9mZ2pL8xR4tV6';
const SECRET = 's3cr3t_Key-with/chars=0123456789abcdefABCDEF';
const ORG = '3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60';
const IAT = 1767225600;
const TOKEN = sign(KEY, SECRET, ORG, { issuedAt: IAT });

/** Asserts that `fn` throws the MeshesTokenError with `code`; returns it. */
function throwsCode(fn, code) {
  const err = thrown(fn);
  assert.ok(err instanceof MeshesTokenError, `expected ${code}, got ${err}`);
  assert.equal(err.code, code);
  assert.equal(err.status, statusCodes[code]);
  return err;
}

describe('the status table', () => {
  const enumerators = [...header().matchAll(/^\s+MESHES_(OK|ERR_\w+) = (\d+),$/gm)];

  test('is the header enum, name for name and number for number', () => {
    assert.ok(enumerators.length > 10);
    const fromHeader = Object.fromEntries(
      enumerators.map(([, name, n]) => [name.replace(/^ERR_/, ''), Number(n)]),
    );
    assert.deepEqual({ ...statusCodes }, fromHeader);
    assert.ok(Object.isFrozen(statusCodes));
  });

  test('every error status is a code of index.d.ts', () => {
    const dts = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8');
    const union = dts.match(/export type ErrorCode =([^;]+);/)[1];
    const declared = [...union.matchAll(/'(\w+)'/g)].map((m) => m[1]);
    const errors = enumerators.filter(([, name]) => name !== 'OK').map(([, n]) => n.slice(4));
    assert.deepEqual(declared, errors);
  });

  test('MeshesTokenError carries the library message, code and status', () => {
    for (const [code, status] of Object.entries(statusCodes)) {
      if (code === 'OK') continue;
      const err = new MeshesTokenError(status);
      assert.ok(err instanceof Error);
      assert.equal(err.name, 'MeshesTokenError');
      assert.equal(err.code, code);
      assert.equal(err.status, status);
      assert.ok(err.message.length > 0);
      assert.match(inspect(err), /MeshesTokenError/);
    }
    assert.equal(new MeshesTokenError(statusCodes.TTL, 'why').message.endsWith(': why'), true);
    assert.equal(statusCodes.TTL, 5); // the C enum's number (MESHES_ERR_TTL)
    const unknown = new MeshesTokenError(4000);
    assert.equal(unknown.code, 'UNKNOWN_STATUS_4000');
    assert.equal(unknown.message, 'unknown status');
  });
});

describe('every error the API returns', () => {
  test('ACCESS_KEY, SECRET, ORG_ID in the library order', () => {
    throwsCode(() => sign('bad key', SECRET, ORG), 'ACCESS_KEY');
    throwsCode(() => sign('bad key', 'bad secret', 'Bad-Org'), 'ACCESS_KEY');
    throwsCode(() => sign(KEY, 'bad secret', 'Bad-Org'), 'SECRET');
    throwsCode(() => sign(KEY, SECRET, 'Bad-Org'), 'ORG_ID');
    throwsCode(() => new Signer('', SECRET, ORG), 'ACCESS_KEY');
    throwsCode(() => new Signer(KEY, new Uint8Array(0), ORG), 'SECRET');
    throwsCode(() => new Signer(KEY, SECRET, '-org'), 'ORG_ID');
    // A bad time or ttl does not take the turn of a bad credential.
    throwsCode(() => sign('bad key', SECRET, ORG, { issuedAt: -1, ttl: -1 }), 'ACCESS_KEY');
    throwsCode(() => sign(KEY, SECRET, ORG, { issuedAt: -1, ttl: -1 }), 'TTL');
  });

  test('inputs longer than the limits, however long and in any encoding', () => {
    const {
      ACCESS_KEY_MAX_LEN: keyMax,
      ORG_ID_MAX_LEN: orgMax,
      SECRET_MAX_LEN: secretMax,
    } = meshesToken.limits;
    assert.ok(
      sign('k'.repeat(keyMax), 's'.repeat(secretMax), 'o'.repeat(orgMax), { issuedAt: IAT }),
    );
    throwsCode(() => sign('k'.repeat(keyMax + 1), SECRET, ORG), 'ACCESS_KEY');
    throwsCode(() => sign('k'.repeat(1e6), SECRET, ORG), 'ACCESS_KEY');
    throwsCode(() => sign('k'.repeat(keyMax - 1) + '€', SECRET, ORG), 'ACCESS_KEY');
    throwsCode(() => sign('k'.repeat(keyMax) + '€', SECRET, ORG), 'ACCESS_KEY');
    throwsCode(() => sign(KEY, 's'.repeat(secretMax + 1), ORG), 'SECRET');
    throwsCode(() => sign(KEY, new Uint8Array(secretMax + 1).fill(0x61), ORG), 'SECRET');
    throwsCode(() => sign(KEY, '€'.repeat(342), ORG), 'SECRET'); // 1026 bytes
    assert.ok(sign(KEY, '€'.repeat(341) + 'x', ORG)); // 1024 bytes
    throwsCode(() => sign(KEY, SECRET, 'o'.repeat(orgMax + 1)), 'ORG_ID');
    throwsCode(() => sign(KEY, SECRET, 'o'.repeat(1e5)), 'ORG_ID');
  });

  test('NUL bytes are passed on, not cut off', () => {
    throwsCode(() => sign(`${KEY}\0`, SECRET, ORG), 'ACCESS_KEY');
    throwsCode(() => sign(KEY, `${SECRET}\0`, ORG), 'SECRET');
    throwsCode(() => sign(KEY, SECRET, `${ORG}\0`), 'ORG_ID');
    throwsCode(() => verify(`\0${TOKEN}`, SECRET, { now: IAT }), 'MALFORMED');
    // Cut off at the NUL, this one would verify.
    throwsCode(() => verify(`${TOKEN}\0`, SECRET, { now: IAT }), 'SIGNATURE');
    throwsCode(() => verify(TOKEN, `${SECRET}\0`, { now: IAT }), 'SECRET');
  });

  test('a secret string with a lone surrogate is SECRET, not signed as U+FFFD', () => {
    for (const secret of ['abc\uD800', '\uDC00abc', 'a\uDBFFb']) {
      const err = throwsCode(() => sign(KEY, secret, ORG), 'SECRET');
      assert.equal(err.message, new MeshesTokenError(statusCodes.SECRET).message);
      throwsCode(() => new Signer(KEY, secret, ORG), 'SECRET');
      throwsCode(() => verify(TOKEN, secret), 'SECRET');
    }
    throwsCode(() => sign('bad key', 'abc\uD800', ORG), 'ACCESS_KEY');
    // A well-formed pair is a character like any other (U+1F600 here).
    assert.ok(sign(KEY, 'abc\uD83D\uDE00', ORG));
  });

  test('TTL: outside 1 to 60 seconds, not whole seconds, beyond what a uint32_t holds', () => {
    const signer = new Signer(KEY, SECRET, ORG);
    for (const ttl of [
      0,
      1.5,
      30.5,
      NaN,
      Infinity,
      -Infinity,
      61,
      -1,
      -30,
      2 ** 32,
      2 ** 32 + 30,
      2 ** 40,
      Number.MAX_SAFE_INTEGER,
      1e300,
    ]) {
      throwsCode(() => signer.sign({ issuedAt: IAT, ttl }), 'TTL');
      throwsCode(() => sign(KEY, SECRET, ORG, { issuedAt: IAT, ttl }), 'TTL');
    }
    assert.ok(signer.sign({ ttl: 1 }) && signer.sign({ ttl: 60 }));
    signer.close();
  });

  test('TIME: before the epoch, above 2^64 - 1, or exp above 2^53 - 1', () => {
    const signer = new Signer(KEY, SECRET, ORG);
    const times = [
      ...[-1, -1n, new Date(-1000), new Date(-1), new Date(NaN), 2n ** 64n, 2n ** 53n],
      ...[2 ** 53 - 30, 2 ** 53, 2 ** 64, 1.5, NaN, Infinity, -Infinity],
    ];
    for (const issuedAt of times) {
      throwsCode(() => signer.sign({ issuedAt }), 'TIME');
      throwsCode(() => sign(KEY, SECRET, ORG, { issuedAt }), 'TIME');
    }
    // The library's own message: a status it returned is never re-decorated.
    const err = throwsCode(() => signer.sign({ issuedAt: -5 }), 'TIME');
    assert.equal(err.message, new MeshesTokenError(statusCodes.TIME).message);
    assert.ok(signer.sign({ issuedAt: 2 ** 53 - 31 }));
    assert.ok(signer.sign({ issuedAt: 2n ** 53n - 2n, ttl: 1 }));
    signer.close();
    // A verification time before the epoch: TIME, before any rule of the library.
    for (const now of [-1, -1n, -0.5, NaN, -Infinity, new Date(-1), new Date(NaN)]) {
      throwsCode(() => verify(TOKEN, SECRET, { now }), 'TIME');
      throwsCode(() => verify(TOKEN, SECRET, { now, leeway: -1 }), 'TIME');
    }
    // After the largest uint64_t: every token has expired.
    for (const now of [2n ** 64n, 2 ** 64, Infinity]) {
      throwsCode(() => verify(TOKEN, SECRET, { now }), 'EXPIRED');
    }
    // A time with a fraction is truncated to its second, as a Date is.
    assert.ok(verify(TOKEN, SECRET, { now: IAT + 29.9 }));
    for (const leeway of [-1, 1.5, 2 ** 32, NaN, Infinity]) {
      throwsCode(() => verify(TOKEN, SECRET, { now: IAT, leeway }), 'LEEWAY');
    }
    // The largest values are passed on: the library finds the token expired, or the leeway
    // above its cap (300 s).
    throwsCode(
      () => verify(TOKEN, SECRET, { now: 2n ** 64n - 1n, leeway: meshesToken.limits.LEEWAY_MAX }),
      'EXPIRED',
    );
    for (const leeway of [meshesToken.limits.LEEWAY_MAX + 1, 2 ** 32 - 1]) {
      throwsCode(() => verify(TOKEN, SECRET, { now: IAT, leeway }), 'LEEWAY');
    }
  });

  test('CLOCK: a system clock before the epoch', (t) => {
    t.mock.method(Date, 'now', () => -1000);
    const signer = new Signer(KEY, SECRET, ORG);
    throwsCode(() => signer.sign(), 'CLOCK');
    throwsCode(() => sign(KEY, SECRET, ORG), 'CLOCK');
    throwsCode(() => verify(TOKEN, SECRET), 'CLOCK');
    signer.close();
  });

  test('UNINITIALIZED: a closed signer', () => {
    const signer = new Signer(KEY, SECRET, ORG);
    signer.close();
    const err = throwsCode(() => signer.sign(), 'UNINITIALIZED');
    assert.equal(err.message, new MeshesTokenError(statusCodes.UNINITIALIZED).message);
    // The library's own order: the signer's state is checked before the ttl.
    throwsCode(() => signer.sign({ issuedAt: IAT, ttl: 0 }), 'UNINITIALIZED');
  });

  test('verify: SIGNATURE, EXPIRED, NOT_YET_VALID, MALFORMED, with leeway', () => {
    throwsCode(() => verify(TOKEN, `${SECRET}x`, { now: IAT }), 'SIGNATURE');
    throwsCode(() => verify(TOKEN, SECRET, { now: IAT + 30 }), 'EXPIRED');
    assert.ok(verify(TOKEN, SECRET, { now: IAT + 30, leeway: 1 }));
    throwsCode(() => verify(TOKEN, SECRET, { now: IAT + 31, leeway: 1 }), 'EXPIRED');
    throwsCode(() => verify(TOKEN, SECRET, { now: IAT - 1 }), 'NOT_YET_VALID');
    assert.ok(verify(TOKEN, SECRET, { now: IAT - 1, leeway: 1 }));
    assert.ok(verify(TOKEN, SECRET, { now: new Date(IAT * 1000 + 999) }));
    throwsCode(() => verify(TOKEN, SECRET), 'EXPIRED'); // now: the system clock
    throwsCode(() => verify('', SECRET), 'MALFORMED');
    throwsCode(() => verify(`${TOKEN}${'A'.repeat(2000)}`, SECRET), 'MALFORMED');
    throwsCode(() => verify(TOKEN, '', { now: IAT }), 'SECRET');
    throwsCode(() => verify('a.b', ''), 'SECRET'); // the secret is checked first
  });

  test('keyId: MALFORMED and CLAIMS', () => {
    assert.equal(keyId(TOKEN), KEY);
    throwsCode(() => keyId(''), 'MALFORMED');
    throwsCode(() => keyId('not a token'), 'MALFORMED');
    throwsCode(() => keyId('é'.repeat(2000)), 'MALFORMED');
    const noKid = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.e30.sig`;
    throwsCode(() => keyId(noKid), 'CLAIMS');
  });

  test('Signer.fromEnv: the status of each missing variable', () => {
    const env = { MESHES_ACCESS_KEY: KEY, MESHES_SECRET_KEY: SECRET, MESHES_ORG_ID: ORG };
    const signer = Signer.fromEnv(env);
    assert.equal(signer.sign({ issuedAt: IAT }), TOKEN);
    signer.close();
    const missing = {
      MESHES_ACCESS_KEY: 'ACCESS_KEY',
      MESHES_SECRET_KEY: 'SECRET',
      MESHES_ORG_ID: 'ORG_ID',
    };
    for (const [name, code] of Object.entries(missing)) {
      const err = throwsCode(() => Signer.fromEnv({ ...env, [name]: undefined }), code);
      assert.match(err.message, new RegExp(`${name} is not set`));
    }
    throwsCode(() => Signer.fromEnv({ ...env, MESHES_SECRET_KEY: `${SECRET}\n` }), 'SECRET');
  });
});

describe('TypeErrors, before any native call', () => {
  const notStrings = [
    undefined,
    null,
    42,
    1n,
    true,
    {},
    [],
    Symbol('s'),
    () => {},
    new String('x'),
  ];
  const notSecrets = [
    ...notStrings,
    new Uint16Array(4),
    new ArrayBuffer(4),
    new DataView(new ArrayBuffer(4)),
  ];
  const notTimes = ['1767225600', null, true, {}, [], () => {}];
  const notNumbers = ['30', 30n, null, true, {}];
  const notOptions = [null, 'x', 5, true, 1n];

  /** Asserts that every call throws a TypeError (with Node's code) and none reaches the library. */
  function assertTypeErrors(t, calls) {
    const count = countNativeCalls(t, () => {
      for (const call of calls) {
        const err = thrown(call);
        assert.ok(err instanceof TypeError, `not a TypeError: ${err}`);
        assert.equal(err.code, 'ERR_INVALID_ARG_TYPE');
      }
    });
    assert.equal(count, 0);
  }

  test('strings and secrets', (t) => {
    const signer = new Signer(KEY, SECRET, ORG);
    assertTypeErrors(t, [
      ...notStrings.flatMap((bad) => [
        () => sign(bad, SECRET, ORG),
        () => sign(KEY, SECRET, bad),
        () => new Signer(bad, SECRET, ORG),
        () => new Signer(KEY, SECRET, bad),
        () => verify(bad, SECRET),
        () => keyId(bad),
      ]),
      ...notSecrets.flatMap((bad) => [
        () => sign(KEY, bad, ORG),
        () => new Signer(KEY, bad, ORG),
        () => verify(TOKEN, bad),
      ]),
      // Types are checked before values: a bad key does not hide a bad secret type.
      () => sign('bad key', 42, ORG),
      () => Signer.fromEnv(null),
      () => Signer.fromEnv({ MESHES_ACCESS_KEY: KEY, MESHES_SECRET_KEY: 42, MESHES_ORG_ID: ORG }),
    ]);
    signer.close();
  });

  test('times, ttl, leeway and options', (t) => {
    const signer = new Signer(KEY, SECRET, ORG);
    assertTypeErrors(t, [
      ...notTimes.flatMap((issuedAt) => [
        () => signer.sign({ issuedAt }),
        () => sign(KEY, SECRET, ORG, { issuedAt }),
        () => verify(TOKEN, SECRET, { now: issuedAt }),
      ]),
      ...notNumbers.flatMap((bad) => [
        () => signer.sign({ issuedAt: IAT, ttl: bad }),
        () => sign(KEY, SECRET, ORG, { ttl: bad }),
        () => verify(TOKEN, SECRET, { now: IAT, leeway: bad }),
      ]),
      ...notOptions.flatMap((bad) => [
        () => signer.sign(bad),
        () => sign(KEY, SECRET, ORG, bad),
        () => verify(TOKEN, SECRET, bad),
      ]),
      // A bad type after a bad value is still a TypeError, with no native call.
      () => sign('bad key', SECRET, ORG, { ttl: '30' }),
    ]);
    assert.throws(() => Signer(KEY, SECRET, ORG), TypeError); // without `new`
    signer.close();
  });

  test('messages name the argument and a number, never other contents', () => {
    const err = thrown(() => sign(KEY, SECRET, ORG, { ttl: '1.5' }));
    assert.match(err.message, /"options\.ttl".*Received type string$/);
    const secretErr = thrown(() => sign(KEY, 12345678, ORG));
    assert.match(secretErr.message, /"secret".*Received type number$/);
  });
});

describe('the secret is never in an error', () => {
  const SENTINEL = 'SENTINEL-do-not-leak-7f0c1e';
  const variants = [
    SENTINEL,
    `${SENTINEL}\n`,
    `${SENTINEL} with a space`,
    `${SENTINEL}\uD800`,
    SENTINEL.repeat(100),
    Buffer.from(SENTINEL),
    Buffer.from(`${SENTINEL}\n`),
  ];

  function assertClean(err) {
    assert.ok(err instanceof Error);
    for (const text of [err.message, err.stack, inspect(err), JSON.stringify(err), String(err)]) {
      assert.ok(!text.includes('SENTINEL'), `leaked: ${text}`);
    }
  }

  test('in any error path of sign, Signer and verify', () => {
    for (const secret of variants) {
      const signer = (() => {
        try {
          return new Signer(KEY, secret, ORG);
        } catch (err) {
          assertClean(err);
          return undefined;
        }
      })();
      const calls = [
        () => sign('bad key', secret, ORG),
        () => sign(KEY, secret, 'Bad-Org'),
        () => sign(KEY, secret, ORG),
        () => sign(KEY, secret, ORG, { ttl: 0 }),
        () => sign(KEY, secret, ORG, { issuedAt: -1 }),
        () => sign(KEY, secret, ORG, { ttl: 'x' }),
        () => verify(TOKEN, secret, { now: IAT }),
        () => verify('x', secret),
        () => verify(TOKEN, secret, { now: -1 }),
        () => verify(TOKEN, secret, { leeway: 'x' }),
        () =>
          Signer.fromEnv({
            MESHES_ACCESS_KEY: 'bad key',
            MESHES_SECRET_KEY: secret,
            MESHES_ORG_ID: ORG,
          }),
        () => Signer.fromEnv({ MESHES_ACCESS_KEY: KEY, MESHES_SECRET_KEY: secret }),
      ];
      if (signer) {
        calls.push(
          () => signer.sign({ ttl: 0 }),
          () => signer.sign({ issuedAt: 2 ** 53 }),
        );
        calls.push(() => {
          signer.close();
          signer.sign();
        });
        assert.ok(!inspect(signer).includes('SENTINEL'));
        assert.ok(!JSON.stringify(signer).includes('SENTINEL'));
      }
      for (const call of calls) {
        try {
          call();
        } catch (err) {
          assertClean(err);
        }
      }
    }
  });

  test('in TypeErrors, whatever the bad value holds', () => {
    const sneaky = { toString: () => SENTINEL, valueOf: () => SENTINEL };
    for (const call of [
      () => sign(KEY, sneaky, ORG),
      () => new Signer(KEY, [SENTINEL], ORG),
      () => verify(TOKEN, sneaky),
      () => sign(KEY, SECRET, ORG, { ttl: sneaky }),
      () => sign(KEY, SECRET, ORG, { issuedAt: sneaky }),
    ]) {
      assertClean(thrown(call));
    }
  });
});
