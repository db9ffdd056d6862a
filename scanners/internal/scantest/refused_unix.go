//go:build unix

package scantest

import (
	"fmt"
	"syscall"
	"testing"
)

// refusedAddr holds a loopback port bound but not listening for the rest
// of the test: a connection to it is refused, and no parallel test's
// server can be given the same port meanwhile (a port that was listened on
// and closed can be, and then answers the "refused" request).
func refusedAddr(t testing.TB) string {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	in, ok := sa.(*syscall.SockaddrInet4)
	if !ok {
		t.Fatalf("bound address %T is not IPv4", sa)
	}
	return fmt.Sprintf("127.0.0.1:%d", in.Port)
}
