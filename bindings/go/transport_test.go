package meshestoken

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
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

// recorder is a stand-in for a host that must not see tokens: it answers 200 "landed" and
// records the Authorization header of every request it gets.
type recorder struct {
	mu   sync.Mutex
	auth []string
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec.mu.Lock()
	rec.auth = append(rec.auth, r.Header.Get("Authorization"))
	rec.mu.Unlock()
	io.WriteString(w, "landed")
}

func (rec *recorder) seen() []string {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]string(nil), rec.auth...)
}

// serveOn starts h on addr (such as "127.0.0.2:0"; Linux routes all of 127.0.0.0/8 to the
// loopback interface, and another address is another host for http.Client and the Transport).
func serveOn(t *testing.T, addr string, h http.Handler) *httptest.Server {
	t.Helper()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("listen on %s: %v", addr, err)
	}
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

// verifyBearer checks r's token like the Meshes API does, with the example secret.
func verifyBearer(r *http.Request) error {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return errors.New("no bearer token")
	}
	_, err := Verify(tok, exampleSecret, time.Now(), 5*time.Second)
	return err
}

// redirectPair starts the API on 127.0.0.1 and another host on 127.0.0.2. The API checks the
// token on every path, then: /away redirects to the other host's /landing, /here to its own
// /ok (through /hop, a second same-host redirect), /ok answers 200 "ok".
func redirectPair(t *testing.T) (api *httptest.Server, other *httptest.Server, landing *recorder) {
	t.Helper()
	landing = &recorder{}
	other = serveOn(t, "127.0.0.2:0", landing)
	api = serveOn(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := verifyBearer(r); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, other.URL+"/landing", http.StatusFound)
		case "/here":
			http.Redirect(w, r, "/hop", http.StatusFound)
		case "/hop":
			http.Redirect(w, r, "/ok", http.StatusTemporaryRedirect)
		default:
			io.WriteString(w, "ok")
		}
	}))
	return api, other, landing
}

// get fetches url with client and returns the final status and body.
func get(t *testing.T, client *http.Client, url string) (int, string) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// A redirect from the API to another host reaches it without a token; redirects on the same
// host keep their token.
func TestTransportRedirects(t *testing.T) {
	api, _, landing := redirectPair(t)
	signer := newExampleSigner(t)
	defer signer.Close()
	client := &http.Client{Transport: &Transport{Signer: signer}}
	defer client.CloseIdleConnections()

	if status, body := get(t, client, api.URL+"/away"); status != http.StatusOK || body != "landed" {
		t.Fatalf("cross-host redirect: status %d, body %q", status, body)
	}
	if got := landing.seen(); len(got) != 1 || got[0] != "" {
		t.Fatalf("the other host got Authorization %q, want one request without it", got)
	}
	if status, body := get(t, client, api.URL+"/here"); status != http.StatusOK || body != "ok" {
		t.Fatalf("same-host redirects: status %d, body %q", status, body)
	}
}

// With AllowedHosts, exactly the listed origins get a token, redirect or not.
func TestTransportAllowedHostsRedirects(t *testing.T) {
	api, other, landing := redirectPair(t)
	signer := newExampleSigner(t)
	defer signer.Close()
	for _, tc := range []struct {
		name    string
		allowed []string
		url     string
		status  int
		body    string
		tokens  []bool // per request the other host gets: whether it carried a valid token
	}{
		{"api only, redirect away", []string{api.URL}, api.URL + "/away", 200, "landed", []bool{false}},
		{"api only, other host directly", []string{api.URL}, other.URL + "/x", 200, "landed", []bool{false}},
		{"api only, same-host redirects", []string{api.URL}, api.URL + "/here", 200, "ok", nil},
		{"both, redirect away", []string{api.URL, other.URL}, api.URL + "/away", 200, "landed", []bool{true}},
		{"other host only", []string{other.URL}, api.URL + "/away", 401, "no bearer token\n", nil},
		{"api with another port", []string{"http://127.0.0.1:1"}, api.URL + "/here", 401, "no bearer token\n", nil},
		// Without AllowedHosts a new request (not a redirect) starts its own chain and is signed.
		{"empty list, other host directly", nil, other.URL + "/x", 200, "landed", []bool{true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(landing.seen())
			client := &http.Client{Transport: &Transport{Signer: signer, AllowedHosts: tc.allowed}}
			defer client.CloseIdleConnections()
			if status, body := get(t, client, tc.url); status != tc.status || body != tc.body {
				t.Fatalf("status %d, body %q; want %d, %q", status, body, tc.status, tc.body)
			}
			got := landing.seen()[before:]
			if len(got) != len(tc.tokens) {
				t.Fatalf("the other host got %d requests, want %d", len(got), len(tc.tokens))
			}
			for i, auth := range got {
				r := &http.Request{Header: http.Header{"Authorization": {auth}}}
				if valid := verifyBearer(r) == nil; valid != tc.tokens[i] || (!valid && auth != "") {
					t.Errorf("request %d to the other host: Authorization %q", i, auth)
				}
			}
		})
	}
}

