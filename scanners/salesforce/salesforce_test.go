package salesforce_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/salesforce"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

const (
	goodToken = "00D5g000004SANDBOX!AQ4AQGoodTokenForTheSimulator"
	canary    = "00D5g000004CANARY!AQ4AQ7f3e9c21d4b8"
)

// seed is an org with n active standard users holding the Salesforce
// licence (user i last logged in i days before asOf), 3 active Platform
// users who never logged in, 1 standard user on a disabled licence, 2
// deactivated users, and an AutomatedProcess, a Guest and a CsnOnly user.
// Counted by default (the CRM licence only): n users on 300 purchased
// seats.
func seed(n int) salesforce.SandboxSeed {
	s := salesforce.SandboxSeed{Access: sandbox.Access{Token: goodToken, PageSize: 100}, Licenses: []salesforce.SandboxLicense{
		{Name: "Salesforce", Total: 300, Used: n + 2},
		{Name: "Salesforce Platform", MasterLabel: "Lightning Platform", Total: 10, Used: 3},
		{Name: "Legacy Portal", Status: "Disabled", Total: 50, Used: 1},
		{Name: "Guest User License", Total: 25, Used: 1},
		{Name: "Chatter Free", Total: 5000, Used: 1},
	}}
	for i := range n {
		s.Users = append(s.Users, salesforce.SandboxUser{ID: fmt.Sprintf("005%012dAAA", i), Username: fmt.Sprintf("u%d@acme.example", i),
			Email: fmt.Sprintf("u%d@acme.example", i), IsActive: true, LastLogin: scantest.AsOf().AddDate(0, 0, -i), License: "Salesforce"})
	}
	for i := range 3 {
		s.Users = append(s.Users, salesforce.SandboxUser{ID: fmt.Sprintf("005P%011dAA", i), Email: fmt.Sprintf("p%d@acme.example", i),
			IsActive: true, License: "Salesforce Platform"})
	}
	s.Users = append(s.Users,
		salesforce.SandboxUser{ID: "005LEGACY000001AAA", Email: "legacy@acme.example", IsActive: true, UserType: "Standard", License: "Legacy Portal"},
		salesforce.SandboxUser{ID: "005GONE00000001AAA", Email: "gone1@acme.example", IsActive: false, LastLogin: scantest.AsOf(), License: "Salesforce"},
		salesforce.SandboxUser{ID: "005GONE00000002AAA", Email: "gone2@acme.example", IsActive: false, LastLogin: scantest.AsOf(), License: "Salesforce"},
		salesforce.SandboxUser{ID: "005AUTOPROC0001AAA", Username: "autoproc@00d5g.example", IsActive: true, UserType: "AutomatedProcess", LastLogin: scantest.AsOf()},
		salesforce.SandboxUser{ID: "005GUEST0000001AAA", Email: "guest@acme.example", IsActive: true, UserType: "Guest", License: "Guest User License", LastLogin: scantest.AsOf()},
		salesforce.SandboxUser{ID: "005CHATTER00001AAA", Email: "chatter@acme.example", IsActive: true, UserType: "CsnOnly", License: "Chatter Free", LastLogin: scantest.AsOf()},
	)
	return s
}

// setup is one run of the scanner by vendor().Run: the seed is seed(150)
// unless the test gives one.
type setup = scantest.Setup

