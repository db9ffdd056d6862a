package httpjson_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/httpjson"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/usage"
)

// acmeGong is the acme example's block (examples/acme/tools/sales.hcl).
const acmeGong = `
    url          = "https://api.gong.io/v2/stats/activity/day-by-day"
    method       = "POST"
    body         = { filter = { fromDate = "$as_of-90d", toDate = "$as_of" } }
    users        = ".usersDetailedActivities[] | {id: .userId, email: .userEmailAddress, last_active: ([.userDailyActivityStats[] | select([.[] | arrays | length] | add > 0) | .fromDate] | max)}"
    next         = ".records.cursor"
    cursor_param = "cursor"
`

// served is one request an httptest server received.
type served struct {
	method, path, query string
	header              http.Header
	body                string
}

// serve answers each request with answer(n, request) (n counts from 1) and
// records the requests.
func serve(t *testing.T, answer func(n int, w http.ResponseWriter, r *http.Request)) (*httptest.Server, func() []served) {
	t.Helper()
	var mu sync.Mutex
	var got []served
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, served{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), string(b)})
		n := len(got)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		answer(n, w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []served { mu.Lock(); defer mu.Unlock(); return append([]served(nil), got...) }
}

// scanAt scans one http block against srv, with the credential variable
// and vars set, on a fake clock.
func scanAt(t *testing.T, srv *httptest.Server, settings string, vars map[string]string) (*usage.ToolUsage, *scantest.Clock, error) {
	t.Helper()
	tool := scantest.Load(t, vendor().ToolHCL(settings)).Tools[0]
	clock := scantest.NewClock()
	env := map[string]string{"GONG_BASIC_AUTH": goodToken}
	for k, v := range vars {
		env[k] = v
	}
	u, err := httpjson.New().Scan(t.Context(), tool, scanners.Env{BaseURL: srv.URL, AsOf: scantest.AsOf(), HTTP: clock.Options(scantest.Fast()),
		Getenv: func(k string) string { return env[k] }})
	if err == nil {
		usage.Tally(u, scantest.AsOf())
	}
	return u, clock, err
}

// TestAcmeGongOnRecordedResponses: the acme example's expression on Gong's
// recorded day-by-day answer: the last day with any call is the user's last
// activity, a user without such a day was never active in the window; the
// POST carries the window of the as-of date and, on the second page, the
// cursor in its body.
func TestAcmeGongOnRecordedResponses(t *testing.T) {
	t.Parallel()
	srv, requests := serve(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		body := scantest.Recorded(t, "gong-day-by-day.json")
		if n == 2 {
			// The last page: no cursor, nobody new.
			body = []byte(`{"requestId":"x","records":{"totalRecords":2,"currentPageSize":0,"currentPageNumber":1},"usersDetailedActivities":[]}`)
		}
		_, _ = w.Write(body)
	})
	u, _, err := scanAt(t, srv, acmeGong, nil)
	if err != nil {
		t.Fatal(err)
	}
	last := time.Date(2026, 11, 17, 8, 0, 0, 0, time.UTC)
	if len(u.Users) != 2 || u.Users[0].ID != "234599484848423" || u.Users[0].LastActive == nil || !u.Users[0].LastActive.Equal(last) ||
		u.Users[1].LastActive != nil || u.Seats.Purchased != nil {
		t.Errorf("usage %+v, want the first user last active %s and the second never", u, last)
	}
	reqs := requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2 pages", len(reqs))
	}
	for i, r := range reqs {
		var body struct {
			Cursor string            `json:"cursor"`
			Filter map[string]string `json:"filter"`
		}
		if err := json.Unmarshal([]byte(r.body), &body); err != nil {
			t.Fatalf("request %d body %q: %v", i, r.body, err)
		}
		wantCursor := ""
		if i == 1 {
			wantCursor = "eyJhbGciOiJIUzI1NiJ9.eyJjYWxsSWQiM1M30.6qKwpOcvnuweTZmFRzYdtjs_YwJphJU4QIwWFM"
		}
		if r.method != http.MethodPost || r.path != "/v2/stats/activity/day-by-day" || r.header.Get("Content-Type") != "application/json" ||
			r.header.Get("Authorization") != goodToken || body.Cursor != wantCursor ||
			body.Filter["fromDate"] != "2026-08-22" || body.Filter["toDate"] != "2026-11-20" {
			t.Errorf("request %d: %s %s %v body %s", i, r.method, r.path, r.header, r.body)
		}
	}
}

// TestDecodeRecordedGongUsers: Gong's user list has no activity date, and
// an expression that reads one (the old acme example) sees every user as
// never active: the reason the example changed.
func TestDecodeRecordedGongUsers(t *testing.T) {
	t.Parallel()
	doc := scantest.Decoded(t, httpjson.DecodePage, "gong-users.json")
	users := doc.(map[string]any)["users"].([]any)
	u := users[0].(map[string]any)
	if _, ok := u["lastActivityTime"]; ok || u["emailAddress"] != "test@test.com" {
		t.Errorf("user %v", u)
	}
}

