//go:build unix

package safefile

import (
	"os"
	"syscall"
)

// nonBlock makes opening a FIFO swapped in after the check return at
// once instead of waiting for a writer; for a regular file it changes
// nothing.
const nonBlock = syscall.O_NONBLOCK

func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|nonBlock, 0)
}
