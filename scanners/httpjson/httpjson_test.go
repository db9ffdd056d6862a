package httpjson_test

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/httpjson"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

const (
	// goodToken is what GONG_BASIC_AUTH holds: the whole header value.
	goodToken = "Basic Z29uZy1rZXk6c2FuZGJveC1zZWNyZXQ="
	canary    = "CANARY-9b2f71c04e5d"
)

// gongSettings read every page of the simulated Gong API.
const gongSettings = `
    url          = "https://api.gong.io/v2/users"
    seats        = ".records.totalRecords"
    users        = ".users[] | select(.active) | {id, email: .emailAddress, last_active: .lastActivityTime}"
    next         = ".records.cursor"
    cursor_param = "cursor"
`

// seed is a Gong account with n users; user i was last active i days
// before asOf, and every tenth user is inactive.
func seed(n int) httpjson.SandboxSeed {
	s := httpjson.SandboxSeed{Access: sandbox.Access{Token: goodToken, PageSize: 100}, TotalRecords: n + 20}
	for i := range n {
		s.Users = append(s.Users, httpjson.SandboxUser{
			ID: fmt.Sprint(7_000_000_000_000_000_000 + i), Email: fmt.Sprintf("u%d@acme.example", i),
			Active: i%10 != 9, LastActivity: scantest.AsOf().AddDate(0, 0, -i),
		})
	}
	return s
}

// activeOf counts the active users of seed(n).
func activeOf(n int) int { return n - n/10 }

// setup is one run of the scanner (vendor().Run): the seed is seed(150)
// and the scan block's settings gongSettings, unless the test gives its
// own.
type setup = scantest.Setup

func scan(t *testing.T, s setup) scantest.Result {
	t.Helper()
	s.HCL = vendor().ToolHCL(cmp.Or(s.Settings, gongSettings))
	return vendor().Run(t, s)
}

func TestScanHappyPathThreePages(t *testing.T) {
	r := scan(t, setup{Seed: seed(250)})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	if got, want := len(r.Usage.Users), activeOf(250); got != want {
		t.Fatalf("users = %d, want %d (inactive users left out)", got, want)
	}
	if len(r.Served) != 3 {
		t.Errorf("%d requests, want 3 pages", len(r.Served))
	}
	for _, q := range r.Served {
		if q.Path != "/v2/users" || q.Authorization != goodToken {
			t.Errorf("request %s with Authorization %q, want the variable's value as it is", q.Path, q.Authorization)
		}
	}
	if r.Usage.Seats.Purchased == nil || *r.Usage.Seats.Purchased != 270 || r.Usage.Seats.Assigned != activeOf(250) {
		t.Errorf("seats = %+v, want 270 purchased (records.totalRecords) and %d assigned", r.Usage.Seats, activeOf(250))
	}
	// A 19-digit id keeps every digit (json.Number, not float64).
	if u := r.Usage.Users[0]; u.ID != "7000000000000000000" || u.Email != "u0@acme.example" {
		t.Errorf("first user = %+v", u)
	}
}

// TestAcmeExampleValidatesAndScans: the Gong block of the example
// inventory, as written, is valid, asks Gong's day-by-day activity for the
// 90 days before the as-of date and follows its cursor (in the POST body) to
// the last page.
func TestAcmeExampleValidatesAndScans(t *testing.T) {
	inv, diags := inventory.Load(filepath.Join("..", "..", "examples", "acme"))
	if diags.HasErrors() {
		t.Fatalf("the example inventory does not load: %s", diags.Error())
	}
	tool := inv.Tool("gong")
	if tool == nil || tool.Scan == nil || tool.Scan.Kind != "http" {
		t.Fatal("examples/acme has no gong tool with a scan \"http\" block")
	}
	if d := httpjson.New().Validate(tool.Scan); d.HasErrors() {
		t.Fatalf("the example does not validate: %s", d.Error())
	}
	sb := httpjson.Simulator().New(seed(150), sandbox.Faults{})
	urls := scantest.Serve(t, sb)
	env := scanners.Env{
		Getenv:  func(k string) string { return map[string]string{tool.Scan.TokenEnv: goodToken}[k] },
		AsOf:    scantest.AsOf(),
		BaseURL: urls["http"],
		HTTP:    scantest.Fast(),
	}
	u, err := httpjson.New().Scan(context.Background(), tool, env)
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Users) != activeOf(150) || u.Seats.Purchased != nil || len(sb.Requests()) != 2 {
		t.Errorf("users = %d, seats = %+v, %d requests; want every page's %d active users, purchased left to cost.seats, 2 pages",
			len(u.Users), u.Seats, len(sb.Requests()), activeOf(150))
	}
	// Users 0..30 and 0..90 days ago, minus the inactive 9, 19, 29 (and
	// 39..89): the window of the body's dates.
	scantest.Activity(t, u, scantest.AsOf(), usage.Active{D30: 28, D90: 82}, scantest.AsOf())
}

