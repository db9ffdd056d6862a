package inventory

// The enumerations of the language. Each list is the single source for its
// validation, its "did you mean" suggestion and the language docs.

const (
	SensitivityPublic    = "public"
	SensitivityInternal  = "internal"
	SensitivityPersonal  = "personal"
	SensitivitySensitive = "sensitive"

	StatusActive   = "active"
	StatusTrial    = "trial"
	StatusRetiring = "retiring"
	StatusRetired  = "retired"

	PeriodYear    = "year"
	PeriodQuarter = "quarter"
	PeriodMonth   = "month"

	TeamInternal = "internal"
	TeamAgency   = "agency"
	TeamVendor   = "vendor"

	// ScopeGlobal intersects every other scope.
	ScopeGlobal = "global"
)

var (
	operatingModels = []string{"center-of-excellence", "reports-to-sales", "outsourced", "decentralized"}
	teamKinds       = []string{TeamInternal, TeamAgency, TeamVendor}
	sensitivities   = []string{SensitivityPublic, SensitivityInternal, SensitivityPersonal, SensitivitySensitive}
	statuses        = []string{StatusActive, StatusTrial, StatusRetiring, StatusRetired}
	stages          = []string{"awareness", "consideration", "conversion", "onboarding", "retention", "advocacy"}
	periods         = []string{PeriodYear, PeriodQuarter, PeriodMonth}
	methods         = []string{"native", "api", "file", "etl", "reverse-etl", "cdp", "manual"}
	frequencies     = []string{"realtime", "hourly", "daily", "weekly", "monthly", "ad-hoc"}
	severities      = []string{"critical", "high", "medium", "low", "info"}
	// collections are what a policy's for_each may name.
	collections = []string{"tools", "flows", "teams", "objectives", "data_classes"}
)

// Severities lists the severity levels, most severe first.
func Severities() []string { return append([]string(nil), severities...) }

// Stages lists the customer-journey stages a tool's stages may name, in
// journey order (the dashboard's stack map columns).
func Stages() []string { return append([]string(nil), stages...) }

// Collections lists the names a policy's for_each may use.
func Collections() []string { return append([]string(nil), collections...) }
