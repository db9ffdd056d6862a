package result

import (
	"time"

	"github.com/shopspring/decimal"
)

// Action kinds: the decisions the Actions list proposes. The money ones
// (cancel, right-size, consolidate) carry the annual saving; give-notice
// names the annual cost at stake in its detail but carries no amount (it
// saves nothing by itself); the fix ones carry no money and rank by the
// sensitivity of the data involved.
const (
	ActionCancel       = "cancel"
	ActionRightSize    = "right-size"
	ActionConsolidate  = "consolidate"
	ActionGiveNotice   = "give-notice"
	ActionFixOwnership = "fix-ownership"
	ActionFixDPA       = "fix-dpa"
	// ActionCancelDuplicate stops the smaller purchases of a product paid
	// twice; its amount is their annual spend in the spend feed, which
	// is not in the inventory's costs and so not in the total savings.
	ActionCancelDuplicate = "cancel-duplicate"
)

// Overlap decisions.
const (
	// DecisionConsolidate: every tool of the group has usage data, so the
	// tool to keep is chosen and the saving counted.
	DecisionConsolidate = "consolidate"
	// DecisionMeasureFirst: a tool of the group has no usage data, so
	// which one to keep is not guessed and no saving is counted.
	DecisionMeasureFirst = "measure-first"
)

// SeatPosition is a measured tool's seats under the money model (see
// docs/money.md): every purchased seat is unassigned (nobody holds it),
// inactive (held, no activity in the 30 days before the audit) or
// active. Reclaimable = unassigned + inactive − buffer, never below zero.
type SeatPosition struct {
	Purchased  int `json:"purchased"`
	Assigned   int `json:"assigned"`
	Active     int `json:"active"`
	Unassigned int `json:"unassigned"`
	Inactive   int `json:"inactive"`
	// Buffer is the growth buffer kept on top of the active seats:
	// ceil(buffer × purchased).
	Buffer      int `json:"buffer"`
	Reclaimable int `json:"reclaimable"`
	// Recommended is the seat count to buy at renewal: purchased −
	// reclaimable.
	Recommended int `json:"recommended"`
}

// Saving is one tool's share of the money the Actions list can save,
// counted once: a cancelled tool's whole cost, else its reclaimable seats,
// else (for a tool consolidated onto another) what remains of its cost.
type Saving struct {
	Kind   string          `json:"kind"` // cancel, right-size or consolidate
	Amount decimal.Decimal `json:"amount"`
	// When is the first date the saving can be realised: the contract's
	// next end (renewal) date, the audit date for a contract that has
	// ended (month to month), nil when the tool declares no contract end.
	When *time.Time `json:"when,omitempty"`
}

// Action is one row of the Actions list: a decision for the renewal
// meeting, ranked by money and urgency.
type Action struct {
	Rank int    `json:"rank"`
	Kind string `json:"kind"`
	// Tools are the tool ids the decision is about; for consolidate the
	// first is the tool to keep.
	Tools []string `json:"tools"`
	// Title names the decision ("Cancel Sprout Social Advanced"); Detail
	// says what exactly and why.
	Title  string `json:"title"`
	Detail string `json:"detail"`
	// Amount is the annual saving (cancel, right-size, consolidate), zero
	// for the others: the Actions total is the total savings.
	Amount decimal.Decimal `json:"amount"`
	// AtStake is the annual cost of the contract a give-notice decision
	// renews or ends; zero for the others.
	AtStake decimal.Decimal `json:"at_stake"`
	// ActBy is the date by which to decide: the notice deadline of an
	// auto-renewing contract, else the contract end; nil when unknown.
	ActBy *time.Time `json:"act_by,omitempty"`
	// Owner is the owning team id ("" when the tool has none).
	Owner string `json:"owner,omitempty"`
	// Evidence says what the decision rests on: the usage and when it was
	// measured, the contract dates, the flow.
	Evidence string `json:"evidence"`
	// Location is where the fix-* actions' subject is declared.
	Location *Location `json:"location,omitempty"`
	// Sensitivity is the highest sensitivity of the data involved, for
	// the fix-* actions.
	Sensitivity string `json:"sensitivity,omitempty"`
	// Rule and Fingerprint name the finding the action answers, when one
	// does.
	Rule        string `json:"rule,omitempty"`
	Fingerprint string `json:"fingerprint,omitempty"`
	// Status is for the meeting to fill in; always "" when generated.
	Status string `json:"status"`
}
