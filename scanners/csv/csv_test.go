package csv_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/csv"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/usage"
)

func toolHCL(scanBody string) string {
	return `
tool "hotjar" {
  name     = "Hotjar"
  category = "web-mobile-analytics"
  scan "csv" {
` + scanBody + `
  }
}
`
}

func env() scanners.Env {
	return scanners.Env{Getenv: func(string) string { return "" }, AsOf: scantest.AsOf()}
}

// load loads a one-tool inventory and writes files (name → content) into
// its folder.
func load(t *testing.T, scanBody string, files map[string]string) *inventory.Tool {
	t.Helper()
	inv := scantest.Load(t, toolHCL(scanBody))
	tool := inv.Tools[0]
	dir := filepath.Dir(tool.Scan.DeclRange.Filename)
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return tool
}

func day(s string) *time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func TestAcmeHotjar(t *testing.T) {
	inv, diags := inventory.Load("../../examples/acme")
	if diags.HasErrors() {
		t.Fatalf("load acme: %s", diags.Error())
	}
	var tool *inventory.Tool
	for _, tl := range inv.Tools {
		if tl.ID == "hotjar" {
			tool = tl
		}
	}
	if tool == nil || tool.Scan == nil || tool.Scan.Kind != csv.Kind {
		t.Fatal("acme has no hotjar tool with a csv scan")
	}
	s := csv.New()
	if d := s.Validate(tool.Scan); d.HasErrors() {
		t.Fatalf("validate: %s", d.Error())
	}
	u, err := s.Scan(context.Background(), tool, env())
	if err != nil {
		t.Fatal(err)
	}
	if u.Status != usage.StatusOK {
		t.Errorf("status %q", u.Status)
	}
	if len(u.Users) != 8 || u.Seats.Assigned != 8 {
		t.Errorf("users %d, assigned %d; want 8", len(u.Users), u.Seats.Assigned)
	}
	// 30 days: 11-18, 11-12, 10-30, 11-19, 11-05; 90 days adds 09-02.
	if u.Active.D30 != 5 || u.Active.D90 != 6 {
		t.Errorf("active %+v, want d30 5, d90 6", u.Active)
	}
	if u.LastActivity == nil || !u.LastActivity.Equal(*day("2026-11-19")) {
		t.Errorf("last activity %v", u.LastActivity)
	}
	for _, usr := range u.Users {
		if usr.ID != usr.Email || !strings.HasSuffix(usr.ID, "@acme.example") {
			t.Errorf("user %+v", usr)
		}
	}

	// Through Run as the command does.
	snap, res := scanners.Run(context.Background(), inv, scanners.RunOptions{
		Scanners: map[string]scanners.Scanner{csv.Kind: s}, Only: []string{"hotjar"}, AsOf: scantest.AsOf()})
	if len(res) != 1 || res[0].Err != nil || snap.Tools["hotjar"].Active.D30 != 5 {
		t.Errorf("run: %+v %+v", res, snap.Tools["hotjar"])
	}
}

