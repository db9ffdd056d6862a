package commenttest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
)

// Tokens the fakes know.
const (
	// Token may do everything.
	Token = "good-token"
	// ReadOnlyToken may list but not write: writes answer 403.
	ReadOnlyToken = "read-only-token"
)

// Note is one stored comment.
type Note struct {
	ID        int64
	Body      string
	Minimized bool
	// Author is "stackaudit-bot" for comments the fake's clients posted.
	Author string
	// System marks GitLab's system notes ("added 1 commit").
	System bool
}

// GitHub is a fake of GitHub's issue comments of one repository.
type GitHub struct {
	*httptest.Server
	mu sync.Mutex
	// Repo is "OWNER/NAME".
	Repo string
	// PageSize caps per_page, so that a few comments span pages.
	PageSize int
	// SecondaryLimits is how many list requests answer a secondary rate
	// limit (403 with Retry-After) before the fake answers again.
	SecondaryLimits int
	prs             map[int][]*Note
	nextID          int64
	// Requests logs "METHOD /path?query" of every request.
	Requests []string
}

// NewGitHub starts a fake of repo with the given pull requests (no
// comments yet) and a page size of 2. Close it when done.
func NewGitHub(repo string, prs ...int) *GitHub {
	g := &GitHub{Repo: repo, PageSize: 2, prs: map[int][]*Note{}, nextID: 1000}
	for _, n := range prs {
		g.prs[n] = nil
	}
	g.Server = httptest.NewServer(http.HandlerFunc(g.serve))
	return g
}

// Add stores a comment on pr as if someone had posted it and returns its
// id.
func (g *GitHub) Add(pr int, author, body string) int64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.nextID++
	g.prs[pr] = append(g.prs[pr], &Note{ID: g.nextID, Body: body, Author: author})
	return g.nextID
}

// Comments returns a copy of pr's comments, oldest first.
func (g *GitHub) Comments(pr int) []Note {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []Note
	for _, n := range g.prs[pr] {
		out = append(out, *n)
	}
	return out
}

// Writes counts the requests that changed something.
func (g *GitHub) Writes() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	for _, r := range g.Requests {
		if !strings.HasPrefix(r, "GET ") {
			n++
		}
	}
	return n
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func ghError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"message": msg, "documentation_url": "https://docs.github.com/rest"})
}

func (g *GitHub) serve(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.Requests = append(g.Requests, r.Method+" "+r.URL.RequestURI())
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if token != Token && token != ReadOnlyToken {
		ghError(w, http.StatusUnauthorized, "Bad credentials")
		return
	}
	if r.Method != http.MethodGet && token == ReadOnlyToken {
		ghError(w, http.StatusForbidden, "Resource not accessible by integration")
		return
	}
	if r.URL.Path == "/graphql" {
		g.graphql(w, r)
		return
	}
	prefix := "/repos/" + g.Repo + "/issues/"
	rest, ok := strings.CutPrefix(r.URL.Path, prefix)
	if !ok {
		ghError(w, http.StatusNotFound, "Not Found")
		return
	}
	if id, ok := strings.CutPrefix(rest, "comments/"); ok {
		g.one(w, r, id)
		return
	}
	num, ok := strings.CutSuffix(rest, "/comments")
	n, err := strconv.Atoi(num)
	if _, exists := g.prs[n]; !ok || err != nil || !exists {
		ghError(w, http.StatusNotFound, "Not Found")
		return
	}
	switch r.Method {
	case http.MethodGet:
		g.list(w, r, n)
	case http.MethodPost:
		var in struct{ Body string }
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == "" {
			ghError(w, http.StatusUnprocessableEntity, "Validation Failed")
			return
		}
		if len([]rune(in.Body)) > 65536 {
			ghError(w, http.StatusUnprocessableEntity, "Body is too long (maximum is 65536 characters)")
			return
		}
		g.nextID++
		note := &Note{ID: g.nextID, Body: in.Body, Author: "stackaudit-bot"}
		g.prs[n] = append(g.prs[n], note)
		writeJSON(w, http.StatusCreated, g.render(n, note))
	default:
		ghError(w, http.StatusMethodNotAllowed, "Method Not Allowed")
	}
}

