// Package mailchimp is the Mailchimp Marketing API scanner
// (https://<dc>.api.mailchimp.com/3.0, HTTP Basic auth with the API key as
// the password).
//
// Mailchimp bills on contacts, not seats: the plan is priced by the
// contacts an account stores. The scanner therefore reports the billed
// metric, GET /'s total_subscribers, as a usage in the unit "contacts"
// (usage.UnitContacts): Seats.Assigned is the contacts stored and
// Seats.Purchased the plan's contact limit, which the API does not give and
// the scan block's contact_limit names when set. Contacts carry no
// activity, so the usage gives no utilization and no seat position; the
// API key owner's last_login (the one user the API describes) is not a
// seat holder's activity and is not reported. The scanner also pages
// through GET /authorized-apps, which checks that the key reads the
// account's settings.
//
// The data centre (us6 in us6.api.mailchimp.com) is the suffix of the API
// key ("…-us6"). The scan block's host names it; without a host it is
// taken from the key. A key whose suffix names another data centre than the
// host fails the scan before any call, since Mailchimp would reject it.
package mailchimp

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/gocty"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/usage"
)

// Kind is the scan block label.
const Kind = "mailchimp"

// The endpoints, under https://<dc>.api.mailchimp.com/3.0.
const (
	rootPath = "/"
	appsPath = "/authorized-apps"
)

// pageCount is the count asked for per page; Mailchimp allows up to 1000.
const pageCount = 1000

const keyHowTo = "create an API key (Mailchimp › Profile › Extras › API keys) while logged in as the account owner or an admin"

// dataCentre is an API key's data-centre suffix ("…-us6").
var dataCentre = regexp.MustCompile(`-([a-z]{2}[0-9]{1,3})$`)

// Scanner scans a Mailchimp account.
type Scanner struct{}

// New returns the Mailchimp scanner.
func New() *Scanner { return &Scanner{} }

// The mailchimp scan block's settings besides host and token_env:
//
//	scan "mailchimp" {
//	  host          = "us6.api.mailchimp.com" # optional: else from the key's suffix
//	  token_env     = "MAILCHIMP_API_KEY"
//	  contact_limit = 50000 # optional: the plan's contact tier (Account › Billing)
//	}
var scanSchema = &hcl.BodySchema{Attributes: []hcl.AttributeSchema{{Name: "contact_limit"}}}

// Validate implements scanners.Scanner.
func (*Scanner) Validate(scan *inventory.Scan) hcl.Diagnostics {
	_, diags := decode(scan)
	return diags
}

// decode reads the block: the contact limit, nil when not set.
func decode(scan *inventory.Scan) (*int, hcl.Diagnostics) {
	diags := scanners.RequireTokenEnv(scan, "A mailchimp scan reads a Mailchimp API key from an environment variable: "+
		"add token_env = \"MAILCHIMP_API_KEY\" and "+keyHowTo+".")
	var limit *int
	diags = append(diags, scanners.Settings(scan.Body, scanSchema, func(attrs hcl.Attributes) hcl.Diagnostics {
		return scanners.Setting(attrs, "contact_limit",
			"contact_limit is the number of contacts the Mailchimp plan includes, a whole number such as 50000 (Mailchimp › Account › Billing).",
			func(v cty.Value) (*int, bool) {
				var n int
				ok := v.Type() == cty.Number && gocty.FromCtyValue(v, &n) == nil && n >= 1
				return &n, ok
			}, &limit)
	})...)
	return limit, diags
}

// Scan implements scanners.Scanner.
func (s *Scanner) Scan(ctx context.Context, tool *inventory.Tool, env scanners.Env) (*usage.ToolUsage, error) {
	limit, diags := decode(tool.Scan)
	if diags.HasErrors() {
		return nil, diags
	}
	tokenEnv := tool.Scan.TokenEnv
	key, err := scanners.Token(env, tool.Scan)
	if err != nil {
		return nil, err
	}
	base, err := baseURL(tool.Scan.Host, key, tokenEnv, env.BaseURL)
	if err != nil {
		return nil, err
	}
	c := env.Client(Kind, base)
	// Any user name will do: Mailchimp reads only the password.
	c.SetAuthorization("Basic " + base64.StdEncoding.EncodeToString([]byte("stackaudit:"+key)))
	explain := func(err error) error { return explain(err, tokenEnv, keyDC(key)) }

	body, err := c.Get(ctx, rootPath, nil)
	if err != nil {
		return nil, explain(err)
	}
	acct, err := DecodeAccount(body)
	if err != nil {
		return nil, fmt.Errorf("mailchimp: GET %s: %w", rootPath, err)
	}
	if acct.TotalSubscribers == nil {
		return nil, fmt.Errorf("mailchimp: GET %s: invalid response: no total_subscribers (the contacts Mailchimp bills for)", rootPath)
	}
	if _, err := authorizedApps(ctx, c, explain); err != nil {
		return nil, err
	}
	return &usage.ToolUsage{Unit: usage.UnitContacts, Users: []usage.User{},
		Seats: usage.Seats{Purchased: limit, Assigned: *acct.TotalSubscribers}}, nil
}

