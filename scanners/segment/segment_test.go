package segment_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/scanners/segment"
	"github.com/stackaudit/stackaudit/usage"
)

const (
	goodToken = "sgp_sandbox-good-token-0001"
	canary    = "sgp_CANARY-9b2d71e04c3a"
)

const inventoryHCL = `
tool "segment" {
  name     = "Segment"
  vendor   = "Twilio"
  category = "cdp"
  scan "segment" {
    token_env = "SEGMENT_TOKEN"
  }
}

discovery "segment" {
  token_env = "SEGMENT_TOKEN"
  %s
}
`

// seed is a workspace with n users and the sources and destinations of
// workspace(), in pages of 100.
func seed(n int) segment.SandboxSeed {
	s := workspace()
	s.PageSize = 100
	for i := range n {
		s.Users = append(s.Users, segment.SandboxUser{ID: fmt.Sprintf("usr_%05d", i), Name: fmt.Sprint("User ", i),
			Email: fmt.Sprintf("u%d@acme.example", i)})
	}
	return s
}

// workspace has three sources (one disabled) and six destinations: three
// enabled on enabled sources, one disabled, one on the disabled source,
// and one whose source is not listed. Pages of 2 make both lists page.
func workspace() segment.SandboxSeed {
	return segment.SandboxSeed{
		Access: sandbox.Access{Token: goodToken, PageSize: 2},
		Sources: []segment.SandboxSource{
			{ID: "src_web", Slug: "web", Name: "Web", Enabled: true, MetadataName: "Javascript"},
			{ID: "src_ios", Slug: "ios", Name: "iOS", Enabled: true, MetadataName: "iOS"},
			{ID: "src_old", Slug: "legacy", Name: "Legacy API", Enabled: false, MetadataName: "HTTP API"},
		},
		Destinations: []segment.SandboxDestination{
			{ID: "dst_1", Name: "Mixpanel prod", Enabled: true, SourceID: "src_web", MetadataName: "Mixpanel (Actions)",
				MetadataSlug: "actions-mixpanel", Website: "https://mixpanel.com"},
			{ID: "dst_2", Name: "Braze", Enabled: true, SourceID: "src_ios", MetadataName: "Braze Cohorts",
				MetadataSlug: "braze-cohorts", Website: "https://www.braze.com"},
			{ID: "dst_3", Name: "Hooks", Enabled: true, SourceID: "src_web", MetadataName: "Webhooks (Actions)",
				MetadataSlug: "actions-webhook", Website: "https://segment.com/docs"},
			{ID: "dst_4", Name: "Amp", Enabled: false, SourceID: "src_web", MetadataName: "Amplitude (Actions)",
				MetadataSlug: "actions-amplitude", Website: "https://amplitude.com"},
			{ID: "dst_5", Name: "HS", Enabled: true, SourceID: "src_old", MetadataName: "HubSpot",
				MetadataSlug: "hubspot", Website: "https://hubspot.com"},
			{ID: "dst_6", Name: "Orphan", Enabled: true, SourceID: "src_gone", MetadataName: "Mixpanel"},
		},
	}
}

// setup is one run of the scanner by vendor().Run, or of the discoverer by
// discoverer().Run: the seed is seed(150), or workspace(), unless the test
// gives one.
type setup = scantest.Setup

func TestScanHappyPathThreePages(t *testing.T) {
	r := vendor().MustRun(t, setup{Seed: seed(250)})
	if got := len(r.Usage.Users); got != 250 {
		t.Fatalf("users = %d, want 250", got)
	}
	if len(r.Served) != 3 {
		t.Errorf("%d requests, want 3 pages of /users", len(r.Served))
	}
	for _, q := range r.Served {
		if q.Path != "/users" || q.Authorization != "Bearer "+goodToken {
			t.Errorf("request %s with Authorization %q", q.Path, q.Authorization)
		}
	}
	if u := r.Usage.Users[7]; u.ID != "usr_00007" || u.Email != "u7@acme.example" || u.LastActive != nil {
		t.Errorf("user 7 = %+v", u)
	}
	usage.Tally(r.Usage, scantest.AsOf())
	// Segment has no activity dates: everyone assigned, nobody active.
	if r.Usage.Seats.Assigned != 250 || r.Usage.Seats.Purchased != nil || r.Usage.Active != (usage.Active{}) || r.Usage.LastActivity != nil {
		t.Errorf("usage = seats %+v, active %+v, last %v", r.Usage.Seats, r.Usage.Active, r.Usage.LastActivity)
	}
}

