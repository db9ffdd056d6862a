package comment

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-resty/resty/v2"
)

// DefaultGitLabURL is gitlab.com.
const DefaultGitLabURL = "https://gitlab.com"

// GitLab is the notes of one merge request (REST v4). It cannot hide a
// note: GitLab has no such call, so hide-and-new is refused.
type GitLab struct {
	r       *resty.Client
	project string
	mr      int
	mrName  string
}

// NewGitLab is the thread of merge request mr (its IID) of project (a
// numeric id or a path such as group/project) on the GitLab at baseURL.
// hc is the HTTP stack; the token goes in PRIVATE-TOKEN to that host only.
func NewGitLab(hc *http.Client, baseURL, project string, mr int, token string) (*GitLab, error) {
	if strings.TrimSpace(project) == "" {
		return nil, errors.New("--project is required: a numeric id or a path such as group/project")
	}
	if mr <= 0 {
		return nil, fmt.Errorf("--mr %d: a merge request number (IID) is positive", mr)
	}
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("--gitlab-url %q is not an http(s) URL", baseURL)
	}
	u.Path = strings.TrimSuffix(strings.TrimSuffix(u.Path, "/"), "/api/v4") + "/api/v4"
	u.RawQuery, u.Fragment = "", ""
	client := *hc
	client.Transport = &bearer{base: hc.Transport, scheme: u.Scheme, host: u.Host, header: "PRIVATE-TOKEN", value: token}
	r := resty.NewWithClient(&client).SetBaseURL(u.String()).SetRetryCount(0)
	return &GitLab{r: r, project: project, mr: mr, mrName: fmt.Sprintf("merge request !%d of %s", mr, project)}, nil
}

type glNote struct {
	ID     int64  `json:"id"`
	Body   string `json:"body"`
	System bool   `json:"system"`
}

func (g *GitLab) notesPath() string {
	return "/projects/" + url.PathEscape(g.project) + "/merge_requests/" + strconv.Itoa(g.mr) + "/notes"
}

// do sends one call and decodes a 2xx answer into out (when not nil).
func (g *GitLab) do(ctx context.Context, op, method, path string, query url.Values, body any, out any) (http.Header, error) {
	req := g.r.R().SetContext(ctx)
	if query != nil {
		req.SetQueryParamsFromValues(query)
	}
	if body != nil {
		req.SetHeader("Content-Type", "application/json").SetBody(body)
	}
	// The project's slash is escaped in the path, as GitLab wants it:
	// give resty the raw URL so that it is not escaped twice.
	resp, err := req.Execute(method, g.r.BaseURL+path)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, &APIError{Forge: "GitLab", Op: op, Err: err}
	}
	if s := resp.StatusCode(); s < 200 || s > 299 {
		var msg struct {
			Message any    `json:"message"`
			Error   string `json:"error"`
		}
		_ = json.Unmarshal(resp.Body(), &msg)
		m := msg.Error
		if msg.Message != nil {
			m = fmt.Sprint(msg.Message)
		}
		return nil, &APIError{Forge: "GitLab", Op: op, Status: s, Message: m,
			Hint: hint(s, "GITLAB_TOKEN", g.mrName, "the api scope and at least the Reporter role on the project")}
	}
	if out != nil {
		if err := json.Unmarshal(resp.Body(), out); err != nil {
			return nil, &APIError{Forge: "GitLab", Op: op, Err: fmt.Errorf("unreadable answer: %w", err)}
		}
	}
	return resp.Header(), nil
}

// List returns the merge request's notes, oldest first, following
// X-Next-Page; system notes ("added 1 commit") are left out.
func (g *GitLab) List(ctx context.Context) ([]Comment, error) {
	var out []Comment
	page := "1"
	for page != "" {
		var notes []glNote
		q := url.Values{"per_page": {"100"}, "page": {page}, "sort": {"asc"}, "order_by": {"created_at"}}
		h, err := g.do(ctx, "list the notes of "+g.mrName, http.MethodGet, g.notesPath(), q, nil, &notes)
		if err != nil {
			return nil, err
		}
		for _, n := range notes {
			if !n.System {
				out = append(out, Comment{ID: n.ID, Body: n.Body})
			}
		}
		page = strings.TrimSpace(h.Get("X-Next-Page"))
	}
	return out, nil
}

// Create posts a note.
func (g *GitLab) Create(ctx context.Context, body string) (Comment, error) {
	var n glNote
	if _, err := g.do(ctx, "comment on "+g.mrName, http.MethodPost, g.notesPath(), nil, map[string]string{"body": body}, &n); err != nil {
		return Comment{}, err
	}
	return Comment{ID: n.ID, Body: n.Body}, nil
}

// Update replaces a note's body.
func (g *GitLab) Update(ctx context.Context, old Comment, body string) (Comment, error) {
	var n glNote
	op := fmt.Sprintf("update note %d on %s", old.ID, g.mrName)
	if _, err := g.do(ctx, op, http.MethodPut, g.notesPath()+"/"+strconv.FormatInt(old.ID, 10), nil, map[string]string{"body": body}, &n); err != nil {
		return Comment{}, err
	}
	return Comment{ID: n.ID, Body: n.Body}, nil
}

// Delete removes a note.
func (g *GitLab) Delete(ctx context.Context, old Comment) error {
	op := fmt.Sprintf("delete note %d on %s", old.ID, g.mrName)
	_, err := g.do(ctx, op, http.MethodDelete, g.notesPath()+"/"+strconv.FormatInt(old.ID, 10), nil, nil, nil)
	return err
}
