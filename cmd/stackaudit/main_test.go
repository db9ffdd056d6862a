package main

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets testscript run the real CLI in-process as the
// `stackaudit` command of each script.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"stackaudit": func() { os.Exit(run(os.Args[1:], systemEnv())) },
	})
}

// TestScripts runs the CLI end-to-end scripts in testdata/script: every
// command, flag family and exit code, as a user sees them.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: false,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits": exits,
		},
		Setup: func(e *testscript.Env) error {
			// Scripts that need the examples copy them from here.
			e.Setenv("EXAMPLES", mustAbs(t, "../../examples"))
			return nil
		},
	})
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
