package hubspot_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stackaudit/stackaudit/scanners/hubspot"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

const (
	goodToken = "pat-na1-sandbox-good-token"
	canary    = "pat-na1-CANARY-7f3e9c21d4b8"
)

// seed is a portal with n users; user i last logged in i days before
// asOf, plus a failed login that must not count.
func seed(n int) hubspot.SandboxSeed {
	s := hubspot.SandboxSeed{Access: sandbox.Access{Token: goodToken, PageSize: 100}}
	for i := range n {
		id := fmt.Sprint(1000 + i)
		s.Users = append(s.Users, hubspot.SandboxUser{ID: id, Email: fmt.Sprintf("u%d@acme.example", i)})
		s.Logins = append(s.Logins,
			hubspot.SandboxLogin{ID: "l" + id, UserID: 1000 + i, Email: fmt.Sprintf("u%d@acme.example", i),
				LoginAt: scantest.AsOf().AddDate(0, 0, -i), Succeeded: true},
			hubspot.SandboxLogin{ID: "f" + id, UserID: 1000 + i, LoginAt: scantest.AsOf(), Succeeded: false})
	}
	return s
}

// setup is one run of the scanner by vendor().Run: the seed is seed(150)
// unless the test gives one.
type setup = scantest.Setup

func TestScanHappyPathThreePages(t *testing.T) {
	r := vendor().MustRun(t, setup{Seed: seed(250)})
	if got := len(r.Usage.Users); got != 250 {
		t.Fatalf("users = %d, want 250", got)
	}
	pages := 0
	for _, q := range r.Served {
		if q.Path == "/settings/v3/users/" {
			pages++
		}
		if q.Authorization != "Bearer "+goodToken {
			t.Errorf("request %s without the bearer token", q.Path)
		}
	}
	if pages != 3 {
		t.Errorf("users pages = %d, want 3", pages)
	}
	scantest.Activity(t, r.Usage, scantest.AsOf(), usage.Active{D30: 31, D90: 91}, scantest.AsOf())
	// Users 0..29 logged in within [asOf-30d, asOf]: 31 users; 0..90: 91.
	if r.Usage.Seats.Assigned != 250 || r.Usage.Seats.Purchased != nil {
		t.Errorf("seats = %+v, want 250 assigned, purchased left to the inventory", r.Usage.Seats)
	}
}

// TestScanBadResponses: HubSpot's own answers (the generic ones are in
// TestConformance).
func TestScanBadResponses(t *testing.T) {
	vendor().Cases(t, []scantest.Case{
		{Name: "missing scope", WantCalls: 2, Setup: setup{Seed: func() hubspot.SandboxSeed {
			s := seed(3)
			s.Scopes = []string{hubspot.SandboxScopeUsers}
			return s
		}()}, WantErr: []string{"lacks the scope account-info.security.read"}},
		{Name: "403 missing the users scope", WantCalls: 1, Setup: setup{Seed: func() hubspot.SandboxSeed {
			s := seed(3)
			s.Scopes = []string{}
			return s
		}()}, WantErr: []string{"hubspot: GET /settings/v3/users/: HTTP 403 Forbidden", "HUBSPOT_TOKEN lacks the scope settings.users.read"},
			WantNot: []string{"logins = false"}}, // no help without the users scope
		// --endpoint hubspot=https://api.hubapi.com/crm/v3: HubSpot's own JSON 404.
		{Name: "404 wrong base path", WantCalls: 1, Setup: setup{Endpoint: "/hubspot/crm/v3"},
			WantErr: []string{"hubspot: GET /settings/v3/users/: HTTP 404 Not Found", "endpoint was not found", "/hubspot/crm/v3", "https://api.hubapi.com"}},
		// Credentials in an --endpoint URL stay out of the message.
		{Name: "404 with user info in the base URL", WantCalls: 1, Setup: setup{Endpoint: "http://alice:s3cret@{host}/hubspot/v1"},
			WantErr: []string{"endpoint was not found at http://127.0.0.1:", "/hubspot/v1;"}, WantNot: []string{"s3cret", "alice"}},
		// A base URL that is not HubSpot at all: a plain-text 404.
		{Name: "404 from another server", WantCalls: 1, Setup: setup{Endpoint: "/not-hubspot"},
			WantErr: []string{"hubspot: GET /settings/v3/users/: HTTP 404 Not Found", "endpoint was not found", "/not-hubspot"}},
	}, nil)
}