func TestScanHappyPathThreePages(t *testing.T) {
	// 257 active users (250 + 3 + 1 + 3 others): 3 batches of 100.
	r := vendor().MustRun(t, setup{Seed: seed(250)})
	if got := len(r.Usage.Users); got != 250 {
		t.Fatalf("users = %d, want 250 (the Platform and Legacy Portal users hold no CRM seat)", got)
	}
	var paths []string
	for _, q := range r.Served {
		paths = append(paths, q.Path)
		if q.Authorization != "Bearer "+goodToken {
			t.Errorf("request %s without the bearer token", q.Path)
		}
	}
	want := []string{"/services/data/v66.0/query", "/services/data/v66.0/query",
		"/services/data/v66.0/query/01gUT00000477-100", "/services/data/v66.0/query/01gUT00000477-200"}
	if !slices.Equal(paths, want) {
		t.Errorf("requests %q\nwant %q", paths, want)
	}
	for _, u := range r.Usage.Users {
		for _, out := range []string{"GONE", "AUTOPROC", "GUEST", "CHATTER"} {
			if strings.Contains(u.ID, out) {
				t.Errorf("user %s should have been left out", u.ID)
			}
		}
	}
	u5 := r.Usage.Users[5]
	if u5.ID != "005000000000005AAA" || u5.Email != "u5@acme.example" || u5.LastActive == nil ||
		!u5.LastActive.Equal(scantest.AsOf().AddDate(0, 0, -5)) || u5.LastActive.Location() != time.UTC {
		t.Errorf("user 5 = %+v (last active %v)", u5, u5.LastActive)
	}
	scantest.Activity(t, r.Usage, scantest.AsOf(), usage.Active{D30: 31, D90: 91}, scantest.AsOf())
	if r.Usage.Seats.Assigned != 250 || r.Usage.Seats.Purchased == nil || *r.Usage.Seats.Purchased != 300 {
		t.Errorf("seats = %+v, want 250 assigned of 300 purchased (the Salesforce licence only)", r.Usage.Seats)
	}
}

func TestScanLicensesSetting(t *testing.T) {
	tests := []struct {
		settings  string
		users     int
		purchased int
		wantErr   []string
	}{
		{settings: `licenses = ["Salesforce"]`, users: 20, purchased: 300},
		{settings: `licenses = ["salesforce platform"]`, users: 3, purchased: 10},
		{settings: `licenses = ["Lightning Platform"]`, users: 3, purchased: 10}, // the MasterLabel
		{settings: `licenses = ["Salesforce", "Legacy Portal"]`, users: 21, purchased: 300},
		{settings: `licenses = ["Legacy Portal"]`, users: 1, purchased: 0}, // disabled: no seats
		{settings: `licenses = ["Salesforce", "Sales Cloud"]`, wantErr: []string{
			`salesforce: the licenses setting names "Sales Cloud", which is not a user licence of this org`,
			`"Chatter Free", "Guest User License", "Legacy Portal", "Salesforce", "Salesforce Platform"`}},
	}
	for _, tt := range tests {
		t.Run(tt.settings, func(t *testing.T) {
			t.Parallel()
			r := vendor().Run(t, setup{Seed: seed(20), Settings: tt.settings})
			if len(tt.wantErr) > 0 {
				scantest.ErrorContains(t, r.Err, tt.wantErr...)
				if len(r.Served) != 1 {
					t.Errorf("%d requests, want only the licence query", len(r.Served))
				}
				return
			}
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			got := r.Usage.Seats
			if len(r.Usage.Users) != tt.users || got.Assigned != tt.users || got.Purchased == nil || *got.Purchased != tt.purchased {
				t.Errorf("%d users, seats %+v; want %d assigned of %d", len(r.Usage.Users), got, tt.users, tt.purchased)
			}
		})
	}
}

