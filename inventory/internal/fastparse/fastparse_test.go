package fastparse_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/stackaudit/stackaudit/internal/synth"
	"github.com/stackaudit/stackaudit/inventory/internal/fastparse"
)

// astOptions tell cmp how to compare the trees hclsyntax and Parse build:
// every field, ranges included, and nil apart from empty.
func astOptions() cmp.Options {
	return cmp.Options{
		// Body's hiddenAttrs and hiddenBlocks are nil fresh from the
		// parser, and a decoder may observe them; the traversers embed
		// an empty sigil struct.
		cmp.AllowUnexported(hclsyntax.Body{}, hcl.TraverseRoot{}, hcl.TraverseAttr{}, hcl.TraverseIndex{}, hcl.TraverseSplat{}),
		// Operations are package-level values, compared by identity (their
		// function.Function is opaque).
		cmp.Comparer(func(a, b *hclsyntax.Operation) bool { return a == b }),
		cmp.Transformer("cty", ctyText),
		// cmp compares each element of a slice twice (once to find an edit
		// script, once to report), which doubles the work at every level of
		// nesting; compared as maps from index, the elements of the slices
		// that nest are compared once.
		cmp.Transformer("byIndex", byIndex[*hclsyntax.Block, hclsyntax.Blocks]),
		cmp.Transformer("byIndex", byIndex[hclsyntax.Expression, []hclsyntax.Expression]),
		cmp.Transformer("byIndex", byIndex[hclsyntax.ObjectConsItem, []hclsyntax.ObjectConsItem]),
	}
}

// byIndex returns the elements of s by index, and nil for a nil s.
func byIndex[T any, S ~[]T](s S) map[int]T {
	if s == nil {
		return nil
	}
	m := make(map[int]T, len(s))
	for i, x := range s {
		m[i] = x
	}
	return m
}

// ctyText returns an exact text of a cty value. A number is written in
// binary with its precision, rounding mode and accuracy, which hclsyntax
// sets too: not as decimal text (or with RawEquals, which compares decimal
// texts), which takes minutes for 1e-99999999.
func ctyText(v cty.Value) string {
	if v.Type() == cty.Number && v.IsWhollyKnown() && !v.IsNull() {
		f := v.AsBigFloat()
		return fmt.Sprintf("cty.Number(%s, prec %d, %v, %v)", f.Text('p', 0), f.Prec(), f.Mode(), f.Acc())
	}
	return v.GoString()
}

// checkParse parses src both ways. When Parse takes it, hclsyntax must
// parse it without any diagnostic into the same tree. It returns whether
// Parse took it.
func checkParse(t testing.TB, src []byte, filename string) bool {
	t.Helper()
	got, ok := fastparse.Parse(src, filename)
	if !ok {
		if got != nil {
			t.Errorf("%s: Parse returned a body with ok=false", filename)
		}
		return false
	}
	f, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if len(diags) > 0 {
		t.Errorf("%s: Parse accepted input that hclsyntax diagnoses: %s", filename, diags.Error())
		return true
	}
	if d := cmp.Diff(f.Body.(*hclsyntax.Body), got, astOptions()); d != "" {
		t.Errorf("%s: Parse differs from hclsyntax.ParseConfig (-hclsyntax +Parse):\n%s", filename, d)
	}
	return true
}

