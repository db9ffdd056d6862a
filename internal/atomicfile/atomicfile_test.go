package atomicfile_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stackaudit/stackaudit/internal/atomicfile"
)

func TestWrite(t *testing.T) {
	errWrite := errors.New("disk on fire")
	tests := []struct {
		name     string
		previous string // the file's content before, if any
		prevPerm fs.FileMode
		write    func(io.Writer) error
		wantErr  error
		want     string // the file's content after; "" for no file
		wantPerm fs.FileMode
	}{
		{
			name:     "new file",
			write:    func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err },
			want:     "new",
			wantPerm: 0o640,
		},
		{
			name:     "replaces, keeping the permissions",
			previous: "old", prevPerm: 0o604,
			write:    func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err },
			want:     "new",
			wantPerm: 0o604,
		},
		{
			name:     "large content",
			write:    func(w io.Writer) error { _, err := io.WriteString(w, strings.Repeat("x", 1<<20+3)); return err },
			want:     strings.Repeat("x", 1<<20+3),
			wantPerm: 0o640,
		},
		{
			name:    "a failed write leaves no file",
			write:   func(w io.Writer) error { _, _ = io.WriteString(w, "part"); return errWrite },
			wantErr: errWrite,
		},
		{
			name:     "a failed write leaves the previous file",
			previous: "old", prevPerm: 0o644,
			write:    func(w io.Writer) error { _, _ = io.WriteString(w, strings.Repeat("part", 1<<18)); return errWrite },
			wantErr:  errWrite,
			want:     "old",
			wantPerm: 0o644,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "f.txt")
			if tc.previous != "" {
				if err := os.WriteFile(path, []byte(tc.previous), tc.prevPerm); err != nil {
					t.Fatal(err)
				}
				if err := os.Chmod(path, tc.prevPerm); err != nil { // past the umask
					t.Fatal(err)
				}
			}
			err := atomicfile.Write(path, 0o640, tc.write)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("Write: %v, want %v", err, tc.wantErr)
			}
			got, err := os.ReadFile(path)
			switch {
			case tc.want == "" && !errors.Is(err, fs.ErrNotExist):
				t.Errorf("want no file, got %q, %v", got, err)
			case tc.want != "" && string(got) != tc.want:
				t.Errorf("content %.20q (%d bytes), want %.20q (%d bytes), %v", got, len(got), tc.want, len(tc.want), err)
			}
			if tc.want != "" {
				fi, err := os.Stat(path)
				if err != nil {
					t.Fatal(err)
				}
				if fi.Mode().Perm() != tc.wantPerm {
					t.Errorf("permissions %v, want %v", fi.Mode().Perm(), tc.wantPerm)
				}
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if e.Name() != "f.txt" {
					t.Errorf("left %s behind", e.Name())
				}
			}
		})
	}
}

func TestWriteMissingFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "missing")
	called := false
	err := atomicfile.Write(filepath.Join(dir, "f.txt"), 0o644, func(io.Writer) error { called = true; return nil })
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), dir) {
		t.Errorf("Write into a missing folder: %v; want an error naming %s", err, dir)
	}
	if called {
		t.Error("write was called without a file to write to")
	}
}
