// Package hubspot is the HubSpot scanner: the portal's users from the
// settings API and their last successful login from the login activity
// API (90 days of history). HubSpot does not report purchased seats; the
// inventory's cost.seats stands for them.
//
// The v3 users API has no seat field: every user, including the free
// view-only ones, is listed alike. Which users hold paid seats is read, in
// this order, from the paid_roles setting (the role ids of paid seats),
// else from the users' seatNames (newer user objects name the seats a user
// holds), else not at all: then every user counts and the snapshot says
// that Seats.Assigned counts users, not paid seats (usage.CountsUsers).
package hubspot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/usage"
)

// Kind is the scan block label.
const Kind = "hubspot"

// DefaultBaseURL is HubSpot's API host.
const DefaultBaseURL = "https://api.hubapi.com"

// The endpoints and the scopes they need.
const (
	usersPath   = "/settings/v3/users/"
	loginsPath  = "/account-info/v3/activity/login"
	scopeUsers  = "settings.users.read"
	scopeLogins = "account-info.security.read"
)

// tokenHowTo is how to create the credential, for every message that
// needs it. HubSpot stopped the creation of legacy private apps in
// October 2026; their tokens still work, and go in the same variable.
const tokenHowTo = "create a service key (HubSpot: Development › Keys › Service keys, as a super admin) with the scopes " +
	scopeUsers + " and " + scopeLogins + "; a legacy private app's access token works too"

// Scanner scans a HubSpot portal.
type Scanner struct{}

// New returns the HubSpot scanner.
func New() *Scanner { return &Scanner{} }

// settings are the hubspot block's own settings:
//
//	scan "hubspot" {
//	  token_env = "HUBSPOT_TOKEN"
//	  logins    = true # read login activity (scope account-info.security.read)
//	  paid_roles = ["100", "101"] # role ids whose users hold paid seats
//	}
type settings struct {
	logins bool
	// paidRoles are the role ids whose users hold paid seats; nil when
	// the setting is absent.
	paidRoles []string
}

var settingsSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{{Name: "logins"}, {Name: "paid_roles"}},
}

// paidRolesHelp says what paid_roles is, for its diagnostics.
const paidRolesHelp = "paid_roles lists the ids of the HubSpot roles whose users hold paid seats, such as [\"100\", \"101\"] " +
	"(Settings › Users & Teams › Roles; the id is in the role's URL, or in roleIds of GET /settings/v3/users/). " +
	"Leave it out to count the users HubSpot names seats for, or else every user."

// Validate implements scanners.Scanner.
func (*Scanner) Validate(scan *inventory.Scan) hcl.Diagnostics {
	return scanners.DiagnosticsOf(decode(scan))
}

func decode(scan *inventory.Scan) (settings, hcl.Diagnostics) {
	st := settings{logins: true}
	diags := scanners.RequireTokenEnv(scan, "A hubspot scan reads a service key (or a legacy private app token) from an environment variable: "+
		"add token_env = \"HUBSPOT_TOKEN\" and "+tokenHowTo+".")
	diags = append(diags, scanners.Settings(scan.Body, settingsSchema, func(attrs hcl.Attributes) hcl.Diagnostics {
		diags := scanners.BoolSetting(attrs, "logins",
			"logins is true (read last logins, needs scope "+scopeLogins+") or false (report users only, no activity).", &st.logins)
		return append(diags, scanners.Setting(attrs, "paid_roles", paidRolesHelp, paidRoles, &st.paidRoles)...)
	})...)
	return st, diags
}

// Scan implements scanners.Scanner.
func (*Scanner) Scan(ctx context.Context, tool *inventory.Tool, env scanners.Env) (*usage.ToolUsage, error) {
	st, c, err := scanners.PrepareBearer(env, tool.Scan, Kind, DefaultBaseURL, decode)
	if err != nil {
		return nil, err
	}
	tokenEnv := tool.Scan.TokenEnv
	explain := func(err error) error { return explain(err, tokenEnv, c.BaseURL()) }

	var all []APIUser
	err = pages(ctx, c, usersPath, 100, explain, DecodeUsers, func(p Users) (string, error) {
		all = append(all, p.Results...)
		return p.next(), scanners.KeepUsers(ctx, len(p.Results))
	})
	if err != nil {
		return nil, err
	}
	paid, counts := PaidSeats(all, st.paidRoles)
	var users scanners.UserList
	idByEmail := map[string]string{}
	for _, u := range paid {
		if users.Add(usage.User{ID: u.ID, Email: u.Email}) && u.Email != "" {
			idByEmail[strings.ToLower(u.Email)] = u.ID
		}
	}

	if st.logins {
		err = pages(ctx, c, loginsPath, 200, explain, DecodeLogins, func(p Logins) (string, error) {
			for _, l := range p.Results {
				if !l.LoginSucceeded || l.LoginAt.IsZero() {
					continue
				}
				// A user not in the list was removed since: not a seat holder.
				if !users.SeenAt(string(l.UserID), l.LoginAt.UTC()) {
					users.SeenAt(idByEmail[strings.ToLower(l.Email)], l.LoginAt.UTC())
				}
			}
			return p.next(), nil
		})
		if err != nil {
			return nil, err
		}
	}
	// HubSpot has no deactivated or bot users in this list: removed users
	// disappear from it. Purchased seats come from the inventory.
	list := users.Users()
	return &usage.ToolUsage{Users: list, Seats: usage.Seats{Assigned: len(list)}, SeatsCount: counts}, nil
}

