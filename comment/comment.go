package comment

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxBody is the longest comment GitHub accepts, in characters.
const MaxBody = 65536

// NoDiffMarker is what `stackaudit diff --format markdown` writes into the
// comment of a change that changes nothing relevant; --skip-no-diff looks
// for it (or for an empty body).
const NoDiffMarker = "<!-- stackaudit-diff empty -->"

// Behavior is what Post does with the comments earlier runs left.
type Behavior string

// The behaviours of --behavior.
const (
	// Update edits the newest marked comment, or creates one.
	Update Behavior = "update"
	// New always creates a comment.
	New Behavior = "new"
	// DeleteAndNew deletes every marked comment, then creates one.
	DeleteAndNew Behavior = "delete-and-new"
	// HideAndNew minimizes every marked comment as outdated, then creates
	// one (GitHub only).
	HideAndNew Behavior = "hide-and-new"
)

// Behaviors lists the behaviours in the order --help shows them.
func Behaviors() []Behavior { return []Behavior{Update, New, DeleteAndNew, HideAndNew} }

// ParseBehavior reads --behavior.
func ParseBehavior(s string) (Behavior, error) {
	for _, b := range Behaviors() {
		if string(b) == strings.ToLower(strings.TrimSpace(s)) {
			return b, nil
		}
	}
	names := make([]string, 0, 4)
	for _, b := range Behaviors() {
		names = append(names, string(b))
	}
	return "", fmt.Errorf("unknown behavior %q: use %s", s, strings.Join(names, ", "))
}

// Comment is one comment of a thread.
type Comment struct {
	ID int64
	// NodeID is GitHub's GraphQL id, needed to minimize the comment.
	NodeID string
	Body   string
	URL    string
}

// Thread is the comments of one pull or merge request.
type Thread interface {
	// List returns every comment, oldest first, across all pages.
	List(ctx context.Context) ([]Comment, error)
	Create(ctx context.Context, body string) (Comment, error)
	Update(ctx context.Context, c Comment, body string) (Comment, error)
	Delete(ctx context.Context, c Comment) error
}

// Hider is a Thread that can collapse old comments (GitHub's
// minimizeComment).
type Hider interface {
	Hide(ctx context.Context, c Comment) error
}

// ErrTooLong is returned, wrapped, for a body over MaxBody characters.
var ErrTooLong = errors.New("comment body too long")

// ErrCannotHide is returned, wrapped, for hide-and-new on a thread that
// cannot hide comments.
var ErrCannotHide = errors.New("cannot hide comments")

// Options change what Post does.
type Options struct {
	Behavior Behavior
	// ValidAt is when the data the body shows was true (the run's time);
	// it goes into the marker.
	ValidAt time.Time
	// SkipNoDiff posts nothing when the body shows no change and there is
	// no stackaudit comment yet.
	SkipNoDiff bool
}

// Outcome says what Post did.
type Outcome struct {
	// Action is one of "created", "updated", "unchanged", "skipped".
	Action string
	// Reason explains a skip or an unchanged comment.
	Reason string
	// URL is the comment created or updated, when the forge gives one.
	URL string
	// Removed counts the old comments deleted or hidden.
	Removed int
}

// Marker is the hidden first line of every stackaudit comment.
func Marker(validAt time.Time) string {
	return "<!-- stackaudit-comment valid-at=" + validAt.UTC().Format(time.RFC3339) + " -->"
}

var markerRE = regexp.MustCompile(`<!-- stackaudit-comment valid-at=(\S+) -->\n?`)

// parseMarker finds the marker of a comment: ok is false for a comment
// that is not stackaudit's.
func parseMarker(body string) (validAt time.Time, ok bool) {
	m := markerRE.FindStringSubmatch(body)
	if m == nil {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, m[1])
	if err != nil {
		// A marker without a readable time is ours, from an unknown run:
		// any run may replace it.
		return time.Time{}, true
	}
	return t, true
}

