//go:build !unix

package safefile

import "os"

const nonBlock = 0

func openNonBlocking(path string) (*os.File, error) {
	return os.Open(path)
}
