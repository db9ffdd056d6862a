package scim_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/scanners/scim"
	"github.com/stackaudit/stackaudit/usage"
)

func TestValidate(t *testing.T) {
	t.Parallel()
	scantest.Validate(t, scim.Spec(), []scantest.ValidateCase{
		{Name: "figma", TokenEnv: "T", Body: figmaURL, Want: nil},
		{Name: "trailing /Users is the same url", TokenEnv: "T", Body: `url = "https://miro.com/api/v1/scim/Users"`, Want: nil},
		{Name: "vendor attribute that is a sign-in", TokenEnv: "T", Body: figmaURL + "\n activity = \"urn:ietf:params:scim:schemas:extension:acme:2.0:User:lastLoginAt\"\n activity_is_sign_in = true", Want: nil},
		{Name: "no token_env", TokenEnv: "", Body: figmaURL, Want: []string{"Missing token_env"}},
		{Name: "no url", TokenEnv: "T", Body: `count = 50`, Want: []string{"Missing url setting"}},
		{Name: "http to another host", TokenEnv: "T", Body: `url = "http://www.figma.com/scim/v2/1"`, Want: []string{"Invalid url setting"}},
		{Name: "query in url", TokenEnv: "T", Body: `url = "https://miro.com/api/v1/scim?token=x"`, Want: []string{"Invalid url setting"}},
		{Name: "user in url", TokenEnv: "T", Body: `url = "https://a:b@miro.com/api/v1/scim"`, Want: []string{"Invalid url setting"}},
		{Name: "bad activity", TokenEnv: "T", Body: figmaURL + "\n activity = \"last login\"", Want: []string{"Invalid activity setting"}},
		{Name: "sign-in flag on lastModified", TokenEnv: "T", Body: figmaURL + "\n activity_is_sign_in = true", Want: []string{"activity_is_sign_in without an attribute"}},
		{Name: "count 0", TokenEnv: "T", Body: figmaURL + "\n count = 0", Want: []string{"Invalid count setting"}},
		{Name: "count not a number", TokenEnv: "T", Body: figmaURL + "\n count = \"ten\"", Want: []string{"Invalid count setting"}},
		{Name: "unknown setting", TokenEnv: "T", Body: figmaURL + "\n users = \".x\"", Want: []string{"Unsupported argument"}},
	})
}

// users are n active users whose records changed, and who last signed in,
// i days before the audit date (user i).
func users(n int) []scim.SandboxUser {
	var out []scim.SandboxUser
	for i := range n {
		at := scantest.AsOf().AddDate(0, 0, -i)
		out = append(out, scim.SandboxUser{ID: fmt.Sprintf("id-%03d", i), UserName: fmt.Sprintf("u%d@acme.example", i),
			LastModified: at, LastLogin: at.Add(-time.Hour)})
	}
	return out
}

// TestBadProviders: the providers the issue names, each against the
// simulator.
func TestBadProviders(t *testing.T) {
	t.Parallel()
	no, yes := false, true
	mixed := users(4)
	mixed[1].Active, mixed[2].Active = &no, &yes // 0 and 3 without active
	tests := []struct {
		name     string
		settings string
		seed     scim.SandboxSeed
		faults   sandbox.Faults
		users    int
		requests int
		err      error
		log      string
	}{
		{name: "ignores count: smaller pages", settings: "count = 10", seed: scim.SandboxSeed{Access: sandbox.Access{PageSize: 3}, Users: users(8)}, users: 8, requests: 3},
		{name: "ignores count: larger pages", settings: "count = 2", seed: scim.SandboxSeed{Access: sandbox.Access{PageSize: 5}, IgnoreCount: true, Users: users(12)}, users: 12, requests: 3},
		{name: "totalResults too low", settings: "count = 5", seed: scim.SandboxSeed{Access: sandbox.Access{PageSize: 5}, TotalResults: 5, Users: users(12)}, users: 12, requests: 3},
		{name: "totalResults too high", settings: "count = 5", seed: scim.SandboxSeed{Access: sandbox.Access{PageSize: 5}, TotalResults: 50, Users: users(7)}, users: 7, requests: 3,
			log: "totalResults is 50 but the list ended after 7 users"},
		{name: "exactly full: one more page to be sure", settings: "count = 4", seed: scim.SandboxSeed{Access: sandbox.Access{PageSize: 4}, Users: users(8)}, users: 8, requests: 3},
		{name: "the same page again", settings: "count = 2", seed: scim.SandboxSeed{Access: sandbox.Access{PageSize: 2}, Users: users(5)}, faults: sandbox.Faults{LoopingCursor: true},
			requests: 2, err: scanners.ErrCursorLoop},
		{name: "the last page again past the end is the end", settings: "count = 10", seed: scim.SandboxSeed{Access: sandbox.Access{PageSize: 10}, IgnoreCount: true, Users: users(10)},
			faults: sandbox.Faults{LoopingCursor: true}, users: 10, requests: 2},
		{name: "missing active counts as active, false does not", settings: "", seed: scim.SandboxSeed{Users: mixed}, users: 3, requests: 1},
		{name: "429 then success", settings: "", seed: scim.SandboxSeed{Users: users(3)}, faults: sandbox.Faults{Status429Times: 1, RetryAfter: "3"}, users: 3, requests: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := vendor()
			tt.seed.Token = goodToken
			r := v.Run(t, scantest.Setup{Seed: tt.seed, Faults: tt.faults, HCL: v.ToolHCL(figmaURL, tt.settings)})
			if tt.err != nil {
				if !errors.Is(r.Err, tt.err) {
					t.Fatalf("error %v, want %v", r.Err, tt.err)
				}
				scantest.ErrorContains(t, r.Err, "ignores startIndex", "page 2 (startIndex 3)")
			} else if r.Err != nil {
				t.Fatal(r.Err)
			} else if got := len(r.Usage.Users); got != tt.users || r.Usage.Seats.Assigned != tt.users {
				t.Errorf("%d users, %d assigned; want %d", got, r.Usage.Seats.Assigned, tt.users)
			}
			r.Calls(t, tt.requests)
			if tt.faults.RetryAfter != "" && (len(r.Waits) == 0 || r.Waits[0] != 3*time.Second) {
				t.Errorf("waits %v, want the Retry-After of 3s first", r.Waits)
			}
			if tt.log != "" && !strings.Contains(r.Log, tt.log) {
				t.Errorf("log %q, want %q", r.Log, tt.log)
			}
		})
	}
}

