// tests/vectors/bad_calls.json, run through a package's API: the bad-argument policy of
// include/meshes_token.h's conventions, shared by this package's test and bindings/wasm's (so
// both packages give exactly the same codes). As the file's description says: every sign row
// through sign() and through a Signer built from its credentials (building fails only with
// the row's error), every verify row through verify() and through a Verifier (building fails
// only with SECRET: then the expected code is verifier_error when the row has one).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const FILE = new URL('../../../tests/vectors/bad_calls.json', import.meta.url);

/** The rows of bad_calls.json. */
export function badCalls() {
  return JSON.parse(readFileSync(FILE, 'utf8')).vectors;
}

/**
 * The values a JavaScript caller can give for a number of the row: the number JSON.parse
 * makes, and the exact bigint when the number is an integer (2^64 is exact either way).
 */
function numbers(value) {
  return Number.isInteger(value) ? [value, BigInt(value)] : [value];
}

/** What `call` threw (its code), or null and its result when it returned. */
function outcome(call) {
  try {
    return { code: null, result: call() };
  } catch (err) {
    if (!(err instanceof Error) || typeof err.code !== 'string') throw err;
    return { code: err.code, error: err };
  }
}

/** Asserts `call` gives the row's outcome through `path`: its error code, or success. */
function expect(api, row, path, call, code) {
  const got = outcome(call);
  const where = `${row.name} through ${path}`;
  assert.equal(got.code, code, `${where}: ${got.code ?? 'success'}, expected ${code ?? 'success'}`);
  if (code !== null) {
    assert.ok(got.error instanceof api.MeshesTokenError, `${where}: not a MeshesTokenError`);
    assert.equal(got.error.status, api.statusCodes[code], `${where}: status`);
    // The library's own message: a status it returned is never re-decorated.
    assert.equal(got.error.message, new api.MeshesTokenError(got.error.status).message, where);
  }
  return got.result;
}

/** The calls of one row, as [path, () => result, expected code]. */
function callsOf(api, row) {
  const calls = [];
  if (row.call === 'sign') {
    const { access_key: key, secret, org_id: org } = row;
    for (const iat of numbers(row.iat)) {
      for (const ttl of [row.ttl]) {
        const options = { issuedAt: iat, ttl };
        const label = `iat ${typeof iat}`;
        calls.push([`sign (${label})`, () => api.sign(key, secret, org, options), row.error]);
        calls.push([
          `Signer (${label})`,
          () => {
            const signer = new api.Signer(key, secret, org);
            try {
              return signer.sign(options);
            } finally {
              signer.close();
            }
          },
          row.error,
        ]);
      }
    }
  } else {
    const { token, secret, leeway } = row;
    for (const now of numbers(row.now)) {
      const options = { now, leeway };
      const label = `now ${typeof now}`;
      calls.push([`verify (${label})`, () => api.verify(token, secret, options), row.error]);
      calls.push([
        `Verifier (${label})`,
        () => {
          const verifier = new api.Verifier(secret);
          try {
            return verifier.verify(token, options);
          } finally {
            verifier.close();
          }
        },
        row.verifier_error ?? row.error,
      ]);
    }
  }
  return calls;
}

/**
 * Registers one test per row of bad_calls.json with `test` (node:test's), each running the
 * row through every path of `api` (a meshes-token package's exports).
 */
export function testBadCalls(test, api) {
  const rows = badCalls();
  test('bad_calls.json has sign and verify rows, and control rows', () => {
    assert.ok(rows.filter((r) => r.call === 'sign').length >= 10);
    assert.ok(rows.filter((r) => r.call === 'verify').length >= 8);
    assert.ok(rows.some((r) => r.error === null));
  });
  for (const row of rows) {
    test(`${row.name}: ${row.error ?? 'success'}`, () => {
      for (const [path, call, code] of callsOf(api, row)) {
        const result = expect(api, row, path, call, code);
        if (code === null && row.call === 'sign') assert.equal(result, row.token, path);
        if (code === null && row.call === 'verify') {
          assert.equal(result.issuedAt + 30, result.expiresAt, path);
        }
      }
    });
  }
}