// TestScanBadResponses: Salesforce's own answers (the generic ones are in
// TestConformance).
func TestScanBadResponses(t *testing.T) {
	const q = "salesforce: GET /services/data/v66.0/query"
	// WantCalls: the requests the sandbox received (157 active users: 1 licence batch and 2 user batches).
	vendor().Cases(t, []scantest.Case{
		{Name: "429 forever", WantCalls: 4, Setup: setup{Faults: sandbox.Faults{Status429Times: 100}},
			WantErr: []string{q + ": HTTP 429 Too Many Requests (after 4 attempts) (REQUEST_LIMIT_EXCEEDED): still rate limited after retries (15000 of 15000 daily calls used)"}},
		{Name: "401 rejected token", WantCalls: 1, Setup: setup{Token: canary},
			WantErr: []string{q + ": HTTP 401 Unauthorized (INVALID_SESSION_ID): session expired or invalid: refresh the token in SALESFORCE_TOKEN",
				"sf org display", "client_credentials", "jwt_bearer"}},
		{Name: "403 token without the api scope", WantCalls: 1, Setup: setup{Seed: func() salesforce.SandboxSeed {
			s := seed(3)
			s.Scopes = []string{"refresh_token", "chatter_api"}
			return s
		}()}, WantErr: []string{q + ": HTTP 403 Forbidden (INVALID_SESSION_ID): the token in SALESFORCE_TOKEN lacks the OAuth scope api"}},
		{Name: "403 API disabled", WantCalls: 1, Setup: setup{Seed: func() salesforce.SandboxSeed {
			s := seed(3)
			s.APIDisabled = true
			return s
		}()}, WantErr: []string{"HTTP 403 Forbidden (API_DISABLED_FOR_ORG)", "give the user the permission API Enabled"}},
		{Name: "403 no access to UserLicense", WantCalls: 1, Setup: setup{Seed: func() salesforce.SandboxSeed {
			s := seed(3)
			s.NoSetupAccess = true
			return s
		}()}, WantErr: []string{"HTTP 403 Forbidden (INSUFFICIENT_ACCESS)", "may not read UserLicense", "View Setup and Configuration"}},
		{Name: "404 unknown API version", WantCalls: 1, Setup: setup{Settings: `api_version = "v99.0"`},
			WantErr: []string{"salesforce: GET /services/data/v99.0/query: HTTP 404 Not Found (NOT_FOUND): this host has no REST API v99.0", "api_version"}},
		{Name: "older API version", WantCalls: 3, Setup: setup{Settings: `api_version = "v58.0"`}},
		{Name: "malformed JSON names the query", WantCalls: 1, Setup: setup{Faults: sandbox.Faults{MalformedJSON: true}},
			WantErr: []string{q + " (UserLicense query): invalid JSON response"}},
		{Name: "looping cursor names the query", WantCalls: 2, Setup: setup{Faults: sandbox.Faults{LoopingCursor: true}},
			WantErr: []string{q + "/… (UserLicense query): page 2"}},
	}, func(t *testing.T, c scantest.Case, r scantest.Result) {
		sd, ok := c.Seed.(salesforce.SandboxSeed)
		if !ok {
			sd = seed(150)
		}
		if n := len(sd.Users) - 9; len(c.WantErr) == 0 && len(r.Usage.Users) != n {
			t.Errorf("users = %d, want %d", len(r.Usage.Users), n)
		}
	})
}

