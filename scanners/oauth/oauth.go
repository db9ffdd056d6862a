// Package oauth gets the access token of a scan or discovery block from
// its vendor's OAuth 2.0 token endpoint, for the credentials a scheduled
// job can hold: a client secret (client credentials grant) or a private
// key that signs a JWT (RFC 7523: the JWT bearer grant, and private_key_jwt
// client authentication). The entry point is Exchange; Conn signs a
// vendor client in with its token and gets a new one once when the API
// rejects it, and ClientAssertion is the signed private_key_jwt request.
//
// The token endpoint is on the block's own vendor host, through the one
// HTTP stack (Env.HTTPClient): the same rate limit, timeout and size
// limit as every other call. A token request is a POST that the stack does
// not retry, so Exchange retries a 429, a 5xx or a transport error itself,
// with a freshly signed assertion each time (Okta refuses an assertion
// whose jti it has seen). Errors name the variable and the setting to
// fix, never the secret, the assertion or the token.
package oauth

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/stackaudit/stackaudit/scanners"
)

// Grant types and the client assertion type of RFC 7523.
const (
	GrantClientCredentials = "client_credentials"
	GrantJWTBearer         = "urn:ietf:params:oauth:grant-type:jwt-bearer"
	AssertionTypeJWT       = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
)

// ParseRSAKey reads a PEM RSA private key (PKCS #1 "RSA PRIVATE KEY" or
// PKCS #8 "PRIVATE KEY"), as a variable holds it: with real line breaks,
// or with \n written out (as CI secret stores often keep it). env names
// the variable in errors; the key itself is never shown.
func ParseRSAKey(text, env string) (*rsa.PrivateKey, error) {
	text = PEMText(text)
	want := "a PEM RSA private key (a block that begins -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)"
	block, _ := pem.Decode([]byte(text))
	if block == nil {
		if strings.HasPrefix(text, "{") {
			return nil, fmt.Errorf("%s holds JSON (a JWK?), not %s: convert the key to PEM, or download it as PEM", env, want)
		}
		return nil, fmt.Errorf("%s does not hold %s", env, want)
	}
	switch block.Type {
	case "RSA PRIVATE KEY":
		if strings.Contains(block.Headers["Proc-Type"], "ENCRYPTED") {
			return nil, fmt.Errorf("%s holds an encrypted private key: a scan cannot type its passphrase; store it unencrypted (openssl rsa -in key.pem -out plain.pem) in a secret store", env)
		}
		key, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%s: the RSA PRIVATE KEY block does not decode (%s)", env, keyProblem(err))
		}
		return key, nil
	case "PRIVATE KEY":
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%s: the PRIVATE KEY block does not decode (%s)", env, keyProblem(err))
		}
		key, ok := k.(*rsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("%s holds a %T key; the token endpoint needs an RS256 signature: use an RSA key (2048 bits or more)", env, k)
		}
		return key, nil
	case "ENCRYPTED PRIVATE KEY":
		return nil, fmt.Errorf("%s holds an encrypted private key: a scan cannot type its passphrase; store it unencrypted (openssl pkcs8 -topk8 -nocrypt) in a secret store", env)
	case "CERTIFICATE", "PUBLIC KEY", "RSA PUBLIC KEY":
		return nil, fmt.Errorf("%s holds a %s, not the private key: the vendor keeps the certificate or public key, the scan needs the private key that goes with it", env, strings.ToLower(block.Type))
	}
	return nil, fmt.Errorf("%s holds a PEM %q block, not %s", env, block.Type, want)
}

// PEMText is the PEM text a variable holds, with its line breaks: CI
// secret stores often keep a key on one line with \n written out.
func PEMText(text string) string {
	text = strings.TrimSpace(text)
	if !strings.Contains(text, "\n") && strings.Contains(text, `\n`) {
		text = strings.ReplaceAll(text, `\n`, "\n")
	}
	return text
}

// keyProblem says why a key did not parse, without its bytes.
func keyProblem(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, ':'); i >= 0 && strings.HasPrefix(s, "x509") {
		s = strings.TrimSpace(s[i+1:])
	}
	if len(s) > 120 {
		s = s[:120]
	}
	return s
}

// SignRS256 makes a compact JWS of claims signed with key (RS256), with
// kid in its header when not empty.
func SignRS256(key *rsa.PrivateKey, kid string, claims map[string]any) (string, error) {
	header := map[string]any{}
	if kid != "" {
		header["kid"] = kid
	}
	return SignRS256Header(key, header, claims)
}

