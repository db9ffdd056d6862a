package scanners

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/usage"
)

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"", 0, false},
		{"3", 3 * time.Second, true},
		{" 0 ", 0, true},
		{"-1", 0, false},
		{"soon", 0, false},
		{"Fri, 20 Nov 2026 08:00:30 GMT", 30 * time.Second, true},
		{"Fri, 20 Nov 2026 07:00:00 GMT", 0, true}, // in the past: now
		{"99999999999999", time.Duration(1<<31) * time.Second, true},
	}
	for _, tt := range tests {
		got, ok := ParseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("ParseRetryAfter(%q) = %s, %v; want %s, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestTally(t *testing.T) {
	asOf := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { x := asOf.Add(d); return &x }
	day := 24 * time.Hour
	u := &usage.ToolUsage{Users: []usage.User{
		{ID: "e", LastActive: at(0)},                     // both
		{ID: "d", LastActive: at(-30 * day)},             // both: the window is inclusive
		{ID: "c", LastActive: at(-30*day - time.Second)}, // 90 only
		{ID: "b", LastActive: at(-90 * day)},             // 90 only
		{ID: "a", LastActive: at(-91 * day)},             // neither
		{ID: "f"},                                        // never
		{ID: "g", LastActive: at(time.Hour)},             // after as-of: outside the window
	}}
	usage.Tally(u, asOf)
	if u.Active != (usage.Active{D30: 2, D90: 4}) || u.Seats.Assigned != 0 { // the scanner's count stands, zero included
		t.Errorf("active %+v, assigned %d", u.Active, u.Seats.Assigned)
	}
	if !u.LastActivity.Equal(*at(time.Hour)) || u.Users[0].ID != "a" {
		t.Errorf("last activity %v, first user %s", u.LastActivity, u.Users[0].ID)
	}
}

func TestPaginate(t *testing.T) {
	tests := []struct {
		name    string
		pages   []string // next cursor returned for each call
		wantErr error
		calls   int
	}{
		{"one page", []string{""}, nil, 1},
		{"three pages", []string{"a", "b", ""}, nil, 3},
		{"same cursor again", []string{"a", "a"}, ErrCursorLoop, 2},
		{"cycle", []string{"a", "b", "a"}, ErrCursorLoop, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			err := Paginate(context.Background(), func(_ context.Context, _ string) (string, error) {
				calls++
				if calls > len(tt.pages) {
					return "", fmt.Errorf("called %d times", calls)
				}
				return tt.pages[calls-1], nil
			})
			if !errors.Is(err, tt.wantErr) || calls != tt.calls {
				t.Errorf("err %v, calls %d; want %v, %d", err, calls, tt.wantErr, tt.calls)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	if got := Redact("token abcdefgh rejected", "abcdefgh"); got != "token [redacted] rejected" {
		t.Error(got)
	}
}

func TestRateLimitReset(t *testing.T) {
	now := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	epoch := func(d time.Duration) string { return fmt.Sprint(now.Add(d).Unix()) }
	tests := []struct {
		name    string
		status  int // 0: the wait before the next request
		headers []string
		want    time.Duration
		ok      bool
	}{
		{"Okta 429, epoch seconds", 429, []string{"X-Rate-Limit-Reset", epoch(20 * time.Second)}, 21 * time.Second, true},
		{"Okta reset on a success is no wait", 200, []string{"X-Rate-Limit-Remaining", "0", "X-Rate-Limit-Reset", epoch(20 * time.Second)}, 0, false},
		{"Okta reset does not hold back the next call", 0, []string{"X-Rate-Limit-Remaining", "0", "X-Rate-Limit-Reset", epoch(20 * time.Second)}, 0, false},
		{"GitHub 403, no call left", 403, []string{"X-RateLimit-Remaining", "0", "X-RateLimit-Reset", epoch(20 * time.Second)}, 21 * time.Second, true},
		{"GitHub 429, no call left", 429, []string{"X-RateLimit-Remaining", "0", "X-RateLimit-Reset", epoch(20 * time.Second)}, 21 * time.Second, true},
		{"GitHub success with no call left holds back the next", 0, []string{"X-RateLimit-Remaining", "0", "X-RateLimit-Reset", epoch(20 * time.Second)}, 21 * time.Second, true},
		{"GitHub reset with calls left is no wait", 429, []string{"X-RateLimit-Remaining", "12", "X-RateLimit-Reset", epoch(20 * time.Second)}, 0, false},
		{"GitHub reset already passed", 403, []string{"X-RateLimit-Remaining", "0", "X-RateLimit-Reset", epoch(-time.Minute)}, time.Second, true},
		{"Segment 429, RFC 5322 date", 429, []string{"X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "Fri, 20 Nov 2026 08:00:30 GMT"}, 31 * time.Second, true},
		{"Segment 429, numeric zone", 429, []string{"X-RateLimit-Reset", "Fri, 20 Nov 2026 08:00:30 +0000"}, 31 * time.Second, true},
		{"Segment date on a success is no wait", 0, []string{"X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "Fri, 20 Nov 2026 08:00:30 GMT"}, 0, false},
		{"not an epoch: unknown meaning", 429, []string{"X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "60"}, 0, false},
		{"unreadable", 429, []string{"X-RateLimit-Reset", "soon"}, 0, false},
		{"another header", 429, []string{"X-Other", "1"}, 0, false},
	}
	for _, tt := range tests {
		h := http.Header{}
		for i := 0; i+1 < len(tt.headers); i += 2 {
			h.Set(tt.headers[i], tt.headers[i+1])
		}
		got, ok := rateLimitReset(tt.status, h, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: %s, %v; want %s, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

// TestTallyCountsTheAsOfDay: --as-of names a day, and activity during it
// counts as active.
func TestTallyCountsTheAsOfDay(t *testing.T) {
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	at := day.Add(15 * time.Hour)
	next := day.Add(25 * time.Hour)
	u := &usage.ToolUsage{Users: []usage.User{{ID: "a", LastActive: &at}, {ID: "b", LastActive: &next}}}
	usage.Tally(u, day)
	if u.Active.D30 != 1 || u.Active.D90 != 1 {
		t.Errorf("active %+v, want the as-of day counted and the next day not", u.Active)
	}
}
