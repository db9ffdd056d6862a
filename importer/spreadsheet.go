package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/stackaudit/stackaudit/inventory/catalog"
)

// Options are the choices of an import that the sheet cannot settle.
type Options struct {
	// Sheet names the xlsx sheet; empty picks the only one, or the one
	// whose header row names the most known columns.
	Sheet string
	// Map overrides the guessed mapping: "Header=field" or "C=field".
	Map []string
	// DateOrder settles 03/04/2026; empty reports such dates.
	DateOrder DateOrder
	// Currency is the organization's; empty takes the most common
	// currency of the costs, else USD.
	Currency string
	// Rates are exchange rates for the organization block: 1 unit of the
	// key is worth the value in Currency.
	Rates map[string]decimal.Decimal
	// Catalog matches rows to known products; required.
	Catalog *catalog.Catalog
}

// Result is an imported sheet: the blocks to write and the rows it could
// not read in full.
type Result struct {
	File, Sheet string
	Mapping     *Mapping
	// Notes are decisions made without being asked (the encoding, the
	// sheet, how a plain "Cost" column is read), printed with the mapping.
	Notes    []string
	Currency string
	Rates    map[string]decimal.Decimal
	// MissingRates are currencies of costs with no rate given: written as
	// TODO placeholders.
	MissingRates []string
	Teams        []*Team
	Tools        []*Tool
	Problems     []Problem
	// DataRows counts the rows after the header that hold anything;
	// BlankRows the empty ones skipped.
	DataRows, BlankRows int
}

// Problem is a row, or one cell of it, that the import could not read.
type Problem struct {
	Row     int
	Column  string // header of the cell, or "" for the row
	Problem string
	Fix     string
	// Skipped is true when the row wrote no block at all.
	Skipped bool
}

// Team is a team block made from owner and department values.
type Team struct {
	ID, Name, Lead string
}

// Tool is a tool block made from one row, or from several rows that name
// the same tool.
type Tool struct {
	ID, Name, Vendor, Product, Category string
	Capabilities                        []string
	Owner                               string // team id
	Admins                              []string
	Status                              string
	SSO, DPA                            *bool
	Cost                                *Cost
	Contract                            *Contract
	// Rows are the source rows, the first one the tool's.
	Rows []int
	// Comments are written above the block: notes, a person named as
	// owner, TODOs for cells that could not be read.
	Comments []string
	// Commented is true for a tool with no category: written commented
	// out, for the user to complete, so that the inventory stays valid.
	Commented bool
}

// Cost is a tool's cost block.
type Cost struct {
	Amount   decimal.Decimal
	Currency string
	Period   string
	Seats    *int
}

// Contract is a tool's contract block; empty strings and nil are absent.
type Contract struct {
	Start, End string
	AutoRenew  *bool
	NoticeDays *int
}

// Spreadsheet reads the stack spreadsheet at path.
func Spreadsheet(ctx context.Context, path string, o Options) (*Result, error) {
	if o.Catalog == nil {
		return nil, errors.New("import: no catalog")
	}
	t, err := openTable(path, o.Sheet)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	head := peekRows(t, headerSearchRows)
	hi, _ := findHeader(head)
	if hi < 0 {
		return nil, fmt.Errorf("%s: no header row found in its first %d rows: the header row must name at least two known columns (tool, vendor, owner, cost, seats, renewal, …); rename the headers, or see `stackaudit import spreadsheet --help`", t.file, headerSearchRows)
	}
	m, err := guessMapping(head[hi], o.Map)
	if err != nil {
		return nil, err
	}
	if m.index(FieldName) < 0 && m.index(FieldProduct) < 0 {
		return nil, fmt.Errorf("%s: no column holds the tool's name (row %d's headers are %s); name one with --map COLUMN=name", t.file, m.HeaderRow, quoteAll(headersOf(m)))
	}
	r := &Result{File: t.file, Sheet: t.sheet, Mapping: m, Notes: t.notes, Rates: map[string]decimal.Decimal{}}
	if i := m.index(FieldCost); i >= 0 {
		r.Notes = append(r.Notes, fmt.Sprintf("column %q has no period in its header: its amounts are read per year unless a cell says otherwise (\"/mo\"); if they are monthly, run again with --map %q", m.Columns[i].Header, m.Columns[i].Header+"=monthly_cost"))
	}
	im := &importer{o: o, r: r, m: m, t: t, byKey: map[string]*Tool{}, teams: map[string]*Team{}, currencies: map[string]int{}}
	n := 0
	for _, p := range head[hi+1:] {
		im.row(p.n, p.cells)
	}
	for {
		num, cells, err := t.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t.file, err)
		}
		if n++; n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		im.row(num, cells)
	}
	im.finish()
	return r, nil
}

