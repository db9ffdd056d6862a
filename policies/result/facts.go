package result

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/stackaudit/stackaudit/internal/digits"
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
	// Seats are the reclaimable seats, row by row: the inactive users,
	// unassigned seats and growth buffer of the tools with a cancel or
	// right-size saving. Their amounts add up to Summary.EstimatedWaste.
	Seats []*SeatFact `json:"reclaimable_seats"`
	// Actions are the decisions the money model and the findings propose,
	// ranked (see Action).
	Actions []*Action `json:"actions"`
	Spend   Spend     `json:"spend"`
	// Discovered are the tools, integrations and flows discovery found
	// that match nothing in the inventory.
	Discovered []*DiscoveredItem `json:"discovered"`
	// DuplicatePurchases are the products a spend feed shows paid by two
	// or more cards, reports or teams (the duplicate-purchase rule).
	DuplicatePurchases []*DuplicatePurchase `json:"duplicate_purchases,omitempty"`

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
	UsageMeasuredAt *time.Time `json:"usage_measured_at,omitempty"`
	Assigned        *int       `json:"assigned,omitempty"`
	// ActivitySource and SeatsCount are the snapshot's labels of what the
	// numbers measure (usage.ToolUsage): "account_wide" or "mixed" when
	// activity is sign-in to the identity provider, not to the tool;
	// "users" when Assigned counts users, not paid seats. Empty: activity
	// in the tool and paid seats. See UsageBasis.
	ActivitySource string `json:"activity_source,omitempty"`
	SeatsCount     string `json:"seats_count,omitempty"`
	// Unit is "contacts" for a contact-priced tool (Mailchimp): Contacts
	// is the contacts stored and ContactLimit the plan's limit (nil when
	// the vendor does not say); Seats, Assigned and the activity fields
	// stay empty, as contacts are no seats.
	Unit              string           `json:"unit,omitempty"`
	Contacts          *int             `json:"contacts,omitempty"`
	ContactLimit      *int             `json:"contact_limit,omitempty"`
	Active30          *int             `json:"active_30d,omitempty"`
	Active90          *int             `json:"active_90d,omitempty"`
	LastActivity      *time.Time       `json:"last_activity,omitempty"`
	Utilization       *float64         `json:"utilization,omitempty"`
	CostPerActiveUser *decimal.Decimal `json:"cost_per_active_user,omitempty"`
	// UnusedSeatCost is the tool's waste under the money model: the
	// amount of its cancel or right-size Saving, zero otherwise. (It was
	// (seats − active) × annual cost ÷ seats before the money model; the
	// field keeps its name for readers of the JSON result.)
	UnusedSeatCost decimal.Decimal `json:"unused_seat_cost"`
	// SeatPrice is the contract's annual price of one seat (annual cost ÷
	// cost.seats); nil for a flat fee, where removing a user saves nothing.
	SeatPrice *decimal.Decimal `json:"seat_price,omitempty"`
	// SeatPosition splits a measured tool's seats; nil when unmeasured.
	SeatPosition *SeatPosition `json:"seat_position,omitempty"`
	// Saving is what the Actions list can save on this tool, counted once;
	// nil when nothing.
	Saving *Saving `json:"saving,omitempty"`
	// UnmeasuredSpend is the annual cost of a paid, seat-based tool without
	// usage data: spend whose waste is unknown.
	UnmeasuredSpend decimal.Decimal `json:"unmeasured_spend"`
	Capabilities    []string        `json:"capabilities"`
	Scope           []string        `json:"scope"`
	Stages          []string        `json:"stages"`
	ContractEnd     *time.Time      `json:"contract_end,omitempty"`
	NoticeDeadline  *time.Time      `json:"notice_deadline,omitempty"`
	AutoRenew       bool            `json:"auto_renew"`
	DPA             bool            `json:"dpa"`
	SSO             *bool           `json:"sso,omitempty"`
	Location        Location        `json:"location"`
}

// Overlap is a group of active tools with intersecting scopes that provide
// the same capabilities: a consolidation candidate.
type Overlap struct {
	Capabilities []string        `json:"capabilities"`
	Tools        []string        `json:"tools"`
	CombinedCost decimal.Decimal `json:"combined_cost"`
	// Decision is consolidate or measure-first (a tool of the group has no
	// usage data: the tool to keep is not guessed and nothing is saved).
	Decision string `json:"decision"`
	// Unmeasured are the tools of the group without usage data.
	Unmeasured []string `json:"unmeasured"`
	// Keep is the tool the others consolidate onto ("" for measure-first):
	// a tool with active users before one without, then the cheaper.
	Keep string `json:"keep"`
	// Drops are the other tools with what dropping each saves.
	Drops []OverlapDrop `json:"drops"`
	// EstimatedSaving is the sum of the drops' savings.
	EstimatedSaving decimal.Decimal `json:"estimated_saving"`
	// Counted is true when the saving counts in the Summary's
	// consolidation savings: decided and not waived.
	Counted bool `json:"counted"`
	// SharedUsers are users active in 30 days in more than one of the tools
	// (from the snapshot), by email.
	SharedUsers []string `json:"shared_users"`
	// Waiver is the waiver of the overlap's redundant-capability finding;
	// a waived overlap's saving is not counted in the summary.
	Waiver *AppliedWaiver `json:"waiver,omitempty"`
}

// OverlapDrop is one tool an overlap drops: its annual cost not already
// saved by cancelling it or right-sizing it, times the share of its
// capabilities the kept tool provides.
type OverlapDrop struct {
	Tool   string          `json:"tool"`
	Saving decimal.Decimal `json:"saving"`
}