// TestScanRejectedTokenAdvice: a rejected token's error says how to make
// one (that it never shows the token is in TestConformance).
func TestScanRejectedTokenAdvice(t *testing.T) {
	r := vendor().Run(t, setup{Seed: seed(3), Token: canary})
	if r.Err == nil {
		t.Fatal("no error for a rejected token")
	}
	for _, want := range []string{"HTTP 401", "HUBSPOT_TOKEN", "private app", "settings.users.read", "account-info.security.read"} {
		if !strings.Contains(r.Err.Error(), want) {
			t.Errorf("error %q does not mention %q", r.Err, want)
		}
	}
}

func TestValidate(t *testing.T) {
	scantest.Validate(t, hubspot.Spec(), []scantest.ValidateCase{
		{Name: "ok", TokenEnv: "HUBSPOT_TOKEN"},
		{Name: "logins false", TokenEnv: "HUBSPOT_TOKEN", Body: "logins = false"},
		{Name: "missing token_env", Want: []string{"Missing token_env"}},
		{Name: "logins not bool", TokenEnv: "HUBSPOT_TOKEN", Body: `logins = "yes please"`, Want: []string{"Invalid logins setting"}},
		{Name: "unknown setting", TokenEnv: "HUBSPOT_TOKEN", Body: `portal = 42`, Want: []string{"Unsupported argument"}},
	})
}

func FuzzDecodeUsers(f *testing.F) {
	scantest.FuzzDecoder(f, scantest.InFewWords, hubspot.DecodeUsers, func(t *testing.T, p hubspot.Users) {
		scantest.Listed(t, p.Results, "results", func(u hubspot.APIUser) bool { return u.ID != "" }, "accepted a user without id")
	},
		`{"results":[{"id":"123","email":"a@x.com","roleId":"100","roleIds":["100"],"primaryTeamId":"101","secondaryTeamIds":["102"],"superAdmin":false}],"paging":{"next":{"after":"MTAw","link":"x"}}}`,
		`{"results":[]}`,
		`{"results":[{"id":"1","seatNames":["core"]}],"paging":{}}`,
		`{"results":null}`,
		`{"results":[{"id":1}]}`,
		`[`,
		`{"results":[{"id":"5432653","userId":876,"email":"p@x.com","loginAt":"2022-04-01T19:36:24.303Z","loginSucceeded":true}]}`,
	)
}

func FuzzDecodeLogins(f *testing.F) {
	scantest.FuzzDecoder(f, scantest.InFewWords, hubspot.DecodeLogins, func(t *testing.T, p hubspot.Logins) {
		if p.Results == nil {
			t.Fatal("accepted a page without a results list")
		}
	},
		`{"results":[{"id":"5432653","userId":876,"email":"p@x.com","loginAt":"2022-04-01T19:36:24.303Z","loginSucceeded":true,"ipAddress":"192.0.2.1"}],"paging":{"next":{"after":"MjAw","link":"x"}}}`,
		`{"results":[{"userId":"876","loginAt":"2022-04-01T19:36:24Z","loginSucceeded":false}]}`,
		`{"results":[{"userId":876.5}]}`,
		`{"results":[{"userId":true}]}`,
		`{"results":[{"loginAt":"yesterday"}]}`,
		`{"results":[]}`,
		`{"results":{}}`,
		`{"paging":{}}`,
		`{"results":[`,
	)
}
