package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryCommandHasExamples: every --help, cobra's own commands
// included, has an Examples: section.
func TestEveryCommandHasExamples(t *testing.T) {
	root := newRootCmd(&env{}, &globalOptions{})
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		assert.NotEmpty(t, strings.TrimSpace(c.Example), "%s has no example", c.CommandPath())
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// TestColorFromEnvironment: colour on a terminal, unless NO_COLOR or
// TERM=dumb asked for none (systemEnv turns those into env.noColor) or
// --no-color was given.
func TestColorFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.hcl"), []byte("tool \"crm\" {\n  category = \"crm\"\n}\n"), 0o644))
	for _, tc := range []struct {
		name    string
		noColor bool
		args    []string
		want    bool
	}{
		{"terminal", false, nil, true},
		{"NO_COLOR or TERM=dumb", true, nil, false},
		{"--no-color", false, []string{"--no-color"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, stdoutTTY: true, stderrTTY: true,
				noColor: tc.noColor, now: func() time.Time { return time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC) }}
			code := run(append([]string{"check", dir}, tc.args...), e)
			assert.Equal(t, exitFindings, code, errOut.String())
			assert.Equal(t, tc.want, strings.Contains(out.String(), "\x1b["), out.String())
		})
	}
}

// TestFindInventoryRoot: the walk up stops at the organization block, at
// a repository's top, and keeps the folder itself without either.
func TestFindInventoryRoot(t *testing.T) {
	base := t.TempDir()
	write := func(p, s string) {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(base, p)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(base, p), []byte(s), 0o644))
	}
	write("inv/org.hcl", "organization {\n  name = \"A\"\n}\n")
	write("inv/tools/a/x.hcl", "tool \"x\" {}\n")
	write("json/org.hcl.json", `{"organization": {"name": "A"}}`)
	write("json/sub/x.hcl", "")
	write("repo/.git/HEAD", "")
	write("repo/inv/x.hcl", "tool \"x\" {}\n")
	write("repo/org.hcl", "# organization {  is only a comment\n")
	for _, tc := range []struct {
		from, want string
		found      bool
	}{
		{"inv", ".", true},
		{"inv/tools/a", "inv", true},
		{"json/sub", "json", true},
		{"repo/inv", ".", false},
	} {
		got, found := findInventoryRoot(filepath.Join(base, tc.from))
		if tc.want == "." {
			tc.want = tc.from
		}
		tc.want = filepath.Join(base, tc.want)
		assert.Equal(t, tc.want, got, tc.from)
		assert.Equal(t, tc.found, found, tc.from)
	}
}

// TestWorkbookNotOnTerminal: audit -o - refuses to print the binary
// workbook on a terminal, before any work, and says what to do instead.
func TestWorkbookNotOnTerminal(t *testing.T) {
	var out, errOut bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, stdoutTTY: true,
		now: func() time.Time { return time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC) }}
	code := run([]string{"audit", "-o", "-", "../../examples/minimal"}, e)
	assert.Equal(t, exitInvalid, code)
	assert.Empty(t, out.String())
	assert.Contains(t, errOut.String(), "redirect it (> audit.xlsx) or name a file")
}
