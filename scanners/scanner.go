package scanners

import (
	"context"
	"time"

	"github.com/hashicorp/hcl/v2"
	"golang.org/x/time/rate"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/inventory/catalog"
	"github.com/stackaudit/stackaudit/usage"
)

// Scanner measures one declared tool: the `scan "KIND"` block of a tool.
// Every kind is one implementation in its own sub-folder, listed in the
// explicit registry of scanners/registry.
//
// Validate decodes and checks the kind's own settings (scan.Body) and is
// called before any network call; a user's mistake there is a diagnostic
// with a subject range, never an error from Scan.
//
// Scan returns the tool's seat holders in Users: deactivated, deleted, bot
// and app users are left out by the scanner, since only it can tell them
// apart. Scan sets Seats.Assigned (zero is a real answer: Slack may bill
// nobody). Run fills Active and LastActivity from
// Users, and Scanner and Status, so a scanner need not.
type Scanner interface {
	Validate(scan *inventory.Scan) hcl.Diagnostics
	Scan(ctx context.Context, tool *inventory.Tool, env Env) (*usage.ToolUsage, error)
}

// Discoverer looks across the organization (a `discovery "KIND"` block) and
// reports tools, integrations and flows with the evidence for each. It has
// the same shape as Scanner.
type Discoverer interface {
	Validate(d *inventory.Discovery) hcl.Diagnostics
	Discover(ctx context.Context, d *inventory.Discovery, env Env) (*usage.Discovered, error)
}

// Env is everything a scanner may use from outside: it reads no global
// state, no environment variable and no clock of its own.
type Env struct {
	// Getenv is the only way a scanner reads a credential, and only the
	// variable its block names in token_env.
	Getenv func(string) string
	// AsOf is the audit date (--as-of).
	AsOf time.Time
	// BaseURL replaces the kind's documented base URL when not empty
	// (--endpoint KIND=URL).
	BaseURL string
	// Limiter is the vendor's rate limit, shared by every tool of the
	// kind in one run and waited on before every request.
	Limiter *rate.Limiter
	// HTTP configures the clients built by Client.
	HTTP ClientOptions
	// Catalog is the product catalog, for discoverers that search for or
	// match products (GitHub code search, app names).
	Catalog *catalog.Catalog
	// Organization holds the currency and exchange rates that spend
	// amounts are converted with (nil in tests that need none).
	Organization *inventory.Organization
}

// Client builds an HTTP client for vendor that sends requests to the
// --endpoint override, or else to defaultBaseURL.
func (e Env) Client(vendor, defaultBaseURL string) *Client {
	base := defaultBaseURL
	if e.BaseURL != "" {
		base = e.BaseURL
	}
	return NewClient(vendor, base, e.Limiter, e.HTTP)
}
