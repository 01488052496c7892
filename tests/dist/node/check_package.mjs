// Checks the unpacked npm package (the `package/` folder of dist/meshes-token-<version>.tgz)
// without installing it: its version, its file list, and each prebuilt library's ELF header
// (64-bit little-endian, e_machine 62 for linux-x64 and 183, AArch64, for linux-arm64), its
// SONAME, no path of the build machine's checkout or HOME, and the newest glibc symbol
// version it needs (at most GLIBC_MAX, which the README states). Every problem is printed as "<file>: <step>: <detail>".
// Usage: node check_package.mjs PACKAGE_DIR VERSION
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const [dir, version] = process.argv.slice(2);
const tgz = `meshes-token-${version}.tgz`;
/** e_machine of the ELF header (Linux's elf-em.h) for each prebuild folder. */
const MACHINES = { 'linux-x64': 62, 'linux-arm64': 183 };
const GLIBC_MAX = [2, 34];
/** The checkout that built the package: no path into it (nor into HOME) may be left in it. */
const REPOSITORY = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');
const NEEDED = [
  'LICENSE-APACHE',
  'LICENSE-MIT',
  'README.md',
  'index.cjs',
  'index.d.mts',
  'index.d.ts',
  'index.mjs',
  'lib/library.cjs',
  'package.json',
  ...Object.keys(MACHINES).map((key) => `prebuilds/${key}/libmeshes_token.so`),
];
const problems = [];
const problem = (file, step, detail) => problems.push(`${tgz}: ${file}: ${step}: ${detail}`);

function* walk(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield relative(dir, path);
  }
}
const files = [...walk(dir)].sort();

const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
if (pkg.name !== 'meshes-token' || pkg.version !== version) {
  problem('package.json', 'name and version', `${pkg.name}@${pkg.version}`);
}
for (const file of NEEDED) if (!files.includes(file)) problem(file, 'file list', 'missing');
const stray = files.filter(
  (f) => /^(test|bench|scripts|node_modules)\//.test(f) || /\.tgz$/.test(f),
);
if (stray.length) problem(stray.join(', '), 'file list', 'not part of the package');
const prebuilds = files.filter((f) => f.startsWith('prebuilds/'));
const expected = Object.keys(MACHINES).map((key) => `prebuilds/${key}/libmeshes_token.so`);
if (JSON.stringify(prebuilds) !== JSON.stringify(expected.sort())) {
  problem('prebuilds/', 'file list', `${prebuilds.join(', ')}; expected ${expected.join(', ')}`);
}

function readelf(file, ...args) {
  const run = spawnSync('readelf', ['-W', ...args, file], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`readelf ${args.join(' ')}: ${run.stderr.trim()}`);
  return run.stdout;
}

for (const [key, machine] of Object.entries(MACHINES)) {
  const name = `prebuilds/${key}/libmeshes_token.so`;
  if (!files.includes(name)) continue;
  const file = join(dir, name);
  const elf = readFileSync(file);
  if (elf.subarray(0, 4).toString('latin1') !== '\x7fELF') {
    problem(name, 'ELF header', 'not an ELF file');
    continue;
  }
  const got = {
    class: elf[4],
    data: elf[5],
    type: elf.readUInt16LE(16),
    machine: elf.readUInt16LE(18),
  };
  const want = { class: 2, data: 1, type: 3, machine };
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    problem(name, 'ELF header', `${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }
  for (const folder of [REPOSITORY, homedir()]) {
    if (elf.includes(folder)) problem(name, 'build paths', `holds this machine's folder ${folder}`);
  }
  try {
    const soname = readelf(file, '--dynamic').match(/\(SONAME\)\s+Library soname: \[(.*)\]/);
    if (soname?.[1] !== 'libmeshes_token.so.0') {
      problem(name, 'SONAME', `${soname?.[1]}, expected libmeshes_token.so.0`);
    }
    const versions = [...readelf(file, '--dyn-syms').matchAll(/@GLIBC_(\d+)\.(\d+)/g)];
    const newest = versions
      .map(([, major, minor]) => [Number(major), Number(minor)])
      .reduce((a, b) => (a[0] * 1000 + a[1] >= b[0] * 1000 + b[1] ? a : b), [0, 0]);
    if (newest[0] * 1000 + newest[1] > GLIBC_MAX[0] * 1000 + GLIBC_MAX[1]) {
      problem(name, 'glibc', `needs GLIBC_${newest.join('.')}, more than ${GLIBC_MAX.join('.')}`);
    }
  } catch (err) {
    problem(name, 'readelf', err.message);
  }
}

for (const line of problems) console.error(`test-dist-node: ${line}`);
if (problems.length) process.exit(1);
console.log(
  `check_package.mjs: ${files.length} files; prebuilds ${Object.keys(MACHINES).join(', ')} ` +
    'have the expected ELF machine, SONAME and glibc floor',
);