func headersOf(m *Mapping) []string {
	var hs []string
	for _, c := range m.Columns {
		if c.Header != "" {
			hs = append(hs, c.Header)
		}
	}
	return hs
}

// importer holds the state of one import while its rows stream past.
type importer struct {
	o     Options
	r     *Result
	m     *Mapping
	t     *table
	byKey map[string]*Tool // product id, else tool id
	ids   map[string]bool
	teams map[string]*Team
	// currencies counts the costs per currency written, to choose the
	// organization's.
	currencies map[string]int
}

// rowCtx reads one row's cells by field.
type rowCtx struct {
	im    *importer
	n     int
	cells []string
	tool  *Tool
}

func (c *rowCtx) get(f Field) string {
	i := c.im.m.index(f)
	if i < 0 || i >= len(c.cells) {
		return ""
	}
	return strings.TrimSpace(c.cells[i])
}

func (c *rowCtx) header(f Field) string {
	if i := c.im.m.index(f); i >= 0 {
		return c.im.m.Columns[i].Header
	}
	return ""
}

// gap records a cell that could not be read: a report line and a TODO
// above the block.
func (c *rowCtx) gap(f Field, problem, fix string) {
	c.im.r.Problems = append(c.im.r.Problems, Problem{Row: c.n, Column: c.header(f), Problem: problem, Fix: fix})
	c.tool.Comments = append(c.tool.Comments, fmt.Sprintf("TODO %s: %s", c.header(f), problem))
}

func (im *importer) skip(n int, problem, fix string) {
	im.r.Problems = append(im.r.Problems, Problem{Row: n, Problem: problem, Fix: fix, Skipped: true})
}

var totalsRow = regexp.MustCompile(`^(grand )?(sub)?totals?( \w+)?$|^sum$`)

func (im *importer) row(n int, cells []string) {
	blank := true
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			blank = false
			break
		}
	}
	if blank {
		im.r.BlankRows++
		return
	}
	im.r.DataRows++
	c := &rowCtx{im: im, n: n, cells: cells, tool: &Tool{Rows: []int{n}}}
	name, productID := c.get(FieldName), c.get(FieldProduct)
	for _, v := range []string{name, c.get(FieldID), firstCell(cells)} {
		if totalsRow.MatchString(strings.ToLower(strings.TrimSpace(v))) && (v == name || name == "") {
			im.skip(n, fmt.Sprintf("%q looks like a totals row, not a tool", v), "nothing, if it is one; else rename the tool")
			return
		}
	}
	p, why := im.match(c)
	if name == "" && p != nil {
		name = p.Name
	}
	if name == "" {
		im.skip(n, "no tool name", fmt.Sprintf("fill in column %q, or delete the row", c.header(FieldName)))
		return
	}
	t := c.tool
	t.Name = oneLine(name)
	t.Vendor = oneLine(c.get(FieldVendor))
	if p != nil {
		t.Product, t.Category, t.Capabilities = p.ID, p.Category, slices.Clone(p.Capabilities)
		if t.Vendor == "" {
			t.Vendor = p.Vendor
		}
	} else if why != "" {
		c.gap(FieldName, why, "add product = \"ID\" (see `stackaudit catalog search`)")
	}
	if productID != "" && p == nil {
		c.gap(FieldProduct, fmt.Sprintf("%q is not a catalog product id", productID), "use an id from `stackaudit catalog list --products`")
	}
	im.category(c, p)
	if caps := c.get(FieldCapabilities); caps != "" && p == nil {
		for _, s := range strings.FieldsFunc(caps, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
			if id := capabilityID(s); id != "" {
				t.Capabilities = append(t.Capabilities, id)
			}
		}
	}
	im.owner(c)
	im.status(c)
	im.cost(c)
	im.contract(c)
	t.SSO = im.boolean(c, FieldSSO)
	t.DPA = im.boolean(c, FieldDPA)
	for _, a := range splitList(c.get(FieldAdmins)) {
		if isEmail(a) && !slices.Contains(t.Admins, a) {
			t.Admins = append(t.Admins, a)
		}
	}
	if notes := c.get(FieldNotes); notes != "" {
		t.Comments = append([]string{"Notes: " + oneLine(notes)}, t.Comments...)
	}
	if w := c.get(FieldWebsite); w != "" && p == nil {
		t.Comments = append(t.Comments, "Website: "+oneLine(w))
	}
	if p == nil && t.Category != "" {
		im.r.Problems = append(im.r.Problems, Problem{Row: n, Problem: fmt.Sprintf("%q is not in the catalog: no product or capabilities", t.Name),
			Fix: "add capabilities = [...] from `stackaudit catalog list` so that overlaps with other tools are found"})
	}
	if t.Category == "" {
		t.Commented = true
		im.r.Problems = append(im.r.Problems, Problem{Row: n, Problem: fmt.Sprintf("%q is not in the catalog and the row has no category", t.Name),
			Fix: "written commented out in tools/uncategorized.hcl: add a category (`stackaudit catalog list`) and uncomment it, or add a Category column"})
	}
	im.add(c)
}

