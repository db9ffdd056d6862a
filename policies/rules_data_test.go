package policies_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
)

// dataRuleCase is one table case of a rule test, shared by the data,
// alignment, discovery and waiver tests: an inventory (main.hcl), an
// optional snapshot, and the findings the rule must report, by line and
// then by subjects. No want means the rule stays silent.
type dataRuleCase struct {
	name     string
	hcl      string
	snapshot string
	want     []dataWant
}

// dataWant is one expected finding: its subjects (comma-joined, as
// subjectsOf prints them), a text that occurs on exactly one line of
// main.hcl where the finding must point ("" for a finding without a
// location), and parts its message must contain.
type dataWant struct {
	subjects string
	line     string
	msg      []string
}

// dataRunCases evaluates each case and compares the findings of rule.
func dataRunCases(t *testing.T, rule string, cases []dataRuleCase) {
	t.Helper()
	r := policies.Lookup(rule)
	require.NotNil(t, r, rule)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			inv := loadInventory(t, map[string]string{"main.hcl": tc.hcl})
			var res *result.Result
			if tc.snapshot != "" {
				res = evaluate(t, inv, snapshotJSON(t, tc.snapshot))
			} else {
				res = evaluate(t, inv, nil)
			}
			// Findings at one line are in fingerprint order: compare them
			// in subject order.
			got := findingsOf(res, rule)
			sort.SliceStable(got, func(i, j int) bool {
				if got[i].Location.Line != got[j].Location.Line {
					return got[i].Location.Line < got[j].Location.Line
				}
				return subjectsOf(got[i : i+1])[0] < subjectsOf(got[j : j+1])[0]
			})
			var wantSubjects []string
			for _, w := range tc.want {
				wantSubjects = append(wantSubjects, w.subjects)
			}
			require.Equal(t, wantSubjects, subjectsOf(got), "subjects of %s findings", rule)
			for i, w := range tc.want {
				f := got[i]
				assert.Equal(t, r.DefaultSeverity, f.Severity, "severity")
				assert.Equal(t, r.Title, f.Title, "title")
				if w.line == "" {
					assert.Equal(t, 0, f.Location.Line, "a finding about the inventory as a whole has no line")
					assert.Empty(t, f.Location.File)
				} else {
					assert.True(t, strings.HasSuffix(f.Location.File, "main.hcl"), "file %q", f.Location.File)
					assert.Equal(t, dataLineOf(t, tc.hcl, w.line), f.Location.Line, "line of %q", w.line)
				}
				for _, part := range w.msg {
					assert.Contains(t, f.Message, part)
				}
			}
		})
	}
}

// dataLineOf is the 1-based line of src that contains text; text must
// occur on exactly one line.
func dataLineOf(t *testing.T, src, text string) int {
	t.Helper()
	line := 0
	for i, l := range strings.Split(src, "\n") {
		if strings.Contains(l, text) {
			require.Zero(t, line, "%q occurs on more than one line", text)
			line = i + 1
		}
	}
	require.NotZero(t, line, "%q occurs on no line", text)
	return line
}

// dataClasses are the data classes and teams the data tests share.
const dataClasses = `
team "privacy" {
  lead = "privacy@acme.example"
}

team "northwind" {
  name = "Northwind Digital"
  lead = "priya@northwind.example"
  kind = "agency"
}

team "vendor_team" {
  lead = "ops@vendor.example"
  kind = "vendor"
}

data_class "contact_pii" {
  name        = "Contact PII"
  sensitivity = "personal"
  steward     = team.privacy
}

data_class "payment_data" {
  name        = "Payment data"
  sensitivity = "sensitive"
  steward     = team.privacy
}

data_class "lead_score" {
  name        = "Lead scores"
  sensitivity = "internal"
  steward     = team.privacy
}
`

