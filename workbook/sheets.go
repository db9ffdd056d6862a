package workbook

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/stackaudit/stackaudit/internal/digits"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/report"
	"github.com/stackaudit/stackaudit/usage"
	"github.com/xuri/excelize/v2"
)

// workbook renders one Result into an excelize file.
type workbook struct {
	f *excelize.File
	r *result.Result
	o Options
	// redactor makes the pseudonyms of --redact-users.
	redactor *usage.Pseudonymizer
	st       styles
	loc      report.Locator
	currency string
	asOf     time.Time
	hasAsOf  bool
	// top is 1 when every sheet starts with the simulated-usage banner
	// row (headers on row 2), else 0.
	top int

	tools    []*result.ToolFact
	toolByID map[string]*result.ToolFact
	// toolLink is the cell of each tool's row on the Tools sheet.
	toolLink map[string]string
	findings []result.Finding

	// What the Summary must say about the workbook itself.
	notes     []string
	truncated int
	// sheets are the names each sheet spec was written as.
	sheets map[string][]string
	// caches are the values of the ranges the charts read, by reference.
	caches map[string][]xcell
}

// Sheet names, in the order of SPEC §6; Spend is one sheet per
// breakdown, each a single table with its filter.
const (
	sheetSummary       = "Summary"
	sheetActions       = "Actions"
	sheetCharts        = "Charts"
	sheetChanges       = "Changes"
	sheetTools         = "Tools"
	sheetRedundancy    = "Redundancy"
	sheetSpendTeam     = "Spend by team"
	sheetSpendCategory = "Spend by category"
	sheetSpendObj      = "Spend by objective"
	sheetSpendStage    = "Spend by stage"
	sheetSpendQuarter  = "Spend by renewal quarter"
	sheetRenewals      = "Renewals"
	sheetSeats         = "Seats"
	sheetFlows         = "Data flows"
	sheetGaps          = "Ownership gaps"
	sheetFindings      = "Findings"
	sheetDiscovered    = "Discovered"
)

func newWorkbook(f *excelize.File, r *result.Result, o Options) (*workbook, error) {
	w := &workbook{f: f, r: r, o: o, currency: r.Organization.Currency, loc: report.NewLocator(r, o.BaseDir),
		toolByID: map[string]*result.ToolFact{}, toolLink: map[string]string{}, sheets: map[string][]string{}}
	w.asOf, w.hasAsOf = asOfDate(r)
	if w.simulated() {
		w.top = 1
	}
	if o.RedactUsers {
		w.redactor = o.Pseudonymizer
		if w.redactor == nil {
			w.redactor = usage.RandomPseudonymizer()
			w.note("Users are redacted with a random key made for this workbook: the same person has the same pseudonym on every sheet, but not in another workbook. Set pseudonym_key_env's variable and scan with it (audit --scan) for pseudonyms stable across workbooks.")
		}
	}
	var err error
	if w.st, err = newStyles(f, r.Organization.Currency); err != nil {
		return nil, err
	}
	per := w.dataRowsPerSheet()
	for _, t := range r.Tools {
		if t == nil {
			continue
		}
		i := len(w.tools)
		w.tools = append(w.tools, t)
		if _, dup := w.toolByID[t.ID]; !dup {
			w.toolByID[t.ID] = t
			w.toolLink[t.ID] = fmt.Sprintf("%s!A%d", sheetRef(partName(sheetTools, i/per)), i%per+w.headerRow()+1)
		}
	}
	w.findings = result.SortedFindings(r.Findings)
	return w, nil
}

func (w *workbook) note(s string) { w.notes = append(w.notes, s) }

// simulated reports whether the workbook shows simulated usage: the
// caller says so (--sandbox) or the Result's usage source does.
func (w *workbook) simulated() bool {
	return w.o.Simulated || w.r.Usage != nil && w.r.Usage.Simulated
}

func (w *workbook) build() error {
	if err := w.f.SetSheetName("Sheet1", sheetSummary); err != nil {
		return err
	}
	// The Charts sheet (a spec without blocks) is made in its place, right
	// after the Actions; its charts are added with the Summary they read
	// from.
	specs := []sheetSpec{w.actionsSheet(), {name: sheetCharts}}
	if w.r.Changes != nil {
		specs = append(specs, w.changesSheet())
	}
	specs = append(specs, w.toolsSheet(), w.redundancySheet())
	specs = append(specs, w.spendSheets()...)
	specs = append(specs, w.renewalsSheet(), w.seatsSheet(), w.flowsSheet(), w.gapsSheet(), w.findingsSheet(), w.discoveredSheet())
	for _, spec := range specs {
		if len(spec.blocks) == 0 {
			if _, err := w.f.NewSheet(spec.name); err != nil {
				return err
			}
			continue
		}
		names, err := w.writeSheet(spec)
		if err != nil {
			return err
		}
		w.sheets[spec.name] = names
	}
	if w.truncated > 0 {
		w.note(fmt.Sprintf("%s cells were longer than Excel's limit of %s characters: they are cut and end with …",
			digits.Int(w.truncated), digits.Int(maxCellChars)))
	}
	if err := w.summarySheet(); err != nil {
		return fmt.Errorf("sheet %s: %w", sheetSummary, err)
	}
	// The Summary is the first sheet, active from the start. (Not
	// SetActiveSheet: it would parse every stream sheet back.)
	return w.properties()
}