// match finds the row's catalog product: by product id, by name, by
// vendor and name, then by website domain. why explains a name that
// matched several products.
func (im *importer) match(c *rowCtx) (*catalog.Product, string) {
	cat := im.o.Catalog
	if id := strings.ToLower(c.get(FieldProduct)); id != "" {
		if p, ok := cat.Product(id); ok {
			return p, ""
		}
		if ps := cat.MatchAppName(id); len(ps) == 1 {
			return ps[0], ""
		}
	}
	name, vendor := c.get(FieldName), c.get(FieldVendor)
	pick := func(ps []*catalog.Product) (*catalog.Product, bool) {
		if len(ps) == 1 {
			return ps[0], true
		}
		var same []*catalog.Product
		for _, p := range ps {
			if vendor != "" && strings.EqualFold(p.Vendor, vendor) {
				same = append(same, p)
			}
		}
		if len(same) == 1 {
			return same[0], true
		}
		return nil, false
	}
	var ambiguous []*catalog.Product
	keys := []string{name, stripParens(name), vendor + " " + name, vendor + " " + stripParens(name)}
	// A plan or edition after the product's name ("HubSpot Marketing Hub
	// Enterprise", "Slack Business+"): drop words from the end.
	words := strings.Fields(stripParens(name))
	for i := len(words) - 1; i >= 1; i-- {
		keys = append(keys, strings.Join(words[:i], " "))
	}
	for _, key := range keys {
		if strings.TrimSpace(key) == "" {
			continue
		}
		ps := cat.MatchAppName(key)
		if p, ok := pick(ps); ok {
			return p, ""
		}
		if len(ps) > 1 && ambiguous == nil {
			ambiguous = ps
		}
	}
	if w := c.get(FieldWebsite); w != "" {
		if p, ok := pick(cat.MatchHost(w)); ok {
			return p, ""
		}
	}
	if ambiguous != nil {
		ids := make([]string, len(ambiguous))
		for i, p := range ambiguous {
			ids[i] = p.ID
		}
		return nil, fmt.Sprintf("%q matches several catalog products (%s)", name, strings.Join(ids, ", "))
	}
	return nil, ""
}

func firstCell(cells []string) string {
	if len(cells) == 0 {
		return ""
	}
	return cells[0]
}

// capabilityID makes a capability id of a name: "E-Signature" →
// "e-signature", "Lead scoring" → "lead-scoring".
func capabilityID(s string) string {
	return strings.Trim(nonID.ReplaceAllString(strings.ToLower(foldAccents(s)), "-"), "-")
}

func stripParens(s string) string {
	if i := strings.IndexAny(s, "(["); i > 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}

