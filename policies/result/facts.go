package result

import (
	"time"

	"github.com/shopspring/decimal"
)

// Facts are the figures every report needs, computed once per evaluation.
// Money is in the organization's currency.
type Facts struct {
	Currency string      `json:"-"`
	Tools    []*ToolFact `json:"tools"`
	Overlaps []*Overlap  `json:"overlaps"`
	Renewals []*Renewal  `json:"renewals"`
	Gaps     []*Gap      `json:"gaps"`
	Flows    []*FlowFact `json:"flows"`
	// Seats are the reclaimable seats: users of measured tools not active
	// in 30 days, most idle first.
	Seats []*SeatFact `json:"reclaimable_seats"`
	Spend Spend       `json:"spend"`
	// Discovered are the tools, integrations and flows discovery found
	// that match nothing in the inventory.
	Discovered []*DiscoveredItem `json:"discovered"`

	byTool map[string]*ToolFact
}

// NewFacts starts the facts of an evaluation with its tools, indexed for
// [Facts.Tool]; the evaluation fills in the rest.
func NewFacts(currency string, tools []*ToolFact) *Facts {
	f := &Facts{Currency: currency, Tools: tools, byTool: make(map[string]*ToolFact, len(tools))}
	for _, t := range tools {
		f.byTool[t.ID] = t
	}
	return f
}

