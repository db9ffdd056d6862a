package scanners

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
)

// MaxPages bounds every pagination: far more than any real account needs,
// small enough that a broken API cannot keep a run going for hours.
const MaxPages = 100_000

// MaxCursor bounds a page cursor or next-page link, in bytes. Common
// servers refuse request lines over 8 KiB, so no real API hands out a
// longer one; a hostile one could otherwise make every page request, and
// whatever keeps the cursor, as large as a response body.
const MaxCursor = 8 << 10

// ErrCursorLoop is returned when an API hands out a page cursor it has
// already given: following it would never end.
var ErrCursorLoop = errors.New("the API returned a page cursor it had already returned")

// ErrCursorTooLong is returned when an API hands out a page cursor longer
// than MaxCursor.
var ErrCursorTooLong = fmt.Errorf("the API returned a page cursor longer than %d bytes", MaxCursor)

// Paginate calls fetch with "" and then with each next cursor it returns,
// until a page has no next cursor. A repeated cursor is ErrCursorLoop, not a
// hang; a cursor over MaxCursor bytes is ErrCursorTooLong; a scan whose
// users reached its cap (WithMaxUsers) stops with ErrUserCap before the
// next page. Only a hash of each cursor is kept, so loop detection costs
// 32 bytes a page whatever the cursors' size. Cursors never appear in
// errors (they may encode account data).
func Paginate(ctx context.Context, fetch func(ctx context.Context, cursor string) (next string, err error)) error {
	seen := map[[sha256.Size]byte]struct{}{}
	cursor := ""
	for page := 1; ; page++ {
		if err := ctx.Err(); err != nil {
			return stopped(ctx)
		}
		if page > MaxPages {
			return fmt.Errorf("stopped after %d pages", MaxPages)
		}
		next, err := fetch(ctx, cursor)
		if err != nil {
			return err
		}
		if err := UserCap(ctx); err != nil {
			return err
		}
		if next == "" {
			return nil
		}
		if len(next) > MaxCursor {
			return fmt.Errorf("page %d: %w (%d bytes)", page, ErrCursorTooLong, len(next))
		}
		h := sha256.Sum256([]byte(next))
		if _, dup := seen[h]; dup || next == cursor {
			return fmt.Errorf("page %d: %w", page, ErrCursorLoop)
		}
		seen[h] = struct{}{}
		cursor = next
	}
}

// PaginateCall is Paginate for one API call, named as the kind's errors
// name it ("hubspot: GET /settings/v3/users/"): a looping or oversized
// cursor's error, or the user cap's, says which call it was.
func PaginateCall(ctx context.Context, call string, fetch func(ctx context.Context, cursor string) (next string, err error)) error {
	err := Paginate(ctx, fetch)
	if errors.Is(err, ErrCursorLoop) || errors.Is(err, ErrCursorTooLong) || errors.Is(err, ErrUserCap) {
		return fmt.Errorf("%s: %w", call, err)
	}
	return err
}
