package dashboard_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/internal/resultfixture"
	"github.com/stackaudit/stackaudit/internal/synth"
	"github.com/stackaudit/stackaudit/internal/synthtest"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/report/dashboard"
)

var screenshots = flag.String("screenshots", "", "folder to save the browser tests' screenshots in (default: a temporary folder)")

// browserDeadline bounds a whole browser test: a browser that hangs fails
// the test instead of holding the package until its timeout. It is no
// speed target; the benchmark measures speed.
const browserDeadline = 3 * time.Minute

// findBrowser returns a Chromium or Chrome on this machine, or "".
// STACKAUDIT_BROWSER names one explicitly.
func findBrowser() string {
	if p := os.Getenv("STACKAUDIT_BROWSER"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "chromium-headless-shell", "chrome-headless-shell", "headless_shell", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	for _, p := range []string{"/usr/lib/chromium-headless-shell/chromium-headless-shell", "/usr/lib/chromium/chromium"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// browser is a headless browser tab with everything it saw recorded.
type browser struct {
	ctx context.Context

	mu       sync.Mutex
	errors   []string // console errors, exceptions, CSP violations
	requests []string // every URL the page requested
	dialogs  []string // alert, confirm, prompt: none may open
}

func newBrowser(tb testing.TB) *browser {
	tb.Helper()
	path := findBrowser()
	if path == "" {
		tb.Skip("no Chromium found: install it (apt-get install chromium, as .ci/run does) or set STACKAUDIT_BROWSER to run the browser tests")
	}
	ctx, cancel := context.WithTimeout(context.Background(), browserDeadline)
	tb.Cleanup(cancel)
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox cannot start
		chromedp.WindowSize(1400, 1000),
	)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	tb.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	tb.Cleanup(bcancel)
	b := &browser{ctx: bctx}
	// The first Run starts the browser; it must not carry a deadline of
	// its own (the allocator's context has the test's).
	require.NoError(tb, chromedp.Do(bctx), "start %s", path)
	require.NoError(tb, chromedp.Listen(bctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				b.errors = append(b.errors, "console: "+strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			b.errors = append(b.errors, fmt.Sprintf("exception: %s (line %d)", ev.ExceptionDetails.Text, ev.ExceptionDetails.LineNumber))
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				b.errors = append(b.errors, "log: "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		case *network.EventRequestWillBeSent:
			b.requests = append(b.requests, ev.Request.URL)
		case *page.EventJavascriptDialogOpening:
			b.dialogs = append(b.dialogs, string(ev.Type)+": "+ev.Message)
			// An open dialog blocks the page: dismiss it so that the test
			// fails on the assertion instead of hanging.
			// (Listen's func must not call the browser itself.)
			go func() {
				_, _ = chromedp.Call(bctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
			}()
		}
	}))
	return b
}

func (b *browser) run(tb testing.TB, actions ...chromedp.Action[chromedp.Void]) {
	tb.Helper()
	require.NoError(tb, chromedp.Do(b.ctx, actions...))
}

// eval runs a script in the page and returns its value.
func eval[T any](tb testing.TB, b *browser, script string) T {
	tb.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](script))
	require.NoError(tb, err, script)
	return v
}

// shot saves a screenshot of the viewport (PNG) as name in dir.
func (b *browser) shot(tb testing.TB, dir, name string) {
	tb.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	require.NoError(tb, err)
	require.NoError(tb, os.WriteFile(filepath.Join(dir, name), png, 0o644))
}

// void drops an action's value, to run it among others.
func void[T any](a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := a(ctx, t)
		return chromedp.Void{}, err
	}
}

// seen returns what the browser recorded so far.
func (b *browser) seen() (errs, requests, dialogs []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.errors), slices.Clone(b.requests), slices.Clone(b.dialogs)
}

// writeSite writes a built site to a fresh folder and returns its
// file:// address.
func writeSite(tb testing.TB, site *dashboard.Site) (dir, url string) {
	tb.Helper()
	dir = filepath.Join(tb.TempDir(), "site")
	require.NoError(tb, dashboard.Write(dir, site))
	return dir, "file://" + filepath.ToSlash(dir)
}

func screenshotDir(tb testing.TB) string {
	if *screenshots != "" {
		require.NoError(tb, os.MkdirAll(*screenshots, 0o755))
		return *screenshots
	}
	return tb.TempDir()
}

