package okta

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

// oktaSeedJSON is a seed as the examples ship it.
const oktaSeedJSON = `{
  "token": "tok",
  "page_size": 2,
  "users": [
    {"id": "00u1", "email": "a@acme.example", "last_login": "2026-11-19T17:02:11Z"},
    {"id": "00u2", "login": "b@acme.example", "status": "SUSPENDED"},
    {"id": "00u3", "email": "c@acme.example", "status": "DEPROVISIONED"},
    {"id": "00u4", "email": "d@acme.example"}
  ],
  "apps": [
    {"id": "0oa1", "label": "Marketo", "name": "marketo", "user_ids": ["00u1", "00u2", "00u3"]},
    {"id": "0oa2", "label": "Old", "status": "INACTIVE", "sign_on_mode": "BOOKMARK"},
    {"id": "0oa3", "label": "Okta Dashboard", "name": "okta_enduser", "user_ids": ["00u1"]}
  ]
}`

type oktaAnswer struct {
	status int
	header http.Header
	list   []map[string]any
	obj    map[string]any
}

func oktaGet(t *testing.T, base, path, auth string) oktaAnswer {
	t.Helper()
	resp, data := scantest.Do(t, http.MethodGet, base+path, "Authorization", auth)
	var err error
	a := oktaAnswer{status: resp.StatusCode, header: resp.Header}
	if strings.HasPrefix(string(data), "[") {
		err = json.Unmarshal(data, &a.list)
	} else {
		err = json.Unmarshal(data, &a.obj)
	}
	if err != nil {
		t.Fatalf("%s: %v: %s", path, err, data)
	}
	return a
}

func startOkta(t *testing.T, seed SandboxSeed, faults sandbox.Faults) string {
	t.Helper()
	urls, stop, err := Simulator().New(seed, faults).Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return urls["okta"]
}

func TestOktaSimulator(t *testing.T) {
	var seed SandboxSeed
	if err := json.Unmarshal([]byte(oktaSeedJSON), &seed); err != nil {
		t.Fatal(err)
	}
	if seed.Users[0].LastLogin == nil || !seed.Users[0].LastLogin.Equal(time.Date(2026, 11, 19, 17, 2, 11, 0, time.UTC)) {
		t.Fatalf("seed = %+v", seed.Users[0])
	}
	base := startOkta(t, seed, sandbox.Faults{})
	const auth = "SSWS tok"
	tests := []struct {
		path, auth string
		status     int
		n          int    // list length
		code       string // errorCode
	}{
		{"/api/v1/apps?limit=200", auth, 200, 2, ""},
		{"/api/v1/apps?limit=200&filter=" + urlq(`status eq "ACTIVE"`), auth, 200, 2, ""},
		{"/api/v1/apps?filter=" + urlq(`status eq "INACTIVE"`), auth, 200, 1, ""},
		{"/api/v1/apps?filter=" + urlq(`name eq "x"`), auth, 400, 0, "E0000031"},
		{"/api/v1/apps?limit=201", auth, 400, 0, "E0000001"},
		{"/api/v1/apps/0oa1/users?limit=500", auth, 200, 2, ""},
		{"/api/v1/apps/0oa1/users?limit=501", auth, 400, 0, "E0000001"},
		{"/api/v1/apps/0oa9/users", auth, 404, 0, "E0000007"},
		{"/api/v1/users", auth, 200, 2, ""},
		{"/api/v1/users?filter=" + urlq(`status eq "DEPROVISIONED"`), auth, 200, 1, ""},
		{"/api/v1/groups", auth, 404, 0, "E0000007"},
		{"/api/v1/apps", "", 401, 0, "E0000011"},
		{"/api/v1/apps", "Bearer tok", 401, 0, "E0000011"},
		{"/api/v1/apps", "SSWS nope", 401, 0, "E0000011"},
	}
	for _, tt := range tests {
		a := oktaGet(t, base, tt.path, tt.auth)
		if a.status != tt.status || len(a.list) != tt.n || tt.code != "" && a.obj["errorCode"] != tt.code {
			t.Errorf("%s: status %d, %d items, %v; want %d, %d items, %s", tt.path, a.status, len(a.list), a.obj, tt.status, tt.n, tt.code)
		}
		if tt.code != "" {
			for _, f := range []string{"errorSummary", "errorLink", "errorId", "errorCauses"} {
				if _, ok := a.obj[f]; !ok {
					t.Errorf("%s: error body without %s", tt.path, f)
				}
			}
		}
		for _, h := range []string{"X-Rate-Limit-Limit", "X-Rate-Limit-Remaining", "X-Rate-Limit-Reset"} {
			if a.header.Get(h) == "" {
				t.Errorf("%s: no %s header", tt.path, h)
			}
		}
	}

	// Separate Link lines, self first; the next link is absolute, keeps
	// the filter and leads to the rest.
	a := oktaGet(t, base, "/api/v1/users?limit=200", auth)
	links := a.header.Values("Link")
	if len(links) != 2 || !strings.HasSuffix(links[0], `rel="self"`) || !strings.HasSuffix(links[1], `rel="next"`) ||
		!strings.HasPrefix(links[1], "<"+base+"/api/v1/users?") {
		t.Fatalf("links = %q", links)
	}
	next := strings.TrimPrefix(links[1][:strings.Index(links[1], ">")], "<"+base)
	b := oktaGet(t, base, next, auth)
	if len(b.list) != 1 || b.list[0]["id"] != "00u4" || len(b.header.Values("Link")) != 1 {
		t.Errorf("second page = %v, links %q", b.list, b.header.Values("Link"))
	}
	if a.list[0]["lastLogin"] != "2026-11-19T17:02:11.000Z" || a.list[1]["lastLogin"] != nil ||
		a.list[1]["profile"].(map[string]any)["email"] != "b@acme.example" {
		t.Errorf("users = %v", a.list)
	}

	// expand=user embeds each assigned user.
	e := oktaGet(t, base, "/api/v1/apps/0oa1/users?expand=user", auth)
	if u, _ := e.list[0]["_embedded"].(map[string]any)["user"].(map[string]any); u["id"] != "00u1" || u["status"] != "ACTIVE" {
		t.Errorf("app users = %v", e.list)
	}
	if a := oktaGet(t, base, "/api/v1/apps/0oa1/users", auth); a.list[0]["_embedded"] != nil {
		t.Errorf("embedded without expand: %v", a.list[0])
	}
}

