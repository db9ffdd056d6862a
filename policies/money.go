package policies

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/stackaudit/stackaudit/internal/plural"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/usage"
)

// This file is the money model (docs/money.md): the one place where seats
// become waste, overlaps become savings and both become actions. Every
// output reads the figures it fills in; none computes its own.

// moneyParams are the money model's settings, read from the right-size
// rule's block (buffer) and the redundant-capability rule's (min_saving),
// whether or not those rules are enabled: disabling a finding must not
// change a figure.
type moneyParams struct {
	// buffer is the share of purchased seats kept as a growth buffer.
	buffer float64
}

func moneyParamsOf(configs map[string]*Config) moneyParams {
	p := moneyParams{buffer: 0.10}
	if c := configs["right-size"]; c != nil {
		p.buffer = c.Number("buffer")
	}
	return p
}

// seatMoney fills a measured tool's seat position and its saving: the
// whole cost for a paid tool nobody used in 90 days (cancel), else the
// reclaimable seats at the contract's seat price (right-size). A flat-fee
// contract has no seat price, so its idle users save nothing on their own.
func seatMoney(tf *result.ToolFact, t *inventory.Tool, u *usage.ToolUsage, asOf time.Time, p moneyParams) {
	seatBased := tf.HasCost && tf.AnnualCost.IsPositive() && t.Cost.Seats != nil
	if !tf.Measured {
		if seatBased && *t.Cost.Seats > 0 {
			price := tf.AnnualCost.Div(decimal.NewFromInt(int64(*t.Cost.Seats))).Round(2)
			tf.SeatPrice = &price
		}
		if tf.Seats != nil && tf.AnnualCost.IsPositive() {
			tf.UnmeasuredSpend = tf.AnnualCost
		}
		return
	}
	// Purchased seats are the vendor's figure when it gives one, else the
	// inventory's, and never fewer than the seats held (an inventory count
	// out of date). The seat price divides by them, so that reclaiming
	// every seat never saves more than the contract costs.
	assigned, active := u.Seats.Assigned, min(u.Active.D30, u.Seats.Assigned)
	purchased := assigned
	if tf.Seats != nil {
		purchased = max(*tf.Seats, assigned)
	}
	if seatBased && purchased > 0 {
		price := tf.AnnualCost.Div(decimal.NewFromInt(int64(purchased))).Round(2)
		tf.SeatPrice = &price
	}
	pos := &result.SeatPosition{Purchased: purchased, Assigned: assigned, Active: active,
		Unassigned: purchased - assigned, Inactive: assigned - active}
	pos.Buffer = int(math.Ceil(p.buffer*float64(purchased) - 1e-9))
	pos.Reclaimable = max(0, pos.Unassigned+pos.Inactive-pos.Buffer)
	pos.Recommended = purchased - pos.Reclaimable
	tf.SeatPosition = pos

	when := savingDate(t, asOf)
	switch {
	case t.Status != inventory.StatusActive && t.Status != inventory.StatusTrial, !tf.AnnualCost.IsPositive():
	case *tf.Active90 == 0:
		tf.Saving = &result.Saving{Kind: result.ActionCancel, Amount: tf.AnnualCost, When: when}
	case t.Status == inventory.StatusActive && tf.SeatPrice != nil && pos.Reclaimable > 0:
		amount := tf.SeatPrice.Mul(decimal.NewFromInt(int64(pos.Reclaimable)))
		tf.Saving = &result.Saving{Kind: result.ActionRightSize, Amount: amount, When: when}
	}
	if tf.Saving != nil {
		tf.UnusedSeatCost = tf.Saving.Amount
	}
}

// savingDate is the first date a saving can be realised: the contract's
// end (its renewal), the audit date once the contract has ended (it runs
// month to month), nil without a declared end.
func savingDate(t *inventory.Tool, asOf time.Time) *time.Time {
	if t.Contract == nil || t.Contract.End.IsZero() {
		return nil
	}
	d := t.Contract.End
	if d.Before(asOf) {
		d = asOf
	}
	return &d
}

