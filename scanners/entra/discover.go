package entra

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/internal/plural"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/inventory/catalog"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/usage"
)

// Discoverer reports a tenant's enterprise apps and the apps its users
// consented to:
//
//	discovery "entra_id" {
//	  tenant_id = "acme.onmicrosoft.com"
//	  client_id = "11111111-2222-4333-8444-555555555555"
//	  token_env = "ENTRA_CLIENT_SECRET"
//	}
//
// It reads every service principal (GET /servicePrincipals with $select)
// and every delegated permission grant (GET /oauth2PermissionGrants). A
// discovered tool is an app of the tenant's Enterprise applications list
// (tag WindowsAzureActiveDirectoryIntegratedApp), or any app holding a
// delegated grant, that Microsoft does not own; its users are those
// assigned to it (GET /servicePrincipals/{id}/appRoleAssignedTo, one call
// per enterprise app) and those who consented to it, and its scopes the
// delegated scopes granted (Microsoft Graph's by their names, Mail.Send;
// other APIs' as API/scope), which the risky-oauth-grant rule reads.
// Microsoft's own apps (Office, Teams, the Graph itself) are in every
// tenant and are left out. An app matches the catalog by its name, then by
// its publisher's hosts (homepage, sign-on and marketing URLs).
type Discoverer struct {
	scanners.BlockDiscoverer[credentials]
}

// NewDiscoverer returns the entra_id discoverer.
func NewDiscoverer() *Discoverer {
	return &Discoverer{scanners.BlockDiscoverer[credentials]{Decode: decodeDiscovery, Find: discover}}
}

func discoverySchema() *hcl.BodySchema { return &hcl.BodySchema{Attributes: authSchema()} }

func decodeDiscovery(d *inventory.Discovery) (credentials, hcl.Diagnostics) {
	diags := requireTokenEnv(d.TokenEnv, d.Source)
	if d.Body == nil {
		return credentials{}, append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing tenant_id",
			Detail: tenantHelp, Subject: d.DeclRange.Ptr()})
	}
	content, moreDiags := d.Body.Content(discoverySchema())
	diags = append(diags, moreDiags...)
	if content == nil {
		return credentials{}, diags
	}
	cr, moreDiags := decodeCredentials(content.Attributes, d.DeclRange)
	return cr, append(diags, moreDiags...)
}

// The tenants Microsoft's own apps belong to (appOwnerOrganizationId):
// Microsoft Services and Microsoft's corporate tenant.
var microsoftTenants = []string{"f8cdef31-a31e-4b4a-93e4-5f571e91255a", "72f988bf-86f1-41af-91ab-2d7cd011db47"}

// graphAppID is Microsoft Graph's application id.
const graphAppID = "00000003-0000-0000-c000-000000000000"

// enterpriseTag marks the apps the Enterprise applications list shows.
const enterpriseTag = "WindowsAzureActiveDirectoryIntegratedApp"

const spSelect = "id,appId,displayName,appDisplayName,accountEnabled,appOwnerOrganizationId,publisherName,verifiedPublisher," +
	"servicePrincipalType,homepage,loginUrl,replyUrls,tags,info"

// found is one discovered app.
type found struct {
	sp         ServicePrincipal
	enterprise bool
	assigned   map[string]bool
	groups     int
	consented  map[string]bool
	allUsers   bool // an admin consented for every user
	scopes     map[string]bool
}

