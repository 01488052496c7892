package meshestoken

import (
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// headerStatuses parses the meshes_status enum out of meshes_token.h: name suffix -> value.
func headerStatuses(t *testing.T) map[string]uint32 {
	t.Helper()
	h, err := os.ReadFile(filepath.Join("..", "..", "include", "meshes_token.h"))
	if err != nil {
		t.Fatal(err)
	}
	enum := regexp.MustCompile(`(?s)enum meshes_status\b[^{]*\{(.*?)\};`).FindSubmatch(h)
	if enum == nil {
		t.Fatal("no enum meshes_status in meshes_token.h")
	}
	out := map[string]uint32{}
	for _, m := range regexp.MustCompile(`\b(MESHES_(?:OK|ERR_[A-Z_]+)) = (\d+),`).FindAllSubmatch(enum[1], -1) {
		v, err := strconv.ParseUint(string(m[2]), 10, 32)
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimPrefix(string(m[1]), "MESHES_ERR_")] = uint32(v)
	}
	if out["MESHES_OK"] != 0 || len(out) < 2 {
		t.Fatalf("parsed %v from the header", out)
	}
	return out
}

// A status added to the header fails this test until statusError maps it to a sentinel (and
// sentinelByName, which the vector tests use, names it).
func TestEveryStatusHasASentinel(t *testing.T) {
	statuses := headerStatuses(t)
	if statusError(statuses["MESHES_OK"]) != nil {
		t.Fatal("MESHES_OK is not nil")
	}
	delete(statuses, "MESHES_OK")
	if len(statuses) != len(sentinelByName) {
		t.Errorf("header has %d error statuses, the tests name %d sentinels", len(statuses), len(sentinelByName))
	}
	seen := map[error]string{}
	for name, code := range statuses {
		want, ok := sentinelByName[name]
		if !ok {
			t.Errorf("MESHES_ERR_%s (%d) has no sentinel", name, code)
			continue
		}
		err := statusError(code)
		if err != error(want) {
			t.Errorf("statusError(MESHES_ERR_%s) = %#v, want Err%s", name, err, name)
		}
		if want.Code() != name {
			t.Errorf("Err%s.Code() = %q, want %q (the vector files' name)", name, want.Code(), name)
		}
		if want.Status() != code {
			t.Errorf("Err%s has status %d, the header says %d", name, want.Status(), code)
		}
		if prev, dup := seen[err]; dup {
			t.Errorf("MESHES_ERR_%s and MESHES_ERR_%s map to the same error", name, prev)
		}
		seen[err] = name
		if msg := err.Error(); !strings.HasPrefix(msg, "meshestoken: ") || len(msg) <= len("meshestoken: ") ||
			strings.Contains(msg, "unknown") {
			t.Errorf("MESHES_ERR_%s: message %q", name, msg)
		}
	}
}

func TestUnknownStatus(t *testing.T) {
	hi := uint32(0)
	for _, code := range headerStatuses(t) {
		hi = max(hi, code)
	}
	for _, code := range []uint32{hi + 1, 1 << 31, ^uint32(0)} {
		err := statusError(code)
		var e *Error
		if !errors.As(err, &e) || e.Status() != code {
			t.Fatalf("statusError(%d) = %#v", code, err)
		}
		if !strings.Contains(err.Error(), "unknown") {
			t.Errorf("statusError(%d) says %q", code, err)
		}
		for name, s := range sentinelByName {
			if errors.Is(err, s) {
				t.Errorf("unknown status %d is Err%s", code, name)
			}
		}
		if !errors.Is(err, statusError(code)) {
			t.Errorf("two errors of status %d are not errors.Is-equal", code)
		}
	}
}

func TestErrorIs(t *testing.T) {
	_, err := Verify("", "secret", time.Unix(0, 0), 0)
	wrapped := fmt.Errorf("calling meshes: %w", err)
	if !errors.Is(wrapped, ErrMalformed) || errors.Is(wrapped, ErrSignature) {
		t.Fatalf("errors.Is through a wrap: %v", wrapped)
	}
	var e *Error
	if !errors.As(wrapped, &e) || e.Status() != ErrMalformed.Status() {
		t.Fatalf("errors.As: %#v", e)
	}
	if ErrMalformed.Is(nil) || ErrMalformed.Is(errors.New("x")) || ErrMalformed.Is((*Error)(nil)) {
		t.Fatal("Is matches a non-*Error")
	}
}

