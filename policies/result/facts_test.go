package result_test

import (
	"testing"

	"github.com/stackaudit/stackaudit/policies/result"
)

func TestUsageBasis(t *testing.T) {
	n := func(v int) *int { return &v }
	tests := []struct {
		name string
		tf   *result.ToolFact
		want string
	}{
		{name: "paid seats, activity in the tool", tf: &result.ToolFact{}, want: ""},
		{name: "nil", tf: nil, want: ""},
		{name: "Mailchimp contacts with the plan's limit", tf: &result.ToolFact{Unit: "contacts", Contacts: n(12345), ContactLimit: n(1500000)},
			want: "contacts, not seats: 12,345 stored of the plan's 1,500,000"},
		{name: "contacts without a limit", tf: &result.ToolFact{Unit: "contacts", Contacts: n(980)},
			want: "contacts, not seats: 980 stored"},
		{name: "HubSpot users", tf: &result.ToolFact{SeatsCount: "users"}, want: "assigned counts users, not paid seats"},
		{name: "Okta fallback for everyone", tf: &result.ToolFact{ActivitySource: "account_wide"},
			want: "activity is the last account-wide sign-in to the identity provider, not to the app"},
		{name: "both", tf: &result.ToolFact{SeatsCount: "users", ActivitySource: "mixed"},
			want: "assigned counts users, not paid seats; activity is sign-in to the app, or account-wide sign-in for users without one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.tf.UsageBasis(); got != tt.want {
				t.Errorf("UsageBasis() = %q, want %q", got, tt.want)
			}
		})
	}
}
