package meshestoken

// #include "meshes_token.h"
import "C"

import "strings"

// Error is the error every function of this package returns: a meshes_status of the C
// library and the library's message for it.
//
// Compare errors with errors.Is against the sentinels below (ErrExpired, ErrSignature, ...):
// two *Error values match when their statuses are equal.
type Error struct {
	status uint32
	code   string // the status name without MESHES_ERR_, as the vector files spell it
	msg    string // "meshestoken: " and the library's message
}

// Error returns "meshestoken: " and the library's message for the status.
func (e *Error) Error() string { return e.msg }

// Status returns the meshes_status code of the C library (MESHES_ERR_... in meshes_token.h).
func (e *Error) Status() uint32 { return e.status }

// Code returns the status's name without "MESHES_ERR_" ("TTL", "EXPIRED", ...): the spelling
// of the conformance vectors and of the Python, Node and WebAssembly packages' error codes.
func (e *Error) Code() string { return e.code }

// Is reports whether target is an *Error with the same status, so that
// errors.Is(err, ErrExpired) holds for any expired-token error.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t != nil && t.status == e.status
}

// newError builds the *Error for status, with the library's message for it.
func newError(status uint32) *Error {
	return &Error{
		status: status,
		code:   strings.TrimPrefix(ffiStatusName(status), "MESHES_ERR_"),
		msg:    "meshestoken: " + ffiStatusMessage(status),
	}
}

// The sentinels, one per meshes_status of meshes_token.h except MESHES_OK. Every error this
// package returns matches exactly one of them with errors.Is (unless a newer library returns
// a status this package does not know: that is an *Error matching none).
var (
	// ErrNullPointer is MESHES_ERR_NULL_POINTER. The Go API never passes NULL where a value is
	// required, so seeing it means a bug here.
	ErrNullPointer = newError(C.MESHES_ERR_NULL_POINTER)
	// ErrAccessKey is MESHES_ERR_ACCESS_KEY: the access key is empty, longer than
	// MaxAccessKeyLen, or has a byte outside [A-Za-z0-9._-].
	ErrAccessKey = newError(C.MESHES_ERR_ACCESS_KEY)
	// ErrSecret is MESHES_ERR_SECRET: the secret is empty, longer than MaxSecretLen, or holds
	// an ASCII control byte or space (often the trailing newline of a secret read from a file).
	ErrSecret = newError(C.MESHES_ERR_SECRET)
	// ErrOrgID is MESHES_ERR_ORG_ID: the org id is empty, longer than MaxOrgIDLen, has a byte
	// outside [a-z0-9-] (uppercase included), or starts or ends with '-'.
	ErrOrgID = newError(C.MESHES_ERR_ORG_ID)
	// ErrTTL is MESHES_ERR_TTL: the time to live is not a whole number of seconds from 1 s to
	// MaxTTL.
	ErrTTL = newError(C.MESHES_ERR_TTL)
	// ErrTime is MESHES_ERR_TIME: issuedAt + ttl is after 2^53 - 1 seconds, or issuedAt is
	// before the Unix epoch; for Verify, now is before the epoch (the one argument check this
	// package makes itself, before calling the library).
	ErrTime = newError(C.MESHES_ERR_TIME)
	// ErrBufferTooSmall is MESHES_ERR_BUFFER_TOO_SMALL. This package always passes buffers of
	// the header's maximum sizes, so seeing it means a bug here or in the library.
	ErrBufferTooSmall = newError(C.MESHES_ERR_BUFFER_TOO_SMALL)
	// ErrClock is MESHES_ERR_CLOCK: the system clock is before the Unix epoch.
	ErrClock = newError(C.MESHES_ERR_CLOCK)
	// ErrUninitialized is MESHES_ERR_UNINITIALIZED: the Signer is closed, or is a zero
	// Signer that NewSigner did not make.
	ErrUninitialized = newError(C.MESHES_ERR_UNINITIALIZED)
	// ErrMalformed is MESHES_ERR_MALFORMED: the token is not three canonical base64url
	// segments of JSON objects of the expected shape, or is longer than MaxVerifyLen.
	ErrMalformed = newError(C.MESHES_ERR_MALFORMED)
	// ErrAlgorithm is MESHES_ERR_ALGORITHM: the token's alg is not HS256.
	ErrAlgorithm = newError(C.MESHES_ERR_ALGORITHM)
	// ErrSignature is MESHES_ERR_SIGNATURE: the token's signature does not match the secret.
	ErrSignature = newError(C.MESHES_ERR_SIGNATURE)
	// ErrClaims is MESHES_ERR_CLAIMS: a header field or claim is missing or breaks the Meshes
	// profile (typ, kid, iss, aud, org, iat, exp, a lifetime of 1 to 60 s).
	ErrClaims = newError(C.MESHES_ERR_CLAIMS)
	// ErrExpired is MESHES_ERR_EXPIRED: now >= exp + leeway.
	ErrExpired = newError(C.MESHES_ERR_EXPIRED)
	// ErrNotYetValid is MESHES_ERR_NOT_YET_VALID: iat > now + leeway.
	ErrNotYetValid = newError(C.MESHES_ERR_NOT_YET_VALID)
	// ErrInternal is MESHES_ERR_INTERNAL: a state the library rules out (a bug); please
	// report it.
	ErrInternal = newError(C.MESHES_ERR_INTERNAL)
	// ErrLeeway is MESHES_ERR_LEEWAY: the leeway passed to Verify is negative, not a whole
	// number of seconds, or above MaxLeeway (300 s).
	ErrLeeway = newError(C.MESHES_ERR_LEEWAY)
	// ErrOverlap is MESHES_ERR_OVERLAP: an output buffer overlaps an input. The Go API never
	// passes overlapping buffers, so seeing it means a bug here.
	ErrOverlap = newError(C.MESHES_ERR_OVERLAP)
)

