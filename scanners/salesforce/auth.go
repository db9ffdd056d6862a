package salesforce

import (
	"context"
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

// How a scan authenticates (the auth setting). With "token" the variable
// token_env names holds an access token; with the two OAuth 2.0 flows of a
// connected app (or external client app) it holds the app's credential
// and the scan gets its own access token from the org's token endpoint,
// https://HOST/services/oauth2/token, on the block's My Domain host.
const (
	AuthToken             = "token"
	AuthClientCredentials = "client_credentials" // token_env: the consumer secret
	AuthJWTBearer         = "jwt_bearer"         // token_env: the PEM private key
	tokenPath             = "/services/oauth2/token"
)

// authHelp says what the auth settings are, for their diagnostics.
const authHelp = "auth is \"token\" (the default: token_env holds an access token), \"client_credentials\" " +
	"(token_env holds the connected app's consumer secret; client_id is its consumer key) or \"jwt_bearer\" " +
	"(token_env holds the PEM private key whose certificate the connected app has; client_id is its consumer key, " +
	"username the user the scan acts as)."

var (
	clientIDPattern = regexp.MustCompile(`^[A-Za-z0-9._]{10,256}$`)
	envNamePattern  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,127}$`)
	usernamePattern = regexp.MustCompile(`^[^@\s"]{1,80}@[^@\s"]{1,200}$`)
)

// decodeAuth decodes the auth, client_id and username settings into st.
func decodeAuth(scan *inventory.Scan, attrs hcl.Attributes, st *settings) hcl.Diagnostics {
	var diags hcl.Diagnostics
	str := func(name string) (string, *hcl.Attribute) {
		v, a, _, d := scanners.TextSetting(attrs, name, authHelp)
		diags = append(diags, d...)
		return v, a
	}
	auth, authAttr := str("auth")
	clientID, idAttr := str("client_id")
	clientIDEnv, idEnvAttr := str("client_id_env")
	username, userAttr := str("username")
	if diags.HasErrors() {
		return diags
	}
	switch auth {
	case "", AuthToken:
		st.auth = AuthToken
		for _, a := range []*hcl.Attribute{idAttr, idEnvAttr, userAttr} {
			if a != nil {
				diags = append(diags, invalid(a.Name, a.Name+" belongs to auth = \"client_credentials\" or \"jwt_bearer\". "+authHelp, a.Expr.Range()))
			}
		}
		return diags
	case AuthClientCredentials, AuthJWTBearer:
		st.auth = auth
	default:
		return append(diags, invalid("auth", fmt.Sprintf("%q is not an auth method. %s", auth, authHelp), authAttr.Expr.Range()))
	}
	switch {
	case idAttr != nil && idEnvAttr != nil:
		diags = append(diags, invalid("client_id_env", "Give client_id or client_id_env, not both.", idEnvAttr.Expr.Range()))
	case idEnvAttr != nil && !envNamePattern.MatchString(clientIDEnv):
		diags = append(diags, invalid("client_id_env", "client_id_env names the environment variable that holds the consumer key, such as \"SALESFORCE_CLIENT_ID\".", idEnvAttr.Expr.Range()))
	case idEnvAttr != nil:
		// A consumer key without dots reads as a secret to the
		// inventory's check: it can come from the environment instead.
		st.clientIDEnv = clientIDEnv
	case idAttr == nil:
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing client_id",
			Detail: "auth = \"" + auth + "\" needs client_id, the connected app's consumer key (App Manager › the app › View › Consumer Key and Secret), " +
				"or client_id_env, the variable that holds it. " + authHelp,
			Subject: scan.DeclRange.Ptr()})
	case !clientIDPattern.MatchString(clientID):
		diags = append(diags, invalid("client_id", "client_id is a connected app's consumer key: letters, digits, dots and underscores. "+authHelp, idAttr.Expr.Range()))
	default:
		st.clientID = clientID
	}
	switch {
	case auth == AuthClientCredentials && userAttr != nil:
		diags = append(diags, invalid("username", "username belongs to auth = \"jwt_bearer\": the client credentials flow acts as the app's Run As user. "+authHelp, userAttr.Expr.Range()))
	case auth != AuthJWTBearer:
	case userAttr == nil:
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing username",
			Detail: "auth = \"jwt_bearer\" needs username, the Salesforce username the scan acts as (a user pre-authorized for the connected app).", Subject: scan.DeclRange.Ptr()})
	case !usernamePattern.MatchString(username):
		diags = append(diags, invalid("username", "username is a Salesforce username, such as \"stackaudit@acme.com\".", userAttr.Expr.Range()))
	default:
		st.username = username
	}
	return diags
}

// audience is the aud of a JWT bearer assertion: Salesforce's login
// server, the test one for a sandbox org.
func audience(host string) string {
	if strings.HasSuffix(host, ".sandbox.my.salesforce.com") {
		return "https://test.salesforce.com"
	}
	return "https://login.salesforce.com"
}

// signIn gives c the scan's access token: the variable itself (auth =
// "token"), or one from the org's token endpoint.
func signIn(ctx context.Context, env scanners.Env, c *oauth.Conn, st settings, host, tokenEnv, credential string) error {
	if st.auth == AuthToken && (strings.Contains(credential, "-----BEGIN") || strings.ContainsAny(strings.TrimSpace(credential), "\r\n")) {
		return fmt.Errorf("salesforce: %s holds a private key or several lines, not an access token: for the JWT bearer flow set auth = \"jwt_bearer\", client_id and username in the scan block", tokenEnv)
	}
	if st.auth == AuthToken {
		c.SetBearer(credential)
		return nil
	}
	if st.clientIDEnv != "" {
		if env.Getenv != nil {
			st.clientID = strings.TrimSpace(env.Getenv(st.clientIDEnv))
		}
		if !clientIDPattern.MatchString(st.clientID) {
			return fmt.Errorf("salesforce: environment variable %s (client_id_env) does not hold a consumer key", st.clientIDEnv)
		}
	}
	var form func() (url.Values, error)
	switch st.auth {
	case AuthClientCredentials:
		form = func() (url.Values, error) {
			return url.Values{"grant_type": {oauth.GrantClientCredentials}, "client_id": {st.clientID}, "client_secret": {credential}}, nil
		}
	case AuthJWTBearer:
		key, err := oauth.ParseRSAKey(credential, tokenEnv)
		if err != nil {
			return fmt.Errorf("salesforce: auth = \"jwt_bearer\": %w", err)
		}
		now := env.HTTP.WithDefaults().Now
		form = func() (url.Values, error) {
			// Salesforce allows an assertion at most 3 minutes ahead.
			jws, err := oauth.SignRS256(key, "", map[string]any{"iss": st.clientID, "sub": st.username,
				"aud": audience(host), "exp": now().Add(3 * time.Minute).Unix()})
			if err != nil {
				return nil, err
			}
			return url.Values{"grant_type": {oauth.GrantJWTBearer}, "assertion": {jws}}, nil
		}
	}
	return c.SignIn(ctx, env, Kind, c.BaseURL(), tokenPath, form, func(err error) error { return explainToken(err, st, tokenEnv) })
}

// explainToken turns a refused token request into what to fix: the
// setting or the variable, never the secret.
func explainToken(err error, st settings, tokenEnv string) error {
	var oe *oauth.Error
	if !errors.As(err, &oe) {
		return err
	}
	desc := strings.ToLower(oe.Description)
	jwt := st.auth == AuthJWTBearer
	switch {
	case oe.Code == "invalid_grant" && jwt && strings.Contains(desc, "expired"):
		return fmt.Errorf("%w: the assertion had expired when Salesforce read it: check this machine's clock (the assertion is valid for 3 minutes)", err)
	case oe.Code == "invalid_grant" && jwt && (strings.Contains(desc, "audience") || strings.Contains(desc, "user")):
		return fmt.Errorf("%w: check username (%s) names an active user of this org pre-authorized for the connected app "+
			"(App Manager › the app › Manage › Edit Policies: Permitted Users \"Admin approved users are pre-authorized\", then add the user's profile or a permission set)",
			err, st.username)
	case oe.Code == "invalid_grant" && jwt:
		return fmt.Errorf("%w: Salesforce refused the assertion signed with the key in %s: the connected app must have the certificate of that key "+
			"(App Manager › the app › Edit › Use digital signatures), client_id its consumer key, and username a pre-authorized user", err, tokenEnv)
	case oe.Code == "invalid_grant":
		return fmt.Errorf("%w: enable the Client Credentials Flow of the connected app and set its Run As user "+
			"(App Manager › the app › Manage › Edit Policies › Client Credentials Flow)", err)
	case oe.Code == "invalid_client_id":
		return fmt.Errorf("%w: client_id is not the consumer key of a connected app of this org (App Manager › the app › View › Consumer Key and Secret)", err)
	case oe.Code == "invalid_client" && !jwt:
		return fmt.Errorf("%w: the consumer secret in %s does not go with client_id; copy both from App Manager › the app › View › Consumer Key and Secret", err, tokenEnv)
	case oe.Code == "unsupported_grant_type":
		return fmt.Errorf("%w: the org does not allow this flow: enable it in the connected app's OAuth settings (auth = %q)", err, st.auth)
	case oe.Status == 404:
		return fmt.Errorf("%w: this host has no OAuth token endpoint; host must be the org's My Domain (the client credentials flow works only there)", err)
	}
	return err
}
