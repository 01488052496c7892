'use strict';
// meshes-token: mint and verify Meshes machine tokens (short-lived HS256 JWTs) through the
// meshes-token C library. See README.md.

const library = require('./lib/library.cjs');

if (library.source === 'wasm') {
  // No prebuilt C library for this platform (or MESHES_TOKEN_WASM=1): the same C library
  // compiled to WebAssembly, with the same API and errors (README.md, Install).
  module.exports = require(library.file);
} else {
  const { version } = library;
  const limits = require('./lib/limits.cjs');
  const { MeshesTokenError, statusCodes } = require('./lib/errors.cjs');
  const { DEFAULT_TTL } = require('./lib/convert.cjs');
  const { Signer } = require('./lib/signer.cjs');
  const { Verifier } = require('./lib/verifier.cjs');
  const { sign } = require('./lib/sign.cjs');
  const { verify, keyId } = require('./lib/verify.cjs');

  module.exports = {
    Signer,
    Verifier,
    sign,
    verify,
    keyId,
    MeshesTokenError,
    statusCodes,
    limits,
    DEFAULT_TTL,
    version,
  };
}
