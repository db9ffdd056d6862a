package googleworkspace

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/google"

	"github.com/stackaudit/stackaudit/scanners"
)

// Credentials. A block reads one of:
//
//   - token_env naming a variable that holds a ready-made OAuth 2 access
//     token (it expires after an hour: for a one-off run);
//   - token_env naming a variable that holds a service account's JSON key
//     (the whole file), with subject, the admin the service account acts
//     for through domain-wide delegation: what a scheduled job uses;
//   - key_file, the path of that JSON key, with subject.
//
// A key is exchanged for an access token with exactly the scopes the
// block's calls need, at Google's token endpoint, which is pinned like
// every other host: --endpoint google_workspace=URL serves it too (URL/token).

// TokenAudience is what a service account's assertion is addressed to: the
// token endpoint's documented URL, also when --endpoint moves the endpoint.
const TokenAudience = OAuth2BaseURL + "/token"

// adminConsoleDelegation is where an admin grants domain-wide delegation.
const adminConsoleDelegation = "Admin console › Security › Access and data control › API controls › Manage Domain Wide Delegation"

// authSettings are the credential settings every google_workspace block
// takes besides token_env.
type authSettings struct {
	subject string
	keyFile string
	// dir is the folder of the file that declares the block: a relative
	// key_file is read from there.
	dir string
}

var authAttrs = []hcl.AttributeSchema{{Name: "subject"}, {Name: "key_file"}}

const subjectDetail = "subject is the e-mail address of the admin the service account acts for (domain-wide delegation), " +
	"such as \"it-admin@acme.example\": a super admin or an admin with the privileges the calls need."

const keyFileDetail = "key_file is the path of the service account's JSON key, absolute or relative to this file's folder. " +
	"Keep the key outside version control; in CI prefer token_env naming a variable that holds the key's JSON."

// decodeAuth reads subject and key_file, and checks that the block names
// one credential. howTo says how to make one, for the missing case.
func decodeAuth(attrs hcl.Attributes, tokenEnv string, decl hcl.Range, howTo string) (authSettings, hcl.Diagnostics) {
	st := authSettings{dir: filepath.Dir(decl.Filename)}
	s, subject, ok, diags := scanners.TextSetting(attrs, "subject", subjectDetail)
	if ok {
		if a, err := mail.ParseAddress(s); err != nil || a.Address != s || a.Name != "" {
			diags = append(diags, scanners.InvalidSetting(subject, fmt.Sprintf("%q is not an e-mail address. %s", s, subjectDetail)))
		} else {
			st.subject = s
		}
	}
	s, keyFile, ok, moreDiags := scanners.TextSetting(attrs, "key_file", keyFileDetail)
	diags = append(diags, moreDiags...)
	present := keyFile != nil
	switch {
	case ok && strings.TrimSpace(s) == "":
		diags = append(diags, scanners.InvalidSetting(keyFile, keyFileDetail))
	case ok:
		st.keyFile = s
	}
	switch {
	case tokenEnv == "" && !present:
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing token_env",
			Detail: howTo, Subject: decl.Ptr()})
	case tokenEnv != "" && present:
		diags = append(diags, scanners.AttributeError(keyFile, "Conflicting credentials",
			"The block names both token_env and key_file: keep one. token_env may hold an access token or the service account's JSON key."))
	case present && st.subject == "" && attrs["subject"] == nil:
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing subject setting",
			Detail: "A service account's key acts for an admin through domain-wide delegation: " + subjectDetail, Subject: decl.Ptr()})
	}
	return st, diags
}

// credentialHowTo says how to give a block credentials that need scopes.
func credentialHowTo(scopes []string, privilege string) string {
	return fmt.Sprintf("For a scheduled job, create a service account and a JSON key for it, grant its client ID domain-wide delegation for the scopes %s (%s), "+
		"put the key's JSON in the variable token_env names (or its path in key_file) and set subject to a super admin or an admin with the %s privilege. "+
		"For a one-off run, token_env may hold an OAuth 2 access token with those scopes.", strings.Join(scopes, ","), adminConsoleDelegation, privilege)
}