// setSelect chooses an option as a user does, firing the change event.
func setSelect(sel, value string) chromedp.Action[chromedp.Void] {
	return void(chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const s = document.querySelector(%q); s.value = %q; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`, sel, value)))
}

// waitCount waits until the stack map shows n tools.
func waitCount(n int) chromedp.Action[chromedp.Void] {
	return void(chromedp.Poll[bool](fmt.Sprintf(`document.getElementById("count").dataset.count === "%d"`, n), chromedp.WithPollingInterval(20*time.Millisecond)))
}

type placed struct{ Tool, Stage, Category string }

func TestBrowserAcme(t *testing.T) {
	b := newBrowser(t)
	inv, res := acmeEvaluation(t)
	site, err := dashboard.Build(inv, res, dashboard.Options{Version: "test"})
	require.NoError(t, err)
	dir, base := writeSite(t, site)
	shots := screenshotDir(t)

	b.run(t,
		chromedp.Navigate(base+"/index.html"),
		chromedp.WaitVisible(chromedp.CSS(`#stackmap .card`)),
		waitCount(len(res.Tools)),
	)
	b.shot(t, shots, "overview.png")
	eval[bool](t, b, `document.getElementById("map-h").scrollIntoView(), true`)
	b.shot(t, shots, "stack-map.png")
	eval[bool](t, b, `window.scrollTo(0, 0), true`)
	cards := eval[[]placed](t, b, `[...document.querySelectorAll("#stackmap .cell .card")].map(c => ({Tool: c.dataset.tool, Stage: c.closest(".cell").dataset.stage, Category: c.closest(".cell").dataset.category}))`)

	// Every active tool is in the column of each of its stages (or "No
	// stage") and the row of its category.
	got := map[placed]bool{}
	for _, c := range cards {
		got[c] = true
	}
	active := 0
	for _, tool := range res.Tools {
		if tool.Status != inventory.StatusActive {
			continue
		}
		active++
		stages := tool.Stages
		if len(stages) == 0 {
			stages = []string{""}
		}
		for _, s := range stages {
			assert.True(t, got[placed{tool.ID, s, tool.TopCategory}], "%s in stage %q, category %q", tool.ID, s, tool.TopCategory)
		}
	}
	require.Greater(t, active, 40)

	// Keyboard: Tab from the top reaches the skip link, the navigation,
	// every filter and the scrollable map, in that order.
	var focused []string
	for range 12 {
		b.run(t, chromedp.KeyEvent("\t"))
		focused = append(focused, eval[string](t, b, `(e => e.id || e.getAttribute("href") || e.tagName)(document.activeElement)`))
	}
	assert.Equal(t, []string{"#main", "index.html", "flows.html", "spend.html", "ownership.html", "f-team", "f-objective", "f-category", "f-status", "f-search", "stackmap"}, focused[:11])

	// Filter by team: the count is the team's tools; then a search typed
	// on the keyboard narrows it further.
	team, n := biggestTeam(res)
	b.run(t, setSelect("#f-team", team), waitCount(n))
	shown := eval[[]string](t, b, `[...new Set([...document.querySelectorAll("#stackmap .card")].map(c => c.dataset.tool))]`)
	assert.Len(t, shown, n, "distinct cards shown for team %s", team)
	for _, id := range shown {
		assert.Equal(t, team, res.Tool(id).Owner, id)
	}
	hubspot := 0
	for _, tool := range res.Tools {
		if tool.Owner == team && strings.Contains(strings.ToLower(tool.Name+" "+tool.Vendor+" "+tool.ID), "hubspot") {
			hubspot++
		}
	}
	require.Positive(t, hubspot, "the search below needs a match")
	b.run(t, chromedp.SendKeys(chromedp.CSS(`#f-search`), "hubspot"), waitCount(hubspot))
	b.shot(t, shots, "stack-map-filtered.png")

	// The flow graph: one node per tool a flow touches, one edge a flow.
	flowTools := map[string]bool{}
	for _, f := range res.Flows {
		flowTools[f.From], flowTools[f.To] = true, true
	}
	b.run(t,
		chromedp.Click(chromedp.CSS(`nav a[href="flows.html"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#flowgraph`)),
	)
	b.shot(t, shots, "flows.png")
	assert.Equal(t, len(flowTools), eval[int](t, b, `document.querySelectorAll("#flowgraph .node").length`))
	assert.Equal(t, len(res.Flows), eval[int](t, b, `document.querySelectorAll("#flowgraph .edge").length`))

	for _, p := range []string{"spend.html", "ownership.html"} {
		b.run(t, chromedp.Navigate(base+"/"+p), chromedp.WaitVisible(chromedp.CSS(`footer`)))
		assert.NotEmpty(t, eval[string](t, b, `document.querySelector("h1").textContent`), p)
		b.shot(t, shots, strings.TrimSuffix(p, ".html")+".png")
	}

	// prefers-color-scheme: the dark scheme's colours apply.
	background := func(scheme string) string {
		_, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		require.NoError(t, err)
		return eval[string](t, b, `getComputedStyle(document.documentElement).backgroundColor`)
	}
	b.run(t, chromedp.Navigate(base+"/index.html"), chromedp.WaitVisible(chromedp.CSS(`#stackmap .card`)))
	assert.Equal(t, "rgb(13, 17, 23)", background("dark"))
	b.shot(t, shots, "stack-map-dark.png")
	assert.Equal(t, "rgb(255, 255, 255)", background("light"))

	errs, requests, dialogs := b.seen()
	assert.Empty(t, errs, "console errors")
	assert.Empty(t, dialogs)
	own := "file://" + filepath.ToSlash(dir) + "/"
	for _, u := range requests {
		assert.True(t, strings.HasPrefix(u, own) || strings.HasPrefix(u, "data:"), "request beyond the site's files: %s", u)
	}
	assert.Contains(t, requests, own+"data.js")
	assert.Contains(t, requests, own+"style.css")
}

