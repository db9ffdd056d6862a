package comment

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	gh "github.com/google/go-github/v60/github"
)

// DefaultGitHubAPI is github.com's REST API.
const DefaultGitHubAPI = "https://api.github.com/"

// GitHub is the issue comments of one pull request.
type GitHub struct {
	c           *gh.Client
	owner, repo string
	pr          int
	// graphql is the GraphQL endpoint, for minimizeComment.
	graphql string
	// prName names the pull request in messages.
	prName string
}

// NewGitHub is the thread of pull request pr of repo ("OWNER/NAME") at the
// REST API apiURL (DefaultGitHubAPI, or a GitHub Enterprise Server's
// https://HOST/api/v3/). hc is the HTTP stack (scanners.Env.HTTPClient);
// the token is added to requests for apiURL's host only.
func NewGitHub(hc *http.Client, apiURL, repo string, pr int, token string) (*GitHub, error) {
	owner, name, ok := strings.Cut(repo, "/")
	if !ok || owner == "" || name == "" || strings.Contains(name, "/") {
		return nil, fmt.Errorf("--repo %q: write it as OWNER/NAME", repo)
	}
	if pr <= 0 {
		return nil, fmt.Errorf("--pr %d: a pull request number is positive", pr)
	}
	u, err := url.Parse(apiURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("--github-api-url %q is not an http(s) URL", apiURL)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawQuery, u.Fragment = "", ""
	client := *hc
	client.Transport = &bearer{base: hc.Transport, scheme: u.Scheme, host: u.Host, value: "Bearer " + token}
	c := gh.NewClient(&client)
	c.BaseURL = u
	// GitHub Enterprise Server serves REST at /api/v3/ and GraphQL at
	// /api/graphql; github.com at / and /graphql.
	gql := *u
	if strings.HasSuffix(u.Path, "/api/v3/") {
		gql.Path = strings.TrimSuffix(u.Path, "v3/") + "graphql"
	} else {
		gql.Path = u.Path + "graphql"
	}
	return &GitHub{c: c, owner: owner, repo: name, pr: pr, graphql: gql.String(),
		prName: fmt.Sprintf("pull request #%d of %s", pr, repo)}, nil
}

// bearer adds the Authorization header to requests for the API's own
// scheme and host only, so that a redirect elsewhere never carries it.
type bearer struct {
	base          http.RoundTripper
	scheme, host  string
	value, header string
}

func (b *bearer) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme == b.scheme && req.URL.Host == b.host {
		req = req.Clone(req.Context())
		h := b.header
		if h == "" {
			h = "Authorization"
		}
		req.Header.Set(h, b.value)
	}
	return b.base.RoundTrip(req)
}

func (g *GitHub) fail(op string, err error) error {
	e := &APIError{Forge: "GitHub", Op: op, Err: err}
	var er *gh.ErrorResponse
	var rl *gh.RateLimitError
	var ab *gh.AbuseRateLimitError
	switch {
	case errors.As(err, &rl):
		e.Status, e.Message, e.Err = rl.Response.StatusCode, rl.Message, nil
		e.Hint = "the token's rate limit is used up until " + rl.Rate.Reset.UTC().Format("15:04 UTC")
	case errors.As(err, &ab):
		e.Status, e.Message, e.Err = ab.Response.StatusCode, ab.Message, nil
		e.Hint = "GitHub's secondary rate limit: wait a few minutes"
	case errors.As(err, &er) && er.Response != nil:
		e.Status, e.Message, e.Err = er.Response.StatusCode, er.Message, nil
		e.Hint = hint(e.Status, "GITHUB_TOKEN", g.prName, "the pull-requests: write (or issues: write) permission on the repository")
	}
	return e
}

// List returns every issue comment of the pull request, following the
// Link header's next pages.
func (g *GitHub) List(ctx context.Context) ([]Comment, error) {
	opts := &gh.IssueListCommentsOptions{ListOptions: gh.ListOptions{PerPage: 100}}
	var out []Comment
	for {
		cs, resp, err := g.c.Issues.ListComments(ctx, g.owner, g.repo, g.pr, opts)
		if err != nil {
			return nil, g.fail("list the comments of "+g.prName, err)
		}
		for _, c := range cs {
			out = append(out, fromGitHub(c))
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opts.Page = resp.NextPage
	}
}

func fromGitHub(c *gh.IssueComment) Comment {
	return Comment{ID: c.GetID(), NodeID: c.GetNodeID(), Body: c.GetBody(), URL: c.GetHTMLURL()}
}

// Create posts a new comment.
func (g *GitHub) Create(ctx context.Context, body string) (Comment, error) {
	c, _, err := g.c.Issues.CreateComment(ctx, g.owner, g.repo, g.pr, &gh.IssueComment{Body: &body})
	if err != nil {
		return Comment{}, g.fail("comment on "+g.prName, err)
	}
	return fromGitHub(c), nil
}

// Update replaces a comment's body.
func (g *GitHub) Update(ctx context.Context, old Comment, body string) (Comment, error) {
	c, _, err := g.c.Issues.EditComment(ctx, g.owner, g.repo, old.ID, &gh.IssueComment{Body: &body})
	if err != nil {
		return Comment{}, g.fail(fmt.Sprintf("update comment %d on %s", old.ID, g.prName), err)
	}
	return fromGitHub(c), nil
}

// Delete removes a comment.
func (g *GitHub) Delete(ctx context.Context, old Comment) error {
	if _, err := g.c.Issues.DeleteComment(ctx, g.owner, g.repo, old.ID); err != nil {
		return g.fail(fmt.Sprintf("delete comment %d on %s", old.ID, g.prName), err)
	}
	return nil
}

// Hide minimizes a comment as outdated with GraphQL's minimizeComment,
// which REST does not offer.
func (g *GitHub) Hide(ctx context.Context, old Comment) error {
	op := fmt.Sprintf("hide comment %d on %s", old.ID, g.prName)
	if old.NodeID == "" {
		return &APIError{Forge: "GitHub", Op: op, Err: errors.New("the comment has no node id")}
	}
	payload := map[string]any{
		"query":     `mutation($id: ID!) { minimizeComment(input: {subjectId: $id, classifier: OUTDATED}) { minimizedComment { isMinimized } } }`,
		"variables": map[string]any{"id": old.NodeID},
	}
	req, err := g.c.NewRequest(http.MethodPost, g.graphql, payload)
	if err != nil {
		return &APIError{Forge: "GitHub", Op: op, Err: err}
	}
	var out struct {
		Data struct {
			MinimizeComment struct {
				MinimizedComment struct {
					IsMinimized bool `json:"isMinimized"`
				} `json:"minimizedComment"`
			} `json:"minimizeComment"`
		} `json:"data"`
		Errors []struct {
			Message string `json:"message"`
			Type    string `json:"type"`
		} `json:"errors"`
	}
	if _, err := g.c.Do(ctx, req, &out); err != nil {
		return g.fail(op, err)
	}
	if len(out.Errors) > 0 {
		e := &APIError{Forge: "GitHub", Op: op, Message: out.Errors[0].Message}
		if out.Errors[0].Type == "FORBIDDEN" {
			e.Status = http.StatusForbidden
			e.Hint = "the token may not do this: it needs the pull-requests: write permission"
		}
		return e
	}
	if !out.Data.MinimizeComment.MinimizedComment.IsMinimized {
		return &APIError{Forge: "GitHub", Op: op, Err: errors.New("GitHub did not minimize it")}
	}
	return nil
}