// seatRows lists the reclaimable seats row by row, so that the rows of a
// tool add up to its saving: a cancelled tool is one row for the whole
// contract; a right-sized one lists its inactive users (most idle first),
// its unassigned seats and, as a negative row, the growth buffer kept.
func seatRows(snap *usage.Snapshot, f *result.Facts, asOf time.Time) []*result.SeatFact {
	out := []*result.SeatFact{}
	since := asOf.AddDate(0, 0, -30)
	for _, tf := range f.Tools {
		s := tf.Saving
		if s == nil || (s.Kind != result.ActionCancel && s.Kind != result.ActionRightSize) {
			continue
		}
		base := result.SeatFact{Tool: tf.ID, ToolName: tf.Name, When: s.When}
		if s.Kind == result.ActionCancel {
			row := base
			row.Kind, row.Amount = result.SeatContract, s.Amount
			if tf.SeatPrice != nil {
				row.SeatCost = *tf.SeatPrice
			}
			if tf.SeatPosition != nil {
				row.Count = tf.SeatPosition.Purchased
			}
			out = append(out, &row)
			continue
		}
		price, pos := *tf.SeatPrice, tf.SeatPosition
		var idle []*result.SeatFact
		for _, user := range snap.Tools[tf.ID].Users {
			if user.LastActive != nil && !user.LastActive.Before(since) {
				continue
			}
			row := base
			row.Kind, row.Count, row.SeatCost, row.Amount = result.SeatInactive, 1, price, price
			row.UserID, row.Email, row.LastActive = user.ID, user.Email, user.LastActive
			if user.LastActive != nil {
				last := user.LastActive.UTC()
				day := time.Date(last.Year(), last.Month(), last.Day(), 0, 0, 0, 0, time.UTC)
				days := int(asOf.Sub(day).Hours() / 24)
				row.DaysInactive = &days
			}
			idle = append(idle, &row)
		}
		sortSeatRows(idle)
		// The counts decide the money; the user list only names them. A
		// vendor that lists fewer idle users than its counts imply gets a
		// row for the rest.
		if len(idle) > pos.Inactive {
			idle = idle[:pos.Inactive]
		}
		out = append(out, idle...)
		add := func(kind string, n int) {
			if n == 0 {
				return
			}
			row := base
			row.Kind, row.Count, row.SeatCost = kind, n, price
			row.Amount = price.Mul(decimal.NewFromInt(int64(n)))
			out = append(out, &row)
		}
		add(result.SeatInactive, pos.Inactive-len(idle))
		add(result.SeatUnassigned, pos.Unassigned)
		kept := pos.Unassigned + pos.Inactive - pos.Reclaimable
		add(result.SeatBuffer, -kept)
	}
	return out
}

// sortSeatRows puts the users never seen active first, then the longest
// idle, then by tool and email.
func sortSeatRows(rows []*result.SeatFact) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		switch {
		case (a.DaysInactive == nil) != (b.DaysInactive == nil):
			return a.DaysInactive == nil
		case a.DaysInactive != nil && *a.DaysInactive != *b.DaysInactive:
			return *a.DaysInactive > *b.DaysInactive
		case a.Tool != b.Tool:
			return a.Tool < b.Tool
		default:
			return a.Email < b.Email
		}
	})
}

// decideOverlap chooses the tool a group consolidates onto and what
// dropping each other tool saves. Usage decides first: with a tool of the
// group unmeasured, nothing is guessed (measure first); a tool with active
// users is never dropped for one without; then the cheaper is kept, then
// the one more people use, then the first id. A dropped tool saves what
// its cancel or right-size saving did not already count, times the share
// of its capabilities the group covers, so that no money is counted twice.
func decideOverlap(inv *inventory.Inventory, f *result.Facts, g *result.Overlap) {
	g.Unmeasured, g.Drops = []string{}, []result.OverlapDrop{}
	for _, id := range g.Tools {
		if !f.Tool(id).Measured {
			g.Unmeasured = append(g.Unmeasured, id)
		}
	}
	if len(g.Unmeasured) > 0 {
		g.Decision = result.DecisionMeasureFirst
		return
	}
	g.Decision = result.DecisionConsolidate
	anyActive := false
	for _, id := range g.Tools {
		anyActive = anyActive || *f.Tool(id).Active30 > 0
	}
	keep := ""
	for _, id := range g.Tools {
		tf := f.Tool(id)
		if anyActive && *tf.Active30 == 0 {
			continue
		}
		if keep == "" || betterToKeep(tf, f.Tool(keep)) {
			keep = id
		}
	}
	g.Keep = keep
	for _, id := range g.Tools {
		if id == keep {
			continue
		}
		g.Drops = append(g.Drops, result.OverlapDrop{Tool: id, Saving: dropSaving(inv, f.Tool(id), len(g.Capabilities))})
	}
	for _, d := range g.Drops {
		g.EstimatedSaving = g.EstimatedSaving.Add(d.Saving)
	}
}

