package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/usage"
)

// Token is the credential the simulator accepts from `--sandbox` runs;
// Mailchimp's carries the data centre suffix its keys have. Such runs
// never read a real credential variable.
const Token = "sandbox-token"

// seedFile is where an inventory may ship the data its sandbox serves,
// relative to the inventory's folder.
const seedFile = ".stackaudit/sandbox.json"

// SeedFor is the data `--sandbox` serves for an inventory:
//
//  1. DIR/.stackaudit/sandbox.json, a Seed as JSON, when the inventory
//     ships one;
//  2. else the inventory's newest snapshot, turned back into each vendor's
//     API data (users, last logins, Okta apps, OAuth grants, repositories
//     with SDK usage, Segment sources and destinations), so that scanning
//     the sandbox measures what the snapshot recorded;
//  3. else users made up from each scanned tool's seats.
//
// Every vendor's token is set to the sandbox's own (see Credentials).
func SeedFor(inv *inventory.Inventory, asOf time.Time, vendors []Vendor) (Seed, error) {
	var seed Seed
	path := filepath.Join(inv.Dir, seedFile)
	switch data, err := os.ReadFile(path); {
	case err == nil:
		if seed, err = decodeSeed(data, path, vendors); err != nil {
			return nil, err
		}
	case errors.Is(err, os.ErrNotExist):
		snapPath, err := usage.Latest(inv.Dir)
		if err != nil {
			return nil, err
		}
		var snap *usage.Snapshot
		if snapPath != "" {
			if snap, err = usage.Read(snapPath); err != nil {
				return nil, err
			}
		}
		seed = fromSnapshot(inv, snap, asOf, vendors)
	default:
		return nil, fmt.Errorf("read sandbox seed: %w", err)
	}
	tok := tokens(inv, vendors)
	for _, v := range vendors {
		v.seed.prepare(seed[v.Kind], inv, tok[v.Kind])
	}
	return seed, nil
}

// decodeSeed reads a seed file strictly: a misspelt field would silently
// empty a vendor. A kind the file leaves out gets an empty seed.
func decodeSeed(data []byte, name string, vendors []Vendor) (Seed, error) {
	var parts map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&parts); err != nil {
		return nil, fmt.Errorf("sandbox seed %s: %w", name, err)
	}
	seed := Seed{}
	for _, v := range vendors {
		raw, ok := parts[v.Kind]
		if !ok || string(raw) == "null" {
			seed[v.Kind] = v.seed.zero()
			continue
		}
		got, err := v.seed.decode(raw)
		if err != nil {
			return nil, fmt.Errorf("sandbox seed %s: %w", name, err)
		}
		seed[v.Kind] = got
	}
	for kind := range parts {
		if index(vendors, kind) < 0 {
			return nil, fmt.Errorf("sandbox seed %s: json: unknown field %q", name, kind)
		}
	}
	return seed, nil
}

// tokens is the token the simulator accepts per kind.
func tokens(inv *inventory.Inventory, vendors []Vendor) map[string]string {
	out := map[string]string{}
	for _, v := range vendors {
		out[v.Kind] = Token
		if v.seed.token != nil {
			out[v.Kind] = v.seed.token(inv)
		}
	}
	return out
}

// Credentials maps every token variable the inventory's scan and discovery
// blocks name to the sandbox token of the block's kind (or the block's own
// credential, Seeding.Credential): what a `--sandbox` run reads instead of
// the environment.
func Credentials(inv *inventory.Inventory, vendors []Vendor) map[string]string {
	tok := tokens(inv, vendors)
	cred := func(kind string, body hcl.Body) string {
		if i := index(vendors, kind); i >= 0 && vendors[i].seed.cred != nil {
			return vendors[i].seed.cred(inv, body)
		}
		return tok[kind]
	}
	out := map[string]string{}
	for _, t := range inv.Tools {
		if t.Scan != nil && t.Scan.TokenEnv != "" {
			out[t.Scan.TokenEnv] = cred(t.Scan.Kind, t.Scan.Body)
		}
	}
	for _, d := range inv.Discoveries {
		if d.TokenEnv != "" {
			out[d.TokenEnv] = cred(d.Kind, d.Body)
		}
	}
	return out
}

// Person is one seat holder as the seed builder sees it.
type Person struct {
	ID, Email  string
	LastActive *time.Time
}

// Builder turns usage and discovery data into vendor API data: it holds
// what the vendors' parts share.
type Builder struct {
	inv    *inventory.Inventory
	asOf   time.Time
	domain string
	// pool is everybody seen, for apps and grants that need users.
	pool   []Person
	inPool map[string]bool
	memo   map[string]map[string]int
}

