// The package around the API: its version and limits against the library and the header,
// both entry points, and how it finds (or refuses) the library.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
const { koffi, claimsType, file } = require('../lib/library.cjs');

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
  assert.match(bad.stderr, /\/nonexistent\/libmeshes_token_ffi\.so/);
  assert.match(bad.stderr, /cargo build --release -p meshes-token-ffi/);
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