func TestOktaSimulatorLinkStyles(t *testing.T) {
	seed := SandboxSeed{Access: sandbox.Access{Token: "tok", PageSize: 1}, Apps: []SandboxApp{{ID: "0oa1"}, {ID: "0oa2"}}}
	for style, want := range map[string][]string{
		SandboxLinksSeparate:  {`rel="self"`, `rel="next"`},
		SandboxLinksNextFirst: {`rel="next"`, `rel="self"`},
		SandboxLinksJoined:    {`rel="self", <`},
	} {
		seed.LinkStyle = style
		links := oktaGet(t, startOkta(t, seed, sandbox.Faults{}), "/api/v1/apps", "SSWS tok").header.Values("Link")
		if len(links) != len(want) {
			t.Errorf("%q: links %q", style, links)
			continue
		}
		for i, w := range want {
			if !strings.Contains(links[i], w) {
				t.Errorf("%q: link %d = %q, want %q", style, i, links[i], w)
			}
		}
	}
}

func TestOktaSimulatorFaults(t *testing.T) {
	seed := SandboxSeed{Access: sandbox.Access{Token: "tok", PageSize: 1}, Apps: []SandboxApp{{ID: "0oa1"}, {ID: "0oa2"}, {ID: "0oa3"}}}
	base := startOkta(t, seed, sandbox.Faults{Status429Times: 1})
	a := oktaGet(t, base, "/api/v1/apps", "SSWS tok")
	if a.status != 429 || a.obj["errorCode"] != "E0000047" || a.obj["errorSummary"] != "API call exceeded rate limit due to too many requests." ||
		a.header.Get("X-Rate-Limit-Remaining") != "0" {
		t.Errorf("429 = %d %v %v", a.status, a.obj, a.header)
	}

	base = startOkta(t, seed, sandbox.Faults{LoopingCursor: true})
	first := oktaGet(t, base, "/api/v1/apps", "SSWS tok").header.Values("Link")[1]
	next := strings.TrimPrefix(first[:strings.Index(first, ">")], "<"+base)
	if again := oktaGet(t, base, next, "SSWS tok").header.Values("Link")[1]; again != first {
		t.Errorf("looping cursor: %q then %q", first, again)
	}

	seed.Scopes = []string{SandboxScopeApps}
	seed.Apps[0].UserIDs = []string{"00u1"}
	base = startOkta(t, seed, sandbox.Faults{})
	f := oktaGet(t, base, "/api/v1/apps/0oa1/users?expand=user", "SSWS tok")
	if f.status != 403 || f.obj["errorCode"] != "E0000006" || !strings.Contains(f.header.Get("WWW-Authenticate"), `scope="okta.users.read"`) {
		t.Errorf("403 = %d %v %q", f.status, f.obj, f.header.Get("WWW-Authenticate"))
	}
	if g := oktaGet(t, base, "/api/v1/apps/0oa1/users", "SSWS tok"); g.status != 200 {
		t.Errorf("without expand: %d", g.status)
	}
}

func urlq(s string) string {
	r := strings.NewReplacer(" ", "%20", `"`, "%22")
	return r.Replace(s)
}
