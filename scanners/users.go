package scanners

import (
	"context"
	"time"

	"github.com/stackaudit/stackaudit/usage"
)

// UserList collects a scan's seat holders, each once, in the order the
// vendor first lists them (a list that changes between pages may repeat a
// user), with the latest activity seen for each. A list made with
// NewUserList counts against the scan's user cap (WithMaxUsers); the zero
// value, or one whose context has no cap, keeps at most DefaultMaxUsers.
type UserList struct {
	users   []usage.User
	byID    map[string]int
	ceiling *userCeiling
}

// NewUserList is an empty list that counts against the user cap of the
// scan of ctx: once the cap is reached, Add keeps no more users and
// Paginate stops before the next page with ErrUserCap.
func NewUserList(ctx context.Context) *UserList { return &UserList{ceiling: ceilingOf(ctx)} }

// Add adds u unless the list holds a user with its ID already or is at
// the scan's user cap, and reports whether it did.
func (l *UserList) Add(u usage.User) bool {
	if _, dup := l.byID[u.ID]; dup {
		return false
	}
	switch {
	case l.ceiling != nil:
		if l.ceiling.keep() != nil {
			return false
		}
	case len(l.users) >= DefaultMaxUsers:
		// No cap set (a test, a caller other than Run): the default's.
		return false
	}
	if l.byID == nil {
		l.byID = map[string]int{}
	}
	l.byID[u.ID] = len(l.users)
	l.users = append(l.users, u)
	return true
}

// SeenAt records activity of the user with id at t: LastActive keeps the
// latest. It reports false for an id not in the list (a user removed
// since, a bot), whose activity does not count.
func (l *UserList) SeenAt(id string, t time.Time) bool {
	i, ok := l.byID[id]
	if !ok {
		return false
	}
	if cur := l.users[i].LastActive; cur == nil || t.After(*cur) {
		l.users[i].LastActive = &t
	}
	return true
}

// Users returns the users so far: an empty list, not nil, when none.
func (l *UserList) Users() []usage.User {
	if l.users == nil {
		return []usage.User{}
	}
	return l.users
}
