package policies_test

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/internal/synth"
	"github.com/stackaudit/stackaudit/internal/synthtest"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/usage"
)

// assertMoneyModel checks the promises of docs/money.md on one result:
// every summary figure equals the total of the table it summarises, no
// saving is counted twice, and no overlap keeps an unused tool over a used
// one.
func assertMoneyModel(t *testing.T, res *result.Result) {
	t.Helper()
	s := res.Summary
	seats := decimal.Zero
	perTool := map[string]decimal.Decimal{}
	for _, row := range res.Seats {
		seats = seats.Add(row.Amount)
		perTool[row.Tool] = perTool[row.Tool].Add(row.Amount)
	}
	byKind := map[string]decimal.Decimal{}
	for _, a := range res.Actions {
		byKind[a.Kind] = byKind[a.Kind].Add(a.Amount)
	}
	assert.True(t, s.EstimatedWaste.Equal(seats), "waste %s != seats total %s", s.EstimatedWaste, seats)
	reclaim := byKind[result.ActionCancel].Add(byKind[result.ActionRightSize])
	assert.True(t, s.EstimatedWaste.Equal(reclaim), "waste %s != cancel + right-size actions %s", s.EstimatedWaste, reclaim)

	counted := decimal.Zero
	dropped := map[string]decimal.Decimal{}
	for _, o := range res.Overlaps {
		if o.Counted {
			counted = counted.Add(o.EstimatedSaving)
		}
		for _, d := range o.Drops {
			dropped[d.Tool] = dropped[d.Tool].Add(d.Saving)
		}
		switch o.Decision {
		case result.DecisionMeasureFirst:
			assert.NotEmpty(t, o.Unmeasured, "%v", o.Tools)
			assert.Empty(t, o.Keep)
			assert.False(t, o.Counted)
		case result.DecisionConsolidate:
			assert.Empty(t, o.Unmeasured)
			keep := res.Tool(o.Keep)
			require.NotNil(t, keep, "%v", o.Tools)
			for _, id := range o.Tools {
				if *res.Tool(id).Active30 > 0 {
					assert.Positive(t, *keep.Active30, "%v keeps %s, which nobody uses, over %s", o.Tools, o.Keep, id)
				}
			}
		default:
			t.Errorf("overlap %v: decision %q", o.Tools, o.Decision)
		}
	}
	assert.True(t, s.ConsolidationSavings.Equal(counted), "consolidation %s != counted overlaps %s", s.ConsolidationSavings, counted)
	assert.True(t, s.ConsolidationSavings.Equal(byKind[result.ActionConsolidate]), "consolidation %s != consolidate actions %s", s.ConsolidationSavings, byKind[result.ActionConsolidate])
	assert.True(t, s.TotalSavings.Equal(s.EstimatedWaste.Add(s.ConsolidationSavings)))
	assert.True(t, s.TotalSavings.LessThanOrEqual(s.AnnualSpend), "savings %s above spend %s", s.TotalSavings, s.AnnualSpend)

	unmeasured, unmeasuredTools := decimal.Zero, 0
	for _, tf := range res.Tools {
		saved := dropped[tf.ID]
		if tf.Saving != nil {
			saved = saved.Add(tf.Saving.Amount)
			assert.True(t, tf.Saving.Amount.Equal(perTool[tf.ID]), "%s: saving %s != its seat rows %s", tf.ID, tf.Saving.Amount, perTool[tf.ID])
		} else {
			assert.True(t, perTool[tf.ID].IsZero(), "%s has seat rows and no saving", tf.ID)
		}
		// Rounding each share to the cent may add a cent per group.
		slack := decimal.NewFromFloat(0.01).Mul(decimal.NewFromInt(int64(len(res.Overlaps))))
		assert.True(t, saved.LessThanOrEqual(tf.AnnualCost.Add(slack)), "%s: saves %s of %s", tf.ID, saved, tf.AnnualCost)
		if tf.UnmeasuredSpend.IsPositive() {
			assert.False(t, tf.Measured, tf.ID)
			unmeasured = unmeasured.Add(tf.UnmeasuredSpend)
			unmeasuredTools++
		}
	}
	assert.True(t, s.UnmeasuredSpend.Equal(unmeasured), "unmeasured %s != %s", s.UnmeasuredSpend, unmeasured)
	assert.Equal(t, unmeasuredTools, s.UnmeasuredTools)

	missed := map[string]bool{}
	for _, rn := range res.Renewals {
		if rn.State == "notice-missed" {
			missed["tool."+rn.Tool] = true
		}
	}
	assert.Equal(t, len(missed), s.NoticeMissed)
	fired := map[string]bool{}
	for _, f := range findingsOf(res, "renewal-notice-missed") {
		fired[subjectsOf([]result.Finding{f})[0]] = true
	}
	assert.Equal(t, missed, fired)
	for i, a := range res.Actions {
		assert.Equal(t, i+1, a.Rank)
	}
}

