// The fallback to the WebAssembly build (bindings/wasm, npm package meshes-token-wasm): on a
// platform the package carries no prebuilt C library for, locate() picks it; MESHES_TOKEN_WASM=1
// forces it, and with it forced the package passes every conformance vector.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { locate } = require('../lib/library.cjs');
const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const WASM = '/somewhere/node_modules/meshes-token-wasm/node.js';

test('a packed package falls back to the WebAssembly build where it has no prebuild', (t) => {
  const packageDir = mkdtempSync(join(tmpdir(), 'meshes-token-prebuilds-'));
  t.after(() => rmSync(packageDir, { recursive: true, force: true }));
  mkdirSync(join(packageDir, 'prebuilds'));
  for (const where of [
    { platform: 'darwin', arch: 'arm64' },
    { platform: 'darwin', arch: 'x64' },
    { platform: 'win32', arch: 'x64' },
    { platform: 'linux', arch: 'x64', libc: 'musl' },
    { platform: 'freebsd', arch: 'x64' },
  ]) {
    assert.deepEqual(locate({ ...where, env: {}, packageDir, wasm: WASM }), {
      file: WASM,
      source: 'wasm',
    });
  }
  // A platform it has a prebuild for keeps the native library.
  const native = locate({
    platform: 'linux',
    arch: 'x64',
    libc: 'glibc',
    env: {},
    packageDir,
    wasm: WASM,
  });
  assert.equal(native.source, 'prebuild');
});

test('MESHES_TOKEN_WASM=1 forces the WebAssembly build, or says it is missing', () => {
  const env = { MESHES_TOKEN_WASM: '1' };
  assert.deepEqual(locate({ env, wasm: WASM }), { file: WASM, source: 'wasm' });
  assert.throws(() => locate({ env, wasm: null }), {
    code: 'ERR_MESHES_TOKEN_UNSUPPORTED_PLATFORM',
    message: /MESHES_TOKEN_WASM=1 but the WebAssembly build is not there/,
  });
  // MESHES_TOKEN_LIB still decides first.
  const both = locate({ env: { ...env, MESHES_TOKEN_LIB: '/opt/libm.so' }, wasm: WASM });
  assert.equal(both.source, 'MESHES_TOKEN_LIB');
});

const wasmBuilt = existsSync(join(pkgDir, '..', 'wasm', 'meshes_token.wasm'));

test(
  'with the fallback forced, the package is the WebAssembly build and passes every vector',
  {
    skip: wasmBuilt ? false : 'bindings/wasm/meshes_token.wasm is not built (make wasm)',
  },
  () => {
    const env = { ...process.env, MESHES_TOKEN_WASM: '1', MESHES_TOKEN_LIB: '' };
    delete env.NODE_TEST_CONTEXT; // the child's runner reports as a top-level run (TAP)
    const which = spawnSync(
      process.execPath,
      ['-e', "const m = require('./index.cjs'); console.log(typeof m.initSync, m.version)"],
      { cwd: pkgDir, env, encoding: 'utf8' },
    );
    assert.equal(which.status, 0, which.stderr);
    assert.equal(which.stdout.trim(), 'function 0.1.0');
    const run = spawnSync(process.execPath, ['--test', 'test/vectors.test.mjs'], {
      cwd: pkgDir,
      env,
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stdout.slice(-3000));
    const passed = Number(/^# pass (\d+)$/m.exec(run.stdout)?.[1]);
    const failed = Number(/^# fail (\d+)$/m.exec(run.stdout)?.[1]);
    assert.equal(failed, 0);
    assert.ok(passed > 200, `only ${passed} vector tests passed`);
  },
);