// TestASTOptionsSeeDifferences: the comparison behind every other test
// does see a difference in each kind of thing Parse could get wrong.
func TestASTOptionsSeeDifferences(t *testing.T) {
	const src = "b \"x\" {\n  a = [1, -2.5, \"s\", t.u]\n  o = { k = true }\n}\nc {}\n"
	tests := []struct {
		name   string
		mutate func(b *hclsyntax.Body)
	}{
		{"nothing", func(*hclsyntax.Body) {}},
		{"a column", func(b *hclsyntax.Body) { b.Blocks[0].Body.Attributes["a"].NameRange.Start.Column++ }},
		{"a byte offset", func(b *hclsyntax.Body) { b.Blocks[0].Body.EndRange.Start.Byte++ }},
		{"a file name", func(b *hclsyntax.Body) { b.Blocks[0].TypeRange.Filename = "other.hcl" }},
		{"nil for empty", func(b *hclsyntax.Body) { b.Blocks[0].Body.Blocks = nil }},
		{"empty for nil", func(b *hclsyntax.Body) { b.Blocks[1].Labels = []string{} }},
		{"a label", func(b *hclsyntax.Body) { b.Blocks[0].Labels[0] = "y" }},
		{"a string", func(b *hclsyntax.Body) {
			tuple(b).Exprs[2].(*hclsyntax.TemplateExpr).Parts[0].(*hclsyntax.LiteralValueExpr).Val = cty.StringVal("S")
		}},
		{"a number's precision", func(b *hclsyntax.Body) {
			lit := tuple(b).Exprs[0].(*hclsyntax.LiteralValueExpr)
			lit.Val = cty.NumberVal(lit.Val.AsBigFloat().SetPrec(64))
		}},
		{"an operation", func(b *hclsyntax.Body) { tuple(b).Exprs[1].(*hclsyntax.UnaryOpExpr).Op = hclsyntax.OpLogicalNot }},
		{"a traversal step", func(b *hclsyntax.Body) {
			tr := tuple(b).Exprs[3].(*hclsyntax.ScopeTraversalExpr)
			tr.Traversal[1] = hcl.TraverseAttr{Name: "v", SrcRange: tr.Traversal[1].SourceRange()}
		}},
		{"a node type", func(b *hclsyntax.Body) {
			obj := b.Blocks[0].Body.Attributes["o"].Expr.(*hclsyntax.ObjectConsExpr)
			obj.Items[0].KeyExpr = obj.Items[0].KeyExpr.(*hclsyntax.ObjectConsKeyExpr).Wrapped
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want, diags := hclsyntax.ParseConfig([]byte(src), "case.hcl", hcl.InitialPos)
			if diags.HasErrors() {
				t.Fatal(diags)
			}
			got, ok := fastparse.Parse([]byte(src), "case.hcl")
			if !ok {
				t.Fatal("Parse fell back")
			}
			tc.mutate(got)
			d := cmp.Diff(want.Body.(*hclsyntax.Body), got, astOptions())
			if unchanged := tc.name == "nothing"; unchanged != (d == "") {
				t.Errorf("cmp.Diff after changing %s:\n%s", tc.name, d)
			}
		})
	}
}

// tuple returns the tuple of attribute a of the first block of b.
func tuple(b *hclsyntax.Body) *hclsyntax.TupleConsExpr {
	return b.Blocks[0].Body.Attributes["a"].Expr.(*hclsyntax.TupleConsExpr)
}

// moduleRoot is the module's root folder, relative to this package's.
const moduleRoot = "../../.."

// outOfSubset lists the valid example and fixture files (relative to the
// module root) that use syntax beyond Parse's subset, and what: every other
// valid file must take the fast path.
var outOfSubset = map[string]string{
	"examples/acme/policies.hcl": "templates, function calls, operators and for expressions in policies",
	"inventory/testdata/bad/07-missing-required-waiver-and-policy/main.hcl":     "template interpolation",
	"inventory/testdata/bad/11-bad-enums-org-team-data/main.hcl":                "template interpolation",
	"inventory/testdata/bad/29-malformed-reference/main.hcl":                    "index (team[\"mops\"])",
	"inventory/testdata/bad/39-policy-unknown-variable-and-collection/main.hcl": "template interpolation and operators",
	"inventory/testdata/bad/49-combo-agency-onboarding/policy/custom.hcl":       "template interpolation and function calls",
	"inventory/testdata/bad/51-expression-not-allowed/main.hcl":                 "function calls and operators",
	"inventory/testdata/bad/53-secret-in-rule-and-policy/main.hcl":              "template interpolation",
	"inventory/testdata/bad/54-policy-for-each-not-a-keyword/main.hcl":          "template interpolation",
}

