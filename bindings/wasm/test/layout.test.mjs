// lib/layout.js against include/meshes_token.h: fresh from the generator, equal to what a C
// compiler for wasm32 computes (clang --target=wasm32 compiles _Static_asserts of every
// number), and equal to what the built module itself reports (its status names).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { statusCodes, limits as exportedLimits } from 'meshes-token-wasm';
import { generate } from '../scripts/gen-layout.mjs';
import { limits, statuses, signer, verifier, claims, SIZE_T } from '../lib/layout.js';
import { repoPath } from './helpers.mjs';

test('lib/layout.js is what scripts/gen-layout.mjs makes of the header', () => {
  const header = readFileSync(repoPath('include/meshes_token.h'), 'utf8');
  assert.equal(
    readFileSync(new URL('../lib/layout.js', import.meta.url), 'utf8'),
    generate(header),
  );
});

test('the generator reads every limit, status and field of the header', () => {
  for (const name of [
    'ACCESS_KEY_MAX_LEN',
    'ORG_ID_MAX_LEN',
    'SECRET_MAX_LEN',
    'SIGNER_ALIGN',
    'SIGNER_SIZE',
    'TOKEN_MAX_LEN',
    'TTL_MAX',
    'VERIFY_MAX_LEN',
  ]) {
    assert.equal(typeof limits[name], 'number', name);
  }
  assert.deepEqual(Object.keys(claims.fields), ['access_key', 'org_id', 'issued_at', 'expires_at']);
  assert.equal(statuses.OK, 0);
  assert.ok(Object.keys(statuses).length > 10);
  assert.equal(exportedLimits, limits);
});

test('clang for wasm32 agrees with every number of lib/layout.js', (t) => {
  const clang = process.env.CLANG || 'clang';
  if (spawnSync(clang, ['--version']).status !== 0) {
    t.skip(`${clang} is not installed (mk/apt-packages.txt lists it)`);
    return;
  }
  const asserts = [
    `_Static_assert(sizeof(size_t) == ${SIZE_T}, "size_t");`,
    `_Static_assert(sizeof(meshes_signer) == ${signer.size}, "signer size");`,
    `_Static_assert(_Alignof(meshes_signer) == ${signer.align}, "signer align");`,
    `_Static_assert(sizeof(meshes_verifier) == ${verifier.size}, "verifier size");`,
    `_Static_assert(_Alignof(meshes_verifier) == ${verifier.align}, "verifier align");`,
    `_Static_assert(sizeof(meshes_claims) == ${claims.size}, "claims size");`,
    `_Static_assert(_Alignof(meshes_claims) == ${claims.align}, "claims align");`,
    ...Object.entries(claims.fields).map(
      ([field, { offset }]) =>
        `_Static_assert(offsetof(meshes_claims, ${field}) == ${offset}, "${field}");`,
    ),
    ...Object.entries(claims.fields)
      .filter(([, { length }]) => length !== undefined)
      .map(
        ([field, { length }]) =>
          `_Static_assert(sizeof(((meshes_claims *)0)->${field}) == ${length}, "${field} length");`,
      ),
    ...Object.entries(limits).map(
      ([name, value]) => `_Static_assert(MESHES_${name} == ${value}, "${name}");`,
    ),
    ...Object.entries(statuses).map(
      ([code, value]) =>
        `_Static_assert(MESHES_${code === 'OK' ? '' : 'ERR_'}${code} == ${value}, "${code}");`,
    ),
  ];
  const dir = mkdtempSync(join(tmpdir(), 'meshes-wasm-layout-'));
  try {
    const file = join(dir, 'layout.c');
    writeFileSync(file, `#include <stddef.h>\n#include "meshes_token.h"\n${asserts.join('\n')}\n`);
    const result = spawnSync(
      clang,
      ['--target=wasm32-unknown-unknown', '-ffreestanding', '-std=c11', '-fsyntax-only'].concat([
        '-Werror',
        `-I${repoPath('include')}`,
        file,
      ]),
      { encoding: 'utf8' },
    );
    assert.equal(result.status, 0, result.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the module names the header statuses, with the same numbers', () => {
  assert.deepEqual({ ...statusCodes }, { ...statuses });
});
