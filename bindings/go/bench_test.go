package meshestoken

import (
	"testing"
	"time"
)

// checkToken fails the benchmark unless tok is want byte for byte and verifies with Verify.
func checkToken(b *testing.B, tok, want string, err error) {
	b.Helper()
	if err != nil || tok != want {
		b.Fatalf("token %q, %v\nwant %q", tok, err, want)
	}
	if _, err := Verify(tok, exampleSecret, time.Unix(exampleIat, 0), 0); err != nil {
		b.Fatalf("Verify: %v", err)
	}
}

// BenchmarkSign mints the example token with a Signer. The rivals (hand-written midstate
// mints, crypto/hmac, golang-jwt, cristalhq/jwt, kataras/jwt) are timed next to it by the
// bench module in ./bench, so that this module requires none of them.
func BenchmarkSign(b *testing.B) {
	iat := time.Unix(exampleIat, 0)
	s := newExampleSigner(b)
	defer s.Close()
	tok, err := s.Sign(iat, 30*time.Second)
	checkToken(b, tok, exampleToken, err)
	b.ReportAllocs()
	for b.Loop() {
		tok, err = s.Sign(iat, 30*time.Second)
	}
	checkToken(b, tok, exampleToken, err)
}

// BenchmarkSignParallel shares one Signer between GOMAXPROCS goroutines (the read lock's cost
// under contention).
func BenchmarkSignParallel(b *testing.B) {
	s := newExampleSigner(b)
	defer s.Close()
	iat := time.Unix(exampleIat, 0)
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		tok, err := exampleToken, error(nil) // a goroutine may get no iteration
		for pb.Next() {
			tok, err = s.Sign(iat, 30*time.Second)
		}
		if err != nil || tok != exampleToken {
			b.Errorf("token %q, %v", tok, err)
		}
	})
}

// BenchmarkSignLock measures what the Signer's read lock costs: the same C call with and
// without it, and the lock alone, on one goroutine and on all of them. Not a public API: a
// Signer always takes the lock.
func BenchmarkSignLock(b *testing.B) {
	s := newExampleSigner(b)
	defer s.Close()
	st := s.st
	b.Run("rlock", func(b *testing.B) {
		var buf [tokenBufLen]byte
		for b.Loop() {
			st.mu.RLock()
			ffiSignerSign(st.raw(), exampleIat, 30, buf[:])
			st.mu.RUnlock()
		}
	})
	b.Run("bare", func(b *testing.B) {
		var buf [tokenBufLen]byte
		for b.Loop() {
			ffiSignerSign(st.raw(), exampleIat, 30, buf[:])
		}
	})
	b.Run("rlock_parallel", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			var buf [tokenBufLen]byte
			for pb.Next() {
				st.mu.RLock()
				ffiSignerSign(st.raw(), exampleIat, 30, buf[:])
				st.mu.RUnlock()
			}
		})
	})
	b.Run("bare_parallel", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			var buf [tokenBufLen]byte
			for pb.Next() {
				ffiSignerSign(st.raw(), exampleIat, 30, buf[:])
			}
		})
	})
	// The floor of any call into the library from Go: cgo's transition and the C ABI's entry
	// checks, on a zero signer that meshes_signer_sign refuses before hashing anything.
	b.Run("cgo_floor", func(b *testing.B) {
		var mem signerMem
		var buf [tokenBufLen]byte
		for b.Loop() {
			ffiSignerSign(alignedSigner(&mem), exampleIat, 30, buf[:])
		}
		if _, status := ffiSignerSign(alignedSigner(&mem), exampleIat, 30, buf[:]); statusError(status) != ErrUninitialized {
			b.Fatalf("status %d", status)
		}
	})
	b.Run("lock_only", func(b *testing.B) {
		for b.Loop() {
			st.mu.RLock()
			st.mu.RUnlock()
		}
	})
	b.Run("lock_only_parallel", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				st.mu.RLock()
				st.mu.RUnlock()
			}
		})
	})
	var buf [tokenBufLen]byte
	if n, status := ffiSignerSign(st.raw(), exampleIat, 30, buf[:]); status != 0 || string(buf[:n]) != exampleToken {
		b.Fatal("wrong token")
	}
}

func BenchmarkSignOneShot(b *testing.B) {
	iat := time.Unix(exampleIat, 0)
	var tok string
	var err error
	b.ReportAllocs()
	for b.Loop() {
		tok, err = Sign(exampleKey, exampleSecret, exampleOrg, iat, 30*time.Second)
	}
	checkToken(b, tok, exampleToken, err)
}

func BenchmarkVerify(b *testing.B) {
	now := time.Unix(exampleIat+5, 0)
	var c Claims
	var err error
	b.ReportAllocs()
	for b.Loop() {
		c, err = Verify(exampleToken, exampleSecret, now, 0)
	}
	if err != nil || c.AccessKey != exampleKey || c.OrgID != exampleOrg {
		b.Fatalf("%+v, %v", c, err)
	}
}

func BenchmarkVerifier(b *testing.B) {
	v, err := NewVerifier(exampleSecret)
	if err != nil {
		b.Fatal(err)
	}
	defer v.Close()
	now := time.Unix(exampleIat+5, 0)
	var c Claims
	b.ReportAllocs()
	for b.Loop() {
		c, err = v.Verify(exampleToken, now, 0)
	}
	if err != nil || c.AccessKey != exampleKey || c.OrgID != exampleOrg {
		b.Fatalf("%+v, %v", c, err)
	}
}

func BenchmarkKeyID(b *testing.B) {
	var kid string
	var err error
	b.ReportAllocs()
	for b.Loop() {
		kid, err = KeyID(exampleToken)
	}
	if err != nil || kid != exampleKey {
		b.Fatalf("%q, %v", kid, err)
	}
}
