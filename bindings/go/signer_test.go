package meshestoken

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"
)

// The "example" vector of tokens.json.
const (
	exampleKey    = "AK7f3kQ9mZ2pL8xR4tV6"
	exampleSecret = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF"
	exampleOrg    = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60"
	exampleIat    = 1767225600
	exampleToken  = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IkFLN2Yza1E5bVoycEw4eFI0dFY2In0.eyJpc3MiOiJ1cm46bWVzaGVzOm0ybTpBSzdmM2tROW1aMnBMOHhSNHRWNiIsImF1ZCI6Im1lc2hlcy1hcGkiLCJvcmciOiIzZjZjMmE5ZS04YjFkLTRlN2EtOWMyZi01ZDhlMWE3YjRjNjAiLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6MTc2NzIyNTYzMH0.9_BgmO6NbzN3slwudGDyUs8El62p1EgJw4maDWLku5w"
)

func newExampleSigner(t testing.TB) *Signer {
	t.Helper()
	s, err := NewSigner(exampleKey, exampleSecret, exampleOrg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestExampleTokenIsInVectors(t *testing.T) {
	var file tokensFile
	loadVectors(t, "tokens.json", &file)
	for _, v := range file.Vectors {
		if v.Name == "example" {
			if v.Tokens["jsonwebtoken"] != exampleToken || v.AccessKey != exampleKey ||
				v.Secret != exampleSecret || v.OrgID != exampleOrg || v.IatStr != "1767225600" || v.TTL != 30 {
				t.Fatal("the example constants differ from tokens.json")
			}
			return
		}
	}
	t.Fatal("no example vector")
}

func TestClosedSigner(t *testing.T) {
	s := newExampleSigner(t)
	if _, err := s.Token(); err != nil {
		t.Fatal(err)
	}
	var _ io.Closer = s
	for i := 0; i < 2; i++ { // Close twice: both fine, the second a no-op.
		if err := s.Close(); err != nil {
			t.Fatalf("Close #%d: %v", i+1, err)
		}
		if tok, err := s.Token(); !errors.Is(err, ErrUninitialized) || tok != "" {
			t.Fatalf("Token after Close #%d = %q, %v", i+1, tok, err)
		}
		if tok, err := s.Sign(time.Unix(exampleIat, 0), 30*time.Second); !errors.Is(err, ErrUninitialized) || tok != "" {
			t.Fatalf("Sign after Close #%d = %q, %v", i+1, tok, err)
		}
	}
	// The C signer is wiped: every byte zero.
	for i, b := range rawBytes(s.st) {
		if b != 0 {
			t.Fatalf("byte %d of the closed signer is %#x", i, b)
		}
	}
	// Argument errors of a closed signer: the library checks the signer first.
	if _, err := s.Sign(time.Unix(-1, 0), 0); !errors.Is(err, ErrUninitialized) {
		t.Fatalf("Sign with bad arguments after Close: %v", err)
	}
}

func TestZeroAndNilSigner(t *testing.T) {
	var nilSigner *Signer
	for name, s := range map[string]*Signer{"zero": {}, "nil": nilSigner} {
		if _, err := s.Token(); !errors.Is(err, ErrUninitialized) {
			t.Errorf("%s Signer: Token: %v", name, err)
		}
		if err := s.Close(); err != nil {
			t.Errorf("%s Signer: Close: %v", name, err)
		}
	}
	// A zeroed C signer that Go memory holds is rejected by the library itself.
	var st signerState
	var buf [tokenBufLen]byte
	if _, status := ffiSignerSign(st.raw(), exampleIat, 30, buf[:]); !errors.Is(statusError(status), ErrUninitialized) {
		t.Errorf("zeroed meshes_signer: %v", statusError(status))
	}
}

// Close while many goroutines sign: each Sign either returns the right token or
// ErrUninitialized, never a wrong token or a crash, and after Close returns every Sign fails.
func TestCloseWhileSigning(t *testing.T) {
	for round := 0; round < 20; round++ {
		s := newExampleSigner(t)
		iat := time.Unix(exampleIat, 0)
		var wg sync.WaitGroup
		start := make(chan struct{})
		errs := make(chan error, 8)
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				for i := 0; i < 200; i++ {
					tok, err := s.Sign(iat, 30*time.Second)
					switch {
					case err == nil && tok == exampleToken:
					case errors.Is(err, ErrUninitialized) && tok == "":
						return
					default:
						errs <- errors.New("Sign during Close: " + tok + " " + errString(err))
						return
					}
				}
			}()
		}
		close(start)
		runtime.Gosched()
		var cw sync.WaitGroup
		for c := 0; c < 2; c++ { // two concurrent Closes
			cw.Add(1)
			go func() { defer cw.Done(); s.Close() }()
		}
		cw.Wait()
		if _, err := s.Token(); !errors.Is(err, ErrUninitialized) {
			t.Fatalf("Token after Close: %v", err)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
	}
}

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// Many goroutines share one Signer and get the single-threaded result.
func TestConcurrentSign(t *testing.T) {
	s := newExampleSigner(t)
	defer s.Close()
	want := make([]string, 60)
	for ttl := range want {
		tok, err := s.Sign(time.Unix(exampleIat+int64(ttl), 0), time.Duration(ttl+1)*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		want[ttl] = tok
	}
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				ttl := (g + i) % len(want)
				tok, err := s.Sign(time.Unix(exampleIat+int64(ttl), 0), time.Duration(ttl+1)*time.Second)
				if err != nil || tok != want[ttl] {
					t.Errorf("goroutine %d: %q, %v", g, tok, err)
					return
				}
			}
		}(g)
	}
	wg.Wait()
}

