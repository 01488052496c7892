// Signs tokens the way the official Meshes Go SDK does: encoding/json on maps
// (so keys come out sorted), base64.RawURLEncoding, crypto/hmac with SHA-256.
// Standard library only. Reads one JSON object per line on stdin
// ({"access_key","org_id","secret","iat","exp"}) and prints one
// {"token": "..."} line per input.
package main

import (
	"bufio"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
)

type input struct {
	AccessKey string `json:"access_key"`
	OrgID     string `json:"org_id"`
	Secret    string `json:"secret"`
	Iat       int64  `json:"iat"`
	Exp       int64  `json:"exp"`
}

func sign(in input) (string, error) {
	header, err := json.Marshal(map[string]any{"alg": "HS256", "typ": "JWT", "kid": in.AccessKey})
	if err != nil {
		return "", err
	}
	payload, err := json.Marshal(map[string]any{
		"iss": "urn:meshes:m2m:" + in.AccessKey,
		"aud": "meshes-api",
		"org": in.OrgID,
		"iat": in.Iat,
		"exp": in.Exp,
	})
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding
	signingInput := enc.EncodeToString(header) + "." + enc.EncodeToString(payload)
	mac := hmac.New(sha256.New, []byte(in.Secret))
	mac.Write([]byte(signingInput))
	return signingInput + "." + enc.EncodeToString(mac.Sum(nil)), nil
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for sc.Scan() {
		var in input
		if err := json.Unmarshal(sc.Bytes(), &in); err != nil {
			fmt.Fprintln(os.Stderr, "gosdk: bad input line:", err)
			os.Exit(1)
		}
		tok, err := sign(in)
		if err != nil {
			fmt.Fprintln(os.Stderr, "gosdk:", err)
			os.Exit(1)
		}
		line, _ := json.Marshal(map[string]string{"token": tok})
		fmt.Fprintln(out, string(line))
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "gosdk:", err)
		os.Exit(1)
	}
}
