package policies_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDPAGapsAgreeWithRule holds the Ownership gaps list and the
// personal-data-without-dpa rule to the same tools on one inventory: a
// tool that only receives personal data through flows is a gap, once,
// naming every flow and its personal data classes.
func TestDPAGapsAgreeWithRule(t *testing.T) {
	inv := loadInventory(t, map[string]string{"main.hcl": `
data_class "contact_pii" {
  name        = "Contact PII"
  sensitivity = "personal"
}

data_class "health" {
  name        = "Health"
  sensitivity = "sensitive"
}

data_class "web" {
  sensitivity = "internal"
}

tool "crm" {
  category = "crm"
  stores   = [data_class.contact_pii]
  contract {
    dpa = true
  }
}

tool "scheduler" {
  category = "crm"
  contract {
    dpa = false
  }
}

tool "warehouse" {
  category = "crm"
  stores   = [data_class.health]
}

tool "with_dpa" {
  category = "crm"
  contract {
    dpa = true
  }
}

tool "analytics" {
  category = "crm"
}

tool "old" {
  category = "crm"
  status   = "retired"
}
` +
		flow("crm_to_scheduler", "crm", "scheduler", "contact_pii", "web") +
		flow("crm_to_scheduler_health", "crm", "scheduler", "health") +
		flow("crm_to_warehouse", "crm", "warehouse", "contact_pii") +
		flow("crm_to_with_dpa", "crm", "with_dpa", "contact_pii") +
		flow("crm_to_analytics", "crm", "analytics", "web") +
		flow("crm_to_old", "crm", "old", "contact_pii")})
	res := evaluate(t, inv, nil)

	gaps := map[string]string{}
	for _, g := range res.Gaps {
		if g.Kind == "dpa" {
			_, dup := gaps[g.Subject.ID]
			assert.False(t, dup, "one dpa gap per tool: %s", g.Subject.ID)
			gaps[g.Subject.ID] = g.Detail
		}
	}
	assert.Equal(t, map[string]string{
		"scheduler": "receives personal data without a DPA through flows crm_to_scheduler (Contact PII); crm_to_scheduler_health (Health)",
		"warehouse": "stores personal data without a DPA, and receives it through flow crm_to_warehouse (Contact PII)",
	}, gaps)

	var ruled []string
	for _, f := range findingsOf(res, "personal-data-without-dpa") {
		require.Len(t, f.Subjects, 1)
		ruled = append(ruled, f.Subjects[0].ID)
	}
	var gapped []string
	for id := range gaps {
		gapped = append(gapped, id)
	}
	assert.ElementsMatch(t, gapped, ruled, "the gap list and the rule name the same tools")
}

// TestProductNameKeepsFingerprints: a tool's name defaulting to its catalog
// product's name changes messages, never fingerprints (rule id + subject
// ids), so a baseline made before the default still matches.
func TestProductNameKeepsFingerprints(t *testing.T) {
	tool := func(name string) string {
		return `tool "klaviyo" {
  product = "klaviyo"
` + name + `  stores  = [data_class.contact_pii]
  cost {
    amount = 12000
    period = "year"
  }
}

tool "mailchimp" {
  product = "mailchimp"
}
`
	}
	const data = `data_class "contact_pii" {
  sensitivity = "personal"
}
`
	defaulted := evaluate(t, loadInventory(t, map[string]string{"main.hcl": data + tool("")}), nil)
	labelled := evaluate(t, loadInventory(t, map[string]string{"main.hcl": data + tool("  name    = \"klaviyo\"\n")}), nil)
	require.GreaterOrEqual(t, len(defaulted.Findings), 3)
	assert.Equal(t, fingerprints(labelled), fingerprints(defaulted))

	var messages []string
	for _, f := range findingsOf(defaulted, "personal-data-without-dpa") {
		messages = append(messages, f.Message)
	}
	require.Len(t, messages, 1)
	assert.Contains(t, messages[0], "Klaviyo (klaviyo)")
}
