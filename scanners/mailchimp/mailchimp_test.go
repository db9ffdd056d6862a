package mailchimp_test

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/mailchimp"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

const (
	goodKey = "0123456789abcdef0123456789abcdef-us6"
	canary  = "c4a7a12e9d0b4f7e8a5c6b3d2e1f0a9b-us6"
)

var lastLogin = time.Date(2026, 11, 17, 9, 30, 0, 0, time.UTC)

const usHost = `host = "us6.api.mailchimp.com"`

// seed is an account on us6 with n authorized apps, in pages of 100.
func seed(n int) mailchimp.SandboxSeed {
	s := mailchimp.SandboxSeed{Access: sandbox.Access{Token: goodKey, PageSize: 100}, DataCenter: "us6",
		Account: mailchimp.SandboxAccount{AccountID: "8d3a3db4d97663a9074efcc16", AccountName: "Acme", Email: "owner@acme.example",
			Username: "acme-owner", Role: "owner", PricingPlanType: "monthly", LastLogin: lastLogin, TotalSubscribers: 12000},
		Lists: []mailchimp.SandboxList{{ID: "57afe96172", Name: "Newsletter", MemberCount: 12000}},
	}
	for i := range n {
		s.Apps = append(s.Apps, mailchimp.SandboxApp{ID: 10000 + i, Name: fmt.Sprint("App ", i), Users: []string{"acme-owner"}})
	}
	return s
}

// setup is one run of the scanner by vendor().Run: the seed is seed(150)
// unless the test gives one.
type setup = scantest.Setup

func TestScanHappyPath(t *testing.T) {
	r := vendor().MustRun(t, setup{Seed: seed(250)})
	paths := map[string]int{}
	for _, q := range r.Served {
		paths[q.Path]++
		user, pass, ok := parseBasic(q.Authorization)
		if !ok || user == "" || pass != goodKey {
			t.Errorf("request %s without Basic auth carrying the key", q.Path)
		}
	}
	// The root, then 250 apps in pages of 100.
	if paths["/3.0/"] != 1 || paths["/3.0/authorized-apps"] != 3 || len(r.Served) != 4 {
		t.Errorf("requests %v, want / once and 3 pages of /authorized-apps", paths)
	}
	// Contacts, the billed metric: no seat holders, no activity.
	if r.Usage.Unit != usage.UnitContacts || r.Usage.Seats.Assigned != 12000 || r.Usage.Seats.Purchased != nil || len(r.Usage.Users) != 0 {
		t.Errorf("unit %q, seats %+v, users %+v; want 12000 contacts, no limit, no users", r.Usage.Unit, r.Usage.Seats, r.Usage.Users)
	}
	if r.Usage.ActivityMeasured() {
		t.Error("contacts measured as activity")
	}
}

func parseBasic(auth string) (user, pass string, ok bool) {
	r := &http.Request{Header: http.Header{"Authorization": {auth}}}
	return r.BasicAuth()
}

// TestScanContactLimit: the scan block's contact_limit is the purchased
// contacts; a root without total_subscribers is an error, not 0 contacts.
func TestScanContactLimit(t *testing.T) {
	r := vendor().MustRun(t, scantest.Setup{Seed: seed(0), HCL: vendor().ToolHCL(usHost, "contact_limit = 15000")})
	if p := r.Usage.Seats.Purchased; p == nil || *p != 15000 || r.Usage.Seats.Assigned != 12000 || r.Usage.Unit != usage.UnitContacts {
		t.Errorf("seats %+v, unit %q; want 12000 of 15000 contacts", r.Usage.Seats, r.Usage.Unit)
	}
	if len(r.Served) != 2 {
		t.Errorf("%d requests, want the root and one empty page of apps", len(r.Served))
	}
}

// recorder is a transport that answers 401 and records where it was sent,
// to see the real data-centre address without leaving the machine.
type recorder struct {
	mu   sync.Mutex
	urls []string
}

func (rt *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	rt.urls = append(rt.urls, req.URL.Scheme+"://"+req.URL.Host+req.URL.Path)
	rt.mu.Unlock()
	body := `{"type":"https://mailchimp.com/developer/marketing/docs/errors/","title":"API Key Invalid","status":401,"detail":"x","instance":"y"}`
	return &http.Response{StatusCode: http.StatusUnauthorized, Header: http.Header{"Content-Type": {"application/problem+json"}},
		Body: io.NopCloser(strings.NewReader(body)), Request: req}, nil
}

