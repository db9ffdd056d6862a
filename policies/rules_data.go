package policies

import (
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/result"
)

// dataRules are the data-protection rules: who holds personal data, under
// which agreement, who stewards it and how people sign in to the tools.
func dataRules() []*Rule {
	return []*Rule{
		{
			ID:              "personal-data-without-dpa",
			Title:           "A tool holds personal data without a data processing agreement",
			Family:          "data",
			DefaultSeverity: result.High,
			What: `Fires for every tool that is not retired and either stores a personal or sensitive data class
(its ` + "`stores`" + `) or is the ` + "`to`" + ` of a flow that carries one, while its contract does not say
` + "`dpa = true`" + `. A missing contract, a contract without ` + "`dpa`" + ` and ` + "`dpa = false`" + ` all count as no DPA.
There is one finding per tool, naming the data classes it stores and the flows that deliver personal data to it.`,
			Why: `Under the GDPR (Art. 28), the UK GDPR and most US state privacy laws, every vendor that processes
personal data on your behalf needs a signed data processing agreement. Without one, a breach or a
regulator's question about that vendor becomes your legal exposure, and you cannot show auditors which
sub-processors hold customer data. Tools that only receive personal data through an integration are
processors too, and they are the ones most often forgotten.`,
			Fix: `Ask Legal or Privacy to sign the vendor's DPA (most vendors publish one that you countersign), then record it
with ` + "`dpa = true`" + ` in the tool's ` + "`contract`" + ` block. If the tool should not hold personal data, remove
the data class from its ` + "`stores`" + ` and stop the flows that send it there. If a DPA is being negotiated,
add a waiver with an expiry date so the gap stays visible.`,
			Example: `data_class "contact_pii" {
  sensitivity = "personal"
}

tool "cvent" {
  category = "events-webinars"
  stores   = [data_class.contact_pii]

  contract {
    dpa = false
  }
}`,
			Check: checkPersonalDataWithoutDPA,
		},
		{
			ID:              "data-class-without-steward",
			Title:           "A personal or sensitive data class has no steward",
			Family:          "data",
			DefaultSeverity: result.Medium,
			What: `Fires for every ` + "`data_class`" + ` whose ` + "`sensitivity`" + ` is ` + "`personal`" + ` or ` + "`sensitive`" + ` and
that has no ` + "`steward`" + ` team. The finding says which tools store the class and which flows carry it.`,
			Why: `Somebody has to answer for each kind of personal data: approve new tools that want it, answer data
subject requests, decide retention and sign off on DPAs. Without a steward these questions bounce
between Marketing Operations, Legal and IT, and requests miss their statutory deadlines.`,
			Fix: `Name the team accountable for this data with ` + "`steward = team.<id>`" + ` in the data class, usually
Privacy or the team that owns the system of record. If the class holds no personal data after all,
lower its ` + "`sensitivity`" + ` to ` + "`internal`" + ` or ` + "`public`" + `.`,
			Example: `data_class "web_behavior" {
  name        = "Web behaviour"
  sensitivity = "personal"
}`,
			Check: checkDataClassWithoutSteward,
		},
		{
			ID:              "agency-holds-personal-data",
			Title:           "A tool owned by an agency stores personal data",
			Family:          "data",
			DefaultSeverity: result.Medium,
			What: `Fires for every tool that is not retired, whose ` + "`owner`" + ` is a team of ` + "`kind = \"agency\"`" + `, and
that stores a personal or sensitive data class. The finding names the tool and the agency.`,
			Why: `An agency's people and accounts leave with the retainer. When an agency owns a tool that holds your
customers' personal data, you depend on the agency to grant access, answer deletion requests and hand
the data back, and the agency becomes a processor that needs its own agreement with you.`,
			Fix: `Move ownership to an internal team (` + "`owner = team.<internal team>`" + `) and give the agency
admin access only; make sure the vendor contract and DPA are in your company's name. If the agency
must own the tool, put a data processing agreement with the agency in place and record an internal admin
in ` + "`admins`" + `, then waive the finding with a reason and an expiry.`,
			Example: `team "northwind" {
  kind = "agency"
}

data_class "contact_pii" {
  sensitivity = "personal"
}

tool "linkedin_ads" {
  category = "search-social-ads"
  owner    = team.northwind
  stores   = [data_class.contact_pii]
}`,
			Check: checkAgencyHoldsPersonalData,
		},
		{
			ID:              "no-sso",
			Title:           "A tool with many seats does not use single sign-on",
			Family:          "data",
			DefaultSeverity: result.Medium,
			What: `Fires for every tool that is not retired, has more than ` + "`min_seats`" + ` purchased seats (the
vendor's figure from the snapshot when scanned, else ` + "`cost.seats`" + `) and says ` + "`sso = false`" + `. A tool
that does not say whether it uses SSO is not reported: only an explicit ` + "`false`" + ` is.`,
			Why: `Without single sign-on every seat is a separate password, outside MFA policy, and leavers keep their
access until someone removes them by hand in each tool. The more seats a tool has, the more accounts go
stale and the harder an access review becomes.`,
			Fix: `Connect the tool to your identity provider (Okta, Entra ID, Google) and set ` + "`sso = true`" + `; SSO is
often a plan feature, so raise it with procurement at the next renewal. If the vendor does not offer SSO,
waive the finding with the compensating control (MFA, quarterly access review) as the reason.`,
			Example: `tool "surveymonkey" {
  category = "feedback-chat"
  sso      = false

  cost {
    amount = 4500
    period = "year"
    seats  = 15
  }
}`,
			Params: []Param{{
				Name:        "min_seats",
				Type:        cty.Number,
				Default:     num(10),
				Description: "Tools with more purchased seats than this must use SSO; tools with this many or fewer are not reported.",
				Integer:     true,
			}},
			Check: checkNoSSO,
		},
	}
}

