package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
)

// TestDocumentedFlagsExist: every `stackaudit COMMAND ... --flag` that the
// README and the docs show in a code block, and that the GitHub Action, the
// pre-commit hooks and the GitLab template run, names a command and flags
// that exist, so that a CI recipe copied from them runs.
func TestDocumentedFlagsExist(t *testing.T) {
	root := newRootCmd(&env{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}, &globalOptions{})
	// The code blocks of Markdown files, line by line.
	docs := []string{"../../README.md", "../../docs/policies.md", "../../docs/ci.md", "../../docs/config.md", "../../docs/dashboard.md"}
	// Every string of YAML files: run scripts, pre-commit entries, job
	// scripts (comments are not strings, so prose there is not read).
	yamls := []string{"../../action.yml", "../../.pre-commit-hooks.yaml", "../../ci/gitlab/stackaudit.gitlab-ci.yml"}
	for _, doc := range append(docs, yamls...) {
		src := readFile(t, doc)
		var lines []numberedLine
		if strings.HasSuffix(doc, ".md") {
			lines = codeBlockLines(string(src))
		} else {
			lines = yamlStringLines(t, doc, src)
		}
		calls, flags := checkCalls(t, root, doc, lines)
		t.Logf("%s: %d commands, %d flags", doc, calls, flags)
		// Each file has its own floor, so that a parser broken for one
		// kind of file cannot hide behind the others.
		min := map[string][2]int{
			"../../README.md": {10, 10}, "../../docs/policies.md": {1, 0}, "../../docs/ci.md": {10, 15}, "../../docs/config.md": {0, 0}, "../../docs/dashboard.md": {1, 1},
			"../../action.yml": {4, 10}, "../../.pre-commit-hooks.yaml": {3, 0}, "../../ci/gitlab/stackaudit.gitlab-ci.yml": {6, 10},
		}[doc]
		if calls < min[0] || flags < min[1] {
			t.Errorf("%s: only %d stackaudit commands and %d flags found, want at least %d and %d: the parser is broken", doc, calls, flags, min[0], min[1])
		}
	}
}

type numberedLine struct {
	n    int
	text string
}

func codeBlockLines(src string) []numberedLine {
	var out []numberedLine
	inBlock := false
	for i, line := range strings.Split(src, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inBlock = !inBlock
			continue
		}
		if inBlock {
			out = append(out, numberedLine{i + 1, line})
		}
	}
	return out
}

// yamlStringLines are the lines of every string value in a YAML file, at
// their line in the file (a block scalar's lines follow its key's).
func yamlStringLines(t *testing.T, name string, src []byte) []numberedLine {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var out []numberedLine
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode && n.Tag == "!!str" {
			first := n.Line
			if n.Style == yaml.LiteralStyle || n.Style == yaml.FoldedStyle {
				first++
			}
			for i, l := range strings.Split(n.Value, "\n") {
				out = append(out, numberedLine{first + i, l})
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&doc)
	return out
}

var (
	docCall = regexp.MustCompile(`stackaudit ((?:[a-z]+ ?)+)(.*)`)
	// A flag after a space, or inside ${VAR:+--flag …} and $(… --flag).
	docFlag = regexp.MustCompile(`(?:^|[\s+(])--([a-z][a-z0-9-]*)`)
	// A line that runs stackaudit, as opposed to prose that names it.
	runsStackaudit = regexp.MustCompile(`^\s*(?:- |run: |entry: )?stackaudit [a-z]`)
)

// checkCalls checks every stackaudit call in lines against the command
// tree and counts the calls and flags it checked.
func checkCalls(t *testing.T, root *cobra.Command, doc string, lines []numberedLine) (calls, flags int) {
	t.Helper()
	for _, l := range lines {
		if strings.Contains(l.text, "go install") {
			continue
		}
		// Where a line starts by running stackaudit, what follows must
		// be a command; elsewhere "stackaudit has no release" is prose.
		strictAt := -1
		if r := runsStackaudit.FindStringIndex(l.text); r != nil {
			strictAt = r[1] - len("stackaudit a")
		}
		for _, at := range docCall.FindAllStringSubmatchIndex(l.text, -1) {
			words := strings.Fields(l.text[at[2]:at[3]])
			cmd, rest, err := root.Find(words)
			if err != nil || cmd == root {
				if at[0] == strictAt {
					t.Errorf("%s:%d: %q runs no stackaudit command", doc, l.n, strings.TrimSpace(l.text))
				}
				continue // prose or a path, not a command
			}
			calls++
			args := strings.Join(rest, " ") + " " + l.text[at[4]:at[5]]
			for _, f := range docFlag.FindAllStringSubmatch(args, -1) {
				flags++
				if cmd.Flags().Lookup(f[1]) == nil && cmd.InheritedFlags().Lookup(f[1]) == nil {
					t.Errorf("%s:%d: %s has no flag --%s", doc, l.n, cmd.CommandPath(), f[1])
				}
			}
		}
	}
	return calls, flags
}
