package usage

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/stackaudit/stackaudit/internal/atomicfile"
)

// SnapshotSchema is the only snapshot version this build reads and writes.
const SnapshotSchema = "stackaudit.snapshot/v1"

// Tool usage statuses.
const (
	StatusOK      = "ok"
	StatusError   = "error"
	StatusSkipped = "skipped"
)

// DiscoveryError is a discovery block that failed or was skipped. It is
// recorded in the snapshot so that an empty `discovered` list is never
// mistaken for "nothing undeclared".
type DiscoveryError struct {
	Source string `json:"source"`
	Status string `json:"status"`
	Error  string `json:"error"`
}

// Snapshot is what one scan run measured and discovered.
type Snapshot struct {
	Schema  string    `json:"schema"`
	TakenAt time.Time `json:"taken_at"`
	// Organization is the name of the inventory's organization when the
	// snapshot was taken, so that a snapshot copied from another
	// inventory is noticed ("" in older snapshots).
	Organization string `json:"organization,omitempty"`
	// Simulated marks a snapshot measured from the built-in vendor
	// simulator (scan --sandbox), not from the vendors: every report
	// made from it must say so.
	Simulated bool `json:"simulated,omitempty"`
	// Pseudonyms is set when users are stored as keyed pseudonyms
	// (organization { pseudonymize_users = true }); nil when they are
	// stored as the vendors gave them.
	Pseudonyms *Pseudonyms           `json:"pseudonyms,omitempty"`
	Tools      map[string]*ToolUsage `json:"tools"`
	Discovered Discovered            `json:"discovered"`

	// Path is the file the snapshot was read from ("" when it was not
	// read from a file), for the provenance check and audit print.
	Path string `json:"-"`
}

// ToolUsage is the measured usage of one declared tool, keyed by tool id.
type ToolUsage struct {
	Scanner      string     `json:"scanner"`
	Status       string     `json:"status"`
	Error        string     `json:"error"`
	Seats        Seats      `json:"seats"`
	Active       Active     `json:"active"`
	LastActivity *time.Time `json:"last_activity,omitempty"`
	// NoActivity marks a vendor that reports who holds a seat but not when
	// they were last active (Segment users, GitHub org members, Google
	// licences): active counts are unknown, not zero.
	NoActivity bool `json:"no_activity,omitempty"`
	// ActivitySource says where the users' activity dates come from when
	// they are not use of the tool itself: ActivityAccountWide when they
	// are each user's last sign-in to the identity provider (Okta's
	// lastLogin), a fallback that overstates use. Empty: activity in the
	// tool.
	ActivitySource string `json:"activity_source,omitempty"`
	// SeatsCount says what Seats.Assigned counts when the vendor cannot
	// tell paid seats from other users: CountsUsers when it is every user
	// of the account (HubSpot without seat information), not paid seats.
	// Empty: paid seats.
	SeatsCount string `json:"seats_count,omitempty"`
	// MeasuredAt is when the usage was measured, set only when it was
	// carried forward from an earlier scan (Carried says why it was not
	// measured again); otherwise it is the snapshot's taken_at.
	MeasuredAt *time.Time `json:"measured_at,omitempty"`
	Carried    string     `json:"carried,omitempty"`
	// Unit is what Seats counts: UnitSeats ("", the default: people who
	// hold a licence) or UnitContacts (a tool billed on the contacts it
	// stores, such as Mailchimp: Seats.Assigned is the contacts stored and
	// Seats.Purchased the plan's contact limit). Contacts have no activity,
	// so such usage never measures utilization or seat positions.
	Unit string `json:"unit,omitempty"`
	// Users stays the last field: Encode streams it.
	Users []User `json:"users"`
}

// The units of ToolUsage.Seats.
const (
	UnitSeats    = "seats"
	UnitContacts = "contacts"
)

// Values of ToolUsage.ActivitySource and ToolUsage.SeatsCount.
const (
	// ActivityAccountWide: activity dates are sign-ins to the identity
	// provider, not to the tool (Okta's lastLogin, when the System Log
	// has no SSO event of the user to the app).
	ActivityAccountWide = "account_wide"
	// ActivityMixed: some users' dates are sign-ins to the tool, others
	// (those without one) sign-ins to the identity provider.
	ActivityMixed = "mixed"
	// CountsUsers: Seats.Assigned counts users, not paid seats.
	CountsUsers = "users"
)

// Measured reports whether the usage can be relied on.
func (u *ToolUsage) Measured() bool { return u != nil && u.Status == StatusOK }