// properties sets the document properties. Created and modified are the
// as-of date, never the clock, so that the same Result gives the same
// workbook.
func (w *workbook) properties() error {
	org := propertyText(w.r.Organization.Name)
	title := "Martech stack audit"
	if org != "" {
		title += " — " + org
	}
	subject := "Marketing technology stack audit"
	if w.r.AsOf != "" {
		subject += " as of " + w.r.AsOf
	}
	generator := "stackaudit"
	if w.o.Version != "" {
		generator += " " + w.o.Version
	}
	keywords := "stackaudit; martech; audit; procurement"
	description := "Written by " + generator + " from the audit result; every figure comes from it."
	if w.simulated() {
		subject += " — " + simulatedBanner
		keywords += "; simulated usage"
		description = simulatedBanner + ": the usage figures come from the built-in vendor simulator (--sandbox). " + description
	}
	props := &excelize.DocProperties{
		Title: title, Subject: subject, Creator: "stackaudit", LastModifiedBy: "stackaudit",
		Keywords: keywords, Category: "Audit", Description: description, Version: w.o.Version,
	}
	if w.hasAsOf {
		props.Created = w.asOf.Format("2006-01-02T15:04:05Z")
		props.Modified = props.Created
	}
	if err := w.f.SetDocProps(props); err != nil {
		return err
	}
	if err := w.f.SetAppProps(&excelize.AppProperties{Application: "stackaudit", Company: org}); err != nil {
		return err
	}
	// Spreadsheets that recalculate do so on open; the cached values are
	// for those that do not.
	full := true
	return w.f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &full})
}

// propertyText is an inventory string fit for a document property: one
// line, escaped like a cell, at most 200 characters.
func propertyText(s string) string {
	s, _ = cellText(strings.Join(strings.Fields(s), " "))
	if r := []rune(s); len(r) > 200 {
		s = string(r[:199]) + "…"
	}
	return s
}

func (w *workbook) toolName(id string) string {
	if t := w.toolByID[id]; t != nil && t.Name != "" {
		return t.Name
	}
	return id
}

func (w *workbook) user(email string) string {
	if w.redactor != nil {
		return w.redactor.Email(email)
	}
	return email
}

// asOfFormula is the as-of date in a formula, DATE(2026,11,20).
func (w *workbook) asOfFormula() string {
	return fmt.Sprintf("DATE(%d,%d,%d)", w.asOf.Year(), int(w.asOf.Month()), w.asOf.Day())
}

// ---- Tools ----

func (w *workbook) toolsSheet() sheetSpec {
	th := strconv.FormatFloat(w.threshold(), 'f', -1, 64)
	b := &block{name: "Tools", n: len(w.tools), cols: []column{
		{header: "ID"}, {header: "Name"}, {header: "Vendor"}, {header: "Category"},
		{header: "Capabilities", maxWidth: 45, wrap: true}, {header: "Owner"}, {header: "Objectives", maxWidth: 40}, {header: "Status"},
		{header: "Annual cost", kind: kMoney, total: sumTotal}, {header: "Seats", kind: kInt, total: sumTotal},
		{header: "Active 30d", kind: kInt, total: sumTotal}, {header: "Utilization", kind: kPercent},
		{header: "Cost per active user", kind: kMoney}, {header: "Estimated waste", kind: kMoney, total: sumTotal},
		{header: "Contract end", kind: kDate}, {header: "Notice deadline", kind: kDate},
		{header: "Auto-renew"}, {header: "DPA"}, {header: "SSO"}, {header: "File:line"},
		// What Seats and Active 30d count where it is not paid seats used
		// in the tool: contacts, users, Okta's account-wide sign-in.
		{header: "Usage counts", maxWidth: 50, wrap: true},
	}}
	b.row = func(i int, c []xcell) {
		t := w.tools[i]
		c[0], c[1], c[2], c[3] = text(t.ID), text(t.Name), text(t.Vendor), text(t.Category)
		c[4], c[5], c[6], c[7] = text(strings.Join(t.Capabilities, ", ")), text(t.Owner), text(strings.Join(t.Objectives, ", ")), text(t.Status)
		if t.HasCost || !t.AnnualCost.IsZero() {
			c[8] = moneyCell(t.AnnualCost)
		}
		c[9], c[10], c[11], c[12] = optInt(t.Seats), optInt(t.Active30), optPercent(t.Utilization), optMoney(t.CostPerActiveUser)
		if t.Measured || !t.UnusedSeatCost.IsZero() {
			c[13] = moneyCell(t.UnusedSeatCost)
		}
		c[14], c[15] = optDate(t.ContractEnd), optDate(t.NoticeDeadline)
		if t.ContractEnd != nil {
			c[16] = yesNo(t.AutoRenew)
		}
		c[17], c[18], c[19] = yesNo(t.DPA), optYesNo(t.SSO), text(w.loc.Location(t.Location))
		if b := t.UsageBasis(); b != "" {
			c[20] = text(b)
		}
	}
	b.conds = []cond{{from: 11, to: 11, style: w.st.bad, expr: func(ref func(int) string) string {
		return fmt.Sprintf("AND(ISNUMBER(%s),%s<%s)", ref(11), ref(11), th)
	}}}
	if w.hasAsOf {
		b.conds = append(b.conds, w.deadlineConds(15, 15, func(ref func(int) string) string {
			return ref(15) + "-" + w.asOfFormula()
		}, func(ref func(int) string) string { return "ISNUMBER(" + ref(15) + ")" })...)
	}
	return sheetSpec{name: sheetTools, blocks: []*block{b}}
}

