package sandbox

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
)

// This file holds the paging and auth rules that several simulated
// vendors share. What differs between vendors (parameter names, error
// bodies, where the next link goes) stays in each vendor's sandbox.go:
// these helpers return values and report failure, and the vendor writes
// its own answer.

// PageSize is the page size a request asks for in v (its limit, count or
// maxResults parameter): def when v is empty, then at most seedCap (the
// seed's PageSize; 0: no cap), so that small seeds still paginate. ok is
// false when v is not an integer from 1 to maxSize (0: no upper bound),
// which each vendor answers with its own 400.
func PageSize(v string, def, maxSize, seedCap int) (size int, ok bool) {
	size, ok = Positive(v, def)
	if !ok || maxSize > 0 && size > maxSize {
		return 0, false
	}
	if seedCap > 0 && seedCap < size {
		size = seedCap
	}
	return size, true
}

// Positive reads a paging parameter that counts from 1 (a page number or
// size): def when v is empty; ok is false when v is not an integer of at
// least 1.
func Positive(v string, def int) (n int, ok bool) {
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, false
	}
	return n, true
}

// Offset reads a page cursor written as prefix and a decimal offset, the
// way several simulators page ("" is the first page); ok is false for any
// other cursor.
func Offset(cursor, prefix string) (offset int, ok bool) {
	if cursor == "" {
		return 0, true
	}
	n, err := strconv.Atoi(strings.TrimPrefix(cursor, prefix))
	if err != nil || n < 0 || !strings.HasPrefix(cursor, prefix) {
		return 0, false
	}
	return n, true
}

// Window is the page of items that starts at offset and holds at most
// limit of them (none past the end).
func Window[T any](items []T, offset, limit int) []T {
	n := len(items)
	return items[min(offset, n):min(offset+limit, n)]
}

// Page renders the page of items that starts at offset and holds at most
// limit of them: a JSON array, empty rather than null past the end.
func Page[T any](items []T, offset, limit int, render func(T) any) []any {
	out := []any{}
	for _, it := range Window(items, offset, limit) {
		out = append(out, render(it))
	}
	return out
}

// Cursor is an opaque page cursor as several simulators write theirs:
// prefix and the seed position the next page starts at, encoded with enc,
// so that a client cannot mistake it for a plain offset.
func Cursor(enc *base64.Encoding, prefix string, next int) string {
	return enc.EncodeToString([]byte(prefix + strconv.Itoa(next)))
}

// CursorOffset reads a Cursor back into the position it names, 0 for no
// cursor (the first page); ok is false for anything else.
func CursorOffset(enc *base64.Encoding, cursor, prefix string) (offset int, ok bool) {
	if cursor == "" {
		return 0, true
	}
	b, err := enc.DecodeString(cursor)
	if err != nil || len(b) == 0 {
		return 0, false
	}
	return Offset(string(b), prefix)
}

// Next is where the page after the one at offset, of limit items out of
// total, starts, and whether there is such a page. Under the
// LoopingCursor fault every page points to the second page, so that a
// client that does not notice loops for ever.
func (s *Sandbox) Next(offset, limit, total int) (next int, more bool) {
	if s.faults.LoopingCursor {
		return limit, true
	}
	return offset + limit, offset+limit < total
}

// Matching serves one page of a filtered list: the first limit of the n
// seed items from position offset on that match, rendering only those it
// serves, so that a 10,000-page walk stays fast. next is the seed
// position after the last item examined, and more whether any item from
// there on matches (with the LoopingCursor fault as in Next).
func (s *Sandbox) Matching(n, offset, limit int, match func(int) bool, render func(int) any) (items []any, next int, more bool) {
	items = []any{}
	i := min(offset, n)
	for ; i < n && len(items) < limit; i++ {
		if match(i) {
			items = append(items, render(i))
		}
	}
	for j := i; j < n && !more; j++ {
		more = match(j)
	}
	if s.faults.LoopingCursor {
		return items, limit, true
	}
	return items, i, more
}

// Segments splits a request's path below an API's root (such as
// "/api/v1/"): nil when the path is not below it, so that no route
// matches.
func Segments(path, root string) []string {
	rest, ok := strings.CutPrefix(path, root)
	if !ok {
		return nil
	}
	return strings.Split(rest, "/")
}

// Bearer reports whether r carries "Authorization: Bearer token"; a seed
// without a token accepts no request.
func Bearer(r *http.Request, token string) bool {
	return token != "" && r.Header.Get("Authorization") == "Bearer "+token
}

// TokenError answers a token endpoint's refusal in OAuth 2.0's shape
// (RFC 6749 §5.2), {"error", "error_description"}, which Okta, Salesforce
// and Google send as it stands (Entra adds fields of its own).
func TokenError(w http.ResponseWriter, status int, code, desc string) {
	WriteJSON(w, status, map[string]any{"error": code, "error_description": desc})
}
