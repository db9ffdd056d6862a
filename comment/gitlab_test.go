package comment_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/comment"
	"github.com/stackaudit/stackaudit/comment/commenttest"
)

func gitlabThread(t *testing.T, fake *commenttest.GitLab, project string, mr int, token string) *comment.GitLab {
	t.Helper()
	th, err := comment.NewGitLab(stack(&sleeper{}), fake.URL, project, mr, token)
	require.NoError(t, err)
	return th
}

func TestGitLabBehaviors(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name     string
		existing []string
		behavior comment.Behavior
		body     string
		action   string
		want     []string
	}{
		{"update creates", nil, comment.Update, "A", "created", []string{"A"}},
		{"update edits the newest marked, across pages",
			[]string{marked(t0, "old1"), "human", "chat", marked(t0, "old2"), "bye"}, comment.Update, "B", "updated",
			[]string{"old1", "human", "chat", "B", "bye"}},
		{"update keeps a newer run", []string{marked(t1.Add(time.Hour), "newer")}, comment.Update, "B", "skipped", []string{"newer"}},
		{"update leaves the same alone", []string{marked(t0, "same")}, comment.Update, "same", "unchanged", []string{"same"}},
		{"new", []string{marked(t0, "old")}, comment.New, "C", "created", []string{"old", "C"}},
		{"delete-and-new", []string{marked(t0, "old"), "human"}, comment.DeleteAndNew, "D", "created", []string{"human", "D"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fake := commenttest.NewGitLab("group/stack", 3)
			defer fake.Close()
			fake.Add(3, "added 1 commit", true)
			for _, b := range tc.existing {
				fake.Add(3, b, false)
			}
			out, err := comment.Post(ctx, gitlabThread(t, fake, "group/stack", 3, commenttest.Token), tc.body,
				comment.Options{Behavior: tc.behavior, ValidAt: t1})
			require.NoError(t, err)
			assert.Equal(t, tc.action, out.Action)
			var got []string
			for _, n := range fake.Notes(3) {
				if !n.System {
					got = append(got, stripMarker(n.Body))
				}
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestGitLabByIDAndPaging(t *testing.T) {
	fake := commenttest.NewGitLab("group/stack", 3)
	defer fake.Close()
	for i := 0; i < 5; i++ {
		fake.Add(3, "chatter", false)
	}
	_, err := comment.Post(context.Background(), gitlabThread(t, fake, "42", 3, commenttest.Token), "x", comment.Options{ValidAt: t0})
	require.NoError(t, err)
	assert.Equal(t, 3, requestsTo(fake.Requests, "GET /api/v4/projects/42/merge_requests/3/notes"), "5 notes at 2 a page; the last page has an empty X-Next-Page")
}

func TestGitLabHideIsRefused(t *testing.T) {
	fake := commenttest.NewGitLab("group/stack", 3)
	defer fake.Close()
	_, err := comment.Post(context.Background(), gitlabThread(t, fake, "group/stack", 3, commenttest.Token), "x",
		comment.Options{Behavior: comment.HideAndNew, ValidAt: t0})
	require.ErrorIs(t, err, comment.ErrCannotHide)
	assert.Empty(t, fake.Requests)
}

func TestGitLabRefusals(t *testing.T) {
	cases := []struct {
		name, project, token string
		mr, status           int
		msg                  string
	}{
		{"bad token", "group/stack", "glpat-notvalid", 3, 401, "GITLAB_TOKEN was not accepted"},
		{"read-only token", "group/stack", commenttest.ReadOnlyToken, 3, 403, "needs the api scope"},
		{"missing merge request", "group/stack", commenttest.Token, 99, 404, "merge request !99 of group/stack does not exist"},
		{"missing project", "group/other", commenttest.Token, 3, 404, "does not exist"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fake := commenttest.NewGitLab("group/stack", 3)
			defer fake.Close()
			_, err := comment.Post(context.Background(), gitlabThread(t, fake, tc.project, tc.mr, tc.token), "x", comment.Options{ValidAt: t0})
			var ae *comment.APIError
			require.True(t, errors.As(err, &ae), "%v", err)
			assert.Equal(t, tc.status, ae.Status)
			assert.Contains(t, err.Error(), tc.msg)
			assert.NotContains(t, err.Error(), tc.token)
		})
	}
}
