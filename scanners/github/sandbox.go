package github

import (
	"cmp"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

// GitHub classic token scopes the simulated endpoints require, and the
// fine-grained permissions GitHub names next to them.
const (
	SandboxScopeMembers = "read:org"
	SandboxScopeCopilot = "manage_billing:copilot"
	// SandboxScopeRepo lets code search see private repositories; without
	// it their files are silently left out, as on GitHub.
	SandboxScopeRepo = "repo"
)

// SandboxSeed is a simulated GitHub organization, served the way go-github
// v60 reads it: GET orgs/{org}, orgs/{org}/members,
// orgs/{org}/copilot/billing/seats and search/code, with page/per_page
// pagination announced in one Link header value ("next", "last", "prev",
// "first", comma-separated), X-RateLimit-* headers, and error bodies
// {"message", "documentation_url", "status"}.
type SandboxSeed struct {
	// Access's Token is the token the API accepts ("Authorization:
	// Bearer" or "token"); PageSize caps per_page (0: no cap).
	sandbox.Access
	// Scopes granted to the token; nil grants every scope.
	Scopes []string `json:"scopes,omitempty"`
	// Org is the organization's login; other organizations are 404s.
	Org string `json:"org"`
	// Plan is the plan block of GET orgs/{org}, which GitHub shows to
	// owners only; nil serves the organization without it.
	Plan         *SandboxPlan         `json:"plan,omitempty"`
	Members      []SandboxMember      `json:"members"`
	CopilotSeats []SandboxCopilotSeat `json:"copilot_seats"`
	Repositories []SandboxRepository  `json:"repositories"`
	// IncompleteResults makes code search report incomplete_results (its
	// search timed out), with the results it has.
	IncompleteResults bool `json:"incomplete_results,omitempty"`
	// PrimaryLimitTimes answers the first n GitHub requests with the
	// primary rate limit: 403, X-RateLimit-Remaining 0, and a reset
	// PrimaryLimitResetSeconds later (the next second when 0).
	PrimaryLimitTimes        int `json:"primary_limit_times,omitempty"`
	PrimaryLimitResetSeconds int `json:"primary_limit_reset_seconds,omitempty"`
	// SecondaryLimitTimes answers the next n GitHub requests with a
	// secondary rate limit 403 (what go-github calls an abuse rate
	// limit), with Retry-After SecondaryRetryAfter when not empty.
	SecondaryLimitTimes int    `json:"secondary_limit_times,omitempty"`
	SecondaryRetryAfter string `json:"secondary_retry_after,omitempty"`
}

// SandboxMember is an organization member.
type SandboxMember struct {
	Login string `json:"login"`
	ID    int64  `json:"id"`
	// Type is "User" (default) or "Bot".
	Type string `json:"type,omitempty"`
}

// SandboxPlan is an organization's plan as an owner's token sees it.
type SandboxPlan struct {
	Name        string `json:"name"`
	Seats       int    `json:"seats"`
	FilledSeats int    `json:"filled_seats"`
}

// SandboxCopilotSeat is one Copilot Business seat; one without a Login is
// served with "assignee": null (bought, assigned to nobody).
type SandboxCopilotSeat struct {
	Login          string     `json:"login"`
	ID             int64      `json:"id"`
	LastActivityAt *time.Time `json:"last_activity_at,omitempty"`
	// Type is the assignee's type: "User" (default), "Team" or
	// "Organization".
	Type string `json:"type,omitempty"`
}

// SandboxRepository is a repository with the files code search looks in.
type SandboxRepository struct {
	FullName string `json:"full_name"`
	Private  bool   `json:"private,omitempty"`
	// Files maps a path to its content.
	Files map[string]string `json:"files"`
}

const githubDocs = "https://docs.github.com/rest"

// simulate answers one request to the simulated API (Vendor.Serve); the
// path is relative to the vendor's root.
func simulate(seed SandboxSeed, s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request, p string) {
	h := w.Header()
	h.Set("X-GitHub-Api-Version-Selected", "2022-11-28")
	h.Set("X-GitHub-Media-Type", "github.v3; format=json")
	resource, limit := "core", 5000
	if strings.HasPrefix(p, "/search/") {
		resource, limit = "code_search", 10
	}
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(limit-1))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(s.Now().Add(time.Hour).Unix(), 10))
	h.Set("X-RateLimit-Used", "1")
	h.Set("X-RateLimit-Resource", resource)

	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		sandbox.WriteJSON(w, http.StatusNotFound, githubError("Not Found", githubDocs, http.StatusNotFound))
		return
	}
	auth := r.Header.Get("Authorization")
	token, ok := strings.CutPrefix(auth, "Bearer ")
	if !ok {
		token, _ = strings.CutPrefix(auth, "token ")
	}
	switch {
	case auth == "":
		sandbox.WriteJSON(w, http.StatusUnauthorized, githubError("Requires authentication", githubDocs, http.StatusUnauthorized))
		return
	case seed.Token == "" || token != seed.Token:
		sandbox.WriteJSON(w, http.StatusUnauthorized, githubError("Bad credentials", githubDocs, http.StatusUnauthorized))
		return
	}
	h.Set("X-OAuth-Scopes", strings.Join(seed.grantedScopes(), ", "))
	if githubLimited(s, w, seed) {
		return
	}

	parts := strings.Split(strings.Trim(p, "/"), "/")
	switch {
	case len(parts) == 2 && parts[0] == "search" && parts[1] == "code":
		githubSearchCode(s, w, r, seed)
	case len(parts) >= 2 && parts[0] == "orgs":
		org := parts[1]
		rest := strings.Join(parts[2:], "/")
		doc := map[string]string{
			"":                      "https://docs.github.com/rest/orgs/orgs#get-an-organization",
			"members":               "https://docs.github.com/rest/orgs/members#list-organization-members",
			"copilot/billing/seats": "https://docs.github.com/rest/copilot/copilot-user-management#list-all-copilot-seat-assignments-for-an-organization",
		}[rest]
		if doc == "" {
			sandbox.WriteJSON(w, http.StatusNotFound, githubError("Not Found", githubDocs, http.StatusNotFound))
			return
		}
		if seed.Org == "" || !strings.EqualFold(org, seed.Org) {
			sandbox.WriteJSON(w, http.StatusNotFound, githubError("Not Found", doc, http.StatusNotFound))
			return
		}
		switch rest {
		case "":
			org := map[string]any{"login": seed.Org, "id": 1000, "node_id": "O_kgDOAAAD6A",
				"url": sandbox.RootURL(r) + "/orgs/" + seed.Org, "type": "Organization", "description": "",
				"created_at": "2008-01-14T04:33:35Z", "updated_at": "2014-03-03T18:58:10Z", "archived_at": nil}
			if p := seed.Plan; p != nil {
				org["plan"] = map[string]any{"name": p.Name, "space": 976562499, "private_repos": 999999,
					"filled_seats": p.FilledSeats, "seats": p.Seats}
			}
			sandbox.WriteJSON(w, http.StatusOK, org)
		case "members":
			if !githubScope(s, w, seed, SandboxScopeMembers, "members=read", doc) {
				return
			}
			page, per := githubPaging(s, r, 30)
			from, to := githubPage(s, w, r, page, per, len(seed.Members), len(seed.Members))
			sandbox.WriteJSON(w, http.StatusOK, sandbox.Page(seed.Members, from, to-from, func(m SandboxMember) any {
				return githubUser(r, m.Login, m.ID, cmp.Or(m.Type, "User"))
			}))
		case "copilot/billing/seats":
			if !githubScope(s, w, seed, SandboxScopeCopilot, "organization_copilot_seat_management=read", doc) {
				return
			}
			page, per := githubPaging(s, r, 50)
			from, to := githubPage(s, w, r, page, per, len(seed.CopilotSeats), len(seed.CopilotSeats))
			seats := sandbox.Page(seed.CopilotSeats, from, to-from, func(c SandboxCopilotSeat) any {
				var last any
				if c.LastActivityAt != nil {
					last = c.LastActivityAt.Format(time.RFC3339)
				}
				var assignee any
				if c.Login != "" {
					assignee = githubUser(r, c.Login, c.ID, cmp.Or(c.Type, "User"))
				}
				return map[string]any{
					"created_at": "2023-08-01T12:00:00Z", "updated_at": "2023-08-01T12:00:00Z",
					"pending_cancellation_date": nil, "last_activity_at": last,
					"last_activity_editor": "vscode/1.85.0/copilot/1.140.0",
					"assignee":             assignee,
				}
			})
			sandbox.WriteJSON(w, http.StatusOK, map[string]any{"total_seats": len(seed.CopilotSeats), "seats": seats})
		}
	default:
		sandbox.WriteJSON(w, http.StatusNotFound, githubError("Not Found", githubDocs, http.StatusNotFound))
	}
}

