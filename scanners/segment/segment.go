// Package segment is the Segment kind: a scanner and a discoverer over the
// Segment Public API (https://api.segmentapis.com, a bearer token).
//
// The scanner lists the workspace's users (GET /users). The Public API has
// no last-login or last-activity field for them, so every user's
// LastActive is nil: Run counts them as assigned but never as active, and
// the inventory's cost.seats stands for purchased seats (the API does not
// report them either).
//
// The discoverer (Discoverer) reads every source (GET /sources) and every
// destination (GET /destinations, one paginated list for the whole
// workspace rather than GET /sources/{id}/connected-destinations per
// source, which would cost a call per source), and reports each enabled
// destination of an enabled source as a flow from the source to the
// destination's product, through Segment.
//
// EU workspaces answer at https://eu1.api.segmentapis.com: a segment block
// takes no host, so point the kind there with --endpoint
// segment=https://eu1.api.segmentapis.com.
package segment

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/usage"
)

// Kind is the scan and discovery block label.
const Kind = "segment"

// DefaultBaseURL is the Public API's host for US workspaces.
const DefaultBaseURL = "https://api.segmentapis.com"

// The endpoints.
const (
	usersPath        = "/users"
	sourcesPath      = "/sources"
	destinationsPath = "/destinations"
)

// pageSize is the pagination[count] asked for; the API allows 1 to 1000.
const pageSize = 200

// The token roles each endpoint needs, named in 401 and 403 advice. Segment
// grants a Public API token a workspace role when it is created.
const (
	roleUsers   = "Workspace Owner"
	roleSources = "Workspace Owner, or Workspace Member with Source Read-only on every source"
	tokenHowTo  = "create a Public API token (Segment › Settings › Workspace settings › Access Management › Tokens) " +
		"with the role Workspace Owner, or Workspace Member with read-only access"
)

// Scanner scans a Segment workspace's users.
type Scanner struct{}

// New returns the Segment scanner.
func New() *Scanner { return &Scanner{} }

// The segment scan block has no settings of its own besides token_env:
//
//	scan "segment" {
//	  token_env = "SEGMENT_TOKEN"
//	}
var scanSchema = &hcl.BodySchema{}

// Validate implements scanners.Scanner.
func (*Scanner) Validate(scan *inventory.Scan) hcl.Diagnostics {
	diags := scanners.RequireTokenEnv(scan, "A segment scan reads a Segment Public API token from an environment variable: "+
		"add token_env = \"SEGMENT_TOKEN\" and "+tokenHowTo+".")
	return append(diags, scanners.Settings(scan.Body, scanSchema, nil)...)
}

// Scan implements scanners.Scanner.
func (s *Scanner) Scan(ctx context.Context, tool *inventory.Tool, env scanners.Env) (*usage.ToolUsage, error) {
	if diags := s.Validate(tool.Scan); diags.HasErrors() {
		return nil, diags
	}
	a, err := newAPI(env, tool.Scan)
	if err != nil {
		return nil, err
	}
	users := scanners.NewUserList(ctx)
	err = a.list(ctx, usersPath, func(body []byte) (string, error) {
		p, err := DecodeUsers(body)
		if err != nil {
			return "", err
		}
		for _, u := range p.Users {
			// No activity date exists in the API: LastActive stays nil.
			users.Add(usage.User{ID: u.ID, Email: u.Email})
		}
		return p.Pagination.next(), nil
	})
	if err != nil {
		return nil, err
	}
	// Invited users who have not accepted are in GET /invites, not here;
	// every listed user holds a seat.
	list := users.Users()
	return &usage.ToolUsage{Users: list, Seats: usage.Seats{Assigned: len(list)}}, nil
}

// api is an authenticated Public API client.
type api struct {
	c        *scanners.Client
	tokenEnv string
}

func newAPI(env scanners.Env, scan *inventory.Scan) (*api, error) {
	token, err := scanners.Token(env, scan)
	if err != nil {
		return nil, err
	}
	c := env.Client(Kind, DefaultBaseURL)
	c.SetBearer(token)
	return &api{c: c, tokenEnv: scan.TokenEnv}, nil
}

// list follows a paginated list to its end, handing each page's body to
// page, which returns the next cursor.
func (a *api) list(ctx context.Context, path string, page func(body []byte) (next string, err error)) error {
	err := scanners.PaginateCall(ctx, "segment: GET "+path, func(ctx context.Context, cursor string) (string, error) {
		q := url.Values{"pagination[count]": {strconv.Itoa(pageSize)}}
		if cursor != "" {
			q.Set("pagination[cursor]", cursor)
		}
		body, err := a.c.Get(ctx, path, q)
		if err != nil {
			return "", explain(err, a.tokenEnv)
		}
		next, err := page(body)
		if err != nil {
			return "", fmt.Errorf("segment: GET %s: %w", path, err)
		}
		return next, nil
	})
	return err
}

// explain turns a rejected call into what the user should do.
func explain(err error, tokenEnv string) error {
	return scanners.Explain(err, func(re *scanners.RequestError) error {
		switch re.Status {
		case http.StatusUnauthorized:
			return fmt.Errorf("%w: Segment rejected the token in %s; %s, and put it in %s "+
				"(an EU workspace's token only works with --endpoint segment=https://eu1.api.segmentapis.com)",
				re, tokenEnv, tokenHowTo, tokenEnv)
		case http.StatusForbidden:
			role := roleSources
			if re.Path == usersPath {
				role = roleUsers
			}
			return fmt.Errorf("%w: the token in %s may not read %s; give it the role %s (Access Management › Tokens)",
				re, tokenEnv, re.Path, role)
		case http.StatusNotFound:
			return fmt.Errorf("%w: check the Public API address (%s, or --endpoint for another region)", re, DefaultBaseURL)
		case http.StatusTooManyRequests:
			if wait := msBeforeNext(re.Body); wait > 0 {
				return fmt.Errorf("%w: still rate limited after retries; Segment asks to wait %s", re, scanners.HumanDuration(wait))
			}
		}
		return nil
	})
}

// msBeforeNext reads the wait a Segment 429 body announces, or 0.
func msBeforeNext(body []byte) time.Duration {
	var e apiErrors
	if json.Unmarshal(body, &e) != nil {
		return 0
	}
	for _, x := range e.Errors {
		if ms := x.Data.MsBeforeNext; ms > 0 && ms < int64(24*time.Hour/time.Millisecond) {
			return time.Duration(ms) * time.Millisecond
		}
	}
	return 0
}