// categoryAliases map what stack spreadsheets call a category to the
// taxonomy's id, for the common words that are no category's name.
var categoryAliases = map[string]string{
	"crm": "crm", "marketing automation": "marketing-automation", "map": "marketing-automation", "email": "email-marketing",
	"analytics": "marketing-analytics", "web analytics": "web-mobile-analytics", "product analytics": "web-mobile-analytics",
	"attribution": "marketing-analytics", "seo": "seo", "social": "social-media", "social media": "social-media",
	"events": "events-webinars", "webinars": "events-webinars", "webinar": "events-webinars", "chat": "feedback-chat",
	"surveys": "feedback-chat", "survey": "feedback-chat", "project management": "projects-workflow", "pm": "projects-workflow",
	"collaboration": "collaboration", "cms": "cms-web-experience", "website": "cms-web-experience", "web": "cms-web-experience",
	"advertising": "search-social-ads", "ads": "search-social-ads", "paid media": "search-social-ads", "paid social": "search-social-ads",
	"programmatic": "display-programmatic", "cdp": "cdp", "data": "cdp", "bi": "business-intelligence", "reporting": "dashboards-visualization",
	"dashboards": "dashboards-visualization", "integration": "ipaas-integration", "ipaas": "ipaas-integration", "tag management": "ipaas-integration",
	"sales": "sales-automation", "sales engagement": "sales-automation", "sales enablement": "sales-automation", "design": "dam-mrm",
	"creative": "dam-mrm", "dam": "dam-mrm", "video": "video-marketing", "abm": "abm", "reviews": "community-reviews",
	"community": "community-reviews", "privacy": "governance-privacy", "consent": "governance-privacy", "compliance": "governance-privacy",
	"content": "content-marketing", "personalization": "optimization-personalization-testing", "a b testing": "optimization-personalization-testing",
	"testing": "optimization-personalization-testing", "experimentation": "optimization-personalization-testing", "enrichment": "audience-data",
	"data enrichment": "audience-data", "intent data": "audience-data", "customer success": "customer-experience", "support": "customer-experience",
	"finance": "budgeting-finance", "budgeting": "budgeting-finance", "pr": "public-relations", "public relations": "public-relations",
	"affiliate": "affiliate-marketing", "referrals": "advocacy-loyalty-referrals", "loyalty": "advocacy-loyalty-referrals",
	"influencer": "influencers", "ecommerce": "ecommerce-platforms", "mobile": "mobile-marketing", "sms": "mobile-marketing",
	"interactive": "interactive-content", "call tracking": "call-analytics", "dmp": "dmp", "hr": "talent-management",
}

// category sets the tool's category from the column when it names a
// taxonomy category (by id, name or a common alias); else the catalog
// product's stays.
func (im *importer) category(c *rowCtx, p *catalog.Product) {
	raw := c.get(FieldCategory)
	if raw == "" {
		return
	}
	// A category the sheet states overrides the catalog's, as one
	// written in HCL does; a free-text one the catalog can settle does not.
	if id := im.categoryID(raw); id != "" {
		c.tool.Category = id
		return
	}
	if p != nil {
		return
	}
	c.gap(FieldCategory, fmt.Sprintf("category %q is not in the taxonomy", raw), "written as a custom category: choose one from `stackaudit catalog list`, or declare it with a capability block")
	c.tool.Category = slug(raw)
}

func (im *importer) categoryID(raw string) string {
	cat := im.o.Catalog
	if _, ok := cat.Category(strings.ToLower(raw)); ok {
		return strings.ToLower(raw)
	}
	n := normHeader(raw)
	for _, k := range cat.Categories() {
		if normHeader(k.Name) == n || strings.ReplaceAll(k.ID, "-", " ") == n {
			return k.ID
		}
	}
	if id, ok := categoryAliases[n]; ok {
		return id
	}
	return ""
}

// owner makes a team from the department, else from an owner who is not
// an e-mail address; an owner's address becomes an admin and the team's
// lead.
func (im *importer) owner(c *rowCtx) {
	owner, dept := oneLine(c.get(FieldOwner)), oneLine(c.get(FieldDepartment))
	teamName := dept
	if teamName == "" && owner != "" && !isEmail(owner) {
		teamName = owner
	}
	var team *Team
	if teamName != "" {
		id := slug(teamName)
		if id == "" || !isLetter(id[0]) {
			id = strings.TrimSuffix("team_"+id, "_")
		}
		team = im.teams[id]
		if team == nil {
			team = &Team{ID: id, Name: teamName}
			im.teams[id] = team
		}
		c.tool.Owner = id
	}
	switch {
	case isEmail(owner):
		c.tool.Admins = append(c.tool.Admins, strings.ToLower(owner))
		if team != nil && team.Lead == "" {
			team.Lead = strings.ToLower(owner)
		}
	case owner != "" && dept != "":
		c.tool.Comments = append(c.tool.Comments, "Owner: "+owner)
	}
}