func TestDataPersonalDataWithoutDPA(t *testing.T) {
	salesforce := `
tool "salesforce" {
  category = "crm"
  stores   = [data_class.lead_score]
  contract {
    dpa = true
  }
}
`
	dataRunCases(t, "personal-data-without-dpa", []dataRuleCase{
		{
			name: "stores personal data with dpa = false",
			hcl: dataClasses + `
tool "cvent" {
  name     = "Cvent"
  category = "events-webinars"
  stores   = [data_class.contact_pii, data_class.lead_score]
  contract {
    dpa = false
  }
}
`,
			want: []dataWant{{"tool.cvent", "dpa = false", []string{"Cvent", "Contact PII (personal)", "dpa = false"}}},
		},
		{
			name: "stores personal data, contract without dpa",
			hcl: dataClasses + `
tool "zoominfo" {
  category = "audience-data"
  stores   = [data_class.contact_pii]
  contract {
    auto_renew = true
  }
}
`,
			want: []dataWant{{"tool.zoominfo", "stores   = [data_class.contact_pii]", []string{"does not set dpa", "Contact PII"}}},
		},
		{
			name: "stores sensitive data, no contract",
			hcl: dataClasses + `
tool "partnerstack" {
  category = "channel-partner-local"
  stores   = [data_class.payment_data]
}
`,
			want: []dataWant{{"tool.partnerstack", "stores   = [data_class.payment_data]", []string{"no contract block", "Payment data (sensitive)"}}},
		},
		{
			name: "receives personal data through a flow only",
			hcl: dataClasses + salesforce + `
tool "chili_piper" {
  name     = "Chili Piper"
  category = "sales-automation"
  contract {
    dpa = false
  }
}
` + flow("salesforce_to_chili_piper", "salesforce", "chili_piper", "contact_pii", "lead_score"),
			want: []dataWant{{"tool.chili_piper", "to   = tool.chili_piper", []string{"Chili Piper", "flow salesforce_to_chili_piper", "Contact PII (personal)"}}},
		},
		{
			name: "stores and receives: one finding naming both",
			hcl: dataClasses + salesforce + `
tool "lob" {
  category = "direct-mail"
  stores   = [data_class.payment_data]
}
` + flow("a_to_lob", "salesforce", "lob", "contact_pii") +
				flow("b_to_lob", "salesforce", "lob", "contact_pii"),
			want: []dataWant{{"tool.lob", "stores   = [data_class.payment_data]", []string{"stores Payment data (sensitive)", "flows a_to_lob", "b_to_lob"}}},
		},
		{
			name: "retiring tools still count",
			hcl: dataClasses + `
tool "mailchimp" {
  category = "email-marketing"
  status   = "retiring"
  stores   = [data_class.contact_pii]
}
`,
			want: []dataWant{{"tool.mailchimp", "stores   = [data_class.contact_pii]", nil}},
		},
		{
			name: "clean: dpa = true",
			hcl: dataClasses + salesforce + `
tool "cvent" {
  category = "events-webinars"
  stores   = [data_class.contact_pii]
  contract {
    dpa = true
  }
}
` + flow("salesforce_to_cvent", "salesforce", "cvent", "contact_pii"),
		},
		{
			name: "clean: retired tool",
			hcl: dataClasses + `
tool "drift" {
  category = "feedback-chat"
  status   = "retired"
  stores   = [data_class.contact_pii]
}
`,
		},
		{
			name: "clean: internal data only, stored and received",
			hcl: dataClasses + salesforce + `
tool "sixsense" {
  category = "abm"
  stores   = [data_class.lead_score]
}
` + flow("sixsense_to_salesforce", "salesforce", "sixsense", "lead_score"),
		},
		{
			name: "clean: the via tool of a flow is not its receiver",
			hcl: dataClasses + salesforce + `
tool "zapier" {
  category = "ipaas-integration"
}

tool "mailchimp" {
  category = "email-marketing"
  contract {
    dpa = true
  }
}

flow "salesforce_to_mailchimp" {
  from = tool.salesforce
  to   = tool.mailchimp
  via  = tool.zapier
  data = [data_class.contact_pii]
}
`,
		},
	})
}

func TestDataClassWithoutSteward(t *testing.T) {
	dataRunCases(t, "data-class-without-steward", []dataRuleCase{
		{
			name: "personal and sensitive classes without steward",
			hcl: `
data_class "web_behavior" {
  name        = "Web behaviour"
  sensitivity = "personal"
}

data_class "health" {
  sensitivity = "sensitive"
}

tool "hotjar" {
  category = "web-mobile-analytics"
  stores   = [data_class.web_behavior]
}

tool "old" {
  category = "web-mobile-analytics"
  status   = "retired"
  stores   = [data_class.web_behavior]
}
` + flow("hotjar_to_old", "hotjar", "old", "web_behavior"),
			want: []dataWant{
				{"data_class.web_behavior", `data_class "web_behavior"`, []string{"Web behaviour (web_behavior)", "personal data", "it is stored by 1 tool (hotjar) and carried by 1 flow (hotjar_to_old)."}},
				{"data_class.health", `data_class "health"`, []string{"sensitive data"}},
			},
		},
		{
			name: "clean: stewarded, or not personal",
			hcl: `
team "privacy" {
  lead = "privacy@acme.example"
}

data_class "contact_pii" {
  sensitivity = "personal"
  steward     = team.privacy
}

data_class "content" {
  sensitivity = "public"
}

data_class "scores" {
  sensitivity = "internal"
}
`,
		},
	})
}