// hclFiles returns the .hcl files of the examples and of the inventory's
// test fixtures, relative to the module root.
func hclFiles(t testing.TB) []string {
	t.Helper()
	var paths []string
	for _, root := range []string{"examples", "inventory/testdata"} {
		err := filepath.WalkDir(filepath.Join(moduleRoot, root), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(path, ".hcl") {
				rel, err := filepath.Rel(moduleRoot, path)
				if err != nil {
					return err
				}
				paths = append(paths, filepath.ToSlash(rel))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(paths) == 0 {
		t.Fatal("no .hcl files found")
	}
	return paths
}

// readFile reads the file at path, relative to the module root.
func readFile(path string) ([]byte, error) {
	return os.ReadFile(filepath.Join(moduleRoot, filepath.FromSlash(path)))
}

func TestFastParseFiles(t *testing.T) {
	fast, valid := 0, 0
	for _, path := range hclFiles(t) {
		src, err := readFile(path)
		if err != nil {
			t.Fatal(err)
		}
		ok := checkParse(t, src, path)
		if _, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos); diags.HasErrors() {
			continue
		}
		valid++
		reason, out := outOfSubset[path]
		switch {
		case ok && out:
			t.Errorf("%s: listed as beyond the subset (%s) but Parse took it", path, reason)
		case !ok && !out:
			t.Errorf("%s: valid and within the subset, but Parse fell back", path)
		case ok:
			fast++
		}
	}
	for path := range outOfSubset {
		if _, err := readFile(path); err != nil {
			t.Errorf("outOfSubset lists %s: %v", path, err)
		}
	}
	t.Logf("fast path taken for %d of %d valid files", fast, valid)
	if fast < 20 {
		t.Errorf("fast path taken for only %d files", fast)
	}
}

func TestFastParseSynth(t *testing.T) {
	dir := t.TempDir()
	size := synth.Size{Tools: 200, Flows: 2000, Teams: 20, Files: 10}
	if raceEnabled {
		size.Tools, size.Flows = 40, 400
	}
	if err := synth.Write(dir, size); err != nil {
		t.Fatal(err)
	}
	n := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		if !checkParse(t, src, path) {
			t.Errorf("%s: Parse fell back on a synthetic file", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Errorf("synth wrote %d files", n)
	}
}

// fastParseCases are inputs within the subset: Parse must take them.
var fastParseCases = []struct{ name, src string }{
	{"empty", ""},
	{"only newlines", "\n\n\n"},
	{"only spaces", "   "},
	{"only hash comment", "# just a comment\n"},
	{"only comment no newline", "# just a comment"},
	{"only slash comment", "// c\n// d"},
	{"only block comment", "/* c */"},
	{"block comment multi-line", "/* a\nb\r\n*/\n"},
	{"leading block comment", "/* c */ a = 1\n"},
	{"leading spaces", "   a = 1\n"},
	{"leading tab", "\ta = 1\n"},
	{"comment then attr", "# c\na = 1\n"},
	{"comment with cr", "# a\rb\na = 1\n"},
	{"non-ASCII comments", "# Acme — Zürich\na = 1 // ünïcode\nb {\n  # e\u0301 combining\n}\n"},
	{"comment with crlf", "# a\r\na = 1\r\n"},
	{"crlf", "a = 1\r\nb {\r\n  c = \"x\"\r\n}\r\n"},
	{"crlf blank lines", "\r\n\r\na = [\r\n  1,\r\n]\r\n"},
	{"trailing whitespace", "a = 1   \nb = 2\t\n  "},
	{"no trailing newline", "a = 1"},
	{"block no trailing newline", "b {\n}"},
	{"attr comment", "a = 1 # one\nb = 2 // two\nc = 3 /* three */\n"},
	{"attr comment at eof", "a = 1 # one"},
	{"block comment across lines after attr", "a = 1 /* x\ny */\nb = 2\n"},
	{"block 0 labels", "b {\n  a = 1\n}\n"},
	{"block 1 label", "b \"x\" {\n  a = 1\n}\n"},
	{"block 2 labels", "b \"x\" \"y\" {\n  a = 1\n}\n"},
	{"block ident labels", "b x \"y\" z {\n}\n"},
	{"block empty label", "b \"\" {\n}\n"},
	{"label escapes", "b \"a\\\"b\\\\c\\n\" {\n}\n"},
	{"label no spaces", "b\"x\"{\n}\n"},
	{"nested blocks", "a {\n  b \"x\" {\n    c {\n      d = 1\n    }\n  }\n  e = 2\n}\n"},
	{"empty body one line", "team \"x\" {}\n"},
	{"empty body one line spaces", "team \"x\" {   }\n"},
	{"empty body two lines", "team \"x\" {\n}\n"},
	{"empty body comment", "team \"x\" { /* nothing */ }\n"},
	{"empty body line comment", "team \"x\" { # nothing\n}\n"},
	{"one-line block", "team \"x\" { a = 1 }\n"},
	{"one-line block tight", "team{a=[1,2]}\n"},
	{"one-line block multi-line value", "team { a = [\n1,\n2] }\n"},
	{"one-line block at eof", "team { a = 1 }"},
	{"nested one-line block", "a {\n  b { c = \"d\" }\n}\n"},
	{"empty tuple", "a = []\n"},
	{"empty tuple newline", "a = [\n]\n"},
	{"tuple", "a = [1, \"two\", true, null, x.y]\n"},
	{"tuple trailing comma", "a = [1, 2,]\n"},
	{"tuple multi-line", "a = [\n  1,\n  2,\n]\n"},
	{"tuple comments", "a = [ # first\n  1, // one\n  /* two */ 2\n]\n"},
	{"nested tuples", "a = [[], [1, [2]], {}]\n"},
	{"empty object", "a = {}\n"},
	{"empty object newline", "a = {\n}\n"},
	{"object equals", "a = { x = 1, y = \"z\" }\n"},
	{"object colon", "a = { x: 1, \"y\": 2 }\n"},
	{"object newlines", "a = {\n  x = 1\n  y = 2\n}\n"},
	{"object trailing comma", "a = { x = 1, }\n"},
	{"object comma and newline", "a = {\n  x = 1,\n  y = 2,\n}\n"},
	{"object comments", "a = { # c\n  x = 1 # d\n  /* e */ y = 2\n}\n"},
	{"object keys", "a = { true = 1, null = 2, 3 = 4, a.b = 5, \"s\" = 6 }\n"},
	{"object nested", "a = { x = { y = [1, { z = 2 }] } }\n"},
	{"object in tuple", "a = [{\n  x = 1\n}, {}]\n"},
	{"object for later key", "a = { x = 1, for = 2 }\n"},
	{"tuple for later", "a = [x, for]\n"},
	{"numbers", "a = 0\nb = 42\nc = 0.1\nd = 1e3\ne = 1E+3\nf = 2.5e-3\ng = 007\nh = 12345678901234567890123456789\ni = 0.30000000000000004\n"},
	{"number dot exponent", "a = 1.e5\n"},
	{"huge exponents", "a = 2.5e-34567007\nb = 1e99999999\n"},
	{"negative numbers", "a = -1\nb = - 2.5e3\nc = [-0, -\n7]\nd = { x = -1 }\n"},
	{"strings", "a = \"\"\nb = \"x\"\nc = \"with spaces and symbols !@#^&*()[]{}:;',.<>?/|~`\"\n"},
	{"string escapes", "a = \"q\\\"b\\\\n\\nt\\tr\\r\"\n"},
	{"string dollar percent", "a = \"$ % $$ %% $x %y 50% $\"\nb = \"$\"\nc = \"%\"\n"},
	{"string tab and nul", "a = \"a\tb\x00c\"\n"},
	{"long string", "a = \"" + strings.Repeat("long ", 40) + "\"\n"},
	{"bools null", "a = true\nb = false\nc = null\n"},
	{"keywords as names", "null = 1\ntrue = 2\nfalse = 3\nfor = 4\nin = 5\nif = 6\n"},
	{"keyword block", "null \"x\" {\n}\n"},
	{"traversal", "a = team.marketing\nb = x\nc = a.b.c.d\n"},
	{"traversal spaces", "a = team . marketing\n"},
	{"traversal across lines in tuple", "a = [team\n.\nmarketing]\n"},
	{"dashes", "a-b = c-d.e-f\nx- = y\n"},
	{"underscore names", "_a = _b._c\n"},
	{"many attributes", "a = 1\nb = 2\nc = 3\nd = 4\n"},
	{"blank lines between", "\n\na = 1\n\n\nb {\n\n  c = 2\n\n}\n\n"},
}

func TestFastParseCases(t *testing.T) {
	for _, tc := range fastParseCases {
		t.Run(tc.name, func(t *testing.T) {
			if !checkParse(t, []byte(tc.src), "case.hcl") {
				t.Errorf("Parse fell back on %q", tc.src)
			}
		})
	}
}

// fastParseFallbacks are inputs outside the subset, or with syntax errors:
// Parse must leave them to hclsyntax.
var fastParseFallbacks = []struct{ name, src string }{
	{"heredoc", "a = <<EOT\nx\nEOT\n"},
	{"template interpolation", "a = \"${x}\"\n"},
	{"template directive", "a = \"%{if x}y%{endif}\"\n"},
	{"escaped interpolation", "a = \"$${x}\"\n"},
	{"escaped directive", "a = \"%%{x}\"\n"},
	{"unicode escape", "a = \"\\u00e9\"\n"},
	{"bad escape", "a = \"\\q\"\n"},
	{"function call", "a = f(1)\n"},
	{"namespaced function", "a = p::f(1)\n"},
	{"operator", "a = 1 + 2\n"},
	{"comparison", "a = x == y\n"},
	{"conditional", "a = x ? 1 : 2\n"},
	{"not", "a = !x\n"},
	{"negated expression", "a = -x\n"},
	{"double negation", "a = --1\n"},
	{"negative number on next line", "a = -\n1\n"},
	{"subtraction", "a = [1 -1]\n"},
	{"non-ASCII comment at EOF", "a = 1 # é"},
	{"invalid UTF-8 comment", "#\xed0\na = 1\n"},
	{"non-ASCII block comment", "/* é */\na = 1\n"},
	{"parentheses", "a = (1)\n"},
	{"index", "a = x[0]\n"},
	{"legacy index", "a = x.0\n"},
	{"splat", "a = x.*.y\n"},
	{"full splat", "a = x[*].y\n"},
	{"literal traversal", "a = true.x\n"},
	{"tuple for", "a = [for x in y : x]\n"},
	{"object for", "a = {for k, v in y : k => v}\n"},
	{"object for after newline", "a = {\n  for = 1\n}\n"},
	{"object paren key", "a = { (x) = 1 }\n"},
	{"non-ASCII string", "a = \"é\"\n"},
	{"BOM", "\xef\xbb\xbfa = 1\n"},
	{"lone CR", "a = 1\rb = 2\n"},
	{"missing close brace", "b {\n  a = 1\n"},
	{"missing equals", "a 1\n"},
	{"missing value", "a =\n"},
	{"value on next line", "a =\n1\n"},
	{"duplicate attribute", "a = 1\na = 2\n"},
	{"duplicate attribute in block", "b {\n  a = 1\n  a = 2\n}\n"},
	{"two attributes one line", "a = 1 b = 2\n"},
	{"comma after attribute", "a = 1,\n"},
	{"block newline before brace", "b\n{\n}\n"},
	{"block equals", "c \"x\" = {\n}\n"},
	{"block no newline after", "b {\n} c = 1\n"},
	{"one-line block two attrs", "b { a = 1, c = 2 }\n"},
	{"one-line block nested", "b { c {} }\n"},
	{"one-line block newline", "b { a = 1\n}\n"},
	{"unterminated string", "a = \"abc\n"},
	{"unterminated string eof", "a = \"abc"},
	{"unterminated tuple", "a = [1, 2\n"},
	{"unterminated object", "a = { x = 1\n"},
	{"unterminated block comment", "/* abc\na = 1\n"},
	{"tuple missing comma", "a = [1 2]\n"},
	{"tuple double comma", "a = [1,,2]\n"},
	{"object missing separator", "a = { x = 1 y = 2 }\n"},
	{"object missing equals", "a = { x }\n"},
	{"object value on next line", "a = { x =\n1 }\n"},
	{"object double colon", "a = { x :: 1 }\n"},
	{"bad number", "a = 1.2.3\n"},
	{"number then dot", "a = 1.\n"},
	{"number then ident", "a = 1e\n"},
	{"ellipsis", "a = x...\n"},
	{"quoted attribute name", "\"a\" = 1\n"},
	{"stray close brace", "}\n"},
	{"stray token", "a = 1\n=\n"},
	{"single quotes", "a = 'x'\n"},
	{"semicolon", "a = 1;\n"},
	{"invalid character", "a = 1\n\x01\n"},
	{"fat arrow", "a => 1\n"},
	{"equals equals", "a == 1\n"},
	{"string newline", "a = \"a\nb\"\n"},
	{"label template", "b \"${x}\" {\n}\n"},
	{"dot at line start", "a = x\n.y\n"},
}

func TestFastParseFallbacks(t *testing.T) {
	for _, tc := range fastParseFallbacks {
		t.Run(tc.name, func(t *testing.T) {
			if body, ok := fastparse.Parse([]byte(tc.src), "case.hcl"); ok || body != nil {
				t.Errorf("Parse took %q, which hclsyntax must parse", tc.src)
			}
		})
	}
}

func FuzzFastParse(f *testing.F) {
	for _, tc := range fastParseCases {
		f.Add([]byte(tc.src))
	}
	for _, tc := range fastParseFallbacks {
		f.Add([]byte(tc.src))
	}
	for _, path := range hclFiles(f) {
		if src, err := readFile(path); err == nil && len(src) < 64<<10 {
			f.Add(src)
		}
	}
	dir := f.TempDir()
	if err := synth.Write(dir, synth.Size{Tools: 5, Flows: 10, Teams: 3, Files: 4}); err != nil {
		f.Fatal(err)
	}
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if src, err := os.ReadFile(path); err == nil && len(src) < 64<<10 {
				f.Add(src)
			}
		}
		return nil
	})
	f.Fuzz(func(t *testing.T, src []byte) {
		checkParse(t, src, "fuzz.hcl")
	})
}

