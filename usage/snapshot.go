package usage

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/stackaudit/stackaudit/internal/atomicfile"
	"github.com/stackaudit/stackaudit/internal/jsonkind"
	"github.com/stackaudit/stackaudit/internal/safefile"
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
	// lastLogin), a fallback that overstates use; ActivityRecordModified
	// and ActivityVendorAttribute for SCIM. Empty: activity in the tool.
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
	// ActivityRecordModified: activity dates are when the user's record
	// last changed (SCIM's meta.lastModified: an edit, or an identity
	// provider's sync), not sign-ins.
	ActivityRecordModified = "record_modified"
	// ActivityVendorAttribute: activity dates are a vendor attribute an
	// inventory names, not known to be sign-ins.
	ActivityVendorAttribute = "vendor_attribute"
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

// DiscoveredTool is an app seen in an identity provider or OAuth log, or a
// merchant paid in a spend feed.
type DiscoveredTool struct {
	Source   string   `json:"source"`
	Name     string   `json:"name"`
	Product  string   `json:"product,omitempty"`
	Users    int      `json:"users"`
	Scopes   []string `json:"scopes"`
	Evidence string   `json:"evidence"`
	// Spend is what a spend feed shows paid for it; nil for other sources.
	Spend *Spend `json:"spend,omitempty"`
}

// Spend is the recurring spend on one merchant (a catalog product, or a
// descriptor no product matches) found in card, expense and AP exports,
// annualised and converted to the organization's currency.
type Spend struct {
	// Annual is the annualised spend of the purchases still running, in
	// Currency: each purchase's latest charge times its cadence (12 for
	// monthly, 4 for quarterly, 1 for annual), or what it cost in the
	// twelve months before the audit when it has no cadence.
	Annual   decimal.Decimal `json:"annual"`
	Currency string          `json:"currency"`
	// Merchant is the normalized descriptor the charges share.
	Merchant string `json:"merchant"`
	// Matched is true when the catalog names the product; an unmatched
	// merchant is listed for a person to triage, never a finding.
	Matched bool `json:"matched"`
	// Purchases are the separate payers (card, expense report submitter,
	// AP vendor account), largest first: two or more for one product is
	// a duplicate purchase.
	Purchases []Purchase `json:"purchases"`
}

// Purchase is one payer's recurring charges for a merchant.
type Purchase struct {
	// Payer identifies who pays: "card 4821", "report submitter
	// dana@acme.example", "AP"; Card, Report, Employee and Team are the
	// cells it comes from (empty when the export has no such column).
	Payer    string `json:"payer"`
	Card     string `json:"card,omitempty"`
	Report   string `json:"report,omitempty"`
	Employee string `json:"employee,omitempty"`
	Team     string `json:"team,omitempty"`
	// Cadence is monthly, quarterly, annual or irregular (too few or
	// uneven charges to tell).
	Cadence string `json:"cadence"`
	// Charges counts the dates charged (refunds net against the charges
	// of their month); Last is the latest.
	Charges int       `json:"charges"`
	First   time.Time `json:"first"`
	Last    time.Time `json:"last"`
	// Latest is the latest net charge, in the organization's currency;
	// Annual the purchase's annualised spend.
	Latest decimal.Decimal `json:"latest"`
	Annual decimal.Decimal `json:"annual"`
	// Source is the file and line of the latest charge.
	Source string `json:"source"`
}

// Cadences of a Purchase.
const (
	CadenceMonthly   = "monthly"
	CadenceQuarterly = "quarterly"
	CadenceAnnual    = "annual"
	CadenceIrregular = "irregular"
)

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
	data, err := safefile.ReadAll(context.Background(), r, name, MaxSnapshotSize)
	if err != nil {
		return nil, fmt.Errorf("read snapshot %s: %w", name, err)
	}
	if bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		return nil, fmt.Errorf("snapshot %s starts with a UTF-8 byte order mark (BOM) at $ (byte 0): JSON files must not have one; save it as UTF-8 without BOM", name)
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
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, fmt.Errorf("snapshot %s: %s has the wrong type (%s, where %s is expected) at %s", name, pathAt(data, te.Offset), te.Value, jsonkind.Of(te.Type), lineCol(data, te.Offset))
		}
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
	if err := s.check(); err != nil {
		return nil, fmt.Errorf("snapshot %s: %w", name, err)
	}
	return &s, nil
}

// MaxSnapshotSize bounds a snapshot file.
const MaxSnapshotSize = 512 << 20

