package okta_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/okta"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

const (
	goodToken = "00aSandboxGoodToken0000000000000000000000"
	canary    = "00aCANARY7f3e9c21d4b8aa55c0ffee00112233"
	appID     = "0oa1marketo"
)

func at(t time.Time) *time.Time { return &t }

// appIDSetting is the scan block's app_id line.
func appIDSetting(id string) string { return fmt.Sprintf("app_id = %q", id) }

// scanSeed is an org whose Marketo app is assigned to n active users (user
// i last signed in i days before asOf) and to users who hold no seat: 3
// suspended, 2 deprovisioned and 1 staged; plus a locked-out user and an
// active user who never signed in, who do hold one, and a user assigned
// to nothing.
func scanSeed(n int) okta.SandboxSeed {
	s := okta.SandboxSeed{Access: sandbox.Access{Token: goodToken, PageSize: 100}}
	var ids []string
	add := func(u okta.SandboxUser, assigned bool) {
		s.Users = append(s.Users, u)
		if assigned {
			ids = append(ids, u.ID)
		}
	}
	for i := range n {
		add(okta.SandboxUser{ID: fmt.Sprintf("00u%06d", i), Email: fmt.Sprintf("u%d@acme.example", i),
			LastLogin: at(scantest.AsOf().AddDate(0, 0, -i))}, true)
	}
	for i := range 3 {
		add(okta.SandboxUser{ID: fmt.Sprint("00ususpended", i), Status: "SUSPENDED", Email: "s@acme.example", LastLogin: at(scantest.AsOf())}, true)
	}
	for i := range 2 {
		add(okta.SandboxUser{ID: fmt.Sprint("00udeprov", i), Status: "DEPROVISIONED", Email: "d@acme.example", LastLogin: at(scantest.AsOf())}, true)
	}
	add(okta.SandboxUser{ID: "00ustaged", Status: "STAGED", Email: "new@acme.example"}, true)
	add(okta.SandboxUser{ID: "00ulocked", Status: "LOCKED_OUT", Login: "locked@acme.example", LastLogin: at(scantest.AsOf().AddDate(0, 0, -200))}, true)
	add(okta.SandboxUser{ID: "00unever", Email: "never@acme.example"}, true)
	add(okta.SandboxUser{ID: "00uother", Email: "other@acme.example", LastLogin: at(scantest.AsOf())}, false)
	s.Apps = []okta.SandboxApp{
		{ID: "0oa1hotjar", Label: "Hotjar", UserIDs: ids[:1]},
		{ID: appID, Label: "Marketo", Name: "marketo", UserIDs: ids},
	}
	// Each assigned user's last Okta sign-in was an SSO to Marketo, oldest
	// first as the System Log lists them.
	for i := len(s.Users) - 1; i >= 0; i-- {
		if u := s.Users[i]; u.LastLogin != nil && slices.Contains(ids, u.ID) {
			s.Events = append(s.Events, okta.SandboxEvent{UserID: u.ID, AppID: appID, Published: *u.LastLogin})
		}
	}
	slices.SortStableFunc(s.Events, func(x, y okta.SandboxEvent) int { return x.Published.Compare(y.Published) })
	return s
}

// setup is one run of the scanner by vendor().Run, or of the discoverer by
// discoverer().Run: the seed is scanSeed(150), or discoverSeed(), unless
// the test gives one.
type setup = scantest.Setup

func discoveryHCL(settings string) string {
	return "discovery \"okta\" {\n  host      = \"acme.okta.com\"\n  token_env = \"OKTA_TOKEN\"\n  " + settings + "\n}\n"
}

func discovery(t testing.TB, settings string) *inventory.Discovery {
	t.Helper()
	inv := scantest.Load(t, discoveryHCL(settings))
	if len(inv.Discoveries) != 1 {
		t.Fatalf("%d discoveries", len(inv.Discoveries))
	}
	return inv.Discoveries[0]
}

