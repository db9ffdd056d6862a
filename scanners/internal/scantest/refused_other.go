//go:build !unix

package scantest

import (
	"net"
	"testing"
)

// refusedAddr is a loopback port that was listened on and closed. Unlike
// the unix version, a parallel test's server may be given it again.
func refusedAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}
