// Type declarations of meshes-token-wasm (index.js, and node.js, which Node imports), made
// by scripts/gen-dts.mjs from bindings/node's index.d.ts (the same API) plus init(): do
// not edit. Every function and constructor throws an Error with code
// 'ERR_WASM_NOT_INITIALIZED' before init() has resolved (in Node, importing is enough).

/**
 * A point in time: seconds since the Unix epoch (a number, or a bigint for values above
 * 2^53 - 1), or a Date (truncated to its second). Out-of-range values follow the
 * bad-argument policy (README, "Bad arguments"): an `issuedAt` before the epoch, above
 * 2^64 - 1 or with a fraction is `TIME` from the library; a `now` before the epoch is `TIME`
 * (raised before the call), after 2^64 - 1 it is `EXPIRED`, with a fraction it is truncated.
 */
export type Time = number | bigint | Date;

/** A secret: a string (used as its UTF-8 bytes) or the raw bytes (a Uint8Array or Buffer). */
export type Secret = string | Uint8Array;

/** Options of {@link Signer.sign} and {@link sign}. */
export interface SignOptions {
  /** The token's `iat`; now (the system clock) by default. */
  issuedAt?: Time;
  /**
   * Seconds the token is valid for, 1 to `limits.TTL_MAX` (60); 30 by default. Anything else
   * (0, negative, with a fraction, NaN) is `TTL`, never rounded.
   */
  ttl?: number;
}

/** Options of {@link verify}. */
export interface VerifyOptions {
  /** The time to check the token at; now (the system clock) by default. */
  now?: Time;
  /**
   * Seconds of clock skew tolerated in both directions, 0 to `limits.LEEWAY_MAX` (300); 0 by
   * default. Anything else (negative, with a fraction, NaN) is `LEEWAY`.
   */
  leeway?: number;
}

/** The claims of a verified token. */
export interface Claims {
  /** The machine key's access key (`kid`, and the end of `iss`). */
  accessKey: string;
  /** The organization id (`org`). */
  orgId: string;
  /** `iat`, in seconds since the Unix epoch. */
  issuedAt: number;
  /** `exp`: the first second at which the token is no longer valid. */
  expiresAt: number;
}

/**
 * The code of a {@link MeshesTokenError}: a status of meshes_token.h without `MESHES_ERR_`
 * (the names of tests/vectors, the same in every binding; earlier builds of this package
 * prefixed them with `ERR_`: a breaking change of the 0.x API).
 */
export type ErrorCode =
  | 'NULL_POINTER'
  | 'ACCESS_KEY'
  | 'SECRET'
  | 'ORG_ID'
  | 'TTL'
  | 'TIME'
  | 'BUFFER_TOO_SMALL'
  | 'CLOCK'
  | 'UNINITIALIZED'
  | 'MALFORMED'
  | 'ALGORITHM'
  | 'SIGNATURE'
  | 'CLAIMS'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'INTERNAL'
  | 'LEEWAY'
  | 'OVERLAP';

/**
 * The error for every failing status of the C library (the same class, codes and messages
 * as bindings/node's). Its message is the library's text for
 * the status (plus, at most, which argument was wrong); it never holds a secret.
 */
export declare class MeshesTokenError extends Error {
  /**
   * @param status a meshes_status other than MESHES_OK
   * @param detail added to the library's message (this package passes one only for errors it
   *   makes itself, never for a status the library returned)
   */
  constructor(status: number, detail?: string);
  /**
   * The status name without its `MESHES_ERR_` prefix, e.g. `'EXPIRED'`
   * (`UNKNOWN_STATUS_<n>` for a number the library does not define).
   */
  readonly code: ErrorCode | `UNKNOWN_STATUS_${number}`;
  /** The meshes_status number, as the library returned it (see {@link statusCodes}). */
  readonly status: number;
}

/**
 * Mints tokens for one access key, secret and org id, validated and keyed once (each token
 * then costs about a microsecond). Call {@link Signer.close} when done: it wipes the key
 * material.
 */
export declare class Signer {
  /**
   * @throws TypeError an argument is not of the types above
   * @throws MeshesTokenError `ACCESS_KEY`, `SECRET` or `ORG_ID`, checked in that order
   */
  constructor(accessKey: string, secret: Secret, orgId: string);
  /**
   * A Signer from `MESHES_ACCESS_KEY`, `MESHES_SECRET_KEY` and `MESHES_ORG_ID`, read from
   * `env` (`process.env` by default, where there is one) exactly as set.
   * @throws MeshesTokenError as the constructor, also when a variable is not set
   */
  static fromEnv(env?: Record<string, string | undefined>): Signer;
  /** The access key the tokens carry as `kid`. */
  readonly accessKey: string;
  /** The org id the tokens carry as `org`. */
  readonly orgId: string;
  /** Whether {@link Signer.close} has been called. */
  readonly closed: boolean;
  /**
   * Mints one token. Synchronous.
   * @throws TypeError `options` or one of its fields is of the wrong type
   * @throws MeshesTokenError `UNINITIALIZED` (closed), `TTL` or `TIME`
   */
  sign(options?: SignOptions): string;
  /** Wipes the key material; later {@link Signer.sign} calls throw `UNINITIALIZED`. */
  close(): void;
}