// deadlineConds highlight deadlines within 30 days (or passed) in red and
// within 90 days in amber; days gives the days left of a row and valid
// whether it has a deadline.
func (w *workbook) deadlineConds(from, to int, days, valid func(ref func(int) string) string) []cond {
	return []cond{
		{from: from, to: to, style: w.st.bad, expr: func(ref func(int) string) string {
			return fmt.Sprintf("AND(%s,%s<=30)", valid(ref), days(ref))
		}},
		{from: from, to: to, style: w.st.warn, expr: func(ref func(int) string) string {
			return fmt.Sprintf("AND(%s,%s>30,%s<=90)", valid(ref), days(ref), days(ref))
		}},
	}
}

// ---- Actions ----

// actionKinds label the decisions in the meeting's words.
var actionKinds = map[string]string{
	result.ActionCancel:       "cancel",
	result.ActionRightSize:    "right-size",
	result.ActionConsolidate:  "consolidate",
	result.ActionGiveNotice:   "give notice",
	result.ActionFixOwnership: "fix ownership",
	result.ActionFixDPA:       "fix DPA",
}

// savingAction reports whether an action's amount is a saving (it counts
// in the Summary's savings) rather than a cost at stake or nothing.
func savingAction(kind string) bool {
	return kind == result.ActionCancel || kind == result.ActionRightSize || kind == result.ActionConsolidate
}

// Columns of the Actions sheet: the decision, its money and its date come
// first, so that the first printed page and a narrow window show them.
const (
	actRank = iota
	actDecision
	actTitle
	actSaving
	actStake
	actActBy
	actDays
	actOwner
	actTools
	actDetail
	actEvidence
	actSensitivity
	actFinding
	actStatus
	actColumns
)

// actionsSheet is the meeting's list: one row per decision in rank order.
// Savings and costs at stake are separate columns, so that neither total
// adds one to the other; the days left are a formula of the act-by date
// and the as-of date.
func (w *workbook) actionsSheet() sheetSpec {
	acts := nonNil(w.r.Actions)
	cols := make([]column, actColumns)
	cols[actRank], cols[actDecision] = column{header: "Rank", kind: kInt}, column{header: "Decision"}
	cols[actTitle] = column{header: "Action", maxWidth: 45, wrap: true}
	cols[actSaving] = column{header: "Annual saving", kind: kMoney, total: sumTotal}
	cols[actStake] = column{header: "Cost at stake", kind: kMoney, total: sumTotal}
	cols[actActBy], cols[actDays] = column{header: "Act by", kind: kDate}, column{header: "Days left", kind: kInt}
	cols[actOwner] = column{header: "Owner"}
	cols[actTools] = column{header: "Tools", maxWidth: 30, wrap: true}
	cols[actDetail] = column{header: "Detail", maxWidth: 60, wrap: true}
	cols[actEvidence] = column{header: "Evidence", maxWidth: 60, wrap: true}
	cols[actSensitivity], cols[actFinding] = column{header: "Sensitivity"}, column{header: "Finding", maxWidth: 30}
	cols[actStatus] = column{header: "Status", maxWidth: 20}
	b := &block{name: "Actions", n: len(acts), cols: cols}
	days := colName(actActBy + 1)
	b.row = func(i int, c []xcell) {
		a := acts[i]
		names := make([]string, len(a.Tools))
		for j, id := range a.Tools {
			names[j] = w.toolName(id)
		}
		kind := actionKinds[a.Kind]
		if kind == "" {
			kind = a.Kind
		}
		c[actRank], c[actDecision], c[actTitle] = integer(a.Rank), text(kind), text(a.Title)
		c[actTools], c[actDetail] = text(strings.Join(names, ", ")), text(a.Detail)
		if len(a.Tools) > 0 {
			c[actTools].link = w.toolLink[a.Tools[0]]
		}
		if savingAction(a.Kind) {
			c[actSaving] = moneyCell(a.Amount)
		}
		if a.AtStake.IsPositive() {
			c[actStake] = moneyCell(a.AtStake)
		}
		c[actActBy] = optDate(a.ActBy)
		if a.ActBy != nil && w.hasAsOf {
			d := date(*a.ActBy)
			c[actDays] = xcell{kind: kInt, n: math.Round(d.t.Sub(w.asOf).Hours() / 24), formula: days + "{r}-" + w.asOfFormula()}
			if w.o.zeroCache {
				c[actDays].n = 0
			}
		}
		c[actOwner], c[actEvidence], c[actSensitivity] = text(a.Owner), text(a.Evidence), text(a.Sensitivity)
		c[actFinding], c[actStatus] = text(a.Rule), text(a.Status)
	}
	b.conds = w.deadlineConds(actDays, actDays, func(ref func(int) string) string { return ref(actDays) },
		func(ref func(int) string) string { return "ISNUMBER(" + ref(actDays) + ")" })
	return sheetSpec{name: sheetActions, blocks: []*block{b}}
}