var statusWords = map[string]string{
	"active": "active", "in use": "active", "live": "active", "current": "active", "yes": "active", "production": "active", "renewed": "active",
	"trial": "trial", "pilot": "trial", "poc": "trial", "evaluation": "trial", "evaluating": "trial", "testing": "trial", "free trial": "trial",
	"retiring": "retiring", "sunset": "retiring", "sunsetting": "retiring", "to cancel": "retiring", "cancelling": "retiring", "canceling": "retiring", "deprecated": "retiring", "migrating": "retiring",
	"retired": "retired", "cancelled": "retired", "canceled": "retired", "churned": "retired", "inactive": "retired", "terminated": "retired", "ended": "retired", "no": "retired",
}

func (im *importer) status(c *rowCtx) {
	raw := c.get(FieldStatus)
	if raw == "" {
		return
	}
	if s, ok := statusWords[normHeader(raw)]; ok {
		c.tool.Status = s
		return
	}
	c.gap(FieldStatus, fmt.Sprintf("status %q is none of active, trial, retiring, retired", raw), "set status in the block")
}

// cost reads the annual, monthly or plain cost (annual first), the
// currency and the seats.
func (im *importer) cost(c *rowCtx) {
	t := c.tool
	var money Money
	var field Field
	found := false
	for _, f := range []Field{FieldAnnualCost, FieldMonthlyCost, FieldCost} {
		raw := c.get(f)
		if raw == "" {
			continue
		}
		m, err := ParseMoney(raw, im.t.machine)
		if errors.Is(err, errNoValue) {
			continue
		}
		if err != nil {
			c.gap(f, fmt.Sprintf("cost %s", err), fixFor(err, "write a plain amount such as 12000 or 1200.50, with its currency if not the organization's"))
			continue
		}
		money, field, found = m, f, true
		break
	}
	if found {
		if money.Period == "" {
			switch field {
			case FieldMonthlyCost:
				money.Period = "month"
			default:
				money.Period = "year"
			}
		}
		cur := strings.ToUpper(c.get(FieldCurrency))
		if cur == "" {
			cur = money.Currency
		}
		if cur == "" {
			cur = im.m.currency[im.m.index(field)]
		}
		if cur != "" && !isoCode.MatchString(cur) {
			c.gap(FieldCurrency, fmt.Sprintf("currency %q is not an ISO 4217 code", cur), "write a code such as USD, EUR, GBP")
			cur = ""
		}
		t.Cost = &Cost{Amount: money.Amount, Currency: cur, Period: money.Period}
		if cur != "" {
			im.currencies[cur]++
		}
	}
	if raw := c.get(FieldSeats); raw != "" {
		n, ok := parseCount(raw)
		switch {
		case ok && t.Cost != nil:
			t.Cost.Seats = &n
		case ok:
			t.Comments = append(t.Comments, fmt.Sprintf("Seats: %d (no cost in the sheet)", n))
		case !isUnlimited(raw):
			c.gap(FieldSeats, fmt.Sprintf("seats %q is not a whole number", raw), "write the number of purchased seats, or leave it empty for a flat fee")
		}
	}
}

func isUnlimited(s string) bool {
	switch normHeader(s) {
	case "unlimited", "site license", "site licence", "enterprise", "flat", "flat fee", "n a", "all", "company wide":
		return true
	}
	return noValueText[strings.ToLower(strings.TrimSpace(s))]
}

// parseCount reads "25", "1,200", "25 seats", "25.0" (an xlsx number).
func parseCount(s string) (int, bool) {
	f := strings.Fields(strings.ReplaceAll(strings.ReplaceAll(s, ",", ""), "'", ""))
	if len(f) == 0 {
		return 0, false
	}
	v := strings.TrimSuffix(f[0], ".0")
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || len(f) > 1 && !strings.HasPrefix(strings.ToLower(f[1]), "seat") && !strings.HasPrefix(strings.ToLower(f[1]), "user") && !strings.HasPrefix(strings.ToLower(f[1]), "licen") {
		return 0, false
	}
	return n, true
}

