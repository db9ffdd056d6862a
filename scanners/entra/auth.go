package entra

import (
	"context"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // x5t is defined as the certificate's SHA-1 thumbprint (RFC 7515 §4.1.7)
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/oauth"
)

// How a block authenticates (the auth setting):
//
//   - "client_secret" (the default): the variable holds a client secret's
//     value of the app registration client_id names;
//   - "certificate": the variable holds the PEM private key of a
//     certificate uploaded to the app registration, followed by that
//     certificate (its SHA-1 thumbprint is the assertion's x5t);
//   - "access_token": the variable holds a ready-made Graph access token
//     (it expires within the hour: for a one-off run).
const (
	AuthClientSecret = "client_secret"
	AuthCertificate  = "certificate"
	AuthAccessToken  = "access_token"
)

const authHelp = "auth is \"client_secret\" (the default: token_env holds a client secret of the app registration client_id names), " +
	"\"certificate\" (token_env holds the PEM private key of a certificate uploaded to the app registration, followed by the certificate) " +
	"or \"access_token\" (token_env holds a Microsoft Graph access token, for a one-off run)."

const tenantHelp = "tenant_id is the Directory (tenant) ID, a GUID such as \"72f988bf-0000-4000-8000-2d7cd011db47\" " +
	"(Entra admin center › Overview), or the tenant's primary domain, such as \"acme.onmicrosoft.com\"."

const clientHelp = "client_id is the Application (client) ID of the app registration stackaudit signs in as, a GUID " +
	"(Entra admin center › App registrations › the app › Overview)."

// tenantPattern is a tenant id or a domain: safe in the token endpoint's
// path.
var tenantPattern = regexp.MustCompile(`^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+)$`)

// credentials are the settings every entra_id block takes.
type credentials struct {
	tenant, clientID, auth string
}

func authSchema() []hcl.AttributeSchema {
	return []hcl.AttributeSchema{{Name: "tenant_id", Required: true}, {Name: "client_id"}, {Name: "auth"}}
}

// textSetting is scanners.TextSetting without the spaces around the
// value: an id pasted from the admin center often has them.
func textSetting(attrs hcl.Attributes, name, help string) (string, *hcl.Attribute, bool, hcl.Diagnostics) {
	v, a, ok, diags := scanners.TextSetting(attrs, name, help)
	return strings.TrimSpace(v), a, ok, diags
}

// decodeCredentials decodes tenant_id, client_id and auth; block is the
// block's range, for a missing client_id.
func decodeCredentials(attrs hcl.Attributes, block hcl.Range) (credentials, hcl.Diagnostics) {
	cr := credentials{auth: AuthClientSecret}
	var diags hcl.Diagnostics
	tenant, tenantAttr, ok, d := textSetting(attrs, "tenant_id", tenantHelp)
	diags = append(diags, d...)
	if ok {
		if t := strings.ToLower(tenant); tenantPattern.MatchString(t) {
			cr.tenant = t
		} else {
			diags = append(diags, scanners.InvalidSetting(tenantAttr, fmt.Sprintf("%q is not a tenant id or domain. %s", tenant, tenantHelp)))
		}
	}
	auth, authAttr, hasAuth, d := textSetting(attrs, "auth", authHelp)
	diags = append(diags, d...)
	switch {
	case !hasAuth:
	case auth == AuthClientSecret || auth == AuthCertificate || auth == AuthAccessToken:
		cr.auth = auth
	default:
		diags = append(diags, scanners.InvalidSetting(authAttr, fmt.Sprintf("%q is not an auth method. %s", auth, authHelp)))
	}
	id, idAttr, hasID, d := textSetting(attrs, "client_id", clientHelp)
	diags = append(diags, d...)
	switch {
	case idAttr != nil && !hasID:
	case hasID && !guidPattern.MatchString(strings.ToLower(id)):
		diags = append(diags, scanners.InvalidSetting(idAttr, fmt.Sprintf("%q is not an application id. %s", id, clientHelp)))
	case hasID:
		cr.clientID = strings.ToLower(id)
	case cr.auth != AuthAccessToken:
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing client_id",
			Detail: "An entra_id block signs in as an app registration: add client_id. " + clientHelp, Subject: block.Ptr()})
	}
	return cr, diags
}

// tokenHowTo says how to set up the credential, for a missing token_env.
const tokenHowTo = "add token_env = \"ENTRA_CLIENT_SECRET\", the variable that holds a client secret of the app registration " +
	"(App registrations › the app › Certificates & secrets › New client secret: the secret's Value, not its ID), " +
	"and grant the app the Microsoft Graph application permissions " + PermApplications + ", " + PermDirectory + " and " + PermAuditLog +
	" with admin consent."

// requireTokenEnv is the diagnostic of a block without token_env.
func requireTokenEnv(tokenEnv string, src inventory.Source) hcl.Diagnostics {
	if tokenEnv != "" {
		return nil
	}
	return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Missing token_env",
		Detail: "An entra_id block reads its credential from an environment variable: " + tokenHowTo, Subject: src.DeclRange.Ptr()}}
}

// tokenPath is the tenant's token endpoint path.
func tokenPath(tenant string) string { return "/" + url.PathEscape(tenant) + "/oauth2/v2.0/token" }