// betterToKeep orders two candidate tools of an overlap: the cheaper,
// then the one with more users active in 30 days; ties keep the earlier
// id (the caller goes through ids in order).
func betterToKeep(a, b *result.ToolFact) bool {
	if !a.AnnualCost.Equal(b.AnnualCost) {
		return a.AnnualCost.LessThan(b.AnnualCost)
	}
	return *a.Active30 > *b.Active30
}

// dropSaving is what dropping a tool from a group sharing n of its
// capabilities saves on top of its own saving. A tool is in one group per
// capability, so its drop savings over all groups never exceed its cost.
func dropSaving(inv *inventory.Inventory, tf *result.ToolFact, n int) decimal.Decimal {
	caps := len(distinct(inv.Tool(tf.ID).Capabilities))
	if caps == 0 || (tf.Saving != nil && tf.Saving.Kind == result.ActionCancel) {
		return decimal.Zero
	}
	rest := tf.AnnualCost
	if tf.Saving != nil {
		rest = rest.Sub(tf.Saving.Amount)
	}
	return rest.Mul(decimal.NewFromInt(int64(n))).Div(decimal.NewFromInt(int64(caps))).Round(2)
}

// potentialSaving is, for an overlap still to be measured, what keeping
// its cheapest tool would save: the most the group can save, which
// decides whether the overlap is worth a finding above info.
func potentialSaving(inv *inventory.Inventory, f *result.Facts, g *result.Overlap) decimal.Decimal {
	if g.Decision == result.DecisionConsolidate {
		return g.EstimatedSaving
	}
	cheapest := g.Tools[0]
	for _, id := range g.Tools[1:] {
		if f.Tool(id).AnnualCost.LessThan(f.Tool(cheapest).AnnualCost) {
			cheapest = id
		}
	}
	total := decimal.Zero
	for _, id := range g.Tools {
		if id != cheapest {
			total = total.Add(dropSaving(inv, f.Tool(id), len(g.Capabilities)))
		}
	}
	return total
}

// renewalState classifies a contract against the audit date.
func renewalState(c *inventory.Contract, deadline, asOf time.Time) string {
	switch {
	case c.End.Before(asOf):
		return "ended"
	case c.AutoRenew && deadline.Before(asOf):
		return "notice-missed"
	case c.AutoRenew:
		return "notice-open"
	default:
		return "ends"
	}
}

// moneySummary fills the Summary's money figures from the facts, so that
// each equals the total of the table it summarises.
func moneySummary(s *result.Summary, r *result.Result) {
	for _, t := range r.Tools {
		s.AnnualSpend = s.AnnualSpend.Add(t.AnnualCost)
		if t.UnmeasuredSpend.IsPositive() {
			s.UnmeasuredSpend = s.UnmeasuredSpend.Add(t.UnmeasuredSpend)
			s.UnmeasuredTools++
		}
	}
	for _, row := range r.Seats {
		s.EstimatedWaste = s.EstimatedWaste.Add(row.Amount)
	}
	for _, o := range r.Overlaps {
		o.Counted = o.Decision == result.DecisionConsolidate && o.Waiver == nil && o.EstimatedSaving.IsPositive()
		if o.Counted {
			s.ConsolidationSavings = s.ConsolidationSavings.Add(o.EstimatedSaving)
		}
	}
	s.TotalSavings = s.EstimatedWaste.Add(s.ConsolidationSavings)
	for _, rn := range r.Renewals {
		switch {
		case rn.State == "notice-missed":
			s.NoticeMissed++
			s.RenewalsNext90++
		case rn.State != "ended" && rn.DaysLeft >= 0 && rn.DaysLeft <= 90:
			s.RenewalsNext90++
		}
	}
}

