package meshestoken

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// The conformance vectors every language's tests read (see tests/vectors/README.md). Times are
// read from the *_str fields as uint64; the JSON numbers next to them are kept as json.Number
// and checked to spell the same value, so 18446744073709551615 survives.
var vectorsDir = filepath.Join("..", "..", "tests", "vectors")

type tokensFile struct {
	Reference string        `json:"reference"`
	Vectors   []tokenVector `json:"vectors"`
}

type tokenVector struct {
	Name      string            `json:"name"`
	AccessKey string            `json:"access_key"`
	OrgID     string            `json:"org_id"`
	Secret    string            `json:"secret"`
	Iat       json.Number       `json:"iat"`
	IatStr    string            `json:"iat_str"`
	TTL       int               `json:"ttl"`
	Exp       json.Number       `json:"exp"`
	ExpStr    string            `json:"exp_str"`
	Tokens    map[string]string `json:"tokens"`
}

type signInvalidVector struct {
	Name      string      `json:"name"`
	AccessKey string      `json:"access_key"`
	OrgID     string      `json:"org_id"`
	Secret    string      `json:"secret"`
	Iat       json.Number `json:"iat"`
	IatStr    string      `json:"iat_str"`
	TTL       int         `json:"ttl"`
	Error     string      `json:"error"`
}

type verifyVector struct {
	Name   string      `json:"name"`
	Token  string      `json:"token"`
	Secret string      `json:"secret"`
	Now    json.Number `json:"now"`
	NowStr string      `json:"now_str"`
	Leeway int         `json:"leeway"`
	Error  string      `json:"error"`
	Claims *struct {
		AccessKey string      `json:"access_key"`
		OrgID     string      `json:"org_id"`
		Iat       json.Number `json:"iat"`
		IatStr    string      `json:"iat_str"`
		Exp       json.Number `json:"exp"`
		ExpStr    string      `json:"exp_str"`
	} `json:"claims"`
}

// producers are the implementations whose tokens tokens.json holds; Verify must accept each.
var producers = []string{"jsonwebtoken", "jose", "pyjwt", "go_sdk"}

// sentinelByName maps the vectors' "error" (the C status suffix) to the sentinel.
var sentinelByName = map[string]*Error{
	"NULL_POINTER":     ErrNullPointer,
	"ACCESS_KEY":       ErrAccessKey,
	"SECRET":           ErrSecret,
	"ORG_ID":           ErrOrgID,
	"TTL":              ErrTTL,
	"TIME":             ErrTime,
	"BUFFER_TOO_SMALL": ErrBufferTooSmall,
	"CLOCK":            ErrClock,
	"UNINITIALIZED":    ErrUninitialized,
	"MALFORMED":        ErrMalformed,
	"ALGORITHM":        ErrAlgorithm,
	"SIGNATURE":        ErrSignature,
	"CLAIMS":           ErrClaims,
	"EXPIRED":          ErrExpired,
	"NOT_YET_VALID":    ErrNotYetValid,
	"INTERNAL":         ErrInternal,
	"LEEWAY":           ErrLeeway,
	"OVERLAP":          ErrOverlap,
}