// ---- Redundancy ----

// overlapDecision says what to do with an overlap group: consolidate, or
// decide after measuring the tools without usage data.
func (w *workbook) overlapDecision(o *result.Overlap) string {
	switch o.Decision {
	case result.DecisionMeasureFirst:
		names := make([]string, len(o.Unmeasured))
		for i, id := range o.Unmeasured {
			names[i] = w.toolName(id)
		}
		if len(names) == 0 {
			return "decide after measuring"
		}
		return "decide after measuring " + strings.Join(names, ", ") + " (no usage data)"
	case "":
		return ""
	}
	return o.Decision
}

func (w *workbook) redundancySheet() sheetSpec {
	overlaps := nonNil(w.r.Overlaps)
	// The waiver of an overlap is the one on its redundant-capability
	// finding, matched by the set of tools as the Summary matches them.
	waivers := map[string]*result.AppliedWaiver{}
	for i := range w.findings {
		f := &w.findings[i]
		if f.Rule == "redundant-capability" && f.Waiver != nil {
			waivers[result.Fingerprint("", f.Subjects)] = f.Waiver
		}
	}
	b := &block{name: "Redundancy", n: len(overlaps), cols: []column{
		{header: "Capabilities", maxWidth: 40, wrap: true}, {header: "Tools", maxWidth: 40, wrap: true}, {header: "Tool IDs", maxWidth: 30, wrap: true},
		{header: "Combined cost", kind: kMoney}, {header: "Decision", maxWidth: 40, wrap: true}, {header: "Keep"},
		{header: "Drop", maxWidth: 40, wrap: true}, {header: "Estimated saving", kind: kMoney, total: sumTotal},
		{header: "Counted saving", kind: kMoney, total: sumTotal}, {header: "Shared users", kind: kInt},
		{header: "Shared user emails", maxWidth: 50, wrap: true}, {header: "Waiver", maxWidth: 60, wrap: true},
	}}
	b.row = func(i int, c []xcell) {
		o := overlaps[i]
		names := make([]string, len(o.Tools))
		subjects := make([]result.Subject, len(o.Tools))
		for j, id := range o.Tools {
			names[j] = w.toolName(id)
			subjects[j] = result.Subject{Kind: "tool", ID: id}
		}
		c[0], c[1], c[2] = text(strings.Join(o.Capabilities, ", ")), text(strings.Join(names, ", ")), text(strings.Join(o.Tools, ", "))
		c[3], c[4] = moneyCell(o.CombinedCost), text(w.overlapDecision(o))
		if o.Keep != "" {
			c[5] = text(w.toolName(o.Keep))
			c[5].link = w.toolLink[o.Keep]
		}
		drops := make([]string, len(o.Drops))
		for j, d := range o.Drops {
			drops[j] = w.toolName(d.Tool)
		}
		c[6], c[7] = text(strings.Join(drops, ", ")), moneyCell(o.EstimatedSaving)
		// The counted saving is the Result's: decided and not waived.
		c[8] = xcell{kind: kMoney}
		if o.Counted {
			c[8] = moneyCell(o.EstimatedSaving)
		}
		wv := o.Waiver
		if wv == nil {
			// A hand-built Result may waive only the finding.
			wv = waivers[result.Fingerprint("", subjects)]
		}
		if wv != nil {
			c[11] = text(wv.ID + ": " + report.WaiverNote(wv))
		}
		users := make([]string, len(o.SharedUsers))
		for j, u := range o.SharedUsers {
			users[j] = w.user(u)
		}
		c[9], c[10] = integer(len(o.SharedUsers)), text(strings.Join(users, ", "))
	}
	return sheetSpec{name: sheetRedundancy, blocks: []*block{b}}
}