func (seed SandboxSeed) grantedScopes() []string {
	if seed.Scopes == nil {
		return []string{SandboxScopeMembers, SandboxScopeCopilot, SandboxScopeRepo}
	}
	return seed.Scopes
}

// githubScope answers 403 when the token lacks scope, naming it the way
// GitHub does: X-Accepted-OAuth-Scopes for classic tokens and
// X-Accepted-GitHub-Permissions for fine-grained ones.
func githubScope(s *sandbox.Sandbox, w http.ResponseWriter, seed SandboxSeed, scope, permission, doc string) bool {
	w.Header().Set("X-Accepted-OAuth-Scopes", scope)
	if slices.Contains(seed.grantedScopes(), scope) {
		return true
	}
	w.Header().Set("X-Accepted-GitHub-Permissions", permission)
	sandbox.WriteJSON(w, http.StatusForbidden, githubError("Resource not accessible by personal access token", doc, http.StatusForbidden))
	return false
}

// githubLimited applies the seed's rate-limit answers to the first GitHub
// requests of the run.
func githubLimited(s *sandbox.Sandbox, w http.ResponseWriter, seed SandboxSeed) bool {
	if seed.PrimaryLimitTimes == 0 && seed.SecondaryLimitTimes == 0 {
		return false
	}
	n := s.Served(Kind)
	switch {
	case n <= seed.PrimaryLimitTimes:
		reset := s.Now().Add(time.Duration(seed.PrimaryLimitResetSeconds) * time.Second)
		if seed.PrimaryLimitResetSeconds == 0 {
			reset = s.Now().Add(time.Second)
		}
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Used", w.Header().Get("X-RateLimit-Limit"))
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
		sandbox.WriteJSON(w, http.StatusForbidden, githubError("API rate limit exceeded for user ID 1.",
			"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit", http.StatusForbidden))
		return true
	case n <= seed.PrimaryLimitTimes+seed.SecondaryLimitTimes:
		if seed.SecondaryRetryAfter != "" {
			w.Header().Set("Retry-After", seed.SecondaryRetryAfter)
		}
		sandbox.WriteJSON(w, http.StatusForbidden, githubSecondaryLimit(http.StatusForbidden))
		return true
	}
	return false
}

