// Verifier: the gateway pattern, close, inspection, argument errors.
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { test } from 'node:test';
import { meshesToken, thrown } from './helpers.mjs';

const { Verifier, sign, verify, keyId, MeshesTokenError } = meshesToken;
const KEY = 'AK7f3kQ9mZ2pL8xR4tV6';
const SECRET = 's3cr3t_Key-with/chars=0123456789abcdefABCDEF';
const ORG = '3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60';
const IAT = 1767225600;
const TOKEN = sign(KEY, SECRET, ORG, { issuedAt: IAT, ttl: 30 });

test('a gateway picks the Verifier by keyId and gets what verify gives', () => {
  const verifiers = new Map([
    [KEY, new Verifier(SECRET)],
    ['other', new Verifier('another-secret')],
  ]);
  const claims = verifiers.get(keyId(TOKEN)).verify(TOKEN, { now: IAT + 1 });
  assert.deepEqual(claims, verify(TOKEN, SECRET, { now: IAT + 1 }));
  assert.equal(
    thrown(() => verifiers.get('other').verify(TOKEN, { now: IAT + 1 })).code,
    'SIGNATURE',
  );
  for (const v of verifiers.values()) v.close();
});

test('errors: secret, leeway, time, types', () => {
  assert.equal(thrown(() => new Verifier('secret\n')).code, 'SECRET');
  assert.equal(thrown(() => new Verifier('\ud800')).code, 'SECRET');
  assert.ok(thrown(() => new Verifier(42)) instanceof TypeError);
  const v = new Verifier(Buffer.from(SECRET));
  try {
    assert.equal(thrown(() => v.verify(TOKEN, { now: IAT, leeway: 301 })).code, 'LEEWAY');
    assert.equal(thrown(() => v.verify(TOKEN, { now: IAT + 30 })).code, 'EXPIRED');
    assert.ok(thrown(() => v.verify(42, { now: IAT })) instanceof TypeError);
    assert.ok(thrown(() => v.verify(TOKEN, 'now')) instanceof TypeError);
  } finally {
    v.close();
  }
});

test('close wipes and refuses; inspect never shows the secret', () => {
  const v = new Verifier(SECRET);
  assert.equal(inspect(v), 'Verifier { open }');
  v.close();
  v.close();
  assert.equal(v.closed, true);
  assert.equal(inspect(v), 'Verifier { closed }');
  const err = thrown(() => v.verify(TOKEN, { now: IAT + 1 }));
  assert.ok(err instanceof MeshesTokenError);
  assert.equal(err.code, 'UNINITIALIZED');
});
