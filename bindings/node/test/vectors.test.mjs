// Every conformance vector of tests/vectors/ (see its README.md): exact tokens, every
// producer's token verified, the claims of hand-crafted tokens, and the exact error of every
// rejected token and input.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { meshesToken, vectors, seconds, thrown } from './helpers.mjs';

const { Signer, Verifier, sign, verify, keyId, MeshesTokenError, statusCodes } = meshesToken;
const PRODUCERS = ['jsonwebtoken', 'jose', 'pyjwt', 'go_sdk'];

/**
 * What a Verifier for `secret` gives for `token`: the constructor's error when it refuses the
 * secret (verify's second rule), else the claims or error of its verify().
 */
function withVerifier(secret, token, options) {
  const verifier = new Verifier(secret);
  try {
    return verifier.verify(token, options);
  } finally {
    verifier.close();
  }
}

/** Asserts that `err` is the MeshesTokenError of the vectors' error name (e.g. 'MALFORMED'). */
function assertStatus(err, name) {
  assert.ok(err instanceof MeshesTokenError, `not a MeshesTokenError: ${err}`);
  assert.equal(err.code, name);
  assert.equal(err.status, statusCodes[name]);
}

describe('tokens.json', () => {
  for (const v of vectors('tokens.json')) {
    const issuedAt = seconds(v.iat_str);
    const expected = v.tokens.jsonwebtoken;
    const claims = {
      accessKey: v.access_key,
      orgId: v.org_id,
      issuedAt: Number(v.iat_str),
      expiresAt: Number(v.exp_str),
    };

    test(`${v.name}: Signer#sign gives the jsonwebtoken token byte for byte`, () => {
      const signer = new Signer(v.access_key, v.secret, v.org_id);
      try {
        assert.equal(signer.sign({ issuedAt, ttl: v.ttl }), expected);
        assert.equal(signer.sign({ issuedAt: BigInt(v.iat_str), ttl: v.ttl }), expected);
      } finally {
        signer.close();
      }
    });

    test(`${v.name}: sign() gives it too, from the secret as a string and as bytes`, () => {
      assert.equal(sign(v.access_key, v.secret, v.org_id, { issuedAt, ttl: v.ttl }), expected);
      const bytes = Buffer.from(v.secret, 'utf8');
      assert.equal(sign(v.access_key, bytes, v.org_id, { issuedAt, ttl: v.ttl }), expected);
      const plain = new Uint8Array(bytes);
      assert.equal(sign(v.access_key, plain, v.org_id, { issuedAt, ttl: v.ttl }), expected);
    });

    test(`${v.name}: verify accepts every producer's token from iat to exp - 1`, () => {
      const last = seconds(String(BigInt(v.exp_str) - 1n));
      for (const producer of PRODUCERS) {
        const token = v.tokens[producer];
        assert.deepEqual(verify(token, v.secret, { now: issuedAt }), claims, producer);
        assert.deepEqual(verify(token, v.secret, { now: last }), claims, producer);
        const late = thrown(() => verify(token, v.secret, { now: seconds(v.exp_str) }));
        assertStatus(late, 'EXPIRED');
        assert.equal(keyId(token), v.access_key, producer);
        assert.deepEqual(withVerifier(v.secret, token, { now: last }), claims, producer);
        const lateV = thrown(() => withVerifier(v.secret, token, { now: seconds(v.exp_str) }));
        assertStatus(lateV, 'EXPIRED');
      }
    });
  }
});

describe('verify_valid.json', () => {
  for (const v of vectors('verify_valid.json')) {
    test(v.name, () => {
      const options = { now: seconds(v.now_str), leeway: v.leeway };
      const claims = verify(v.token, v.secret, options);
      assert.deepEqual(claims, {
        accessKey: v.claims.access_key,
        orgId: v.claims.org_id,
        issuedAt: Number(v.claims.iat_str),
        expiresAt: Number(v.claims.exp_str),
      });
      assert.deepEqual(withVerifier(v.secret, v.token, options), claims);
    });
  }
});

describe('verify_invalid.json', () => {
  for (const v of vectors('verify_invalid.json')) {
    test(`${v.name}: ${v.error}`, () => {
      const options = { now: seconds(v.now_str), leeway: v.leeway };
      assertStatus(
        thrown(() => verify(v.token, v.secret, options)),
        v.error,
      );
      assertStatus(
        thrown(() => withVerifier(v.secret, v.token, options)),
        v.error,
      );
    });
  }
});

describe('sign_invalid.json', () => {
  for (const v of vectors('sign_invalid.json')) {
    const options = { issuedAt: seconds(v.iat_str), ttl: v.ttl };
    test(`${v.name}: ${v.error} from sign()`, () => {
      assertStatus(
        thrown(() => sign(v.access_key, v.secret, v.org_id, options)),
        v.error,
      );
    });
    test(`${v.name}: ${v.error} from Signer`, () => {
      const err = thrown(() => {
        const signer = new Signer(v.access_key, v.secret, v.org_id);
        try {
          signer.sign(options);
        } finally {
          signer.close();
        }
      });
      assertStatus(err, v.error);
    });
  }
});
