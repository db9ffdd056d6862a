package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	wordwrap "github.com/mitchellh/go-wordwrap"
	"github.com/spf13/cobra"
	"github.com/stackaudit/stackaudit/internal/digits"
	"github.com/stackaudit/stackaudit/internal/plural"
	"github.com/stackaudit/stackaudit/internal/termsafe"
)

// diagStyle says how diagnostics are printed as text.
type diagStyle struct {
	color bool
	// all prints every warning; by default a warning whose summary was
	// already printed is folded into the first one, as terraform does, so
	// that 1,850 "Unknown capability" warnings take one screen, not 1,850.
	all bool
	// max caps the diagnostics printed (0: no cap); the rest are counted
	// by summary, so that a file with 10,000 mistakes takes a screen, not
	// hundreds of megabytes of stderr.
	max int
}

// A source line longer than maxSnippetLine bytes is shown as a window of
// about snippetWindow bytes either side of the range (twice that of the
// range itself).
const (
	maxSnippetLine = 240
	snippetWindow  = 80
)

// printable escapes what a terminal would act on instead of show: control
// characters (a newline in a file name would start a line that looks like
// stackaudit's own "Error:", a carriage return or an escape sequence could
// overwrite or recolour what was printed) and the bidirectional overrides
// that reorder text. They are written as Go escapes (\n, \x1b, \u202e).
// Tabs are kept where keepTab is set (source lines).
func printable(s string, keepTab bool) string {
	return termsafe.Escape(s, func(r rune) bool {
		return termsafe.Unsafe(r) && !(keepTab && r == '\t')
	}, true)
}

// printableBytes is printable for a piece of a source line.
func printableBytes(b []byte) string { return printable(string(b), true) }

// consolidated is the Extra of a warning that consolidateWarnings folded
// others into: the note is printed after the detail, which is escaped
// whole, newlines included.
type consolidated struct {
	note  string
	inner any
}

// UnwrapDiagnosticExtra keeps the warning's own Extra reachable
// (hcl.DiagnosticExtraUnwrapper).
func (c consolidated) UnwrapDiagnosticExtra() any { return c.inner }

// clipHead keeps the last n bytes of b (whole UTF-8 characters), with "…"
// for what was cut.
func clipHead(b []byte, n int) []byte {
	if len(b) <= n {
		return b
	}
	i := len(b) - n
	for i < len(b) && !utf8.RuneStart(b[i]) {
		i++
	}
	return append([]byte("…"), b[i:]...)
}

// clipTail keeps the first n bytes of b (whole UTF-8 characters), with "…"
// for what was cut.
func clipTail(b []byte, n int) []byte {
	if len(b) <= n {
		return b
	}
	i := n
	for i > 0 && !utf8.RuneStart(b[i]) {
		i--
	}
	return append(append([]byte(nil), b[:i]...), "…"...)
}

// defaultMaxDiagnostics is --max-diagnostics' default.
const defaultMaxDiagnostics = 200

// diagWidth is the column details are wrapped at, as terraform does.
const diagWidth = 78

// printDiagnostics writes diagnostics the way terraform does: summary, the
// source line with the range underlined, then the detail; repeated
// warnings are consolidated unless style.all.
func printDiagnostics(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics, style diagStyle) {
	if len(diags) == 0 {
		return
	}
	if !style.all {
		diags = consolidateWarnings(diags)
	}
	shown := diags
	if style.max > 0 && len(diags) > style.max {
		shown = diags[:style.max]
	}
	bw := bufio.NewWriter(w)
	p := newDiagPrinter(bw, files, diagWidth, style.color)
	for _, d := range shown {
		// A write only fails when w fails; stderr failing leaves
		// nothing better to report to.
		_ = p.write(d)
	}
	if rest := diags[len(shown):]; len(rest) > 0 {
		_, _ = bw.WriteString(notShown(rest))
	}
	_ = bw.Flush()
}

