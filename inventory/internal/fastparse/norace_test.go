//go:build !race

package fastparse_test

// raceEnabled: see race_test.go.
const raceEnabled = false
