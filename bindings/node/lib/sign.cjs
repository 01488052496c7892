'use strict';
// sign(): one token in one call, and the option handling and failure details that
// Signer#sign shares with it.

const { fn } = require('./library.cjs');
const memory = require('./memory.cjs');
const convert = require('./convert.cjs');
const { MeshesTokenError, statusOf } = require('./errors.cjs');

const ERR_SECRET = statusOf('ERR_SECRET');

/** The issued-at to pass for `options` (already checked to be undefined or an object). */
function issuedAtOf(options) {
  const value = options === undefined ? undefined : options.issuedAt;
  if (value === undefined) return convert.now();
  const iat = convert.seconds(value, 'options.issuedAt');
  return iat === convert.OUT_OF_RANGE ? convert.ISSUED_AT_REJECTED : iat;
}

/** The ttl to pass for `options`. */
function ttlOf(options) {
  const value = options === undefined ? undefined : options.ttl;
  return value === undefined ? convert.DEFAULT_TTL : convert.ttl(value);
}

/**
 * The error for a failing status, saying why when the cause was a value this package
 * substituted (convert.cjs): a time out of range or a secret string with no UTF-8 form.
 */
function signFailure(status, issuedAt, secretIllFormed) {
  let detail;
  if (status === convert.ERR_TIME && issuedAt === convert.ISSUED_AT_REJECTED) {
    detail = 'issuedAt must be from the Unix epoch to 2^64 - 1 seconds after it';
  } else if (status === ERR_SECRET && secretIllFormed) {
    detail = convert.ILL_FORMED_SECRET;
  }
  return new MeshesTokenError(status, detail);
}

/**
 * Writes the three credentials into memory and calls `call(keyLen, secretLen, orgLen)`, which
 * returns a status; wipes the secret's copy whatever happens, and throws the error for a
 * failing status. The arguments must have been type-checked.
 */
function withCredentials(accessKey, secret, orgId, issuedAt, call) {
  const keyLen = memory.putAccessKey(accessKey);
  const orgLen = memory.putOrgId(orgId);
  const illFormed = typeof secret === 'string' && !convert.isWellFormed(secret);
  const secretLen = illFormed ? memory.INVALID_SECRET_LEN : memory.putSecret(secret);
  let status;
  try {
    status = call(keyLen, secretLen, orgLen);
  } finally {
    memory.wipeSecret(secretLen);
  }
  if (status !== 0) throw signFailure(status, issuedAt, illFormed);
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
  withCredentials(accessKey, secret, orgId, issuedAt, (keyLen, secretLen, orgLen) =>
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

module.exports = { sign, issuedAtOf, ttlOf, signFailure, withCredentials };
