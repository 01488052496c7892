package bench

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding"
	"encoding/base64"
	"encoding/json"
	"errors"
	"hash"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	cristal "github.com/cristalhq/jwt/v4"
	gojwt "github.com/golang-jwt/jwt/v5"
	kataras "github.com/kataras/jwt"
	meshestoken "github.com/mesheshq/meshes-token/bindings/go"
)

// The bench's inputs: the "example" vector of tests/vectors/tokens.json (bench/README.md).
const (
	accessKey = "AK7f3kQ9mZ2pL8xR4tV6"
	secret    = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF"
	orgID     = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60"
	iat       = 1767225600
	ttl       = 30
	issuer    = "urn:meshes:m2m:" + accessKey
	audience  = "meshes-api"
)

var (
	issuedAt = time.Unix(iat, 0)
	// verifyAt is when every verify row checks the token: one second after it was issued, as
	// the harness's checks assume.
	verifyAt = time.Unix(iat+1, 0)
)

// exampleTokens returns the example vector's tokens by producer: "jsonwebtoken" (the
// reference, byte for byte the token meshestoken mints) and "go_sdk" (maps, keys sorted).
func exampleTokens(tb testing.TB) map[string]string {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "..", "tests", "vectors", "tokens.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var file struct {
		Vectors []struct {
			Name   string            `json:"name"`
			Tokens map[string]string `json:"tokens"`
		} `json:"vectors"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		tb.Fatal(err)
	}
	for _, v := range file.Vectors {
		if v.Name == "example" {
			return v.Tokens
		}
	}
	tb.Fatal("tokens.json has no example vector")
	return nil
}

// claims is the payload in the token's key order, for the libraries that marshal a struct.
type claims struct {
	Iss string `json:"iss"`
	Aud string `json:"aud"`
	Org string `json:"org"`
	Iat int64  `json:"iat"`
	Exp int64  `json:"exp"`
}

var exampleClaims = claims{issuer, audience, orgID, iat, iat + ttl}

// A mint is one way to make the example token; setup does the per-key work once.
type mint struct {
	name     string
	producer string // the tokens.json producer whose token it must equal byte for byte
	setup    func(tb testing.TB) func() (string, error)
}

var mints = []mint{
	{"meshestoken_signer", "jsonwebtoken", func(tb testing.TB) func() (string, error) {
		s, err := meshestoken.NewSigner(accessKey, secret, orgID)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { s.Close() })
		return func() (string, error) { return s.Sign(issuedAt, ttl*time.Second) }
	}},
	{"meshestoken_one_shot", "jsonwebtoken", func(testing.TB) func() (string, error) {
		return func() (string, error) {
			return meshestoken.Sign(accessKey, secret, orgID, issuedAt, ttl*time.Second)
		}
	}},
	{"sha256_midstate", "jsonwebtoken", func(tb testing.TB) func() (string, error) {
		m := newMidstateMint(tb)
		return func() (string, error) { return m.mint(iat, iat+ttl) }
	}},
	{"hmac_clone", "jsonwebtoken", func(tb testing.TB) func() (string, error) {
		m := newCloneMint()
		return func() (string, error) { return m.mint(iat, iat+ttl) }
	}},
	{"stdlib_maps", "go_sdk", func(testing.TB) func() (string, error) {
		return func() (string, error) { return stdlibMint(iat, iat+ttl) }
	}},
	{"golang_jwt", "go_sdk", func(testing.TB) func() (string, error) {
		key := []byte(secret)
		return func() (string, error) {
			tok := gojwt.NewWithClaims(gojwt.SigningMethodHS256, gojwt.MapClaims{
				"iss": issuer, "aud": audience, "org": orgID, "iat": iat, "exp": iat + ttl,
			})
			tok.Header["kid"] = accessKey
			return tok.SignedString(key)
		}
	}},
	{"cristalhq_jwt", "jsonwebtoken", func(tb testing.TB) func() (string, error) {
		signer, err := cristal.NewSignerHS(cristal.HS256, []byte(secret))
		if err != nil {
			tb.Fatal(err)
		}
		builder := cristal.NewBuilder(signer, cristal.WithKeyID(accessKey))
		return func() (string, error) {
			tok, err := builder.Build(claims{issuer, audience, orgID, iat, iat + ttl})
			if err != nil {
				return "", err
			}
			return tok.String(), nil
		}
	}},
	{"kataras_jwt", "jsonwebtoken", func(testing.TB) func() (string, error) {
		key := []byte(secret)
		header := struct {
			Alg string `json:"alg"`
			Typ string `json:"typ"`
			Kid string `json:"kid"`
		}{"HS256", "JWT", accessKey}
		return func() (string, error) {
			tok, err := kataras.SignWithHeader(kataras.HS256, key, claims{issuer, audience, orgID, iat, iat + ttl}, header)
			return string(tok), err
		}
	}},
}

// midstateMint is the fastest mint a Go user could write with the standard library alone: the
// SHA-256 states after the key blocks (key ^ ipad, key ^ opad) and after the token's constant
// prefix are saved once with MarshalBinary and restored with UnmarshalBinary per token, so a
// token costs the compressions of its variable tail and of the outer hash. Not safe for
// concurrent use (it reuses its buffers); the one allocation is the returned string.
type midstateMint struct {
	inner, outer           hash.Hash
	innerState, outerState []byte
	prefix                 []byte // header "." and the base64 of the payload's constant start
	rest                   string // the constant part of the payload after that start
	tail, tok              []byte
	sum                    [sha256.Size]byte
}

func newMidstateMint(tb testing.TB) *midstateMint {
	enc := base64.RawURLEncoding
	header := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT","kid":"` + accessKey + `"}`))
	start := `{"iss":"` + issuer + `","aud":"` + audience + `","org":"` + orgID + `","iat":`
	cut := len(start) - len(start)%3 // base64 of whole 3-byte groups only
	m := &midstateMint{
		inner:  sha256.New(),
		outer:  sha256.New(),
		prefix: []byte(header + "." + enc.EncodeToString([]byte(start[:cut]))),
		rest:   start[cut:],
		tail:   make([]byte, 0, 64),
		tok:    make([]byte, 0, meshestoken.MaxTokenLen),
	}
	var ipad, opad [64]byte // the secret is shorter than a block: used as it is, zero-padded
	copy(ipad[:], secret)
	copy(opad[:], secret)
	for i := range ipad {
		ipad[i] ^= 0x36
		opad[i] ^= 0x5c
	}
	m.inner.Write(ipad[:])
	m.inner.Write(m.prefix)
	m.outer.Write(opad[:])
	var err error
	if m.innerState, err = m.inner.(encoding.BinaryMarshaler).MarshalBinary(); err != nil {
		tb.Fatal(err)
	}
	if m.outerState, err = m.outer.(encoding.BinaryMarshaler).MarshalBinary(); err != nil {
		tb.Fatal(err)
	}
	return m
}

