'use strict';
// Where the C library is (locate), the loaded library, and its functions, declared for koffi.
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

/** The C library's file name in a checkout's target/release, per platform (cargo's names). */
const CARGO_FILE_NAMES = {
  darwin: 'libmeshes_token_ffi.dylib',
  win32: 'meshes_token_ffi.dll',
};
/**
 * The prebuilt libraries a packed package carries (`make dist-node`), each at
 * prebuilds/<key>/<file>, keyed like prebuildify's folders by `${platform}-${arch}` of Node.
 * They link glibc, so a Linux with another C library (musl) is not one of them.
 */
const PREBUILDS = Object.freeze({
  'linux-x64': 'libmeshes_token.so',
  'linux-arm64': 'libmeshes_token.so',
});
const PACKAGE_DIR = path.resolve(__dirname, '..');

/**
 * The WebAssembly build this package falls back to (the Node entry point of the
 * meshes-token-wasm package: the same C library compiled to WebAssembly, the same API), or
 * null: the installed package `meshes-token-wasm`, else bindings/wasm of the repository this
 * package sits in once `make wasm` has built its module. Needs a Node that can require() an
 * ES module (20.19, 22.12 and later).
 */
function findWasm() {
  const features = /** @type {{ require_module?: boolean }} */ (process.features);
  if (!features.require_module) return null;
  try {
    return require.resolve('meshes-token-wasm');
  } catch {
    const inRepo = path.resolve(PACKAGE_DIR, '..', 'wasm', 'node.js');
    const built = fs.existsSync(path.resolve(PACKAGE_DIR, '..', 'wasm', 'meshes_token.wasm'));
    return built && fs.existsSync(inRepo) ? inRepo : null;
  }
}

/** 'glibc' or 'musl' on Linux (Node reports glibc's version only when it runs on glibc). */
function detectLibc() {
  const report = /** @type {{ header?: { glibcVersionRuntime?: string } }} */ (
    process.report.getReport()
  );
  return report.header?.glibcVersionRuntime ? 'glibc' : 'musl';
}

/**
 * Which library file to load, and why. The first rule that applies decides:
 * 1. MESHES_TOKEN_LIB is set: that file, and nothing else (an explicit choice never falls
 *    back silently).
 * 2. MESHES_TOKEN_WASM=1: the WebAssembly build (findWasm), or an error if there is none.
 * 3. The package carries prebuilds/ (it was packed by `make dist-node`): the prebuilt library
 *    for this platform; on any other platform the WebAssembly build when there is one, else
 *    an error naming the platform, the supported ones and MESHES_TOKEN_LIB.
 * 4. A checkout (no prebuilds/): target/release of the repository around bindings/node, where
 *    `cargo build --release -p meshes-token-ffi` puts the library, if it is there; else the
 *    bare file name, for the system's search path (after `make install`).
 * Every input can be given, for tests; the defaults are this process and this package.
 * @param {{ platform?: string, arch?: string, env?: Record<string, string | undefined>,
 *   libc?: string, packageDir?: string, wasm?: string | null }} [options]
 * @returns {{ file: string,
 *   source: 'MESHES_TOKEN_LIB' | 'wasm' | 'prebuild' | 'repository' | 'system' }}
 */
function locate(options = {}) {
  const {
    platform = process.platform,
    arch = process.arch,
    env = process.env,
    packageDir = PACKAGE_DIR,
    wasm = findWasm(),
  } = options;
  if (env.MESHES_TOKEN_LIB)
    return { file: path.resolve(env.MESHES_TOKEN_LIB), source: 'MESHES_TOKEN_LIB' };
  if (env.MESHES_TOKEN_WASM === '1') {
    if (wasm !== null) return { file: wasm, source: 'wasm' };
    const error = new Error(
      'meshes-token: MESHES_TOKEN_WASM=1 but the WebAssembly build is not there (install ' +
        'meshes-token-wasm beside this package; Node 20.19 or newer).',
    );
    throw Object.assign(error, { code: 'ERR_MESHES_TOKEN_UNSUPPORTED_PLATFORM' });
  }
  if (fs.existsSync(path.join(packageDir, 'prebuilds'))) {
    const key = `${platform}-${arch}`;
    const libc = platform === 'linux' ? (options.libc ?? detectLibc()) : undefined;
    const name = PREBUILDS[key];
    if (name === undefined || (libc !== undefined && libc !== 'glibc')) {
      if (wasm !== null) return { file: wasm, source: 'wasm' };
      const where = libc !== undefined && libc !== 'glibc' ? `${key} with ${libc}` : key;
      const error = new Error(
        `meshes-token: no prebuilt C library for this platform (${where}); this package ` +
          `carries one for ${Object.keys(PREBUILDS).join(', ')} (with glibc). Set ` +
          'MESHES_TOKEN_LIB to the path of the library built for this platform ' +
          '(`cargo build --release -p meshes-token-ffi` in the meshes-token repository).',
      );
      Object.assign(error, { code: 'ERR_MESHES_TOKEN_UNSUPPORTED_PLATFORM' });
      throw error;
    }
    return { file: path.join(packageDir, 'prebuilds', key, name), source: 'prebuild' };
  }
  const cargoName = CARGO_FILE_NAMES[platform] || 'libmeshes_token_ffi.so';
  const inRepo = path.resolve(packageDir, '..', '..', 'target', 'release', cargoName);
  if (fs.existsSync(inRepo)) return { file: inRepo, source: 'repository' };
  return { file: cargoName, source: 'system' };
}

/** What to do when the library of `source` cannot be loaded. */
const REMEDY = {
  MESHES_TOKEN_LIB: 'Point MESHES_TOKEN_LIB at the library file, or unset it.',
  prebuild:
    'The prebuilt library needs glibc 2.34 or newer; or set MESHES_TOKEN_LIB to the path of ' +
    'a library built for this system.',
  repository:
    'Build it in the repository with `cargo build --release -p meshes-token-ffi`, or set ' +
    'MESHES_TOKEN_LIB to the path of the library file.',
  system:
    'Build it in the repository with `cargo build --release -p meshes-token-ffi`, or set ' +
    'MESHES_TOKEN_LIB to the path of the library file.',
};

function load() {
  const { file, source } = locate();
  if (source === 'wasm') return { lib: null, file, source }; // index.cjs loads it
  try {
    return { lib: koffi.load(file), file, source };
  } catch (err) {
    throw new Error(
      `meshes-token: cannot load the C library ${file} (${source}): ${err.message}. ` +
        REMEDY[source],
    );
  }
}

const { lib, file, source } = load();

const version = lib === null ? null : lib.func('const char *meshes_version(void)')();
// limits.cjs copies the header's numbers (the signer's size among them), so a library of any
// other version could disagree with them about memory it writes: refuse it.
if (lib !== null && version !== pkg.version) {
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

const fn =
  lib === null
    ? null
    : {
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
        verifierInit: lib.func(
          'uint32_t meshes_verifier_init(uintptr_t verifier, uintptr_t secret, size_t secret_len)',
        ),
        verifierVerify: lib.func(
          'uint32_t meshes_verifier_verify(uintptr_t verifier, uintptr_t token, ' +
            'size_t token_len, uint64_t now, uint32_t leeway_seconds, uintptr_t claims)',
        ),
        verifierClear: lib.func('void meshes_verifier_clear(uintptr_t verifier)'),
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

module.exports = { koffi, fn, claimsType, addressOf, version, file, source, locate, PREBUILDS };
