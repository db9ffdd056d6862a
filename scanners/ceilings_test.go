package scanners_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/usage"
)

// TestPaginateCeilings: hostile cursors and a vendor listing new users
// forever end with a clear error after a bounded number of pages. The
// 8 MiB cursor and the user cap failed before (the first was followed, and
// every cursor kept whole; the second paged until MaxPages).
func TestPaginateCeilings(t *testing.T) {
	long := func(i int) string { return fmt.Sprintf("%0*d", scanners.MaxCursor, i) }
	tests := []struct {
		name     string
		maxUsers int
		next     func(call int) string // the cursor returned by call (from 1)
		perPage  int                   // new users added by each call
		want     error
		calls    int
		kept     int
	}{
		{name: "8 MiB cursor", next: func(int) string { return strings.Repeat("c", 8<<20) }, want: scanners.ErrCursorTooLong, calls: 1},
		{name: "cursor one byte over", next: func(int) string { return long(1) + "x" }, want: scanners.ErrCursorTooLong, calls: 1},
		{name: "cursors at the limit", next: func(call int) string {
			if call == 3 {
				return ""
			}
			return long(call)
		}, calls: 3},
		{name: "looping long cursors", next: func(call int) string { return long(call % 3) }, want: scanners.ErrCursorLoop, calls: 4},
		{name: "new users forever", maxUsers: 250, perPage: 100, next: func(call int) string { return fmt.Sprint(call) },
			want: scanners.ErrUserCap, calls: 3, kept: 250},
		{name: "exactly the cap", maxUsers: 300, perPage: 100, next: func(call int) string {
			if call == 3 {
				return ""
			}
			return fmt.Sprint(call)
		}, calls: 3, kept: 300},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			if tt.maxUsers > 0 {
				ctx = scanners.WithMaxUsers(ctx, tt.maxUsers)
			}
			users := scanners.NewUserList(ctx)
			calls := 0
			err := scanners.PaginateCall(ctx, "vendor: GET /users", func(ctx context.Context, _ string) (string, error) {
				calls++
				if calls > 10 {
					return "", errors.New("still paging after 10 pages")
				}
				for i := range tt.perPage {
					users.Add(usage.User{ID: fmt.Sprintf("%d-%d", calls, i)})
				}
				return tt.next(calls), nil
			})
			if !errors.Is(err, tt.want) || (err == nil) != (tt.want == nil) {
				t.Fatalf("error %v, want %v", err, tt.want)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "vendor: GET /users: ") {
				t.Errorf("error %q does not name the call", err)
			}
			if err != nil && strings.Contains(err.Error(), "ccccc") {
				t.Errorf("error shows the cursor: %.100s", err)
			}
			if calls != tt.calls {
				t.Errorf("%d calls, want %d", calls, tt.calls)
			}
			if got := len(users.Users()); got != tt.kept {
				t.Errorf("kept %d users, want %d", got, tt.kept)
			}
		})
	}
}

// TestPaginateStopsAtTheDeadline: a run whose deadline passed (injected
// through the context, no clock) stops paging with ErrDeadline, which
// still is a context.DeadlineExceeded.
func TestPaginateStopsAtTheDeadline(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	calls := 0
	err := scanners.Paginate(ctx, func(context.Context, string) (string, error) {
		calls++
		if calls == 2 {
			cancel(fmt.Errorf("%w after 30m0s", scanners.ErrDeadline))
		}
		return fmt.Sprint(calls), nil
	})
	if !errors.Is(err, scanners.ErrDeadline) || !errors.Is(err, context.DeadlineExceeded) || calls != 2 {
		t.Errorf("error %v after %d calls, want ErrDeadline after 2", err, calls)
	}
}

// many is a scanner that ignores the user cap: it returns n users.
type many struct{ n int }

func (many) Validate(*inventory.Scan) hcl.Diagnostics { return nil }
func (m many) Scan(context.Context, *inventory.Tool, scanners.Env) (*usage.ToolUsage, error) {
	u := &usage.ToolUsage{Seats: usage.Seats{Assigned: m.n}}
	for i := range m.n {
		u.Users = append(u.Users, usage.User{ID: fmt.Sprint(i)})
	}
	return u, nil
}

// stopper is a scanner whose scan makes the run's deadline pass (as the
// clock would) and then waits on its context, as a call in flight does.
type stopper struct{ cancel context.CancelCauseFunc }

func (stopper) Validate(*inventory.Scan) hcl.Diagnostics { return nil }
func (s stopper) Scan(ctx context.Context, _ *inventory.Tool, _ scanners.Env) (*usage.ToolUsage, error) {
	s.cancel(fmt.Errorf("%w after 30m0s", scanners.ErrDeadline))
	<-ctx.Done()
	return nil, fmt.Errorf("vendor: GET /users: %w", ctx.Err())
}

