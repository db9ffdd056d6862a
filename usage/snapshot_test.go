package usage_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/usage"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeRejectsBadSnapshots(t *testing.T) {
	cases := map[string]struct{ in, want string }{
		"empty":          {"", "is empty"},
		"not json":       {"{ nope", "is not valid JSON: line 1, column 3"},
		"no schema":      {`{"tools": {}}`, `has no "schema" field`},
		"other schema":   {`{"schema": "stackaudit.snapshot/v2"}`, `has schema "stackaudit.snapshot/v2"`},
		"wrong type":     {`{"schema": "stackaudit.snapshot/v1", "tools": {"x": {"seats": {"assigned": "many"}}}}`, "line 1"},
		"null tool":      {`{"schema": "stackaudit.snapshot/v1", "tools": {"x": null}}`, "tools.x is null"},
		"array":          {`[]`, "not valid JSON"},
		"truncated json": {`{"schema": "stackaudit.snapshot/v1", "tools": {"hub`, "not valid JSON"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := usage.Decode(strings.NewReader(c.in), "snap.json")
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			assert.Contains(t, err.Error(), "snap.json")
		})
	}
}

func TestDecodeAcceptsUnknownFields(t *testing.T) {
	s, err := usage.Decode(strings.NewReader(`{"schema": "stackaudit.snapshot/v1", "future": 1,
		"tools": {"hubspot": {"scanner": "hubspot", "status": "ok", "seats": {"purchased": 40, "assigned": 38}, "active": {"d30": 35, "d90": 38}, "new_field": true}}}`), "s.json")
	require.NoError(t, err)
	u := s.Tools["hubspot"]
	require.True(t, u.Measured())
	assert.Equal(t, 40, *u.Seats.Purchased)
	assert.Equal(t, 35, u.Active.D30)
}

// TestWriteIsAtomic: a failed write leaves the previous snapshot intact and
// no temporary file behind.
func TestWriteIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "2026-11-20.json")
	require.NoError(t, usage.Write(path, &usage.Snapshot{Tools: map[string]*usage.ToolUsage{}}))
	before, err := os.ReadFile(path)
	require.NoError(t, err)
	// Make the folder read-only so the next write fails.
	require.NoError(t, os.Chmod(dir, 0o500))
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	if os.Getuid() == 0 {
		t.Skip("root ignores folder permissions")
	}
	err = usage.Write(path, &usage.Snapshot{})
	require.Error(t, err)
	after, _ := os.ReadFile(path)
	assert.Equal(t, before, after)
	entries, _ := os.ReadDir(dir)
	assert.Len(t, entries, 1)
}

func TestLatest(t *testing.T) {
	dir := t.TempDir()
	p, err := usage.Latest(dir)
	require.NoError(t, err)
	assert.Empty(t, p, "no snapshot folder is not an error")
	snaps := usage.SnapshotDir(dir)
	require.NoError(t, os.MkdirAll(snaps, 0o755))
	snap := func(taken string) string {
		return `{"schema": "stackaudit.snapshot/v1", "taken_at": "` + taken + `T09:00:00Z", "tools": {}}`
	}
	for n, content := range map[string]string{
		"2026-08-20.json": snap("2026-08-20"), "2026-11-20.json": snap("2026-11-20"), "2026-02-01.json": snap("2026-02-01"),
		".2026-12-01.json.tmp": snap("2026-12-01"), "notes.txt": "{}",
		// Named to sort last, dated earlier: the newest is by taken_at.
		"zzz-not-a-date.json": snap("2026-01-01"),
		"zzz-empty.json":      "{}",
		"zzz-other.json":      `{"schema": "other/v1", "taken_at": "2027-01-01T00:00:00Z"}`,
		"zzz-broken.json":     `{"schema": "stackaudit.snapshot/v1", "taken_at": 5}`,
	} {
		require.NoError(t, os.WriteFile(filepath.Join(snaps, n), []byte(content), 0o644))
	}
	require.NoError(t, syscall.Mkfifo(filepath.Join(snaps, "zzz-fifo.json"), 0o644))
	p, warnings, err := usage.Newest(snaps)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(snaps, "2026-11-20.json"), p)
	require.Len(t, warnings, 4)
	assert.Contains(t, warnings[0], "zzz-broken.json is not a snapshot")
	assert.Contains(t, warnings[1], "zzz-empty.json is not a snapshot (schema \"\"")
	assert.Contains(t, warnings[2], "zzz-fifo.json is not a snapshot (it is a FIFO (named pipe))")
	assert.Contains(t, warnings[3], `schema "other/v1"`)
	p, err = usage.Latest(dir)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(snaps, "2026-11-20.json"), p)
}

