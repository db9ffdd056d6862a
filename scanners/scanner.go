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
	Kind() string
	Validate(scan *inventory.Scan) hcl.Diagnostics
	Scan(ctx context.Context, tool *inventory.Tool, env Env) (*usage.ToolUsage, error)
}

// Discoverer looks across the organization (a `discovery "KIND"` block) and
// reports tools, integrations and flows with the evidence for each. It has
// the same shape as Scanner.
type Discoverer interface {
	Kind() string
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

// DefaultLimit is a vendor's documented rate limit, as requests per second
// and burst. The run shares one limiter per kind across every tool and
// discovery of that kind. Where a vendor documents a limit per endpoint or
// per minute, the strictest one the kind uses is taken.
func DefaultLimit(kind string) (rate.Limit, int) {
	switch kind {
	case "hubspot":
		// Private apps: 100 requests per 10 seconds (Free/Starter).
		return 10, 10
	case "slack":
		// users.list, team.billableInfo and team.accessLogs are Tier 2:
		// about 20 requests a minute, with short bursts allowed.
		return rate.Limit(20.0 / 60), 5
	case "salesforce":
		// A daily org allowance (100,000 calls and up, Sforce-Limit-Info)
		// and 25 concurrent long requests: a few calls a second stays far
		// inside both.
		return 5, 5
	case "mailchimp":
		// About 10 simultaneous connections per user, 429 beyond.
		return 10, 10
	case "segment":
		// Public API: documented in points per second per workspace; 10
		// calls a second stays inside the smallest allowance.
		return 10, 10
	case "okta":
		// /api/v1/apps and /api/v1/users: 100 to 600 requests a minute
		// depending on the org; the default org limit of 100 a minute.
		return rate.Limit(100.0 / 60), 10
	case "google_workspace":
		// Reports API: 2,400 queries a minute per project, and lower per
		// user; 10 a second is safe.
		return 10, 10
	case "github":
		// REST: 5,000 requests an hour for a token (code search has its
		// own 10 a minute, which the github discoverer enforces itself).
		return rate.Limit(5000.0 / 3600), 10
	default:
		// http and csv: a generic API gets a conservative 5 a second.
		return 5, 5
	}
}
