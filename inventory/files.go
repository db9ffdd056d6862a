package inventory

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/internal/safefile"
)

const (
	// MaxFileSize bounds one inventory file. Real inventories are split
	// over many small files; a bigger file is a mistake (a data dump, a
	// binary) that should not make the CLI slow.
	MaxFileSize = 8 << 20
	// MaxNesting bounds how deeply brackets may nest. hcl's parsers are
	// recursive, so a crafted file could otherwise exhaust the stack.
	MaxNesting = 256
)

// isInventoryFile reports whether a file name is part of an inventory.
func isInventoryFile(name string) bool {
	return strings.HasSuffix(name, ".hcl") || strings.HasSuffix(name, ".hcl.json")
}

// FindFiles lists the inventory files at path: the file itself, or every
// *.hcl and *.hcl.json file below a directory, skipping folders and files
// whose name starts with "." (.git, .stackaudit, editor folders and lock
// files, and the .stackaudit.hcl defaults file, which configures the CLI
// and is not part of the inventory). Sorted, so that every run reads them in
// the same order.
func FindFiles(path string) ([]string, hcl.Diagnostics) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Inventory not found",
			Detail:   fmt.Sprintf("Cannot read %s: %s. Give the directory that holds the inventory's .hcl files.", path, plainErr(err)),
		}}
	}
	if !info.IsDir() {
		return []string{path}, nil
	}
	var files []string
	var diags hcl.Diagnostics
	err = filepath.WalkDir(path, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot read inventory folder",
				Detail: fmt.Sprintf("%s: %s.", p, plainErr(err))})
			return nil
		}
		if e.IsDir() {
			if p != path && strings.HasPrefix(e.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		// Dot files (.stackaudit.hcl, editor backups) are not inventory
		// files, like dot folders.
		if !isInventoryFile(e.Name()) || strings.HasPrefix(e.Name(), ".") {
			return nil
		}
		// Like Terraform, a symbolic link to a file is followed; folders
		// reached through links are not walked (no loops). A link to
		// anything but a regular file, a broken link or a FIFO, device or
		// socket named like an inventory file is an error, never skipped.
		if !e.Type().IsRegular() {
			if err := safefile.CheckRegular(p); err != nil {
				var nr *safefile.NotRegularError
				detail := fmt.Sprintf("%s: %s.", p, plainErr(err))
				if errors.As(err, &nr) {
					detail = fmt.Sprintf("%s is %s. Inventory files must be regular files (a symbolic link to one is followed).", p, nr.Kind)
				}
				diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Not a regular file", Detail: detail})
				return nil
			}
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Cannot read inventory folder", Detail: plainErr(err) + "."})
	}
	sort.Strings(files)
	if len(files) == 0 && !diags.HasErrors() {
		diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "No inventory files",
			Detail: fmt.Sprintf("The directory %s contains no .hcl or .hcl.json files (files and folders whose names start with \".\" are skipped). `stackaudit init %[1]s` writes a minimal one to start from.", path)})
	}
	return files, diags
}

// plainErr strips the path that os errors repeat, since messages already
// name it.
func plainErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// checkSource rejects input that the parsers must never see: too big,
// binary, not UTF-8, or nested deeply enough to exhaust the stack. It
// returns at most one diagnostic per file, because a binary file would
// otherwise produce thousands.
//
// onString, when not nil, sees every string literal (see scanSource).
func checkSource(filename string, src []byte, onString func(start, end int)) *hcl.Diagnostic {
	switch {
	case len(src) > MaxFileSize:
		return tooLarge(filename, int64(len(src)))
	case bytes.IndexByte(src, 0) >= 0:
		at := posOf(filename, src, bytes.IndexByte(src, 0))
		return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Binary file", Subject: &at,
			Detail: "This file contains a NUL byte, so it is not a text file. Inventory files are UTF-8 text; move other files out of the inventory folder or rename them so they do not end in .hcl or .hcl.json."}
	case !utf8.Valid(src):
		at := posOf(filename, src, firstInvalidUTF8(src))
		return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid character encoding", Subject: &at,
			Detail: "This file is not valid UTF-8. Save it as UTF-8 (editors often call it \"UTF-8 without BOM\"); files exported from spreadsheets are often Latin-1 or UTF-16."}
	}
	if depth, off := scanSource(src, onString); depth > MaxNesting {
		at := posOf(filename, src, off)
		return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Expression nested too deeply", Subject: &at,
			Detail: fmt.Sprintf("Brackets are nested more than %d levels deep here. An inventory never needs this; the file is probably generated wrongly.", MaxNesting)}
	}
	return nil
}

// maxSecretsPerFile bounds the secret errors of one file; past it, one
// more diagnostic says how many were left out.
const maxSecretsPerFile = 20

// secretFinder checks every string literal of a file, whatever attribute or
// block it belongs to, known or not, so that no credential reaches a
// diagnostic's source snippet or a CI log. Its check method is given to
// checkSource; diags and ranges (to mask) are the outcome.
type secretFinder struct {
	filename string
	src      []byte
	diags    hcl.Diagnostics
	ranges   []hcl.Range
	more     int
}

func (f *secretFinder) check(start, end int) {
	if end-start < 16 || !looksLikeCredential(string(f.src[start:end])) {
		return
	}
	if len(f.ranges) == maxSecretsPerFile {
		f.more++
		return
	}
	r := spanOf(f.filename, f.src, start, end)
	f.ranges = append(f.ranges, r)
	f.diags = append(f.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Literal secret in inventory", Subject: &r,
		Detail: "This value looks like a credential. Inventories are committed to version control: never write a secret in them. Put the secret in an environment variable and name that variable with token_env = \"MY_TOKEN\" in the scan or discovery block."})
}

