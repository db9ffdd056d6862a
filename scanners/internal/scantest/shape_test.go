package scantest

import (
	"encoding/json"
	"slices"
	"testing"
)

func TestShapeProblems(t *testing.T) {
	rec := []json.RawMessage{json.RawMessage(`{"id":"1","superAdmin":"false","profile":{"email":"a@x"},"lastLogin":null}`),
		json.RawMessage(`{"id":"2","superAdmin":true}`)}
	for _, tc := range []struct {
		sim  string
		want []string
	}{
		{sim: `{"id":"3","superAdmin":false,"profile":{"email":"b@x"},"lastLogin":"2026-11-19T00:00:00Z"}`},
		{sim: `{"id":3}`, want: []string{".id: a JSON number, which no recorded response has there"}},
		{sim: `{"id":"3","seats":[]}`, want: []string{".seats: not in any recorded response"}},
		{sim: `{"profile":{"email":"b@x","phone":"1"}}`, want: []string{".profile.phone: not in any recorded response"}},
	} {
		if got := ShapeProblems(json.RawMessage(tc.sim), rec...); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.sim, got, tc.want)
		}
	}
}