func TestCredentialHeader(t *testing.T) {
	tests := []struct {
		name, settings, token, header, want string
	}{
		{name: "bare token gets Bearer", token: "tok-123", want: "Bearer tok-123"},
		{name: "value with a scheme is sent as it is", token: "Token tok-123", want: "Token tok-123"},
		{name: "explicit prefix", settings: `prefix = "Token "`, token: "tok-123", want: "Token tok-123"},
		{name: "another header gets the value alone", settings: `header = "x-api-key"`, token: "tok-123", header: "X-Api-Key", want: "tok-123"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := seed(5)
			s.Token, s.Header = tt.want, tt.header
			r := scan(t, setup{Seed: s, Token: tt.token, Settings: gongSettings + tt.settings})
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			if len(r.Usage.Users) != 5 {
				t.Errorf("users = %d, want 5", len(r.Usage.Users))
			}
			if tt.header != "" && r.Served[0].Authorization != "" {
				t.Errorf("Authorization %q sent besides %s", r.Served[0].Authorization, tt.header)
			}
		})
	}
}

func TestCredential(t *testing.T) {
	for _, tt := range []struct{ settings, token, header, value string }{
		{gongSettings, "sandbox-token", "Authorization", "Bearer sandbox-token"},
		{gongSettings, "Basic abc=", "Authorization", "Basic abc="},
		{gongSettings + `header = "x-api-key"`, "k", "X-Api-Key", "k"},
		{gongSettings + `prefix = "Token "`, "k", "Authorization", "Token k"},
		{gongSettings + `prefix = ""`, "k", "Authorization", "k"},
	} {
		inv := scantest.Load(t, vendor().ToolHCL(tt.settings))
		h, v := httpjson.Credential(inv.Tool("gong").Scan, tt.token)
		if h != tt.header || v != tt.value {
			t.Errorf("%q with %s: %s: %s, want %s: %s", tt.token, tt.settings, h, v, tt.header, tt.value)
		}
	}
}

func TestNextAsURL(t *testing.T) {
	for name, next := range map[string]string{
		"absolute":      `next = ".next"`,
		"host-relative": `next = ".next | values | sub(\"^https?://[^/]+\"; \"\")"`,
		"relative":      `next = ".next | values | sub(\"^.*/\"; \"\")"`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := seed(250)
			s.NextLinks = true
			r := scan(t, setup{Seed: s, Settings: `
    url   = "https://api.gong.io/v2/users"
    users = ".users[] | {id, email: .emailAddress}"
    ` + next})
			if r.Err != nil {
				t.Fatal(r.Err)
			}
			if len(r.Usage.Users) != 250 || len(r.Served) != 3 {
				t.Errorf("%d users in %d requests, want 250 in 3", len(r.Usage.Users), len(r.Served))
			}
		})
	}
}

