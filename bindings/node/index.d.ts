// Type declarations of meshes-token (index.cjs; index.d.mts re-exports them for index.mjs).

/**
 * A point in time: whole seconds since the Unix epoch (a safe integer, or a bigint for
 * values above 2^53 - 1), or a Date (floored to its second).
 */
export type Time = number | bigint | Date;

/** A secret: a string (used as its UTF-8 bytes) or the raw bytes (a Uint8Array or Buffer). */
export type Secret = string | Uint8Array;

/** Options of {@link Signer.sign} and {@link sign}. */
export interface SignOptions {
  /** The token's `iat`; now (the system clock) by default. */
  issuedAt?: Time;
  /** Seconds the token is valid for, 1 to `limits.TTL_MAX` (60); 30 by default. */
  ttl?: number;
}

/** Options of {@link verify}. */
export interface VerifyOptions {
  /** The time to check the token at; now (the system clock) by default. */
  now?: Time;
  /** Seconds of clock skew tolerated in both directions, 0 to 2^32 - 1; 0 by default. */
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

/** The code of a {@link MeshesTokenError}: a status of meshes_token.h without `MESHES_`. */
export type ErrorCode =
  | 'ERR_NULL_POINTER'
  | 'ERR_ACCESS_KEY'
  | 'ERR_SECRET'
  | 'ERR_ORG_ID'
  | 'ERR_TTL'
  | 'ERR_TIME'
  | 'ERR_BUFFER_TOO_SMALL'
  | 'ERR_CLOCK'
  | 'ERR_UNINITIALIZED'
  | 'ERR_MALFORMED'
  | 'ERR_ALGORITHM'
  | 'ERR_SIGNATURE'
  | 'ERR_CLAIMS'
  | 'ERR_EXPIRED'
  | 'ERR_NOT_YET_VALID'
  | 'ERR_INTERNAL'
  | 'ERR_LEEWAY'
  | 'ERR_OVERLAP';

/**
 * The error for every failing status of the C library. Its message is the library's text for
 * the status (plus, at most, which argument was wrong); it never holds a secret.
 */
export declare class MeshesTokenError extends Error {
  /**
   * @param status a meshes_status other than MESHES_OK
   * @param detail added to the library's message for the status
   */
  constructor(status: number, detail?: string);
  /**
   * The status name without its `MESHES_` prefix, e.g. `'ERR_EXPIRED'`
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
   * @throws MeshesTokenError `ERR_ACCESS_KEY`, `ERR_SECRET` or `ERR_ORG_ID`, checked in that order
   */
  constructor(accessKey: string, secret: Secret, orgId: string);
  /**
   * A Signer from `MESHES_ACCESS_KEY`, `MESHES_SECRET_KEY` and `MESHES_ORG_ID`, read from
   * `env` (`process.env` by default) exactly as set.
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
   * @throws MeshesTokenError `ERR_UNINITIALIZED` (closed), `ERR_TTL` or `ERR_TIME`
   */
  sign(options?: SignOptions): string;
  /** Wipes the key material; later {@link Signer.sign} calls throw `ERR_UNINITIALIZED`. */
  close(): void;
}

/**
 * Mints one token: validation, keying and signing in one call (a {@link Signer} is faster
 * for more than one token with the same credentials).
 * @throws TypeError an argument is of the wrong type
 * @throws MeshesTokenError `ERR_ACCESS_KEY`, `ERR_SECRET`, `ERR_ORG_ID`, `ERR_TTL` or
 *   `ERR_TIME`, checked in that order
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
 * @throws MeshesTokenError `ERR_TIME` (`now` or `leeway` out of range), `ERR_SECRET`,
 *   `ERR_MALFORMED`, `ERR_ALGORITHM`, `ERR_CLAIMS`, `ERR_SIGNATURE`, `ERR_EXPIRED` or
 *   `ERR_NOT_YET_VALID`
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
   * @throws MeshesTokenError `ERR_SECRET`
   */
  constructor(secret: Secret);
  /** Whether {@link Verifier.close} has been called. */
  readonly closed: boolean;
  /**
   * Verifies a token and returns its claims. Synchronous.
   * @throws TypeError an argument is of the wrong type
   * @throws MeshesTokenError `ERR_UNINITIALIZED` (closed), then as {@link verify}
   */
  verify(token: string, options?: VerifyOptions): Claims;
  /** Wipes the key state; later {@link Verifier.verify} calls throw `ERR_UNINITIALIZED`. */
  close(): void;
}

/**
 * Reads a token's `kid` (its access key) without verifying it, to look up the secret to
 * verify it with. Never trust it before {@link verify} succeeds.
 * @throws MeshesTokenError `ERR_MALFORMED` or `ERR_CLAIMS`
 */
export declare function keyId(token: string): string;

/** Every status of the library by code (`OK`, `ERR_ACCESS_KEY`, ...), read from the library. */
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

/** The version of the loaded C library (equal to this package's version). */
export declare const version: string;
