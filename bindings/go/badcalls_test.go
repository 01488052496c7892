package meshestoken

import (
	"encoding/json"
	"math"
	"math/big"
	"testing"
	"time"
)

// tests/vectors/bad_calls.json: the bad-argument policy every binding shares (README.md, "Bad
// arguments"). Each sign row goes through the one-shot Sign and through a Signer, each verify
// row through Verify and through a Verifier, and must give the row's error as the sentinel
// itself (never wrapped or renamed), or, for the control rows, the exact token or a success.

type badCall struct {
	Name          string      `json:"name"`
	Call          string      `json:"call"`
	Why           string      `json:"why"`
	AccessKey     string      `json:"access_key"`
	Secret        string      `json:"secret"`
	OrgID         string      `json:"org_id"`
	Iat           json.Number `json:"iat"`
	TTL           json.Number `json:"ttl"`
	Token         string      `json:"token"`
	Now           json.Number `json:"now"`
	Leeway        json.Number `json:"leeway"`
	Error         *string     `json:"error"`
	VerifierError *string     `json:"verifier_error"`
}

// badCallSkips are the rows Go's types cannot express, with the reason. A row missing from the
// file fails the test, so the list cannot go stale.
var badCallSkips = map[string]string{
	"ttl_2pow64":               "a time.Duration (int64 nanoseconds) holds at most about 292 years, not 2^64 s",
	"secret_before_ttl_2pow64": "a time.Duration (int64 nanoseconds) holds at most about 292 years, not 2^64 s",
	"iat_2pow64":               "time.Time's Unix seconds are an int64: 2^64 s is not a time.Time",
	"now_2pow64":               "time.Time's Unix seconds are an int64: 2^64 s is not a time.Time",
}

// seconds parses a JSON number of seconds exactly (1.5 stays 1.5).
func seconds(t *testing.T, n json.Number) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(n.String())
	if !ok {
		t.Fatalf("not a number: %q", n)
	}
	return r
}

// durationOf is n seconds as a time.Duration; ok is false when a Duration cannot hold it
// exactly.
func durationOf(t *testing.T, n json.Number) (d time.Duration, ok bool) {
	ns := new(big.Rat).Mul(seconds(t, n), big.NewRat(int64(time.Second), 1))
	if !ns.IsInt() || !ns.Num().IsInt64() {
		return 0, false
	}
	return time.Duration(ns.Num().Int64()), true
}

// timeOf is the time.Time n seconds after the Unix epoch (negative: before it); ok is false
// when time.Time cannot hold it exactly.
func timeOf(t *testing.T, n json.Number) (tm time.Time, ok bool) {
	r := seconds(t, n)
	sec := new(big.Int).Div(r.Num(), r.Denom()) // Euclidean: rounds toward -inf for a positive denominator
	frac := new(big.Rat).Sub(r, new(big.Rat).SetInt(sec))
	nsec := new(big.Rat).Mul(frac, big.NewRat(int64(time.Second), 1))
	// time.Time counts seconds from year 1 in an int64: stay well inside it.
	if !sec.IsInt64() || sec.Int64() > math.MaxInt64/2 || sec.Int64() < math.MinInt64/2 || !nsec.IsInt() {
		return time.Time{}, false
	}
	return time.Unix(sec.Int64(), nsec.Num().Int64()), true
}

func TestBadCalls(t *testing.T) {
	var file struct {
		Description string    `json:"description"`
		Vectors     []badCall `json:"vectors"`
	}
	loadVectors(t, "bad_calls.json", &file)
	if len(file.Vectors) == 0 {
		t.Fatal("no vectors")
	}
	seen := map[string]bool{}
	for _, v := range file.Vectors {
		seen[v.Name] = true
		t.Run(v.Name, func(t *testing.T) {
			if why, ok := badCallSkips[v.Name]; ok {
				t.Skip(why)
			}
			switch v.Call {
			case "sign":
				badSign(t, v)
			case "verify":
				badVerify(t, v)
			default:
				t.Fatalf("unknown call %q", v.Call)
			}
		})
	}
	for name := range badCallSkips {
		if !seen[name] {
			t.Errorf("badCallSkips names %q, which bad_calls.json does not have", name)
		}
	}
}

// wantError checks that err is the sentinel named by want (nil: success), itself: not wrapped,
// not another *Error with the same status.
func wantError(t *testing.T, what string, err error, want *string) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Errorf("%s: %v, want success", what, err)
		}
		return
	}
	if s := sentinel(t, *want); err != error(s) {
		t.Errorf("%s: %v, want %s (%v)", what, err, *want, s)
	}
}

func badSign(t *testing.T, v badCall) {
	iat, ok := timeOf(t, v.Iat)
	if !ok {
		t.Fatalf("iat %s is not a time.Time: add the row to badCallSkips with the reason", v.Iat)
	}
	ttl, ok := durationOf(t, v.TTL)
	if !ok {
		t.Fatalf("ttl %s s is not a time.Duration: add the row to badCallSkips with the reason", v.TTL)
	}
	check := func(what, tok string, err error) {
		t.Helper()
		wantError(t, what, err, v.Error)
		switch {
		case v.Error == nil && tok != v.Token:
			t.Errorf("%s = %q\nwant %q", what, tok, v.Token)
		case v.Error != nil && tok != "":
			t.Errorf("%s: token %q with an error", what, tok)
		}
	}
	tok, err := Sign(v.AccessKey, v.Secret, v.OrgID, iat, ttl)
	check("Sign", tok, err)

	s, err := NewSigner(v.AccessKey, v.Secret, v.OrgID)
	if err != nil {
		// The credentials come first in the library's order: building fails with the row's error.
		if s != nil {
			t.Errorf("NewSigner: a Signer with error %v", err)
		}
		wantError(t, "NewSigner", err, v.Error)
		return
	}
	defer s.Close()
	tok, err = s.Sign(iat, ttl)
	check("(*Signer).Sign", tok, err)
}

func badVerify(t *testing.T, v badCall) {
	now, ok := timeOf(t, v.Now)
	if !ok {
		t.Fatalf("now %s is not a time.Time: add the row to badCallSkips with the reason", v.Now)
	}
	leeway, ok := durationOf(t, v.Leeway)
	if !ok {
		t.Fatalf("leeway %s s is not a time.Duration: add the row to badCallSkips with the reason", v.Leeway)
	}
	c, err := Verify(v.Token, v.Secret, now, leeway)
	wantError(t, "Verify", err, v.Error)
	if v.Error != nil && c != (Claims{}) {
		t.Errorf("Verify: claims %+v with an error", c)
	}
	if v.Error == nil {
		if kid, err := KeyID(v.Token); err != nil || c.AccessKey != kid || c.OrgID == "" {
			t.Errorf("Verify: claims %+v (kid %q, %v)", c, kid, err)
		}
	}

	ver, err := NewVerifier(v.Secret)
	if err != nil {
		// Building fails only with SECRET; then the row's verifier_error, else its error.
		want := v.Error
		if v.VerifierError != nil {
			want = v.VerifierError
		}
		if ver != nil {
			t.Errorf("NewVerifier: a Verifier with error %v", err)
		}
		wantError(t, "NewVerifier", err, want)
		return
	}
	defer ver.Close()
	if v.VerifierError != nil {
		t.Errorf("NewVerifier succeeded; the row expects %s", *v.VerifierError)
	}
	vc, err := ver.Verify(v.Token, now, leeway)
	wantError(t, "(*Verifier).Verify", err, v.Error)
	if vc != c {
		t.Errorf("(*Verifier).Verify = %+v, Verify = %+v", vc, c)
	}
}
