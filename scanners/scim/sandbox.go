package scim

import (
	"cmp"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

// SandboxExtension is the schema of the simulated provider's own user
// extension, whose lastLoginAt attribute tests read with activity.
const SandboxExtension = "urn:ietf:params:scim:schemas:extension:stackaudit:2.0:User"

// SandboxSeed is a simulated SCIM 2.0 service provider (served under
// /scim): GET {base}/Users for any base path, a ListResponse paged by
// startIndex and count as RFC 7644 §3.4.2.4 says (a startIndex below 1 is
// 1, a count above PageSize is PageSize), errors in the SCIM error schema
// with the status as a string (§3.12).
type SandboxSeed struct {
	// Access's Token is the bearer token the provider accepts; PageSize
	// is the largest page it sends (0: 100).
	sandbox.Access
	// Disabled: SCIM is off for the account; every list is a 403.
	Disabled bool `json:"disabled,omitempty"`
	// IgnoreCount sends PageSize users per page whatever count asks.
	IgnoreCount bool `json:"ignore_count,omitempty"`
	// TotalResults is the totalResults it reports (0: the truth), for
	// a provider whose count is wrong.
	TotalResults int `json:"total_results,omitempty"`
	// Users are listed under every base path that Accounts does not name.
	Users []SandboxUser `json:"users,omitempty"`
	// Accounts are the users listed under one base path (such as
	// "/scim/v2/1401286822445493852"), one per scanned tool.
	Accounts map[string][]SandboxUser `json:"accounts,omitempty"`
}

// SandboxUser is one user of the simulated provider.
type SandboxUser struct {
	ID       string `json:"id"`
	UserName string `json:"user_name"`
	Email    string `json:"email,omitempty"`
	// Active is the active attribute; nil leaves it out.
	Active *bool `json:"active,omitempty"`
	// LastModified is meta.lastModified (zero: left out).
	LastModified time.Time `json:"last_modified,omitzero"`
	// LastLogin is SandboxExtension's lastLoginAt (zero: left out).
	LastLogin time.Time `json:"last_login,omitzero"`
}

// The SCIM message schemas.
const (
	listSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
	userSchema = "urn:ietf:params:scim:schemas:core:2.0:User"
)

// scimError is an error body of RFC 7644 §3.12.
func scimError(status int, scimType, detail string) map[string]any {
	e := map[string]any{"schemas": []string{errorSchema}, "detail": detail, "status": strconv.Itoa(status)}
	if scimType != "" {
		e["scimType"] = scimType
	}
	return e
}

// simulate answers one request (Vendor.Serve); path is relative to the
// vendor's root.
func simulate(seed SandboxSeed, s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request, path string) {
	base, isUsers := strings.CutSuffix(path, "/Users")
	switch {
	case !isUsers:
		sandbox.WriteJSON(w, http.StatusNotFound, scimError(http.StatusNotFound, "", "Resource "+path+" not found"))
		return
	case r.Method != http.MethodGet:
		sandbox.WriteJSON(w, http.StatusMethodNotAllowed, scimError(http.StatusMethodNotAllowed, "", "Method not allowed"))
		return
	}
	if !sandbox.Bearer(r, seed.Token) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="scim"`)
		sandbox.WriteJSON(w, http.StatusUnauthorized, scimError(http.StatusUnauthorized, "", "Authorization failure. The authorization header is invalid or missing."))
		return
	}
	if seed.Disabled {
		sandbox.WriteJSON(w, http.StatusForbidden, scimError(http.StatusForbidden, "", "SCIM provisioning is not enabled for this account."))
		return
	}
	users := seed.Users
	if acc, ok := seed.Accounts[base]; ok {
		users = acc
	}
	q := r.URL.Query()
	start, err1 := intParam(q, "startIndex", 1)
	limit := cmp.Or(seed.PageSize, 100)
	count, err2 := intParam(q, "count", limit)
	if err1 != nil || err2 != nil {
		sandbox.WriteJSON(w, http.StatusBadRequest, scimError(http.StatusBadRequest, "invalidValue", "startIndex and count are integers"))
		return
	}
	// RFC 7644 §3.4.2.4: below 1 is 1; a negative count is 0.
	start = max(start, 1)
	count = min(max(count, 0), limit)
	if seed.IgnoreCount {
		count = limit
	}
	if s.Faults().LoopingCursor {
		start = 1 // a provider that ignores startIndex
	}
	page := sandbox.Window(users, start-1, count)
	resources := make([]any, 0, len(page))
	for _, u := range page {
		resources = append(resources, resource(u, sandbox.RootURL(r)+base))
	}
	sandbox.WriteJSON(w, http.StatusOK, map[string]any{
		"schemas":      []string{listSchema},
		"totalResults": cmp.Or(seed.TotalResults, len(users)),
		"itemsPerPage": len(resources),
		"startIndex":   start,
		"Resources":    resources,
	})
}

func intParam(q url.Values, name string, def int) (int, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	return strconv.Atoi(v)
}

// resource is a user as the provider lists it: the core schema's
// attributes as in RFC 7643 §8.2, meta with the record's dates.
func resource(u SandboxUser, base string) map[string]any {
	schemas := []string{userSchema}
	m := map[string]any{
		"id":       u.ID,
		"userName": u.UserName,
		"name":     map[string]any{"formatted": u.UserName},
	}
	if u.Email != "" {
		m["emails"] = []any{map[string]any{"value": u.Email, "type": "work", "primary": true}}
	}
	if u.Active != nil {
		m["active"] = *u.Active
	}
	meta := map[string]any{"resourceType": "User", "location": base + "/Users/" + u.ID}
	if !u.LastModified.IsZero() {
		meta["created"] = u.LastModified.Add(-400 * 24 * time.Hour).UTC().Format(time.RFC3339)
		meta["lastModified"] = u.LastModified.UTC().Format(time.RFC3339)
	}
	m["meta"] = meta
	if !u.LastLogin.IsZero() {
		schemas = append(schemas, SandboxExtension)
		m[SandboxExtension] = map[string]any{"lastLoginAt": u.LastLogin.UTC().Format(time.RFC3339)}
	}
	m["schemas"] = schemas
	return m
}

func rateLimited(w http.ResponseWriter) {
	sandbox.WriteJSON(w, http.StatusTooManyRequests, scimError(http.StatusTooManyRequests, "", "Too many requests. Please retry later."))
}

// Simulator is the simulated SCIM provider, for the sandbox.
func Simulator() sandbox.Vendor {
	return sandbox.NewVendor(sandbox.Vendor{Kind: Kind, Base: "", RateLimited: rateLimited},
		sandbox.Seeding[SandboxSeed]{Serve: simulate, AddTool: addTool})
}

// addTool lists the tool's seat holders under its url's path, each with
// meta.lastModified at their last activity (a year before the audit for
// one never active), and one deactivated account besides, which the
// scanner must leave out.
func addTool(b *sandbox.Builder, seed *SandboxSeed, t *inventory.Tool, people []sandbox.Person, _ int) {
	base := ""
	if u, problem := checkURL(scanners.StringSetting(t.Scan.Body, "url")); problem == "" {
		base = u.Path
	}
	if seed.Accounts == nil {
		seed.Accounts = map[string][]SandboxUser{}
	}
	active, inactive := true, false
	var users []SandboxUser
	for _, p := range people {
		u := SandboxUser{ID: uuidOf(t.ID + "/" + p.ID), UserName: p.Email, Email: p.Email, Active: &active,
			LastModified: b.AsOf().AddDate(-1, 0, 0)}
		if p.LastActive != nil {
			u.LastModified = *p.LastActive
		}
		users = append(users, u)
	}
	gone := "former.designer@" + domainOf(people)
	users = append(users, SandboxUser{ID: uuidOf(t.ID + "/deactivated"), UserName: gone, Email: gone, Active: &inactive,
		LastModified: b.AsOf().AddDate(0, -2, 0)})
	seed.Accounts[base] = append(seed.Accounts[base], users...)
}

func domainOf(people []sandbox.Person) string {
	for _, p := range people {
		if _, d, ok := strings.Cut(p.Email, "@"); ok {
			return d
		}
	}
	return "example.com"
}

// uuidOf is a stable UUID-shaped id for s, as SCIM providers assign.
func uuidOf(s string) string {
	b := sha256.Sum256([]byte(s))
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
