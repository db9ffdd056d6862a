package scantest

import (
	"errors"
	"strings"
	"testing"
)

// Case is one row of a kind's table of runs (a vendor's own error answer,
// a fault, a setting) with what the run must give. It exists so that each
// kind's table of bad answers is rows only, checked by Vendor.Cases the
// same way for every kind.
type Case struct {
	Name string
	Setup
	// WantCalls is how many requests the server received.
	WantCalls int
	// WantErr are strings the error contains; none: the run succeeds.
	WantErr []string
	// WantErrIs is an error the run's error wraps (nil: not checked).
	WantErrIs error
	// WantNot are strings the error must not show, besides NoSecrets'.
	WantNot []string
}

// Cases runs each case with v in a parallel subtest and checks the
// requests, the error and NoSecrets; check (nil: none) then makes the
// kind's own checks of the result.
func (v Vendor) Cases(t *testing.T, cases []Case, check func(t *testing.T, c Case, r Result)) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			r := v.Run(t, c.Setup)
			r.Calls(t, c.WantCalls)
			if len(c.WantErr) == 0 {
				if r.Err != nil {
					t.Fatalf("unexpected error: %v", r.Err)
				}
			} else {
				ErrorContains(t, r.Err, c.WantErr...)
			}
			if c.WantErrIs != nil && !errors.Is(r.Err, c.WantErrIs) {
				t.Errorf("error %v, want %v", r.Err, c.WantErrIs)
			}
			NotShown(t, r.Err, c.WantNot...)
			v.NoSecrets(t, r)
			if check != nil {
				check(t, c, r)
			}
		})
	}
}

// NoSecrets fails when the run's error shows a token or one of v.Secrets
// (queries, cursors), or its HTTP log shows a token.
func (v Vendor) NoSecrets(t testing.TB, r Result) {
	t.Helper()
	tokens := []string{v.Token, v.badToken()}
	NotShown(t, r.Err, append(tokens, v.Secrets...)...)
	for _, token := range tokens {
		if strings.Contains(r.Log, token) {
			t.Errorf("the log shows the token: %s", r.Log)
		}
	}
}

// badToken is BadToken, or its default.
func (v Vendor) badToken() string {
	if v.BadToken == "" {
		return "CANARY-" + v.Token
	}
	return v.BadToken
}

// MustRun is Run for a run that must succeed: it fails the test at once
// when the run returns an error.
func (v Vendor) MustRun(t testing.TB, s Setup) Result {
	t.Helper()
	r := v.Run(t, s)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	return r
}