func (im *importer) contract(c *rowCtx) {
	var k Contract
	date := func(f Field) string {
		raw := c.get(f)
		if raw == "" {
			return ""
		}
		d, err := ParseDate(raw, im.t.machine, im.o.DateOrder)
		if errors.Is(err, errNoValue) {
			return ""
		}
		if err != nil {
			c.gap(f, fmt.Sprintf("date %s", err), fixFor(err, "write the date as YYYY-MM-DD"))
			return ""
		}
		return d.Format(time.DateOnly)
	}
	k.Start, k.End = date(FieldStart), date(FieldRenewal)
	k.AutoRenew = im.boolean(c, FieldAutoRenew)
	if raw := c.get(FieldNotice); raw != "" {
		if d, ok := parseNotice(raw); ok {
			k.NoticeDays = &d
		} else if !noValueText[strings.ToLower(raw)] {
			c.gap(FieldNotice, fmt.Sprintf("notice %q is not a number of days", raw), "write the notice period in days, such as 30 or \"90 days\"")
		}
	}
	if k.Start != "" && k.End != "" && k.Start > k.End {
		c.gap(FieldStart, fmt.Sprintf("contract starts (%s) after it ends (%s)", k.Start, k.End), "check both dates; the start was left out")
		k.Start = ""
	}
	if k != (Contract{}) {
		c.tool.Contract = &k
	}
}

var noticeRe = regexp.MustCompile(`^(\d+)\s*(d|days?|w|wks?|weeks?|m|mos?|months?)?\.?$`)

// parseNotice reads "30", "90 days", "3 months" (as 30 days each),
// "2 weeks".
func parseNotice(s string) (int, bool) {
	m := noticeRe.FindStringSubmatch(strings.ToLower(strings.TrimSuffix(strings.TrimSpace(s), ".0")))
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	if err != nil || n > 3650 {
		return 0, false
	}
	switch {
	case strings.HasPrefix(m[2], "w"):
		n *= 7
	case strings.HasPrefix(m[2], "m"):
		n *= 30
	}
	return n, true
}

func (im *importer) boolean(c *rowCtx, f Field) *bool {
	raw := c.get(f)
	if raw == "" {
		return nil
	}
	yes, no := true, false
	switch normHeader(raw) {
	case "yes", "y", "true", "x", "1", "on", "auto", "signed", "enabled", "in place":
		return &yes
	case "no", "n", "false", "0", "off", "manual", "none":
		return &no
	}
	if raw == "✓" || raw == "✔" {
		return &yes
	}
	if noValueText[strings.ToLower(raw)] {
		return nil
	}
	c.gap(f, fmt.Sprintf("%q is not yes or no", raw), "write yes or no")
	return nil
}

// add files the row's tool: a second row for the same tool (by catalog
// product, else by id) is merged when it only repeats or completes the
// first, and kept under its own id and reported when it disagrees.
func (im *importer) add(c *rowCtx) {
	t := c.tool
	base := slug(t.Name)
	if id := c.get(FieldID); labelRe.MatchString(id) {
		base = id
	}
	if base == "" || !isLetter(base[0]) {
		base = "tool_" + base
		base = strings.TrimSuffix(base, "_")
	}
	key := "product:" + t.Product
	if t.Product == "" || c.get(FieldID) != "" {
		key = "id:" + base
	}
	if first := im.byKey[key]; first != nil {
		if merge(first, t) {
			first.Rows = append(first.Rows, c.n)
			im.r.Problems = append(im.r.Problems, Problem{Row: c.n, Problem: fmt.Sprintf("same tool as row %d (%s); merged into it", first.Rows[0], first.ID),
				Fix: "nothing, or delete the duplicate row"})
			return
		}
		id := fmt.Sprintf("%s_row%d", first.ID, c.n)
		im.r.Problems = append(im.r.Problems, Problem{Row: c.n, Problem: fmt.Sprintf("same tool as row %d (%s) with different values; imported as %s", first.Rows[0], first.ID, id),
			Fix: fmt.Sprintf("keep both (two contracts: give each a scope) or merge them and delete %s", id)})
		t.ID = id
	} else {
		t.ID = im.uniqueID(base)
		im.byKey[key] = t
	}
	if im.ids == nil {
		im.ids = map[string]bool{}
	}
	im.ids[t.ID] = true
	im.r.Tools = append(im.r.Tools, t)
}

func (im *importer) uniqueID(base string) string {
	id := base
	for i := 2; im.ids[id]; i++ {
		id = fmt.Sprintf("%s_%d", base, i)
	}
	return id
}

