package googleworkspace_test

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners/googleworkspace"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

const (
	goodToken = "ya29.sandbox-good-token"
	canary    = "ya29.CANARY-3c8e1f90a2b7"
)

const (
	reportsPath  = "/admin/reports/v1/activity/users/all/applications/token"
	licensesPath = "/apps/licensing/v1/product/Google-Apps/users"
	usersPath    = "/admin/directory/v1/users"
)

// only keeps the requests the simulator served at path, with their
// queries.
func only(r scantest.Result, path string) (served []sandbox.Request, queries []url.Values) {
	for i, q := range r.Served {
		if q.Path == path {
			served = append(served, q)
			v, _ := url.ParseQuery(r.Requests[i].RawQuery)
			queries = append(queries, v)
		}
	}
	return served, queries
}

const inventoryHCL = `
tool "workspace" {
  name     = "Google Workspace"
  vendor   = "Google"
  category = "communication"
  scan "google_workspace" {
    token_env   = "GOOGLE_TOKEN"
    %s
  }
}

discovery "google_workspace" {
  token_env = "GOOGLE_TOKEN"
  %s
}
`

const scanSettings = `
    customer_id = "C01abc"
    product_id  = "Google-Apps"
`

// setup is one run of the licence scanner by vendor().Run, or of the
// discoverer by discoverer().Run; the inventory is scanHCL or
// discoveryHCL with the settings of the block under test.
type setup = scantest.Setup

// scanHCL is the inventory with settings in the scan block (default
// scanSettings).
func scanHCL(settings string) string {
	return fmt.Sprintf(inventoryHCL, cmp.Or(settings, scanSettings), "")
}

// discoveryHCL is the inventory with settings in the discovery block.
func discoveryHCL(settings string) string { return fmt.Sprintf(inventoryHCL, scanSettings, settings) }

// grantsSeed is a customer whose users authorized these apps, plus n
// filler grants of one app ("Filler", n users).
func grantsSeed(n int) googleworkspace.SandboxSeed {
	day := func(d int) time.Time { return scantest.AsOf().AddDate(0, 0, -d).Add(10 * time.Hour) }
	drive := "https://www.googleapis.com/auth/drive"
	cal := "https://www.googleapis.com/auth/calendar"
	email := "https://www.googleapis.com/auth/userinfo.email"
	s := googleworkspace.SandboxSeed{Access: sandbox.Access{Token: goodToken, PageSize: 3}, CustomerID: "C01abc", Domain: "acme.example", Grants: []googleworkspace.SandboxGrant{
		{Time: day(1), ActorEmail: "ann@acme.example", ClientID: "111.apps.googleusercontent.com", AppName: "Calendly", Scopes: []string{cal}},
		{Time: day(3), ActorEmail: "Bob@acme.example", ClientID: "111.apps.googleusercontent.com", AppName: "Calendly", Scopes: []string{email, cal}},
		{Time: day(5), ActorEmail: "bob@acme.example", ClientID: "111.apps.googleusercontent.com", AppName: "Calendly (old name)", Scopes: []string{drive}},
		{Time: day(2), ActorEmail: "ann@acme.example", ClientID: "222.apps.googleusercontent.com", AppName: "Acme Expense Bot", Scopes: []string{drive}},
		{Time: day(4), ActorEmail: "cy@acme.example", ClientID: "", AppName: "Chili Piper", Scopes: []string{cal}},
		{Time: day(6), ActorEmail: "ann@acme.example", ClientID: "77185425430.apps.googleusercontent.com", AppName: "Google Chrome", ClientType: "NATIVE_DESKTOP"},
		{Time: day(7), ActorEmail: "ann@acme.example", ClientID: "444.apps.googleusercontent.com", AppName: "iOS Account Manager", ClientType: "NATIVE_IOS"},
		{Time: day(8), ActorEmail: "dee@acme.example", ClientID: "555.apps.googleusercontent.com", AppName: "Google Ads", Scopes: []string{"https://www.googleapis.com/auth/adwords"}},
		// Outside the window: before it (the API leaves it out) and
		// after the as-of day (the discoverer does).
		{Time: day(181), ActorEmail: "old@acme.example", ClientID: "666.apps.googleusercontent.com", AppName: "Hotjar"},
		{Time: scantest.AsOf().AddDate(0, 0, 2), ActorEmail: "new@acme.example", ClientID: "777.apps.googleusercontent.com", AppName: "Canva"},
		// On the as-of day itself: in.
		{Time: scantest.AsOf().Add(23 * time.Hour), ActorEmail: "eve@acme.example", ClientID: "888.apps.googleusercontent.com", AppName: "Zoom"},
	}, Tokens: []googleworkspace.SandboxToken{
		// Calendly, still held by Ann (under its current name); Hotjar,
		// granted long before the log's window and used every day since.
		{UserEmail: "ann@acme.example", ClientID: "111.apps.googleusercontent.com", DisplayText: "Calendly", Scopes: []string{cal, "openid"}},
		{UserEmail: "old@acme.example", ClientID: "666.apps.googleusercontent.com", DisplayText: "Hotjar", Scopes: []string{email}},
		{UserEmail: "ann@acme.example", ClientID: "77185425430.apps.googleusercontent.com", DisplayText: "Google Chrome", NativeApp: true},
	}}
	for i := range n {
		s.Grants = append(s.Grants, googleworkspace.SandboxGrant{Time: day(i % 170), ActorEmail: fmt.Sprintf("u%d@acme.example", i),
			ClientID: "999.apps.googleusercontent.com", AppName: "Filler"})
	}
	return s
}

