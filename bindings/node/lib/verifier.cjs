'use strict';
// Verifier: one secret, validated and keyed once, for a server that checks many tokens.

const { inspect } = require('node:util');
const { fn } = require('./library.cjs');
const memory = require('./memory.cjs');
const convert = require('./convert.cjs');
const { MeshesTokenError } = require('./errors.cjs');
const { timesOf } = require('./verify.cjs');

// A safety net only, as for Signer: wipes the state of a Verifier collected without close().
const unclosed = new FinalizationRegistry((state) => fn.verifierClear(state.address));

/**
 * Verifies Meshes machine tokens signed with one secret. The library's meshes_verifier (the
 * HMAC key state, computed once) lives in an ArrayBuffer this object owns, so each verify()
 * hashes only the token; it gives exactly what verify(token, secret, options) gives. A server
 * keeps one per access key and picks it by keyId(token).
 */
class Verifier {
  #state; // { buffer, address }: the meshes_verifier's memory (memory.newVerifierMemory)
  #address;
  #closed = false;

  /** @param {string | Uint8Array} secret a string (used as UTF-8) or raw bytes */
  constructor(secret) {
    convert.secret(secret);
    const state = memory.newVerifierMemory();
    const illFormed = typeof secret === 'string' && !convert.isWellFormed(secret);
    const secretLen = illFormed ? memory.INVALID_SECRET_LEN : memory.putSecret(secret);
    let status;
    try {
      status = fn.verifierInit(state.address, memory.address.secret, secretLen);
    } finally {
      memory.wipeSecret(secretLen);
    }
    if (status !== 0) throw new MeshesTokenError(status);
    this.#state = state;
    this.#address = state.address;
    unclosed.register(this, state, this);
  }

  /** Whether close() has been called. */
  get closed() {
    return this.#closed;
  }

  /**
   * Verifies `token` at `options.now` (default now), tolerating `options.leeway` seconds
   * (default 0) of clock skew, and returns its claims; errors as verify().
   */
  verify(token, options) {
    convert.text(token, 'token');
    const { now, leeway } = timesOf(options);
    const { address } = memory;
    const status = fn.verifierVerify(
      this.#address,
      address.token,
      memory.putToken(token),
      now,
      leeway,
      address.claims,
    );
    if (status !== 0) throw new MeshesTokenError(status);
    return memory.takeClaims();
  }

  /**
   * Wipes the key state (meshes_verifier_clear); later verify() calls throw a
   * MeshesTokenError with code 'UNINITIALIZED'. Calling it again does nothing.
   */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    unclosed.unregister(this);
    fn.verifierClear(this.#state.address);
  }

  [inspect.custom]() {
    return `Verifier { ${this.#closed ? 'closed' : 'open'} }`;
  }
}

module.exports = { Verifier };
