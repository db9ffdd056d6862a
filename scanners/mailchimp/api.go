package mailchimp

import (
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/stackaudit/stackaudit/scanners"
)

// Account is GET / (the API root): the account and the user whose key
// this is, as DecodeAccount reads them.
type Account struct {
	AccountID       string
	LoginID         string
	AccountName     string
	Email           string
	Username        string
	Role            string
	PricingPlanType string
	// TotalSubscribers is the contacts across all audiences, what
	// Mailchimp bills for; nil when the answer has none.
	TotalSubscribers *int
	// LastLogin is the key owner's last login (UTC), nil when Mailchimp
	// gives none.
	LastLogin *time.Time
}

// AuthorizedApps is one page of GET /authorized-apps.
type AuthorizedApps struct {
	Apps       []App `json:"apps"`
	TotalItems int   `json:"total_items"`
}

// App is an application a user of the account has authorized.
type App struct {
	ID   scanners.FlexID `json:"id"`
	Name string          `json:"name"`
	// Users are the user names of the account's logins that linked the
	// app.
	Users []string `json:"users"`
}

// DecodeAccount decodes and checks GET /: an account id is required, and
// last_login, when not empty, must be an RFC 3339 date.
func DecodeAccount(body []byte) (Account, error) {
	var raw struct {
		AccountID        scanners.FlexID `json:"account_id"`
		LoginID          scanners.FlexID `json:"login_id"`
		AccountName      string          `json:"account_name"`
		Email            string          `json:"email"`
		Username         string          `json:"username"`
		Role             string          `json:"role"`
		PricingPlanType  string          `json:"pricing_plan_type"`
		TotalSubscribers *int            `json:"total_subscribers"`
		LastLogin        *string         `json:"last_login"`
	}
	if err := decodeObject(body, &raw); err != nil {
		return Account{}, err
	}
	if raw.AccountID == "" {
		return Account{}, errors.New("invalid response: no account_id")
	}
	if raw.TotalSubscribers != nil && *raw.TotalSubscribers < 0 {
		return Account{}, errors.New("invalid response: total_subscribers is negative")
	}
	a := Account{AccountID: string(raw.AccountID), LoginID: string(raw.LoginID), AccountName: raw.AccountName, Email: raw.Email,
		Username: raw.Username, Role: raw.Role, PricingPlanType: raw.PricingPlanType, TotalSubscribers: raw.TotalSubscribers}
	if raw.LastLogin != nil && strings.TrimSpace(*raw.LastLogin) != "" {
		t, err := time.Parse(time.RFC3339, strings.TrimSpace(*raw.LastLogin))
		if err != nil {
			return Account{}, errors.New("invalid response: last_login is not an RFC 3339 date")
		}
		t = t.UTC()
		a.LastLogin = &t
	}
	return a, nil
}

// DecodeAuthorizedApps decodes and checks one GET /authorized-apps page:
// the apps list and a non-negative total_items are required, and every app
// has an id.
func DecodeAuthorizedApps(body []byte) (AuthorizedApps, error) {
	var probe struct {
		Apps       json.RawMessage `json:"apps"`
		TotalItems json.RawMessage `json:"total_items"`
	}
	if err := decodeObject(body, &probe); err != nil {
		return AuthorizedApps{}, err
	}
	if !scanners.IsList(probe.Apps) {
		return AuthorizedApps{}, errors.New("invalid response: no apps list")
	}
	if len(probe.TotalItems) == 0 || string(probe.TotalItems) == "null" {
		return AuthorizedApps{}, errors.New("invalid response: no total_items")
	}
	var p AuthorizedApps
	if err := scanners.DecodeBody(body, &p); err != nil {
		return AuthorizedApps{}, err
	}
	if p.TotalItems < 0 {
		return AuthorizedApps{}, errors.New("invalid response: total_items is negative")
	}
	if err := scanners.CheckIDs("apps", p.Apps, func(a App) string { return string(a.ID) }); err != nil {
		return AuthorizedApps{}, err
	}
	return p, nil
}

// decodeObject decodes a JSON object into v, describing errors without
// quoting the body.
func decodeObject(body []byte, v any) error {
	if !json.Valid(body) {
		var x any
		return scanners.InvalidJSON(body, json.Unmarshal(body, &x))
	}
	if b := strings.TrimSpace(string(body)); !strings.HasPrefix(b, "{") {
		return errors.New("invalid response: not a JSON object")
	}
	return scanners.DecodeBody(body, v)
}

// Problem is Mailchimp's error body (RFC 7807).
type Problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail"`
	Instance string `json:"instance"`
}

// problemTitle is the title of an error body, kept to plain words so that
// vendor text in messages cannot carry anything else; "" when absent.
func problemTitle(body []byte) string {
	var p Problem
	if json.Unmarshal(body, &p) != nil {
		return ""
	}
	t := strings.TrimSpace(p.Title)
	if !scanners.PlainWord(t, 60, " -") {
		return ""
	}
	return t
}
