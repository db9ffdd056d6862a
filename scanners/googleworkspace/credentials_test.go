package googleworkspace_test

import (
	"cmp"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners/googleworkspace"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

const subject = "it-admin@acme.example"

// saSeed is licensesSeed with the sandbox's service account, delegated
// scopes (nil: every one), and the admin to impersonate.
func saSeed(scopes []string) googleworkspace.SandboxSeed {
	s := licensesSeed(3)
	s.Token = googleworkspace.SandboxDelegatedToken
	s.ServiceAccount = sandboxAccount()
	s.ServiceAccount.Scopes = scopes
	s.Users = append(s.Users, googleworkspace.SandboxUser{Email: subject})
	return s
}

// sandboxAccount is the simulated account of the sandbox key, as a --sandbox
// run seeds it.
func sandboxAccount() *googleworkspace.SandboxServiceAccount {
	k := privateKey(googleworkspace.SandboxKeyJSON())
	der, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
	return &googleworkspace.SandboxServiceAccount{ClientEmail: googleworkspace.SandboxClientEmail,
		PublicKey: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))}
}

func privateKey(keyJSON string) *rsa.PrivateKey {
	var k struct {
		PrivateKey string `json:"private_key"`
	}
	_ = json.Unmarshal([]byte(keyJSON), &k)
	block, _ := pem.Decode([]byte(k.PrivateKey))
	key, _ := x509.ParsePKCS8PrivateKey(block.Bytes)
	return key.(*rsa.PrivateKey)
}

// keyWith is the sandbox key with one field replaced.
func keyWith(field, value string) string {
	var m map[string]string
	_ = json.Unmarshal([]byte(googleworkspace.SandboxKeyJSON()), &m)
	m[field] = value
	data, _ := json.Marshal(m)
	return string(data)
}

func TestServiceAccount(t *testing.T) {
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	otherDER, _ := x509.MarshalPKIXPublicKey(&other.PublicKey)
	deleted := saSeed(nil)
	deleted.ServiceAccount.PublicKey = string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: otherDER}))
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "sa.json")
	if err := os.WriteFile(keyFile, []byte(googleworkspace.SandboxKeyJSON()), 0o600); err != nil {
		t.Fatal(err)
	}
	withSubject := scanSettings + "subject = \"" + subject + "\"\n"
	inFile := func(path string) string {
		return fmt.Sprintf(`
tool "workspace" {
  name     = "Google Workspace"
  vendor   = "Google"
  category = "communication"
  scan "google_workspace" {
    key_file    = %q
    subject     = %q
    customer_id = "C01abc"
    product_id  = "Google-Apps"
  }
}`, path, subject)
	}
	tests := []struct {
		name     string
		seed     googleworkspace.SandboxSeed
		token    string // what GOOGLE_TOKEN holds
		settings string
		hcl      string
		handler  http.Handler // answers POST /token instead of the simulator
		wantErr  []string
	}{
		{name: "key in the variable", seed: saSeed(nil), token: googleworkspace.SandboxKeyJSON(), settings: withSubject},
		{name: "key file", seed: saSeed(nil), hcl: inFile(keyFile)},
		{name: "key file relative to the inventory", seed: saSeed(nil), hcl: inFile("sa.json"),
			wantErr: []string{"key_file sa.json: no such file"}},
		{name: "missing key file", seed: saSeed(nil), hcl: inFile(filepath.Join(dir, "missing.json")),
			wantErr: []string{"key_file " + filepath.Join(dir, "missing.json") + ": no such file"}},
		{name: "no delegation", seed: saSeed([]string{}), token: googleworkspace.SandboxKeyJSON(), settings: withSubject,
			wantErr: []string{"google_workspace: POST /token: HTTP 401 (Google: unauthorized_client: Client is unauthorized",
				"grant domain-wide delegation in the Admin console › Security › Access and data control › API controls › Manage Domain Wide Delegation to client ID " + googleworkspace.SandboxClientID,
				"for the scopes " + googleworkspace.ScopeLicensing + "," + googleworkspace.ScopeUsers, "(in the variable GOOGLE_TOKEN)"}},
		{name: "deleted or expired key", seed: deleted, token: googleworkspace.SandboxKeyJSON(), settings: withSubject,
			wantErr: []string{"HTTP 400 (Google: invalid_grant: Invalid JWT Signature.)", "it was deleted, disabled or has expired"}},
		{name: "unknown subject", seed: saSeed(nil), token: googleworkspace.SandboxKeyJSON(), settings: scanSettings + `subject = "ghost@acme.example"`,
			wantErr: []string{"Invalid email or User ID", "subject ghost@acme.example is not a user"}},
		{name: "no subject", seed: saSeed(nil), token: googleworkspace.SandboxKeyJSON(),
			wantErr: []string{"the variable GOOGLE_TOKEN holds a service account's key: set subject"}},
		{name: "not JSON", seed: saSeed(nil), token: `{"type": "service_account",`, settings: withSubject,
			wantErr: []string{"the variable GOOGLE_TOKEN does not hold a service account's JSON key: the body ends early"}},
		{name: "user credentials", seed: saSeed(nil), token: keyWith("type", "authorized_user"), settings: withSubject,
			wantErr: []string{`the variable GOOGLE_TOKEN holds a credential of type "authorized_user"`}},
		{name: "private key not PEM", seed: saSeed(nil), token: keyWith("private_key", "MIIEvQIBADANBgkqhkiG9w0B"), settings: withSubject,
			wantErr: []string{"the variable GOOGLE_TOKEN: the key's private_key is not a PEM block"}},
		{name: "recorded unauthorized_client", token: googleworkspace.SandboxKeyJSON(), settings: withSubject,
			handler: tokenAnswer(t, http.StatusUnauthorized, "token_unauthorized_client.json"),
			wantErr: []string{"unauthorized_client", "grant domain-wide delegation"}},
		{name: "recorded invalid_grant", token: googleworkspace.SandboxKeyJSON(), settings: withSubject,
			handler: tokenAnswer(t, http.StatusBadRequest, "token_invalid_grant_signature.json"),
			wantErr: []string{"deleted, disabled or has expired"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := setup{Seed: tt.seed, Token: tt.token, HCL: cmp.Or(tt.hcl, scanHCL(tt.settings)), Handler: tt.handler}
			if tt.handler != nil {
				s.Endpoint = "/"
			}
			r := vendor().Run(t, s)
			if tt.wantErr == nil {
				if r.Err != nil {
					t.Fatal(r.Err)
				}
				if len(r.Usage.Users) != 4 || r.Served[0].Method != http.MethodPost || r.Served[0].Path != "/token" ||
					r.Served[1].Authorization != "Bearer "+googleworkspace.SandboxDelegatedToken {
					t.Errorf("%d users; requests %+v", len(r.Usage.Users), r.Served)
				}
				return
			}
			scantest.ErrorContains(t, r.Err, tt.wantErr...)
			for _, secret := range []string{"PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0B"} {
				if strings.Contains(r.Err.Error(), secret) || strings.Contains(r.Log, secret) {
					t.Errorf("the key shows: %v", r.Err)
				}
			}
		})
	}
}