// countPaths counts requests per path, with app ids folded.
func countPaths(reqs []sandbox.Request) map[string]int {
	n := map[string]int{}
	for _, q := range reqs {
		p := q.Path
		if strings.HasPrefix(p, "/api/v1/apps/") {
			p = "/api/v1/apps/{id}/users"
		}
		n[p]++
	}
	return n
}

func TestScanHappyPathSeveralPages(t *testing.T) {
	for _, style := range []string{okta.SandboxLinksSeparate, okta.SandboxLinksNextFirst, okta.SandboxLinksJoined} {
		t.Run("links "+style, func(t *testing.T) {
			t.Parallel()
			s := scanSeed(250)
			s.LinkStyle = style
			r := vendor().MustRun(t, setup{Seed: s})
			// 250 active + the locked-out and never-signed-in users.
			if got := len(r.Usage.Users); got != 252 {
				t.Fatalf("users = %d, want 252", got)
			}
			// 258 assignments in pages of 100, each with its user
			// embedded: the org's user list is not needed.
			if got := countPaths(r.Served); got["/api/v1/apps/{id}/users"] != 3 || got["/api/v1/logs"] != 1 || len(r.Served) != 4 {
				t.Errorf("requests = %v, want 3 app user pages and 1 System Log page", got)
			}
			for _, q := range r.Served {
				if q.Authorization != "SSWS "+goodToken {
					t.Errorf("request %s without the SSWS token", q.Path)
				}
			}
			byID := map[string]usage.User{}
			for _, u := range r.Usage.Users {
				byID[u.ID] = u
			}
			for _, gone := range []string{"00ususpended0", "00udeprov0", "00ustaged", "00uother"} {
				if _, ok := byID[gone]; ok {
					t.Errorf("user %s should have been left out", gone)
				}
			}
			// Its last SSO is older than the System Log's 90 days.
			if u := byID["00ulocked"]; u.Email != "locked@acme.example" || u.LastActive != nil {
				t.Errorf("locked-out user = %+v", u)
			}
			if u := byID["00unever"]; u.Email != "never@acme.example" || u.LastActive != nil {
				t.Errorf("never signed in = %+v", u)
			}
			if u := byID["00u000007"]; u.Email != "u7@acme.example" || !u.LastActive.Equal(scantest.AsOf().AddDate(0, 0, -7)) || u.LastActive.Location() != time.UTC {
				t.Errorf("user 7 = %+v", u)
			}
			scantest.Activity(t, r.Usage, scantest.AsOf(), usage.Active{D30: 31, D90: 91}, scantest.AsOf())
			if r.Usage.Seats.Assigned != 252 || r.Usage.Seats.Purchased != nil {
				t.Errorf("seats = %+v, want 252 assigned, purchased left to the inventory", r.Usage.Seats)
			}
		})
	}
}

func TestScanAppWithoutUsers(t *testing.T) {
	s := scanSeed(3)
	s.Apps[1].UserIDs = nil
	r := vendor().MustRun(t, setup{Seed: s})
	if r.Usage.Users == nil || len(r.Usage.Users) != 0 {
		t.Errorf("users = %#v, want an empty list", r.Usage.Users)
	}
	if len(r.Served) != 1 {
		t.Errorf("%d requests, want 1 (no user list needed)", len(r.Served))
	}
}

// TestScanJoinsUsersNotEmbedded: an assignment listed without its user
// (here: one whose user is gone) makes the scan read the org's user list
// once, and the assignment is left out.
func TestScanJoinsUsersNotEmbedded(t *testing.T) {
	s := scanSeed(150)
	s.Apps[1].UserIDs = append(s.Apps[1].UserIDs, "00ughost")
	r := vendor().MustRun(t, setup{Seed: s})
	// 159 assignments and 157 listed users, in pages of 100.
	if got := countPaths(r.Served); got["/api/v1/apps/{id}/users"] != 2 || got["/api/v1/users"] != 2 {
		t.Errorf("requests = %v, want 2 app user pages and 2 user pages", got)
	}
	if len(r.Usage.Users) != 152 {
		t.Errorf("users = %d, want 152", len(r.Usage.Users))
	}
}

