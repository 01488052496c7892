package meshestoken

// The C boundary: every #cgo line and every call into the meshes-token C library lives in
// this file, so the rest of the package is ordinary Go that speaks in Go types.
//
// The C library is linked statically from the archive this module carries for the platform
// (internal/lib/<goos>_<goarch>/libmeshes_token.a, built by `make go-prebuilt` from the no_std
// build of meshes-token-ffi, see scripts/prebuilt.sh). It holds no Rust standard library, so
// it needs nothing but libc, which every cgo program links anyway. The header is the module's
// copy of include/meshes_token.h, so a build never reads outside the module.
//
// With the build tag meshes_local (contributors of the repository), the package links
// ../../target/release/libmeshes_token_ffi.a and ../../include instead, the library `cargo build
// --release -p meshes-token-ffi` (or `make ffi-lib`) writes from the working tree, so local Rust
// changes are tested without refreshing the archives. That build contains Rust's std, and the
// system libraries are the ones `cargo rustc --release -p meshes-token-ffi -- --print
// native-static-libs` lists.
//
// On another platform (no archive ships for it), build the library for it and pass it in
// CGO_LDFLAGS (see README.md).
//
// Every function is marked noescape (the library keeps no pointer after a call returns, as the
// header promises) so that token buffers, claims and out-lengths can live on the goroutine's
// stack instead of the heap, and nocallback (it never calls into Go).

/*
#cgo !meshes_local CFLAGS: -I${SRCDIR}/internal/lib/include
#cgo linux,amd64,!meshes_local LDFLAGS: ${SRCDIR}/internal/lib/linux_amd64/libmeshes_token.a
#cgo linux,arm64,!meshes_local LDFLAGS: ${SRCDIR}/internal/lib/linux_arm64/libmeshes_token.a

#cgo meshes_local CFLAGS: -I${SRCDIR}/../../include
#cgo meshes_local LDFLAGS: ${SRCDIR}/../../target/release/libmeshes_token_ffi.a
#cgo linux,meshes_local LDFLAGS: -lgcc_s -lutil -lrt -lpthread -lm -ldl
#cgo darwin,meshes_local LDFLAGS: -lSystem -lc -lm

#cgo noescape meshes_sign_token
#cgo nocallback meshes_sign_token
#cgo noescape meshes_signer_init
#cgo nocallback meshes_signer_init
#cgo noescape meshes_signer_sign
#cgo nocallback meshes_signer_sign
#cgo noescape meshes_signer_clear
#cgo nocallback meshes_signer_clear
#cgo noescape meshes_verifier_init
#cgo nocallback meshes_verifier_init
#cgo noescape meshes_verifier_verify
#cgo nocallback meshes_verifier_verify
#cgo noescape meshes_verifier_clear
#cgo nocallback meshes_verifier_clear
#cgo noescape meshes_verify_token
#cgo nocallback meshes_verify_token
#cgo noescape meshes_token_key_id
#cgo nocallback meshes_token_key_id
#cgo nocallback meshes_status_message
#cgo nocallback meshes_version

#include "meshes_token.h"
*/
import "C"

import (
	"bytes"
	"unsafe"
)

// Sizes from the header, for buffers on the Go side.
const (
	// tokenBufLen holds the longest token meshes_signer_sign can write, and its NUL.
	tokenBufLen = C.MESHES_TOKEN_MAX_LEN + 1
	// keyIDBufLen holds the longest key id meshes_token_key_id can write, and its NUL.
	keyIDBufLen = C.MESHES_ACCESS_KEY_MAX_LEN + 1
	// claimsStringsLen holds the access key and the org id of verified claims, back to back.
	claimsStringsLen = C.MESHES_ACCESS_KEY_MAX_LEN + C.MESHES_ORG_ID_MAX_LEN
)

// rawSigner is the C library's meshes_signer (MESHES_SIGNER_SIZE bytes), the type the C
// functions take. Go never allocates one: on 386 and arm Go aligns its uint64_t array to 4
// bytes, not the MESHES_SIGNER_ALIGN the library requires, so signerMem holds the signer at an
// offset that aligns it explicitly (see alignedSigner).
type rawSigner = C.meshes_signer

// signerMem is Go memory with room for a meshes_signer at MESHES_SIGNER_ALIGN alignment
// wherever the memory itself starts. It holds no Go pointers, so C may be given a pointer
// into it (cgo's pointer rules), and Go's heap does not move it.
type signerMem [C.MESHES_SIGNER_SIZE + signerAlign - 1]byte

