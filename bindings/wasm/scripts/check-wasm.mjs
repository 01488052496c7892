// Checks the built meshes_token.wasm (run by `make test-wasm` before the tests):
//  - it imports nothing: in particular not env.meshes_token_no_panic_path_must_survive, the
//    undefined symbol the no_std panic handler calls, so no panic path survived the build
//    (the wasm counterpart of tests/embedded/check.sh's link proof);
//  - it exports every function include/meshes_token.h declares (but meshes_sign_token_now,
//    which needs std's clock) and nothing else but its memory and linker globals;
//  - it is at most 32 KiB (the target); prints its size.
import { readFileSync } from 'node:fs';

const MAX_BYTES = 32 * 1024;
const STD_ONLY = ['meshes_sign_token_now'];
const GLOBALS = ['memory', '__heap_base', '__data_end', '__stack_pointer'];

const bytes = readFileSync(new URL('../meshes_token.wasm', import.meta.url));
const header = readFileSync(new URL('../../../include/meshes_token.h', import.meta.url), 'utf8');
const module = new WebAssembly.Module(bytes);
const failures = [];

const imports = WebAssembly.Module.imports(module);
if (imports.length > 0) {
  const names = imports.map((i) => `${i.module}.${i.name}`).join(', ');
  failures.push(
    `the module imports ${names} (a surviving panic path imports the handler's symbol)`,
  );
}

const declared = [...header.matchAll(/^(?:const )?\w+ \*?(meshes_\w+)\(/gm)].map((m) => m[1]);
const expected = [...declared.filter((name) => !STD_ONLY.includes(name)), ...GLOBALS].sort();
const exported = WebAssembly.Module.exports(module)
  .map((e) => e.name)
  .sort();
if (declared.length === 0) failures.push('no function declaration found in the header');
if (JSON.stringify(exported) !== JSON.stringify(expected)) {
  failures.push(`exports ${exported.join(', ')}\n  expected ${expected.join(', ')}`);
}

if (bytes.length > MAX_BYTES) failures.push(`${bytes.length} bytes, above ${MAX_BYTES}`);

if (failures.length > 0) {
  for (const failure of failures) console.error(`check-wasm: ${failure}`);
  process.exit(1);
}
console.log(
  `check-wasm: meshes_token.wasm is ${bytes.length} bytes (${(bytes.length / 1024).toFixed(1)} ` +
    `KiB, target <= 32 KiB), imports nothing, exports the ${declared.length - STD_ONLY.length} ` +
    'functions of the header',
);