// TestScanWithoutEmbeddedUsers: an org that ignores expand=user is joined
// to its user list by id, with the same rules.
func TestScanWithoutEmbeddedUsers(t *testing.T) {
	var calls atomic.Int32
	org := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		switch r.URL.Path {
		case "/api/v1/apps/" + appID + "/users":
			w.Write([]byte(`[{"id":"00u1","scope":"USER","status":"ACTIVE","credentials":{"userName":"one@app.example"}},
				{"id":"00u2","scope":"GROUP","status":"PROVISIONED","credentials":{"userName":"two@app.example"}},
				{"id":"00u3","scope":"USER","status":"ACTIVE","credentials":{"userName":"three@app.example"}},
				{"id":"00u4","scope":"USER","status":"ACTIVE","credentials":{"userName":"gone@app.example"}}]`))
		case "/api/v1/users":
			if r.URL.Query().Get("after") == "" {
				w.Header().Add("Link", `</api/v1/users?limit=200>; rel="self"`)
				w.Header().Add("Link", `</api/v1/users?after=00u2&limit=200>; rel="next"`)
				w.Write([]byte(`[{"id":"00u1","status":"ACTIVE","lastLogin":"2026-11-19T17:02:11.000Z","profile":{"login":"one@acme.example","email":"one@acme.example"}},
					{"id":"00u9","status":"ACTIVE","lastLogin":null,"profile":{"login":"nine@acme.example"}}]`))
				return
			}
			w.Write([]byte(`[{"id":"00u2","status":"PASSWORD_EXPIRED","lastLogin":null,"profile":{"login":"two@acme.example"}},
				{"id":"00u3","status":"SUSPENDED","lastLogin":"2026-11-19T17:02:11.000Z","profile":{"login":"three@acme.example"}}]`))
		case "/api/v1/logs":
			// The last SSO of 00u1 to the app, a day before its last
			// Okta sign-in.
			w.Write([]byte(`[{"uuid":"e1","published":"2026-11-18T17:02:11.000Z","eventType":"user.authentication.sso",
				"actor":{"id":"00u1","type":"User","alternateId":"one@acme.example"},"outcome":{"result":"SUCCESS"},
				"target":[{"id":"` + appID + `","type":"AppInstance"}]}]`))
		default:
			http.NotFound(w, r)
		}
	}))
	defer org.Close()
	r := vendor().MustRun(t, setup{Seed: scanSeed(1), Endpoint: org.URL})
	got, _ := json.Marshal(r.Usage.Users)
	want := `[{"id":"00u1","email":"one@acme.example","last_active":"2026-11-18T17:02:11Z"},{"id":"00u2","email":"two@acme.example"}]`
	if string(got) != want || calls.Load() != 4 {
		t.Errorf("users = %s in %d calls\nwant %s in 4", got, calls.Load(), want)
	}
}

// TestRun: the scanner as scan runs it, with --endpoint.
func TestRun(t *testing.T) {
	sb := okta.Simulator().New(scanSeed(40), sandbox.Faults{})
	urls := scantest.Serve(t, sb)
	inv := scantest.Load(t, vendor().ToolHCL(appIDSetting(appID)))
	snap, results := scanners.Run(context.Background(), inv, scanners.RunOptions{
		Scanners:  map[string]scanners.Scanner{okta.Kind: okta.New()},
		AsOf:      scantest.AsOf(),
		Getenv:    func(k string) string { return map[string]string{"OKTA_TOKEN": goodToken}[k] },
		Endpoints: map[string]string{okta.Kind: urls["okta"]},
		HTTP:      scantest.Fast(),
	})
	u := snap.Tools["marketo"]
	if len(results) != 1 || results[0].Err != nil || u.Status != usage.StatusOK {
		t.Fatalf("results = %+v", results)
	}
	if u.Seats.Assigned != 42 || u.Active.D30 != 31 || u.Active.D90 != 40 {
		t.Errorf("usage = %+v %+v", u.Seats, u.Active)
	}
}

