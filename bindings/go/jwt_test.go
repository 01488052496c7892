package meshestoken

import (
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// jwtVerify checks a token with golang-jwt/jwt/v5, an independent implementation: HS256 only,
// the audience, the issuer, iat and exp at the fixed time now, then every claim and the
// header's kid and typ.
func jwtVerify(t *testing.T, tok, accessKey, secret, orgID string, iat, exp int64, now time.Time) {
	t.Helper()
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{"HS256"}),
		jwt.WithAudience("meshes-api"),
		jwt.WithIssuer("urn:meshes:m2m:"+accessKey),
		jwt.WithIssuedAt(),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(func() time.Time { return now }),
	)
	claims := jwt.MapClaims{}
	parsed, err := parser.ParseWithClaims(tok, claims, func(*jwt.Token) (any, error) { return []byte(secret), nil })
	if err != nil || !parsed.Valid {
		t.Fatalf("golang-jwt rejects %s at %v: %v", tok, now.Unix(), err)
	}
	if len(parsed.Header) != 3 || parsed.Header["alg"] != "HS256" || parsed.Header["typ"] != "JWT" ||
		parsed.Header["kid"] != accessKey {
		t.Fatalf("header %v", parsed.Header)
	}
	gotIat, err := claims.GetIssuedAt()
	if err != nil || gotIat.Unix() != iat {
		t.Fatalf("iat %v, %v; want %d", gotIat, err, iat)
	}
	gotExp, err := claims.GetExpirationTime()
	if err != nil || gotExp.Unix() != exp {
		t.Fatalf("exp %v, %v; want %d", gotExp, err, exp)
	}
	if len(claims) != 5 || claims["org"] != orgID || claims["aud"] != "meshes-api" ||
		claims["iss"] != "urn:meshes:m2m:"+accessKey {
		t.Fatalf("claims %v", claims)
	}
	// And golang-jwt rejects it once expired, or with another secret.
	expired := jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(func() time.Time { return time.Unix(exp, 0) }))
	if _, err := expired.Parse(tok, func(*jwt.Token) (any, error) { return []byte(secret), nil }); err == nil {
		t.Fatal("golang-jwt accepts the token at exp")
	}
	if _, err := parser.Parse(tok, func(*jwt.Token) (any, error) { return []byte(secret + "x"), nil }); err == nil {
		t.Fatal("golang-jwt accepts the token with another secret")
	}
}

// Our tokens, for every signing vector and every ttl, verify with golang-jwt.
func TestTokensVerifyWithGolangJWT(t *testing.T) {
	var file tokensFile
	loadVectors(t, "tokens.json", &file)
	for _, v := range file.Vectors {
		t.Run(v.Name, func(t *testing.T) {
			iat := int64(u64(t, v.IatStr, v.Iat))
			s, err := NewSigner(v.AccessKey, v.Secret, v.OrgID)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			for _, ttl := range []int64{1, 30, 60, int64(v.TTL)} {
				if uint64(iat+ttl) > 1<<53-1 {
					continue
				}
				tok, err := s.Sign(time.Unix(iat, 0), time.Duration(ttl)*time.Second)
				if err != nil {
					t.Fatal(err)
				}
				jwtVerify(t, tok, v.AccessKey, v.Secret, v.OrgID, iat, iat+ttl, time.Unix(iat+ttl-1, 0))
				jwtVerify(t, tok, v.AccessKey, v.Secret, v.OrgID, iat, iat+ttl, time.Unix(iat, 0))
			}
		})
	}
}

// A token of Token() (now) verifies with golang-jwt at the real time.
func TestTokenNowVerifiesWithGolangJWT(t *testing.T) {
	s := newExampleSigner(t)
	defer s.Close()
	tok, err := s.Token()
	if err != nil {
		t.Fatal(err)
	}
	c, err := Verify(tok, exampleSecret, time.Now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	jwtVerify(t, tok, exampleKey, exampleSecret, exampleOrg, c.IssuedAt.Unix(), c.ExpiresAt.Unix(), c.IssuedAt)
}
