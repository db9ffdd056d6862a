package main

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zclconf/go-cty/cty"
)

// diagSources are files with what makes cutting snippets tricky: CRLF and
// lone CR line ends, tabs, combining characters and emoji, invalid UTF-8,
// empty lines inside blocks, no final newline, a JSON body.
var diagSources = map[string]string{
	"main.hcl":       "tool \"crm\" {\n  name = \"CRM\"\n\n  owner = team.mops\n  scope = [\"emea\",\n    \"na\"]\n}\n\nteam \"mops\" {\n\tname = \"Marketing Ops\"\n}\n",
	"crlf.hcl":       "tool \"a\" {\r\n  name = \"A\"\r\n\r\n  owner = team.x\r\n}\r\n",
	"utf8.hcl":       "tool \"café\" {\n  name = \"Cafe\u0301 👩\u200d💻 ✓\"\n  vendor = \"Zoë\"\n}\n",
	"noeol.hcl":      "team \"t\" {\n  name = \"T\"\n}",
	"lonecr.hcl":     "team \"t\" {\r  name = \"T\"\n}\n\r\r\n",
	"badutf8.hcl":    "team \"t\" {\n  name = \"\xff\xfe x\"\n}\n",
	"tools.hcl.json": "{\n  \"tool\": {\n    \"segment\": {\n      \"owner\": \"team.mops\",\n      \"stores\": [\"data_class.a\", {\"x\": [1, {\"y\": 2}]}]\n    }\n  },\n  \"flow\": [{\"f\": {\"from\": \"tool.a\"}}]\n}\n",
	"empty.hcl":      "",
}

func diagFiles(t *testing.T) map[string]*hcl.File {
	t.Helper()
	files := map[string]*hcl.File{}
	for name, src := range diagSources {
		var f *hcl.File
		if strings.HasSuffix(name, ".json") {
			f, _ = hcljson.Parse([]byte(src), name)
		} else {
			f, _ = hclsyntax.ParseConfig([]byte(src), name, hcl.InitialPos)
		}
		require.NotNil(t, f, name)
		files[name] = f
	}
	files["nil-bytes.hcl"] = &hcl.File{}
	return files
}

// hclText is what hcl's own writer prints.
func hclText(files map[string]*hcl.File, color bool, diags ...*hcl.Diagnostic) string {
	var buf bytes.Buffer
	w := hcl.NewDiagnosticTextWriter(&buf, files, diagWidth, color)
	for _, d := range diags {
		_ = w.WriteDiagnostic(d)
	}
	return buf.String()
}

// ourEscapes is hcl's text as stackaudit prints it: the control characters
// of source lines escaped (a lone carriage return; the line ends that a
// reversed range of main.hcl runs over), so that a snippet line is one line.
func ourEscapes(s string) string {
	s = strings.ReplaceAll(s, "\r", `\r`)
	return strings.ReplaceAll(s, "\n  name = \"CRM\"\n\n  owner = team.mops\n", `\n  name = "CRM"\n\n  owner = team.mops`+"\n")
}

func ourText(files map[string]*hcl.File, color bool, diags ...*hcl.Diagnostic) string {
	var buf bytes.Buffer
	p := newDiagPrinter(&buf, files, diagWidth, color)
	for _, d := range diags {
		_ = p.write(d)
	}
	return buf.String()
}

func rng(file string, start, end int) *hcl.Range {
	return &hcl.Range{Filename: file, Start: hcl.Pos{Line: 3, Column: 1, Byte: start}, End: hcl.Pos{Line: 4, Column: 2, Byte: end}}
}

// TestDiagPrinterMatchesHCL: the indexed printer prints every diagnostic
// byte for byte as hcl.NewDiagnosticTextWriter does, for every range
// (start <= end, both up to one past the end of the file) of every source,
// with and without a context range and colour.
func TestDiagPrinterMatchesHCL(t *testing.T) {
	files := diagFiles(t)
	detail := "A long detail that hcl wraps at seventy-eight columns, so that the wrapping of the two writers is compared as well as the snippets they cut."
	for name, src := range diagSources {
		t.Run(name, func(t *testing.T) {
			n := len(src)
			for start := 0; start <= n+1; start++ {
				for end := start; end <= n+1; end++ {
					for _, color := range []bool{false, true} {
						d := &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Unknown capability", Detail: detail, Subject: rng(name, start, end)}
						if start%3 == 0 {
							d.Severity = hcl.DiagError
							d.Context = rng(name, max(0, start-5), min(n, end+7))
						}
						want := ourEscapes(hclText(files, color, d))
						if got := ourText(files, color, d); got != want {
							t.Fatalf("range %d-%d, color %t:\nwant %q\ngot  %q", start, end, color, want, got)
						}
					}
				}
			}
		})
	}
}

