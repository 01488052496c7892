// Type-checked by `tsc -p test/types` (never run): the CommonJS entry point's declarations.
import meshesToken = require('meshes-token');
import {
  Signer,
  Verifier,
  sign,
  verify,
  keyId,
  MeshesTokenError,
  statusCodes,
  limits,
} from 'meshes-token';

const signer: Signer = new Signer('AK1', 'secret', 'org-1');
const token: string = signer.sign({ issuedAt: new Date(), ttl: 30 });
signer.sign({ issuedAt: 1767225600n });
signer.sign();
const claims = verify(token, new Uint8Array([1, 2]), { now: 1767225600, leeway: 5 });
const issued: number = claims.issuedAt;
const kid: string = keyId(token);
const verifier: Verifier = new Verifier('secret');
const byVerifier: string = verifier.verify(token, { now: 1767225600 }).orgId;
verifier.close();
const verifierClosed: boolean = verifier.closed && limits.VERIFIER_SIZE > 0;
const one: string = sign('AK1', 'secret', 'org-1', { ttl: 60 });
const max: number = limits.TOKEN_MAX_LEN + statusCodes.TIME + meshesToken.DEFAULT_TTL;
try {
  signer.close();
} catch (err) {
  if (err instanceof MeshesTokenError && err.code === 'UNINITIALIZED') {
    const status: number = err.status;
    void status;
  }
}
const fromEnv: Signer = Signer.fromEnv({ MESHES_ACCESS_KEY: 'a' });
// @ts-expect-error: the ttl is a number of seconds
signer.sign({ ttl: '30' });
// @ts-expect-error: a secret is a string or bytes
sign('AK1', 42, 'org-1');
// @ts-expect-error: no such code
const bad: MeshesTokenError['code'] = 'NOPE';
void [issued, kid, one, max, fromEnv, bad, byVerifier, verifierClosed];