func TestDiscoverHappyPath(t *testing.T) {
	r := discoverer().MustRun(t, setup{Seed: grantsSeed(0)})
	want := []usage.DiscoveredTool{
		{Source: "google_workspace", Name: "Acme Expense Bot", Users: 1, Scopes: []string{"https://www.googleapis.com/auth/drive"},
			Evidence: "OAuth client 222.apps.googleusercontent.com authorized by 1 user on 2026-11-18; no grant held now"},
		{Source: "google_workspace", Name: "Calendly", Product: "calendly", Users: 2,
			Scopes:   []string{"https://www.googleapis.com/auth/calendar", "https://www.googleapis.com/auth/drive", "https://www.googleapis.com/auth/userinfo.email", "openid"},
			Evidence: "OAuth client 111.apps.googleusercontent.com held by 1 user now; authorized by 2 users between 2026-11-15 and 2026-11-19"},
		{Source: "google_workspace", Name: "Chili Piper", Product: "chili-piper", Users: 1, Scopes: []string{"https://www.googleapis.com/auth/calendar"},
			Evidence: `OAuth app "Chili Piper" authorized by 1 user on 2026-11-16; no grant held now`},
		{Source: "google_workspace", Name: "Google Ads", Product: "google-ads", Users: 1, Scopes: []string{"https://www.googleapis.com/auth/adwords"},
			Evidence: "OAuth client 555.apps.googleusercontent.com authorized by 1 user on 2026-11-12; no grant held now"},
		{Source: "google_workspace", Name: "Hotjar", Product: "hotjar", Users: 1, Scopes: []string{"https://www.googleapis.com/auth/userinfo.email"},
			Evidence: "OAuth client 666.apps.googleusercontent.com held by 1 user now"},
		{Source: "google_workspace", Name: "Zoom", Product: "zoom", Users: 1, Scopes: []string{},
			Evidence: "OAuth client 888.apps.googleusercontent.com authorized by 1 user on 2026-11-20; no grant held now"},
	}
	got, _ := json.MarshalIndent(r.Found.Tools, "", "  ")
	exp, _ := json.MarshalIndent(want, "", "  ")
	if !bytes.Equal(got, exp) {
		t.Errorf("tools:\n%s\nwant:\n%s", got, exp)
	}
	if r.Found.Integrations == nil || r.Found.Flows == nil {
		t.Error("integrations and flows should be empty lists")
	}
	// 10 events from the start of the window on (one after the as-of
	// day) in pages of 3.
	served, queries := only(r, reportsPath)
	if len(served) != 4 {
		t.Errorf("%d requests, want 4 pages", len(served))
	}
	// 7 users (Bob once) in pages of 3, and the grants of each.
	if users, _ := only(r, usersPath); len(users) != 3 || len(r.Served) != 4+3+7 {
		t.Errorf("%d requests, %d of users.list, want 14 and 3", len(r.Served), len(users))
	}
	for i, q := range queries {
		if served[i].Authorization != "Bearer "+goodToken {
			t.Errorf("request %d: %s with %q", i, served[i].Path, served[i].Authorization)
		}
		if q.Get("eventName") != "authorize" || q.Get("maxResults") != "1000" || q.Get("startTime") != "2026-05-25T00:00:00Z" || q.Has("customerId") {
			t.Errorf("request %d: query %v", i, q)
		}
		if (i == 0) == q.Has("pageToken") {
			t.Errorf("request %d: pageToken %q", i, q.Get("pageToken"))
		}
	}
}

