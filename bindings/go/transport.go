package meshestoken

import (
	"net/http"
	"time"
)

// bearer is the scheme of the Authorization header the Transport sets.
const bearer = "Bearer "

// Transport is an http.RoundTripper that authenticates every request with a fresh Meshes
// machine token: it clones the request (a RoundTripper must not modify it), sets
// "Authorization: Bearer <token>" with a token from Signer issued now for DefaultTTL, and
// sends the clone with Base.
//
// This is how the official Go SDK authenticates, as a reusable piece:
//
//	client := &http.Client{Transport: &meshestoken.Transport{Signer: signer}}
//
// A Transport is safe for concurrent use when its Base is (http.DefaultTransport is).
type Transport struct {
	// Signer mints the tokens. A nil or closed Signer makes every request fail with
	// ErrUninitialized before anything is sent.
	Signer *Signer
	// Base sends the authenticated requests; nil means http.DefaultTransport.
	Base http.RoundTripper
}

// RoundTrip implements http.RoundTripper. When no token can be minted it returns the Signer's
// error and closes the request body, as the RoundTripper contract requires.
func (t *Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	// The header value is minted as one string, "Bearer " and the token.
	auth, err := t.Signer.sign(bearer, unixSeconds(time.Now()), ttlSeconds(DefaultTTL))
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	r := req.Clone(req.Context())
	if r.Header == nil {
		r.Header = make(http.Header, 1)
	}
	r.Header.Set("Authorization", auth)
	return t.base().RoundTrip(r)
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