// TestEndpointKeepsPathPrefix: --endpoint replaces scheme and host and
// goes in front of url's path; links the API gives on its own host are
// rewritten the same way.
func TestEndpointKeepsPathPrefix(t *testing.T) {
	var paths []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.RequestURI())
		mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer tok-123" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if r.URL.Query().Get("page") == "2" {
			fmt.Fprint(w, `{"data": [{"email": "b@x.example", "seen": 1700000000}]}`)
			return
		}
		fmt.Fprint(w, `{"data": [{"email": "a@x.example", "seen": null}], "links": {"next": "https://api.example.com/v1/members?page=2"}}`)
	}))
	defer srv.Close()
	r := scan(t, setup{Token: "tok-123", Endpoint: srv.URL + "/proxy/", Settings: `
    url   = "https://api.example.com/v1/members?per_page=50"
    users = ".data[] | {email, last_active: .seen}"
    next  = ".links.next"`})
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	want := []string{"/proxy/v1/members?per_page=50", "/proxy/v1/members?page=2"}
	if strings.Join(paths, " ") != strings.Join(want, " ") {
		t.Errorf("requests %q, want %q", paths, want)
	}
	if len(r.Usage.Users) != 2 || r.Usage.Users[1].LastActive == nil || r.Usage.Users[1].LastActive.Unix() != 1700000000 {
		t.Errorf("users = %+v", r.Usage.Users)
	}
}

// TestScanBadResponses: the http kind's own advice (the generic cases are
// in TestConformance).
func TestScanBadResponses(t *testing.T) {
	tests := []struct {
		name string
		setup
		wantErr string
	}{
		{name: "missing scope", setup: setup{Seed: func() httpjson.SandboxSeed {
			s := seed(3)
			s.Scopes = []string{}
			return s
		}()}, wantErr: "HTTP 403 Forbidden: the credential in GONG_BASIC_AUTH was accepted but may not read /http/v2/users"},
		{name: "404", setup: setup{Settings: strings.Replace(gongSettings, "/v2/users", "/v2/userz", 1)},
			wantErr: "api.gong.io: GET /http/v2/userz: HTTP 404 Not Found: the API has nothing at /http/v2/userz; check url"},
		{name: "malformed JSON names the page", setup: setup{Faults: sandbox.Faults{MalformedJSON: true}},
			wantErr: "api.gong.io: GET /http/v2/users: page 1: invalid JSON response (34 bytes): the body ends early"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := scan(t, tt.setup)
			if len(r.Served) != 1 {
				t.Errorf("%d requests, want 1", len(r.Served))
			}
			scantest.ErrorContains(t, r.Err, tt.wantErr)
			if strings.Contains(r.Err.Error(), "cursor=") || strings.Contains(r.Err.Error(), goodToken) {
				t.Errorf("error shows the query or the token: %v", r.Err)
			}
		})
	}
}

func TestScanRejectedTokenNeverShown(t *testing.T) {
	for _, token := range []string{canary, "Basic " + canary} {
		r := scan(t, setup{Seed: seed(3), Token: token})
		scantest.ErrorContains(t, r.Err, "HTTP 401", "GONG_BASIC_AUTH", "the whole header value", "Basic <base64 of user:secret>")
		r.NotShown(t, canary)
	}
	r := scan(t, setup{Seed: seed(3), Token: canary})
	if !strings.Contains(r.Err.Error(), "sent as Authorization: Bearer <GONG_BASIC_AUTH>") {
		t.Errorf("error %q does not say how the bare token was sent", r.Err)
	}
}

