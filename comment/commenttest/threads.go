package commenttest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
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

// threads is what both fakes are, but for their paths, paging headers and
// error bodies: a test server and, under one lock, the notes of each pull
// or merge request by its number, their ids, their pages and the
// requests seen.
type threads struct {
	*httptest.Server
	mu     sync.Mutex
	byNum  map[int][]*Note
	nextID int64
	// fail writes the forge's own error body.
	fail func(w http.ResponseWriter, status int, msg string)
	// Requests logs "METHOD /path?query" of every request.
	Requests []string
	// PageSize is how many notes a page holds (2 unless a test sets it),
	// so that a few notes span pages.
	PageSize int
}

// start starts the server with serve and empty threads nums; note ids
// follow firstID.
func (s *threads) start(serve http.HandlerFunc, firstID int64, fail func(http.ResponseWriter, int, string), nums []int) {
	s.byNum, s.nextID, s.fail, s.PageSize = map[int][]*Note{}, firstID, fail, 2
	for _, n := range nums {
		s.byNum[n] = nil
	}
	s.Server = httptest.NewServer(serve)
}

// store appends n to thread num under a new id; the caller holds the lock.
func (s *threads) store(num int, n Note) *Note {
	s.nextID++
	n.ID = s.nextID
	s.byNum[num] = append(s.byNum[num], &n)
	return &n
}

// add is store for a test, which does not hold the lock.
func (s *threads) add(num int, n Note) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.store(num, n).ID
}

// notes returns a copy of thread num's notes, oldest first.
func (s *threads) notes(num int) []Note {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Note
	for _, n := range s.byNum[num] {
		out = append(out, *n)
	}
	return out
}

// find returns the thread and index of note id, or an index of -1.
func (s *threads) find(id int64) (num, i int) {
	for num, notes := range s.byNum {
		if i := slices.IndexFunc(notes, func(n *Note) bool { return n.ID == id }); i >= 0 {
			return num, i
		}
	}
	return 0, -1
}

func (s *threads) remove(num, i int) { s.byNum[num] = slices.Delete(s.byNum[num], i, i+1) }

// page is the page'th page (from 1) of size notes of thread num, and
// whether more notes follow it.
func (s *threads) page(num, page, size int) ([]*Note, bool) {
	all := s.byNum[num]
	from, to := min((page-1)*size, len(all)), min(page*size, len(all))
	return all[from:to], to < len(all)
}

// admit logs the request and refuses it, with the forge's texts, when its
// token is unknown (401) or may only read and the request writes (403).
// The caller holds the lock.
func (s *threads) admit(w http.ResponseWriter, r *http.Request, token, unauthorized, forbidden string) bool {
	s.Requests = append(s.Requests, r.Method+" "+r.URL.RequestURI())
	if token != Token && token != ReadOnlyToken {
		s.fail(w, http.StatusUnauthorized, unauthorized)
		return false
	}
	if r.Method != http.MethodGet && token == ReadOnlyToken {
		s.fail(w, http.StatusForbidden, forbidden)
		return false
	}
	return true
}

// queryNumber is the query parameter name when it is a positive number.
func queryNumber(r *http.Request, name string) (int, bool) {
	n, err := strconv.Atoi(r.URL.Query().Get(name))
	return n, err == nil && n > 0
}

// requestBody is the body field of a create or edit request; ok is false
// when it is missing or empty, which both forges refuse.
func requestBody(r *http.Request) (string, bool) {
	var in struct{ Body string }
	err := json.NewDecoder(r.Body).Decode(&in)
	return in.Body, err == nil && in.Body != ""
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
