package main

import (
	"fmt"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/usage"
)

// progress shows a scan as it goes: a bar on a terminal (done/total, the
// vendor being scanned, failures so far), one plain line per finished tool
// otherwise, so that CI logs stay readable. Its methods are called from
// the scanning goroutines.
type progress struct {
	e     *env
	quiet bool
	total int

	mu       sync.Mutex
	bar      *progressbar.ProgressBar
	finished int
	failed   int
	current  string
}

func newProgress(e *env, g *globalOptions, total int) *progress {
	p := &progress{e: e, quiet: g.quiet, total: total}
	if e.stderrTTY && !e.dumbTerm && !g.quiet && total > 0 {
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription("scanning"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionEnableColorCodes(false),
		)
	}
	return p
}

func (p *progress) start(tool, kind string) {
	if p.bar == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.current = kind
	p.bar.Describe(p.describe())
}

func (p *progress) describe() string {
	d := "scanning " + p.current
	if p.failed > 0 {
		d += fmt.Sprintf(" · %d failed", p.failed)
	}
	return d
}

func (p *progress) result(r scanners.ToolResult) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finished++
	if r.Status == usage.StatusError {
		p.failed++
	}
	if p.bar != nil {
		p.bar.Describe(p.describe())
		_ = p.bar.Add(1)
		return
	}
	if !p.quiet {
		fmt.Fprintf(p.e.stderr, "[%d/%d] %s (%s): %s in %s\n", p.finished, p.total, r.Tool, r.Kind, r.Status, r.Duration.Round(time.Millisecond))
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
