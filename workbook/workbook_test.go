package workbook_test

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/stackaudit/stackaudit/internal/resultfixture"
	"github.com/stackaudit/stackaudit/internal/synth"
	"github.com/stackaudit/stackaudit/internal/synthtest"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/usage"
	"github.com/stackaudit/stackaudit/workbook"
)

// sheetNames are the sheets of SPEC §6, in order.
// Actions and Charts come right after the Summary (and Changes, with
// --previous, after them); Spend is one sheet per breakdown.
var sheetNames = []string{"Summary", "Actions", "Charts", "Tools", "Redundancy", "Spend by team", "Spend by category", "Spend by objective",
	"Spend by stage", "Spend by renewal quarter", "Renewals", "Seats", "Data flows", "Ownership gaps", "Findings", "Discovered"}

// withChanges are the sheet names of a workbook with --previous.
func withChanges() []string {
	return append(append([]string{}, sheetNames[:3]...), append([]string{"Changes"}, sheetNames[3:]...)...)
}

// ---- reading a workbook back ----

// writeWorkbook writes r to a temp file and opens it again.
func writeWorkbook(t testing.TB, r *result.Result, o workbook.Options) (*excelize.File, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "audit.xlsx")
	require.NoError(t, workbook.Write(path, r, o))
	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	t.Cleanup(func() { _ = f.Close() })
	return f, path
}

var cellTypes = map[excelize.CellType]string{
	excelize.CellTypeUnset: "n", excelize.CellTypeBool: "b", excelize.CellTypeDate: "d", excelize.CellTypeError: "e",
	excelize.CellTypeFormula: "f", excelize.CellTypeInlineString: "s", excelize.CellTypeSharedString: "s",
	excelize.CellTypeNumber: "n",
}

// dumpWorkbook reads every sheet back into text: document properties,
// defined names, and per sheet its dimension, panes, column widths,
// tables, conditional formats and every non-empty cell with its type,
// style (described, and its raw id when withIDs), formula and link; then
// the charts' types, titles and ranges from the package.
func dumpWorkbook(t testing.TB, f *excelize.File, path string, withIDs bool) string {
	t.Helper()
	var b strings.Builder
	p, err := f.GetDocProps()
	require.NoError(t, err)
	fmt.Fprintf(&b, "# properties\ntitle: %s\nsubject: %s\ncreator: %q\nlast modified by: %q\ncreated: %s\nmodified: %s\nkeywords: %q\ncategory: %q\ndescription: %q\nversion: %q\n",
		abbreviate(p.Title), abbreviate(p.Subject), p.Creator, p.LastModifiedBy, p.Created, p.Modified, p.Keywords, p.Category, p.Description, p.Version)
	app, err := f.GetAppProps()
	require.NoError(t, err)
	fmt.Fprintf(&b, "application: %q\ncompany: %s\n", app.Application, abbreviate(app.Company))
	calc, err := f.GetCalcProps()
	require.NoError(t, err)
	if calc.FullCalcOnLoad != nil {
		fmt.Fprintf(&b, "full calc on load: %v\n", *calc.FullCalcOnLoad)
	}
	for _, d := range f.GetDefinedName() {
		fmt.Fprintf(&b, "defined name: %s [%s] = %s\n", d.Name, d.Scope, d.RefersTo)
	}
	styleDesc := map[int]string{}
	describe := func(id int) string {
		if d, ok := styleDesc[id]; ok {
			return d
		}
		s, err := f.GetStyle(id)
		require.NoError(t, err)
		var parts []string
		if s.CustomNumFmt != nil {
			parts = append(parts, "fmt="+*s.CustomNumFmt)
		} else if s.NumFmt != 0 {
			parts = append(parts, "numfmt="+strconv.Itoa(s.NumFmt))
		}
		if s.Alignment != nil && s.Alignment.WrapText {
			parts = append(parts, "wrap")
		}
		if s.Font != nil {
			if s.Font.Bold {
				parts = append(parts, "bold")
			}
			if s.Font.Underline != "" {
				parts = append(parts, "underline")
			}
			if s.Font.Color != "" {
				parts = append(parts, "color="+s.Font.Color)
			}
		}
		if len(s.Fill.Color) > 0 {
			parts = append(parts, "fill="+strings.Join(s.Fill.Color, ","))
		}
		for _, br := range s.Border {
			parts = append(parts, "border="+br.Type)
		}
		d := strings.Join(parts, " ")
		if withIDs {
			d = fmt.Sprintf("#%d %s", id, d)
		}
		styleDesc[id] = d
		return d
	}
	for _, sheet := range f.GetSheetList() {
		fmt.Fprintf(&b, "\n# sheet %q\n", sheet)
		dim, err := f.GetSheetDimension(sheet)
		require.NoError(t, err)
		fmt.Fprintf(&b, "dimension: %s\n", dim)
		panes, err := f.GetPanes(sheet)
		require.NoError(t, err)
		fmt.Fprintf(&b, "panes: freeze=%v ySplit=%d xSplit=%d topLeft=%s\n", panes.Freeze, panes.YSplit, panes.XSplit, panes.TopLeftCell)
		props, err := f.GetSheetProps(sheet)
		require.NoError(t, err)
		layout, err := f.GetPageLayout(sheet)
		require.NoError(t, err)
		hf, err := f.GetHeaderFooter(sheet)
		require.NoError(t, err)
		print := "print:"
		if layout.Orientation != nil {
			print += " " + *layout.Orientation
		}
		if props.FitToPage != nil && *props.FitToPage && layout.FitToWidth != nil {
			print += fmt.Sprintf(" fit %d wide", *layout.FitToWidth)
		}
		fmt.Fprintf(&b, "%s header=%q footer=%q\n", print, hf.OddHeader, hf.OddFooter)
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		cols := 0
		for _, r := range rows {
			cols = max(cols, len(r))
		}
		var widths []string
		for c := 1; c <= cols; c++ {
			name, _ := excelize.ColumnNumberToName(c)
			wd, err := f.GetColWidth(sheet, name)
			require.NoError(t, err)
			widths = append(widths, fmt.Sprintf("%s=%g", name, wd))
		}
		fmt.Fprintf(&b, "widths: %s\n", strings.Join(widths, " "))
		tables, err := f.GetTables(sheet)
		require.NoError(t, err)
		for _, tb := range tables {
			fmt.Fprintf(&b, "table %s %s style=%s\n", tb.Name, tb.Range, tb.StyleName)
		}
		cfs, err := f.GetConditionalFormats(sheet)
		require.NoError(t, err)
		var refs []string
		for ref := range cfs {
			refs = append(refs, ref)
		}
		sort.Strings(refs)
		for _, ref := range refs {
			for _, c := range cfs[ref] {
				fmt.Fprintf(&b, "conditional %s %s %s\n", ref, c.Type, c.Criteria)
			}
		}
		for r, row := range rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				formula, err := f.GetCellFormula(sheet, cell)
				require.NoError(t, err)
				if v == "" && formula == "" {
					continue
				}
				typ, err := f.GetCellType(sheet, cell)
				require.NoError(t, err)
				style, err := f.GetCellStyle(sheet, cell)
				require.NoError(t, err)
				line := fmt.Sprintf("%s %s [%s] %s", cell, cellTypes[typ], describe(style), abbreviate(v))
				if formula != "" {
					line += " =" + formula
				}
				if ok, target, err := f.GetCellHyperLink(sheet, cell); err == nil && ok {
					line += " -> " + target
				}
				b.WriteString(line + "\n")
			}
		}
	}
	b.WriteString("\n# charts\n")
	b.WriteString(dumpCharts(t, path))
	return b.String()
}