// merge folds b into a when b adds nothing that contradicts a.
func merge(a, b *Tool) bool {
	conflict := func(x, y string) bool { return x != "" && y != "" && x != y }
	if conflict(a.Owner, b.Owner) || conflict(a.Status, b.Status) || conflict(a.Category, b.Category) {
		return false
	}
	if a.Cost != nil && b.Cost != nil && !(a.Cost.Amount.Equal(b.Cost.Amount) && a.Cost.Period == b.Cost.Period && a.Cost.Currency == b.Cost.Currency && eqInt(a.Cost.Seats, b.Cost.Seats)) {
		return false
	}
	if a.Contract != nil && b.Contract != nil && (conflict(a.Contract.Start, b.Contract.Start) || conflict(a.Contract.End, b.Contract.End)) {
		return false
	}
	if a.Owner == "" {
		a.Owner = b.Owner
	}
	if a.Status == "" {
		a.Status = b.Status
	}
	if a.Cost == nil {
		a.Cost = b.Cost
	}
	if a.Contract == nil {
		a.Contract = b.Contract
	}
	if a.SSO == nil {
		a.SSO = b.SSO
	}
	if a.DPA == nil {
		a.DPA = b.DPA
	}
	for _, x := range b.Admins {
		if !slices.Contains(a.Admins, x) {
			a.Admins = append(a.Admins, x)
		}
	}
	for _, x := range b.Comments {
		if !slices.Contains(a.Comments, x) {
			a.Comments = append(a.Comments, x)
		}
	}
	return true
}

func eqInt(a, b *int) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

// finish chooses the organization's currency, drops the currency of costs
// written in it, and sorts teams and tools.
func (im *importer) finish() {
	r := im.r
	r.Currency = strings.ToUpper(im.o.Currency)
	if r.Currency == "" {
		best := 0
		for cur, n := range im.currencies {
			if n > best || n == best && cur < r.Currency {
				r.Currency, best = cur, n
			}
		}
	}
	if r.Currency == "" {
		r.Currency = "USD"
	}
	for k, v := range im.o.Rates {
		r.Rates[strings.ToUpper(k)] = v
	}
	need := map[string]bool{}
	for _, t := range r.Tools {
		if t.Cost == nil {
			continue
		}
		if t.Cost.Currency == r.Currency {
			t.Cost.Currency = ""
		}
		if cur := t.Cost.Currency; cur != "" && !t.Commented {
			if _, ok := r.Rates[cur]; !ok {
				need[cur] = true
			}
		}
	}
	for cur := range need {
		r.MissingRates = append(r.MissingRates, cur)
	}
	sort.Strings(r.MissingRates)
	for _, t := range im.teams {
		r.Teams = append(r.Teams, t)
	}
	sort.Slice(r.Teams, func(i, j int) bool { return r.Teams[i].ID < r.Teams[j].ID })
	sort.SliceStable(r.Problems, func(i, j int) bool { return r.Problems[i].Row < r.Problems[j].Row })
}

var nonID = regexp.MustCompile(`[^a-z0-9]+`)

// slug makes an HCL label of a name: "Marketing Ops" → "marketing_ops",
// "Customer.io" → "customer_io".
func slug(s string) string {
	s = strings.ToLower(foldAccents(s))
	s = strings.ReplaceAll(s, "&", " and ")
	s = strings.ReplaceAll(s, "+", " plus ")
	return strings.Trim(nonID.ReplaceAllString(s, "_"), "_")
}

func foldAccents(s string) string {
	return strings.NewReplacer("é", "e", "è", "e", "ê", "e", "ë", "e", "á", "a", "à", "a", "â", "a", "ä", "ae", "ö", "oe", "ü", "ue",
		"ó", "o", "ò", "o", "ô", "o", "í", "i", "ì", "i", "ú", "u", "ñ", "n", "ç", "c", "ß", "ss", "É", "E", "Ö", "Oe", "Ü", "Ue", "Ä", "Ae").Replace(s)
}

func isLetter(b byte) bool { return b >= 'a' && b <= 'z' }

var emailRe = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

func isEmail(s string) bool { return emailRe.MatchString(strings.TrimSpace(s)) }

func splitList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == ' ' }) {
		out = append(out, strings.ToLower(strings.TrimSpace(f)))
	}
	return out
}

// oneLine keeps a cell on one line of a comment or string, and short.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:199]) + "…"
	}
	return s
}