// benchSource returns about 500 KB of synthetic inventory, the files of a
// small synthetic inventory concatenated.
func benchSource(b *testing.B) []byte {
	b.Helper()
	dir := b.TempDir()
	if err := synth.Write(dir, synth.Size{Tools: 300, Flows: 1800, Teams: 30, Files: 4}); err != nil {
		b.Fatal(err)
	}
	var src bytes.Buffer
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		src.Write(data)
		src.WriteByte('\n')
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, ok := fastparse.Parse(src.Bytes(), "bench.hcl"); !ok {
		b.Fatal("Parse fell back on the benchmark source")
	}
	return src.Bytes()
}

func BenchmarkFastParse(b *testing.B) {
	src := benchSource(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := fastparse.Parse(src, "bench.hcl"); !ok {
			b.Fatal("fell back")
		}
	}
}

func BenchmarkHclsyntaxParse(b *testing.B) {
	src := benchSource(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := hclsyntax.ParseConfig(src, "bench.hcl", hcl.InitialPos); diags.HasErrors() {
			b.Fatal(diags)
		}
	}
}

// hclGen writes random documents of the fast path's subset, with every
// kind of spacing, comment and newline hclsyntax allows between tokens.
type hclGen struct {
	r *rand.Rand
	b strings.Builder
	n int // for unique names
}