// abbreviate quotes a value, shortening very long ones.
func abbreviate(s string) string {
	if n := utf8.RuneCountInString(s); n > 120 {
		r := []rune(s)
		return strconv.Quote(string(r[:40])) + fmt.Sprintf("…[%d characters, %d UTF-16 units]…", n, len(utf16.Encode(r))) + strconv.Quote(string(r[n-10:]))
	}
	return strconv.Quote(s)
}

var (
	chartKind  = regexp.MustCompile(`<(?:c:)?(pie|bar|line|area|doughnut)Chart>`)
	chartDir   = regexp.MustCompile(`<(?:c:)?barDir val="(\w+)"`)
	chartTitle = regexp.MustCompile(`<a:t>([^<]*)</a:t>`)
	chartRef   = regexp.MustCompile(`<(?:c:)?f>([^<]*)</(?:c:)?f>`)
	chartCache = regexp.MustCompile(`<(?:c:)?pt idx="\d+"><(?:c:)?v>([^<]*)</(?:c:)?v>`)
	anchorFrom = regexp.MustCompile(`<xdr:from><xdr:col>(\d+)</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>`)
)

// dumpCharts lists the charts of the package: kind, title, ranges; and
// where the drawing anchors them.
func dumpCharts(t testing.TB, path string) string {
	t.Helper()
	z, err := zip.OpenReader(path)
	require.NoError(t, err)
	defer z.Close()
	var names []string
	files := map[string]*zip.File{}
	for _, zf := range z.File {
		files[zf.Name] = zf
		if strings.HasPrefix(zf.Name, "xl/charts/chart") || strings.HasPrefix(zf.Name, "xl/drawings/drawing") && strings.HasSuffix(zf.Name, ".xml") {
			names = append(names, zf.Name)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	for _, name := range names {
		rc, err := files[name].Open()
		require.NoError(t, err)
		data, err := io.ReadAll(rc)
		require.NoError(t, err)
		rc.Close()
		s := string(data)
		if strings.HasPrefix(name, "xl/drawings/") {
			for _, m := range anchorFrom.FindAllStringSubmatch(s, -1) {
				fmt.Fprintf(&b, "%s: anchor col %s row %s\n", name, m[1], m[2])
			}
			continue
		}
		kind := chartKind.FindStringSubmatch(s)
		require.NotNil(t, kind, name)
		line := name + ": " + kind[1]
		if d := chartDir.FindStringSubmatch(s); d != nil {
			line += "/" + d[1]
		}
		for _, m := range chartTitle.FindAllStringSubmatch(s, -1) {
			line += fmt.Sprintf(" title=%q", m[1])
		}
		for _, m := range chartRef.FindAllStringSubmatch(s, -1) {
			line += " " + m[1]
		}
		// The cached points, as a preview draws them.
		for _, m := range chartCache.FindAllStringSubmatch(s, -1) {
			line += fmt.Sprintf(" [%s]", m[1])
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// ---- the hand-built results ----

// workbookFixture is the format fixture with every fact a workbook shows:
// flows, reclaimable seats, spend breakdowns, discovered items and the
// changes since a previous audit.
func workbookFixture() *result.Result {
	r := resultfixture.Result()
	d := decimal.RequireFromString
	last := time.Date(2026, 8, 2, 15, 4, 5, 0, time.UTC)
	days := 110
	r.Flows = []*result.FlowFact{
		{ID: "hubspot_to_marketo", From: "hubspot", FromName: "HubSpot Marketing Hub", To: "marketo", ToName: "Marketo",
			Data: []string{"contact_pii"}, HighestSensitivity: "personal", Method: "api", Frequency: "daily",
			Gaps: []string{"no owner", "personal data to a tool without a DPA"}, Location: resultfixture.At("flows.hcl", 3, 1, 3, 20)},
		{ID: "webflow_to_hubspot", From: "webflow", FromName: "Webflow", To: "hubspot", ToName: "HubSpot Marketing Hub",
			Data: []string{"web_events", "contact_pii"}, HighestSensitivity: "personal", Owner: "mops", Method: "native",
			Via: "segment", Gaps: []string{}, Location: resultfixture.At("flows.hcl", 12, 1, 12, 20)},
	}
	r.Seats = []*result.SeatFact{
		{Tool: "hubspot", ToolName: "HubSpot Marketing Hub", UserID: "u-17", Email: "Never.Active@Acme.example", SeatCost: d("2400")},
		{Tool: "hubspot", ToolName: "HubSpot Marketing Hub", UserID: "bob@acme.example", Email: "bob@acme.example",
			LastActive: &last, DaysInactive: &days, SeatCost: d("2400")},
	}
	r.Spend = result.Spend{
		ByTeam:           []result.SpendLine{{Key: "mops", Name: "Marketing Operations", Tools: 1, Annual: d("96000")}, {Key: "", Name: "(no owner)", Tools: 1, Annual: d("27456.5")}},
		ByCategory:       []result.SpendLine{{Key: "marketing", Name: "Marketing automation", Tools: 2, Annual: d("123456.5")}},
		ByObjective:      []result.SpendLine{{Key: "pipeline", Name: "Grow pipeline", Tools: 1, Annual: d("96000")}, {Key: "", Name: "(unaligned)", Tools: 1, Annual: d("27456.5")}},
		ByStage:          []result.SpendLine{{Key: "", Name: "(no stage)", Tools: 2, Annual: d("123456.5")}},
		ByRenewalQuarter: []result.SpendLine{{Key: "FY2027 Q2", Name: "FY2027 Q2", Tools: 1, Annual: d("96000")}, {Key: "", Name: "(no contract end)", Tools: 1, Annual: d("27456.5")}},
	}
	r.Overlaps[0].SharedUsers = []string{"alice@acme.example", "bob@acme.example"}
	r.Discovered = []*result.DiscoveredItem{
		{Kind: "tool", Source: "okta", Name: "Hotjar 日本語", Product: "hotjar", Users: 12, Scopes: []string{"eu"}, Evidence: "Okta app assignment"},
		{Kind: "integration", Source: "github", Name: "Segment", Product: "segment", Scopes: []string{}, Repo: "acme/web", Path: "src/analytics.ts", Evidence: "import from '@segment/analytics-next'"},
		{Kind: "flow", Source: "segment", Name: "Segment → Mixpanel", Scopes: []string{}, From: "segment", To: "mixpanel", Evidence: "destination \"Mixpanel\" enabled"},
	}
	driftSeats, hubBefore, hubAfter := 10, 50, 40
	r.Changes = &result.Changes{
		PreviousAsOf: "2026-08-20", SpendBefore: d("110000"), SpendDelta: d("13456.5"),
		ToolsAdded: []string{"webflow"}, ToolsRemoved: []string{"drift"},
		Tools: []result.ToolDelta{
			{Tool: "webflow", Name: "Webflow", Change: result.Added, CostAfter: d("27456.5"), CostDelta: d("27456.5")},
			{Tool: "drift", Name: "Drift", Change: result.Removed, CostBefore: d("14000"), CostDelta: d("-14000"), SeatsBefore: &driftSeats},
			{Tool: "hubspot", Name: "HubSpot Marketing Hub", Change: result.Changed, CostBefore: d("96000"), CostAfter: d("96000"), CostDelta: d("0"),
				SeatsBefore: &hubBefore, SeatsAfter: &hubAfter},
		},
		Utilization:      []result.UtilizationChange{{Tool: "hubspot", Before: 0.45, After: 0.3, DeltaPoints: -15}},
		FindingsNew:      []result.Finding{r.Findings[4]},
		FindingsResolved: []result.Finding{resultfixture.Finding("no-sso", result.Medium, "Tool without SSO", "Drift has no SSO", result.Location{}, resultfixture.Sub("tool", "drift"))},
	}
	addMoneyModel(r)
	return r
}

// addMoneyModel gives the fixture the money model's figures, filled in
// by hand and consistent with each other (docs/money.md):
//   - HubSpot (40 seats at USD 2,400, 16 assigned, 12 active) is
//     right-sized: 24 unassigned + 4 inactive − 4 buffer = 24 seats,
//     USD 57,600 at its renewal;
//   - Hotjar (a flat fee, nobody active) is cancelled: USD 3,120; its
//     notice deadline passed 19 days ago and it renews in 11 days;
//   - Mailchimp is consolidated onto HubSpot: USD 6,000, counted;
//   - Marketo (5 seats) has no usage data: its USD 27,456.50 is
//     unmeasured and its overlap with HubSpot waits for measuring (and is
//     waived).
//
// Waste = 57,600 + 3,120 = 60,720 = the Seats rows = the cancel and
// right-size actions; consolidation = 6,000; total savings 66,720.
func addMoneyModel(r *result.Result) {
	d := decimal.RequireFromString
	day := func(y int, m time.Month, dd int) *time.Time {
		t := time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
		return &t
	}
	ip := func(n int) *int { return &n }
	renewal, hotjarEnd, hotjarNotice := day(2027, 4, 1), day(2026, 12, 1), day(2026, 11, 1)

	hubspot := r.Tool("hubspot")
	hubspot.Assigned = ip(16)
	price := d("2400")
	hubspot.SeatPrice = &price
	hubspot.SeatPosition = &result.SeatPosition{Purchased: 40, Assigned: 16, Active: 12, Unassigned: 24, Inactive: 4, Buffer: 4, Reclaimable: 24, Recommended: 16}
	hubspot.Saving = &result.Saving{Kind: result.ActionRightSize, Amount: d("57600"), When: renewal}
	hubspot.UnusedSeatCost = d("57600")

	marketo := r.Tool("marketo")
	marketo.Seats = ip(5)
	marketo.UnmeasuredSpend = d("27456.5")

	hotjar := &result.ToolFact{ID: "hotjar", Name: "Hotjar", Vendor: "Hotjar", Category: "analytics", TopCategory: "analytics",
		Owner: "growth", Objectives: []string{}, Status: "active", AnnualCost: d("3120"), HasCost: true, Measured: true,
		Active30: ip(0), Active90: ip(0), Saving: &result.Saving{Kind: result.ActionCancel, Amount: d("3120"), When: hotjarEnd},
		UnusedSeatCost: d("3120"), ContractEnd: hotjarEnd, NoticeDeadline: hotjarNotice, AutoRenew: true, DPA: true,
		Location: resultfixture.At("tools/hotjar.hcl", 2, 1, 2, 15)}
	mailchimp := &result.ToolFact{ID: "mailchimp", Name: "Mailchimp", Vendor: "Intuit", Category: "email-marketing", TopCategory: "marketing",
		Owner: "mops", Objectives: []string{"pipeline"}, Status: "active", AnnualCost: d("6000"), HasCost: true, Measured: true,
		Active30: ip(2), Saving: &result.Saving{Kind: result.ActionConsolidate, Amount: d("6000"), When: day(2027, 2, 1)},
		Capabilities: []string{"forms", "landing-pages"}, DPA: true, Location: resultfixture.At("tools/mailchimp.hcl", 1, 1, 1, 19)}
	r.Tools = append(r.Tools, hotjar, mailchimp)

	r.Overlaps[0].Decision = result.DecisionMeasureFirst
	r.Overlaps[0].Unmeasured = []string{"marketo"}
	r.Overlaps[0].Keep = ""
	r.Overlaps[0].EstimatedSaving = decimal.Zero
	r.Overlaps = append(r.Overlaps, &result.Overlap{Capabilities: []string{"forms", "landing-pages"}, Tools: []string{"hubspot", "mailchimp"},
		CombinedCost: d("102000"), Decision: result.DecisionConsolidate, Unmeasured: []string{}, Keep: "hubspot",
		Drops: []result.OverlapDrop{{Tool: "mailchimp", Saving: d("6000")}}, EstimatedSaving: d("6000"), Counted: true,
		SharedUsers: []string{"alice@acme.example"}})

	r.Renewals[0].DaysToNotice, r.Renewals[0].DaysToEnd = ip(42), 132
	r.Renewals[0].State, r.Renewals[0].Owner = "notice-open", "mops"
	util := 0.3
	r.Renewals[0].Utilization = &util
	r.Renewals = append([]*result.Renewal{{Tool: "hotjar", End: *hotjarEnd, AutoRenew: true, NoticeDays: 30, NoticeDeadline: *hotjarNotice,
		DaysLeft: -19, DaysToNotice: ip(-19), DaysToEnd: 11, State: "notice-missed", Owner: "growth", AnnualCost: d("3120"),
		Action: "Renews automatically on 2026-12-01; notice was due 2026-11-01: negotiate or accept"}}, r.Renewals...)

	last := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	for i, s := range r.Seats {
		s.Kind, s.Count, s.Amount, s.When = result.SeatInactive, 1, s.SeatCost, renewal
		if i == 1 {
			s.LastActive = &last
		}
	}
	for _, u := range []string{"carol@acme.example", "dave@acme.example"} {
		r.Seats = append(r.Seats, &result.SeatFact{Kind: result.SeatInactive, Count: 1, Amount: price, When: renewal, Tool: "hubspot",
			ToolName: "HubSpot Marketing Hub", UserID: u, Email: u, LastActive: &last, DaysInactive: ip(80), SeatCost: price})
	}
	r.Seats = append(r.Seats,
		&result.SeatFact{Kind: result.SeatUnassigned, Count: 24, Amount: d("57600"), When: renewal, Tool: "hubspot", ToolName: "HubSpot Marketing Hub", SeatCost: price},
		&result.SeatFact{Kind: result.SeatBuffer, Count: -4, Amount: d("-9600"), When: renewal, Tool: "hubspot", ToolName: "HubSpot Marketing Hub", SeatCost: price},
		&result.SeatFact{Kind: result.SeatContract, Amount: d("3120"), When: hotjarEnd, Tool: "hotjar", ToolName: "Hotjar"})

	r.Actions = []*result.Action{
		{Rank: 1, Kind: result.ActionRightSize, Tools: []string{"hubspot"}, Title: "Right-size HubSpot Marketing Hub to 16 seats",
			Detail: "40 seats bought, 16 assigned, 12 active in 30 days; keep 4 for growth", Amount: d("57600"), ActBy: hubspot.NoticeDeadline,
			Owner: "mops", Evidence: "Usage measured 2026-11-20 (hubspot API)", Rule: "right-size"},
		{Rank: 2, Kind: result.ActionConsolidate, Tools: []string{"hubspot", "mailchimp"}, Title: "Consolidate Mailchimp onto HubSpot Marketing Hub",
			Detail: "Both provide forms, landing-pages", Amount: d("6000"), ActBy: day(2027, 2, 1), Owner: "mops",
			Evidence: "HubSpot Marketing Hub: 12 active; Mailchimp: 2 active", Rule: "redundant-capability"},
		{Rank: 3, Kind: result.ActionCancel, Tools: []string{"hotjar"}, Title: "Cancel Hotjar", Detail: "No activity in 90 days",
			Amount: d("3120"), ActBy: hotjarNotice, Owner: "growth", Evidence: "Usage measured 2026-11-20", Rule: "inactive-tool"},
		{Rank: 4, Kind: result.ActionGiveNotice, Tools: []string{"hubspot"}, Title: "Decide on HubSpot Marketing Hub's renewal",
			Detail: "Auto-renews on 2027-04-01 unless notice is given by 2027-01-01", AtStake: d("96000"), ActBy: hubspot.NoticeDeadline,
			Owner: "mops", Evidence: "Contract end 2027-04-01, 90 days' notice"},
		{Rank: 5, Kind: result.ActionFixDPA, Tools: []string{"hubspot"}, Title: "Sign a DPA with HubSpot",
			Detail: "Stores Contact PII without a DPA", Owner: "mops", Evidence: "flow webflow_to_hubspot", Sensitivity: "personal",
			Rule: "personal-data-without-dpa"},
		{Rank: 6, Kind: result.ActionFixOwnership, Tools: []string{"marketo"}, Title: "Name an owner for Marketo",
			Detail: "Marketo has no owning team", Evidence: "tools/marketo.hcl:1", Rule: "tool-without-owner"},
	}

	r.Summary.Tools = len(r.Tools)
	r.Summary.AnnualSpend = d("132576.5")
	r.Summary.EstimatedWaste = d("60720")
	r.Summary.ConsolidationSavings = d("6000")
	r.Summary.TotalSavings = d("66720")
	r.Summary.UnmeasuredSpend, r.Summary.UnmeasuredTools = d("27456.5"), 1
	r.Summary.RenewalsNext90, r.Summary.NoticeMissed = 2, 1
	r.Spend.ByTeam = []result.SpendLine{{Key: "mops", Name: "Marketing Operations", Tools: 2, Annual: d("102000")},
		{Key: "", Name: "(no owner)", Tools: 1, Annual: d("27456.5")}, {Key: "growth", Name: "Growth", Tools: 1, Annual: d("3120")}}
	r.Spend.ByCategory = []result.SpendLine{{Key: "marketing", Name: "Marketing automation", Tools: 3, Annual: d("129456.5")},
		{Key: "analytics", Name: "Analytics", Tools: 1, Annual: d("3120")}}
	r.Usage = &result.UsageSource{Snapshot: resultfixture.File(".stackaudit/snapshots/2026-11-20.json"), TakenAt: time.Date(2026, 11, 20, 6, 0, 0, 0, time.UTC),
		Kinds: []result.KindStatus{{Kind: "hubspot", OK: 2}, {Kind: "okta", Failed: 1, Carried: 1}}}
}

func workbookOptions() workbook.Options {
	return workbook.Options{Version: "v1.4.0", BaseDir: base}
}

// edgeCases are the bad inputs of issue 4, each a golden dump.
func edgeCases() map[string]func() *result.Result {
	return map[string]func() *result.Result{
		"fixture": workbookFixture,
		"empty": func() *result.Result {
			return &result.Result{Schema: result.Schema, AsOf: "2026-11-20", Organization: result.Organization{Name: "Empty", Currency: "EUR"}}
		},
		"no_cost": func() *result.Result {
			return &result.Result{AsOf: "2026-11-20", Organization: result.Organization{Name: "No cost", Currency: "GBP"},
				Summary: result.Summary{Tools: 1},
				Facts: result.Facts{Tools: []*result.ToolFact{{ID: "slack", Name: "Slack", Vendor: "Salesforce", Status: "active",
					Objectives: []string{}, Capabilities: []string{"team-chat"}, Location: resultfixture.At("tools/slack.hcl", 1, 1, 1, 13)}}},
				Findings: []result.Finding{resultfixture.Finding("missing-cost", result.Low, "Active tool without a cost", "Slack has no cost block",
					resultfixture.At("tools/slack.hcl", 1, 1, 1, 13), resultfixture.Sub("tool", "slack"))},
			}
		},
		"seats_without_usage": func() *result.Result {
			seats := 25
			return &result.Result{AsOf: "2026-11-20", Organization: result.Organization{Name: "Unmeasured", Currency: "USD"},
				Summary: result.Summary{Tools: 1, AnnualSpend: decimal.RequireFromString("12000")},
				Facts: result.Facts{Tools: []*result.ToolFact{{ID: "canva", Name: "Canva", Status: "active", HasCost: true,
					AnnualCost: decimal.RequireFromString("12000"), Seats: &seats, Location: resultfixture.At("tools/canva.hcl", 1, 1, 1, 13)}},
					Seats: []*result.SeatFact{{Tool: "canva", ToolName: "Canva", UserID: "u1", Email: "ghost@acme.example", SeatCost: decimal.RequireFromString("480")}}},
			}
		},
		"non_latin": func() *result.Result {
			util := 0.25
			seats, active := 8, 2
			return &result.Result{AsOf: "2026-11-20", Organization: result.Organization{Name: "株式会社アクメ / شركة أكمي", Currency: "JPY"},
				Summary: result.Summary{Tools: 2, AnnualSpend: decimal.RequireFromString("3600000")},
				Facts: result.Facts{Tools: []*result.ToolFact{
					{ID: "kintone", Name: "キントーン 日本語", Vendor: "サイボウズ", Category: "crm", Status: "active", Owner: "営業",
						HasCost: true, AnnualCost: decimal.RequireFromString("1200000"), Seats: &seats, Active30: &active, Measured: true, Utilization: &util},
					{ID: "zoho", Name: "زوهو العربية", Vendor: "شركة زوهو", Category: "crm", Status: "active",
						HasCost: true, AnnualCost: decimal.RequireFromString("2400000")},
				}, Spend: result.Spend{ByCategory: []result.SpendLine{{Key: "sales", Name: "営業 / المبيعات", Tools: 2, Annual: decimal.RequireFromString("3600000")}}}},
				Findings: []result.Finding{resultfixture.Finding("low-utilization", result.Medium, "Seats go unused", "キントーン: 2 / 8 — استخدام منخفض", result.Location{}, resultfixture.Sub("tool", "kintone"))},
			}
		},
		"max_length": maxLengthResult,
	}
}

// long is a string longer than an Excel cell holds, ending with a marker
// that the truncation must drop.
func long(prefix string) string {
	return prefix + strings.Repeat("x日", 20000) + "END"
}

// maxLengthResult has every string field longer than a cell holds.
func maxLengthResult() *result.Result {
	l := long
	seats, active := 3, 1
	util := 1.0 / 3
	end := time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)
	loc := result.Location{File: resultfixture.File(l("tools/")), Line: 1}
	return &result.Result{AsOf: "2026-11-20", Organization: result.Organization{Name: l("org "), Currency: "USD"},
		Summary: result.Summary{Tools: 1, AnnualSpend: decimal.RequireFromString("999999999.99")},
		Findings: []result.Finding{{Rule: l("rule "), Severity: result.High, Title: l("title "), Message: l("message "),
			Subjects: []result.Subject{{Kind: "tool", ID: l("id ")}}, Location: loc,
			Waiver: &result.AppliedWaiver{ID: l("waiver "), Reason: l("reason "), ApprovedBy: l("approver "), Expires: end}}},
		Facts: result.Facts{
			Tools: []*result.ToolFact{{ID: l("id "), Name: l("name "), Vendor: l("vendor "), Category: l("category "),
				Owner: l("owner "), Objectives: []string{l("objective ")}, Status: l("status "), Capabilities: []string{l("cap ")},
				HasCost: true, AnnualCost: decimal.RequireFromString("999999999.99"), Seats: &seats, Active30: &active, Utilization: &util,
				Measured: true, ContractEnd: &end, Location: loc}},
			Overlaps: []*result.Overlap{{Capabilities: []string{l("cap ")}, Tools: []string{l("id "), l("id2 ")}, Keep: l("id "),
				SharedUsers: []string{l("user ")}}},
			Renewals: []*result.Renewal{{Tool: l("id "), End: end, Action: l("action ")}},
			Gaps:     []*result.Gap{{Kind: l("kind "), Subject: result.Subject{Kind: "tool", ID: l("id ")}, Name: l("name "), Detail: l("detail "), Location: loc}},
			Flows: []*result.FlowFact{{ID: l("flow "), From: l("from "), FromName: l("from name "), To: l("to "), ToName: l("to name "),
				Data: []string{l("data ")}, HighestSensitivity: l("sens "), Owner: l("owner "), Method: l("method "), Frequency: l("freq "),
				Via: l("via "), Gaps: []string{l("gap ")}, Location: loc}},
			Seats: []*result.SeatFact{{Tool: l("id "), ToolName: l("name "), UserID: l("uid "), Email: l("email@")}},
			Spend: result.Spend{ByTeam: []result.SpendLine{{Key: l("team "), Name: l("team name ")}}, ByCategory: []result.SpendLine{{Key: l("cat "), Name: l("cat name ")}},
				ByObjective: []result.SpendLine{{Key: l("obj "), Name: l("obj name ")}}, ByStage: []result.SpendLine{{Key: l("stage "), Name: l("stage ")}},
				ByRenewalQuarter: []result.SpendLine{{Key: l("q "), Name: l("q ")}}},
			Discovered: []*result.DiscoveredItem{{Kind: l("kind "), Source: l("source "), Name: l("name "), Product: l("product "),
				Scopes: []string{l("scope ")}, Repo: l("repo "), Path: l("path "), From: l("from "), To: l("to "), Evidence: l("evidence ")}},
		},
	}
}

// ---- tests ----

// TestWorkbookGolden reads every sheet of each hand-built workbook back
// and compares the dump with testdata/<name>.golden.
func TestWorkbookGolden(t *testing.T) {
	for name, build := range edgeCases() {
		t.Run(name, func(t *testing.T) {
			r := build()
			f, path := writeWorkbook(t, r, workbookOptions())
			want := append([]string{}, sheetNames...)
			if r.Changes != nil {
				want = withChanges()
			}
			assert.Equal(t, want, f.GetSheetList())
			golden(t, name, dumpWorkbook(t, f, path, false))
		})
	}
}

// TestWorkbookLayout checks what the goldens show, on the fixture: bold
// frozen headers, a table on every sheet, numbers as numbers, links,
// totals with their cached values.
func TestWorkbookLayout(t *testing.T) {
	r := workbookFixture()
	f, _ := writeWorkbook(t, r, workbookOptions())
	for _, sheet := range f.GetSheetList() {
		tables, err := f.GetTables(sheet)
		require.NoError(t, err)
		if sheet == "Summary" || sheet == "Charts" {
			// Stacked blocks and charts: no table, no filter.
			assert.Empty(t, tables, sheet)
			continue
		}
		panes, err := f.GetPanes(sheet)
		require.NoError(t, err)
		assert.True(t, panes.Freeze, sheet)
		assert.Equal(t, 1, panes.YSplit, sheet)
		require.Len(t, tables, 1, sheet)
		for _, tb := range tables {
			assert.True(t, strings.HasPrefix(tb.Range, "A1:"), tb.Range)
			// Every table column is named after its header cell.
			first := strings.Split(tb.Range, ":")[0]
			style, err := f.GetCellStyle(sheet, first)
			require.NoError(t, err)
			s, err := f.GetStyle(style)
			require.NoError(t, err)
			require.NotNil(t, s.Font, sheet)
			assert.True(t, s.Font.Bold, "%s %s is bold", sheet, first)
		}
	}
	// Money, percentages and dates are numbers in their formats.
	for cell, want := range map[string]string{"I2": "96000", "L2": "0.3", "O2": "46478", "P2": "46388"} {
		v, err := f.GetCellValue("Tools", cell, excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		assert.Equal(t, want, v, cell)
		typ, err := f.GetCellType("Tools", cell)
		require.NoError(t, err)
		assert.Equal(t, excelize.CellTypeUnset, typ, "%s is a number", cell)
	}
	shown, err := f.GetCellValue("Tools", "I2")
	require.NoError(t, err)
	assert.Equal(t, "USD 96,000.00", shown)
	shown, err = f.GetCellValue("Tools", "P2")
	require.NoError(t, err)
	assert.Equal(t, "2027-01-01", shown)
	// Totals: SUBTOTAL(109) with the Result's figure cached.
	formula, err := f.GetCellFormula("Tools", "I8")
	require.NoError(t, err)
	assert.Equal(t, "SUBTOTAL(109,I2:I7)", formula)
	v, err := f.GetCellValue("Tools", "I8", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	assert.Equal(t, r.Summary.AnnualSpend.String(), v)
	// Links from Findings and Redundancy to the tool's row.
	ok, target, err := f.GetCellHyperLink("Redundancy", "F3") // the kept tool
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "Tools!A2", target)
	rows, err := f.GetRows("Findings")
	require.NoError(t, err)
	linked := 0
	for i, row := range rows[1 : len(rows)-1] {
		cell := fmt.Sprintf("C%d", i+2)
		ok, target, err := f.GetCellHyperLink("Findings", cell)
		require.NoError(t, err)
		if ok {
			linked++
			id := strings.TrimPrefix(strings.Split(row[2], ",")[0], "tool.")
			toolRow, _ := strconv.Atoi(strings.TrimPrefix(target, "Tools!A"))
			got, err := f.GetCellValue("Tools", fmt.Sprintf("A%d", toolRow))
			require.NoError(t, err)
			assert.Equal(t, id, got, "%s links to its tool", cell)
		}
	}
	assert.Equal(t, 7, linked, "findings about declared tools link to them")
}

// TestWorkbookFormulaInjection: a string that looks like a formula is a
// string cell, shown as written, wherever it comes from.
func TestWorkbookFormulaInjection(t *testing.T) {
	for _, evil := range []string{`=HYPERLINK("http://x","click")`, "+1-555", "-2+3", "@SUM(A1)", "=1+1", "=cmd|' /C calc'!A0", "\t=1+1", "0x1F", "1e3", "TRUE"} {
		t.Run(evil, func(t *testing.T) {
			r := workbookFixture()
			r.Organization.Name = evil
			r.Tools[0].Name, r.Tools[0].Vendor, r.Tools[0].Owner = evil, evil, evil
			r.Findings[0].Message = evil
			r.Seats[0].Email = evil
			r.Flows[0].Method = evil
			r.Discovered[0].Evidence = evil
			r.Gaps[0].Detail = evil
			r.Renewals[0].Action = evil
			r.Spend.ByTeam[0].Name = evil
			f, _ := writeWorkbook(t, r, workbookOptions())
			found := 0
			for _, sheet := range f.GetSheetList() {
				rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
				require.NoError(t, err)
				for ri, row := range rows {
					for ci, v := range row {
						if v != evil {
							continue
						}
						found++
						cell, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
						formula, err := f.GetCellFormula(sheet, cell)
						require.NoError(t, err)
						assert.Empty(t, formula, "%s!%s is no formula", sheet, cell)
						typ, err := f.GetCellType(sheet, cell)
						require.NoError(t, err)
						assert.Contains(t, []excelize.CellType{excelize.CellTypeInlineString, excelize.CellTypeSharedString}, typ, "%s!%s is a string", sheet, cell)
					}
				}
			}
			assert.GreaterOrEqual(t, found, 11, "the value appears on every sheet it was put on")
		})
	}
}

// TestWorkbookDeterministic: the same Result gives the same cells, style
// ids, formulas and properties; the order of the findings in the Result
// does not matter.
func TestWorkbookDeterministic(t *testing.T) {
	f1, p1 := writeWorkbook(t, workbookFixture(), workbookOptions())
	f2, p2 := writeWorkbook(t, workbookFixture(), workbookOptions())
	reversed := workbookFixture()
	for i, j := 0, len(reversed.Findings)-1; i < j; i, j = i+1, j-1 {
		reversed.Findings[i], reversed.Findings[j] = reversed.Findings[j], reversed.Findings[i]
	}
	f3, p3 := writeWorkbook(t, reversed, workbookOptions())
	d1 := dumpWorkbook(t, f1, p1, true)
	assert.Equal(t, d1, dumpWorkbook(t, f2, p2, true))
	assert.Equal(t, d1, dumpWorkbook(t, f3, p3, true))
	// Every part of the package has the same bytes, but for the order of
	// the zip's entries and of the default content types, which excelize
	// writes from maps.
	parts1, parts2 := zipParts(t, p1), zipParts(t, p2)
	assert.Equal(t, len(parts1), len(parts2))
	for name, data := range parts1 {
		assert.True(t, data == parts2[name], "part %s differs", name)
	}
	assert.Contains(t, d1, "created: 2026-11-20T00:00:00Z\nmodified: 2026-11-20T00:00:00Z\n")
}

var contentDefault = regexp.MustCompile(`<Default [^>]*></Default>`)

func zipParts(t *testing.T, path string) map[string]string {
	t.Helper()
	z, err := zip.OpenReader(path)
	require.NoError(t, err)
	defer z.Close()
	out := map[string]string{}
	for _, zf := range z.File {
		rc, err := zf.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(rc)
		require.NoError(t, err)
		rc.Close()
		out[zf.Name] = string(data)
		if zf.Name == "[Content_Types].xml" {
			defaults := contentDefault.FindAllString(out[zf.Name], -1)
			sort.Strings(defaults)
			out[zf.Name] = contentDefault.ReplaceAllString(out[zf.Name], "") + strings.Join(defaults, "")
		}
		assert.True(t, zf.Modified.IsZero() || zf.Modified.Year() <= 1980, "%s carries no write time: %v", zf.Name, zf.Modified)
	}
	return out
}

// TestWorkbookTruncatesLongCells: text past Excel's limit is cut with "…"
// and the Summary says how many cells were cut.
func TestWorkbookTruncatesLongCells(t *testing.T) {
	f, _ := writeWorkbook(t, maxLengthResult(), workbookOptions())
	cut := 0
	for _, sheet := range f.GetSheetList()[1:] { // the Summary's notes end with "…"
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		for _, row := range rows {
			for _, v := range row {
				units := len(utf16.Encode([]rune(v)))
				require.LessOrEqual(t, units, excelize.TotalCellChars)
				if strings.HasSuffix(v, "…") {
					cut++
					assert.Equal(t, excelize.TotalCellChars, units, "cut to the limit exactly")
					assert.NotContains(t, v, "END")
				}
			}
		}
	}
	assert.Greater(t, cut, 50)
	rows, err := f.GetRows("Summary")
	require.NoError(t, err)
	var notes []string
	for _, row := range rows {
		if len(row) > 1 && row[0] == "Note" {
			notes = append(notes, row[1])
		}
	}
	require.NotEmpty(t, notes)
	assert.Contains(t, strings.Join(notes, "\n"), "cells were longer than Excel's limit of 32,767 characters")
}

// TestWorkbookRedaction: --redact-users hides every email and vendor user
// id of the Seats sheet (and the shared users of overlaps) behind keyed
// pseudonyms: stable across workbooks with a key, within one workbook
// without (and the Summary says so), and never an unkeyed hash that a
// guessed email would reverse.
func TestWorkbookRedaction(t *testing.T) {
	emails := regexp.MustCompile(`[\w.+-]+@[\w-]+\.[\w.]+`)
	sheetText := func(f *excelize.File, sheet string) string {
		rows, err := f.GetRows(sheet)
		require.NoError(t, err)
		var b strings.Builder
		for _, row := range rows {
			b.WriteString(strings.Join(row, "\t") + "\n")
		}
		return b.String()
	}
	o := workbookOptions()
	plain, _ := writeWorkbook(t, workbookFixture(), o)
	assert.Contains(t, sheetText(plain, "Seats"), "Never.Active@Acme.example")
	assert.Contains(t, sheetText(plain, "Seats"), "bob@acme.example")
	assert.Contains(t, sheetText(plain, "Redundancy"), "alice@acme.example, bob@acme.example")

	key, err := usage.NewPseudonymizer([]byte("0123456789abcdef-workbook-key"))
	require.NoError(t, err)
	o.RedactUsers, o.Pseudonymizer = true, key
	red, _ := writeWorkbook(t, workbookFixture(), o)
	seats := sheetText(red, "Seats")
	assert.Empty(t, emails.FindAllString(seats, -1), seats)
	assert.NotContains(t, seats, sha10("bob@acme.example"), "an unkeyed hash of the email")
	shared, err := red.GetCellValue("Redundancy", "K2")
	require.NoError(t, err)
	assert.Equal(t, key.Email("alice@acme.example")+", "+key.Email("bob@acme.example"), shared)
	assert.Contains(t, seats, key.Email("never.active@acme.example"))
	assert.Contains(t, seats, key.Email("bob@acme.example"))
	assert.Contains(t, sheetText(red, "Redundancy"), key.Email("bob@acme.example"))
	for _, s := range workbookFixture().Seats {
		if s.UserID != "" {
			assert.NotContains(t, seats, "\t"+s.UserID+"\t", "vendor user id %q", s.UserID)
			assert.Contains(t, seats, key.ID(s.UserID))
		}
	}
	again, _ := writeWorkbook(t, workbookFixture(), o)
	assert.Equal(t, seats, sheetText(again, "Seats"), "the same key gives the same pseudonyms")
	assert.NotContains(t, sheetText(red, "Summary"), "random key")

	// Without a key: a random one per workbook, and the Summary says so.
	o.Pseudonymizer = nil
	r1, _ := writeWorkbook(t, workbookFixture(), o)
	r2, _ := writeWorkbook(t, workbookFixture(), o)
	assert.Empty(t, emails.FindAllString(sheetText(r1, "Seats"), -1))
	assert.NotEqual(t, sheetText(r1, "Seats"), sheetText(r2, "Seats"))
	assert.Contains(t, sheetText(r1, "Summary"), "random key made for this workbook")
}

// TestWorkbookBadPaths: a folder that does not exist, or a file where a
// folder should be, is an error naming it; nothing is created.
func TestWorkbookBadPaths(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "no", "such", "folder")
	err := workbook.Write(filepath.Join(missing, "audit.xlsx"), workbookFixture(), workbookOptions())
	require.Error(t, err)
	assert.Contains(t, err.Error(), missing)
	assert.Contains(t, err.Error(), "does not exist")

	notDir := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(notDir, []byte("x"), 0o644))
	err = workbook.Write(filepath.Join(notDir, "audit.xlsx"), workbookFixture(), workbookOptions())
	require.Error(t, err)
	assert.Contains(t, err.Error(), notDir)

	err = workbook.Write(dir, workbookFixture(), workbookOptions())
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is a folder")

	if os.Geteuid() != 0 { // root writes anywhere
		ro := filepath.Join(dir, "ro")
		require.NoError(t, os.Mkdir(ro, 0o555))
		err = workbook.Write(filepath.Join(ro, "audit.xlsx"), workbookFixture(), workbookOptions())
		require.Error(t, err)
		assert.Contains(t, err.Error(), ro)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1+boolInt(os.Geteuid() != 0), "nothing but what the test made")
}

func sha10(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:10]
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestWorkbookReplacesAtomically: writing over an existing workbook
// replaces it and leaves no temp file.
func TestWorkbookReplacesAtomically(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "audit.xlsx")
	require.NoError(t, os.WriteFile(path, []byte("previous"), 0o640))
	require.NoError(t, workbook.Write(path, workbookFixture(), workbookOptions()))
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), fi.Mode().Perm(), "keeps the permissions of the file it replaces")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1)
	f, err := excelize.OpenFile(path)
	require.NoError(t, err)
	defer f.Close()
	assert.Equal(t, withChanges(), f.GetSheetList())
}

