// Package safefile reads the files stackaudit is given (inventory files,
// policies, snapshots, baselines, previous results, spreadsheets, csv
// scan files, stdin) so that no input can hang or exhaust the machine:
// only regular files are read (a FIFO, device, socket or folder is refused
// by name, before anything blocks on it), never more than a limit, and a
// read stops when its context is cancelled (Ctrl-C). The entry points are
// [ReadFile], [Open] and [ReadAll]; docs/security.md states the rule.
package safefile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// TooLargeError is a file or stream longer than its limit.
type TooLargeError struct {
	Name  string
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is larger than %d bytes, the limit for this input", e.Name, e.Limit)
}

// NotRegularError is a path that is not a regular file.
type NotRegularError struct {
	Name string
	Kind string // "a FIFO (named pipe)", "a device", …
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a regular file: give a file", e.Name, e.Kind)
}

// Kind names what a file mode is, for errors ("a directory", "a FIFO
// (named pipe)"); "" for a regular file.
func Kind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return ""
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO (named pipe)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a regular file (" + m.Type().String() + ")"
}

// CheckRegular returns a *NotRegularError unless path, with symbolic
// links followed, is a regular file. A link loop is an error from Stat.
func CheckRegular(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if k := Kind(fi.Mode()); k != "" {
		return &NotRegularError{Name: path, Kind: k}
	}
	return nil
}

// Open opens path for reading if it is a regular file. It checks before
// opening (opening a FIFO blocks until someone writes to it), opens
// without blocking, and checks the opened file again, so that a file
// swapped in between is refused too.
func Open(ctx context.Context, path string) (*os.File, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := CheckRegular(path); err != nil {
		return nil, err
	}
	f, err := openNonBlocking(path)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	if k := Kind(fi.Mode()); k != "" {
		_ = f.Close()
		return nil, &NotRegularError{Name: path, Kind: k}
	}
	return f, nil
}

// ReadFile reads the regular file at path, at most limit bytes: a longer
// file is a *TooLargeError, whatever size it reports.
func ReadFile(ctx context.Context, path string, limit int64) ([]byte, error) {
	f, err := Open(ctx, path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadAll(ctx, f, path, limit)
}

// chunk is how much is read between two looks at the context.
const chunk = 256 << 10

// ReadAll reads r to its end, at most limit bytes (more is a
// *TooLargeError naming name). It returns when ctx is cancelled even if r
// blocks (stdin from a pipe that never closes): the blocked read is left to
// end with the process.
func ReadAll(ctx context.Context, r io.Reader, name string, limit int64) ([]byte, error) {
	type result struct {
		data []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		var buf []byte
		lr := io.LimitReader(r, limit+1)
		for {
			if err := ctx.Err(); err != nil {
				done <- result{nil, err}
				return
			}
			if len(buf) == cap(buf) {
				buf = append(buf, make([]byte, min(max(len(buf), 512), chunk))...)[:len(buf)]
			}
			n, err := lr.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				done <- result{nil, err}
				return
			}
		}
		if int64(len(buf)) > limit {
			done <- result{nil, &TooLargeError{Name: name, Limit: limit}}
			return
		}
		done <- result{buf, nil}
	}()
	select {
	case res := <-done:
		return res.data, res.err
	case <-ctx.Done():
		return nil, fmt.Errorf("read %s: %w", name, ctx.Err())
	}
}

// OpenIn is Open for a file name inside root (symbolic links are followed
// within root only, as os.Root does): a scanner reading a user export from
// the inventory folder calls it in place of root.Open.
func OpenIn(ctx context.Context, root *os.Root, name string) (*os.File, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	fi, err := root.Stat(name)
	if err != nil {
		return nil, err
	}
	if k := Kind(fi.Mode()); k != "" {
		return nil, &NotRegularError{Name: name, Kind: k}
	}
	f, err := root.OpenFile(name, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, err
	}
	if fi, err = f.Stat(); err != nil || !fi.Mode().IsRegular() {
		_ = f.Close()
		if err == nil {
			err = &NotRegularError{Name: name, Kind: Kind(fi.Mode())}
		}
		return nil, err
	}
	return f, nil
}
