package github

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

func TestGitHubSimulator(t *testing.T) {
	t.Parallel()
	last := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	seed := SandboxSeed{Access: sandbox.Access{Token: "tok", PageSize: 2}, Org: "acme",
		Members:      []SandboxMember{{Login: "a", ID: 1}, {Login: "b", ID: 2}, {Login: "c", ID: 3}, {Login: "d", ID: 4}, {Login: "e", ID: 5}},
		CopilotSeats: []SandboxCopilotSeat{{Login: "a", ID: 1, LastActivityAt: &last}, {Login: "b", ID: 2}},
		Repositories: []SandboxRepository{
			{FullName: "acme/web", Files: map[string]string{"package.json": `"@segment/analytics-next": "1"`, "README.md": "segment analytics next"}},
			{FullName: "acme/secret", Private: true, Files: map[string]string{"x.js": "cdn.segment.com"}},
		}}
	urls := scantest.Serve(t, Simulator().New(seed, sandbox.Faults{}))
	base := urls["github"]
	if !strings.HasSuffix(base, "/github/") {
		t.Fatalf("base URL %q, want it to end in /github/ (go-github needs the slash)", base)
	}
	get := func(path, auth, accept string) (int, any, http.Header) {
		return scantest.Fetch(t, http.MethodGet, base+path, "Authorization", auth, "Accept", accept)
	}
	field := func(v any, name string) any {
		m, _ := v.(map[string]any)
		return m[name]
	}
	q := func(s string) string { return url.QueryEscape(s) }

	// Pagination: one Link header value with next and last, as GitHub.
	status, body, h := get("orgs/acme/members?per_page=100", "Bearer tok", "")
	if status != 200 || len(body.([]any)) != 2 {
		t.Fatalf("members: %d %v", status, body)
	}
	if links := h.Values("Link"); len(links) != 1 || !strings.Contains(links[0], `?page=2&per_page=2>; rel="next", <`) || !strings.Contains(links[0], `?page=3&per_page=2>; rel="last"`) {
		t.Errorf("Link %q", links)
	}
	if h.Get("X-RateLimit-Limit") != "5000" || h.Get("X-RateLimit-Remaining") == "" || h.Get("X-RateLimit-Resource") != "core" {
		t.Errorf("rate-limit headers %v", h)
	}
	_, body, h = get("orgs/ACME/members?page=3", "token tok", "")
	if len(body.([]any)) != 1 || strings.Contains(h.Get("Link"), `rel="next"`) || !strings.Contains(h.Get("Link"), `rel="first"`) {
		t.Errorf("last page: %v, Link %q", body, h.Get("Link"))
	}

	_, body, _ = get("orgs/acme/copilot/billing/seats", "Bearer tok", "")
	seats := field(body, "seats").([]any)
	if field(body, "total_seats") != 2.0 || len(seats) != 2 ||
		field(field(seats[0], "assignee"), "type") != "User" || field(seats[0], "last_activity_at") != "2026-11-01T09:00:00Z" || field(seats[1], "last_activity_at") != nil {
		t.Errorf("seats %v", body)
	}

	// Search: phrase matching that ignores punctuation, qualifiers, and
	// text matches on request; private repositories need the repo scope
	// (granted here: Scopes is nil).
	_, body, h = get("search/code?q="+q(`org:acme "@segment/analytics-next" OR "cdn.segment.com"`), "Bearer tok", "application/vnd.github.v3.text-match+json")
	if field(body, "total_count") != 3.0 || field(body, "incomplete_results") != false || h.Get("X-RateLimit-Limit") != "10" {
		t.Errorf("search %v", body)
	}
	items := field(body, "items").([]any)
	if len(items) != 2 || field(field(items[0], "repository"), "full_name") != "acme/secret" || field(items[1], "path") != "README.md" {
		t.Errorf("items not in repository and path order: %v", items)
	}
	_, body, _ = get("search/code?page=2&q="+q(`org:acme "@segment/analytics-next" OR "cdn.segment.com"`), "Bearer tok", "application/vnd.github.v3.text-match+json")
	items = field(body, "items").([]any)
	if tm, _ := field(items[0], "text_matches").([]any); len(tm) != 1 || field(tm[0], "fragment") != `"@segment/analytics-next": "1"` {
		t.Errorf("text_matches %v", tm)
	}
	_, body, _ = get("search/code?q="+q(`repo:acme/web "cdn.segment.com"`), "Bearer tok", "")
	if field(body, "total_count") != 0.0 || field(body, "items") == nil {
		t.Errorf("repo qualifier: %v", body)
	}

	errorTests := []struct {
		path, auth string
		status     int
		message    string
	}{
		{"orgs/acme/members", "", 401, "Requires authentication"},
		{"orgs/acme/members", "Bearer nope", 401, "Bad credentials"},
		{"orgs/other/members", "Bearer tok", 404, "Not Found"},
		{"orgs/acme/teams", "Bearer tok", 404, "Not Found"},
		{"search/code", "Bearer tok", 422, "Validation Failed"},
		{"search/code?q=" + q(`org:other "x"`), "Bearer tok", 422, "Validation Failed"},
		{"search/code?q=" + q(`"a" OR "b" OR "c" OR "d" OR "e" OR "f" OR "g"`), "Bearer tok", 422, "Validation Failed"},
		{"search/code?q=" + q(strings.Repeat("x", 257)), "Bearer tok", 422, "Validation Failed"},
		// Page size 2 here: the 1,000th result is on page 500.
		{"search/code?q=x&per_page=100&page=501", "Bearer tok", 422, "Validation Failed"},
	}
	for _, tt := range errorTests {
		status, body, _ := get(tt.path, tt.auth, "")
		if status != tt.status || field(body, "message") != tt.message || field(body, "documentation_url") == nil {
			t.Errorf("%s: %d %v, want %d %q", tt.path, status, body, tt.status, tt.message)
		}
	}
}

