package meshestoken

import (
	"runtime"
	"sync"
	"time"
)

// Verifier verifies tokens signed with one secret. It validates the secret once and keeps the
// library's precomputed HMAC key state, so each Verify hashes only the token (6 SHA-256
// compressions for a typical token, against 8 for the package-level Verify). A server keeps
// one per access key and picks it by the token's KeyID (see the example).
//
// Verify gives exactly what the package-level Verify gives with the same secret: the same
// claims, or the same error in the same order (ErrSecret comes from NewVerifier instead).
//
// A Verifier is safe for concurrent use by any number of goroutines. Call Close when done: it
// wipes the key state, and every later Verify returns ErrUninitialized. A Verifier that
// becomes unreachable without Close is wiped by a runtime cleanup. Do not copy a Verifier;
// share the pointer. The zero Verifier is not usable (its Verify returns ErrUninitialized).
type Verifier struct {
	_  noCopy
	st *verifierState
}

// verifierState is the C library's meshes_verifier in Go memory, with the lock that keeps
// meshes_verifier_clear from running while a token is being verified (as signerState).
type verifierState struct {
	mu  sync.RWMutex
	mem verifierMem
}

// NewVerifier validates secret (ErrSecret) and returns a Verifier for it. The secret is used
// as its raw bytes; the Go string itself cannot be wiped (see NewSigner).
func NewVerifier(secret string) (*Verifier, error) {
	st := new(verifierState)
	if err := statusError(ffiVerifierInit(st.raw(), secret)); err != nil {
		// A failed init leaves the C verifier cleared: nothing to wipe.
		return nil, err
	}
	v := &Verifier{st: st}
	runtime.AddCleanup(v, (*verifierState).clear, st)
	return v, nil
}

// Verify verifies token at time now (truncated to the second), tolerating leeway of clock
// skew, as the package-level Verify does with this Verifier's secret. Errors, the first
// failure winning: ErrTime (now before the Unix epoch, checked before the call),
// ErrUninitialized (a closed or zero Verifier), then the library's: ErrLeeway (negative, not
// whole seconds, or above MaxLeeway), ErrMalformed, ErrAlgorithm, ErrClaims, ErrSignature,
// ErrMalformed (payload), ErrClaims, ErrExpired, ErrNotYetValid.
//
// A verified token costs one allocation (the two strings of Claims share it).
func (v *Verifier) Verify(token string, now time.Time, leeway time.Duration) (Claims, error) {
	n := now.Unix()
	if n < 0 {
		return Claims{}, ErrTime
	}
	if v == nil || v.st == nil {
		return Claims{}, ErrUninitialized
	}
	st := v.st
	st.mu.RLock()
	strs, akLen, iat, exp, status := ffiVerifierVerify(st.raw(), token, uint64(n), leewaySeconds(leeway))
	st.mu.RUnlock()
	// Keeps the cleanup from running while this call still uses the Verifier.
	runtime.KeepAlive(v)
	return claimsOf(strs, akLen, iat, exp, status)
}

// Close wipes the Verifier's key state (meshes_verifier_clear): later calls to Verify return
// ErrUninitialized. It waits for verifications in progress. Calling it more than once, or
// concurrently with Verify, is safe. It always returns nil (it has the signature of
// io.Closer).
func (v *Verifier) Close() error {
	if v != nil && v.st != nil {
		v.st.clear()
	}
	return nil
}

// raw returns the C verifier inside st.mem.
func (st *verifierState) raw() *rawVerifier { return alignedVerifier(&st.mem) }

// clear wipes the C verifier, waiting for verifications in progress. It is the Verifier's
// cleanup too.
func (st *verifierState) clear() {
	st.mu.Lock()
	ffiVerifierClear(st.raw())
	st.mu.Unlock()
}
