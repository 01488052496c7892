// Shared by the Node test files: the conformance vectors, paths of the repository, the
// native package (bindings/node, for the comparisons) and small assertions.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { FILES } from './suite.js';

const require = createRequire(import.meta.url);
const repo = new URL('../../../', import.meta.url);

/** The `vectors` of tests/vectors/<name>.json. */
export function vectors(name) {
  return JSON.parse(readFileSync(new URL(`tests/vectors/${name}.json`, repo), 'utf8')).vectors;
}

/** The four files' vectors, as suite.js's cases() takes them. */
export function allVectors() {
  return Object.fromEntries(FILES.map((name) => [name, vectors(name)]));
}

/** The path of a file of the repository. */
export function repoPath(relative) {
  return fileURLToPath(new URL(relative, repo));
}

/** The native package bindings/node (its CommonJS entry point), loaded on first use. */
export function nativePackage() {
  return require('../../node/index.cjs');
}

/** Calls `fn` and returns what it threw (failing if it did not throw). */
export function thrown(fn) {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an exception');
}