func TestDiscoverSettings(t *testing.T) {
	t.Run("include_google_apps", func(t *testing.T) {
		t.Parallel()
		r := discoverer().MustRun(t, setup{Seed: grantsSeed(0), HCL: discoveryHCL("include_google_apps = true")})
		var names []string
		for _, tool := range r.Found.Tools {
			names = append(names, tool.Name)
		}
		if got := strings.Join(names, ","); got != "Acme Expense Bot,Calendly,Chili Piper,Google Ads,Google Chrome,Hotjar,iOS Account Manager,Zoom" {
			t.Errorf("tools %s", got)
		}
	})
	t.Run("customer_id and lookback_days", func(t *testing.T) {
		t.Parallel()
		r := discoverer().MustRun(t, setup{Seed: grantsSeed(0), HCL: discoveryHCL("customer_id = \"C01abc\"\n  lookback_days = 3")})
		_, queries := only(r, reportsPath)
		if q := queries[0]; q.Get("customerId") != "C01abc" || q.Get("startTime") != "2026-11-18T00:00:00Z" {
			t.Errorf("query %v", q)
		}
		if _, q := only(r, usersPath); q[0].Get("customer") != "C01abc" {
			t.Errorf("users.list query %v", q[0])
		}
		// Within 3 days up to and including asOf: Zoom (asOf), Calendly
		// (1 day before) and Acme Expense Bot (2 days before); Hotjar
		// held now.
		if len(r.Found.Tools) != 4 {
			t.Errorf("tools = %+v", r.Found.Tools)
		}
	})
	t.Run("another customer", func(t *testing.T) {
		t.Parallel()
		r := discoverer().Run(t, setup{Seed: grantsSeed(0), HCL: discoveryHCL(`customer_id = "C99other"`)})
		if r.Err == nil || !strings.Contains(r.Err.Error(), "google_workspace: GET /admin/directory/v1/users: HTTP 403 Forbidden (Google: PERMISSION_DENIED/forbidden: Not Authorized to access this resource/api): the admin the credential in the variable GOOGLE_TOKEN acts for may not read this customer's data") {
			t.Errorf("error = %v", r.Err)
		}
	})
	t.Run("no events", func(t *testing.T) {
		t.Parallel()
		r := discoverer().Run(t, setup{Seed: googleworkspace.SandboxSeed{Access: sandbox.Access{Token: goodToken}}})
		if r.Err != nil || len(r.Found.Tools) != 0 || r.Found.Tools == nil {
			t.Errorf("tools %v, error %v; want an empty list (Google leaves items out of an empty page)", r.Found.Tools, r.Err)
		}
	})
}

var bossLogin = scantest.AsOf().Add(-50 * time.Hour)

func licensesSeed(n int) googleworkspace.SandboxSeed {
	s := googleworkspace.SandboxSeed{Access: sandbox.Access{Token: goodToken, PageSize: 100}, CustomerID: "C01abc", Domain: "acme.example", Licenses: []googleworkspace.SandboxLicense{
		{ProductID: "Google-Apps", ProductName: "Google Workspace", SKUID: "1010020027", SKUName: "Google Workspace Business Standard"},
		{ProductID: "Google-Apps", ProductName: "Google Workspace", SKUID: "1010020020", SKUName: "Google Workspace Enterprise Plus", UserIDs: []string{"U0@acme.example", "boss@acme.example"}},
		{ProductID: "Google-Vault", SKUID: "Google-Vault", SKUName: "Google Vault", UserIDs: []string{"legal@acme.example"}},
	}, Users: []googleworkspace.SandboxUser{
		{Email: "boss@acme.example", LastLogin: &bossLogin},
		{Email: "U0@acme.example", LastLogin: &bossLogin, Suspended: true},
	}}
	for i := range n {
		s.Licenses[0].UserIDs = append(s.Licenses[0].UserIDs, fmt.Sprintf("u%d@acme.example", i))
	}
	return s
}

