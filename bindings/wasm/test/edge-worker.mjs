// Runs in a worker thread (edge.test.mjs) as an edge runtime would run the package: the
// browser entry point index.js (no file system, no Node API), handed a compiled
// WebAssembly.Module, as Cloudflare Workers and others hand over an imported .wasm file.
// Posts back what happened; the test asserts on it.
import { parentPort, workerData } from 'node:worker_threads';
import * as api from '../index.js';
import { cases } from './suite.js';

const outcome = (fn) => {
  try {
    return { returned: fn() };
  } catch (err) {
    return { threw: err.constructor.name, code: err.code, message: err.message };
  }
};
const settled = async (promise) => {
  try {
    return { returned: await promise };
  } catch (err) {
    return { threw: err.constructor.name, code: err.code, message: err.message };
  }
};

const report = {
  beforeInit: outcome(() => api.sign('AK', 'secret', 'org')),
  signerBeforeInit: outcome(() => new api.Signer('AK', 'secret', 'org')),
  initNumber: await settled(api.init(42)),
  initSyncString: outcome(() => api.initSync('meshes_token.wasm')),
  initGarbage: await settled(api.init(new Uint8Array([0, 97, 115, 109, 9, 9, 9, 9]))),
  // init(module), or initSync(module) when the test asks for the synchronous way.
  initModule: workerData.sync
    ? outcome(() => api.initSync(workerData.module))
    : await settled(api.init(workerData.module)),
  initAgain: await settled(api.init('not even a URL')),
};
let passed = 0;
const failures = [];
for (const { name, run } of cases(api, workerData.vectors)) {
  try {
    run();
    passed++;
  } catch (err) {
    failures.push(`${name}: ${err}`);
  }
}
report.passed = passed;
report.failures = failures;
parentPort.postMessage(report);