func TestDataAgencyHoldsPersonalData(t *testing.T) {
	dataRunCases(t, "agency-holds-personal-data", []dataRuleCase{
		{
			name: "agency-owned tool stores contact PII",
			hcl: dataClasses + `
tool "linkedin_ads" {
  name     = "LinkedIn Ads"
  category = "search-social-ads"
  owner    = team.northwind
  stores   = [data_class.lead_score, data_class.contact_pii]
  contract {
    dpa = true
  }
}
`,
			want: []dataWant{{"tool.linkedin_ads,team.northwind", "stores   = [data_class.lead_score, data_class.contact_pii]", []string{"LinkedIn Ads", "agency Northwind Digital", "Contact PII (personal)"}}},
		},
		{
			name: "clean: agency tool without personal data, internal or vendor owner, retired",
			hcl: dataClasses + `
tool "google_ads" {
  category = "search-social-ads"
  owner    = team.northwind
  stores   = [data_class.lead_score]
}

tool "braze" {
  category = "mobile-marketing"
  owner    = team.privacy
  stores   = [data_class.contact_pii]
  contract {
    dpa = true
  }
}

tool "vendor_hosted" {
  category = "mobile-marketing"
  owner    = team.vendor_team
  stores   = [data_class.contact_pii]
  contract {
    dpa = true
  }
}

tool "meta_ads" {
  category = "search-social-ads"
  owner    = team.northwind
  status   = "retired"
  stores   = [data_class.contact_pii]
}
`,
		},
	})
}

func TestDataNoSSO(t *testing.T) {
	tool := func(id, status, sso string, seats int) string {
		s := "\ntool \"" + id + "\" {\n  category = \"feedback-chat\"\n  status   = \"" + status + "\"\n"
		if sso != "" {
			s += "  sso      = " + sso + " # " + id + "\n"
		}
		if seats > 0 {
			s += "\n  cost {\n    amount = 4500\n    period = \"year\"\n    seats  = " + strconv.Itoa(seats) + "\n  }\n"
		}
		return s + "}\n"
	}
	dataRunCases(t, "no-sso", []dataRuleCase{
		{
			name: "15 seats and sso = false",
			hcl:  tool("surveymonkey", "active", "false", 15),
			want: []dataWant{{"tool.surveymonkey", "false # surveymonkey", []string{"15 purchased seats", "more than 10", "sso = false"}}},
		},
		{
			name: "trial and retiring tools count",
			hcl:  tool("a_trial", "trial", "false", 11) + tool("b_retiring", "retiring", "false", 50),
			want: []dataWant{{"tool.a_trial", "false # a_trial", nil}, {"tool.b_retiring", "false # b_retiring", nil}},
		},
		{
			name: "clean: sso not said (nil is unknown, not false)",
			hcl:  tool("figma", "active", "", 40),
		},
		{
			name: "clean: exactly min_seats",
			hcl:  tool("miro", "active", "false", 10),
		},
		{
			name: "clean: sso = true, flat fee, retired",
			hcl:  tool("a", "active", "true", 40) + tool("b", "active", "false", 0) + tool("c", "retired", "false", 40),
		},
		{
			name: "min_seats parameter",
			hcl: tool("miro", "active", "false", 10) + tool("asana", "active", "false", 6) + `
rule "no-sso" {
  min_seats = 5
}
`,
			want: []dataWant{{"tool.miro", "false # miro", []string{"10 purchased seats", "more than 5"}}, {"tool.asana", "false # asana", []string{"6 purchased seats"}}},
		},
	})
}

func TestDataNoSSOSeatsFromSnapshot(t *testing.T) {
	// The vendor's purchased seats override cost.seats.
	inv := loadInventory(t, map[string]string{"main.hcl": `
tool "miro" {
  category = "feedback-chat"
  sso      = false

  cost {
    amount = 4500
    period = "year"
    seats  = 5
  }
}
`})
	snap := snapshotJSON(t, `{"schema": "stackaudit.snapshot/v1", "taken_at": "2026-11-20T08:00:00Z",
		"tools": {"miro": {"scanner": "csv", "status": "ok", "seats": {"purchased": 25, "assigned": 20}, "active": {"d30": 18, "d90": 20}}}}`)
	assert.Empty(t, findingsOf(evaluate(t, inv, nil), "no-sso"))
	got := findingsOf(evaluate(t, inv, snap), "no-sso")
	require.Len(t, got, 1)
	assert.Contains(t, got[0].Message, "25 purchased seats")
}

