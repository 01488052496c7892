// Made by scripts/gen-convert.mjs from bindings/node/lib/convert.cjs: do not edit.
// Arguments to their C types, before any native call: the bad-argument policy of
// include/meshes_token.h's conventions. This package checks nothing the library checks: a
// value of the wrong type is a TypeError; a number the C type cannot hold is passed as a
// value the library rejects for that same argument (the REJECTED_* values below), so that the
// library alone decides which of several bad arguments is reported, in its own order. The one
// check made here is a verification time before the Unix epoch (TIME, before the call): no
// uint64_t holds it and no rule of the library covers it.

import { MeshesTokenError, argTypeError } from './errors.js';
import { statuses } from './layout.js';

/** A whole number of seconds as a wasm i64 parameter takes a uint64_t: a bigint. */
const uint64 = BigInt;
const toStringTag = Object.prototype.toString;

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

/** The ttl when none is given, in seconds (that of the Meshes SDKs). */
export const DEFAULT_TTL = 30;
const U32_MAX = 0xffffffff;
const U64_MAX = 0xffffffffffffffffn;
/** 2^64 as a number: the first number a uint64_t cannot hold. */
const TWO_POW_64 = 2 ** 64;
/** The issued-at passed for one a uint64_t cannot hold: the library answers TIME. */
const REJECTED_ISSUED_AT = U64_MAX;
/** The ttl passed for one a uint32_t cannot hold (or not whole seconds): the library answers TTL. */
const REJECTED_TTL = 0;
/** The leeway passed for one a uint32_t cannot hold: the library answers LEEWAY. */
const REJECTED_LEEWAY = U32_MAX;
/** The verification time passed for one after the largest uint64_t: the library answers EXPIRED. */
const LAST_SECOND = U64_MAX;

const TIME = statuses.TIME;
const CLOCK = statuses.CLOCK;

const TIME_TYPES = 'a number of seconds, a bigint or a Date';

/** Throws unless `value` is a string. */
function text(value, name) {
  if (typeof value !== 'string') throw argTypeError(name, 'of type string', value);
}

/** Throws unless `value` is a secret: a string (used as UTF-8) or a Uint8Array (Buffer). */
function secret(value) {
  if (typeof value !== 'string' && !isUint8Array(value)) {
    throw argTypeError('secret', 'of type string or a Uint8Array (or Buffer)', value);
  }
}

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
/**
 * Whether a string secret has a UTF-8 encoding. One with a lone surrogate has none: encoding
 * it would silently turn the surrogate into U+FFFD and sign with another key, so such a
 * secret is passed as one the library rejects (SECRET) instead.
 */
const isWellFormed =
  typeof String.prototype.isWellFormed === 'function'
    ? (s) => s.isWellFormed()
    : (s) => !LONE_SURROGATE.test(s);

/**
 * A time as seconds since the Unix epoch for a uint64_t (a bigint), or -1 when it
 * is before the epoch (or an invalid Date, or NaN), or 2^64 when it is after 2^64 - 1; a Date
 * and a number with a fraction are truncated to their second. Throws a TypeError for any
 * other type.
 */
function seconds(value, name) {
  if (typeof value === 'number') {
    if (value >= 0 && value <= Number.MAX_SAFE_INTEGER) return uint64(Math.floor(value));
    if (value >= TWO_POW_64) return TWO_POW_64;
    return value >= 0 ? BigInt(Math.floor(value)) : -1;
  }
  if (typeof value === 'bigint') {
    if (value < 0n) return -1;
    return value > U64_MAX ? TWO_POW_64 : value;
  }
  if (isDate(value)) {
    const ms = Date.prototype.getTime.call(value);
    return ms >= 0 ? uint64(Math.floor(ms / 1000)) : -1;
  }
  throw argTypeError(name, TIME_TYPES, value);
}

/** An issued-at for meshes_sign_token: one no uint64_t holds, or with a fraction, is rejected. */
function issuedAt(value) {
  if (typeof value === 'number' && !Number.isInteger(value)) return REJECTED_ISSUED_AT;
  const iat = seconds(value, 'options.issuedAt');
  return iat === -1 || iat === TWO_POW_64 ? REJECTED_ISSUED_AT : iat;
}

/** A verification time: TIME (thrown here) before the epoch, the last second after 2^64 - 1. */
function verifyTime(value) {
  const now = seconds(value, 'options.now');
  if (now === -1) throw new MeshesTokenError(TIME);
  return now === TWO_POW_64 ? LAST_SECOND : now;
}

/** The system clock in whole seconds since the Unix epoch. */
function now() {
  const ms = Date.now();
  if (ms < 0) throw new MeshesTokenError(CLOCK);
  return uint64(Math.floor(ms / 1000));
}

/** A ttl (a number of seconds) as a uint32_t, REJECTED_TTL if none holds it; never rounded. */
function ttl(value) {
  if (typeof value !== 'number') throw argTypeError('options.ttl', 'of type number', value);
  return Number.isInteger(value) && value >= 0 && value <= U32_MAX ? value : REJECTED_TTL;
}

/** A leeway (a number of seconds) as a uint32_t, REJECTED_LEEWAY if none holds it. */
function leeway(value) {
  if (typeof value !== 'number') throw argTypeError('options.leeway', 'of type number', value);
  return Number.isInteger(value) && value >= 0 && value <= U32_MAX ? value : REJECTED_LEEWAY;
}

/** Throws unless `value` is undefined or an object (an options bag). */
function options(value) {
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw argTypeError('options', 'of type object', value);
  }
}

export { text, secret, isWellFormed, issuedAt, verifyTime, now, ttl, leeway, options };
