package inventory

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// navSources are documents whose navigation has corners: nested arrays and
// objects, escaped and duplicate keys, a root array, blocks without labels,
// comments and blank lines between blocks.
var navSources = map[string]string{
	"a.hcl.json":      `{"tool": {"a": {"stores": ["x", {"k": [1, [2, {"z": {}}]]}], "n": null}}, "tool": {"b": {}}, "fl\u006fw": [{"f": {"to": "t"}}, [], {}]}`,
	"root.hcl.json":   " [ {\"a\": {\"b\": [ ]}}, 1, {\"c\": {}} ]\n",
	"pretty.hcl.json": "{\n  \"//\": \"comment\",\n  \"team\": {\n    \"mops\": {\n      \"name\": \"Marketing \\\"Ops\\\"\"\n    }\n  }\n}\n",
	"main.hcl":        "# header\norganization {\n  name = \"x\"\n}\n\n\ntool \"a\" {\n  cost {\n    amount = 1\n  }\n}\nteam \"b\" \"c\" {}\n// end\n",
	"odd.hcl":         "tool \"we\\\"ird\" {\n}\nflow \"é\" {}",
}

// TestNavMatchesHCL: the indexed navigators name, for every offset of
// every example, fixture and corner-case file, the same block as the
// navigation of hcl's own parse.
func TestNavMatchesHCL(t *testing.T) {
	sources := map[string][]byte{}
	for name, src := range navSources {
		sources[name] = []byte(src)
	}
	for _, root := range []string{"../examples", "testdata"} {
		require.NoError(t, filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".hcl") || strings.HasSuffix(p, ".hcl.json")) {
				src, err := os.ReadFile(p)
				require.NoError(t, err)
				sources[p] = src
			}
			return err
		}))
	}
	indexed := 0
	for name, src := range sources {
		var f *hcl.File
		var diags hcl.Diagnostics
		if strings.HasSuffix(name, ".json") {
			f, diags = hcljson.Parse(src, name)
		} else {
			f, diags = hclsyntax.ParseConfig(src, name, hcl.InitialPos)
		}
		nav := fileNav(f, !diags.HasErrors())
		if diags.HasErrors() {
			assert.Nil(t, nav, "%s: a broken file is navigated by hcl", name)
			continue
		}
		require.NotNil(t, nav, name)
		indexed++
		want := f.Nav.(contextStringer)
		for off := -1; off <= len(src)+1; off++ {
			if w, g := want.ContextString(off), nav.ContextString(off); w != g {
				t.Fatalf("%s at %d: hcl %q, index %q", name, off, w, g)
			}
		}
	}
	assert.Greater(t, indexed, 50)
}

// TestNavUnsortedBlocks: blocks out of order (as in a tree recovered from
// syntax errors) are searched in order, as hcl does.
func TestNavUnsortedBlocks(t *testing.T) {
	mk := func(typ string, start, end int) *hclsyntax.Block {
		return &hclsyntax.Block{Type: typ, TypeRange: hcl.Range{Start: hcl.Pos{Byte: start}}, CloseBraceRange: hcl.Range{End: hcl.Pos{Byte: end}}}
	}
	body := &hclsyntax.Body{Blocks: hclsyntax.Blocks{mk("b", 10, 20), mk("a", 0, 15), mk("c", 30, 40)}}
	n := newBlockNav(body)
	assert.False(t, n.sorted)
	for off, want := range map[int]string{0: "a", 12: "b", 17: "b", 25: "", 35: "c", 40: ""} {
		assert.Equal(t, want, n.ContextString(off), "offset %d", off)
	}
}

// TestJSONNavRefuses: documents encoding/json reads differently from hcl
// are left to hcl.
func TestJSONNavRefuses(t *testing.T) {
	for _, src := range []string{"", "  ", `"x"`, "{} {}", `{"a": }`, "{\"a\": \"\xff\"}", `{"a": [}`} {
		_, ok := newJSONNav([]byte(src))
		assert.False(t, ok, "%q", src)
	}
}