// TestExpressionErrors: a jq expression that fails on a page, or yields
// the wrong thing, is an error naming the page and the value.
func TestExpressionErrors(t *testing.T) {
	const url = `url = "https://api.gong.io/v2/users"` + "\n"
	tests := []struct {
		name, settings, want string
	}{
		{name: "runtime error on a page", settings: url + `users = ".users[] | {id, email: .emailAddress, last_active: (.settings | keys[0] | tonumber)}"`,
			want: "api.gong.io: GET /http/v2/users: page 1: the users expression failed: "},
		{name: "runtime error on page 2", settings: url + `users = "if .records.currentPageNumber == 1 then error(\"boom\") else .users[] | {id} end"
    next = ".records.cursor"
    cursor_param = "cursor"`, want: "page 2: the users expression failed: error: boom"},
		{name: "yields a non-object", settings: url + `users = ".users[].emailAddress"`,
			want: "page 1: users expression, value 1: it yields a string, not an object"},
		{name: "object without id or email", settings: url + `users = ".users[] | if .id == \"7000000000000000003\" then {mail: .emailAddress} else {id} end"`,
			want: "page 1: users expression, value 4: the object has neither id nor email"},
		{name: "misspelt last_active", settings: url + `users = ".users[] | {id, lastActive: .lastActivityTime}"`,
			want: `value 1: the object has the key "lastActive"; the scanner reads last_active`},
		{name: "last_active not a date", settings: url + `users = ".users[] | {id, last_active: .firstName}"`,
			want: `value 1: its last_active "Ann" is not an RFC 3339 date`},
		{name: "last_active in milliseconds", settings: url + `users = ".users[] | {id, last_active: 1700000000000}"`,
			want: "divide them in the expression"},
		{name: "seats not a number", settings: url + `users = ".users[] | {id}"
    seats = ".records"`, want: "page 1: seats expression, value 1: it yields object, not a number"},
		{name: "next yields an object", settings: url + `users = ".users[] | {id}"
    next = ".records"`, want: "page 1: next expression, value 1: it yields object"},
		{name: "next yields a number without cursor_param", settings: url + `users = ".users[] | {id}"
    next = ".records.currentPageNumber + 1"`, want: "set cursor_param"},
		{name: "next points to another host", settings: url + `users = ".users[] | {id}"
    next = "\"https://evil.example/steal\""`, want: "the API pointed to another host (evil.example)"},
		// Issue 16: each made a huge value that reached the snapshot.
		{name: "value over the output limit", settings: url + `users = ".users[] | {id: (\"x\" * 100000)}"`,
			want: "page 1: the users expression yields a value larger than 64 KiB (value 1)"},
		{name: "id over the field limit", settings: url + `users = ".users[] | {id: (\"x\" * 2000)}"`,
			want: "value 1: its id or email is longer than 1024 bytes"},
		{name: "cursor over the limit", settings: url + `users = ".users[] | {id}"
    next = "\"x\" * 10000"
    cursor_param = "cursor"`, want: "api.gong.io: GET /http/v2/users: page 1: the API returned a page cursor longer than 8192 bytes (10000 bytes)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := seed(150)
			for i := range s.Users {
				s.Users[i].FirstName = "Ann"
			}
			r := scan(t, setup{Seed: s, Settings: tt.settings})
			if r.Err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.Contains(r.Err.Error(), tt.want) {
				t.Errorf("error %q\nwant it to contain %q", r.Err, tt.want)
			}
		})
	}
}

// TestRedirectToAnotherHostDropsToken: a credential in a header of the
// block's choosing is dropped like Authorization (which TestConformance
// checks).
func TestRedirectToAnotherHostDropsToken(t *testing.T) {
	other := &scantest.Recorder{}
	srv := httptest.NewServer(other)
	defer srv.Close()
	r := scan(t, setup{Seed: seed(3), Settings: gongSettings + `header = "X-Api-Key"`, Faults: sandbox.Faults{RedirectTo: srv.URL}})
	got := other.Requests()
	if len(got) == 0 {
		t.Fatal("the redirect was not followed")
	}
	for _, q := range got {
		if v := q.Header.Get("X-Api-Key"); v != "" {
			t.Errorf("the other host received the credential in X-Api-Key")
		}
	}
	if r.Err == nil || !strings.Contains(r.Err.Error(), "HTTP 401") {
		t.Errorf("error = %v, want the other host's 401", r.Err)
	}
}

