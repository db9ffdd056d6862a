package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/stackaudit/stackaudit/comment"
	"github.com/stackaudit/stackaudit/scanners"
)

// commentFlags are the flags both forges share.
type commentFlags struct {
	bodyFile   string
	behavior   string
	skipNoDiff bool
	validAt    string
}

func (f *commentFlags) register(fs *pflag.FlagSet, behaviors string) {
	fs.StringVar(&f.bodyFile, "body-file", "", "the comment's Markdown (from diff or check --format markdown); - reads standard input")
	fs.StringVar(&f.behavior, "behavior", "update", "what to do with earlier comments: "+behaviors)
	fs.BoolVar(&f.skipNoDiff, "skip-no-diff", false, "post nothing when the body shows no change (empty, or diff's \"No changes\") and there is no comment yet")
	fs.StringVar(&f.validAt, "valid-at", "", "when the body's data was true, RFC 3339 (default: now); an older run never overwrites a newer comment")
}

func newCommentCmd(e *env, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "comment github|gitlab",
		Short: "Create or update one sticky comment on a pull or merge request",
		Long: `Post a Markdown file (usually from stackaudit diff --format markdown) as one
comment on a pull request (GitHub) or merge request (GitLab), and keep it up to
date on later runs: the body carries a hidden marker with the run's valid-at
time, so the comment is found again and a late run never overwrites a newer one.

Exit codes: 0 posted, updated, unchanged or skipped; 2 invalid input, or the
forge refused (bad token, no permission, no such pull request); 3 the forge
did not answer.`,
		Example: `  stackaudit diff inventory --base-ref origin/main --format markdown -o diff.md --skip-no-diff
  stackaudit comment github --repo acme/stack --pr 42 --body-file diff.md --skip-no-diff
  stackaudit comment gitlab --project group/stack --mr 7 --body-file diff.md --skip-no-diff`,
		Args: subcommandsOnly,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newCommentGitHubCmd(e, g), newCommentGitLabCmd(e, g))
	return cmd
}

type commentGitHubOptions struct {
	commentFlags
	repo   string
	pr     int
	apiURL string
}

func newCommentGitHubCmd(e *env, g *globalOptions) *cobra.Command {
	o := &commentGitHubOptions{}
	cmd := &cobra.Command{
		Use:   "github --repo OWNER/NAME --pr N --body-file FILE",
		Short: "Create or update the stackaudit comment on a GitHub pull request",
		Long: `Create or update the stackaudit comment on a GitHub pull request. The token
comes from GITHUB_TOKEN (in Actions: permissions pull-requests: write); it is
sent only to the API host and never printed.

Behaviours: update (default) edits the newest stackaudit comment, unless it is
valid at a later time or already says the same; new adds one each run;
delete-and-new deletes the old ones first; hide-and-new minimizes them as
outdated (GraphQL minimizeComment).`,
		Example: `  stackaudit diff inventory --base-ref origin/main --format markdown -o diff.md
  stackaudit comment github --repo "$GITHUB_REPOSITORY" --pr 42 --body-file diff.md`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCommentGitHub(cmd.Context(), e, g, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.repo, "repo", "", "the repository, OWNER/NAME (required)")
	f.IntVar(&o.pr, "pr", 0, "the pull request number (required)")
	f.StringVar(&o.apiURL, "github-api-url", comment.DefaultGitHubAPI, "the REST API; for GitHub Enterprise Server https://HOST/api/v3/")
	o.register(f, "update, new, delete-and-new, hide-and-new")
	return cmd
}

// commentInput reads what both forges need before any call: the body,
// the behaviour and the valid-at time. A body the forge would refuse is
// refused here.
func commentInput(e *env, f *commentFlags) (string, comment.Options, error) {
	b, err := comment.ParseBehavior(f.behavior)
	if err != nil {
		return "", comment.Options{}, usagef("--behavior: %v", err)
	}
	validAt := e.now()
	if f.validAt != "" {
		if validAt, err = time.Parse(time.RFC3339, f.validAt); err != nil {
			return "", comment.Options{}, usagef("--valid-at %q is not an RFC 3339 time such as 2026-12-06T04:30:00Z", f.validAt)
		}
	}
	if f.bodyFile == "" {
		return "", comment.Options{}, usagef("--body-file is required: the Markdown to post (- for standard input)")
	}
	var data []byte
	if f.bodyFile == stdoutPath {
		data, err = io.ReadAll(e.stdin)
	} else {
		data, err = os.ReadFile(f.bodyFile)
	}
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", comment.Options{}, inputError(e, fmt.Errorf("--body-file %s does not exist: write it first, e.g. with stackaudit diff --format markdown -o %s", f.bodyFile, f.bodyFile))
		}
		return "", comment.Options{}, inputError(e, fmt.Errorf("read --body-file: %w", err))
	}
	body := string(data)
	o := comment.Options{Behavior: b, ValidAt: validAt, SkipNoDiff: f.skipNoDiff}
	if err := comment.CheckLength(comment.Compose(body, validAt)); err != nil {
		return "", o, inputError(e, fmt.Errorf("--body-file %s: %w", f.bodyFile, err))
	}
	return body, o, nil
}