// TestScanBadResponses: Okta's own answers (the generic ones are in
// TestConformance).
func TestScanBadResponses(t *testing.T) {
	// WantCalls: the requests the sandbox received (158 assignments: 2 pages).
	vendor().Cases(t, []scantest.Case{
		{Name: "429 until retries run out", WantCalls: 4, Setup: setup{Faults: sandbox.Faults{Status429Times: 100}},
			WantErr: []string{"HTTP 429 Too Many Requests (after 4 attempts) (Okta error E0000047): still rate limited", "X-Rate-Limit-Reset"}},
		{Name: "401 invalid token", WantCalls: 1, Setup: setup{Token: canary},
			WantErr: []string{"okta: GET /api/v1/apps/0oa1marketo/users: HTTP 401 Unauthorized (Okta error E0000011)",
				"rejected the token in OKTA_TOKEN", "Security › API › Tokens", "Read-only Administrator"}},
		{Name: "403 cannot read users", WantCalls: 1, Setup: setup{Seed: func() okta.SandboxSeed {
			s := scanSeed(150)
			s.Scopes = []string{okta.SandboxScopeApps}
			return s
		}()}, WantErr: []string{"okta: GET /api/v1/apps/0oa1marketo/users: HTTP 403 Forbidden (Okta error E0000006)",
			"the token in OKTA_TOKEN may not read app assignments and their users (permission okta.users.read)", "Read-only Administrator"}},
		{Name: "403 cannot read apps", WantCalls: 1, Setup: setup{Seed: func() okta.SandboxSeed {
			s := scanSeed(150)
			s.Scopes = []string{okta.SandboxScopeUsers}
			return s
		}()}, WantErr: []string{"HTTP 403 Forbidden (Okta error E0000006)", "may not read app assignments and their users (permission okta.apps.read)"}},
		{Name: "404 unknown app", WantCalls: 1, Setup: setup{HCL: vendor().ToolHCL(appIDSetting("0oa1unknown"))},
			WantErr: []string{"okta: GET /api/v1/apps/0oa1unknown/users: HTTP 404 Not Found (Okta error E0000007)",
				`Okta has no app with id "0oa1unknown"`, "Applications › Applications", "/instance/"}},
		{Name: "next link before self", WantCalls: 3, Setup: setup{Seed: func() okta.SandboxSeed {
			s := scanSeed(150)
			s.LinkStyle = okta.SandboxLinksNextFirst
			return s
		}()}},
		{Name: "next and self in one line", WantCalls: 3, Setup: setup{Seed: func() okta.SandboxSeed {
			s := scanSeed(150)
			s.LinkStyle = okta.SandboxLinksJoined
			return s
		}()}},
	}, func(t *testing.T, c scantest.Case, r scantest.Result) {
		if len(c.WantErr) == 0 && len(r.Usage.Users) != 152 {
			t.Errorf("users = %d, want 152", len(r.Usage.Users))
		}
	})
}

func TestScanTokenWithSchemePrefix(t *testing.T) {
	vendor().MustRun(t, setup{Seed: scanSeed(3), Token: "SSWS " + goodToken})
}

func TestScanNoHostNoEndpoint(t *testing.T) {
	tool := scantest.Load(t, vendor().ToolHCL(appIDSetting(appID))).Tool("marketo")
	tool.Scan.Host = ""
	env := scanners.Env{Getenv: func(string) string { return goodToken }, HTTP: scantest.Fast()}
	_, err := okta.New().Scan(context.Background(), tool, env)
	if err == nil || !strings.Contains(err.Error(), `host = "acme.okta.com"`) {
		t.Errorf("error = %v", err)
	}
}

func TestScanUnsetToken(t *testing.T) {
	tool := scantest.Load(t, vendor().ToolHCL(appIDSetting(appID))).Tool("marketo")
	env := scanners.Env{Getenv: func(string) string { return "" }, HTTP: scantest.Fast()}
	_, err := okta.New().Scan(context.Background(), tool, env)
	if err == nil || !strings.Contains(err.Error(), "OKTA_TOKEN is not set") {
		t.Errorf("error = %v", err)
	}
}