// A Signer dropped without Close is wiped by its cleanup. The test keeps only the state (the
// cleanup's argument), not the Signer, so the Signer can be collected.
func TestCleanupWipesDroppedSigner(t *testing.T) {
	st := newExampleSigner(t).st
	nonZero := func() bool {
		st.mu.RLock()
		defer st.mu.RUnlock()
		for _, b := range rawBytes(st) {
			if b != 0 {
				return true
			}
		}
		return false
	}
	if !nonZero() {
		t.Fatal("an initialized signer is all zeros")
	}
	deadline := time.Now().Add(10 * time.Second)
	for nonZero() {
		if time.Now().After(deadline) {
			t.Fatal("the dropped signer was not wiped")
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
}

func rawBytes(st *signerState) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(st.raw())), unsafe.Sizeof(rawSigner{}))
}

func TestSignerFromEnv(t *testing.T) {
	t.Setenv(EnvAccessKey, exampleKey)
	t.Setenv(EnvSecretKey, exampleSecret)
	t.Setenv(EnvOrgID, exampleOrg)
	s, err := SignerFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if tok, err := s.Sign(time.Unix(exampleIat, 0), 30*time.Second); err != nil || tok != exampleToken {
		t.Fatalf("Sign = %q, %v", tok, err)
	}

	t.Setenv(EnvSecretKey, exampleSecret+"\n")
	if _, err := SignerFromEnv(); !errors.Is(err, ErrSecret) {
		t.Fatalf("secret with a newline: %v", err)
	}
	t.Setenv(EnvOrgID, "")
	t.Setenv(EnvSecretKey, exampleSecret)
	if _, err := SignerFromEnv(); !errors.Is(err, ErrOrgID) {
		t.Fatalf("empty org: %v", err)
	}
	for _, c := range []struct {
		name string
		want error
	}{{EnvAccessKey, ErrAccessKey}, {EnvSecretKey, ErrSecret}, {EnvOrgID, ErrOrgID}} {
		t.Run("unset "+c.name, func(t *testing.T) {
			t.Setenv(EnvAccessKey, exampleKey)
			t.Setenv(EnvSecretKey, exampleSecret)
			t.Setenv(EnvOrgID, exampleOrg)
			unsetenv(t, c.name)
			_, err := SignerFromEnv()
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.name) {
				t.Fatalf("%v", err)
			}
		})
	}
}

// unsetenv unsets name for the rest of the test; t.Setenv restores it afterwards.
func unsetenv(t *testing.T, name string) {
	t.Setenv(name, "")
	if err := os.Unsetenv(name); err != nil {
		t.Fatal(err)
	}
}

func TestToken(t *testing.T) {
	s := newExampleSigner(t)
	defer s.Close()
	before := time.Now().Unix()
	tok, err := s.Token()
	after := time.Now().Unix()
	if err != nil {
		t.Fatal(err)
	}
	c, err := Verify(tok, exampleSecret, time.Unix(after, 0), 0)
	if err != nil {
		t.Fatal(err)
	}
	if iat := c.IssuedAt.Unix(); iat < before || iat > after || c.ExpiresAt.Sub(c.IssuedAt) != DefaultTTL {
		t.Fatalf("claims %+v, issued between %d and %d", c, before, after)
	}
}

// One allocation per token: the returned string. Also for the one-shot Sign, Verify (the two
// claim strings share one) and KeyID.
func TestAllocations(t *testing.T) {
	s := newExampleSigner(t)
	defer s.Close()
	iat := time.Unix(exampleIat, 0)
	now := time.Unix(exampleIat+5, 0)
	var sink string
	for _, c := range []struct {
		name string
		f    func()
	}{
		{"(*Signer).Sign", func() { sink, _ = s.Sign(iat, 30*time.Second) }},
		{"(*Signer).Token", func() { sink, _ = s.Token() }},
		{"Sign", func() { sink, _ = Sign(exampleKey, exampleSecret, exampleOrg, iat, 30*time.Second) }},
		{"Verify", func() { c, _ := Verify(exampleToken, exampleSecret, now, 0); sink = c.OrgID }},
		{"KeyID", func() { sink, _ = KeyID(exampleToken) }},
	} {
		if n := testing.AllocsPerRun(1000, c.f); n != 1 {
			t.Errorf("%s: %v allocations, want exactly 1", c.name, n)
		}
	}
	// Errors are the sentinels themselves: no allocation.
	var errSink error
	for name, f := range map[string]func(){
		"Sign error":   func() { sink, errSink = s.Sign(iat, 0) },
		"Verify error": func() { _, errSink = Verify(exampleToken, exampleSecret, iat.Add(time.Hour), 0) },
		"KeyID error":  func() { sink, errSink = KeyID("") },
	} {
		if n := testing.AllocsPerRun(1000, f); n != 0 {
			t.Errorf("%s: %v allocations, want 0", name, n)
		}
	}
	_, _ = sink, errSink
}

// The linked library's version is the workspace's.
func TestVersion(t *testing.T) {
	toml, err := os.ReadFile(filepath.Join("..", "..", "Cargo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\[workspace\.package\][^\[]*?^version = "([^"]+)"`).FindSubmatch(toml)
	if m == nil {
		t.Fatal("no [workspace.package] version in Cargo.toml")
	}
	if v := Version(); v != string(m[1]) {
		t.Fatalf("Version() = %q, Cargo.toml says %q", v, m[1])
	}
}