func cannedOrg(t *testing.T, status int, header http.Header, userBatch string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		if strings.Contains(r.URL.Query().Get("q"), "FROM UserLicense") {
			fmt.Fprint(w, `{"totalSize":1,"done":true,"records":[{"attributes":{"type":"UserLicense"},"Id":"100x","Name":"Salesforce","MasterLabel":"Salesforce","Status":"Active","TotalLicenses":40,"UsedLicenses":2}]}`)
			return
		}
		for k, v := range header {
			w.Header()[k] = v
		}
		w.WriteHeader(status)
		fmt.Fprint(w, userBatch)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestScanVendorAnswers(t *testing.T) {
	const q = "salesforce: GET /services/data/v66.0/query"
	limitInfo := http.Header{"Sforce-Limit-Info": {"api-usage=5001/5000"}}
	tests := []struct {
		name    string
		status  int
		header  http.Header
		body    string
		wantErr []string
		users   int
	}{
		{name: "MALFORMED_QUERY", status: 400, body: `[{"message":"unexpected token: 'FROM'","errorCode":"MALFORMED_QUERY"}]`,
			wantErr: []string{q + ": HTTP 400 Bad Request (MALFORMED_QUERY): Salesforce refused the User query", "api_version v66.0"}},
		{name: "INVALID_FIELD", status: 400, body: `[{"message":"No such column 'UserType' on entity 'User'.","errorCode":"INVALID_FIELD"}]`,
			wantErr: []string{"HTTP 400 Bad Request (INVALID_FIELD): Salesforce refused the User query"}},
		{name: "INVALID_TYPE", status: 400, body: `[{"message":"sObject type 'User' is not supported.","errorCode":"INVALID_TYPE"}]`,
			wantErr: []string{"(INVALID_TYPE): Salesforce hides User from the user behind the token in SALESFORCE_TOKEN", "View Setup and Configuration"}},
		{name: "daily limit spent", status: 403, header: limitInfo, body: `[{"message":"TotalRequests Limit exceeded.","errorCode":"REQUEST_LIMIT_EXCEEDED"}]`,
			wantErr: []string{"HTTP 403 Forbidden (REQUEST_LIMIT_EXCEEDED): the org has used up its API request allowance (5001 of 5000 daily calls used)"}},
		{name: "insufficient access", status: 403, body: `[{"message":"Insufficient Privileges","errorCode":"INSUFFICIENT_ACCESS"}]`,
			wantErr: []string{"may not read User; give the user the permission View Setup and Configuration"}},
		{name: "error code that is not a code", status: 400, body: `[{"message":"x","errorCode":"<script>alert(1)</script>"}]`,
			wantErr: []string{"HTTP 400 Bad Request (?)"}},
		{name: "401 with an HTML body", status: 401, body: `<html>Session expired</html>`,
			wantErr: []string{q + ": HTTP 401 Unauthorized: Salesforce rejected the token in SALESFORCE_TOKEN"}},
		{name: "error list with status 200", status: 200, body: `[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`,
			wantErr: []string{q + " (User query): invalid response: not a query result object"}},
		{name: "no records", status: 200, body: `{"totalSize":0,"done":true}`, wantErr: []string{"invalid response: no records list"}},
		{name: "no done flag", status: 200, body: `{"totalSize":0,"records":[]}`, wantErr: []string{"invalid response: no done flag"}},
		{name: "not done without next", status: 200, body: `{"totalSize":5,"done":false,"records":[]}`,
			wantErr: []string{"invalid response: done is false but there is no nextRecordsUrl"}},
		{name: "record without Id", status: 200, body: `{"totalSize":1,"done":true,"records":[{"Username":"a@x.com"}]}`,
			wantErr: []string{"invalid response: records[0] has no Id"}},
		{name: "unreadable LastLoginDate", status: 200, body: `{"totalSize":1,"done":true,"records":[{"Id":"005a","LastLoginDate":"20 May 2013"}]}`,
			wantErr: []string{q + " (User query): invalid response: records[0].LastLoginDate is not a date and time"}},
		{name: "wrong field type", status: 200, body: `{"totalSize":1,"done":true,"records":[{"Id":5}]}`,
			wantErr: []string{"invalid response: field records.Id is a JSON number, want string"}},
		{name: "null relationships and dates", status: 200,
			body:  `{"totalSize":2,"done":true,"records":[{"Id":"005a","IsActive":true,"UserType":"Standard","LastLoginDate":null,"Profile":null},{"Id":"005b","IsActive":true,"UserType":"Standard","LastLoginDate":"2026-11-19T23:30:00.000-0100","Profile":{"UserLicense":null}}]}`,
			users: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := vendor().Run(t, setup{Seed: seed(1), Endpoint: cannedOrg(t, tt.status, tt.header, tt.body)})
			if len(tt.wantErr) == 0 {
				if r.Err != nil {
					t.Fatal(r.Err)
				}
				if len(r.Usage.Users) != tt.users {
					t.Errorf("users = %+v", r.Usage.Users)
				}
				// Users whose licence is hidden count, on the CRM licence's
				// seats.
				if r.Usage.Seats.Purchased == nil || *r.Usage.Seats.Purchased != 40 {
					t.Errorf("purchased = %v, want 40", r.Usage.Seats.Purchased)
				}
				if at := r.Usage.Users[1].LastActive; at == nil || !at.Equal(scantest.AsOf().Add(30*time.Minute)) {
					t.Errorf("last active = %v, want %v", at, scantest.AsOf().Add(30*time.Minute))
				}
				return
			}
			scantest.ErrorContains(t, r.Err, tt.wantErr...)
			vendor().NoSecrets(t, r)
			if strings.Contains(r.Err.Error(), "<script>") || strings.Contains(r.Err.Error(), "Insufficient Privileges") {
				t.Errorf("error quotes the vendor's text: %v", r.Err)
			}
		})
	}
}

