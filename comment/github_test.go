package comment_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/comment"
	"github.com/stackaudit/stackaudit/comment/commenttest"
	"github.com/stackaudit/stackaudit/scanners"
)

var (
	t0 = time.Date(2026, 12, 6, 4, 0, 0, 0, time.UTC)
	t1 = t0.Add(time.Hour)
)

// sleeper records the stack's waits instead of waiting.
type sleeper struct{ waits []time.Duration }

func (s *sleeper) sleep(_ context.Context, d time.Duration) error {
	s.waits = append(s.waits, d)
	return nil
}

func stack(s *sleeper) *http.Client {
	return scanners.Env{HTTP: scanners.ClientOptions{Sleep: s.sleep, Now: func() time.Time { return t0 }}}.HTTPClient("github")
}

func githubThread(t *testing.T, fake *commenttest.GitHub, pr int, token string) *comment.GitHub {
	t.Helper()
	th, err := comment.NewGitHub(stack(&sleeper{}), fake.URL+"/", fake.Repo, pr, token)
	require.NoError(t, err)
	return th
}

func marked(at time.Time, body string) string { return comment.Compose(body, at) }

func TestGitHubBehaviors(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name     string
		existing []string // bodies already there, oldest first
		behavior comment.Behavior
		validAt  time.Time
		body     string
		action   string
		// want is the bodies' contents afterwards (markers stripped).
		want      []string
		minimized []bool
	}{
		{name: "update creates the first", behavior: comment.Update, validAt: t1, body: "A",
			action: "created", want: []string{"A"}},
		{name: "update edits the newest marked, across pages",
			existing: []string{"hello", marked(t0, "old1"), "lgtm", "nit", marked(t0, "old2"), "thanks"},
			behavior: comment.Update, validAt: t1, body: "B", action: "updated",
			want: []string{"hello", "old1", "lgtm", "nit", "B", "thanks"}},
		{name: "update never overwrites a newer run",
			existing: []string{marked(t1, "newer")}, behavior: comment.Update, validAt: t0, body: "older",
			action: "skipped", want: []string{"newer"}},
		{name: "update leaves an unchanged body alone",
			existing: []string{marked(t0, "same")}, behavior: comment.Update, validAt: t1, body: "same",
			action: "unchanged", want: []string{"same"}},
		{name: "new adds beside the old",
			existing: []string{marked(t0, "old")}, behavior: comment.New, validAt: t1, body: "C",
			action: "created", want: []string{"old", "C"}},
		{name: "delete-and-new removes every marked one",
			existing: []string{marked(t0, "old1"), "human", marked(t0, "old2")}, behavior: comment.DeleteAndNew, validAt: t1, body: "D",
			action: "created", want: []string{"human", "D"}},
		{name: "hide-and-new minimizes every marked one",
			existing: []string{marked(t0, "old1"), "human"}, behavior: comment.HideAndNew, validAt: t1, body: "E",
			action: "created", want: []string{"old1", "human", "E"}, minimized: []bool{true, false, false}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fake := commenttest.NewGitHub("acme/stack", 7)
			defer fake.Close()
			for _, b := range tc.existing {
				fake.Add(7, "someone", b)
			}
			out, err := comment.Post(ctx, githubThread(t, fake, 7, commenttest.Token), tc.body, comment.Options{Behavior: tc.behavior, ValidAt: tc.validAt})
			require.NoError(t, err)
			assert.Equal(t, tc.action, out.Action)
			var got []string
			var mins []bool
			for _, n := range fake.Comments(7) {
				got = append(got, strings.TrimSpace(strings.TrimPrefix(n.Body, comment.Marker(tc.validAt))))
				mins = append(mins, n.Minimized)
			}
			for i := range got {
				got[i] = stripMarker(got[i])
			}
			assert.Equal(t, tc.want, got)
			if tc.minimized != nil {
				assert.Equal(t, tc.minimized, mins)
			}
		})
	}
}

// stripMarker drops any marker line.
func stripMarker(s string) string {
	if strings.HasPrefix(s, "<!-- stackaudit-comment") {
		_, rest, _ := strings.Cut(s, "\n")
		return strings.TrimSpace(rest)
	}
	return s
}