// TestWorkbookManyFindings: 100,000 findings fit on one sheet with their
// totals; a sheet never passes Excel's row limit.
func TestWorkbookManyFindings(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100,000 rows")
	}
	r := workbookFixture()
	r.Changes = nil
	var fs []result.Finding
	for i := range 100000 {
		fs = append(fs, resultfixture.Finding("inactive-user", result.Low, "User inactive", fmt.Sprintf("user %d is inactive", i),
			resultfixture.At("tools/hubspot.hcl", 1, 1, 1, 2), resultfixture.Sub("tool", "hubspot"), resultfixture.Sub("user", strconv.Itoa(i))))
	}
	r.Findings = fs
	f, path := writeWorkbook(t, r, workbookOptions())
	assert.Equal(t, sheetNames, f.GetSheetList(), "no split needed")
	// Read the sheet's XML: excelize's getters would load all of it, which
	// is slow under the race detector.
	sheet := sheetXML(t, path, "Findings")
	rows := strings.Count(sheet, "<row ")
	assert.Equal(t, 100000+2, rows, "header, every finding, totals")
	assert.LessOrEqual(t, rows, excelize.TotalRows)
	assert.Equal(t, 100000, strings.Count(sheet, " is inactive</t>"), "every finding's message")
	for _, i := range []int{0, 1, 50000, 99999} {
		assert.Contains(t, sheet, fmt.Sprintf("<t>user %d is inactive</t>", i))
	}
	assert.Contains(t, sheet, `<row r="100002"><c r="A100002" s="`)
	assert.Contains(t, sheet, `<f>SUBTOTAL(103,A2:A100001)</f><v>100000</v>`)
	// Links stop at the cap, and the Summary says so.
	assert.Equal(t, 10000, strings.Count(sheet, "<hyperlink "))
	assert.Contains(t, sheet, `<hyperlink ref="C10001" location="Tools!A2">`)
	assert.NotContains(t, sheet, `<hyperlink ref="C10002"`)
	summary, err := f.GetRows("Summary")
	require.NoError(t, err)
	assert.Contains(t, fmt.Sprint(summary), "Findings: links to the Tools sheet on the first 10,000 rows only (90,000 more rows have none)")
}

