package scim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

// TestSimulator: the simulated provider's answers, as RFC 7644 shapes
// them.
func TestSimulator(t *testing.T) {
	t.Parallel()
	no := false
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	seed := SandboxSeed{Token: "tok", PageSize: 2, Users: []SandboxUser{
		{ID: "a", UserName: "a@x.example", Email: "a@x.example", LastModified: at},
		{ID: "b", UserName: "b@x.example", Active: &no},
		{ID: "c", UserName: "c@x.example", LastLogin: at},
	}, Accounts: map[string][]SandboxUser{"/scim/v2/42": {{ID: "z", UserName: "z@x.example"}}}}
	sb := Simulator().New(seed, sandbox.Faults{})
	urls, stop, err := sb.Start(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	tests := []struct {
		path, auth string
		status     int
		field      string
		want       any
	}{
		{"/v2/Users", "Bearer tok", 200, "totalResults", 3.0},
		{"/v2/Users", "Bearer tok", 200, "itemsPerPage", 2.0},
		{"/v2/Users", "Bearer tok", 200, "schemas.0", listSchema},
		{"/v2/Users", "Bearer tok", 200, "Resources.0.meta.lastModified", "2026-11-01T09:00:00Z"},
		{"/v2/Users", "Bearer tok", 200, "Resources.0.emails.0.value", "a@x.example"},
		{"/v2/Users", "Bearer tok", 200, "Resources.1.active", false},
		{"/v2/Users?startIndex=3&count=5", "Bearer tok", 200, "Resources.0.id", "c"},
		{"/v2/Users?startIndex=3", "Bearer tok", 200, "Resources.0." + SandboxExtension + ".lastLoginAt", "2026-11-01T09:00:00Z"},
		{"/v2/Users?startIndex=0&count=1", "Bearer tok", 200, "startIndex", 1.0},
		{"/v2/Users?count=-4", "Bearer tok", 200, "itemsPerPage", 0.0},
		{"/v2/Users?startIndex=9", "Bearer tok", 200, "itemsPerPage", 0.0},
		{"/v2/Users?count=x", "Bearer tok", 400, "scimType", "invalidValue"},
		{"/scim/v2/42/Users", "Bearer tok", 200, "Resources.0.id", "z"},
		{"/v2/Users", "Bearer nope", 401, "status", "401"},
		{"/v2/Users", "", 401, "schemas.0", errorSchema},
		{"/v2/Groups", "Bearer tok", 404, "status", "404"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %s %s", tt.path, tt.auth, tt.field), func(t *testing.T) {
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, urls[Kind]+tt.path, nil)
			if tt.auth != "" {
				req.Header.Set("Authorization", tt.auth)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			var body any
			if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
			if got := dig(body, tt.field); got != tt.want {
				t.Errorf("%s = %v, want %v", tt.field, got, tt.want)
			}
		})
	}
}

// dig follows a dotted path of keys and list indexes; the URN key of an
// extension is one step.
func dig(v any, path string) any {
	for path != "" {
		key := path
		if strings.HasPrefix(path, SandboxExtension+".") {
			key, path = SandboxExtension, path[len(SandboxExtension)+1:]
		} else if i := strings.IndexByte(path, '.'); i >= 0 {
			key, path = path[:i], path[i+1:]
		} else {
			path = ""
		}
		switch x := v.(type) {
		case map[string]any:
			v = x[key]
		case []any:
			var i int
			if _, err := fmt.Sscan(key, &i); err != nil || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}