// githubPaging reads page and per_page as GitHub does: per_page is capped
// at 100, and nonsense means the default.
func githubPaging(s *sandbox.Sandbox, r *http.Request, defaultPer int) (page, per int) {
	q := r.URL.Query()
	per = defaultPer
	if n, err := strconv.Atoi(q.Get("per_page")); err == nil && n > 0 {
		per = min(n, 100)
	}
	if ps := seedOf(s).PageSize; ps > 0 {
		per = min(per, ps)
	}
	page = 1
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 0 {
		page = n
	}
	return page, per
}

// githubPage sets the Link header of one page of a list of total items
// (of which only the first reachable can be read) and returns the range
// of the items it shows.
func githubPage(s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request, page, per, total, reachable int) (from, to int) {
	reachable = min(total, reachable)
	last := max((reachable+per-1)/per, 1)
	from = min((page-1)*per, reachable)
	to = min(from+per, reachable)

	link := func(n int) string {
		v := r.URL.Query()
		v.Set("per_page", strconv.Itoa(per))
		v.Set("page", strconv.Itoa(n))
		return "<http://" + r.Host + r.URL.Path + "?" + v.Encode() + ">"
	}
	var rels []string
	if page > 1 {
		rels = append(rels, link(page-1)+`; rel="prev"`)
	}
	next := page + 1
	if s.Faults().LoopingCursor {
		next = 2
	}
	if page < last || s.Faults().LoopingCursor {
		rels = append(rels, link(next)+`; rel="next"`, link(last)+`; rel="last"`)
	}
	if page > 1 {
		rels = append(rels, link(1)+`; rel="first"`)
	}
	if len(rels) > 0 {
		// One header value, as GitHub sends it: go-github reads only
		// the first.
		w.Header().Set("Link", strings.Join(rels, ", "))
	}
	return from, to
}

