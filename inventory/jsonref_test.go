package inventory_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/inventory"
)

// TestJSONReferences: a .hcl.json file writes a reference as a string,
// "team.mops", or as Terraform's JSON syntax writes one, a template that is
// exactly one reference, "${team.mops}". Anything more in the template is
// an error that says how to write it; the range points at the reference.
func TestJSONReferences(t *testing.T) {
	const native = "team \"mops\" {}\ndata_class \"web\" {\n  sensitivity = \"personal\"\n}\ntool \"crm\" {\n  category = \"crm\"\n}\n"
	tests := []struct {
		name    string
		owner   string // the JSON of the tool's owner attribute
		want    string // the owner's id, when valid
		summary string // else the error
		detail  string
		at      string // the text the error's range covers
	}{
		{name: "plain", owner: `"team.mops"`, want: "mops"},
		{name: "template", owner: `"${team.mops}"`, want: "mops"},
		{name: "template with spaces", owner: `"${ team.mops }"`, want: "mops"},
		{name: "escaped template", owner: `"${team.mo\u0070s}"`, want: "mops"},
		{name: "template to nothing", owner: `"${team.nobody}"`, summary: "Reference to undeclared team", at: "team.nobody"},
		{name: "escaped template to nothing", owner: `"${team.n\u006fbody}"`, summary: "Reference to undeclared team", at: `${team.n\u006fbody}`},
		{name: "wrong kind", owner: `"${tool.crm}"`, summary: "Wrong kind of reference", at: "tool.crm"},
		{name: "text after", owner: `"${team.mops} x"`, summary: "Invalid reference", at: `"${team.mops} x"`,
			detail: `In JSON, write it as a string that holds the reference alone, "team.NAME" or "${team.NAME}"`},
		{name: "function", owner: `"${upper(team.mops)}"`, summary: "Invalid reference", at: `"${upper(team.mops)}"`, detail: `"${team.NAME}"`},
		{name: "two references", owner: `"${team.mops}${team.mops}"`, summary: "Invalid reference", detail: `"${team.NAME}"`},
		{name: "directive", owner: `"%{if true}team.mops%{endif}"`, summary: "Invalid reference", detail: `"${team.NAME}"`},
		{name: "unclosed", owner: `"${team.mops"`, summary: "Invalid reference", detail: `"${team.NAME}"`},
		{name: "escaped dollar", owner: `"$${team.mops}"`, summary: "Invalid reference", detail: `"${team.NAME}"`},
		{name: "three steps", owner: `"${team.mops.lead}"`, summary: "Invalid reference", at: "team.mops.lead", detail: "exactly one name after the block type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := `{"tool": {"seg": {"category": "cdp", "owner": ` + tt.owner + `, "stores": ["${data_class.web}"]}}}`
			dir := writeTree(t, map[string]string{"main.hcl": native, "tools.hcl.json": src})
			inv, diags := inventory.Load(dir)
			if tt.summary == "" {
				require.False(t, diags.HasErrors(), render(t, inv, diags))
				seg := inv.Tool("seg")
				require.NotNil(t, seg)
				require.NotNil(t, seg.Owner)
				assert.Equal(t, tt.want, seg.Owner.ID)
				require.Len(t, seg.Stores, 1)
				assert.Equal(t, "web", seg.Stores[0].ID)
				return
			}
			require.Len(t, diags, 1, render(t, inv, diags))
			d := diags[0]
			assert.Equal(t, tt.summary, d.Summary)
			assert.Contains(t, d.Detail, tt.detail)
			if tt.at != "" {
				got := inv.Files[d.Subject.Filename].Bytes[d.Subject.Start.Byte:d.Subject.End.Byte]
				assert.Equal(t, tt.at, string(got))
			}
			assert.True(t, strings.HasSuffix(d.Subject.Filename, "tools.hcl.json"))
		})
	}
}
