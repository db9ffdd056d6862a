//go:build !race

package okta_test

const raceEnabled = false
