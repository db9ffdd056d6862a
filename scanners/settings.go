package scanners

import (
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/stackaudit/stackaudit/inventory"
)

// Helpers every kind uses to decode its scan block the same way, so that
// the same mistake gives the same diagnostic whatever the vendor.

// RequireTokenEnv reports a scan block without token_env. howTo says which
// variable to set and how to create the token, for this vendor.
func RequireTokenEnv(scan *inventory.Scan, howTo string) hcl.Diagnostics {
	return requireTokenEnv(scan.TokenEnv, scan.DeclRange, howTo)
}

// RequireDiscoveryTokenEnv is RequireTokenEnv for a discovery block.
func RequireDiscoveryTokenEnv(d *inventory.Discovery, howTo string) hcl.Diagnostics {
	return requireTokenEnv(d.TokenEnv, d.DeclRange, howTo)
}

func requireTokenEnv(tokenEnv string, block hcl.Range, howTo string) hcl.Diagnostics {
	if tokenEnv != "" {
		return nil
	}
	return hcl.Diagnostics{BlockError(block, "Missing token_env", howTo)}
}

// BoolSetting decodes an optional bool setting into *dst, which keeps its
// default when the setting is absent or wrong. meaning explains the two
// values, for the error.
func BoolSetting(attrs hcl.Attributes, name, meaning string, dst *bool) hcl.Diagnostics {
	return Setting(attrs, name, meaning, func(v cty.Value) (bool, bool) {
		if v.Type() != cty.Bool {
			return false, false
		}
		return v.True(), true
	}, dst)
}

// TextSetting decodes an optional string setting, the way BoolSetting
// decodes a bool, for a kind that checks the value itself (a pattern, a
// list of methods). attr is the setting (nil when absent), for the kind's
// own diagnostics on its value; ok is false when it is absent or not a
// string (diags then says why, with meaning as the detail).
func TextSetting(attrs hcl.Attributes, name, meaning string) (value string, attr *hcl.Attribute, ok bool, diags hcl.Diagnostics) {
	attr = attrs[name]
	diags = Setting(attrs, name, meaning, func(v cty.Value) (string, bool) {
		if v.Type() != cty.String {
			return "", false
		}
		return v.AsString(), true
	}, &value)
	return value, attr, attr != nil && !diags.HasErrors(), diags
}

// InvalidSetting is the diagnostic on a setting whose value is wrong:
// every kind words its summary the same way, and detail says what the
// value should be.
func InvalidSetting(a *hcl.Attribute, detail string) *hcl.Diagnostic {
	return AttributeError(a, "Invalid "+a.Name+" setting", detail)
}

// Token reads the token of a scan block from the variable it names.
func Token(env Env, scan *inventory.Scan) (string, error) {
	return token(env, scan.TokenEnv)
}

// DiscoveryToken reads the token of a discovery block from the variable
// it names.
func DiscoveryToken(env Env, d *inventory.Discovery) (string, error) {
	return token(env, d.TokenEnv)
}

func token(env Env, name string) (string, error) {
	token := ""
	if env.Getenv != nil {
		token = env.Getenv(name)
	}
	if token == "" {
		return "", fmt.Errorf("environment variable %s is not set", name)
	}
	return token, nil
}

// StringSetting reads a literal string setting of a scan or discovery
// block's body, or "" when it is absent or not a literal string: for code
// outside the kind that needs one setting (such as the sandbox's seed),
// after validation.
func StringSetting(body hcl.Body, name string) string {
	if body == nil {
		return ""
	}
	attrs, _ := body.JustAttributes()
	a, ok := attrs[name]
	if !ok {
		return ""
	}
	v, diags := a.Expr.Value(nil)
	if diags.HasErrors() || v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
		return ""
	}
	return v.AsString()
}

// Settings decodes the kind's own settings in a scan or discovery block's
// body against schema and hands them to set. A block without a body has
// none: set is not called and its defaults stand.
func Settings(body hcl.Body, schema *hcl.BodySchema, set func(hcl.Attributes) hcl.Diagnostics) hcl.Diagnostics {
	if body == nil {
		return nil
	}
	content, diags := body.Content(schema)
	if set != nil && content != nil {
		diags = append(diags, set(content.Attributes)...)
	}
	return diags
}

// Prepare is how a Scan or a Discover that reads a token begins: the
// block's settings decoded with the kind's decode (its diagnostics are the
// error when Validate would have failed) and the token read from the
// variable tokenEnv, which the block names.
func Prepare[B, S any](env Env, block B, tokenEnv string, decode func(B) (S, hcl.Diagnostics)) (S, string, error) {
	st, diags := decode(block)
	if diags.HasErrors() {
		return st, "", diags
	}
	token, err := token(env, tokenEnv)
	return st, token, err
}

// DiagnosticsOf is the diagnostics of a kind's decode, whose settings
// Validate does not need: Validate is DiagnosticsOf(decode(block)).
func DiagnosticsOf[S any](_ S, diags hcl.Diagnostics) hcl.Diagnostics { return diags }

// StringAttribute reads a literal string setting; anything else is a
// diagnostic on its value.
func StringAttribute(a *hcl.Attribute) (string, *hcl.Diagnostic) {
	v, d := a.Expr.Value(nil)
	if d.HasErrors() {
		return "", d[0]
	}
	if v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
		return "", AttributeError(a, "Invalid "+a.Name+" setting", a.Name+" is a string, written in double quotes.")
	}
	return v.AsString(), nil
}

// AttributeError is an error diagnostic on a setting's value.
func AttributeError(a *hcl.Attribute, summary, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: a.Expr.Range().Ptr()}
}

// CheckAPIURL checks the url setting of a generic kind (http, scim), which
// decides where the kind's token is sent, and says what is wrong with it,
// or "": an https:// URL (http:// on a loopback host only, for a local
// test server; --endpoint KIND=URL reaches anything else), without a user
// name, password or #fragment. what names the URL in messages ("the
// address of the user list") and example is one.
func CheckAPIURL(s, kind, what, example string) (*url.URL, string) {
	u, err := url.Parse(strings.TrimSpace(s))
	switch {
	case err != nil || s == "":
		return nil, fmt.Sprintf("%q is not a URL; write %s, such as %q.", s, what, example)
	case u.Scheme != "https" && u.Scheme != "http" || u.Host == "" || u.Opaque != "":
		return nil, fmt.Sprintf("%q is not an https:// URL; write the full %s, such as %q.", s, strings.TrimPrefix(what, "the "), example)
	case u.User != nil:
		return nil, "url holds a user name or password: inventories are committed to version control, so put the credential in the variable that token_env names instead."
	case u.Fragment != "":
		return nil, "url has a #fragment, which is never sent to the server: remove it."
	case u.Scheme == "http" && !IsLoopback(u.Hostname()):
		return nil, fmt.Sprintf("url must use https:// so that the token is encrypted on the way: http:// is allowed only for a test server on this machine (127.0.0.1, localhost or ::1), not for %s. "+
			"To reach a proxy or a test server elsewhere, use --endpoint %s=URL on the command line.", u.Hostname(), kind)
	}
	return u, ""
}

// IsLoopback reports whether host is this machine.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