// Tool returns the facts of a tool by id, or nil. Facts decoded from JSON
// have no index and are searched.
func (f *Facts) Tool(id string) *ToolFact {
	if f.byTool != nil {
		return f.byTool[id]
	}
	for _, t := range f.Tools {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// ToolFact is one tool's cost, usage and contract position.
type ToolFact struct {
	ID          string   `json:"id"`
	Name        string   `json:"name"`
	Vendor      string   `json:"vendor"`
	Category    string   `json:"category"`
	TopCategory string   `json:"top_category"`
	Owner       string   `json:"owner,omitempty"`
	Objectives  []string `json:"objectives"`
	Status      string   `json:"status"`
	// AnnualCost is the yearly cost in the organization's currency; zero
	// for retired tools and tools without a cost block (HasCost false).
	AnnualCost decimal.Decimal `json:"annual_cost"`
	HasCost    bool            `json:"has_cost"`
	// Seats are the purchased seats: the vendor's figure when scanned,
	// else the inventory's cost.seats; nil for flat fees.
	Seats *int `json:"seats,omitempty"`
	// Measured is true when the snapshot has usable data for the tool;
	// the usage fields below are nil otherwise.
	Measured bool `json:"measured"`
	// UsageMeasuredAt is when the usage was measured, set only when it was
	// carried forward from an earlier scan (it is the snapshot's date
	// otherwise).
	UsageMeasuredAt   *time.Time       `json:"usage_measured_at,omitempty"`
	Assigned          *int             `json:"assigned,omitempty"`
	Active30          *int             `json:"active_30d,omitempty"`
	Active90          *int             `json:"active_90d,omitempty"`
	LastActivity      *time.Time       `json:"last_activity,omitempty"`
	Utilization       *float64         `json:"utilization,omitempty"`
	CostPerActiveUser *decimal.Decimal `json:"cost_per_active_user,omitempty"`
	// UnusedSeatCost is the yearly cost of purchased seats without an
	// active user in 30 days (seats − active) × annual cost / seats.
	UnusedSeatCost decimal.Decimal `json:"unused_seat_cost"`
	Capabilities   []string        `json:"capabilities"`
	Scope          []string        `json:"scope"`
	Stages         []string        `json:"stages"`
	ContractEnd    *time.Time      `json:"contract_end,omitempty"`
	NoticeDeadline *time.Time      `json:"notice_deadline,omitempty"`
	AutoRenew      bool            `json:"auto_renew"`
	DPA            bool            `json:"dpa"`
	SSO            *bool           `json:"sso,omitempty"`
	Location       Location        `json:"location"`
}

// Overlap is a group of active tools with intersecting scopes that provide
// the same capabilities: a consolidation candidate.
type Overlap struct {
	Capabilities []string        `json:"capabilities"`
	Tools        []string        `json:"tools"`
	CombinedCost decimal.Decimal `json:"combined_cost"`
	// Keep is the tool the saving assumes the others consolidate onto: the
	// one with the most active users, else the most expensive.
	Keep string `json:"keep"`
	// EstimatedSaving is, for each other tool, its annual cost times the
	// share of its capabilities that Keep also provides.
	EstimatedSaving decimal.Decimal `json:"estimated_saving"`
	// SharedUsers are users active in 30 days in more than one of the tools
	// (from the snapshot), by email.
	SharedUsers []string `json:"shared_users"`
	// Waiver is the waiver of the overlap's redundant-capability finding;
	// a waived overlap's saving is not counted in the summary.
	Waiver *AppliedWaiver `json:"waiver,omitempty"`
}

// Renewal is a contract's position against the as-of date.
type Renewal struct {
	Tool           string          `json:"tool"`
	End            time.Time       `json:"end"`
	AutoRenew      bool            `json:"auto_renew"`
	NoticeDays     int             `json:"notice_days"`
	NoticeDeadline time.Time       `json:"notice_deadline"`
	DaysLeft       int             `json:"days_left"` // until the notice deadline (auto-renewing) or the end
	AnnualCost     decimal.Decimal `json:"annual_cost"`
	Action         string          `json:"action"`
}

// Gap is a missing owner, steward, lead, DPA or objective.
type Gap struct {
	Kind     string   `json:"kind"` // tool-owner, flow-owner, team-lead, data-steward, objective-owner, dpa, objective
	Subject  Subject  `json:"subject"`
	Name     string   `json:"name"`
	Detail   string   `json:"detail"`
	Location Location `json:"location"`
}

// FlowFact is one declared data flow with what it carries and its gaps.
type FlowFact struct {
	ID       string   `json:"id"`
	From     string   `json:"from"`
	FromName string   `json:"from_name"`
	To       string   `json:"to"`
	ToName   string   `json:"to_name"`
	Data     []string `json:"data"`
	// HighestSensitivity of the data classes: public < internal <
	// personal < sensitive; "" when the flow names none.
	HighestSensitivity string   `json:"highest_sensitivity"`
	Owner              string   `json:"owner,omitempty"`
	Method             string   `json:"method,omitempty"`
	Frequency          string   `json:"frequency,omitempty"`
	Via                string   `json:"via,omitempty"`
	Gaps               []string `json:"gaps"`
	Location           Location `json:"location"`
}

// SeatFact is one seat that could be reclaimed: its user was not active in
// the 30 days before the as-of date.
type SeatFact struct {
	Tool       string     `json:"tool"`
	ToolName   string     `json:"tool_name"`
	UserID     string     `json:"user_id"`
	Email      string     `json:"email"`
	LastActive *time.Time `json:"last_active,omitempty"`
	// DaysInactive is nil when the user was never seen active.
	DaysInactive *int `json:"days_inactive,omitempty"`
	// SeatCost is the tool's annual cost divided by its purchased seats.
	SeatCost decimal.Decimal `json:"seat_cost"`
}

// Spend breaks annual spend down for the Spend sheet. Every list is sorted
// by amount, largest first, then key.
type Spend struct {
	ByTeam      []SpendLine `json:"by_team"`
	ByCategory  []SpendLine `json:"by_category"`
	ByObjective []SpendLine `json:"by_objective"`
	ByStage     []SpendLine `json:"by_stage"`
	// ByRenewalQuarter groups by the fiscal quarter in which contracts end
	// (fiscal_year_start decides), e.g. "FY2027 Q1".
	ByRenewalQuarter []SpendLine `json:"by_renewal_quarter"`
}

// SpendLine is one row of a spend breakdown. A tool serving several
// objectives or stages is split evenly between them, so each breakdown
// adds up to the total annual spend. Key "" is the remainder: no owner,
// no objective ("unaligned"), no stage or no contract end.
type SpendLine struct {
	Key    string          `json:"key"`
	Name   string          `json:"name"`
	Tools  int             `json:"tools"`
	Annual decimal.Decimal `json:"annual"`
}

// DiscoveredItem is something discovery found that the inventory does not
// declare.
type DiscoveredItem struct {
	Kind     string   `json:"kind"` // tool, integration, flow, or "not discovered" for a discovery block that failed
	Source   string   `json:"source"`
	Name     string   `json:"name"`
	Product  string   `json:"product,omitempty"`
	Users    int      `json:"users,omitempty"`
	Scopes   []string `json:"scopes"`
	Repo     string   `json:"repo,omitempty"`
	Path     string   `json:"path,omitempty"`
	From     string   `json:"from,omitempty"`
	To       string   `json:"to,omitempty"`
	Evidence string   `json:"evidence"`
}
