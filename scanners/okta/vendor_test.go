package okta_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/oauth"
	"github.com/stackaudit/stackaudit/scanners/okta"
	"github.com/stackaudit/stackaudit/usage"
)

// recordedHeader reads the header lines recorded with a body, with
// https://acme.okta.com replaced by host and {reset} by reset.
func recordedHeader(t *testing.T, name, host string, reset int64) http.Header {
	t.Helper()
	h := http.Header{}
	sc := bufio.NewScanner(bytes.NewReader(scantest.Recorded(t, name)))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ": ")
		if !ok {
			continue
		}
		v = strings.ReplaceAll(v, "https://acme.okta.com", host)
		v = strings.ReplaceAll(v, "{reset}", strconv.FormatInt(reset, 10))
		h.Add(k, v)
	}
	return h
}

func TestDecodeRecordedLogs(t *testing.T) {
	page1 := scantest.Decoded(t, okta.DecodeLogEvents, "logs-sso-page1.json")
	if len(page1) != 2 || !page1[0].SignedInTo("0oa1marketo") || page1[1].SignedInTo("0oa1marketo") || page1[0].SignedInTo("0oa1other") {
		t.Errorf("page 1 = %+v", page1)
	}
	h := recordedHeader(t, "logs-sso-page1.headers", "https://acme.okta.com", 0)
	next, err := okta.NextLink(h.Values("Link"))
	if err != nil || !strings.Contains(next, "after=1729000000000_1") {
		t.Errorf("next link = %q, %v", next, err)
	}
	h = recordedHeader(t, "logs-sso-page2.headers", "https://acme.okta.com", 0)
	if next, err := okta.NextLink(h.Values("Link")); next != "" || err != nil {
		t.Errorf("last page's next link = %q, %v", next, err)
	}
	apps, err := okta.DecodeApps(scantest.Recorded(t, "apps-list.json"))
	if err != nil || len(apps) != 2 || apps[0].SignOnMode != "SAML_2_0" || apps[1].Name != "okta_enduser" {
		t.Errorf("apps = %+v, %v", apps, err)
	}
	list, err := okta.DecodeUsers(scantest.Recorded(t, "users-list.json"))
	if err != nil || len(list) != 2 || list[0].LastLogin == nil || list[1].LastLogin != nil || list[1].Status != "STAGED" {
		t.Errorf("users = %+v, %v", list, err)
	}
	users, err := okta.DecodeAppUsers(scantest.Recorded(t, "app-users-expand-user.json"))
	if err != nil || len(users) != 2 || users[0].Embedded.User == nil || users[0].Embedded.User.LastLogin == nil {
		t.Fatalf("app users = %+v, %v", users, err)
	}
}

// recordedOrg serves the recorded app users and System Log pages; the
// first System Log call is the recorded 429 (its reset a second ahead),
// or every one is a 403 when logsForbidden.
func recordedOrg(t *testing.T, logsForbidden bool) (string, *atomic.Int32) {
	return recordedOrgWithToken(t, logsForbidden, "token-private-key-jwt.json")
}

