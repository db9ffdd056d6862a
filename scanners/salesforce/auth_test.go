package salesforce_test

import (
	"context"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/oauth"
	"github.com/stackaudit/stackaudit/scanners/salesforce"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

const (
	consumerKey    = "3MVG9sandbox.consumer_key"
	consumerSecret = "CONSUMER-SECRET-CANARY-5e1f"
	scanUser       = "scan@acme.example"
)

// appSeed is an org of 3 users with a connected app for both flows.
func appSeed() salesforce.SandboxSeed {
	s := seed(3)
	s.ClientID, s.ClientSecret, s.Username = consumerKey, consumerSecret, scanUser
	return s
}

// TestScanOAuthFlows: the client credentials and JWT bearer flows, their
// token endpoint's refusals, and the refresh after a 401.
func TestScanOAuthFlows(t *testing.T) {
	otherKey, err := os.ReadFile("../oauth/testdata/rsa-pkcs8.pem")
	if err != nil {
		t.Fatal(err)
	}
	cert, err := os.ReadFile("../oauth/testdata/cert.pem")
	if err != nil {
		t.Fatal(err)
	}
	cc := []string{`auth = "client_credentials"`, `client_id = "` + consumerKey + `"`}
	jwt := []string{`auth = "jwt_bearer"`, `client_id = "` + consumerKey + `"`, `username = "` + scanUser + `"`}
	for _, tc := range []struct {
		name     string
		settings []string
		seed     func(*salesforce.SandboxSeed)
		cred     string
		behind   bool // the scanner's clock is an hour behind
		tokens   int  // token requests
		wantErr  []string
	}{
		{name: "client credentials", settings: cc, cred: consumerSecret, tokens: 1},
		{name: "JWT bearer", settings: jwt, cred: oauth.SandboxKeyPEM(), tokens: 1},
		{name: "JWT bearer, refreshed after a 401", settings: jwt, cred: oauth.SandboxKeyPEM(), tokens: 2,
			seed: func(s *salesforce.SandboxSeed) { s.StaleFirstToken = true }},
		{name: "wrong consumer secret", settings: cc, cred: "not-the-secret", tokens: 1,
			wantErr: []string{"salesforce: POST /services/oauth2/token: HTTP 400 Bad Request (invalid_client: invalid client credentials)",
				"the consumer secret in SALESFORCE_TOKEN does not go with client_id"}},
		{name: "no Run As user", settings: cc, cred: consumerSecret, tokens: 1,
			seed:    func(s *salesforce.SandboxSeed) { s.ClientSecret = "" },
			wantErr: []string{"(invalid_grant: no client credentials user enabled)", "Run As user"}},
		{name: "unknown consumer key", settings: []string{`auth = "client_credentials"`, `client_id = "3MVG9someone.else"`}, cred: consumerSecret, tokens: 1,
			wantErr: []string{"(invalid_client_id: client identifier invalid)", "client_id is not the consumer key"}},
		{name: "assertion signed with another key", settings: jwt, cred: string(otherKey), tokens: 1,
			wantErr: []string{"(invalid_grant: invalid assertion)", "signed with the key in SALESFORCE_TOKEN", "certificate"}},
		{name: "user not pre-authorized", settings: jwt, cred: oauth.SandboxKeyPEM(), tokens: 1,
			seed:    func(s *salesforce.SandboxSeed) { s.Username = "someone@acme.example" },
			wantErr: []string{"(invalid_grant: user hasn't approved this consumer)", "pre-authorized", scanUser}},
		{name: "expired assertion", settings: jwt, cred: oauth.SandboxKeyPEM(), tokens: 1, behind: true,
			wantErr: []string{"(invalid_grant: expired authorization code)", "check this machine's clock"}},
		{name: "a certificate instead of the key", settings: jwt, cred: string(cert), tokens: 0,
			wantErr: []string{`salesforce: auth = "jwt_bearer": SALESFORCE_TOKEN holds a certificate, not the private key`}},
		{name: "a private key with auth = token", cred: oauth.SandboxKeyPEM(), tokens: 0,
			wantErr: []string{`salesforce: SALESFORCE_TOKEN holds a private key or several lines, not an access token`, `auth = "jwt_bearer"`}},
		{name: "a key in the wrong format", settings: jwt, cred: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7", tokens: 0,
			wantErr: []string{"SALESFORCE_TOKEN does not hold a PEM RSA private key"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := appSeed()
			if tc.seed != nil {
				tc.seed(&s)
			}
			setup := scantest.Setup{Seed: s, Token: tc.cred, HCL: vendor().ToolHCL(tc.settings...)}
			if tc.behind {
				// A clock an hour behind signs assertions that have
				// expired when the org reads them.
				setup.Opts = scantest.Behind(time.Hour)
			}
			r := vendor().Run(t, setup)
			tokens := 0
			for _, q := range r.Served {
				if q.Path == "/services/oauth2/token" {
					tokens++
				} else if q.Authorization != "Bearer "+goodToken && !strings.HasPrefix(q.Authorization, "Bearer stale!") {
					t.Errorf("%s sent with %q", q.Path, q.Authorization)
				}
			}
			if tokens != tc.tokens {
				t.Errorf("%d token requests, want %d", tokens, tc.tokens)
			}
			if len(tc.wantErr) == 0 {
				if r.Err != nil {
					t.Fatal(r.Err)
				}
				if r.Usage.Seats.Assigned != 3 {
					t.Errorf("assigned = %d, want 3", r.Usage.Seats.Assigned)
				}
				return
			}
			scantest.ErrorContains(t, r.Err, tc.wantErr...)
			msg := r.Err.Error()
			for _, secret := range []string{consumerSecret, "not-the-secret", "MII", "assertion="} {
				if strings.Contains(msg, secret) {
					t.Errorf("the error shows %q: %s", secret, msg)
				}
			}
		})
	}
}

func TestValidateAuth(t *testing.T) {
	for _, tc := range []struct {
		body string
		want []string
	}{
		{body: "host = \"acme.my.salesforce.com\"\n    auth = \"jwt_bearer\"\n    client_id = \"" + consumerKey + "\"", want: []string{"Missing username"}},
		{body: "host = \"acme.my.salesforce.com\"\n    auth = \"client_credentials\"", want: []string{"Missing client_id"}},
		{body: "host = \"acme.my.salesforce.com\"\n    auth = \"password\"", want: []string{"Invalid auth setting"}},
		{body: "host = \"acme.my.salesforce.com\"\n    username = \"" + scanUser + "\"", want: []string{"Invalid username setting"}},
		{body: "host = \"acme.my.salesforce.com\"\n    auth = \"jwt_bearer\"\n    client_id = \"" + consumerKey + "\"\n    username = \"" + scanUser + "\""},
	} {
		got := scantest.ValidateErrors(t, salesforce.Spec(), "SALESFORCE_KEY", tc.body)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%s:\n got %q\nwant %q", tc.body, got, tc.want)
		}
	}
}