// TestGitHubPaging: every page is read (the marked comment is on the
// last one), following the Link header.
func TestGitHubPaging(t *testing.T) {
	fake := commenttest.NewGitHub("acme/stack", 7)
	defer fake.Close()
	for i := 0; i < 5; i++ {
		fake.Add(7, "someone", "chatter")
	}
	id := fake.Add(7, "bot", marked(t0, "old"))
	_, err := comment.Post(context.Background(), githubThread(t, fake, 7, commenttest.Token), "new", comment.Options{ValidAt: t1})
	require.NoError(t, err)
	assert.Equal(t, 3, requestsTo(fake.Requests, "GET /repos/acme/stack/issues/7/comments"), "6 comments at 2 a page")
	assert.Contains(t, fake.Requests, "PATCH /repos/acme/stack/issues/comments/"+itoa(id))
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestGitHubSkipNoDiff(t *testing.T) {
	ctx := context.Background()
	fake := commenttest.NewGitHub("acme/stack", 7)
	defer fake.Close()
	th := githubThread(t, fake, 7, commenttest.Token)
	out, err := comment.Post(ctx, th, "", comment.Options{ValidAt: t0, SkipNoDiff: true})
	require.NoError(t, err)
	assert.Equal(t, "skipped", out.Action)
	out, err = comment.Post(ctx, th, "x\n"+comment.NoDiffMarker, comment.Options{ValidAt: t0, SkipNoDiff: true})
	require.NoError(t, err)
	assert.Equal(t, "skipped", out.Action)
	assert.Zero(t, fake.Writes())

	// With a comment already there, it is updated to say so.
	fake.Add(7, "bot", marked(t0, "+USD 48,000"))
	out, err = comment.Post(ctx, th, "", comment.Options{ValidAt: t1, SkipNoDiff: true})
	require.NoError(t, err)
	assert.Equal(t, "updated", out.Action)
	assert.Contains(t, fake.Comments(7)[0].Body, "No changes")

	// Without --skip-no-diff an empty body is refused.
	_, err = comment.Post(ctx, th, " \n", comment.Options{ValidAt: t1})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the body is empty")
}

func TestGitHubRefusals(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name, token string
		pr          int
		status      int
		msg         string
	}{
		{"bad token", "ghp_notavalidtoken", 7, 401, "GITHUB_TOKEN was not accepted"},
		{"read-only token", commenttest.ReadOnlyToken, 7, 403, "needs the pull-requests: write"},
		{"missing pull request", commenttest.Token, 99, 404, "pull request #99 of acme/stack does not exist"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fake := commenttest.NewGitHub("acme/stack", 7)
			defer fake.Close()
			_, err := comment.Post(ctx, githubThread(t, fake, tc.pr, tc.token), "body", comment.Options{ValidAt: t0})
			var ae *comment.APIError
			require.True(t, errors.As(err, &ae), "%v", err)
			assert.Equal(t, tc.status, ae.Status)
			assert.True(t, ae.Refused())
			assert.Contains(t, err.Error(), tc.msg)
			assert.NotContains(t, err.Error(), tc.token)
		})
	}
}

// TestGitHubSecondaryRateLimit: a secondary rate limit with Retry-After is
// waited out on the injected sleeper, and the call goes through.
func TestGitHubSecondaryRateLimit(t *testing.T) {
	fake := commenttest.NewGitHub("acme/stack", 7)
	defer fake.Close()
	fake.SecondaryLimits = 2
	s := &sleeper{}
	th, err := comment.NewGitHub(stack(s), fake.URL+"/", fake.Repo, 7, commenttest.Token)
	require.NoError(t, err)
	out, err := comment.Post(context.Background(), th, "body", comment.Options{ValidAt: t0})
	require.NoError(t, err)
	assert.Equal(t, "created", out.Action)
	assert.Equal(t, []time.Duration{7 * time.Second, 7 * time.Second}, s.waits)
}

func TestTooLong(t *testing.T) {
	fake := commenttest.NewGitHub("acme/stack", 7)
	defer fake.Close()
	_, err := comment.Post(context.Background(), githubThread(t, fake, 7, commenttest.Token), strings.Repeat("é", comment.MaxBody), comment.Options{ValidAt: t0})
	require.ErrorIs(t, err, comment.ErrTooLong)
	assert.Contains(t, err.Error(), "at most 65536")
	assert.Empty(t, fake.Requests, "refused before any call")
}

func TestNewGitHubArguments(t *testing.T) {
	for _, tc := range []struct{ repo, api, msg string }{
		{"acme", "https://api.github.com/", "OWNER/NAME"},
		{"acme/stack/x", "https://api.github.com/", "OWNER/NAME"},
		{"acme/stack", "ftp://x", "not an http(s) URL"},
	} {
		_, err := comment.NewGitHub(http.DefaultClient, tc.api, tc.repo, 1, "t")
		require.Error(t, err)
		assert.Contains(t, err.Error(), tc.msg)
	}
}

func TestParseBehavior(t *testing.T) {
	b, err := comment.ParseBehavior("Hide-And-New")
	require.NoError(t, err)
	assert.Equal(t, comment.HideAndNew, b)
	_, err = comment.ParseBehavior("replace")
	assert.ErrorContains(t, err, "update, new, delete-and-new, hide-and-new")
}

// TestGitHubEnterprisePaths: on GitHub Enterprise Server REST lives under
// /api/v3/ and GraphQL at /api/graphql; both are derived from
// --github-api-url.
func TestGitHubEnterprisePaths(t *testing.T) {
	fake := commenttest.NewGitHub("acme/stack", 7)
	defer fake.Close()
	fake.Add(7, "bot", marked(t0, "old"))
	target, err := url.Parse(fake.URL)
	require.NoError(t, err)
	proxy := httputil.NewSingleHostReverseProxy(target)
	var paths []string
	ghes := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		paths = append(paths, r.URL.Path)
		switch {
		case r.URL.Path == "/api/graphql":
			r.URL.Path = "/graphql"
		case strings.HasPrefix(r.URL.Path, "/api/v3/"):
			r.URL.Path = strings.TrimPrefix(r.URL.Path, "/api/v3")
		default:
			http.NotFound(w, r)
			return
		}
		proxy.ServeHTTP(w, r)
	}))
	defer ghes.Close()
	th, err := comment.NewGitHub(stack(&sleeper{}), ghes.URL+"/api/v3", "acme/stack", 7, commenttest.Token)
	require.NoError(t, err)
	out, err := comment.Post(context.Background(), th, "new", comment.Options{Behavior: comment.HideAndNew, ValidAt: t1})
	require.NoError(t, err)
	assert.Equal(t, 1, out.Removed)
	assert.Contains(t, paths, "/api/graphql")
	assert.Contains(t, paths, "/api/v3/repos/acme/stack/issues/7/comments")
	assert.True(t, fake.Comments(7)[0].Minimized)
}

// requestsTo counts the requests (as the fakes record them, "METHOD
// /path?query") that start with prefix.
func requestsTo(reqs []string, prefix string) int {
	n := 0
	for _, r := range reqs {
		if strings.HasPrefix(r, prefix) {
			n++
		}
	}
	return n
}
