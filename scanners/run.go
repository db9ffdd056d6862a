package scanners

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/hcl/v2"
	"golang.org/x/time/rate"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/usage"
)

// RunOptions configure Run. The command passes Kinds (registry.Kinds());
// tests may pass fake Scanners and Discoverers instead.
type RunOptions struct {
	// Kinds are the kinds of the build: their scanners, discoverers, rate
	// limits and activity rules. Setting it runs the discovery blocks.
	Kinds []Kind
	// Scanners add to, or replace, the Kinds' scanners by kind name.
	Scanners map[string]Scanner
	// Discoverers add to, or replace, the Kinds' discoverers; with neither
	// Kinds nor Discoverers no discovery block runs.
	Discoverers map[string]Discoverer
	// Concurrency is how many tools are scanned at once (default 8).
	Concurrency int
	// Only limits the run to these tool ids (--only); discovery is
	// skipped then, since it looks across the whole organization.
	Only []string
	// AsOf is the audit date; active 30/90 counts are relative to it.
	AsOf time.Time
	// Now stamps the snapshot's taken_at (default time.Now).
	Now func() time.Time
	// Getenv reads credentials (default: nothing is set).
	Getenv func(string) string
	// Endpoints replaces a kind's base URL (--endpoint KIND=URL).
	Endpoints map[string]string
	// Limits replaces a kind's Rate (requests per second; the burst is
	// the limit rounded down, at least 1).
	Limits map[string]rate.Limit
	// HTTP configures every vendor client.
	HTTP ClientOptions
	// OnResult, when set, is called once per tool as it finishes, from
	// the scanning goroutine (progress display).
	OnResult func(ToolResult)
	// OnStart, when set, is called as a tool or discovery starts
	// (progress display of the current vendor).
	OnStart func(tool, kind string)
	// Previous is the snapshot the run carries forward from: a tool or
	// discovery source that is skipped, fails or is left out (--only)
	// keeps its last measured data from it (usage.CarryForward). Its users
	// must already match Pseudonymizer (usage.MatchPseudonyms).
	Previous *usage.Snapshot
	// Pseudonymizer, when set, replaces every measured user by keyed
	// pseudonyms before anything is returned.
	Pseudonymizer *usage.Pseudonymizer
	// MaxUsers caps the users one tool's scan keeps (--max-users; 0:
	// DefaultMaxUsers). A scan that reaches it fails with ErrUserCap and
	// keeps its last measured data, like any failed tool.
	MaxUsers int
}

// ToolResult is how one tool's scan went, for progress and the summary.
// A discovery block's result has Tool "discovery.KIND".
type ToolResult struct {
	Tool     string
	Kind     string
	Status   string
	Err      error
	Duration time.Duration
}

// Validate is what `scan` checks before any network call: the settings of
// every scan block (ValidateSettings), and a warning for each kind this
// build cannot scan yet.
func Validate(inv *inventory.Inventory, registry map[string]Scanner, discoverers map[string]Discoverer) hcl.Diagnostics {
	diags := ValidateSettings(inv, registry)
	diags = append(diags, ValidateDiscovery(inv, discoverers)...)
	for _, d := range inv.Discoveries {
		if d.Kind == "" {
			continue
		}
		if _, ok := discoverers[d.Kind]; !ok {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagWarning,
				Summary:  "Discoverer not available",
				Detail:   fmt.Sprintf("This build of stackaudit has no %q discoverer; the block will be skipped.", d.Kind),
				Subject:  d.DeclRange.Ptr(),
			})
		}
	}
	for _, t := range inv.Tools {
		if t.Scan == nil || t.Scan.Kind == "" {
			continue
		}
		if _, ok := registry[t.Scan.Kind]; !ok {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagWarning,
				Summary:  "Scanner not available",
				Detail:   fmt.Sprintf("This build of stackaudit has no %q scanner yet; tool %q will not be scanned.", t.Scan.Kind, t.ID),
				Subject:  t.Scan.DeclRange.Ptr(),
			})
		}
	}
	return diags
}

// ValidateSettings checks the settings of every scan block whose kind this
// build implements, without any network call: what `validate` reports.
// Kinds not implemented yet are left to `scan`, which warns.
func ValidateSettings(inv *inventory.Inventory, registry map[string]Scanner) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, t := range inv.Tools {
		if t.Scan == nil || t.Scan.Kind == "" {
			continue
		}
		if s, ok := registry[t.Scan.Kind]; ok {
			diags = append(diags, s.Validate(t.Scan)...)
		}
	}
	return diags
}

