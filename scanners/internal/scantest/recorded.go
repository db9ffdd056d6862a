package scantest

import (
	"os"
	"path/filepath"
	"testing"
)

// Recorded reads a vendor response body recorded from the vendor's
// reference documentation or official SDK fixtures, from the calling
// package's testdata/vendor folder (whose SOURCE note says where each body
// comes from).
func Recorded(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "vendor", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
