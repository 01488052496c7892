// tests/vectors/bad_calls.json (the bad-argument policy) through sign, Signer, verify and
// Verifier: the exact code of every row (test/bad-calls.mjs, shared with bindings/wasm).
import { describe, test } from 'node:test';
import { meshesToken } from './helpers.mjs';
import { testBadCalls } from './bad-calls.mjs';

describe('bad_calls.json', () => testBadCalls(test, meshesToken));
