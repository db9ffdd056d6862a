package inventory

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/stackaudit/stackaudit/internal/synth"
)

// compareAST reports, with its path, the first difference between the body
// hclsyntax.ParseConfig produced (want) and the one fastParse produced
// (got): node types, every range, every value, and nil against empty.
func compareAST(t testing.TB, want, got *hclsyntax.Body) bool {
	t.Helper()
	if d := diffBody("body", want, got); d != "" {
		t.Errorf("fastParse differs from hclsyntax at %s", d)
		return false
	}
	return true
}

func diffRange(path string, want, got hcl.Range) string {
	if want != got {
		return fmt.Sprintf("%s: want %s, got %s", path, fpRange(want), fpRange(got))
	}
	return ""
}

func fpRange(r hcl.Range) string {
	return fmt.Sprintf("%s:%d,%d(%d)-%d,%d(%d)", r.Filename, r.Start.Line, r.Start.Column, r.Start.Byte, r.End.Line, r.End.Column, r.End.Byte)
}

// diffNil compares whether a slice or map is nil, which a decoder may
// observe.
func diffNil(path string, want, got any) string {
	w, g := reflect.ValueOf(want), reflect.ValueOf(got)
	if w.IsNil() != g.IsNil() {
		return fmt.Sprintf("%s: want nil=%v, got nil=%v", path, w.IsNil(), g.IsNil())
	}
	if w.Len() != g.Len() {
		return fmt.Sprintf("%s: want %d elements, got %d", path, w.Len(), g.Len())
	}
	return ""
}

func diffBody(path string, want, got *hclsyntax.Body) string {
	if (want == nil) != (got == nil) {
		return fmt.Sprintf("%s: want %v, got %v", path, want, got)
	}
	if want == nil {
		return ""
	}
	if d := diffRange(path+".SrcRange", want.SrcRange, got.SrcRange); d != "" {
		return d
	}
	if d := diffRange(path+".EndRange", want.EndRange, got.EndRange); d != "" {
		return d
	}
	// The unexported fields: reflect can read them.
	wv, gv := reflect.ValueOf(want).Elem(), reflect.ValueOf(got).Elem()
	for _, name := range []string{"hiddenAttrs", "hiddenBlocks"} {
		if wf, gf := wv.FieldByName(name), gv.FieldByName(name); wf.IsNil() != gf.IsNil() || wf.Len() != gf.Len() {
			return fmt.Sprintf("%s.%s: want nil=%v len %d, got nil=%v len %d", path, name, wf.IsNil(), wf.Len(), gf.IsNil(), gf.Len())
		}
	}
	if d := diffNil(path+".Attributes", want.Attributes, got.Attributes); d != "" {
		return d
	}
	names := make([]string, 0, len(want.Attributes))
	for name := range want.Attributes {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := fmt.Sprintf("%s.Attributes[%q]", path, name)
		g, ok := got.Attributes[name]
		if !ok {
			return p + ": missing"
		}
		if d := diffAttribute(p, want.Attributes[name], g); d != "" {
			return d
		}
	}
	if d := diffNil(path+".Blocks", want.Blocks, got.Blocks); d != "" {
		return d
	}
	for i, w := range want.Blocks {
		if d := diffBlock(fmt.Sprintf("%s.Blocks[%d]", path, i), w, got.Blocks[i]); d != "" {
			return d
		}
	}
	return ""
}

func diffAttribute(path string, want, got *hclsyntax.Attribute) string {
	if (want == nil) != (got == nil) {
		return fmt.Sprintf("%s: want %v, got %v", path, want, got)
	}
	if want == nil {
		return ""
	}
	if want.Name != got.Name {
		return fmt.Sprintf("%s.Name: want %q, got %q", path, want.Name, got.Name)
	}
	for _, r := range []struct {
		name      string
		want, got hcl.Range
	}{
		{"SrcRange", want.SrcRange, got.SrcRange},
		{"NameRange", want.NameRange, got.NameRange},
		{"EqualsRange", want.EqualsRange, got.EqualsRange},
	} {
		if d := diffRange(path+"."+r.name, r.want, r.got); d != "" {
			return d
		}
	}
	return diffExpr(path+".Expr", want.Expr, got.Expr)
}

