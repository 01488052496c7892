'use strict';
// The limits of include/meshes_token.h. The C library has no function that returns them (they
// are #defines), so they are written here once; test/package.test.mjs reads the header and
// fails if any value differs, and library.cjs refuses a library of another version, so these
// numbers always describe the library that is loaded.

/** Longest access key, in bytes (MESHES_ACCESS_KEY_MAX_LEN). */
const ACCESS_KEY_MAX_LEN = 128;
/** Longest org id, in bytes (MESHES_ORG_ID_MAX_LEN). */
const ORG_ID_MAX_LEN = 64;
/** Longest secret, in bytes (MESHES_SECRET_MAX_LEN). */
const SECRET_MAX_LEN = 1024;
/** Longest time to live, in seconds (MESHES_TTL_MAX). */
const TTL_MAX = 60;
/** Longest token signing produces, without the NUL (MESHES_TOKEN_MAX_LEN). */
const TOKEN_MAX_LEN = 652;
/** Longest token verify and keyId accept, in bytes (MESHES_VERIFY_MAX_LEN). */
const VERIFY_MAX_LEN = 1024;
/** Largest leeway verify accepts, in seconds (MESHES_LEEWAY_MAX); more is LEEWAY. */
const LEEWAY_MAX = 300;
/** Size of a meshes_signer, in bytes (MESHES_SIGNER_SIZE). */
const SIGNER_SIZE = 1152;
/** Alignment that suffices for a meshes_signer (MESHES_SIGNER_ALIGN). */
const SIGNER_ALIGN = 8;
/** Size of a meshes_verifier, in bytes (MESHES_VERIFIER_SIZE). */
const VERIFIER_SIZE = 256;
/** Alignment that suffices for a meshes_verifier (MESHES_VERIFIER_ALIGN). */
const VERIFIER_ALIGN = 8;

module.exports = Object.freeze({
  ACCESS_KEY_MAX_LEN,
  ORG_ID_MAX_LEN,
  SECRET_MAX_LEN,
  TTL_MAX,
  TOKEN_MAX_LEN,
  VERIFY_MAX_LEN,
  LEEWAY_MAX,
  SIGNER_SIZE,
  SIGNER_ALIGN,
  VERIFIER_SIZE,
  VERIFIER_ALIGN,
});