/**
 * Mints one token: validation, keying and signing in one call (a {@link Signer} is faster
 * for more than one token with the same credentials).
 * @throws TypeError an argument is of the wrong type
 * @throws MeshesTokenError `ACCESS_KEY`, `SECRET`, `ORG_ID`, `TTL` or
 *   `TIME`, checked in that order
 */
export declare function sign(
  accessKey: string,
  secret: Secret,
  orgId: string,
  options?: SignOptions,
): string;

/**
 * Verifies a Meshes machine token (HS256 and the Meshes profile only) and returns its claims.
 * @throws TypeError an argument is of the wrong type
 * @throws MeshesTokenError `TIME` (`now` before the epoch, before anything else), then in
 *   the library's order `LEEWAY`, `SECRET`, `MALFORMED`, `ALGORITHM`, `CLAIMS`,
 *   `SIGNATURE`, `EXPIRED` or `NOT_YET_VALID`
 */
export declare function verify(token: string, secret: Secret, options?: VerifyOptions): Claims;

/**
 * Verifies tokens signed with one secret: the secret is validated and the HMAC key state
 * computed once, so each {@link Verifier.verify} hashes only the token. It gives exactly what
 * {@link verify} gives with the same secret. A server keeps one per access key and picks it
 * by {@link keyId}. Call {@link Verifier.close} when done: it wipes the key state.
 */
export declare class Verifier {
  /**
   * @throws TypeError `secret` is not a string or a Uint8Array
   * @throws MeshesTokenError `SECRET`
   */
  constructor(secret: Secret);
  /** Whether {@link Verifier.close} has been called. */
  readonly closed: boolean;
  /**
   * Verifies a token and returns its claims. Synchronous.
   * @throws TypeError an argument is of the wrong type
   * @throws MeshesTokenError `UNINITIALIZED` (closed), then as {@link verify}
   */
  verify(token: string, options?: VerifyOptions): Claims;
  /** Wipes the key state; later {@link Verifier.verify} calls throw `UNINITIALIZED`. */
  close(): void;
}

/**
 * Reads a token's `kid` (its access key) without verifying it, to look up the secret to
 * verify it with. Never trust it before {@link verify} succeeds.
 * @throws MeshesTokenError `MALFORMED` or `CLAIMS`
 */
export declare function keyId(token: string): string;

/** Every status of the library by code (`OK`, `ACCESS_KEY`, ...), read from the library. */
export declare const statusCodes: Readonly<Record<'OK' | ErrorCode, number>>;

/** The limits of meshes_token.h. */
export declare const limits: Readonly<{
  ACCESS_KEY_MAX_LEN: number;
  ORG_ID_MAX_LEN: number;
  SECRET_MAX_LEN: number;
  TTL_MAX: number;
  TOKEN_MAX_LEN: number;
  VERIFY_MAX_LEN: number;
  LEEWAY_MAX: number;
  SIGNER_SIZE: number;
  SIGNER_ALIGN: number;
  VERIFIER_SIZE: number;
  VERIFIER_ALIGN: number;
}>;

/** The ttl of a token when none is given: 30 seconds. */
export declare const DEFAULT_TTL: number;

/** This package's version (init() refuses a module of another version). */
export declare const version: string;

/**
 * What {@link init} loads the module from: the `.wasm` file's bytes, a compiled
 * `WebAssembly.Module` (as edge runtimes hand it over), a URL to fetch, a fetch `Response`,
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
 * Loads the WebAssembly module (by default the `meshes_token.wasm` bundled with the package,
 * next to `index.js`) and makes it the one every function uses; resolves to its version.
 * Call and await it once before anything else, except in Node, where importing the package
 * has done it (synchronously). Later calls return the first call's promise, whatever their argument.
 * @throws TypeError `source` is of none of the types above
 * @throws Error code `ERR_WASM_MODULE` (not this version's meshes-token module) or
 *   `ERR_WASM_FETCH` (the URL answered with an HTTP error); WebAssembly.CompileError for bytes
 *   that are no WebAssembly module
 */
export declare function init(source?: InitSource): Promise<string>;

/**
 * As {@link init}, synchronously, from the `.wasm` file's bytes or a compiled
 * `WebAssembly.Module`; returns the library's version (at once if the package is already
 * initialised). For Node and workers: browsers refuse to compile modules above a few KiB
 * synchronously on their main thread.
 * @throws TypeError `source` is neither bytes nor a `WebAssembly.Module`
 * @throws Error code `ERR_WASM_MODULE` (not this version's meshes-token module);
 *   WebAssembly.CompileError for bytes that are no WebAssembly module
 */
export declare function initSync(
  source: WebAssembly.Module | ArrayBuffer | ArrayBufferView,
): string;
