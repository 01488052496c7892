'use strict';
// sign(): one token in one call, and the option handling that Signer#sign shares with it.

const { fn } = require('./library.cjs');
const memory = require('./memory.cjs');
const convert = require('./convert.cjs');
const { MeshesTokenError } = require('./errors.cjs');

/** The issued-at to pass for `options` (already checked to be undefined or an object). */
function issuedAtOf(options) {
  const value = options === undefined ? undefined : options.issuedAt;
  return value === undefined ? convert.now() : convert.issuedAt(value);
}

/** The ttl to pass for `options`. */
function ttlOf(options) {
  const value = options === undefined ? undefined : options.ttl;
  return value === undefined ? convert.DEFAULT_TTL : convert.ttl(value);
}

/**
 * Writes the three credentials into memory and calls `call(keyLen, secretLen, orgLen)`, which
 * returns a status; wipes the secret's copy whatever happens, and throws the error for a
 * failing status. The arguments must have been type-checked.
 */
function withCredentials(accessKey, secret, orgId, call) {
  const keyLen = memory.putAccessKey(accessKey);
  const orgLen = memory.putOrgId(orgId);
  const illFormed = typeof secret === 'string' && !convert.isWellFormed(secret);
  // A string with no UTF-8 form goes in as a secret the library rejects (SECRET).
  const secretLen = illFormed ? memory.INVALID_SECRET_LEN : memory.putSecret(secret);
  let status;
  try {
    status = call(keyLen, secretLen, orgLen);
  } finally {
    memory.wipeSecret(secretLen);
  }
  if (status !== 0) throw new MeshesTokenError(status);
}

/**
 * Mints one Meshes machine token: validation, keying and signing in one call. For more than
 * one token with the same credentials, a Signer is faster.
 */
function sign(accessKey, secret, orgId, options) {
  convert.text(accessKey, 'accessKey');
  convert.secret(secret);
  convert.text(orgId, 'orgId');
  convert.options(options);
  const issuedAt = issuedAtOf(options);
  const ttl = ttlOf(options);
  const { address, OUT_CAP } = memory;
  withCredentials(accessKey, secret, orgId, (keyLen, secretLen, orgLen) =>
    fn.signToken(
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
  return memory.takeOut();
}

module.exports = { sign, issuedAtOf, ttlOf, withCredentials };
