// The package around the API: its version and limits against the library and the header,
// both entry points, and how it finds (or refuses) the library.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { meshesToken, header } from './helpers.mjs';
import * as esm from 'meshes-token';

const require = createRequire(import.meta.url);
const pkgDir = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const { koffi, claimsType, file, source, locate, PREBUILDS } = require('../lib/library.cjs');

test("package.json's version is the library's meshes_version()", () => {
  assert.equal(meshesToken.version, pkg.version);
  assert.match(pkg.version, /^\d+\.\d+\.\d+/);
});

test('limits are the header defines, all of them', () => {
  const defines = [...header().matchAll(/^#define MESHES_(\w+) (\d+)$/gm)];
  const fromHeader = Object.fromEntries(defines.map(([, name, value]) => [name, Number(value)]));
  assert.deepEqual({ ...meshesToken.limits }, fromHeader);
  assert.ok(Object.isFrozen(meshesToken.limits));
});

test('the claims struct koffi reads is the header struct meshes_claims', () => {
  const body = header().match(/typedef struct meshes_claims \{([^}]*)\} meshes_claims;/)[1];
  const fields = [...body.matchAll(/^\s+(char|uint64_t) (\w+)(?:\[(\d+)\])?;$/gm)].map(
    ([, type, name, length]) => ({ name, size: type === 'char' ? Number(length) : 8 }),
  );
  const members = Object.values(koffi.type(claimsType).members);
  assert.deepEqual(
    members.map((m) => ({ name: m.name, size: m.type.size })),
    fields,
  );
});

test('the ES module and CommonJS entry points export the same objects', async () => {
  const cjs = require('meshes-token');
  assert.equal(cjs, meshesToken);
  assert.deepEqual(
    Object.keys(esm)
      .filter((k) => k !== 'default')
      .sort(),
    Object.keys(cjs).sort(),
  );
  for (const key of Object.keys(cjs)) assert.equal(esm[key], cjs[key], key);
  assert.equal(esm.default, cjs);
  const token = esm.sign('k', 's', 'o', { issuedAt: 5 });
  assert.equal(cjs.verify(token, 's', { now: 5 }).accessKey, 'k');
  assert.ok(new esm.MeshesTokenError(14) instanceof cjs.MeshesTokenError);
});

/** Runs `code` (CommonJS) in a new node with `env` added; returns the child's result. */
function runNode(code, env, cwd = pkgDir) {
  return spawnSync(process.execPath, ['-e', code], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

test('MESHES_TOKEN_LIB names the library; a wrong one fails with what to do', () => {
  const ok = runNode("console.log(require('./index.cjs').version)", { MESHES_TOKEN_LIB: file });
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stdout.trim(), pkg.version);
  const bad = runNode("require('./index.cjs')", {
    MESHES_TOKEN_LIB: '/nonexistent/libmeshes_token_ffi.so',
  });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /cannot load the C library/);
  assert.match(bad.stderr, /\/nonexistent\/libmeshes_token_ffi\.so \(MESHES_TOKEN_LIB\)/);
  assert.match(bad.stderr, /Point MESHES_TOKEN_LIB at the library file, or unset it/);
});

test('in the repository, the library of target/release is loaded', () => {
  assert.equal(source, 'repository');
  assert.equal(file, join(pkgDir, '..', '..', 'target', 'release', 'libmeshes_token_ffi.so'));
});

/** A package folder as `npm install` of the packed package leaves it: with prebuilds/. */
function packedDir(t) {
  const dir = mkdtempSync(join(tmpdir(), 'meshes-token-prebuilds-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'prebuilds'));
  return dir;
}

test('a packed package loads the prebuild of its platform, and only that', (t) => {
  const packageDir = packedDir(t);
  assert.deepEqual(Object.keys(PREBUILDS), ['linux-x64', 'linux-arm64']);
  for (const arch of ['x64', 'arm64']) {
    assert.deepEqual(locate({ platform: 'linux', arch, libc: 'glibc', env: {}, packageDir }), {
      file: join(packageDir, 'prebuilds', `linux-${arch}`, 'libmeshes_token.so'),
      source: 'prebuild',
    });
  }
  // MESHES_TOKEN_LIB still decides first, on any platform.
  const env = { MESHES_TOKEN_LIB: '/opt/lib/libmeshes_token.so' };
  assert.deepEqual(locate({ platform: 'freebsd', arch: 'x64', env, packageDir }), {
    file: '/opt/lib/libmeshes_token.so',
    source: 'MESHES_TOKEN_LIB',
  });
});

test('an unsupported platform names itself, the supported ones and MESHES_TOKEN_LIB', (t) => {
  const packageDir = packedDir(t);
  const cases = [
    [{ platform: 'darwin', arch: 'arm64' }, 'darwin-arm64'],
    [{ platform: 'win32', arch: 'x64' }, 'win32-x64'],
    [{ platform: 'linux', arch: 'ia32', libc: 'glibc' }, 'linux-ia32'],
    [{ platform: 'linux', arch: 'x64', libc: 'musl' }, 'linux-x64 with musl'],
  ];
  for (const [where, named] of cases) {
    assert.throws(
      () => locate({ ...where, env: {}, packageDir, wasm: null }), // no WebAssembly build either
      (err) => {
        assert.equal(err.code, 'ERR_MESHES_TOKEN_UNSUPPORTED_PLATFORM');
        assert.ok(err.message.includes(`for this platform (${named});`), err.message);
        assert.match(err.message, /carries one for linux-x64, linux-arm64 \(with glibc\)/);
        assert.match(err.message, /Set MESHES_TOKEN_LIB to the path of the library/);
        return true;
      },
    );
  }
});

test('a checkout without a built library asks the system loader for it', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'meshes-token-checkout-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const packageDir = join(dir, 'bindings', 'node');
  mkdirSync(packageDir, { recursive: true });
  assert.deepEqual(locate({ platform: 'linux', arch: 'x64', env: {}, packageDir }), {
    file: 'libmeshes_token_ffi.so',
    source: 'system',
  });
});

test('a library of another version is refused', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'meshes-token-node-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(join(pkgDir, 'lib'), join(dir, 'lib'), { recursive: true });
  cpSync(join(pkgDir, 'index.cjs'), join(dir, 'index.cjs'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...pkg, version: '99.0.0' }));
  symlinkSync(join(pkgDir, 'node_modules'), join(dir, 'node_modules'));
  const child = runNode("require('./index.cjs')", { MESHES_TOKEN_LIB: file }, dir);
  assert.notEqual(child.status, 0);
  assert.match(
    child.stderr,
    new RegExp(`is version ${pkg.version} of the C library, but this package is 99\\.0\\.0`),
  );
});