// ---- Spend ----

// spendSheets are the breakdowns of annual spend, one sheet each: a
// filter on one never hides rows of another.
func (w *workbook) spendSheets() []sheetSpec {
	s := w.r.Spend
	named := func(sheet, name, header string, lines []result.SpendLine) sheetSpec {
		b := &block{name: name, n: len(lines), cols: []column{
			{header: header, maxWidth: 30}, {header: header + " name", maxWidth: 40}, {header: "Tools", kind: kInt, total: sumTotal},
			{header: "Annual spend", kind: kMoney, total: sumTotal},
		}}
		b.row = func(i int, c []xcell) {
			l := lines[i]
			c[0], c[1], c[2], c[3] = text(l.Key), text(l.Name), integer(l.Tools), moneyCell(l.Annual)
		}
		return sheetSpec{name: sheet, blocks: []*block{b}}
	}
	plain := func(sheet, name, header string, lines []result.SpendLine) sheetSpec {
		b := &block{name: name, n: len(lines), cols: []column{
			{header: header, maxWidth: 30}, {header: "Tools", kind: kInt, total: sumTotal}, {header: "Annual spend", kind: kMoney, total: sumTotal},
		}}
		b.row = func(i int, c []xcell) {
			l := lines[i]
			label := l.Name
			if label == "" {
				label = l.Key
			}
			c[0], c[1], c[2] = text(label), integer(l.Tools), moneyCell(l.Annual)
		}
		return sheetSpec{name: sheet, blocks: []*block{b}}
	}
	return []sheetSpec{
		named(sheetSpendTeam, "Spend_by_team", "Team", s.ByTeam),
		named(sheetSpendCategory, "Spend_by_category", "Category", s.ByCategory),
		named(sheetSpendObj, "Spend_by_objective", "Objective", s.ByObjective),
		plain(sheetSpendStage, "Spend_by_stage", "Journey stage", s.ByStage),
		plain(sheetSpendQuarter, "Spend_by_renewal_quarter", "Renewal quarter", s.ByRenewalQuarter),
	}
}

// Columns of the category names and amounts on the Spend by category
// sheet, for the chart.
const (
	spendCategoryNameCol   = 2
	spendCategoryAmountCol = 4
)

// ---- Renewals ----

// renewalStates label a contract's position.
var renewalStates = map[string]string{
	"ended":         "ended",
	"notice-missed": "notice missed",
	"notice-open":   "notice open",
	"ends":          "ends",
}

func (w *workbook) renewalsSheet() sheetSpec {
	rs := nonNil(w.r.Renewals)
	b := &block{name: "Renewals", n: len(rs), cols: []column{
		{header: "Tool"}, {header: "Name"}, {header: "Owner"}, {header: "Contract end", kind: kDate}, {header: "Auto-renew"},
		{header: "Notice days", kind: kInt}, {header: "Notice deadline", kind: kDate}, {header: "Days to notice deadline", kind: kInt},
		{header: "Days to end", kind: kInt}, {header: "State"}, {header: "Annual cost", kind: kMoney, total: sumTotal},
		{header: "Utilization", kind: kPercent}, {header: "Recommended action", maxWidth: 60, wrap: true},
	}}
	b.row = func(i int, c []xcell) {
		r := rs[i]
		c[0] = text(r.Tool)
		c[0].link = w.toolLink[r.Tool]
		c[1], c[2], c[3], c[4] = text(w.toolName(r.Tool)), text(r.Owner), date(r.End), yesNo(r.AutoRenew)
		c[5], c[6], c[7], c[8] = integer(r.NoticeDays), date(r.NoticeDeadline), optInt(r.DaysToNotice), integer(r.DaysToEnd)
		state := renewalStates[r.State]
		if state == "" {
			state = r.State
		}
		c[9], c[10], c[11], c[12] = text(state), moneyCell(r.AnnualCost), optPercent(r.Utilization), text(r.Action)
	}
	// The deadline of a row is its notice deadline when it has one, else
	// its end.
	b.conds = w.deadlineConds(0, 12, func(ref func(int) string) string {
		return fmt.Sprintf("IF(ISNUMBER(%s),%s,%s)", ref(7), ref(7), ref(8))
	}, func(ref func(int) string) string { return "ISNUMBER(" + ref(8) + ")" })
	return sheetSpec{name: sheetRenewals, blocks: []*block{b}}
}

