// sign(): one token in one call, and the option handling that Signer#sign shares with it (as
// bindings/node's lib/sign.cjs).

import * as wasm from './wasm.js';
import * as convert from './convert.js';
import { MeshesTokenError } from './errors.js';

/** The issued-at to pass for `options` (already checked to be undefined or an object). */
export function issuedAtOf(options) {
  const value = options === undefined ? undefined : options.issuedAt;
  return value === undefined ? convert.now() : convert.issuedAt(value);
}

/** The ttl to pass for `options`. */
export function ttlOf(options) {
  const value = options === undefined ? undefined : options.ttl;
  return value === undefined ? convert.DEFAULT_TTL : convert.ttl(value);
}

/**
 * Writes the three credentials into linear memory and calls `call(keyLen, secretLen,
 * orgLen)`, which returns a status; wipes the secret's copies whatever happens, and throws the
 * error for a failing status. The arguments must have been type-checked.
 */
export function withCredentials(accessKey, secret, orgId, call) {
  const keyLen = wasm.putAccessKey(accessKey);
  const orgLen = wasm.putOrgId(orgId);
  const illFormed = typeof secret === 'string' && !convert.isWellFormed(secret);
  let status;
  try {
    // A string with no UTF-8 form goes in as a secret the library rejects (SECRET).
    const secretLen = illFormed ? wasm.INVALID_SECRET_LEN : wasm.putSecret(secret);
    status = call(keyLen, secretLen, orgLen) >>> 0;
  } finally {
    wasm.wipeSecret();
  }
  if (status !== 0) throw new MeshesTokenError(status);
}

/**
 * Mints one Meshes machine token: validation, keying and signing in one call. For more than
 * one token with the same credentials, a Signer is faster.
 */
export function sign(accessKey, secret, orgId, options) {
  wasm.ready();
  convert.text(accessKey, 'accessKey');
  convert.secret(secret);
  convert.text(orgId, 'orgId');
  convert.options(options);
  const issuedAt = issuedAtOf(options);
  const ttl = ttlOf(options);
  const { address, OUT_CAP } = wasm;
  withCredentials(accessKey, secret, orgId, (keyLen, secretLen, orgLen) =>
    wasm.fn.meshes_sign_token(
      address.accessKey,
      keyLen,
      address.secret,
      secretLen,
      address.orgId,
      orgLen,
      issuedAt,
      ttl,
      address.out,
      OUT_CAP,
      address.outLen,
    ),
  );
  return wasm.takeOut();
}
