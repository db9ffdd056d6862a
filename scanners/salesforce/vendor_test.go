package salesforce_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/oauth"
	"github.com/stackaudit/stackaudit/scanners/salesforce"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

func TestDecodeRecorded(t *testing.T) {
	users := scantest.Decoded(t, salesforce.DecodeUsers, "query-users.json")
	if len(users.Records) != 3 || users.Done || users.NextRecordsURL != "/services/data/v66.0/query/01gD0000002HU6KIAW-2000" {
		t.Fatalf("users page = %+v", users)
	}
	if u := users.Records[0]; u.License() != "Salesforce" || u.LastLogin == nil || u.LastLogin.Format("2006-01-02T15:04:05Z07:00") != "2013-05-20T20:49:32Z" {
		t.Errorf("record 0 = %+v (last login %v)", u, u.LastLogin)
	}
	if users.Records[1].LastLogin != nil || users.Records[2].License() != "Salesforce Integration" {
		t.Errorf("records 1 and 2 = %+v", users.Records[1:])
	}
	lic, err := salesforce.DecodeLicenses(scantest.Recorded(t, "query-userlicense.json"))
	if err != nil || len(lic.Records) != 4 || lic.Records[0].TotalLicenses != 40 {
		t.Fatalf("licences = %+v, %v", lic, err)
	}
	for _, f := range []struct{ file, code string }{
		{"error-401-invalid-session.json", "INVALID_SESSION_ID"},
		{"error-400-invalid-type.json", "INVALID_TYPE"},
	} {
		errs, err := salesforce.DecodeErrors(scantest.Recorded(t, f.file))
		if err != nil || len(errs) != 1 || errs[0].ErrorCode != f.code {
			t.Errorf("%s: %+v, %v", f.file, errs, err)
		}
	}
}

// recordedOrg serves the recorded UserLicense and User answers (the users
// page, then an empty last page), or the recorded 401 to every query.
func recordedOrg(t *testing.T, expired bool) string {
	return recordedOrgWithToken(t, expired, "token-jwt-bearer.json")
}