// discover lists the tenant's apps with the block's credential.
func discover(ctx context.Context, d *inventory.Discovery, env scanners.Env, cr credentials, credential string) (*usage.Discovered, error) {
	c, err := connect(ctx, env, credential, d.TokenEnv, cr)
	if err != nil {
		return nil, err
	}

	byID := map[string]ServicePrincipal{}
	var order []string
	q := url.Values{"$select": {spSelect}, "$top": {"999"}}
	err = walk(ctx, c, spEndpoint, servicePrincipalsPath, q, d.TokenEnv, func(body []byte) (string, error) {
		sps, next, err := DecodeServicePrincipals(body)
		for _, sp := range sps {
			if _, dup := byID[sp.ID]; !dup {
				order = append(order, sp.ID)
			}
			byID[sp.ID] = sp
		}
		return next, err
	})
	if err != nil {
		return nil, err
	}

	apps := map[string]*found{}
	get := func(sp ServicePrincipal) *found {
		f := apps[sp.ID]
		if f == nil {
			f = &found{sp: sp, assigned: map[string]bool{}, consented: map[string]bool{}, scopes: map[string]bool{}}
			apps[sp.ID] = f
		}
		return f
	}
	for _, id := range order {
		if sp := byID[id]; thirdParty(sp) && slices.Contains(sp.Tags, enterpriseTag) {
			get(sp).enterprise = true
		}
	}

	err = walk(ctx, c, grantsEndpoint, grantsPath, nil, d.TokenEnv, func(body []byte) (string, error) {
		grants, next, err := DecodeGrants(body)
		for _, g := range grants {
			sp, ok := byID[g.ClientID]
			if !ok || !thirdParty(sp) {
				continue
			}
			f := get(sp)
			if strings.EqualFold(g.ConsentType, "AllPrincipals") {
				f.allUsers = true
			} else if g.PrincipalID != nil && *g.PrincipalID != "" {
				f.consented[*g.PrincipalID] = true
			}
			api := ""
			if r, ok := byID[g.ResourceID]; ok && r.AppID != graphAppID {
				api = cmp.Or(clean(r.DisplayName), r.AppID) + "/"
			}
			for _, s := range strings.Fields(g.Scope) {
				f.scopes[api+s] = true
			}
		}
		return next, err
	})
	if err != nil {
		return nil, err
	}

	ids := make([]string, 0, len(apps))
	for id := range apps {
		ids = append(ids, id)
	}
	pos := make(map[string]int, len(order))
	for i, id := range order {
		pos[id] = i
	}
	slices.SortFunc(ids, func(a, b string) int { return cmp.Compare(pos[a], pos[b]) })
	tools := []usage.DiscoveredTool{}
	for _, id := range ids {
		f := apps[id]
		if f.enterprise {
			users, groups, err := assignedUsers(ctx, c, id, d.TokenEnv)
			if err != nil {
				return nil, err
			}
			for _, u := range users {
				f.assigned[u] = true
			}
			f.groups = groups
		}
		tools = append(tools, f.tool(env.Catalog))
	}
	return scanners.ToolsFound(tools), nil
}

// thirdParty reports whether sp is an app of the tenant or a third party:
// an application (not a managed identity) that Microsoft does not own.
func thirdParty(sp ServicePrincipal) bool {
	t := sp.ServicePrincipalType
	return (t == "" || strings.EqualFold(t, "Application")) && !slices.Contains(microsoftTenants, strings.ToLower(sp.AppOwnerOrganizationID))
}

func (f *found) tool(cat *catalog.Catalog) usage.DiscoveredTool {
	users := map[string]bool{}
	for u := range f.assigned {
		users[u] = true
	}
	for u := range f.consented {
		users[u] = true
	}
	scopes := make([]string, 0, len(f.scopes))
	for s := range f.scopes {
		scopes = append(scopes, s)
	}
	slices.Sort(scopes)
	sp := f.sp
	var parts []string
	if f.enterprise {
		a := plural.Count(len(f.assigned), "assigned user", "assigned users")
		if f.groups > 0 {
			a += ", " + plural.Count(f.groups, "group", "groups")
		}
		parts = append(parts, a)
	}
	switch {
	case f.allUsers:
		parts = append(parts, "delegated consent for all users")
	case len(f.consented) > 0:
		parts = append(parts, "delegated consent by "+plural.Count(len(f.consented), "user", "users"))
	}
	what := "Entra enterprise app"
	if !f.enterprise {
		what = "Entra app"
	}
	publisher := ""
	if p := publisherOf(sp); p != "" {
		publisher = "publisher " + p + ", "
	}
	disabled := ""
	if sp.AccountEnabled != nil && !*sp.AccountEnabled {
		disabled = "disabled, "
	}
	name := cmp.Or(clean(sp.DisplayName), clean(sp.AppDisplayName), sp.AppID)
	return usage.DiscoveredTool{
		Source:   Kind,
		Name:     name,
		Product:  product(cat, sp),
		Users:    len(users),
		Scopes:   scopes,
		Evidence: fmt.Sprintf("%s %s (%s%s%s)", what, clean(sp.AppID), disabled, publisher, strings.Join(parts, "; ")),
	}
}

// publisherOf is the app's publisher, verified first.
func publisherOf(sp ServicePrincipal) string {
	if v := sp.VerifiedPublisher; v != nil && clean(v.DisplayName) != "" {
		return clean(v.DisplayName) + " (verified)"
	}
	return clean(sp.PublisherName)
}

// product is the one catalog product the app's name, or else its
// publisher's hosts, identify ("" when none or several).
func product(cat *catalog.Catalog, sp ServicePrincipal) string {
	hosts := []string{sp.Homepage, sp.LoginURL}
	if sp.Info != nil {
		hosts = append(hosts, sp.Info.MarketingURL)
	}
	return scanners.ProductOf(cat, []string{sp.DisplayName, sp.AppDisplayName}, append(hosts, sp.ReplyURLs...))
}