func TestValidate(t *testing.T) {
	const users = `users = ".users[] | {id}"` + "\n"
	const url = `url = "https://api.gong.io/v2/users"` + "\n"
	scantest.Validate(t, httpjson.Spec(), []scantest.ValidateCase{
		{Name: "ok", TokenEnv: "T", Body: url + users},
		{Name: "the old Gong example still validates", TokenEnv: "GONG_BASIC_AUTH", Body: `url = "https://api.gong.io/v2/users"
    header    = "Authorization"
    seats     = ".records.totalRecords"
    users     = ".users[] | select(.active) | {email: .emailAddress, last_active: .lastActivityTime}"`},
		{Name: "POST with an object body", TokenEnv: "T", Body: url + users + `method = "POST"
    body = { filter = { fromDate = "$as_of-90d", toDate = "$as_of", userIds = ["1", "2"] } }`},
		{Name: "POST with a JSON string body", TokenEnv: "T", Body: url + users + `method = "post"
    body = "{\"filter\": {}}"`},
		{Name: "POST without body", TokenEnv: "T", Body: url + users + `method = "POST"`},
		{Name: "headers from env", TokenEnv: "T", Body: url + users + `headers = { "X-Tenant-Id" = "VENDOR_TENANT", "X-Workspace" = "VENDOR_WS" }`},
		{Name: "next_link", TokenEnv: "T", Body: url + users + `next_link = true`},
		{Name: "method PUT", TokenEnv: "T", Body: url + users + `method = "PUT"`, Want: []string{"Invalid method setting"}},
		{Name: "body on a GET", TokenEnv: "T", Body: url + users + `body = { a = 1 }`, Want: []string{`body without method = "POST"`}},
		{Name: "body not an object", TokenEnv: "T", Body: url + users + `method = "POST"
    body = ["a"]`, Want: []string{"Invalid body setting"}},
		{Name: "body string not JSON", TokenEnv: "T", Body: url + users + `method = "POST"
    body = "filter=1"`, Want: []string{"Invalid body setting"}},
		{Name: "headers value not a variable name", TokenEnv: "T", Body: url + users + `headers = { "X-Tenant-Id" = "abc-123 secret" }`, Want: []string{"Invalid headers setting"}},
		{Name: "headers repeats the credential header", TokenEnv: "T", Body: url + users + `headers = { "authorization" = "OTHER" }`, Want: []string{"Invalid headers setting"}},
		{Name: "headers forbidden name", TokenEnv: "T", Body: url + users + `headers = { "Host" = "H" }`, Want: []string{"Invalid headers setting"}},
		{Name: "headers not a map", TokenEnv: "T", Body: url + users + `headers = ["X-A"]`, Want: []string{"Invalid headers setting"}},
		{Name: "next_link with next", TokenEnv: "T", Body: url + users + `next_link = true
    next = ".next"`, Want: []string{"next_link with next"}},
		{Name: "next_link not bool", TokenEnv: "T", Body: url + users + `next_link = "yes"`, Want: []string{"Invalid next_link setting"}},
		{Name: "every setting", TokenEnv: "T", Body: url + users + `header = "X-Api-Key"
    prefix = ""
    seats = ".seats"
    next = ".next"
    cursor_param = "page[after]"`},
		{Name: "http on loopback", TokenEnv: "T", Body: users + `url = "http://127.0.0.1:8080/users"`},
		{Name: "http on localhost", TokenEnv: "T", Body: users + `url = "http://localhost/users"`},
		{Name: "http on ::1", TokenEnv: "T", Body: users + `url = "http://[::1]:9000/users"`},
		{Name: "missing token_env", Body: url + users, Want: []string{"Missing token_env"}},
		{Name: "missing url", TokenEnv: "T", Body: users, Want: []string{"Missing url setting"}},
		{Name: "missing users", TokenEnv: "T", Body: url, Want: []string{"Missing users setting"}},
		{Name: "http elsewhere", TokenEnv: "T", Body: users + `url = "http://api.gong.io/v2/users"`, Want: []string{"Invalid url setting"}},
		{Name: "not a URL", TokenEnv: "T", Body: users + `url = "api.gong.io/v2/users"`, Want: []string{"Invalid url setting"}},
		{Name: "ftp", TokenEnv: "T", Body: users + `url = "ftp://api.gong.io/users"`, Want: []string{"Invalid url setting"}},
		{Name: "credentials in url", TokenEnv: "T", Body: users + `url = "https://me:pw@api.gong.io/users"`, Want: []string{"Invalid url setting"}},
		{Name: "key in url", TokenEnv: "T", Body: users + `url = "https://api.x.io/users?api_key=abc"`, Want: []string{"Invalid url setting"}},
		{Name: "url not a string", TokenEnv: "T", Body: users + `url = 42`, Want: []string{"Invalid url setting"}},
		{Name: "bad header name", TokenEnv: "T", Body: url + users + `header = "X Api Key"`, Want: []string{"Invalid header setting"}},
		{Name: "forbidden header", TokenEnv: "T", Body: url + users + `header = "host"`, Want: []string{"Invalid header setting"}},
		{Name: "prefix with a line break", TokenEnv: "T", Body: url + users + `prefix = "Bearer\n"`, Want: []string{"Invalid prefix setting"}},
		{Name: "users parse error", TokenEnv: "T", Body: url + `users = ".users[] | {email: .emailAddress"`, Want: []string{"Invalid users expression"}},
		{Name: "seats compile error", TokenEnv: "T", Body: url + users + `seats = "nosuchfunction(1)"`, Want: []string{"Invalid seats expression"}},
		{Name: "next undefined variable", TokenEnv: "T", Body: url + users + `next = "$cursor"`, Want: []string{"Invalid next expression"}},
		{Name: "empty expression", TokenEnv: "T", Body: url + `users = " "`, Want: []string{"Invalid users expression"}},
		{Name: "cursor_param without next", TokenEnv: "T", Body: url + users + `cursor_param = "cursor"`, Want: []string{"cursor_param without next"}},
		{Name: "bad cursor_param", TokenEnv: "T", Body: url + users + `next = ".c"
    cursor_param = "a=b"`, Want: []string{"Invalid cursor_param setting"}},
		{Name: "unknown setting", TokenEnv: "T", Body: url + users + `active_only = true`, Want: []string{"Unsupported argument"}},
		{Name: "every mistake at once", Body: `url = "http://x.io/"
    users = "[" `, Want: []string{"Missing token_env", "Invalid url setting", "Invalid users expression"}},
	})
}

