package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/usage"
)

// Token is the credential the simulator accepts from `--sandbox` runs;
// Mailchimp's carries the data centre suffix its keys have. Such runs
// never read a real credential variable.
const Token = "sandbox-token"

// SeedFile is where an inventory may ship the data its sandbox serves,
// relative to the inventory's folder.
const SeedFile = ".stackaudit/sandbox.json"

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
func SeedFor(inv *inventory.Inventory, asOf time.Time) (Seed, error) {
	var seed Seed
	path := filepath.Join(inv.Dir, SeedFile)
	switch data, err := os.ReadFile(path); {
	case err == nil:
		if seed, err = DecodeSeed(data, path); err != nil {
			return Seed{}, err
		}
	case errors.Is(err, os.ErrNotExist):
		snapPath, err := usage.Latest(inv.Dir)
		if err != nil {
			return Seed{}, err
		}
		var snap *usage.Snapshot
		if snapPath != "" {
			if snap, err = usage.Read(snapPath); err != nil {
				return Seed{}, err
			}
		}
		seed = FromSnapshot(inv, snap, asOf)
	default:
		return Seed{}, fmt.Errorf("read sandbox seed: %w", err)
	}
	setTokens(inv, &seed)
	return seed, nil
}

// DecodeSeed reads a seed file strictly: a misspelt field would silently
// empty a vendor.
func DecodeSeed(data []byte, name string) (Seed, error) {
	var s Seed
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return Seed{}, fmt.Errorf("sandbox seed %s: %w", name, err)
	}
	return s, nil
}

// mailchimpDC is the data centre of the inventory's Mailchimp tool (its
// host's first label), which the sandbox key must end with.
func mailchimpDC(inv *inventory.Inventory) string {
	for _, t := range inv.Tools {
		if t.Scan != nil && t.Scan.Kind == "mailchimp" && t.Scan.Host != "" {
			dc, _, _ := strings.Cut(t.Scan.Host, ".")
			return dc
		}
	}
	return "us1"
}

// tokens is the token the simulator accepts per kind.
func tokens(inv *inventory.Inventory) map[string]string {
	out := map[string]string{}
	for kind := range vendors() {
		out[kind] = Token
	}
	out["mailchimp"] = Token + "-" + mailchimpDC(inv)
	return out
}

func setTokens(inv *inventory.Inventory, s *Seed) {
	tok := tokens(inv)
	s.HubSpot.Token, s.Slack.Token, s.Salesforce.Token = tok["hubspot"], tok["slack"], tok["salesforce"]
	s.Mailchimp.Token, s.Segment.Token, s.Okta.Token = tok["mailchimp"], tok["segment"], tok["okta"]
	s.GoogleWorkspace.Token, s.GitHub.Token, s.HTTP.Token = tok["google_workspace"], tok["github"], tok["http"]
	s.Mailchimp.DataCenter = mailchimpDC(inv)
}

// Credentials maps every token variable the inventory's scan and discovery
// blocks name to the sandbox token of the block's kind: what a `--sandbox`
// run reads instead of the environment.
func Credentials(inv *inventory.Inventory) map[string]string {
	tok := tokens(inv)
	out := map[string]string{}
	for _, t := range inv.Tools {
		if t.Scan != nil && t.Scan.TokenEnv != "" {
			out[t.Scan.TokenEnv] = tok[t.Scan.Kind]
		}
	}
	for _, d := range inv.Discoveries {
		if d.TokenEnv != "" {
			out[d.TokenEnv] = tok[d.Kind]
		}
	}
	return out
}

// person is one seat holder as the seed builder sees it.
type person struct {
	id, email  string
	lastActive *time.Time
}

// builder turns usage and discovery data into vendor API data.
type builder struct {
	inv    *inventory.Inventory
	asOf   time.Time
	seed   Seed
	domain string
	// pool is everybody seen, for apps and grants that need users.
	pool    []person
	inPool  map[string]bool
	okta    map[string]int // Okta user id by email
	oktaApp map[string]int // Okta app index by id
}

// FromSnapshot builds the vendors' data from a snapshot (nil: none): each
// scanned tool's users and last activity go to its kind's API, and the
// discovered tools, integrations and flows to the APIs that discover them.
// Tools the snapshot has no users for get users made up from their seats.
func FromSnapshot(inv *inventory.Inventory, snap *usage.Snapshot, asOf time.Time) Seed {
	b := &builder{inv: inv, asOf: asOf, domain: "example.com", inPool: map[string]bool{}, okta: map[string]int{}, oktaApp: map[string]int{}}
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
	for _, t := range inv.Tools {
		if t.Scan == nil || t.Scan.Kind == "" || t.Scan.Kind == "csv" {
			continue
		}
		people, purchased := b.people(t, snap.Tools[t.ID])
		b.addTool(t, people, purchased)
	}
	b.addDiscovered(snap.Discovered)
	b.seed.HubSpot.PageSize, b.seed.Okta.PageSize, b.seed.Slack.PageSize = 20, 20, 20
	return b.seed
}