func TestValidate(t *testing.T) {
	const host = "host = \"acme.okta.com\"\n"
	scantest.Validate(t, okta.Spec(), []scantest.ValidateCase{
		{Name: "ok", TokenEnv: "OKTA_TOKEN", Body: host + `app_id = "0oa1b2c3d4E5F6g7h8i9"`},
		{Name: "missing token_env", Body: host + `app_id = "0oa1marketo"`, Want: []string{"Missing token_env"}},
		{Name: "missing host", TokenEnv: "OKTA_TOKEN", Body: `app_id = "0oa1marketo"`, Want: []string{"Missing host"}},
		{Name: "missing app_id", TokenEnv: "OKTA_TOKEN", Body: host, Want: []string{"Missing app_id"}},
		{Name: "app_id not a string", TokenEnv: "OKTA_TOKEN", Body: host + `app_id = ["0oa1"]`, Want: []string{"Invalid app_id setting"}},
		{Name: "app_id a path", TokenEnv: "OKTA_TOKEN", Body: host + `app_id = "0oa1/../../users"`, Want: []string{"Invalid app_id setting"}},
		{Name: "app_id a label", TokenEnv: "OKTA_TOKEN", Body: host + `app_id = "Adobe Marketo"`, Want: []string{"Invalid app_id setting"}},
		{Name: "unknown setting", TokenEnv: "OKTA_TOKEN", Body: host + "app_id = \"0oa1\"\napp = \"marketo\"", Want: []string{"Unsupported argument"}},
	})
}

// discoverSeed is an org with marketing apps, an internal bookmark, an
// inactive app, an app without users and Okta's own apps; PageSize 2.
func discoverSeed() okta.SandboxSeed {
	s := okta.SandboxSeed{Access: sandbox.Access{Token: goodToken, PageSize: 2}}
	ids := func(n int) []string {
		var l []string
		for i := range n {
			id := fmt.Sprintf("00u%06d", i)
			l = append(l, id)
		}
		return l
	}
	for _, id := range ids(12) {
		s.Users = append(s.Users, okta.SandboxUser{ID: id, Email: id + "@acme.example"})
	}
	s.Apps = []okta.SandboxApp{
		{ID: "0oa1dashboard", Label: "Okta Dashboard", Name: "okta_enduser", UserIDs: ids(12)},
		{ID: "0oa1marketo", Label: "Marketo", Name: "marketo", UserIDs: ids(12)},
		{ID: "0oa1admin", Label: "Okta Admin Console", Name: "saasure", UserIDs: ids(2)},
		{ID: "0oa1hotjar", Label: "hotjar", Name: "acme_hotjar_1", SignOnMode: "OPENID_CONNECT", UserIDs: ids(3)},
		{ID: "0oa1plugin", Label: "Okta Browser Plugin", Name: "okta_browser_plugin", UserIDs: ids(12)},
		{ID: "0oa1wiki", Label: "Acme Wiki", Name: "bookmark", SignOnMode: "BOOKMARK", UserIDs: ids(1)},
		{ID: "0oa1mixpanel", Label: "Mixpanel", Name: "mixpanel", Status: "INACTIVE", UserIDs: ids(2)},
		{ID: "0oa1workflows", Label: "Okta Workflows", Name: "okta_flow_sso", UserIDs: ids(1)},
		{ID: "0oa1marketoqa", Label: "Marketo (QA sandbox)", Name: "marketo", SignOnMode: "AUTO_LOGIN", UserIDs: ids(5)},
		{ID: "0oa1canva", Label: "Canva", Name: "canva"},
	}
	return s
}

