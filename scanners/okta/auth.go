package okta

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/oauth"
)

// How a block authenticates (the auth setting). "ssws", the default and
// legacy way, sends the variable's API token (a token acts with the
// permissions of the admin who created it, and expires after 30 days
// unused). "private_key_jwt" is an OAuth 2.0 service app: the variable
// holds the app's PEM private key, and the scan gets an access token with
// the scopes it needs from the org authorization server's token endpoint,
// https://HOST/oauth2/v1/token, on the block's own Okta host.
const (
	AuthSSWS          = "ssws"
	AuthPrivateKeyJWT = "private_key_jwt"
	tokenPath         = "/oauth2/v1/token"
)

// authHelp says what the auth settings are, for their diagnostics.
const authHelp = "auth is \"ssws\" (the default, legacy: token_env holds an API token) or \"private_key_jwt\" " +
	"(token_env holds the PEM private key of an API Services app; client_id is the app's client id, key_id the " +
	"key's KID when the app has several keys)."

var keyIDPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,128}$`)

// credentials are the auth settings of a scan or discovery block.
type credentials struct {
	auth, clientID, keyID string
}

func authSchema() []hcl.AttributeSchema {
	return []hcl.AttributeSchema{{Name: "auth"}, {Name: "client_id"}, {Name: "key_id"}}
}

// decodeCredentials decodes auth, client_id and key_id; block is the
// block's range, for a missing client_id.
func decodeCredentials(attrs hcl.Attributes, block hcl.Range) (credentials, hcl.Diagnostics) {
	cr := credentials{auth: AuthSSWS}
	var diags hcl.Diagnostics
	auth, authAttr, hasAuth, d := scanners.TextSetting(attrs, "auth", authHelp)
	diags = append(diags, d...)
	clientID, idAttr, hasID, d := scanners.TextSetting(attrs, "client_id", authHelp)
	diags = append(diags, d...)
	keyID, keyAttr, hasKey, d := scanners.TextSetting(attrs, "key_id", authHelp)
	diags = append(diags, d...)
	if diags.HasErrors() {
		return cr, diags
	}
	bad := func(a *hcl.Attribute, detail string) { diags = append(diags, scanners.InvalidSetting(a, detail)) }
	switch {
	case !hasAuth || auth == AuthSSWS:
		if hasID {
			bad(idAttr, "client_id belongs to auth = \"private_key_jwt\". "+authHelp)
		}
		if hasKey {
			bad(keyAttr, "key_id belongs to auth = \"private_key_jwt\". "+authHelp)
		}
		return cr, diags
	case auth != AuthPrivateKeyJWT:
		bad(authAttr, fmt.Sprintf("%q is not an auth method. %s", auth, authHelp))
		return cr, diags
	}
	cr.auth = auth
	switch {
	case !hasID:
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing client_id",
			Detail:  "auth = \"private_key_jwt\" needs client_id, the service app's client id (Applications › the API Services app › General › Client Credentials).",
			Subject: block.Ptr()})
	case !appIDPattern.MatchString(clientID):
		bad(idAttr, "client_id is an Okta client id: letters and digits, like \"0oa1b2c3d4E5F6g7h8i9\". "+authHelp)
	default:
		cr.clientID = clientID
	}
	if hasKey && !keyIDPattern.MatchString(keyID) {
		bad(keyAttr, "key_id is the KID Okta shows for the app's public key (letters, digits, - and _). "+authHelp)
	} else {
		cr.keyID = keyID
	}
	return cr, diags
}

// connect builds the client for the org at host and gives it its
// credentials: the API token, or an access token with scopes from the
// token endpoint.
func connect(ctx context.Context, env scanners.Env, host, credential, tokenEnv string, cr credentials, scopes []string) (*oauth.Conn, error) {
	if cr.auth == AuthSSWS && (strings.Contains(credential, "-----BEGIN") || strings.ContainsAny(strings.TrimSpace(credential), "\r\n")) {
		return nil, fmt.Errorf("okta: %s holds a private key or several lines, not an API token: for an OAuth service app set auth = \"private_key_jwt\" and client_id in the block", tokenEnv)
	}
	client, err := newClient(env, host, credential)
	if err != nil {
		return nil, err
	}
	c := &oauth.Conn{Client: client}
	if cr.auth != AuthPrivateKeyJWT {
		return c, nil
	}
	key, err := oauth.ParseRSAKey(credential, tokenEnv)
	if err != nil {
		return nil, fmt.Errorf("okta: auth = \"private_key_jwt\": %w", err)
	}
	// Okta takes an assertion valid for at most an hour, once (jti).
	a := oauth.ClientAssertion{Key: key, KeyID: cr.keyID, ClientID: cr.clientID, Audience: strings.TrimRight(c.BaseURL(), "/") + tokenPath,
		Lifetime: 5 * time.Minute}
	form := a.Form(url.Values{"grant_type": {oauth.GrantClientCredentials}, "scope": {strings.Join(scopes, " ")}}, env.HTTP.WithDefaults().Now)
	err = c.SignIn(ctx, env, Kind, c.BaseURL(), tokenPath, form, func(err error) error { return explainToken(err, cr, tokenEnv, scopes) })
	if err != nil {
		return nil, err
	}
	return c, nil
}

// explainToken turns a refused token request into what to fix.
func explainToken(err error, cr credentials, tokenEnv string, scopes []string) error {
	var oe *oauth.Error
	if !errors.As(err, &oe) {
		return err
	}
	switch oe.Code {
	case "invalid_client":
		return fmt.Errorf("%w: Okta refused the client assertion signed with the key in %s: the API Services app %s must have that key's public key "+
			"(Applications › the app › General › Public keys; set key_id to its KID when it has several), client authentication "+
			"\"Public key / Private key\", and this machine's clock must be right", err, tokenEnv, cr.clientID)
	case "invalid_scope":
		return fmt.Errorf("%w: grant the service app the scopes %s (Applications › the app › Okta API Scopes)", err, strings.Join(scopes, ", "))
	case "invalid_dpop_proof", "use_dpop_nonce":
		return fmt.Errorf("%w: turn off \"Require Demonstrating Proof of Possession (DPoP) header in token requests\" for the service app "+
			"(Applications › the app › General)", err)
	case "unauthorized_client":
		return fmt.Errorf("%w: client_id must be an API Services app allowed the client credentials grant", err)
	}
	if oe.Status == http.StatusNotFound {
		return fmt.Errorf("%w: the org has no token endpoint at this host; host must be the Okta org's domain", err)
	}
	return err
}
