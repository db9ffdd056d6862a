package github_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/stackaudit/stackaudit/scanners/github"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

const discoveryHCL = `
discovery "github" {
  token_env = "GITHUB_TOKEN"
  org       = "acme"
  %s
}
`

// codeSeed is an organization whose repositories use Segment and HubSpot,
// a README whose prose code search also finds (punctuation is ignored)
// but that is no integration, and another organization's repository.
func codeSeed() github.SandboxSeed {
	return github.SandboxSeed{Access: sandbox.Access{Token: goodToken}, Org: "acme", Repositories: []github.SandboxRepository{
		{FullName: "acme/web", Files: map[string]string{
			"package.json": "{\n  \"dependencies\": {\n    \"@segment/analytics-next\": \"^1.6.0\",\n    \"@hubspot/api-client\": \"^11.0.0\"\n  }\n}\n",
			"public/index.html": "<script src=\"https://cdn.segment.com/analytics.js/v1/KEY/analytics.min.js\"></script>\n" +
				"<script src=\"//js.hs-scripts.com/123.js\"></script>\n",
			"README.md": "Our segment analytics next steps are in the wiki.\n",
		}},
		{FullName: "acme/api", Private: true, Files: map[string]string{
			"requirements.txt": "segment-analytics-python==2.3.0\nflask==3.0.0\n",
		}},
		{FullName: "other/site", Files: map[string]string{
			"package.json": "{\"dependencies\": {\"@segment/analytics-next\": \"1\"}}",
		}},
	}}
}

// searches are the q parameters of every code search the run sent.
func searches(r scantest.Result) []string {
	var out []string
	for _, q := range r.Requests {
		if strings.HasSuffix(q.Path, "/search/code") {
			v, _ := url.ParseQuery(q.RawQuery)
			out = append(out, v.Get("q"))
		}
	}
	return out
}

// withDiscoverer is discoverer() with d instead of its discoverer without
// a search limit.
func withDiscoverer(d *github.Discoverer) scantest.Vendor {
	v := discoverer()
	v.Discoverer = d
	return v
}

func integrations(d *usage.Discovered) []string {
	var out []string
	for _, i := range d.Integrations {
		out = append(out, fmt.Sprintf("%s|%s|%s|%s|%s", i.Source, i.Product, i.Repo, i.Path, i.Evidence))
	}
	return out
}

