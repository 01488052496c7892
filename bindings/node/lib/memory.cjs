'use strict';
// The memory the library reads inputs from and writes outputs to: one ArrayBuffer per
// module instance (so per thread: each worker loads its own), allocated once, cut into fixed
// regions. A call writes its inputs into their regions, calls the library, and reads the
// output region, so no call allocates anything but the strings it returns. JS runs one call
// at a time on a thread and the library calls nothing back, so no two calls share a region.
//
// Inputs: a string is written as UTF-8. A region holds 3 bytes per UTF-16 code unit of the
// longest valid input, which is the most UTF-8 those code units can take, so a string that
// is not rejected for its length up front always fits whole. A longer one is passed as a
// length of max + 1 bytes over whatever the region holds: the library rejects an input of
// that length with the status of that argument, in its own order of checks, whatever the
// bytes are. The secret's region is wiped after every call.

const os = require('node:os');
const { koffi, claimsType, addressOf } = require('./library.cjs');
const {
  ACCESS_KEY_MAX_LEN,
  ORG_ID_MAX_LEN,
  SECRET_MAX_LEN,
  TOKEN_MAX_LEN,
  VERIFY_MAX_LEN,
  SIGNER_SIZE,
  SIGNER_ALIGN,
  VERIFIER_SIZE,
  VERIFIER_ALIGN,
} = require('./limits.cjs');

/** Room for the longest token and the longest key id, each with its NUL. */
const OUT_CAP = Math.max(TOKEN_MAX_LEN, ACCESS_KEY_MAX_LEN) + 1;

const regions = {};
let size = 0;
function region(name, bytes) {
  regions[name] = { offset: size, cap: bytes };
  size += Math.ceil(bytes / 8) * 8; // every region 8-aligned (size_t, uint64_t)
}
region('outLen', 8); // size_t
region('claims', koffi.sizeof(claimsType));
region('out', OUT_CAP);
region('accessKey', 3 * ACCESS_KEY_MAX_LEN);
region('orgId', 3 * ORG_ID_MAX_LEN);
region('secret', 3 * SECRET_MAX_LEN);
region('token', 3 * VERIFY_MAX_LEN);

const arena = Buffer.from(new ArrayBuffer(size));
// ArrayBuffers come from malloc, so this holds; the library writes *out_len as a size_t.
if (koffi.address(arena) % 8n !== 0n) throw new Error('meshes-token: misaligned buffer memory');
// The address of each region, computed once: the library is given integers (library.cjs).
const address = {};
for (const [name, { offset, cap }] of Object.entries(regions)) {
  address[name] = addressOf(arena.subarray(offset, offset + cap));
}
// *out_len as 32-bit halves: it is never above OUT_CAP, so the low half is the value.
const outLenWords = new Uint32Array(arena.buffer, regions.outLen.offset, 2);
const OUT_LEN_INDEX = koffi.sizeof('size_t') === 8 && os.endianness() === 'BE' ? 1 : 0;

/**
 * Writes string `text` into region `name`, for an input of at most `max` bytes; returns the
 * length to pass.
 */
function putString(name, text, max) {
  if (text.length > max) return max + 1; // too long whatever its bytes: see the top
  return arena.write(text, regions[name].offset, regions[name].cap, 'utf8');
}

/** Copies bytes `data` (a Uint8Array) into region `name`, like putString. */
function putBytes(name, data, max) {
  if (data.length > max) return max + 1;
  arena.set(data, regions[name].offset);
  return data.length;
}

/** Writes the access key; returns its length. */
const putAccessKey = (text) => putString('accessKey', text, ACCESS_KEY_MAX_LEN);
/** Writes the org id; returns its length. */
const putOrgId = (text) => putString('orgId', text, ORG_ID_MAX_LEN);
/** Writes a token to verify or read; returns its length. */
const putToken = (text) => putString('token', text, VERIFY_MAX_LEN);

/**
 * Writes the secret (a well-formed string, or bytes); returns its length. Call wipeSecret()
 * once the library has returned.
 */
