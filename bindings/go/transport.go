package meshestoken

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// bearer is the scheme of the Authorization header the Transport sets.
const bearer = "Bearer "

// ErrInsecureHTTP is returned (wrapped, with the origin) by the Transport for a request it
// would sign that goes over plain http:// to a host that is not loopback, unless
// Transport.AllowInsecureHTTP is set: anyone on the path could read the token and replay it
// until it expires. Nothing is sent.
var ErrInsecureHTTP = errors.New("meshestoken: refusing to send a token over plain http:// to a host that is not loopback (set Transport.AllowInsecureHTTP to allow it)")

// ErrAllowedHosts is returned (wrapped, with the position of the entry) by the Transport for
// every request while an entry of Transport.AllowedHosts is not an origin of the form
// "https://host" or "https://host:port" (scheme http or https, no user, path, query or
// fragment). Nothing is sent.
var ErrAllowedHosts = errors.New("meshestoken: Transport.AllowedHosts entry is not an origin like \"https://host[:port]\"")

// Transport is an http.RoundTripper that authenticates requests with a fresh Meshes machine
// token: for a request to a host it is meant for, it clones the request (a RoundTripper must
// not modify it), sets "Authorization: Bearer <token>" with a token from Signer issued now for
// DefaultTTL, and sends the clone with Base. Requests to any other host go to Base unchanged,
// without a token.
//
// Which hosts get a token: the origins (scheme, host and port) of AllowedHosts; when that is
// empty, only the origin of the request that started the redirect chain, so that a redirect
// to another host, or to http:// on the same host, never receives a token. (http.Client
// strips an Authorization header on such redirects only when the caller set it, not when a
// RoundTripper adds it.) A token is never sent over plain http:// to a host that is not
// loopback unless AllowInsecureHTTP is set.
//
//	client := &http.Client{Transport: &meshestoken.Transport{
//		Signer:       signer,
//		AllowedHosts: []string{"https://api.example.com"}, // the API's origin
//	}}
//
// Set AllowedHosts when the client also fetches other URLs: with the list empty, each new
// request (not a redirect) is trusted to go to the API.
//
// A Transport is safe for concurrent use when its Base is (http.DefaultTransport is) and its
// fields are not changed while it is in use. Use it by pointer, and do not copy it once used:
// it caches AllowedHosts parsed.
type Transport struct {
	// Signer mints the tokens. A nil or closed Signer makes every request that would get a
	// token fail with ErrUninitialized before anything is sent.
	Signer *Signer
	// Base sends the requests; nil means http.DefaultTransport.
	Base http.RoundTripper
	// AllowedHosts lists the origins that get a token, as "scheme://host" or
	// "scheme://host:port" (scheme http or https; without a port, 443 for https and 80 for
	// http; scheme and host compared case-insensitively). Empty means: only the origin of
	// the request that started the redirect chain. An invalid entry makes every request fail
	// with ErrAllowedHosts.
	AllowedHosts []string
	// AllowInsecureHTTP allows tokens over plain http:// to hosts that are not loopback.
	// Leave it false outside a trusted network: a token read on the wire can be replayed
	// until it expires.
	AllowInsecureHTTP bool

	// parsed caches AllowedHosts parsed (url.Parse costs microseconds and allocates), with
	// the entries it was parsed from, so that a changed list is parsed again.
	parsed atomic.Pointer[allowedOrigins]
}

// allowedOrigins is AllowedHosts parsed: a copy of the entries, and their origins or the
// error of the first invalid one.
type allowedOrigins struct {
	entries []string
	origins []origin
	err     error
}

// allowed returns AllowedHosts parsed, from the cache while the entries are unchanged.
func (t *Transport) allowed() *allowedOrigins {
	if c := t.parsed.Load(); c != nil && slices.Equal(c.entries, t.AllowedHosts) {
		return c
	}
	c := &allowedOrigins{entries: slices.Clone(t.AllowedHosts)}
	for i, entry := range c.entries {
		o, err := parseOrigin(entry)
		if err != nil {
			c.origins, c.err = nil, &allowedHostsError{index: i}
			break
		}
		c.origins = append(c.origins, o)
	}
	t.parsed.Store(c)
	return c
}

// RoundTrip implements http.RoundTripper. When the request should get a token but cannot (no
// token can be minted, ErrInsecureHTTP, ErrAllowedHosts), it returns the error without sending
// anything and closes the request body, as the RoundTripper contract requires.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	sign, err := t.shouldSign(req)
	if err != nil {
		return nil, closeBody(req, err)
	}
	if !sign {
		return t.send(req)
	}
	// The header value is minted as one string, "Bearer " and the token.
	auth, err := t.Signer.sign(bearer, unixSeconds(time.Now()), ttlSeconds(DefaultTTL))
	if err != nil {
		return nil, closeBody(req, err)
	}
	r := req.Clone(req.Context())
	if r.Header == nil {
		r.Header = make(http.Header, 1)
	}
	r.Header.Set("Authorization", auth)
	return t.send(r)
}