// Run scans every declared tool that has a scan block, concurrently, and
// returns the snapshot and one result per scanned tool in tool order. A
// failing tool is recorded with status "error" and never stops the others;
// a tool whose token variable is empty is "skipped". Either keeps its data
// from opts.Previous when that has some (snapshot.Stale lists them).
func Run(ctx context.Context, inv *inventory.Inventory, opts RunOptions) (*usage.Snapshot, []ToolResult) {
	if opts.Concurrency <= 0 {
		opts.Concurrency = 8
	}
	if opts.Getenv == nil {
		opts.Getenv = func(string) string { return "" }
	}
	// A token pasted with its newline (echo "$TOKEN" > file, a secret
	// store's trailing whitespace) would make every request invalid: the
	// surrounding whitespace is never part of a credential.
	getenv := opts.Getenv
	opts.Getenv = func(name string) string { return strings.TrimSpace(getenv(name)) }
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.AsOf.IsZero() {
		opts.AsOf = opts.Now()
	}

	if opts.HTTP.Transport == nil {
		// One connection pool for the run, keeping as many idle
		// connections per host as tools run at once: the default of 2
		// would reconnect for most calls when many tools share a vendor.
		if dt, ok := http.DefaultTransport.(*http.Transport); ok {
			tr := dt.Clone()
			tr.MaxIdleConnsPerHost = min(max(opts.Concurrency, 2), 256)
			opts.HTTP.Transport = tr
			defer tr.CloseIdleConnections()
		}
	}

	kinds := opts.resolve()
	tools, discoveries := opts.jobs(inv)

	// One limiter per kind, shared by its tools and its discovery: the
	// vendor counts requests per account, not per block.
	limiters := map[string]*rate.Limiter{}
	limiter := func(k string) *rate.Limiter {
		if l, ok := limiters[k]; ok {
			return l
		}
		r, ok := kinds[k]
		if !ok {
			r.Rate = defaultRate()
		}
		limit, burst := r.Rate.Limit, r.Rate.Burst
		if l, ok := opts.Limits[k]; ok {
			limit, burst = l, max(1, int(l))
		}
		limiters[k] = rate.NewLimiter(limit, burst)
		return limiters[k]
	}
	for _, t := range tools {
		limiter(t.Scan.Kind)
	}
	for _, d := range discoveries {
		limiter(d.Kind)
	}

	snap := &usage.Snapshot{Schema: usage.SnapshotSchema, TakenAt: opts.Now().UTC(), Organization: inv.Organization.Name, Tools: map[string]*usage.ToolUsage{}}
	results := make([]ToolResult, len(tools)+len(discoveries))
	usages := make([]*usage.ToolUsage, len(tools))
	found := make([]*usage.Discovered, len(discoveries))
	sem := make(chan struct{}, opts.Concurrency)
	var wg sync.WaitGroup
	// Every job waits for a slot; a cancelled run still records each
	// job, without a call.
	job := func(i int, do func() ToolResult) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
				defer func() { <-sem }()
			case <-ctx.Done():
			}
			results[i] = do()
			if opts.OnResult != nil {
				opts.OnResult(results[i])
			}
		}()
	}
	for i, t := range tools {
		job(i, func() ToolResult {
			if opts.OnStart != nil {
				opts.OnStart(t.ID, t.Scan.Kind)
			}
			start := time.Now()
			u, err := scanOne(ctx, inv, t, opts, kinds[t.Scan.Kind], limiters[t.Scan.Kind])
			usages[i] = u
			return ToolResult{Tool: t.ID, Kind: t.Scan.Kind, Status: u.Status, Err: err, Duration: time.Since(start)}
		})
	}
	for i, d := range discoveries {
		job(len(tools)+i, func() ToolResult {
			if opts.OnStart != nil {
				opts.OnStart("discovery."+d.Kind, d.Kind)
			}
			start := time.Now()
			got, err := discoverOne(ctx, inv, d, opts, limiters[d.Kind])
			found[i] = got
			status := usage.StatusOK
			switch {
			case err != nil:
				status = usage.StatusError
			case got == nil:
				status = usage.StatusSkipped
			}
			r := ToolResult{Tool: usage.DiscoveryPrefix + d.Kind, Kind: d.Kind, Status: status, Err: err, Duration: time.Since(start)}
			if status == usage.StatusSkipped {
				r.Err = fmt.Errorf("environment variable %s is not set", d.TokenEnv)
			}
			return r
		})
	}
	wg.Wait()
	for i, t := range tools {
		// A tool's data the snapshot reader would refuse (an activity
		// date far in the future, more active users than seats) fails
		// that tool alone, which keeps its earlier data.
		if u := usages[i]; u.Status == usage.StatusOK {
			probe := &usage.Snapshot{TakenAt: snap.TakenAt, Tools: map[string]*usage.ToolUsage{t.ID: u}}
			if err := probe.Check(); err != nil {
				err = fmt.Errorf("%s: the data measured would not be readable: %w", t.Scan.Kind, err)
				usages[i] = &usage.ToolUsage{Scanner: u.Scanner, Status: usage.StatusError, Error: err.Error(), Users: []usage.User{}}
				results[i].Status, results[i].Err = usage.StatusError, err
			}
		}
		snap.Tools[t.ID] = usages[i]
	}
	snap.Discovered = mergeDiscovered(inv, discoveries, found, results[len(tools):])
	if opts.Pseudonymizer != nil {
		opts.Pseudonymizer.Apply(snap)
	}
	usage.CarryForward(opts.Previous, snap, notMeasured(inv, opts, results, tools))
	return snap, results
}