// sheetXML is the XML of a sheet, read from the package.
func sheetXML(t *testing.T, path, sheet string) string {
	t.Helper()
	z, err := zip.OpenReader(path)
	require.NoError(t, err)
	defer z.Close()
	read := func(name string) string {
		rc, err := z.Open(name)
		require.NoError(t, err, name)
		defer rc.Close()
		data, err := io.ReadAll(rc)
		require.NoError(t, err)
		return string(data)
	}
	m := regexp.MustCompile(`<sheet name="` + regexp.QuoteMeta(sheet) + `" sheetId="\d+" r:id="(rId\d+)"`).FindStringSubmatch(read("xl/workbook.xml"))
	require.NotNil(t, m, sheet)
	target := regexp.MustCompile(`Id="` + m[1] + `" Target="([^"]+)"`).FindStringSubmatch(read("xl/_rels/workbook.xml.rels"))
	require.NotNil(t, target, m[1])
	return read("xl/" + strings.TrimPrefix(target[1], "/xl/"))
}

// ---- the real pipeline ----

// TestWorkbookAcme writes the workbook of examples/acme. Its facts grow as
// the policies package does, so the assertions hold for any Result; the
// golden shows the current one (review its diff and -update).
func TestWorkbookAcme(t *testing.T) {
	res := acmeCheckResult(t)
	f, path := writeWorkbook(t, res, workbook.Options{Version: "dev", BaseDir: ".."})
	assert.Equal(t, sheetNames, f.GetSheetList())
	headers := map[string][]string{
		"Actions":        {"Rank", "Decision", "Action", "Annual saving", "Cost at stake", "Act by", "Days left", "Owner", "Tools", "Detail", "Evidence", "Sensitivity", "Finding", "Status"},
		"Tools":          {"ID", "Name", "Vendor", "Category", "Capabilities", "Owner", "Objectives", "Status", "Annual cost", "Seats", "Active 30d", "Utilization", "Cost per active user", "Estimated waste", "Contract end", "Notice deadline", "Auto-renew", "DPA", "SSO", "File:line", "Usage counts"},
		"Redundancy":     {"Capabilities", "Tools", "Tool IDs", "Combined cost", "Decision", "Keep", "Drop", "Estimated saving", "Counted saving", "Shared users", "Shared user emails", "Waiver"},
		"Renewals":       {"Tool", "Name", "Owner", "Contract end", "Auto-renew", "Notice days", "Notice deadline", "Days to notice deadline", "Days to end", "State", "Annual cost", "Utilization", "Recommended action"},
		"Seats":          {"Tool", "Tool name", "Kind", "User ID", "User", "Last active", "Days inactive", "Seats", "Seat cost", "Amount", "Realisable on"},
		"Data flows":     {"Flow", "From", "From name", "To", "To name", "Data classes", "Highest sensitivity", "Owner", "Method", "Frequency", "Via", "Gaps", "File:line"},
		"Ownership gaps": {"Kind", "Subject", "Name", "Detail", "File:line"},
		"Findings":       {"Rule", "Severity", "Subject", "Title", "Message", "File:line", "Waived", "Waiver", "Waiver reason", "Approved by", "Expires"},
		"Discovered":     {"Kind", "Source", "Name", "Product", "Users", "Estimated annual spend", "List price (source, date)", "Spend feed, annualised", "Scopes", "Repository", "Path", "From", "To", "Evidence"},
	}
	counts := map[string]int{"Actions": len(res.Actions), "Tools": len(res.Tools), "Redundancy": len(res.Overlaps), "Renewals": len(res.Renewals), "Seats": len(res.Seats),
		"Data flows": len(res.Flows), "Ownership gaps": len(res.Gaps), "Findings": len(res.Findings), "Discovered": len(res.Discovered)}
	for sheet, want := range headers {
		rows, err := f.GetRows(sheet)
		require.NoError(t, err)
		require.NotEmpty(t, rows, sheet)
		assert.Equal(t, want, rows[0], sheet)
		assert.Len(t, rows, max(1, counts[sheet])+2, "%s: header, a row per fact, totals", sheet)
		assert.Equal(t, "Total", rows[len(rows)-1][0], sheet)
	}
	assert.Greater(t, len(res.Tools), 20, "acme declares its stack")
	assert.NotEmpty(t, res.Findings)
	// Totals hold the Result's figures.
	last := len(res.Tools) + 2
	for col, want := range map[string]decimal.Decimal{"I": res.Summary.AnnualSpend, "N": res.Summary.EstimatedWaste} {
		v, err := f.GetCellValue("Tools", fmt.Sprintf("%s%d", col, last), excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		got, err := decimal.NewFromString(v)
		require.NoError(t, err)
		assert.True(t, got.Equal(want), "Tools!%s%d = %s, want %s", col, last, got, want)
	}
	charts := dumpCharts(t, path)
	assert.Contains(t, charts, "Findings by severity")
	if len(res.Spend.ByCategory) > 0 {
		assert.Contains(t, charts, "Annual spend by category")
	}
	golden(t, "acme", dumpWorkbook(t, f, path, false))
}

// BenchmarkWorkbook writes the workbook of the synthetic 10,000 tools /
// 100,000 flows inventory (loaded and evaluated outside the timer).
func BenchmarkWorkbook(b *testing.B) {
	inv := synthtest.Inventory(b, synth.Size{Tools: 10000, Flows: 100000, Teams: 500, Files: 100})
	// With usage: the Seats and Actions sheets are as large as a real
	// stack's (every idle user a row).
	res, pdiags := policies.Evaluate(inv, synthSnapshot(inv, 10000), policies.Options{AsOf: asOf})
	require.False(b, pdiags.HasErrors(), pdiags.Error())
	out := filepath.Join(b.TempDir(), "synthetic.xlsx")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := workbook.Write(out, res, workbook.Options{Version: "bench", BaseDir: inv.Dir}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if fi, err := os.Stat(out); err == nil {
		b.ReportMetric(float64(fi.Size()), "file-bytes")
	}
	b.ReportMetric(float64(len(res.Seats)), "seat-rows")
	b.ReportMetric(float64(len(res.Actions)), "actions")
}

// TestWorkbookUsageCounts: the Tools sheet says what a tool's numbers
// count where it is not paid seats used in the tool (before, the
// snapshot's unit, seats_count and activity_source were dropped).
func TestWorkbookUsageCounts(t *testing.T) {
	r := workbookFixture()
	require.GreaterOrEqual(t, len(r.Tools), 3)
	n := func(v int) *int { return &v }
	r.Tools[0].Unit, r.Tools[0].Contacts, r.Tools[0].ContactLimit = "contacts", n(12000), n(15000)
	r.Tools[1].SeatsCount = "users"
	r.Tools[2].ActivitySource = "account_wide"
	f, _ := writeWorkbook(t, r, workbookOptions())
	rows, err := f.GetRows("Tools")
	require.NoError(t, err)
	col := slices.Index(rows[0], "Usage counts")
	require.GreaterOrEqual(t, col, 0, "the Tools sheet has the column")
	got := map[string]string{}
	for _, row := range rows[1:] {
		if len(row) > col && row[col] != "" {
			got[row[0]] = row[col]
		}
	}
	assert.Equal(t, map[string]string{
		r.Tools[0].ID: "contacts, not seats: 12,000 stored of the plan's 15,000",
		r.Tools[1].ID: "assigned counts users, not paid seats",
		r.Tools[2].ID: "activity is the last account-wide sign-in to the identity provider, not to the app",
	}, got)
}