func TestScan(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		files   map[string]string
		wantErr []string // substrings of the error
		users   []usage.User
	}{
		{
			name:  "basic",
			body:  `path = "users.csv"`,
			files: map[string]string{"users.csv": "email,last_active\na@x.io,2026-11-19\nb@x.io,\nc@x.io,2026-11-01T10:00:00+02:00\n"},
			users: []usage.User{
				{ID: "a@x.io", Email: "a@x.io", LastActive: day("2026-11-19")},
				{ID: "b@x.io", Email: "b@x.io"},
				{ID: "c@x.io", Email: "c@x.io", LastActive: ptr(time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC))},
			},
		},
		{
			name:  "bom, case-insensitive headers, extra columns, blank rows",
			body:  `path = "usage/users.csv"`,
			files: map[string]string{"usage/users.csv": "\uFEFFName,EMAIL,Last_Active\r\nA,A@X.io,2026-11-19\r\n,,\r\n"},
			users: []usage.User{{ID: "a@x.io", Email: "A@X.io", LastActive: day("2026-11-19")}},
		},
		{
			name: "deactivated rows excluded",
			body: `path = "u.csv"
    status_column = "Status"`,
			files: map[string]string{"u.csv": "email,last_active,status\na@x.io,2026-11-19,active\nb@x.io,2026-11-19,Deactivated\nc@x.io,2026-11-19, suspended\nd@x.io,2026-11-19,deleted\ne@x.io,2026-11-19,INACTIVE\n"},
			users: []usage.User{{ID: "a@x.io", Email: "a@x.io", LastActive: day("2026-11-19")}},
		},
		{
			name: "custom columns and date format",
			body: `path = "u.csv"
    email_column = "User"
    last_active_column = "Last seen"
    date_format = "02/01/2006"`,
			files: map[string]string{"u.csv": "User,Last seen\na@x.io,19/11/2026\n"},
			users: []usage.User{{ID: "a@x.io", Email: "a@x.io", LastActive: day("2026-11-19")}},
		},
		{
			name:  "duplicates merged, latest wins",
			body:  `path = "u.csv"`,
			files: map[string]string{"u.csv": "email,last_active\na@x.io,2026-10-01\nA@x.io,2026-11-02\na@x.io,\n"},
			users: []usage.User{{ID: "a@x.io", Email: "a@x.io", LastActive: day("2026-11-02")}},
		},
		{
			name:  "header only",
			body:  `path = "u.csv"`,
			files: map[string]string{"u.csv": "email,last_active\n"},
			users: []usage.User{},
		},
		{
			name:    "missing file",
			body:    `path = "nope.csv"`,
			wantErr: []string{"nope.csv", "not found"},
		},
		{
			name:    "empty file",
			body:    `path = "u.csv"`,
			files:   map[string]string{"u.csv": ""},
			wantErr: []string{"u.csv", "empty", "header"},
		},
		{
			name:    "bom only",
			body:    `path = "u.csv"`,
			files:   map[string]string{"u.csv": "\uFEFF"},
			wantErr: []string{"u.csv", "empty"},
		},
		{
			name:    "missing email column",
			body:    `path = "u.csv"`,
			files:   map[string]string{"u.csv": "mail,last_active\na@x.io,2026-11-19\n"},
			wantErr: []string{"u.csv", `no "email" column`, `"mail"`},
		},
		{
			name:    "missing last_active column",
			body:    `path = "u.csv"`,
			files:   map[string]string{"u.csv": "email,last_login\na@x.io,2026-11-19\n"},
			wantErr: []string{"u.csv", `no "last_active" column`},
		},
		{
			name: "missing status column",
			body: `path = "u.csv"
    status_column = "state"`,
			files:   map[string]string{"u.csv": "email,last_active\na@x.io,2026-11-19\n"},
			wantErr: []string{`no "state" column`},
		},
		{
			name:    "bad date",
			body:    `path = "u.csv"`,
			files:   map[string]string{"u.csv": "email,last_active\na@x.io,2026-11-19\nb@x.io,19.11.2026\n"},
			wantErr: []string{"u.csv", "line 3", "column 8", `"last_active"`, `"19.11.2026"`},
		},
		{
			name:    "bad date with format",
			body:    "path = \"u.csv\"\n    date_format = \"2006-01-02\"",
			files:   map[string]string{"u.csv": "email,last_active\nb@x.io,2026-11-19T10:00:00Z\n"},
			wantErr: []string{"line 2", `date_format "2006-01-02"`},
		},
		{
			name:    "empty email",
			body:    `path = "u.csv"`,
			files:   map[string]string{"u.csv": "email,last_active\n,2026-11-19\n"},
			wantErr: []string{"u.csv", "line 2", "email"},
		},
		{
			name:    "bad quoting",
			body:    `path = "u.csv"`,
			files:   map[string]string{"u.csv": "email,last_active\n\"a@x.io,2026-11-19\n"},
			wantErr: []string{"u.csv", "line"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tool := load(t, tc.body, tc.files)
			s := csv.New()
			if d := s.Validate(tool.Scan); d.HasErrors() {
				t.Fatalf("validate: %s", d.Error())
			}
			u, err := s.Scan(context.Background(), tool, env())
			if len(tc.wantErr) > 0 {
				if err == nil {
					t.Fatalf("no error; users %+v", u.Users)
				}
				for _, w := range tc.wantErr {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not contain %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := append([]usage.User{}, tc.users...)
			usage.Tally(&usage.ToolUsage{Users: want}, scantest.AsOf()) // same order
			if len(u.Users) != len(want) {
				t.Fatalf("users %+v, want %+v", u.Users, want)
			}
			for i := range want {
				g, w := u.Users[i], want[i]
				if g.ID != w.ID || g.Email != w.Email || (g.LastActive == nil) != (w.LastActive == nil) ||
					(g.LastActive != nil && !g.LastActive.Equal(*w.LastActive)) {
					t.Errorf("user %d = %+v, want %+v", i, g, w)
				}
			}
			if u.Seats.Assigned != len(want) || u.Status != usage.StatusOK {
				t.Errorf("assigned %d status %q", u.Seats.Assigned, u.Status)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestPathFromNestedFile(t *testing.T) {
	// As in examples/acme: the block is in tools/, the path is relative to
	// the inventory root.
	root := t.TempDir()
	write := func(name, content string) {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("main.hcl", "organization {\n  name = \"x\"\n}\n")
	write("tools/data.hcl", toolHCL(`path = "usage/u.csv"`))
	write("usage/u.csv", "email,last_active\na@x.io,2026-11-19\n")
	inv, diags := inventory.Load(root)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	u, err := csv.New().Scan(context.Background(), inv.Tools[0], env())
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Users) != 1 || u.Active.D30 != 1 {
		t.Errorf("usage %+v", u)
	}
}

func TestSymlinkOutOfInventory(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.csv")
	if err := os.WriteFile(outside, []byte("email,last_active\na@x.io,\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tool := load(t, `path = "u.csv"`, nil)
	if err := os.Symlink(outside, filepath.Join(filepath.Dir(tool.Scan.DeclRange.Filename), "u.csv")); err != nil {
		t.Skip("no symlinks:", err)
	}
	if _, err := csv.New().Scan(context.Background(), tool, env()); err == nil {
		t.Fatal("read a file outside the inventory through a symlink")
	}
}

func TestHugeFile(t *testing.T) {
	tool := load(t, `path = "u.csv"`, map[string]string{"u.csv": "email,last_active\n"})
	p := filepath.Join(filepath.Dir(tool.Scan.DeclRange.Filename), "u.csv")
	if err := os.Truncate(p, csv.MaxFileSize+1); err != nil { // sparse
		t.Fatal(err)
	}
	_, err := csv.New().Scan(context.Background(), tool, env())
	if err == nil || !strings.Contains(err.Error(), "u.csv") || !strings.Contains(err.Error(), "32 MiB") {
		t.Fatalf("err = %v", err)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string // a substring of the diagnostics; "" for none
	}{
		{"ok", `path = "u.csv"`, ""},
		{"ok nested", `path = "usage/./u.csv"`, ""},
		{"missing path", ``, "path"},
		{"absolute", `path = "/etc/passwd"`, "absolute"},
		{"escapes", `path = "../secret.csv"`, "leads out of the inventory"},
		{"escapes nested", `path = "usage/../../secret.csv"`, "leads out of the inventory"},
		{"empty path", `path = ""`, "cannot be empty"},
		{"path not a string", `path = 3`, "must be a string"},
		{"unknown attribute", "path = \"u.csv\"\n    email_col = \"x\"", "email_col"},
		{"empty column", "path = \"u.csv\"\n    email_column = \" \"", "cannot be empty"},
		{"bad date_format", "path = \"u.csv\"\n    date_format = \"yyyy-mm-dd\"", "Invalid date_format"},
		{"good date_format", "path = \"u.csv\"\n    date_format = \"Jan 2, 2006 15:04\"", ""},
		{"token_env", "path = \"u.csv\"\n    token_env = \"HOTJAR_TOKEN\"", "not used by csv"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inv, diags := inventory.Load(writeInv(t, toolHCL(tc.body)))
			if diags.HasErrors() {
				t.Fatalf("load: %s", diags.Error())
			}
			d := csv.New().Validate(inv.Tools[0].Scan)
			if tc.want == "" {
				if d.HasErrors() {
					t.Fatalf("unexpected: %s", d.Error())
				}
				return
			}
			if !d.HasErrors() || !strings.Contains(d.Error(), tc.want) {
				t.Fatalf("diagnostics %q, want %q", d.Error(), tc.want)
			}
			for _, x := range d {
				if x.Subject == nil || x.Subject.Filename == "" {
					t.Errorf("diagnostic without subject: %s", x.Error())
				}
			}
			// Scan refuses as well, without reading anything.
			if _, err := csv.New().Scan(context.Background(), inv.Tools[0], env()); err == nil {
				t.Error("scan with invalid settings succeeded")
			}
		})
	}
}

func writeInv(t *testing.T, src string) string {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.hcl"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte("email,last_active\na@x.io,2026-11-19\n"), "")
	f.Add([]byte("\uFEFFEmail,Last_Active,status\r\nA@x.io,2026-11-19T10:00:00Z,deleted\r\n"), "status")
	f.Add([]byte("email,last_active\n\"a,b\",\n,,\n"), "")
	f.Add([]byte("email\na@x.io\n"), "")
	f.Add([]byte("\xef\xbb"), "")
	f.Fuzz(func(t *testing.T, data []byte, status string) {
		users, err := csv.Parse(bytes.NewReader(data), "f.csv", csv.Columns{Status: status})
		if err != nil {
			if !strings.Contains(err.Error(), "f.csv") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, u := range users {
			if u.ID == "" || seen[u.ID] {
				t.Errorf("bad or duplicate id %q", u.ID)
			}
			seen[u.ID] = true
		}
	})
}
