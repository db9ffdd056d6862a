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
// it) from the Enterprise License Manager API:
//
//	scan "google_workspace" {
//	  token_env   = "GOOGLE_TOKEN"
//	  customer_id = "C01abc23d"    # or the primary domain, "acme.example"
//	  product_id  = "Google-Apps"  # Google Workspace
//	  sku_id      = "1010020027"   # optional: Business Standard only
//	}
//
// Every assignment's userId (the user's primary email) is a seat holder.
// The API reports neither purchased seats (the inventory's cost.seats
// stands for them) nor any activity, so LastActive stays empty and such a
// tool counts no active users.
type Scanner struct{}

// New returns the google_workspace scanner.
func New() *Scanner { return &Scanner{} }

type scanSettings struct {
	customerID, productID, skuID string
}

var scanSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "customer_id"}, {Name: "product_id"}, {Name: "sku_id"}},
}

var (
	// The License Manager takes a customer ID or the primary domain;
	// my_customer is a Directory and Reports API alias only.
	licenseCustomerPattern = regexp.MustCompile(`^(C[0-9a-z]+|([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63})$`)
	// Product and SKU ids are names ("Google-Apps") or numbers ("1010020027").
	googleIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$`)
)

const productDetail = "product_id is the Google product whose licences to read, such as \"Google-Apps\" (Google Workspace), \"101031\" (Google Workspace for Education) or \"Google-Vault\"; " +
	"sku_id optionally narrows it to one SKU, such as \"1010020027\" (Business Standard). " +
	"See https://developers.google.com/workspace/admin/licensing/v1/how-tos/products."

// Validate implements scanners.Scanner.
func (*Scanner) Validate(scan *inventory.Scan) hcl.Diagnostics {
	return scanners.DiagnosticsOf(decodeScan(scan))
}

func decodeScan(scan *inventory.Scan) (scanSettings, hcl.Diagnostics) {
	var st scanSettings
	var diags hcl.Diagnostics
	diags = append(diags, scanners.RequireTokenEnv(scan, "A google_workspace scan reads an OAuth 2 access token from an environment variable: add token_env = \"GOOGLE_TOKEN\" "+
		"and mint the token with the scope "+ScopeLicensing+" for a super admin, or an admin with the License Management privilege.")...)
	if scan.Body == nil {
		return st, diags
	}
	content, moreDiags := scan.Body.Content(scanSchema)
	diags = append(diags, moreDiags...)
	attrs := content.Attributes
	missing := func(name, detail string) {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing " + name + " setting", Detail: detail, Subject: scan.DeclRange.Ptr()})
	}

	const customerDetail = "customer_id is the customer's ID, such as \"C01abc23d\" (Admin console › Account › Account settings › Customer ID, in lower case after the C), " +
		"or its primary domain, such as \"acme.example\". The License Manager API does not understand \"my_customer\"."
	s, present, moreDiags := stringSetting(attrs, "customer_id", customerDetail)
	diags = append(diags, moreDiags...)
	switch {
	case !present:
		missing("customer_id", customerDetail)
	case present && !moreDiags.HasErrors() && !licenseCustomerPattern.MatchString(s):
		diags = append(diags, attrError(attrs, "customer_id", "Invalid customer_id setting", fmt.Sprintf("%q is neither a customer ID nor a domain. %s", s, customerDetail)))
	case present && !moreDiags.HasErrors():
		st.customerID = s
	}

	for _, x := range []struct {
		name     string
		dst      *string
		required bool
	}{{"product_id", &st.productID, true}, {"sku_id", &st.skuID, false}} {
		s, present, moreDiags := stringSetting(attrs, x.name, productDetail)
		diags = append(diags, moreDiags...)
		switch {
		case !present && x.required:
			missing(x.name, productDetail)
		case present && !moreDiags.HasErrors() && !googleIDPattern.MatchString(s):
			diags = append(diags, attrError(attrs, x.name, "Invalid "+x.name+" setting", fmt.Sprintf("%q is not a Google product or SKU id. %s", s, productDetail)))
		case present && !moreDiags.HasErrors():
			*x.dst = s
		}
	}
	return st, diags
}

// Scan implements scanners.Scanner.
func (*Scanner) Scan(ctx context.Context, tool *inventory.Tool, env scanners.Env) (*usage.ToolUsage, error) {
	st, token, err := scanners.Prepare(env, tool.Scan, tool.Scan.TokenEnv, decodeScan)
	if err != nil {
		return nil, err
	}
	tokenEnv := tool.Scan.TokenEnv
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
		q := url.Values{"customerId": {st.customerID}, "maxResults": {"1000"}}
		if pageToken != "" {
			q.Set("pageToken", pageToken)
		}
		body, err := c.Get(ctx, path, q)
		if err != nil {
			return "", explain(err, tokenEnv, ScopeLicensing, "License Management", advice404)
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
			seen[id] = true
			users = append(users, usage.User{ID: id, Email: email})
		}
		return p.NextPageToken, nil
	})
	if err != nil {
		return nil, err
	}
	return &usage.ToolUsage{Users: users, Seats: usage.Seats{Assigned: len(users)}}, nil
}