function putSecret(secret) {
  return typeof secret === 'string'
    ? putString('secret', secret, SECRET_MAX_LEN)
    : putBytes('secret', secret, SECRET_MAX_LEN);
}

/** A secret's length that the library rejects with MESHES_ERR_SECRET, whatever the bytes. */
const INVALID_SECRET_LEN = SECRET_MAX_LEN + 1;

/** Zeroes the first `length` bytes of the secret's region (what putSecret returned). */
function wipeSecret(length) {
  const { offset, cap } = regions.secret;
  arena.fill(0, offset, offset + Math.min(length, cap));
}

/** The string the library wrote to the output region (ASCII: a token or a key id). */
function takeOut() {
  const start = regions.out.offset;
  return arena.toString('latin1', start, start + outLenWords[OUT_LEN_INDEX]);
}

// The fields of meshes_claims, where koffi lays the struct out (the C compiler's layout).
const ACCESS_KEY_AT = regions.claims.offset + koffi.offsetof(claimsType, 'access_key');
const ORG_ID_AT = regions.claims.offset + koffi.offsetof(claimsType, 'org_id');
const ISSUED_AT_AT = regions.claims.offset + koffi.offsetof(claimsType, 'issued_at');
const EXPIRES_AT_AT = regions.claims.offset + koffi.offsetof(claimsType, 'expires_at');
// The arena as 32-bit words: a uint64_t is two of them, the low one first on little-endian.
const words = new Uint32Array(arena.buffer);
const [LOW, HIGH] = os.endianness() === 'LE' ? [0, 1] : [1, 0];
/** The uint64_t at byte `at` (8-aligned) of the arena, as a number (exact up to 2^53). */
const u64 = (at) => words[at / 4 + LOW] + words[at / 4 + HIGH] * 2 ** 32;

/** The NUL-terminated ASCII string at `start` of the arena, of at most `max` bytes. */
function cString(start, max) {
  let end = start;
  while (end < start + max && arena[end] !== 0) end++;
  return arena.toString('latin1', start, end);
}

/**
 * The claims the library wrote to the claims region, read field by field (koffi.decode
 * builds an object through N-API and costs more than the rest of a verification's binding).
 * The times are at most 2^53 - 1 (the library refuses larger ones), so exact as numbers.
 */
function takeClaims() {
  return {
    accessKey: cString(ACCESS_KEY_AT, ACCESS_KEY_MAX_LEN),
    orgId: cString(ORG_ID_AT, ORG_ID_MAX_LEN),
    issuedAt: u64(ISSUED_AT_AT),
    expiresAt: u64(EXPIRES_AT_AT),
  };
}

/**
 * A new meshes_signer's memory: a zeroed (so "uninitialized") ArrayBuffer of
 * MESHES_SIGNER_SIZE bytes at an address aligned to MESHES_SIGNER_ALIGN, with that address.
 * The caller keeps `buffer` referenced for as long as it uses `address`.
 */
function newSignerMemory() {
  return newAlignedMemory(SIGNER_SIZE, SIGNER_ALIGN);
}

/** A new meshes_verifier's memory (MESHES_VERIFIER_SIZE and _ALIGN), as newSignerMemory. */
function newVerifierMemory() {
  return newAlignedMemory(VERIFIER_SIZE, VERIFIER_ALIGN);
}

function newAlignedMemory(size, align) {
  const buffer = new ArrayBuffer(size + align - 1);
  const misalignment = Number(koffi.address(buffer) % BigInt(align));
  const start = misalignment === 0 ? 0 : align - misalignment;
  return { buffer, address: addressOf(new Uint8Array(buffer, start, size)) };
}

module.exports = {
  OUT_CAP,
  address,
  putAccessKey,
  putOrgId,
  putToken,
  putSecret,
  INVALID_SECRET_LEN,
  wipeSecret,
  takeOut,
  takeClaims,
  newSignerMemory,
  newVerifierMemory,
};
