// Type-checked by `tsc -p test/types` (never run): the declarations, used as the README does.
import {
  init,
  initSync,
  Signer,
  Verifier,
  sign,
  verify,
  keyId,
  MeshesTokenError,
  type Claims,
} from 'meshes-token-wasm';

const version: string = await init();
const again: string = initSync(new Uint8Array(0));
await init(new Uint8Array(0));
await init(new URL('https://example.invalid/meshes_token.wasm'));
declare const compiled: WebAssembly.Module;
await init(compiled);
const signer = new Signer('AK1', 'secret', 'org-1');
const token: string = signer.sign({ ttl: 30 });
const claims: Claims = verify(token, 'secret', { leeway: 1 });
const kid: string = keyId(token);
const verifier = new Verifier(new Uint8Array([1]));
const byVerifier: Claims = verifier.verify(token, { now: 1767225600 });
verifier.close();
const other: string = sign('AK1', new Uint8Array([1]), 'org-1', { issuedAt: 1n });
const err: MeshesTokenError = new MeshesTokenError(14);
const code: string = err.code;
// @ts-expect-error: issuedAt is not a string
signer.sign({ issuedAt: '2026-01-01' });
// @ts-expect-error: init takes no null
await init(null);
void [version, again, claims, kid, other, code, byVerifier];
