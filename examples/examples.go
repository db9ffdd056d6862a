// Package examples carries the example inventories inside the binary, so
// that `stackaudit init --example acme` works for a user who installed
// with `go install` and has no clone. The folders next to this file stay
// the source: the embedded copy is read from them at build time, and the
// test proves it is the whole folder.
//
// The entry point is [FS]; Names lists the examples.
package examples

import (
	"embed"
	"io/fs"
)

// acme's committed usage snapshot is embedded by name, since a folder
// pattern skips dot folders; .stackaudit/sandbox (scans of the simulator,
// never committed) stays out.
//
//go:embed acme acme/.stackaudit/snapshots
var files embed.FS

// Names lists the examples init can write.
func Names() []string { return []string{"acme"} }

// FS is the example's files, rooted at its folder, and false when there is
// no example of that name.
func FS(name string) (fs.FS, bool) {
	for _, n := range Names() {
		if n == name {
			sub, err := fs.Sub(files, name)
			return sub, err == nil
		}
	}
	return nil, false
}
