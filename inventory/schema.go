package inventory

import "github.com/hashicorp/hcl/v2"

// rootSchema is the top level of every inventory file.
var rootSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "organization"},
		{Type: "team", LabelNames: []string{"id"}},
		{Type: "objective", LabelNames: []string{"id"}},
		{Type: "data_class", LabelNames: []string{"id"}},
		{Type: "capability", LabelNames: []string{"id"}},
		{Type: "tool", LabelNames: []string{"id"}},
		{Type: "flow", LabelNames: []string{"id"}},
		{Type: "discovery", LabelNames: []string{"kind"}},
		{Type: "rule", LabelNames: []string{"rule_id"}},
		{Type: "policy", LabelNames: []string{"id"}},
		{Type: "waiver", LabelNames: []string{"id"}},
		{Type: "policy_test", LabelNames: []string{"id"}},
	},
}

// schema builds a block schema. Every schema also accepts the
// credential-only attribute names, so that writing one is reported as a
// literal secret rather than as an unknown argument.
func schema(required []string, optional []string, blocks ...hcl.BlockHeaderSchema) *hcl.BodySchema {
	s := &hcl.BodySchema{Blocks: blocks}
	for _, n := range required {
		s.Attributes = append(s.Attributes, hcl.AttributeSchema{Name: n, Required: true})
	}
	for _, n := range optional {
		s.Attributes = append(s.Attributes, hcl.AttributeSchema{Name: n})
	}
	for _, n := range secretAttrs {
		s.Attributes = append(s.Attributes, hcl.AttributeSchema{Name: n})
	}
	return s
}

var (
	organizationSchema = schema(nil, []string{"name", "currency", "exchange_rates", "fiscal_year_start", "operating_model",
		"pseudonymize_users", "pseudonym_key_env"})
	teamSchema       = schema(nil, []string{"name", "lead", "parent", "kind"})
	objectiveSchema  = schema(nil, []string{"name", "owner", "kpis"})
	dataClassSchema  = schema([]string{"sensitivity"}, []string{"name", "steward"})
	capabilitySchema = schema([]string{"category"}, []string{"name"})
	toolSchema       = schema(nil,
		[]string{"name", "vendor", "product", "category", "capabilities", "owner", "admins", "objectives", "status", "scope", "stages", "sso", "stores"},
		hcl.BlockHeaderSchema{Type: "cost"},
		hcl.BlockHeaderSchema{Type: "contract"},
		hcl.BlockHeaderSchema{Type: "scan", LabelNames: []string{"kind"}},
	)
	costSchema     = schema([]string{"amount", "period"}, []string{"currency", "seats"})
	contractSchema = schema(nil, []string{"start", "end", "auto_renew", "notice_days", "dpa"})
	flowSchema     = schema([]string{"from", "to"}, []string{"data", "owner", "via", "method", "frequency"})
	// scan and discovery bodies are partial: the kind decodes the rest.
	connectorSchema = schema(nil, []string{"token_env", "host"})
	// rule bodies are partial: each rule decodes its own parameters.
	ruleSchema   = schema(nil, []string{"enabled", "severity"})
	policySchema = schema([]string{"for_each", "condition", "message"}, []string{"severity", "description"})
	waiverSchema = schema([]string{"rule", "reason", "expires"}, []string{"subjects", "approved_by"})
)