// dataPersonalClasses lists the personal or sensitive classes among cs.
func dataPersonalClasses(cs []*inventory.DataClass) []*inventory.DataClass {
	var out []*inventory.DataClass
	for _, d := range cs {
		if d.Personal() {
			out = append(out, d)
		}
	}
	return out
}

// dataClassNames describes data classes as "Contact PII (personal)".
func dataClassNames(cs []*inventory.DataClass) string {
	parts := make([]string, len(cs))
	for i, d := range cs {
		parts[i] = fmt.Sprintf("%s (%s)", d.Name, d.Sensitivity)
	}
	return strings.Join(parts, ", ")
}

// dataToolLabel is "Name (id)", or the id alone when the name defaults to it.
func dataToolLabel(t *inventory.Tool) string {
	if t.Name == "" || t.Name == t.ID {
		return t.ID
	}
	return fmt.Sprintf("%s (%s)", t.Name, t.ID)
}

// dataDPAState says why a tool has no DPA.
func dataDPAState(t *inventory.Tool) string {
	switch {
	case t.Contract == nil:
		return "it has no contract block"
	case t.Contract.DPA == nil:
		return "its contract does not set dpa"
	default:
		return "its contract says dpa = false"
	}
}

func checkPersonalDataWithoutDPA(ctx *Context, _ *Config) []result.Finding {
	inv := ctx.Inventory
	inbound := personalInbound(inv)
	var out []result.Finding
	for _, t := range inv.Tools {
		if t.Status == inventory.StatusRetired || ctx.Facts.Tool(t.ID).DPA {
			continue
		}
		stored := dataPersonalClasses(t.Stores)
		flows := inbound[t]
		if len(stored) == 0 && len(flows) == 0 {
			continue
		}
		var parts []string
		if len(stored) > 0 {
			parts = append(parts, "it stores "+dataClassNames(stored))
		}
		if len(flows) > 0 {
			var fs []string
			for _, fl := range flows {
				from := ""
				if fl.From != nil {
					from = " from " + dataToolLabel(fl.From)
				}
				fs = append(fs, fmt.Sprintf("%s%s (%s)", fl.ID, from, dataClassNames(dataPersonalClasses(fl.Data))))
			}
			word := "flow"
			if len(flows) > 1 {
				word = "flows"
			}
			parts = append(parts, fmt.Sprintf("it receives personal data through %s %s", word, strings.Join(fs, "; ")))
		}
		msg := fmt.Sprintf("%s holds personal data without a data processing agreement (%s): %s.",
			dataToolLabel(t), dataDPAState(t), strings.Join(parts, ", and "))
		out = append(out, ctx.Finding(dataDPARange(t, stored, flows), msg, result.ToolSubject(t)))
	}
	return out
}