// baseURL is where the scan sends its calls: --endpoint when given, else
// the host's (or the key's) data centre. A key and a host that disagree on
// the data centre are refused in every case: the inventory is wrong.
func baseURL(host, key, tokenEnv, endpoint string) (string, error) {
	dc := keyDC(key)
	if host != "" && dc != "" && host != dc+".api.mailchimp.com" {
		return "", fmt.Errorf("mailchimp: the API key in %s belongs to data centre %s, but the scan block's host is %s: "+
			"set host = \"%s.api.mailchimp.com\", or put the key of the account on %s in %s",
			tokenEnv, dc, host, dc, host, tokenEnv)
	}
	switch {
	case endpoint != "":
		return endpoint, nil
	case host != "":
		return "https://" + host + "/3.0", nil
	case dc != "":
		return "https://" + dc + ".api.mailchimp.com/3.0", nil
	}
	return "", fmt.Errorf("mailchimp: the API key in %s has no data-centre suffix (such as -us6): "+
		"add host = \"us6.api.mailchimp.com\" (your account's data centre, from the address of your Mailchimp pages) to the scan block", tokenEnv)
}

// keyDC is the data centre an API key names, or "".
func keyDC(key string) string {
	if m := dataCentre.FindStringSubmatch(key); m != nil {
		return m[1]
	}
	return ""
}

// authorizedApps pages through GET /authorized-apps by count and offset.
// Offsets only grow, so a loop shows as a page of apps already seen; a
// total that grows or a page that is empty before the total is reached
// would otherwise page forever or stop short, and are errors.
func authorizedApps(ctx context.Context, c *scanners.Client, explain func(error) error) ([]App, error) {
	var apps []App
	seen := map[scanners.FlexID]bool{}
	total := -1
	page := 0
	err := scanners.Paginate(ctx, func(ctx context.Context, cursor string) (string, error) {
		page++
		offset, _ := strconv.Atoi(cursor)
		q := url.Values{"count": {strconv.Itoa(pageCount)}, "offset": {strconv.Itoa(offset)}}
		body, err := c.Get(ctx, appsPath, q)
		if err != nil {
			return "", explain(err)
		}
		p, err := DecodeAuthorizedApps(body)
		if err != nil {
			return "", fmt.Errorf("mailchimp: GET %s: %w", appsPath, err)
		}
		if total >= 0 && p.TotalItems > total {
			return "", fmt.Errorf("mailchimp: GET %s: total_items grew from %d to %d while paging; scan again", appsPath, total, p.TotalItems)
		}
		total = p.TotalItems
		if len(p.Apps) == 0 {
			if offset < total {
				return "", fmt.Errorf("mailchimp: GET %s: page %d is empty at offset %d of %d items", appsPath, page, offset, total)
			}
			return "", nil
		}
		fresh := 0
		for _, a := range p.Apps {
			if !seen[a.ID] {
				seen[a.ID] = true
				apps = append(apps, a)
				fresh++
			}
		}
		if fresh == 0 {
			return "", fmt.Errorf("mailchimp: GET %s: page %d repeats earlier apps: %w", appsPath, page, scanners.ErrCursorLoop)
		}
		offset += len(p.Apps)
		if offset >= total {
			return "", nil
		}
		return strconv.Itoa(offset), nil
	})
	return apps, err
}

// explain turns a rejected call into what the user should do.
func explain(err error, tokenEnv, dc string) error {
	return scanners.Explain(err, func(re *scanners.RequestError) error {
		title := problemTitle(re.Body)
		said := ""
		if title != "" && !strings.EqualFold(title, http.StatusText(re.Status)) {
			said = " (" + title + ")"
		}
		switch re.Status {
		case http.StatusUnauthorized:
			return fmt.Errorf("%w%s: Mailchimp rejected the API key in %s; %s, and put it in %s "+
				"(the key's suffix, such as -us6, must name the data centre of the scan block's host)", re, said, tokenEnv, keyHowTo, tokenEnv)
		case http.StatusForbidden:
			switch {
			case strings.EqualFold(title, "Wrong Datacenter"):
				where := "the data centre its -dc suffix names"
				if dc != "" {
					where = dc + ".api.mailchimp.com"
				}
				return fmt.Errorf("%w%s: the API key in %s belongs to another data centre than the one scanned; set host to %s, or put the key of this account in %s",
					re, said, tokenEnv, where, tokenEnv)
			case strings.EqualFold(title, "User Disabled"):
				return fmt.Errorf("%w%s: the Mailchimp user who owns the API key in %s is disabled; %s", re, said, tokenEnv, keyHowTo)
			}
			return fmt.Errorf("%w%s: the user who owns the API key in %s may not read %s: a key has its user's role; %s",
				re, said, tokenEnv, re.Path, keyHowTo)
		case http.StatusNotFound:
			return fmt.Errorf("%w%s: check the scan block's host (the account's data centre)", re, said)
		case http.StatusTooManyRequests:
			return fmt.Errorf("%w%s: still rate limited after retries (Mailchimp allows about 10 simultaneous connections per user)", re, said)
		}
		return nil
	})
}
