package meshestoken_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	meshestoken "github.com/mesheshq/meshes-token/bindings/go"
)

// Credentials of the "example" vector in tests/vectors/tokens.json.
const (
	accessKey = "AK7f3kQ9mZ2pL8xR4tV6"
	secret    = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF"
	orgID     = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60"
)

func ExampleNewSigner() {
	signer, err := meshestoken.NewSigner(accessKey, secret, orgID)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer signer.Close()

	// In a service: signer.Token(), issued now and valid for 30 s. Here a fixed time, so the
	// output is always the same token.
	token, err := signer.Sign(time.Unix(1767225600, 0), 30*time.Second)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(token)
	// Output:
	// eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IkFLN2Yza1E5bVoycEw4eFI0dFY2In0.eyJpc3MiOiJ1cm46bWVzaGVzOm0ybTpBSzdmM2tROW1aMnBMOHhSNHRWNiIsImF1ZCI6Im1lc2hlcy1hcGkiLCJvcmciOiIzZjZjMmE5ZS04YjFkLTRlN2EtOWMyZi01ZDhlMWE3YjRjNjAiLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6MTc2NzIyNTYzMH0.9_BgmO6NbzN3slwudGDyUs8El62p1EgJw4maDWLku5w
}

func ExampleSign() {
	token, err := meshestoken.Sign(accessKey, secret, orgID, time.Unix(1767225600, 0), 30*time.Second)
	fmt.Println(len(token), err)

	// A ttl must be a whole number of seconds from 1 to 60: it is never rounded.
	_, err = meshestoken.Sign(accessKey, secret, orgID, time.Unix(1767225600, 0), 1500*time.Millisecond)
	fmt.Println(errors.Is(err, meshestoken.ErrTTL), err)
	// Output:
	// 311 <nil>
	// true meshestoken: ttl must be 1 to 60 seconds
}

func ExampleSignerFromEnv() {
	// Normally the deployment sets these.
	os.Setenv("MESHES_ACCESS_KEY", accessKey)
	os.Setenv("MESHES_SECRET_KEY", secret)
	os.Setenv("MESHES_ORG_ID", orgID)
	defer os.Unsetenv("MESHES_ACCESS_KEY")
	defer os.Unsetenv("MESHES_SECRET_KEY")
	defer os.Unsetenv("MESHES_ORG_ID")

	signer, err := meshestoken.SignerFromEnv()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer signer.Close()
	token, _ := signer.Token()
	kid, _ := meshestoken.KeyID(token)
	fmt.Println(kid)

	os.Unsetenv("MESHES_ORG_ID")
	_, err = meshestoken.SignerFromEnv()
	fmt.Println(errors.Is(err, meshestoken.ErrOrgID), err)
	// Output:
	// AK7f3kQ9mZ2pL8xR4tV6
	// true meshestoken: invalid org id: MESHES_ORG_ID is not set
}

func ExampleVerify() {
	token, _ := meshestoken.Sign(accessKey, secret, orgID, time.Unix(1767225600, 0), 30*time.Second)

	// On the server: find the secret by the token's key id, then verify.
	kid, err := meshestoken.KeyID(token)
	if err != nil {
		fmt.Println(err)
		return
	}
	claims, err := meshestoken.Verify(token, secret, time.Unix(1767225610, 0), 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(kid, claims.OrgID, claims.IssuedAt, claims.ExpiresAt)

	// 30 s later the token has expired.
	_, err = meshestoken.Verify(token, secret, time.Unix(1767225630, 0), 0)
	fmt.Println(errors.Is(err, meshestoken.ErrExpired))
	// Output:
	// AK7f3kQ9mZ2pL8xR4tV6 3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60 2026-01-01 00:00:00 +0000 UTC 2026-01-01 00:00:30 +0000 UTC
	// true
}

// A gateway keeps one Verifier per access key and picks it by the token's key id: each
// token then costs only its own hash, not a keying of HMAC.
func ExampleVerifier() {
	verifiers := map[string]*meshestoken.Verifier{}
	v, err := meshestoken.NewVerifier(secret) // from the gateway's key store
	if err != nil {
		fmt.Println(err)
		return
	}
	defer v.Close()
	verifiers[accessKey] = v

	token, _ := meshestoken.Sign(accessKey, secret, orgID, time.Unix(1767225600, 0), 30*time.Second)
	kid, err := meshestoken.KeyID(token)
	if err != nil {
		fmt.Println(err)
		return
	}
	verifier, ok := verifiers[kid]
	if !ok {
		fmt.Println("unknown access key")
		return
	}
	claims, err := verifier.Verify(token, time.Unix(1767225610, 0), 0)
	fmt.Println(claims.AccessKey, claims.OrgID, err)
	// Output: AK7f3kQ9mZ2pL8xR4tV6 3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60 <nil>
}

func ExampleVerifier_Close() {
	verifier, _ := meshestoken.NewVerifier(secret)
	verifier.Close() // wipes the key state
	_, err := verifier.Verify("a.b.c", time.Unix(1767225610, 0), 0)
	fmt.Println(errors.Is(err, meshestoken.ErrUninitialized))
	// Output: true
}

func ExampleSigner_Close() {
	signer, _ := meshestoken.NewSigner(accessKey, secret, orgID)
	signer.Close() // wipes the key material
	_, err := signer.Token()
	fmt.Println(errors.Is(err, meshestoken.ErrUninitialized))
	// Output: true
}

func ExampleTransport() {
	// A stand-in for the Meshes API that checks the bearer token.
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		claims, err := meshestoken.Verify(token, secret, time.Now(), 5*time.Second)
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		fmt.Fprintf(w, "hello, %s", claims.OrgID)
	}))
	defer api.Close()

	signer, err := meshestoken.NewSigner(accessKey, secret, orgID)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer signer.Close()
	client := &http.Client{Transport: &meshestoken.Transport{Signer: signer}}
	defer client.CloseIdleConnections()

	resp, err := client.Get(api.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Status, string(body))
	// Output: 200 OK hello, 3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60
}

func ExampleError() {
	_, err := meshestoken.Verify("not.a.token", secret, time.Now(), 0)
	var e *meshestoken.Error
	if errors.As(err, &e) {
		fmt.Println(e.Status() == meshestoken.ErrMalformed.Status(), errors.Is(err, meshestoken.ErrMalformed))
	}
	// Output: true true
}
