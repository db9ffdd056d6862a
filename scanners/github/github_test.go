package github_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	gh "github.com/google/go-github/v60/github"

	"github.com/stackaudit/stackaudit/scanners/github"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

const (
	goodToken = "ghp_sandboxGoodToken0000000000000000000"
	canary    = "ghp_CANARY7f3e9c21d4b8aa0000000000000000"
)

// seed is an organization with n members (and a bot, which holds no seat)
// and n Copilot seats; seat i was last used i days before asOf, every
// tenth never.
func seed(n int) github.SandboxSeed {
	s := github.SandboxSeed{Access: sandbox.Access{Token: goodToken, PageSize: 100}, Org: "acme"}
	for i := range n {
		login := fmt.Sprintf("dev-%d", i)
		s.Members = append(s.Members, github.SandboxMember{Login: login, ID: int64(1000 + i)})
		seat := github.SandboxCopilotSeat{Login: login, ID: int64(1000 + i)}
		if i%10 != 9 {
			at := scantest.AsOf().AddDate(0, 0, -i)
			seat.LastActivityAt = &at
		}
		s.CopilotSeats = append(s.CopilotSeats, seat)
	}
	s.Members = append(s.Members, github.SandboxMember{Login: "acme-bot", ID: 9, Type: "Bot"})
	return s
}

// setup is one run of the scanner by vendor().Run: the seed is seed(150)
// unless the test gives one.
type setup = scantest.Setup

func TestScanMembersThreePages(t *testing.T) {
	t.Parallel()
	r := vendor().MustRun(t, setup{Seed: seed(250)})
	if got := len(r.Usage.Users); got != 250 {
		t.Fatalf("users = %d, want 250 (the bot left out)", got)
	}
	if len(r.Served) != 4 {
		t.Errorf("%d requests, want 3 pages and the organization", len(r.Served))
	}
	for i, q := range r.Served {
		want := "/orgs/acme/members"
		if i == 3 {
			want = "/orgs/acme"
		}
		if q.Path != want || q.Authorization != "Bearer "+goodToken {
			t.Errorf("request %s with Authorization %q", q.Path, q.Authorization)
		}
	}
	usage.Tally(r.Usage, scantest.AsOf())
	if r.Usage.Seats.Assigned != 250 || r.Usage.Seats.Purchased != nil {
		t.Errorf("seats = %+v, want 250 assigned, purchased left to the inventory", r.Usage.Seats)
	}
	// GitHub reports no activity for members.
	if r.Usage.Active != (usage.Active{}) || r.Usage.LastActivity != nil {
		t.Errorf("active = %+v, last activity %v; want none", r.Usage.Active, r.Usage.LastActivity)
	}
	if r.Usage.Users[0].ID != "dev-0" {
		t.Errorf("first user %+v, want the login dev-0", r.Usage.Users[0])
	}
}

func TestScanCopilotSeats(t *testing.T) {
	t.Parallel()
	s := seed(120)
	s.PageSize = 50
	s.CopilotSeats = append(s.CopilotSeats, github.SandboxCopilotSeat{Login: "design-team", ID: 7, Type: "Team"})
	// A seat whose user is gone: "assignee": null.
	s.CopilotSeats = append(s.CopilotSeats, github.SandboxCopilotSeat{})
	r := vendor().MustRun(t, setup{Seed: s, Settings: `seats = "copilot"`})
	if len(r.Served) != 3 || r.Served[0].Path != "/orgs/acme/copilot/billing/seats" {
		t.Errorf("requests %+v, want 3 pages of seats", r.Served)
	}
	if r.Usage.Seats.Purchased == nil || *r.Usage.Seats.Purchased != 122 || r.Usage.Seats.Assigned != 120 {
		t.Errorf("seats = %+v, want 122 purchased (total_seats), 120 assigned to users", r.Usage.Seats)
	}
	// Seats 0..30 and 0..90 were used in the windows, less every tenth
	// (never used): 31-3 and 91-9.
	scantest.Activity(t, r.Usage, scantest.AsOf(), usage.Active{D30: 28, D90: 82}, scantest.AsOf())
}

