package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/stackaudit/stackaudit/comment"
	"github.com/stackaudit/stackaudit/comment/commenttest"
	"github.com/stackaudit/stackaudit/report"
)

// TestMain removes the CLI that builtCLI built, once every test ran.
func TestMain(m *testing.M) {
	code := m.Run()
	if cli.dir != "" {
		_ = os.RemoveAll(cli.dir)
	}
	os.Exit(code)
}

// cli is the stackaudit binary built once per run of this package's tests
// (a plain `go build`, as a user builds it) for every test that runs the
// command as a separate process: the scripts, the hostile corpus, the
// fault tests. Building it once spares a link per test, and running it
// rather than the race-instrumented test binary spares the race
// detector's fivefold cost in a few hundred child processes (the
// in-process tests still run every command under -race).
var cli struct {
	once      sync.Once
	dir, path string
	err       error
}

// builtCLI builds the binary on first use and returns its path.
func builtCLI(t testing.TB) string {
	t.Helper()
	cli.once.Do(func() {
		cli.dir, cli.err = os.MkdirTemp("", "stackaudit-cli")
		if cli.err != nil {
			return
		}
		bin := filepath.Join(cli.dir, "stackaudit")
		out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
		if err != nil {
			cli.err = fmt.Errorf("go build: %w\n%s", err, out)
			return
		}
		cli.path = bin
	})
	if cli.err != nil {
		t.Fatal(cli.err)
	}
	return cli.path
}

// TestScripts runs the CLI end-to-end scripts in testdata/script: every
// command, flag family and exit code, as a user sees them. `stackaudit`
// in a script runs the built binary (builtCLI), found first on the
// script's PATH.
func TestScripts(t *testing.T) {
	bin := builtCLI(t)
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: false,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"stackaudit": stackaudit,
			"exits":      exits,
			"fakegithub": fakeGitHub,
			"fakegitlab": fakeGitLab,
			"comments":   countComments,
			"bigfile":    bigFile,
		},
		Setup: func(e *testscript.Env) error {
			// Scripts that need the examples copy them from here.
			e.Setenv("EXAMPLES", mustAbs(t, "../../examples"))
			e.Setenv("PATH", filepath.Dir(bin)+string(filepath.ListSeparator)+e.Getenv("PATH"))
			e.Values[fakesKey{}] = &scriptFakes{}
			return nil
		},
	})
}

// stackaudit runs the built CLI as testscript's exec does: its output is
// what the next stdout and stderr commands read, and "! stackaudit"
// expects it to fail.
//
//	! stackaudit validate bad
func stackaudit(ts *testscript.TestScript, neg bool, args []string) {
	err := ts.Exec("stackaudit", args...)
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("stackaudit: %v", err)
		}
	}
	switch {
	case err == nil && neg:
		ts.Fatalf("unexpected command success")
	case err != nil && !neg:
		ts.Fatalf("unexpected command failure: %v", err)
	}
}

func mustAbs(t *testing.T, p string) string {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return wd + "/" + p
}

// exits runs a command and checks its exact exit code, since SPEC §2 gives
// 1 and 2 different meanings and testscript's "!" only checks non-zero:
//
//	exits 2 stackaudit validate bad
func exits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE COMMAND [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad code %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}

type fakesKey struct{}

// scriptFakes are the forge fakes one script started.
type scriptFakes struct {
	github *commenttest.GitHub
	gitlab *commenttest.GitLab
}

func fakesOf(ts *testscript.TestScript) *scriptFakes { return ts.Value(fakesKey{}).(*scriptFakes) }

// fakeForgeArgs reads a fake forge command's arguments: the repository or
// project, then one or more pull or merge request numbers.
func fakeForgeArgs(ts *testscript.TestScript, neg bool, args []string, usage string) (string, []int) {
	if neg || len(args) < 2 {
		ts.Fatalf("%s", usage)
	}
	var numbers []int
	for _, a := range args[1:] {
		n, err := strconv.Atoi(a)
		ts.Check(err)
		numbers = append(numbers, n)
	}
	return args[0], numbers
}

// fakeGitHub starts a fake GitHub holding repo's pull requests and sets
// GITHUB_API to its URL, GOOD_TOKEN and READONLY_TOKEN to its tokens:
//
//	fakegithub acme/stack 7
func fakeGitHub(ts *testscript.TestScript, neg bool, args []string) {
	repo, prs := fakeForgeArgs(ts, neg, args, "usage: fakegithub OWNER/NAME PR...")
	f := commenttest.NewGitHub(repo, prs...)
	ts.Defer(f.Close)
	fakesOf(ts).github = f
	ts.Setenv("GITHUB_API", f.URL+"/")
	ts.Setenv("GOOD_TOKEN", commenttest.Token)
	ts.Setenv("READONLY_TOKEN", commenttest.ReadOnlyToken)
}

// fakeGitLab starts a fake GitLab project (id 42) with merge requests and
// sets GITLAB_URL:
//
//	fakegitlab group/stack 3
func fakeGitLab(ts *testscript.TestScript, neg bool, args []string) {
	project, mrs := fakeForgeArgs(ts, neg, args, "usage: fakegitlab GROUP/PROJECT MR...")
	f := commenttest.NewGitLab(project, mrs...)
	ts.Defer(f.Close)
	fakesOf(ts).gitlab = f
	ts.Setenv("GITLAB_URL", f.URL)
	ts.Setenv("GOOD_TOKEN", commenttest.Token)
	ts.Setenv("READONLY_TOKEN", commenttest.ReadOnlyToken)
}

// countComments checks how many stackaudit comments a fake holds on a
// pull (github) or merge (gitlab) request, and that the newest contains
// a text:
//
//	comments github 7 1 'USD 48,000'
func countComments(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 3 {
		ts.Fatalf("usage: comments github|gitlab NUMBER COUNT [TEXT]")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	want, err := strconv.Atoi(args[2])
	ts.Check(err)
	var bodies []string
	switch args[0] {
	case "github":
		for _, c := range fakesOf(ts).github.Comments(n) {
			bodies = append(bodies, c.Body)
		}
	case "gitlab":
		for _, c := range fakesOf(ts).gitlab.Notes(n) {
			if !c.System {
				bodies = append(bodies, c.Body)
			}
		}
	default:
		ts.Fatalf("comments: unknown forge %q", args[0])
	}
	var ours []string
	for _, b := range bodies {
		if strings.HasPrefix(b, "<!-- stackaudit-comment valid-at=") {
			ours = append(ours, b)
		}
	}
	if len(ours) != want {
		ts.Fatalf("%d stackaudit comments, want %d", len(ours), want)
	}
	if len(args) > 3 && (len(ours) == 0 || !strings.Contains(ours[len(ours)-1], args[3])) {
		ts.Fatalf("the newest comment does not contain %q", args[3])
	}
}

// TestNoDiffMarkerAgrees: comment --skip-no-diff recognises what diff
// writes for a change that changes nothing.
func TestNoDiffMarkerAgrees(t *testing.T) {
	if report.NoDiffMarker != comment.NoDiffMarker {
		t.Fatalf("report.NoDiffMarker %q != comment.NoDiffMarker %q", report.NoDiffMarker, comment.NoDiffMarker)
	}
}

// bigFile writes a file of N x characters: bodies over a limit.
//
//	bigfile huge.md 70000
func bigFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: bigfile NAME N")
	}
	n, err := strconv.Atoi(args[1])
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Repeat("x", n)), 0o644))
}