func TestDiscoverIntegrations(t *testing.T) {
	t.Parallel()
	s := codeSeed()
	s.PageSize = 1 // every query with hits has several pages
	r := discoverer().MustRun(t, setup{Seed: s})
	want := []string{
		// @hubspot/api-client is every HubSpot hub's SDK: no one product.
		"github||acme/web|package.json|@hubspot/api-client",
		"github|hubspot-marketing-hub|acme/web|public/index.html|js.hs-scripts.com",
		// analytics-python is in the line too, but it is part of the
		// longer term.
		"github|segment|acme/api|requirements.txt|segment-analytics-python",
		"github|segment|acme/web|package.json|@segment/analytics-next",
		"github|segment|acme/web|public/index.html|cdn.segment.com",
	}
	if got := integrations(r.Found); !slices.Equal(got, want) {
		t.Errorf("integrations\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r.Found.Tools == nil || r.Found.Flows == nil {
		t.Error("tools and flows must be empty lists, not null")
	}
	if r.Served[0].Path != "/orgs/acme" {
		t.Errorf("first request %s, want the organization check", r.Served[0].Path)
	}
	for _, q := range r.Served {
		if q.Authorization != "Bearer "+goodToken {
			t.Errorf("%s without the token", q.Path)
		}
	}
	checkQueries(t, searches(r), "org:acme ")
}

// checkQueries asserts GitHub's query limits, and that every catalog term
// was searched exactly once.
func checkQueries(t *testing.T, queries []string, qualifier string) {
	t.Helper()
	seen := map[string]int{}
	// Each page of a query sends it again.
	slices.Sort(queries)
	for _, q := range slices.Compact(queries) {
		if len(q) > 256 || strings.Count(q, " OR ") > 5 || !strings.HasPrefix(q, qualifier) {
			t.Errorf("query %q: %d characters, %d operators", q, len(q), strings.Count(q, " OR "))
		}
		for _, part := range strings.Split(strings.TrimPrefix(q, qualifier), " OR ") {
			seen[strings.Trim(part, `"`)]++
		}
	}
	if len(seen) < 250 {
		t.Errorf("%d terms searched, want every package and script host of the catalog", len(seen))
	}
	for term, n := range seen {
		if n != 1 {
			t.Errorf("%q searched %d times", term, n)
		}
	}
	t.Logf("%d terms in %d queries", len(seen), len(queries))
}

func TestDiscoverRepositories(t *testing.T) {
	t.Parallel()
	r := discoverer().MustRun(t, setup{HCL: fmt.Sprintf(discoveryHCL, `repositories = ["api"]`)})
	want := []string{"github|segment|acme/api|requirements.txt|segment-analytics-python"}
	if got := integrations(r.Found); !slices.Equal(got, want) {
		t.Errorf("integrations %q, want %q", got, want)
	}
	checkQueries(t, searches(r), "repo:acme/api ")
}

// TestDiscoverManyRepositories: the repo: qualifiers of a long list are
// split across queries, which stay within GitHub's 256 characters.
func TestDiscoverManyRepositories(t *testing.T) {
	t.Parallel()
	s := codeSeed()
	var names []string
	for i := range 8 {
		name := fmt.Sprintf("a-repository-with-a-rather-long-name-%d", i)
		names = append(names, `"`+name+`"`)
		s.Repositories = append(s.Repositories, github.SandboxRepository{FullName: "acme/" + name,
			Files: map[string]string{"site.html": `<script src="https://cdn.segment.com/analytics.js"></script>`}})
	}
	r := discoverer().MustRun(t, setup{Seed: s, HCL: fmt.Sprintf(discoveryHCL, "repositories = ["+strings.Join(names, ", ")+"]")})
	if len(r.Found.Integrations) != 8 {
		t.Errorf("integrations %q, want one per listed repository", integrations(r.Found))
	}
	groups := map[string]bool{}
	for _, q := range searches(r) {
		if len(q) > 256 {
			t.Errorf("query of %d characters", len(q))
		}
		groups[q[:strings.Index(q, ` "`)]] = true
	}
	if len(groups) < 2 {
		t.Errorf("qualifier groups %v, want the repositories split", groups)
	}
}

func TestDiscoverIncompleteResults(t *testing.T) {
	t.Parallel()
	s := codeSeed()
	s.IncompleteResults = true
	r := discoverer().MustRun(t, setup{Seed: s, HCL: fmt.Sprintf(discoveryHCL, `repositories = ["api"]`)})
	want := []string{"github|segment|acme/api|requirements.txt|segment-analytics-python (GitHub code search reported incomplete results for this search)"}
	if got := integrations(r.Found); !slices.Equal(got, want) {
		t.Errorf("integrations %q, want %q", got, want)
	}
}

// TestDiscoverOverAThousandResults: a query with more results than GitHub
// lets one read is split until the term is alone, whose hits then say that
// some could not be read.
func TestDiscoverOverAThousandResults(t *testing.T) {
	t.Parallel()
	s := codeSeed()
	files := map[string]string{}
	for i := range 1001 {
		files[fmt.Sprintf("site/page%04d.html", i)] = `<script src="https://cdn.segment.com/analytics.js"></script>`
	}
	s.Repositories = append(s.Repositories, github.SandboxRepository{FullName: "acme/big", Files: files})
	r := discoverer().MustRun(t, setup{Seed: s})
	big := 0
	for _, i := range r.Found.Integrations {
		if i.Repo == "acme/big" {
			big++
			if i.Evidence != "cdn.segment.com (only the first 1000 of 1002 results of this search could be read)" {
				t.Fatalf("evidence %q", i.Evidence)
			}
		}
	}
	// The 1,002nd result, acme/web's public/index.html, is beyond the
	// readable thousand; the other terms, searched by the split queries,
	// are all found.
	if big != 1000 || len(r.Found.Integrations) != 1004 {
		t.Errorf("%d integrations in acme/big of %d, want 1000 of 1004", big, len(r.Found.Integrations))
	}
	for _, want := range []string{"github|segment|acme/web|package.json|@segment/analytics-next",
		"github|hubspot-marketing-hub|acme/web|public/index.html|js.hs-scripts.com"} {
		if !slices.Contains(integrations(r.Found), want) {
			t.Errorf("%s lost in the split", want)
		}
	}
}

// TestDiscoverBadResponses: GitHub's own answers (the generic ones are in
// TestConformance).
func TestDiscoverBadResponses(t *testing.T) {
	discoverer().Cases(t, []scantest.Case{
		{Name: "organization not found", WantCalls: 1, Setup: setup{Seed: func() github.SandboxSeed { s := codeSeed(); s.Org = "other"; return s }()},
			WantErr: []string{`github: GET /orgs/acme: HTTP 404 Not Found: the organization "acme" was not found, or the token in GITHUB_TOKEN cannot see it`}},
		{Name: "repository not found", WantCalls: 2, Setup: setup{HCL: fmt.Sprintf(discoveryHCL, `repositories = ["web", "nope"]`)},
			WantErr: []string{"github: GET /search/code: HTTP 422 Unprocessable Entity: GitHub code search refused the query (Validation Failed: " +
				"The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.); " +
				"check org and repositories"}},
		{Name: "private repository without the repo scope", WantCalls: 2,
			Setup:   setup{HCL: fmt.Sprintf(discoveryHCL, `repositories = ["api"]`), Seed: func() github.SandboxSeed { s := codeSeed(); s.Scopes = []string{"read:org"}; return s }()},
			WantErr: []string{"HTTP 422 Unprocessable Entity: GitHub code search refused the query"}},
	}, nil)
}

func TestDiscoverRejectedTokenNeverShown(t *testing.T) {
	t.Parallel()
	r := discoverer().Run(t, setup{Token: canary})
	if r.Err == nil {
		t.Fatal("no error for a rejected token")
	}
	msg := r.Err.Error()
	for _, want := range []string{"github: GET /orgs/acme: HTTP 401", "GITHUB_TOKEN", "Contents: Read-only", "scope repo"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	if strings.Contains(msg+r.Log, canary) {
		t.Errorf("the token appears in the error or log: %s %s", msg, r.Log)
	}
}

// TestSearchLimiterSpacesQueries: code search requests, retries included,
// wait for the discoverer's own limiter, apart from env.Limiter.
func TestSearchLimiterSpacesQueries(t *testing.T) {
	t.Parallel()
	limit := rate.Limit(50)
	r := withDiscoverer(&github.Discoverer{SearchLimit: limit}).MustRun(t, setup{})
	n := len(searches(r))
	if n < 10 {
		t.Fatalf("%d searches, want at least 10", n)
	}
	waited := total(r.Waits)
	if ideal := time.Duration(float64(n-1) / float64(limit) * float64(time.Second)); waited < ideal*9/10 {
		t.Errorf("%d searches after waits of %s in all; %v a second needs at least %s", n, waited, limit, ideal)
	}
}

// TestDefaultSearchLimit: without a SearchLimit the discoverer keeps
// GitHub's 10 searches a minute: the second search cannot start within a
// second.
func TestDefaultSearchLimit(t *testing.T) {
	t.Parallel()
	if github.NewDiscoverer().SearchLimit != 0 || github.DefaultSearchLimit != rate.Every(6*time.Second) {
		t.Fatalf("default search limit %v, want 10 a minute", github.DefaultSearchLimit)
	}
	r := withDiscoverer(github.NewDiscoverer()).Run(t, setup{Timeout: time.Second, Blocking: true})
	searches := 0
	for _, q := range r.Served {
		if q.Path == "/search/code" {
			searches++
		}
	}
	if searches != 1 || !errors.Is(r.Err, context.DeadlineExceeded) {
		t.Errorf("%d searches, error %v; want 1 search and a deadline error", searches, r.Err)
	}
}

func TestValidateDiscovery(t *testing.T) {
	t.Parallel()
	scantest.ValidateDiscoverer(t, github.Spec(), []scantest.ValidateCase{
		{Name: "ok", Body: "token_env = \"GITHUB_TOKEN\"\n org = \"acme\""},
		{Name: "repositories", Body: "token_env = \"GITHUB_TOKEN\"\n org = \"acme\"\n repositories = [\"web\", \"api.v2\", \"web\"]"},
		{Name: "missing token_env", Body: `org = "acme"`, Want: []string{"Missing token_env"}},
		{Name: "missing org", Body: `token_env = "GITHUB_TOKEN"`, Want: []string{"Missing org"}},
		{Name: "bad org", Body: "token_env = \"GITHUB_TOKEN\"\n org = \"acme inc\"", Want: []string{"Invalid org"}},
		{Name: "repositories not a list", Body: "token_env = \"GITHUB_TOKEN\"\n org = \"acme\"\n repositories = \"web\"", Want: []string{"Invalid repositories setting"}},
		{Name: "repositories empty", Body: "token_env = \"GITHUB_TOKEN\"\n org = \"acme\"\n repositories = []", Want: []string{"Invalid repositories setting"}},
		{Name: "repository with owner", Body: "token_env = \"GITHUB_TOKEN\"\n org = \"acme\"\n repositories = [\"acme/web\"]", Want: []string{"Invalid repositories setting"}},
		{Name: "repository not a name", Body: "token_env = \"GITHUB_TOKEN\"\n org = \"acme\"\n repositories = [\"web site\"]", Want: []string{"Invalid repositories setting"}},
		{Name: "unknown setting", Body: "token_env = \"GITHUB_TOKEN\"\n org = \"acme\"\n seats = \"copilot\"", Want: []string{"Unsupported argument"}},
	})
}
