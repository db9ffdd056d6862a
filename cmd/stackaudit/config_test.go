package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestParseConfig: the settings a config file gives a command, and the
// errors of a wrong one, each with the file and line.
func TestParseConfig(t *testing.T) {
	tests := []struct {
		name, cmd, src string
		want           map[string][]string
		err            string
	}{
		{name: "check block", cmd: "check", src: "check {\n  format = \"sarif\"\n  fail_on = \"medium\"\n}\n",
			want: map[string][]string{"format": {"sarif"}, "fail-on": {"medium"}}},
		{name: "other blocks are checked but not applied", cmd: "check", src: "audit { redact_users = true }\ndiff { fail_on = \"none\" }\n",
			want: map[string][]string{}},
		{name: "top-level as_of then the block's", cmd: "diff", src: "as_of = \"2026-01-01\"\ndiff { as_of = \"2026-02-01\" }\n",
			want: map[string][]string{"as-of": {"2026-02-01"}}},
		{name: "as_of from the commit", cmd: "check", src: "as_of = \"commit\"\n",
			want: map[string][]string{"as-of": {"commit"}}},
		{name: "as_of not a date", cmd: "check", src: "\nas_of = \"2026-13-01\"\n", err: `c.hcl:2: as_of must be a date YYYY-MM-DD, "today" or "commit"`},
		{name: "as_of skipped where there is no --as-of", cmd: "fmt", src: "as_of = \"2026-01-01\"\n",
			want: map[string][]string{}},
		{name: "a list for a repeatable flag", cmd: "check", src: "check { policies = [\"a\", \"b\"] }\n",
			want: map[string][]string{"policies": {"a", "b"}}},
		{name: "an int", cmd: "scan", src: "scan { concurrency = 4 }\n",
			want: map[string][]string{"concurrency": {"4"}}},
		{name: "a subcommand's block", cmd: "github", src: "comment \"github\" { behavior = \"new\" }\n",
			want: map[string][]string{"behavior": {"new"}}},
		{name: "unknown key", cmd: "check", src: "check {\n  baseline_file = \"x\"\n}\n", err: `c.hcl:2: stackaudit check has no setting "baseline_file". Did you mean "baseline"?`},
		{name: "unknown top-level key", cmd: "check", src: "asof = \"2026-01-01\"\n", err: `c.hcl:1: unknown setting "asof" at the top`},
		{name: "unknown block", cmd: "check", src: "\n\naudti {}\n", err: `c.hcl:3: unknown command block "audti". Did you mean "audit"?`},
		{name: "a string for a bool", cmd: "check", src: "diff { skip_no_diff = \"true\" }\n", err: "c.hcl:1: skip_no_diff must be true or false, not a string"},
		{name: "a number for a string", cmd: "check", src: "check { fail_on = 3 }\n", err: "c.hcl:1: fail_on must be a string, not a number"},
		{name: "a fraction for an int", cmd: "scan", src: "scan { concurrency = 2.5 }\n", err: "must be a whole number"},
		{name: "a variable", cmd: "check", src: "check { format = var.x }\n", err: "must be a plain value"},
		{name: "a nested block", cmd: "check", src: "check {\n  fail_on {}\n}\n", err: "c.hcl:2: a command block holds settings"},
		{name: "the config flag itself", cmd: "check", src: "check { config = \"x\" }\n", err: `has no setting "config"`},
		{name: "a token", cmd: "check", src: "check { baseline = \"xoxb-1234567890-abcdefghijkl\" }\n", err: "baseline looks like a credential"},
		{name: "syntax", cmd: "check", src: "check {\n", err: "c.hcl:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := newRootCmd(&env{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}, &globalOptions{})
			var cmd = root
			for _, c := range root.Commands() {
				if c.Name() == tt.cmd {
					cmd = c
				}
				for _, s := range c.Commands() {
					if s.Name() == tt.cmd {
						cmd = s
					}
				}
			}
			if cmd == root {
				t.Fatalf("no command %s", tt.cmd)
			}
			settings, err := parseConfig("c.hcl", []byte(tt.src), cmd)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one containing %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][]string{}
			for _, s := range settings {
				got[s.flag] = s.values
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("settings (-want +got):\n%s", d)
			}
		})
	}
}
