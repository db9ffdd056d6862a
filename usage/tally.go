package usage

import (
	"sort"
	"time"
)

// Tally fills Active and
// LastActivity from Users, relative to asOf: a user is active in a window
// when their last activity falls in [asOf−days, asOf]. Users are sorted by
// id so that snapshots are stable.
func Tally(u *ToolUsage, asOf time.Time) {
	if u.Users == nil {
		u.Users = []User{}
	}
	sort.SliceStable(u.Users, func(i, j int) bool { return u.Users[i].ID < u.Users[j].ID })
	// An as-of date means the whole day: activity on it counts.
	end := asOf
	if end.Equal(end.Truncate(24 * time.Hour)) {
		end = end.Add(24*time.Hour - time.Nanosecond)
	}
	d30, d90 := asOf.AddDate(0, 0, -30), asOf.AddDate(0, 0, -90)
	u.Active, u.LastActivity = Active{}, nil
	for _, usr := range u.Users {
		la := usr.LastActive
		if la == nil {
			continue
		}
		if u.LastActivity == nil || la.After(*u.LastActivity) {
			t := *la
			u.LastActivity = &t
		}
		if la.After(end) {
			continue
		}
		if !la.Before(d90) {
			u.Active.D90++
		}
		if !la.Before(d30) {
			u.Active.D30++
		}
	}
}