func TestMoneyModelOnAcme(t *testing.T) {
	inv, diags := inventory.Load(filepath.Join("..", "examples", "acme"))
	require.False(t, diags.HasErrors(), diags.Error())
	snap, err := usage.Read(filepath.Join("..", "examples", "acme", ".stackaudit", "snapshots", "2026-11-20.json"))
	require.NoError(t, err)
	res := evaluate(t, inv, snap)
	assertMoneyModel(t, res)
	assert.Positive(t, res.Summary.NoticeMissed, "acme's ZoomInfo notice deadline passed")
	assert.True(t, res.Summary.UnmeasuredSpend.IsPositive())
	// Sprout Social: 0 of 8 users in 90 days; it is cancelled, never kept.
	sprout := res.Tool("sprout_social")
	require.NotNil(t, sprout.Saving)
	assert.Equal(t, result.ActionCancel, sprout.Saving.Kind)
	for _, o := range res.Overlaps {
		assert.NotEqual(t, "sprout_social", o.Keep)
	}
	// Marketo is a flat fee: its idle users save nothing on their own.
	assert.Nil(t, res.Tool("marketo").SeatPrice)

	// Without a snapshot nothing is measured: no waste, and the unmeasured
	// spend says how much is unknown.
	res = evaluate(t, inv, nil)
	assertMoneyModel(t, res)
	assert.True(t, res.Summary.EstimatedWaste.IsZero())
	assert.True(t, res.Summary.UnmeasuredSpend.IsPositive())
}

// TestMoneyModelOnGeneratedInventories checks the same promises on
// synthetic inventories with random usage: measured, failed and missing
// tools, vendors reporting more or fewer seats than declared, idle users.
func TestMoneyModelOnGeneratedInventories(t *testing.T) {
	for _, n := range []int{40, 200, 1000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			inv := synthtest.Inventory(t, synth.Size{Tools: n, Flows: n, Teams: 8, Files: 6})
			r := rand.New(rand.NewPCG(7, uint64(n)))
			use := map[string]costUsage{}
			for _, tool := range inv.Tools {
				switch r.IntN(6) {
				case 0: // not in the snapshot
					continue
				case 1:
					use[tool.ID] = costUsage{Status: "error", Error: "401"}
					continue
				}
				u := costUsage{D90: r.IntN(60)}
				u.D30 = r.IntN(u.D90 + 1)
				if r.IntN(3) == 0 {
					u.Purchased = u.D90 + r.IntN(40)
				}
				for i := range r.IntN(u.D90 + 1) {
					u.Users = append(u.Users, costUser{fmt.Sprintf("u%d@x.example", i), r.IntN(200)})
				}
				use[tool.ID] = u
			}
			res := evaluate(t, inv, costSnapshot(t, use))
			assertMoneyModel(t, res)
			assert.NotEmpty(t, res.Actions)
		})
	}
}

