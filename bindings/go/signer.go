package meshestoken

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"time"
)

// Signer mints tokens for one access key, secret and org id. It validates them once and keeps
// the library's precomputed HMAC state, so each token costs one short hash and one allocation
// (the returned string).
//
// A Signer is safe for concurrent use by any number of goroutines. Call Close when done: it
// wipes the key material, and every later Sign or Token returns ErrUninitialized. A Signer
// that becomes unreachable without Close is wiped by a runtime cleanup before its memory is
// reused. Do not copy a Signer; share the pointer. The zero Signer is not usable (its calls
// return ErrUninitialized); make one with NewSigner or SignerFromEnv.
type Signer struct {
	_  noCopy
	st *signerState
}

// noCopy makes go vet's copylocks check report copies of a Signer: a copy would share the
// key material, and be wiped when the original is closed or collected.
type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

// signerState is the C library's meshes_signer, kept in Go memory (no C heap) and aligned
// explicitly (signerMem, also on 32-bit platforms), with the lock
// that keeps meshes_signer_clear from running while a token is being signed.
//
// Signing takes the read lock and Close the write lock. The C signer is read-only while
// signing, so signing goroutines never wait for each other: the read lock is one atomic add
// on entry and one on exit, and only a Close makes anyone wait. A bare atomic "closed"
// flag would not do: a Sign that read the flag just before Close could still be inside
// meshes_signer_sign while meshes_signer_clear zeroes the same bytes.
//
// It is a separate allocation from Signer so that a cleanup attached to the Signer can wipe
// it (a cleanup must not keep its own object reachable).
type signerState struct {
	mu  sync.RWMutex
	mem signerMem
}

// NewSigner validates accessKey, secret and orgID and returns a Signer for them.
//
// The secret is used as its raw bytes (never base64-decoded). Errors: ErrAccessKey,
// ErrSecret, ErrOrgID, checked in that order.
//
// Go strings cannot be wiped: the secret passed here stays in memory until the garbage
// collector reuses it, as any Go string does. The Signer's own copy of the key material is
// wiped by Close.
func NewSigner(accessKey, secret, orgID string) (*Signer, error) {
	st := new(signerState)
	if err := statusError(ffiSignerInit(st.raw(), accessKey, secret, orgID)); err != nil {
		// A failed init leaves the C signer cleared: nothing to wipe.
		return nil, err
	}
	s := &Signer{st: st}
	runtime.AddCleanup(s, (*signerState).clear, st)
	return s, nil
}

// The environment variables SignerFromEnv reads.
const (
	// EnvAccessKey names the environment variable holding the access key.
	EnvAccessKey = "MESHES_ACCESS_KEY"
	// EnvSecretKey names the environment variable holding the secret.
	EnvSecretKey = "MESHES_SECRET_KEY"
	// EnvOrgID names the environment variable holding the org id.
	EnvOrgID = "MESHES_ORG_ID"
)

// SignerFromEnv returns NewSigner(MESHES_ACCESS_KEY, MESHES_SECRET_KEY, MESHES_ORG_ID) from the
// environment.
//
// A variable that is not set gives the error of the value it holds (ErrAccessKey, ErrSecret
// or ErrOrgID for errors.Is), wrapped with the variable's name. The values are used as they
// are: a secret with a trailing newline is ErrSecret, not trimmed.
func SignerFromEnv() (*Signer, error) {
	vars := [...]struct {
		name string
		err  error
	}{{EnvAccessKey, ErrAccessKey}, {EnvSecretKey, ErrSecret}, {EnvOrgID, ErrOrgID}}
	var vals [len(vars)]string
	for i, v := range vars {
		val, ok := os.LookupEnv(v.name)
		if !ok {
			return nil, fmt.Errorf("%w: %s is not set", v.err, v.name)
		}
		vals[i] = val
	}
	return NewSigner(vals[0], vals[1], vals[2])
}

// Sign mints the token issued at issuedAt (truncated to the second) and valid for ttl.
//
// ttl must be a whole number of seconds from 1 s to MaxTTL (60 s): anything else is ErrTTL,
// never rounded. issuedAt must not be before the Unix epoch, and issuedAt + ttl not after
// 2^53 - 1 seconds: else ErrTime. A closed Signer gives ErrUninitialized.
//
// The token is the only allocation.
func (s *Signer) Sign(issuedAt time.Time, ttl time.Duration) (string, error) {
	return s.sign("", unixSeconds(issuedAt), ttlSeconds(ttl))
}

// Token mints a token issued now and valid for DefaultTTL (30 s): Sign(time.Now(), DefaultTTL).
func (s *Signer) Token() (string, error) {
	return s.Sign(time.Now(), DefaultTTL)
}

// Close wipes the Signer's key material (meshes_signer_clear): later calls to Sign and Token
// return ErrUninitialized. It waits for signs in progress to finish. Calling it more than
// once, or concurrently with Sign, is safe. It always returns nil (it has the signature of
// io.Closer).
func (s *Signer) Close() error {
	if s != nil && s.st != nil {
		s.st.clear()
	}
	return nil
}

// sign mints a token into a buffer on the stack, after prefix, and returns prefix + token as
// one new string: the one allocation of a token.
//
// iat and ttl are already converted for the library (see unixSeconds and ttlSeconds), which
// does every range check.
func (s *Signer) sign(prefix string, iat uint64, ttl uint32) (string, error) {
	if s == nil || s.st == nil {
		return "", ErrUninitialized
	}
	var buf [len(bearer) + tokenBufLen]byte
	p := copy(buf[:], prefix)
	st := s.st
	st.mu.RLock()
	n, status := ffiSignerSign(st.raw(), iat, ttl, buf[p:])
	st.mu.RUnlock()
	// Not needed for memory safety (clear takes the lock), but it keeps the cleanup from
	// running while this call still uses the Signer.
	runtime.KeepAlive(s)
	if err := statusError(status); err != nil {
		return "", err
	}
	return string(buf[:p+n]), nil
}

// raw returns the C signer inside st.mem.
func (st *signerState) raw() *rawSigner { return alignedSigner(&st.mem) }

// clear wipes the C signer, waiting for signs in progress. It is the Signer's cleanup too.
func (st *signerState) clear() {
	st.mu.Lock()
	ffiSignerClear(st.raw())
	st.mu.Unlock()
}
