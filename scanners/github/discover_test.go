package github_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"golang.org/x/time/rate"

	"github.com/stackaudit/stackaudit/scanners"
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
	return github.SandboxSeed{Token: goodToken, Org: "acme", Repositories: []github.SandboxRepository{
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

type discovery struct {
	found    *usage.Discovered
	err      error
	log      string
	requests []sandbox.Request
	queries  []string      // every code search q sent
	slept    time.Duration // waited on the scan's fake clock
}

type discoverSetup struct {
	seed     github.SandboxSeed
	faults   sandbox.Faults
	settings string
	token    string
	endpoint string
	opts     *scanners.ClientOptions
	d        *github.Discoverer // default: no search limit
	timeout  time.Duration
}

// recorder keeps the code search queries a client sends.
type recorder struct {
	mu      sync.Mutex
	queries []string
}

func (rec *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if strings.HasSuffix(req.URL.Path, "/search/code") {
		rec.mu.Lock()
		rec.queries = append(rec.queries, req.URL.Query().Get("q"))
		rec.mu.Unlock()
	}
	return http.DefaultTransport.RoundTrip(req)
}

func discover(t *testing.T, s discoverSetup) discovery {
	t.Helper()
	inv := scantest.Load(t, fmt.Sprintf(discoveryHCL, s.settings))
	if len(inv.Discoveries) != 1 {
		t.Fatalf("%d discovery blocks", len(inv.Discoveries))
	}
	sb := github.Simulator().New(s.seed, s.faults)
	// No deadline unless the test is about one: a budget for the whole
	// scan would fail a loaded machine, not a slow scanner.
	ctx, cancel := context.Background(), context.CancelFunc(func() {})
	if s.timeout > 0 {
		ctx, cancel = context.WithTimeout(ctx, s.timeout)
	}
	defer cancel()
	urls, stop, err := sb.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	base := cmpOr(s.endpoint, urls["github"])
	token := cmpOr(s.token, goodToken)
	var log scantest.Log
	opts := scantest.Fast()
	if s.opts != nil {
		opts = *s.opts
	}
	clk := scantest.NewClock()
	opts = clk.Options(opts)
	rec := &recorder{}
	opts.Transport = rec
	opts.Logf = log.Logf
	env := scanners.Env{
		Getenv:  func(k string) string { return map[string]string{"GITHUB_TOKEN": token}[k] },
		AsOf:    asOf,
		BaseURL: base,
		Limiter: rate.NewLimiter(rate.Inf, 1),
		HTTP:    opts,
		Catalog: inv.Catalog,
	}
	d := s.d
	if d == nil {
		d = &github.Discoverer{SearchLimit: rate.Inf}
	}
	found, err := d.Discover(ctx, inv.Discoveries[0], env)
	r := discovery{found: found, err: err, slept: clk.Slept(), requests: sb.Requests()}
	r.log = log.String()
	rec.mu.Lock()
	r.queries = slices.Clone(rec.queries)
	rec.mu.Unlock()
	return r
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
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
	r := discover(t, discoverSetup{seed: s})
	if r.err != nil {
		t.Fatal(r.err)
	}
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
	if got := integrations(r.found); !slices.Equal(got, want) {
		t.Errorf("integrations\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if r.found.Tools == nil || r.found.Flows == nil {
		t.Error("tools and flows must be empty lists, not null")
	}
	if r.requests[0].Path != "/orgs/acme" {
		t.Errorf("first request %s, want the organization check", r.requests[0].Path)
	}
	for _, q := range r.requests {
		if q.Authorization != "Bearer "+goodToken {
			t.Errorf("%s without the token", q.Path)
		}
	}
	checkQueries(t, r.queries, "org:acme ")
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
	r := discover(t, discoverSetup{seed: codeSeed(), settings: `repositories = ["api"]`})
	if r.err != nil {
		t.Fatal(r.err)
	}
	want := []string{"github|segment|acme/api|requirements.txt|segment-analytics-python"}
	if got := integrations(r.found); !slices.Equal(got, want) {
		t.Errorf("integrations %q, want %q", got, want)
	}
	checkQueries(t, r.queries, "repo:acme/api ")
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
	r := discover(t, discoverSetup{seed: s, settings: "repositories = [" + strings.Join(names, ", ") + "]"})
	if r.err != nil {
		t.Fatal(r.err)
	}
	if len(r.found.Integrations) != 8 {
		t.Errorf("integrations %q, want one per listed repository", integrations(r.found))
	}
	groups := map[string]bool{}
	for _, q := range r.queries {
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
	r := discover(t, discoverSetup{seed: s, settings: `repositories = ["api"]`})
	if r.err != nil {
		t.Fatal(r.err)
	}
	want := []string{"github|segment|acme/api|requirements.txt|segment-analytics-python (GitHub code search reported incomplete results for this search)"}
	if got := integrations(r.found); !slices.Equal(got, want) {
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
	r := discover(t, discoverSetup{seed: s})
	if r.err != nil {
		t.Fatal(r.err)
	}
	big := 0
	for _, i := range r.found.Integrations {
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
	if big != 1000 || len(r.found.Integrations) != 1004 {
		t.Errorf("%d integrations in acme/big of %d, want 1000 of 1004", big, len(r.found.Integrations))
	}
	for _, want := range []string{"github|segment|acme/web|package.json|@segment/analytics-next",
		"github|hubspot-marketing-hub|acme/web|public/index.html|js.hs-scripts.com"} {
		if !slices.Contains(integrations(r.found), want) {
			t.Errorf("%s lost in the split", want)
		}
	}
}

func TestDiscoverBadResponses(t *testing.T) {
	slow := scantest.Fast()
	slow.Timeout = 150 * time.Millisecond
	slow.Retries = 1
	paged := codeSeed()
	paged.PageSize = 1
	tests := []struct {
		name string
		discoverSetup
		wantErr   string // "" means success
		wantErrIs error
		wantCalls int
	}{
		{name: "429 then success", discoverSetup: discoverSetup{faults: sandbox.Faults{Status429Times: 2}}},
		{name: "500 then success", discoverSetup: discoverSetup{faults: sandbox.Faults{Fail500Times: 2}}},
		{name: "503 forever", wantCalls: 4, discoverSetup: discoverSetup{faults: sandbox.Faults{Fail503Always: true}},
			wantErr: "github: GET /orgs/acme: HTTP 503 Service Unavailable (after 4 attempts)"},
		{name: "organization not found", wantCalls: 1, discoverSetup: discoverSetup{seed: func() github.SandboxSeed { s := codeSeed(); s.Org = "other"; return s }()},
			wantErr: `github: GET /orgs/acme: HTTP 404 Not Found: the organization "acme" was not found, or the token in GITHUB_TOKEN cannot see it`},
		{name: "repository not found", wantCalls: 2, discoverSetup: discoverSetup{settings: `repositories = ["web", "nope"]`},
			wantErr: "github: GET /search/code: HTTP 422 Unprocessable Entity: GitHub code search refused the query (Validation Failed: " +
				"The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.); " +
				"check org and repositories"},
		{name: "private repository without the repo scope", wantCalls: 2,
			discoverSetup: discoverSetup{settings: `repositories = ["api"]`, seed: func() github.SandboxSeed { s := codeSeed(); s.Scopes = []string{"read:org"}; return s }()},
			wantErr:       "HTTP 422 Unprocessable Entity: GitHub code search refused the query"},
		{name: "malformed JSON", wantCalls: 2, discoverSetup: discoverSetup{faults: sandbox.Faults{MalformedJSON: true}},
			wantErr: "github: GET /search/code: invalid JSON response"},
		{name: "truncated body", wantCalls: 4, discoverSetup: discoverSetup{faults: sandbox.Faults{TruncatedBody: true}},
			wantErr: "github: GET /orgs/acme: the response ended early: unexpected EOF"},
		{name: "looping cursor", wantCalls: 3, discoverSetup: discoverSetup{seed: paged, faults: sandbox.Faults{LoopingCursor: true}},
			wantErrIs: scanners.ErrCursorLoop, wantErr: "github: GET /search/code: page 2"},
		{name: "body over the limit", wantCalls: 1, discoverSetup: discoverSetup{faults: sandbox.Faults{HugeBody: true}},
			wantErr: "github: GET /orgs/acme: response larger than the 16777216-byte limit"},
		{name: "server never answers", wantCalls: 2, discoverSetup: discoverSetup{faults: sandbox.Faults{Hang: true}, opts: &slow},
			wantErr: "github: GET /orgs/acme: no complete answer within 150ms"},
		{name: "connection refused", discoverSetup: discoverSetup{endpoint: scantest.RefusedURL(t, "/github/")}, wantErr: "github: GET /orgs/acme: dial tcp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := tt.discoverSetup
			if s.seed.Token == "" {
				s.seed = codeSeed()
			}
			r := discover(t, s)
			t.Logf("%d requests, waited %s: %v", len(r.requests), r.slept, r.err)
			if tt.wantCalls != 0 && len(r.requests) != tt.wantCalls {
				t.Errorf("%d requests, want %d", len(r.requests), tt.wantCalls)
			}
			switch {
			case tt.wantErr == "" && tt.wantErrIs == nil:
				if r.err != nil {
					t.Fatalf("unexpected error: %v", r.err)
				}
				if len(r.found.Integrations) != 5 {
					t.Errorf("integrations %q, want 5", integrations(r.found))
				}
			case r.err == nil:
				t.Fatalf("no error, want %q", tt.wantErr)
			default:
				if tt.wantErrIs != nil && !errors.Is(r.err, tt.wantErrIs) {
					t.Errorf("error %v, want %v", r.err, tt.wantErrIs)
				}
				if !strings.Contains(r.err.Error(), tt.wantErr) {
					t.Errorf("error %q\nwant it to contain %q", r.err, tt.wantErr)
				}
				for _, leak := range []string{"q=", "org:", "page=", goodToken} {
					if strings.Contains(r.err.Error(), leak) {
						t.Errorf("error shows %q: %v", leak, r.err)
					}
				}
			}
		})
	}
}

func TestDiscoverRejectedTokenNeverShown(t *testing.T) {
	t.Parallel()
	r := discover(t, discoverSetup{seed: codeSeed(), token: canary})
	if r.err == nil {
		t.Fatal("no error for a rejected token")
	}
	msg := r.err.Error()
	for _, want := range []string{"github: GET /orgs/acme: HTTP 401", "GITHUB_TOKEN", "Contents: Read-only", "scope repo"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	if strings.Contains(msg+r.log, canary) {
		t.Errorf("the token appears in the error or log: %s %s", msg, r.log)
	}
}

// TestSearchLimiterSpacesQueries: code search requests, retries included,
// are spaced by the discoverer's own limiter, apart from env.Limiter.
func TestSearchLimiterSpacesQueries(t *testing.T) {
	t.Parallel()
	limit := rate.Limit(50)
	r := discover(t, discoverSetup{seed: codeSeed(), d: &github.Discoverer{SearchLimit: limit}})
	if r.err != nil {
		t.Fatal(r.err)
	}
	n := 0
	for _, q := range r.requests {
		if q.Path == "/search/code" {
			n++
		}
	}
	// On the fake clock each search waits for its own slot: the waits add
	// up to the limit's spacing of every search after the first.
	ideal := time.Duration(float64(n-1) / float64(limit) * float64(time.Second))
	if n < 10 || r.slept < ideal {
		t.Errorf("%d searches after waits of %s; %v a second needs at least %s", n, r.slept, limit, ideal)
	}
}

// TestDefaultSearchLimit: without a SearchLimit the discoverer keeps
// GitHub's 10 searches a minute: the second search's slot, 6s away, is past
// a 5s deadline, which fails at once.
func TestDefaultSearchLimit(t *testing.T) {
	t.Parallel()
	if github.NewDiscoverer().SearchLimit != 0 || github.DefaultSearchLimit != rate.Every(6*time.Second) {
		t.Fatalf("default search limit %v, want 10 a minute", github.DefaultSearchLimit)
	}
	r := discover(t, discoverSetup{seed: codeSeed(), d: github.NewDiscoverer(), timeout: 5 * time.Second})
	searches := 0
	for _, q := range r.requests {
		if q.Path == "/search/code" {
			searches++
		}
	}
	if searches != 1 || !errors.Is(r.err, context.DeadlineExceeded) || r.slept != 0 {
		t.Errorf("%d searches, error %v after waits of %s; want 1 search and a deadline error without a wait", searches, r.err, r.slept)
	}
}

func TestValidateDiscovery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		want       []string
	}{
		{name: "ok", body: "token_env = \"GITHUB_TOKEN\"\n org = \"acme\""},
		{name: "repositories", body: "token_env = \"GITHUB_TOKEN\"\n org = \"acme\"\n repositories = [\"web\", \"api.v2\", \"web\"]"},
		{name: "missing token_env", body: `org = "acme"`, want: []string{"Missing token_env"}},
		{name: "missing org", body: `token_env = "GITHUB_TOKEN"`, want: []string{"Missing org"}},
		{name: "bad org", body: "token_env = \"GITHUB_TOKEN\"\n org = \"acme inc\"", want: []string{"Invalid org"}},
		{name: "repositories not a list", body: "token_env = \"GITHUB_TOKEN\"\n org = \"acme\"\n repositories = \"web\"", want: []string{"Invalid repositories setting"}},
		{name: "repositories empty", body: "token_env = \"GITHUB_TOKEN\"\n org = \"acme\"\n repositories = []", want: []string{"Invalid repositories setting"}},
		{name: "repository with owner", body: "token_env = \"GITHUB_TOKEN\"\n org = \"acme\"\n repositories = [\"acme/web\"]", want: []string{"Invalid repositories setting"}},
		{name: "repository not a name", body: "token_env = \"GITHUB_TOKEN\"\n org = \"acme\"\n repositories = [\"web site\"]", want: []string{"Invalid repositories setting"}},
		{name: "unknown setting", body: "token_env = \"GITHUB_TOKEN\"\n org = \"acme\"\n seats = \"copilot\"", want: []string{"Unsupported argument"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := scantest.Load(t, "discovery \"github\" {\n "+tt.body+"\n}\n")
			var got []string
			for _, d := range github.NewDiscoverer().Validate(inv.Discoveries[0]) {
				if d.Severity == hcl.DiagError {
					got = append(got, d.Summary)
					if d.Subject == nil || d.Subject.Filename == "" {
						t.Errorf("diagnostic %q has no subject range", d.Summary)
					}
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("diagnostics %q, want %q", got, tt.want)
			}
		})
	}
}