// TestDecodeRefusesImplausible: values no scan measures are refused with
// the JSON path of the bad value.
func TestDecodeRefusesImplausible(t *testing.T) {
	tool := func(body string) string {
		return `{"schema": "stackaudit.snapshot/v1", "taken_at": "2026-11-20T09:00:00Z", "tools": {"hubspot": {"status": "ok", ` + body + `}}}`
	}
	for _, c := range []struct{ name, json, want string }{
		{"fine", tool(`"seats": {"assigned": 10, "purchased": 12}, "active": {"d30": 5, "d90": 10}, "last_activity": "2026-11-21T08:00:00Z"`), ""},
		{"negative seats", tool(`"seats": {"assigned": -5}`), "tools.hubspot.seats.assigned is -5: counts cannot be negative"},
		{"negative purchased", tool(`"seats": {"assigned": 5, "purchased": -1}`), "tools.hubspot.seats.purchased is -1"},
		{"negative active", tool(`"seats": {"assigned": 5}, "active": {"d30": -1}`), "tools.hubspot.active.d30 is -1"},
		{"active above assigned", tool(`"seats": {"assigned": 5}, "active": {"d30": 3, "d90": 6}`), "tools.hubspot.active.d90 is 6, above the 5 assigned seats"},
		{"absurd count", tool(`"seats": {"assigned": 9223372036854775807}`), "tools.hubspot.seats.assigned is 9223372036854775807: counts above 1000000000"},
		{"count at the limit", tool(`"seats": {"assigned": 1000000000}`), ""},
		{"future activity", tool(`"last_activity": "2026-11-21T09:00:01Z"`), "tools.hubspot.last_activity is 2026-11-21T09:00:01Z, more than a day after"},
		{"future user", tool(`"users": [{"id": "a"}, {"id": "b", "last_active": "2030-01-01T00:00:00Z"}]`), "tools.hubspot.users[1].last_active is 2030"},
		{"future measured", tool(`"measured_at": "2027-01-01T00:00:00Z"`), "tools.hubspot.measured_at"},
		{"discovered users", `{"schema": "stackaudit.snapshot/v1", "discovered": {"tools": [{"name": "x", "users": -3}]}}`, "discovered.tools[0].users is -3"},
		{"bom", "\xEF\xBB\xBF" + tool(`"seats": {"assigned": 1}`), "byte order mark (BOM) at $"},
		{"type error", tool(`"seats": {"assigned": "ten"}`), "tools.hubspot.seats.assigned has the wrong type"},
		{"type error in a list", tool(`"users": [{"id": "a"}, {"id": 7}]`), "tools.hubspot.users[1].id has the wrong type"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := usage.Decode(strings.NewReader(c.json), "snap.json")
			if c.want == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), "snap.json")
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

// FuzzDecode: any bytes give a snapshot or an error naming the file, never
// a panic; a decoded snapshot round-trips.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"schema": "stackaudit.snapshot/v1", "tools": {"a": {"status": "ok", "users": [{"email": "x@y", "last_active": "2026-11-19T17:02:11Z"}]}}}`))
	f.Add([]byte(`{"schema": "stackaudit.snapshot/v1", "discovered": {"tools": [{"source": "okta", "name": "Hotjar", "scopes": []}]}}`))
	if b, err := os.ReadFile("../examples/acme/.stackaudit/snapshots/2026-11-20.json"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := usage.Decode(bytes.NewReader(data), "fuzz.json")
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.json") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		path := filepath.Join(t.TempDir(), "s.json")
		if err := usage.Write(path, s); err != nil {
			t.Fatal(err)
		}
		if _, err := usage.Read(path); err != nil {
			t.Fatalf("a written snapshot does not read back: %v", err)
		}
	})
}

// TestEncodeRoundTrip checks the streaming encoder against encoding/json:
// what usage.Encode writes decodes to the same snapshot, for no tools, a tool
// without users and tools with users.
func TestEncodeRoundTrip(t *testing.T) {
	at := time.Date(2026, 11, 19, 17, 2, 11, 0, time.UTC)
	seven := 7
	cases := map[string]*usage.Snapshot{
		"empty":     {TakenAt: at, Tools: map[string]*usage.ToolUsage{}},
		"simulated": {TakenAt: at, Organization: "Acme", Simulated: true, Tools: map[string]*usage.ToolUsage{}},
		"tools": {TakenAt: at, Tools: map[string]*usage.ToolUsage{
			"b": {Scanner: "hubspot", Status: usage.StatusOK, Seats: usage.Seats{Purchased: &seven, Assigned: 2}, Active: usage.Active{D30: 1, D90: 2}, LastActivity: &at,
				Users: []usage.User{{ID: "1", Email: "a@x.example", LastActive: &at}, {ID: "2", Email: "b\"<x>@x.example"}}},
			"a": {Scanner: "slack", Status: usage.StatusError, Error: "slack: GET /users.list: HTTP 500", Users: []usage.User{}},
		}, Discovered: usage.Discovered{
			Tools:        []usage.DiscoveredTool{{Source: "okta", Name: "Hotjar", Product: "hotjar", Users: 3, Scopes: []string{}, Evidence: "Okta app 0oa1"}},
			Integrations: []usage.Integration{},
			Flows:        []usage.DiscoveredFlow{{Source: "segment", From: "web", To: "Mixpanel"}},
			Errors:       []usage.DiscoveryError{{Source: "github", Status: usage.StatusError, Error: "boom"}},
		}},
	}
	for name, snap := range cases {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := usage.Encode(&buf, snap); err != nil {
				t.Fatal(err)
			}
			if !json.Valid(buf.Bytes()) {
				t.Fatalf("invalid JSON:\n%s", buf.String())
			}
			got, err := usage.Decode(&buf, name)
			if err != nil {
				t.Fatal(err)
			}
			want, _ := json.Marshal(snap)
			have, _ := json.Marshal(got)
			if !bytes.Equal(want, have) {
				t.Errorf("round trip differs:\n got %s\nwant %s", have, want)
			}
		})
	}
}
