// Package csv is the csv scanner: a vendor's exported user list, one row
// per seat holder, with the user's email and last activity. It is for
// vendors without a user API (Hotjar's Settings › Users export, say).
//
//	scan "csv" {
//	  path               = "usage/hotjar-users.csv" # required
//	  email_column       = "email"                  # default
//	  last_active_column = "last_active"            # default
//	  status_column      = "status"                 # optional
//	  date_format        = "02/01/2006"             # optional Go layout
//	}
//
// # Where path points
//
// path is relative to the inventory, never absolute and never with a
// leading "..": a pull request must not make a scan read arbitrary files.
// A scanner sees only its tool, not the directory the inventory was loaded
// from, so the inventory is found from the file that declares the block:
// the folder of that file, then each parent folder as long as it holds
// inventory files (.hcl or .hcl.json). path is looked up in those folders,
// nearest first, and the first one that has it wins. In examples/acme the
// block is in tools/data.hcl and path = "usage/hotjar-users.csv" is found
// in examples/acme, the inventory root; a path relative to tools/ works as
// well. The file is opened through os.Root, so a symbolic link cannot lead
// out of the folder either.
package csv

import (
	"bytes"
	"context"
	stdcsv "encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/internal/safefile"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/internal/sheet"
	"github.com/stackaudit/stackaudit/usage"
)

// Kind is the scan block label.
const Kind = "csv"

// MaxFileSize is the largest user list a scan reads.
const MaxFileSize = 32 << 20

// Default column names.
const (
	DefaultEmailColumn      = "email"
	DefaultLastActiveColumn = "last_active"
)

// inactiveStatuses are the status values of users who hold no seat.
var inactiveStatuses = []string{"deactivated", "inactive", "suspended", "deleted", "disabled"}

// Scanner reads a vendor's exported user list.
type Scanner struct{}

// New returns the csv scanner.
func New() scanners.Scanner { return &Scanner{} }

// Columns say which columns of the file hold what, and how dates are
// written.
type Columns struct {
	// Email is the header of the email column (default "email").
	Email string
	// LastActive is the header of the last activity column (default
	// "last_active"); an empty cell means never active.
	LastActive string
	// Status, when set, is the header of a column whose values
	// deactivated, inactive, suspended, deleted and disabled leave the
	// row out.
	Status string
	// DateFormat is a Go time layout; empty accepts RFC 3339 and
	// YYYY-MM-DD.
	DateFormat string
}

// settings are the csv block's own settings.
type settings struct {
	path string
	cols Columns
}

var settingsSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "path", Required: true},
		{Name: "email_column"},
		{Name: "last_active_column"},
		{Name: "status_column"},
		{Name: "date_format"},
	},
}

// Validate implements scanners.Scanner.
func (*Scanner) Validate(scan *inventory.Scan) hcl.Diagnostics {
	return scanners.DiagnosticsOf(decode(scan))
}

func decode(scan *inventory.Scan) (settings, hcl.Diagnostics) {
	st := settings{cols: Columns{Email: DefaultEmailColumn, LastActive: DefaultLastActiveColumn}}
	var diags hcl.Diagnostics
	if scan.TokenEnv != "" || scan.HasAttr("token_env") {
		diags = append(diags, &hcl.Diagnostic{
			Severity: hcl.DiagError,
			Summary:  "token_env not used by csv",
			Detail:   "A csv scan reads a file from the inventory and needs no token: remove token_env.",
			Subject:  scan.AttrRange("token_env").Ptr(),
		})
	}
	if scan.Body == nil {
		diags = append(diags, scanners.BlockError(scan.DeclRange, "Missing path",
			"A csv scan reads a user list exported from the vendor: add path = \"usage/users.csv\", relative to the inventory folder."))
		return st, diags
	}
	content, moreDiags := scan.Body.Content(settingsSchema)
	diags = append(diags, moreDiags...)
	if content == nil {
		return st, diags
	}
	if a, ok := content.Attributes["path"]; ok {
		if s, ok := sheet.String(a, &diags, "path is the user list's file name, relative to the inventory folder, like \"usage/users.csv\"."); ok {
			if msg := checkPath(s); msg != "" {
				diags = append(diags, sheet.Invalid(a, msg))
			} else {
				st.path = s
			}
		}
	}
	for _, c := range []struct {
		name string
		dst  *string
	}{
		{"email_column", &st.cols.Email},
		{"last_active_column", &st.cols.LastActive},
		{"status_column", &st.cols.Status},
	} {
		a, ok := content.Attributes[c.name]
		if !ok {
			continue
		}
		s, ok := sheet.String(a, &diags, c.name+" is the header of a column of the file, like \"Email\".")
		if !ok {
			continue
		}
		if strings.TrimSpace(s) == "" {
			diags = append(diags, sheet.Invalid(a, c.name+" is the header of a column of the file and cannot be empty."))
			continue
		}
		*c.dst = strings.TrimSpace(s)
	}
	if a, ok := content.Attributes["date_format"]; ok {
		if s, ok := sheet.Layout(a, &diags, `"2006-01-02" or "01/02/2006 15:04"`, `"2006-01-02", "01/02/2006" or "02.01.2006 15:04"`); ok {
			st.cols.DateFormat = s
		}
	}
	return st, diags
}

