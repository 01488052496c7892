package meshestoken

import (
	"math"
	"time"
)

// Sign mints one token for accessKey, secret and orgID, issued at issuedAt (truncated to the
// second) and valid for ttl.
//
// Validation, keying and signing in one call; for more than one token with the same
// credentials, a Signer is about twice as fast. Errors, checked in this order: ErrAccessKey,
// ErrSecret, ErrOrgID, ErrTTL (ttl not a whole number of seconds from 1 s to MaxTTL; never
// rounded), ErrTime (issuedAt before the Unix epoch, or issuedAt + ttl after 2^53 - 1 s).
//
// The token is the only allocation.
func Sign(accessKey, secret, orgID string, issuedAt time.Time, ttl time.Duration) (string, error) {
	var buf [tokenBufLen]byte
	n, status := ffiSignToken(accessKey, secret, orgID, unixSeconds(issuedAt), ttlSeconds(ttl), buf[:])
	if err := statusError(status); err != nil {
		return "", err
	}
	return string(buf[:n]), nil
}

// unixSeconds converts issuedAt for the library. A time before the Unix epoch becomes the
// largest uint64, which the library rejects with MESHES_ERR_TIME after its other checks, so
// the order of errors stays the library's.
func unixSeconds(t time.Time) uint64 {
	if u := t.Unix(); u >= 0 {
		return uint64(u)
	}
	return math.MaxUint64
}

// ttlSeconds converts ttl for the library. A ttl that is not a positive whole number of
// seconds, or does not fit the library's uint32, becomes 0, which the library rejects with
// MESHES_ERR_TTL after the credential checks; the 1..=60 range is the library's to check.
func ttlSeconds(ttl time.Duration) uint32 {
	if ttl <= 0 || ttl%time.Second != 0 || ttl/time.Second > math.MaxUint32 {
		return 0
	}
	return uint32(ttl / time.Second)
}