// ---- Seats ----

// seatKinds label the rows of the reclaimable seats.
var seatKinds = map[string]string{
	result.SeatInactive:   "inactive user",
	result.SeatUnassigned: "unassigned seats",
	result.SeatBuffer:     "growth buffer (kept)",
	result.SeatContract:   "whole flat-fee contract",
}

// seatsSheet lists the reclaimable seats row by row; its amounts add up
// to the Summary's estimated waste.
func (w *workbook) seatsSheet() sheetSpec {
	seats := nonNil(w.r.Seats)
	b := &block{name: "Seats", n: len(seats), cols: []column{
		{header: "Tool"}, {header: "Tool name"}, {header: "Kind"}, {header: "User ID", maxWidth: 40}, {header: "User", maxWidth: 40},
		{header: "Last active", kind: kDate}, {header: "Days inactive", kind: kInt},
		{header: "Seats", kind: kInt, total: sumTotal}, {header: "Seat cost", kind: kMoney},
		{header: "Amount", kind: kMoney, total: sumTotal}, {header: "Realisable on", kind: kDate},
	}}
	b.row = func(i int, c []xcell) {
		s := seats[i]
		id := s.UserID
		if w.redactor != nil {
			// Vendor user ids identify a person as well as an email does.
			id = w.redactor.ID(id)
		}
		kind := seatKinds[s.Kind]
		if kind == "" {
			kind = s.Kind
		}
		if s.Kind == result.SeatInactive && s.LastActive == nil {
			kind += ", never active"
		}
		c[0], c[1], c[2], c[3], c[4] = text(s.Tool), text(s.ToolName), text(kind), text(id), text(w.user(s.Email))
		c[5], c[6], c[7] = optDate(s.LastActive), optInt(s.DaysInactive), integer(s.Count)
		if s.Kind != result.SeatContract {
			c[8] = moneyCell(s.SeatCost)
		}
		c[9], c[10] = moneyCell(s.Amount), optDate(s.When)
	}
	return sheetSpec{name: sheetSeats, blocks: []*block{b}}
}

// ---- Data flows ----

func (w *workbook) flowsSheet() sheetSpec {
	flows := nonNil(w.r.Flows)
	b := &block{name: "Data_flows", n: len(flows), cols: []column{
		{header: "Flow"}, {header: "From", kind: kInt, total: countTotal}, {header: "From name"}, {header: "To"}, {header: "To name"},
		{header: "Data classes", maxWidth: 40}, {header: "Highest sensitivity"}, {header: "Owner"}, {header: "Method"},
		{header: "Frequency"}, {header: "Via"}, {header: "Gaps", maxWidth: 50, wrap: true}, {header: "File:line"},
	}}
	b.row = func(i int, c []xcell) {
		f := flows[i]
		c[0], c[1], c[2], c[3], c[4] = text(f.ID), text(f.From), text(f.FromName), text(f.To), text(f.ToName)
		c[5], c[6], c[7], c[8] = text(strings.Join(f.Data, ", ")), text(f.HighestSensitivity), text(f.Owner), text(f.Method)
		c[9], c[10], c[11], c[12] = text(f.Frequency), text(f.Via), text(strings.Join(f.Gaps, "; ")), text(w.loc.Location(f.Location))
	}
	b.conds = []cond{{from: 11, to: 11, style: w.st.bad, expr: func(ref func(int) string) string {
		return "LEN(" + ref(11) + ")>0"
	}}}
	return sheetSpec{name: sheetFlows, blocks: []*block{b}}
}

// ---- Ownership gaps ----

func (w *workbook) gapsSheet() sheetSpec {
	gaps := nonNil(w.r.Gaps)
	b := &block{name: "Ownership_gaps", n: len(gaps), cols: []column{
		{header: "Kind"}, {header: "Subject", kind: kInt, total: countTotal}, {header: "Name"},
		{header: "Detail", maxWidth: 60, wrap: true}, {header: "File:line"},
	}}
	b.row = func(i int, c []xcell) {
		g := gaps[i]
		c[0], c[1], c[2], c[3], c[4] = text(g.Kind), text(g.Subject.String()), text(g.Name), text(g.Detail), text(w.loc.Location(g.Location))
		if g.Subject.Kind == "tool" {
			c[1].link = w.toolLink[g.Subject.ID]
		}
	}
	return sheetSpec{name: sheetGaps, blocks: []*block{b}}
}

// ---- Findings ----

