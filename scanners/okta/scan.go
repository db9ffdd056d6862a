package okta

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/usage"
)

// Scanner scans one app integration of an Okta org.
type Scanner struct {
	scanners.BlockScanner[scanSettings]
}

// New returns the Okta scanner.
func New() *Scanner {
	return &Scanner{scanners.BlockScanner[scanSettings]{Decode: decodeScan, Measure: measure}}
}

// scanSettings are the okta scan block's own settings:
//
//	scan "okta" {
//	  host      = "acme.okta.com"
//	  token_env = "OKTA_TOKEN"
//	  app_id    = "0oa1marketo" # the app integration's id
//	  activity  = "app_sign_ins" # or "okta_sign_ins"
//	}
type scanSettings struct {
	appID string
	// oktaSignIns takes each user's last sign-in to Okta (lastLogin) as
	// their activity instead of reading the System Log.
	oktaSignIns bool
	credentials
}

// activityHelp says what the activity setting is, for its diagnostics.
const activityHelp = "activity is \"app_sign_ins\" (the default: each user's last SSO to the app, from the System Log, " +
	"which needs the scope okta.logs.read and keeps 90 days) or \"okta_sign_ins\" (each user's last sign-in to Okta, " +
	"whatever the app: cheaper, but it overstates use of the app)."

// appIDHelp says where an app id is found, for every message about it.
const appIDHelp = "app_id is the Okta app integration's id, not its name: in the Okta Admin Console open Applications › Applications " +
	"and the app; the id is the URL segment after /instance/ (…/admin/app/marketo/instance/0oa1b2c3d4E5F6g7h8i9/)."

func scanSchema() *hcl.BodySchema {
	return &hcl.BodySchema{Attributes: append([]hcl.AttributeSchema{{Name: "app_id"}, {Name: "activity"}}, authSchema()...)}
}

func decodeScan(scan *inventory.Scan) (scanSettings, hcl.Diagnostics) {
	var st scanSettings
	var diags hcl.Diagnostics
	diags = append(diags, scanners.RequireTokenEnv(scan, "An okta scan reads an Okta API token from an environment variable: "+
		"add token_env = \"OKTA_TOKEN\" and "+tokenHowTo+".")...)
	diags = append(diags, requireHost(scan.Source, scan.Host, "scan")...)
	if scan.Body == nil {
		return st, append(diags, missingAppID(scan))
	}
	content, moreDiags := scan.Body.Content(scanSchema())
	diags = append(diags, moreDiags...)
	id, attr, ok, moreDiags := scanners.TextSetting(content.Attributes, "app_id", appIDHelp)
	diags = append(diags, moreDiags...)
	switch {
	case moreDiags.HasErrors():
	case !ok:
		diags = append(diags, missingAppID(scan))
	case !appIDPattern.MatchString(id):
		diags = append(diags, scanners.InvalidSetting(attr,
			fmt.Sprintf("%q is not an Okta app id (letters and digits, like \"0oa1b2c3d4E5F6g7h8i9\"). %s", id, appIDHelp)))
	default:
		st.appID = id
	}
	cr, moreDiags := decodeCredentials(content.Attributes, scan.DeclRange)
	diags = append(diags, moreDiags...)
	st.credentials = cr
	activity, attr, ok, moreDiags := scanners.TextSetting(content.Attributes, "activity", activityHelp)
	diags = append(diags, moreDiags...)
	switch {
	case !ok:
	case activity == "okta_sign_ins":
		st.oktaSignIns = true
	case activity != "app_sign_ins":
		diags = append(diags, scanners.InvalidSetting(attr, fmt.Sprintf("%q is not an activity source. %s", activity, activityHelp)))
	}
	return st, diags
}

func missingAppID(scan *inventory.Scan) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  "Missing app_id",
		Detail:   "An okta scan measures one app: add app_id = \"0oa…\". " + appIDHelp,
		Subject:  scan.DeclRange.Ptr(),
	}
}