// TestRejected: 401 and 403 in the SCIM error schema say what to do.
func TestRejected(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		seed  scim.SandboxSeed
		token string
		want  []string
	}{
		{"401", scim.SandboxSeed{Access: sandbox.Access{Token: goodToken}}, canary, []string{"www.figma.com: GET /scim/scim/v2/1401286822445493852/Users: HTTP 401", "rejected the token in FIGMA_SCIM_TOKEN"}},
		{"403", scim.SandboxSeed{Access: sandbox.Access{Token: goodToken}, Disabled: true}, goodToken, []string{"HTTP 403", "may not list users", "plan may not include SCIM"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := vendor().Run(t, scantest.Setup{Seed: tt.seed, Token: tt.token})
			scantest.ErrorContains(t, r.Err, tt.want...)
			scantest.NotShown(t, r.Err, goodToken, canary, "startIndex=", "Authorization failure")
			r.Calls(t, 1)
		})
	}
}

// TestActivitySources: which attribute is read, and how the snapshot
// labels it.
func TestActivitySources(t *testing.T) {
	t.Parallel()
	asOf := scantest.AsOf()
	tests := []struct {
		name, settings string
		seed           []scim.SandboxUser
		source         string
		last           *time.Time
		err            string
	}{
		{"meta.lastModified by default", "", users(3), scim.SourceRecordModified, &asOf, ""},
		{"a vendor attribute", `activity = "` + scim.SandboxExtension + `:lastLoginAt"`, users(3), scim.SourceVendorAttribute, ptr(asOf.Add(-time.Hour)), ""},
		{"a vendor attribute that is a sign-in", `activity = "` + scim.SandboxExtension + `:lastLoginAt"` + "\n activity_is_sign_in = true", users(3), "", ptr(asOf.Add(-time.Hour)), ""},
		{"none", `activity = "none"`, users(3), "", nil, ""},
		{"no lastModified anywhere: seats only", "", []scim.SandboxUser{{ID: "a", UserName: "a@x.example"}}, "", nil, ""},
		{"a misspelt vendor attribute", `activity = "` + scim.SandboxExtension + `:lastLogin"`, users(3), "", nil, "no user has the attribute " + scim.SandboxExtension + ":lastLogin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := vendor()
			r := v.Run(t, scantest.Setup{Seed: scim.SandboxSeed{Access: sandbox.Access{Token: goodToken}, Users: tt.seed}, HCL: v.ToolHCL(figmaURL, tt.settings)})
			if tt.err != "" {
				scantest.ErrorContains(t, r.Err, tt.err)
				return
			}
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			usage.Tally(r.Usage, asOf)
			if r.Usage.ActivitySource != tt.source {
				t.Errorf("activity source %q, want %q", r.Usage.ActivitySource, tt.source)
			}
			if (r.Usage.LastActivity == nil) != (tt.last == nil) || tt.last != nil && !r.Usage.LastActivity.Equal(*tt.last) {
				t.Errorf("last activity %v, want %v", r.Usage.LastActivity, tt.last)
			}
		})
	}
}

// TestEndpoint: --endpoint moves the base URL's origin and keeps its path;
// the token goes there and nowhere else.
func TestEndpoint(t *testing.T) {
	t.Parallel()
	v := vendor()
	r := v.MustRun(t, scantest.Setup{Seed: scim.SandboxSeed{Access: sandbox.Access{Token: goodToken}, Users: users(2)}, Endpoint: "/scim/proxy"})
	if len(r.Requests) != 1 || r.Requests[0].Path != "/scim/proxy/scim/v2/1401286822445493852/Users" ||
		r.Requests[0].Header.Get("Authorization") != "Bearer "+goodToken {
		t.Errorf("requests %+v", r.Requests)
	}
}

func FuzzDecodeListResponse(f *testing.F) {
	for _, name := range []string{"rfc7644-list-response.json", "rfc7644-error-404.json", "slack-users-v2.json", "figma-users.json"} {
		f.Add(scantest.Recorded(f, name), "meta.lastModified")
	}
	f.Add([]byte(`{"totalResults":1,"Resources":[{"id":7,"active":"False","urn:x:y:User":{"a":{"b":1700000000000}}}]}`), "urn:x:y:User:a.b")
	f.Fuzz(func(t *testing.T, body []byte, activity string) {
		got, err := scim.DecodeListResponse(body, activity)
		if err != nil {
			if len(body) > 20 && strings.Contains(err.Error(), string(body)) {
				t.Fatalf("error quotes the body: %v", err)
			}
			return
		}
		for i, u := range got.Users {
			if u.ID == "" {
				t.Fatalf("user %d without an id accepted", i)
			}
			if u.LastActive != nil && u.LastActive.Location() != time.UTC {
				t.Fatalf("user %d: a date not in UTC", i)
			}
		}
		if got.TotalResults < 0 {
			t.Fatal("negative totalResults")
		}
	})
}