// Every error path of the API, each reached by a real input and checked with errors.Is.
func TestErrorPaths(t *testing.T) {
	const ak, sec, org = "AK7f3kQ9mZ2pL8xR4tV6", "s3cr3t_Key-with/chars=0123456789abcdefABCDEF", "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60"
	iat := time.Unix(1767225600, 0)
	s, err := NewSigner(ak, sec, org)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	good, err := s.Sign(iat, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	maxTime := time.Unix(1<<53-1, 0)
	cases := []struct {
		name string
		err  error
		want *Error
	}{}
	add := func(name string, want *Error, err error) {
		cases = append(cases, struct {
			name string
			err  error
			want *Error
		}{name, err, want})
	}
	signErr := func(tok string, err error) error {
		if tok != "" {
			return fmt.Errorf("token %q with error %v", tok, err)
		}
		return err
	}
	_, err = NewSigner("", sec, org)
	add("NewSigner empty key", ErrAccessKey, err)
	_, err = NewSigner(ak, sec+"\n", org)
	add("NewSigner secret with newline", ErrSecret, err)
	_, err = NewSigner(ak, sec, strings.ToUpper(org))
	add("NewSigner uppercase org", ErrOrgID, err)
	_, err = NewSigner("bad key", "bad secret", "BAD")
	add("NewSigner key checked first", ErrAccessKey, err)

	for _, ttl := range []time.Duration{0, -time.Second, 1500 * time.Millisecond, time.Second - 1, time.Second + 1,
		MaxTTL + time.Second, MaxTTL + time.Nanosecond, 1 << 62, -1 << 63, time.Duration(1<<32) * time.Second} {
		add(fmt.Sprintf("Sign ttl %v", ttl), ErrTTL, signErr(s.Sign(iat, ttl)))
		add(fmt.Sprintf("one-shot Sign ttl %v", ttl), ErrTTL, signErr(Sign(ak, sec, org, iat, ttl)))
	}
	add("Sign ttl checked after key", ErrAccessKey, signErr(Sign("", sec, org, iat, 0)))
	add("Sign ttl checked after org", ErrOrgID, signErr(Sign(ak, sec, "", iat, time.Millisecond)))
	for _, at := range []time.Time{time.Unix(-1, 0), time.Unix(0, -1), {}, maxTime, maxTime.Add(-29 * time.Second)} {
		add(fmt.Sprintf("Sign at %v", at.Unix()), ErrTime, signErr(s.Sign(at, 30*time.Second)))
		add(fmt.Sprintf("one-shot Sign at %v", at.Unix()), ErrTime, signErr(Sign(ak, sec, org, at, 30*time.Second)))
	}
	add("Sign time checked after ttl", ErrTTL, signErr(s.Sign(time.Unix(-1, 0), 0)))
	add("one-shot Sign time checked after secret", ErrSecret, signErr(Sign(ak, "", org, time.Unix(-1, 0), 0)))

	now := time.Unix(1767225605, 0)
	verr := func(c Claims, err error) error {
		if c != (Claims{}) {
			return fmt.Errorf("claims %+v with error %v", c, err)
		}
		return err
	}
	add("Verify empty secret", ErrSecret, verr(Verify(good, "", now, 0)))
	add("Verify wrong secret", ErrSignature, verr(Verify(good, sec+"x", now, 0)))
	add("Verify garbage", ErrMalformed, verr(Verify("a.b.c", sec, now, 0)))
	add("Verify too long", ErrMalformed, verr(Verify(strings.Repeat("a", MaxVerifyLen+1), sec, now, 0)))
	add("Verify expired", ErrExpired, verr(Verify(good, sec, iat.Add(30*time.Second), 0)))
	add("Verify not yet valid", ErrNotYetValid, verr(Verify(good, sec, iat.Add(-time.Second), 0)))
	add("Verify now before epoch", ErrTime, verr(Verify(good, sec, time.Unix(-1, 0), 0)))
	add("Verify negative leeway", ErrLeeway, verr(Verify(good, sec, now, -time.Second)))
	add("Verify fractional leeway", ErrLeeway, verr(Verify(good, sec, now, 1500*time.Millisecond)))
	add("Verify leeway of MaxLeeway + 1 s", ErrLeeway, verr(Verify(good, sec, now, MaxLeeway+time.Second)))
	add("Verify leeway of 2^32 s", ErrLeeway, verr(Verify(good, sec, now, time.Duration(1<<32)*time.Second)))
	add("Verify leeway too large before a bad secret", ErrLeeway, verr(Verify(good, "", now, MaxLeeway+time.Second)))
	rest := good[strings.IndexByte(good, '.'):]
	algNone := b64(`{"alg":"none","typ":"JWT","kid":"`+ak+`"}`) + rest
	add("Verify alg none", ErrAlgorithm, verr(Verify(algNone, sec, now, 0)))
	noKid := b64(`{"alg":"HS256","typ":"JWT"}`) + rest
	add("Verify no kid", ErrClaims, verr(Verify(noKid, sec, now, 0)))
	_, err = KeyID("")
	add("KeyID empty", ErrMalformed, err)
	_, err = KeyID(noKid)
	add("KeyID no kid", ErrClaims, err)

	for _, c := range cases {
		var e *Error
		if !errors.Is(c.err, c.want) || !errors.As(c.err, &e) {
			t.Errorf("%s: %v, want %v", c.name, c.err, c.want)
		}
	}

	// Sanity of the inputs above: the same calls succeed when the one bad argument is fixed.
	if _, err := Verify(good, sec, now, MaxLeeway); err != nil {
		t.Errorf("Verify with the largest leeway: %v", err)
	}
	if _, err := s.Sign(maxTime.Add(-30*time.Second), 30*time.Second); err != nil {
		t.Errorf("Sign up to the largest exp: %v", err)
	}
	if _, err := s.Sign(time.Unix(0, 0), time.Second); err != nil {
		t.Errorf("Sign at the epoch: %v", err)
	}
}

func b64(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