func TestScanLicenses(t *testing.T) {
	t.Run("product", func(t *testing.T) {
		t.Parallel()
		r := vendor().MustRun(t, setup{Seed: licensesSeed(250)})
		// 252 assignments in pages of 100; u0 holds two SKUs: one seat.
		served, queries := only(r, licensesPath)
		if len(r.Usage.Users) != 251 || len(served) != 3 {
			t.Fatalf("%d users in %d requests, want 251 in 3", len(r.Usage.Users), len(served))
		}
		for i, q := range queries {
			if q.Get("customerId") != "C01abc" || q.Get("maxResults") != "1000" {
				t.Errorf("request %d: %s %v", i, served[i].Path, q)
			}
		}
		// The Directory's 253 users (Vault's holder too) in pages of
		// 100, before the licences.
		if users, q := only(r, usersPath); len(users) != 3 || q[0].Get("customer") != "C01abc" || r.Served[0].Path != usersPath {
			t.Errorf("%d users.list requests, first %v", len(users), q)
		}
		usage.Tally(r.Usage, scantest.AsOf())
		if r.Usage.Seats.Assigned != 251 || r.Usage.Seats.Purchased != nil || r.Usage.Active.D30 != 1 || r.Usage.LastActivity == nil || !r.Usage.LastActivity.Equal(bossLogin) {
			t.Errorf("usage = %+v; want 251 assigned, purchased from the inventory, the boss active", r.Usage)
		}
		// The boss signed in; U0 is suspended: no activity.
		if u := r.Usage.Users[0]; u.ID != "boss@acme.example" || u.Email != "boss@acme.example" || u.LastActive == nil {
			t.Errorf("first user %+v", u)
		}
		if u := r.Usage.Users[1]; u.ID != "u0@acme.example" || u.LastActive != nil {
			t.Errorf("second user %+v", u)
		}
	})
	t.Run("sku and my_customer", func(t *testing.T) {
		t.Parallel()
		r := vendor().Run(t, setup{Seed: licensesSeed(250), HCL: scanHCL(`
    product_id  = "Google-Apps"
    sku_id      = "1010020020"`)})
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		// my_customer is resolved to the ID the users name.
		served, queries := only(r, "/apps/licensing/v1/product/Google-Apps/sku/1010020020/users")
		if len(r.Usage.Users) != 2 || len(served) != 1 || queries[0].Get("customerId") != "C01abc" {
			t.Errorf("users %+v from %v", r.Usage.Users, queries)
		}
		if _, q := only(r, usersPath); q[0].Get("customer") != "my_customer" {
			t.Errorf("users.list query %v", q[0])
		}
	})
	t.Run("no assignments", func(t *testing.T) {
		t.Parallel()
		r := vendor().Run(t, setup{Seed: licensesSeed(0), HCL: scanHCL(scanSettings + `sku_id = "1010020027"`)})
		if r.Err != nil || len(r.Usage.Users) != 0 {
			t.Errorf("users %v, error %v", r.Usage, r.Err)
		}
	})
	t.Run("unknown product", func(t *testing.T) {
		t.Parallel()
		r := vendor().Run(t, setup{Seed: licensesSeed(3), HCL: scanHCL(scanSettings + `sku_id = "nope"`)})
		if r.Err == nil || !strings.Contains(r.Err.Error(), "HTTP 404 Not Found (Google: NOT_FOUND/notFound: Resource Not Found: Google-Apps/sku/nope): Google knows no product Google-Apps SKU nope for this customer; check product_id and sku_id") {
			t.Errorf("error = %v", r.Err)
		}
	})
}

