// tests/vectors/bad_calls.json (the bad-argument policy) through sign, Signer, verify and
// Verifier: the exact code of every row, by the runner bindings/node's test uses.
import { describe, test } from 'node:test';
import * as wasmPackage from 'meshes-token-wasm';
import { testBadCalls } from '../../node/test/bad-calls.mjs';

describe('bad_calls.json', () => testBadCalls(test, wasmPackage));
