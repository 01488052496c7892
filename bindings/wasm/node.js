// The entry point for Node: the package of index.js, initialised on import (top-level await)
// with the bundled module read from disk, so that `import { Signer } from 'meshes-token-wasm'`
// is all it takes. init() here reads the same file when called with no argument.

import { readFile } from 'node:fs/promises';
import { init as initFrom, BUNDLED } from './lib/init.js';

export * from './index.js';

/** As index.js's init(), reading the bundled module from disk by default. */
export function init(source) {
  return initFrom(source === undefined ? readFile(BUNDLED) : source);
}

await init();
