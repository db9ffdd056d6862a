package scim_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/scim"
)

// TestDecodeRecorded reads each recorded body (testdata/vendor/SOURCE) as
// the scanner does.
func TestDecodeRecorded(t *testing.T) {
	t.Parallel()
	minimal := `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1,"Resources":[` +
		string(scantest.Recorded(t, "rfc7643-user-minimal.json")) + `]}`
	modified := time.Date(2011, 5, 13, 4, 42, 34, 0, time.UTC)
	figmaModified := time.Date(2024, 10, 17, 4, 3, 6, 0, time.UTC)
	tests := []struct {
		name, activity string
		body           []byte
		total          int
		want           []scim.User
	}{
		{"RFC 7644 list: no active, no meta", "meta.lastModified", scantest.Recorded(t, "rfc7644-list-response.json"), 2, []scim.User{
			{ID: "2819c223-7f76-453a-919d-413861904646", Active: true},
			{ID: "c75ad752-64ae-4823-840d-ffa80929976c", Active: true},
		}},
		{"RFC 7643 minimal user: userName is the email, meta.lastModified", "meta.lastModified", []byte(minimal), 1, []scim.User{
			{ID: "2819c223-7f76-453a-919d-413861904646", Email: "bjensen@example.com", Active: true, LastActive: &modified, HasAttr: true},
		}},
		{"RFC 7643 minimal user, activity none", "none", []byte(minimal), 1, []scim.User{
			{ID: "2819c223-7f76-453a-919d-413861904646", Email: "bjensen@example.com", Active: true},
		}},
		{"Slack: deactivated, no lastModified, totalResults unrelated", "meta.lastModified", scantest.Recorded(t, "slack-users-v2.json"), 12345, []scim.User{
			{ID: "W00000000", Active: false},
		}},
		{"Figma: one full seat, one deactivated viewer", "meta.lastModified", scantest.Recorded(t, "figma-users.json"), 2, []scim.User{
			{ID: "1427545874257949557", Email: "existingscimuser@example.com", Active: true, LastActive: &figmaModified, HasAttr: true},
			{ID: "1360815874257948001", Email: "newscimuser@example.com", Active: false, LastActive: ptr(time.Date(2024, 10, 17, 2, 22, 22, 0, time.UTC)), HasAttr: true},
		}},
		{"Figma: an enterprise attribute path that is not a date is absent here", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:lastLogin", scantest.Recorded(t, "figma-users.json"), 2, []scim.User{
			{ID: "1427545874257949557", Email: "existingscimuser@example.com", Active: true},
			{ID: "1360815874257948001", Email: "newscimuser@example.com", Active: false},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := scim.DecodeListResponse(tt.body, tt.activity)
			if err != nil {
				t.Fatal(err)
			}
			if !got.HasTotal || got.TotalResults != tt.total {
				t.Errorf("totalResults %d (given %v), want %d", got.TotalResults, got.HasTotal, tt.total)
			}
			if len(got.Users) != len(tt.want) {
				t.Fatalf("%d users, want %d: %+v", len(got.Users), len(tt.want), got.Users)
			}
			for i, w := range tt.want {
				g := got.Users[i]
				if g.ID != w.ID || g.Email != w.Email || g.Active != w.Active || g.HasAttr != w.HasAttr ||
					(g.LastActive == nil) != (w.LastActive == nil) || g.LastActive != nil && !g.LastActive.Equal(*w.LastActive) {
					t.Errorf("user %d = %+v, want %+v", i+1, g, w)
				}
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// TestDecodeRecordedError: RFC 7644's error body is read for its status
// (a string) and is no list of users.
func TestDecodeRecordedError(t *testing.T) {
	t.Parallel()
	body := scantest.Recorded(t, "rfc7644-error-404.json")
	if e := scim.DecodeError(body); e.Status != "404" || e.ScimType != "" {
		t.Errorf("error = %+v, want status 404", e)
	}
	_, err := scim.DecodeListResponse(body, "meta.lastModified")
	scantest.ErrorContains(t, err, "invalid response", "a SCIM error")
	scantest.NotShown(t, err, "2819c223")
	if e := scim.DecodeError([]byte(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":401,"scimType":"invalidFilter"}`)); e.Status != "401" || e.ScimType != "invalidFilter" {
		t.Errorf("numeric status: %+v", e)
	}
	if e := scim.DecodeError([]byte(`{"scimType":"bad value; rm -rf"}`)); e.ScimType != "" {
		t.Errorf("free text kept as scimType: %q", e.ScimType)
	}
}

// TestSlackRecordedScan: Slack's recorded page through the scanner, then an
// empty page: its one user is deactivated, so no seat is assigned, and the
// list ends although totalResults promised 12,345.
func TestSlackRecordedScan(t *testing.T) {
	t.Parallel()
	body := scantest.Recorded(t, "slack-users-v2.json")
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/scim+json")
		if r.URL.Query().Get("startIndex") != "1" {
			_, _ = w.Write([]byte(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":12345,"Resources":[]}`))
			return
		}
		_, _ = w.Write(body)
	})
	v := vendor()
	r := v.MustRun(t, scantest.Setup{Handler: h, HCL: v.ToolHCL(`url = "https://api.slack.com/scim/v2"`)})
	if r.Usage.Seats.Assigned != 0 || len(r.Usage.Users) != 0 {
		t.Errorf("assigned %d, users %+v; want none (the one user is deactivated)", r.Usage.Seats.Assigned, r.Usage.Users)
	}
	if len(r.Requests) != 2 || r.Requests[0].Path != "/scim/scim/v2/Users" || r.Requests[0].RawQuery != "count=100&startIndex=1" {
		t.Errorf("requests %+v", r.Requests)
	}
	if !strings.Contains(r.Log, "totalResults is 12345 but the list ended after 1 users") {
		t.Errorf("log %q does not note the short list", r.Log)
	}
}