// tokenAnswer answers the token endpoint with a recorded body.
func tokenAnswer(t *testing.T, status int, file string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write(scantest.Recorded(t, file))
	})
}

// TestSandboxTokenEndpoint: the simulated token endpoint refuses what
// Google refuses.
func TestSandboxTokenEndpoint(t *testing.T) {
	sb := googleworkspace.Simulator().New(saSeed(nil), sandbox.Faults{})
	urls := scantest.Serve(t, sb)
	key := privateKey(googleworkspace.SandboxKeyJSON())
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	now := time.Now().Unix()
	good := map[string]any{"iss": googleworkspace.SandboxClientEmail, "sub": subject, "aud": googleworkspace.TokenAudience,
		"scope": googleworkspace.ScopeUsers, "iat": now, "exp": now + 3600}
	with := func(k string, v any) map[string]any {
		c := map[string]any{}
		for x, y := range good {
			c[x] = y
		}
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
		return c
	}
	tests := []struct {
		name    string
		claims  map[string]any
		key     *rsa.PrivateKey
		status  int
		errCode string
		desc    string
	}{
		{"good", good, key, 200, "", ""},
		{"bad signature", good, other, 400, "invalid_grant", "Invalid JWT Signature."},
		{"wrong audience", with("aud", urls["google_workspace"]+"/token"), key, 400, "invalid_grant", "Invalid JWT: Failed audience check."},
		{"no sub", with("sub", nil), key, 400, "invalid_grant", "Invalid email or User ID"},
		{"expired", with("exp", now-10), key, 400, "invalid_grant", "Invalid JWT: Token must be a short-lived token"},
		{"another delegated scope", with("scope", "https://www.googleapis.com/auth/admin.directory.user"), key, 200, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {sign(t, tt.key, tt.claims)}}
			resp, err := http.PostForm(urls["google_workspace"]+"/token", form)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body map[string]any
			_ = json.NewDecoder(resp.Body).Decode(&body)
			if resp.StatusCode != tt.status || (tt.errCode != "" && body["error"] != tt.errCode) ||
				!strings.HasPrefix(fmt.Sprint(body["error_description"]), tt.desc) {
				t.Errorf("%d %v", resp.StatusCode, body)
			}
			if tt.status == 200 && body["access_token"] != googleworkspace.SandboxDelegatedToken {
				t.Errorf("body %v", body)
			}
		})
	}
}

// sign makes an RS256 JWT of claims.
func sign(t *testing.T, key *rsa.PrivateKey, claims map[string]any) string {
	enc := func(v any) string {
		data, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return base64.RawURLEncoding.EncodeToString(data)
	}
	signing := enc(map[string]string{"alg": "RS256", "typ": "JWT"}) + "." + enc(claims)
	sum := sha256.Sum256([]byte(signing))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	return signing + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// TestTokenExchangeRetried: the token POST goes through the stack's
// retries like every other call (before, x/oauth2 posted once and a single
// 500 or 429 from Google's token endpoint failed the scan).
func TestTokenExchangeRetried(t *testing.T) {
	tests := []struct {
		name   string
		faults sandbox.Faults
	}{
		{name: "500", faults: sandbox.Faults{Fail500Times: 1}},
		{name: "429 with Retry-After", faults: sandbox.Faults{Status429Times: 2, RetryAfter: "1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := vendor().Run(t, setup{Seed: saSeed(nil), Faults: tt.faults, Token: googleworkspace.SandboxKeyJSON(),
				HCL: scanHCL(scanSettings + "subject = \"" + subject + "\"\n")})
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			posts := 0
			for _, q := range r.Served {
				if q.Method == http.MethodPost && q.Path == "/token" {
					posts++
				}
			}
			if want := tt.faults.Fail500Times + tt.faults.Status429Times + 1; posts != want || len(r.Usage.Users) != 4 {
				t.Errorf("%d token requests, want %d; %d users", posts, want, len(r.Usage.Users))
			}
		})
	}
}
