package meshestoken

import (
	"math"
	"time"
)

// Claims are the claims of a verified token.
type Claims struct {
	// AccessKey is the access key: the header's kid, and the end of iss.
	AccessKey string
	// OrgID is the org claim.
	OrgID string
	// IssuedAt is the iat claim, in UTC.
	IssuedAt time.Time
	// ExpiresAt is the exp claim, in UTC: the first second at which the token is no longer
	// valid.
	ExpiresAt time.Time
}

// Verify verifies a Meshes machine token with secret at time now (truncated to the second),
// tolerating leeway (0 to MaxLeeway, 300 s) of clock skew in both directions: the token is
// valid while iat <= now + leeway, now < exp + leeway and, when it has an nbf claim,
// nbf <= now + leeway. A header with a crit parameter is rejected (ErrClaims).
//
// Only HS256 and the Meshes profile are accepted (iss "urn:meshes:m2m:<kid>", aud
// "meshes-api", a valid org, exp - iat from 1 to 60 s); any JSON layout is read. Errors come
// from the library, the first failure winning: ErrLeeway (leeway negative, not a whole number
// of seconds, or above MaxLeeway: it is never rounded), ErrSecret, ErrMalformed, ErrAlgorithm,
// ErrClaims, ErrSignature, ErrMalformed (payload), ErrClaims, ErrExpired, ErrNotYetValid. The
// one error raised before the call is ErrTime, when now is before the Unix epoch (no time of
// the library's can hold it; see the bad-argument policy in README.md).
//
// A verified token costs one allocation (the two strings of Claims share it).
func Verify(token, secret string, now time.Time, leeway time.Duration) (Claims, error) {
	n := now.Unix()
	if n < 0 {
		return Claims{}, ErrTime
	}
	return claimsOf(ffiVerifyToken(token, secret, uint64(n), leewaySeconds(leeway)))
}

// claimsOf turns the results of ffiVerifyToken or ffiVerifierVerify into Claims or an error.
func claimsOf(strs string, akLen int, iat, exp uint64, status uint32) (Claims, error) {
	if err := statusError(status); err != nil {
		return Claims{}, err
	}
	// The library only accepts iat and exp up to 2^53 - 1, so they fit an int64.
	return Claims{
		AccessKey: strs[:akLen],
		OrgID:     strs[akLen:],
		IssuedAt:  time.Unix(int64(iat), 0).UTC(),
		ExpiresAt: time.Unix(int64(exp), 0).UTC(),
	}, nil
}

// KeyID returns a token's kid (its access key) without verifying the token, so that a server
// can look up the secret to verify it with. Never trust the result before Verify succeeds.
//
// Errors: ErrMalformed (structure, base64, header JSON) and ErrClaims (kid missing or not a
// valid access key).
func KeyID(token string) (string, error) {
	var buf [keyIDBufLen]byte
	n, status := ffiTokenKeyID(token, buf[:])
	if err := statusError(status); err != nil {
		return "", err
	}
	return string(buf[:n]), nil
}

// leewaySeconds converts leeway for the library. A leeway the library's uint32 of seconds cannot
// hold (negative, not a whole number of seconds, 2^32 s or more) becomes the largest uint32,
// which the library rejects with MESHES_ERR_LEEWAY in its order of errors; the 0..=300 range
// is the library's to check.
func leewaySeconds(leeway time.Duration) uint32 {
	if leeway < 0 || leeway%time.Second != 0 || leeway/time.Second > math.MaxUint32 {
		return math.MaxUint32
	}
	return uint32(leeway / time.Second)
}
