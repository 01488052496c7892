// Package bench times meshestoken against the strongest ways to mint and verify the same
// token in Go, in one test binary (make bench runs it through bench/lang_go.py).
//
// It is a module of its own so that the rivals it needs (cristalhq/jwt, kataras/jwt) never
// become requirements of the meshestoken module: a program that imports meshestoken gets
// none of them. It uses meshestoken through a replace of the module in the folder above.
//
// Mint rows, each checked byte for byte against the example token of
// tests/vectors/tokens.json (or the go_sdk token, for the two that marshal maps) and with
// meshestoken.Verify before it is timed: meshestoken's Signer and one-shot Sign; a hand-written
// mint with saved SHA-256 midstates (the key blocks and the token's constant prefix, restored
// with UnmarshalBinary per token); crypto/hmac with Clone of a prefix-fed HMAC; the official Go
// SDK's way (encoding/json maps and crypto/hmac); golang-jwt/jwt/v5; cristalhq/jwt; kataras/jwt.
//
// Verify rows, each checked to return the token's claims and to refuse the token with one
// signature character changed before it is timed, all with HS256 and the aud, iss and exp
// checks: meshestoken.Verify and (*Verifier).Verify; golang-jwt Parse; cristalhq/jwt ParseClaims
// with its claim checks; kataras/jwt Verify with an Expected validator.
//
// With MESHES_BENCH_REPORT set to a file name, TestReport writes there every contender's token
// and verification result, for the bench harness's own checks (bench/checks.py).
package bench
