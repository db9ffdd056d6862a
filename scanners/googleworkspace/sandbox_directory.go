package googleworkspace

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stackaudit/stackaudit/scanners/oauth"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

// The simulated Directory API and token endpoint.

// directoryUsers are the seed's users and everybody its licences, grants
// and tokens name, by lower-case e-mail, sorted.
func directoryUsers(seed SandboxSeed) []SandboxUser {
	byEmail := map[string]SandboxUser{}
	add := func(u SandboxUser) {
		k := strings.ToLower(strings.TrimSpace(u.Email))
		if _, ok := byEmail[k]; k != "" && !ok {
			byEmail[k] = u
		}
	}
	for _, u := range seed.Users {
		add(u)
	}
	for _, l := range seed.Licenses {
		for _, e := range l.UserIDs {
			add(SandboxUser{Email: e})
		}
	}
	for _, g := range seed.Grants {
		add(SandboxUser{Email: g.ActorEmail})
	}
	for _, t := range seed.Tokens {
		add(SandboxUser{Email: t.UserEmail})
	}
	out := make([]SandboxUser, 0, len(byEmail))
	for _, u := range byEmail {
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b SandboxUser) int { return strings.Compare(strings.ToLower(a.Email), strings.ToLower(b.Email)) })
	return out
}

// googleUsers renders users as users.list does (see
// testdata/vendor/users_list.json).
func googleUsers(seed SandboxSeed, users []SandboxUser) []any {
	customer := cmpOr(seed.CustomerID, "C00sandbox")
	items := make([]any, 0, len(users))
	for _, u := range users {
		// Google's "never signed in" is the Unix epoch.
		last := "1970-01-01T00:00:00.000Z"
		if u.LastLogin != nil {
			last = u.LastLogin.UTC().Format("2006-01-02T15:04:05.000Z")
		}
		local, _, _ := strings.Cut(u.Email, "@")
		items = append(items, map[string]any{
			"kind": "admin#directory#user", "id": strconv.Itoa(100000000 + numericOf(u.Email)), "etag": `"sandbox-etag"`,
			"primaryEmail": u.Email, "name": map[string]any{"givenName": local, "familyName": "Sandbox", "fullName": local + " Sandbox"},
			"isAdmin": false, "isDelegatedAdmin": false, "lastLoginTime": last, "creationTime": "2020-01-06T09:00:00.000Z",
			"agreedToTerms": u.LastLogin != nil, "suspended": u.Suspended, "archived": u.Archived,
			"changePasswordAtNextLogin": false, "ipWhitelisted": false,
			"emails":     []any{map[string]any{"address": u.Email, "primary": true}},
			"customerId": customer, "orgUnitPath": "/", "isMailboxSetup": true, "includeInGlobalAddressList": true,
		})
	}
	return items
}

// directory is the seed's Directory, indexed once per simulator.
type directory struct {
	users []SandboxUser
	// known and tokens are by lower-case e-mail.
	known  map[string]bool
	tokens map[string][]SandboxToken
}

func directoryOf(s *sandbox.Sandbox, seed SandboxSeed) *directory {
	return s.Memo(Kind+"/directory", func() any {
		d := &directory{users: directoryUsers(seed), known: map[string]bool{}, tokens: map[string][]SandboxToken{}}
		for _, u := range d.users {
			d.known[strings.ToLower(u.Email)] = true
		}
		for _, t := range seed.Tokens {
			k := strings.ToLower(t.UserEmail)
			d.tokens[k] = append(d.tokens[k], t)
		}
		return d
	}).(*directory)
}

// serveTokens answers users.tokens.list of userKey (an e-mail address):
// no pages, and no items at all when the user has granted nothing.
func serveTokens(d *directory, w http.ResponseWriter, userKey string) {
	if !d.known[strings.ToLower(userKey)] {
		sandbox.WriteJSON(w, http.StatusNotFound, googleError(http.StatusNotFound, "Resource Not Found: userKey", "notFound", ""))
		return
	}
	body := map[string]any{"kind": "admin#directory#tokenList", "etag": `"sandbox-etag-tokens"`}
	var items []any
	for _, t := range d.tokens[strings.ToLower(userKey)] {
		items = append(items, map[string]any{
			"kind": "admin#directory#token", "etag": `"sandbox-etag"`, "clientId": t.ClientID, "displayText": t.DisplayText,
			"anonymous": false, "nativeApp": t.NativeApp, "userKey": strconv.Itoa(100000000 + numericOf(t.UserEmail)),
			"scopes": append([]string{}, t.Scopes...),
		})
	}
	if len(items) > 0 {
		body["items"] = items
	}
	sandbox.WriteJSON(w, http.StatusOK, body)
}