func (m *midstateMint) mint(iat, exp int64) (string, error) {
	enc := base64.RawURLEncoding
	t := append(m.tail[:0], m.rest...)
	t = strconv.AppendInt(t, iat, 10)
	t = append(t, `,"exp":`...)
	t = strconv.AppendInt(t, exp, 10)
	t = append(t, '}')
	tok := append(m.tok[:0], m.prefix...)
	tok = enc.AppendEncode(tok, t)
	if err := m.inner.(encoding.BinaryUnmarshaler).UnmarshalBinary(m.innerState); err != nil {
		return "", err
	}
	m.inner.Write(tok[len(m.prefix):])
	sum := m.inner.Sum(m.sum[:0])
	if err := m.outer.(encoding.BinaryUnmarshaler).UnmarshalBinary(m.outerState); err != nil {
		return "", err
	}
	m.outer.Write(sum)
	sum = m.outer.Sum(m.sum[:0])
	tok = append(tok, '.')
	tok = enc.AppendEncode(tok, sum)
	m.tail, m.tok = t, tok
	return string(tok), nil
}

// cloneMint feeds the constant prefix to a crypto/hmac once and clones that HMAC per token
// (hash.Cloner, Go 1.25).
type cloneMint struct {
	mac    hash.Hash
	prefix []byte
	rest   string
}