// notShown counts the diagnostics past --max-diagnostics by severity and
// summary, most frequent first, and says how to see them.
func notShown(rest hcl.Diagnostics) string {
	type kind struct {
		name string
		n    int
	}
	counts := map[string]*kind{}
	var kinds []*kind
	for _, d := range rest {
		if d == nil {
			continue
		}
		name := "Warning: " + d.Summary
		if d.Severity == hcl.DiagError {
			name = "Error: " + d.Summary
		}
		k := counts[name]
		if k == nil {
			k = &kind{name: name}
			counts[name] = k
			kinds = append(kinds, k)
		}
		k.n++
	}
	sort.SliceStable(kinds, func(i, j int) bool {
		if kinds[i].n != kinds[j].n {
			return kinds[i].n > kinds[j].n
		}
		return kinds[i].name < kinds[j].name
	})
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s not shown:\n", plural.Count(len(rest), "more diagnostic", "more diagnostics"))
	for i, k := range kinds {
		if i == 10 {
			fmt.Fprintf(&b, "  … and %s\n", plural.Count(len(kinds)-10, "other kind", "other kinds"))
			break
		}
		fmt.Fprintf(&b, "  %s × %s\n", digits.Int(k.n), printable(k.name, false))
	}
	b.WriteString("Run with --max-diagnostics 0 to print them all, or --format json to list every one.\n\n")
	return b.String()
}

// consolidateWarnings folds each warning into the first earlier warning
// with the same summary, whose detail then says how many more there are:
// terraform's consolidateWarnings with a threshold of 1. Errors, and
// warnings without a range, are always kept.
func consolidateWarnings(diags hcl.Diagnostics) hcl.Diagnostics {
	out := make(hcl.Diagnostics, 0, len(diags))
	first := map[string]int{} // summary -> index in out
	more := map[int]int{}     // index in out -> warnings folded into it
	for _, d := range diags {
		if d == nil || d.Severity != hcl.DiagWarning || d.Subject == nil {
			out = append(out, d)
			continue
		}
		if i, ok := first[d.Summary]; ok {
			more[i]++
			continue
		}
		first[d.Summary] = len(out)
		out = append(out, d)
	}
	for i, n := range more {
		c := *out[i]
		note := "(and one more similar warning elsewhere)"
		if n > 1 {
			note = fmt.Sprintf("(and %s more similar warnings elsewhere)", digits.Int(n))
		}
		c.Extra = consolidated{note: note, inner: c.Extra}
		out[i] = &c
	}
	return out
}

// diagPrinter prints diagnostics byte for byte as hcl's
// NewDiagnosticTextWriter does, but finds a diagnostic's source lines in
// an index of line starts built once per file. hcl's writer scans the
// whole file from its start (with grapheme segmentation) for every
// diagnostic, which made 10,000 warnings take minutes.
type diagPrinter struct {
	w     io.Writer
	files map[string]*hcl.File
	width uint
	color bool
	lines map[string][]srcLine
}

// srcLine is a line as hcl's RangeScanner with bufio.ScanLines yields it:
// the bytes [start, end) without the line break (nor a CR before it), and
// the line number the scanner gives it, which counts a lone CR as a line
// break too.
type srcLine struct {
	start, end, line int
}

func newDiagPrinter(w io.Writer, files map[string]*hcl.File, width uint, color bool) *diagPrinter {
	return &diagPrinter{w: w, files: files, width: width, color: color, lines: map[string][]srcLine{}}
}

// indexLines splits src as bufio.ScanLines does and numbers the lines as
// hcl's RangeScanner does.
func indexLines(src []byte) []srcLine {
	lines := make([]srcLine, 0, bytes.Count(src, []byte{'\n'})+1)
	line := 1
	for pos := 0; pos < len(src); {
		next, end := len(src), len(src)
		if i := bytes.IndexByte(src[pos:], '\n'); i >= 0 {
			next, end = pos+i+1, pos+i
		}
		if end > pos && src[end-1] == '\r' {
			end--
		}
		lines = append(lines, srcLine{start: pos, end: end, line: line})
		// The scanner counts grapheme clusters that start with CR or LF;
		// CR LF is one cluster.
		for i := pos; i < next; i++ {
			if src[i] == '\n' || src[i] == '\r' && (i+1 >= next || src[i+1] != '\n') {
				line++
			}
		}
		pos = next
	}
	return lines
}