// TestDataRuleExamplesTrigger: each rule's documented example, loaded on
// its own, triggers the rule.
func TestDataRuleExamplesTrigger(t *testing.T) {
	for _, id := range []string{"personal-data-without-dpa", "data-class-without-steward", "agency-holds-personal-data", "no-sso",
		"unaligned-spend", "objective-without-kpi", "expired-waiver", "unused-waiver"} {
		t.Run(id, func(t *testing.T) {
			r := policies.Lookup(id)
			require.NotNil(t, r)
			inv := loadInventory(t, map[string]string{"example.hcl": dataExampleContext(id) + r.Example})
			res, diags := evaluateDiags(t, inv, nil)
			require.False(t, diags.HasErrors(), diags.Error())
			assert.NotEmpty(t, findingsOf(res, id), "the example of %s does not trigger it", id)
		})
	}
}

// dataExampleContext declares what an example refers to but does not
// declare itself.
func dataExampleContext(id string) string {
	if id == "expired-waiver" {
		return "tool \"wistia\" {\n  category = \"video-marketing\"\n}\n\n"
	}
	return ""
}

// TestDataAcmeExample: on the example inventory at 2026-11-20, without a
// snapshot, each rule of the data, alignment and waiver families fires on
// the subjects examples/acme/README.md lists, at its `# deliberate:` lines.
func TestDataAcmeExample(t *testing.T) {
	inv, diags := inventory.Load(dataAcmeDir)
	require.False(t, diags.HasErrors(), diags.Error())
	res, diags := policies.Evaluate(inv, nil, policies.Options{AsOf: asOf})
	require.False(t, diags.HasErrors(), diags.Error())

	want := map[string][]string{
		"personal-data-without-dpa":  {"tool.cvent", "tool.zoominfo", "tool.chili_piper"},
		"data-class-without-steward": {"data_class.web_behavior"},
		"agency-holds-personal-data": {"tool.linkedin_ads,team.northwind"},
		"no-sso":                     {"tool.surveymonkey"},
		"unaligned-spend":            {"tool.cision", "tool.miro"},
		"objective-without-kpi":      {"objective.martech_efficiency"},
		"expired-waiver":             {"waiver.wistia-renewal"},
	}
	deliberate := dataDeliberateLines(t)
	for rule, subjects := range want {
		r := policies.Lookup(rule)
		require.NotNil(t, r, rule)
		require.False(t, r.NeedsSnapshot, rule)
		got := findingsOf(res, rule)
		assert.ElementsMatch(t, subjects, subjectsOf(got), rule)
		var places []string
		for _, f := range got {
			rel, err := filepath.Rel(dataAcmeDir, f.Location.File)
			require.NoError(t, err)
			places = append(places, fmt.Sprintf("%s:%d", filepath.ToSlash(rel), f.Location.Line))
		}
		assert.ElementsMatch(t, deliberate[rule], places, "%s: findings point at the `# deliberate: %s` lines", rule, rule)
	}
	// policies.hcl raises no-sso to high.
	for _, f := range findingsOf(res, "no-sso") {
		assert.Equal(t, result.High, f.Severity)
	}
	// The Wistia finding is not waived: its waiver expired.
	for _, f := range findingsOf(res, "contract-lapsed") {
		assert.Nil(t, f.Waiver, "an expired waiver covers nothing")
	}
	// marketo-overlap covers the HubSpot/Marketo overlap, so no waiver is
	// unused (once redundant-capability reports it).
	if len(findingsOf(res, "redundant-capability")) > 0 {
		assert.Empty(t, findingsOf(res, "unused-waiver"))
	}
	for _, r := range policies.Builtins() {
		if r.Family == "discovery" {
			assert.Empty(t, findingsOf(res, r.ID), "%s needs a snapshot", r.ID)
		}
	}
}

const dataAcmeDir = "../examples/acme"

// dataDeliberateLines maps a rule id to the "file:line"s of the example
// that carry a `# deliberate: <rule id>` comment.
func dataDeliberateLines(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	err := filepath.WalkDir(dataAcmeDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".hcl") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dataAcmeDir, path)
		for i, line := range strings.Split(string(src), "\n") {
			_, after, ok := strings.Cut(line, "# deliberate: ")
			if !ok {
				continue
			}
			rule, _, _ := strings.Cut(strings.TrimSpace(after), " ")
			out[rule] = append(out[rule], fmt.Sprintf("%s:%d", filepath.ToSlash(rel), i+1))
		}
		return nil
	})
	require.NoError(t, err)
	return out
}