// recordedOrgWithToken is recordedOrg whose token endpoint answers with
// the recorded body tokenFile (200, or 400 for an error body).
func recordedOrgWithToken(t *testing.T, expired bool, tokenFile string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
		switch {
		case r.URL.Path == "/services/oauth2/token":
			if strings.HasPrefix(tokenFile, "token-error") {
				w.WriteHeader(http.StatusBadRequest)
			}
			_, _ = w.Write(scantest.Recorded(t, tokenFile))
		case expired:
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write(scantest.Recorded(t, "error-401-invalid-session.json"))
		case strings.HasSuffix(r.URL.Path, "/query/01gD0000002HU6KIAW-2000"):
			_, _ = w.Write([]byte(`{"totalSize":3,"done":true,"records":[]}`))
		case strings.Contains(r.URL.Query().Get("q"), "FROM UserLicense"):
			_, _ = w.Write(scantest.Recorded(t, "query-userlicense.json"))
		default:
			_, _ = w.Write(scantest.Recorded(t, "query-users.json"))
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestScanRecordedOrg is the fixed number: without a licenses setting
// only the CRM licence counts. Main's scanner counted every licence the
// active users held: 3 assigned of 55 purchased (Salesforce, Platform and
// Integration), not 1 of 40.
func TestScanRecordedOrg(t *testing.T) {
	for _, tc := range []struct {
		settings            string
		assigned, purchased int
	}{
		{"", 1, 40},
		{`licenses = ["Salesforce", "Salesforce Platform"]`, 2, 50},
	} {
		r := vendor().MustRun(t, scantest.Setup{Seed: seed(1), Endpoint: recordedOrg(t, false), HCL: vendor().ToolHCL(tc.settings)})
		got, purchased := r.Usage.Seats, -1
		if got.Purchased != nil {
			purchased = *got.Purchased
		}
		if got.Assigned != tc.assigned || purchased != tc.purchased {
			t.Errorf("%q: seats = %d of %d, want %d of %d", tc.settings, got.Assigned, purchased, tc.assigned, tc.purchased)
		}
	}
}

func TestScanRecordedInvalidSession(t *testing.T) {
	r := vendor().Run(t, scantest.Setup{Seed: seed(1), Endpoint: recordedOrg(t, true)})
	scantest.ErrorContains(t, r.Err, "HTTP 401", "INVALID_SESSION_ID", "session expired or invalid: refresh the token in SALESFORCE_TOKEN")
	if strings.Contains(r.Err.Error(), goodToken) {
		t.Error("the error shows the token")
	}
}

// TestScanRecordedTokenAnswers: Salesforce's recorded token endpoint
// answers, for both flows.
func TestScanRecordedTokenAnswers(t *testing.T) {
	jwt := []string{`auth = "jwt_bearer"`, `client_id = "3MVG9sandbox.consumer_key"`, `username = "scan@acme.example"`}
	cc := []string{`auth = "client_credentials"`, `client_id = "3MVG9sandbox.consumer_key"`}
	for _, tc := range []struct {
		file     string
		settings []string
		cred     string
		wantErr  []string
	}{
		{file: "token-jwt-bearer.json", settings: jwt, cred: oauth.SandboxKeyPEM()},
		{file: "token-client-credentials.json", settings: cc, cred: "secret"},
		{file: "token-error-invalid-grant.json", settings: jwt, cred: oauth.SandboxKeyPEM(),
			wantErr: []string{"HTTP 400 Bad Request (invalid_grant: user hasn't approved this consumer)", "pre-authorized"}},
		{file: "token-error-invalid-client.json", settings: cc, cred: "secret",
			wantErr: []string{"(invalid_client: invalid client credentials)", "the consumer secret in SALESFORCE_TOKEN"}},
	} {
		r := vendor().Run(t, scantest.Setup{Seed: seed(1), Token: tc.cred, Endpoint: recordedOrgWithToken(t, false, tc.file), HCL: vendor().ToolHCL(tc.settings...)})
		if len(tc.wantErr) == 0 {
			if r.Err != nil || r.Usage.Seats.Assigned != 1 {
				t.Errorf("%s: %v", tc.file, r.Err)
			}
			continue
		}
		for _, want := range tc.wantErr {
			if r.Err == nil || !strings.Contains(r.Err.Error(), want) {
				t.Errorf("%s: error %v, want %q", tc.file, r.Err, want)
			}
		}
	}
}

// TestSimulatorMatchesRecorded: the simulator writes query results,
// errors and token answers in the shapes Salesforce's docs show.
func TestSimulatorMatchesRecorded(t *testing.T) {
	s := appSeed()
	get := func(method, path string, form url.Values, auth string) []byte {
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req := httptest.NewRequest(method, "/salesforce"+path, body)
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		req.Header.Set("Authorization", auth)
		rec := httptest.NewRecorder()
		salesforce.Simulator().New(s, sandbox.Faults{}).ServeHTTP(rec, req)
		return rec.Body.Bytes()
	}
	records := func(body []byte) []json.RawMessage {
		var p struct{ Records []json.RawMessage }
		if err := json.Unmarshal(body, &p); err != nil || len(p.Records) == 0 {
			t.Fatalf("no records in %s", body)
		}
		return p.Records
	}
	array := func(body []byte) []json.RawMessage {
		var a []json.RawMessage
		if err := json.Unmarshal(body, &a); err != nil || len(a) == 0 {
			t.Fatalf("not an error array: %s", body)
		}
		return a
	}
	query := func(soql string) []byte {
		return get(http.MethodGet, "/services/data/v66.0/query?q="+url.QueryEscape(soql), nil, "Bearer "+goodToken)
	}
	check := func(what string, got []json.RawMessage, want ...json.RawMessage) {
		for _, g := range got {
			if p := scantest.ShapeProblems(g, want...); len(p) > 0 {
				t.Errorf("%s: %q", what, p)
			}
		}
	}
	check("users", records(query("SELECT Id, Username, Email, IsActive, LastLoginDate, UserType, Profile.UserLicense.Name FROM User WHERE IsActive = true")),
		records(scantest.Recorded(t, "query-users.json"))...)
	check("licences", records(query("SELECT Id, Name, MasterLabel, Status, TotalLicenses, UsedLicenses FROM UserLicense")),
		records(scantest.Recorded(t, "query-userlicense.json"))...)
	check("401", array(get(http.MethodGet, "/services/data/v66.0/query?q=x", nil, "Bearer expired")),
		array(scantest.Recorded(t, "error-401-invalid-session.json"))...)
	cc := url.Values{"grant_type": {"client_credentials"}, "client_id": {consumerKey}, "client_secret": {consumerSecret}}
	check("token", []json.RawMessage{get(http.MethodPost, "/services/oauth2/token", cc, "")},
		scantest.Recorded(t, "token-client-credentials.json"), scantest.Recorded(t, "token-jwt-bearer.json"))
	cc.Set("client_secret", "wrong")
	check("token error", []json.RawMessage{get(http.MethodPost, "/services/oauth2/token", cc, "")},
		scantest.Recorded(t, "token-error-invalid-client.json"), scantest.Recorded(t, "token-error-invalid-grant.json"))
}