// notMeasured says why each tool and discovery source of the inventory was
// not measured by this run, keyed as usage.CarryForward wants.
func notMeasured(inv *inventory.Inventory, opts RunOptions, results []ToolResult, tools []*inventory.Tool) map[string]string {
	reasons := map[string]string{}
	tokenEnv := func(i int, r ToolResult) string {
		if i < len(tools) {
			return tools[i].Scan.TokenEnv
		}
		for _, d := range inv.Discoveries {
			if d.Kind == r.Kind {
				return d.TokenEnv
			}
		}
		return ""
	}
	for i, r := range results {
		env := tokenEnv(i, r)
		switch r.Status {
		case usage.StatusSkipped:
			reasons[r.Tool] = "token unset: " + env
		case usage.StatusError:
			msg := ""
			if r.Err != nil {
				msg, _, _ = strings.Cut(r.Err.Error(), "\n")
			}
			msg = Sanitize(msg, 200)
			reasons[r.Tool] = "failed: " + msg
		}
	}
	if len(opts.Only) > 0 {
		for _, t := range inv.Tools {
			if t.Scan != nil && t.Scan.Kind != "" && !slices.Contains(opts.Only, t.ID) {
				reasons[t.ID] = "not scanned: --only"
			}
		}
		for _, d := range inv.Discoveries {
			if d.Kind != "" {
				reasons[usage.DiscoveryPrefix+d.Kind] = "not run: --only"
			}
		}
	}
	return reasons
}

// scanOne scans one tool and always returns a usage; err is the failure
// recorded in it, with any token value removed.
func scanOne(ctx context.Context, inv *inventory.Inventory, t *inventory.Tool, opts RunOptions, k Kind, limiter *rate.Limiter) (u *usage.ToolUsage, err error) {
	kind := t.Scan.Kind
	// Every credential the block can read is redacted from its error and
	// its result, in whatever form the vendor echoes it.
	var red Redactor
	fail := func(err error) (*usage.ToolUsage, error) {
		// One line, without control characters: the message is printed in
		// the summary table, where a vendor's newline could forge a line.
		msg := Sanitize(red.String(err.Error()), maxPrinted)
		return &usage.ToolUsage{Scanner: kind, Status: usage.StatusError, Error: Sanitize(msg, maxMessage), Users: []usage.User{}}, errors.New(msg)
	}
	if err := ctx.Err(); err != nil {
		return fail(fmt.Errorf("not scanned: %w", stopped(ctx)))
	}
	s, ok := opts.Scanners[kind]
	if !ok {
		return fail(fmt.Errorf("no %q scanner in this build", kind))
	}
	if diags := s.Validate(t.Scan); diags.HasErrors() {
		return fail(fmt.Errorf("invalid scan settings: %s", diags.Error()))
	}
	token := ""
	if t.Scan.TokenEnv != "" {
		token = opts.Getenv(t.Scan.TokenEnv)
		if token == "" {
			return &usage.ToolUsage{Scanner: kind, Status: usage.StatusSkipped,
				Error: fmt.Sprintf("environment variable %s is not set", t.Scan.TokenEnv), Users: []usage.User{}}, nil
		}
	}
	defer func() {
		if r := recover(); r != nil {
			u, err = fail(fmt.Errorf("%s scanner panicked: %v", kind, r))
		}
	}()
	env := blockEnv(inv, kind, t.Scan.TokenEnv, opts, limiter)
	var extra []string
	if k.CredentialEnv != nil {
		extra = k.CredentialEnv(t.Scan)
		env.Getenv = func(name string) string {
			if name != "" && (name == t.Scan.TokenEnv || slices.Contains(extra, name)) {
				return opts.Getenv(name)
			}
			return ""
		}
	}
	ctx = WithMaxUsers(ctx, opts.MaxUsers)
	secrets := []string{token}
	for _, name := range extra {
		secrets = append(secrets, opts.Getenv(name))
	}
	red = NewRedactor(secrets...)
	got, err := s.Scan(ctx, t, env)
	if err == nil && got != nil && len(got.Users) > MaxUsers(ctx) {
		// A kind that collects users without NewUserList or KeepUser
		// still never writes more than the cap.
		err = fmt.Errorf("%s: %w", kind, capError(int64(MaxUsers(ctx))))
	}
	if err != nil {
		return fail(deadlineErr(ctx, err))
	}
	if got == nil {
		got = &usage.ToolUsage{}
	}
	// A vendor that echoes the token in a user's name or email must not
	// get it into the snapshot.
	red.Strings(got)
	got.Scanner, got.Status, got.Error = kind, usage.StatusOK, ""
	usage.Tally(got, opts.AsOf)
	// A vendor that gave nobody an activity date measured seats only; a
	// scanner may also find so as it runs (an Entra tenant without P1).
	got.NoActivity = len(got.Users) > 0 && got.LastActivity == nil && (got.NoActivity || k.noActivity(t.Scan))
	return got, nil
}

