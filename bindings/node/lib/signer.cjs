'use strict';
// Signer: one access key, secret and org id, validated and keyed once.

const { inspect } = require('node:util');
const { fn } = require('./library.cjs');
const memory = require('./memory.cjs');
const convert = require('./convert.cjs');
const { MeshesTokenError, statusOf, argTypeError } = require('./errors.cjs');
const { issuedAtOf, ttlOf, withCredentials } = require('./sign.cjs');

const { OUT_CAP } = memory;
const OUT = memory.address.out;
const OUT_LEN = memory.address.outLen;
const ENV_VARS = [
  ['MESHES_ACCESS_KEY', statusOf('ACCESS_KEY')],
  ['MESHES_SECRET_KEY', statusOf('SECRET')],
  ['MESHES_ORG_ID', statusOf('ORG_ID')],
];

// A safety net only: wipes the state of a Signer that is garbage-collected without close().
// The held value is the state's memory, never the Signer, so it does not keep the Signer
// alive; it does keep the memory alive until it has been wiped.
const unclosed = new FinalizationRegistry((state) => fn.signerClear(state.address));

/**
 * Mints Meshes machine tokens for one access key, secret and org id. The library's
 * meshes_signer (the HMAC state every token shares, computed once) lives in an ArrayBuffer
 * this object owns; the secret itself is kept by neither this object nor the library.
 */
class Signer {
  #state; // { buffer, address }: the meshes_signer's memory (memory.newSignerMemory)
  #address; // #state.address, read on every sign()
  #accessKey;
  #orgId;
  #closed = false;

  /**
   * @param {string} accessKey the machine key's access key (the tokens' kid)
   * @param {string | Uint8Array} secret its secret: a string (used as UTF-8) or raw bytes
   * @param {string} orgId the organization id (a lowercase UUID)
   */
  constructor(accessKey, secret, orgId) {
    convert.text(accessKey, 'accessKey');
    convert.secret(secret);
    convert.text(orgId, 'orgId');
    const state = memory.newSignerMemory();
    const { address } = memory;
    withCredentials(accessKey, secret, orgId, (keyLen, secretLen, orgLen) =>
      fn.signerInit(
        state.address,
        address.accessKey,
        keyLen,
        address.secret,
        secretLen,
        address.orgId,
        orgLen,
      ),
    );
    this.#state = state;
    this.#address = state.address;
    this.#accessKey = accessKey;
    this.#orgId = orgId;
    unclosed.register(this, state, this);
  }

  /**
   * A Signer from MESHES_ACCESS_KEY, MESHES_SECRET_KEY and MESHES_ORG_ID, read from `env`
   * (process.env by default) exactly as set: a trailing newline is refused, not trimmed.
   */
  static fromEnv(env = process.env) {
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
   * seconds (default 30). Synchronous: it takes about a microsecond.
   */
  sign(options) {
    convert.options(options);
    const issuedAt = issuedAtOf(options);
    const ttl = ttlOf(options);
    const status = fn.signerSign(this.#address, issuedAt, ttl, OUT, OUT_CAP, OUT_LEN);
    if (status !== 0) throw new MeshesTokenError(status);
    return memory.takeOut();
  }

  /**
   * Wipes the key material (meshes_signer_clear); later sign() calls throw a
   * MeshesTokenError with code 'UNINITIALIZED'. Calling it again does nothing.
   */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    unclosed.unregister(this);
    fn.signerClear(this.#state.address);
  }

  [inspect.custom]() {
    const state = this.#closed ? 'closed' : 'open';
    return `Signer { accessKey: '${this.#accessKey}', orgId: '${this.#orgId}', ${state} }`;
  }
}

module.exports = { Signer };