// send sends r with Base, and links the response to r when Base did not (http.Transport
// does), so that the next request of a redirect chain can be traced back to its origin.
func (t *Transport) send(r *http.Request) (*http.Response, error) {
	resp, err := t.base().RoundTrip(r)
	if resp != nil && resp.Request == nil {
		resp.Request = r
	}
	return resp, err
}

// shouldSign reports whether req goes to an origin that gets a token, or why it must not be
// sent at all.
func (t *Transport) shouldSign(req *http.Request) (bool, error) {
	target, ok := originOf(req.URL)
	if !ok {
		return false, nil // not http(s) with a host: Base refuses it, and gets no token
	}
	allowed := false
	if len(t.AllowedHosts) == 0 {
		first, ok := chainStart(req)
		allowed = ok && first == target
	} else {
		list := t.allowed()
		if list.err != nil {
			return false, list.err
		}
		allowed = slices.Contains(list.origins, target)
	}
	if allowed && target.scheme == "http" && !t.AllowInsecureHTTP && !isLoopback(target.host) {
		return false, &insecureError{origin: target.String()}
	}
	return allowed, nil
}

// origin is a URL's scheme, host and port, normalised: lowercase scheme and host, the
// scheme's default port when none is given, an IPv6 host without brackets.
type origin struct {
	scheme, host, port string
}

func (o origin) String() string {
	return o.scheme + "://" + net.JoinHostPort(o.host, o.port)
}

// originOf returns u's origin, or false when u is not an absolute http or https URL with a
// host.
func originOf(u *url.URL) (origin, bool) {
	if u == nil {
		return origin{}, false
	}
	o := origin{
		scheme: strings.ToLower(u.Scheme),
		host:   strings.ToLower(u.Hostname()),
		port:   u.Port(),
	}
	if o.host == "" {
		return origin{}, false
	}
	switch {
	case o.scheme != "http" && o.scheme != "https":
		return origin{}, false
	case o.port == "" && o.scheme == "https":
		o.port = "443"
	case o.port == "":
		o.port = "80"
	}
	return o, true
}

// parseOrigin parses an AllowedHosts entry: an origin (a port from 1 to 65535), with at most
// a "/" for a path.
func parseOrigin(entry string) (origin, error) {
	u, err := url.Parse(entry)
	if err != nil {
		return origin{}, err
	}
	o, ok := originOf(u)
	if port, err := strconv.Atoi(o.port); err != nil || port < 1 || port > 65535 {
		ok = false
	}
	if !ok || u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" ||
		u.ForceQuery || u.Fragment != "" || u.Opaque != "" {
		return origin{}, ErrAllowedHosts
	}
	return o, nil
}

// chainStart returns the origin of the first request of req's redirect chain: http.Client
// makes each redirect's Request.Response the response that caused it, whose Request is the
// request before. False when a link of the chain is missing (then nobody can say where the
// chain started, and no token is sent).
func chainStart(req *http.Request) (origin, bool) {
	first := req
	for first.Response != nil {
		if first.Response.Request == nil {
			return origin{}, false
		}
		first = first.Response.Request
	}
	return originOf(first.URL)
}

// isLoopback reports whether host (without brackets) is "localhost" or a loopback IP address
// (127.0.0.0/8, ::1): traffic to it does not leave the machine.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// insecureError is ErrInsecureHTTP for one origin.
type insecureError struct{ origin string }

func (e *insecureError) Error() string {
	return ErrInsecureHTTP.Error() + ": " + e.origin
}

func (e *insecureError) Unwrap() error { return ErrInsecureHTTP }

// allowedHostsError is ErrAllowedHosts for one entry, named by its index: the entry itself is
// not repeated, in case a secret was pasted there.
type allowedHostsError struct{ index int }

func (e *allowedHostsError) Error() string {
	return ErrAllowedHosts.Error() + ": entry " + strconv.Itoa(e.index)
}

func (e *allowedHostsError) Unwrap() error { return ErrAllowedHosts }

// closeBody closes req's body, as a RoundTripper must on every path, and returns err.
func closeBody(req *http.Request, err error) error {
	if req.Body != nil {
		req.Body.Close()
	}
	return err
}

// CloseIdleConnections closes the idle connections of Base, when it has that method (as
// *http.Transport does), so that (*http.Client).CloseIdleConnections reaches it.
func (t *Transport) CloseIdleConnections() {
	if c, ok := t.base().(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

func (t *Transport) base() http.RoundTripper {
	if t.Base != nil {
		return t.Base
	}
	return http.DefaultTransport
}
