//go:build unix

package safefile

import (
	"os"
	"syscall"
)

// openNonBlocking opens path so that a FIFO swapped in after the check
// does not block the open; for a regular file the flag changes nothing.
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
