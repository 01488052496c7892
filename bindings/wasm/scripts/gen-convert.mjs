// Writes lib/convert.js from bindings/node/lib/convert.cjs, the one source of the
// bad-argument policy's conversions (include/meshes_token.h's conventions): the same rules,
// as an ES module that needs no Node module, with every uint64_t a bigint (what a wasm i64
// parameter takes). `node scripts/gen-convert.mjs` rewrites the file; `--check` (run by
// scripts/lint.mjs) fails when the committed one differs.
import { readFileSync } from 'node:fs';
import { applyEdits, writeOrCheck } from './generated.mjs';

const SOURCE = new URL('../../node/lib/convert.cjs', import.meta.url);
const OUTPUT = new URL('../lib/convert.js', import.meta.url);

/** [what bindings/node's file says, what this package's says instead]: each must be there. */
const EDITS = [
  [
    "'use strict';\n",
    '// Made by scripts/gen-convert.mjs from bindings/node/lib/convert.cjs: do not edit.\n',
  ],
  [
    /\n\/\/\n\/\/ bindings\/wasm's lib\/convert\.js is made from this file[^]*?\(it fails when one is not\)\.\n/,
    '\n',
  ],
  [
    "const { types } = require('node:util');\n" +
      "const { MeshesTokenError, statusOf, argTypeError } = require('./errors.cjs');\n",
    "import { MeshesTokenError, argTypeError } from './errors.js';\n" +
      "import { statuses } from './layout.js';\n",
  ],
  [
    '/** A whole number of seconds as koffi takes a uint64_t: a number as it is. */\n' +
      'const uint64 = (seconds) => seconds;\n',
    '/** A whole number of seconds as a wasm i64 parameter takes a uint64_t: a bigint. */\n' +
      'const uint64 = BigInt;\n' +
      'const toStringTag = Object.prototype.toString;\n\n' +
      '/** Whether `value` is a Uint8Array (a Buffer too), from any realm. */\n' +
      'function isUint8Array(value) {\n' +
      "  return ArrayBuffer.isView(value) && toStringTag.call(value) === '[object Uint8Array]';\n" +
      '}\n\n' +
      '/** Whether `value` is a Date (a brand check: getTime throws for anything else). */\n' +
      'function isDate(value) {\n' +
      "  if (typeof value !== 'object' || value === null) return false;\n" +
      '  try {\n' +
      '    Date.prototype.getTime.call(value);\n' +
      '    return true;\n' +
      '  } catch {\n' +
      '    return false;\n' +
      '  }\n' +
      '}\n',
  ],
  ["const TIME = statusOf('TIME');", 'const TIME = statuses.TIME;'],
  ["const CLOCK = statusOf('CLOCK');", 'const CLOCK = statuses.CLOCK;'],
  ['types.isUint8Array(value)', 'isUint8Array(value)'],
  ['types.isDate(value)', 'isDate(value)'],
  ['for a uint64_t (a number or a bigint)', 'for a uint64_t (a bigint)'],
  ['const DEFAULT_TTL = 30;', 'export const DEFAULT_TTL = 30;'],
  [
    /module\.exports = \{\n {2}DEFAULT_TTL,\n([^}]*)\};\n$/,
    (_, names) => `export { ${names.trim().split(/,\s*/).filter(Boolean).join(', ')} };\n`,
  ],
];

/** This package's lib/convert.js, from the text of bindings/node's lib/convert.cjs. */
function convert(source) {
  return applyEdits('gen-convert', source, EDITS, "bindings/node's convert.cjs");
}

writeOrCheck('gen-convert', OUTPUT, convert(readFileSync(SOURCE, 'utf8')), 'lib/convert.js');