// credential is what a block authenticates with: a ready-made access
// token, or a service account key to exchange for one.
type credential struct {
	token string
	key   []byte
	// where names the credential's origin in messages: "the variable
	// GOOGLE_CREDENTIALS" or "key_file /etc/x.json". Never its content.
	where string
}

// readCredential reads the block's credential: key_file, or variable, what
// the variable token_env names holds.
func readCredential(tokenEnv, variable string, st authSettings) (credential, error) {
	if st.keyFile != "" {
		path := st.keyFile
		if !filepath.IsAbs(path) {
			path = filepath.Join(st.dir, path)
		}
		where := "key_file " + st.keyFile
		data, err := os.ReadFile(path)
		switch {
		case errors.Is(err, os.ErrNotExist):
			return credential{}, fmt.Errorf("%s: no such file (%s)", where, path)
		case err != nil:
			var pe *os.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return credential{}, fmt.Errorf("%s: cannot read it: %w", where, err)
		}
		return credential{key: data, where: where}, nil
	}
	v := strings.TrimSpace(variable)
	switch {
	case v == "":
		return credential{}, fmt.Errorf("environment variable %s is not set", tokenEnv)
	case strings.HasPrefix(v, "{"):
		return credential{key: []byte(v), where: "the variable " + tokenEnv}, nil
	}
	return credential{token: v, where: "the variable " + tokenEnv}, nil
}

// serviceAccountKey is what stackaudit checks of a key before using it.
type serviceAccountKey struct {
	Type        string `json:"type"`
	ClientEmail string `json:"client_email"`
	ClientID    string `json:"client_id"`
	PrivateKey  string `json:"private_key"`
}

// checkKey reports a key that cannot work, in words that never quote it.
func checkKey(data []byte, where string) (serviceAccountKey, error) {
	var k serviceAccountKey
	if err := json.Unmarshal(data, &k); err != nil {
		return k, fmt.Errorf("%s does not hold a service account's JSON key: %s", where, scanners.JSONProblem(err))
	}
	switch {
	case k.Type != "service_account":
		return k, fmt.Errorf("%s holds a credential of type %q, not a service account's key (\"service_account\"): "+
			"user and external-account credentials cannot act for an admin through domain-wide delegation", where, clean(k.Type))
	case k.ClientEmail == "":
		return k, fmt.Errorf("%s: the service account's key has no client_email; download the key again (IAM › Service accounts › Keys › Add key › JSON)", where)
	}
	block, _ := pem.Decode([]byte(k.PrivateKey))
	if block == nil {
		return k, fmt.Errorf("%s: the key's private_key is not a PEM block; download the key again as JSON (not P12)", where)
	}
	if _, err := x509.ParsePKCS8PrivateKey(block.Bytes); err != nil {
		if _, err1 := x509.ParsePKCS1PrivateKey(block.Bytes); err1 != nil {
			return k, fmt.Errorf("%s: the key's private_key is not an RSA private key in PKCS #8 or PKCS #1 form", where)
		}
	}
	return k, nil
}

// signIn reads the block's credential (see readCredential) and returns
// the bearer token of its calls with scopes, with the credential for
// messages.
func signIn(ctx context.Context, env scanners.Env, tokenEnv, variable string, st authSettings, scopes []string) (string, credential, error) {
	cred, err := readCredential(tokenEnv, variable, st)
	if err != nil {
		return "", credential{}, err
	}
	token, err := accessToken(ctx, env, cred, st.subject, scopes)
	return token, cred, err
}