// signerAlign is MESHES_SIGNER_ALIGN.
const signerAlign = C.MESHES_SIGNER_ALIGN

// alignedSigner returns the MESHES_SIGNER_ALIGN-aligned meshes_signer inside m. The offset
// depends only on m's address, which does not change for memory on Go's heap (where every
// signerState lives), so every call on the same m returns the same signer. (Go's allocator
// hands out 8-byte-aligned blocks of this size, so the offset is 0 in practice.)
func alignedSigner(m *signerMem) *rawSigner {
	p := unsafe.Pointer(m)
	off := -uintptr(p) & (signerAlign - 1)
	return (*rawSigner)(unsafe.Add(p, off))
}

// Compile-time checks (a negative array length does not compile): Go's meshes_signer has the
// header's size; MESHES_SIGNER_ALIGN is a power of two (alignedSigner relies on it); and the
// string arrays of meshes_claims are the MESHES_*_MAX_LEN + 1 bytes that claimsStringsLen
// counts on.
var (
	_ [C.MESHES_SIGNER_SIZE - unsafe.Sizeof(rawSigner{})]byte
	_ [unsafe.Sizeof(rawSigner{}) - C.MESHES_SIGNER_SIZE]byte
	_ [-(signerAlign & (signerAlign - 1))]byte
	_ [len(C.meshes_claims{}.access_key) - (C.MESHES_ACCESS_KEY_MAX_LEN + 1)]byte
	_ [(C.MESHES_ACCESS_KEY_MAX_LEN + 1) - len(C.meshes_claims{}.access_key)]byte
	_ [len(C.meshes_claims{}.org_id) - (C.MESHES_ORG_ID_MAX_LEN + 1)]byte
	_ [(C.MESHES_ORG_ID_MAX_LEN + 1) - len(C.meshes_claims{}.org_id)]byte
)

// rawVerifier is the C library's meshes_verifier (MESHES_VERIFIER_SIZE bytes), held in
// verifierMem at MESHES_VERIFIER_ALIGN for the reason given for rawSigner.
type rawVerifier = C.meshes_verifier

// verifierMem is Go memory with room for a meshes_verifier at MESHES_VERIFIER_ALIGN alignment
// wherever the memory itself starts (as signerMem).
type verifierMem [C.MESHES_VERIFIER_SIZE + verifierAlign - 1]byte

// verifierAlign is MESHES_VERIFIER_ALIGN.
const verifierAlign = C.MESHES_VERIFIER_ALIGN

// alignedVerifier returns the MESHES_VERIFIER_ALIGN-aligned meshes_verifier inside m, as
// alignedSigner does for signers.
func alignedVerifier(m *verifierMem) *rawVerifier {
	p := unsafe.Pointer(m)
	off := -uintptr(p) & (verifierAlign - 1)
	return (*rawVerifier)(unsafe.Add(p, off))
}

// The same compile-time checks for meshes_verifier.
var (
	_ [C.MESHES_VERIFIER_SIZE - unsafe.Sizeof(rawVerifier{})]byte
	_ [unsafe.Sizeof(rawVerifier{}) - C.MESHES_VERIFIER_SIZE]byte
	_ [-(verifierAlign & (verifierAlign - 1))]byte
)

// cChars passes s to C as pointer + length, without copying: C reads Go's string bytes in
// place for the duration of the call and keeps no pointer (the header's contract). An empty
// string may give a NULL pointer, which the library takes as an empty input.
func cChars(s string) (*C.char, C.size_t) {
	return (*C.char)(unsafe.Pointer(unsafe.StringData(s))), C.size_t(len(s))
}

// cBytes is cChars for the library's `const uint8_t *` inputs (secrets).
func cBytes(s string) (*C.uint8_t, C.size_t) {
	return (*C.uint8_t)(unsafe.Pointer(unsafe.StringData(s))), C.size_t(len(s))
}

// cOut passes a Go buffer as the (out, out_cap) of a string output.
func cOut(out []byte) (*C.char, C.size_t) {
	return (*C.char)(unsafe.Pointer(unsafe.SliceData(out))), C.size_t(len(out))
}