// TestClientIDFromEnv: a consumer key the inventory's secret check would
// refuse comes from client_id_env.
func TestClientIDFromEnv(t *testing.T) {
	srv := httptest.NewServer(salesforce.Simulator().New(appSeed(), sandbox.Faults{}))
	defer srv.Close()
	inv := scantest.Load(t, vendor().ToolHCL(`auth = "client_credentials"`, `client_id_env = "SF_CLIENT_ID"`))
	for _, tc := range []struct {
		clientID, wantErr string
	}{
		{clientID: consumerKey},
		{clientID: "", wantErr: "salesforce: environment variable SF_CLIENT_ID (client_id_env) does not hold a consumer key"},
	} {
		vars := map[string]string{"SALESFORCE_TOKEN": consumerSecret, "SF_CLIENT_ID": tc.clientID}
		env := scanners.Env{Getenv: func(k string) string { return vars[k] }, AsOf: scantest.AsOf(), BaseURL: srv.URL + "/salesforce", HTTP: scantest.Fast()}
		u, err := salesforce.New().Scan(context.Background(), inv.Tool("salesforce"), env)
		switch {
		case tc.wantErr == "" && (err != nil || u.Seats.Assigned != 3):
			t.Errorf("client id %q: %+v, %v", tc.clientID, u, err)
		case tc.wantErr != "" && (err == nil || err.Error() != tc.wantErr):
			t.Errorf("client id %q: error %v, want %q", tc.clientID, err, tc.wantErr)
		}
	}
	for _, tc := range []struct{ body, want string }{
		{"host = \"acme.my.salesforce.com\"\n    auth = \"client_credentials\"\n    client_id = \"" + consumerKey + "\"\n    client_id_env = \"SF_CLIENT_ID\"", "Invalid client_id_env setting"},
		{"host = \"acme.my.salesforce.com\"\n    auth = \"client_credentials\"\n    client_id_env = \"not a name\"", "Invalid client_id_env setting"},
		{"host = \"acme.my.salesforce.com\"\n    client_id_env = \"SF_CLIENT_ID\"", "Invalid client_id_env setting"},
	} {
		if got := scantest.ValidateErrors(t, salesforce.Spec(), "SALESFORCE_KEY", tc.body); strings.Join(got, "|") != tc.want {
			t.Errorf("%s:\n got %q, want %q", tc.body, got, tc.want)
		}
	}
}