// accessToken is the bearer token of a block's calls with scopes.
func accessToken(ctx context.Context, env scanners.Env, c credential, subject string, scopes []string) (string, error) {
	if c.key == nil {
		return c.token, nil
	}
	k, err := checkKey(c.key, c.where)
	if err != nil {
		return "", err
	}
	if subject == "" {
		return "", fmt.Errorf("%s holds a service account's key: set subject to the admin it acts for. %s", c.where, subjectDetail)
	}
	cfg, err := google.JWTConfigFromJSON(c.key, scopes...)
	if err != nil {
		return "", fmt.Errorf("%s: cannot use the service account's key", c.where)
	}
	cfg.Subject = subject
	base := OAuth2BaseURL
	if env.BaseURL != "" {
		base = strings.TrimRight(env.BaseURL, "/")
	}
	// The key's own token_uri is not followed: the token endpoint is
	// pinned to Google's host like every other call.
	cfg.TokenURL = base + "/token"
	cfg.Audience = TokenAudience
	ctx = context.WithValue(ctx, oauth2.HTTPClient, tokenClient(ctx, env.HTTPClient(Kind)))
	tok, err := cfg.TokenSource(ctx).Token()
	if err != nil {
		return "", tokenError(err, c.where, k, subject, scopes)
	}
	if tok.AccessToken == "" {
		return "", fmt.Errorf("google_workspace: POST /token: Google answered without an access token for the service account in %s", c.where)
	}
	return tok.AccessToken, nil
}

// tokenError explains a refused token exchange.
func tokenError(err error, where string, k serviceAccountKey, subject string, scopes []string) error {
	const call = "google_workspace: POST /token"
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		// A transport failure: oauth2 wraps the stack's error, which
		// names no URL.
		var inner error = err
		if u := errors.Unwrap(err); u != nil {
			inner = u
		}
		return fmt.Errorf("%s: %w", call, inner)
	}
	status := 0
	if re.Response != nil {
		status = re.Response.StatusCode
	}
	// x/oauth2's JWT flow leaves the RFC 6749 error body unparsed.
	if re.ErrorCode == "" {
		var body struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
		}
		if json.Unmarshal(re.Body, &body) == nil {
			re.ErrorCode, re.ErrorDescription = body.Error, body.Description
		}
	}
	desc := message(re.ErrorDescription)
	got := fmt.Sprintf("%s: HTTP %d (Google: %s", call, status, clean(re.ErrorCode))
	if desc != "" {
		got += ": " + desc
	}
	got += ")"
	sa := clean(k.ClientID)
	if sa == "" || sa == "?" {
		sa = "of " + k.ClientEmail
	}
	switch {
	case re.ErrorCode == "unauthorized_client":
		return fmt.Errorf("%s: the service account %s (in %s) may not act for %s with these scopes: grant domain-wide delegation in the %s to client ID %s for the scopes %s",
			got, k.ClientEmail, where, subject, adminConsoleDelegation, sa, strings.Join(scopes, ","))
	case re.ErrorCode == "invalid_grant" && strings.Contains(strings.ToLower(desc), "signature"):
		return fmt.Errorf("%s: Google does not accept the key in %s: it was deleted, disabled or has expired; create a new key for %s (IAM › Service accounts › Keys)",
			got, where, k.ClientEmail)
	case re.ErrorCode == "invalid_grant" && strings.Contains(strings.ToLower(desc), "email"):
		return fmt.Errorf("%s: subject %s is not a user of this Google Workspace account; set subject to an admin's primary e-mail address", got, subject)
	case re.ErrorCode == "invalid_grant":
		return fmt.Errorf("%s: Google refused the service account's assertion from %s; check the key, subject and this machine's clock", got, where)
	}
	return fmt.Errorf("%s: Google refused the service account in %s", got, where)
}

// tokenClient is hc for x/oauth2's JWT flow, which posts without a
// context (http.Client.PostForm): each request gets the run's context, so
// that stopping the run stops the exchange, marked replayable, so that the
// stack retries a 429, a 5xx or a transport error like any other call.
// Sending the same assertion again is safe: it only asks Google for a
// token (it changes nothing in the tenant), and Google's assertions carry
// no one-time jti.
func tokenClient(ctx context.Context, hc *http.Client) *http.Client {
	c := *hc
	c.Transport = runContext{ctx: scanners.ReadOnly(ctx), base: hc.Transport}
	return &c
}

type runContext struct {
	ctx  context.Context
	base http.RoundTripper
}

func (t runContext) RoundTrip(req *http.Request) (*http.Response, error) {
	return t.base.RoundTrip(req.WithContext(t.ctx))
}