// TestNextRecordsURLToAnotherHostRefused: a nextRecordsUrl is followed
// with the token only on the org's own host.
func TestNextRecordsURLToAnotherHostRefused(t *testing.T) {
	var mu sync.Mutex
	var stolen []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		stolen = append(stolen, r.Header.Get("Authorization"))
		mu.Unlock()
		fmt.Fprint(w, `{"totalSize":0,"done":true,"records":[]}`)
	}))
	defer other.Close()
	otherHost := strings.TrimPrefix(other.URL, "http://")
	for _, next := range []string{
		other.URL + "/services/data/v66.0/query/01gSECRET-1",
		"//" + otherHost + "/services/data/v66.0/query/01gSECRET-1",
	} {
		t.Run(next, func(t *testing.T) {
			body := fmt.Sprintf(`{"totalSize":2,"done":false,"nextRecordsUrl":%q,"records":[{"Id":"005a","UserType":"Standard"}]}`, next)
			r := vendor().Run(t, setup{Seed: seed(1), Endpoint: cannedOrg(t, 200, nil, body)})
			want := "salesforce: GET /services/data/v66.0/query/…: the API pointed to another host (" + otherHost + "); the token is only sent to 127.0.0.1:"
			if r.Err == nil || !strings.Contains(r.Err.Error(), want) {
				t.Errorf("error = %v\nwant it to contain %q", r.Err, want)
			}
			if r.Err != nil && strings.Contains(r.Err.Error(), "01gSECRET") {
				t.Errorf("error shows the query locator: %v", r.Err)
			}
		})
	}
	mu.Lock()
	defer mu.Unlock()
	if len(stolen) != 0 {
		t.Errorf("the other host received %d requests", len(stolen))
	}
}

func TestScanNeedsHost(t *testing.T) {
	inv := scantest.Load(t, `
tool "salesforce" {
  category = "crm"
  scan "salesforce" {
    token_env = "SALESFORCE_TOKEN"
  }
}
`)
	env := scanners.Env{Getenv: func(string) string { return goodToken }, HTTP: scantest.Fast()}
	_, err := salesforce.New().Scan(context.Background(), inv.Tool("salesforce"), env)
	if err == nil || !strings.Contains(err.Error(), `add host = "acme.my.salesforce.com"`) {
		t.Errorf("error = %v", err)
	}
}

// TestRunThroughEndpoint scans through scanners.Run with --endpoint, as
// the scan command does.
func TestRunThroughEndpoint(t *testing.T) {
	sb := salesforce.Simulator().New(seed(40), sandbox.Faults{})
	urls := scantest.Serve(t, sb)
	inv := scantest.Load(t, vendor().ToolHCL(`licenses = ["Salesforce"]`))
	snap, results := scanners.Run(context.Background(), inv, scanners.RunOptions{
		Scanners:  map[string]scanners.Scanner{salesforce.Kind: salesforce.New()},
		AsOf:      scantest.AsOf(),
		Getenv:    func(k string) string { return map[string]string{"SALESFORCE_TOKEN": goodToken}[k] },
		Endpoints: map[string]string{salesforce.Kind: urls["salesforce"]},
		HTTP:      scantest.Fast(),
	})
	if len(results) != 1 || results[0].Err != nil {
		t.Fatalf("results = %+v", results)
	}
	u := snap.Tools["salesforce"]
	if u.Status != usage.StatusOK || u.Seats.Assigned != 40 || u.Seats.Purchased == nil || *u.Seats.Purchased != 300 || u.Active.D30 != 31 {
		t.Errorf("usage = %+v", u)
	}
}

func TestParseDateTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2013-05-20T20:49:32.000+0000", time.Date(2013, 5, 20, 20, 49, 32, 0, time.UTC), true},
		{"2013-05-20T20:49:32.250-0230", time.Date(2013, 5, 20, 23, 19, 32, 250e6, time.UTC), true},
		{"2013-05-20T20:49:32Z", time.Date(2013, 5, 20, 20, 49, 32, 0, time.UTC), true},
		{"2013-05-20T20:49:32+02:00", time.Date(2013, 5, 20, 18, 49, 32, 0, time.UTC), true},
		{"2013-05-20", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := salesforce.ParseDateTime(tt.in)
		if ok != tt.ok || !got.Equal(tt.want) || (ok && got.Location() != time.UTC) {
			t.Errorf("ParseDateTime(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name, body, tokenEnv string
		noHost               bool
		want                 []string
	}{
		{name: "ok", tokenEnv: "SALESFORCE_TOKEN"},
		{name: "missing host", tokenEnv: "SALESFORCE_TOKEN", noHost: true, want: []string{"Missing host"}},
		{name: "api_version", tokenEnv: "SALESFORCE_TOKEN", body: `api_version = "v60.0"`},
		{name: "licenses", tokenEnv: "SALESFORCE_TOKEN", body: `licenses = ["Salesforce", "Salesforce Platform"]`},
		{name: "missing token_env", want: []string{"Missing token_env"}},
		{name: "api_version without v", tokenEnv: "SALESFORCE_TOKEN", body: `api_version = "66.0"`, want: []string{"Invalid api_version setting"}},
		{name: "api_version without minor", tokenEnv: "SALESFORCE_TOKEN", body: `api_version = "v66"`, want: []string{"Invalid api_version setting"}},
		{name: "api_version a number", tokenEnv: "SALESFORCE_TOKEN", body: `api_version = 66.0`, want: []string{"Invalid api_version setting"}},
		{name: "licenses a string", tokenEnv: "SALESFORCE_TOKEN", body: `licenses = "Salesforce"`, want: []string{"Invalid licenses setting"}},
		{name: "licenses empty", tokenEnv: "SALESFORCE_TOKEN", body: `licenses = []`, want: []string{"Invalid licenses setting"}},
		{name: "licenses with blanks", tokenEnv: "SALESFORCE_TOKEN", body: `licenses = ["Salesforce", " ", 3]`,
			want: []string{"Invalid licenses setting", "Invalid licenses setting"}},
		{name: "unknown setting", tokenEnv: "SALESFORCE_TOKEN", body: `instance = "na1"`, want: []string{"Unsupported argument"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := tt.body
			if !tt.noHost {
				body = "host = \"acme.my.salesforce.com\"\n" + body
			}
			got := scantest.ValidateErrors(t, salesforce.Spec(), tt.tokenEnv, body)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("diagnostics %q, want %q", got, tt.want)
			}
		})
	}
}

// TestValidateDetails: the diagnostics point at the wrong entry and say
// how to fix it.
func TestValidateDetails(t *testing.T) {
	inv := scantest.Load(t, `tool "t" {
  category = "crm"
  scan "salesforce" {
    host        = "acme.my.salesforce.com"
    token_env   = "SALESFORCE_TOKEN"
    api_version = "66.0"
    licenses    = ["Salesforce", ""]
  }
}
`)
	diags := salesforce.New().Validate(inv.Tool("t").Scan)
	if len(diags) != 2 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if !strings.Contains(diags[0].Detail, `Did you mean "v66.0"?`) || diags[0].Subject.Start.Line != 6 {
		t.Errorf("api_version diagnostic: %s at %v", diags[0].Detail, diags[0].Subject)
	}
	if diags[1].Subject.Start.Line != 7 || diags[1].Subject.Start.Column != 34 {
		t.Errorf("licenses diagnostic at %v, want the empty entry (line 7, column 34)", diags[1].Subject)
	}
}

