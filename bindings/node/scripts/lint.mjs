// The package's lint, run by `make test-node` before the tests (and by `npm run lint`): the
// checks of scripts/lint-package.mjs (shared with bindings/wasm), with the files this package
// publishes.
import { lintPackage } from './lint-package.mjs';

await lintPackage(new URL('..', import.meta.url), {
  packed: [
    'LICENSE-APACHE',
    'LICENSE-MIT',
    'README.md',
    'index.cjs',
    'index.d.mts',
    'index.d.ts',
    'index.mjs',
    'lib/convert.cjs',
    'lib/errors.cjs',
    'lib/library.cjs',
    'lib/limits.cjs',
    'lib/memory.cjs',
    'lib/sign.cjs',
    'lib/signer.cjs',
    'lib/verifier.cjs',
    'lib/verify.cjs',
    'package.json',
  ],
});
