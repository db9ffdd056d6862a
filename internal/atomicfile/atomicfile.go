// Package atomicfile writes files so that a reader, or the next run, sees
// either the previous content or the new, never a part of it. The entry
// point is [Write]; every file stackaudit writes (snapshots, workbooks,
// reports, formatted inventory files) goes through it.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// Option changes how Write writes.
type Option func(*config)

type config struct{ inputs *Inputs }

// NotOver makes Write refuse a path that is one of inputs.
func NotOver(inputs *Inputs) Option { return func(c *config) { c.inputs = inputs } }

// Inputs are the files a run reads. No output of the run may replace one:
// `check -o main.hcl` would destroy the inventory it checked. Files are
// compared by identity (os.SameFile), so another name for the same file (a
// link, a relative path, a different case on a case-insensitive disk) is
// caught too. The zero value holds none.
type Inputs struct {
	files []input
}

type input struct {
	path string
	info os.FileInfo
}

// Add records paths (symbolic links followed); a path that does not
// exist or is not a regular file is no input to protect and is skipped.
func (in *Inputs) Add(paths ...string) {
	for _, p := range paths {
		if p == "" {
			continue
		}
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
			in.files = append(in.files, input{p, fi})
		}
	}
}

// InputError is an output path that is an input of the run.
type InputError struct {
	Path, Input string
}

func (e *InputError) Error() string {
	if e.Path == e.Input {
		return fmt.Sprintf("refusing to write %s: it is an input of this run and would be destroyed; write the output elsewhere", e.Path)
	}
	return fmt.Sprintf("refusing to write %s: it is the same file as %s, an input of this run, which would be destroyed; write the output elsewhere", e.Path, e.Input)
}

// Check returns an *InputError when path is one of the inputs.
func (in *Inputs) Check(path string) error {
	if in == nil {
		return nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil
	}
	for _, f := range in.files {
		if os.SameFile(fi, f.info) {
			return &InputError{Path: path, Input: f.path}
		}
	}
	return nil
}

// Write creates or replaces the file at path with what write writes.
//
// A path that is not a regular file (a device such as /dev/null or
// /dev/stdout, a FIFO) is written directly: renaming a file over it would
// replace the device itself. A symbolic link is followed, so that the file
// it points to is replaced, not the link.
//
// It writes to a temporary file in path's folder (so that the rename
// cannot cross file systems), flushes and syncs it, gives it the
// permissions of the file it replaces, or perm for a new file, and renames
// it over path. On any error, including one write returns, the temporary
// file is removed and path is left as it was. The folder must exist.
//
// Errors name the file; callers add what they were writing.
func Write(path string, perm fs.FileMode, write func(io.Writer) error, opts ...Option) (err error) {
	var c config
	for _, o := range opts {
		o(&c)
	}
	if err := c.inputs.Check(path); err != nil {
		return err
	}
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	}
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() && !fi.IsDir() {
		return writeDirect(path, write)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot create a file in folder %s: %w", dir, explain(err))
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
			if errors.Is(err, syscall.ENOSPC) {
				err = fmt.Errorf("cannot write %s: the disk is full (%w); the previous file is left as it was", path, err)
			}
		}
	}()
	bw := bufio.NewWriterSize(tmp, 256<<10)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	if fi, err := os.Stat(path); err == nil {
		perm = fi.Mode().Perm()
	}
	if err := tmp.Chmod(perm); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// explain says in words why a folder cannot be written: the bare errno
// ("read-only file system") reads like a bug.
func explain(err error) error {
	switch {
	case errors.Is(err, syscall.EROFS):
		return fmt.Errorf("it is on a read-only file system: %w", err)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("it is read-only for this user: %w", err)
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("the disk is full: %w", err)
	}
	return err
}

// writeDirect writes to a device or FIFO in place.
func writeDirect(path string, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 256<<10)
	if err := write(bw); err != nil {
		_ = f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		_ = f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}
