// sign(): one token in one call, and the option handling and failure details that
// Signer#sign shares with it (as bindings/node's lib/sign.cjs).

import * as wasm from './wasm.js';
import * as convert from './convert.js';
import { MeshesTokenError } from './errors.js';
import { statuses } from './layout.js';

const { ERR_SECRET } = statuses;

/** The issued-at to pass for `options` (already checked to be undefined or an object). */
export function issuedAtOf(options) {
  const value = options === undefined ? undefined : options.issuedAt;
  if (value === undefined) return convert.now();
  const iat = convert.seconds(value, 'options.issuedAt');
  return iat === convert.OUT_OF_RANGE ? convert.ISSUED_AT_REJECTED : iat;
}

/** The ttl to pass for `options`. */
export function ttlOf(options) {
  const value = options === undefined ? undefined : options.ttl;
  return value === undefined ? convert.DEFAULT_TTL : convert.ttl(value);
}

/**
 * The error for a failing status, saying why when the cause was a value this package
 * substituted (convert.js): a time out of range or a secret string with no UTF-8 form.
 */
export function signFailure(status, issuedAt, secretIllFormed) {
  let detail;
  if (status === convert.ERR_TIME && issuedAt === convert.ISSUED_AT_REJECTED) {
    detail = 'issuedAt must be from the Unix epoch to 2^64 - 1 seconds after it';
  } else if (status === ERR_SECRET && secretIllFormed) {
    detail = convert.ILL_FORMED_SECRET;
  }
  return new MeshesTokenError(status, detail);
}

/**
 * Writes the three credentials into linear memory and calls `call(keyLen, secretLen,
 * orgLen)`, which returns a status; wipes the secret's copies whatever happens, and throws the
 * error for a failing status. The arguments must have been type-checked.
 */
export function withCredentials(accessKey, secret, orgId, issuedAt, call) {
  const keyLen = wasm.putAccessKey(accessKey);
  const orgLen = wasm.putOrgId(orgId);
  const illFormed = typeof secret === 'string' && !convert.isWellFormed(secret);
  let status;
  try {
    const secretLen = illFormed ? wasm.INVALID_SECRET_LEN : wasm.putSecret(secret);
    status = call(keyLen, secretLen, orgLen) >>> 0;
  } finally {
    wasm.wipeSecret();
  }
  if (status !== 0) throw signFailure(status, issuedAt, illFormed);
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
  withCredentials(accessKey, secret, orgId, issuedAt, (keyLen, secretLen, orgLen) =>
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