// content is a body without its marker: two runs that show the same thing
// have the same content whatever their valid-at.
func content(body string) string {
	return strings.TrimSpace(markerRE.ReplaceAllString(body, ""))
}

// noDiff reports whether a body shows no relevant change.
func noDiff(body string) bool {
	return strings.TrimSpace(body) == "" || strings.Contains(body, NoDiffMarker)
}

// Compose is the body Post sends: the marker, then body.
func Compose(body string, validAt time.Time) string {
	return Marker(validAt) + "\n" + strings.TrimLeft(content(body), "\n") + "\n"
}

// CheckLength refuses a body the forge would refuse, before any call.
func CheckLength(body string) error {
	if n := utf8.RuneCountInString(body); n > MaxBody {
		return fmt.Errorf("%w: %d characters with the marker, and GitHub accepts at most %d; "+
			"render it with `stackaudit diff --format markdown` or `check --format markdown`, which cut the middle to fit", ErrTooLong, n, MaxBody)
	}
	return nil
}

// Post applies o.Behavior to the thread with body.
func Post(ctx context.Context, t Thread, body string, o Options) (Outcome, error) {
	if o.Behavior == "" {
		o.Behavior = Update
	}
	full := Compose(body, o.ValidAt)
	if err := CheckLength(full); err != nil {
		return Outcome{}, err
	}
	hider, canHide := t.(Hider)
	if o.Behavior == HideAndNew && !canHide {
		return Outcome{}, fmt.Errorf("%w: this forge has no way to hide a comment; use --behavior delete-and-new or update", ErrCannotHide)
	}
	if strings.TrimSpace(body) == "" && !o.SkipNoDiff {
		return Outcome{}, errors.New("the body is empty: nothing to post (pass --skip-no-diff to accept an empty diff)")
	}
	all, err := t.List(ctx)
	if err != nil {
		return Outcome{}, err
	}
	var ours []Comment
	for _, c := range all {
		if _, ok := parseMarker(c.Body); ok {
			ours = append(ours, c)
		}
	}
	if o.SkipNoDiff && noDiff(body) && len(ours) == 0 {
		return Outcome{Action: "skipped", Reason: "nothing relevant changed and there is no stackaudit comment to update"}, nil
	}
	if strings.TrimSpace(body) == "" {
		// An existing comment is told that its change is gone.
		full = Compose("**No changes** to spend, tools, flows, overlaps or findings any more.\n\n"+NoDiffMarker, o.ValidAt)
	}

	switch o.Behavior {
	case Update:
		if len(ours) == 0 {
			c, err := t.Create(ctx, full)
			return Outcome{Action: "created", URL: c.URL}, err
		}
		newest := ours[len(ours)-1]
		if at, _ := parseMarker(newest.Body); at.After(o.ValidAt) {
			return Outcome{Action: "skipped", URL: newest.URL, Reason: fmt.Sprintf(
				"the comment is valid at %s, later than this run (%s): a newer run wrote it, so it is kept",
				at.UTC().Format(time.RFC3339), o.ValidAt.UTC().Format(time.RFC3339))}, nil
		}
		if content(newest.Body) == content(full) {
			return Outcome{Action: "unchanged", URL: newest.URL, Reason: "the comment already says this"}, nil
		}
		c, err := t.Update(ctx, newest, full)
		return Outcome{Action: "updated", URL: cmp.Or(c.URL, newest.URL)}, err
	case New:
		c, err := t.Create(ctx, full)
		return Outcome{Action: "created", URL: c.URL}, err
	case DeleteAndNew, HideAndNew:
		removed := 0
		for _, old := range ours {
			if o.Behavior == DeleteAndNew {
				err = t.Delete(ctx, old)
			} else {
				err = hider.Hide(ctx, old)
			}
			if err != nil {
				return Outcome{Removed: removed}, err
			}
			removed++
		}
		c, err := t.Create(ctx, full)
		return Outcome{Action: "created", URL: c.URL, Removed: removed}, err
	}
	return Outcome{}, fmt.Errorf("unknown behavior %q", o.Behavior)
}
