// The conformance vectors of tests/vectors/ as a list of named checks, shared by the Node
// tests (vectors.test.mjs, edge.test.mjs) and the browser page (browser/page.html), so that
// Node, an edge-style isolate and Chromium run the very same checks. No Node API here.
//
// cases(api, files) takes the package (its module namespace, initialised) and the `vectors`
// of each file ({ tokens, verify_valid, verify_invalid, sign_invalid }); each case's run()
// throws on failure. A WebAssembly trap would throw a RuntimeError, failing its case.

const PRODUCERS = ['jsonwebtoken', 'jose', 'pyjwt', 'go_sdk'];
export const FILES = ['tokens', 'verify_valid', 'verify_invalid', 'sign_invalid'];

/** A decimal string of the vectors as a time: a number when exact, else a bigint. */
export function seconds(decimal) {
  const value = Number(decimal);
  return Number.isSafeInteger(value) ? value : BigInt(decimal);
}

function fail(message) {
  throw new Error(message);
}

function equal(actual, expected, what) {
  if (actual !== expected) fail(`${what}: got ${String(actual)}, expected ${String(expected)}`);
}

function sameClaims(actual, expected, what) {
  for (const key of ['accessKey', 'orgId', 'issuedAt', 'expiresAt']) {
    equal(actual[key], expected[key], `${what}: ${key}`);
  }
  equal(Object.keys(actual).length, 4, `${what}: number of claims`);
}

/** Runs `fn`, which must throw the MeshesTokenError of the vectors' error name. */
function throwsStatus(api, fn, name, what) {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof api.MeshesTokenError)) fail(`${what}: threw ${err}`);
    equal(err.code, name, `${what}: code`);
    equal(err.status, api.statusCodes[name], `${what}: status`);
    return;
  }
  fail(`${what}: no error, expected ${name}`);
}

/**
 * What a Verifier for `secret` gives for `token`: the constructor's error when it refuses the
 * secret (verify's second rule), else the claims or error of its verify().
 */
function withVerifier(api, secret, token, options) {
  const verifier = new api.Verifier(secret);
  try {
    return verifier.verify(token, options);
  } finally {
    verifier.close();
  }
}

/** Every check of the four files, as [{ name, run }]. */
export function cases(api, files) {
  const { Signer, sign, verify, keyId } = api;
  const list = [];
  const add = (name, run) => list.push({ name, run });
  const encoder = new TextEncoder();

  for (const v of files.tokens) {
    const issuedAt = seconds(v.iat_str);
    const expected = v.tokens.jsonwebtoken;
    const claims = {
      accessKey: v.access_key,
      orgId: v.org_id,
      issuedAt: Number(v.iat_str),
      expiresAt: Number(v.exp_str),
    };
    add(`tokens ${v.name}: Signer#sign gives the jsonwebtoken token byte for byte`, () => {
      const signer = new Signer(v.access_key, v.secret, v.org_id);
      try {
        equal(signer.sign({ issuedAt, ttl: v.ttl }), expected, 'number issuedAt');
        equal(signer.sign({ issuedAt: BigInt(v.iat_str), ttl: v.ttl }), expected, 'bigint');
      } finally {
        signer.close();
      }
    });
    add(`tokens ${v.name}: sign() gives it too, from the secret as a string and as bytes`, () => {
      equal(sign(v.access_key, v.secret, v.org_id, { issuedAt, ttl: v.ttl }), expected, 'str');
      const bytes = encoder.encode(v.secret);
      equal(sign(v.access_key, bytes, v.org_id, { issuedAt, ttl: v.ttl }), expected, 'bytes');
    });
    add(`tokens ${v.name}: verify accepts every producer's token from iat to exp - 1`, () => {
      const last = seconds(String(BigInt(v.exp_str) - 1n));
      for (const producer of PRODUCERS) {
        const token = v.tokens[producer];
        sameClaims(verify(token, v.secret, { now: issuedAt }), claims, `${producer} at iat`);
        sameClaims(verify(token, v.secret, { now: last }), claims, `${producer} at exp - 1`);
        const late = () => verify(token, v.secret, { now: seconds(v.exp_str) });
        throwsStatus(api, late, 'EXPIRED', `${producer} at exp`);
        equal(keyId(token), v.access_key, `${producer} keyId`);
        const byVerifier = withVerifier(api, v.secret, token, { now: last });
        sameClaims(byVerifier, claims, `${producer} Verifier at exp - 1`);
        const lateV = () => withVerifier(api, v.secret, token, { now: seconds(v.exp_str) });
        throwsStatus(api, lateV, 'EXPIRED', `${producer} Verifier at exp`);
      }
    });
  }

  for (const v of files.verify_valid) {
    add(`verify_valid ${v.name}`, () => {
      const claims = verify(v.token, v.secret, { now: seconds(v.now_str), leeway: v.leeway });
      const expected = {
        accessKey: v.claims.access_key,
        orgId: v.claims.org_id,
        issuedAt: Number(v.claims.iat_str),
        expiresAt: Number(v.claims.exp_str),
      };
      sameClaims(claims, expected, v.name);
      const options = { now: seconds(v.now_str), leeway: v.leeway };
      sameClaims(withVerifier(api, v.secret, v.token, options), expected, `${v.name} Verifier`);
    });
  }

  for (const v of files.verify_invalid) {
    add(`verify_invalid ${v.name}: ${v.error}`, () => {
      const options = { now: seconds(v.now_str), leeway: v.leeway };
      throwsStatus(api, () => verify(v.token, v.secret, options), v.error, v.name);
      const byVerifier = () => withVerifier(api, v.secret, v.token, options);
      throwsStatus(api, byVerifier, v.error, `${v.name} Verifier`);
    });
  }

  for (const v of files.sign_invalid) {
    const options = { issuedAt: seconds(v.iat_str), ttl: v.ttl };
    add(`sign_invalid ${v.name}: ${v.error} from sign()`, () => {
      throwsStatus(api, () => sign(v.access_key, v.secret, v.org_id, options), v.error, v.name);
    });
    add(`sign_invalid ${v.name}: ${v.error} from Signer`, () => {
      const signWithSigner = () => {
        const signer = new Signer(v.access_key, v.secret, v.org_id);
        try {
          signer.sign(options);
        } finally {
          signer.close();
        }
      };
      throwsStatus(api, signWithSigner, v.error, v.name);
    });
  }
  return list;
}
