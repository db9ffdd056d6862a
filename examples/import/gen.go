//go:build ignore

// gen writes stack.xlsx, the messy stack spreadsheet of
// docs/getting-started.md, as marketing operations keep one: a merged title
// and merged group headings above the header, a department merged down
// several rows, currency symbols and monthly amounts, dates as text and as
// date cells, blank rows, a duplicate vendor, a tool listed twice, tools the
// catalog does not know, and a totals row with a formula.
//
//	go run examples/import/gen.go
package main

import (
	"log"
	"time"

	"github.com/xuri/excelize/v2"
)

func main() {
	f := excelize.NewFile()
	defer f.Close()
	const sh = "Stack"
	must(f.SetSheetName("Sheet1", sh))
	set := func(cell string, v any) {
		must(f.SetCellValue(sh, cell, v))
	}
	merge := func(a, b string) {
		must(f.MergeCell(sh, a, b))
	}
	set("A1", "ACME Marketing Stack — FY2026 (maintained by Marketing Ops, do not sort)")
	merge("A1", "N1")
	for _, g := range [][3]string{{"A2", "C2", "Tool"}, {"D2", "E2", "Ownership"}, {"F2", "H2", "Money"}, {"I2", "L2", "Contract"}} {
		set(g[0], g[2])
		merge(g[0], g[1])
	}
	headers := []string{"Tool", "Vendor", "Website", "Business Owner", "Department", "Annual Cost", "Monthly cost", "Licenses", "Contract Start", "Renewal Date", "Auto-Renew?", "Notice Period", "Category", "Notes"}
	for i, h := range headers {
		c, _ := excelize.CoordinatesToCellName(i+1, 3)
		set(c, h)
	}
	d := func(y, m, day int) time.Time { return time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC) }
	rows := [][]any{
		{"HubSpot Marketing Hub", "HubSpot", "hubspot.com", "dana.kim@acme.example", "Marketing Ops", "$96,000", nil, 40, d(2025, 4, 1), d(2026, 4, 1), "Yes", "90 days", "Marketing Automation", "Enterprise tier, renegotiate"},
		{"HubSpot Sales Hub", "HubSpot", "", "tom.becker@acme.example", "Sales", nil, "$2,250", 25, "2025-07-01", "2026-06-30", "yes", "60", "CRM", ""},
		{"Salesforce Sales Cloud", "Salesforce", "salesforce.com", "tom.becker@acme.example", "Sales", 186000, nil, 120, "07/01/2025", "06/30/2026", "Y", "90", "", "system of record"},
		{"Marketo", "Adobe", "", "Dana Kim", "Marketing Ops", "USD 64,000", nil, 12, nil, "03/04/2026", "no", "", "", "being replaced by HubSpot"},
		{"Zoom", "Zoom", "zoom.us", "it@acme.example", "IT", "$14,400", nil, 80, "2025-02-01", "2026-01-31", "yes", "30 days", "Collaboration", ""},
		{},
		{"Slack", "Slack", "slack.com", "it@acme.example", "IT", "$52,800", nil, 400, "2025-05-01", "2026-04-30", "yes", "30", "", ""},
		{"Google Ads", "Google", "ads.google.com", "luis.ortega@acme.example", "Demand Gen", "n/a", nil, nil, nil, nil, "", "", "Advertising", "billed on media spend"},
		{"LinkedIn Ads", "LinkedIn", "", "luis.ortega@acme.example", "", "$0", nil, nil, nil, nil, "", "", "Paid Social", "media spend only"},
		{"6sense", "6sense", "6sense.com", "luis.ortega@acme.example", "", "$72,000", nil, 10, "2025-10-01", "2026-09-30", "yes", "3 months", "ABM", ""},
		{"Demandbase", "Demandbase", "", "", "", "€48.000,00", nil, 8, "01.10.2025", "30.09.2026", "ja", "", "ABM", "EMEA team only"},
		{"Semrush", "Semrush", "semrush.com", "ben.adler@acme.example", "Content", "$499.95/mo", nil, 5, "2025-01-15", "2026-01-14", "yes", "", "SEO", ""},
		{"Ahrefs", "Ahrefs", "", "ben.adler@acme.example", "Content", nil, 399, 3, nil, "TBD", "", "", "SEO", "overlaps Semrush?"},
		{"Contentful", "Contentful", "contentful.com", "ben.adler@acme.example", "Content", "$60,000", nil, 20, "2025-03-01", "2026-02-28", "yes", "60 days", "CMS", ""},
		{"Webflow", "Webflow", "webflow.com", "ben.adler@acme.example", "Content", nil, "1.2k/mo", nil, "2025-06-01", "2026-05-31", "no", "30", "Website", "marketing site"},
		{"Canva", "Canva", "canva.com", "Priya Shah", "Brand", "$3,600", nil, 30, "2025-08-01", "2026-07-31", "yes", "", "Design", ""},
		{"Figma", "Figma", "figma.com", "Priya Shah", "Brand", "$13,500", nil, 15, "2025-09-01", "2026-08-31", "yes", "30", "Design", ""},
		{"Adobe Creative Cloud", "Adobe", "adobe.com", "Priya Shah", "Brand", "$21,000", nil, 25, "2025-11-01", "2026-10-31", "yes", "30", "Design", "duplicate vendor: also Marketo"},
		{"Brandly AI", "Brandly", "brandly.example", "Priya Shah", "Brand", "£9,600", nil, 4, "2025-12-01", "2026-11-30", "", "", "Design", "pilot, not in any catalog"},
		{"Gong", "Gong", "gong.io", "tom.becker@acme.example", "Sales", "$115,200", nil, 60, "2025-04-15", "2026-04-14", "yes", "60", "", ""},
		{"Outreach", "Outreach", "outreach.io", "tom.becker@acme.example", "Sales", "$84,000", nil, 70, "2025-02-01", "2027-01-31", "yes", "90", "", ""},
		{"Salesloft", "Salesloft", "", "tom.becker@acme.example", "Sales", "$30,000", nil, 25, "2025-06-01", "2026-05-31", "no", "", "", "trial from SDR team; retiring"},
		{"ZoomInfo", "ZoomInfo", "zoominfo.com", "tom.becker@acme.example", "Sales", "$45,000", nil, 15, "2025-03-01", "2026-02-28", "yes", "60", "", ""},
		{"Clearbit", "HubSpot", "clearbit.com", "dana.kim@acme.example", "Marketing Ops", "$12,000", nil, nil, "2025-05-01", "2026-04-30", "yes", "30", "Enrichment", ""},
		{},
		{"Segment", "Twilio", "segment.com", "mei.lin@acme.example", "Data", "$120,000", nil, nil, "2025-01-01", "2025-12-31", "yes", "90", "CDP", ""},
		{"Snowflake", "Snowflake", "snowflake.com", "mei.lin@acme.example", "Data", "$150,000", nil, nil, "2025-02-01", "2026-01-31", "no", "", "", "consumption contract"},
		{"Fivetran", "Fivetran", "fivetran.com", "mei.lin@acme.example", "Data", "$36,000", nil, nil, "2025-04-01", "2026-03-31", "yes", "30", "", ""},
		{"Looker", "Google", "looker.com", "mei.lin@acme.example", "Data", "$66,000", nil, 50, "2025-07-01", "2026-06-30", "yes", "60", "BI", ""},
		{"Tableau", "Salesforce", "tableau.com", "mei.lin@acme.example", "Data", "$25,200", nil, 12, "2025-09-01", "2026-08-31", "yes", "60", "BI", "finance still uses it"},
		{"Google Analytics 4", "Google", "analytics.google.com", "mei.lin@acme.example", "Data", "free", nil, nil, nil, nil, "", "", "Web analytics", ""},
		{"Hotjar", "Hotjar", "hotjar.com", "ben.adler@acme.example", "Content", "$2,400", nil, 10, "2025-10-01", "2026-09-30", "yes", "", "", ""},
		{"Zapier", "Zapier", "zapier.com", "dana.kim@acme.example", "Marketing Ops", "$7,188", nil, nil, "2025-01-10", "2026-01-09", "yes", "", "Integration", ""},
		{"ON24", "ON24", "on24.com", "sofia.rossi@acme.example", "Field & Events", "$42,000", nil, 5, "2025-05-01", "2026-04-30", "yes", "60", "Webinars", ""},
		{"Cvent", "Cvent", "cvent.com", "sofia.rossi@acme.example", "Field & Events", "ask finance", nil, 6, "2025-03-01", "2026-02-28", "yes", "", "Events", ""},
		{"Sprout Social", "Sprout Social", "sproutsocial.com", "Jamie Fox", "Social", "$11,988", nil, 6, "2025-08-15", "2026-08-14", "yes", "30", "Social", ""},
		{"Hootsuite (legacy)", "Hootsuite", "", "Jamie Fox", "Social", "$1,188", nil, 2, "2024-08-15", "2025-08-14", "no", "", "Social", "cancelled?"},
		{"Intercom", "Intercom", "intercom.com", "nina.patel@acme.example", "Product Marketing", "$27,600", nil, 12, "2025-06-01", "2026-05-31", "yes", "30", "Chat", ""},
		{"Typeform", "Typeform", "typeform.com", "nina.patel@acme.example", "Product Marketing", "$1,068", nil, 3, "2025-02-01", "2026-01-31", "yes", "", "Surveys", ""},
		{"Asana", "Asana", "asana.com", "dana.kim@acme.example", "Marketing Ops", "$16,200", nil, 60, "2025-04-01", "2026-03-31", "yes", "30", "Project management", ""},
		{"Monday.com", "monday.com", "monday.com", "sofia.rossi@acme.example", "Field & Events", "$4,320", nil, 10, "2025-09-01", "2026-08-31", "no", "", "Project management", "events team board"},
		{"Zoom", "Zoom", "zoom.us", "it@acme.example", "IT", "$14,400", nil, 80, "2025-02-01", "2026-01-31", "yes", "30 days", "Collaboration", "listed twice"},
		{"Slack", "Slack", "slack.com", "sofia.rossi@acme.example", "Field & Events", "$1,584", nil, 12, "2025-05-01", "2026-04-30", "yes", "30", "", "separate workspace for events"},
		{"Acme Partner Portal", "", "", "dana.kim@acme.example", "Marketing Ops", "$18,000", nil, nil, "2025-01-01", "2025-12-31", "", "", "", "built by an agency"},
		{"", "", "", "dana.kim@acme.example", "Marketing Ops", "$2,000", nil, nil, nil, nil, "", "", "", "what was this?"},
		{"OneTrust", "OneTrust", "onetrust.com", "legal@acme.example", "Legal", "$30,000", nil, nil, "2025-11-01", "2026-10-31", "yes", "90", "Privacy", ""},
	}
	for i, r := range rows {
		for j, v := range r {
			if v == nil || v == "" {
				continue
			}
			c, _ := excelize.CoordinatesToCellName(j+1, i+4)
			set(c, v)
		}
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		log.Fatal(err)
	}
	must(f.SetCellStyle(sh, "I4", "J4", dateStyle))
	// A formula with its cached value, as Excel saves one: the import
	// reads the value.
	set("F16", 4788)
	must(f.SetCellFormula(sh, "F16", "G16*12"))
	// The department of the first rows is merged down, as people do.
	merge("E5", "E6")
	last := len(rows) + 4
	set("A"+itoa(last), "Total")
	must(f.SetCellFormula(sh, "F"+itoa(last), "SUM(F4:F"+itoa(last-1)+")"))
	if _, err := f.NewSheet("Notes"); err != nil {
		log.Fatal(err)
	}
	must(f.SetCellValue("Notes", "A1", "Ask finance for the Cvent contract."))
	must(f.SaveAs("examples/import/stack.xlsx"))
}

// must stops the generator at the first excelize error: a half-written
// workbook is of no use, so every call is checked the same way.
func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}