func TestScanEmptyWorkspace(t *testing.T) {
	r := vendor().Run(t, setup{Seed: seed(0)})
	if r.Err != nil || r.Usage.Users == nil || len(r.Usage.Users) != 0 {
		t.Fatalf("usage %+v, err %v", r.Usage, r.Err)
	}
}

// TestScanBadResponses: Segment's own answers (the generic ones are in
// TestConformance).
func TestScanBadResponses(t *testing.T) {
	// WantCalls: the requests the sandbox received (150 users: 2 pages).
	vendor().Cases(t, []scantest.Case{
		{Name: "429 until retries run out", WantCalls: 4, Setup: setup{Faults: sandbox.Faults{Status429Times: 100}},
			WantErr: []string{"segment: GET /users: HTTP 429 Too Many Requests (after 4 attempts)", "still rate limited", "Segment asks to wait 58s"}},
		{Name: "401 rejected token", WantCalls: 1, Setup: setup{Token: canary},
			WantErr: []string{"segment: GET /users: HTTP 401 Unauthorized", "rejected the token in SEGMENT_TOKEN", "Public API token",
				"Access Management › Tokens", "Workspace Owner", "eu1.api.segmentapis.com"}},
		{Name: "403 role may not read users", WantCalls: 1, Setup: setup{Seed: func() segment.SandboxSeed {
			s := seed(3)
			s.Forbidden = []string{"/users"}
			return s
		}()}, WantErr: []string{"segment: GET /users: HTTP 403 Forbidden", "the token in SEGMENT_TOKEN may not read /users", "role Workspace Owner"}},
		{Name: "404 wrong address", WantCalls: 1, Setup: setup{Endpoint: vendor().Base + "/v1"},
			WantErr: []string{"segment: GET /users: HTTP 404 Not Found", "check the Public API address"}},
	}, nil)
}

func TestDiscoverFlows(t *testing.T) {
	web, ios, legacy := "Web (Javascript)", "iOS", "Legacy API (HTTP API)"
	flow := func(from, to, toProduct, evidence string) usage.DiscoveredFlow {
		return usage.DiscoveredFlow{Source: "segment", From: from, To: to, FromProduct: "segment", ToProduct: toProduct, Evidence: evidence}
	}
	mixpanel := flow(web, "Mixpanel (Actions)", "mixpanel", "destination dst_1 enabled on source web")
	// The webhook's website is segment.com: not a product of its own.
	webhooks := flow(web, "Webhooks (Actions)", "", "destination dst_3 enabled on source web")
	// Braze by its website's host, its type's name being unknown.
	braze := flow(ios, "Braze Cohorts", "braze", "destination dst_2 enabled on source ios")
	amplitude := flow(web, "Amplitude (Actions)", "amplitude", "destination dst_4 disabled on source web")
	// "HubSpot" names four catalog products: left to the policies.
	hubspot := flow(legacy, "HubSpot", "", "destination dst_5 enabled on source legacy (source disabled)")
	tests := []struct {
		settings string
		want     []usage.DiscoveredFlow
	}{
		{"", []usage.DiscoveredFlow{mixpanel, webhooks, braze}},
		{"include_disabled = false", []usage.DiscoveredFlow{mixpanel, webhooks, braze}},
		{"include_disabled = true", []usage.DiscoveredFlow{hubspot, amplitude, mixpanel, webhooks, braze}},
	}
	for _, tt := range tests {
		t.Run(tt.settings, func(t *testing.T) {
			t.Parallel()
			r := discoverer().MustRun(t, setup{HCL: fmt.Sprintf(inventoryHCL, tt.settings)})
			d := r.Found
			if d.Tools == nil || d.Integrations == nil || len(d.Tools)+len(d.Integrations) != 0 {
				t.Errorf("tools %v, integrations %v; want empty lists", d.Tools, d.Integrations)
			}
			got, _ := json.MarshalIndent(d.Flows, "", "  ")
			want, _ := json.MarshalIndent(tt.want, "", "  ")
			if !bytes.Equal(got, want) {
				t.Errorf("flows:\n%s\nwant:\n%s", got, want)
			}
			// 3 sources and 6 destinations in pages of 2.
			pages := map[string]int{}
			for _, q := range r.Served {
				pages[q.Path]++
			}
			if pages["/sources"] != 2 || pages["/destinations"] != 3 || len(pages) != 2 {
				t.Errorf("requests %v, want 2 /sources and 3 /destinations", pages)
			}
		})
	}
}

