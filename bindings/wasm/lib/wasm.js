// The WebAssembly instance of meshes-token-ffi (the C ABI built for wasm32, no_std, no
// allocator) and the linear memory this package lays out around it.
//
// The module imports nothing and exports the C functions, its memory, __heap_base (the end of
// its static data) and __stack_pointer (its shadow stack grows down from there to 0: the
// build puts the stack first, so an overflow traps instead of writing over data). Everything
// from __heap_base up is this package's: fixed regions for inputs and outputs (one call at a
// time per instance: JS is single-threaded and the library calls nothing back), then the
// memory of the Signers, one slot of MESHES_SIGNER_SIZE bytes each, taken from a free list
// and added with memory.grow when none is free. The library never grows memory itself.
//
// Inputs: a string is written as UTF-8 into a region of 3 bytes per UTF-16 code unit of the
// longest valid input (the most UTF-8 those code units can take), so one that is not too
// long up front always fits whole; a longer one is passed as a length of max + 1 bytes, which
// the library rejects with the status of that argument in its own order of checks.
//
// Secrets: after every call that took a secret, the secret's region and the whole shadow
// stack (where the library's key blocks lived during the call) are zeroed.

import {
  limits,
  claims as claimsLayout,
  signer as signerLayout,
  verifier as verifierLayout,
  SIZE_T,
} from './layout.js';

const PAGE = 65536;
const { ACCESS_KEY_MAX_LEN, ORG_ID_MAX_LEN, SECRET_MAX_LEN, TOKEN_MAX_LEN, VERIFY_MAX_LEN } =
  limits;

/** Room for the longest token and the longest key id, each with its NUL. */
export const OUT_CAP = Math.max(TOKEN_MAX_LEN, ACCESS_KEY_MAX_LEN) + 1;
/** A secret's length that the library rejects with MESHES_ERR_SECRET, whatever the bytes. */
export const INVALID_SECRET_LEN = SECRET_MAX_LEN + 1;

/** The exports of the instance every call uses (set by init). */
export let fn = null;
/** The address of each region (set by init). */
export const address = {};
let memory = null;
let bytes = null; // a Uint8Array over the whole memory, renewed when the memory grows
let view = null; // a DataView over the same
let stackTop = 0;
let signerEnd = 0; // the end of the signer and verifier slots handed out so far
const freeSigners = [];
const freeVerifiers = [];

/** @type {Array<[string, number]>} */
const REGIONS = [
  ['outLen', SIZE_T],
  ['claims', claimsLayout.size],
  ['out', OUT_CAP],
  ['accessKey', 3 * ACCESS_KEY_MAX_LEN],
  ['orgId', 3 * ORG_ID_MAX_LEN],
  ['secret', 3 * SECRET_MAX_LEN],
  ['token', 3 * VERIFY_MAX_LEN],
];
const cap = {};

/** The C functions the package calls: the module must export every one. */
const FUNCTIONS = [
  'meshes_sign_token',
  'meshes_signer_init',
  'meshes_signer_sign',
  'meshes_signer_clear',
  'meshes_verifier_init',
  'meshes_verifier_verify',
  'meshes_verifier_clear',
  'meshes_verify_token',
  'meshes_token_key_id',
  'meshes_status_message',
  'meshes_status_name',
  'meshes_version',
];

function renewViews() {
  bytes = new Uint8Array(memory.buffer);
  view = new DataView(memory.buffer);
}

/** An Error with a Node-style `code`, for a module that is not meshes-token-ffi. */
export function moduleError(message) {
  return Object.assign(new Error(`meshes-token-wasm: ${message}`), { code: 'ERR_WASM_MODULE' });
}

/**
 * Throws unless init() has completed: an Error with code 'ERR_WASM_NOT_INITIALIZED' (every
 * function of the package needs the module; in Node, importing the package initialises it).
 */
export function ready() {
  if (fn === null) {
    const message =
      'meshes-token-wasm: call (and await) init() before using the package ' +
      '(in Node, importing the package is enough)';
    throw Object.assign(new Error(message), { code: 'ERR_WASM_NOT_INITIALIZED' });
  }
}

/** Takes `instance` (a WebAssembly.Instance of meshes-token-ffi) as the one every call uses. */
export function adopt(instance) {
  const exports = instance.exports;
  for (const name of FUNCTIONS) {
    if (typeof exports[name] !== 'function') throw moduleError(`the module has no ${name}`);
  }
  if (!(exports.memory instanceof WebAssembly.Memory)) throw moduleError('no exported memory');
  for (const name of ['__heap_base', '__stack_pointer']) {
    if (!(exports[name] instanceof WebAssembly.Global)) throw moduleError(`no ${name}`);
  }
  memory = exports.memory;
  renewViews();
  stackTop = Number(exports.__stack_pointer.value);
  let offset = Math.ceil(Number(exports.__heap_base.value) / 8) * 8;
  for (const [name, size] of REGIONS) {
    address[name] = offset;
    cap[name] = size;
    offset += Math.ceil(size / 8) * 8; // every region 8-aligned (size_t, uint64_t)
  }
  const slotAlign = Math.max(signerLayout.align, verifierLayout.align);
  signerEnd = Math.ceil(offset / slotAlign) * slotAlign;
  ensure(signerEnd);
  fn = exports;
}

