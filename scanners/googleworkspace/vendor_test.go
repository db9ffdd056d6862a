package googleworkspace_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners/googleworkspace"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/usage"
)

// The tests in this file run the decoders, the scanner and the discoverer
// on the recorded vendor responses of testdata/vendor (see its SOURCE).

func TestDecodeRecorded(t *testing.T) {
	scantest.CheckRecorded(t, []scantest.Recording{
		{File: "activities_token_authorize.json", Check: func(t *testing.T, body []byte) {
			p, err := googleworkspace.DecodeActivities(body)
			if err != nil {
				t.Fatal(err)
			}
			e := p.Items[0].Events[0]
			id, _ := e.Param("client_id")
			name, _ := e.Param("app_name")
			scope, _ := e.Param("scope")
			if len(p.Items) != 2 || p.NextPageToken == "" || e.Name != "authorize" || name.Value != "Calendly" ||
				!strings.HasSuffix(id.Value, ".apps.googleusercontent.com") || len(scope.MultiValue) != 2 ||
				!p.Items[0].ID.Time.Equal(time.Date(2026, 11, 17, 15, 4, 27, 351e6, time.UTC)) || p.Items[0].Actor.Email != "liz@acme.example" {
				t.Errorf("decoded %+v", p)
			}
		}},
		{File: "activities_empty.json", Check: func(t *testing.T, body []byte) {
			p, err := googleworkspace.DecodeActivities(body)
			if err != nil || len(p.Items) != 0 || p.NextPageToken != "" {
				t.Errorf("decoded %+v, %v", p, err)
			}
		}},
		{File: "users_list.json", Check: func(t *testing.T, body []byte) {
			p, err := googleworkspace.DecodeUsers(body)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Users) != 3 || p.NextPageToken == "" || p.Users[0].CustomerID != "C01abc23d" {
				t.Fatalf("decoded %+v", p)
			}
			if l := p.Users[0].LastLogin(); l == nil || !l.Equal(time.Date(2026, 11, 19, 8, 41, 55, 0, time.UTC)) {
				t.Errorf("ann's last login %v", l)
			}
			// Google's "never signed in" is the Unix epoch.
			if l := p.Users[1].LastLogin(); l != nil {
				t.Errorf("new hire's last login %v, want none", l)
			}
			if !p.Users[2].Suspended || p.Users[2].LastLogin() == nil {
				t.Errorf("liz: %+v", p.Users[2])
			}
		}},
		{File: "tokens_list.json", Check: func(t *testing.T, body []byte) {
			p, err := googleworkspace.DecodeTokens(body)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Items) != 3 || p.Items[1].DisplayText != "Hotjar" || len(p.Items[0].Scopes) != 3 || !p.Items[2].NativeApp {
				t.Errorf("decoded %+v", p)
			}
		}},
		{File: "tokens_list_empty.json", Check: func(t *testing.T, body []byte) {
			p, err := googleworkspace.DecodeTokens(body)
			if err != nil || len(p.Items) != 0 {
				t.Errorf("decoded %+v, %v", p, err)
			}
		}},
		{File: "licenses_list_for_product.json", Check: func(t *testing.T, body []byte) {
			p, err := googleworkspace.DecodeLicenses(body)
			if err != nil || len(p.Items) != 3 || p.Items[0].SKUID != "1010020027" || p.Items[1].UserID != "new.hire@acme.example" || p.NextPageToken == "" {
				t.Errorf("decoded %+v, %v", p, err)
			}
		}},
	})
}

// recordedAPI answers each path with a recorded body, and a later page
// (one asked for with a pageToken) with the list's last, empty page.
func recordedAPI(t *testing.T, first map[string]string, last map[string]string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		if r.URL.Query().Get("pageToken") != "" {
			if body, ok := last[r.URL.Path]; ok {
				_, _ = w.Write([]byte(body))
				return
			}
		}
		name, ok := first[r.URL.Path]
		if !ok {
			name = first["*"]
		}
		_, _ = w.Write(scantest.Recorded(t, name))
	})
}

// TestRecordedScan: licence holders' activity is the Directory's
// lastLoginTime (before, licence holders never counted as active).
func TestRecordedScan(t *testing.T) {
	h := recordedAPI(t,
		map[string]string{usersPath: "users_list.json", licensesPath: "licenses_list_for_product.json"},
		map[string]string{usersPath: `{"kind":"admin#directory#users"}`, licensesPath: `{"kind":"licensing#licenseAssignmentList"}`})
	r := vendor().Run(t, setup{Endpoint: "/", HCL: scanHCL(`
    customer_id = "C01abc23d"
    product_id  = "Google-Apps"`), Handler: h})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	usage.Tally(r.Usage, scantest.AsOf())
	last := map[string]string{}
	for _, u := range r.Usage.Users {
		last[u.Email] = "never"
		if u.LastActive != nil {
			last[u.Email] = u.LastActive.Format(time.RFC3339)
		}
	}
	want := map[string]string{"ann@acme.example": "2026-11-19T08:41:55Z", "new.hire@acme.example": "never", "liz@acme.example": "never"}
	for email, w := range want {
		if last[email] != w {
			t.Errorf("%s last active %q, want %q", email, last[email], w)
		}
	}
	if r.Usage.Seats.Assigned != 3 || r.Usage.Active.D30 != 1 {
		t.Errorf("seats %+v, active %+v; want 3 assigned, 1 active", r.Usage.Seats, r.Usage.Active)
	}
}

// TestRecordedDiscover: the apps users hold grants to now count, whenever
// they were granted (before, only the audit log's authorize events of the
// window did, and Hotjar, granted earlier and used daily, was missed).
func TestRecordedDiscover(t *testing.T) {
	h := recordedAPI(t,
		map[string]string{usersPath: "users_list.json", usersPath + "/ann@acme.example/tokens": "tokens_list.json", "*": "tokens_list_empty.json",
			reportsPath: "activities_token_authorize.json"},
		map[string]string{usersPath: `{"kind":"admin#directory#users"}`, reportsPath: string(scantest.Recorded(t, "activities_empty.json"))})
	r := discoverer().MustRun(t, setup{Endpoint: "/", Handler: h})
	got := map[string]string{}
	for _, tool := range r.Found.Tools {
		got[tool.Name] = tool.Evidence
		if tool.Name == "Calendly" && tool.Users != 2 {
			t.Errorf("Calendly: %d users, want Ann (holds it) and Liz (authorized it)", tool.Users)
		}
	}
	want := map[string]string{
		"Calendly": "OAuth client 1063467712143-4ndqa8ffd6nscmd3lhek2hq0uvj1n9to.apps.googleusercontent.com held by 1 user now; authorized by 1 user on 2026-11-17",
		"Hotjar":   "OAuth client 295608436216-hotjar0bmf0b6o3d0t3p0m4t2g7fnv1a.apps.googleusercontent.com held by 1 user now",
	}
	if len(got) != len(want) {
		t.Errorf("tools %v, want %v (Google Chrome is Google's own)", got, want)
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: evidence %q, want %q", name, got[name], w)
		}
	}
	// The suspended user's grants are not read.
	for _, q := range r.Requests {
		if strings.Contains(q.Path, "liz@") {
			t.Errorf("read %s", q.Path)
		}
	}
}