func githubUser(r *http.Request, login string, id int64, typ string) map[string]any {
	return map[string]any{"login": login, "id": id, "node_id": fmt.Sprintf("U_%d", id),
		"avatar_url": "https://avatars.githubusercontent.com/u/" + strconv.FormatInt(id, 10),
		"url":        sandbox.RootURL(r) + "/users/" + login, "html_url": "https://github.com/" + login,
		"type": typ, "site_admin": false}
}

func githubError(message, doc string, status int) map[string]any {
	return map[string]any{"message": message, "documentation_url": doc, "status": strconv.Itoa(status)}
}

func githubSecondaryLimit(status int) map[string]any {
	return githubError("You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "+
		"If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.",
		"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits", status)
}

// githubRateLimited is GitHub's secondary rate limit, which it answers
// with 403 or 429; this is the 429 form (go-github gives it no special
// meaning, so the client's 429 handling is what is tested). The 403 forms
// come from the seed's PrimaryLimitTimes and SecondaryLimitTimes.
func githubRateLimited(w http.ResponseWriter) {
	sandbox.WriteJSON(w, http.StatusTooManyRequests, githubSecondaryLimit(http.StatusTooManyRequests))
}

func githubValidation(w http.ResponseWriter, message, code string) {
	body := githubError("Validation Failed", "https://docs.github.com/v3/search/", http.StatusUnprocessableEntity)
	e := map[string]any{"resource": "Search", "field": "q", "code": code}
	if message != "" {
		e["message"] = message
	}
	body["errors"] = []any{e}
	sandbox.WriteJSON(w, http.StatusUnprocessableEntity, body)
}

// githubQuery is a parsed code search query: terms OR'ed together, with
// org: and repo: qualifiers (several of one kind are OR'ed, as on GitHub).
type githubQuery struct {
	terms     []string
	orgs      []string
	repos     []string
	operators int
}

func parseGitHubQuery(q string) githubQuery {
	var out githubQuery
	for rest := strings.TrimSpace(q); rest != ""; rest = strings.TrimSpace(rest) {
		if rest[0] == '"' {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				end = len(rest) - 1
			}
			if t := rest[1 : end+1]; t != "" {
				out.terms = append(out.terms, t)
			}
			rest = rest[min(end+2, len(rest)):]
			continue
		}
		word, after, _ := strings.Cut(rest, " ")
		rest = after
		switch {
		case word == "AND" || word == "OR" || word == "NOT":
			out.operators++
		case strings.HasPrefix(word, "org:"):
			out.orgs = append(out.orgs, strings.TrimPrefix(word, "org:"))
		case strings.HasPrefix(word, "repo:"):
			out.repos = append(out.repos, strings.TrimPrefix(word, "repo:"))
		default:
			out.terms = append(out.terms, word)
		}
	}
	return out
}

// githubTokens splits text the way GitHub's code search indexes it:
// punctuation separates words and is otherwise ignored, so the query
// "@segment/analytics-next" finds "segment analytics next" too. Each word
// keeps its byte offsets in text.
func githubTokens(text string) (words []string, spans [][2]int) {
	start := -1
	for i, r := range text + " " {
		alnum := unicode.IsLetter(r) || unicode.IsDigit(r)
		switch {
		case alnum && start < 0:
			start = i
		case !alnum && start >= 0:
			words = append(words, strings.ToLower(text[start:i]))
			spans = append(spans, [2]int{start, i})
			start = -1
		}
	}
	return words, spans
}

