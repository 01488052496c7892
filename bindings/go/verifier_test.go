package meshestoken

import (
	"errors"
	"io"
	"sync"
	"testing"
	"time"
	"unsafe"
)

func newExampleVerifier(t *testing.T) *Verifier {
	t.Helper()
	v, err := NewVerifier(exampleSecret)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestVerifierMatchesVerify(t *testing.T) {
	v := newExampleVerifier(t)
	defer v.Close()
	now := time.Unix(exampleIat+5, 0)
	want, err := Verify(exampleToken, exampleSecret, now, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := v.Verify(exampleToken, now, 0); err != nil || got != want {
		t.Fatalf("Verify = %+v, %v; want %+v", got, err, want)
	}
	for name, c := range map[string]struct {
		now    time.Time
		leeway time.Duration
		want   error
	}{
		"expired":      {time.Unix(exampleIat+30, 0), 0, ErrExpired},
		"leeway":       {now, 301 * time.Second, ErrLeeway},
		"half second":  {now, 500 * time.Millisecond, ErrLeeway},
		"negative":     {now, -time.Second, ErrLeeway},
		"before epoch": {time.Unix(-1, 0), 0, ErrTime},
	} {
		if _, err := v.Verify(exampleToken, c.now, c.leeway); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
	if _, err := NewVerifier("secret\n"); !errors.Is(err, ErrSecret) {
		t.Errorf("NewVerifier(bad secret): %v", err)
	}
}

func TestClosedVerifier(t *testing.T) {
	v := newExampleVerifier(t)
	var _ io.Closer = v
	for i := 0; i < 2; i++ {
		if err := v.Close(); err != nil {
			t.Fatalf("Close #%d: %v", i+1, err)
		}
		if c, err := v.Verify(exampleToken, time.Unix(exampleIat+5, 0), 0); !errors.Is(err, ErrUninitialized) || c != (Claims{}) {
			t.Fatalf("Verify after Close #%d = %+v, %v", i+1, c, err)
		}
	}
	raw := unsafe.Slice((*byte)(unsafe.Pointer(v.st.raw())), unsafe.Sizeof(rawVerifier{}))
	for i, b := range raw {
		if b != 0 {
			t.Fatalf("byte %d of the closed verifier is %#x", i, b)
		}
	}
	var nilVerifier *Verifier
	for name, z := range map[string]*Verifier{"zero": {}, "nil": nilVerifier} {
		if _, err := z.Verify(exampleToken, time.Unix(exampleIat+5, 0), 0); !errors.Is(err, ErrUninitialized) {
			t.Errorf("%s Verifier: %v", name, err)
		}
		if err := z.Close(); err != nil {
			t.Errorf("%s Verifier: Close: %v", name, err)
		}
	}
}

// Close while many goroutines verify: each Verify either succeeds or returns ErrUninitialized.
func TestCloseWhileVerifying(t *testing.T) {
	v := newExampleVerifier(t)
	now := time.Unix(exampleIat+5, 0)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				c, err := v.Verify(exampleToken, now, 0)
				if err != nil && !errors.Is(err, ErrUninitialized) || err == nil && c.AccessKey != exampleKey {
					t.Errorf("Verify = %+v, %v", c, err)
					return
				}
			}
		}()
	}
	time.Sleep(time.Millisecond)
	v.Close()
	wg.Wait()
	if _, err := v.Verify(exampleToken, now, 0); !errors.Is(err, ErrUninitialized) {
		t.Fatalf("Verify after Close: %v", err)
	}
}

func TestVerifierAllocations(t *testing.T) {
	v := newExampleVerifier(t)
	defer v.Close()
	now := time.Unix(exampleIat+5, 0)
	var sink string
	if n := testing.AllocsPerRun(1000, func() { c, _ := v.Verify(exampleToken, now, 0); sink = c.OrgID }); n != 1 {
		t.Errorf("(*Verifier).Verify: %v allocations, want exactly 1", n)
	}
	var errSink error
	if n := testing.AllocsPerRun(1000, func() { _, errSink = v.Verify(exampleToken, now.Add(time.Hour), 0) }); n != 0 {
		t.Errorf("(*Verifier).Verify error: %v allocations, want 0", n)
	}
	_, _ = sink, errSink
}