// people are a tool's seat holders: the snapshot's, or made up.
func (b *builder) people(t *inventory.Tool, u *usage.ToolUsage) ([]person, int) {
	purchased := 0
	if t.Cost != nil && t.Cost.Seats != nil {
		purchased = *t.Cost.Seats
	}
	if u != nil && u.Seats.Purchased != nil {
		purchased = *u.Seats.Purchased
	}
	var out []person
	if u != nil && len(u.Users) > 0 {
		for _, usr := range u.Users {
			out = append(out, person{id: usr.ID, email: usr.Email, lastActive: usr.LastActive})
		}
	} else {
		n := purchased
		if n == 0 {
			n = 10
		}
		n = n * 9 / 10 // some seats are always unassigned
		for i := range max(n, 1) {
			out = append(out, person{id: fmt.Sprintf("%s-%d", t.ID, i+1), email: fmt.Sprintf("user%03d@%s", i+1, b.domain), lastActive: b.madeUpActivity(t.ID, i)})
		}
	}
	for _, p := range out {
		if !b.inPool[p.email] {
			b.inPool[p.email] = true
			b.pool = append(b.pool, p)
		}
	}
	return out, purchased
}

// madeUpActivity spreads made-up users deterministically: seven in ten
// active in the last 30 days, two in the 60 days before, one never.
func (b *builder) madeUpActivity(tool string, i int) *time.Time {
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

func (b *builder) addTool(t *inventory.Tool, people []person, purchased int) {
	s := &b.seed
	switch t.Scan.Kind {
	case "hubspot":
		for _, p := range people {
			id := numericID(p.id)
			s.HubSpot.Users = append(s.HubSpot.Users, HubSpotUser{ID: strconv.Itoa(id), Email: p.email})
			if p.lastActive != nil {
				s.HubSpot.Logins = append(s.HubSpot.Logins, HubSpotLogin{ID: strconv.Itoa(id + 1), UserID: id, Email: p.email, LoginAt: *p.lastActive, Succeeded: true})
			}
		}
	case "salesforce":
		for _, p := range people {
			u := SalesforceUser{ID: sfID(p.id), Username: p.email, Email: p.email, IsActive: true, UserType: "Standard", License: "Salesforce"}
			if p.lastActive != nil {
				u.LastLogin = *p.lastActive
			}
			s.Salesforce.Users = append(s.Salesforce.Users, u)
		}
		s.Salesforce.Licenses = append(s.Salesforce.Licenses, SalesforceLicense{Name: "Salesforce", Status: "Active", Total: max(purchased, len(people)), Used: len(people)})
		s.Salesforce.PageSize = 50
	case "slack":
		s.Slack.PaidPlan = true
		if s.Slack.Billable == nil {
			s.Slack.Billable = map[string]bool{}
		}
		for i, p := range people {
			id := fmt.Sprintf("U%08d", numericID(p.id)%100_000_000)
			name, _, _ := strings.Cut(p.email, "@")
			s.Slack.Members = append(s.Slack.Members, SlackMember{ID: id, Name: name, Email: p.email})
			s.Slack.Billable[id] = true
			if p.lastActive != nil {
				s.Slack.Logins = append(s.Slack.Logins, SlackLogin{UserID: id, Username: name, DateFirst: p.lastActive.Unix() - int64(i)*86400, DateLast: p.lastActive.Unix(), Count: 1 + i%40})
			}
		}
	case "mailchimp":
		if len(people) > 0 {
			p := people[0]
			s.Mailchimp.Account = MailchimpAccount{AccountID: p.id, AccountName: b.orgName(), Email: p.email, Username: p.email, Role: "owner", PricingPlanType: "monthly", TotalSubscribers: 48_210}
			if p.lastActive != nil {
				s.Mailchimp.Account.LastLogin = *p.lastActive
			}
		}
	case "segment":
		for _, p := range people {
			name, _, _ := strings.Cut(p.email, "@")
			s.Segment.Users = append(s.Segment.Users, SegmentUser{ID: p.id, Name: name, Email: p.email})
		}
	case "okta":
		appID := scanners.StringSetting(t.Scan.Body, "app_id")
		if appID == "" {
			appID = "0oa" + strings.ReplaceAll(t.ID, "_", "")
		}
		app := b.oktaAppIndex(appID, t.Name)
		for _, p := range people {
			id := b.oktaUser(p)
			if !slices.Contains(s.Okta.Apps[app].UserIDs, id) {
				s.Okta.Apps[app].UserIDs = append(s.Okta.Apps[app].UserIDs, id)
			}
		}
	case "github":
		s.GitHub.Org = scanners.StringSetting(t.Scan.Body, "org")
		for _, p := range people {
			login, _, _ := strings.Cut(p.email, "@")
			login = strings.ReplaceAll(login, ".", "-")
			id := int64(numericID(p.id))
			s.GitHub.Members = append(s.GitHub.Members, GitHubMember{Login: login, ID: id})
			s.GitHub.CopilotSeats = append(s.GitHub.CopilotSeats, GitHubCopilotSeat{Login: login, ID: id, LastActivityAt: p.lastActive})
		}
	case "http":
		s.HTTP.TotalRecords = max(purchased, len(people))
		for _, p := range people {
			u := HTTPUser{ID: p.id, Email: p.email, Active: true}
			if p.lastActive != nil {
				u.LastActivity = *p.lastActive
			}
			s.HTTP.Users = append(s.HTTP.Users, u)
		}
	case "google_workspace":
		l := GoogleLicense{ProductID: scanners.StringSetting(t.Scan.Body, "product_id"), SKUID: scanners.StringSetting(t.Scan.Body, "sku_id"), SKUName: t.Name}
		for _, p := range people {
			l.UserIDs = append(l.UserIDs, p.email)
		}
		s.GoogleWorkspace.Licenses = append(s.GoogleWorkspace.Licenses, l)
	}
}

func (b *builder) orgName() string {
	if b.inv.Organization != nil && b.inv.Organization.Name != "" {
		return b.inv.Organization.Name
	}
	return "Example"
}

// oktaUser returns the Okta user id of a person, adding the user once.
func (b *builder) oktaUser(p person) string {
	if i, ok := b.okta[p.email]; ok {
		return b.seed.Okta.Users[i].ID
	}
	id := p.id
	if !strings.HasPrefix(id, "00u") {
		id = fmt.Sprintf("00u%017d", numericID(p.email))
	}
	b.okta[p.email] = len(b.seed.Okta.Users)
	b.seed.Okta.Users = append(b.seed.Okta.Users, OktaUser{ID: id, Status: "ACTIVE", Login: p.email, Email: p.email, LastLogin: p.lastActive})
	return id
}

func (b *builder) oktaAppIndex(id, label string) int {
	if i, ok := b.oktaApp[id]; ok {
		return i
	}
	b.oktaApp[id] = len(b.seed.Okta.Apps)
	b.seed.Okta.Apps = append(b.seed.Okta.Apps, OktaApp{ID: id, Label: label, Name: slug(label), Status: "ACTIVE", SignOnMode: "SAML_2_0"})
	return b.oktaApp[id]
}

// somePeople returns n people from the pool, made up beyond it.
func (b *builder) somePeople(n int, salt string) []person {
	out := make([]person, 0, n)
	for i := range n {
		if i < len(b.pool) {
			out = append(out, b.pool[(i+numericID(salt))%len(b.pool)])
			continue
		}
		out = append(out, person{id: fmt.Sprintf("extra-%d", i), email: fmt.Sprintf("staff%03d@%s", i, b.domain), lastActive: b.madeUpActivity(salt, i)})
	}
	return out
}

var (
	oktaAppEvidence  = regexp.MustCompile(`Okta app (\w+)`)
	oauthClient      = regexp.MustCompile(`OAuth client (\S+)`)
	segmentDest      = regexp.MustCompile(`destination (\w+)`)
	segmentSourceRef = regexp.MustCompile(`source ([\w-]+)`)
	grantPeriod      = regexp.MustCompile(`between (\d{4}-\d{2}-\d{2}) and (\d{4}-\d{2}-\d{2})`)
	sourceType       = regexp.MustCompile(`^(.*) \(([^()]+)\)$`)
)

func (b *builder) addDiscovered(d usage.Discovered) {
	s := &b.seed
	for _, t := range d.Tools {
		switch t.Source {
		case "okta":
			id := "0oa" + slug(t.Name)
			if m := oktaAppEvidence.FindStringSubmatch(t.Evidence); m != nil {
				id = m[1]
			}
			app := b.oktaAppIndex(id, t.Name)
			// The app's label in Okta is what discovery saw, whatever the
			// inventory calls the tool.
			s.Okta.Apps[app].Label = t.Name
			for _, p := range b.somePeople(t.Users, id) {
				if len(s.Okta.Apps[app].UserIDs) >= t.Users {
					break
				}
				uid := b.oktaUser(p)
				if !slices.Contains(s.Okta.Apps[app].UserIDs, uid) {
					s.Okta.Apps[app].UserIDs = append(s.Okta.Apps[app].UserIDs, uid)
				}
			}
		case "google_workspace":
			client := fmt.Sprintf("%d-%s.apps.googleusercontent.com", numericID(t.Name), slug(t.Name))
			if m := oauthClient.FindStringSubmatch(t.Evidence); m != nil {
				client = m[1]
			}
			// Grants spread over the dates the evidence names, else over
			// the last weeks.
			first, last := b.asOf.AddDate(0, 0, -60), b.asOf.AddDate(0, 0, -3)
			if m := grantPeriod.FindStringSubmatch(t.Evidence); m != nil {
				f, err1 := time.Parse("2006-01-02", m[1])
				l, err2 := time.Parse("2006-01-02", m[2])
				if err1 == nil && err2 == nil && !l.Before(f) {
					first, last = f.Add(9*time.Hour), l.Add(9*time.Hour)
				}
			}
			people := b.somePeople(t.Users, client)
			for i, p := range people {
				at := last
				if len(people) > 1 {
					at = first.Add(last.Sub(first) / time.Duration(len(people)-1) * time.Duration(i))
				}
				s.GoogleWorkspace.Grants = append(s.GoogleWorkspace.Grants, GoogleGrant{
					Time: at, ActorEmail: p.email, ClientID: client, AppName: t.Name, Scopes: t.Scopes,
				})
			}
		}
	}
	repos := map[string]int{}
	for _, in := range d.Integrations {
		if in.Source != "github" || in.Repo == "" {
			continue
		}
		if s.GitHub.Org == "" {
			s.GitHub.Org, _, _ = strings.Cut(in.Repo, "/")
		}
		i, ok := repos[in.Repo]
		if !ok {
			i = len(s.GitHub.Repositories)
			repos[in.Repo] = i
			s.GitHub.Repositories = append(s.GitHub.Repositories, GitHubRepository{FullName: in.Repo, Private: true, Files: map[string]string{}})
		}
		files := s.GitHub.Repositories[i].Files
		// Evidence is the matched term, possibly followed by more terms
		// or a note: "term1, term2 (…)".
		term, _, _ := strings.Cut(in.Evidence, ", ")
		term, _, _ = strings.Cut(term, " (")
		if strings.HasSuffix(in.Path, "package.json") {
			files[in.Path] += fmt.Sprintf("    %q: \"^1.0.0\",\n", term)
		} else {
			files[in.Path] += fmt.Sprintf("<script src=\"https://%s/loader.js\"></script>\n", term)
		}
	}
	sources := map[string]string{}
	for i, f := range d.Flows {
		if f.Source != "segment" {
			continue
		}
		srcID, ok := sources[f.From]
		if !ok {
			srcID = slug(f.From)
			if m := segmentSourceRef.FindStringSubmatch(f.Evidence); m != nil {
				srcID = m[1]
			}
			sources[f.From] = srcID
			// Discovery names a source "Name (Type)" when its type is known.
			name, typ := f.From, ""
			if m := sourceType.FindStringSubmatch(f.From); m != nil {
				name, typ = m[1], m[2]
			}
			s.Segment.Sources = append(s.Segment.Sources, SegmentSource{ID: srcID, Slug: srcID, Name: name, Enabled: true, MetadataName: typ})
		}
		dstID := fmt.Sprintf("dst%d", i+1)
		if m := segmentDest.FindStringSubmatch(f.Evidence); m != nil {
			dstID = m[1]
		}
		s.Segment.Destinations = append(s.Segment.Destinations, SegmentDestination{ID: dstID, Name: f.To, Enabled: true, SourceID: srcID,
			MetadataName: f.To, MetadataSlug: slug(f.To)})
	}
}

// numericID is a stable number for an id that may not be one.
func numericID(s string) int {
	if n, err := strconv.Atoi(s); err == nil && n > 0 && n < 1<<31 {
		return n
	}
	h := fnv.New32a()
	h.Write([]byte(s))
	return int(h.Sum32()%900_000_000) + 100_000_000
}

func sfID(id string) string {
	if strings.HasPrefix(id, "005") && len(id) >= 15 {
		return id
	}
	return fmt.Sprintf("005%012d", numericID(id))
}

func slug(s string) string {
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
