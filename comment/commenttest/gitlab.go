package commenttest

import (
	"net/http"
	"strconv"
	"strings"
)

// GitLab is a fake of the notes of one GitLab project's merge requests.
// Its Requests field logs "METHOD /path?query" of every request.
type GitLab struct {
	threads
	// Project is the project's path ("group/stack"); its id is 42.
	Project string
}

// NewGitLab starts a fake of project with the given merge requests and a
// page size of 2.
func NewGitLab(project string, mrs ...int) *GitLab {
	g := &GitLab{Project: project}
	g.start(g.serve, 500, glError, mrs)
	return g
}

// Add stores a note; system notes are GitLab's own ("added 1 commit").
func (g *GitLab) Add(mr int, body string, system bool) int64 {
	return g.add(mr, Note{Body: body, System: system})
}

// Notes returns a copy of mr's notes, oldest first.
func (g *GitLab) Notes(mr int) []Note { return g.notes(mr) }

func glError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"message": msg})
}

func (g *GitLab) serve(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.admit(w, r, r.Header.Get("PRIVATE-TOKEN"), "401 Unauthorized", "403 Forbidden") {
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
	if _, exists := g.byNum[mr]; err != nil || !exists {
		glError(w, http.StatusNotFound, "404 Not found")
		return
	}
	if len(parts) == 4 {
		g.one(w, r, mr, parts[3])
		return
	}
	switch r.Method {
	case http.MethodGet:
		page, ok := queryNumber(r, "page")
		if !ok {
			page = 1
		}
		notes, more := g.page(mr, page, g.PageSize)
		out := []map[string]any{}
		for _, n := range notes {
			out = append(out, map[string]any{"id": n.ID, "body": n.Body, "system": n.System})
		}
		next := ""
		if more {
			next = strconv.Itoa(page + 1)
		}
		w.Header().Set("X-Next-Page", next)
		w.Header().Set("X-Page", strconv.Itoa(page))
		writeJSON(w, http.StatusOK, out)
	case http.MethodPost:
		body, ok := requestBody(r)
		if !ok {
			glError(w, http.StatusBadRequest, "400 Bad request - body is missing")
			return
		}
		n := g.store(mr, Note{Body: body})
		writeJSON(w, http.StatusCreated, map[string]any{"id": n.ID, "body": n.Body, "system": false})
	default:
		glError(w, http.StatusMethodNotAllowed, "405 Method Not Allowed")
	}
}

func (g *GitLab) one(w http.ResponseWriter, r *http.Request, mr int, idText string) {
	id, _ := strconv.ParseInt(idText, 10, 64)
	num, i := g.find(id)
	if i < 0 || num != mr {
		glError(w, http.StatusNotFound, "404 Note Not Found")
		return
	}
	switch r.Method {
	case http.MethodPut:
		body, ok := requestBody(r)
		if !ok {
			glError(w, http.StatusBadRequest, "400 Bad request - body is missing")
			return
		}
		g.byNum[mr][i].Body = body
		writeJSON(w, http.StatusOK, map[string]any{"id": id, "body": body, "system": false})
	case http.MethodDelete:
		g.remove(mr, i)
		w.WriteHeader(http.StatusNoContent)
	default:
		glError(w, http.StatusMethodNotAllowed, "405 Method Not Allowed")
	}
}