// TestPostRetriedAfter429: a POST query answered 429 with Retry-After is
// sent again after the wait, with the same body.
func TestPostRetriedAfter429(t *testing.T) {
	t.Parallel()
	srv, requests := serve(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			w.Header().Set("Retry-After", "4")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"requestId":"x","errors":["API limit reached"]}`))
			return
		}
		_, _ = w.Write([]byte(`{"records":{"totalRecords":1},"usersDetailedActivities":[{"userId":"1","userEmailAddress":"a@x.example","userDailyActivityStats":[]}]}`))
	})
	u, clock, err := scanAt(t, srv, acmeGong, nil)
	if err != nil {
		t.Fatal(err)
	}
	reqs := requests()
	if len(u.Users) != 1 || len(reqs) != 2 || reqs[0].body != reqs[1].body || reqs[1].body == "" {
		t.Errorf("%d users, requests %+v; want the same body twice", len(u.Users), reqs)
	}
	if w := clock.Sleeps(); len(w) != 1 || w[0] != 4*time.Second {
		t.Errorf("waits %v, want the 4s asked for", w)
	}
}

// TestHeadersFromEnvironment: each header's value comes from the variable
// the block names, and only to the API's host; an unset one stops the scan
// naming it, not its value.
func TestHeadersFromEnvironment(t *testing.T) {
	t.Parallel()
	const settings = `
    url     = "https://api.gong.io/v2/users"
    users   = ".users[] | {id, email: .emailAddress}"
    headers = { "X-Tenant-Id" = "VENDOR_TENANT", "X-Workspace" = "VENDOR_WS" }
`
	srv, requests := serve(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write(scantest.Recorded(t, "gong-users.json"))
	})
	// The recorded page has a cursor, but this block reads one page.
	u, _, err := scanAt(t, srv, settings, map[string]string{"VENDOR_TENANT": "tenant-7f2", "VENDOR_WS": "ws-1"})
	if err != nil {
		t.Fatal(err)
	}
	h := requests()[0].header
	if len(u.Users) != 1 || h.Get("X-Tenant-Id") != "tenant-7f2" || h.Get("X-Workspace") != "ws-1" || h.Get("Authorization") != goodToken {
		t.Errorf("%d users, headers %v", len(u.Users), h)
	}
	_, _, err = scanAt(t, srv, settings, map[string]string{"VENDOR_TENANT": "tenant-7f2"})
	scantest.ErrorContains(t, err, "environment variable VENDOR_WS is not set (the value of the header X-Workspace)")
	scantest.NotShown(t, err, "tenant-7f2", goodToken)
	if got := httpjson.CredentialEnv(scantest.Load(t, vendor().ToolHCL(settings)).Tools[0].Scan); strings.Join(got, ",") != "VENDOR_TENANT,VENDOR_WS" {
		t.Errorf("CredentialEnv = %v", got)
	}
}

// TestLinkHeaderPaging: next_link follows rel="next" across header lines
// and comma-joined links, relative or absolute on the same host; a link to
// another host stops the scan rather than send the credential there.
func TestLinkHeaderPaging(t *testing.T) {
	t.Parallel()
	const settings = `
    url       = "https://api.gong.io/v2/users"
    users     = ".users[] | {id}"
    next_link = true
`
	page := func(id string) []byte { return []byte(`{"users":[{"id":"` + id + `"}]}`) }
	tests := []struct {
		name    string
		links   func(base string, n int) []string
		want    int
		wantErr string
	}{
		{name: "separate lines, self first", want: 3, links: func(base string, n int) []string {
			if n >= 3 {
				return []string{`<` + base + `/v2/users?page=3>; rel="self"`}
			}
			return []string{`<` + base + `/v2/users?page=` + string(rune('0'+n)) + `>; rel="self"`, `</v2/users?page=` + string(rune('1'+n)) + `>; rel="next"`}
		}},
		{name: "comma-joined with quoted commas and several rels", want: 2, links: func(base string, n int) []string {
			if n >= 2 {
				return nil
			}
			return []string{`<` + base + `/v2/users?page=1>; rel="first"; title="a, b", <` + base + `/v2/users?page=2>; rel="next last"`}
		}},
		{name: "another host", want: 0, wantErr: "the Link header's next page is on another host; only links on 127.0.0.1", links: func(string, int) []string {
			return []string{`<https://evil.example/v2/users?page=2>; rel="next"`}
		}},
		{name: "not in angle brackets", want: 0, wantErr: "the Link header does not parse", links: func(string, int) []string {
			return []string{`https://api.gong.io/v2/users?page=2; rel="next"`}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var base string
			srv, requests := serve(t, func(n int, w http.ResponseWriter, _ *http.Request) {
				for _, l := range tt.links(base, n) {
					w.Header().Add("Link", l)
				}
				_, _ = w.Write(page(string(rune('a' + n))))
			})
			base = srv.URL
			u, _, err := scanAt(t, srv, settings, nil)
			if tt.wantErr != "" {
				scantest.ErrorContains(t, err, tt.wantErr)
				scantest.NotShown(t, err, "page=2")
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(u.Users) != tt.want || len(requests()) != tt.want {
				t.Errorf("%d users from %d requests, want %d", len(u.Users), len(requests()), tt.want)
			}
		})
	}
}

func TestNextLink(t *testing.T) {
	t.Parallel()
	tests := []struct {
		values  []string
		want    string
		wantErr bool
	}{
		{values: nil, want: ""},
		{values: []string{`<https://a/x?p=2>; rel="next"`}, want: "https://a/x?p=2"},
		{values: []string{`<https://a/x?p=1>; rel=prev, <https://a/x?p=3>; rel=next`}, want: "https://a/x?p=3"},
		{values: []string{`<https://a/x?p=1>; rel="self"`, `<https://a/x?p=2>; REL="Next"`}, want: "https://a/x?p=2"},
		{values: []string{`<https://a/x?p=9>; rel="last"; title="next, please"`}, want: ""},
		{values: []string{`<https://a/x?p=2>; rel="next`}, want: "https://a/x?p=2"},
		{values: []string{`<https://a/x?p=2; rel="next"`}, wantErr: true},
		{values: []string{`https://a/x?p=2; rel="next"`}, wantErr: true},
	}
	for _, tt := range tests {
		got, err := httpjson.NextLink(tt.values)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("NextLink(%q) = %q, %v; want %q (error %v)", tt.values, got, err, tt.want, tt.wantErr)
		}
	}
}
