package dashboard

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/stackaudit/stackaudit/internal/plural"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/report"
	"github.com/stackaudit/stackaudit/usage"
)

//go:embed templates/*.tmpl assets/*
var files embed.FS

// Options are what the site shows beside the Result.
type Options struct {
	// Version is stackaudit's version, in the footer.
	Version string
	// BaseDir is the repository root file locations are shown relative to.
	BaseDir string
	// UsageSource says where the usage came from (the workbook's line).
	UsageSource string
	// Simulated marks a site made from --sandbox usage on every page.
	Simulated bool
	// RedactUsers replaces user emails with pseudonyms made by
	// Pseudonymizer (a random key when nil), as the workbook does.
	RedactUsers   bool
	Pseudonymizer *usage.Pseudonymizer
}

// Marker is the file every site holds, so that Write recognises a previous
// site it may replace.
const Marker = ".stackaudit-site"

// ruleDocsBase is where the findings link their rule's documentation.
const ruleDocsBase = "https://github.com/stackaudit/stackaudit/blob/main/"

// Site is a built site: file names (slash-separated, relative to the
// site's root) and contents.
type Site struct {
	Files map[string][]byte
}

// Names returns the site's file names, sorted.
func (s *Site) Names() []string {
	names := make([]string, 0, len(s.Files))
	for n := range s.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// page is one HTML page of the site.
type page struct {
	File, Title, Template string
}

var pages = []page{
	{"index.html", "Stack map", "map.tmpl"},
	{"flows.html", "Data flows", "flows.tmpl"},
	{"spend.html", "Spend and actions", "spend.tmpl"},
	{"ownership.html", "Ownership", "ownership.tmpl"},
}

// Build renders the site of an evaluation. inv is the inventory the
// Result was evaluated from: the site needs its teams, objectives and
// taxonomy, which the Result does not carry.
func Build(inv *inventory.Inventory, res *result.Result, o Options) (*Site, error) {
	if o.RedactUsers && o.Pseudonymizer == nil {
		o.Pseudonymizer = usage.RandomPseudonymizer()
	}
	v := newView(inv, res, o)
	site := &Site{Files: map[string][]byte{}}
	tmpl, err := template.New("").Funcs(v.funcs()).ParseFS(files, "templates/*.tmpl")
	if err != nil {
		return nil, fmt.Errorf("parse dashboard templates: %w", err)
	}
	for _, p := range pages {
		var b bytes.Buffer
		v.Page = p
		if err := tmpl.ExecuteTemplate(&b, p.Template, v); err != nil {
			return nil, fmt.Errorf("render %s: %w", p.File, err)
		}
		site.Files[p.File] = b.Bytes()
	}
	data, err := v.mapData()
	if err != nil {
		return nil, err
	}
	site.Files["data.js"] = data
	for _, name := range []string{"style.css", "app.js"} {
		b, err := fs.ReadFile(files, "assets/"+name)
		if err != nil {
			return nil, fmt.Errorf("read dashboard asset: %w", err)
		}
		site.Files[name] = b
	}
	site.Files[Marker] = []byte("A site written by stackaudit dashboard; stackaudit replaces this folder as a whole.\n")
	return site, nil
}

// view is what the templates see.
type view struct {
	Page     page
	Pages    []page
	Res      *result.Result
	Org      string
	Currency string
	AsOf     string
	Opts     Options
	// Stages are the stack map's columns: the journey stages, then the
	// tools without one.
	Stages     []named
	Categories []named
	Teams      []*teamView
	Objectives []*objectiveView
	Unaligned  []*result.ToolFact
	Flows      flowGraph
	Months     []*month
	Findings   []findingView
	Overlaps   []overlapView
	Gaps       []*result.Gap
	ToolCount  int
	Active     int

	inv     *inventory.Inventory
	loc     report.Locator
	teams   map[string]*teamView
	overlap map[string][]int // tool id -> overlap groups (1-based)
}

type named struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type teamView struct {
	ID, Name, Lead, Kind, Parent string
	Tools                        []*result.ToolFact
	Annual                       decimal.Decimal
	Gaps                         int
}

type objectiveView struct {
	ID, Name, Owner string
	KPIs            []string
	Tools           []*result.ToolFact
}

type month struct {
	Label    string
	Renewals []*result.Renewal
}

type findingView struct {
	F        result.Finding
	Subjects string
	Where    string
	Docs     string
}

type overlapView struct {
	N           int
	O           *result.Overlap
	SharedUsers []string
}

func newView(inv *inventory.Inventory, res *result.Result, o Options) *view {
	v := &view{
		Pages: pages, Res: res, Org: res.Organization.Name, Currency: res.Organization.Currency,
		AsOf: res.AsOf, Opts: o, inv: inv, loc: report.NewLocator(res, o.BaseDir),
		teams: map[string]*teamView{}, overlap: map[string][]int{},
	}
	for _, s := range inventory.Stages() {
		v.Stages = append(v.Stages, named{s, title(s)})
	}
	v.Stages = append(v.Stages, named{"", "No stage"})
	if inv.Catalog != nil {
		for _, c := range inv.Catalog.Categories() {
			if c.Parent == "" {
				v.Categories = append(v.Categories, named{c.ID, c.Name})
			}
		}
	}
	v.Categories = append(v.Categories, named{"", "Uncategorised"})
	for _, t := range inv.Teams {
		tv := &teamView{ID: t.ID, Name: t.Name, Lead: t.Lead, Kind: t.Kind}
		if t.Parent != nil {
			tv.Parent = t.Parent.Name
		}
		v.Teams = append(v.Teams, tv)
		v.teams[t.ID] = tv
	}
	objectives := map[string]*objectiveView{}
	for _, ob := range inv.Objectives {
		ov := &objectiveView{ID: ob.ID, Name: ob.Name, KPIs: ob.KPIs}
		if ob.Owner != nil {
			ov.Owner = ob.Owner.Name
		}
		v.Objectives = append(v.Objectives, ov)
		objectives[ob.ID] = ov
	}
	for _, t := range res.Tools {
		v.ToolCount++
		if t.Status == inventory.StatusActive {
			v.Active++
		}
		if tv := v.teams[t.Owner]; tv != nil {
			tv.Tools = append(tv.Tools, t)
		}
		aligned := false
		for _, id := range t.Objectives {
			if ov := objectives[id]; ov != nil {
				ov.Tools = append(ov.Tools, t)
				aligned = true
			}
		}
		if !aligned && t.Status != inventory.StatusRetired {
			v.Unaligned = append(v.Unaligned, t)
		}
	}
	for i, ov := range res.Overlaps {
		view := overlapView{N: i + 1, O: ov}
		for _, u := range ov.SharedUsers {
			view.SharedUsers = append(view.SharedUsers, v.user(u))
		}
		v.Overlaps = append(v.Overlaps, view)
		for _, id := range ov.Tools {
			v.overlap[id] = append(v.overlap[id], i+1)
		}
	}
	// A team's spend is the Spend breakdown's line: the dashboard adds up
	// no money of its own.
	for _, l := range res.Spend.ByTeam {
		if tv := v.teams[l.Key]; tv != nil {
			tv.Annual = l.Annual
		}
	}
	v.Gaps = res.Gaps
	for _, g := range res.Gaps {
		if g.Subject.Kind == "team" {
			if tv := v.teams[g.Subject.ID]; tv != nil {
				tv.Gaps++
			}
		}
	}
	for _, f := range result.SortedFindings(res.Findings) {
		v.Findings = append(v.Findings, findingView{F: f, Subjects: report.SubjectList(f.Subjects), Where: v.loc.Finding(&f), Docs: ruleDocs(f.Rule)})
	}
	v.Months = renewalMonths(res)
	v.Flows = layoutFlows(inv, res)
	return v
}

// user is an email as the site shows it: a pseudonym with --redact-users.
func (v *view) user(email string) string {
	if v.Opts.RedactUsers {
		return v.Opts.Pseudonymizer.Email(email)
	}
	return email
}

// ruleDocs links a rule's documentation page; "" for a custom policy,
// which has none.
func ruleDocs(id string) string {
	r := policies.Lookup(id)
	if r == nil {
		return ""
	}
	if r.DocsPath != "" {
		return ruleDocsBase + r.DocsPath
	}
	return ruleDocsBase + "docs/rules/" + id + ".md"
}

// renewalMonths groups the renewals of the next 12 months from the as-of
// date by the month of their decision date: the notice deadline of an
// auto-renewing contract still open, else the end.
func renewalMonths(res *result.Result) []*month {
	asOf, err := time.Parse(time.DateOnly, res.AsOf)
	if err != nil {
		return nil
	}
	start := time.Date(asOf.Year(), asOf.Month(), 1, 0, 0, 0, 0, time.UTC)
	months := make([]*month, 12)
	for i := range months {
		months[i] = &month{Label: start.AddDate(0, i, 0).Format("January 2006")}
	}
	for _, r := range res.Renewals {
		d := decisionDate(r)
		if d.Before(asOf) && r.State != "notice-missed" {
			continue
		}
		if d.Before(asOf) {
			d = r.End
		}
		i := (d.Year()-start.Year())*12 + int(d.Month()) - int(start.Month())
		if i < 0 || i >= len(months) {
			continue
		}
		months[i].Renewals = append(months[i].Renewals, r)
	}
	for _, m := range months {
		sort.SliceStable(m.Renewals, func(i, j int) bool {
			a, b := decisionDate(m.Renewals[i]), decisionDate(m.Renewals[j])
			if !a.Equal(b) {
				return a.Before(b)
			}
			return m.Renewals[i].Tool < m.Renewals[j].Tool
		})
	}
	return months
}

func decisionDate(r *result.Renewal) time.Time {
	if r.AutoRenew && r.State == "notice-open" {
		return r.NoticeDeadline
	}
	return r.End
}

func title(s string) string {
	if s == "" {
		return s
	}
	return plural.UpperFirst(s[:1] + strings.ReplaceAll(s[1:], "-", " "))
}

func (v *view) funcs() template.FuncMap {
	return template.FuncMap{
		"money": func(d decimal.Decimal) string { return policies.Money(v.Currency, d) },
		"date": func(t any) string {
			switch t := t.(type) {
			case time.Time:
				return t.Format(time.DateOnly)
			case *time.Time:
				if t == nil {
					return ""
				}
				return t.Format(time.DateOnly)
			}
			return ""
		},
		"pct": func(f *float64) string {
			if f == nil {
				return "not measured"
			}
			return fmt.Sprintf("%.0f%%", *f*100)
		},
		"share": func(d decimal.Decimal) string {
			if v.Res.Summary.AnnualSpend.IsZero() {
				return "0"
			}
			return d.Mul(decimal.NewFromInt(1000)).Div(v.Res.Summary.AnnualSpend).Round(0).String()
		},
		"toolName": v.toolName,
		"teamName": v.teamName,
		"title":    title,
		"join":     strings.Join,
		"user":     v.user,
		"spendName": func(l result.SpendLine, none string) string {
			if l.Key == "" {
				return none
			}
			return l.Name
		},
		"severity": func(s result.Severity) string { return string(s) },
		"current":  func(p page) bool { return p.File == v.Page.File },
		"toolNames": func(ids []string) string {
			names := make([]string, len(ids))
			for i, id := range ids {
				names[i] = v.toolName(id)
			}
			return strings.Join(names, ", ")
		},
		"where": func(l result.Location) string { return v.loc.Location(l) },
		"add":   func(a, b int) int { return a + b },
		"ovc":   overlapColour,
		"spendTable": func(head, none string, lines []result.SpendLine) spendTable {
			return spendTable{Head: head, None: none, Lines: lines}
		},
	}
}

// overlapColour is the outline colour (1–8) of an overlap group; the
// group number beside it tells groups of the same colour apart.
func overlapColour(n int) int { return (n-1)%8 + 1 }

type spendTable struct {
	Head, None string
	Lines      []result.SpendLine
}

func (v *view) toolName(id string) string {
	if t := v.Res.Tool(id); t != nil && t.Name != "" {
		return t.Name
	}
	return id
}

func (v *view) teamName(id string) string {
	if t := v.teams[id]; t != nil && t.Name != "" {
		return t.Name
	}
	return id
}

// mapData is data.js: the stack map's tools and filters, which app.js
// renders page by page (10,000 cards at once would be slow to lay out).
// encoding/json escapes <, > and & in strings, and the script only ever
// puts them into the page as text.
func (v *view) mapData() ([]byte, error) {
	type tool struct {
		ID         string   `json:"id"`
		Name       string   `json:"name"`
		Vendor     string   `json:"vendor"`
		Owner      string   `json:"owner"`
		OwnerName  string   `json:"ownerName"`
		Category   string   `json:"category"`
		Sub        string   `json:"sub"`
		Stages     []string `json:"stages"`
		Objectives []string `json:"objectives"`
		Status     string   `json:"status"`
		Cost       string   `json:"cost"`
		// Util is the utilization in percent, -1 when not measured.
		Util     int    `json:"util"`
		Overlaps []int  `json:"overlaps"`
		Saving   string `json:"saving"`
	}
	type data struct {
		AsOf       string  `json:"asOf"`
		Stages     []named `json:"stages"`
		Categories []named `json:"categories"`
		Teams      []named `json:"teams"`
		Objectives []named `json:"objectives"`
		Tools      []tool  `json:"tools"`
	}
	d := data{AsOf: v.AsOf, Stages: v.Stages, Categories: v.Categories, Teams: []named{}, Objectives: []named{}, Tools: make([]tool, 0, len(v.Res.Tools))}
	for _, t := range v.Teams {
		d.Teams = append(d.Teams, named{t.ID, t.Name})
	}
	for _, o := range v.Objectives {
		d.Objectives = append(d.Objectives, named{o.ID, o.Name})
	}
	sub := map[string]string{}
	if v.inv.Catalog != nil {
		for _, c := range v.inv.Catalog.Categories() {
			sub[c.ID] = c.Name
		}
	}
	for _, t := range v.Res.Tools {
		tt := tool{
			ID: t.ID, Name: t.Name, Vendor: t.Vendor, Owner: t.Owner, OwnerName: v.teamName(t.Owner),
			Category: t.TopCategory, Sub: sub[t.Category], Stages: nonNil(t.Stages), Objectives: nonNil(t.Objectives),
			Status: t.Status, Util: -1, Overlaps: v.overlap[t.ID],
		}
		if t.HasCost {
			tt.Cost = policies.Money(v.Currency, t.AnnualCost)
		}
		if t.Utilization != nil {
			tt.Util = int(*t.Utilization*100 + 0.5)
		}
		if tt.Overlaps == nil {
			tt.Overlaps = []int{}
		}
		if t.Saving != nil {
			tt.Saving = t.Saving.Kind + " " + policies.Money(v.Currency, t.Saving.Amount)
		}
		d.Tools = append(d.Tools, tt)
	}
	sort.SliceStable(d.Tools, func(i, j int) bool {
		a, b := d.Tools[i], d.Tools[j]
		if a.Name != b.Name {
			return strings.ToLower(a.Name) < strings.ToLower(b.Name)
		}
		return a.ID < b.ID
	})
	var b bytes.Buffer
	b.WriteString("// The stack map's data, written by stackaudit dashboard.\nwindow.stackauditData = ")
	enc := json.NewEncoder(&b)
	if err := enc.Encode(d); err != nil {
		return nil, fmt.Errorf("encode dashboard data: %w", err)
	}
	return b.Bytes(), nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
