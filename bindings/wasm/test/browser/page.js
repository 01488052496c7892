// The browser test page's script: loads the package as a browser does (index.js, init() with
// no argument, so the bundled .wasm is fetched from next to index.js), fetches the four vector
// files and runs every check of suite.js; the result is globalThis.__meshesResult, a promise
// that browser.test.mjs awaits through the DevTools protocol.
import * as api from '../../index.js';
import { cases, FILES } from '../suite.js';

async function run() {
  const version = await api.init();
  const files = {};
  for (const name of FILES) {
    const response = await fetch(`/tests/vectors/${name}.json`);
    if (!response.ok) throw new Error(`${name}.json: HTTP ${response.status}`);
    files[name] = (await response.json()).vectors;
  }
  let passed = 0;
  const failures = [];
  const list = cases(api, files);
  for (const { name, run: check } of list) {
    try {
      check();
      passed++;
    } catch (err) {
      failures.push(`${name}: ${err}`);
    }
  }
  return { version, passed, total: list.length, failures, userAgent: navigator.userAgent };
}

globalThis.__meshesResult = run().catch((err) => ({ error: String((err && err.stack) || err) }));