func (g *hclGen) pick(options ...string) string { return options[g.r.IntN(len(options))] }

// sp writes what may separate two tokens: newlines too when nl is true
// (inside brackets).
func (g *hclGen) sp(nl bool) {
	for range g.r.IntN(3) {
		switch g.r.IntN(8) {
		case 0, 1, 2:
			g.b.WriteString(g.pick(" ", "  ", "\t"))
		case 3:
			g.b.WriteString(g.pick("/* c */", "/**/", "/* a\nb */", "/* \r\n */"))
		default:
			if nl {
				g.b.WriteString(g.pick("\n", "\r\n", "# c\n", "// c\r\n", "#\n"))
			}
		}
	}
}

// eol writes the end of a line: a newline or a comment ending with one.
func (g *hclGen) eol() {
	g.sp(false)
	g.b.WriteString(g.pick("\n", "\n", "\r\n", " # note\n", "// x\n", "# ü —\n"))
	for g.r.IntN(4) == 0 {
		g.b.WriteString(g.pick("\n", "  \n", "# c\n", "/* c */\n"))
	}
}

func (g *hclGen) ident() string {
	if g.r.IntN(6) == 0 {
		return g.pick("true", "false", "null", "for", "in", "if", "a-b", "_x", "x_1", "A")
	}
	g.n++
	return fmt.Sprintf("%s%d", g.pick("a", "name", "x-", "_"), g.n)
}

