// Shared by the test files: the package (its CommonJS entry point and the module that holds
// the native functions, for counting native calls), the conformance vectors and the header.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** The package, through its CommonJS entry point. */
export const meshesToken = require('../index.cjs');
/** The declared C functions; tests replace them with t.mock.method() to count calls. */
export const native = require('../lib/library.cjs').fn;

const repo = new URL('../../../', import.meta.url);

/** The `vectors` of tests/vectors/<file>. */
export function vectors(file) {
  const url = new URL(`tests/vectors/${file}`, repo);
  return JSON.parse(readFileSync(url, 'utf8')).vectors;
}

/** The text of include/meshes_token.h. */
export function header() {
  return readFileSync(new URL('include/meshes_token.h', repo), 'utf8');
}

/** The path of a file of the repository. */
export function repoPath(relative) {
  return fileURLToPath(new URL(relative, repo));
}

/**
 * A decimal string of the vectors (`iat_str`, ...) as a time argument: a number when exact,
 * else a bigint.
 */
export function seconds(decimal) {
  const value = Number(decimal);
  return Number.isSafeInteger(value) ? value : BigInt(decimal);
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

/** Counts calls of every native function while `fn` runs (t is the test context). */
export function countNativeCalls(t, fn) {
  const mocks = Object.keys(native).map((name) => t.mock.method(native, name));
  try {
    fn();
  } finally {
    for (const mock of mocks) mock.mock.restore();
  }
  return mocks.reduce((sum, mock) => sum + mock.mock.callCount(), 0);
}
