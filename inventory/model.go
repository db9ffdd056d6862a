package inventory

import (
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/shopspring/decimal"

	"github.com/stackaudit/stackaudit/inventory/catalog"
)

// Inventory is one loaded configuration: every block of every file, with
// references resolved to pointers. Slices are sorted by ID so that every
// consumer iterates in the same order regardless of file layout.
type Inventory struct {
	Dir string
	// Files holds every parsed file by the name used in ranges, so that
	// diagnostics can be printed with their source lines.
	Files   map[string]*hcl.File
	Catalog *catalog.Catalog

	// Organization is never nil: an inventory without an organization block
	// gets the defaults (currency USD, fiscal year from 01-01).
	Organization *Organization
	Teams        []*Team
	Objectives   []*Objective
	DataClasses  []*DataClass
	Capabilities []*Capability
	Tools        []*Tool
	Flows        []*Flow
	Discoveries  []*Discovery
	Rules        []*Rule
	Policies     []*Policy
	Waivers      []*Waiver
	// PolicyTests are the policy_test blocks (`stackaudit test`).
	PolicyTests []*PolicyTest

	index index
}

type index struct {
	teams        map[string]*Team
	objectives   map[string]*Objective
	dataClasses  map[string]*DataClass
	capabilities map[string]*Capability
	tools        map[string]*Tool
	flows        map[string]*Flow
}

// Team returns the team with the given id, or nil.
func (inv *Inventory) Team(id string) *Team { return inv.index.teams[id] }

// Objective returns the objective with the given id, or nil.
func (inv *Inventory) Objective(id string) *Objective { return inv.index.objectives[id] }

// DataClass returns the data class with the given id, or nil.
func (inv *Inventory) DataClass(id string) *DataClass { return inv.index.dataClasses[id] }

// Tool returns the tool with the given id, or nil.
func (inv *Inventory) Tool(id string) *Tool { return inv.index.tools[id] }

// Flow returns the flow with the given id, or nil.
func (inv *Inventory) Flow(id string) *Flow { return inv.index.flows[id] }

// Capability returns the custom capability with the given id, or nil.
func (inv *Inventory) Capability(id string) *Capability { return inv.index.capabilities[id] }

// Source is where a model element was declared. Every finding about an
// element points at DeclRange, or at the range of the attribute it is about.
type Source struct {
	DeclRange hcl.Range
	// attrs is a slice, not a map: a large inventory has hundreds of
	// thousands of elements with a handful of attributes each, and maps
	// made up most of its memory.
	attrs []attrRange
	// partial marks an element from a file with syntax errors: it is
	// known by its label only and gets no checks of its own.
	partial bool
}

type attrRange struct {
	name string
	rng  hcl.Range
}

// AttrRange is the range of the named attribute's expression, or the block's
// declaration range when the attribute is absent (a finding about a missing
// owner points at the tool itself).
func (s Source) AttrRange(name string) hcl.Range {
	for _, a := range s.attrs {
		if a.name == name {
			return a.rng
		}
	}
	return s.DeclRange
}

// HasAttr reports whether the attribute was written in the source.
func (s Source) HasAttr(name string) bool {
	for _, a := range s.attrs {
		if a.name == name {
			return true
		}
	}
	return false
}

// Organization is the organization block, or its defaults.
type Organization struct {
	Source
	Declared bool
	Name     string
	Currency string
	// ExchangeRates maps a currency code to the value of one unit of it in
	// Currency.
	ExchangeRates   map[string]decimal.Decimal
	FiscalYearStart MonthDay
	OperatingModel  string
	// PseudonymizeUsers makes scan store users as keyed pseudonyms, with
	// the key read from the environment variable PseudonymKeyEnv (default
	// DefaultPseudonymKeyEnv); only scan reads it.
	PseudonymizeUsers bool
	PseudonymKeyEnv   string
}

// DefaultPseudonymKeyEnv is the environment variable that holds the
// pseudonym key when the organization block names none.
const DefaultPseudonymKeyEnv = "STACKAUDIT_PSEUDONYM_KEY"

// MonthDay is a day of the year, as in fiscal_year_start = "02-01".
type MonthDay struct {
	Month time.Month
	Day   int
}

// Team is a team, agency or vendor that owns tools, flows or data.
type Team struct {
	Source
	ID     string
	Name   string
	Lead   string
	Parent *Team
	Kind   string
}

// Objective is a business objective that spend must ladder up to.
type Objective struct {
	Source
	ID    string
	Name  string
	Owner *Team
	KPIs  []string
}

// DataClass is a kind of data, such as contact PII.
type DataClass struct {
	Source
	ID          string
	Name        string
	Sensitivity string
	Steward     *Team
}

