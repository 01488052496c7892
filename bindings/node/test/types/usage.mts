// Type-checked by `tsc -p test/types` (never run): the ES module entry point's declarations.
import meshesToken, { Signer, verify, MeshesTokenError, type Claims } from 'meshes-token';

const signer = new Signer('AK1', 'secret', 'org-1');
const token: string = signer.sign();
const claims: Claims = verify(token, 'secret', { leeway: 1 });
const same: typeof meshesToken.verify = verify;
const err: MeshesTokenError = new meshesToken.MeshesTokenError(14);
const version: string = meshesToken.version;
// @ts-expect-error: issuedAt is not a string
signer.sign({ issuedAt: '2026-01-01' });
void [claims, same, err, version];
