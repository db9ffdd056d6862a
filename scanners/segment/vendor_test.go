package segment_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/segment"
)

// TestRecordedAnswers runs the scanner and the discoverer on the recorded
// answers: flows of enabled sources only, a destination named by its
// catalog entry, the cursor followed until next is null, users without
// activity, and Segment's error bodies explained.
func TestRecordedAnswers(t *testing.T) {
	serve := func(status int, files map[string]string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			name := files[r.URL.Path+"?"+r.URL.Query().Get("pagination[cursor]")]
			if name == "" {
				name = files["*"]
			}
			w.Header().Set("Content-Type", "application/json")
			if status == http.StatusTooManyRequests {
				w.Header().Set("X-RateLimit-Remaining", "0")
			}
			w.WriteHeader(status)
			_, _ = w.Write(scantest.Recorded(t, name))
		})
	}
	t.Run("discover", func(t *testing.T) {
		r := discoverer().Run(t, scantest.Setup{Endpoint: "/", Handler: serve(http.StatusOK, map[string]string{
			"/sources?": "sources_page1.json", "/sources?Mg==": "sources_page2_last.json", "/destinations?": "destinations.json"})})
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		var got []string
		for _, f := range r.Found.Flows {
			got = append(got, f.From+" → "+f.To)
		}
		want := "Acme app (web) (Javascript) → Intercom Web (Actions),Marketing website (Javascript) → Google Ads Conversions"
		if strings.Join(got, ",") != want || len(r.Requests) != 3 {
			t.Errorf("flows %q in %d requests, want %q in 3", got, len(r.Requests), want)
		}
	})
	t.Run("users", func(t *testing.T) {
		r := vendor().Run(t, scantest.Setup{Endpoint: "/", Handler: serve(http.StatusOK, map[string]string{
			"/users?": "users.json", "/users?Mg==": "users_page2_last.json"})})
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		// Every user holds a seat; none has an activity date to give.
		if len(r.Usage.Users) != 3 || r.Usage.Seats.Assigned != 3 || len(r.Requests) != 2 {
			t.Errorf("usage %+v in %d requests", r.Usage, len(r.Requests))
		}
		for _, u := range r.Usage.Users {
			if u.LastActive != nil {
				t.Errorf("%s active %v", u.Email, u.LastActive)
			}
		}
	})
	for _, tt := range []struct {
		status int
		file   string
		want   string
	}{
		{http.StatusUnauthorized, "error_401.json", "Segment rejected the token in SEGMENT_TOKEN"},
		{http.StatusNotFound, "error_404.json", "check the Public API address"},
		{http.StatusTooManyRequests, "error_429.json", "Segment asks to wait 58s"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			o := scantest.Fast()
			r := vendor().Run(t, scantest.Setup{Endpoint: "/", Opts: &o, Handler: serve(tt.status, map[string]string{"*": tt.file})})
			scantest.ErrorContains(t, r.Err, "segment: GET /users", tt.want)
		})
	}
}

// TestDecodeRecorded runs the decoders on the recorded Public API answers
// of testdata/vendor (see its SOURCE).
func TestDecodeRecorded(t *testing.T) {
	scantest.CheckRecorded(t, []scantest.Recording{
		{File: "sources_page1.json", Check: func(t *testing.T, body []byte) {
			p, err := segment.DecodeSources(body)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Sources) != 2 || p.Sources[0].Metadata.Name != "Javascript" || p.Sources[1].Enabled || p.Pagination.Next != "Mg==" {
				t.Errorf("decoded %+v", p)
			}
		}},
		// The last page's next is null.
		{File: "sources_page2_last.json", Check: func(t *testing.T, body []byte) {
			p, err := segment.DecodeSources(body)
			if err != nil || len(p.Sources) != 1 || p.Pagination.Next != "" {
				t.Errorf("decoded %+v, %v", p, err)
			}
		}},
		// A destination without a name; no next at all on the last page.
		{File: "destinations.json", Check: func(t *testing.T, body []byte) {
			p, err := segment.DecodeDestinations(body)
			if err != nil {
				t.Fatal(err)
			}
			d := p.Destinations[1]
			if len(p.Destinations) != 2 || d.Name != "" || d.Metadata.Name != "Intercom Web (Actions)" || d.SourceID != "wZ1RQn3B7PzKqA2Qe8TjZm" ||
				p.Destinations[0].Metadata.Slug != "actions-google-enhanced-conversions" || p.Pagination.Next != "" {
				t.Errorf("decoded %+v", p)
			}
		}},
		{File: "users.json", Check: func(t *testing.T, body []byte) {
			p, err := segment.DecodeUsers(body)
			if err != nil || len(p.Users) != 2 || p.Users[1].Email != "sam@acme.example" || p.Pagination.Next != "Mg==" {
				t.Errorf("decoded %+v, %v", p, err)
			}
		}},
	})
	// A fractional totalEntries (the SDK's float32) still decodes.
	body := []byte(`{"data":{"users":[],"pagination":{"current":"MA==","totalEntries":12.0}}}`)
	if _, err := segment.DecodeUsers(body); err != nil {
		t.Errorf("totalEntries 12.0: %v", err)
	}
}