// dataDPARange points where the gap shows: for a tool that stores personal
// data, its explicit `dpa = false` (the line to change) or else its
// `stores`; for a tool that only receives personal data, the `to` of the
// first flow that delivers it (the line a pull request adds).
func dataDPARange(t *inventory.Tool, stored []*inventory.DataClass, flows []*inventory.Flow) hcl.Range {
	switch {
	case len(stored) > 0 && t.Contract != nil && t.Contract.HasAttr("dpa"):
		return t.Contract.AttrRange("dpa")
	case len(stored) > 0:
		return t.AttrRange("stores")
	case len(flows) > 0:
		return flows[0].AttrRange("to")
	}
	return t.DeclRange
}

func checkDataClassWithoutSteward(ctx *Context, _ *Config) []result.Finding {
	inv := ctx.Inventory
	var out []result.Finding
	for _, d := range inv.DataClasses {
		if !d.Personal() || d.Steward != nil {
			continue
		}
		var tools, flows []string
		for _, t := range inv.Tools {
			for _, s := range t.Stores {
				if s == d && t.Status != inventory.StatusRetired {
					tools = append(tools, t.ID)
					break
				}
			}
		}
		for _, fl := range inv.Flows {
			for _, s := range fl.Data {
				if s == d {
					flows = append(flows, fl.ID)
					break
				}
			}
		}
		msg := fmt.Sprintf("The data class %s (%s) holds %s data and has no steward", d.Name, d.ID, d.Sensitivity)
		var where []string
		if len(tools) > 0 {
			where = append(where, fmt.Sprintf("stored by %s (%s)", dataCount(len(tools), "tool", "tools"), strings.Join(tools, ", ")))
		}
		if len(flows) > 0 {
			where = append(where, fmt.Sprintf("carried by %s (%s)", dataCount(len(flows), "flow", "flows"), strings.Join(flows, ", ")))
		}
		if len(where) > 0 {
			msg += "; it is " + strings.Join(where, " and ")
		}
		out = append(out, ctx.Finding(d.AttrRange("steward"), msg+".", result.DataClassSubject(d)))
	}
	return out
}

func dataCount(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func checkAgencyHoldsPersonalData(ctx *Context, _ *Config) []result.Finding {
	var out []result.Finding
	for _, t := range ctx.Inventory.Tools {
		if t.Status == inventory.StatusRetired || t.Owner == nil || t.Owner.Kind != inventory.TeamAgency {
			continue
		}
		stored := dataPersonalClasses(t.Stores)
		if len(stored) == 0 {
			continue
		}
		msg := fmt.Sprintf("%s is owned by the agency %s (%s) and stores %s.", dataToolLabel(t), t.Owner.Name, t.Owner.ID, dataClassNames(stored))
		out = append(out, ctx.Finding(t.AttrRange("stores"), msg, result.ToolSubject(t), result.TeamSubject(t.Owner)))
	}
	return out
}

func checkNoSSO(ctx *Context, cfg *Config) []result.Finding {
	minSeats := cfg.Number("min_seats")
	var out []result.Finding
	for _, t := range ctx.Inventory.Tools {
		if t.Status == inventory.StatusRetired || t.SSO == nil || *t.SSO {
			continue
		}
		tf := ctx.Facts.Tool(t.ID)
		if tf.Seats == nil || float64(*tf.Seats) <= minSeats {
			continue
		}
		msg := fmt.Sprintf("%s has %d purchased seats (more than %s) and sso = false: every seat is a separate login outside your identity provider.",
			dataToolLabel(t), *tf.Seats, cfg.values["min_seats"].AsBigFloat().Text('f', -1))
		out = append(out, ctx.Finding(t.AttrRange("sso"), msg, result.ToolSubject(t)))
	}
	return out
}