func (f *secretFinder) done() {
	if f.more > 0 {
		f.diags = append(f.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "More literal secrets",
			Detail: fmt.Sprintf("%s holds %d more values that look like credentials.", f.filename, f.more)})
	}
}

func tooLarge(filename string, size int64) *hcl.Diagnostic {
	start := hcl.Range{Filename: filename, Start: hcl.InitialPos, End: hcl.InitialPos}
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "File too large", Subject: &start,
		Detail: fmt.Sprintf("This file is %d bytes; inventory files are limited to %d bytes (8 MiB). Split it into several files in the same folder.", size, MaxFileSize)}
}

// replaceInvalidUTF8 replaces each byte of an invalid sequence with '?',
// keeping every offset of the file.
func replaceInvalidUTF8(src []byte) []byte {
	out := make([]byte, 0, len(src))
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			out = append(out, '?')
			i++
			continue
		}
		out = append(out, src[i:i+size]...)
		i += size
	}
	return out
}

func firstInvalidUTF8(src []byte) int {
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(src)
}

// spanOf is the range of src[start:end].
func spanOf(filename string, src []byte, start, end int) hcl.Range {
	r := posOf(filename, src, start)
	e := posOf(filename, src, end)
	r.End = e.Start
	return r
}

// posOf is the one-character range at byte offset off.
func posOf(filename string, src []byte, off int) hcl.Range {
	line, col := 1, 1
	for i := 0; i < off && i < len(src); {
		if src[i] == '\n' {
			line, col = line+1, 1
			i++
			continue
		}
		_, size := utf8.DecodeRune(src[i:])
		i += size
		col++
	}
	p := hcl.Pos{Line: line, Column: col, Byte: off}
	e := p
	e.Column++
	e.Byte++
	return hcl.Range{Filename: filename, Start: p, End: e}
}

// scanSource returns the deepest bracket nesting in src and where it first
// exceeds MaxNesting, and calls onString (when not nil) with the byte span
// of each quoted string and heredoc body. It understands just enough HCL
// and JSON lexing (strings with escapes and ${…} interpolation, heredocs,
// comments) to count the brackets the parsers will recurse into.
func scanSource(src []byte, onString func(start, end int)) (int, int) {
	// stack holds '(', '[', '{', 'T' for a ${ or %{ interpolation, '"' for
	// a quoted string and 'H' for a heredoc body.
	var stack []byte
	var heredocs []string
	// starts holds where each open string or heredoc body began.
	var starts []int
	max, at := 0, 0
	push := func(c byte, i int) {
		stack = append(stack, c)
		if c == '"' || c == 'H' {
			starts = append(starts, i+1)
		}
		if len(stack) > max {
			max = len(stack)
			if max == MaxNesting+1 {
				at = i
			}
		}
	}
	top := func() byte {
		if len(stack) == 0 {
			return 0
		}
		return stack[len(stack)-1]
	}
	pop := func(i int) {
		if len(stack) == 0 {
			return
		}
		switch stack[len(stack)-1] {
		case 'H':
			heredocs = heredocs[:len(heredocs)-1]
			fallthrough
		case '"':
			if onString != nil {
				onString(starts[len(starts)-1], i)
			}
			starts = starts[:len(starts)-1]
		}
		stack = stack[:len(stack)-1]
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch top() {
		case '"', 'H':
			if top() == 'H' && (i == 0 || src[i-1] == '\n') {
				// A heredoc ends at a line holding only its marker.
				end := bytes.IndexByte(src[i:], '\n')
				if end < 0 {
					end = len(src) - i
				}
				if strings.TrimSpace(string(src[i:i+end])) == heredocs[len(heredocs)-1] {
					pop(i)
					i += end - 1
					continue
				}
			}
			switch {
			case c == '\\' && top() == '"':
				i++
			case c == '"' && top() == '"':
				pop(i)
			case (c == '$' || c == '%') && i+1 < len(src) && src[i+1] == '{':
				push('T', i)
				i++
			}
		default:
			switch {
			case c == '"':
				push('"', i)
			case c == '(' || c == '[' || c == '{':
				push(c, i)
			case c == ')' || c == ']' || c == '}':
				pop(i)
			case c == '#' || (c == '/' && i+1 < len(src) && src[i+1] == '/'):
				if nl := bytes.IndexByte(src[i:], '\n'); nl >= 0 {
					i += nl
				} else {
					i = len(src)
				}
			case c == '/' && i+1 < len(src) && src[i+1] == '*':
				if end := bytes.Index(src[i+2:], []byte("*/")); end >= 0 {
					i += end + 3
				} else {
					i = len(src)
				}
			case c == '<' && i+1 < len(src) && src[i+1] == '<':
				if marker, n := heredocMarker(src[i+2:]); marker != "" {
					heredocs = append(heredocs, marker)
					push('H', i+1+n)
					i += 1 + n
				}
			}
		}
	}
	return max, at
}

// heredocMarker reads `-?IDENT\n` after "<<" and returns the marker and the
// number of bytes it took, including the newline.
func heredocMarker(b []byte) (string, int) {
	n := 0
	if n < len(b) && b[n] == '-' {
		n++
	}
	start := n
	for n < len(b) && (b[n] == '_' || b[n] >= 'A' && b[n] <= 'Z' || b[n] >= 'a' && b[n] <= 'z' || b[n] >= '0' && b[n] <= '9') {
		n++
	}
	if n == start || n >= len(b) || b[n] != '\n' && b[n] != '\r' {
		return "", 0
	}
	marker := string(b[start:n])
	for n < len(b) && b[n] != '\n' {
		n++
	}
	return marker, n + 1
}
