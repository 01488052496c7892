// meshes-token-wasm: mint and verify Meshes machine tokens (short-lived HS256 JWTs) with the
// meshes-token C library built for WebAssembly. The entry point for browsers, edge runtimes
// and bundlers: call (and await) init() once before anything else. Node imports node.js
// instead, which initialises itself. See README.md.

import { DEFAULT_TTL } from './lib/convert.js';

export { init, initSync } from './lib/init.js';
export { Signer } from './lib/signer.js';
export { Verifier } from './lib/verifier.js';
export { sign } from './lib/sign.js';
export { verify, keyId } from './lib/verify.js';
export { MeshesTokenError, statusCodes } from './lib/errors.js';
export { PACKAGE_VERSION as version } from './lib/init.js';
/** The limits of meshes_token.h (its #define MESHES_* numbers), as bindings/node's `limits`. */
export { limits } from './lib/layout.js';
export { DEFAULT_TTL };
