// Command consumer is the program of scripts/consumer.sh: a module outside the repository that
// imports meshestoken the way a user does (go get, nothing but Go and a C compiler). It mints
// the token of the arguments, checks it with golang-jwt, and prints it.
//
// Usage: consumer ACCESS_KEY SECRET ORG_ID IAT TTL_SECONDS
package main

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
	meshestoken "github.com/mesheshq/meshes-token/bindings/go"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "consumer:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 5 {
		return errors.New("usage: consumer ACCESS_KEY SECRET ORG_ID IAT TTL_SECONDS")
	}
	accessKey, secret, orgID := args[0], args[1], args[2]
	iat, err := strconv.ParseInt(args[3], 10, 64)
	if err != nil {
		return fmt.Errorf("IAT: %w", err)
	}
	ttl, err := strconv.Atoi(args[4])
	if err != nil {
		return fmt.Errorf("TTL_SECONDS: %w", err)
	}
	signer, err := meshestoken.NewSigner(accessKey, secret, orgID)
	if err != nil {
		return err
	}
	defer signer.Close()
	token, err := signer.Sign(time.Unix(iat, 0), time.Duration(ttl)*time.Second)
	if err != nil {
		return err
	}
	if err := checkWithGolangJWT(token, accessKey, secret, orgID, iat, int64(ttl)); err != nil {
		return fmt.Errorf("golang-jwt rejects %s: %w", token, err)
	}
	fmt.Println(token)
	return nil
}

// checkWithGolangJWT verifies token's HS256 signature and every claim with golang-jwt, an
// implementation independent of meshes-token, at a clock one second after iat.
func checkWithGolangJWT(token, accessKey, secret, orgID string, iat, ttl int64) error {
	claims := jwt.MapClaims{}
	parsed, err := jwt.ParseWithClaims(token, claims, func(t *jwt.Token) (any, error) {
		if t.Header["kid"] != accessKey {
			return nil, fmt.Errorf("kid %v, want %s", t.Header["kid"], accessKey)
		}
		return []byte(secret), nil
	},
		jwt.WithValidMethods([]string{"HS256"}),
		jwt.WithAudience("meshes-api"),
		jwt.WithIssuer("urn:meshes:m2m:"+accessKey),
		jwt.WithIssuedAt(),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(func() time.Time { return time.Unix(iat+1, 0) }))
	if err != nil {
		return err
	}
	if !parsed.Valid {
		return errors.New("token not valid")
	}
	want := map[string]float64{"iat": float64(iat), "exp": float64(iat + ttl)}
	for name, v := range want {
		if claims[name] != v {
			return fmt.Errorf("%s = %v, want %v", name, claims[name], v)
		}
	}
	if claims["org"] != orgID {
		return fmt.Errorf("org = %v, want %s", claims["org"], orgID)
	}
	return nil
}
