'use strict';
// verify() and keyId(): check a token, or read whose it claims to be.

const { fn } = require('./library.cjs');
const memory = require('./memory.cjs');
const convert = require('./convert.cjs');
const { MeshesTokenError } = require('./errors.cjs');

/**
 * Verifies a Meshes machine token with `secret` at `options.now` (default now), tolerating
 * `options.leeway` seconds (default 0) of clock skew both ways, and returns its claims.
 */
function verify(token, secret, options) {
  convert.text(token, 'token');
  convert.secret(secret);
  const { now, leeway } = timesOf(options);
  const { address } = memory;
  const tokenLen = memory.putToken(token);
  const illFormed = typeof secret === 'string' && !convert.isWellFormed(secret);
  const secretLen = illFormed ? memory.INVALID_SECRET_LEN : memory.putSecret(secret);
  let status;
  try {
    status = fn.verifyToken(
      address.token,
      tokenLen,
      address.secret,
      secretLen,
      now,
      leeway,
      address.claims,
    );
  } finally {
    memory.wipeSecret(secretLen);
  }
  if (status !== 0) throw new MeshesTokenError(status);
  return memory.takeClaims();
}

/** `options.now` (default now) and `options.leeway` (default 0), checked and converted. */
function timesOf(options) {
  convert.options(options);
  const nowOption = options === undefined ? undefined : options.now;
  const leewayOption = options === undefined ? undefined : options.leeway;
  const now = nowOption === undefined ? convert.now() : convert.verifyTime(nowOption);
  const leeway = leewayOption === undefined ? 0 : convert.leeway(leewayOption);
  return { now, leeway };
}

/**
 * Reads a token's kid (its access key) without verifying the token, so that a server can
 * look up the secret to verify it with. Never trust the result before verify() succeeds.
 */
function keyId(token) {
  convert.text(token, 'token');
  const { address, OUT_CAP } = memory;
  const status = fn.tokenKeyId(
    address.token,
    memory.putToken(token),
    address.out,
    OUT_CAP,
    address.outLen,
  );
  if (status !== 0) throw new MeshesTokenError(status);
  return memory.takeOut();
}

module.exports = { verify, keyId, timesOf };