// TestDiagPrinterSpecialCases covers diagnostics that have no usable
// source, and those that carry an expression and its values.
func TestDiagPrinterSpecialCases(t *testing.T) {
	files := diagFiles(t)
	expr, diags := hclsyntax.ParseExpression([]byte(`each.name == x.y[0] && each.cost > 1`), "policies.hcl", hcl.InitialPos)
	require.False(t, diags.HasErrors())
	files["policies.hcl"] = &hcl.File{Bytes: []byte(`each.name == x.y[0] && each.cost > 1`)}
	ctx := &hcl.EvalContext{Variables: map[string]cty.Value{
		"each": cty.ObjectVal(map[string]cty.Value{"name": cty.StringVal("hubspot"), "cost": cty.NullVal(cty.Number)}),
		"x":    cty.ObjectVal(map[string]cty.Value{"y": cty.ListVal([]cty.Value{cty.True})}),
	}}
	tests := []struct {
		name string
		diag *hcl.Diagnostic
	}{
		{"no range", &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "No inventory files", Detail: "Nothing to read."}},
		{"no detail", &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: "Deprecated", Subject: rng("main.hcl", 0, 4)}},
		{"file not in the map", &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Gone", Detail: "x", Subject: rng("other.hcl", 3, 9)}},
		{"file without bytes", &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Gone", Detail: "x", Subject: rng("nil-bytes.hcl", 0, 1)}},
		{"unknown severity", &hcl.Diagnostic{Summary: "Odd", Subject: rng("main.hcl", 5, 10)}},
		{"range past the end", &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Past", Subject: rng("main.hcl", 500, 600)}},
		{"reversed range", &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Reversed", Subject: rng("main.hcl", 40, 12)}},
		{"expression values", &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Condition failed", Detail: "d",
			Subject: expr.Range().Ptr(), Expression: expr, EvalContext: ctx}},
		{"expression without context", &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Condition failed", Subject: expr.Range().Ptr(), Expression: expr}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, color := range []bool{false, true} {
				want := ourEscapes(hclText(files, color, tt.diag))
				require.NotEmpty(t, want)
				assert.Equal(t, want, ourText(files, color, tt.diag))
			}
		})
	}
	// Many diagnostics in a row, through printDiagnostics' buffering.
	var all hcl.Diagnostics
	for _, tt := range tests {
		all = append(all, tt.diag)
	}
	var buf bytes.Buffer
	printDiagnostics(&buf, files, all, diagStyle{all: true})
	assert.Equal(t, ourEscapes(hclText(files, false, all...)), buf.String())
}

// TestIndexLines: the line index has exactly the lines, and line numbers,
// of hcl's RangeScanner with bufio.ScanLines.
func TestIndexLines(t *testing.T) {
	inputs := []string{"", "\n", "a", "a\n", "a\r\n", "\r\n\r\n", "a\rb\r\nc", "\r", "a\r", "a\n\n\nb", "x\xff\r\ny\xc3", "é\u0301\n\t👩\u200d💻\n"}
	for _, src := range diagSources {
		inputs = append(inputs, src)
	}
	for _, in := range inputs {
		var want []srcLine
		sc := hcl.NewRangeScanner([]byte(in), "f", bufio.ScanLines)
		for sc.Scan() {
			r := sc.Range()
			want = append(want, srcLine{start: r.Start.Byte, end: r.End.Byte, line: r.Start.Line})
		}
		got := indexLines([]byte(in))
		if len(want) == 0 {
			assert.Empty(t, got, "%q", in)
			continue
		}
		assert.Equal(t, want, got, "%q", in)
	}
}

