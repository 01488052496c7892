// Linear memory after calls that took a secret: no byte of it, and no byte anything derived
// from it, is left anywhere but in a live Signer's meshes_signer. Each check compares the
// whole memory before and after: every byte that differs must lie in a region that holds no
// secret (the inputs access key, org id and token, and the outputs).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Signer, sign, verify } from 'meshes-token-wasm';
import { address, memoryBytes, OUT_CAP } from '../lib/wasm.js';
import { claims as claimsLayout, limits, SIZE_T } from '../lib/layout.js';

const KEY = 'AK7f3kQ9mZ2pL8xR4tV6';
const SECRET = 'Zq8-unmistakable-secret-bytes_0123456789/ABCDEF=';
const ORG = '3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60';
const IAT = 1767225600;

/** The regions that never hold a secret: [start, end). */
const PUBLIC = [
  [address.outLen, address.outLen + SIZE_T],
  [address.claims, address.claims + claimsLayout.size],
  [address.out, address.out + OUT_CAP],
  [address.accessKey, address.accessKey + 3 * limits.ACCESS_KEY_MAX_LEN],
  [address.orgId, address.orgId + 3 * limits.ORG_ID_MAX_LEN],
  [address.token, address.token + 3 * limits.VERIFY_MAX_LEN],
];
const isPublic = (i) => PUBLIC.some(([start, end]) => i >= start && i < end);

/** Addresses outside PUBLIC where `after` differs from `before` (memory may have grown). */
function changed(before, after) {
  const found = [];
  for (let i = 0; i < after.length; i++) {
    if ((i < before.length ? before[i] : 0) !== after[i] && !isPublic(i)) found.push(i);
  }
  return found;
}

/** Whether `needle` occurs in `haystack`. */
function contains(haystack, needle) {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.length).includes(needle);
}

// Warm up: the first Signer takes a slot and may grow memory; later ones reuse it.
new Signer(KEY, SECRET, ORG).close();
verify(sign(KEY, SECRET, ORG), SECRET);

test('sign() leaves nothing of the secret in memory', () => {
  const before = memoryBytes().slice();
  assert.ok(sign(KEY, SECRET, ORG, { issuedAt: IAT }).startsWith('eyJ'));
  assert.deepEqual(changed(before, memoryBytes()), []);
  assert.ok(!contains(memoryBytes(), Buffer.from(SECRET)));
});

test('verify() leaves nothing of the secret in memory, valid or not', () => {
  const token = sign(KEY, SECRET, ORG, { issuedAt: IAT });
  const before = memoryBytes().slice();
  verify(token, SECRET, { now: IAT });
  assert.throws(() => verify(token, SECRET, { now: IAT + 60 }), { code: 'EXPIRED' });
  assert.throws(() => verify(`${token}x`, Buffer.from(SECRET), { now: IAT }));
  assert.deepEqual(changed(before, memoryBytes()), []);
});

test('a rejected secret is wiped too', () => {
  const before = memoryBytes().slice();
  assert.throws(() => sign(KEY, `${SECRET}\n`, ORG), { code: 'SECRET' });
  assert.throws(() => new Signer(KEY, SECRET, 'Bad-Org'), { code: 'ORG_ID' });
  assert.deepEqual(changed(before, memoryBytes()), []);
});

test('a Signer holds key material until close(), which wipes it and the stack', () => {
  const before = memoryBytes().slice();
  const signer = new Signer(KEY, SECRET, ORG);
  const token = signer.sign({ issuedAt: IAT });
  assert.ok(!contains(memoryBytes(), Buffer.from(SECRET)), 'the secret itself is never kept');
  assert.notDeepEqual(changed(before, memoryBytes()), [], 'the signer state is in memory');
  signer.close();
  assert.deepEqual(changed(before, memoryBytes()), []);
  assert.equal(sign(KEY, SECRET, ORG, { issuedAt: IAT }), token);
});

test('the slot of a closed Signer is reused, and the other Signers are unaffected', () => {
  const a = new Signer(KEY, SECRET, ORG);
  const b = new Signer(KEY, 'another-secret', ORG);
  const tokenA = a.sign({ issuedAt: IAT });
  a.close();
  const c = new Signer(KEY, SECRET, ORG);
  assert.equal(c.sign({ issuedAt: IAT }), tokenA);
  assert.throws(() => a.sign({ issuedAt: IAT }), { code: 'UNINITIALIZED' });
  assert.notEqual(b.sign({ issuedAt: IAT }), tokenA);
  b.close();
  c.close();
});

test('a thousand live Signers grow memory and each keeps its key', () => {
  const signers = Array.from({ length: 1000 }, (_, i) => new Signer(`AK${i}`, `secret-${i}`, ORG));
  for (const [i, signer] of signers.entries()) {
    const expected = sign(`AK${i}`, `secret-${i}`, ORG, { issuedAt: IAT });
    assert.equal(signer.sign({ issuedAt: IAT }), expected);
  }
  for (const signer of signers) signer.close();
});