// measure reads the app's assigned users and their last sign-ins with the
// block's settings and token.
func measure(ctx context.Context, tool *inventory.Tool, env scanners.Env, st scanSettings, token string) (*usage.ToolUsage, error) {
	tokenEnv := tool.Scan.TokenEnv
	scopes := []string{scopeApps, scopeUsers, scopeLogs}
	if st.oktaSignIns {
		scopes = scopes[:2]
	}
	c, err := connect(ctx, env, tool.Scan.Host, token, tokenEnv, st.credentials, scopes)
	if err != nil {
		return nil, err
	}

	// The app's assignments, each with its Okta user embedded
	// (expand=user): one call per 200 seats, however large the org.
	assigned := appUsersEndpoint(st.appID)
	assigned.what = "app assignments and their users"
	assigned.notFound = fmt.Sprintf("Okta has no app with id %q. %s", st.appID, appIDHelp)
	q := page("")
	q.Set("expand", "user")
	var seats []AppUser
	index := map[string]int{}
	err = walk(ctx, c, assigned, q, tokenEnv, func(body []byte) error {
		users, err := DecodeAppUsers(body)
		if err != nil {
			return err
		}
		for _, u := range users {
			if _, dup := index[u.ID]; !dup {
				if err := scanners.KeepUser(ctx); err != nil {
					return err
				}
				index[u.ID] = len(seats)
				seats = append(seats, u)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	// Assignments that came without their user are joined to the org's
	// user list, read once: reading users one by one would cost a call
	// per seat.
	found := make([]*User, len(seats))
	missing := map[string]int{}
	for i, s := range seats {
		if found[i] = s.Embedded.User; found[i] == nil {
			missing[s.ID] = i
		}
	}
	if len(missing) > 0 {
		err = walk(ctx, c, usersEndpoint(), page(""), tokenEnv, func(body []byte) error {
			users, err := DecodeUsers(body)
			if err != nil {
				return err
			}
			for _, u := range users {
				if i, ok := missing[u.ID]; ok {
					found[i] = &u
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}

	out := []usage.User{}
	for i, s := range seats {
		u := found[i]
		if u == nil || !holdsSeat(u.Status) {
			// Missing from /api/v1/users means deprovisioned.
			continue
		}
		usr := usage.User{ID: u.ID, Email: cmp.Or(u.Profile.Email, u.Profile.Login, s.Credentials.UserName)}
		if u.LastLogin != nil && !u.LastLogin.IsZero() {
			at := u.LastLogin.UTC()
			usr.LastActive = &at
		}
		out = append(out, usr)
	}
	result := &usage.ToolUsage{Users: out, Seats: usage.Seats{Assigned: len(out)}}
	if st.oktaSignIns {
		result.ActivitySource = usage.ActivityAccountWide
		return result, nil
	}
	if len(out) == 0 {
		return result, nil
	}

	// Each seat holder's last SSO to the app, from the System Log.
	since, until := LogWindow(env.AsOf, env.HTTP.WithDefaults().Now())
	last, err := appSignIns(ctx, c, st.appID, since, until, tokenEnv)
	switch {
	case logsForbidden(err):
		// The fallback the snapshot labels: the last Okta sign-in of
		// each user, whichever app it was to.
		if env.HTTP.Logf != nil {
			env.HTTP.Logf("WARN okta: app %s: %v; each user's last sign-in to Okta stands for their activity in the app", st.appID, err)
		}
		result.ActivitySource = usage.ActivityAccountWide
		return result, nil
	case err != nil:
		return nil, err
	}
	for i := range out {
		out[i].LastActive = nil
		if at, ok := last[out[i].ID]; ok {
			out[i].LastActive = &at
		}
	}
	return result, nil
}

// holdsSeat reports whether an Okta user status is an active account:
// ACTIVE, or a state an active account passes through and comes back from
// by itself or with a password reset.
func holdsSeat(status string) bool {
	switch strings.ToUpper(status) {
	case "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT":
		return true
	}
	return false
}
