package dashboard_test

import (
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/internal/goldenfile"
	"github.com/stackaudit/stackaudit/internal/resultfixture"
	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/report/dashboard"
	"github.com/stackaudit/stackaudit/usage"
)

var update = flag.Bool("update", false, "rewrite golden files")

var asOf = resultfixture.AcmeAsOf()

// acmeSite builds the example's site as `stackaudit dashboard
// examples/acme --as-of 2026-11-20` does, with its committed snapshot.
func acmeSite(t testing.TB, o dashboard.Options) *dashboard.Site {
	t.Helper()
	inv, res := acmeEvaluation(t)
	root, err := filepath.Abs("../..")
	require.NoError(t, err)
	o.BaseDir, o.Version = root, "test"
	site, err := dashboard.Build(inv, res, o)
	require.NoError(t, err)
	return site
}

func siteOf(t testing.TB, dir string) *dashboard.Site {
	t.Helper()
	site, _ := buildSite(t, dir, "test")
	return site
}

// buildSite evaluates the inventory in dir without a snapshot and builds
// its site, stamped with version.
func buildSite(t testing.TB, dir, version string) (*dashboard.Site, *result.Result) {
	t.Helper()
	inv, diags := inventory.Load(dir)
	require.False(t, diags.HasErrors(), diags.Error())
	res, pdiags := policies.Evaluate(inv, nil, policies.Options{AsOf: asOf})
	require.False(t, pdiags.HasErrors(), pdiags.Error())
	site, err := dashboard.Build(inv, res, dashboard.Options{Version: version})
	require.NoError(t, err)
	return site, res
}

// TestGoldenAcme pins the acme site's front page and stack-map data: the
// same inputs give the same bytes, and a change shows in review.
func TestGoldenAcme(t *testing.T) {
	site := acmeSite(t, dashboard.Options{})
	for _, name := range []string{"index.html", "data.js"} {
		t.Run(name, func(t *testing.T) {
			goldenfile.Text(t, filepath.Join("testdata", "acme_"+name+".golden"), string(site.Files[name]), *update)
		})
	}
}

func TestDeterministic(t *testing.T) {
	a, b := acmeSite(t, dashboard.Options{}), acmeSite(t, dashboard.Options{})
	require.Equal(t, a.Names(), b.Names())
	for _, name := range a.Names() {
		assert.Equal(t, a.Files[name], b.Files[name], name)
	}
}

func TestSiteFiles(t *testing.T) {
	site := acmeSite(t, dashboard.Options{})
	assert.Equal(t, []string{dashboard.Marker, "app.js", "data.js", "flows.html", "index.html", "ownership.html", "spend.html", "style.css"}, site.Names())
}

var (
	inlineHandler = regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`)
	externalLoad  = regexp.MustCompile(`(?i)<(script|link|img|iframe)[^>]*(src|href)="(https?:)?//`)
	styleAttr     = regexp.MustCompile(`(?i)<[^>]*\sstyle\s*=`)
)

// TestPagesAreSafe checks every page of the acme site and of an inventory
// full of markup: a CSP meta tag, no inline handler or style (the CSP
// would block them), nothing loaded from elsewhere, and the hostile names
// escaped.
func TestPagesAreSafe(t *testing.T) {
	sites := map[string]*dashboard.Site{
		"acme":    acmeSite(t, dashboard.Options{}),
		"hostile": siteOf(t, "testdata/hostile"),
	}
	for name, site := range sites {
		for _, file := range site.Names() {
			if !strings.HasSuffix(file, ".html") {
				continue
			}
			page := string(site.Files[file])
			t.Run(name+"/"+file, func(t *testing.T) {
				assert.Contains(t, page, `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self';`)
				assert.NotRegexp(t, inlineHandler, page)
				assert.NotRegexp(t, externalLoad, page)
				assert.NotRegexp(t, styleAttr, page)
				assert.NotContains(t, page, "<script>alert")
				assert.NotContains(t, page, "<img src=x")
				assert.NotContains(t, page, "<svg onload")
			})
		}
	}
	hostile := sites["hostile"]
	assert.Contains(t, string(hostile.Files["ownership.html"]), "&lt;script&gt;alert(1)&lt;/script&gt;")
	assert.Contains(t, string(hostile.Files["ownership.html"]), "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;")
	data := string(hostile.Files["data.js"])
	assert.NotContains(t, data, "<")
	assert.Contains(t, data, `\u003cscript\u003ealert(1)\u003c/script\u003e`)
}

