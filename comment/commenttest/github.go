package commenttest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// GitHub is a fake of GitHub's issue comments of one repository. Its
// Requests field logs "METHOD /path?query" of every request; its PageSize
// caps per_page.
type GitHub struct {
	threads
	// Repo is "OWNER/NAME".
	Repo string
	// SecondaryLimits is how many list requests answer a secondary rate
	// limit (403 with Retry-After) before the fake answers again.
	SecondaryLimits int
}

// NewGitHub starts a fake of repo with the given pull requests (no
// comments yet) and a page size of 2. Close it when done.
func NewGitHub(repo string, prs ...int) *GitHub {
	g := &GitHub{Repo: repo}
	g.start(g.serve, 1000, ghError, prs)
	return g
}

// Add stores a comment on pr as if someone had posted it and returns its
// id.
func (g *GitHub) Add(pr int, author, body string) int64 {
	return g.add(pr, Note{Body: body, Author: author})
}

// Comments returns a copy of pr's comments, oldest first.
func (g *GitHub) Comments(pr int) []Note { return g.notes(pr) }

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

func ghError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"message": msg, "documentation_url": "https://docs.github.com/rest"})
}

func (g *GitHub) serve(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !g.admit(w, r, token, "Bad credentials", "Resource not accessible by integration") {
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
	if _, exists := g.byNum[n]; !ok || err != nil || !exists {
		ghError(w, http.StatusNotFound, "Not Found")
		return
	}
	switch r.Method {
	case http.MethodGet:
		g.list(w, r, n)
	case http.MethodPost:
		body, ok := requestBody(r)
		if !ok {
			ghError(w, http.StatusUnprocessableEntity, "Validation Failed")
			return
		}
		if len([]rune(body)) > 65536 {
			ghError(w, http.StatusUnprocessableEntity, "Body is too long (maximum is 65536 characters)")
			return
		}
		writeJSON(w, http.StatusCreated, g.render(n, g.store(n, Note{Body: body, Author: "stackaudit-bot"})))
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
	if pp, ok := queryNumber(r, "per_page"); ok && pp < size {
		size = pp
	}
	page, ok := queryNumber(r, "page")
	if !ok {
		page = 1
	}
	notes, more := g.page(n, page, size)
	out := []map[string]any{}
	for _, note := range notes {
		out = append(out, g.render(n, note))
	}
	base := "http://" + r.Host + r.URL.Path
	var links []string
	if more {
		links = append(links, fmt.Sprintf(`<%s?page=%d&per_page=%d>; rel="next"`, base, page+1, size))
		last := (len(g.byNum[n]) + size - 1) / size
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

func (g *GitHub) one(w http.ResponseWriter, r *http.Request, idText string) {
	id, err := strconv.ParseInt(idText, 10, 64)
	pr, i := g.find(id)
	if err != nil || i < 0 {
		ghError(w, http.StatusNotFound, "Not Found")
		return
	}
	switch r.Method {
	case http.MethodPatch:
		body, ok := requestBody(r)
		if !ok {
			ghError(w, http.StatusUnprocessableEntity, "Validation Failed")
			return
		}
		g.byNum[pr][i].Body = body
		writeJSON(w, http.StatusOK, g.render(pr, g.byNum[pr][i]))
	case http.MethodDelete:
		g.remove(pr, i)
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
	g.byNum[pr][i].Minimized = true
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"minimizeComment": map[string]any{"minimizedComment": map[string]any{"isMinimized": true}}}})
}