func FuzzDecodeUsers(f *testing.F) {
	f.Add([]byte(`{"totalSize":3,"done":false,"nextRecordsUrl":"/services/data/v66.0/query/01gD0000002HU6KIAW-2000","records":[{"attributes":{"type":"User","url":"/services/data/v66.0/sobjects/User/005xx"},"Id":"005xx","Username":"a@x.com","Email":"a@x.com","IsActive":true,"LastLoginDate":"2013-05-20T20:49:32.000+0000","UserType":"Standard","Profile":{"attributes":{"type":"Profile"},"UserLicense":{"attributes":{"type":"UserLicense"},"Name":"Salesforce"}}}]}`))
	f.Add([]byte(`{"totalSize":0,"done":true,"records":[]}`))
	f.Add([]byte(`{"done":true,"records":[{"Id":"005a","LastLoginDate":null,"Profile":null}]}`))
	f.Add([]byte(`{"done":false,"records":[]}`))
	f.Add([]byte(`{"done":true,"records":[{"Id":"005a","LastLoginDate":"2013-05-20"}]}`))
	f.Add([]byte(`{"done":"yes","records":null}`))
	f.Add([]byte(`[{"message":"Session expired or invalid","errorCode":"INVALID_SESSION_ID"}]`))
	f.Add([]byte(`[{"errorCode":"NOT_FOUND","message":"The requested resource does not exist"}]`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := salesforce.DecodeUsers(data)
		if !scantest.Refused(t, data, err) {
			if !json.Valid(data) {
				t.Fatal("accepted invalid JSON")
			}
			if !p.Done && p.NextRecordsURL == "" {
				t.Fatal("accepted a batch that is not done and has no next")
			}
			for _, u := range p.Records {
				if u.ID == "" {
					t.Fatal("accepted a user without Id")
				}
				if (u.LastLoginDate == nil) != (u.LastLogin == nil) || (u.LastLogin != nil && u.LastLogin.Location() != time.UTC) {
					t.Fatalf("LastLoginDate %v read as %v", u.LastLoginDate, u.LastLogin)
				}
			}
		}
		errs, err := salesforce.DecodeErrors(data)
		if !scantest.Refused(t, data, err) {
			for _, e := range errs {
				if len(e.ErrorCode) > 64 || strings.ContainsAny(e.ErrorCode, " <>\"'\n") {
					t.Fatalf("error code %q kept", e.ErrorCode)
				}
			}
		}
	})
}

func FuzzDecodeLicenses(f *testing.F) {
	scantest.FuzzDecoder(f, scantest.Unquoted, salesforce.DecodeLicenses, func(t *testing.T, p salesforce.LicensePage) {
		if !p.Done && p.NextRecordsURL == "" {
			t.Fatal("accepted a batch that is not done and has no next")
		}
		for _, l := range p.Records {
			if l.Name == "" || l.TotalLicenses < 0 || l.UsedLicenses < 0 {
				t.Fatalf("accepted licence %+v", l)
			}
		}
	},
		`{"totalSize":2,"done":true,"records":[{"attributes":{"type":"UserLicense","url":"/services/data/v66.0/sobjects/UserLicense/100x"},"Id":"100x","Name":"Salesforce","MasterLabel":"Salesforce","Status":"Active","TotalLicenses":40,"UsedLicenses":38},{"Id":"100y","Name":"Chatter Free","Status":"Disabled","TotalLicenses":5000,"UsedLicenses":0}]}`,
		`{"done":false,"nextRecordsUrl":"/services/data/v66.0/query/01gL-1","records":[]}`,
		`{"done":true,"records":[{"Id":"100x","Name":"","TotalLicenses":-1}]}`,
		`{"done":true,"records":[{"Name":"x","TotalLicenses":1.5}]}`,
		`{"records":[]}`,
	)
}
