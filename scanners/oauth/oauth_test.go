package oauth_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/oauth"
)

func key(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestParseRSAKey(t *testing.T) {
	pkcs1 := key(t, "rsa-pkcs1.pem")
	for _, tc := range []struct {
		name, text string
		wantErr    string // "" means a key
	}{
		{name: "PKCS #1", text: pkcs1},
		{name: "PKCS #8", text: key(t, "rsa-pkcs8.pem")},
		{name: "escaped line breaks", text: strings.ReplaceAll(strings.TrimSpace(pkcs1), "\n", `\n`)},
		{name: "the sandbox key", text: oauth.SandboxKeyPEM()},
		{name: "a certificate", text: key(t, "cert.pem"), wantErr: "KEY_ENV holds a certificate, not the private key"},
		{name: "an EC key", text: key(t, "ec-pkcs8.pem"), wantErr: "KEY_ENV holds a *ecdsa.PrivateKey key; the token endpoint needs an RS256 signature"},
		{name: "encrypted", text: key(t, "rsa-encrypted.pem"), wantErr: "KEY_ENV holds an encrypted private key"},
		{name: "a token, not a key", text: "00Dxx0000001gPL!AR8AQJXg5oj8jXSgxJfA0lBog", wantErr: "KEY_ENV does not hold a PEM RSA private key"},
		{name: "a JWK", text: `{"kty":"RSA","n":"…","e":"AQAB","d":"…"}`, wantErr: "KEY_ENV holds JSON (a JWK?)"},
		{name: "a broken block", text: "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n", wantErr: "KEY_ENV: the RSA PRIVATE KEY block does not decode"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := oauth.ParseRSAKey(tc.text, "KEY_ENV")
			switch {
			case tc.wantErr == "" && (err != nil || k == nil):
				t.Fatalf("ParseRSAKey: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("error %v, want %q", err, tc.wantErr)
			case err != nil && strings.Contains(err.Error(), "MII"):
				t.Errorf("the error shows the key: %v", err)
			}
		})
	}
}

func TestSignAndVerify(t *testing.T) {
	k, err := oauth.ParseRSAKey(oauth.SandboxKeyPEM(), "K")
	if err != nil {
		t.Fatal(err)
	}
	jws, err := oauth.SignRS256(k, "kid1", map[string]any{"iss": "client", "aud": "https://acme.okta.com/oauth2/v1/token"})
	if err != nil {
		t.Fatal(err)
	}
	claims, err := oauth.VerifyRS256(oauth.SandboxPublicKey(), jws)
	if err != nil || claims["iss"] != "client" {
		t.Fatalf("claims %v, %v", claims, err)
	}
	other, _ := oauth.ParseRSAKey(key(t, "rsa-pkcs1.pem"), "K")
	forged, _ := oauth.SignRS256(other, "", map[string]any{"iss": "client"})
	if _, err := oauth.VerifyRS256(oauth.SandboxPublicKey(), forged); err == nil {
		t.Error("an assertion signed with another key verified")
	}
}

// TestExchange: the token endpoint's answers, each retried or explained.
func TestExchange(t *testing.T) {
	for _, tc := range []struct {
		name     string
		answers  []string // status SP body, one per attempt; the last repeats
		want     string   // the access token
		wantErr  string
		attempts int
	}{
		{name: "token", answers: []string{`200 {"token_type":"Bearer","expires_in":3600,"access_token":"at1","scope":"okta.apps.read"}`}, want: "at1", attempts: 1},
		{name: "503 then token", answers: []string{`503 {}`, `200 {"access_token":"at2"}`}, want: "at2", attempts: 2},
		{name: "invalid_grant", answers: []string{`400 {"error":"invalid_grant","error_description":"user hasn't approved this consumer"}`},
			wantErr: "vendor: POST /token: HTTP 400 Bad Request (invalid_grant: user hasn't approved this consumer)", attempts: 1},
		{name: "no access token", answers: []string{`200 {"token_type":"Bearer"}`}, wantErr: "vendor: POST /token: invalid response: no access_token", attempts: 1},
		{name: "a DPoP token", answers: []string{`200 {"token_type":"DPoP","access_token":"x"}`}, wantErr: "turn off DPoP", attempts: 1},
		{name: "always 500", answers: []string{`500 {}`}, wantErr: "HTTP 500", attempts: 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				i := int(n.Add(1)) - 1
				if r.Method != http.MethodPost || r.FormValue("grant_type") != "client_credentials" || r.FormValue("attempt") != fmt.Sprint(i+1) {
					http.Error(w, "bad request", http.StatusBadRequest)
					return
				}
				a := tc.answers[min(i, len(tc.answers)-1)]
				var status int
				var body string
				fmt.Sscanf(a, "%d", &status)
				body = a[4:]
				w.WriteHeader(status)
				fmt.Fprint(w, body)
			}))
			defer srv.Close()
			env := scanners.Env{HTTP: scantest.Fast()}
			attempt := 0
			tok, err := oauth.Exchange(context.Background(), env, "vendor", srv.URL, "/token", func() (url.Values, error) {
				attempt++
				return url.Values{"grant_type": {"client_credentials"}, "attempt": {fmt.Sprint(attempt)}}, nil
			})
			if int(n.Load()) != tc.attempts {
				t.Errorf("%d attempts, want %d", n.Load(), tc.attempts)
			}
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || tok.AccessToken != tc.want {
				t.Fatalf("token %+v, %v", tok, err)
			}
		})
	}
}

// TestExchangeNotRetried: a redirect loop or a redirect to a file: URL at
// the token endpoint fails at once: sending the form again would fail the
// same way.
func TestExchangeNotRetried(t *testing.T) {
	for _, tc := range []struct {
		name, location, wantErr string
		calls                   int32
	}{
		{"redirect loop", "/token", "stopped after 10 redirects", 10},
		{"file redirect", "file:///etc/passwd", `redirected to a "file" URL`, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var n atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n.Add(1)
				w.Header().Set("Location", tc.location)
				w.WriteHeader(http.StatusTemporaryRedirect)
			}))
			defer srv.Close()
			clk := scantest.NewClock()
			env := scanners.Env{HTTP: clk.Options(scantest.Fast())}
			_, err := oauth.Exchange(context.Background(), env, "vendor", srv.URL, "/token", func() (url.Values, error) {
				return url.Values{"grant_type": {"client_credentials"}}, nil
			})
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error %v, want %q", err, tc.wantErr)
			}
			if n.Load() != tc.calls || len(clk.Sleeps()) != 0 {
				t.Errorf("%d calls, waits %v; want %d calls and no wait", n.Load(), clk.Sleeps(), tc.calls)
			}
		})
	}
}
