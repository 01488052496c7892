// Argument checks and conversions to the C types, all done before any call into the module,
// with the rules and messages of bindings/node (lib/convert.cjs there).
//
// A value of the wrong type throws a TypeError. A value of the right type that a C type
// cannot hold (a negative time, a ttl above 2^32 - 1) becomes, where the library can judge
// it, a value the library rejects for the same reason, so that the library alone decides
// which of several bad arguments is reported (its order is part of its contract): see
// OUT_OF_RANGE. Every other rule (lengths, alphabets, the ttl range, the exp limit) is left to
// the library, so it is stated once, in Rust.

import { MeshesTokenError, argTypeError } from './errors.js';
import { statuses } from './layout.js';

/** The ttl when none is given, in seconds (that of the Meshes SDKs). */
export const DEFAULT_TTL = 30;
const U32_MAX = 0xffffffff;
const U64_MAX = 0xffffffffffffffffn;
/** What seconds() returns for a time before the Unix epoch or above 2^64 - 1. */
export const OUT_OF_RANGE = -1n;
/**
 * The issued-at passed for an OUT_OF_RANGE one: issued_at + ttl is then above 2^53 - 1, so
 * the library answers MESHES_ERR_TIME once it has checked everything it checks first.
 */
export const ISSUED_AT_REJECTED = U64_MAX;
/** The ttl passed for one a uint32_t cannot hold: the library answers MESHES_ERR_TTL. */
const TTL_REJECTED = 0;

export const ERR_TIME = statuses.ERR_TIME;
const ERR_CLOCK = statuses.ERR_CLOCK;

const TIME_TYPES = 'a safe integer number of seconds, a bigint or a Date';
const toStringTag = Object.prototype.toString;

/** Throws unless `value` is a string. */
export function text(value, name) {
  if (typeof value !== 'string') throw argTypeError(name, 'of type string', value);
}

/** Whether `value` is a Uint8Array (a Buffer too), from any realm. */
function isUint8Array(value) {
  return ArrayBuffer.isView(value) && toStringTag.call(value) === '[object Uint8Array]';
}

/** Whether `value` is a Date (a brand check: getTime throws for anything else). */
function isDate(value) {
  if (typeof value !== 'object' || value === null) return false;
  try {
    Date.prototype.getTime.call(value);
    return true;
  } catch {
    return false;
  }
}

/** Throws unless `value` is a secret: a string (used as UTF-8) or a Uint8Array (Buffer). */
export function secret(value) {
  if (typeof value !== 'string' && !isUint8Array(value)) {
    throw argTypeError('secret', 'of type string or a Uint8Array (or Buffer)', value);
  }
}

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
/**
 * Whether a string secret has a UTF-8 encoding. One with a lone surrogate has none: encoding
 * it would silently turn the surrogate into U+FFFD and sign with another key, so such a
 * secret is refused (as MESHES_ERR_SECRET) instead.
 */
export const isWellFormed =
  typeof String.prototype.isWellFormed === 'function'
    ? (s) => s.isWellFormed()
    : (s) => !LONE_SURROGATE.test(s);

/** The detail of the MESHES_ERR_SECRET a secret string that is not well-formed gets. */
export const ILL_FORMED_SECRET = 'the string is not well-formed UTF-16 (it has a lone surrogate)';

/**
 * A time (whole seconds since the Unix epoch as a safe integer or a bigint, or a Date, floored
 * to its second) as the bigint a uint64_t parameter takes, or OUT_OF_RANGE.
 */
export function seconds(value, name) {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw argTypeError(name, TIME_TYPES, value, true);
    return value < 0 ? OUT_OF_RANGE : BigInt(value);
  }
  if (typeof value === 'bigint') {
    return value < 0n || value > U64_MAX ? OUT_OF_RANGE : value;
  }
  if (isDate(value)) {
    const ms = Date.prototype.getTime.call(value);
    if (Number.isNaN(ms)) throw argTypeError(name, `${TIME_TYPES} (a valid one)`, value);
    return ms < 0 ? OUT_OF_RANGE : BigInt(Math.floor(ms / 1000));
  }
  throw argTypeError(name, TIME_TYPES, value);
}

/** The system clock in whole seconds since the Unix epoch, as a bigint. */
export function now() {
  const ms = Date.now();
  if (ms < 0) throw new MeshesTokenError(ERR_CLOCK);
  return BigInt(Math.floor(ms / 1000));
}

/** A ttl (an integer number of seconds) as a uint32_t; the library checks its range. */
export function ttl(value) {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw argTypeError('options.ttl', 'an integer number of seconds', value, true);
  }
  return value >= 0 && value <= U32_MAX ? value : TTL_REJECTED;
}

/** A leeway (an integer number of seconds, 0 to 2^32 - 1) as a uint32_t. */
export function leeway(value) {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw argTypeError('options.leeway', 'an integer number of seconds', value, true);
  }
  if (value < 0 || value > U32_MAX) {
    throw new MeshesTokenError(ERR_TIME, 'leeway must be 0 to 2^32 - 1 seconds');
  }
  return value;
}

/** Throws unless `value` is undefined or an object (an options bag). */
export function options(value) {
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw argTypeError('options', 'of type object', value);
  }
}