// TestRunCeilings: a tool over the user cap, a tool the deadline stopped
// mid-call and a tool the deadline stopped before it started fail with a
// clear error and keep their last measured data, as any failed tool does;
// the others are measured. The deadline is injected through the context.
func TestRunCeilings(t *testing.T) {
	measured := time.Date(2026, 10, 1, 6, 0, 0, 0, time.UTC)
	prev := &usage.Snapshot{Schema: usage.SnapshotSchema, TakenAt: measured, Tools: map[string]*usage.ToolUsage{
		"big":   {Scanner: "many", Status: usage.StatusOK, Seats: usage.Seats{Assigned: 3}, Users: []usage.User{{ID: "a"}, {ID: "b"}, {ID: "c"}}},
		"later": {Scanner: "few", Status: usage.StatusOK, Seats: usage.Seats{Assigned: 1}, Users: []usage.User{{ID: "z"}}},
	}}
	deadline := fmt.Errorf("%w after 30m0s", scanners.ErrDeadline)
	tests := []struct {
		tool, kind string
		scanner    func(cancel context.CancelCauseFunc) scanners.Scanner
		passed     bool // the deadline passed before the run
		status     string
		words      []string
		users      int
		carried    bool
	}{
		{"big", "many", func(context.CancelCauseFunc) scanners.Scanner { return many{n: 1001} }, false, usage.StatusError,
			[]string{"many: reached the user cap: stopped after 1,000 users", "--max-users"}, 3, true},
		{"small", "few", func(context.CancelCauseFunc) scanners.Scanner { return many{n: 1000} }, false, usage.StatusOK, nil, 1000, false},
		{"slow", "stops", func(c context.CancelCauseFunc) scanners.Scanner { return stopper{cancel: c} }, false, usage.StatusError,
			[]string{"the run's deadline passed (--deadline)", "after 30m0s", "vendor: GET /users"}, 0, false},
		{"later", "few", func(context.CancelCauseFunc) scanners.Scanner { return many{n: 2} }, true, usage.StatusError,
			[]string{"not scanned: the run's deadline passed (--deadline) after 30m0s"}, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.tool, func(t *testing.T) {
			inv := scantest.Load(t, tool(tt.tool, tt.kind, ""))
			ctx, cancel := context.WithCancelCause(context.Background())
			defer cancel(nil)
			if tt.passed {
				cancel(deadline)
			}
			snap, results := scanners.Run(ctx, inv, scanners.RunOptions{
				Scanners: map[string]scanners.Scanner{tt.kind: tt.scanner(cancel)},
				MaxUsers: 1000, AsOf: scantest.AsOf(), Previous: prev,
				Now: func() time.Time { return scantest.AsOf() },
			})
			r, u := results[0], snap.Tools[tt.tool]
			if r.Status != tt.status || u == nil {
				t.Fatalf("status %q (%v), want %q", r.Status, r.Err, tt.status)
			}
			for _, w := range tt.words {
				if r.Err == nil || !strings.Contains(r.Err.Error(), w) || !strings.Contains(u.Carried+u.Error, w) {
					t.Errorf("error %v (snapshot: %q), want it to contain %q", r.Err, u.Carried+u.Error, w)
				}
			}
			if len(u.Users) != tt.users || (u.Carried != "") != tt.carried {
				t.Errorf("%d users, carried %q; want %d users, carried %v", len(u.Users), u.Carried, tt.users, tt.carried)
			}
		})
	}
}

// TestRunRefusesUnreadableData: a tool whose data the snapshot reader
// would refuse fails alone instead of making a snapshot nobody can read.
func TestRunRefusesUnreadableData(t *testing.T) {
	inv := scantest.Load(t, tool("future", "future", "")+tool("fine", "few", ""))
	snap, results := scanners.Run(context.Background(), inv, scanners.RunOptions{
		Scanners: map[string]scanners.Scanner{"future": futureScanner{}, "few": many{n: 2}},
		AsOf:     scantest.AsOf(), Now: func() time.Time { return scantest.AsOf() },
	})
	for _, r := range results {
		bad := r.Tool == "future"
		if (r.Status == usage.StatusError) != bad || bad && (r.Err == nil || !strings.Contains(r.Err.Error(), "would not be readable")) {
			t.Errorf("%s: %s %v", r.Tool, r.Status, r.Err)
		}
	}
	if err := snap.Check(); err != nil {
		t.Errorf("the snapshot would be refused: %v", err)
	}
}

type futureScanner struct{}

func (futureScanner) Validate(*inventory.Scan) hcl.Diagnostics { return nil }
func (futureScanner) Scan(context.Context, *inventory.Tool, scanners.Env) (*usage.ToolUsage, error) {
	at := scantest.AsOf().AddDate(3, 0, 0)
	return &usage.ToolUsage{Seats: usage.Seats{Assigned: 1}, Users: []usage.User{{ID: "u", LastActive: &at}}}, nil
}