// ActivityMeasured reports whether the usage includes who was active; a
// count of contacts never does.
func (u *ToolUsage) ActivityMeasured() bool {
	return u.Measured() && !u.NoActivity && u.Unit != UnitContacts
}

// Seats are purchased and assigned seats. Purchased is nil when the vendor
// does not say; the inventory's cost.seats is used then.
type Seats struct {
	Purchased *int `json:"purchased,omitempty"`
	Assigned  int  `json:"assigned"`
}

// Active counts users active in the 30 and 90 days before the scan's as-of.
type Active struct {
	D30 int `json:"d30"`
	D90 int `json:"d90"`
}

// User is one seat holder.
type User struct {
	ID         string     `json:"id"`
	Email      string     `json:"email"`
	LastActive *time.Time `json:"last_active,omitempty"`
}

// Discovered is what discovery found across the organization.
type Discovered struct {
	Tools        []DiscoveredTool `json:"tools"`
	Integrations []Integration    `json:"integrations"`
	Flows        []DiscoveredFlow `json:"flows"`
	// Errors lists discovery blocks that failed or were skipped.
	Errors []DiscoveryError `json:"errors,omitempty"`
	// Measured lists the discovery sources that ran to the end in this
	// scan, so that a source that found nothing is told apart from one
	// that did not run (older snapshots lack it).
	Measured []string `json:"measured,omitempty"`
	// Carried lists the sources whose findings above were carried forward
	// from an earlier scan, since they were not measured in this one.
	Carried []CarriedSource `json:"carried,omitempty"`
}

// CarriedSource is a discovery source whose last findings were kept from an
// earlier scan.
type CarriedSource struct {
	Source     string    `json:"source"`
	MeasuredAt time.Time `json:"measured_at"`
	Reason     string    `json:"reason"`
}

// DiscoveredTool is an app seen in an identity provider or OAuth log.
type DiscoveredTool struct {
	Source   string   `json:"source"`
	Name     string   `json:"name"`
	Product  string   `json:"product,omitempty"`
	Users    int      `json:"users"`
	Scopes   []string `json:"scopes"`
	Evidence string   `json:"evidence"`
}

// Integration is an SDK or tag of a product found in code.
type Integration struct {
	Source   string `json:"source"`
	Product  string `json:"product"`
	Repo     string `json:"repo"`
	Path     string `json:"path"`
	Evidence string `json:"evidence"`
}

// DiscoveredFlow is data seen moving between two systems, e.g. a CDP
// destination.
type DiscoveredFlow struct {
	Source      string `json:"source"`
	From        string `json:"from"`
	To          string `json:"to"`
	FromProduct string `json:"from_product,omitempty"`
	ToProduct   string `json:"to_product,omitempty"`
	Evidence    string `json:"evidence"`
}

