package meshestoken

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// The "example" vector's go_sdk token: what the stdlib map mint and golang-jwt (both marshal
// maps, so keys come out sorted) must produce byte for byte.
func goSDKToken(b *testing.B) string {
	var file tokensFile
	loadVectors(b, "tokens.json", &file)
	for _, v := range file.Vectors {
		if v.Name == "example" {
			return v.Tokens["go_sdk"]
		}
	}
	b.Fatal("no example vector")
	return ""
}

// stdlibMint signs the way the official Go SDK does: encoding/json on maps, base64, and
// crypto/hmac (as tests/vectors/generate/gosdk does).
func stdlibMint(accessKey, secret, orgID string, iat, exp int64) (string, error) {
	header, err := json.Marshal(map[string]any{"alg": "HS256", "typ": "JWT", "kid": accessKey})
	if err != nil {
		return "", err
	}
	payload, err := json.Marshal(map[string]any{
		"iss": "urn:meshes:m2m:" + accessKey,
		"aud": "meshes-api",
		"org": orgID,
		"iat": iat,
		"exp": exp,
	})
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding
	signingInput := enc.EncodeToString(header) + "." + enc.EncodeToString(payload)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(signingInput))
	return signingInput + "." + enc.EncodeToString(mac.Sum(nil)), nil
}

// golangJWTMint signs with golang-jwt/jwt/v5: MapClaims and a kid header.
func golangJWTMint(accessKey, secret, orgID string, iat, exp int64) (string, error) {
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"iss": "urn:meshes:m2m:" + accessKey,
		"aud": "meshes-api",
		"org": orgID,
		"iat": iat,
		"exp": exp,
	})
	tok.Header["kid"] = accessKey
	return tok.SignedString([]byte(secret))
}

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

// BenchmarkSign compares, in one run, minting the same token with a Signer, with the stdlib
// map mint of the official Go SDK, and with golang-jwt.
func BenchmarkSign(b *testing.B) {
	iat := time.Unix(exampleIat, 0)
	const exp = exampleIat + 30
	b.Run("meshestoken", func(b *testing.B) {
		s := newExampleSigner(b)
		defer s.Close()
		tok, err := s.Sign(iat, 30*time.Second)
		checkToken(b, tok, exampleToken, err)
		b.ReportAllocs()
		for b.Loop() {
			tok, err = s.Sign(iat, 30*time.Second)
		}
		checkToken(b, tok, exampleToken, err)
	})
	b.Run("stdlib_maps", func(b *testing.B) {
		want := goSDKToken(b)
		tok, err := stdlibMint(exampleKey, exampleSecret, exampleOrg, exampleIat, exp)
		checkToken(b, tok, want, err)
		b.ReportAllocs()
		for b.Loop() {
			tok, err = stdlibMint(exampleKey, exampleSecret, exampleOrg, exampleIat, exp)
		}
		checkToken(b, tok, want, err)
	})
	b.Run("golang_jwt", func(b *testing.B) {
		want := goSDKToken(b)
		tok, err := golangJWTMint(exampleKey, exampleSecret, exampleOrg, exampleIat, exp)
		checkToken(b, tok, want, err)
		b.ReportAllocs()
		for b.Loop() {
			tok, err = golangJWTMint(exampleKey, exampleSecret, exampleOrg, exampleIat, exp)
		}
		checkToken(b, tok, want, err)
	})
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