func diffBlock(path string, want, got *hclsyntax.Block) string {
	if (want == nil) != (got == nil) {
		return fmt.Sprintf("%s: want %v, got %v", path, want, got)
	}
	if want == nil {
		return ""
	}
	path = fmt.Sprintf("%s(%s %q)", path, want.Type, want.Labels)
	if want.Type != got.Type {
		return fmt.Sprintf("%s.Type: want %q, got %q", path, want.Type, got.Type)
	}
	if d := diffNil(path+".Labels", want.Labels, got.Labels); d != "" {
		return d
	}
	for i := range want.Labels {
		if want.Labels[i] != got.Labels[i] {
			return fmt.Sprintf("%s.Labels[%d]: want %q, got %q", path, i, want.Labels[i], got.Labels[i])
		}
	}
	if d := diffNil(path+".LabelRanges", want.LabelRanges, got.LabelRanges); d != "" {
		return d
	}
	for i := range want.LabelRanges {
		if d := diffRange(fmt.Sprintf("%s.LabelRanges[%d]", path, i), want.LabelRanges[i], got.LabelRanges[i]); d != "" {
			return d
		}
	}
	for _, r := range []struct {
		name      string
		want, got hcl.Range
	}{
		{"TypeRange", want.TypeRange, got.TypeRange},
		{"OpenBraceRange", want.OpenBraceRange, got.OpenBraceRange},
		{"CloseBraceRange", want.CloseBraceRange, got.CloseBraceRange},
	} {
		if d := diffRange(path+"."+r.name, r.want, r.got); d != "" {
			return d
		}
	}
	return diffBody(path+".Body", want.Body, got.Body)
}

func diffExprs(path string, want, got []hclsyntax.Expression) string {
	if d := diffNil(path, want, got); d != "" {
		return d
	}
	for i := range want {
		if d := diffExpr(fmt.Sprintf("%s[%d]", path, i), want[i], got[i]); d != "" {
			return d
		}
	}
	return ""
}

func diffExpr(path string, want, got hclsyntax.Expression) string {
	if (want == nil) != (got == nil) {
		return fmt.Sprintf("%s: want %#v, got %#v", path, want, got)
	}
	if want == nil {
		return ""
	}
	if reflect.TypeOf(want) != reflect.TypeOf(got) {
		return fmt.Sprintf("%s: want a %T, got a %T", path, want, got)
	}
	switch w := want.(type) {
	case *hclsyntax.LiteralValueExpr:
		g := got.(*hclsyntax.LiteralValueExpr)
		if d := diffValue(path+".Val", w.Val, g.Val); d != "" {
			return d
		}
		return diffRange(path+".SrcRange", w.SrcRange, g.SrcRange)
	case *hclsyntax.TemplateExpr:
		g := got.(*hclsyntax.TemplateExpr)
		if d := diffRange(path+".SrcRange", w.SrcRange, g.SrcRange); d != "" {
			return d
		}
		return diffExprs(path+".Parts", w.Parts, g.Parts)
	case *hclsyntax.ScopeTraversalExpr:
		g := got.(*hclsyntax.ScopeTraversalExpr)
		if d := diffRange(path+".SrcRange", w.SrcRange, g.SrcRange); d != "" {
			return d
		}
		return diffTraversal(path+".Traversal", w.Traversal, g.Traversal)
	case *hclsyntax.TupleConsExpr:
		g := got.(*hclsyntax.TupleConsExpr)
		if d := diffRange(path+".SrcRange", w.SrcRange, g.SrcRange); d != "" {
			return d
		}
		if d := diffRange(path+".OpenRange", w.OpenRange, g.OpenRange); d != "" {
			return d
		}
		return diffExprs(path+".Exprs", w.Exprs, g.Exprs)
	case *hclsyntax.ObjectConsExpr:
		g := got.(*hclsyntax.ObjectConsExpr)
		if d := diffRange(path+".SrcRange", w.SrcRange, g.SrcRange); d != "" {
			return d
		}
		if d := diffRange(path+".OpenRange", w.OpenRange, g.OpenRange); d != "" {
			return d
		}
		if d := diffNil(path+".Items", w.Items, g.Items); d != "" {
			return d
		}
		for i := range w.Items {
			p := fmt.Sprintf("%s.Items[%d]", path, i)
			if d := diffExpr(p+".KeyExpr", w.Items[i].KeyExpr, g.Items[i].KeyExpr); d != "" {
				return d
			}
			if d := diffExpr(p+".ValueExpr", w.Items[i].ValueExpr, g.Items[i].ValueExpr); d != "" {
				return d
			}
		}
		return ""
	case *hclsyntax.UnaryOpExpr:
		g := got.(*hclsyntax.UnaryOpExpr)
		if w.Op != g.Op {
			return fmt.Sprintf("%s.Op: want %v, got %v", path, w.Op, g.Op)
		}
		if d := diffRange(path+".SrcRange", w.SrcRange, g.SrcRange); d != "" {
			return d
		}
		if d := diffRange(path+".SymbolRange", w.SymbolRange, g.SymbolRange); d != "" {
			return d
		}
		return diffExpr(path+".Val", w.Val, g.Val)
	case *hclsyntax.ObjectConsKeyExpr:
		g := got.(*hclsyntax.ObjectConsKeyExpr)
		if w.ForceNonLiteral != g.ForceNonLiteral {
			return fmt.Sprintf("%s.ForceNonLiteral: want %v, got %v", path, w.ForceNonLiteral, g.ForceNonLiteral)
		}
		return diffExpr(path+".Wrapped", w.Wrapped, g.Wrapped)
	default:
		// fastParse never builds other node types; compare them whole.
		if !reflect.DeepEqual(want, got) {
			return fmt.Sprintf("%s: %T differs", path, want)
		}
		return ""
	}
}