// root returns a name that starts a traversal: not true, false or null,
// which are literals, nor for, which starts a for expression in brackets.
func (g *hclGen) root() string {
	switch name := g.ident(); name {
	case "true", "false", "null", "for":
		return "v"
	default:
		return name
	}
}

func (g *hclGen) str() string {
	var s strings.Builder
	s.WriteByte('"')
	for range g.r.IntN(5) {
		s.WriteString(g.pick("a", "b c", `\"`, `\\`, `\n`, `\t`, `\r`, "$", "%", "$$", "%%", "$x", "{", "}", "'", "\t", "#", "//", "/*"))
	}
	s.WriteByte('"')
	if strings.Contains(s.String(), "${") || strings.Contains(s.String(), "%{") {
		return `"$$ {"` // template sequences, escaped or not, are beyond the subset
	}
	return s.String()
}

func (g *hclGen) number() string {
	return g.pick("0", "1", "42", "007", "0.5", "10.25", "1e3", "1E3", "1e+3", "2.5e-3", "1.e2", "123456789012345678901234567890", "0.1", "3.14159265358979323846264338327950288")
}

// expr writes an expression; nl says whether newlines may separate its
// tokens (inside brackets).
func (g *hclGen) expr(nl bool, depth int) {
	k := g.r.IntN(10)
	if depth > 3 && k >= 7 {
		k = 0
	}
	switch k {
	case 0, 1:
		g.b.WriteString(g.str())
	case 2:
		g.b.WriteString(g.number())
	case 3:
		g.b.WriteString("-")
		g.sp(nl)
		g.b.WriteString(g.number())
	case 4:
		g.b.WriteString(g.pick("true", "false", "null"))
	case 5, 6:
		g.b.WriteString(g.root())
		for range g.r.IntN(4) {
			g.sp(nl)
			g.b.WriteString(".")
			g.sp(nl)
			g.b.WriteString(g.ident())
		}
	case 7, 8:
		g.b.WriteString("[")
		n := g.r.IntN(4)
		for i := range n {
			g.sp(true)
			g.expr(true, depth+1)
			g.sp(true)
			if i < n-1 || g.r.IntN(2) == 0 {
				g.b.WriteString(",")
			}
		}
		g.sp(true)
		g.b.WriteString("]")
	default:
		g.b.WriteString("{")
		n := g.r.IntN(4)
		for i := range n {
			g.sp(true) // before a key, newlines are skipped
			switch g.r.IntN(4) {
			case 0:
				g.b.WriteString(g.str())
			case 1:
				g.b.WriteString(g.number())
			default:
				g.b.WriteString(g.root())
			}
			g.sp(false)
			g.b.WriteString(g.pick("=", ":"))
			g.sp(false)
			g.expr(false, depth+1)
			g.sp(false)
			if i < n-1 {
				g.b.WriteString(g.pick(",", "\n", ",\n", "\r\n", " # c\n"))
			} else {
				g.b.WriteString(g.pick("", ",", "\n"))
			}
		}
		g.sp(true)
		g.b.WriteString("}")
	}
}

