// The package's lint, run by `make test-wasm` before the tests (and by `npm run lint`):
//  - `node --check` on every JavaScript file of the package, and prettier's formatting;
//  - lib/layout.js fresh from include/meshes_token.h (scripts/gen-layout.mjs --check);
//  - tsc over the sources as checked JavaScript (test/types/tsconfig.sources.json) and over
//    index.d.ts with a usage file (test/types);
//  - the files `npm pack` would publish, which must be exactly the expected set.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const prettier = require.resolve('prettier/bin/prettier.cjs');
const PACKED = [
  'LICENSE-APACHE',
  'LICENSE-MIT',
  'README.md',
  'index.d.ts',
  'index.js',
  'lib/convert.js',
  'lib/errors.js',
  'lib/init.js',
  'lib/layout.js',
  'lib/sign.js',
  'lib/signer.js',
  'lib/verifier.js',
  'lib/verify.js',
  'lib/wasm.js',
  'meshes_token.wasm',
  'node.js',
  'package.json',
];

let failed = 0;
function run(what, command, args) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    failed++;
    console.error(`lint: ${what} failed\n${result.stdout}${result.stderr}`);
  }
  return result;
}

function* javascriptFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* javascriptFiles(path);
    else if (/\.[cm]?js$/.test(entry.name)) yield path;
  }
}

const files = [...javascriptFiles(root)];
for (const file of files)
  run(`node --check ${relative(root, file)}`, process.execPath, ['--check', file]);
run('prettier --check', process.execPath, [prettier, '--check', '--log-level=warn', '.']);
run('gen-layout --check', process.execPath, ['scripts/gen-layout.mjs', '--check']);
// The two tsc runs, the slowest steps, side by side (one per core).
/** Like run(), without waiting: resolves once the command has finished. */
function runAsync(what, command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (status) => {
      if (status !== 0) {
        failed++;
        console.error(`lint: ${what} failed\n${output}`);
      }
      resolve(status);
    });
  });
}
await Promise.all([
  runAsync('tsc (sources)', process.execPath, [tsc, '-p', 'test/types/tsconfig.sources.json']),
  runAsync('tsc (declarations)', process.execPath, [tsc, '-p', 'test/types']),
]);

const pack = run('npm pack --dry-run', 'npm', ['pack', '--dry-run', '--json', '--loglevel=error']);
if (pack.status === 0) {
  const packed = JSON.parse(pack.stdout)[0]
    .files.map((f) => f.path)
    .sort();
  if (JSON.stringify(packed) !== JSON.stringify(PACKED)) {
    failed++;
    console.error(
      `lint: npm pack would publish\n  ${packed.join('\n  ')}\nnot\n  ${PACKED.join('\n  ')}`,
    );
  }
}

if (failed) process.exit(1);
console.log(`lint: ${files.length} files pass node --check; prettier, tsc and npm pack are clean`);
