package main

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestDocumentedFlagsExist: every `stackaudit COMMAND ... --flag` that the
// README and the docs show in a code block names a command and flags that
// exist, so that a CI recipe copied from them runs.
func TestDocumentedFlagsExist(t *testing.T) {
	root := newRootCmd(&env{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}, &globalOptions{})
	call := regexp.MustCompile(`stackaudit ((?:[a-z]+ ?)+)(.*)`)
	flag := regexp.MustCompile(`(?:^|\s)--([a-z][a-z0-9-]*)`)
	checked := 0
	for _, doc := range []string{"../../README.md", "../../docs/policies.md", "../../docs/dashboard.md"} {
		src, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		inBlock := false
		for i, line := range strings.Split(string(src), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "```") {
				inBlock = !inBlock
				continue
			}
			if !inBlock || strings.Contains(line, "go install") {
				continue
			}
			for _, m := range call.FindAllStringSubmatch(line, -1) {
				words := strings.Fields(m[1])
				cmd, rest, err := root.Find(words)
				if err != nil || cmd == root {
					continue // prose or a path, not a command
				}
				args := strings.Join(rest, " ") + " " + m[2]
				for _, f := range flag.FindAllStringSubmatch(args, -1) {
					checked++
					if cmd.Flags().Lookup(f[1]) == nil && cmd.InheritedFlags().Lookup(f[1]) == nil {
						t.Errorf("%s:%d: %s has no flag --%s", doc, i+1, cmd.CommandPath(), f[1])
					}
				}
			}
		}
	}
	if checked < 10 {
		t.Fatalf("only %d documented flags found: the parser is broken", checked)
	}
}
