package entra_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners/entra"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

// TestDecodeRecorded decodes the bodies recorded from Graph's reference.
func TestDecodeRecorded(t *testing.T) {
	sps, next, err := entra.DecodeServicePrincipals(scantest.Recorded(t, "serviceprincipals-list.json"))
	if err != nil || next != "" || len(sps) != 1 || sps[0].AppID != "65415bb1-9267-4313-bbf5-ae259732ee12" ||
		sps[0].PublisherName != "Contoso" || sps[0].DisplayName != "foo" || sps[0].AccountEnabled == nil || !*sps[0].AccountEnabled {
		t.Errorf("service principals = %+v, %q, %v", sps, next, err)
	}
	as, _, err := entra.DecodeAssignments(scantest.Recorded(t, "approleassignedto-list.json"))
	if err != nil || len(as) != 1 || as[0].PrincipalType != "User" || as[0].PrincipalID != "cdb555e3-b33e-4fd5-a427-17fadacbdfa7" {
		t.Errorf("assignments = %+v, %v", as, err)
	}
	gs, _, err := entra.DecodeGrants(scantest.Recorded(t, "oauth2permissiongrants-list.json"))
	if err != nil || len(gs) != 2 || gs[0].ConsentType != "AllPrincipals" || gs[0].PrincipalID != nil ||
		!strings.Contains(gs[1].Scope, "Mail.ReadWrite") {
		t.Errorf("grants = %+v, %v", gs, err)
	}
	us, _, err := entra.DecodeUsers(scantest.Recorded(t, "users-list.json"))
	if err != nil || len(us) != 2 || us[0].Mail != "Adams@contoso.com" || us[1].Mail != "" || us[1].UserPrincipalName != "admin@contoso.com" {
		t.Errorf("users = %+v, %v", us, err)
	}
	ss, next, err := entra.DecodeSignIns(scantest.Recorded(t, "signins-list.json"))
	if err != nil || len(ss) != 1 || !strings.Contains(next, "$skiptoken=") {
		t.Fatalf("sign-ins = %+v, %q, %v", ss, next, err)
	}
	if want := time.Date(2020, 3, 13, 19, 15, 41, 619583300, time.UTC); !ss[0].CreatedDateTime.Equal(want) ||
		!ss[0].Succeeded("de8bc8b5-d9f9-48b1-a8ad-b748da725064") || ss[0].Succeeded(appID) {
		t.Errorf("sign-in = %+v", ss[0])
	}
}

// TestRecordedErrors: the recorded error bodies are told apart: a tenant
// without P1 is not a missing permission.
func TestRecordedErrors(t *testing.T) {
	for _, tc := range []struct {
		file, code string
	}{
		{"error-nonpremium.json", entra.NonPremiumCode},
		{"error-denied.json", "Authorization_RequestDenied"},
		{"error-429.json", "TooManyRequests"},
	} {
		var e entra.GraphError
		if err := json.Unmarshal(scantest.Recorded(t, tc.file), &e); err != nil || e.Error.Code != tc.code {
			t.Errorf("%s: %+v, %v", tc.file, e, err)
		}
	}
}

// simulated answers one GET from the simulated tenant.
func simulated(t *testing.T, s entra.SandboxSeed, path string) []json.RawMessage {
	t.Helper()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/entra_id"+path, nil)
	req.Header.Set("Authorization", "Bearer "+s.Token)
	entra.Simulator().New(s, sandbox.Faults{}).ServeHTTP(rec, req)
	var p struct {
		Value []json.RawMessage `json:"value"`
	}
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &p) != nil || len(p.Value) == 0 {
		t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body)
	}
	return p.Value
}

func recordedValues(t *testing.T, file string) []json.RawMessage {
	t.Helper()
	var p struct {
		Value []json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(scantest.Recorded(t, file), &p); err != nil {
		t.Fatal(err)
	}
	return p.Value
}

// TestSimulatorMatchesRecorded: the simulator writes assignments, grants
// and sign-ins in the shapes of Graph's reference.
func TestSimulatorMatchesRecorded(t *testing.T) {
	s := tenantSeed(2)
	s.Grants = []entra.SandboxGrant{{ClientID: spID, Scope: "User.Read Mail.Send"}}
	for _, tc := range []struct{ path, file string }{
		{"/v1.0/servicePrincipals/" + spID + "/appRoleAssignedTo", "approleassignedto-list.json"},
		{"/v1.0/oauth2PermissionGrants", "oauth2permissiongrants-list.json"},
		{"/v1.0/auditLogs/signIns", "signins-list.json"},
	} {
		for _, got := range simulated(t, s, tc.path) {
			if p := scantest.ShapeProblems(got, recordedValues(t, tc.file)...); len(p) > 0 {
				t.Errorf("GET %s: %q", tc.path, p)
			}
		}
	}
}

// fuzzDecoder fuzzes a Graph decoder from its recorded page and a few
// empty or broken ones.
func fuzzDecoder(f *testing.F, decode func([]byte) error, recorded string) {
	scantest.FuzzDecoder(f, scantest.InFewWords, func(b []byte) (struct{}, error) { return struct{}{}, decode(b) }, nil,
		string(scantest.Recorded(f, recorded)), `{"value": null}`, `{"value": [{}]}`, `[]`)
}

func FuzzDecodeServicePrincipals(f *testing.F) {
	fuzzDecoder(f, func(b []byte) error { _, _, err := entra.DecodeServicePrincipals(b); return err }, "serviceprincipals-list.json")
}

func FuzzDecodeAssignments(f *testing.F) {
	fuzzDecoder(f, func(b []byte) error { _, _, err := entra.DecodeAssignments(b); return err }, "approleassignedto-list.json")
}

func FuzzDecodeGrants(f *testing.F) {
	fuzzDecoder(f, func(b []byte) error { _, _, err := entra.DecodeGrants(b); return err }, "oauth2permissiongrants-list.json")
}

func FuzzDecodeUsers(f *testing.F) {
	fuzzDecoder(f, func(b []byte) error { _, _, err := entra.DecodeUsers(b); return err }, "users-list.json")
}

func FuzzDecodeSignIns(f *testing.F) {
	fuzzDecoder(f, func(b []byte) error { _, _, err := entra.DecodeSignIns(b); return err }, "signins-list.json")
}
