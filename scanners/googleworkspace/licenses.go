package googleworkspace

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/usage"
)

// Scanner reads who holds a licence of one Google product (or one SKU of
// it) from the Enterprise License Manager API, and when each holder last
// signed in from the Directory API:
//
//	scan "google_workspace" {
//	  token_env   = "GOOGLE_CREDENTIALS" # a service account's JSON key, or an access token
//	  subject     = "it-admin@acme.example" # with a key: the admin it acts for
//	  customer_id = "C01abc23d"    # or "my_customer" (the default): the admin's own
//	  product_id  = "Google-Apps"  # Google Workspace
//	  sku_id      = "1010020027"   # optional: Business Standard only
//	}
//
// Every assignment's userId (the user's primary email) is a seat holder;
// their last activity is the Directory's lastLoginTime (the last sign-in to
// Google), none for a user who never signed in or is suspended or
// archived. The API reports no purchased seats: the inventory's cost.seats
// stands for them.
type Scanner struct {
	scanners.BlockScanner[scanSettings]
}

// New returns the google_workspace scanner.
func New() *Scanner {
	return &Scanner{scanners.BlockScanner[scanSettings]{Decode: decodeScan, Measure: measure}}
}

type scanSettings struct {
	customerID, productID, skuID string
	auth                         authSettings
}

var scanSchema = &hcl.BodySchema{
	Attributes: append([]hcl.AttributeSchema{{Name: "customer_id"}, {Name: "product_id"}, {Name: "sku_id"}}, authAttrs...),
}

