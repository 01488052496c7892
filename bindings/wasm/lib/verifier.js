// Verifier: one secret, validated and keyed once (as bindings/node's lib/verifier.cjs). Its
// meshes_verifier lives in a slot of the module's linear memory (wasm.takeVerifier), wiped by
// meshes_verifier_clear and given back on close().

import * as wasm from './wasm.js';
import * as convert from './convert.js';
import { MeshesTokenError } from './errors.js';
import { statuses } from './layout.js';
import { timesOf } from './verify.js';

const { UNINITIALIZED } = statuses;
/** What Node's util.inspect calls, without importing node:util (the package runs anywhere). */
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Wipes a verifier slot and returns it to the free list. */
function release(address) {
  wasm.fn.meshes_verifier_clear(address);
  // Verifier#verify leaves copies of the key state in stack frames: wipe them too.
  wasm.wipeStack();
  wasm.releaseVerifier(address);
}

// A safety net only: wipes the slot of a Verifier that is garbage-collected without close().
const unclosed = new FinalizationRegistry(release);

/**
 * Verifies Meshes machine tokens signed with one secret. The library's meshes_verifier (the
 * HMAC key state, computed once) lives in the module's memory, so each verify() hashes only
 * the token; it gives exactly what verify(token, secret, options) gives. A server keeps one
 * per access key and picks it by keyId(token).
 */
export class Verifier {
  #address; // of the meshes_verifier in linear memory
  #closed = false;

  /** @param {string | Uint8Array} secret a string (used as UTF-8) or raw bytes */
  constructor(secret) {
    wasm.ready();
    convert.secret(secret);
    const verifier = wasm.takeVerifier();
    const illFormed = typeof secret === 'string' && !convert.isWellFormed(secret);
    let status;
    try {
      const secretLen = illFormed ? wasm.INVALID_SECRET_LEN : wasm.putSecret(secret);
      status = wasm.fn.meshes_verifier_init(verifier, wasm.address.secret, secretLen) >>> 0;
    } finally {
      wasm.wipeSecret(); // and the stack, where the key state was derived
    }
    if (status !== 0) {
      release(verifier); // a failed init leaves the slot cleared; clear it again regardless
      throw new MeshesTokenError(status);
    }
    this.#address = verifier;
    unclosed.register(this, verifier, this);
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
    // What the library answers for a cleared verifier (its slot may serve another one now).
    if (this.#closed) throw new MeshesTokenError(UNINITIALIZED);
    const { address } = wasm;
    const status =
      wasm.fn.meshes_verifier_verify(
        this.#address,
        address.token,
        wasm.putToken(token),
        now,
        leeway,
        address.claims,
      ) >>> 0;
    if (status !== 0) throw new MeshesTokenError(status);
    return wasm.takeClaims();
  }

  /**
   * Wipes the key state (meshes_verifier_clear, and the module's stack); later verify()
   * calls throw a MeshesTokenError with code 'UNINITIALIZED'. Calling it again does
   * nothing.
   */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    unclosed.unregister(this);
    release(this.#address);
  }

  [INSPECT]() {
    return `Verifier { ${this.#closed ? 'closed' : 'open'} }`;
  }
}