func TestMoneyModelSeats(t *testing.T) {
	cases := []struct {
		name       string
		seats      int // 0: flat fee
		amount     int
		status     string
		usage      costUsage
		buffer     string // rule "right-size" { buffer = … }
		kind       string // "" for no saving
		saving     string
		reclaim    int
		recommend  int
		rows       map[string]int // seat row kind → seats
		unmeasured bool
	}{
		{name: "right-size: unassigned and inactive less the buffer", seats: 20, amount: 24000, status: "active",
			usage: costUsage{Purchased: 20, D30: 8, D90: 12}, kind: result.ActionRightSize,
			// 20 seats, 12 assigned, 8 active: 8 unassigned + 4 inactive − 2 buffer = 10 × 1,200.
			saving: "12000", reclaim: 10, recommend: 10,
			rows: map[string]int{result.SeatInactive: 4, result.SeatUnassigned: 8, result.SeatBuffer: -2}},
		{name: "a larger buffer", seats: 20, amount: 24000, status: "active", buffer: "0.25",
			usage: costUsage{Purchased: 20, D30: 8, D90: 12}, kind: result.ActionRightSize,
			saving: "8400", reclaim: 7, recommend: 13,
			rows: map[string]int{result.SeatInactive: 4, result.SeatUnassigned: 8, result.SeatBuffer: -5}},
		{name: "the buffer covers every idle seat", seats: 10, amount: 12000, status: "active",
			usage: costUsage{Purchased: 10, D30: 9, D90: 10}},
		{name: "flat fee: idle users save nothing", seats: 0, amount: 50000, status: "active",
			usage: costUsage{Purchased: 10, D30: 2, D90: 5}},
		{name: "nobody in 90 days: cancel the whole contract", seats: 8, amount: 38304, status: "active",
			usage: costUsage{D30: 0, D90: 0}, kind: result.ActionCancel, saving: "38304",
			rows: map[string]int{result.SeatContract: 8}},
		{name: "flat fee nobody uses: cancel", seats: 0, amount: 5000, status: "active",
			usage: costUsage{D30: 0, D90: 0}, kind: result.ActionCancel, saving: "5000",
			rows: map[string]int{result.SeatContract: 0}},
		{name: "retiring: nothing to decide", seats: 20, amount: 24000, status: "retiring",
			usage: costUsage{Purchased: 20, D30: 1, D90: 1}},
		{name: "trial seats are not right-sized", seats: 20, amount: 24000, status: "trial",
			usage: costUsage{Purchased: 20, D30: 1, D90: 1}},
		{name: "scan failed: unmeasured spend", seats: 20, amount: 24000, status: "active",
			usage: costUsage{Status: "error", Error: "401"}, unmeasured: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			extra := ""
			if tc.buffer != "" {
				extra = "rule \"right-size\" {\n  enabled = false\n  buffer  = " + tc.buffer + "\n}\n"
			}
			inv := loadInventory(t, map[string]string{"main.hcl": costTool(tc.status, tc.seats, tc.amount, true, extra)})
			res := evaluate(t, inv, costSnapshot(t, map[string]costUsage{"t": tc.usage}))
			assertMoneyModel(t, res)
			tf := res.Tool("t")
			assert.Equal(t, tc.unmeasured, tf.UnmeasuredSpend.IsPositive())
			if tc.kind == "" {
				assert.Nil(t, tf.Saving)
				assert.Empty(t, res.Seats)
				return
			}
			require.NotNil(t, tf.Saving)
			assert.Equal(t, tc.kind, tf.Saving.Kind)
			assert.Equal(t, tc.saving, tf.Saving.Amount.String())
			if tc.kind == result.ActionRightSize {
				assert.Equal(t, tc.reclaim, tf.SeatPosition.Reclaimable)
				assert.Equal(t, tc.recommend, tf.SeatPosition.Recommended)
			}
			rows := map[string]int{}
			for _, row := range res.Seats {
				rows[row.Kind] += row.Count
			}
			assert.Equal(t, tc.rows, rows)
		})
	}
}