// recordedOrgWithToken is recordedOrg whose token endpoint answers with
// the recorded body tokenAnswer.
func recordedOrgWithToken(t *testing.T, logsForbidden bool, tokenAnswer string) (string, *atomic.Int32) {
	t.Helper()
	var logCalls atomic.Int32
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		serve := func(status int, body, headers string) {
			if headers != "" {
				for k, v := range recordedHeader(t, headers, srv.URL, time.Now().Add(time.Second).Unix()) {
					w.Header()[k] = v
				}
			}
			w.WriteHeader(status)
			_, _ = w.Write(scantest.Recorded(t, body))
		}
		switch r.URL.Path {
		case "/oauth2/v1/token":
			file := tokenAnswer
			switch {
			case strings.Contains(file, "invalid-client"):
				w.WriteHeader(http.StatusUnauthorized)
			case strings.Contains(file, "error"):
				w.WriteHeader(http.StatusBadRequest)
			}
			_, _ = w.Write(scantest.Recorded(t, file))
		case "/api/v1/apps/0oa1marketo/users":
			serve(http.StatusOK, "app-users-expand-user.json", "")
		case "/api/v1/logs":
			n := logCalls.Add(1)
			switch {
			case logsForbidden:
				w.WriteHeader(http.StatusForbidden)
				_, _ = w.Write([]byte(`{"errorCode":"E0000006","errorSummary":"You do not have permission to perform the requested action","errorCauses":[]}`))
			case n == 1:
				serve(http.StatusTooManyRequests, "error-429.json", "error-429.headers")
			case r.URL.Query().Get("after") == "":
				serve(http.StatusOK, "logs-sso-page1.json", "logs-sso-page1.headers")
			default:
				serve(http.StatusOK, "logs-sso-page2.json", "logs-sso-page2.headers")
			}
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &logCalls
}

// TestScanRecordedSystemLog is the fixed number: a user's last activity in
// the app is their latest successful SSO to it, read through the System
// Log's Link pages and its 429. Main's scanner took each user's last
// Okta sign-in (lastLogin: 2026-11-19 for both), so Sam, who never opened
// the app, counted as active.
func TestScanRecordedSystemLog(t *testing.T) {
	url, calls := recordedOrg(t, false)
	r := vendor().MustRun(t, setup{Seed: scanSeed(1), Endpoint: url})
	if len(r.Usage.Users) != 2 {
		t.Fatalf("users = %+v", r.Usage.Users)
	}
	dana, sam := r.Usage.Users[0], r.Usage.Users[1]
	if want := time.Date(2026, 10, 29, 9, 12, 44, 21e6, time.UTC); dana.LastActive == nil || !dana.LastActive.Equal(want) {
		t.Errorf("Dana's last activity = %v, want %v (her latest successful SSO, not the failed one or her Okta sign-in)", dana.LastActive, want)
	}
	if sam.LastActive != nil {
		t.Errorf("Sam's last activity = %v, want none: he signed in to Okta but not to the app", sam.LastActive)
	}
	if r.Usage.ActivitySource != "" {
		t.Errorf("activity source = %q, want the app's own", r.Usage.ActivitySource)
	}
	if n := calls.Load(); n != 3 {
		t.Errorf("%d System Log calls, want 3 (the 429, then two pages)", n)
	}
	if len(r.Waits) == 0 {
		t.Error("no wait for X-Rate-Limit-Reset after the 429")
	}
}

// TestScanSystemLogForbidden: a token that may not read the System Log
// falls back to each user's last Okta sign-in, labelled as such.
func TestScanSystemLogForbidden(t *testing.T) {
	url, _ := recordedOrg(t, true)
	r := vendor().MustRun(t, setup{Seed: scanSeed(1), Endpoint: url})
	if r.Usage.ActivitySource != usage.ActivityAccountWide {
		t.Errorf("activity source = %q, want %q", r.Usage.ActivitySource, usage.ActivityAccountWide)
	}
	if u := r.Usage.Users[1]; u.LastActive == nil || !u.LastActive.Equal(time.Date(2026, 11, 19, 9, 30, 0, 0, time.UTC)) {
		t.Errorf("Sam's last activity = %v, want his lastLogin", u.LastActive)
	}
	if !strings.Contains(r.Log, "okta.logs.read") {
		t.Errorf("log %q does not name the missing scope", r.Log)
	}
}

// TestScanOktaSignIns: activity = "okta_sign_ins" reads no System Log.
func TestScanOktaSignIns(t *testing.T) {
	url, calls := recordedOrg(t, false)
	v := vendor()
	r := v.MustRun(t, scantest.Setup{Seed: scanSeed(1), Endpoint: url, HCL: v.ToolHCL(appIDSetting(appID), `activity = "okta_sign_ins"`)})
	if calls.Load() != 0 || r.Usage.ActivitySource != usage.ActivityAccountWide {
		t.Errorf("%d System Log calls, activity source %q", calls.Load(), r.Usage.ActivitySource)
	}
}

// TestScanRecordedTokenAnswers: Okta's recorded token endpoint answers.
func TestScanRecordedTokenAnswers(t *testing.T) {
	for _, tc := range []struct {
		file    string
		wantErr []string
	}{
		{file: "token-private-key-jwt.json"},
		{file: "token-error-invalid-client.json", wantErr: []string{"HTTP 401 Unauthorized (invalid_client: The client_assertion signature is invalid.)", "Public keys"}},
		{file: "token-error-invalid-scope.json", wantErr: []string{"(invalid_scope: The following scopes are not allowed: [okta.logs.read])", "Okta API Scopes"}},
		// The examples of Okta's OpenAPI description, verbatim: a token
		// answer with a refresh and an id token the scan ignores.
		{file: "spec-token-response.json"},
		{file: "spec-token-error-invalid-client.json", wantErr: []string{"HTTP 401 Unauthorized (invalid_client: Invalid value for the `client_id` parameter)"}},
		{file: "spec-token-error-invalid-scope.json", wantErr: []string{"HTTP 400 Bad Request (invalid_scope: No scopes were requested.)"}},
	} {
		url, _ := recordedOrgWithToken(t, false, tc.file)
		v := vendor()
		r := v.Run(t, scantest.Setup{Seed: scanSeed(1), Token: oauth.SandboxKeyPEM(), Endpoint: url,
			HCL: v.ToolHCL(appIDSetting(appID), `auth = "private_key_jwt"`, `client_id = "0oa1stackaudit"`)})
		if len(tc.wantErr) == 0 {
			if r.Err != nil || len(r.Usage.Users) != 2 {
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

// simulatedList answers one GET from the simulated org and returns the
// list's items.
func simulatedList(t *testing.T, s okta.SandboxSeed, path string) []json.RawMessage {
	t.Helper()
	items := scantest.SimulatedJSON[[]json.RawMessage](t, okta.Simulator(), s, "/okta"+path, "SSWS "+s.Token)
	if len(items) == 0 {
		t.Fatalf("GET %s: an empty list", path)
	}
	return items
}

// recordedList is the items of recorded lists.
func recordedList(t *testing.T, files ...string) []json.RawMessage {
	t.Helper()
	var all []json.RawMessage
	for _, f := range files {
		var items []json.RawMessage
		if err := json.Unmarshal(scantest.Recorded(t, f), &items); err != nil {
			t.Fatal(err)
		}
		all = append(all, items...)
	}
	return all
}

// TestSimulatorMatchesRecorded: the simulator writes apps, users, app
// users and System Log events in the shapes Okta's docs show.
func TestSimulatorMatchesRecorded(t *testing.T) {
	s := scanSeed(3)
	// appLinks are keyed by the app's name: Marketo's is recorded.
	s.Apps = s.Apps[1:]
	for _, tc := range []struct {
		path  string
		files []string
	}{
		{"/api/v1/apps", []string{"apps-list.json"}},
		{"/api/v1/users", []string{"users-list.json"}},
		{"/api/v1/apps/" + appID + "/users?expand=user", []string{"app-users-expand-user.json"}},
		{"/api/v1/logs?filter=" + url.QueryEscape(okta.SSOFilter(appID)), []string{"logs-sso-page1.json", "logs-sso-page2.json"}},
	} {
		for _, got := range simulatedList(t, s, tc.path) {
			if p := scantest.ShapeProblems(got, recordedList(t, tc.files...)...); len(p) > 0 {
				t.Errorf("GET %s: %q", tc.path, p)
			}
		}
	}
}

// TestDecodeSpecExamples: the decoders read the response examples of
// Okta's own OpenAPI description verbatim (spec-*.json; see SOURCE).
func TestDecodeSpecExamples(t *testing.T) {
	events, err := okta.DecodeLogEvents(scantest.Recorded(t, "spec-logs-list.json"))
	if err != nil || len(events) == 0 {
		t.Fatalf("events = %+v, %v", events, err)
	}
	for _, e := range events {
		// user.session.start and the other examples are sign-ins to
		// Okta, not SSO to an app.
		if e.SignedInTo("0oa7vicdkRNrz59R80w6") {
			t.Errorf("%+v counts as an app sign-in", e)
		}
	}
	users, err := okta.DecodeUsers(scantest.Recorded(t, "spec-users-list.json"))
	if err != nil || len(users) != 1 || users[0].LastLogin == nil || users[0].Status != "ACTIVE" {
		t.Errorf("users = %+v, %v", users, err)
	}
	apps, err := okta.DecodeApps(scantest.Recorded(t, "spec-apps-by-name.json"))
	if err != nil || len(apps) < 2 || apps[0].SignOnMode != "SAML_2_0" || apps[0].Name != "workday" {
		t.Errorf("apps = %+v, %v", apps, err)
	}
	appUsers, err := okta.DecodeAppUsers(scantest.Recorded(t, "spec-app-users.json"))
	if err != nil || len(appUsers) == 0 || appUsers[0].Embedded.User == nil || appUsers[0].Embedded.User.LastLogin != nil {
		t.Errorf("app users = %+v, %v", appUsers, err)
	}
}