func newCloneMint() *cloneMint {
	enc := base64.RawURLEncoding
	header := enc.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT","kid":"` + accessKey + `"}`))
	start := `{"iss":"` + issuer + `","aud":"` + audience + `","org":"` + orgID + `","iat":`
	cut := len(start) - len(start)%3
	m := &cloneMint{
		mac:    hmac.New(sha256.New, []byte(secret)),
		prefix: []byte(header + "." + enc.EncodeToString([]byte(start[:cut]))),
		rest:   start[cut:],
	}
	m.mac.Write(m.prefix)
	return m
}

func (m *cloneMint) mint(iat, exp int64) (string, error) {
	enc := base64.RawURLEncoding
	var tailBuf [64]byte
	var tokBuf [meshestoken.MaxTokenLen]byte
	t := append(tailBuf[:0], m.rest...)
	t = strconv.AppendInt(t, iat, 10)
	t = append(t, `,"exp":`...)
	t = strconv.AppendInt(t, exp, 10)
	t = append(t, '}')
	tok := append(tokBuf[:0], m.prefix...)
	tok = enc.AppendEncode(tok, t)
	mac, err := m.mac.(hash.Cloner).Clone()
	if err != nil {
		return "", err
	}
	mac.Write(tok[len(m.prefix):])
	var sum [sha256.Size]byte
	tok = append(tok, '.')
	tok = enc.AppendEncode(tok, mac.Sum(sum[:0]))
	return string(tok), nil
}

// stdlibMint signs the way the official Go SDK does: encoding/json on maps, base64, and
// crypto/hmac keyed per token (as tests/vectors/generate/gosdk does).
func stdlibMint(iat, exp int64) (string, error) {
	header, err := json.Marshal(map[string]any{"alg": "HS256", "typ": "JWT", "kid": accessKey})
	if err != nil {
		return "", err
	}
	payload, err := json.Marshal(map[string]any{"iss": issuer, "aud": audience, "org": orgID, "iat": iat, "exp": exp})
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding
	signingInput := enc.EncodeToString(header) + "." + enc.EncodeToString(payload)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(signingInput))
	return signingInput + "." + enc.EncodeToString(mac.Sum(nil)), nil
}

// checkMint fails unless tok is the producer's example token byte for byte and
// meshestoken.Verify accepts it.
func checkMint(tb testing.TB, m mint, tok string, err error) {
	tb.Helper()
	want := exampleTokens(tb)[m.producer]
	if err != nil || want == "" || tok != want {
		tb.Fatalf("%s: token %q, %v\nwant %q (%s)", m.name, tok, err, want, m.producer)
	}
	if _, err := meshestoken.Verify(tok, secret, verifyAt, 0); err != nil {
		tb.Fatalf("%s: Verify: %v", m.name, err)
	}
}

// BenchmarkMint mints the example token every way, each checked before and after its loop.
func BenchmarkMint(b *testing.B) {
	for _, m := range mints {
		b.Run(m.name, func(b *testing.B) {
			mint := m.setup(b)
			tok, err := mint()
			checkMint(b, m, tok, err)
			b.ReportAllocs()
			for b.Loop() {
				tok, err = mint()
			}
			checkMint(b, m, tok, err)
		})
	}
}

// BenchmarkSignParallel shares one Signer between GOMAXPROCS goroutines (run with -cpu 1,2).
func BenchmarkSignParallel(b *testing.B) {
	s, err := meshestoken.NewSigner(accessKey, secret, orgID)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	want := exampleTokens(b)["jsonwebtoken"]
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		tok, err := want, error(nil) // a goroutine may get no iteration
		for pb.Next() {
			tok, err = s.Sign(issuedAt, ttl*time.Second)
		}
		if err != nil || tok != want {
			b.Errorf("token %q, %v", tok, err)
		}
	})
}