// TestBrowserHostileNames loads a site whose tool, team and objective
// names are markup: it renders as text and opens no dialog.
func TestBrowserHostileNames(t *testing.T) {
	b := newBrowser(t)
	_, base := writeSite(t, siteOf(t, "testdata/hostile"))
	b.run(t,
		chromedp.Navigate(base+"/index.html"),
		chromedp.WaitVisible(chromedp.CSS(`#stackmap .card`)),
	)
	names := eval[[]string](t, b, `[...document.querySelectorAll("#stackmap .card h3")].map(h => h.firstChild.textContent).sort()`)
	assert.Equal(t, []string{`"><img src=x onerror=alert(1)>`, `<script>alert(1)</script>`}, names)
	assert.Zero(t, eval[int](t, b, `document.querySelectorAll("img, #stackmap script, #stackmap svg").length`))
	for _, p := range []string{"flows.html", "spend.html", "ownership.html"} {
		b.run(t, chromedp.Navigate(base+"/"+p), chromedp.WaitVisible(chromedp.CSS(`footer`)))
		assert.Zero(t, eval[int](t, b, `document.querySelectorAll("img, script").length`), p)
		assert.Contains(t, eval[string](t, b, `document.querySelector("main").textContent`), "<script>alert(1)</script>", p)
	}
	// A dialog, had one opened, is reported asynchronously: one more round
	// trip to the browser before reading what it saw.
	eval[bool](t, b, `true`)
	errs, _, dialogs := b.seen()
	assert.Empty(t, dialogs, "a name ran as script")
	assert.Empty(t, errs)
}

func acmeEvaluation(tb testing.TB) (*inventory.Inventory, *result.Result) {
	tb.Helper()
	return resultfixture.EvaluateAcme(tb, "../..")
}

// biggestTeam is the team owning the most tools (ties by id).
func biggestTeam(res *result.Result) (string, int) {
	n := map[string]int{}
	for _, t := range res.Tools {
		if t.Owner != "" {
			n[t.Owner]++
		}
	}
	teams := make([]string, 0, len(n))
	for id := range n {
		teams = append(teams, id)
	}
	sort.Slice(teams, func(i, j int) bool {
		if n[teams[i]] != n[teams[j]] {
			return n[teams[i]] > n[teams[j]]
		}
		return teams[i] < teams[j]
	})
	return teams[0], n[teams[0]]
}

// BenchmarkBrowser10000Tools loads the stack map of a 10,000-tool site
// from file:// and applies one filter, in a real browser. It reports the
// load (navigation until the first page of cards is drawn) and the filter
// (a team chosen until the map is redrawn) separately, in milliseconds.
func BenchmarkBrowser10000Tools(b *testing.B) {
	br := newBrowser(b)
	site, res := buildSite(b, synthtest.Dir(b, synth.Size{Tools: 10000, Flows: 20000, Teams: 500, Files: 100}), "bench")
	_, base := writeSite(b, site)
	team, n := biggestTeam(res)
	var load, filter time.Duration
	b.ResetTimer()
	for b.Loop() {
		start := time.Now()
		br.run(b,
			chromedp.Navigate(base+"/index.html"),
			chromedp.WaitVisible(chromedp.CSS(`#stackmap .card`)),
			waitCount(len(res.Tools)),
		)
		mid := time.Now()
		br.run(b, setSelect("#f-team", team), waitCount(n))
		load += mid.Sub(start)
		filter += time.Since(mid)
	}
	b.StopTimer()
	b.ReportMetric(float64(load.Microseconds())/1000/float64(b.N), "load-ms/op")
	b.ReportMetric(float64(filter.Microseconds())/1000/float64(b.N), "filter-ms/op")
	b.ReportMetric(float64(len(site.Files["data.js"])), "data.js-bytes")
	errs, _, _ := br.seen()
	assert.Empty(b, errs)
}