// actions turns the money model and the ownership findings into the
// ranked decisions of the Actions list. Cancel and right-size list every
// saving (their total is the waste), consolidate every counted overlap;
// give-notice covers the contracts to decide on within 90 days that no
// money action covers; the fix actions answer the ownership and DPA
// findings that are not waived.
func actions(inv *inventory.Inventory, r *result.Result, takenAt string, asOf time.Time) []*result.Action {
	cur := r.Currency
	byFingerprint := map[string]*result.Finding{}
	for i := range r.Findings {
		byFingerprint[r.Findings[i].Fingerprint] = &r.Findings[i]
	}
	answer := func(a *result.Action, rule string, subjects ...result.Subject) {
		fp := result.Fingerprint(rule, subjects)
		if f := byFingerprint[fp]; f != nil {
			a.Rule, a.Fingerprint = rule, fp
			if f.Waiver != nil {
				a.Evidence += fmt.Sprintf(" The %s finding is waived until %s: %s.", rule, f.Waiver.Expires, f.Waiver.Reason)
			}
		}
	}
	renewal := map[string]*result.Renewal{}
	for _, rn := range r.Renewals {
		renewal[rn.Tool] = rn
	}
	out := []*result.Action{}
	covered := map[string]bool{}
	for _, tf := range r.Tools {
		s := tf.Saving
		if s == nil {
			continue
		}
		t := inv.Tool(tf.ID)
		a := &result.Action{Kind: s.Kind, Tools: []string{tf.ID}, Amount: s.Amount, Owner: tf.Owner,
			ActBy: actBy(renewal[tf.ID], s.When), Evidence: usageEvidence(tf, takenAt) + contractEvidence(renewal[tf.ID])}
		pos := tf.SeatPosition
		switch s.Kind {
		case result.ActionCancel:
			a.Title = "Cancel " + t.Name
			a.Detail = fmt.Sprintf("No user was active in %s in the 90 days before %s; it costs %s a year.", t.Name, asOf.Format("2006-01-02"), money(cur, tf.AnnualCost))
			answer(a, "inactive-tool", result.ToolSubject(t))
		case result.ActionRightSize:
			a.Title = fmt.Sprintf("Right-size %s to %d seats", t.Name, pos.Recommended)
			a.Detail = fmt.Sprintf("%s purchased, %d assigned, %d active in 30 days: keep %d (active + a buffer of %d), reclaim %s at %s.",
				redundancyCount(pos.Purchased, "seat", "seats"), pos.Assigned, pos.Active, pos.Recommended, pos.Buffer,
				redundancyCount(pos.Reclaimable, "seat", "seats"), whenText(s.When))
			answer(a, "right-size", result.ToolSubject(t))
		}
		covered[tf.ID] = true
		out = append(out, a)
	}
	for _, o := range r.Overlaps {
		if !o.Counted {
			continue
		}
		keep := inv.Tool(o.Keep)
		names := make([]string, 0, len(o.Drops))
		tools := []string{o.Keep}
		subjects := make([]result.Subject, 0, len(o.Tools))
		var by *time.Time
		for _, id := range o.Tools {
			subjects = append(subjects, result.ToolSubject(inv.Tool(id)))
		}
		for _, d := range o.Drops {
			names = append(names, inv.Tool(d.Tool).Name)
			tools = append(tools, d.Tool)
			if d := actBy(renewal[d.Tool], savingDate(inv.Tool(d.Tool), asOf)); d != nil && (by == nil || d.Before(*by)) {
				by = d
			}
		}
		a := &result.Action{Kind: result.ActionConsolidate, Tools: tools, Amount: o.EstimatedSaving, ActBy: by,
			Owner:  r.Tool(o.Keep).Owner,
			Title:  fmt.Sprintf("Consolidate %s onto %s", redundancyJoin(names, redundancyMaxNames), keep.Name),
			Detail: fmt.Sprintf("They share %s; %s is kept (%s).", redundancyJoin(o.Capabilities, redundancyMaxNames), keep.Name, keepReason(r, o)),
		}
		a.Evidence = usageEvidence(r.Tool(o.Keep), takenAt)
		answer(a, "redundant-capability", subjects...)
		out = append(out, a)
	}
	for _, rn := range r.Renewals {
		if covered[rn.Tool] || !(rn.State == "notice-missed" || rn.State == "notice-open" && rn.DaysLeft <= 90) {
			continue
		}
		t := inv.Tool(rn.Tool)
		a := &result.Action{Kind: result.ActionGiveNotice, Tools: []string{rn.Tool}, Owner: rn.Owner, AtStake: rn.AnnualCost,
			Evidence: contractEvidence(rn)[1:]}
		if rn.State == "notice-missed" {
			end := rn.End
			a.ActBy = &end
			a.Title = "Negotiate or accept the renewal of " + t.Name
			a.Detail = fmt.Sprintf("Renews automatically on %s; notice was due %s. %s a year is at stake.", rn.End.Format("2006-01-02"), rn.NoticeDeadline.Format("2006-01-02"), money(cur, rn.AnnualCost))
			answer(a, "renewal-notice-missed", result.ToolSubject(t))
		} else {
			d := rn.NoticeDeadline
			a.ActBy = &d
			a.Title = "Decide on the renewal of " + t.Name
			a.Detail = fmt.Sprintf("Give notice by %s (%s left) or it renews on %s. %s a year is at stake.", d.Format("2006-01-02"), redundancyCount(rn.DaysLeft, "day", "days"), rn.End.Format("2006-01-02"), money(cur, rn.AnnualCost))
			answer(a, "renewal-notice-due", result.ToolSubject(t))
		}
		out = append(out, a)
	}
	out = append(out, duplicateActions(inv, r, answer)...)
	out = append(out, fixActions(inv, r, byFingerprint)...)
	rankActions(out, asOf)
	return out
}

