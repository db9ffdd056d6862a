// Package scanners measures real usage from vendor APIs and discovers tools
// and flows nobody declared. This file set so far holds the Snapshot: the
// versioned JSON file that scans write and that policies and reports read
// (SPEC §5). Read and Latest load one; Write replaces one atomically.
package scanners