func (w *workbook) findingsSheet() sheetSpec {
	b := &block{name: "Findings", n: len(w.findings), cols: []column{
		{header: "Rule"}, {header: "Severity", kind: kInt, total: countTotal}, {header: "Subject", maxWidth: 40},
		{header: "Title", maxWidth: 45, wrap: true}, {header: "Message", maxWidth: 80, wrap: true}, {header: "File:line"},
		{header: "Waived"}, {header: "Waiver"}, {header: "Waiver reason", maxWidth: 60, wrap: true}, {header: "Approved by"},
		{header: "Expires", kind: kDate},
	}}
	b.row = func(i int, c []xcell) {
		f := &w.findings[i]
		msg := f.Message
		if strings.TrimSpace(msg) == "" {
			msg = f.Title
		}
		c[0], c[1], c[2], c[3] = text(f.Rule), text(string(f.Severity)), text(report.SubjectList(f.Subjects)), text(f.Title)
		for _, s := range f.Subjects {
			if s.Kind == "tool" && w.toolLink[s.ID] != "" {
				c[2].link = w.toolLink[s.ID]
				break
			}
		}
		c[4], c[5], c[6] = text(msg), text(w.loc.Finding(f)), yesNo(f.Waived())
		if wv := f.Waiver; wv != nil {
			c[7], c[8], c[9], c[10] = text(wv.ID), text(wv.Reason), text(wv.ApprovedBy), date(wv.Expires)
		}
	}
	last := len(b.cols) - 1
	b.conds = []cond{
		{from: 0, to: last, style: w.st.crit, expr: func(ref func(int) string) string { return ref(1) + `="critical"` }},
		{from: 0, to: last, style: w.st.high, expr: func(ref func(int) string) string { return ref(1) + `="high"` }},
	}
	return sheetSpec{name: sheetFindings, blocks: []*block{b}}
}

// ---- Discovered ----

func (w *workbook) discoveredSheet() sheetSpec {
	items := nonNil(w.r.Discovered)
	// The estimate sits next to the price, its source and the date it was
	// read, so nobody takes a list-price guess for a contract figure.
	b := &block{name: "Discovered", n: len(items), cols: []column{
		{header: "Kind"}, {header: "Source", kind: kInt, total: countTotal}, {header: "Name", maxWidth: 45}, {header: "Product"},
		{header: "Users", kind: kInt}, {header: "Estimated annual spend", kind: kMoney, total: sumTotal},
		{header: "List price (source, date)", maxWidth: 80, wrap: true},
		{header: "Spend feed, annualised", kind: kMoney, total: sumTotal},
		{header: "Scopes", maxWidth: 40}, {header: "Repository"}, {header: "Path", maxWidth: 50},
		{header: "From"}, {header: "To"}, {header: "Evidence", maxWidth: 80, wrap: true},
	}}
	b.row = func(i int, c []xcell) {
		d := items[i]
		c[0], c[1], c[2], c[3] = text(d.Kind), text(d.Source), text(d.Name), text(d.Product)
		if d.Kind == "tool" {
			c[4] = integer(d.Users)
		}
		if d.EstimatedAnnual != nil {
			c[5] = moneyCell(*d.EstimatedAnnual)
		}
		c[6] = text(discoveredPrice(d))
		// What a card or expense feed shows paid: real money, beside the
		// list-price guess.
		if d.AnnualSpend != nil {
			c[7] = moneyCell(*d.AnnualSpend)
		}
		c[8], c[9], c[10], c[11] = text(strings.Join(d.Scopes, ", ")), text(d.Repo), text(d.Path), text(d.From)
		c[12], c[13] = text(d.To), text(d.Evidence)
	}
	return sheetSpec{name: sheetDiscovered, blocks: []*block{b}}
}

// discoveredPrice is "USD 8.00 per seat per month (plan); source URL; read
// DATE", followed by why there is no estimate when there is none.
func discoveredPrice(d *result.DiscoveredItem) string {
	var parts []string
	if d.ListPrice != "" {
		parts = append(parts, d.ListPrice)
	}
	if d.PriceSource != "" {
		parts = append(parts, "source "+d.PriceSource)
	}
	if d.PriceRead != "" {
		parts = append(parts, "read "+d.PriceRead)
	}
	if d.PriceNote != "" {
		parts = append(parts, d.PriceNote)
	}
	return strings.Join(parts, "; ")
}

// ---- Changes ----

