package scantest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/usage"
)

// ErrorContains fails the test unless err is not nil and its message
// contains every want.
func ErrorContains(t testing.TB, err error, want ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want one containing %q", want)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q\nwant it to contain %q", err, w)
		}
	}
}

// NotShown fails the test when err (which may be nil) shows any of
// secrets: tokens, queries, cursors.
func NotShown(t testing.TB, err error, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if err != nil && strings.Contains(err.Error(), s) {
			t.Errorf("the error shows %q: %v", s, err)
		}
	}
}

// CheckDecoded is the check every decoder fuzz target makes: what a
// decoder accepts is JSON, and its error says in a few words that the
// response is invalid, without quoting the body. It reports whether the
// decoder accepted data, for the target's own checks of what it decoded.
func CheckDecoded(t testing.TB, data []byte, err error) bool {
	t.Helper()
	if err == nil {
		if !json.Valid(data) {
			t.Fatal("accepted invalid JSON")
		}
		return true
	}
	msg := err.Error()
	if len(data) > 20 && strings.Contains(msg, string(data)) {
		t.Fatalf("error quotes the body: %v", err)
	}
	if !strings.HasPrefix(msg, "invalid JSON response") && !strings.HasPrefix(msg, "invalid response: ") {
		t.Fatalf("error %q is neither an invalid JSON nor an invalid response error", msg)
	}
	if len(msg) > 200 {
		t.Fatalf("error of %d bytes", len(msg))
	}
	return false
}

// Refused reports whether a decoder fuzz target's decoder refused data
// (err is not nil), failing the test when the error quotes the body: the
// check of the decoders whose errors need not be CheckDecoded's few words.
func Refused(t testing.TB, data []byte, err error) bool {
	t.Helper()
	if err != nil && len(data) > 20 && strings.Contains(err.Error(), string(data)) {
		t.Fatalf("error quotes the body: %v", err)
	}
	return err != nil
}

// ValidateCase is one scan block for Validate: its token_env (none when
// empty), its other settings, and the summaries of the errors it gets.
type ValidateCase struct {
	Name, TokenEnv, Body string
	Want                 []string
}

// Validate checks the diagnostics of k's Scanner.Validate for each case
// (see ValidateErrors).
func Validate(t *testing.T, k scanners.Kind, cases []ValidateCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			got := ValidateErrors(t, k, c.TokenEnv, c.Body)
			if strings.Join(got, "|") != strings.Join(c.Want, "|") {
				t.Errorf("diagnostics %q, want %q", got, c.Want)
			}
		})
	}
}

// ValidateDiscoverer checks the diagnostics of k's Discoverer.Validate for
// each case, written as a discovery block of the kind.
func ValidateDiscoverer(t *testing.T, k scanners.Kind, cases []ValidateCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			src := "discovery \"" + k.Name + "\" {\n"
			if c.TokenEnv != "" {
				src += "  token_env = \"" + c.TokenEnv + "\"\n"
			}
			var got []string
			for _, diag := range k.Discoverer.Validate(Load(t, src+"  "+c.Body+"\n}\n").Discoveries[0]) {
				if diag.Severity == hcl.DiagError {
					got = append(got, diag.Summary)
					if diag.Subject == nil || diag.Subject.Filename == "" {
						t.Errorf("diagnostic %q has no subject range", diag.Summary)
					}
				}
			}
			if strings.Join(got, "|") != strings.Join(c.Want, "|") {
				t.Errorf("diagnostics %q, want %q", got, c.Want)
			}
		})
	}
}

// Activity tallies u at asOf, as a run does, and fails unless it counts
// want active users and was last active at last.
func Activity(t testing.TB, u *usage.ToolUsage, asOf time.Time, want usage.Active, last time.Time) {
	t.Helper()
	usage.Tally(u, asOf)
	if u.Active != want {
		t.Errorf("active = %+v, want %+v", u.Active, want)
	}
	if u.LastActivity == nil || !u.LastActivity.Equal(last) {
		t.Errorf("last activity = %v, want %v", u.LastActivity, last)
	}
}