// githubPhrase finds the words want (a term's tokens) as a phrase in a
// tokenized line, and returns the byte range of the line it covers.
func githubPhrase(words []string, spans [][2]int, want []string) (int, int, bool) {
	if len(want) == 0 {
		return 0, 0, false
	}
	for i := 0; i+len(want) <= len(words); i++ {
		if slices.Equal(words[i:i+len(want)], want) {
			return spans[i][0], spans[i+len(want)-1][1], true
		}
	}
	return 0, 0, false
}

// githubCodeHit is one file a search found, with its matching lines.
type githubCodeHit struct {
	repoIndex int
	repo      SandboxRepository
	path      string
	matches   []any
}

func githubSearchCode(s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request, seed SandboxSeed) {
	q := r.URL.Query().Get("q")
	switch {
	case strings.TrimSpace(q) == "":
		githubValidation(w, "", "missing")
		return
	case len(q) > 256:
		githubValidation(w, "The search is longer than 256 characters.", "invalid")
		return
	}
	query := parseGitHubQuery(q)
	switch {
	case query.operators > 5:
		githubValidation(w, "The search contains more than 5 AND / OR / NOT operators.", "invalid")
		return
	case len(query.terms) == 0:
		githubValidation(w, "Must include at least one search term.", "invalid")
		return
	}
	cannot := "The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them."
	for _, o := range query.orgs {
		if !strings.EqualFold(o, seed.Org) {
			githubValidation(w, cannot, "invalid")
			return
		}
	}
	seeRepo := func(repo SandboxRepository) bool {
		return !repo.Private || slices.Contains(seed.grantedScopes(), SandboxScopeRepo)
	}
	for _, name := range query.repos {
		found := false
		for _, repo := range seed.Repositories {
			found = found || (strings.EqualFold(repo.FullName, name) && seeRepo(repo))
		}
		if !found {
			githubValidation(w, cannot, "invalid")
			return
		}
	}

	terms := make([][]string, len(query.terms))
	for i, t := range query.terms {
		terms[i], _ = githubTokens(t)
	}
	repos := slices.Clone(seed.Repositories)
	slices.SortFunc(repos, func(a, b SandboxRepository) int { return strings.Compare(a.FullName, b.FullName) })
	var hits []githubCodeHit
	for ri, repo := range repos {
		owner, _, _ := strings.Cut(repo.FullName, "/")
		switch {
		case !seeRepo(repo):
			continue
		case len(query.orgs) > 0 && !slices.ContainsFunc(query.orgs, func(o string) bool { return strings.EqualFold(o, owner) }):
			continue
		case len(query.repos) > 0 && !slices.ContainsFunc(query.repos, func(n string) bool { return strings.EqualFold(n, repo.FullName) }):
			continue
		}
		paths := make([]string, 0, len(repo.Files))
		for p := range repo.Files {
			paths = append(paths, p)
		}
		slices.Sort(paths)
		for _, p := range paths {
			var matches []any
			for _, line := range strings.Split(repo.Files[p], "\n") {
				words, spans := githubTokens(line)
				for _, want := range terms {
					if from, to, ok := githubPhrase(words, spans, want); ok {
						matches = append(matches, map[string]any{
							"object_url":  sandbox.RootURL(r) + "/repositories/" + strconv.Itoa(ri+1) + "/contents/" + p,
							"object_type": "FileContent", "property": "content", "fragment": line,
							"matches": []any{map[string]any{"text": line[from:to], "indices": []int{from, to}}},
						})
						break
					}
				}
			}
			if len(matches) > 0 {
				hits = append(hits, githubCodeHit{repoIndex: ri + 1, repo: repo, path: p, matches: matches})
			}
		}
	}
	// Only the first 1,000 results of a search can be read.
	const reachable = 1000
	page, per := githubPaging(s, r, 30)
	if (page-1)*per >= reachable {
		githubValidation(w, "Only the first 1000 search results are available", "invalid")
		return
	}
	from, to := githubPage(s, w, r, page, per, len(hits), reachable)
	textMatch := strings.Contains(r.Header.Get("Accept"), "text-match")
	items := []any{}
	for _, h := range hits[from:to] {
		items = append(items, githubCodeItem(r, h, textMatch))
	}
	sandbox.WriteJSON(w, http.StatusOK, map[string]any{"total_count": len(hits),
		"incomplete_results": seed.IncompleteResults, "items": items})
}

