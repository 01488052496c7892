// Package meshestoken mints and verifies Meshes machine tokens: short-lived HS256 JWTs that
// authenticate services to the Meshes API.
//
// It is a thin cgo layer over the meshes-token C library (libmeshes_token_ffi, written in Rust
// and linked statically): tokens are byte-for-byte those of the reference implementation,
// signing reuses a precomputed HMAC state, and a token costs one allocation, the returned
// string.
//
//	signer, err := meshestoken.NewSigner(accessKey, secret, orgID)
//	if err != nil {
//		return err
//	}
//	defer signer.Close()
//
//	token, err := signer.Token() // issued now, valid for 30 s
//
//	// Or let every request carry a fresh token:
//	client := &http.Client{Transport: &meshestoken.Transport{Signer: signer}}
//
// A token is
//
//	header  {"alg":"HS256","typ":"JWT","kid":"<ACCESS_KEY>"}
//	payload {"iss":"urn:meshes:m2m:<ACCESS_KEY>","aud":"meshes-api","org":"<ORG_ID>","iat":<secs>,"exp":<secs>}
//
// signed with HMAC-SHA256 keyed by the secret's raw bytes; Verify and KeyID check such tokens
// on the server side.
//
// # Errors
//
// Every error is an *Error carrying the C library's status; test for one with errors.Is and
// the sentinels (ErrExpired, ErrSignature, ErrTTL, ...). The exceptions are the Transport's
// own refusals, ErrInsecureHTTP and ErrAllowedHosts, which happen before any C call.
//
// # Building
//
// The module carries the C library prebuilt for linux/amd64 and linux/arm64 (a static archive
// of the no_std build, about 100 KiB, linked into the program), so go get and go build need
// nothing but Go and a C compiler for cgo. The package compiles on other platforms too; to link
// there, build the library for the platform and pass it in CGO_LDFLAGS (see README.md).
//
// In a clone of the repository, -tags meshes_local links ../../target/release instead (the
// library `cargo build --release -p meshes-token-ffi` writes), to test local Rust changes
// without refreshing the archives (`make go-prebuilt`).
package meshestoken