func (g *hclGen) body(depth int) {
	used := map[string]bool{}
	for range g.r.IntN(5) {
		g.sp(false)
		if depth > 2 || g.r.IntN(3) > 0 {
			name := g.ident()
			for used[name] {
				name = g.ident()
			}
			used[name] = true
			g.b.WriteString(name)
			g.sp(false)
			g.b.WriteString("=")
			g.sp(false)
			g.expr(false, 0)
			g.eol()
			continue
		}
		g.b.WriteString(g.ident())
		for range g.r.IntN(3) {
			g.sp(false)
			if g.r.IntN(3) == 0 {
				g.b.WriteString(g.ident())
			} else {
				g.b.WriteString(g.str())
			}
		}
		g.sp(false)
		g.b.WriteString("{")
		g.sp(false)
		switch g.r.IntN(4) {
		case 0:
			g.b.WriteString("}")
		case 1:
			g.b.WriteString(g.ident())
			g.sp(false)
			g.b.WriteString("=")
			g.sp(false)
			g.expr(false, 0)
			g.sp(false)
			g.b.WriteString("}")
		default:
			g.eol()
			g.body(depth + 1)
			g.sp(false)
			g.b.WriteString("}")
		}
		g.eol()
	}
}

// TestFastParseGenerated compares Parse with hclsyntax on random
// documents of the subset, which it must all take, and on mutations of
// them, which it must either reject or parse as hclsyntax does.
func TestFastParseGenerated(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	n := 3000
	if testing.Short() || raceEnabled {
		n = 300
	}
	tokens := []string{"{", "}", "[", "]", "=", ":", ",", ".", "-", "\"", "\n", "\r", "#", "/", "*", "$", "{", "(", "e", "1", "\\", "é", "\xff", "<<EOT\n", "..."}
	fast, mutantsTaken := 0, 0
	for i := range n {
		g := &hclGen{r: r}
		g.body(0)
		if r.IntN(4) == 0 {
			// Drop the final newline: the end of the file ends the last
			// item. Not after a comment, which may be non-ASCII, and then
			// beyond the subset at the end of the file.
			s := strings.TrimRight(g.b.String(), "\r\n")
			if !strings.ContainsAny(s[strings.LastIndexByte(s, '\n')+1:], "#/") {
				g.b.Reset()
				g.b.WriteString(s)
			}
		}
		src := []byte(g.b.String())
		name := fmt.Sprintf("gen%d.hcl", i)
		if _, diags := hclsyntax.ParseConfig(src, name, hcl.InitialPos); diags.HasErrors() {
			t.Fatalf("the generator wrote invalid HCL: %s\n%s", diags.Error(), src)
		}
		if !checkParse(t, src, name) {
			t.Fatalf("Parse fell back on a generated document of the subset:\n%s", src)
		}
		fast++

		// Mutants: delete, duplicate or insert bytes.
		for range 5 {
			m := append([]byte(nil), src...)
			for range 1 + r.IntN(2) {
				at := 0
				if len(m) > 0 {
					at = r.IntN(len(m))
				}
				switch r.IntN(3) {
				case 0:
					if len(m) > 0 {
						m = append(m[:at], m[at+1:]...)
					}
				case 1:
					if len(m) > 0 {
						m = append(m[:at+1], m[at:]...)
					}
				default:
					tok := tokens[r.IntN(len(tokens))]
					m = append(m[:at], append([]byte(tok), m[at:]...)...)
				}
			}
			if checkParse(t, m, name) {
				mutantsTaken++
			}
			if t.Failed() {
				t.Fatalf("on mutant:\n%q", m)
			}
		}
	}
	t.Logf("%d generated documents, all on the fast path; %d of %d mutants taken", fast, mutantsTaken, 5*n)
}
