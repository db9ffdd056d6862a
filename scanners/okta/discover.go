package okta

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/internal/plural"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/inventory/catalog"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/oauth"
	"github.com/stackaudit/stackaudit/usage"
)

// Discoverer reports the app integrations of an Okta org.
type Discoverer struct {
	scanners.BlockDiscoverer[discoverySettings]
}

// NewDiscoverer returns the Okta discoverer.
func NewDiscoverer() *Discoverer {
	return &Discoverer{scanners.BlockDiscoverer[discoverySettings]{Decode: decodeDiscovery, Find: discover}}
}

// discoverySettings are the okta discovery block's own settings:
//
//	discovery "okta" {
//	  host             = "acme.okta.com"
//	  token_env        = "OKTA_TOKEN"
//	  include_inactive = false # also report deactivated apps
//	}
type discoverySettings struct {
	includeInactive bool
	credentials
}

func discoverySchema() *hcl.BodySchema {
	return &hcl.BodySchema{Attributes: append([]hcl.AttributeSchema{{Name: "include_inactive"}}, authSchema()...)}
}

func decodeDiscovery(d *inventory.Discovery) (discoverySettings, hcl.Diagnostics) {
	st := discoverySettings{credentials: credentials{auth: AuthSSWS}}
	diags := scanners.RequireDiscoveryTokenEnv(d, "Okta discovery reads an Okta API token from an environment variable: add token_env = \"OKTA_TOKEN\" and "+tokenHowTo+".")
	diags = append(diags, requireHost(d.Source, d.Host, "discovery")...)
	diags = append(diags, scanners.Settings(d.Body, discoverySchema(), func(attrs hcl.Attributes) hcl.Diagnostics {
		diags := scanners.BoolSetting(attrs, "include_inactive",
			"include_inactive is false (report active apps only) or true (also report deactivated apps).", &st.includeInactive)
		cr, moreDiags := decodeCredentials(attrs, d.DeclRange)
		st.credentials = cr
		return append(diags, moreDiags...)
	})...)
	return st, diags
}

// discover lists the org's apps and counts their users with the block's
// settings and token.
func discover(ctx context.Context, d *inventory.Discovery, env scanners.Env, st discoverySettings, token string) (*usage.Discovered, error) {
	c, err := connect(ctx, env, d.Host, token, d.TokenEnv, st.credentials, []string{scopeApps, scopeUsers})
	if err != nil {
		return nil, err
	}

	filter := `status eq "ACTIVE"`
	if st.includeInactive {
		filter = ""
	}
	var apps []App
	seen := map[string]bool{}
	err = walk(ctx, c, appsEndpoint(), page(filter), d.TokenEnv, func(body []byte) error {
		page, err := DecodeApps(body)
		if err != nil {
			return err
		}
		for _, a := range page {
			// The filter is applied here too: an org that ignored it
			// must not report deactivated apps.
			if seen[a.ID] || builtIn(a.Name) || !st.includeInactive && !strings.EqualFold(a.Status, "ACTIVE") {
				continue
			}
			seen[a.ID] = true
			apps = append(apps, a)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	tools := []usage.DiscoveredTool{}
	for _, a := range apps {
		n, err := countAssigned(ctx, c, a.ID, d.TokenEnv)
		if errors.Is(err, errAppGone) {
			continue
		}
		if err != nil {
			return nil, err
		}
		name := strings.TrimSpace(a.Label)
		if name == "" {
			name = cmp.Or(a.Name, a.ID)
		}
		state := ""
		if !strings.EqualFold(a.Status, "ACTIVE") {
			state = strings.ToLower(clean(a.Status)) + ", "
		}
		tools = append(tools, usage.DiscoveredTool{
			Source:   Kind,
			Name:     name,
			Product:  product(env.Catalog, a),
			Users:    n,
			Scopes:   []string{},
			Evidence: fmt.Sprintf("Okta app %s (%s, %s%s)", clean(a.ID), signOn(a.SignOnMode), state, plural.Count(n, "assigned user", "assigned users")),
		})
	}
	return scanners.ToolsFound(tools), nil
}

// errAppGone is an app deleted between listing and counting.
var errAppGone = errors.New("app removed")

// countAssigned counts an app's assigned users (users assigned directly
// and through groups; Okta lists each once).
func countAssigned(ctx context.Context, c *oauth.Conn, appID, tokenEnv string) (int, error) {
	ep := appUsersEndpoint(appID)
	seen := map[string]bool{}
	err := walk(ctx, c, ep, page(""), tokenEnv, func(body []byte) error {
		users, err := DecodeAppUsers(body)
		if err != nil {
			return err
		}
		for _, u := range users {
			seen[u.ID] = true
		}
		return nil
	})
	var re *scanners.RequestError
	if errors.As(err, &re) && re.Err == nil && re.Status == http.StatusNotFound && len(seen) == 0 {
		return 0, errAppGone
	}
	return len(seen), err
}

// builtIn reports Okta's own apps, present in every org: the end-user
// dashboard (okta_enduser), the admin console (saasure, and
// okta_admin_console in newer orgs), the browser plugin, Workflows
// (okta_flow_sso) and the other okta_* first-party integrations.
func builtIn(name string) bool {
	n := strings.ToLower(name)
	return n == "saasure" || strings.HasPrefix(n, "okta_")
}

// product is the catalog product the app's label names, or else its
// technical name (an Okta Integration Network app's name is the vendor's,
// such as "marketo"), when exactly one product matches.
func product(cat *catalog.Catalog, a App) string {
	return scanners.ProductOf(cat, []string{a.Label, a.Name}, nil)
}

// signOn names a sign-on mode for people.
func signOn(mode string) string {
	switch strings.ToUpper(mode) {
	case "SAML_2_0":
		return "SAML 2.0"
	case "SAML_1_1":
		return "SAML 1.1"
	case "OPENID_CONNECT":
		return "OpenID Connect"
	case "WS_FEDERATION":
		return "WS-Federation"
	case "AUTO_LOGIN", "BROWSER_PLUGIN", "SECURE_PASSWORD_STORE":
		return "SWA"
	case "BASIC_AUTH":
		return "basic auth"
	case "BOOKMARK":
		return "bookmark"
	case "":
		return "no sign-on mode"
	}
	return clean(mode)
}