// MaxCount bounds every count in a snapshot: no tenant has a billion
// seats, and a larger number is a forged or broken file whose totals would
// overflow or flip recommendations.
const MaxCount = 1_000_000_000

// check refuses values no scan can measure, naming their JSON path:
// negative or absurd counts, more active users than assigned seats, dates
// more than a day after the snapshot was taken.
func (s *Snapshot) check() error {
	ids := make([]string, 0, len(s.Tools))
	for id := range s.Tools {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	latest := s.TakenAt.Add(24 * time.Hour)
	future := func(path string, t *time.Time) error {
		if t != nil && !s.TakenAt.IsZero() && t.After(latest) {
			return fmt.Errorf("%s is %s, more than a day after the snapshot was taken (taken_at %s)", path, t.Format(time.RFC3339), s.TakenAt.Format(time.RFC3339))
		}
		return nil
	}
	for _, id := range ids {
		u := s.Tools[id]
		at := "tools." + strconv.Quote(id)
		if isPlainKey(id) {
			at = "tools." + id
		}
		counts := []struct {
			path string
			n    int
		}{{".seats.assigned", u.Seats.Assigned}, {".active.d30", u.Active.D30}, {".active.d90", u.Active.D90}}
		if u.Seats.Purchased != nil {
			counts = append(counts, struct {
				path string
				n    int
			}{".seats.purchased", *u.Seats.Purchased})
		}
		for _, c := range counts {
			switch {
			case c.n < 0:
				return fmt.Errorf("%s%s is %d: counts cannot be negative", at, c.path, c.n)
			case c.n > MaxCount:
				return fmt.Errorf("%s%s is %d: counts above %d are not plausible", at, c.path, c.n, MaxCount)
			}
		}
		for _, a := range []struct {
			path string
			n    int
		}{{".active.d30", u.Active.D30}, {".active.d90", u.Active.D90}} {
			if a.n > u.Seats.Assigned && u.Seats.Assigned > 0 {
				return fmt.Errorf("%s%s is %d, above the %d assigned seats (%s.seats.assigned)", at, a.path, a.n, u.Seats.Assigned, at)
			}
		}
		if err := future(at+".last_activity", u.LastActivity); err != nil {
			return err
		}
		if err := future(at+".measured_at", u.MeasuredAt); err != nil {
			return err
		}
		for i := range u.Users {
			if err := future(fmt.Sprintf("%s.users[%d].last_active", at, i), u.Users[i].LastActive); err != nil {
				return err
			}
		}
	}
	for i, t := range s.Discovered.Tools {
		if t.Users < 0 || t.Users > MaxCount {
			return fmt.Errorf("discovered.tools[%d].users is %d: counts must be from 0 to %d", i, t.Users, MaxCount)
		}
	}
	for i := range s.Discovered.Carried {
		if err := future(fmt.Sprintf("discovered.carried[%d].measured_at", i), &s.Discovered.Carried[i].MeasuredAt); err != nil {
			return err
		}
	}
	return nil
}

// isPlainKey reports whether a tool id can be written after a dot in a
// JSON path.
func isPlainKey(id string) bool {
	for _, r := range id {
		if !(r == '_' || r == '-' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return id != ""
}

// pathAt is the JSON path (tools.hubspot.seats.assigned, users[3]) of
// the value that ends at or after byte off of data.
func pathAt(data []byte, off int64) string {
	type frame struct {
		obj       bool
		expectKey bool
		key       string
		idx       int
	}
	var stack []frame
	path := func() string {
		var b strings.Builder
		for _, f := range stack {
			if f.obj {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			} else {
				fmt.Fprintf(&b, "[%d]", f.idx)
			}
		}
		if b.Len() == 0 {
			return "$"
		}
		return b.String()
	}
	valueDone := func() {
		if n := len(stack); n > 0 {
			if stack[n-1].obj {
				stack[n-1].expectKey = true
			} else {
				stack[n-1].idx++
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			return path()
		}
		if n := len(stack); n > 0 && stack[n-1].obj && stack[n-1].expectKey {
			if k, ok := tok.(string); ok {
				stack[n-1].key, stack[n-1].expectKey = k, false
				continue
			}
		}
		switch tok {
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			valueDone()
			continue
		}
		if dec.InputOffset() >= off {
			return path()
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{obj: true, expectKey: true})
		case json.Delim('['):
			stack = append(stack, frame{})
		default:
			valueDone()
		}
	}
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
	return lineCol(data, off) + ": " + err.Error()
}

// lineCol is byte offset off of data as "line L, column C".
func lineCol(data []byte, off int64) string {
	line, col := 1, 1
	for i := int64(0); i < off && i < int64(len(data)); i++ {
		if data[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("line %d, column %d", line, col)
}

// Read reads the snapshot file at path, which must be a regular file.
func Read(path string) (*Snapshot, error) {
	f, err := safefile.Open(context.Background(), path)
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

// Latest returns the path of the newest snapshot of an inventory (see
// Newest), or "" when there is none.
func Latest(inventoryDir string) (string, error) {
	return LatestIn(SnapshotDir(inventoryDir))
}

// LatestIn is Newest without its warnings.
func LatestIn(folder string) (string, error) {
	path, _, err := Newest(folder)
	return path, err
}

// Newest returns the path of the newest snapshot in folder, by the
// taken_at each snapshot records (not by file name: a file named to sort
// last must not hide the real newest), the last in name order among equal
// dates, or "" when there is none. The .json files in folder that are not
// snapshots (not regular, not JSON, another schema, no taken_at) are
// skipped with a warning each.
func Newest(folder string) (path string, warnings []string, err error) {
	entries, err := os.ReadDir(folder)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil, nil
	}
	if err != nil {
		return "", nil, fmt.Errorf("list snapshots: %w", err)
	}
	var newest time.Time
	for _, e := range entries { // in name order
		if !strings.HasSuffix(e.Name(), ".json") || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p := filepath.Join(folder, e.Name())
		taken, err := takenAt(p)
		if err != nil {
			warnings = append(warnings, fmt.Sprintf("%s is not a snapshot (%s); it is ignored", p, err))
			continue
		}
		if path == "" || !taken.Before(newest) {
			path, newest = p, taken
		}
	}
	return path, warnings, nil
}

// takenAt reads a snapshot's schema and taken_at, stopping once both are
// read (the writer puts them first).
func takenAt(path string) (time.Time, error) {
	f, err := safefile.Open(context.Background(), path)
	if err != nil {
		var nr *safefile.NotRegularError
		if errors.As(err, &nr) {
			return time.Time{}, fmt.Errorf("it is %s", nr.Kind)
		}
		return time.Time{}, err
	}
	defer f.Close()
	dec := json.NewDecoder(io.LimitReader(f, MaxSnapshotSize))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return time.Time{}, errors.New("not a JSON object")
	}
	var schema string
	var taken time.Time
	for dec.More() && (schema == "" || taken.IsZero()) {
		if schema != "" && schema != SnapshotSchema {
			break
		}
		t, err := dec.Token()
		if err != nil {
			return time.Time{}, errors.New("not valid JSON")
		}
		switch t {
		case "schema":
			err = dec.Decode(&schema)
		case "taken_at":
			err = dec.Decode(&taken)
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return time.Time{}, fmt.Errorf("not valid JSON or a bad %v", t)
		}
	}
	switch {
	case strings.HasPrefix(schema, "stackaudit.snapshot/") && schema != SnapshotSchema:
		// Another version of the snapshot: a candidate, so that reading
		// it says to upgrade rather than skipping it.
		return taken, nil
	case schema != SnapshotSchema:
		return time.Time{}, fmt.Errorf("schema %q, not %q", schema, SnapshotSchema)
	case taken.IsZero():
		return time.Time{}, errors.New("no taken_at")
	}
	return taken, nil
}

// Write writes the snapshot to path through a temporary file and a rename,
// so that a failed or interrupted run never leaves a broken snapshot or
// replaces a good one. A new snapshot file is readable by its owner only:
// it lists people and their activity.
func Write(path string, s *Snapshot) error {
	// What Decode would refuse is never written: it would only fail the
	// next check, far from its cause.
	if err := s.check(); err != nil {
		return fmt.Errorf("write snapshot: it would not be readable: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write snapshot: %w", err)
	}
	if err := atomicfile.Write(path, 0o600, func(w io.Writer) error { return Encode(&limitWriter{w: w, left: MaxSnapshotSize}, s) }); err != nil {
		return fmt.Errorf("write snapshot: %w", err)
	}
	return nil
}

// Check is the check Decode makes of a snapshot's values, for a writer
// that wants to know before writing (a scan checks each tool's data).
func (s *Snapshot) Check() error { return s.check() }

// limitWriter fails once more than left bytes are written: a snapshot
// larger than MaxSnapshotSize would not be read back.
type limitWriter struct {
	w    io.Writer
	left int64
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if int64(len(p)) > l.left {
		return 0, fmt.Errorf("the snapshot would be larger than %d MiB, more than stackaudit reads back", MaxSnapshotSize>>20)
	}
	l.left -= int64(len(p))
	return l.w.Write(p)
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