func githubCodeItem(r *http.Request, h githubCodeHit, textMatch bool) map[string]any {
	owner, name, _ := strings.Cut(h.repo.FullName, "/")
	sum := sha1.Sum([]byte(h.repo.Files[h.path]))
	sha := hex.EncodeToString(sum[:])
	id := strconv.Itoa(h.repoIndex)
	item := map[string]any{
		"name": path.Base(h.path), "path": h.path, "sha": sha,
		"url":      sandbox.RootURL(r) + "/repositories/" + id + "/contents/" + url.PathEscape(h.path) + "?ref=" + sha,
		"git_url":  sandbox.RootURL(r) + "/repositories/" + id + "/git/blobs/" + sha,
		"html_url": "https://github.com/" + h.repo.FullName + "/blob/" + sha + "/" + h.path,
		"score":    1.0,
		"repository": map[string]any{"id": h.repoIndex, "node_id": "R_" + id, "name": name,
			"full_name": h.repo.FullName, "private": h.repo.Private, "fork": false,
			"html_url": "https://github.com/" + h.repo.FullName,
			"owner":    map[string]any{"login": owner, "id": 1000, "type": "Organization"}},
	}
	if textMatch {
		item["text_matches"] = h.matches
	}
	return item
}

// Simulator is the simulated GitHub API, for the sandbox.
func Simulator() sandbox.Vendor {
	return sandbox.NewVendor(sandbox.Vendor{Kind: Kind, Base: "/", RateLimited: githubRateLimited},
		sandbox.Seeding[SandboxSeed]{Serve: simulate, AddTool: addTool, Finish: addRepositories})
}

func seedOf(s *sandbox.Sandbox) *SandboxSeed { return sandbox.SeedOf[SandboxSeed](s, Kind) }

func addTool(_ *sandbox.Builder, seed *SandboxSeed, t *inventory.Tool, people []sandbox.Person, purchased int) {
	seed.Org = scanners.StringSetting(t.Scan.Body, "org")
	// The sandbox's token is an owner's: it sees the plan.
	seed.Plan = &SandboxPlan{Name: "business", Seats: max(purchased, len(people)), FilledSeats: len(people)}
	for _, p := range people {
		login, _, _ := strings.Cut(p.Email, "@")
		login = strings.ReplaceAll(login, ".", "-")
		id := int64(sandbox.NumericID(p.ID))
		seed.Members = append(seed.Members, SandboxMember{Login: login, ID: id})
		seed.CopilotSeats = append(seed.CopilotSeats, SandboxCopilotSeat{Login: login, ID: id, LastActivityAt: p.LastActive})
	}
}

// addRepositories turns the integrations GitHub discovery found back into
// repositories whose files use them.
func addRepositories(_ *sandbox.Builder, seed *SandboxSeed, d usage.Discovered) {
	repos := map[string]int{}
	for _, in := range d.Integrations {
		if in.Source != Kind || in.Repo == "" {
			continue
		}
		if seed.Org == "" {
			seed.Org, _, _ = strings.Cut(in.Repo, "/")
		}
		i, ok := repos[in.Repo]
		if !ok {
			i = len(seed.Repositories)
			repos[in.Repo] = i
			seed.Repositories = append(seed.Repositories, SandboxRepository{FullName: in.Repo, Private: true, Files: map[string]string{}})
		}
		files := seed.Repositories[i].Files
		// Evidence is the matched term, possibly followed by more terms
		// or a note: "term1, term2 (…)".
		term, _, _ := strings.Cut(in.Evidence, ", ")
		term, _, _ = strings.Cut(term, " (")
		if strings.HasSuffix(in.Path, "package.json") {
			files[in.Path] += fmt.Sprintf("    %q: \"^1.0.0\",\n", term)
		} else {
			files[in.Path] += fmt.Sprintf("<script src=\"https://%s/loader.js\"></script>\n", term)
		}
	}
}