func TestDiscover(t *testing.T) {
	r := discoverer().MustRun(t, setup{Seed: discoverSeed()})
	got, _ := json.MarshalIndent(r.Found.Tools, "", "  ")
	want := `[
  {
    "source": "okta",
    "name": "Acme Wiki",
    "users": 1,
    "scopes": [],
    "evidence": "Okta app 0oa1wiki (bookmark, 1 assigned user)"
  },
  {
    "source": "okta",
    "name": "Canva",
    "product": "canva",
    "users": 0,
    "scopes": [],
    "evidence": "Okta app 0oa1canva (SAML 2.0, 0 assigned users)"
  },
  {
    "source": "okta",
    "name": "hotjar",
    "product": "hotjar",
    "users": 3,
    "scopes": [],
    "evidence": "Okta app 0oa1hotjar (OpenID Connect, 3 assigned users)"
  },
  {
    "source": "okta",
    "name": "Marketo",
    "product": "marketo-engage",
    "users": 12,
    "scopes": [],
    "evidence": "Okta app 0oa1marketo (SAML 2.0, 12 assigned users)"
  },
  {
    "source": "okta",
    "name": "Marketo (QA sandbox)",
    "product": "marketo-engage",
    "users": 5,
    "scopes": [],
    "evidence": "Okta app 0oa1marketoqa (SWA, 5 assigned users)"
  }
]`
	if string(got) != want {
		t.Errorf("tools:\n%s\nwant:\n%s", got, want)
	}
	if r.Found.Integrations == nil || r.Found.Flows == nil {
		t.Error("nil lists in the discovery")
	}
	// 9 active apps in pages of 2: 5 pages; users of the 5 reported apps
	// in pages of 2: 1 + 2 + 6 + 3 + 1 (Canva's empty page).
	n := countPaths(r.Served)
	if n["/api/v1/apps"] != 5 || n["/api/v1/apps/{id}/users"] != 13 || len(r.Served) != 18 {
		t.Errorf("requests = %v, want 5 app pages and 13 app user pages", n)
	}
	for _, q := range r.Served {
		if strings.Contains(q.Path, "0oa1dashboard") || strings.Contains(q.Path, "0oa1mixpanel") {
			t.Errorf("counted the users of a skipped app: %s", q.Path)
		}
	}
}

func TestDiscoverIncludeInactive(t *testing.T) {
	for _, style := range []string{okta.SandboxLinksSeparate, okta.SandboxLinksNextFirst, okta.SandboxLinksJoined} {
		s := discoverSeed()
		s.LinkStyle = style
		r := discoverer().MustRun(t, setup{Seed: s, HCL: discoveryHCL("include_inactive = true")})
		var names []string
		for _, tool := range r.Found.Tools {
			names = append(names, tool.Name+":"+tool.Evidence)
		}
		if len(names) != 6 || !strings.Contains(strings.Join(names, "|"), "Mixpanel:Okta app 0oa1mixpanel (SAML 2.0, inactive, 2 assigned users)") {
			t.Errorf("links %q: tools = %q, want 6 with the inactive Mixpanel", style, names)
		}
	}
}

// TestDiscoverIgnoredFilter: an org that ignores the status filter still
// gets its inactive apps left out.
func TestDiscoverIgnoredFilter(t *testing.T) {
	org := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/apps":
			if r.URL.Query().Get("filter") != `status eq "ACTIVE"` {
				t.Errorf("filter = %q", r.URL.Query().Get("filter"))
			}
			w.Write([]byte(`[{"id":"0oa1","label":"A","name":"a","status":"ACTIVE","signOnMode":"SAML_2_0"},
				{"id":"0oa2","label":"B","name":"b","status":"INACTIVE","signOnMode":"SAML_2_0"}]`))
		default:
			w.Write([]byte(`[{"id":"00u1"},{"id":"00u2"},{"id":"00u1"}]`))
		}
	}))
	defer org.Close()
	r := discoverer().MustRun(t, setup{Seed: discoverSeed(), Endpoint: org.URL})
	if len(r.Found.Tools) != 1 || r.Found.Tools[0].Name != "A" || r.Found.Tools[0].Users != 2 {
		t.Errorf("tools = %+v, want A with 2 users", r.Found.Tools)
	}
}