var (
	// Product and SKU ids are names ("Google-Apps") or numbers ("1010020027").
	googleIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$`)
	// domainPattern recognizes a domain given where a customer ID belongs.
	domainPattern = regexp.MustCompile(`^([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$`)
)

// The scopes of a scan's calls.
var scanScopes = []string{ScopeLicensing, ScopeUsers}

const productDetail = "product_id is the Google product whose licences to read, such as \"Google-Apps\" (Google Workspace), \"101031\" (Google Workspace for Education) or \"Google-Vault\"; " +
	"sku_id optionally narrows it to one SKU, such as \"1010020027\" (Business Standard). " +
	"See https://developers.google.com/workspace/admin/licensing/v1/how-tos/products."

func decodeScan(scan *inventory.Scan) (scanSettings, hcl.Diagnostics) {
	st := scanSettings{customerID: "my_customer"}
	howTo := "A google_workspace scan reads its credentials from an environment variable: add token_env = \"GOOGLE_CREDENTIALS\". " +
		credentialHowTo(scanScopes, "License Management and Users › Read")
	if scan.Body == nil {
		var diags hcl.Diagnostics
		if scan.TokenEnv == "" {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing token_env", Detail: howTo, Subject: scan.DeclRange.Ptr()})
		}
		return st, append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing product_id setting", Detail: productDetail, Subject: scan.DeclRange.Ptr()})
	}
	content, diags := scan.Body.Content(scanSchema)
	attrs := content.Attributes
	var moreDiags hcl.Diagnostics
	st.auth, moreDiags = decodeAuth(attrs, scan.TokenEnv, scan.DeclRange, howTo)
	diags = append(diags, moreDiags...)
	missing := func(name, detail string) {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing " + name + " setting", Detail: detail, Subject: scan.DeclRange.Ptr()})
	}

	diags = append(diags, customerIDSetting(attrs, &st.customerID)...)

	for _, x := range []struct {
		name     string
		dst      *string
		required bool
	}{{"product_id", &st.productID, true}, {"sku_id", &st.skuID, false}} {
		s, a, ok, moreDiags := scanners.TextSetting(attrs, x.name, productDetail)
		diags = append(diags, moreDiags...)
		switch {
		case a == nil && x.required:
			missing(x.name, productDetail)
		case ok && !googleIDPattern.MatchString(s):
			diags = append(diags, scanners.InvalidSetting(a, fmt.Sprintf("%q is not a Google product or SKU id. %s", s, productDetail)))
		case ok:
			*x.dst = s
		}
	}
	return st, diags
}

// customerIDSetting decodes customer_id, which scan and discovery blocks
// take alike, into *dst, which keeps its default when the setting is
// absent or wrong.
func customerIDSetting(attrs hcl.Attributes, dst *string) hcl.Diagnostics {
	s, a, ok, diags := scanners.TextSetting(attrs, "customer_id", customerIDDetail)
	switch {
	case !ok:
	case discoveryCustomerPattern.MatchString(s):
		*dst = s
	case domainPattern.MatchString(s):
		diags = append(diags, scanners.InvalidSetting(a,
			fmt.Sprintf("%q is a domain, not a customer ID: the current Admin SDK and License Manager APIs take the customer ID only (a domain was accepted by an earlier version). %s", s, customerIDDetail)))
	default:
		diags = append(diags, scanners.InvalidSetting(a, fmt.Sprintf("%q is not a Google customer ID. %s", s, customerIDDetail)))
	}
	return diags
}

// usersPath is the Directory API's users.list.
const usersPath = "/admin/directory/v1/users"

// measure reads the product's licence assignments and their holders'
// last sign-ins with the block's settings and credential (variable: what
// token_env names holds).
func measure(ctx context.Context, tool *inventory.Tool, env scanners.Env, st scanSettings, variable string) (*usage.ToolUsage, error) {
	token, cred, err := signIn(ctx, env, tool.Scan.TokenEnv, variable, st.auth, scanScopes)
	if err != nil {
		return nil, err
	}
	dir := env.Client(Kind, DirectoryBaseURL)
	dir.SetBearer(token)
	people, customer, err := listUsers(ctx, dir, st.customerID, cred.where, scanScopes, "Users › Read")
	if err != nil {
		return nil, err
	}
	if customer == "" {
		return nil, fmt.Errorf("google_workspace: GET %s: Google named no customer ID for %s; set customer_id to the customer's ID. %s", usersPath, st.customerID, customerIDDetail)
	}

	c := env.Client(Kind, LicensingBaseURL)
	c.SetBearer(token)
	path := "/apps/licensing/v1/product/" + url.PathEscape(st.productID)
	what := "product " + st.productID
	if st.skuID != "" {
		path += "/sku/" + url.PathEscape(st.skuID)
		what += " SKU " + st.skuID
	}
	path += "/users"
	advice404 := fmt.Sprintf("Google knows no %s for this customer; check product_id and sku_id. %s", what, productDetail)

	users := []usage.User{}
	seen := map[string]bool{}
	err = scanners.PaginateCall(ctx, "google_workspace: GET "+path, func(ctx context.Context, pageToken string) (string, error) {
		q := url.Values{"customerId": {customer}, "maxResults": {"1000"}}
		if pageToken != "" {
			q.Set("pageToken", pageToken)
		}
		body, err := c.Get(ctx, path, q)
		if err != nil {
			return "", explain(err, cred.where, scanScopes, ScopeLicensing, "License Management", advice404)
		}
		p, err := DecodeLicenses(body)
		if err != nil {
			return "", fmt.Errorf("google_workspace: GET %s: %w", path, err)
		}
		for _, a := range p.Items {
			email := strings.TrimSpace(a.UserID)
			id := strings.ToLower(email)
			if seen[id] {
				continue // a user with two SKUs of the product holds one seat
			}
			if err := scanners.KeepUser(ctx); err != nil {
				return "", err
			}
			seen[id] = true
			u := usage.User{ID: id, Email: email}
			if d, ok := people[id]; ok && !d.Suspended && !d.Archived {
				u.LastActive = d.LastLogin()
			}
			users = append(users, u)
		}
		return p.NextPageToken, nil
	})
	if err != nil {
		return nil, err
	}
	return &usage.ToolUsage{Users: users, Seats: usage.Seats{Assigned: len(users)}}, nil
}

// listUsers reads every user of the customer from the Directory API, by
// lower-case primary e-mail, and the customer ID the users name (what
// my_customer stands for).
func listUsers(ctx context.Context, c *scanners.Client, customerID, where string, scopes []string, privilege string) (map[string]DirectoryUser, string, error) {
	out := map[string]DirectoryUser{}
	customer := ""
	if customerID != "my_customer" {
		customer = customerID
	}
	err := scanners.PaginateCall(ctx, "google_workspace: GET "+usersPath, func(ctx context.Context, pageToken string) (string, error) {
		q := url.Values{"customer": {customerID}, "maxResults": {"500"}, "projection": {"basic"}, "viewType": {"admin_view"}}
		if pageToken != "" {
			q.Set("pageToken", pageToken)
		}
		body, err := c.Get(ctx, usersPath, q)
		if err != nil {
			return "", explain(err, where, scopes, ScopeUsers, privilege, "the Directory API knows no such customer; check customer_id")
		}
		p, err := DecodeUsers(body)
		if err != nil {
			return "", fmt.Errorf("google_workspace: GET %s: %w", usersPath, err)
		}
		for _, u := range p.Users {
			out[strings.ToLower(strings.TrimSpace(u.PrimaryEmail))] = u
			if customer == "" {
				customer = clean(u.CustomerID)
			}
		}
		return p.NextPageToken, scanners.CheckUsers(ctx, len(out))
	})
	if customer == "?" {
		customer = ""
	}
	return out, customer, err
}
