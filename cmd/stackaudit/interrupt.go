package main

import (
	"context"
	"errors"
	"fmt"
	"os/signal"
	"syscall"

	"github.com/stackaudit/stackaudit/policies"
)

// exitInterrupted is the exit code of a check, audit, dashboard or diff
// stopped by Ctrl-C (SIGINT) or SIGTERM: 128 + SIGINT, what a shell
// reports for a process that Ctrl-C ended, so a CI log reads the same
// whether the signal arrived during a read or during evaluation. An
// interrupted scan keeps exit 3 (docs/scanners.md).
const exitInterrupted = 130

// interruptible returns a context that the first SIGINT or SIGTERM
// cancels. After that signal the default behaviour is restored, so that a
// second Ctrl-C ends at once a command busy with something that does not
// watch ctx.
func interruptible(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, stop := signal.NotifyContext(parent, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop()
	}()
	return ctx, stop
}

// interrupted reports an evaluation that ctx stopped, naming where, and
// returns its exit error; other errors are returned as they are.
func interrupted(e *env, ctx context.Context, err error, what string) error {
	var ie *policies.InterruptedError
	switch {
	case errors.As(err, &ie):
		fmt.Fprintf(e.stderr, "Interrupted while evaluating %s: %s.\n", ie.Rule, what)
	case err == nil && ctx.Err() != nil:
		fmt.Fprintf(e.stderr, "Interrupted: %s.\n", what)
	default:
		return err
	}
	return &exitError{exitInterrupted}
}