func TestDataCentre(t *testing.T) {
	tests := []struct {
		name, host, key string   // host: the scan block's host line (none when empty)
		wantURL         string   // where the first call goes
		wantErr         []string // the error, when no call may be made
	}{
		{name: "host", host: usHost, key: goodKey, wantURL: "https://us6.api.mailchimp.com/3.0/"},
		{name: "from the key", key: "0123456789abcdef0123456789abcdef-us19", wantURL: "https://us19.api.mailchimp.com/3.0/"},
		{name: "host without a suffix", host: usHost, key: "0123456789abcdef0123456789abcdef", wantURL: "https://us6.api.mailchimp.com/3.0/"},
		{name: "key and host disagree", host: usHost, key: "c4a7a12e9d0b4f7e8a5c6b3d2e1f0a9b-us19",
			wantErr: []string{"the API key in MAILCHIMP_API_KEY belongs to data centre us19, but the scan block's host is us6.api.mailchimp.com",
				`set host = "us19.api.mailchimp.com"`}},
		{name: "neither", key: "c4a7a12e9d0b4f7e8a5c6b3d2e1f0a9b",
			wantErr: []string{"the API key in MAILCHIMP_API_KEY has no data-centre suffix", `add host = "us6.api.mailchimp.com"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rt := &recorder{}
			opts := scantest.Fast()
			opts.Transport = rt
			r := vendor().Run(t, setup{Seed: seed(1), HCL: vendor().ToolHCL(tt.host), Token: tt.key, NoEndpoint: true, Opts: &opts})
			if len(r.Served) != 0 {
				t.Errorf("the sandbox was called")
			}
			if r.Err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(r.Err.Error(), tt.key) {
				t.Errorf("error shows the key: %v", r.Err)
			}
			if tt.wantURL != "" {
				if len(rt.urls) == 0 || rt.urls[0] != tt.wantURL {
					t.Errorf("calls %v, want %s first", rt.urls, tt.wantURL)
				}
				return
			}
			if len(rt.urls) != 0 {
				t.Errorf("calls %v, want none", rt.urls)
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(r.Err.Error(), want) {
					t.Errorf("error %q\nwant it to contain %q", r.Err, want)
				}
			}
		})
	}
}

// TestScanBadResponses: Mailchimp's own answers (the generic ones are in
// TestConformance).
func TestScanBadResponses(t *testing.T) {
	// WantCalls: the requests the sandbox received (150 apps: the root and 2 pages).
	vendor().Cases(t, []scantest.Case{
		{Name: "429 until retries run out", WantCalls: 4, Setup: setup{Faults: sandbox.Faults{Status429Times: 100}},
			WantErr: []string{"mailchimp: GET /: HTTP 429 Too Many Requests (after 4 attempts): still rate limited", "10 simultaneous connections"}},
		{Name: "401 API Key Invalid", WantCalls: 1, Setup: setup{Token: canary},
			WantErr: []string{"mailchimp: GET /: HTTP 401 Unauthorized (API Key Invalid)", "rejected the API key in MAILCHIMP_API_KEY",
				"Profile › Extras › API keys", "put it in MAILCHIMP_API_KEY"}},
		{Name: "403 Wrong Datacenter", WantCalls: 1, Setup: setup{HCL: vendor().ToolHCL(), Token: "c4a7a12e9d0b4f7e8a5c6b3d2e1f0a9b-us7"},
			WantErr: []string{"mailchimp: GET /: HTTP 403 Forbidden (Wrong Datacenter)", "belongs to another data centre", "us7.api.mailchimp.com"}},
		{Name: "403 the key's user may not read apps", WantCalls: 2, Setup: setup{Seed: func() mailchimp.SandboxSeed {
			s := seed(3)
			s.Forbidden = []string{"/authorized-apps"}
			return s
		}()}, WantErr: []string{"mailchimp: GET /authorized-apps: HTTP 403 Forbidden: the user who owns the API key in MAILCHIMP_API_KEY", "may not read /authorized-apps", "owner or an admin"}},
		{Name: "404 wrong address", WantCalls: 1, Setup: setup{Endpoint: vendor().Base + "/v2"},
			WantErr: []string{"mailchimp: GET /: HTTP 404 Not Found (Resource Not Found)", "check the scan block's host"}},
		// Mailchimp pages by offset: a loop is a page of apps seen before.
		{Name: "looping pages", WantCalls: 3, Setup: setup{Faults: sandbox.Faults{LoopingCursor: true}},
			WantErrIs: scanners.ErrCursorLoop, WantErr: []string{"mailchimp: GET /authorized-apps: page 2 repeats earlier apps"}},
	}, func(t *testing.T, _ scantest.Case, r scantest.Result) { noSecrets(t, r) })
}

// noSecrets fails when a key (or its Basic encoding) or a query shows in
// the error or the HTTP log.
func noSecrets(t *testing.T, r scantest.Result) {
	t.Helper()
	var secrets []string
	for _, k := range []string{canary, goodKey, "c4a7a12e9d0b4f7e8a5c6b3d2e1f0a9b"} {
		secrets = append(secrets, k, base64.StdEncoding.EncodeToString([]byte("stackaudit:" + k))[:24])
	}
	for _, s := range secrets {
		if strings.Contains(r.Log, s) {
			t.Errorf("a key appears in the log")
		}
	}
	scantest.NotShown(t, r.Err, append(secrets, "offset=", "?")...)
}

// TestPagingGuards: a total that grows while paging, or an empty page
// before the total, ends the scan instead of paging forever or stopping
// short.
func TestPagingGuards(t *testing.T) {
	tests := []struct {
		name    string
		pages   []string // the answers to the pages of /authorized-apps, in order
		wantErr string
	}{
		{name: "total grows", pages: []string{
			`{"apps":[{"id":1,"name":"a","users":[]}],"total_items":2}`,
			`{"apps":[{"id":2,"name":"b","users":[]}],"total_items":3}`,
		}, wantErr: "mailchimp: GET /authorized-apps: total_items grew from 2 to 3 while paging"},
		{name: "empty page before the total", pages: []string{
			`{"apps":[{"id":1,"name":"a","users":[]}],"total_items":5}`,
			`{"apps":[],"total_items":5}`,
		}, wantErr: "mailchimp: GET /authorized-apps: page 2 is empty at offset 1 of 5 items"},
		{name: "total shrinks", pages: []string{
			`{"apps":[{"id":1,"name":"a","users":[]}],"total_items":3}`,
			`{"apps":[{"id":2,"name":"b","users":[]}],"total_items":2}`,
		}},
		{name: "no total", pages: []string{`{"apps":[]}`}, wantErr: "mailchimp: GET /authorized-apps: invalid response: no total_items"},
		{name: "no apps", pages: []string{`{"total_items":0}`}, wantErr: "mailchimp: GET /authorized-apps: invalid response: no apps list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var mu sync.Mutex
			n := 0
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				if r.URL.Path == "/3.0/" {
					fmt.Fprint(w, `{"account_id":"a1","email":"o@x.example","last_login":"2026-11-01T10:00:00+00:00","total_subscribers":10}`)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				if n >= len(tt.pages) {
					t.Errorf("page %d asked for", n+1)
					fmt.Fprint(w, `{"apps":[],"total_items":0}`)
					return
				}
				fmt.Fprint(w, tt.pages[n])
				n++
			}))
			defer srv.Close()
			r := vendor().Run(t, setup{Seed: seed(0), Endpoint: srv.URL + "/3.0"})
			switch {
			case tt.wantErr == "" && r.Err != nil:
				t.Fatalf("unexpected error: %v", r.Err)
			case tt.wantErr != "" && (r.Err == nil || !strings.Contains(r.Err.Error(), tt.wantErr)):
				t.Fatalf("error %v, want %q", r.Err, tt.wantErr)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	scantest.Validate(t, mailchimp.Spec(), []scantest.ValidateCase{
		{Name: "ok", TokenEnv: "MAILCHIMP_API_KEY"},
		{Name: "with host", TokenEnv: "MAILCHIMP_API_KEY", Body: usHost},
		{Name: "missing token_env", Want: []string{"Missing token_env"}},
		{Name: "unknown setting", TokenEnv: "MAILCHIMP_API_KEY", Body: `data_center = "us6"`, Want: []string{"Unsupported argument"}},
		{Name: "contact_limit", TokenEnv: "MAILCHIMP_API_KEY", Body: "contact_limit = 50000"},
		{Name: "contact_limit zero", TokenEnv: "MAILCHIMP_API_KEY", Body: "contact_limit = 0", Want: []string{"Invalid contact_limit setting"}},
		{Name: "contact_limit fraction", TokenEnv: "MAILCHIMP_API_KEY", Body: "contact_limit = 2.5", Want: []string{"Invalid contact_limit setting"}},
		{Name: "contact_limit string", TokenEnv: "MAILCHIMP_API_KEY", Body: `contact_limit = "50k"`, Want: []string{"Invalid contact_limit setting"}},
	})
}

func TestDecodeAccount(t *testing.T) {
	tests := []struct{ body, want string }{
		{`{"account_id":"8d3a3db4d97663a9074efcc16","email":"a@x.example","last_login":"2015-09-15T14:31:54+00:00"}`, ""},
		{`{"account_id":"8d3a","last_login":""}`, ""},
		{`{"account_id":"8d3a","last_login":null}`, ""},
		{`{"account_id":12345}`, ""},
		{`{"email":"a@x.example"}`, "invalid response: no account_id"},
		{`{"account_id":""}`, "invalid response: no account_id"},
		{`{"account_id":"8d3a","last_login":"yesterday"}`, "invalid response: last_login is not an RFC 3339 date"},
		{`{"account_id":"8d3a","total_subscribers":"many"}`, "invalid response: field total_subscribers is a JSON string, want int"},
		{`{"account_id":"8d3a","total_subscribers":-1}`, "invalid response: total_subscribers is negative"},
		{`[]`, "invalid response: not a JSON object"},
		{`{"account_id":"8d3a","email":"secret@x.example"`, "invalid JSON response (47 bytes): the body ends early"},
	}
	for _, tt := range tests {
		a, err := mailchimp.DecodeAccount([]byte(tt.body))
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.body, err)
		case tt.want == "" && a.AccountID == "":
			t.Errorf("%s: no account id", tt.body)
		case tt.want != "" && (err == nil || err.Error() != tt.want):
			t.Errorf("%s: error %v, want %q", tt.body, err, tt.want)
		}
	}
	a, _ := mailchimp.DecodeAccount([]byte(`{"account_id":"x","last_login":"2015-09-15T16:31:54+02:00"}`))
	if a.LastLogin == nil || a.LastLogin.Location() != time.UTC || a.LastLogin.Hour() != 14 {
		t.Errorf("last login %v, want 14:31 UTC", a.LastLogin)
	}
}

func FuzzDecodeAccount(f *testing.F) {
	scantest.FuzzDecoder(f, scantest.Unquoted, mailchimp.DecodeAccount, func(t *testing.T, a mailchimp.Account) {
		if a.AccountID == "" {
			t.Fatalf("accepted %+v", a)
		}
		if a.LastLogin != nil && a.LastLogin.Location() != time.UTC {
			t.Fatal("last login not in UTC")
		}
	},
		`{"account_id":"8d3a3db4d97663a9074efcc16","login_id":"1","account_name":"Acme","email":"a@x.com","role":"owner","pricing_plan_type":"monthly","last_login":"2015-09-15T14:31:54+00:00","total_subscribers":12}`,
		`{"account_id":"x","last_login":""}`, `{"account_id":1}`, `{"account_id":null}`, `{}`, `[`,
		`{"type":"https://mailchimp.com/developer/marketing/docs/errors/","title":"API Key Invalid","status":401,"detail":"x","instance":"y"}`,
	)
}

func FuzzDecodeAuthorizedApps(f *testing.F) {
	scantest.FuzzDecoder(f, scantest.Unquoted, mailchimp.DecodeAuthorizedApps, func(t *testing.T, p mailchimp.AuthorizedApps) {
		if p.Apps == nil || p.TotalItems < 0 {
			t.Fatalf("accepted %+v", p)
		}
		scantest.Every(t, p.Apps, func(a mailchimp.App) bool { return a.ID != "" }, "accepted an app without id")
	},
		`{"apps":[{"id":12345,"name":"Zapier","description":"","users":["acme-owner"],"_links":[]}],"total_items":1,"_links":[]}`,
		`{"apps":[],"total_items":0}`, `{"apps":[{"id":"7"}],"total_items":1}`, `{"apps":[{}],"total_items":1}`,
		`{"apps":null,"total_items":0}`, `{"apps":[],"total_items":-1}`, `{"apps":[]}`, `[`,
	)
}