func diffValue(path string, want, got cty.Value) string {
	if want.Type() == cty.Number && got.Type() == cty.Number && want.IsWhollyKnown() && got.IsWhollyKnown() && !want.IsNull() && !got.IsNull() {
		// Not RawEquals: it compares numbers by their decimal text, which
		// takes minutes for 1e-99999999. The binary text is exact, and
		// hclsyntax's numbers also have a precision and rounding mode.
		w, g := want.AsBigFloat(), got.AsBigFloat()
		if w.Prec() != g.Prec() || w.Mode() != g.Mode() || w.Acc() != g.Acc() || w.Text('p', 0) != g.Text('p', 0) {
			return fmt.Sprintf("%s: want number %s (prec %d, %v), got %s (prec %d, %v)", path,
				w.Text('p', 0), w.Prec(), w.Mode(), g.Text('p', 0), g.Prec(), g.Mode())
		}
		return ""
	}
	if !want.RawEquals(got) {
		return fmt.Sprintf("%s: want %#v, got %#v", path, want, got)
	}
	return ""
}

func diffTraversal(path string, want, got hcl.Traversal) string {
	if d := diffNil(path, want, got); d != "" {
		return d
	}
	for i := range want {
		p := fmt.Sprintf("%s[%d]", path, i)
		if reflect.TypeOf(want[i]) != reflect.TypeOf(got[i]) {
			return fmt.Sprintf("%s: want a %T, got a %T", p, want[i], got[i])
		}
		switch w := want[i].(type) {
		case hcl.TraverseRoot:
			g := got[i].(hcl.TraverseRoot)
			if w.Name != g.Name {
				return fmt.Sprintf("%s.Name: want %q, got %q", p, w.Name, g.Name)
			}
			if d := diffRange(p+".SrcRange", w.SrcRange, g.SrcRange); d != "" {
				return d
			}
		case hcl.TraverseAttr:
			g := got[i].(hcl.TraverseAttr)
			if w.Name != g.Name {
				return fmt.Sprintf("%s.Name: want %q, got %q", p, w.Name, g.Name)
			}
			if d := diffRange(p+".SrcRange", w.SrcRange, g.SrcRange); d != "" {
				return d
			}
		default:
			if !reflect.DeepEqual(want[i], got[i]) {
				return fmt.Sprintf("%s: %T differs", p, want[i])
			}
		}
	}
	return ""
}

// checkFastParse parses src both ways. When fastParse takes it, hclsyntax
// must parse it without any diagnostic into the same tree. It returns
// whether fastParse took it.
func checkFastParse(t testing.TB, src []byte, filename string) bool {
	t.Helper()
	got, ok := fastParse(src, filename)
	if !ok {
		if got != nil {
			t.Errorf("%s: fastParse returned a body with ok=false", filename)
		}
		return false
	}
	f, diags := hclsyntax.ParseConfig(src, filename, hcl.InitialPos)
	if len(diags) > 0 {
		t.Errorf("%s: fastParse accepted input that hclsyntax diagnoses: %s", filename, diags.Error())
		return true
	}
	compareAST(t, f.Body.(*hclsyntax.Body), got)
	return true
}

