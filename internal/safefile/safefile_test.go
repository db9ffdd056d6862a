package safefile_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/internal/safefile"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	ok := write("ok.hcl", "0123456789")
	fifo := filepath.Join(dir, "fifo.hcl")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	link := filepath.Join(dir, "link.hcl")
	require.NoError(t, os.Symlink(ok, link))
	fifoLink := filepath.Join(dir, "fifolink.hcl")
	require.NoError(t, os.Symlink(fifo, fifoLink))
	loop := filepath.Join(dir, "loop.hcl")
	require.NoError(t, os.Symlink(loop, loop))
	for _, c := range []struct {
		name, path string
		limit      int64
		want       string // "" for success
	}{
		{"regular", ok, 10, ""},
		{"at the limit", ok, 10, ""},
		{"over the limit", ok, 9, "larger than 9 bytes"},
		{"symlink to a file", link, 10, ""},
		{"fifo", fifo, 10, "a FIFO (named pipe), not a regular file"},
		{"symlink to a fifo", fifoLink, 10, "a FIFO (named pipe), not a regular file"},
		{"directory", dir, 10, "a directory, not a regular file"},
		{"device", "/dev/zero", 10, "a character device, not a regular file"},
		{"link loop", loop, 10, "too many levels of symbolic links"},
		{"missing", filepath.Join(dir, "nope"), 10, "no such file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			data, err := safefile.ReadFile(context.Background(), c.path, c.limit)
			if c.want == "" {
				require.NoError(t, err)
				assert.Equal(t, "0123456789", string(data))
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

// blockingReader never returns, like stdin from a pipe nobody closes.
type blockingReader struct{ ch chan struct{} }

func (r blockingReader) Read([]byte) (int, error) { <-r.ch; return 0, io.EOF }

func TestReadAllCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r := blockingReader{make(chan struct{})}
	defer close(r.ch)
	errc := make(chan error, 1)
	go func() { _, err := safefile.ReadAll(ctx, r, "stdin", 10); errc <- err }()
	cancel()
	err := <-errc
	assert.True(t, errors.Is(err, context.Canceled), "%v", err)
}

func TestReadAllLimit(t *testing.T) {
	_, err := safefile.ReadAll(context.Background(), strings.NewReader(strings.Repeat("x", 1<<20)), "stdin", 1000)
	var tl *safefile.TooLargeError
	require.ErrorAs(t, err, &tl)
	assert.Equal(t, "stdin", tl.Name)
	data, err := safefile.ReadAll(context.Background(), io.LimitReader(zero{}, 3<<20), "big", 3<<20)
	require.NoError(t, err)
	assert.Len(t, data, 3<<20)
}

type zero struct{}

func (zero) Read(p []byte) (int, error) { clear(p); return len(p), nil }