// TestBadResponses runs Google's own answers against both the discoverer
// and the licence scanner (the generic cases are in TestConformance).
func TestBadResponses(t *testing.T) {
	tests := []struct {
		name string
		setup
		wantErr string // {path}, {scope} and {privilege} are the API's
	}{
		{name: "missing scope", setup: setup{Seed: googleworkspace.SandboxSeed{Scopes: []string{"https://www.googleapis.com/auth/userinfo.email"}}},
			wantErr: "HTTP 403 Forbidden: the access token from the variable GOOGLE_TOKEN lacks the scope {scope}; grant the service account's domain-wide delegation that scope"},
		{name: "not an admin", setup: setup{Seed: googleworkspace.SandboxSeed{NotAdmin: true}},
			wantErr: "may not read this customer's data: make it a super admin or give it the {privilege} privilege"},
		{name: "404 from the front end", setup: setup{Endpoint: "/google_workspace/v2"}, wantErr: "HTTP 404 Not Found: nothing answers at this path; if --endpoint google_workspace is set, check it"},
	}
	for _, mode := range []string{"discover", "scan"} {
		for _, tt := range tests {
			t.Run(mode+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				s, v := tt.setup, discoverer()
				// The first call, users.list, fails.
				path, scope, privilege := usersPath, googleworkspace.ScopeUsers, "Users › Read"
				seed := grantsSeed(150 - 9) // 9 of its own in the window
				if mode == "scan" {
					seed, v = licensesSeed(148), vendor() // and 2 of the other SKU
				}
				given, _ := s.Seed.(googleworkspace.SandboxSeed)
				seed.PageSize = 100
				seed.Scopes, seed.NotAdmin = given.Scopes, given.NotAdmin
				s.Seed = seed
				wantErr := strings.NewReplacer("{path}", path, "{scope}", scope, "{privilege}", privilege).Replace(tt.wantErr)

				r := v.Run(t, s)
				if len(r.Served) != 1 {
					t.Errorf("%d requests, want 1", len(r.Served))
				}
				scantest.ErrorContains(t, r.Err, wantErr)
				if strings.Contains(r.Err.Error(), "pageToken") || strings.Contains(r.Err.Error(), goodToken) {
					t.Errorf("error shows the query or the token: %v", r.Err)
				}
			})
		}
	}
}

func TestRejectedTokenNeverShown(t *testing.T) {
	for _, scan := range []bool{false, true} {
		seed := grantsSeed(0)
		scope := googleworkspace.ScopeReports // every scope of the block, in the advice
		if scan {
			seed, scope = licensesSeed(3), googleworkspace.ScopeLicensing
		}
		v := discoverer()
		if scan {
			v = vendor()
		}
		r := v.Run(t, setup{Seed: seed, Token: canary})
		scantest.ErrorContains(t, r.Err, "HTTP 401", "UNAUTHENTICATED/authError", "the variable GOOGLE_TOKEN", scope, "domain-wide delegation", "Manage Domain Wide Delegation", "subject")
		r.NotShown(t, canary)
	}
}

// TestStartTimeTooOld: the Reports API refuses a startTime more than 180
// days back with a 400; the error says what to change.
func TestStartTimeTooOld(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path != reportsPath {
			fmt.Fprint(w, `{"kind":"admin#directory#users"}`)
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":{"code":400,"message":"Start time is too old.","errors":[{"message":"Start time is too old.","domain":"global","reason":"invalid"}],"status":"INVALID_ARGUMENT"}}`)
	}))
	defer srv.Close()
	r := discoverer().Run(t, setup{Endpoint: srv.URL})
	want := "google_workspace: GET " + reportsPath + ": HTTP 400 Bad Request: Google refused the request (Google: INVALID_ARGUMENT/invalid: Start time is too old.); " +
		"the token audit log keeps 180 days counted back from today: with an --as-of in the past, lower lookback_days"
	if r.Err == nil || r.Err.Error() != want {
		t.Errorf("error %v\nwant %s", r.Err, want)
	}
}

func TestValidateScanner(t *testing.T) {
	scantest.Validate(t, googleworkspace.Spec(), []scantest.ValidateCase{
		{Name: "ok", TokenEnv: "T", Body: scanSettings},
		{Name: "sku", TokenEnv: "T", Body: `customer_id = "C01abc"
    product_id = "101031"
    sku_id = "Google-Apps-For-Education"`},
		{Name: "a domain for customer_id", TokenEnv: "T", Body: `customer_id = "acme.example"
    product_id = "Google-Apps"`, Want: []string{"Invalid customer_id setting"}},
		{Name: "service account key in a file", Body: scanSettings + `key_file = "sa.json"
    subject = "admin@acme.example"`},
		{Name: "service account key without subject", Body: scanSettings + `key_file = "sa.json"`, Want: []string{"Missing subject setting"}},
		{Name: "key_file and token_env", TokenEnv: "T", Body: scanSettings + `key_file = "sa.json"
    subject = "admin@acme.example"`, Want: []string{"Conflicting credentials"}},
		{Name: "subject not an e-mail", TokenEnv: "T", Body: scanSettings + `subject = "Admin <admin@acme.example>"`, Want: []string{"Invalid subject setting"}},
		{Name: "missing token_env", Body: scanSettings, Want: []string{"Missing token_env"}},
		{Name: "missing product_id", TokenEnv: "T", Body: `customer_id = "C01abc"`, Want: []string{"Missing product_id setting"}},
		{Name: "no customer_id: my_customer", TokenEnv: "T", Body: `product_id = "Google-Apps"`},
		{Name: "my_customer", TokenEnv: "T", Body: `customer_id = "my_customer"
    product_id = "Google-Apps"`},
		{Name: "customer_id not a string", TokenEnv: "T", Body: `customer_id = 12
    product_id = "Google-Apps"`, Want: []string{"Invalid customer_id setting"}},
		{Name: "bad product_id", TokenEnv: "T", Body: `customer_id = "C01abc"
    product_id = "Google Apps/../x"`, Want: []string{"Invalid product_id setting"}},
		{Name: "bad sku_id", TokenEnv: "T", Body: scanSettings + `sku_id = ""`, Want: []string{"Invalid sku_id setting"}},
		{Name: "unknown setting", TokenEnv: "T", Body: scanSettings + `lookback_days = 3`, Want: []string{"Unsupported argument"}},
	})
}

