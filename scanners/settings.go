package scanners

import (
	"fmt"

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
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Missing token_env",
		Detail:   howTo,
		Subject:  block.Ptr(),
	}}
}

// BoolSetting decodes an optional bool setting into *dst, which keeps its
// default when the setting is absent or wrong. meaning explains the two
// values, for the error.
func BoolSetting(attrs hcl.Attributes, name, meaning string, dst *bool) hcl.Diagnostics {
	a, ok := attrs[name]
	if !ok {
		return nil
	}
	v, diags := a.Expr.Value(nil)
	switch {
	case diags.HasErrors():
		return diags
	case v.IsNull() || !v.IsKnown() || v.Type() != cty.Bool:
		return append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "Invalid " + name + " setting",
			Detail:   meaning,
			Subject:  a.Expr.Range().Ptr(),
		})
	}
	*dst = v.True()
	return diags
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
