'use strict';
// The loaded C library (libmeshes_token_ffi) and its functions, declared for koffi.
//
// Every pointer parameter is declared as uintptr_t and given the address of memory this
// package owns (memory.cjs, and each Signer's state): koffi then only converts integers,
// which saves 0.1 to 0.2 us a call (of about 0.8 for a Signer#sign) over converting a Buffer
// per argument.
// The addresses stay valid because they point into ArrayBuffers that this package keeps
// referenced, never hands out, and never transfers; V8 never moves an ArrayBuffer's memory.
// The library keeps no pointer after a call returns (meshes_token.h), and every call here is
// synchronous, so nothing can touch that memory while the library reads or writes it.

const fs = require('node:fs');
const path = require('node:path');
const koffi = require('koffi');
const pkg = require('../package.json');
const { ACCESS_KEY_MAX_LEN, ORG_ID_MAX_LEN } = require('./limits.cjs');

const FILE_NAMES = {
  darwin: 'libmeshes_token_ffi.dylib',
  win32: 'meshes_token_ffi.dll',
};
/** The library's file name on this platform. */
const FILE_NAME = FILE_NAMES[process.platform] || 'libmeshes_token_ffi.so';

/**
 * Where to load the library from: MESHES_TOKEN_LIB when set (and nothing else, so that an
 * explicit choice never falls back silently); else target/release of the repository this
 * package sits in (bindings/node), where `cargo build --release -p meshes-token-ffi` puts it;
 * else the bare file name, for the system's search path (e.g. after `make install`).
 */
function candidates() {
  const fromEnv = process.env.MESHES_TOKEN_LIB;
  if (fromEnv) return [path.resolve(fromEnv)];
  const inRepo = path.resolve(__dirname, '..', '..', '..', 'target', 'release', FILE_NAME);
  return fs.existsSync(inRepo) ? [inRepo] : [FILE_NAME];
}

function load() {
  const tried = candidates();
  const errors = [];
  for (const file of tried) {
    try {
      return { lib: koffi.load(file), file };
    } catch (err) {
      errors.push(`${file}: ${err.message}`);
    }
  }
  throw new Error(
    `meshes-token: cannot load the C library ${FILE_NAME} (${errors.join('; ')}). Build it ` +
      'in the repository with `cargo build --release -p meshes-token-ffi`, or set ' +
      'MESHES_TOKEN_LIB to the path of the library file.',
  );
}

const { lib, file } = load();

const version = lib.func('const char *meshes_version(void)')();
// limits.cjs copies the header's numbers (the signer's size among them), so a library of any
// other version could disagree with them about memory it writes: refuse it.
if (version !== pkg.version) {
  throw new Error(
    `meshes-token: ${file} is version ${version} of the C library, but this package is ` +
      `${pkg.version}; build the library of the same version (or point MESHES_TOKEN_LIB at it).`,
  );
}

/** The claims meshes_verify_token writes: struct meshes_claims of meshes_token.h. */
const claimsType = koffi.struct('meshes_claims', {
  access_key: koffi.array('char', ACCESS_KEY_MAX_LEN + 1, 'String'),
  org_id: koffi.array('char', ORG_ID_MAX_LEN + 1, 'String'),
  issued_at: 'uint64_t',
  expires_at: 'uint64_t',
});

const fn = {
  signToken: lib.func(
    'uint32_t meshes_sign_token(uintptr_t access_key, size_t access_key_len, ' +
      'uintptr_t secret, size_t secret_len, uintptr_t org_id, size_t org_id_len, ' +
      'uint64_t issued_at, uint32_t ttl_seconds, uintptr_t out, size_t out_cap, ' +
      'uintptr_t out_len)',
  ),
  signerInit: lib.func(
    'uint32_t meshes_signer_init(uintptr_t signer, uintptr_t access_key, ' +
      'size_t access_key_len, uintptr_t secret, size_t secret_len, uintptr_t org_id, ' +
      'size_t org_id_len)',
  ),
  signerSign: lib.func(
    'uint32_t meshes_signer_sign(uintptr_t signer, uint64_t issued_at, uint32_t ttl_seconds, ' +
      'uintptr_t out, size_t out_cap, uintptr_t out_len)',
  ),
  signerClear: lib.func('void meshes_signer_clear(uintptr_t signer)'),
  verifyToken: lib.func(
    'uint32_t meshes_verify_token(uintptr_t token, size_t token_len, uintptr_t secret, ' +
      'size_t secret_len, uint64_t now, uint32_t leeway_seconds, uintptr_t claims)',
  ),
  tokenKeyId: lib.func(
    'uint32_t meshes_token_key_id(uintptr_t token, size_t token_len, uintptr_t out, ' +
      'size_t out_cap, uintptr_t out_len)',
  ),
  statusMessage: lib.func('const char *meshes_status_message(uint32_t status)'),
  statusName: lib.func('const char *meshes_status_name(uint32_t status)'),
};

/**
 * The address of the first byte of `view` (an ArrayBuffer or a view of one), as koffi takes
 * a uintptr_t: a number (every address on today's 64-bit systems is below 2^53), else a
 * bigint.
 */
function addressOf(view) {
  const address = koffi.address(view);
  return address <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(address) : address;
}

module.exports = { koffi, fn, claimsType, addressOf, version, file };