// Renewal is a contract's position against the as-of date.
type Renewal struct {
	Tool           string    `json:"tool"`
	End            time.Time `json:"end"`
	AutoRenew      bool      `json:"auto_renew"`
	NoticeDays     int       `json:"notice_days"`
	NoticeDeadline time.Time `json:"notice_deadline"`
	DaysLeft       int       `json:"days_left"` // until the notice deadline (auto-renewing) or the end
	// DaysToNotice is the days until the notice deadline of an
	// auto-renewing contract (negative once passed); nil otherwise.
	DaysToNotice *int `json:"days_to_notice,omitempty"`
	// DaysToEnd is the days until the contract ends (negative once ended).
	DaysToEnd int `json:"days_to_end"`
	// State is ended, notice-missed (deadline passed, not renewed yet),
	// notice-open (auto-renewing, deadline ahead) or ends (no auto-renew).
	State       string          `json:"state"`
	Owner       string          `json:"owner,omitempty"`
	Utilization *float64        `json:"utilization,omitempty"`
	AnnualCost  decimal.Decimal `json:"annual_cost"`
	Action      string          `json:"action"`
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

// Seat row kinds.
const (
	SeatInactive   = "inactive"   // a user holding a seat, not active in 30 days
	SeatUnassigned = "unassigned" // seats bought that nobody holds
	SeatBuffer     = "buffer"     // the growth buffer kept (a negative amount)
	SeatContract   = "contract"   // a cancelled flat-fee contract, whole
)

// SeatFact is one row of the reclaimable seats: an inactive user, the
// unassigned seats of a tool, its growth buffer, or a whole flat-fee
// contract being cancelled.
type SeatFact struct {
	Kind string `json:"kind"`
	// Count is the seats of the row: 1 for a user, negative for the buffer.
	Count int `json:"count"`
	// Amount is Count × SeatCost (the whole cost for a contract row).
	Amount decimal.Decimal `json:"amount"`
	// When is when the saving can be realised (see Saving.When).
	When       *time.Time `json:"when,omitempty"`
	Tool       string     `json:"tool"`
	ToolName   string     `json:"tool_name"`
	UserID     string     `json:"user_id"`
	Email      string     `json:"email"`
	LastActive *time.Time `json:"last_active,omitempty"`
	// DaysInactive is nil when the user was never seen active.
	DaysInactive *int `json:"days_inactive,omitempty"`
	// SeatCost is the contract's annual price of one seat.
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
	// EstimatedAnnual is Users × the catalog's list price per seat for a
	// year, in the organization's currency: what the tool would cost at list
	// price, not what anyone pays. Nil without a list price, a user count or
	// an exchange rate; PriceNote then says which.
	EstimatedAnnual *decimal.Decimal `json:"estimated_annual,omitempty"`
	// ListPrice is the catalog price the estimate uses ("USD 8.00 per seat
	// per month (Starter, billed annually)"); PriceSource is the address of
	// the page it was read from and PriceRead the date it was read.
	ListPrice   string `json:"list_price,omitempty"`
	PriceSource string `json:"price_source,omitempty"`
	PriceRead   string `json:"price_read,omitempty"`
	PriceNote   string `json:"price_note,omitempty"`
	// AnnualSpend is what a spend feed shows paid for it a year, in the
	// organization's currency (nil for items a spend feed did not see).
	AnnualSpend *decimal.Decimal `json:"annual_spend,omitempty"`
}

// DuplicatePurchase is one product paid separately by several payers, as
// a spend feed shows it.
type DuplicatePurchase struct {
	// Key is the product id (or merchant), Name its name; Tools the
	// declared tools it matches.
	Key   string   `json:"key"`
	Name  string   `json:"name"`
	Tools []string `json:"tools"`
	// Purchases are the payers, largest first; Keep is the first.
	Purchases []PurchaseFact `json:"purchases"`
	// Saving is the annual spend of every purchase but the largest.
	Saving decimal.Decimal `json:"saving"`
}

// PurchaseFact is one payer's annualised spend on a product.
type PurchaseFact struct {
	Payer   string          `json:"payer"`
	Team    string          `json:"team,omitempty"`
	Cadence string          `json:"cadence"`
	Annual  decimal.Decimal `json:"annual"`
	Source  string          `json:"source"`
}

// UsageBasis says, in a reader's words, what a tool's usage numbers count
// when it is not the default (paid seats, activity in the tool), for the
// report's usage lines and the workbook: "" otherwise.
func (t *ToolFact) UsageBasis() string {
	if t == nil {
		return ""
	}
	var parts []string
	if t.Unit == "contacts" {
		s := "contacts, not seats"
		if t.Contacts != nil {
			s += fmt.Sprintf(": %s stored", digits.Int(*t.Contacts))
			if t.ContactLimit != nil {
				s += fmt.Sprintf(" of the plan's %s", digits.Int(*t.ContactLimit))
			}
		}
		parts = append(parts, s)
	}
	if t.SeatsCount == "users" {
		parts = append(parts, "assigned counts users, not paid seats")
	}
	switch t.ActivitySource {
	case "account_wide":
		parts = append(parts, "activity is the last account-wide sign-in to the identity provider, not to the app")
	case "mixed":
		parts = append(parts, "activity is sign-in to the app, or account-wide sign-in for users without one")
	case "record_modified":
		parts = append(parts, "activity is when each user's SCIM record last changed, not a sign-in")
	case "vendor_attribute":
		parts = append(parts, "activity is a vendor attribute, not a confirmed sign-in")
	}
	return strings.Join(parts, "; ")
}