// TestScanBadResponses: GitHub's own answers (the generic ones are in
// TestConformance).
func TestScanBadResponses(t *testing.T) {
	short := scantest.Fast()
	short.MaxRetryAfter = 30 * time.Second
	withSeed := func(f func(*github.SandboxSeed)) github.SandboxSeed {
		s := seed(150)
		f(&s)
		return s
	}
	tests := []struct {
		name string
		setup
		wantErr string // "" means success
		// waitMax > 0: the client waited once before the retry, for more
		// than zero, at least waitMin and at most waitMax.
		waitMin, waitMax time.Duration
		wantCalls        int // requests the sandbox received (150 members: 2 pages, then the organization)
	}{
		{name: "429 with a long Retry-After gives up", wantCalls: 1, setup: setup{Faults: sandbox.Faults{Status429Times: 1, RetryAfter: "86400"}},
			wantErr: "github: GET /orgs/acme/members: HTTP 429 Too Many Requests: GitHub's secondary rate limit stopped the calls and asks to retry after 24h;"},
		{name: "missing scope", wantCalls: 1, setup: setup{Seed: withSeed(func(s *github.SandboxSeed) { s.Scopes = []string{} })},
			wantErr: "HTTP 403 Forbidden: the token in GITHUB_TOKEN may not read the members of acme: it needs the scope read:org (classic token) or the permission members=read (fine-grained token)"},
		{name: "missing Copilot scope", wantCalls: 1, setup: setup{Settings: `seats = "copilot"`, Seed: withSeed(func(s *github.SandboxSeed) { s.Scopes = []string{github.SandboxScopeMembers} })},
			wantErr: "it needs the scope manage_billing:copilot"},
		{name: "organization not found", wantCalls: 1, setup: setup{Seed: withSeed(func(s *github.SandboxSeed) { s.Org = "other" })},
			wantErr: `github: GET /orgs/acme/members: HTTP 404 Not Found: the organization "acme" was not found, or the token in GITHUB_TOKEN cannot see it`},
		{name: "no Copilot subscription", wantCalls: 1, setup: setup{Settings: `seats = "copilot"`, Seed: withSeed(func(s *github.SandboxSeed) { s.Org = "other" })},
			wantErr: "or the organization has no Copilot Business or Enterprise subscription"},
		{name: "primary rate limit until the next second", wantCalls: 4, waitMax: 2 * time.Second,
			setup: setup{Seed: withSeed(func(s *github.SandboxSeed) { s.PrimaryLimitTimes = 1 })}},
		{name: "primary rate limit for an hour", wantCalls: 1,
			setup:   setup{Seed: withSeed(func(s *github.SandboxSeed) { s.PrimaryLimitTimes = 1; s.PrimaryLimitResetSeconds = 3600 })},
			wantErr: "HTTP 403 Forbidden: the GitHub API rate limit of the token in GITHUB_TOKEN is used up until 20"},
		{name: "secondary rate limit with Retry-After", wantCalls: 4, waitMin: time.Second, waitMax: time.Second,
			setup: setup{Seed: withSeed(func(s *github.SandboxSeed) { s.SecondaryLimitTimes = 1; s.SecondaryRetryAfter = "1" })}},
		// GitHub: "otherwise, wait for at least one minute".
		{name: "secondary rate limit without Retry-After waits a minute", wantCalls: 4, waitMin: time.Minute, waitMax: time.Minute,
			setup: setup{Seed: withSeed(func(s *github.SandboxSeed) { s.SecondaryLimitTimes = 1 })}},
		{name: "secondary rate limit without Retry-After, a minute too long", wantCalls: 1,
			setup:   setup{Seed: withSeed(func(s *github.SandboxSeed) { s.SecondaryLimitTimes = 1 }), Opts: &short},
			wantErr: "HTTP 403 Forbidden: GitHub's secondary rate limit stopped the calls; wait a few minutes and run again"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := vendor().Run(t, tt.setup)
			r.Calls(t, tt.wantCalls)
			if tt.waitMax > 0 && (len(r.Waits) != 1 || r.Waits[0] <= 0 || r.Waits[0] < tt.waitMin || r.Waits[0] > tt.waitMax) {
				t.Errorf("waits %v, want one within [%s, %s]", r.Waits, tt.waitMin, tt.waitMax)
			}
			switch {
			case tt.wantErr == "":
				if r.Err != nil {
					t.Fatalf("unexpected error: %v", r.Err)
				}
				if len(r.Usage.Users) != 150 {
					t.Errorf("users = %d, want 150", len(r.Usage.Users))
				}
			case r.Err == nil:
				t.Fatalf("no error, want %q", tt.wantErr)
			default:
				if !strings.Contains(r.Err.Error(), tt.wantErr) {
					t.Errorf("error %q\nwant it to contain %q", r.Err, tt.wantErr)
				}
				scantest.NotShown(t, r.Err, "per_page", "page=", goodToken)
			}
		})
	}
}