func TestDiscoverWithoutCatalog(t *testing.T) {
	r := discoverer().MustRun(t, setup{NoCatalog: true})
	if len(r.Found.Flows) != 3 {
		t.Fatalf("flows %+v", r.Found.Flows)
	}
	for _, f := range r.Found.Flows {
		if f.ToProduct != "" || f.FromProduct != "segment" {
			t.Errorf("flow %+v: products without a catalog", f)
		}
	}
}

func TestDiscoverErrors(t *testing.T) {
	discoverer().Cases(t, []scantest.Case{
		{Name: "401", WantCalls: 1, Setup: setup{Token: canary},
			WantErr: []string{"segment: GET /sources: HTTP 401 Unauthorized", "SEGMENT_TOKEN", "Public API token"}},
		// Two pages of sources, then the forbidden destinations.
		{Name: "403 on destinations", WantCalls: 3, Setup: setup{Seed: func() segment.SandboxSeed {
			s := workspace()
			s.Forbidden = []string{"/destinations"}
			return s
		}()}, WantErr: []string{"segment: GET /destinations: HTTP 403 Forbidden", "may not read /destinations", "Source Read-only"}},
	}, nil)
}

func TestValidate(t *testing.T) {
	scantest.Validate(t, segment.Spec(), []scantest.ValidateCase{
		{Name: "ok", TokenEnv: "SEGMENT_TOKEN"},
		{Name: "missing token_env", Want: []string{"Missing token_env"}},
		{Name: "unknown setting", TokenEnv: "SEGMENT_TOKEN", Body: `workspace = "acme"`, Want: []string{"Unsupported argument"}},
	})
}

func TestValidateDiscovery(t *testing.T) {
	scantest.ValidateDiscoverer(t, segment.Spec(), []scantest.ValidateCase{
		{Name: "ok", Body: `token_env = "SEGMENT_TOKEN"`},
		{Name: "include_disabled", Body: "token_env = \"SEGMENT_TOKEN\"\ninclude_disabled = true"},
		{Name: "missing token_env", Want: []string{"Missing token_env"}},
		{Name: "include_disabled not bool", Body: "token_env = \"SEGMENT_TOKEN\"\ninclude_disabled = \"yes\"", Want: []string{"Invalid include_disabled setting"}},
		{Name: "unknown setting", Body: "token_env = \"SEGMENT_TOKEN\"\nsources = [\"web\"]", Want: []string{"Unsupported argument"}},
	})
}

func TestDecodeInvalid(t *testing.T) {
	tests := []struct{ body, want string }{
		{`{"data":{"users":[],"pagination":{"current":"MA==","totalEntries":0}}}`, ""},
		{`{"data":{}}`, "invalid response: no users list"},
		{`{"data":{"users":null}}`, "invalid response: no users list"},
		{`{"data":null}`, "invalid response: no data object"},
		{`{"users":[]}`, "invalid response: no data object"},
		{`[]`, "invalid response: no data object"},
		{`{"data":{"users":[{"email":"a@x.example"}]}}`, "invalid response: users[0] has no id"},
		{`{"data":{"users":[{"id":7}]}}`, "invalid response: field users.id is a JSON number, want string"},
		{`{"data":{"users":[{"id":"u1","email":"secret@x.example"`, "invalid JSON response (55 bytes): the body ends early"},
	}
	for _, tt := range tests {
		_, err := segment.DecodeUsers([]byte(tt.body))
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.body, err)
		case tt.want != "" && (err == nil || err.Error() != tt.want):
			t.Errorf("%s: error %v, want %q", tt.body, err, tt.want)
		}
	}
	if _, err := segment.DecodeDestinations([]byte(`{"data":{"destinations":[{"id":"d1"}]}}`)); err == nil ||
		err.Error() != "invalid response: destinations[0] has no sourceId" {
		t.Errorf("destination without source: %v", err)
	}
}

