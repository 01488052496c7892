// MeshesTokenError and the status table, read from the library exactly as bindings/node does
// (lib/errors.cjs there): meshes_status_name() for every status from 0 until it returns NULL,
// meshes_status_message() for the texts; the class, its `code` strings and its messages are
// the same as that package's (test/errors.test.mjs compares the two packages error by error).
// No message ever holds a secret: messages are the library's static texts plus, at most,
// which argument was wrong, and TypeErrors name the type of a bad value, never the value.

import * as wasm from './wasm.js';
import { statuses } from './layout.js';

// A status's code is its C name without this prefix (MESHES_OK is 'OK'): the names of the
// vector files (tests/vectors/bad_calls.json), the same in every binding.
const PREFIX = /^MESHES_(?:ERR_)?/;
// A guard against a broken library, far above any real number of statuses.
const MAX_STATUSES = 256;

/** Status number by code: { OK: 0, NULL_POINTER: 1, ... }, as the library names them. */
export const statusCodes = {};
/** Code by status number: the inverse of statusCodes. */
const codeOf = [];

/**
 * Reads the status table from the library (once, by init), and refuses a library whose
 * statuses differ from those of the header this package was generated from (lib/layout.js).
 */
export function readStatuses() {
  for (let status = 0; status < MAX_STATUSES; status++) {
    const pointer = wasm.fn.meshes_status_name(status);
    if (pointer === 0) break;
    const name = wasm.staticString(pointer);
    const code = name.replace(PREFIX, '');
    if (code === name || statuses[code] !== status) {
      throw wasm.moduleError(`the library names status ${status} "${name}", unlike the header`);
    }
    statusCodes[code] = status;
    codeOf[status] = code;
  }
  if (codeOf.length !== Object.keys(statuses).length) {
    throw wasm.moduleError('the library has fewer statuses than the header');
  }
  Object.freeze(statusCodes);
}

/** The error every failing meshes_* status becomes. */
export class MeshesTokenError extends Error {
  /**
   * @param {number} status a meshes_status value other than MESHES_OK
   * @param {string} [detail] appended to the library's message, only for errors this package
   *   makes itself (Signer.fromEnv): never for a status the library returned; never secret
   */
  constructor(status, detail) {
    const message = wasm.staticString(wasm.fn.meshes_status_message(status >>> 0));
    super(detail ? `${message}: ${detail}` : message);
    /** The status name without its MESHES_ERR_ prefix, e.g. 'EXPIRED'. */
    this.code = codeOf[status] === undefined ? `UNKNOWN_STATUS_${status}` : codeOf[status];
    /** The meshes_status number, as the library returned it. */
    this.status = status;
  }
}
Object.defineProperty(MeshesTokenError.prototype, 'name', {
  value: 'MeshesTokenError',
  writable: true,
  configurable: true,
});

/**
 * Describes a value by its type only, never its contents (it may be a secret); a number is
 * shown when `showNumber` is set (for times, ttl and leeway, which are not secret).
 */
function describe(value, showNumber) {
  if (value === null) return 'null';
  if (showNumber && typeof value === 'number') return String(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object') {
    const name = value.constructor && value.constructor.name;
    return name ? `an instance of ${name}` : 'an object';
  }
  return `type ${typeof value}`;
}

/** A TypeError for argument `name`, Node-style (code 'ERR_INVALID_ARG_TYPE'). */
export function argTypeError(name, expected, value, showNumber = false) {
  const received = describe(value, showNumber);
  const message = `The "${name}" argument must be ${expected}. Received ${received}`;
  return Object.assign(new TypeError(message), { code: 'ERR_INVALID_ARG_TYPE' });
}
