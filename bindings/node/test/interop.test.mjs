// Our tokens verify with the two Node JWT libraries the Meshes SDKs use: jose's jwtVerify and
// jsonwebtoken's verify, with every claim and header field checked, not just the signature.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { jwtVerify } from 'jose';
import jsonwebtoken from 'jsonwebtoken';
import { meshesToken, vectors } from './helpers.mjs';

const { Signer, sign } = meshesToken;
// A JS Date holds at most 8.64e15 ms, so jose (which takes `currentDate` as a Date) cannot
// check tokens issued after that second.
const DATE_MAX_SECONDS = 8.64e12;

/** The header and payload every token of these credentials and times must have, exactly. */
function expected(accessKey, orgId, iat, exp) {
  return {
    header: { alg: 'HS256', typ: 'JWT', kid: accessKey },
    payload: { iss: `urn:meshes:m2m:${accessKey}`, aud: 'meshes-api', org: orgId, iat, exp },
  };
}

async function checkWithJose(token, secret, want, now) {
  const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(secret), {
    issuer: want.payload.iss,
    audience: 'meshes-api',
    algorithms: ['HS256'],
    typ: 'JWT',
    currentDate: new Date(now * 1000),
  });
  assert.deepEqual(protectedHeader, want.header);
  assert.deepEqual(payload, want.payload);
}

function checkWithJsonwebtoken(token, secret, want, now) {
  const { header, payload } = jsonwebtoken.verify(token, secret, {
    algorithms: ['HS256'],
    audience: 'meshes-api',
    issuer: want.payload.iss,
    clockTimestamp: now,
    complete: true,
  });
  assert.deepEqual(header, want.header);
  assert.deepEqual(payload, want.payload);
}

describe('tokens of every signing vector', () => {
  for (const v of vectors('tokens.json')) {
    const iat = Number(v.iat_str);
    const want = expected(v.access_key, v.org_id, iat, Number(v.exp_str));
    const signer = new Signer(v.access_key, v.secret, v.org_id);
    const token = signer.sign({ issuedAt: iat, ttl: v.ttl });
    signer.close();

    test(`${v.name}: jsonwebtoken.verify at iat and exp - 1, not at exp`, () => {
      checkWithJsonwebtoken(token, v.secret, want, iat);
      checkWithJsonwebtoken(token, v.secret, want, want.payload.exp - 1);
      assert.throws(
        () => checkWithJsonwebtoken(token, v.secret, want, want.payload.exp),
        jsonwebtoken.TokenExpiredError,
      );
    });

    test(`${v.name}: jose jwtVerify at iat and exp - 1, not at exp`, async (t) => {
      if (want.payload.exp > DATE_MAX_SECONDS) {
        t.skip('beyond the range of a JS Date');
        return;
      }
      await checkWithJose(token, v.secret, want, iat);
      await checkWithJose(token, v.secret, want, want.payload.exp - 1);
      await assert.rejects(checkWithJose(token, v.secret, want, want.payload.exp), {
        code: 'ERR_JWT_EXPIRED',
      });
    });
  }
});

test('tokens issued now with the default ttl verify with both, without a fixed clock', async () => {
  const accessKey = 'mk_live_Interop-1.0';
  const secret = 'a-secret-of-the-usual-kind-0123456789';
  const orgId = '0b7a3c2e-1d4f-4a6b-8c9d-0e1f2a3b4c5d';
  const signer = new Signer(accessKey, secret, orgId);
  const before = Math.floor(Date.now() / 1000);
  const tokens = [signer.sign(), sign(accessKey, Buffer.from(secret), orgId)];
  const after = Math.floor(Date.now() / 1000);
  signer.close();
  for (const token of tokens) {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      issuer: `urn:meshes:m2m:${accessKey}`,
      audience: 'meshes-api',
      algorithms: ['HS256'],
    });
    assert.ok(payload.iat >= before && payload.iat <= after);
    assert.equal(payload.exp - payload.iat, 30);
    const want = expected(accessKey, orgId, payload.iat, payload.exp);
    checkWithJsonwebtoken(token, secret, want, payload.iat);
    await checkWithJose(token, secret, want, payload.iat);
  }
});