// exhausting marks the first answer as the last call before the limit
// resets (a 200 with X-RateLimit-Remaining: 0), as when a shared token runs
// out: go-github then refuses to send the next call itself.
type exhausting struct {
	reset time.Duration
	once  sync.Once
}

func (e *exhausting) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil {
		e.once.Do(func() {
			resp.Header.Set("X-RateLimit-Remaining", "0")
			resp.Header.Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(e.reset).Unix(), 10))
		})
	}
	return resp, err
}

func TestScanWaitsForAnExhaustedLimit(t *testing.T) {
	t.Parallel()
	opts := scantest.Fast()
	opts.Transport = &exhausting{reset: time.Second}
	// go-github refuses a call before the reset by itself: the second
	// page is only fetched when the scanner waited for the reset.
	r := vendor().Run(t, setup{Seed: seed(150), Opts: &opts})
	if r.Err != nil || len(r.Served) != 3 {
		t.Errorf("%d requests: %v; want 2 pages, the second after the reset, and the organization", len(r.Served), r.Err)
	}
	// The reset is the next whole second of the real clock, plus a second
	// of margin: a wait of one to two seconds (and a little more when the
	// machine is slow between the scan's start and the answer).
	if w := total(r.Waits); w < time.Second || w > time.Minute {
		t.Errorf("waits %v, want one to two seconds in all", r.Waits)
	}

	opts.Transport = &exhausting{reset: time.Hour}
	r = vendor().Run(t, setup{Seed: seed(150), Opts: &opts})
	if r.Err == nil || len(r.Served) != 1 || !strings.Contains(r.Err.Error(),
		"github: GET /orgs/acme/members: not sent: the GitHub API rate limit of the token in GITHUB_TOKEN is used up until 20") {
		t.Errorf("%d requests: %v; want 1 and a rate-limit error", len(r.Served), r.Err)
	}
	if len(r.Waits) != 0 {
		t.Errorf("waits %v, want none: an hour is past MaxRetryAfter", r.Waits)
	}
}

func total(waits []time.Duration) time.Duration {
	var sum time.Duration
	for _, d := range waits {
		sum += d
	}
	return sum
}

