// Mints the README's example token with the installed meshes-token package and checks it
// with jose. Run by run.sh from a temporary project that installed the packed package
// (dist/meshes-token-<version>.tgz) and jose, beside a copy of tests/vectors/tokens.json:
// nothing here comes from the repository. Also proves which library file the process
// mapped: the package's own prebuild for this platform.
// Usage: node mint.mjs TOKENS_JSON
import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { jwtVerify } from 'jose';
import { sign, Signer, verify, version } from 'meshes-token';

function fail(step, detail) {
  console.error(`${step}: ${detail}`);
  process.exit(1);
}

const data = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const example = data.vectors.find((v) => v.name === 'example');
// The reference implementation's token: the library's JSON layout is that one's.
const expected = example.tokens[data.reference];

const require = createRequire(join(process.cwd(), 'package.json'));
const packageDir = dirname(realpathSync(require.resolve('meshes-token/package.json')));
if (!packageDir.startsWith(join(realpathSync(process.cwd()), 'node_modules'))) {
  fail('resolve', `meshes-token resolved to ${packageDir}, not this project's node_modules`);
}
const key = `${process.platform}-${process.arch}`;
const prebuild = join(packageDir, 'prebuilds', key, 'libmeshes_token.so');
const mapped = readFileSync('/proc/self/maps', 'utf8')
  .split('\n')
  .filter((line) => line.includes('libmeshes_token'))
  .map((line) => line.slice(line.indexOf('/')));
if (mapped.length === 0 || mapped.some((file) => file !== prebuild)) {
  fail('load', `mapped ${JSON.stringify([...new Set(mapped)])}, expected only ${prebuild}`);
}

const token = sign(example.access_key, example.secret, example.org_id, {
  issuedAt: example.iat,
  ttl: example.ttl,
});
if (token !== expected) fail('mint', `got ${token}, expected ${expected}`);
const signer = new Signer(example.access_key, example.secret, example.org_id);
if (signer.sign({ issuedAt: example.iat, ttl: example.ttl }) !== expected) {
  fail('Signer#sign', 'differs from the expected token');
}
signer.close();

let checked;
try {
  checked = await jwtVerify(token, new TextEncoder().encode(example.secret), {
    algorithms: ['HS256'],
    audience: 'meshes-api',
    issuer: `urn:meshes:m2m:${example.access_key}`,
    currentDate: new Date(example.iat * 1000),
  });
} catch (err) {
  fail('jose', `jwtVerify refused the token: ${err.message}`);
}
const { payload, protectedHeader } = checked;
if (
  payload.org !== example.org_id ||
  payload.iat !== example.iat ||
  payload.exp !== example.exp ||
  protectedHeader.kid !== example.access_key
) {
  fail('jose', `claims ${JSON.stringify(payload)} differ from the vector`);
}
const claims = verify(token, example.secret, { now: example.iat });
if (claims.orgId !== example.org_id || Number(claims.expiresAt) !== example.exp) {
  fail('verify', `claims ${JSON.stringify(claims)} differ from the vector`);
}
console.log(`mint.mjs: meshes-token ${version} with prebuilds/${key}: token ok`);
