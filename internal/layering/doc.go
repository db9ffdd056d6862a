// Package layering holds no code: its test checks the import graph of
// SPEC §1 (arrows point one way; the offline packages cannot reach the
// network code), so that "check never opens a connection" is proven by
// what the packages import, not only by a runtime trap.
package layering