// TestValidateParseErrorDetail: a jq syntax error says where, on the
// expression's own range.
func TestValidateParseErrorDetail(t *testing.T) {
	src := "tool \"t\" {\n  category = \"crm\"\n  scan \"http\" {\n    token_env = \"T\"\n    url = \"https://x.io/u\"\n    users = \".users[] | {email: .emailAddress\"\n  }\n}\n"
	inv := scantest.Load(t, src)
	diags := httpjson.New().Validate(inv.Tool("t").Scan)
	if len(diags) != 1 {
		t.Fatalf("diagnostics = %v", diags)
	}
	d := diags[0]
	if d.Subject.Start.Line != 6 || d.Subject.Start.Column != 13 {
		t.Errorf("subject %v, want the expression at line 6, column 13", d.Subject)
	}
	if !strings.Contains(d.Detail, `unexpected EOF, after ".users[] | {email: .emailAddress"`) {
		t.Errorf("detail %q", d.Detail)
	}
}

func FuzzDecodePage(f *testing.F) {
	scantest.FuzzDecoder(f, scantest.Unquoted, httpjson.DecodePage, func(t *testing.T, v any) {
		// Whatever a page holds, reading a user from it never panics.
		if m, ok := v.(map[string]any); ok {
			_, _ = httpjson.UserFromValue(m)
		}
		if l, ok := v.([]any); ok {
			for _, x := range l {
				_, _ = httpjson.UserFromValue(x)
			}
		}
	},
		`{"requestId":"x","records":{"totalRecords":2,"currentPageSize":2,"currentPageNumber":0,"cursor":"abc"},"users":[{"id":"7000000000000000001","emailAddress":"a@x.com","active":true}]}`,
		`[1, 2.5, 1e400, "x", null, true]`,
		`{} {}`,
		``,
		`{"users": [`,
	)
}