// A verifier is one way to check the token with HS256 and the aud, iss and exp rules. setup
// does the per-key work once and returns the timed call and a view of its last result by JWT
// claim name, for the checks.
type verifier struct {
	name  string
	setup func(tb testing.TB) (verify func(token string) error, result func() map[string]any)
}

var verifiers = []verifier{
	{"meshestoken_verify", func(testing.TB) (func(string) error, func() map[string]any) {
		var c meshestoken.Claims
		return func(tok string) (err error) {
			c, err = meshestoken.Verify(tok, secret, verifyAt, 0)
			return err
		}, func() map[string]any { return meshesClaims(c) }
	}},
	{"meshestoken_verifier", func(tb testing.TB) (func(string) error, func() map[string]any) {
		v, err := meshestoken.NewVerifier(secret)
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { v.Close() })
		var c meshestoken.Claims
		return func(tok string) (err error) {
			c, err = v.Verify(tok, verifyAt, 0)
			return err
		}, func() map[string]any { return meshesClaims(c) }
	}},
	{"golang_jwt", func(testing.TB) (func(string) error, func() map[string]any) {
		key := []byte(secret)
		p := gojwt.NewParser(
			gojwt.WithValidMethods([]string{"HS256"}),
			gojwt.WithAudience(audience),
			gojwt.WithIssuer(issuer),
			gojwt.WithExpirationRequired(),
			gojwt.WithIssuedAt(),
			gojwt.WithTimeFunc(func() time.Time { return verifyAt }),
		)
		keyFunc := func(*gojwt.Token) (any, error) { return key, nil }
		var t *gojwt.Token
		return func(tok string) (err error) {
				t, err = p.Parse(tok, keyFunc)
				return err
			}, func() map[string]any {
				if t == nil {
					return nil
				}
				c := t.Claims.(gojwt.MapClaims)
				out := map[string]any{"kid": t.Header["kid"], "iss": c["iss"], "aud": c["aud"], "org": c["org"]}
				if f, ok := c["iat"].(float64); ok {
					out["iat"] = int64(f)
				}
				if f, ok := c["exp"].(float64); ok {
					out["exp"] = int64(f)
				}
				return out
			}
	}},
	{"cristalhq_jwt", func(tb testing.TB) (func(string) error, func() map[string]any) {
		v, err := cristal.NewVerifierHS(cristal.HS256, []byte(secret))
		if err != nil {
			tb.Fatal(err)
		}
		type meshesClaims struct {
			cristal.RegisteredClaims
			Org string `json:"org"`
		}
		var c meshesClaims
		return func(tok string) error {
				c = meshesClaims{}
				if err := cristal.ParseClaims([]byte(tok), v, &c); err != nil {
					return err
				}
				if !c.IsForAudience(audience) || !c.IsIssuer(issuer) || c.ExpiresAt == nil || !c.IsValidAt(verifyAt) {
					return errors.New("cristalhq_jwt: claims refused")
				}
				return nil
			}, func() map[string]any {
				out := map[string]any{"iss": c.Issuer, "org": c.Org}
				if len(c.Audience) == 1 {
					out["aud"] = c.Audience[0]
				}
				if c.IssuedAt != nil && c.ExpiresAt != nil {
					out["iat"], out["exp"] = c.IssuedAt.Unix(), c.ExpiresAt.Unix()
				}
				return out
			}
	}},
	{"kataras_jwt", func(testing.TB) (func(string) error, func() map[string]any) {
		// kataras checks exp, iat and nbf against its package clock.
		kataras.Clock = func() time.Time { return verifyAt }
		keys := kataras.Keys{}
		keys.Register(kataras.HS256, accessKey, []byte(secret), []byte(secret))
		expected := kataras.Expected{Issuer: issuer, Audience: kataras.Audience{audience}}
		var c claims
		return func(tok string) error {
				vt, err := kataras.VerifyWithHeaderValidator(nil, nil, []byte(tok), keys.ValidateHeader, expected)
				if err != nil {
					return err
				}
				if vt.StandardClaims.Expiry == 0 {
					return errors.New("kataras_jwt: no exp")
				}
				return vt.Claims(&c)
			}, func() map[string]any {
				return map[string]any{"iss": c.Iss, "aud": c.Aud, "org": c.Org, "iat": c.Iat, "exp": c.Exp}
			}
	}},
}

