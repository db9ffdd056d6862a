package salesforce

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

func TestSalesforceSimulator(t *testing.T) {
	seed := SandboxSeed{Access: sandbox.Access{Token: "tok", PageSize: 2},
		Licenses: []SandboxLicense{{Name: "Salesforce", Total: 10, Used: 3}, {Name: "Chatter Free", Status: "Disabled", Total: 5}},
		Users: []SandboxUser{
			{ID: "005a", Username: "a@x.com", Email: "a@x.com", IsActive: true, License: "Salesforce",
				LastLogin: time.Date(2013, 5, 20, 20, 49, 32, 0, time.UTC)},
			{ID: "005b", IsActive: true, License: "Salesforce"},
			{ID: "005c", IsActive: false, License: "Salesforce"},
			{ID: "005d", IsActive: true, UserType: "AutomatedProcess"},
		}}
	sb := Simulator().New(seed, sandbox.Faults{})
	urls := scantest.Serve(t, sb)
	root := urls["salesforce"]
	get := func(method, path, auth string) (int, any, http.Header) {
		t.Helper()
		return scantest.Fetch(t, method, root+path, "Authorization", auth)
	}
	query := func(soql string) string { return "/services/data/v66.0/query?q=" + url.QueryEscape(soql) }
	const users = "SELECT Id, Username, LastLoginDate, Profile.UserLicense.Name FROM User WHERE IsActive = true"

	tests := []struct {
		method, path, auth string
		status             int
		code               string // errorCode of an error answer
		records            int
	}{
		{"GET", query(users), "Bearer tok", 200, "", 2},
		{"GET", query("select id from user"), "Bearer tok", 200, "", 2},
		{"GET", query("SELECT Id, Name, Status, TotalLicenses FROM UserLicense"), "Bearer tok", 200, "", 2},
		{"GET", "/services/data/v66.0/query/01gUT00000001-2", "Bearer tok", 200, "", 1},
		{"GET", query(users), "", 401, "INVALID_SESSION_ID", 0},
		{"GET", query(users), "Bearer nope", 401, "INVALID_SESSION_ID", 0},
		{"POST", query(users), "Bearer tok", 405, "METHOD_NOT_ALLOWED", 0},
		{"GET", query("SELECT Id FROM Account"), "Bearer tok", 400, "INVALID_TYPE", 0},
		{"GET", query("SELECT Id, Nickname FROM User"), "Bearer tok", 400, "INVALID_FIELD", 0},
		{"GET", query("SELECT FROM User"), "Bearer tok", 400, "MALFORMED_QUERY", 0},
		{"GET", query("SELECT Id FROM User LIMIT 5"), "Bearer tok", 400, "MALFORMED_QUERY", 0},
		{"GET", "/services/data/v66.0/query", "Bearer tok", 400, "MALFORMED_QUERY", 0},
		{"GET", "/services/data/v66.0/query/01gUT00000001-9", "Bearer tok", 400, "INVALID_QUERY_LOCATOR", 0},
		{"GET", "/services/data/v66.0/query/bogus", "Bearer tok", 400, "INVALID_QUERY_LOCATOR", 0},
		{"GET", "/services/data/v99.0/query", "Bearer tok", 404, "NOT_FOUND", 0},
		{"GET", "/services/data/v66.0/sobjects", "Bearer tok", 404, "NOT_FOUND", 0},
		{"GET", "/nope", "", 404, "NOT_FOUND", 0},
	}
	for _, tt := range tests {
		status, body, h := get(tt.method, tt.path, tt.auth)
		if status != tt.status {
			t.Errorf("%s %s: status %d, want %d", tt.method, tt.path, status, tt.status)
			continue
		}
		if !strings.HasPrefix(h.Get("Sforce-Limit-Info"), "api-usage=") {
			t.Errorf("%s: no Sforce-Limit-Info header", tt.path)
		}
		if tt.code != "" {
			errs, ok := body.([]any)
			if !ok || len(errs) != 1 || errs[0].(map[string]any)["errorCode"] != tt.code {
				t.Errorf("%s: body %v, want a %s error list", tt.path, body, tt.code)
			}
			continue
		}
		if got := len(body.(map[string]any)["records"].([]any)); got != tt.records {
			t.Errorf("%s: %d records, want %d", tt.path, got, tt.records)
		}
	}

	_, body, _ := get("GET", query(users), "Bearer tok")
	page := body.(map[string]any)
	if page["done"] != false || page["totalSize"] != 3.0 || page["nextRecordsUrl"] != "/salesforce/services/data/v66.0/query/01gUT00000423-2" {
		t.Errorf("first batch %v", page)
	}
	first, _ := json.Marshal(page["records"].([]any)[0])
	want := `{"Id":"005a","LastLoginDate":"2013-05-20T20:49:32.000+0000",` +
		`"Profile":{"UserLicense":{"Name":"Salesforce","attributes":{"type":"UserLicense","url":"/services/data/v66.0/sobjects/UserLicense/100000000000000AAA"}},` +
		`"attributes":{"type":"Profile","url":"/services/data/v66.0/sobjects/Profile/00e000000000001AAA"}},` +
		`"Username":"a@x.com","attributes":{"type":"User","url":"/services/data/v66.0/sobjects/User/005a"}}`
	if string(first) != want {
		t.Errorf("record\n%s\nwant\n%s", first, want)
	}
	_, body, _ = get("GET", "/services/data/v66.0/query/01gUT00000423-2", "Bearer tok")
	if page := body.(map[string]any); page["done"] != true || page["nextRecordsUrl"] != nil {
		t.Errorf("last batch %v", page)
	}
}

func TestSalesforceSimulatorAccess(t *testing.T) {
	for _, tt := range []struct {
		seed   SandboxSeed
		status int
		code   string
	}{
		{SandboxSeed{Access: sandbox.Access{Token: "tok"}, Scopes: []string{"refresh_token"}}, 403, "INVALID_SESSION_ID"},
		{SandboxSeed{Access: sandbox.Access{Token: "tok"}, APIDisabled: true}, 403, "API_DISABLED_FOR_ORG"},
		{SandboxSeed{Access: sandbox.Access{Token: "tok"}, NoSetupAccess: true}, 403, "INSUFFICIENT_ACCESS"},
	} {
		sb := Simulator().New(tt.seed, sandbox.Faults{})
		h := httptestRecorder(t, sb, "/salesforce/services/data/v66.0/query?q="+url.QueryEscape("SELECT Id FROM UserLicense"))
		if h.status != tt.status || !strings.Contains(h.body, `"errorCode":"`+tt.code+`"`) {
			t.Errorf("%+v: %d %s", tt.seed, h.status, h.body)
		}
	}
}

type recorded struct {
	status int
	body   string
}

func httptestRecorder(t *testing.T, sb *sandbox.Sandbox, target string) recorded {
	t.Helper()
	urls := scantest.Serve(t, sb)
	u, _ := url.Parse(urls["salesforce"])
	req, _ := http.NewRequest(http.MethodGet, u.Scheme+"://"+u.Host+target, nil)
	req.Header.Set("Authorization", "Bearer tok")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return recorded{resp.StatusCode, string(data)}
}