func (p *diagPrinter) fileLines(name string, src []byte) []srcLine {
	lines, ok := p.lines[name]
	if !ok {
		lines = indexLines(src)
		p.lines[name] = lines
	}
	return lines
}

// write prints one diagnostic; what it prints follows hcl's
// diagnosticTextWriter.WriteDiagnostic step by step.
func (p *diagPrinter) write(diag *hcl.Diagnostic) error {
	if diag == nil {
		return errors.New("nil diagnostic")
	}
	var colorCode, highlightCode, resetCode string
	if p.color {
		switch diag.Severity {
		case hcl.DiagError:
			colorCode = "\x1b[31m"
		case hcl.DiagWarning:
			colorCode = "\x1b[33m"
		}
		resetCode = "\x1b[0m"
		highlightCode = "\x1b[1;4m"
	}
	severity := "???????"
	switch diag.Severity {
	case hcl.DiagError:
		severity = "Error"
	case hcl.DiagWarning:
		severity = "Warning"
	}
	if _, err := fmt.Fprintf(p.w, "%s%s%s: %s\n\n", colorCode, severity, resetCode, printable(diag.Summary, false)); err != nil {
		return fmt.Errorf("write diagnostics: %w", err)
	}

	if diag.Subject != nil {
		if err := p.writeSnippet(diag, highlightCode, resetCode); err != nil {
			return err
		}
		if diag.Expression != nil && diag.EvalContext != nil {
			if err := p.writeValues(diag); err != nil {
				return err
			}
		}
	}

	if detail := detailText(diag); detail != "" {
		if p.width != 0 {
			detail = wordwrap.WrapString(detail, p.width)
		}
		if _, err := fmt.Fprintf(p.w, "%s\n\n", detail); err != nil {
			return fmt.Errorf("write diagnostics: %w", err)
		}
	}
	return nil
}

// detailText is the detail printed for diag: one paragraph, where a
// newline (from a file name or a label it quotes) is escaped like any
// control character, then the note of consolidated warnings.
func detailText(diag *hcl.Diagnostic) string {
	detail := printable(diag.Detail, false)
	if c, ok := diag.Extra.(consolidated); ok {
		detail = strings.TrimPrefix(detail+"\n\n"+c.note, "\n\n")
	}
	return detail
}

