package atomicfile_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
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

// TestWriteDevice: a device or FIFO is written in place; renaming a file
// over it would replace the device itself (as root, /dev/null became a
// regular file holding the report).
func TestWriteDevice(t *testing.T) {
	if fi, err := os.Stat(os.DevNull); err != nil || fi.Mode()&fs.ModeCharDevice == 0 {
		t.Skipf("%s is not a device on this machine", os.DevNull)
	}
	err := atomicfile.Write(os.DevNull, 0o644, func(w io.Writer) error { _, err := io.WriteString(w, "report"); return err })
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(os.DevNull)
	if err != nil || fi.Mode()&fs.ModeCharDevice == 0 {
		t.Fatalf("%s is no longer a device: %v %v", os.DevNull, fi.Mode(), err)
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "out.fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	got := make(chan string, 1)
	go func() {
		b, _ := os.ReadFile(fifo)
		got <- string(b)
	}()
	if err := atomicfile.Write(fifo, 0o644, func(w io.Writer) error { _, err := io.WriteString(w, "report"); return err }); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "report" {
		t.Errorf("the FIFO's reader got %q", s)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", fi.Mode(), err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

// TestWriteNotOverInputs: an output that is an input of the run, under any
// name, is refused and left as it was.
func TestWriteNotOverInputs(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "main.hcl")
	other := filepath.Join(dir, "other.json")
	for _, p := range []string{in, other} {
		if err := os.WriteFile(p, []byte("input"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	hard := filepath.Join(dir, "hard.txt")
	if err := os.Link(in, hard); err != nil {
		t.Fatal(err)
	}
	sym := filepath.Join(dir, "sym.txt")
	if err := os.Symlink(in, sym); err != nil {
		t.Fatal(err)
	}
	var inputs atomicfile.Inputs
	inputs.Add(in, filepath.Join(dir, "missing.json"), dir)
	for _, c := range []struct {
		path string
		want string // "" when the write must succeed
	}{
		{in, "refusing to write " + in + ": it is an input of this run"},
		{dir + "/./main.hcl", "same file as " + in},
		{hard, "same file as " + in},
		{sym, "same file as " + in},
		{other, ""},
		{filepath.Join(dir, "new.txt"), ""},
	} {
		err := atomicfile.Write(c.path, 0o644, func(w io.Writer) error { _, err := io.WriteString(w, "output"); return err }, atomicfile.NotOver(&inputs))
		var ie *atomicfile.InputError
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v", c.path, err)
			}
			continue
		}
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.path, err, c.want)
		}
	}
	if b, _ := os.ReadFile(in); string(b) != "input" {
		t.Errorf("the input was changed: %q", b)
	}
	if fi, err := os.Lstat(sym); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link was replaced")
	}
}