/** Forgets the instance adopt() took (when init finds it is not the right module). */
export function abandon() {
  fn = null;
}

/** Grows the memory (by whole pages) until it holds `end` bytes. */
function ensure(end) {
  const have = memory.buffer.byteLength;
  if (end > have) {
    memory.grow(Math.ceil((end - have) / PAGE));
    renewViews();
  }
}

const encoder = new TextEncoder();

/** Writes string `text` into region `name`, for an input of at most `max` bytes; its length. */
function putString(name, text, max) {
  if (text.length > max) return max + 1; // too long whatever its bytes: see the top
  const start = address[name];
  return encoder.encodeInto(text, bytes.subarray(start, start + cap[name])).written;
}

/** Writes the access key; returns its length. */
export const putAccessKey = (text) => putString('accessKey', text, ACCESS_KEY_MAX_LEN);
/** Writes the org id; returns its length. */
export const putOrgId = (text) => putString('orgId', text, ORG_ID_MAX_LEN);
/** Writes a token to verify or read; returns its length. */
export const putToken = (text) => putString('token', text, VERIFY_MAX_LEN);

/**
 * Writes the secret (a well-formed string, or bytes); returns its length. Call wipeSecret()
 * once the library has returned.
 */
export function putSecret(secret) {
  if (typeof secret === 'string') return putString('secret', secret, SECRET_MAX_LEN);
  if (secret.length > SECRET_MAX_LEN) return INVALID_SECRET_LEN;
  bytes.set(secret, address.secret);
  return secret.length;
}

/** Zeroes the secret's region and the shadow stack (see the top). */
export function wipeSecret() {
  bytes.fill(0, address.secret, address.secret + cap.secret);
  wipeStack();
}

/** Zeroes the shadow stack, which holds what the library's last calls kept in frames. */
export function wipeStack() {
  bytes.fill(0, 0, stackTop);
}

/** The string the library wrote to the output region (ASCII: a token or a key id). */
export function takeOut() {
  const start = address.out;
  const end = start + view.getUint32(address.outLen, true);
  return ascii(start, end);
}

/** The NUL-terminated ASCII string at `start`, of at most `length` bytes. */
function cString(start, length) {
  const nul = bytes.indexOf(0, start);
  return ascii(start, nul === -1 || nul > start + length ? start + length : nul);
}

// The library writes ASCII only (tokens, key ids, its static texts), which UTF-8 decodes as
// is; TextDecoder is the fastest way from bytes to a string in every engine.
const decoder = new TextDecoder();

function ascii(start, end) {
  return decoder.decode(bytes.subarray(start, end));
}

/** The static string at `pointer` (what meshes_status_message and friends return). */
export function staticString(pointer) {
  return cString(pointer, bytes.length - pointer);
}

/** The claims the library wrote to the claims region. */
export function takeClaims() {
  const base = address.claims;
  const { access_key: key, org_id: org, issued_at: iat, expires_at: exp } = claimsLayout.fields;
  return {
    accessKey: cString(base + key.offset, key.length),
    orgId: cString(base + org.offset, org.length),
    // At most 2^53 - 1 (the library refuses larger ones), so exact as numbers.
    issuedAt: Number(view.getBigUint64(base + iat.offset, true)),
    expiresAt: Number(view.getBigUint64(base + exp.offset, true)),
  };
}

/**
 * The address of a zeroed (so "uninitialized") meshes_signer of MESHES_SIGNER_SIZE bytes,
 * aligned to MESHES_SIGNER_ALIGN. Give it back with releaseSigner().
 */
export function takeSigner() {
  if (freeSigners.length > 0) return freeSigners.pop();
  const start = Math.ceil(signerEnd / signerLayout.align) * signerLayout.align;
  ensure(start + signerLayout.size);
  signerEnd = start + signerLayout.size;
  return start;
}

/** Returns a signer slot that meshes_signer_clear has wiped to the free list. */
export function releaseSigner(signerAddress) {
  freeSigners.push(signerAddress);
}

/**
 * The address of a zeroed meshes_verifier of MESHES_VERIFIER_SIZE bytes, aligned to
 * MESHES_VERIFIER_ALIGN (after the signers' slots, as takeSigner). Give it back with
 * releaseVerifier().
 */
export function takeVerifier() {
  if (freeVerifiers.length > 0) return freeVerifiers.pop();
  const start = Math.ceil(signerEnd / verifierLayout.align) * verifierLayout.align;
  ensure(start + verifierLayout.size);
  signerEnd = start + verifierLayout.size;
  return start;
}

/** Returns a verifier slot that meshes_verifier_clear has wiped to the free list. */
export function releaseVerifier(verifierAddress) {
  freeVerifiers.push(verifierAddress);
}

/** The bytes of the linear memory (for the tests' checks that secrets were wiped). */
export function memoryBytes() {
  return new Uint8Array(memory.buffer);
}