// connect builds the Graph client and signs it in with the block's
// credential: a client credential gets a new token when the one it has
// expires mid-scan (a large sign-in log paged under throttling can
// outlive it).
func connect(ctx context.Context, env scanners.Env, credential, tokenEnv string, cr credentials) (*oauth.Conn, error) {
	credential = strings.TrimSpace(credential)
	c := &oauth.Conn{Client: env.Client(Kind, GraphBaseURL)}
	if cr.auth == AuthAccessToken {
		c.SetBearer(strings.TrimSpace(strings.TrimPrefix(credential, "Bearer ")))
		return c, nil
	}
	if cr.auth == AuthClientSecret && strings.Contains(credential, "-----BEGIN") {
		return nil, fmt.Errorf("entra_id: %s holds a PEM block, not a client secret: for a certificate set auth = \"certificate\" in the block", tokenEnv)
	}
	login := LoginBaseURL
	if env.BaseURL != "" {
		login = env.BaseURL
	}
	form, err := tokenForm(env, credential, tokenEnv, cr)
	if err != nil {
		return nil, err
	}
	err = c.SignIn(ctx, env, Kind, login, tokenPath(cr.tenant), form, func(err error) error { return explainToken(err, cr, tokenEnv) })
	if err != nil {
		return nil, err
	}
	return c, nil
}

// tokenForm is the token request of a client credential: the secret, or
// an assertion signed with the certificate's key (a new one per attempt).
func tokenForm(env scanners.Env, credential, tokenEnv string, cr credentials) (func() (url.Values, error), error) {
	base := url.Values{"grant_type": {oauth.GrantClientCredentials}, "client_id": {cr.clientID}, "scope": {GraphScope}}
	if cr.auth == AuthClientSecret {
		base.Set("client_secret", credential)
		return func() (url.Values, error) { return base, nil }, nil
	}
	cert, err := ParseCertificateCredential(credential, tokenEnv)
	if err != nil {
		return nil, err
	}
	// The audience is the documented endpoint, also when --endpoint moves
	// it.
	a := oauth.ClientAssertion{Key: cert.key, Thumbprint: cert.x5t, ClientID: cr.clientID, Audience: LoginBaseURL + tokenPath(cr.tenant),
		Lifetime: 10 * time.Minute, NotBefore: true}
	return a.Form(base, env.HTTP.WithDefaults().Now), nil
}

// certificateKey is a certificate's private key and thumbprint.
type certificateKey struct {
	key *rsa.PrivateKey
	x5t string
}

// ParseCertificateCredential reads the PEM blocks of a certificate
// credential: one RSA private key and the certificate that goes with it,
// in any order. Errors name the variable, never its content.
func ParseCertificateCredential(text, env string) (*certificateKey, error) {
	text = oauth.PEMText(text)
	var keyPEM []byte
	var cert *x509.Certificate
	rest := []byte(text)
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		switch {
		case block.Type == "CERTIFICATE" && cert == nil:
			c, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("entra_id: %s: the CERTIFICATE block does not decode", env)
			}
			cert = c
		case strings.HasSuffix(block.Type, "PRIVATE KEY") && keyPEM == nil:
			keyPEM = pem.EncodeToMemory(block)
		}
	}
	if keyPEM == nil {
		return nil, fmt.Errorf("entra_id: auth = \"certificate\": %s holds no PEM private key; put the certificate's private key and the certificate in it", env)
	}
	key, err := oauth.ParseRSAKey(string(keyPEM), env)
	if err != nil {
		return nil, fmt.Errorf("entra_id: auth = \"certificate\": %w", err)
	}
	if cert == nil {
		return nil, fmt.Errorf("entra_id: auth = \"certificate\": %s holds the private key but not its certificate (-----BEGIN CERTIFICATE-----): "+
			"Entra finds the key by the certificate's thumbprint, so append the certificate you uploaded to the app registration", env)
	}
	if pub, ok := cert.PublicKey.(*rsa.PublicKey); !ok || !pub.Equal(&key.PublicKey) {
		return nil, fmt.Errorf("entra_id: auth = \"certificate\": the certificate in %s is not the private key's", env)
	}
	sum := sha1.Sum(cert.Raw) //nolint:gosec // the thumbprint Entra matches
	return &certificateKey{key: key, x5t: base64.RawURLEncoding.EncodeToString(sum[:])}, nil
}

// explainToken turns a refused token request into what to fix, by the
// AADSTS code Entra puts in the description.
func explainToken(err error, cr credentials, tokenEnv string) error {
	var oe *oauth.Error
	if !errors.As(err, &oe) {
		return err
	}
	aadsts := ""
	if m := aadstsPattern.FindString(oe.Description); m != "" {
		aadsts = m
	}
	switch {
	case aadsts == "AADSTS7000215" || aadsts == "AADSTS7000222":
		return fmt.Errorf("%w: the client secret in %s is wrong or expired: create a new client secret for app %s "+
			"(App registrations › the app › Certificates & secrets) and store its Value, not its Secret ID", err, tokenEnv, cr.clientID)
	case aadsts == "AADSTS700016":
		return fmt.Errorf("%w: tenant %s has no app registration with client_id %s; check both", err, cr.tenant, cr.clientID)
	case aadsts == "AADSTS90002" || aadsts == "AADSTS900023":
		return fmt.Errorf("%w: tenant_id %q is not a Microsoft Entra tenant; use the Directory (tenant) ID from the Entra admin center's Overview", err, cr.tenant)
	case aadsts == "AADSTS700027" || aadsts == "AADSTS700024" || oe.Code == "invalid_client" && cr.auth == AuthCertificate:
		return fmt.Errorf("%w: Entra refused the assertion signed with the key in %s: upload its certificate to app %s "+
			"(Certificates & secrets › Certificates) and check this machine's clock", err, tokenEnv, cr.clientID)
	case oe.Code == "invalid_client":
		return fmt.Errorf("%w: Entra refused the client secret in %s for app %s", err, tokenEnv, cr.clientID)
	case oe.Code == "invalid_scope":
		return fmt.Errorf("%w: the scope must be %s", err, GraphScope)
	}
	return err
}

var aadstsPattern = regexp.MustCompile(`AADSTS[0-9]{5,7}`)