// fixActions are the ownership and DPA gaps as actions, one per gap whose
// finding is not waived.
func fixActions(inv *inventory.Inventory, r *result.Result, byFingerprint map[string]*result.Finding) []*result.Action {
	rules := map[string]string{"tool-owner": "tool-without-owner", "flow-owner": "flow-without-owner",
		"data-steward": "data-class-without-steward", "dpa": "personal-data-without-dpa"}
	var out []*result.Action
	sens := newSensitivityIndex(inv)
	for _, g := range r.Gaps {
		rule, ok := rules[g.Kind]
		if !ok {
			continue
		}
		fp := result.Fingerprint(rule, []result.Subject{g.Subject})
		f := byFingerprint[fp]
		if f != nil && f.Waiver != nil {
			continue
		}
		loc := g.Location
		a := &result.Action{Kind: result.ActionFixOwnership, Tools: []string{}, Title: "Name an owner for " + g.Name,
			Detail: plural.UpperFirst(g.Detail) + ".", Evidence: gapEvidence(g), Location: &loc, Sensitivity: sens.of(g)}
		if f != nil {
			a.Rule, a.Fingerprint = rule, fp
		}
		switch g.Kind {
		case "dpa":
			a.Kind, a.Title = result.ActionFixDPA, "Sign a DPA with the vendor of "+g.Name
		case "data-steward":
			a.Title = "Name a steward for " + g.Name
		}
		if g.Subject.Kind == "tool" {
			a.Tools = []string{g.Subject.ID}
			a.Owner = r.Tool(g.Subject.ID).Owner
		}
		out = append(out, a)
	}
	return out
}

// sensitivityIndex answers, without scanning every flow for every gap,
// the most sensitive data a tool holds or receives, a flow carries, or a
// data class is.
type sensitivityIndex struct {
	tool, flow, class map[string]string
}

func newSensitivityIndex(inv *inventory.Inventory) *sensitivityIndex {
	x := &sensitivityIndex{tool: map[string]string{}, flow: map[string]string{}, class: map[string]string{}}
	raise := func(m map[string]string, key string, ds []*inventory.DataClass) {
		for _, d := range ds {
			if sensitivityRank(d.Sensitivity) > sensitivityRank(m[key]) {
				m[key] = d.Sensitivity
			}
		}
	}
	for _, t := range inv.Tools {
		raise(x.tool, t.ID, t.Stores)
	}
	for _, fl := range inv.Flows {
		raise(x.flow, fl.ID, fl.Data)
		if fl.To != nil {
			raise(x.tool, fl.To.ID, fl.Data)
		}
	}
	for _, d := range inv.DataClasses {
		x.class[d.ID] = d.Sensitivity
	}
	return x
}

// of is the sensitivity of a gap's subject.
func (x *sensitivityIndex) of(g *result.Gap) string {
	switch g.Subject.Kind {
	case "tool":
		return x.tool[g.Subject.ID]
	case "flow":
		return x.flow[g.Subject.ID]
	case "data_class":
		return x.class[g.Subject.ID]
	}
	return ""
}