func ffiSignToken(accessKey, secret, orgID string, issuedAt uint64, ttl uint32, out []byte) (int, uint32) {
	ak, akLen := cChars(accessKey)
	sec, secLen := cBytes(secret)
	org, orgLen := cChars(orgID)
	o, oCap := cOut(out)
	var n C.size_t
	st := C.meshes_sign_token(ak, akLen, sec, secLen, org, orgLen,
		C.uint64_t(issuedAt), C.uint32_t(ttl), o, oCap, &n)
	return int(n), uint32(st)
}

func ffiSignerInit(s *rawSigner, accessKey, secret, orgID string) uint32 {
	ak, akLen := cChars(accessKey)
	sec, secLen := cBytes(secret)
	org, orgLen := cChars(orgID)
	return uint32(C.meshes_signer_init(s, ak, akLen, sec, secLen, org, orgLen))
}

func ffiSignerSign(s *rawSigner, issuedAt uint64, ttl uint32, out []byte) (int, uint32) {
	o, oCap := cOut(out)
	var n C.size_t
	st := C.meshes_signer_sign(s, C.uint64_t(issuedAt), C.uint32_t(ttl), o, oCap, &n)
	return int(n), uint32(st)
}

func ffiSignerClear(s *rawSigner) {
	C.meshes_signer_clear(s)
}

// ffiVerifyToken verifies token and returns its claims, with the access key and org id as
// one string (strs) split at akLen, so that a verified token costs one allocation.
func ffiVerifyToken(token, secret string, now uint64, leeway uint32) (strs string, akLen int, iat, exp uint64, status uint32) {
	tok, tokLen := cChars(token)
	sec, secLen := cBytes(secret)
	var c C.meshes_claims
	st := C.meshes_verify_token(tok, tokLen, sec, secLen, C.uint64_t(now), C.uint32_t(leeway), &c)
	if st != C.MESHES_OK {
		return "", 0, 0, 0, uint32(st)
	}
	return claimsStrings(&c, uint32(st))
}

func ffiVerifierInit(v *rawVerifier, secret string) uint32 {
	sec, secLen := cBytes(secret)
	return uint32(C.meshes_verifier_init(v, sec, secLen))
}

func ffiVerifierClear(v *rawVerifier) {
	C.meshes_verifier_clear(v)
}

// ffiVerifierVerify is ffiVerifyToken with an initialized verifier instead of a secret.
func ffiVerifierVerify(v *rawVerifier, token string, now uint64, leeway uint32) (strs string, akLen int, iat, exp uint64, status uint32) {
	tok, tokLen := cChars(token)
	var c C.meshes_claims
	st := C.meshes_verifier_verify(v, tok, tokLen, C.uint64_t(now), C.uint32_t(leeway), &c)
	if st != C.MESHES_OK {
		return "", 0, 0, 0, uint32(st)
	}
	return claimsStrings(&c, uint32(st))
}

// claimsStrings copies the access key and org id of verified claims into one string, split
// at akLen, so that a verified token costs one allocation.
func claimsStrings(c *C.meshes_claims, st uint32) (strs string, akLen int, iat, exp uint64, status uint32) {
	var buf [claimsStringsLen]byte
	ak := copy(buf[:], cString(c.access_key[:]))
	org := copy(buf[ak:], cString(c.org_id[:]))
	return string(buf[:ak+org]), ak, uint64(c.issued_at), uint64(c.expires_at), st
}

func ffiTokenKeyID(token string, out []byte) (int, uint32) {
	tok, tokLen := cChars(token)
	o, oCap := cOut(out)
	var n C.size_t
	st := C.meshes_token_key_id(tok, tokLen, o, oCap, &n)
	return int(n), uint32(st)
}

// ffiStatusName copies the library's static name of status ("MESHES_ERR_TTL"); "" when the
// library has no such status.
func ffiStatusName(status uint32) string {
	return C.GoString(C.meshes_status_name(C.meshes_status(status)))
}

// ffiStatusMessage copies the library's static message for status into a Go string.
func ffiStatusMessage(status uint32) string {
	return C.GoString(C.meshes_status_message(C.meshes_status(status)))
}

// ffiVersion copies the library's static version string into a Go string.
func ffiVersion() string {
	return C.GoString(C.meshes_version())
}

// cString views a NUL-terminated C char array as Go bytes up to (not including) the NUL, or
// the whole array when it has none.
func cString(a []C.char) []byte {
	b := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(a))), len(a))
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return b[:i]
	}
	return b
}
