// Every conformance vector of tests/vectors/ (all four files) through the package as Node
// imports it (node.js, initialised on import): the checks of suite.js, one test each.
import { test } from 'node:test';
import * as api from 'meshes-token-wasm';
import { cases } from './suite.js';
import { allVectors } from './helpers.mjs';

const files = allVectors();
for (const { name, run } of cases(api, files)) test(name, run);

test('the suite covers every vector of the four files', () => {
  const count = cases(api, files).length;
  const { tokens, verify_valid, verify_invalid, sign_invalid } = files;
  const expected =
    3 * tokens.length + verify_valid.length + verify_invalid.length + 2 * sign_invalid.length;
  if (count !== expected || tokens.length === 0 || verify_invalid.length === 0) {
    throw new Error(`${count} cases for ${expected} expected`);
  }
});