// Personal reports whether the class holds personal or sensitive data.
func (d *DataClass) Personal() bool {
	return d.Sensitivity == SensitivityPersonal || d.Sensitivity == SensitivitySensitive
}

// Capability is a custom capability declared in the inventory, extending the
// built-in taxonomy.
type Capability struct {
	Source
	ID       string
	Name     string
	Category string
}

// Tool is one purchased or used product.
type Tool struct {
	Source
	ID string
	// Name is the written name, else the catalog product's, else the label.
	Name   string
	Vendor string
	// ProductID is the catalog id as written; Product is its catalog entry,
	// nil when the id is not in the catalog (a warning) or absent.
	ProductID string
	Product   *catalog.Product
	Category  string
	// Capabilities are the declared capabilities, or the catalog product's
	// when none are declared.
	Capabilities []string
	// capabilityRanges are where each declared capability was written, to
	// underline the unknown one.
	capabilityRanges []hcl.Range
	Owner            *Team
	Admins           []string
	Objectives       []*Objective
	Status           string
	Scope            []string
	Stages           []string
	// SSO is nil when the inventory does not say; only an explicit false
	// is a finding.
	SSO      *bool
	Stores   []*DataClass
	Cost     *Cost
	Contract *Contract
	Scan     *Scan
}

// Cost is what a tool costs, in its own currency.
type Cost struct {
	Source
	Amount   decimal.Decimal
	Currency string
	Period   string
	// Seats is nil for flat fees.
	Seats *int
}

// PeriodsPerYear converts a cost period into a yearly multiplier.
func (c *Cost) PeriodsPerYear() int64 {
	switch c.Period {
	case PeriodMonth:
		return 12
	case PeriodQuarter:
		return 4
	default:
		return 1
	}
}

// Annual is the yearly cost in the cost's own currency.
func (c *Cost) Annual() decimal.Decimal {
	return c.Amount.Mul(decimal.NewFromInt(c.PeriodsPerYear()))
}

// Contract is a tool's contract terms. Zero dates are absent ones.
type Contract struct {
	Source
	Start     time.Time
	End       time.Time
	AutoRenew bool
	// NoticeDays is nil when not written.
	NoticeDays *int
	// DPA is nil when not written; only true counts as a DPA in place.
	DPA *bool
}

// NoticeDeadline is the last day to cancel an auto-renewing contract
// (end − notice_days), and false when there is no end date.
func (c *Contract) NoticeDeadline() (time.Time, bool) {
	if c.End.IsZero() {
		return time.Time{}, false
	}
	days := 0
	if c.NoticeDays != nil {
		days = *c.NoticeDays
	}
	return c.End.AddDate(0, 0, -days), true
}

// Scan is a tool's `scan "KIND"` block. Body holds the kind's own settings,
// decoded by that scanner.
type Scan struct {
	Source
	Kind     string
	TokenEnv string
	Host     string
	Body     hcl.Body
}

// Flow is data moving from one tool to another.
type Flow struct {
	Source
	ID        string
	From      *Tool
	To        *Tool
	Data      []*DataClass
	Owner     *Team
	Via       *Tool
	Method    string
	Frequency string
}

// Discovery is an org-wide discovery source. Body holds the kind's own
// settings, decoded by that discoverer.
type Discovery struct {
	Source
	Kind     string
	TokenEnv string
	Host     string
	Body     hcl.Body
}

// Rule configures a built-in rule. Body holds the rule's own parameters,
// decoded by the policies package, which knows each rule's schema.
type Rule struct {
	Source
	ID       string
	Enabled  *bool
	Severity string
	Body     hcl.Body
}

// Policy is a custom rule written in HCL expressions, evaluated by the
// policies package.
type Policy struct {
	Source
	ID          string
	Severity    string
	Description string
	// ForEach is the collection name (tools, flows, teams, objectives,
	// data_classes) when the expression is a plain collection reference.
	ForEach     string
	ForEachExpr hcl.Expression
	Condition   hcl.Expression
	Message     hcl.Expression
}

// Waiver exempts findings of a rule, optionally for some subjects only.
type Waiver struct {
	Source
	ID         string
	Rule       string
	Subjects   []Subject
	Reason     string
	ApprovedBy string
	Expires    time.Time
}

// Subject names one model element by kind and id, as a waiver or finding
// refers to it.
type Subject struct {
	Kind  string // "tool", "flow", "team", ...
	ID    string
	Range hcl.Range
}

// String is the reference form, e.g. "tool.hubspot".
func (s Subject) String() string { return s.Kind + "." + s.ID }
