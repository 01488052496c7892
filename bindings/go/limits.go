package meshestoken

// #include "meshes_token.h"
import "C"

import "time"

// Limits of the Meshes token profile, taken from meshes_token.h.
const (
	// MaxAccessKeyLen is the longest access key, in bytes.
	MaxAccessKeyLen = C.MESHES_ACCESS_KEY_MAX_LEN
	// MaxOrgIDLen is the longest org id, in bytes.
	MaxOrgIDLen = C.MESHES_ORG_ID_MAX_LEN
	// MaxSecretLen is the longest secret, in bytes.
	MaxSecretLen = C.MESHES_SECRET_MAX_LEN
	// MaxTokenLen is the longest token Sign can return, in bytes.
	MaxTokenLen = C.MESHES_TOKEN_MAX_LEN
	// MaxVerifyLen is the longest token Verify and KeyID accept, in bytes.
	MaxVerifyLen = C.MESHES_VERIFY_MAX_LEN
	// MaxTTL is the longest time to live of a token.
	MaxTTL = C.MESHES_TTL_MAX * time.Second
	// MaxLeeway is the largest clock-skew leeway Verify accepts.
	MaxLeeway = C.MESHES_LEEWAY_MAX * time.Second
	// DefaultTTL is the time to live of (*Signer).Token and of the Transport's tokens.
	DefaultTTL = 30 * time.Second
)