// recordingBase is a Base that answers 200 without a network and records, per URL, the
// Authorization header it was given. It sets no Response.Request, as a custom RoundTripper
// may not.
type recordingBase struct {
	mu   sync.Mutex
	auth map[string]string
	// redirects maps a URL to the Location it answers 302 with.
	redirects map[string]string
}

func (b *recordingBase) RoundTrip(r *http.Request) (*http.Response, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.auth == nil {
		b.auth = map[string]string{}
	}
	b.auth[r.URL.String()] = r.Header.Get("Authorization")
	resp := &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: http.NoBody}
	if loc, ok := b.redirects[r.URL.String()]; ok {
		resp.StatusCode = http.StatusFound
		resp.Header.Set("Location", loc)
	}
	return resp, nil
}

// got returns the Authorization header sent to rawURL, and whether anything was sent.
func (b *recordingBase) got(rawURL string) (string, bool) {
	u, err := url.Parse(rawURL) // as the request's URL prints it (lowercase scheme)
	if err != nil {
		return "", false
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	auth, ok := b.auth[u.String()]
	return auth, ok
}

// Origins compare by scheme, host and port, case-insensitively, with default ports.
func TestTransportAllowedHostsMatching(t *testing.T) {
	signer := newExampleSigner(t)
	defer signer.Close()
	base := &recordingBase{}
	tr := &Transport{Signer: signer, Base: base, AllowInsecureHTTP: true, AllowedHosts: []string{
		"HTTPS://Api.Example.COM", "https://api.example.com:8443/", "http://[::1]:8080", "http://10.0.0.7",
	}}
	for url, signed := range map[string]bool{
		"https://api.example.com/v1/x":            true,
		"https://API.example.com:443/":            true,
		"https://api.example.com:8443/a":          true,
		"http://[::1]:8080/":                      true,
		"http://10.0.0.7:80/":                     true,
		"https://api.example.com:9443/":           false,
		"http://api.example.com/":                 false, // same host, other scheme
		"https://sub.api.example.com/":            false,
		"https://api.example.com.evil/":           false,
		"https://[::1]:8080/":                     false,
		"http://10.0.0.7:8080/":                   false,
		"https://evil.example/?h=api.example.com": false,
	} {
		resp, err := tr.RoundTrip(httptest.NewRequest(http.MethodGet, url, nil))
		if err != nil {
			t.Errorf("%s: %v", url, err)
			continue
		}
		resp.Body.Close()
		auth, sent := base.got(url)
		if !sent {
			t.Errorf("%s: not sent", url)
		} else if (verifyBearer(&http.Request{Header: http.Header{"Authorization": {auth}}}) == nil) != signed || (!signed && auth != "") {
			t.Errorf("%s: Authorization %q, want signed=%v", url, auth, signed)
		}
	}
}

// An AllowedHosts entry that is not an origin fails every request with ErrAllowedHosts, which
// names the entry's position and not its text; nothing is sent and the body is closed.
func TestTransportAllowedHostsInvalid(t *testing.T) {
	signer := newExampleSigner(t)
	defer signer.Close()
	for _, entry := range []string{
		"api.example.com", "api.example.com:443", "ftp://api.example.com", "https://", "https:///x",
		"https://api.example.com/v1", "https://user@api.example.com", "https://api.example.com?x=1",
		"https://api.example.com?", "https://api.example.com#top", "https://%zz", "", "mailto:x@y",
		"https://api.example.com:99999999999/", "https://api.example.com:0", "https://api.example.com:65536",
	} {
		base := &recordingBase{}
		tr := &Transport{Signer: signer, Base: base, AllowedHosts: []string{"https://ok.example", entry}}
		body := &trackingBody{Reader: strings.NewReader("payload")}
		_, err := tr.RoundTrip(httptest.NewRequest(http.MethodPost, "https://ok.example/", body))
		if !errors.Is(err, ErrAllowedHosts) || errors.Is(err, ErrInsecureHTTP) {
			t.Errorf("entry %q: %v, want ErrAllowedHosts", entry, err)
			continue
		}
		if want := ErrAllowedHosts.Error() + ": entry 1"; err.Error() != want {
			t.Errorf("entry %q: message %q, want %q", entry, err, want)
		}
		if len(base.auth) != 0 || !body.closed.Load() {
			t.Errorf("entry %q: %d requests sent, body closed %v", entry, len(base.auth), body.closed.Load())
		}
	}
}

// The parsed AllowedHosts are cached, and parsed again when the list changes: replaced,
// grown, or an element changed in place.
func TestTransportAllowedHostsChange(t *testing.T) {
	signer := newExampleSigner(t)
	defer signer.Close()
	base := &recordingBase{}
	hosts := []string{"https://a.example"}
	tr := &Transport{Signer: signer, Base: base, AllowedHosts: hosts}
	signed := func(url string) bool {
		t.Helper()
		resp, err := tr.RoundTrip(httptest.NewRequest(http.MethodGet, url, nil))
		if err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		resp.Body.Close()
		auth, _ := base.got(url)
		return verifyBearer(&http.Request{Header: http.Header{"Authorization": {auth}}}) == nil
	}
	if !signed("https://a.example/1") || signed("https://b.example/1") {
		t.Fatal("first list")
	}
	hosts[0] = "https://b.example" // in place
	if signed("https://a.example/2") || !signed("https://b.example/2") {
		t.Fatal("element changed in place")
	}
	tr.AllowedHosts = append(tr.AllowedHosts, "https://c.example")
	if !signed("https://c.example/3") || !signed("https://b.example/3") {
		t.Fatal("list grown")
	}
	tr.AllowedHosts = []string{"https://a.example", "bad"}
	if _, err := tr.RoundTrip(httptest.NewRequest(http.MethodGet, "https://a.example/4", nil)); !errors.Is(err, ErrAllowedHosts) {
		t.Fatalf("bad entry: %v", err)
	}
	tr.AllowedHosts = nil // back to the chain's origin
	if !signed("https://d.example/5") {
		t.Fatal("empty list")
	}
}

// A token is never sent over plain http:// to a host that is not loopback unless
// AllowInsecureHTTP is set; requests that get no token are not affected.
func TestTransportInsecureHTTP(t *testing.T) {
	signer := newExampleSigner(t)
	defer signer.Close()
	for _, url := range []string{"http://api.example.com/v1", "http://10.0.0.7:8080/", "http://[2001:db8::1]/", "HTTP://API.example.com/"} {
		base := &recordingBase{}
		body := &trackingBody{Reader: strings.NewReader("payload")}
		_, err := (&Transport{Signer: signer, Base: base}).RoundTrip(httptest.NewRequest(http.MethodPost, url, body))
		if !errors.Is(err, ErrInsecureHTTP) || !strings.HasPrefix(err.Error(), ErrInsecureHTTP.Error()+": http://") {
			t.Errorf("%s: %v, want ErrInsecureHTTP", url, err)
		}
		if len(base.auth) != 0 || !body.closed.Load() {
			t.Errorf("%s: %d requests sent, body closed %v", url, len(base.auth), body.closed.Load())
		}
		// Opting in signs it.
		resp, err := (&Transport{Signer: signer, Base: base, AllowInsecureHTTP: true}).RoundTrip(httptest.NewRequest(http.MethodGet, url, nil))
		if err != nil {
			t.Fatalf("%s with AllowInsecureHTTP: %v", url, err)
		}
		resp.Body.Close()
		if auth, _ := base.got(url); verifyBearer(&http.Request{Header: http.Header{"Authorization": {auth}}}) != nil {
			t.Errorf("%s with AllowInsecureHTTP: Authorization %q", url, auth)
		}
	}
	if err := (&insecureError{origin: "http://api.example.com:80"}).Error(); err != ErrInsecureHTTP.Error()+": http://api.example.com:80" {
		t.Errorf("message %q", err)
	}
	// Loopback over http, https anywhere, and an http host that gets no token are fine.
	base := &recordingBase{}
	for url, tr := range map[string]*Transport{
		"http://127.0.0.1:9/":       {Signer: signer, Base: base},
		"http://127.200.0.3/":       {Signer: signer, Base: base},
		"http://[::1]:9/":           {Signer: signer, Base: base},
		"http://localhost:9/":       {Signer: signer, Base: base},
		"http://LocalHost/":         {Signer: signer, Base: base},
		"https://api.example.com/":  {Signer: signer, Base: base},
		"http://elsewhere.example/": {Signer: signer, Base: base, AllowedHosts: []string{"https://api.example.com"}},
	} {
		resp, err := tr.RoundTrip(httptest.NewRequest(http.MethodGet, url, nil))
		if err != nil {
			t.Errorf("%s: %v", url, err)
			continue
		}
		resp.Body.Close()
		auth, _ := base.got(url)
		if signed := verifyBearer(&http.Request{Header: http.Header{"Authorization": {auth}}}) == nil; signed != (url != "http://elsewhere.example/") {
			t.Errorf("%s: Authorization %q", url, auth)
		}
	}
}

// The chain is followed through a Base that does not set Response.Request (the Transport
// links it), so a redirect to another host or down to http:// gets no token; a chain with a
// missing link gets none either.
func TestTransportChainWithCustomBase(t *testing.T) {
	signer := newExampleSigner(t)
	defer signer.Close()
	base := &recordingBase{redirects: map[string]string{
		"https://api.example.com/a": "https://other.example/b",
		"https://api.example.com/c": "http://api.example.com/d",
		"https://api.example.com/e": "/f",
	}}
	client := &http.Client{Transport: &Transport{Signer: signer, Base: base, AllowInsecureHTTP: true}}
	for _, url := range []string{"https://api.example.com/a", "https://api.example.com/c", "https://api.example.com/e"} {
		resp, err := client.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	for url, signed := range map[string]bool{
		"https://api.example.com/a": true, "https://other.example/b": false,
		"https://api.example.com/c": true, "http://api.example.com/d": false,
		"https://api.example.com/e": true, "https://api.example.com/f": true,
	} {
		auth, sent := base.got(url)
		valid := verifyBearer(&http.Request{Header: http.Header{"Authorization": {auth}}}) == nil
		if !sent || valid != signed || (!signed && auth != "") {
			t.Errorf("%s: sent %v, Authorization %q, want signed=%v", url, sent, auth, signed)
		}
	}

	broken := httptest.NewRequest(http.MethodGet, "https://api.example.com/g", nil)
	broken.Response = &http.Response{} // a redirect whose previous request is unknown
	resp, err := (&Transport{Signer: signer, Base: base}).RoundTrip(broken)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if auth, sent := base.got("https://api.example.com/g"); !sent || auth != "" {
		t.Errorf("broken chain: sent %v, Authorization %q", sent, auth)
	}
}

// BenchmarkTransportPolicy measures the per-request decision of which requests get a token
// (no signing, no network): a new request, the third request of a redirect chain, and a
// three-entry AllowedHosts that is parsed on every request.
func BenchmarkTransportPolicy(b *testing.B) {
	first := httptest.NewRequest(http.MethodGet, "https://api.example.com/v1/a", nil)
	second := httptest.NewRequest(http.MethodGet, "https://api.example.com/v1/b", nil)
	second.Response = &http.Response{Request: first}
	third := httptest.NewRequest(http.MethodGet, "https://other.example/c", nil)
	third.Response = &http.Response{Request: second}
	allowed := []string{"https://a.example", "https://b.example:8443", "https://api.example.com"}
	for _, bc := range []struct {
		name string
		tr   *Transport
		req  *http.Request
		want bool
	}{
		{"new request", &Transport{}, first, true},
		{"redirect chain of 3", &Transport{}, third, false},
		{"AllowedHosts of 3", &Transport{AllowedHosts: allowed}, first, true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if sign, err := bc.tr.shouldSign(bc.req); sign != bc.want || err != nil {
					b.Fatal(sign, err)
				}
			}
		})
	}
}