func numericOf(email string) int { return sandbox.NumericID(strings.ToLower(email)) % 900_000_000 }

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// jwtBearer is the grant type of a service account's assertion (RFC 7523).
const jwtBearer = "urn:ietf:params:oauth:grant-type:jwt-bearer"

// serveToken is Google's token endpoint for a service account's signed
// assertion: it checks the signature against the seed's service account,
// the audience, the lifetime, the subject and the delegated scopes, and
// answers as Google does (testdata/vendor/token_*.json).
func serveToken(seed SandboxSeed, d *directory, w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		sandbox.TokenError(w, http.StatusMethodNotAllowed, "invalid_request", "Method not allowed")
		return
	}
	if err := r.ParseForm(); err != nil {
		sandbox.TokenError(w, http.StatusBadRequest, "invalid_request", "Invalid request body")
		return
	}
	if r.PostForm.Get("grant_type") != jwtBearer {
		sandbox.TokenError(w, http.StatusBadRequest, "unsupported_grant_type", "Invalid grant_type: "+r.PostForm.Get("grant_type"))
		return
	}
	claims, ok := verifyAssertion(seed.ServiceAccount, r.PostForm.Get("assertion"))
	if !ok {
		sandbox.TokenError(w, http.StatusBadRequest, "invalid_grant", "Invalid JWT Signature.")
		return
	}
	now := time.Now().Unix()
	switch {
	case claims.Aud != TokenAudience:
		sandbox.TokenError(w, http.StatusBadRequest, "invalid_grant", "Invalid JWT: Failed audience check. The expected audience is "+TokenAudience+".")
		return
	case claims.Exp <= now || claims.Iat > now+300 || claims.Exp-claims.Iat > 3600:
		sandbox.TokenError(w, http.StatusBadRequest, "invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.")
		return
	case claims.Sub == "" || !d.known[strings.ToLower(claims.Sub)]:
		sandbox.TokenError(w, http.StatusBadRequest, "invalid_grant", "Invalid email or User ID")
		return
	}
	for _, sc := range strings.Fields(claims.Scope) {
		if !sandbox.Granted(seed.ServiceAccount.Scopes, sc) {
			sandbox.TokenError(w, http.StatusUnauthorized, "unauthorized_client",
				"Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.")
			return
		}
	}
	sandbox.WriteJSON(w, http.StatusOK, map[string]any{"access_token": seed.Token, "expires_in": 3599, "token_type": "Bearer"})
}

// assertionClaims are the claims of a service account's assertion.
type assertionClaims struct {
	Iss   string `json:"iss"`
	Sub   string `json:"sub"`
	Aud   string `json:"aud"`
	Scope string `json:"scope"`
	Iat   int64  `json:"iat"`
	Exp   int64  `json:"exp"`
}

// verifyAssertion checks an RS256 JWT against the service account's
// public key and issuer; ok is false for anything else.
func verifyAssertion(sa *SandboxServiceAccount, jwt string) (assertionClaims, bool) {
	var c assertionClaims
	if sa == nil {
		return c, false
	}
	block, _ := pem.Decode([]byte(sa.PublicKey))
	if block == nil {
		return c, false
	}
	pub, err := x509.ParsePKIXPublicKey(block.Bytes)
	key, isRSA := pub.(*rsa.PublicKey)
	if err != nil || !isRSA {
		return c, false
	}
	if oauth.DecodeRS256(key, jwt, &c) != nil || c.Iss != sa.ClientEmail {
		return c, false
	}
	return c, true
}

// sandboxServiceAccount is the simulated service account of the sandbox
// key, delegated every scope.
func sandboxServiceAccount() *SandboxServiceAccount {
	block, _ := pem.Decode([]byte(sandboxPrivateKey))
	if block == nil {
		return nil
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil
	}
	rk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return nil
	}
	der, err := x509.MarshalPKIXPublicKey(&rk.PublicKey)
	if err != nil {
		return nil
	}
	return &SandboxServiceAccount{ClientEmail: SandboxClientEmail, PublicKey: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))}
}