// SignRS256Header is SignRS256 with more header parameters (Entra ID's
// x5t, the certificate's thumbprint); alg and typ are set.
func SignRS256Header(key *rsa.PrivateKey, extra, claims map[string]any) (string, error) {
	header := map[string]any{"alg": "RS256", "typ": "JWT"}
	for k, v := range extra {
		if k != "alg" && k != "typ" {
			header[k] = v
		}
	}
	h, err := json.Marshal(header)
	if err != nil {
		return "", err
	}
	c, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	signing := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c)
	sum := sha256.Sum256([]byte(signing))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, sum[:])
	if err != nil {
		return "", fmt.Errorf("sign the assertion: %w", err)
	}
	return signing + "." + base64.RawURLEncoding.EncodeToString(sig), nil
}

// NewJTI is a random JWT id: each assertion is used once.
func NewJTI() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Token is a token endpoint's answer.
type Token struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
	Scope       string `json:"scope"`
}

// Error is a token endpoint's refusal (RFC 6749 §5.2): Code is the
// OAuth error code, Description the vendor's text (cleaned: it ends up
// in messages).
type Error struct {
	Vendor, Path string
	Status       int
	Code         string
	Description  string
}

func (e *Error) Error() string {
	s := fmt.Sprintf("%s: POST %s: HTTP %d %s", e.Vendor, e.Path, e.Status, http.StatusText(e.Status))
	if e.Code != "" {
		s += " (" + e.Code
		if e.Description != "" {
			s += ": " + e.Description
		}
		s += ")"
	}
	return s
}

// Exchange posts the form that form builds (called again for every
// attempt, so that each has a fresh assertion) to the token endpoint at
// base+path and returns the access token. vendor names the call in
// errors.
func Exchange(ctx context.Context, env scanners.Env, vendor, base, path string, form func() (url.Values, error)) (*Token, error) {
	opts := env.HTTP.WithDefaults()
	client := env.HTTPClient(vendor)
	endpoint := strings.TrimRight(base, "/") + path
	for attempt := 1; ; attempt++ {
		values, err := form()
		if err != nil {
			return nil, err
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(values.Encode()))
		if err != nil {
			return nil, fmt.Errorf("%s: POST %s: invalid token endpoint", vendor, path)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept", "application/json")
		resp, err := client.Do(req)
		var body []byte
		if err == nil {
			body, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		// A redirect loop or a request that cannot be sent fails the same
		// way every time.
		retry := err != nil && !scanners.Permanent(err) || err == nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500)
		if retry && attempt <= opts.Retries && ctx.Err() == nil {
			wait := backoff(opts, attempt)
			if resp != nil {
				if d, ok := scanners.ParseRetryAfter(resp.Header.Get("Retry-After"), opts.Now()); ok {
					wait = d
				}
			}
			if wait <= opts.MaxRetryAfter {
				if serr := opts.Sleep(ctx, wait); serr != nil {
					return nil, serr
				}
				continue
			}
		}
		if err != nil {
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err
			}
			return nil, fmt.Errorf("%s: POST %s: %w", vendor, path, err)
		}
		return decode(vendor, path, resp.StatusCode, body)
	}
}

func backoff(o scanners.ClientOptions, attempt int) time.Duration {
	d := o.MinBackoff << min(attempt-1, 20)
	if d <= 0 || d > o.MaxBackoff {
		d = o.MaxBackoff
	}
	return d
}

// decode reads a token endpoint's answer.
func decode(vendor, path string, status int, body []byte) (*Token, error) {
	if status < 200 || status > 299 {
		var e struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
		}
		_ = json.Unmarshal(body, &e)
		return nil, &Error{Vendor: vendor, Path: path, Status: status, Code: cleanCode(e.Error), Description: cleanText(e.Description)}
	}
	var t Token
	if err := json.Unmarshal(body, &t); err != nil {
		return nil, fmt.Errorf("%s: POST %s: invalid JSON response (%d bytes): %s", vendor, path, len(body), scanners.JSONProblem(err))
	}
	if t.AccessToken == "" {
		return nil, fmt.Errorf("%s: POST %s: invalid response: no access_token", vendor, path)
	}
	if t.TokenType != "" && !strings.EqualFold(t.TokenType, "Bearer") {
		return nil, fmt.Errorf("%s: POST %s: the token endpoint issued a %q token, not a Bearer token (turn off DPoP for the app)", vendor, path, cleanCode(t.TokenType))
	}
	return &t, nil
}

