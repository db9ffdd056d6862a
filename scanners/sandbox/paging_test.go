package sandbox

import (
	"encoding/base64"
	"net/http/httptest"
	"slices"
	"testing"
)

func TestPageSize(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		v                     string
		def, maxSize, seedCap int
		want                  int
		wantOK                bool
	}{
		{"default", "", 100, 999, 0, 100, true},
		{"asked", "50", 100, 999, 0, 50, true},
		{"seed cap", "50", 100, 999, 20, 20, true},
		{"seed cap above the size", "50", 100, 999, 80, 50, true},
		{"above max", "1000", 100, 999, 0, 0, false},
		{"no max", "5000", 100, 0, 0, 5000, true},
		{"zero", "0", 100, 999, 0, 0, false},
		{"not a number", "ten", 100, 999, 0, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := PageSize(tc.v, tc.def, tc.maxSize, tc.seedCap)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("PageSize(%q, %d, %d, %d) = %d, %v; want %d, %v", tc.v, tc.def, tc.maxSize, tc.seedCap, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestCursorOffset(t *testing.T) {
	enc := base64.RawURLEncoding
	for _, tc := range []struct {
		name, cursor string
		want         int
		wantOK       bool
	}{
		{"first page", "", 0, true},
		{"round trip", Cursor(enc, "okta:", 40), 40, true},
		{"other prefix", Cursor(enc, "entra:", 40), 0, false},
		{"negative", enc.EncodeToString([]byte("okta:-1")), 0, false},
		{"prefix alone", enc.EncodeToString([]byte("okta:")), 0, false},
		{"not base64", "!!", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := CursorOffset(enc, tc.cursor, "okta:")
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("CursorOffset(%q) = %d, %v; want %d, %v", tc.cursor, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestMatchingAndNext(t *testing.T) {
	even := func(i int) bool { return i%2 == 0 }
	render := func(i int) any { return i }
	for _, tc := range []struct {
		name          string
		looping       bool
		n, offset     int
		wantItems     []any
		wantNext      int
		wantMore      bool
		wantNextTotal int // Next(offset, 2, n)
		wantMoreTotal bool
	}{
		{"first page", false, 10, 0, []any{0, 2}, 3, true, 2, true},
		{"last page", false, 10, 7, []any{8}, 10, false, 9, true},
		{"past the end", false, 10, 12, []any{}, 10, false, 14, false},
		{"looping cursor", true, 10, 7, []any{8}, 2, true, 2, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := New(nil, nil, Faults{LoopingCursor: tc.looping})
			items, next, more := s.Matching(tc.n, tc.offset, 2, even, render)
			if !slices.Equal(items, tc.wantItems) || next != tc.wantNext || more != tc.wantMore {
				t.Errorf("Matching = %v, %d, %v; want %v, %d, %v", items, next, more, tc.wantItems, tc.wantNext, tc.wantMore)
			}
			if next, more := s.Next(tc.offset, 2, tc.n); next != tc.wantNextTotal || more != tc.wantMoreTotal {
				t.Errorf("Next = %d, %v; want %d, %v", next, more, tc.wantNextTotal, tc.wantMoreTotal)
			}
		})
	}
}

func TestBearer(t *testing.T) {
	for _, tc := range []struct {
		name, header, token string
		want                bool
	}{
		{"match", "Bearer t1", "t1", true},
		{"other token", "Bearer t2", "t1", false},
		{"other scheme", "SSWS t1", "t1", false},
		{"seed without token", "Bearer ", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.Header.Set("Authorization", tc.header)
			if got := Bearer(r, tc.token); got != tc.want {
				t.Errorf("Bearer(%q, %q) = %v, want %v", tc.header, tc.token, got, tc.want)
			}
		})
	}
}

func TestSegments(t *testing.T) {
	if got := Segments("/api/v1/apps/0oa1/users", "/api/v1/"); !slices.Equal(got, []string{"apps", "0oa1", "users"}) {
		t.Errorf("Segments below the root = %q", got)
	}
	if got := Segments("/v2/apps", "/api/v1/"); got != nil {
		t.Errorf("Segments outside the root = %q, want nil", got)
	}
}