func (g *GitHub) list(w http.ResponseWriter, r *http.Request, n int) {
	if g.SecondaryLimits > 0 {
		g.SecondaryLimits--
		w.Header().Set("Retry-After", "7")
		ghError(w, http.StatusForbidden, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.")
		return
	}
	size := g.PageSize
	if pp, err := strconv.Atoi(r.URL.Query().Get("per_page")); err == nil && pp > 0 && pp < size {
		size = pp
	}
	page := 1
	if p, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && p > 0 {
		page = p
	}
	all := g.prs[n]
	from, to := min((page-1)*size, len(all)), min(page*size, len(all))
	out := []map[string]any{}
	for _, note := range all[from:to] {
		out = append(out, g.render(n, note))
	}
	base := "http://" + r.Host + r.URL.Path
	var links []string
	if to < len(all) {
		links = append(links, fmt.Sprintf(`<%s?page=%d&per_page=%d>; rel="next"`, base, page+1, size))
		last := (len(all) + size - 1) / size
		links = append(links, fmt.Sprintf(`<%s?page=%d&per_page=%d>; rel="last"`, base, last, size))
	}
	if page > 1 {
		links = append(links, fmt.Sprintf(`<%s?page=1&per_page=%d>; rel="first"`, base, size))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	writeJSON(w, http.StatusOK, out)
}

func (g *GitHub) render(pr int, n *Note) map[string]any {
	return map[string]any{
		"id": n.ID, "node_id": fmt.Sprintf("IC_%d", n.ID), "body": n.Body,
		"html_url": fmt.Sprintf("https://github.example/%s/pull/%d#issuecomment-%d", g.Repo, pr, n.ID),
		"user":     map[string]any{"login": n.Author},
	}
}

func (g *GitHub) find(id int64) (int, int) {
	for pr, notes := range g.prs {
		for i, n := range notes {
			if n.ID == id {
				return pr, i
			}
		}
	}
	return 0, -1
}

func (g *GitHub) one(w http.ResponseWriter, r *http.Request, idText string) {
	id, err := strconv.ParseInt(idText, 10, 64)
	pr, i := g.find(id)
	if err != nil || i < 0 {
		ghError(w, http.StatusNotFound, "Not Found")
		return
	}
	switch r.Method {
	case http.MethodPatch:
		var in struct{ Body string }
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == "" {
			ghError(w, http.StatusUnprocessableEntity, "Validation Failed")
			return
		}
		g.prs[pr][i].Body = in.Body
		writeJSON(w, http.StatusOK, g.render(pr, g.prs[pr][i]))
	case http.MethodDelete:
		g.prs[pr] = append(g.prs[pr][:i], g.prs[pr][i+1:]...)
		w.WriteHeader(http.StatusNoContent)
	default:
		ghError(w, http.StatusMethodNotAllowed, "Method Not Allowed")
	}
}

func (g *GitHub) graphql(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Query     string
		Variables struct{ ID string }
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || !strings.Contains(in.Query, "minimizeComment") {
		writeJSON(w, http.StatusOK, map[string]any{"errors": []map[string]string{{"message": "unsupported query"}}})
		return
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(in.Variables.ID, "IC_"), 10, 64)
	pr, i := g.find(id)
	if err != nil || i < 0 {
		writeJSON(w, http.StatusOK, map[string]any{"errors": []map[string]string{{"type": "NOT_FOUND", "message": "Could not resolve to a node with the global id of '" + in.Variables.ID + "'"}}})
		return
	}
	g.prs[pr][i].Minimized = true
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"minimizeComment": map[string]any{"minimizedComment": map[string]any{"isMinimized": true}}}})
}