// pages reads GET path, limit results a page, to its end: a rejected call
// goes through explain, each page is decoded by decode (its error names the
// call) and handed to use, which returns the next cursor.
func pages[P any](ctx context.Context, c *scanners.Client, path string, limit int, explain func(error) error,
	decode func([]byte) (P, error), use func(P) (next string, err error)) error {
	return scanners.PaginateCall(ctx, "hubspot: GET "+path, func(ctx context.Context, after string) (string, error) {
		body, err := c.Get(ctx, path, page(limit, after))
		if err != nil {
			return "", explain(err)
		}
		p, err := decode(body)
		if err != nil {
			return "", fmt.Errorf("hubspot: GET %s: %w", path, err)
		}
		return use(p)
	})
}

// PaidSeats picks the users who hold paid seats: those with one of
// paidRoles (role ids) when it is set; else, when any user's object names
// seats (seatNames), those with at least one; else every user, and counts
// is usage.CountsUsers: the number is users, not paid seats.
func PaidSeats(users []APIUser, paidRoles []string) (paid []APIUser, counts string) {
	switch {
	case paidRoles != nil:
		roles := map[string]bool{}
		for _, r := range paidRoles {
			roles[r] = true
		}
		for _, u := range users {
			if slices.ContainsFunc(u.Roles(), func(r string) bool { return roles[r] }) {
				paid = append(paid, u)
			}
		}
		return paid, ""
	case slices.ContainsFunc(users, func(u APIUser) bool { return u.SeatNames != nil }):
		for _, u := range users {
			if len(u.SeatNames) > 0 {
				paid = append(paid, u)
			}
		}
		return paid, ""
	}
	return users, usage.CountsUsers
}

// paidRoles reads the paid_roles setting: a non-empty list of role ids
// (strings or numbers).
func paidRoles(v cty.Value) ([]string, bool) {
	t := v.Type()
	if !v.IsWhollyKnown() || !(t.IsTupleType() || t.IsListType() || t.IsSetType()) || v.LengthInt() == 0 {
		return nil, false
	}
	var roles []string
	for it := v.ElementIterator(); it.Next(); {
		_, e := it.Element()
		if e.IsNull() {
			return nil, false
		}
		s, err := convert.Convert(e, cty.String)
		if err != nil || strings.TrimSpace(s.AsString()) == "" {
			return nil, false
		}
		roles = append(roles, strings.TrimSpace(s.AsString()))
	}
	return roles, true
}

func page(limit int, after string) url.Values {
	q := url.Values{"limit": {fmt.Sprint(limit)}}
	if after != "" {
		q.Set("after", after)
	}
	return q
}

// explain turns a rejected call into what the user should do. base is the
// API root the call went to.
func explain(err error, tokenEnv, base string) error {
	return scanners.Explain(err, func(re *scanners.RequestError) error {
		switch re.Status {
		case http.StatusUnauthorized:
			return fmt.Errorf("%w: HubSpot rejected the token in %s; %s, and put it in %s", re, tokenEnv, tokenHowTo, tokenEnv)
		case http.StatusForbidden:
			scope := missingScope(re.Body)
			if scope == "" {
				scope = scopeUsers
				if re.Path == loginsPath {
					scope = scopeLogins
				}
			}
			advice := ""
			if re.Path == loginsPath {
				// Only the login history is optional: without the users scope
				// there is nothing to scan.
				advice = " (or set logins = false to scan without login activity)"
			}
			return fmt.Errorf("%w: the token in %s lacks the scope %s; add it to the service key's (or private app's) scopes%s",
				re, tokenEnv, scope, advice)
		case http.StatusNotFound:
			// Both paths are documented API paths: a 404 almost always means
			// the base URL (an --endpoint override) is not HubSpot's API root.
			return scanners.NotFound(re, base, Kind, "HubSpot's API root", DefaultBaseURL)
		}
		return nil
	})
}