// TestDiscoverAppRemovedMeanwhile: an app deleted between the listing and
// the count is left out, not a failure.
func TestDiscoverAppRemovedMeanwhile(t *testing.T) {
	org := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/apps":
			w.Write([]byte(`[{"id":"0oa1","label":"A","status":"ACTIVE"},{"id":"0oa2","label":"B","status":"ACTIVE"}]`))
		case "/api/v1/apps/0oa2/users":
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"errorCode":"E0000007","errorSummary":"Not found: Resource not found: 0oa2 (AppInstance)","errorCauses":[]}`))
		default:
			w.Write([]byte(`[{"id":"00u1"}]`))
		}
	}))
	defer org.Close()
	r := discoverer().MustRun(t, setup{Seed: discoverSeed(), Endpoint: org.URL})
	if len(r.Found.Tools) != 1 || r.Found.Tools[0].Evidence != "Okta app 0oa1 (no sign-on mode, 1 assigned user)" {
		t.Errorf("tools = %+v", r.Found.Tools)
	}
}

// TestDiscoverBadResponses: Okta's own answers (the generic ones are in
// TestConformance).
func TestDiscoverBadResponses(t *testing.T) {
	discoverer().Cases(t, []scantest.Case{
		{Name: "401 invalid token", WantCalls: 1, Setup: setup{Token: canary},
			WantErr: []string{"okta: GET /api/v1/apps: HTTP 401 Unauthorized (Okta error E0000011)", "OKTA_TOKEN", "Security › API › Tokens"}},
		{Name: "403 cannot read apps", WantCalls: 1, Setup: setup{Seed: func() okta.SandboxSeed {
			s := discoverSeed()
			s.Scopes = []string{okta.SandboxScopeUsers}
			return s
		}()}, WantErr: []string{"HTTP 403 Forbidden (Okta error E0000006)", "may not read apps (permission okta.apps.read)"}},
	}, nil)
}

func TestDiscoverUnsetToken(t *testing.T) {
	d := discovery(t, "")
	env := scanners.Env{Getenv: func(string) string { return "" }, HTTP: scantest.Fast()}
	_, err := okta.NewDiscoverer().Discover(context.Background(), d, env)
	if err == nil || !strings.Contains(err.Error(), "OKTA_TOKEN is not set") {
		t.Errorf("error = %v", err)
	}
}

func TestDiscoverValidate(t *testing.T) {
	scantest.ValidateDiscoverer(t, okta.Spec(), []scantest.ValidateCase{
		{Name: "ok", Body: "host = \"acme.okta.com\"\ntoken_env = \"OKTA_TOKEN\""},
		{Name: "include_inactive", Body: "host = \"acme.oktapreview.com\"\ntoken_env = \"OKTA_TOKEN\"\ninclude_inactive = true"},
		{Name: "missing token_env", Body: "host = \"acme.okta.com\"", Want: []string{"Missing token_env"}},
		{Name: "missing host", Body: "token_env = \"OKTA_TOKEN\"", Want: []string{"Missing host"}},
		{Name: "include_inactive not bool", Body: "host = \"acme.okta.com\"\ntoken_env = \"OKTA_TOKEN\"\ninclude_inactive = \"yes\"",
			Want: []string{"Invalid include_inactive setting"}},
		{Name: "unknown setting", Body: "host = \"acme.okta.com\"\ntoken_env = \"OKTA_TOKEN\"\napps = [\"marketo\"]",
			Want: []string{"Unsupported argument"}},
	})
}

func TestNextLink(t *testing.T) {
	const next = "https://acme.okta.com/api/v1/users?after=00u2&limit=200"
	const self = "https://acme.okta.com/api/v1/users?limit=200"
	tests := []struct {
		name   string
		values []string
		want   string
		bad    bool
	}{
		{name: "no header"},
		{name: "self only", values: []string{`<` + self + `>; rel="self"`}},
		{name: "self then next lines", values: []string{`<` + self + `>; rel="self"`, `<` + next + `>; rel="next"`}, want: next},
		{name: "next then self lines", values: []string{`<` + next + `>; rel="next"`, `<` + self + `>; rel="self"`}, want: next},
		{name: "comma-joined", values: []string{`<` + self + `>; rel="self", <` + next + `>; rel="next"`}, want: next},
		{name: "comma-joined next first", values: []string{`<` + next + `>; rel="next",<` + self + `>; rel="self"`}, want: next},
		{name: "unquoted rel, odd case and spaces", values: []string{` <` + next + `> ;  REL = Next `}, want: next},
		{name: "several relation types", values: []string{`<` + next + `>; rel="prefetch next"`}, want: next},
		{name: "comma in URL and quoted parameter", values: []string{`<https://x/a?f=1,2>; title="a, b"; rel="self", <https://x/b?f=3,4>; rel="next"`}, want: "https://x/b?f=3,4"},
		{name: "next-page is not next", values: []string{`<` + next + `>; rel="next-page"`}},
		{name: "no angle brackets", values: []string{next + `; rel="next"`}, bad: true},
		{name: "unclosed", values: []string{`<` + next + `; rel="next"`}, bad: true},
	}
	for _, tt := range tests {
		got, err := okta.NextLink(tt.values)
		if (err != nil) != tt.bad || got != tt.want {
			t.Errorf("%s: NextLink = %q, %v; want %q (error %v)", tt.name, got, err, tt.want, tt.bad)
		}
	}
}