// rankActions orders the list: what must be decided within 30 days (or
// is overdue) first, by amount; then the savings, largest first; then the
// other renewal decisions by date; then the fixes, most sensitive data
// first.
func rankActions(as []*result.Action, asOf time.Time) {
	urgent := asOf.AddDate(0, 0, 30)
	band := func(a *result.Action) int {
		switch {
		case a.Kind == result.ActionFixOwnership || a.Kind == result.ActionFixDPA:
			return 3
		case a.ActBy != nil && !a.ActBy.After(urgent):
			return 0
		case a.Amount.IsPositive():
			return 1
		default:
			return 2
		}
	}
	sort.SliceStable(as, func(i, j int) bool {
		a, b := as[i], as[j]
		if ba, bb := band(a), band(b); ba != bb {
			return ba < bb
		}
		if !a.Amount.Equal(b.Amount) {
			return a.Amount.GreaterThan(b.Amount)
		}
		if ra, rb := sensitivityRank(a.Sensitivity), sensitivityRank(b.Sensitivity); ra != rb {
			return ra > rb
		}
		if (a.ActBy == nil) != (b.ActBy == nil) {
			return a.ActBy != nil
		}
		if a.ActBy != nil && !a.ActBy.Equal(*b.ActBy) {
			return a.ActBy.Before(*b.ActBy)
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return strings.Join(a.Tools, ",")+a.Title < strings.Join(b.Tools, ",")+b.Title
	})
	for i, a := range as {
		a.Rank = i + 1
	}
}

// actBy is the date by which to decide on a saving: the notice deadline
// of an auto-renewing contract still open, the end of one whose notice has
// passed, else the date the saving is realised.
func actBy(rn *result.Renewal, when *time.Time) *time.Time {
	if rn != nil {
		switch rn.State {
		case "notice-open":
			d := rn.NoticeDeadline
			return &d
		case "notice-missed":
			d := rn.End
			return &d
		}
	}
	return when
}

func whenText(when *time.Time) string {
	if when == nil {
		return "the next renewal (no contract end declared)"
	}
	return "renewal on " + when.Format("2006-01-02")
}

// usageEvidence says when and from what a tool's usage was measured.
func usageEvidence(tf *result.ToolFact, takenAt string) string {
	if tf == nil || !tf.Measured {
		return "No usage data."
	}
	at := takenAt
	if tf.UsageMeasuredAt != nil {
		at = tf.UsageMeasuredAt.Format("2006-01-02") + ", carried forward"
	}
	s := fmt.Sprintf("Usage measured %s: %d active in 30 days", at, *tf.Active30)
	if tf.Active90 != nil {
		s += fmt.Sprintf(", %d in 90 days", *tf.Active90)
	}
	if tf.Seats != nil {
		s += fmt.Sprintf(", %d purchased seats", *tf.Seats)
	}
	if b := tf.UsageBasis(); b != "" {
		s += "; " + b
	}
	return s + "."
}

// contractEvidence states the contract dates that set the act-by date,
// with a leading space ("" without a contract).
func contractEvidence(rn *result.Renewal) string {
	if rn == nil {
		return ""
	}
	s := " Contract ends " + rn.End.Format("2006-01-02")
	if rn.AutoRenew {
		s += fmt.Sprintf(", renews automatically, notice %s (due %s)", redundancyCount(rn.NoticeDays, "day", "days"), rn.NoticeDeadline.Format("2006-01-02"))
	}
	return s + "."
}

// keepReason says why an overlap keeps the tool it keeps.
func keepReason(r *result.Result, o *result.Overlap) string {
	keep := r.Tool(o.Keep)
	others := 0
	for _, d := range o.Drops {
		if *r.Tool(d.Tool).Active30 > 0 {
			others++
		}
	}
	if *keep.Active30 > 0 && others < len(o.Drops) {
		return fmt.Sprintf("%d active users, cheapest of those in use", *keep.Active30)
	}
	return fmt.Sprintf("cheapest, %d active users", *keep.Active30)
}

// gapEvidence names what the gap was found in.
func gapEvidence(g *result.Gap) string {
	kind := strings.ReplaceAll(g.Subject.Kind, "_", " ")
	return fmt.Sprintf("The %s %s is declared without it.", kind, g.Subject.ID)
}
