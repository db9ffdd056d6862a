package result_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackaudit/stackaudit/policies/result"
)

// FuzzReadPrevious: any file given to `audit --previous` gives exactly
// one of a previous result or a previous snapshot, or an error naming the
// file; it never panics. Check and Compare then run on what was read
// without panicking either.
func FuzzReadPrevious(f *testing.F) {
	f.Add([]byte(`{"schema": "stackaudit.result/v1", "as_of": "2026-08-20", "organization": {"name": "A", "currency": "USD"}, "findings": []}`))
	f.Add([]byte(`{"schema": "stackaudit.snapshot/v1", "taken_at": "2026-08-20T00:00:00Z", "tools": {"a": {"status": "ok", "seats": {"assigned": 3}}}}`))
	f.Add([]byte("\xEF\xBB\xBF{}"))
	f.Add([]byte(`{"schema": "stackaudit.result/v1", "findings": "x"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "prev.json")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		prev, err := result.ReadPrevious(path)
		if err != nil {
			if !strings.Contains(err.Error(), path) {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if (prev.Result == nil) == (prev.Snapshot == nil) {
			t.Fatalf("want exactly one of a result and a snapshot, got %+v", prev)
		}
		cur := &result.Result{Schema: result.Schema, AsOf: "2026-11-20", Organization: result.Organization{Name: "A", Currency: "USD"}}
		if result.Check(cur, prev) == nil {
			result.Compare(cur, prev)
		}
	})
}