// TestConsolidateWarnings: warnings after the first of their summary are
// folded into it, as terraform does; errors and warnings without a range
// never are.
func TestConsolidateWarnings(t *testing.T) {
	w := func(summary, detail string) *hcl.Diagnostic {
		return &hcl.Diagnostic{Severity: hcl.DiagWarning, Summary: summary, Detail: detail, Subject: rng("main.hcl", 1, 2)}
	}
	e := func(summary string) *hcl.Diagnostic {
		return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Subject: rng("main.hcl", 1, 2)}
	}
	many := hcl.Diagnostics{}
	for i := 0; i < 1850; i++ {
		many = append(many, w("Unknown capability", fmt.Sprintf("cap%d", i)))
	}
	tests := []struct {
		name  string
		in    hcl.Diagnostics
		wantS []string // summary: detail of what is printed
	}{
		{"nothing", nil, nil},
		{"one warning", hcl.Diagnostics{w("A", "a")}, []string{"A: a"}},
		{"two alike", hcl.Diagnostics{w("A", "a1"), w("A", "a2")}, []string{"A: a1\n\n(and one more similar warning elsewhere)"}},
		{"no detail", hcl.Diagnostics{w("A", ""), w("A", "")}, []string{"A: (and one more similar warning elsewhere)"}},
		{"interleaved", hcl.Diagnostics{w("A", "a1"), e("E"), w("B", "b1"), w("A", "a2"), e("E"), w("A", "a3")},
			[]string{"A: a1\n\n(and 2 more similar warnings elsewhere)", "E: ", "B: b1", "E: "}},
		{"without range", hcl.Diagnostics{{Severity: hcl.DiagWarning, Summary: "A"}, {Severity: hcl.DiagWarning, Summary: "A"}}, []string{"A: ", "A: "}},
		{"1,850", many, []string{"Unknown capability: cap0\n\n(and 1,849 more similar warnings elsewhere)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, d := range consolidateWarnings(tt.in) {
				got = append(got, d.Summary+": "+detailText(d))
			}
			assert.Equal(t, tt.wantS, got)
		})
	}
	// The input is not modified.
	in := hcl.Diagnostics{w("A", "a1"), w("A", "a2")}
	consolidateWarnings(in)
	assert.Equal(t, "a1", in[0].Detail)
}

// TestMaxDiagnostics: past --max-diagnostics the rest is counted by kind,
// most frequent first, and the command says how to see them all.
func TestMaxDiagnostics(t *testing.T) {
	var diags hcl.Diagnostics
	for i := range 250 {
		sev, summary := hcl.DiagError, "Unknown reference"
		if i%5 == 0 {
			sev, summary = hcl.DiagWarning, "Unknown capability"
		}
		diags = append(diags, &hcl.Diagnostic{Severity: sev, Summary: summary, Detail: fmt.Sprintf("number %d", i)})
	}
	var capped, all bytes.Buffer
	printDiagnostics(&capped, nil, diags, diagStyle{all: true, max: 200})
	printDiagnostics(&all, nil, diags, diagStyle{all: true})
	assert.Contains(t, capped.String(), "number 199")
	assert.NotContains(t, capped.String(), "number 200")
	// 50 left: 40 errors, 10 warnings.
	assert.Contains(t, capped.String(), "50 more diagnostics not shown:\n  40 × Error: Unknown reference\n  10 × Warning: Unknown capability\nRun with --max-diagnostics 0")
	assert.Contains(t, all.String(), "number 249")
	assert.NotContains(t, all.String(), "not shown")
}

// TestLongSnippetLine: a very long source line is shown as a window around
// the range, with "…" for what is cut, never whole.
func TestLongSnippetLine(t *testing.T) {
	line := "tool \"t\" { capabilities = [" + strings.Repeat(`"é-cap", `, 2000) + `"bad"] }`
	src := []byte(line + "\n")
	f, diags := hclsyntax.ParseConfig(src, "main.hcl", hcl.InitialPos)
	require.False(t, diags.HasErrors())
	at := strings.Index(line, `"bad"`)
	subject := hcl.Range{Filename: "main.hcl", Start: hcl.Pos{Line: 1, Column: at + 1, Byte: at}, End: hcl.Pos{Line: 1, Column: at + 6, Byte: at + 5}}
	var buf bytes.Buffer
	printDiagnostics(&buf, map[string]*hcl.File{"main.hcl": f}, hcl.Diagnostics{{Severity: hcl.DiagWarning, Summary: "Unknown capability", Subject: &subject}}, diagStyle{})
	out := buf.String()
	assert.Less(t, len(out), 1000, out)
	assert.Contains(t, out, "   1: …\"é-cap\", ")
	assert.Contains(t, out, `"é-cap", "bad"] }`+"\n")
	assert.True(t, utf8.ValidString(out))
}