// Decode reads a snapshot. Unknown fields are accepted so that newer
// writers stay readable; an unknown schema is refused, since its fields may
// mean something else. name is used in errors.
func Decode(r io.Reader, name string) (*Snapshot, error) {
	data, err := io.ReadAll(io.LimitReader(r, 512<<20))
	if err != nil {
		return nil, fmt.Errorf("read snapshot %s: %w", name, err)
	}
	if len(strings.TrimSpace(string(data))) == 0 {
		return nil, fmt.Errorf("snapshot %s is empty: run `stackaudit scan` to write one, or remove it", name)
	}
	var probe struct {
		Schema *string `json:"schema"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("snapshot %s is not valid JSON: %s", name, jsonErr(data, err))
	}
	switch {
	case probe.Schema == nil:
		return nil, fmt.Errorf("snapshot %s has no \"schema\" field: it was not written by stackaudit scan", name)
	case *probe.Schema != SnapshotSchema:
		return nil, fmt.Errorf("snapshot %s has schema %q; this stackaudit reads %q: upgrade stackaudit or scan again", name, *probe.Schema, SnapshotSchema)
	}
	var s Snapshot
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("snapshot %s: %s", name, jsonErr(data, err))
	}
	if s.Tools == nil {
		s.Tools = map[string]*ToolUsage{}
	}
	for id, u := range s.Tools {
		if u == nil {
			return nil, fmt.Errorf("snapshot %s: tools.%s is null", name, id)
		}
	}
	return &s, nil
}

// jsonErr says where in the file a JSON error is, as line and column.
func jsonErr(data []byte, err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	off := int64(-1)
	switch {
	case errors.As(err, &se):
		// Offset counts the offending byte; point at it.
		off = se.Offset - 1
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 {
		return err.Error()
	}
	line, col := 1, 1
	for i := int64(0); i < off && i < int64(len(data)); i++ {
		if data[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("line %d, column %d: %s", line, col, err.Error())
}

// Read reads the snapshot file at path.
func Read(path string) (*Snapshot, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open snapshot: %w", err)
	}
	defer f.Close()
	s, err := Decode(f, path)
	if err != nil {
		return nil, err
	}
	s.Path = path
	return s, nil
}

// SnapshotDir is where an inventory keeps its snapshots.
func SnapshotDir(inventoryDir string) string {
	return filepath.Join(inventoryDir, ".stackaudit", "snapshots")
}

// Latest returns the path of the newest snapshot of an inventory (file
// names are the as-of date, so the last in name order), or "" when there is
// none.
func Latest(inventoryDir string) (string, error) {
	return LatestIn(SnapshotDir(inventoryDir))
}

// LatestIn returns the path of the newest snapshot in folder (the last
// .json file in name order), or "" when there is none.
func LatestIn(folder string) (string, error) {
	entries, err := os.ReadDir(folder)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("list snapshots: %w", err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".json") && !strings.HasPrefix(e.Name(), ".") {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return "", nil
	}
	sort.Strings(names)
	return filepath.Join(folder, names[len(names)-1]), nil
}

// Write writes the snapshot to path through a temporary file and a rename,
// so that a failed or interrupted run never leaves a broken snapshot or
// replaces a good one. A new snapshot file is readable by its owner only:
// it lists people and their activity.
func Write(path string, s *Snapshot) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write snapshot: %w", err)
	}
	if err := atomicfile.Write(path, 0o600, func(w io.Writer) error { return Encode(w, s) }); err != nil {
		return fmt.Errorf("write snapshot: %w", err)
	}
	return nil
}

// Encode writes the snapshot as indented JSON, one user per line, a user
// at a time: a tenant with 100,000 users never needs its whole snapshot
// in memory a second time as text, and diffs of snapshots stay readable.
func Encode(w io.Writer, s *Snapshot) error {
	s.Schema = SnapshotSchema
	var err error
	put := func(parts ...[]byte) {
		for _, p := range parts {
			if err == nil {
				_, err = w.Write(p)
			}
		}
	}
	str := func(v any) []byte {
		b, e := json.Marshal(v)
		if e != nil && err == nil {
			err = e
		}
		return b
	}
	put([]byte("{\n  \"schema\": "), str(s.Schema), []byte(",\n  \"taken_at\": "), str(s.TakenAt))
	if s.Organization != "" {
		put([]byte(",\n  \"organization\": "), str(s.Organization))
	}
	if s.Simulated {
		put([]byte(",\n  \"simulated\": true"))
	}
	if s.Pseudonyms != nil {
		put([]byte(",\n  \"pseudonyms\": "), str(s.Pseudonyms))
	}
	put([]byte(",\n  \"tools\": {"))
	ids := make([]string, 0, len(s.Tools))
	for id := range s.Tools {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for i, id := range ids {
		u := s.Tools[id]
		head := *u
		head.Users = nil
		b, e := json.MarshalIndent(head, "    ", "  ")
		if e != nil {
			return fmt.Errorf("encode snapshot: tool %s: %w", id, e)
		}
		// The users list is last: cut its null and stream the users.
		b = bytes.TrimSuffix(b, []byte("\n    }"))
		b = bytes.TrimSuffix(b, []byte("null"))
		sep := ","
		if i == 0 {
			sep = ""
		}
		put([]byte(sep+"\n    "), str(id), []byte(": "), b, []byte("["))
		for j, usr := range u.Users {
			sep := ","
			if j == 0 {
				sep = ""
			}
			put([]byte(sep+"\n        "), str(usr))
		}
		if len(u.Users) > 0 {
			put([]byte("\n      "))
		}
		put([]byte("]\n    }"))
	}
	if len(ids) > 0 {
		put([]byte("\n  "))
	}
	d, e := json.MarshalIndent(s.Discovered, "  ", "  ")
	if e != nil {
		return fmt.Errorf("encode snapshot: %w", e)
	}
	put([]byte("},\n  \"discovered\": "), d, []byte("\n}\n"))
	if err != nil {
		return fmt.Errorf("encode snapshot: %w", err)
	}
	return nil
}
