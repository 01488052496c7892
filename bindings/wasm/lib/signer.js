// Signer: one access key, secret and org id, validated and keyed once (as bindings/node's
// lib/signer.cjs). Its meshes_signer lives in a slot of the module's linear memory
// (wasm.takeSigner), wiped by meshes_signer_clear and given back on close().

import * as wasm from './wasm.js';
import * as convert from './convert.js';
import { MeshesTokenError, argTypeError } from './errors.js';
import { issuedAtOf, ttlOf, withCredentials } from './sign.js';
import { statuses } from './layout.js';

const { UNINITIALIZED } = statuses;
/** @type {Array<[string, number]>} */
const ENV_VARS = [
  ['MESHES_ACCESS_KEY', statuses.ACCESS_KEY],
  ['MESHES_SECRET_KEY', statuses.SECRET],
  ['MESHES_ORG_ID', statuses.ORG_ID],
];
/** What Node's util.inspect calls, without importing node:util (the package runs anywhere). */
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/** Wipes a signer slot and returns it to the free list. */
function release(address) {
  wasm.fn.meshes_signer_clear(address);
  // Signer#sign leaves copies of the signer's HMAC state in stack frames: wipe them too.
  wasm.wipeStack();
  wasm.releaseSigner(address);
}

// A safety net only: wipes the slot of a Signer that is garbage-collected without close().
// The held value is the slot's address, never the Signer.
const unclosed = new FinalizationRegistry(release);

/**
 * Mints Meshes machine tokens for one access key, secret and org id. The library's
 * meshes_signer (the HMAC state every token shares, computed once) lives in the module's
 * memory; the secret itself is kept by neither this object nor the library.
 */
export class Signer {
  #address; // of the meshes_signer in linear memory
  #accessKey;
  #orgId;
  #closed = false;

  /**
   * @param {string} accessKey the machine key's access key (the tokens' kid)
   * @param {string | Uint8Array} secret its secret: a string (used as UTF-8) or raw bytes
   * @param {string} orgId the organization id (a lowercase UUID)
   */
  constructor(accessKey, secret, orgId) {
    wasm.ready();
    convert.text(accessKey, 'accessKey');
    convert.secret(secret);
    convert.text(orgId, 'orgId');
    const signer = wasm.takeSigner();
    const { address } = wasm;
    try {
      withCredentials(accessKey, secret, orgId, (keyLen, secretLen, orgLen) =>
        wasm.fn.meshes_signer_init(
          signer,
          address.accessKey,
          keyLen,
          address.secret,
          secretLen,
          address.orgId,
          orgLen,
        ),
      );
    } catch (err) {
      release(signer); // a failed init leaves the slot cleared; clear it again regardless
      throw err;
    }
    this.#address = signer;
    this.#accessKey = accessKey;
    this.#orgId = orgId;
    unclosed.register(this, signer, this);
  }

  /**
   * A Signer from MESHES_ACCESS_KEY, MESHES_SECRET_KEY and MESHES_ORG_ID, read from `env`
   * (process.env by default, where there is one) exactly as set: a trailing newline is
   * refused, not trimmed.
   */
  static fromEnv(env = globalThis.process?.env) {
    wasm.ready();
    if (typeof env !== 'object' || env === null) throw argTypeError('env', 'of type object', env);
    const values = ENV_VARS.map(([name, status]) => {
      const value = env[name];
      if (value === undefined) {
        throw new MeshesTokenError(status, `environment variable ${name} is not set`);
      }
      return value;
    });
    return new Signer(values[0], values[1], values[2]);
  }

  /** The access key the tokens carry as kid. */
  get accessKey() {
    return this.#accessKey;
  }

  /** The org id the tokens carry as org. */
  get orgId() {
    return this.#orgId;
  }

  /** Whether close() has been called. */
  get closed() {
    return this.#closed;
  }

  /**
   * Mints one token, issued at `options.issuedAt` (default now) and valid for `options.ttl`
   * seconds (default 30). Synchronous.
   */
  sign(options) {
    convert.options(options);
    const issuedAt = issuedAtOf(options);
    const ttl = ttlOf(options);
    // What the library answers for a cleared signer (its slot may serve another one now).
    if (this.#closed) throw new MeshesTokenError(UNINITIALIZED);
    const { address, OUT_CAP } = wasm;
    const status =
      wasm.fn.meshes_signer_sign(
        this.#address,
        issuedAt,
        ttl,
        address.out,
        OUT_CAP,
        address.outLen,
      ) >>> 0;
    if (status !== 0) throw new MeshesTokenError(status);
    return wasm.takeOut();
  }

  /**
   * Wipes the key material (meshes_signer_clear, and the module's stack); later sign() calls
   * throw a MeshesTokenError with code 'UNINITIALIZED'. Calling it again does nothing.
   */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    unclosed.unregister(this);
    release(this.#address);
  }

  [INSPECT]() {
    const state = this.#closed ? 'closed' : 'open';
    return `Signer { accessKey: '${this.#accessKey}', orgId: '${this.#orgId}', ${state} }`;
  }
}