func TestScanRejectedTokenNeverShown(t *testing.T) {
	t.Parallel()
	for _, settings := range []string{"", `seats = "copilot"`} {
		r := vendor().Run(t, setup{Seed: seed(3), Token: canary, Settings: settings})
		scantest.ErrorContains(t, r.Err, "HTTP 401", "GitHub rejected the token in GITHUB_TOKEN (Bad credentials)", "fine-grained personal access token",
			"Members: Read-only", "read:org", "manage_billing:copilot", "put it in GITHUB_TOKEN")
		r.NotShown(t, canary)
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	scantest.Validate(t, github.Spec(), []scantest.ValidateCase{
		{Name: "ok", TokenEnv: "GITHUB_TOKEN", Body: `org = "acme"`},
		{Name: "copilot", TokenEnv: "GITHUB_TOKEN", Body: "org = \"acme-inc\"\n seats = \"copilot\""},
		{Name: "members", TokenEnv: "GITHUB_TOKEN", Body: "org = \"A1\"\n seats = \"members\""},
		{Name: "missing token_env", Body: `org = "acme"`, Want: []string{"Missing token_env"}},
		{Name: "missing org", TokenEnv: "GITHUB_TOKEN", Want: []string{"Missing org"}},
		{Name: "org not a login", TokenEnv: "GITHUB_TOKEN", Body: `org = "acme/web"`, Want: []string{"Invalid org"}},
		{Name: "org too long", TokenEnv: "GITHUB_TOKEN", Body: `org = "` + strings.Repeat("a", 40) + `"`, Want: []string{"Invalid org"}},
		{Name: "org starts with a hyphen", TokenEnv: "GITHUB_TOKEN", Body: `org = "-acme"`, Want: []string{"Invalid org"}},
		{Name: "org not a string", TokenEnv: "GITHUB_TOKEN", Body: `org = 42`, Want: []string{"Invalid org setting"}},
		{Name: "bad seats", TokenEnv: "GITHUB_TOKEN", Body: "org = \"acme\"\n seats = \"actions\"", Want: []string{"Invalid seats setting"}},
		{Name: "unknown setting", TokenEnv: "GITHUB_TOKEN", Body: "org = \"acme\"\n repo = \"web\"", Want: []string{"Unsupported argument"}},
	})
}

func FuzzDecodeMembers(f *testing.F) {
	scantest.FuzzDecoder(f, scantest.Unquoted, github.DecodeMembers, func(t *testing.T, users []*gh.User) {
		if users == nil {
			t.Fatal("accepted a non-list")
		}
		scantest.Every(t, users, func(u *gh.User) bool { return u != nil && u.GetLogin() != "" }, "accepted a member without login")
	},
		`[{"login":"octocat","id":1,"node_id":"MDQ6VXNlcjE=","type":"User","site_admin":false}]`,
		`[]`,
		`null`,
		`{"message":"Not Found"}`,
		`[{"id":1}]`,
		`[null]`,
		`[{"login":1}]`,
		`[`,
	)
}

func FuzzDecodeCopilotSeats(f *testing.F) {
	scantest.FuzzDecoder(f, scantest.Unquoted, github.DecodeCopilotSeats, func(t *testing.T, p *gh.ListCopilotSeatsResponse) {
		if p == nil || p.Seats == nil || p.TotalSeats < 0 {
			t.Fatalf("accepted %+v", p)
		}
		for _, s := range p.Seats {
			if u, ok := s.GetUser(); ok && u.GetLogin() == "" {
				t.Fatal("accepted a user seat without login")
			}
			// A seat whose assignee is null or absent is purchased but
			// unassigned (GitHub returns them since mid-2025): accepted,
			// with no assignee, so it cannot count as anybody's seat.
			if s.Assignee == nil {
				if _, ok := s.GetUser(); ok {
					t.Fatal("a seat without assignee reads as a user's")
				}
			}
		}
	},
		`{"total_seats":2,"seats":[{"created_at":"2021-08-03T18:00:00-06:00","last_activity_at":"2021-10-14T00:53:32-06:00","assignee":{"login":"octocat","id":1,"type":"User"}}]}`,
		`{"total_seats":0,"seats":[]}`,
		`{"total_seats":1}`,
		`{"seats":[]}`,
		`{"total_seats":1,"seats":[{"assignee":{"login":"x"}}]}`,
		`{"total_seats":1,"seats":[{"assignee":{"type":"User"}}]}`,
		`{"total_seats":1,"seats":[{"assignee":{"name":"t","type":"Team"}}]}`,
		`{"total_seats":1,"seats":[{"last_activity_at":"yesterday","assignee":{"login":"x","type":"User"}}]}`,
		`{"total_seats":-1,"seats":[]}`,
	)
}

func FuzzDecodeCodeSearch(f *testing.F) {
	scantest.FuzzDecoder(f, scantest.Unquoted, github.DecodeCodeSearch, func(t *testing.T, r *gh.CodeSearchResult) {
		if r == nil {
			t.Fatal("accepted a nil result")
		}
		scantest.Every(t, r.CodeResults, func(it *gh.CodeResult) bool {
			return it != nil && it.GetPath() != "" && it.Repository != nil && it.Repository.GetFullName() != ""
		}, "accepted an item without path or repository")
	},
		`{"total_count":4,"incomplete_results":false,"items":[{"name":"package.json","path":"web/package.json","sha":"abc","repository":{"full_name":"acme/web"},"text_matches":[{"fragment":"\"@segment/analytics-next\": \"1\"","matches":[{"text":"segment","indices":[2,9]}]}]}]}`,
		`{"total_count":0,"incomplete_results":true,"items":[]}`,
		`{"total_count":0}`,
		`{"items":[{"path":"a"}]}`,
		`{"items":[{"repository":{"full_name":"a/b"}}]}`,
		`{"items":[null]}`,
		`{"items":{}}`,
	)
}