// fuzzSeeds are answers shaped like the Public API's, and broken ones.
func fuzzSeeds() []string {
	return []string{
		`{"data":{"users":[{"id":"u1","name":"A","email":"a@x.com","permissions":[{"roleId":"r1","roleName":"Workspace Owner","resources":[{"id":"ws1","type":"WORKSPACE"}]}]}],"pagination":{"current":"MA==","next":"MTA=","totalEntries":12}}}`,
		`{"data":{"sources":[{"id":"src1","slug":"web","name":"Web","workspaceId":"ws1","enabled":true,"metadata":{"id":"m","name":"Javascript","slug":"javascript","categories":["Website"]}}],"pagination":{"current":"MA==","totalEntries":1}}}`,
		`{"data":{"destinations":[{"id":"d1","name":"Mixpanel","enabled":true,"sourceId":"src1","settings":{},"metadata":{"id":"m","name":"Mixpanel","slug":"mixpanel","categories":["Analytics"],"website":"https://mixpanel.com"}}],"pagination":{"current":"MA=="}}}`,
		`{"data":{"users":[]}}`, `{"data":{"users":null}}`, `{"data":{"users":[{"id":1}]}}`, `{"data":[]}`,
		`{"errors":[{"type":"RequestError","message":"Too many requests","data":{"remainingPoints":0,"msBeforeNext":57647}}]}`,
		`[`,
	}
}

func FuzzDecodeUsers(f *testing.F) {
	scantest.FuzzDecoder(f, scantest.InFewWords, segment.DecodeUsers, func(t *testing.T, p segment.Users) {
		scantest.Listed(t, p.Users, "users", func(u segment.APIUser) bool { return u.ID != "" }, "accepted a user without id")
	}, fuzzSeeds()...)
}

func FuzzDecodeSources(f *testing.F) {
	scantest.FuzzDecoder(f, scantest.InFewWords, segment.DecodeSources, func(t *testing.T, p segment.Sources) {
		scantest.Listed(t, p.Sources, "sources", func(s segment.Source) bool { return s.ID != "" }, "accepted a source without id")
	}, fuzzSeeds()...)
}

func FuzzDecodeDestinations(f *testing.F) {
	scantest.FuzzDecoder(f, scantest.InFewWords, segment.DecodeDestinations, func(t *testing.T, p segment.Destinations) {
		scantest.Listed(t, p.Destinations, "destinations", func(d segment.Destination) bool { return d.ID != "" && d.SourceID != "" },
			"accepted a destination without id or source")
	}, fuzzSeeds()...)
}

// TestRun: through scanners.Run, the workspace's users are assigned but
// never active, and the discovery block's flows reach the snapshot.
func TestRun(t *testing.T) {
	inv := scantest.Load(t, fmt.Sprintf(inventoryHCL, ""))
	sb := segment.Simulator().New(seed(5), sandbox.Faults{})
	urls := scantest.Serve(t, sb)
	snap, results := scanners.Run(context.Background(), inv, scanners.RunOptions{
		Scanners:    map[string]scanners.Scanner{segment.Kind: segment.New()},
		Discoverers: map[string]scanners.Discoverer{segment.Kind: segment.NewDiscoverer()},
		AsOf:        scantest.AsOf(),
		Getenv:      func(k string) string { return map[string]string{"SEGMENT_TOKEN": goodToken}[k] },
		Endpoints:   map[string]string{segment.Kind: urls["segment"]},
		HTTP:        scantest.Fast(),
	})
	for _, r := range results {
		if r.Err != nil {
			t.Errorf("%s: %v", r.Tool, r.Err)
		}
	}
	u := snap.Tools["segment"]
	if u == nil || u.Status != usage.StatusOK || u.Seats.Assigned != 5 || u.Active != (usage.Active{}) {
		t.Fatalf("usage %+v", u)
	}
	if len(snap.Discovered.Flows) != 3 || snap.Discovered.Flows[0].FromProduct != "segment" {
		t.Errorf("flows %+v", snap.Discovered.Flows)
	}
}
