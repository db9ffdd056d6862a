//go:build race

package okta_test

// raceEnabled: the race detector slows each request tenfold, which the
// 10,000-page tests cannot afford.
const raceEnabled = true