// writeSnippet prints "on FILE line N, in BLOCK:" and the lines of the
// subject (and context) range with the subject highlighted.
func (p *diagPrinter) writeSnippet(diag *hcl.Diagnostic, highlightCode, resetCode string) error {
	snipRange := *diag.Subject
	highlightRange := snipRange
	if diag.Context != nil {
		snipRange = hcl.RangeOver(snipRange, *diag.Context)
	}
	// An empty range cannot be illustrated: it becomes one character,
	// as in hcl.
	if snipRange.Empty() {
		snipRange.End.Byte++
		snipRange.End.Column++
	}
	if highlightRange.Empty() {
		highlightRange.End.Byte++
		highlightRange.End.Column++
	}

	file := p.files[diag.Subject.Filename]
	if file == nil || file.Bytes == nil {
		if _, err := fmt.Fprintf(p.w, "  on %s line %d:\n  (source code not available)\n\n", printable(diag.Subject.Filename, false), diag.Subject.Start.Line); err != nil {
			return fmt.Errorf("write diagnostics: %w", err)
		}
		return nil
	}
	contextLine := ""
	if c, ok := file.Nav.(interface{ ContextString(offset int) string }); ok {
		if s := c.ContextString(diag.Subject.Start.Byte); s != "" {
			contextLine = ", in " + printable(s, false)
		}
	}
	if _, err := fmt.Fprintf(p.w, "  on %s line %d%s:\n", printable(diag.Subject.Filename, false), diag.Subject.Start.Line, contextLine); err != nil {
		return fmt.Errorf("write diagnostics: %w", err)
	}

	src := file.Bytes
	lines := p.fileLines(diag.Subject.Filename, src)
	// Only lines that touch [lo, hi] can overlap the snippet range (hcl
	// tests every line of the file); the test for each one is hcl's own.
	lo, hi := min(snipRange.Start.Byte, snipRange.End.Byte), max(snipRange.Start.Byte, snipRange.End.Byte)
	first := sort.Search(len(lines), func(i int) bool { return lines[i].end >= lo })
	for _, l := range lines[first:] {
		if l.start > hi {
			break
		}
		lineRange := hcl.Range{Filename: diag.Subject.Filename,
			Start: hcl.Pos{Line: l.line, Byte: l.start}, End: hcl.Pos{Line: l.line, Byte: l.end}}
		if !lineRange.Overlaps(snipRange) {
			continue
		}
		before, highlighted, after := lineRange.PartitionAround(highlightRange)
		// A very long line (10,000 capabilities on one line) is shown as a
		// window around the range, not whole: the rest is elided with "…".
		long := l.end-l.start > maxSnippetLine
		var err error
		// The source's own control characters (a carriage return, an
		// escape sequence in a comment) are shown escaped, never acted on.
		switch {
		case highlighted.Empty() && long:
			_, err = fmt.Fprintf(p.w, "%4d: %s\n", l.line, printableBytes(clipTail(src[l.start:l.end], 2*snippetWindow)))
		case highlighted.Empty():
			_, err = fmt.Fprintf(p.w, "%4d: %s\n", l.line, printableBytes(src[l.start:l.end]))
		case long:
			_, err = fmt.Fprintf(p.w, "%4d: %s%s%s%s%s\n", l.line,
				printableBytes(clipHead(before.SliceBytes(src), snippetWindow)), highlightCode, printableBytes(clipTail(highlighted.SliceBytes(src), 2*snippetWindow)),
				resetCode, printableBytes(clipTail(after.SliceBytes(src), snippetWindow)))
		default:
			_, err = fmt.Fprintf(p.w, "%4d: %s%s%s%s%s\n", l.line,
				printableBytes(before.SliceBytes(src)), highlightCode, printableBytes(highlighted.SliceBytes(src)), resetCode, printableBytes(after.SliceBytes(src)))
		}
		if err != nil {
			return fmt.Errorf("write diagnostics: %w", err)
		}
	}
	if _, err := p.w.Write([]byte{'\n'}); err != nil {
		return fmt.Errorf("write diagnostics: %w", err)
	}
	return nil
}

// writeValues prints the "with each.name as "x"" lines hcl adds for a
// diagnostic that carries the expression and its evaluation context.
// They are hcl's own: its writer prints them for a copy of the diagnostic
// whose source is empty, and the fixed text before them is cut off. Such
// diagnostics come from custom policies, whose files are small.
func (p *diagPrinter) writeValues(diag *hcl.Diagnostic) error {
	name := diag.Subject.Filename
	stub := &hcl.Diagnostic{Severity: hcl.DiagError, Subject: &hcl.Range{Filename: name, Start: diag.Subject.Start, End: diag.Subject.Start},
		Expression: diag.Expression, EvalContext: diag.EvalContext}
	var buf bytes.Buffer
	if err := hcl.NewDiagnosticTextWriter(&buf, map[string]*hcl.File{name: {Bytes: []byte{}}}, 0, false).WriteDiagnostic(stub); err != nil {
		return fmt.Errorf("write diagnostics: %w", err)
	}
	values, ok := bytes.CutPrefix(buf.Bytes(), fmt.Appendf(nil, "Error: \n\n  on %s line %d:\n\n", name, diag.Subject.Start.Line))
	if !ok {
		return fmt.Errorf("write diagnostics: unexpected text from hcl %q", buf.Bytes())
	}
	if _, err := p.w.Write(values); err != nil {
		return fmt.Errorf("write diagnostics: %w", err)
	}
	return nil
}

