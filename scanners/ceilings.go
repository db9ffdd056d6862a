package scanners

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/stackaudit/stackaudit/internal/digits"
)

// DefaultMaxUsers is the per-tool user cap of a run that sets none
// (--max-users): ten times the largest tenant we know of, small enough
// that a vendor paging new users forever stops at a few hundred MB.
const DefaultMaxUsers = 1_000_000

// DefaultDeadline is how long a whole run may take (--deadline).
const DefaultDeadline = 30 * time.Minute

// ErrUserCap is returned when a scan reached its user cap: the vendor
// listed more users than the run keeps for one tool.
var ErrUserCap = errors.New("reached the user cap")

// ErrDeadline is the cause of a run stopped by its overall deadline. It
// is also a context.DeadlineExceeded (errors.Is).
var ErrDeadline error = deadlineError{}

type deadlineError struct{}

func (deadlineError) Error() string        { return "the run's deadline passed (--deadline)" }
func (deadlineError) Is(target error) bool { return target == context.DeadlineExceeded }

// userCeiling counts the users one tool's scan keeps.
type userCeiling struct {
	max  int64
	kept atomic.Int64
	over atomic.Bool
}

type ceilingKey struct{}

// WithMaxUsers returns ctx with a cap of max users for one tool's scan
// (Run sets one per tool). UserLists made with NewUserList(ctx) count
// against it, and Paginate stops with ErrUserCap before the page after
// the one that reached it. max <= 0 means DefaultMaxUsers.
func WithMaxUsers(ctx context.Context, max int) context.Context {
	if max <= 0 {
		max = DefaultMaxUsers
	}
	return context.WithValue(ctx, ceilingKey{}, &userCeiling{max: int64(max)})
}

func ceilingOf(ctx context.Context) *userCeiling {
	c, _ := ctx.Value(ceilingKey{}).(*userCeiling)
	return c
}

// MaxUsers is the user cap of the scan of ctx (DefaultMaxUsers when none
// was set).
func MaxUsers(ctx context.Context) int {
	if c := ceilingOf(ctx); c != nil {
		return int(c.max)
	}
	return DefaultMaxUsers
}

// KeepUser counts one more user kept by the scan of ctx. It returns
// ErrUserCap, and keeps failing, once the cap is reached: a kind that
// collects users its own way calls it for each, and drops the user on an
// error.
func KeepUser(ctx context.Context) error {
	if c := ceilingOf(ctx); c != nil {
		return c.keep()
	}
	return nil
}

func (c *userCeiling) keep() error {
	if c.kept.Add(1) > c.max {
		c.kept.Add(-1)
		c.over.Store(true)
		return capError(c.max)
	}
	return nil
}

// KeepUsers is KeepUser for n users at once: a kind that keeps a page's
// records as they come (and picks its seat holders from them later)
// counts each page's.
func KeepUsers(ctx context.Context, n int) error {
	for range n {
		if err := KeepUser(ctx); err != nil {
			return err
		}
	}
	return nil
}

// CheckUsers is ErrUserCap when n, the size of a table of users a kind
// keeps beside the ones it counts (a directory to look activity up in),
// is over the cap of the scan of ctx; it counts nothing.
func CheckUsers(ctx context.Context, n int) error {
	c := ceilingOf(ctx)
	if c == nil || int64(n) <= c.max {
		return nil
	}
	c.over.Store(true)
	return capError(c.max)
}

// UserCap is ErrUserCap when the scan of ctx tried to keep more users than
// its cap, else nil.
func UserCap(ctx context.Context) error {
	if c := ceilingOf(ctx); c != nil && c.over.Load() {
		return capError(c.max)
	}
	return nil
}

func capError(max int64) error {
	return fmt.Errorf("%w: stopped after %s users, the most one tool's scan keeps (raise it with --max-users)", ErrUserCap, digits.Int(max))
}

// stopped is why ctx is done: the run's deadline (ErrDeadline) when that
// is its cause, else ctx.Err().
func stopped(ctx context.Context) error {
	if c := context.Cause(ctx); c != nil {
		return c
	}
	return ctx.Err()
}

// WithDeadline bounds a whole run (--deadline): after d, ctx is done with
// a cause that wraps ErrDeadline and says d, so that each tool still
// running fails with it and keeps its last measured data.
func WithDeadline(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeoutCause(ctx, d, fmt.Errorf("%w after %s", ErrDeadline, d))
}

// deadlineErr is err, or why ctx stopped when that is the run's
// deadline: a call cut short by it then says so, not "context deadline
// exceeded".
func deadlineErr(ctx context.Context, err error) error {
	if c := context.Cause(ctx); c != nil && errors.Is(c, ErrDeadline) && !errors.Is(err, ErrDeadline) {
		return fmt.Errorf("%w (stopped during: %v)", c, err)
	}
	return err
}