func meshesClaims(c meshestoken.Claims) map[string]any {
	return map[string]any{"kid": c.AccessKey, "org": c.OrgID, "iat": c.IssuedAt.Unix(), "exp": c.ExpiresAt.Unix()}
}

// tampered is tok with one character in the middle of its signature changed.
func tampered(tok string) string {
	b := []byte(tok)
	i := len(b) - 20
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	return string(b)
}

// checkVerify fails unless verify accepted the reference token with its claims and refuses
// the tampered one.
func checkVerify(tb testing.TB, name, tok string, err error, verify func(string) error, result func() map[string]any) {
	tb.Helper()
	if err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
	want := map[string]any{"kid": accessKey, "iss": issuer, "aud": audience, "org": orgID, "iat": int64(iat), "exp": int64(iat + ttl)}
	got := result()
	if len(got) == 0 {
		tb.Fatalf("%s: no claims", name)
	}
	for k, v := range got {
		if want[k] != v {
			tb.Fatalf("%s: claim %s = %#v, want %#v", name, k, v, want[k])
		}
	}
	if verify(tampered(tok)) == nil {
		tb.Fatalf("%s: accepted a changed signature", name)
	}
	// Leave the last result as the reference token's again.
	if err := verify(tok); err != nil {
		tb.Fatalf("%s: %v", name, err)
	}
}

// BenchmarkVerify verifies the reference token every way, each checked before and after its
// loop.
func BenchmarkVerify(b *testing.B) {
	tok := exampleTokens(b)["jsonwebtoken"]
	for _, v := range verifiers {
		b.Run(v.name, func(b *testing.B) {
			verify, result := v.setup(b)
			checkVerify(b, v.name, tok, verify(tok), verify, result)
			b.ReportAllocs()
			var err error
			for b.Loop() {
				err = verify(tok)
			}
			checkVerify(b, v.name, tok, err, verify, result)
		})
	}
}

// TestContenders runs every contender's checks once (go test without -bench).
func TestContenders(t *testing.T) {
	tok := exampleTokens(t)["jsonwebtoken"]
	for _, m := range mints {
		got, err := m.setup(t)()
		checkMint(t, m, got, err)
	}
	for _, v := range verifiers {
		verify, result := v.setup(t)
		checkVerify(t, v.name, tok, verify(tok), verify, result)
	}
}

// TestReport writes every contender's token and verification result to the file named by
// MESHES_BENCH_REPORT, for bench/lang_go.py to hand to the harness's own checks.
func TestReport(t *testing.T) {
	path := os.Getenv("MESHES_BENCH_REPORT")
	if path == "" {
		t.Skip("MESHES_BENCH_REPORT is not set")
	}
	type verified struct {
		Claims           map[string]any `json:"claims"`
		TamperedRejected bool           `json:"tampered_rejected"`
	}
	report := struct {
		Tokens   map[string]string   `json:"tokens"`
		Verified map[string]verified `json:"verified"`
	}{map[string]string{}, map[string]verified{}}
	for _, m := range mints {
		tok, err := m.setup(t)()
		if err != nil {
			t.Fatalf("%s: %v", m.name, err)
		}
		report.Tokens[m.name] = tok
	}
	tok := exampleTokens(t)["jsonwebtoken"]
	for _, v := range verifiers {
		verify, result := v.setup(t)
		rejected := verify(tampered(tok)) != nil
		if err := verify(tok); err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		report.Verified[v.name] = verified{result(), rejected}
	}
	out, err := json.MarshalIndent(report, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
}