// cleanCode keeps an OAuth error code to its documented alphabet.
func cleanCode(s string) string { return scanners.CodeLike(s, 64, "_-.") }

// cleanText keeps a vendor's error description printable and short.
func cleanText(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= ' ' && r < 0x7f {
			b.WriteRune(r)
		}
		if b.Len() >= 200 {
			break
		}
	}
	return strings.TrimSpace(b.String())
}

// ClientAssertion is private_key_jwt client authentication (RFC 7523 §2.2,
// OpenID Connect Core §9): a JWT that the client signs with its own key,
// issued by and about the client, for one token endpoint. Entra ID's
// certificate credential and Okta's service apps take the same assertion;
// only the header that names the key and the lifetime differ, so the
// claims are built here once.
type ClientAssertion struct {
	Key *rsa.PrivateKey
	// KeyID is the header's kid and Thumbprint its x5t (the certificate's
	// SHA-1 thumbprint), each when not empty.
	KeyID, Thumbprint string
	// ClientID is the assertion's iss and sub.
	ClientID string
	// Audience is the token endpoint the assertion is for.
	Audience string
	// Lifetime is how long after its iat the assertion expires.
	Lifetime time.Duration
	// NotBefore adds nbf (= iat), which Entra ID documents as required.
	NotBefore bool
}

// Form returns the token request of a client that authenticates with the
// assertion: base's parameters plus client_assertion_type and a
// client_assertion signed at now() for each call (each attempt), since a
// vendor may refuse an assertion whose jti it has seen.
func (a ClientAssertion) Form(base url.Values, now func() time.Time) func() (url.Values, error) {
	header := map[string]any{}
	if a.KeyID != "" {
		header["kid"] = a.KeyID
	}
	if a.Thumbprint != "" {
		header["x5t"] = a.Thumbprint
	}
	return func() (url.Values, error) {
		t := now()
		claims := map[string]any{"iss": a.ClientID, "sub": a.ClientID, "aud": a.Audience, "jti": NewJTI(),
			"iat": t.Unix(), "exp": t.Add(a.Lifetime).Unix()}
		if a.NotBefore {
			claims["nbf"] = t.Unix()
		}
		jws, err := SignRS256Header(a.Key, header, claims)
		if err != nil {
			return nil, err
		}
		v := url.Values{"client_assertion_type": {AssertionTypeJWT}, "client_assertion": {jws}}
		for k, vs := range base {
			v[k] = slices.Clone(vs)
		}
		return v, nil
	}
}

// Conn is a vendor API client, and for a credential that the token
// endpoint turns into an access token, how to get a new one. An access
// token lives about an hour, and a scan that pages a large log under a
// rate limit can outlive it: Fetch then gets a new token once per scan.
// Entra ID and Okta both sign in this way.
type Conn struct {
	*scanners.Client
	// renew gets a new access token (nil for a token the variable holds).
	renew   func(ctx context.Context) error
	renewed bool
}

// SignIn gets c's access token from the token endpoint at base+path with
// the request form builds (see Exchange), and keeps the way to get a new
// one. explain turns a refused token request into what to fix.
func (c *Conn) SignIn(ctx context.Context, env scanners.Env, vendor, base, path string, form func() (url.Values, error), explain func(error) error) error {
	c.renew = func(ctx context.Context) error {
		tok, err := Exchange(ctx, env, vendor, base, path, form)
		if err != nil {
			return explain(err)
		}
		c.SetBearer(tok.AccessToken)
		return nil
	}
	return c.renew(ctx)
}

// Fetch is Client.Fetch that, once per scan, answers a 401 to a token
// from the token endpoint with a new token and one more try.
func (c *Conn) Fetch(ctx context.Context, target string, query url.Values) (*scanners.Response, error) {
	resp, err := c.Client.Fetch(ctx, target, query)
	re, rejected := scanners.Rejected(err)
	if !rejected || re.Status != http.StatusUnauthorized || c.renew == nil || c.renewed {
		return resp, err
	}
	c.renewed = true
	if rerr := c.renew(ctx); rerr != nil {
		return nil, rerr
	}
	return c.Client.Fetch(ctx, target, query)
}
