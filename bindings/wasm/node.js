// The entry point for Node: the package of index.js, initialised on import with the bundled
// module read from disk, so that `import { Signer } from 'meshes-token-wasm'` is all it takes.
// It initialises synchronously (Node compiles a 30 KiB module in a few milliseconds) rather
// than with top-level await, so that require('meshes-token-wasm') works too where Node can
// require ES modules (20.19 and later); bindings/node falls back to it that way.

import { readFileSync } from 'node:fs';
import { init as initFrom, initSync, BUNDLED } from './lib/init.js';

export * from './index.js';

/** As index.js's init(), reading the bundled module from disk by default. */
export function init(source) {
  return source === undefined ? Promise.resolve(initSync(readFileSync(BUNDLED))) : initFrom(source);
}

initSync(readFileSync(BUNDLED));
