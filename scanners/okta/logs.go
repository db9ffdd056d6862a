package okta

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/oauth"
)

// Per-app activity from the System Log: a user's last activity in an app
// is their latest successful SSO event to it (eventType
// user.authentication.sso, the app as a target). Okta keeps the System
// Log 90 days, so a user without such an event in that window has no
// known activity in the app, however recently they signed in to Okta.
const (
	logsPath  = "/api/v1/logs"
	scopeLogs = "okta.logs.read"
	// logRetention is how far back the System Log goes (90 days on every
	// plan, https://help.okta.com/en-us/content/topics/reports/reports_syslog.htm).
	logRetention = 90 * 24 * time.Hour
	// logPageLimit is the largest page of /api/v1/logs.
	logPageLimit = 1000
	ssoEventType = "user.authentication.sso"
)

func logsEndpoint() endpoint {
	return endpoint{path: logsPath, what: "the System Log", scope: scopeLogs}
}

// LogEvent is an event of GET /api/v1/logs, with the fields the scanner
// reads.
type LogEvent struct {
	UUID      string    `json:"uuid"`
	Published time.Time `json:"published"`
	EventType string    `json:"eventType"`
	Actor     struct {
		ID          string `json:"id"`
		Type        string `json:"type"`
		AlternateID string `json:"alternateId"`
	} `json:"actor"`
	Outcome *struct {
		Result string `json:"result"`
	} `json:"outcome"`
	Target []struct {
		ID   string `json:"id"`
		Type string `json:"type"`
	} `json:"target"`
}

// SignedInTo reports whether the event is a user's successful SSO to
// the app appID, whatever the filter that asked for it.
func (e LogEvent) SignedInTo(appID string) bool {
	if e.EventType != ssoEventType || e.Actor.ID == "" || e.Actor.Type != "User" || e.Published.IsZero() ||
		e.Outcome == nil || e.Outcome.Result != "SUCCESS" {
		return false
	}
	for _, t := range e.Target {
		if t.ID == appID && t.Type == "AppInstance" {
			return true
		}
	}
	return false
}

// DecodeLogEvents decodes one page of GET /api/v1/logs.
func DecodeLogEvents(body []byte) ([]LogEvent, error) {
	return decodeList[LogEvent](body, "log events", nil)
}

// SSOFilter is the System Log filter of successful SSO events to appID
// (an id appIDPattern allows, so it needs no escaping).
func SSOFilter(appID string) string {
	return fmt.Sprintf(`eventType eq "%s" and target.id eq "%s" and outcome.result eq "SUCCESS"`, ssoEventType, appID)
}

// LogWindow is the System Log window the scan reads: the 90 days before
// asOf, up to the day after it (so that a scan of today sees today) but
// never past now. A request with until is bounded: Okta's next link
// ends with the last event, where a polling request (no until) always
// has one.
func LogWindow(asOf, now time.Time) (since, until time.Time) {
	until = asOf.Add(24 * time.Hour)
	if now.Before(until) {
		until = now
	}
	return asOf.Add(-logRetention), until
}

// errEmptyPage ends a walk of the System Log at an empty page, which Okta
// sends with a next link when events stop before until.
var errEmptyPage = errors.New("empty page")

// appSignIns returns each user's latest successful SSO to appID within
// the window, by Okta user id.
func appSignIns(ctx context.Context, c *oauth.Conn, appID string, since, until time.Time, tokenEnv string) (map[string]time.Time, error) {
	q := url.Values{
		"filter": {SSOFilter(appID)},
		"since":  {since.UTC().Format("2006-01-02T15:04:05.000Z")},
		"until":  {until.UTC().Format("2006-01-02T15:04:05.000Z")},
		"limit":  {strconv.Itoa(logPageLimit)},
	}
	last := map[string]time.Time{}
	err := walk(ctx, c, logsEndpoint(), q, tokenEnv, func(body []byte) error {
		events, err := DecodeLogEvents(body)
		if err != nil {
			return err
		}
		if len(events) == 0 {
			return errEmptyPage
		}
		for _, e := range events {
			if !e.SignedInTo(appID) {
				continue
			}
			if at := e.Published.UTC(); at.After(last[e.Actor.ID]) {
				last[e.Actor.ID] = at
			}
		}
		return nil
	})
	if errors.Is(err, errEmptyPage) {
		err = nil
	}
	return last, err
}

// logsForbidden reports whether err is the System Log refusing the token
// (no okta.logs.read scope, or an admin role that cannot read reports).
func logsForbidden(err error) bool {
	re, ok := scanners.Rejected(err)
	return ok && re.Status == http.StatusForbidden
}