func TestValidateDiscoverer(t *testing.T) {
	scantest.ValidateDiscoverer(t, googleworkspace.Spec(), []scantest.ValidateCase{
		{Name: "ok", TokenEnv: "T"},
		{Name: "every setting", TokenEnv: "T", Body: "customer_id = \"C01abc\"\n lookback_days = 30\n include_google_apps = true"},
		{Name: "the acme example", TokenEnv: "GOOGLE_TOKEN", Body: `customer_id = "C01abc"`},
		{Name: "missing token_env", Want: []string{"Missing token_env"}},
		{Name: "bad customer_id", TokenEnv: "T", Body: `customer_id = "acme.example"`, Want: []string{"Invalid customer_id setting"}},
		{Name: "lookback_days too long", TokenEnv: "T", Body: `lookback_days = 181`, Want: []string{"Invalid lookback_days setting"}},
		{Name: "lookback_days zero", TokenEnv: "T", Body: `lookback_days = 0`, Want: []string{"Invalid lookback_days setting"}},
		{Name: "lookback_days fraction", TokenEnv: "T", Body: `lookback_days = 1.5`, Want: []string{"Invalid lookback_days setting"}},
		{Name: "lookback_days string", TokenEnv: "T", Body: `lookback_days = "30"`, Want: []string{"Invalid lookback_days setting"}},
		{Name: "include_google_apps not bool", TokenEnv: "T", Body: `include_google_apps = "yes"`, Want: []string{"Invalid include_google_apps setting"}},
		{Name: "unknown setting", TokenEnv: "T", Body: `product_id = "Google-Apps"`, Want: []string{"Unsupported argument"}},
	})
}

func FuzzDecodeActivities(f *testing.F) {
	scantest.FuzzDecoder(f, scantest.InFewWords, googleworkspace.DecodeActivities, nil,
		`{"kind":"admin#reports#activities","nextPageToken":"x","items":[{"id":{"time":"2024-05-01T10:00:00.000Z","applicationName":"token"},"actor":{"email":"a@x.com"},"events":[{"type":"auth","name":"authorize","parameters":[{"name":"client_id","value":"123.apps.googleusercontent.com"},{"name":"app_name","value":"Some App"},{"name":"scope","multiValue":["https://www.googleapis.com/auth/drive"]}]}]}]}`,
		`{"kind":"admin#reports#activities","etag":"x"}`,
		`{"items":null}`,
		`{"kind":"licensing#licenseAssignmentList","items":[{"userId":"a@x.com"}]}`,
		`{"items":[{"id":{"time":"yesterday"}}]}`,
		`{"kind":1}`,
	)
}

func FuzzDecodeLicenses(f *testing.F) {
	scantest.FuzzDecoder(f, scantest.InFewWords, googleworkspace.DecodeLicenses, func(t *testing.T, p googleworkspace.LicenseAssignments) {
		scantest.Every(t, p.Items, func(a googleworkspace.LicenseAssignment) bool { return strings.TrimSpace(a.UserID) != "" },
			"accepted an assignment without userId")
	},
		`{"kind":"licensing#licenseAssignmentList","items":[{"kind":"licensing#licenseAssignment","userId":"a@x.com","productId":"Google-Apps","skuId":"1010020027","skuName":"Business Standard"}],"nextPageToken":"x"}`,
		`{"kind":"licensing#licenseAssignmentList"}`,
		`{"items":[{"userId":""}]}`,
		`{"items":{}}`,
		`[]`,
	)
}