// TestMoneyModelOverlapKeep: usage decides which tool to keep, and a
// dropped tool's right-size saving is not counted again.
func TestMoneyModelOverlapKeep(t *testing.T) {
	seatTool := func(id string, amount, seats int) string {
		return fmt.Sprintf("tool %q {\n  category     = \"marketing-automation\"\n  capabilities = [\"social-publishing\"]\n  status       = \"active\"\n  scope        = [\"global\"]\n  cost {\n    amount = %d\n    period = \"year\"\n    seats  = %d\n  }\n}\n\n", id, amount, seats)
	}
	src := seatTool("hootsuite", 14605, 10) + seatTool("sprout", 38304, 8)
	inv := loadInventory(t, map[string]string{"main.hcl": src})
	cases := []struct {
		name     string
		usage    map[string]costUsage
		decision string
		keep     string
		saving   string
	}{
		{name: "one unmeasured: measure first", usage: map[string]costUsage{"sprout": {D30: 0, D90: 0}},
			decision: result.DecisionMeasureFirst, saving: "0"},
		// Sprout is cancelled (nobody in 90 days): dropping it saves nothing
		// more, whatever its price.
		{name: "the dearer tool has users, the cheaper none: keep the used one",
			usage:    map[string]costUsage{"hootsuite": {D30: 0, D90: 0}, "sprout": {D30: 6, D90: 8}},
			decision: result.DecisionConsolidate, keep: "sprout", saving: "0"},
		// Both used: keep the cheaper; Sprout's 8 seats, 6 active, buffer 1:
		// right-size reclaims 1 seat (4,788); dropping it saves the rest.
		{name: "both used: keep the cheaper, count the drop net of right-size",
			usage:    map[string]costUsage{"hootsuite": {D30: 5, D90: 6}, "sprout": {D30: 6, D90: 8}},
			decision: result.DecisionConsolidate, keep: "hootsuite", saving: "33516"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := evaluate(t, inv, costSnapshot(t, tc.usage))
			assertMoneyModel(t, res)
			require.Len(t, res.Overlaps, 1)
			o := res.Overlaps[0]
			assert.Equal(t, tc.decision, o.Decision)
			assert.Equal(t, tc.keep, o.Keep)
			assert.Equal(t, tc.saving, o.EstimatedSaving.String())
		})
	}
}

func TestRenewalNoticeMissed(t *testing.T) {
	tool := func(end string, autoRenew bool, status string) string {
		return fmt.Sprintf("tool \"t\" {\n  category = \"crm\"\n  status   = %q\n  cost {\n    amount = 38000\n    period = \"year\"\n  }\n  contract {\n    end         = %q\n    auto_renew  = %t\n    notice_days = 30\n  }\n}\n", status, end, autoRenew)
	}
	cases := []struct {
		name, src string
		want      bool
	}{
		// asOf is 2026-11-20.
		{name: "deadline passed, end ahead", src: tool("2026-12-01", true, "active"), want: true},
		{name: "deadline today", src: tool("2026-12-20", true, "active")},
		{name: "deadline yesterday", src: tool("2026-12-19", true, "active"), want: true},
		{name: "end today: not renewed yet", src: tool("2026-11-20", true, "active"), want: true},
		{name: "ended", src: tool("2026-11-19", true, "active")},
		{name: "no auto-renew", src: tool("2026-12-01", false, "active")},
		{name: "retired", src: tool("2026-12-01", true, "retired")},
		{name: "retiring still renews", src: tool("2026-12-01", true, "retiring"), want: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := evaluate(t, loadInventory(t, map[string]string{"main.hcl": tc.src}), nil)
			fs := findingsOf(res, "renewal-notice-missed")
			assertMoneyModel(t, res)
			if !tc.want {
				assert.Empty(t, fs)
				assert.Zero(t, res.Summary.NoticeMissed)
				return
			}
			require.Len(t, fs, 1)
			assert.Equal(t, result.High, fs[0].Severity)
			assert.Contains(t, fs[0].Message, "notice was due")
			assert.Contains(t, fs[0].Message, "negotiate or accept")
			assert.Equal(t, 1, res.Summary.NoticeMissed)
			assert.GreaterOrEqual(t, res.Summary.RenewalsNext90, 1)
			require.NotEmpty(t, res.Actions)
			assert.Equal(t, result.ActionGiveNotice, res.Actions[0].Kind)
			assert.Equal(t, "renewal-notice-missed", res.Actions[0].Rule)
		})
	}
}

// TestMoneyModelContacts: a tool billed on contacts (Mailchimp) measures
// contacts, not seats: 12,000 contacts of a 15,000 limit, and nobody
// "active", give no utilization, no seat position and no saving.
func TestMoneyModelContacts(t *testing.T) {
	inv := loadInventory(t, map[string]string{"main.hcl": costTool("active", 0, 4200, true, "")})
	snap := costSnapshot(t, map[string]costUsage{"t": {Purchased: 15000}})
	snap.Tools["t"].Unit, snap.Tools["t"].Seats.Assigned = usage.UnitContacts, 12000
	res := evaluate(t, inv, snap)
	assertMoneyModel(t, res)
	tf := res.Tool("t")
	assert.Nil(t, tf.SeatPosition)
	assert.Nil(t, tf.Saving)
	assert.Nil(t, tf.Utilization)
	assert.Nil(t, tf.Seats, "contacts are not seats")
	assert.Empty(t, res.Seats)
}