func TestGitHubSimulatorScopesAndLimits(t *testing.T) {
	t.Parallel()
	seed := SandboxSeed{Access: sandbox.Access{Token: "tok"}, Org: "acme", Scopes: []string{SandboxScopeMembers}, PrimaryLimitTimes: 1, SecondaryLimitTimes: 1,
		SecondaryRetryAfter: "7", Repositories: []SandboxRepository{{FullName: "acme/secret", Private: true, Files: map[string]string{"a": "x"}}}}
	sb := Simulator().New(seed, sandbox.Faults{LoopingCursor: true})
	urls := scantest.Serve(t, sb)
	do := func(path string) (*http.Response, map[string]any) {
		req, _ := http.NewRequest(http.MethodGet, urls["github"]+path, nil)
		req.Header.Set("Authorization", "Bearer tok")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp, m
	}
	resp, body := do("orgs/acme/members")
	if resp.StatusCode != 403 || resp.Header.Get("X-RateLimit-Remaining") != "0" || resp.Header.Get("X-RateLimit-Reset") == "" {
		t.Errorf("primary limit: %d %v %v", resp.StatusCode, resp.Header, body)
	}
	resp, body = do("orgs/acme/members")
	if resp.StatusCode != 403 || resp.Header.Get("Retry-After") != "7" || !strings.Contains(body["documentation_url"].(string), "secondary-rate-limits") {
		t.Errorf("secondary limit: %d %v %v", resp.StatusCode, resp.Header, body)
	}
	resp, _ = do("orgs/acme/copilot/billing/seats")
	if resp.StatusCode != 403 || resp.Header.Get("X-Accepted-OAuth-Scopes") != SandboxScopeCopilot || resp.Header.Get("X-Accepted-GitHub-Permissions") == "" {
		t.Errorf("missing scope: %d %v", resp.StatusCode, resp.Header)
	}
	resp, _ = do("orgs/acme/members?page=2&per_page=1")
	if !strings.Contains(resp.Header.Get("Link"), `?page=2&per_page=1>; rel="next"`) {
		t.Errorf("looping cursor: Link %q", resp.Header.Get("Link"))
	}
	// Without the repo scope a private repository is not searchable.
	resp, body = do("search/code?q=" + url.QueryEscape(`repo:acme/secret "x"`))
	if resp.StatusCode != 422 {
		t.Errorf("private repository without repo scope: %d %v", resp.StatusCode, body)
	}
}

func TestGitHubRateLimitedBody(t *testing.T) {
	t.Parallel()
	urls := scantest.Serve(t, Simulator().New(SandboxSeed{Access: sandbox.Access{Token: "tok"}, Org: "acme"}, sandbox.Faults{Status429Times: 1, RetryAfter: "3"}))
	resp, err := http.Get(urls["github"] + "orgs/acme")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&m)
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "3" || !strings.Contains(m["documentation_url"].(string), "secondary-rate-limits") {
		t.Errorf("%d %v %v", resp.StatusCode, resp.Header, m)
	}
}
