'use strict';
// Argument checks and conversions to the C types, all done before any native call.
//
// A value of the wrong type throws a TypeError. A value of the right type that a C type
// cannot hold (a negative time, a ttl above 2^32 - 1) becomes, where the library can judge
// it, a value the library rejects for the same reason, so that the library alone decides
// which of several bad arguments is reported (its order is part of its contract): see
// OUT_OF_RANGE. Every other rule (lengths, alphabets, the ttl range, the exp limit) is left to
// the library, so it is stated once, in Rust.

const { types } = require('node:util');
const { MeshesTokenError, statusOf, argTypeError } = require('./errors.cjs');

/** The ttl when none is given, in seconds (that of the Meshes SDKs). */
const DEFAULT_TTL = 30;
const U32_MAX = 0xffffffff;
const U64_MAX = 0xffffffffffffffffn;
/** What seconds() returns for a time before the Unix epoch or above 2^64 - 1. */
const OUT_OF_RANGE = -1;
/**
 * The issued-at passed for an OUT_OF_RANGE one: issued_at + ttl is then above 2^53 - 1, so
 * the library answers MESHES_ERR_TIME once it has checked everything it checks first.
 */
const ISSUED_AT_REJECTED = U64_MAX;
/** The ttl passed for one a uint32_t cannot hold: the library answers MESHES_ERR_TTL. */
const TTL_REJECTED = 0;

const ERR_CLOCK = statusOf('ERR_CLOCK');
const ERR_TIME = statusOf('ERR_TIME');

const TIME_TYPES = 'a safe integer number of seconds, a bigint or a Date';

/** Throws unless `value` is a string. */
function text(value, name) {
  if (typeof value !== 'string') throw argTypeError(name, 'of type string', value);
}

/** Throws unless `value` is a secret: a string (used as UTF-8) or a Uint8Array (Buffer). */
function secret(value) {
  if (typeof value !== 'string' && !types.isUint8Array(value)) {
    throw argTypeError('secret', 'of type string or a Uint8Array (or Buffer)', value);
  }
}

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
/**
 * Whether a string secret has a UTF-8 encoding. One with a lone surrogate has none: encoding
 * it would silently turn the surrogate into U+FFFD and sign with another key, so such a
 * secret is refused (as MESHES_ERR_SECRET) instead.
 */
const isWellFormed =
  typeof String.prototype.isWellFormed === 'function'
    ? (s) => s.isWellFormed()
    : (s) => !LONE_SURROGATE.test(s);

/** The detail of the MESHES_ERR_SECRET a secret string that is not well-formed gets. */
const ILL_FORMED_SECRET = 'the string is not well-formed UTF-16 (it has a lone surrogate)';

/**
 * A time (whole seconds since the Unix epoch as a safe integer or a bigint, or a Date, floored
 * to its second) as a uint64_t for koffi: a number, a bigint, or OUT_OF_RANGE.
 */
function seconds(value, name) {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw argTypeError(name, TIME_TYPES, value, true);
    return value < 0 ? OUT_OF_RANGE : value;
  }
  if (typeof value === 'bigint') {
    return value < 0n || value > U64_MAX ? OUT_OF_RANGE : value;
  }
  if (types.isDate(value)) {
    const ms = Date.prototype.getTime.call(value);
    if (Number.isNaN(ms)) throw argTypeError(name, `${TIME_TYPES} (a valid one)`, value);
    return ms < 0 ? OUT_OF_RANGE : Math.floor(ms / 1000);
  }
  throw argTypeError(name, TIME_TYPES, value);
}

/** The system clock in whole seconds since the Unix epoch. */
function now() {
  const ms = Date.now();
  if (ms < 0) throw new MeshesTokenError(ERR_CLOCK);
  return Math.floor(ms / 1000);
}

/** A ttl (an integer number of seconds) as a uint32_t; the library checks its range. */
function ttl(value) {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw argTypeError('options.ttl', 'an integer number of seconds', value, true);
  }
  return value >= 0 && value <= U32_MAX ? value : TTL_REJECTED;
}

/** A leeway (an integer number of seconds, 0 to 2^32 - 1) as a uint32_t. */
function leeway(value) {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw argTypeError('options.leeway', 'an integer number of seconds', value, true);
  }
  if (value < 0 || value > U32_MAX) {
    throw new MeshesTokenError(ERR_TIME, 'leeway must be 0 to 2^32 - 1 seconds');
  }
  return value;
}

/** Throws unless `value` is undefined or an object (an options bag). */
function options(value) {
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw argTypeError('options', 'of type object', value);
  }
}

module.exports = {
  DEFAULT_TTL,
  OUT_OF_RANGE,
  ISSUED_AT_REJECTED,
  ERR_TIME,
  text,
  secret,
  isWellFormed,
  ILL_FORMED_SECRET,
  seconds,
  now,
  ttl,
  leeway,
  options,
};
