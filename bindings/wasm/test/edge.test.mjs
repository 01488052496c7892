// The package as edge runtimes load it: the browser entry point in an isolate of its own (a
// worker thread), initialised from a WebAssembly.Module compiled outside it, then every
// vector of the four files (suite.js). Also: no file of the browser entry point imports a
// Node module, and init()'s errors for bad sources.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { cases } from './suite.js';
import { allVectors } from './helpers.mjs';

const WASM = new URL('../meshes_token.wasm', import.meta.url);

function runWorker(workerData) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./edge-worker.mjs', import.meta.url), { workerData });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the worker exited with ${code}`)));
  });
}

for (const sync of [false, true]) {
  const how = sync ? 'initSync' : 'init';
  test(`${how}(WebAssembly.Module) in an isolate of its own, then every vector`, async () => {
    const vectors = allVectors();
    const module = await WebAssembly.compile(readFileSync(WASM));
    const report = await runWorker({ module, vectors, sync });
    assert.deepEqual(report.beforeInit, {
      threw: 'Error',
      code: 'ERR_WASM_NOT_INITIALIZED',
      message:
        'meshes-token-wasm: call (and await) init() before using the package ' +
        '(in Node, importing the package is enough)',
    });
    assert.equal(report.signerBeforeInit.code, 'ERR_WASM_NOT_INITIALIZED');
    assert.equal(report.initNumber.threw, 'TypeError');
    assert.equal(report.initNumber.code, 'ERR_INVALID_ARG_TYPE');
    assert.equal(report.initSyncString.threw, 'TypeError');
    assert.equal(report.initGarbage.threw, 'CompileError');
    assert.deepEqual(report.initModule, { returned: '0.1.0' });
    assert.deepEqual(report.initAgain, { returned: '0.1.0' });
    assert.deepEqual(report.failures, []);
    assert.equal(report.passed, cases({}, vectors).length);
  });
}

test('the browser entry point imports no Node module', () => {
  const files = [
    '../index.js',
    ...readdirSync(new URL('../lib', import.meta.url)).map((f) => `../lib/${f}`),
  ];
  for (const file of files) {
    const text = readFileSync(new URL(file, import.meta.url), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, ''); // code only
    assert.doesNotMatch(text, /from '(node:|fs|path|os|util|crypto)/, file);
    // Node globals, but globalThis.process?.env (Signer.fromEnv's default, where it exists).
    assert.doesNotMatch(text, /\b(require\(|(?<!globalThis\.)process\.|Buffer\.)/, file);
  }
});