// outOfSubset lists the valid example and fixture files that use syntax
// beyond fastParse's subset, and what: every other valid file must take
// the fast path.
var outOfSubset = map[string]string{
	"../examples/acme/policies.hcl":                                   "templates, function calls, operators and for expressions in policies",
	"testdata/bad/07-missing-required-waiver-and-policy/main.hcl":     "template interpolation",
	"testdata/bad/11-bad-enums-org-team-data/main.hcl":                "template interpolation",
	"testdata/bad/29-malformed-reference/main.hcl":                    "index (team[\"mops\"])",
	"testdata/bad/39-policy-unknown-variable-and-collection/main.hcl": "template interpolation and operators",
	"testdata/bad/49-combo-agency-onboarding/policy/custom.hcl":       "template interpolation and function calls",
	"testdata/bad/51-expression-not-allowed/main.hcl":                 "function calls and operators",
	"testdata/bad/53-secret-in-rule-and-policy/main.hcl":              "template interpolation",
	"testdata/bad/54-policy-for-each-not-a-keyword/main.hcl":          "template interpolation",
}

// hclFiles returns the .hcl files of the examples and test fixtures.
func hclFiles(t testing.TB) []string {
	t.Helper()
	var paths []string
	for _, root := range []string{"../examples", "testdata"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(path, ".hcl") {
				paths = append(paths, filepath.ToSlash(path))
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

func TestFastParseFiles(t *testing.T) {
	fast, valid := 0, 0
	for _, path := range hclFiles(t) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		ok := checkFastParse(t, src, path)
		if _, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos); diags.HasErrors() {
			continue
		}
		valid++
		reason, out := outOfSubset[path]
		switch {
		case ok && out:
			t.Errorf("%s: listed as beyond the subset (%s) but fastParse took it", path, reason)
		case !ok && !out:
			t.Errorf("%s: valid and within the subset, but fastParse fell back", path)
		case ok:
			fast++
		}
	}
	for path := range outOfSubset {
		if _, err := os.Stat(path); err != nil {
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
	if err := synth.Write(dir, synth.Size{Tools: 200, Flows: 2000, Teams: 20, Files: 10}); err != nil {
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
		if !checkFastParse(t, src, path) {
			t.Errorf("%s: fastParse fell back on a synthetic file", path)
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

// fastParseCases are inputs within the subset: fastParse must take them.
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
			if !checkFastParse(t, []byte(tc.src), "case.hcl") {
				t.Errorf("fastParse fell back on %q", tc.src)
			}
		})
	}
}

// fastParseFallbacks are inputs outside the subset, or with syntax errors:
// fastParse must leave them to hclsyntax.
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
			if body, ok := fastParse([]byte(tc.src), "case.hcl"); ok || body != nil {
				t.Errorf("fastParse took %q, which hclsyntax must parse", tc.src)
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
		if src, err := os.ReadFile(path); err == nil && len(src) < 64<<10 {
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
		checkFastParse(t, src, "fuzz.hcl")
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
	if _, ok := fastParse(src.Bytes(), "bench.hcl"); !ok {
		b.Fatal("fastParse fell back on the benchmark source")
	}
	return src.Bytes()
}

func BenchmarkFastParse(b *testing.B) {
	src := benchSource(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := fastParse(src, "bench.hcl"); !ok {
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

// TestFastParseGenerated compares fastParse with hclsyntax on random
// documents of the subset, which it must all take, and on mutations of
// them, which it must either reject or parse as hclsyntax does.
func TestFastParseGenerated(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	n := 3000
	if testing.Short() {
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
		if !checkFastParse(t, src, name) {
			t.Fatalf("fastParse fell back on a generated document of the subset:\n%s", src)
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
			if checkFastParse(t, m, name) {
				mutantsTaken++
			}
			if t.Failed() {
				t.Fatalf("on mutant:\n%q", m)
			}
		}
	}
	t.Logf("%d generated documents, all on the fast path; %d of %d mutants taken", fast, mutantsTaken, 5*n)
}