// statusError maps a status returned by the library to nil (MESHES_OK) or its sentinel.
//
// The one translation from C statuses to Go errors: TestEveryStatusHasASentinel parses
// meshes_token.h and fails when a status is missing here. A value the header does not know
// (a newer library) still becomes an *Error, with the library's "unknown status" message.
func statusError(status uint32) error {
	switch status {
	case C.MESHES_OK:
		return nil
	case C.MESHES_ERR_NULL_POINTER:
		return ErrNullPointer
	case C.MESHES_ERR_ACCESS_KEY:
		return ErrAccessKey
	case C.MESHES_ERR_SECRET:
		return ErrSecret
	case C.MESHES_ERR_ORG_ID:
		return ErrOrgID
	case C.MESHES_ERR_TTL:
		return ErrTTL
	case C.MESHES_ERR_TIME:
		return ErrTime
	case C.MESHES_ERR_BUFFER_TOO_SMALL:
		return ErrBufferTooSmall
	case C.MESHES_ERR_CLOCK:
		return ErrClock
	case C.MESHES_ERR_UNINITIALIZED:
		return ErrUninitialized
	case C.MESHES_ERR_MALFORMED:
		return ErrMalformed
	case C.MESHES_ERR_ALGORITHM:
		return ErrAlgorithm
	case C.MESHES_ERR_SIGNATURE:
		return ErrSignature
	case C.MESHES_ERR_CLAIMS:
		return ErrClaims
	case C.MESHES_ERR_EXPIRED:
		return ErrExpired
	case C.MESHES_ERR_NOT_YET_VALID:
		return ErrNotYetValid
	case C.MESHES_ERR_INTERNAL:
		return ErrInternal
	case C.MESHES_ERR_LEEWAY:
		return ErrLeeway
	case C.MESHES_ERR_OVERLAP:
		return ErrOverlap
	default:
		return newError(status)
	}
}
