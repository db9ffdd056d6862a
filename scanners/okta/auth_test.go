package okta_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/oauth"
	"github.com/stackaudit/stackaudit/scanners/okta"
)

const serviceApp = "0oa1stackaudit"

// TestPrivateKeyJWT: the scan and the discovery with an OAuth service
// app, and the token endpoint's refusals.
func TestPrivateKeyJWT(t *testing.T) {
	otherKey, err := os.ReadFile("../oauth/testdata/rsa-pkcs1.pem")
	if err != nil {
		t.Fatal(err)
	}
	jwt := []string{`auth = "private_key_jwt"`, `client_id = "` + serviceApp + `"`}
	for _, tc := range []struct {
		name     string
		discover bool
		settings []string
		seed     func(*okta.SandboxSeed)
		key      string
		behind   bool
		tokens   int
		wantErr  []string
	}{
		{name: "scan", settings: jwt, key: oauth.SandboxKeyPEM(), tokens: 1},
		{name: "scan with a key id", settings: append(jwt, `key_id = "sandbox-kid-1"`), key: oauth.SandboxKeyPEM(), tokens: 1},
		{name: "discovery", discover: true, settings: jwt, key: oauth.SandboxKeyPEM(), tokens: 1},
		{name: "scan, refreshed after a 401", settings: jwt, key: oauth.SandboxKeyPEM(), tokens: 2,
			seed: func(s *okta.SandboxSeed) { s.StaleFirstToken = true }},
		{name: "assertion signed with another key", settings: jwt, key: string(otherKey), tokens: 1,
			wantErr: []string{"okta: POST /oauth2/v1/token: HTTP 401 Unauthorized (invalid_client: The client_assertion signature is invalid.)",
				"the key in OKTA_TOKEN", "Public keys"}},
		{name: "another client id", settings: []string{`auth = "private_key_jwt"`, `client_id = "0oa1someoneelse"`}, key: oauth.SandboxKeyPEM(), tokens: 1,
			wantErr: []string{"(invalid_client: The client_assertion token has an invalid issuer or subject.)", "0oa1someoneelse"}},
		{name: "app without the logs scope", settings: jwt, key: oauth.SandboxKeyPEM(), tokens: 1,
			seed:    func(s *okta.SandboxSeed) { s.Scopes = []string{okta.SandboxScopeApps, okta.SandboxScopeUsers} },
			wantErr: []string{"HTTP 400 Bad Request (invalid_scope: The following scopes are not allowed: [okta.logs.read])", "grant the service app the scopes okta.apps.read, okta.users.read, okta.logs.read"}},
		{name: "app requiring DPoP", settings: jwt, key: oauth.SandboxKeyPEM(), tokens: 1,
			seed:    func(s *okta.SandboxSeed) { s.DPoP = true },
			wantErr: []string{"(invalid_dpop_proof: The DPoP proof JWT header is missing.)", "turn off"}},
		{name: "expired assertion", settings: jwt, key: oauth.SandboxKeyPEM(), tokens: 1, behind: true,
			wantErr: []string{"(invalid_client: The client_assertion token is expired.)", "clock"}},
		{name: "a private key with SSWS", key: oauth.SandboxKeyPEM(), tokens: 0,
			wantErr: []string{`okta: OKTA_TOKEN holds a private key or several lines, not an API token`, `auth = "private_key_jwt"`}},
		{name: "a JWK instead of a PEM key", settings: jwt, key: `{"kty":"RSA","kid":"k1","n":"0vx7","e":"AQAB","d":"X4cT"}`, tokens: 0,
			wantErr: []string{`okta: auth = "private_key_jwt": OKTA_TOKEN holds JSON (a JWK?), not a PEM RSA private key`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := scanSeed(5)
			s.ClientID = serviceApp
			if tc.seed != nil {
				tc.seed(&s)
			}
			v := vendor()
			hcl := v.ToolHCL(append([]string{appIDSetting(appID)}, tc.settings...)...)
			if tc.discover {
				v = discoverer()
				hcl = discoveryHCL(strings.Join(tc.settings, "\n  "))
			}
			setup := scantest.Setup{Seed: s, Token: tc.key, HCL: hcl}
			if tc.behind {
				setup.Opts = scantest.Behind(time.Hour)
			}
			r := v.Run(t, setup)
			tokens := 0
			for _, q := range r.Served {
				switch {
				case q.Path == "/oauth2/v1/token":
					tokens++
				case q.Authorization != "Bearer "+goodToken && q.Authorization != "Bearer stale!"+goodToken:
					t.Errorf("%s sent with %q, want the access token", q.Path, q.Authorization)
				}
			}
			if tokens != tc.tokens {
				t.Errorf("%d token requests, want %d", tokens, tc.tokens)
			}
			if len(tc.wantErr) == 0 {
				if r.Err != nil {
					t.Fatal(r.Err)
				}
				return
			}
			scantest.ErrorContains(t, r.Err, tc.wantErr...)
			if strings.Contains(r.Err.Error(), "MII") || strings.Contains(r.Err.Error(), "eyJ") {
				t.Errorf("the error shows the key or the assertion: %v", r.Err)
			}
		})
	}
}

func TestValidateAuth(t *testing.T) {
	base := `host = "acme.okta.com"` + "\n    " + appIDSetting(appID) + "\n    "
	for _, tc := range []struct {
		body string
		want []string
	}{
		{body: base + `auth = "private_key_jwt"`, want: []string{"Missing client_id"}},
		{body: base + `auth = "oauth"`, want: []string{"Invalid auth setting"}},
		{body: base + `key_id = "k1"`, want: []string{"Invalid key_id setting"}},
		{body: base + `auth = "private_key_jwt"` + "\n    " + `client_id = "not an id"`, want: []string{"Invalid client_id setting"}},
		{body: base + `auth = "private_key_jwt"` + "\n    " + `client_id = "` + serviceApp + `"`},
		{body: base + `activity = "logins"`, want: []string{"Invalid activity setting"}},
	} {
		got := scantest.ValidateErrors(t, okta.Spec(), "OKTA_KEY", tc.body)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s:\n got %q\nwant %q", tc.body, got, tc.want)
		}
	}
}
