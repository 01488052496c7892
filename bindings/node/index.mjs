// The ES module entry point: the CommonJS module's exports, so that both entry points share
// one instance (one library handle, one MeshesTokenError class).
import meshesToken from './index.cjs';

export const {
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
} = meshesToken;
export default meshesToken;