// jsonDiagnostics is `validate --format json`, shaped like
// `terraform validate -json` so that existing CI tooling can read it.
type jsonDiagnostics struct {
	FormatVersion string           `json:"format_version"`
	Valid         bool             `json:"valid"`
	ErrorCount    int              `json:"error_count"`
	WarningCount  int              `json:"warning_count"`
	Diagnostics   []jsonDiagnostic `json:"diagnostics"`
}

type jsonDiagnostic struct {
	Severity string       `json:"severity"`
	Summary  string       `json:"summary"`
	Detail   string       `json:"detail"`
	Range    *jsonRange   `json:"range,omitempty"`
	Snippet  *jsonSnippet `json:"snippet,omitempty"`
}

type jsonRange struct {
	Filename string  `json:"filename"`
	Start    jsonPos `json:"start"`
	End      jsonPos `json:"end"`
}

type jsonPos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Byte   int `json:"byte"`
}

type jsonSnippet struct {
	Context              *string `json:"context"`
	Code                 string  `json:"code"`
	StartLine            int     `json:"start_line"`
	HighlightStartOffset int     `json:"highlight_start_offset"`
	HighlightEndOffset   int     `json:"highlight_end_offset"`
}

func newJSONDiagnostics(files map[string]*hcl.File, diags hcl.Diagnostics) jsonDiagnostics {
	out := jsonDiagnostics{FormatVersion: "1.0", Diagnostics: []jsonDiagnostic{}}
	for _, d := range diags {
		jd := jsonDiagnostic{Severity: "error", Summary: d.Summary, Detail: d.Detail}
		if d.Severity == hcl.DiagWarning {
			jd.Severity = "warning"
			out.WarningCount++
		} else {
			out.ErrorCount++
		}
		if d.Subject != nil {
			r := *d.Subject
			jd.Range = &jsonRange{Filename: r.Filename,
				Start: jsonPos{r.Start.Line, r.Start.Column, r.Start.Byte},
				End:   jsonPos{r.End.Line, r.End.Column, r.End.Byte}}
			jd.Snippet = snippet(files[r.Filename], r)
		}
		out.Diagnostics = append(out.Diagnostics, jd)
	}
	out.Valid = out.ErrorCount == 0
	return out
}

// snippet is the source line(s) of a range, with the highlighted part given
// as offsets into Code, as terraform reports it.
func snippet(f *hcl.File, r hcl.Range) *jsonSnippet {
	if f == nil || r.Start.Byte > len(f.Bytes) || r.End.Byte > len(f.Bytes) {
		return nil
	}
	src := f.Bytes
	lineStart := bytes.LastIndexByte(src[:r.Start.Byte], '\n') + 1
	lineEnd := r.End.Byte
	if i := bytes.IndexByte(src[lineEnd:], '\n'); i >= 0 {
		lineEnd += i
	} else {
		lineEnd = len(src)
	}
	s := &jsonSnippet{
		Code:                 string(src[lineStart:lineEnd]),
		StartLine:            r.Start.Line,
		HighlightStartOffset: r.Start.Byte - lineStart,
		HighlightEndOffset:   r.End.Byte - lineStart,
	}
	if nav, ok := f.Nav.(interface{ ContextString(int) string }); ok {
		if c := nav.ContextString(r.Start.Byte); c != "" {
			s.Context = &c
		}
	}
	return s
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

// diagFlags adds --no-consolidate and --max-diagnostics to a command that
// prints diagnostics.
func (g *globalOptions) diagFlags(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&g.noConsolidate, "no-consolidate", false, "print every warning, not only the first of each kind")
	cmd.Flags().IntVar(&g.maxDiagnostics, "max-diagnostics", defaultMaxDiagnostics, "print at most this many diagnostics, then a count of the rest by kind (0: no limit)")
}

// diagStyle is how this run prints diagnostics on stderr.
func (g *globalOptions) diagStyle(e *env) diagStyle {
	return diagStyle{color: e.stderrTTY && !g.noColor, all: g.noConsolidate, max: max(g.maxDiagnostics, 0)}
}
