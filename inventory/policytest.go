package inventory

import (
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// PolicyTest is a policy_test block: a small inline inventory and the
// subjects a custom policy must find in it, exactly (`stackaudit test`,
// like `conftest verify`):
//
//	policy_test "agency-tool-without-acme-admin" {
//	  policy = "agency-tools-need-acme-admin"
//	  expect = [tool.ads]
//
//	  inventory {
//	    team "agency" { kind = "agency" }
//	    tool "ads" {
//	      owner  = team.agency
//	      admins = ["ops@agency.example"]
//	    }
//	  }
//	}
//
// The inline inventory is not part of the inventory that holds the test:
// only its source range is kept here, and LoadPolicyTest reads it.
type PolicyTest struct {
	Source
	ID string
	// Policy is the id of the custom policy under test, declared in the
	// inventory that holds the test.
	Policy      string
	PolicyRange hcl.Range
	// Expect are the subjects the policy must report, in the inline
	// inventory; empty means none.
	Expect      []Subject
	ExpectRange hcl.Range
	// Body is the inline inventory block's body, braces included.
	Body hcl.Range
}

// policyTestSchema is a policy_test block: the policy, the expected
// subjects and one inventory block, whose body is read only when the test
// runs.
var policyTestSchema = schema([]string{"policy", "expect"}, nil, hcl.BlockHeaderSchema{Type: "inventory"})

func (d *decoder) decodePolicyTest(b *hcl.Block) *PolicyTest {
	c := d.content(b.Body, policyTestSchema)
	t := &PolicyTest{Source: d.source(b, c.Attributes), ID: b.Labels[0]}
	if a, ok := c.Attributes["policy"]; ok {
		d.setStr(c.Attributes, "policy", &t.Policy)
		t.PolicyRange = a.Expr.Range()
	}
	if a, ok := c.Attributes["expect"]; ok {
		t.ExpectRange = a.Expr.Range()
		// Resolved against the inline inventory when the test runs, not
		// against the inventory that holds the test.
		for _, x := range d.parseRefList(a, "") {
			t.Expect = append(t.Expect, Subject{Kind: x.kind, ID: x.name, Range: x.rng})
		}
	}
	var inv []*hcl.Block
	for _, blk := range c.Blocks {
		if blk.Type == "inventory" {
			inv = append(inv, blk)
		}
	}
	switch {
	case len(inv) == 0:
		d.errorAt(b.DefRange, "Missing inventory block",
			"The policy_test %q needs an inventory block: the small inventory, written as in any inventory file, that the policy is tested on.", t.ID)
	case len(inv) > 1:
		d.errorAt(inv[1].DefRange, "Duplicate inventory block",
			"A policy_test has one inventory block; the first is at %s. Write a second policy_test for a second case.", fmtRange(inv[0].DefRange))
	}
	if len(inv) > 0 {
		body, ok := inv[0].Body.(*hclsyntax.Body)
		if !ok {
			d.errorAt(inv[0].DefRange, "Unsupported policy_test",
				"A policy_test's inventory can only be written in native HCL (a .hcl file), not in JSON.")
		} else {
			t.Body = body.SrcRange
		}
	}
	return t
}

// checkPolicyTests checks that every test names a declared policy.
func (inv *Inventory) checkPolicyTests(d *decoder, tests map[string]*PolicyTest, policies map[string]*Policy) {
	ids := make([]string, 0, len(policies))
	for id := range policies {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, t := range tests {
		if t.Policy == "" || t.partial {
			continue
		}
		if _, ok := policies[t.Policy]; !ok {
			d.errorAt(t.PolicyRange, "Unknown policy",
				"The policy_test %q tests the policy %q, which no policy block declares.%s", t.ID, t.Policy, didYouMean(t.Policy, ids))
		}
	}
}

// LoadPolicyTest reads the inline inventory of t, a test of inv, and
// returns it with the policy under test (from inv) as its only policy.
// The inline inventory inherits inv's organization when it declares none,
// so that money reads in the same currency. Its diagnostics point into
// the file that holds the test.
func LoadPolicyTest(inv *Inventory, t *PolicyTest) (*Inventory, hcl.Diagnostics) {
	test := &Inventory{Dir: inv.Dir, Files: inv.Files, Catalog: inv.Catalog, Organization: defaultOrganization()}
	f := inv.Files[t.Body.Filename]
	if f == nil || t.Body.End.Byte > len(f.Bytes) || t.Body.End.Byte-t.Body.Start.Byte < 2 {
		r := t.DeclRange
		return test, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Policy test without an inventory",
			Detail: "The policy_test " + t.ID + " has no readable inventory block.", Subject: &r}}
	}
	// Inside the braces, parsed at their position in the file, so that
	// every range points where the user wrote it.
	start := hcl.Pos{Line: t.Body.Start.Line, Column: t.Body.Start.Column + 1, Byte: t.Body.Start.Byte + 1}
	src := f.Bytes[start.Byte : t.Body.End.Byte-1]
	file, diags := hclsyntax.ParseConfig(src, t.Body.Filename, start)
	if diags.HasErrors() {
		return test, diags
	}
	d := &decoder{}
	var all blocks
	d.decodeFile(file.Body, &all)
	for _, nested := range all.policyTests {
		d.errorAt(nested.DeclRange, "Nested policy_test", "A policy_test's inventory cannot hold another policy_test; write it beside this one.")
	}
	all.policies, all.policyTests = nil, nil
	test.build(d, &all)
	diags = append(diags, d.diags...)
	if !test.Organization.Declared {
		test.Organization = inv.Organization
	}
	for _, p := range inv.Policies {
		if p.ID == t.Policy {
			test.Policies = []*Policy{p}
		}
	}
	for _, s := range t.Expect {
		if !test.declares(s) {
			r := s.Range
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Unknown expected subject",
				Detail: "The policy_test " + t.ID + " expects a finding about " + s.Kind + "." + s.ID +
					", which its inventory does not declare. Expected subjects are blocks of the test's own inventory.", Subject: &r})
		}
	}
	return test, diags
}

// declares reports whether the inventory has the subject.
func (inv *Inventory) declares(s Subject) bool {
	switch s.Kind {
	case kindTeam:
		return inv.Team(s.ID) != nil
	case kindObjective:
		return inv.Objective(s.ID) != nil
	case kindDataClass:
		return inv.DataClass(s.ID) != nil
	case kindTool:
		return inv.index.tools[s.ID] != nil
	case kindFlow:
		return inv.index.flows[s.ID] != nil
	case kindCapability:
		return inv.index.capabilities[s.ID] != nil
	}
	return false
}
