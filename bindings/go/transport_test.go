package meshestoken

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// meshesServer is an httptest.Server that authenticates like the Meshes API: it reads the
// bearer token's kid, looks up the secret, and verifies the token with Verify.
func meshesServer(t *testing.T, secrets map[string]string, accepted *atomic.Int64) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || len(r.Header.Values("Authorization")) != 1 {
			http.Error(w, "no bearer token", http.StatusUnauthorized)
			return
		}
		kid, err := KeyID(tok)
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		secret, ok := secrets[kid]
		if !ok {
			http.Error(w, "unknown key", http.StatusUnauthorized)
			return
		}
		// A little leeway for a clock step between minting and checking.
		c, err := Verify(tok, secret, time.Now(), 5*time.Second)
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		if c.ExpiresAt.Sub(c.IssuedAt) != DefaultTTL {
			http.Error(w, "unexpected lifetime", http.StatusUnauthorized)
			return
		}
		accepted.Add(1)
		io.WriteString(w, c.OrgID+" "+r.Header.Get("X-Request"))
	}))
	t.Cleanup(srv.Close)
	return srv
}

// 64 goroutines × 1,000 requests share one Signer through one Transport; the server verifies
// every token.
func TestTransportConcurrent(t *testing.T) {
	const goroutines, requests = 64, 1000
	var accepted atomic.Int64
	srv := meshesServer(t, map[string]string{exampleKey: exampleSecret}, &accepted)
	signer := newExampleSigner(t)
	defer signer.Close()
	base := srv.Client().Transport.(*http.Transport).Clone()
	base.MaxIdleConnsPerHost = goroutines // keep connections: no port churn
	client := &http.Client{Transport: &Transport{Signer: signer, Base: base}}
	defer client.CloseIdleConnections()

	var wg sync.WaitGroup
	var failed atomic.Int64
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < requests && failed.Load() == 0; i++ {
				req, err := http.NewRequest(http.MethodGet, srv.URL, nil)
				if err != nil {
					t.Error(err)
					failed.Add(1)
					return
				}
				req.Header.Set("X-Request", "r")
				resp, err := client.Do(req)
				if err != nil {
					t.Error(err)
					failed.Add(1)
					return
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK || string(body) != exampleOrg+" r" {
					t.Errorf("status %d, body %q, %v", resp.StatusCode, body, err)
					failed.Add(1)
					return
				}
				// The caller's request is not modified.
				if req.Header.Get("Authorization") != "" {
					t.Error("the Transport modified the caller's request")
					failed.Add(1)
					return
				}
			}
		}()
	}
	wg.Wait()
	if got := accepted.Load(); got != goroutines*requests {
		t.Fatalf("server accepted %d requests, want %d", got, goroutines*requests)
	}
}

// trackingBody records whether it was closed.
type trackingBody struct {
	io.Reader
	closed atomic.Bool
}

func (b *trackingBody) Close() error { b.closed.Store(true); return nil }

// A closed (or nil) Signer fails the request before anything is sent, with the Signer's error,
// and closes the request body as a RoundTripper must.
func TestTransportClosedSigner(t *testing.T) {
	var accepted atomic.Int64
	srv := meshesServer(t, map[string]string{exampleKey: exampleSecret}, &accepted)
	signer := newExampleSigner(t)
	signer.Close()
	var sent atomic.Int64
	base := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		sent.Add(1)
		return http.DefaultTransport.RoundTrip(r)
	})
	for name, s := range map[string]*Signer{"closed": signer, "nil": nil} {
		body := &trackingBody{Reader: strings.NewReader("payload")}
		req, err := http.NewRequest(http.MethodPost, srv.URL, body)
		if err != nil {
			t.Fatal(err)
		}
		client := &http.Client{Transport: &Transport{Signer: s, Base: base}}
		resp, err := client.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		if !errors.Is(err, ErrUninitialized) {
			t.Errorf("%s Signer: %v, want ErrUninitialized", name, err)
		}
		if !body.closed.Load() {
			t.Errorf("%s Signer: request body not closed", name)
		}
	}
	if sent.Load() != 0 || accepted.Load() != 0 {
		t.Fatalf("%d requests sent, %d accepted", sent.Load(), accepted.Load())
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// The Transport replaces an Authorization header of the caller's on the clone only, sets one
// on a request without headers, and uses http.DefaultTransport when Base is nil.
func TestTransportHeaders(t *testing.T) {
	var accepted atomic.Int64
	srv := meshesServer(t, map[string]string{exampleKey: exampleSecret}, &accepted)
	signer := newExampleSigner(t)
	defer signer.Close()
	tr := &Transport{Signer: signer}
	defer tr.CloseIdleConnections()

	req, err := http.NewRequest(http.MethodGet, srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer stale")
	resp, err := tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || req.Header.Get("Authorization") != "Bearer stale" {
		t.Fatalf("status %d, caller's header %q", resp.StatusCode, req.Header.Get("Authorization"))
	}

	req.Header = nil
	resp, err = tr.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || req.Header != nil {
		t.Fatalf("status %d with a nil header", resp.StatusCode)
	}
	if accepted.Load() != 2 {
		t.Fatalf("accepted %d", accepted.Load())
	}
}

// closeIdleRecorder is a RoundTripper that records CloseIdleConnections.
type closeIdleRecorder struct {
	http.RoundTripper
	closed bool
}

func (c *closeIdleRecorder) CloseIdleConnections() { c.closed = true }

func TestTransportCloseIdleConnections(t *testing.T) {
	base := &closeIdleRecorder{}
	(&http.Client{Transport: &Transport{Base: base}}).CloseIdleConnections()
	if !base.closed {
		t.Fatal("CloseIdleConnections did not reach Base")
	}
	// A Base without the method is fine.
	(&Transport{Base: roundTripFunc(nil)}).CloseIdleConnections()
}