// TestSpendFiguresAreTheResults checks the spend page shows the money
// model's figures as docs/money.md states them, not figures of its own.
func TestSpendFiguresAreTheResults(t *testing.T) {
	spend := string(acmeSite(t, dashboard.Options{}).Files["spend.html"])
	for _, want := range []string{
		"USD 2,838,580.70", "USD 113,949.60", "USD 60,000", "USD 173,949.60", "USD 727,428.70",
		"Cancel Sprout Social", "USD 38,304", "USD 27,720", "USD 3,369.60",
		`<a href="https://github.com/stackaudit/stackaudit/blob/main/docs/rules/right-size.md">right-size</a>`,
	} {
		assert.Contains(t, spend, want)
	}
	// ZoomInfo's notice was missed: it renews on its own unless negotiated.
	assert.Contains(t, spend, `<strong>ZoomInfo SalesOS</strong> renews automatically <time datetime="2026-12-01">2026-12-01</time> · USD 38,000 · <strong class="gap-text">notice missed (was due 2026-11-01)</strong>`)
	// The calendar covers the 12 months from the as-of date.
	assert.Contains(t, spend, "<h3>November 2026</h3>")
	assert.Contains(t, spend, "<h3>October 2027</h3>")
	assert.NotContains(t, spend, "<h3>November 2027</h3>")
}

func TestRedactUsers(t *testing.T) {
	plain := acmeSite(t, dashboard.Options{})
	key, err := usage.NewPseudonymizer([]byte("0123456789abcdef0123456789abcdef"))
	require.NoError(t, err)
	redacted := acmeSite(t, dashboard.Options{RedactUsers: true, Pseudonymizer: key})
	emails := regexp.MustCompile(`[a-z0-9.]+@[a-z0-9.]+\.example`)
	shared := emails.FindAllString(string(plain.Files["index.html"]), -1)
	require.NotEmpty(t, shared, "acme's overlaps have shared users")
	for _, e := range shared {
		assert.NotContains(t, string(redacted.Files["index.html"]), e)
		assert.Contains(t, string(redacted.Files["index.html"]), key.Email(e))
	}
}

func TestWrite(t *testing.T) {
	site := acmeSite(t, dashboard.Options{})
	parent := t.TempDir()
	dir := filepath.Join(parent, "site")
	require.NoError(t, dashboard.Write(dir, site))
	got, err := os.ReadFile(filepath.Join(dir, "index.html"))
	require.NoError(t, err)
	assert.Equal(t, site.Files["index.html"], got)

	// A previous site is replaced whole: a file it had and the new one
	// has not goes.
	require.NoError(t, os.WriteFile(filepath.Join(dir, "stale.html"), []byte("old"), 0o644))
	require.NoError(t, dashboard.Write(dir, site))
	assert.NoFileExists(t, filepath.Join(dir, "stale.html"))
	entries, err := os.ReadDir(parent)
	require.NoError(t, err)
	require.Len(t, entries, 1, "no temporary folder is left beside the site")

	// Anything else that is not empty is refused and left alone.
	other := filepath.Join(parent, "docs")
	require.NoError(t, os.MkdirAll(other, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(other, "keep.md"), []byte("mine"), 0o644))
	err = dashboard.Write(other, site)
	require.ErrorIs(t, err, dashboard.ErrNotSite)
	kept, err := os.ReadFile(filepath.Join(other, "keep.md"))
	require.NoError(t, err)
	assert.Equal(t, "mine", string(kept))
	assert.NoFileExists(t, filepath.Join(other, "index.html"))

	// An empty folder is fine; a file is not a folder.
	empty := filepath.Join(parent, "empty")
	require.NoError(t, os.Mkdir(empty, 0o755))
	require.NoError(t, dashboard.Write(empty, site))
	assert.FileExists(t, filepath.Join(empty, "index.html"))
	file := filepath.Join(parent, "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	assert.Error(t, dashboard.Write(file, site))
}
