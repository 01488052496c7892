// The package's lint, run by `make test-wasm` before the tests (and by `npm run lint`): the
// checks of bindings/node/scripts/lint-package.mjs (one lint for both packages), with the
// files this package publishes, and its generated files fresh: lib/layout.js from
// include/meshes_token.h (scripts/gen-layout.mjs), index.d.ts and lib/convert.js from
// bindings/node's index.d.ts and lib/convert.cjs (scripts/gen-dts.mjs, gen-convert.mjs).
import { lintPackage } from '../../node/scripts/lint-package.mjs';

await lintPackage(new URL('..', import.meta.url), {
  packed: [
    'LICENSE-APACHE',
    'LICENSE-MIT',
    'README.md',
    'index.d.ts',
    'index.js',
    'lib/convert.js',
    'lib/errors.js',
    'lib/init.js',
    'lib/layout.js',
    'lib/sign.js',
    'lib/signer.js',
    'lib/verifier.js',
    'lib/verify.js',
    'lib/wasm.js',
    'meshes_token.wasm',
    'node.js',
    'package.json',
  ],
  checks: [
    ['gen-layout --check', ['scripts/gen-layout.mjs', '--check']],
    ['gen-dts --check', ['scripts/gen-dts.mjs', '--check']],
    ['gen-convert --check', ['scripts/gen-convert.mjs', '--check']],
  ],
});