// forge is what the comment commands need of a forge beyond its own
// flags, which each command checks first.
type forge struct {
	// name names the forge to the HTTP stack and in its log lines.
	name string
	// tokenEnv is the token's variable; noToken follows "is not set: " in
	// the usage error without it, saying where a token comes from.
	tokenEnv, noToken string
	// noHide is the usage error for hide-and-new on a forge that cannot
	// hide a comment; empty where it can.
	noHide string
	// open is the thread the command's flags name.
	open func(hc *http.Client, token string) (comment.Thread, error)
}

// runComment is what both comment commands do once their own flags are
// checked: read the body and the behaviour, the token, open the thread
// through the scanners' HTTP stack (retries, rate limits and Retry-After,
// its waits logged unless -q) and post.
func runComment(ctx context.Context, e *env, g *globalOptions, flags *commentFlags, f forge) error {
	body, opts, err := commentInput(e, flags)
	if err != nil {
		return err
	}
	if opts.Behavior == comment.HideAndNew && f.noHide != "" {
		return usagef("%s", f.noHide)
	}
	token := e.getenv(f.tokenEnv)
	if strings.TrimSpace(token) == "" {
		return usagef("%s is not set: %s", f.tokenEnv, f.noToken)
	}
	client := scanners.ClientOptions{}
	if !g.quiet {
		client.Logf = func(format string, args ...any) { fmt.Fprintf(e.stderr, f.name+": "+format+"\n", args...) }
	}
	th, err := f.open(scanners.Env{HTTP: client}.HTTPClient(f.name), token)
	if err != nil {
		return usagef("%v", err)
	}
	return postComment(ctx, e, th, body, opts)
}

func runCommentGitHub(ctx context.Context, e *env, g *globalOptions, o *commentGitHubOptions) error {
	if o.repo == "" || o.pr == 0 {
		return usagef("comment github needs --repo OWNER/NAME and --pr N")
	}
	return runComment(ctx, e, g, &o.commentFlags, forge{
		name:     "github",
		tokenEnv: "GITHUB_TOKEN",
		noToken:  "in GitHub Actions pass env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }} with permissions pull-requests: write",
		open: func(hc *http.Client, token string) (comment.Thread, error) {
			return comment.NewGitHub(hc, o.apiURL, o.repo, o.pr, token)
		},
	})
}

// postComment posts and reports the outcome on stderr; the exit code
// tells a refusal (2) from a forge that did not answer (3).
func postComment(ctx context.Context, e *env, th comment.Thread, body string, opts comment.Options) error {
	out, err := comment.Post(ctx, th, body, opts)
	if err != nil {
		fmt.Fprintf(e.stderr, "Error: %v\n", err)
		var ae *comment.APIError
		if errors.As(err, &ae) && !ae.Refused() {
			return &exitError{exitScan}
		}
		return &exitError{exitInvalid}
	}
	line := "comment " + out.Action
	if out.Removed > 0 {
		line += fmt.Sprintf(" (%d earlier removed)", out.Removed)
	}
	if out.URL != "" {
		line += ": " + out.URL
	}
	if out.Reason != "" {
		line += " (" + out.Reason + ")"
	}
	fmt.Fprintln(e.stderr, line)
	return nil
}

type commentGitLabOptions struct {
	commentFlags
	project   string
	mr        int
	gitlabURL string
}

func newCommentGitLabCmd(e *env, g *globalOptions) *cobra.Command {
	o := &commentGitLabOptions{}
	cmd := &cobra.Command{
		Use:   "gitlab --project ID|PATH --mr N --body-file FILE",
		Short: "Create or update the stackaudit note on a GitLab merge request",
		Long: `Create or update the stackaudit note on a GitLab merge request (REST v4). The
token comes from GITLAB_TOKEN (a project or personal access token with the api
scope); it is sent only to the GitLab host and never printed.

Behaviours as for comment github, except hide-and-new: GitLab has no call that
hides a note, so it is refused (use delete-and-new).`,
		Example: `  stackaudit diff inventory --base-ref "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" --format markdown -o diff.md
  stackaudit comment gitlab --project "$CI_PROJECT_ID" --mr "$CI_MERGE_REQUEST_IID" --body-file diff.md`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCommentGitLab(cmd.Context(), e, g, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.project, "project", "", "the project: numeric id or path such as group/project (required)")
	f.IntVar(&o.mr, "mr", 0, "the merge request number, its IID (required)")
	f.StringVar(&o.gitlabURL, "gitlab-url", comment.DefaultGitLabURL, "the GitLab instance")
	o.register(f, "update, new, delete-and-new (hide-and-new is GitHub only)")
	return cmd
}

func runCommentGitLab(ctx context.Context, e *env, g *globalOptions, o *commentGitLabOptions) error {
	if o.project == "" || o.mr == 0 {
		return usagef("comment gitlab needs --project ID|PATH and --mr N")
	}
	return runComment(ctx, e, g, &o.commentFlags, forge{
		name:     "gitlab",
		tokenEnv: "GITLAB_TOKEN",
		noToken:  "a project or personal access token with the api scope",
		noHide:   "--behavior hide-and-new is not available on GitLab, which cannot hide a note: use delete-and-new or update",
		open: func(hc *http.Client, token string) (comment.Thread, error) {
			return comment.NewGitLab(hc, o.gitlabURL, o.project, o.mr, token)
		},
	})
}