// missingScope reads the scope a HubSpot 403 body names, or "".
func missingScope(body []byte) string {
	var e struct {
		Category string `json:"category"`
		Errors   []struct {
			Context struct {
				RequiredGranularScopes []string `json:"requiredGranularScopes"`
				RequiredScopes         []string `json:"requiredScopes"`
			} `json:"context"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	var scopes []string
	for _, x := range e.Errors {
		scopes = append(scopes, x.Context.RequiredGranularScopes...)
		scopes = append(scopes, x.Context.RequiredScopes...)
	}
	for i, s := range scopes {
		if !validScope(s) {
			scopes[i] = "?"
		}
	}
	return strings.Join(scopes, ", ")
}

// validScope keeps vendor text that ends up in messages to scope-like words.
func validScope(s string) bool { return s != "" && scanners.PlainWord(s, 100, ".-_") }

// Users is one page of GET /settings/v3/users/.
type Users struct {
	Results []APIUser `json:"results"`
	Paging  *Paging   `json:"paging"`
}

// APIUser is a HubSpot user. HubSpot's own v3 example writes superAdmin
// as the string "false", its schema as a boolean: both are read.
type APIUser struct {
	ID            string   `json:"id"`
	Email         string   `json:"email"`
	RoleID        string   `json:"roleId"`
	RoleIDs       []string `json:"roleIds"`
	PrimaryTeamID string   `json:"primaryTeamId"`
	SuperAdmin    FlexBool `json:"superAdmin"`
	// SeatNames are the paid seats the user holds, in newer user
	// objects; nil when the object has no such field.
	SeatNames []string `json:"seatNames"`
}

// Roles are the user's role ids: roleIds, and the older single roleId.
func (u APIUser) Roles() []string {
	if u.RoleID != "" && !slices.Contains(u.RoleIDs, u.RoleID) {
		return append(slices.Clone(u.RoleIDs), u.RoleID)
	}
	return u.RoleIDs
}

// FlexBool is a boolean that a vendor writes as a JSON boolean or as the
// string "true" or "false".
type FlexBool bool

// UnmarshalJSON accepts true, false, "true" and "false" (and null, as
// false).
func (f *FlexBool) UnmarshalJSON(b []byte) error {
	switch strings.ToLower(strings.Trim(string(b), `"`)) {
	case "true":
		*f = true
	case "false", "", "null":
		*f = false
	default:
		return errors.New("neither a boolean nor \"true\" or \"false\"")
	}
	return nil
}

// Logins is one page of GET /account-info/v3/activity/login.
type Logins struct {
	Results []APILogin `json:"results"`
	Paging  *Paging    `json:"paging"`
}

// APILogin is one login attempt.
type APILogin struct {
	UserID         scanners.FlexID `json:"userId"`
	Email          string          `json:"email"`
	LoginAt        time.Time       `json:"loginAt"`
	LoginSucceeded bool            `json:"loginSucceeded"`
}

// Paging is HubSpot's cursor paging.
type Paging struct {
	Next *struct {
		After string `json:"after"`
	} `json:"next"`
}

func (p *Paging) cursor() string {
	if p == nil || p.Next == nil {
		return ""
	}
	return p.Next.After
}

func (u Users) next() string  { return u.Paging.cursor() }
func (l Logins) next() string { return l.Paging.cursor() }

// DecodeUsers decodes and checks one users page.
func DecodeUsers(body []byte) (Users, error) {
	return scanners.DecodePage(body, decodeStrict, func(p Users) error {
		return scanners.CheckIDs("results", p.Results, func(u APIUser) string { return u.ID })
	})
}

// DecodeLogins decodes one login activity page.
func DecodeLogins(body []byte) (Logins, error) {
	return scanners.DecodePage[Logins](body, decodeStrict, nil)
}

// decodeStrict decodes a page object that must have a results list.
func decodeStrict(body []byte, v any) error {
	var probe struct {
		Results json.RawMessage `json:"results"`
	}
	if err := json.Unmarshal(body, &probe); err != nil {
		return scanners.InvalidJSON(body, err)
	}
	if !scanners.IsList(probe.Results) {
		return errors.New("invalid response: no results list")
	}
	return scanners.DecodeBody(body, v)
}
