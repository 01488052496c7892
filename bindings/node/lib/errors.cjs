'use strict';
// MeshesTokenError and the status table, both read from the library: meshes_status_name()
// for every status from 0 until it returns NULL, meshes_status_message() for the texts. No
// status number is written in this package. No message ever holds a secret: messages are
// the library's static texts plus, at most, which argument was wrong, and TypeErrors name
// the type of a bad value, never the value.

const { fn } = require('./library.cjs');

// A status's code is its C name without this prefix (MESHES_OK is 'OK'): the names of the
// vector files (tests/vectors/bad_calls.json), the same in every binding.
const PREFIX = /^MESHES_(?:ERR_)?/;
// A guard against a broken library, far above any real number of statuses.
const MAX_STATUSES = 256;

/** Status number by code: { OK: 0, NULL_POINTER: 1, ... }, as the library names them. */
const statusCodes = {};
/** Code by status number: the inverse of statusCodes. */
const codeOf = [];
for (let status = 0; status < MAX_STATUSES; status++) {
  const name = fn.statusName(status);
  if (name === null) break;
  const code = name.replace(PREFIX, '');
  if (code === name) {
    throw new Error(`meshes-token: the C library names status ${status} "${name}"`);
  }
  statusCodes[code] = status;
  codeOf[status] = code;
}
Object.freeze(statusCodes);

/**
 * The status number of `code` ('TIME', ...); throws if the library has no such status,
 * so that a status this package relies on and the library lacks fails at load time.
 */
function statusOf(code) {
  const status = statusCodes[code];
  if (status === undefined) {
    throw new Error(`meshes-token: the C library has no status MESHES_ERR_${code}`);
  }
  return status;
}

/** The error every failing meshes_* status becomes. */
class MeshesTokenError extends Error {
  /**
   * @param {number} status a meshes_status value other than MESHES_OK
   * @param {string} [detail] appended to the library's message, only for errors this package
   *   makes itself (Signer.fromEnv): never for a status the library returned; never secret
   */
  constructor(status, detail) {
    const message = fn.statusMessage(status >>> 0);
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
function argTypeError(name, expected, value, showNumber = false) {
  const received = describe(value, showNumber);
  const message = `The "${name}" argument must be ${expected}. Received ${received}`;
  return Object.assign(new TypeError(message), { code: 'ERR_INVALID_ARG_TYPE' });
}

module.exports = { MeshesTokenError, statusCodes, statusOf, argTypeError };