// resolve merges Kinds with the Scanners and Discoverers given by name into
// opts (a copy: the caller's maps are left alone), and returns the kinds by
// name.
func (opts *RunOptions) resolve() map[string]Kind {
	kinds := make(map[string]Kind, len(opts.Kinds))
	for _, k := range opts.Kinds {
		kinds[k.Name] = k
	}
	scanners := ScannersOf(opts.Kinds)
	maps.Copy(scanners, opts.Scanners)
	opts.Scanners = scanners
	if opts.Kinds != nil || opts.Discoverers != nil {
		discoverers := DiscoverersOf(opts.Kinds)
		maps.Copy(discoverers, opts.Discoverers)
		opts.Discoverers = discoverers
	}
	return kinds
}

// jobs are the tools Run scans and the discovery blocks it runs.
func (opts RunOptions) jobs(inv *inventory.Inventory) ([]*inventory.Tool, []*inventory.Discovery) {
	var tools []*inventory.Tool
	for _, t := range inv.Tools {
		if t.Scan == nil || t.Scan.Kind == "" {
			continue
		}
		if len(opts.Only) > 0 && !slices.Contains(opts.Only, t.ID) {
			continue
		}
		tools = append(tools, t)
	}
	var discoveries []*inventory.Discovery
	if len(opts.Only) == 0 && (opts.Kinds != nil || opts.Discoverers != nil) {
		for _, d := range inv.Discoveries {
			if d.Kind != "" {
				discoveries = append(discoveries, d)
			}
		}
	}
	return tools, discoveries
}

// CountJobs is how many results Run(ctx, inv, opts) will report: the tools
// it scans and the discovery blocks it runs (none with Only).
func CountJobs(inv *inventory.Inventory, opts RunOptions) int {
	tools, discoveries := opts.jobs(inv)
	return len(tools) + len(discoveries)
}

// RaiseLimits sets the rate limit of every kind named in kinds to limit,
// unless Limits already sets it, and raises the limits the Kinds keep of
// their own (Kind.Raise): what a run against the loopback simulator uses,
// where the vendors' documented limits would only make it slow.
func (opts *RunOptions) RaiseLimits(kinds []string, limit rate.Limit) {
	if opts.Limits == nil {
		opts.Limits = map[string]rate.Limit{}
	}
	for _, k := range kinds {
		if _, set := opts.Limits[k]; !set {
			opts.Limits[k] = limit
		}
	}
	raised := slices.Clone(opts.Kinds)
	for i, k := range raised {
		if k.Raise != nil {
			raised[i] = k.Raise(limit)
		}
	}
	opts.Kinds = raised
}

// blockEnv is the Env of one scan or discovery block of kind: it sees only
// the variable its block names.
func blockEnv(inv *inventory.Inventory, kind, tokenEnv string, opts RunOptions, limiter *rate.Limiter) Env {
	return Env{
		Getenv: func(name string) string {
			if name == tokenEnv && name != "" {
				return opts.Getenv(name)
			}
			return ""
		},
		AsOf:    opts.AsOf,
		BaseURL: opts.Endpoints[kind],
		Limiter: limiter,
		HTTP:    opts.HTTP,
		Catalog: inv.Catalog,

		Organization: inv.Organization,
	}
}
