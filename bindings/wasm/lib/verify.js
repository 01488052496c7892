// verify() and keyId(): check a token, or read whose it claims to be (as bindings/node's
// lib/verify.cjs).

import * as wasm from './wasm.js';
import * as convert from './convert.js';
import { MeshesTokenError } from './errors.js';

/**
 * Verifies a Meshes machine token with `secret` at `options.now` (default now), tolerating
 * `options.leeway` seconds (default 0) of clock skew both ways, and returns its claims.
 */
export function verify(token, secret, options) {
  wasm.ready();
  convert.text(token, 'token');
  convert.secret(secret);
  const { now, leeway } = timesOf(options);
  const { address } = wasm;
  const tokenLen = wasm.putToken(token);
  const illFormed = typeof secret === 'string' && !convert.isWellFormed(secret);
  let status;
  try {
    const secretLen = illFormed ? wasm.INVALID_SECRET_LEN : wasm.putSecret(secret);
    status =
      wasm.fn.meshes_verify_token(
        address.token,
        tokenLen,
        address.secret,
        secretLen,
        now,
        leeway,
        address.claims,
      ) >>> 0;
  } finally {
    wasm.wipeSecret();
  }
  if (status !== 0) throw new MeshesTokenError(status);
  return wasm.takeClaims();
}

/** `options.now` (default now) and `options.leeway` (default 0), checked and converted. */
export function timesOf(options) {
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
export function keyId(token) {
  wasm.ready();
  convert.text(token, 'token');
  const { address, OUT_CAP } = wasm;
  const status =
    wasm.fn.meshes_token_key_id(
      address.token,
      wasm.putToken(token),
      address.out,
      OUT_CAP,
      address.outLen,
    ) >>> 0;
  if (status !== 0) throw new MeshesTokenError(status);
  return wasm.takeOut();
}