// checkPath says what is wrong with a path, or "".
func checkPath(p string) string {
	switch {
	case strings.TrimSpace(p) == "":
		return "path cannot be empty: give the user list's file name, relative to the inventory folder, like \"usage/users.csv\"."
	case filepath.IsAbs(p) || strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\`) || filepath.VolumeName(p) != "":
		return fmt.Sprintf("%q is an absolute path. A csv scan reads only files inside the inventory: "+
			"give the path relative to the inventory folder, like \"usage/users.csv\".", p)
	case strings.ContainsRune(p, 0):
		return "path contains a NUL character."
	case !filepath.IsLocal(filepath.FromSlash(p)):
		return fmt.Sprintf("%q leads out of the inventory folder. A csv scan reads only files inside the inventory "+
			"(so that a pull request cannot make it read other files): move the file into the inventory and "+
			"give its path relative to the inventory folder, without \"..\".", p)
	}
	return ""
}

// Scan implements scanners.Scanner.
func (*Scanner) Scan(ctx context.Context, tool *inventory.Tool, env scanners.Env) (*usage.ToolUsage, error) {
	st, diags := decode(tool.Scan)
	if diags.HasErrors() {
		return nil, diags
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	data, err := readFile(tool.Scan.DeclRange.Filename, st.path)
	if err != nil {
		return nil, err
	}
	users, err := Parse(bytes.NewReader(data), st.path, st.cols)
	if err != nil {
		return nil, err
	}
	u := &usage.ToolUsage{Scanner: Kind, Status: usage.StatusOK, Users: users, Seats: usage.Seats{Assigned: len(users)}}
	usage.Tally(u, env.AsOf)
	return u, nil
}

// Folders are the folders path may be in, nearest first: the folder of
// the declaring file, then each parent that holds inventory files.
func Folders(declFile string) []string {
	dir := filepath.Dir(declFile)
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	dirs := []string{dir}
	for {
		parent := filepath.Dir(dir)
		if parent == dir || !hasInventoryFiles(parent) {
			return dirs
		}
		dirs = append(dirs, parent)
		dir = parent
	}
}

func hasInventoryFiles(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && (strings.HasSuffix(n, ".hcl") || strings.HasSuffix(n, ".hcl.json")) {
			return true
		}
	}
	return false
}

// readFile finds path in the inventory folders of declFile and reads it,
// never outside them and never more than MaxFileSize.
func readFile(declFile, path string) ([]byte, error) {
	name := filepath.FromSlash(path)
	dirs := Folders(declFile)
	for _, dir := range dirs {
		b, err := readIn(dir, name, path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		return b, err
	}
	return nil, fmt.Errorf("csv: %s: file not found in the inventory folder (looked in %s); "+
		"export the user list from the vendor and save it there", path, strings.Join(dirs, ", "))
}

func readIn(dir, name, path string) ([]byte, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	f, err := safefile.OpenIn(context.Background(), root, name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("csv: %s: cannot open: %s", path, plainErr(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("csv: %s: cannot read: %s", path, plainErr(err))
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("csv: %s: not a regular file", path)
	}
	if info.Size() > MaxFileSize {
		return nil, fmt.Errorf("csv: %s: the file is %d bytes, more than the %d MiB a csv scan reads", path, info.Size(), MaxFileSize>>20)
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("csv: %s: cannot read: %s", path, plainErr(err))
	}
	if len(b) > MaxFileSize {
		return nil, fmt.Errorf("csv: %s: the file is more than the %d MiB a csv scan reads", path, MaxFileSize>>20)
	}
	return b, nil
}

// plainErr strips the path that os errors repeat.
func plainErr(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Parse reads a user list: a header row, then one user per row. name is
// the file's name in errors. Rows whose status is inactive are left out,
// as are rows with every cell empty; users listed twice are merged,
// keeping the latest activity. Users are returned in file order.
func Parse(r io.Reader, name string, cols Columns) ([]usage.User, error) {
	if cols.Email == "" {
		cols.Email = DefaultEmailColumn
	}
	if cols.LastActive == "" {
		cols.LastActive = DefaultLastActiveColumn
	}
	cr := stdcsv.NewReader(skipBOM(r))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true

	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("csv: %s: the file is empty; it needs a header row (%s,%s) and one row per user", name, cols.Email, cols.LastActive)
	}
	if err != nil {
		return nil, parseErr(name, err)
	}
	index := map[string]int{}
	var found []string
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if len(found) < 20 {
			found = append(found, sheet.Quote(h))
		} else if len(found) == 20 {
			found = append(found, "…")
		}
		if _, dup := index[h]; !dup {
			index[h] = i
		}
	}
	col := func(want string) (int, error) {
		i, ok := index[strings.ToLower(want)]
		if !ok {
			return 0, fmt.Errorf("csv: %s: line 1: the header has no %q column (found %s)", name, want, strings.Join(found, ", "))
		}
		return i, nil
	}
	emailCol, err := col(cols.Email)
	if err != nil {
		return nil, err
	}
	activeCol, err := col(cols.LastActive)
	if err != nil {
		return nil, err
	}
	statusCol := -1
	if cols.Status != "" {
		if statusCol, err = col(cols.Status); err != nil {
			return nil, err
		}
	}

	users := []usage.User{}
	byID := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, parseErr(name, err)
		}
		if sheet.Blank(rec) {
			continue
		}
		line, _ := cr.FieldPos(0)
		cell := func(i int) string {
			if i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		if statusCol >= 0 && inactive(cell(statusCol)) {
			continue
		}
		email := cell(emailCol)
		if email == "" {
			return nil, fmt.Errorf("csv: %s: line %d: the %q column is empty; every row is a user and needs an email", name, line, cols.Email)
		}
		var last *time.Time
		if s := cell(activeCol); s != "" {
			t, err := parseDate(s, cols.DateFormat)
			if err != nil {
				l, c := line, 0
				if activeCol < len(rec) {
					l, c = cr.FieldPos(activeCol)
				}
				want := "RFC 3339 (2006-01-02T15:04:05Z) or YYYY-MM-DD"
				if cols.DateFormat != "" {
					want = "the date_format " + sheet.Quote(cols.DateFormat)
				}
				return nil, fmt.Errorf("csv: %s: line %d, column %d (%s): %s is not a date in %s", name, l, c, sheet.Quote(cols.LastActive), sheet.Quote(s), want)
			}
			last = &t
		}
		id := strings.ToLower(email)
		if i, dup := byID[id]; dup {
			if last != nil && (users[i].LastActive == nil || last.After(*users[i].LastActive)) {
				users[i].LastActive = last
			}
			continue
		}
		byID[id] = len(users)
		users = append(users, usage.User{ID: id, Email: email, LastActive: last})
	}
	return users, nil
}

func parseErr(name string, err error) error {
	var pe *stdcsv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("csv: %s: line %d, column %d: %s", name, pe.Line, pe.Column, pe.Err)
	}
	return fmt.Errorf("csv: %s: %w", name, err)
}

func inactive(status string) bool {
	for _, s := range inactiveStatuses {
		if strings.EqualFold(status, s) {
			return true
		}
	}
	return false
}

// parseDate reads a last activity; a date without a zone is UTC.
func parseDate(s, layout string) (time.Time, error) {
	if layout != "" {
		t, err := time.Parse(layout, s)
		return t.UTC(), err
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	t, err := time.Parse(time.DateOnly, s)
	return t.UTC(), err
}

// skipBOM drops a leading UTF-8 byte order mark, as spreadsheet exports
// often write one.
func skipBOM(r io.Reader) io.Reader {
	var bom [3]byte
	n, err := io.ReadFull(r, bom[:])
	if n == 3 && bom == [3]byte{0xEF, 0xBB, 0xBF} {
		return r
	}
	rest := bytes.NewReader(bom[:n])
	if err != nil {
		return rest
	}
	return io.MultiReader(rest, r)
}
