package commenttest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
)

// GitLab is a fake of the notes of one GitLab project's merge requests.
type GitLab struct {
	*httptest.Server
	mu sync.Mutex
	// Project is the project's path ("group/stack"); its id is 42.
	Project  string
	PageSize int
	mrs      map[int][]*Note
	nextID   int64
	Requests []string
}

// NewGitLab starts a fake of project with the given merge requests and a
// page size of 2.
func NewGitLab(project string, mrs ...int) *GitLab {
	g := &GitLab{Project: project, PageSize: 2, mrs: map[int][]*Note{}, nextID: 500}
	for _, n := range mrs {
		g.mrs[n] = nil
	}
	g.Server = httptest.NewServer(http.HandlerFunc(g.serve))
	return g
}

// Add stores a note; system notes are GitLab's own ("added 1 commit").
func (g *GitLab) Add(mr int, body string, system bool) int64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.nextID++
	g.mrs[mr] = append(g.mrs[mr], &Note{ID: g.nextID, Body: body, System: system})
	return g.nextID
}

// Notes returns a copy of mr's notes, oldest first.
func (g *GitLab) Notes(mr int) []Note {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []Note
	for _, n := range g.mrs[mr] {
		out = append(out, *n)
	}
	return out
}

func glError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"message": msg})
}

func (g *GitLab) serve(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.Requests = append(g.Requests, r.Method+" "+r.URL.RequestURI())
	token := r.Header.Get("PRIVATE-TOKEN")
	if token != Token && token != ReadOnlyToken {
		glError(w, http.StatusUnauthorized, "401 Unauthorized")
		return
	}
	if r.Method != http.MethodGet && token == ReadOnlyToken {
		glError(w, http.StatusForbidden, "403 Forbidden")
		return
	}
	// The project is named by id or by its URL-encoded path.
	rest, ok := strings.CutPrefix(r.URL.EscapedPath(), "/api/v4/projects/")
	if !ok {
		glError(w, http.StatusNotFound, "404 Not Found")
		return
	}
	proj, rest, _ := strings.Cut(rest, "/")
	if proj != "42" && proj != strings.ReplaceAll(g.Project, "/", "%2F") {
		glError(w, http.StatusNotFound, "404 Project Not Found")
		return
	}
	parts := strings.Split(rest, "/")
	if len(parts) < 3 || parts[0] != "merge_requests" || parts[2] != "notes" {
		glError(w, http.StatusNotFound, "404 Not Found")
		return
	}
	mr, err := strconv.Atoi(parts[1])
	if _, exists := g.mrs[mr]; err != nil || !exists {
		glError(w, http.StatusNotFound, "404 Not found")
		return
	}
	if len(parts) == 4 {
		g.one(w, r, mr, parts[3])
		return
	}
	switch r.Method {
	case http.MethodGet:
		size := g.PageSize
		page := 1
		if p, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && p > 0 {
			page = p
		}
		all := g.mrs[mr]
		from, to := min((page-1)*size, len(all)), min(page*size, len(all))
		out := []map[string]any{}
		for _, n := range all[from:to] {
			out = append(out, map[string]any{"id": n.ID, "body": n.Body, "system": n.System})
		}
		next := ""
		if to < len(all) {
			next = strconv.Itoa(page + 1)
		}
		w.Header().Set("X-Next-Page", next)
		w.Header().Set("X-Page", strconv.Itoa(page))
		writeJSON(w, http.StatusOK, out)
	case http.MethodPost:
		var in struct{ Body string }
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == "" {
			glError(w, http.StatusBadRequest, "400 Bad request - body is missing")
			return
		}
		g.nextID++
		n := &Note{ID: g.nextID, Body: in.Body}
		g.mrs[mr] = append(g.mrs[mr], n)
		writeJSON(w, http.StatusCreated, map[string]any{"id": n.ID, "body": n.Body, "system": false})
	default:
		glError(w, http.StatusMethodNotAllowed, "405 Method Not Allowed")
	}
}

func (g *GitLab) one(w http.ResponseWriter, r *http.Request, mr int, idText string) {
	id, _ := strconv.ParseInt(idText, 10, 64)
	i := -1
	for k, n := range g.mrs[mr] {
		if n.ID == id {
			i = k
		}
	}
	if i < 0 {
		glError(w, http.StatusNotFound, "404 Note Not Found")
		return
	}
	switch r.Method {
	case http.MethodPut:
		var in struct{ Body string }
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == "" {
			glError(w, http.StatusBadRequest, "400 Bad request - body is missing")
			return
		}
		g.mrs[mr][i].Body = in.Body
		writeJSON(w, http.StatusOK, map[string]any{"id": id, "body": in.Body, "system": false})
	case http.MethodDelete:
		g.mrs[mr] = append(g.mrs[mr][:i], g.mrs[mr][i+1:]...)
		w.WriteHeader(http.StatusNoContent)
	default:
		glError(w, http.StatusMethodNotAllowed, "405 Method Not Allowed")
	}
}
