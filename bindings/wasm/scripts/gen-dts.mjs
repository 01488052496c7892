// Writes index.d.ts from bindings/node/index.d.ts, the one source of the API's declarations:
// the same types, classes and functions (this package's API is that one, the same codes and
// messages), plus this package's init() and initSync(). `node scripts/gen-dts.mjs` rewrites
// the file; `--check` (run by scripts/lint.mjs) fails when the committed one differs.
import { readFileSync } from 'node:fs';
import { applyEdits, writeOrCheck } from './generated.mjs';

const SOURCE = new URL('../../node/index.d.ts', import.meta.url);
const OUTPUT = new URL('../index.d.ts', import.meta.url);

/** [what bindings/node's file says, what this package's says instead]: each must be there. */
const EDITS = [
  [
    /^\/\/ Type declarations of meshes-token \(.*\n/,
    '// Type declarations of meshes-token-wasm (index.js, and node.js, which Node imports), made\n' +
      "// by scripts/gen-dts.mjs from bindings/node's index.d.ts (the same API) plus init(): do\n" +
      '// not edit. Every function and constructor throws an Error with code\n' +
      "// 'ERR_WASM_NOT_INITIALIZED' before init() has resolved (in Node, importing is enough).\n",
  ],
  [
    ' * The error for every failing status of the C library.',
    " * The error for every failing status of the C library (the same class, codes and messages\n * as bindings/node's).",
  ],
  ['`env` (`process.env` by default)', '`env` (`process.env` by default, where there is one)'],
  [
    "/** The version of the loaded C library (equal to this package's version). */",
    "/** This package's version (init() refuses a module of another version). */",
  ],
];

const INIT = `
/**
 * What {@link init} loads the module from: the \`.wasm\` file's bytes, a compiled
 * \`WebAssembly.Module\` (as edge runtimes hand it over), a URL to fetch, a fetch \`Response\`,
 * or a promise of one of these.
 */
export type InitSource =
  | WebAssembly.Module
  | ArrayBuffer
  | ArrayBufferView
  | URL
  | string
  | Response
  | PromiseLike<WebAssembly.Module | ArrayBuffer | ArrayBufferView | URL | string | Response>;

/**
 * Loads the WebAssembly module (by default the \`meshes_token.wasm\` bundled with the package,
 * next to \`index.js\`) and makes it the one every function uses; resolves to its version.
 * Call and await it once before anything else, except in Node, where importing the package
 * has done it (synchronously). Later calls return the first call's promise, whatever their argument.
 * @throws TypeError \`source\` is of none of the types above
 * @throws Error code \`ERR_WASM_MODULE\` (not this version's meshes-token module) or
 *   \`ERR_WASM_FETCH\` (the URL answered with an HTTP error); WebAssembly.CompileError for bytes
 *   that are no WebAssembly module
 */
export declare function init(source?: InitSource): Promise<string>;

/**
 * As {@link init}, synchronously, from the \`.wasm\` file's bytes or a compiled
 * \`WebAssembly.Module\`; returns the library's version (at once if the package is already
 * initialised). For Node and workers: browsers refuse to compile modules above a few KiB
 * synchronously on their main thread.
 * @throws TypeError \`source\` is neither bytes nor a \`WebAssembly.Module\`
 * @throws Error code \`ERR_WASM_MODULE\` (not this version's meshes-token module);
 *   WebAssembly.CompileError for bytes that are no WebAssembly module
 */
export declare function initSync(
  source: WebAssembly.Module | ArrayBuffer | ArrayBufferView,
): string;
`;

/** This package's index.d.ts, from the text of bindings/node's. */
export function declarations(source) {
  return applyEdits('gen-dts', source, EDITS, 'bindings/node/index.d.ts') + INIT;
}

writeOrCheck('gen-dts', OUTPUT, declarations(readFileSync(SOURCE, 'utf8')), 'index.d.ts');
