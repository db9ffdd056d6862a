package scanners

import (
	"context"
	"errors"
	"fmt"
)

// MaxPages bounds every pagination: far more than any real account needs,
// small enough that a broken API cannot keep a run going for hours.
const MaxPages = 100_000

// ErrCursorLoop is returned when an API hands out a page cursor it has
// already given: following it would never end.
var ErrCursorLoop = errors.New("the API returned a page cursor it had already returned")

// Paginate calls fetch with "" and then with each next cursor it returns,
// until a page has no next cursor. A repeated cursor is ErrCursorLoop, not a
// hang. Cursors never appear in errors (they may encode account data).
func Paginate(ctx context.Context, fetch func(ctx context.Context, cursor string) (next string, err error)) error {
	seen := map[string]struct{}{}
	cursor := ""
	for page := 1; ; page++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if page > MaxPages {
			return fmt.Errorf("stopped after %d pages", MaxPages)
		}
		next, err := fetch(ctx, cursor)
		if err != nil {
			return err
		}
		if next == "" {
			return nil
		}
		if _, dup := seen[next]; dup || next == cursor {
			return fmt.Errorf("page %d: %w", page, ErrCursorLoop)
		}
		seen[next] = struct{}{}
		cursor = next
	}
}

// PaginateCall is Paginate for one API call, named as the kind's errors
// name it ("hubspot: GET /settings/v3/users/"): a looping cursor's error
// says which call looped.
func PaginateCall(ctx context.Context, call string, fetch func(ctx context.Context, cursor string) (next string, err error)) error {
	err := Paginate(ctx, fetch)
	if errors.Is(err, ErrCursorLoop) {
		return fmt.Errorf("%s: %w", call, err)
	}
	return err
}
