// The lint of both npm packages (this one and bindings/wasm, whose scripts/lint.mjs calls
// lintPackage with its own file list):
//  - `node --check` on every JavaScript file of the package, and prettier's formatting;
//  - tsc over the sources as checked JavaScript (test/types/tsconfig.sources.json) and over
//    the declarations with usage files (test/types), the two side by side (one per core);
//  - the package's own checks (`checks`: [what, args of node] run in the package);
//  - the files `npm pack` would publish, which must be exactly `packed`.
// prettier and typescript are resolved from the package's own node_modules.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

function* javascriptFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* javascriptFiles(path);
    else if (/\.[cm]?js$/.test(entry.name)) yield path;
  }
}

/**
 * Lints the package at `rootUrl` (a file: URL of its folder); exits with status 1 on any
 * failure, after reporting every one.
 * @param {URL} rootUrl
 * @param {{ packed: string[], checks?: Array<[string, string[]]> }} options
 */
export async function lintPackage(rootUrl, { packed, checks = [] }) {
  const root = fileURLToPath(rootUrl);
  const require = createRequire(new URL('package.json', rootUrl));
  const tsc = require.resolve('typescript/bin/tsc');
  const prettier = require.resolve('prettier/bin/prettier.cjs');
  let failed = 0;
  const report = (what, status, output) => {
    if (status !== 0) {
      failed++;
      console.error(`lint: ${what} failed\n${output}`);
    }
  };
  const run = (what, command, args) => {
    const result = spawnSync(command, args, { cwd: root, encoding: 'utf8' });
    report(what, result.status, `${result.stdout}${result.stderr}`);
    return result;
  };
  /** Like run(), without waiting: resolves once the command has finished. */
  const runAsync = (what, command, args) =>
    new Promise((resolve) => {
      const child = spawn(command, args, { cwd: root });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('close', (status) => resolve(report(what, status, output)));
    });

  const files = [...javascriptFiles(root)];
  for (const file of files)
    run(`node --check ${relative(root, file)}`, process.execPath, ['--check', file]);
  run('prettier --check', process.execPath, [prettier, '--check', '--log-level=warn', '.']);
  for (const [what, args] of checks) run(what, process.execPath, args);
  await Promise.all([
    runAsync('tsc (sources)', process.execPath, [tsc, '-p', 'test/types/tsconfig.sources.json']),
    runAsync('tsc (declarations)', process.execPath, [tsc, '-p', 'test/types']),
  ]);

  const pack = run('npm pack --dry-run', 'npm', [
    'pack',
    '--dry-run',
    '--json',
    '--loglevel=error',
  ]);
  if (pack.status === 0) {
    const got = JSON.parse(pack.stdout)[0]
      .files.map((f) => f.path)
      .sort();
    if (JSON.stringify(got) !== JSON.stringify([...packed].sort())) {
      failed++;
      console.error(
        `lint: npm pack would publish\n  ${got.join('\n  ')}\nnot\n  ${packed.join('\n  ')}`,
      );
    }
  }

  if (failed) process.exit(1);
  console.log(
    `lint: ${files.length} files pass node --check; prettier, tsc and npm pack are clean`,
  );
}
