package httpjson

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// TestQueryTimeout: an expression that never ends is stopped by the
// per-page timeout with an error, not left to stall the run (the test
// would not end otherwise; how long it took is not asserted).
func TestQueryTimeout(t *testing.T) {
	t.Parallel()
	for _, src := range []string{"last(range(1e15))", "def f: f; f", "repeat(.) | empty"} {
		code, problem := compileQuery(src)
		if problem != "" {
			t.Fatal(problem)
		}
		err := runQuery(context.Background(), &query{name: "users", code: code}, map[string]any{}, 100*time.Millisecond,
			func(int, any) error { return nil }, "x.io: GET /u: page 1")
		if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "x.io: GET /u: page 1: the users expression ran longer than 100ms") {
			t.Errorf("%s: error %v", src, err)
		}
	}
}

// TestQuerySeesNoEnvironment: $ENV and env cannot read the scan's secrets.
func TestQuerySeesNoEnvironment(t *testing.T) {
	t.Setenv("HTTPJSON_TEST_SECRET", "s3cret")
	code, problem := compileQuery(`[$ENV.HTTPJSON_TEST_SECRET, env.HTTPJSON_TEST_SECRET]`)
	if problem != "" {
		t.Fatal(problem)
	}
	var got any
	err := runQuery(context.Background(), &query{name: "users", code: code}, nil, time.Second,
		func(_ int, v any) error { got = v; return nil }, "")
	if err != nil {
		t.Fatal(err)
	}
	if l, ok := got.([]any); !ok || len(l) != 2 || l[0] != nil || l[1] != nil {
		t.Errorf("the expression saw %v", got)
	}
}