func (w *workbook) changesSheet() sheetSpec {
	ch := w.r.Changes
	var rows [][]xcell
	add := func(c ...xcell) { rows = append(rows, c) }
	if !ch.UsageOnly {
		add(text("Annual spend"), text(w.r.Organization.Name), xcell{}, xcell{},
			moneyCell(ch.SpendBefore), moneyCell(w.r.Summary.AnnualSpend), xcell{kind: kDeltaMoney, n: ch.SpendDelta.InexactFloat64()})
	}
	if ch.PreviousUsageTakenAt != nil && w.r.Usage != nil {
		add(text("Usage taken"), xcell{}, text("when the usage each audit judged was measured"), xcell{},
			date(*ch.PreviousUsageTakenAt), date(w.r.Usage.TakenAt))
	}
	known := func(id string) string {
		if t := w.toolByID[id]; t != nil {
			return t.Name
		}
		return "" // a retired tool may no longer be declared
	}
	seatsNote := func(n *int) string {
		switch {
		case n == nil:
			return "flat fee"
		case *n == 1:
			return "1 seat"
		}
		return fmt.Sprintf("%d seats", *n)
	}
	for _, d := range ch.Tools {
		switch d.Change {
		case result.Added:
			add(text("Tool added"), text(d.Tool), text(d.Name+", "+seatsNote(d.SeatsAfter)), xcell{}, xcell{}, moneyCell(d.CostAfter), xcell{kind: kDeltaMoney, n: d.CostDelta.InexactFloat64()})
		case result.Removed:
			add(text("Tool removed"), text(d.Tool), text(d.Name+", "+seatsNote(d.SeatsBefore)), xcell{}, moneyCell(d.CostBefore), xcell{}, xcell{kind: kDeltaMoney, n: d.CostDelta.InexactFloat64()})
		default:
			if d.CostChanged() {
				add(text("Cost changed"), text(d.Tool), text(d.Name), xcell{}, moneyCell(d.CostBefore), moneyCell(d.CostAfter), xcell{kind: kDeltaMoney, n: d.CostDelta.InexactFloat64()})
			}
			if d.SeatsChanged() {
				delta := xcell{}
				if d.SeatsBefore != nil && d.SeatsAfter != nil {
					delta = integer(*d.SeatsAfter - *d.SeatsBefore)
				}
				add(text("Seats changed"), text(d.Tool), text(d.Name+": "+seatsNote(d.SeatsBefore)+" → "+seatsNote(d.SeatsAfter)), xcell{},
					optInt(d.SeatsBefore), optInt(d.SeatsAfter), delta)
			}
		}
	}
	for _, u := range ch.Utilization {
		// The delta, in percentage points, is a formula of the two cells
		// beside it; its cached value is the Result's rounded one.
		delta := xcell{kind: kDeltaPercent, n: u.DeltaPoints, formula: "(F{r}-E{r})*100"}
		if w.o.zeroCache {
			delta.n = 0
		}
		add(text("Utilization"), text(u.Tool), text(known(u.Tool)), xcell{}, percent(u.Before), percent(u.After), delta)
	}
	finding := func(kind string, f result.Finding) {
		msg := f.Message
		if strings.TrimSpace(msg) == "" {
			msg = f.Title
		}
		add(text(kind), text(report.SubjectList(f.Subjects)), text(f.Rule+": "+msg), text(string(f.Severity)))
	}
	for _, f := range result.SortedFindings(ch.FindingsNew) {
		finding("Finding new", f)
	}
	for _, f := range result.SortedFindings(ch.FindingsResolved) {
		finding("Finding resolved", f)
	}
	b := &block{name: "Changes", n: len(rows), cols: []column{
		{header: "Change"}, {header: "Subject", kind: kInt, total: countTotal, maxWidth: 40}, {header: "Detail", maxWidth: 80, wrap: true},
		{header: "Severity"}, {header: "Before"}, {header: "After"}, {header: "Delta"},
	}}
	b.row = func(i int, c []xcell) { copy(c, rows[i]) }
	return sheetSpec{name: sheetChanges, blocks: []*block{b}}
}

// ---- helpers for the Summary ----

// topUtilization is the chart data of "utilization by tool": the 20
// measured tools with the largest annual cost, where unused seats cost the
// most, least utilized first.
func (w *workbook) topUtilization() []*result.ToolFact {
	var measured []*result.ToolFact
	for _, t := range w.tools {
		if t.Utilization != nil {
			measured = append(measured, t)
		}
	}
	sort.SliceStable(measured, func(i, j int) bool {
		a, b := measured[i], measured[j]
		if !a.AnnualCost.Equal(b.AnnualCost) {
			return a.AnnualCost.GreaterThan(b.AnnualCost)
		}
		return a.ID < b.ID
	})
	if len(measured) > 20 {
		measured = measured[:20]
	}
	sort.SliceStable(measured, func(i, j int) bool {
		if *measured[i].Utilization != *measured[j].Utilization {
			return *measured[i].Utilization < *measured[j].Utilization
		}
		return measured[i].ID < measured[j].ID
	})
	return measured
}

// nonNil is xs without its nil elements (a Result decoded from JSON may
// hold nulls), nil when none is left.
func nonNil[T any](xs []*T) []*T {
	var out []*T
	for _, x := range xs {
		if x != nil {
			out = append(out, x)
		}
	}
	return out
}
