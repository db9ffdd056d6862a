// Package atomicfile writes files so that a reader, or the next run, sees
// either the previous content or the new, never a part of it. The entry
// point is [Write]; every file stackaudit writes (snapshots, workbooks,
// reports, formatted inventory files) goes through it.
package atomicfile

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Write creates or replaces the file at path with what write writes.
//
// It writes to a temporary file in path's folder (so that the rename
// cannot cross file systems), flushes and syncs it, gives it the
// permissions of the file it replaces, or perm for a new file, and renames
// it over path. On any error, including one write returns, the temporary
// file is removed and path is left as it was. The folder must exist.
//
// Errors name the file; callers add what they were writing.
func Write(path string, perm fs.FileMode, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot create a file in folder %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
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