func FuzzNextLink(f *testing.F) {
	f.Add(`<https://acme.okta.com/api/v1/apps?limit=200>; rel="self"`, `<https://acme.okta.com/api/v1/apps?after=0oa2&limit=200>; rel="next"`)
	f.Add(`<https://x/a>; rel="self", <https://x/b>; rel="next"`, ``)
	f.Add(`<a>; title="x,<y>; rel=next"`, `<`)
	f.Fuzz(func(t *testing.T, a, b string) {
		got, err := okta.NextLink([]string{a, b})
		if err == nil && got != "" && !strings.Contains(a+b, got) {
			t.Fatalf("next link %q is not in the header", got)
		}
	})
}

func FuzzDecodeApps(f *testing.F) {
	scantest.FuzzDecoder(f, scantest.InFewWords, okta.DecodeApps, func(t *testing.T, apps []okta.App) {
		scantest.Every(t, apps, func(a okta.App) bool { return a.ID != "" }, "accepted an app without id")
	},
		`[{"id":"0oa1","name":"marketo","label":"Marketo","status":"ACTIVE","signOnMode":"SAML_2_0","created":"2024-01-15T10:00:00.000Z","lastUpdated":"2024-01-15T10:00:00.000Z","features":[],"_links":{}}]`,
		`[]`,
		`null`,
		`{"errorCode":"E0000011","errorSummary":"Invalid token provided","errorCauses":[]}`,
		`[{"id":1}]`,
		`[{"label":"no id"}]`,
		`[`,
	)
}

func FuzzDecodeAppUsers(f *testing.F) {
	scantest.FuzzDecoder(f, scantest.InFewWords, okta.DecodeAppUsers, func(t *testing.T, users []okta.AppUser) {
		scantest.Every(t, users, func(u okta.AppUser) bool { return u.ID != "" }, "accepted an app user without id")
	},
		`[{"id":"00u1","externalId":null,"created":"2024-01-15T10:00:00.000Z","scope":"USER","status":"ACTIVE","credentials":{"userName":"a@x.example"},"profile":{},"_links":{}}]`,
		`[{"id":"00u1","scope":"GROUP","status":"PROVISIONED","credentials":null}]`,
		`[]`,
		`{}`,
		`[{"id":""}]`,
		`[{"id":"00u1","credentials":{"userName":7}}]`,
	)
}

func FuzzDecodeUsers(f *testing.F) {
	scantest.FuzzDecoder(f, scantest.InFewWords, okta.DecodeUsers, func(t *testing.T, users []okta.User) {
		scantest.Every(t, users, func(u okta.User) bool { return u.ID != "" }, "accepted a user without id")
	},
		`[{"id":"00u1","status":"ACTIVE","created":"2024-01-15T10:00:00.000Z","lastLogin":"2026-11-19T17:02:11.000Z","profile":{"login":"a@x.example","email":"a@x.example"},"credentials":{}}]`,
		`[{"id":"00u1","status":"STAGED","lastLogin":null,"profile":{}}]`,
		`[{"id":"00u1","lastLogin":"yesterday"}]`,
		`[]`,
		`"users"`,
		`[{"id":"00u1","profile":[]}]`,
	)
}
