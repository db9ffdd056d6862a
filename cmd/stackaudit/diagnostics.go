package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// printDiagnostics writes diagnostics the way terraform does: summary, the
// source line with the range underlined, then the detail.
func printDiagnostics(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics, color bool) {
	if len(diags) == 0 {
		return
	}
	tw := hcl.NewDiagnosticTextWriter(w, files, 78, color)
	for _, d := range diags {
		// WriteDiagnostic only fails when w fails; stderr failing leaves
		// nothing better to report to.
		_ = tw.WriteDiagnostic(d)
	}
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
	lineStart := strings.LastIndexByte(string(src[:r.Start.Byte]), '\n') + 1
	lineEnd := r.End.Byte
	if i := strings.IndexByte(string(src[lineEnd:]), '\n'); i >= 0 {
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