// fromSnapshot builds the vendors' data from a snapshot (nil: none): each
// scanned tool's users and last activity go to its kind's API, and the
// discovered tools, integrations and flows to the APIs that discover them.
// Tools the snapshot has no users for get users made up from their seats.
func fromSnapshot(inv *inventory.Inventory, snap *usage.Snapshot, asOf time.Time, vendors []Vendor) Seed {
	b := &Builder{inv: inv, asOf: asOf, domain: "example.com", inPool: map[string]bool{}, memo: map[string]map[string]int{}}
	if snap == nil {
		snap = &usage.Snapshot{}
	}
	for _, u := range snap.Tools {
		for _, usr := range u.Users {
			if _, d, ok := strings.Cut(usr.Email, "@"); ok {
				b.domain = d
				break
			}
		}
	}
	seed := Seed{}
	for _, v := range vendors {
		seed[v.Kind] = v.seed.zero()
	}
	for _, t := range inv.Tools {
		if t.Scan == nil {
			continue
		}
		i := index(vendors, t.Scan.Kind)
		if i < 0 {
			continue
		}
		people, purchased := b.people(t, snap.Tools[t.ID])
		vendors[i].seed.addTool(b, seed[t.Scan.Kind], t, people, purchased)
	}
	for _, v := range vendors {
		v.seed.found(b, seed[v.Kind], snap.Discovered)
	}
	return seed
}

// AsOf is the audit date.
func (b *Builder) AsOf() time.Time { return b.asOf }

// Once returns the position in *list of the item known as key, appending
// add() the first time the build asks for key: a vendor's seed holds each
// user or app once, however many tools name it. memo names the index the
// build keeps for list ("okta users").
func Once[T any](b *Builder, memo, key string, list *[]T, add func() T) int {
	byKey := b.memo[memo]
	if byKey == nil {
		byKey = map[string]int{}
		b.memo[memo] = byKey
	}
	if i, ok := byKey[key]; ok {
		return i
	}
	byKey[key] = len(*list)
	*list = append(*list, add())
	return byKey[key]
}

// people are a tool's seat holders: the snapshot's, or made up.
func (b *Builder) people(t *inventory.Tool, u *usage.ToolUsage) ([]Person, int) {
	purchased := 0
	if t.Cost != nil && t.Cost.Seats != nil {
		purchased = *t.Cost.Seats
	}
	if u != nil && u.Seats.Purchased != nil {
		purchased = *u.Seats.Purchased
	}
	var out []Person
	if u != nil && len(u.Users) > 0 {
		for _, usr := range u.Users {
			out = append(out, Person{ID: usr.ID, Email: usr.Email, LastActive: usr.LastActive})
		}
	} else {
		n := purchased
		if n == 0 {
			n = 10
		}
		n = n * 9 / 10 // some seats are always unassigned
		for i := range max(n, 1) {
			out = append(out, Person{ID: fmt.Sprintf("%s-%d", t.ID, i+1), Email: fmt.Sprintf("user%03d@%s", i+1, b.domain), LastActive: b.madeUpActivity(t.ID, i)})
		}
	}
	for _, p := range out {
		if !b.inPool[p.Email] {
			b.inPool[p.Email] = true
			b.pool = append(b.pool, p)
		}
	}
	return out, purchased
}

// madeUpActivity spreads made-up users deterministically: seven in ten
// active in the last 30 days, two in the 60 days before, one never.
func (b *Builder) madeUpActivity(tool string, i int) *time.Time {
	h := fnv.New32a()
	fmt.Fprintf(h, "%s/%d", tool, i)
	x := h.Sum32()
	var days uint32
	switch x % 10 {
	case 9:
		return nil
	case 7, 8:
		days = 31 + x/10%58
	default:
		days = 1 + x/10%28
	}
	t := b.asOf.Add(-time.Duration(days)*24*time.Hour + time.Duration(x%36000)*time.Second)
	return &t
}

// OrgName is the inventory's organization name.
func (b *Builder) OrgName() string {
	if b.inv.Organization != nil && b.inv.Organization.Name != "" {
		return b.inv.Organization.Name
	}
	return "Example"
}

// SomePeople returns n people from the pool, made up beyond it.
func (b *Builder) SomePeople(n int, salt string) []Person {
	out := make([]Person, 0, n)
	for i := range n {
		if i < len(b.pool) {
			out = append(out, b.pool[(i+NumericID(salt))%len(b.pool)])
			continue
		}
		out = append(out, Person{ID: fmt.Sprintf("extra-%d", i), Email: fmt.Sprintf("staff%03d@%s", i, b.domain), LastActive: b.madeUpActivity(salt, i)})
	}
	return out
}

// NumericID is a stable number for an id that may not be one.
func NumericID(s string) int {
	if n, err := strconv.Atoi(s); err == nil && n > 0 && n < 1<<31 {
		return n
	}
	h := fnv.New32a()
	h.Write([]byte(s))
	return int(h.Sum32()%900_000_000) + 100_000_000
}

// Slug is s in lower case, with a dash for every run of other characters.
func Slug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}