func loadVectors(t testing.TB, name string, v any) {
	t.Helper()
	f, err := os.Open(filepath.Join(vectorsDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := json.NewDecoder(f)
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// u64 reads a *_str time and checks that the JSON number beside it spells the same value.
func u64(t *testing.T, str string, num json.Number) uint64 {
	t.Helper()
	v, err := strconv.ParseUint(str, 10, 64)
	if err != nil {
		t.Fatalf("time %q: %v", str, err)
	}
	if num.String() != str {
		t.Fatalf("number %s and string %q differ", num, str)
	}
	return v
}

// unixTime is the time.Time of v seconds since the epoch; ok is false when time.Time (an int64
// of seconds) cannot hold it.
func unixTime(v uint64) (tm time.Time, ok bool) {
	if v > math.MaxInt64 {
		return time.Time{}, false
	}
	return time.Unix(int64(v), 0), true
}

func sentinel(t *testing.T, name string) *Error {
	t.Helper()
	e, ok := sentinelByName[name]
	if !ok {
		t.Fatalf("vector names unknown error %q", name)
	}
	return e
}

func TestVectorsTokens(t *testing.T) {
	var file tokensFile
	loadVectors(t, "tokens.json", &file)
	if file.Reference != "jsonwebtoken" || len(file.Vectors) == 0 {
		t.Fatalf("reference %q, %d vectors", file.Reference, len(file.Vectors))
	}
	for _, v := range file.Vectors {
		t.Run(v.Name, func(t *testing.T) {
			iat, exp := u64(t, v.IatStr, v.Iat), u64(t, v.ExpStr, v.Exp)
			ttl := time.Duration(v.TTL) * time.Second
			want := v.Tokens[file.Reference]
			issued := time.Unix(int64(iat), 0)

			signer, err := NewSigner(v.AccessKey, v.Secret, v.OrgID)
			if err != nil {
				t.Fatalf("NewSigner: %v", err)
			}
			defer signer.Close()
			if got, err := signer.Sign(issued, ttl); err != nil || got != want {
				t.Fatalf("(*Signer).Sign = %q, %v\nwant %q", got, err, want)
			}
			// Sub-second parts are truncated, as JWT NumericDate is.
			if got, err := signer.Sign(issued.Add(999*time.Millisecond), ttl); err != nil || got != want {
				t.Fatalf("(*Signer).Sign(+999ms) = %q, %v", got, err)
			}
			if got, err := Sign(v.AccessKey, v.Secret, v.OrgID, issued, ttl); err != nil || got != want {
				t.Fatalf("Sign = %q, %v\nwant %q", got, err, want)
			}

			for _, p := range producers {
				tok, ok := v.Tokens[p]
				if !ok {
					t.Fatalf("no %s token", p)
				}
				if kid, err := KeyID(tok); err != nil || kid != v.AccessKey {
					t.Errorf("%s: KeyID = %q, %v", p, kid, err)
				}
				for _, now := range []uint64{iat, exp - 1} {
					c, err := Verify(tok, v.Secret, time.Unix(int64(now), 0), 0)
					if err != nil {
						t.Errorf("%s: Verify at %d: %v", p, now, err)
						continue
					}
					if c.AccessKey != v.AccessKey || c.OrgID != v.OrgID ||
						uint64(c.IssuedAt.Unix()) != iat || uint64(c.ExpiresAt.Unix()) != exp {
						t.Errorf("%s: claims %+v", p, c)
					}
				}
				if _, err := Verify(tok, v.Secret, time.Unix(int64(exp), 0), 0); !errors.Is(err, ErrExpired) {
					t.Errorf("%s: Verify at exp: %v, want ErrExpired", p, err)
				}
				for _, now := range []uint64{iat, exp} {
					at := time.Unix(int64(now), 0)
					want, wantErr := Verify(tok, v.Secret, at, 0)
					if got, err := verifierVerify(v.Secret, tok, at, 0); got != want || !errors.Is(err, wantErr) {
						t.Errorf("%s: (*Verifier).Verify at %d = %+v, %v; Verify = %+v, %v", p, now, got, err, want, wantErr)
					}
				}
				if _, err := Verify(tok, v.Secret, time.Unix(int64(exp), 0), time.Second); err != nil {
					t.Errorf("%s: Verify at exp with 1 s leeway: %v", p, err)
				}
				if iat > 0 {
					if _, err := Verify(tok, v.Secret, time.Unix(int64(iat-1), 0), 0); !errors.Is(err, ErrNotYetValid) {
						t.Errorf("%s: Verify at iat-1: %v, want ErrNotYetValid", p, err)
					}
				}
				if _, err := Verify(tok, v.Secret+"x", time.Unix(int64(iat), 0), 0); !errors.Is(err, ErrSignature) &&
					!(len(v.Secret) == MaxSecretLen && errors.Is(err, ErrSecret)) {
					t.Errorf("%s: Verify with another secret: %v, want ErrSignature", p, err)
				}
			}
		})
	}
}

func TestVectorsSignInvalid(t *testing.T) {
	var file struct {
		Vectors []signInvalidVector `json:"vectors"`
	}
	loadVectors(t, "sign_invalid.json", &file)
	if len(file.Vectors) == 0 {
		t.Fatal("no vectors")
	}
	for _, v := range file.Vectors {
		t.Run(v.Name, func(t *testing.T) {
			want := sentinel(t, v.Error)
			iat := u64(t, v.IatStr, v.Iat)
			ttl := time.Duration(v.TTL) * time.Second

			check := func(what string, tok string, err error) {
				t.Helper()
				if !errors.Is(err, want) || tok != "" {
					t.Errorf("%s = %q, %v; want %v", what, tok, err, want)
				}
				var e *Error
				if !errors.As(err, &e) || e.Status() != want.Status() {
					t.Errorf("%s: %#v is not an *Error with status %d", what, err, want.Status())
				}
			}

			signer, err := NewSigner(v.AccessKey, v.Secret, v.OrgID)
			if signer != nil {
				defer signer.Close()
			}
			switch v.Error {
			case "ACCESS_KEY", "SECRET", "ORG_ID":
				check("NewSigner", "", err)
			default:
				if err != nil {
					t.Fatalf("NewSigner: %v", err)
				}
			}

			if issued, ok := unixTime(iat); ok {
				tok, err := Sign(v.AccessKey, v.Secret, v.OrgID, issued, ttl)
				check("Sign", tok, err)
				if signer != nil {
					tok, err := signer.Sign(issued, ttl)
					check("(*Signer).Sign", tok, err)
				}
			} else {
				// time.Time cannot hold this iat: give the library the value itself, through
				// the same paths Sign and (*Signer).Sign take after converting their time.
				var buf [tokenBufLen]byte
				n, status := ffiSignToken(v.AccessKey, v.Secret, v.OrgID, iat, ttlSeconds(ttl), buf[:])
				check("meshes_sign_token", string(buf[:n]), statusError(status))
				if signer != nil {
					tok, err := signer.sign("", iat, ttlSeconds(ttl))
					check("(*Signer).sign", tok, err)
				}
			}
		})
	}
}

// verifierVerify verifies token with a Verifier for secret: the error of NewVerifier when it
// refuses the secret (the rule Verify checks second), else that of (*Verifier).Verify.
func verifierVerify(secret, token string, now time.Time, leeway time.Duration) (Claims, error) {
	v, err := NewVerifier(secret)
	if err != nil {
		return Claims{}, err
	}
	defer v.Close()
	return v.Verify(token, now, leeway)
}

func TestVectorsVerifyValid(t *testing.T) {
	var file struct {
		Vectors []verifyVector `json:"vectors"`
	}
	loadVectors(t, "verify_valid.json", &file)
	if len(file.Vectors) == 0 {
		t.Fatal("no vectors")
	}
	for _, v := range file.Vectors {
		t.Run(v.Name, func(t *testing.T) {
			if v.Claims == nil || v.Error != "" {
				t.Fatal("a valid vector needs claims and no error")
			}
			now, ok := unixTime(u64(t, v.NowStr, v.Now))
			if !ok {
				t.Fatalf("now %s does not fit time.Time", v.NowStr)
			}
			c, err := Verify(v.Token, v.Secret, now, time.Duration(v.Leeway)*time.Second)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			want := v.Claims
			if c.AccessKey != want.AccessKey || c.OrgID != want.OrgID ||
				uint64(c.IssuedAt.Unix()) != u64(t, want.IatStr, want.Iat) ||
				uint64(c.ExpiresAt.Unix()) != u64(t, want.ExpStr, want.Exp) {
				t.Fatalf("claims %+v, want %+v", c, *want)
			}
			if c.IssuedAt.Location() != time.UTC || c.ExpiresAt.Location() != time.UTC {
				t.Fatalf("claims times not in UTC: %v, %v", c.IssuedAt, c.ExpiresAt)
			}
			if vc, err := verifierVerify(v.Secret, v.Token, now, time.Duration(v.Leeway)*time.Second); err != nil || vc != c {
				t.Fatalf("(*Verifier).Verify = %+v, %v; want %+v", vc, err, c)
			}
			if kid, err := KeyID(v.Token); err != nil || kid != want.AccessKey {
				t.Fatalf("KeyID = %q, %v", kid, err)
			}
		})
	}
}

func TestVectorsVerifyInvalid(t *testing.T) {
	var file struct {
		Vectors []verifyVector `json:"vectors"`
	}
	loadVectors(t, "verify_invalid.json", &file)
	if len(file.Vectors) == 0 {
		t.Fatal("no vectors")
	}
	for _, v := range file.Vectors {
		t.Run(v.Name, func(t *testing.T) {
			want := sentinel(t, v.Error)
			now, ok := unixTime(u64(t, v.NowStr, v.Now))
			if !ok {
				t.Fatalf("now %s does not fit time.Time", v.NowStr)
			}
			c, err := Verify(v.Token, v.Secret, now, time.Duration(v.Leeway)*time.Second)
			if !errors.Is(err, want) || c != (Claims{}) {
				t.Fatalf("Verify = %+v, %v; want %v", c, err, want)
			}
			if vc, err := verifierVerify(v.Secret, v.Token, now, time.Duration(v.Leeway)*time.Second); !errors.Is(err, want) || vc != (Claims{}) {
				t.Fatalf("(*Verifier).Verify = %+v, %v; want %v", vc, err, want)
			}
			// Exactly one sentinel matches.
			for name, e := range sentinelByName {
				if errors.Is(err, e) != (name == v.Error) {
					t.Fatalf("errors.Is(%v, Err%s) = %v", err, name, !(name == v.Error))
				}
			}
		})
	}
}
