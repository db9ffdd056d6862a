package entra

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/oauth"
	"github.com/stackaudit/stackaudit/usage"
)

// Scanner measures one enterprise app of an Entra tenant:
//
//	scan "entra_id" {
//	  tenant_id = "acme.onmicrosoft.com"
//	  client_id = "11111111-2222-4333-8444-555555555555" # the app registration stackaudit signs in as
//	  token_env = "ENTRA_CLIENT_SECRET"
//	  app_id    = "aaaaaaaa-0000-4000-8000-000000000001" # the measured app's Application ID
//	  activity  = "app_sign_ins"                          # or "entra_sign_ins"
//	}
//
// Its seat holders are the users assigned to the app (app role
// assignments of principal type User) whose account is enabled; users
// reached only through an assigned group are not expanded (the scan logs
// how many groups it skipped). Entra does not know purchased seats.
//
// A user's last activity is their last successful sign-in to the app in
// the sign-in log (auditLogs/signIns, filtered on the app's appId), which
// needs Entra ID P1 or P2 and keeps 30 days. For a user without one in
// those 30 days, the last use of the app is before the window: the scan
// takes their last sign-in to the tenant (signInActivity), but never a
// date inside the window, and labels the tool's activity as mixed. When
// the sign-in log is refused for a permission, or with activity =
// "entra_sign_ins", every user's date is their last sign-in to the tenant,
// labelled account-wide. A tenant without P1 answers both reads with
// Authentication_RequestFromNonPremiumTenantOrB2CTenant: the scan then
// reports seats without activity (no_activity), and says so in its log.
type Scanner struct {
	scanners.BlockScanner[scanSettings]
}

// New returns the entra_id scanner.
func New() *Scanner {
	return &Scanner{scanners.BlockScanner[scanSettings]{Decode: decodeScan, Measure: measure}}
}

// SignInRetention is how long Entra keeps the sign-in log with P1 or P2.
const SignInRetention = 30 * 24 * time.Hour

type scanSettings struct {
	appID string
	// tenantSignIns takes each user's last sign-in to the tenant as their
	// activity, without reading the sign-in log.
	tenantSignIns bool
	credentials
}

const appIDHelp = "app_id is the Application ID of the enterprise app to measure, a GUID: Entra admin center › Enterprise apps › the app › Overview › Application ID."

const activityHelp = "activity is \"app_sign_ins\" (the default: each user's last sign-in to this app, from the sign-in log, which needs " +
	"Entra ID P1 or P2 and " + PermAuditLog + ") or \"entra_sign_ins\" (each user's last sign-in to the tenant, whatever the app: " +
	"it overstates use of the app)."

func scanSchema() *hcl.BodySchema {
	return &hcl.BodySchema{Attributes: append([]hcl.AttributeSchema{{Name: "app_id", Required: true}, {Name: "activity"}}, authSchema()...)}
}

func decodeScan(scan *inventory.Scan) (scanSettings, hcl.Diagnostics) {
	var st scanSettings
	diags := requireTokenEnv(scan.TokenEnv, scan.Source)
	if scan.Body == nil {
		return st, append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Missing app_id",
			Detail: "An entra_id scan measures one enterprise app. " + appIDHelp, Subject: scan.DeclRange.Ptr()})
	}
	content, moreDiags := scan.Body.Content(scanSchema())
	diags = append(diags, moreDiags...)
	if content == nil {
		return st, diags
	}
	id, attr, ok, moreDiags := textSetting(content.Attributes, "app_id", appIDHelp)
	diags = append(diags, moreDiags...)
	switch {
	case ok && guidPattern.MatchString(strings.ToLower(id)):
		st.appID = strings.ToLower(id)
	case ok:
		diags = append(diags, scanners.InvalidSetting(attr, fmt.Sprintf("%q is not an Application ID. %s", id, appIDHelp)))
	}
	activity, attr, ok, moreDiags := textSetting(content.Attributes, "activity", activityHelp)
	diags = append(diags, moreDiags...)
	switch {
	case !ok || activity == "app_sign_ins":
	case activity == "entra_sign_ins":
		st.tenantSignIns = true
	default:
		diags = append(diags, scanners.InvalidSetting(attr, fmt.Sprintf("%q is not an activity source. %s", activity, activityHelp)))
	}
	cr, moreDiags := decodeCredentials(content.Attributes, scan.DeclRange)
	st.credentials = cr
	return st, append(diags, moreDiags...)
}

// measure reads the app's assigned users and their sign-ins with the block's
// settings and credential.
func measure(ctx context.Context, tool *inventory.Tool, env scanners.Env, st scanSettings, credential string) (*usage.ToolUsage, error) {
	tokenEnv := tool.Scan.TokenEnv
	c, err := connect(ctx, env, credential, tokenEnv, st.credentials)
	if err != nil {
		return nil, err
	}
	logf := func(format string, args ...any) {
		if env.HTTP.Logf != nil {
			env.HTTP.Logf(format, args...)
		}
	}

	sp, err := findApp(ctx, c, st.appID, tokenEnv)
	if err != nil {
		return nil, err
	}
	assigned, groups, err := assignedUsers(ctx, c, sp.ID, tokenEnv)
	if err != nil {
		return nil, err
	}
	if groups > 0 {
		logf("WARN entra_id: app %s: %d assigned groups are not expanded; only users assigned directly are counted", st.appID, groups)
	}

	// The sign-in log first: whether it answers decides whether users'
	// signInActivity is read (it needs the same licence).
	const (
		fromLog = iota
		fromTenant
		none
	)
	source := fromLog
	var last map[string]time.Time
	since, until := SignInWindow(env.AsOf, env.HTTP.WithDefaults().Now())
	switch {
	case st.tenantSignIns:
		source = fromTenant
	case len(assigned) == 0:
	default:
		last, err = appSignIns(ctx, c, st.appID, since, until, tokenEnv)
		switch {
		case nonPremium(err):
			logf("WARN entra_id: app %s: the tenant has no Entra ID P1 or P2 (%s), so Graph keeps no per-app sign-ins; trying users' last sign-ins to the tenant", st.appID, NonPremiumCode)
			source = fromTenant
		case forbidden(err):
			logf("WARN entra_id: app %s: %v; each user's last sign-in to the tenant stands for their activity in the app", st.appID, err)
			source = fromTenant
		case err != nil:
			return nil, err
		}
	}

	users, err := listUsers(ctx, c, assigned, true, tokenEnv)
	if nonPremium(err) {
		logf("WARN entra_id: app %s: the tenant has no Entra ID P1 or P2 (%s): Graph has no sign-in dates at all; "+
			"the scan reports assigned users without activity", st.appID, NonPremiumCode)
		source = none
		users, err = listUsers(ctx, c, assigned, false, tokenEnv)
	}
	if err != nil {
		return nil, err
	}

	out := []usage.User{}
	mixed := false
	for _, id := range assigned {
		u, ok := users[id]
		if !ok || u.AccountEnabled != nil && !*u.AccountEnabled {
			// Deleted since assigned, or disabled: no seat in use.
			continue
		}
		usr := usage.User{ID: u.ID, Email: cmp.Or(u.Mail, u.UserPrincipalName)}
		var at time.Time
		switch source {
		case fromLog:
			at = last[u.ID]
			if at.IsZero() {
				// No sign-in to the app in the window: the last use
				// was before it, and no later than the last sign-in
				// to the tenant.
				if t := u.SignInActivity.Last(); !t.IsZero() {
					at = minTime(t, since)
					mixed = true
				}
			}
		case fromTenant:
			at = u.SignInActivity.Last()
		}
		if !at.IsZero() {
			usr.LastActive = &at
		}
		out = append(out, usr)
	}
	result := &usage.ToolUsage{Users: out, Seats: usage.Seats{Assigned: len(out)}}
	switch {
	case source == fromTenant:
		result.ActivitySource = usage.ActivityAccountWide
	case source == fromLog && mixed:
		result.ActivitySource = usage.ActivityMixed
	case source == none:
		result.NoActivity = true
	}
	return result, nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// SignInWindow is the sign-in log window the scan reads: the 30 days
// Entra keeps before asOf, up to the day after it but never past now.
func SignInWindow(asOf, now time.Time) (since, until time.Time) {
	until = asOf.Add(24 * time.Hour)
	if now.Before(until) {
		until = now
	}
	return asOf.Add(-SignInRetention), until
}

// SignInFilter is the sign-in log filter of successful sign-ins to appID
// (a GUID, safe in the filter) in the window.
func SignInFilter(appID string, since, until time.Time) string {
	const iso = "2006-01-02T15:04:05Z"
	return fmt.Sprintf("appId eq '%s' and createdDateTime ge %s and createdDateTime lt %s and status/errorCode eq 0",
		appID, since.UTC().Format(iso), until.UTC().Format(iso))
}

// findApp returns the service principal of the app appID.
func findApp(ctx context.Context, c *oauth.Conn, appID, tokenEnv string) (ServicePrincipal, error) {
	q := url.Values{"$filter": {"appId eq '" + appID + "'"}, "$select": {"id,appId,displayName"}}
	var found []ServicePrincipal
	err := walk(ctx, c, spEndpoint, servicePrincipalsPath, q, tokenEnv, func(body []byte) (string, error) {
		sps, next, err := DecodeServicePrincipals(body)
		for _, sp := range sps {
			if strings.EqualFold(sp.AppID, appID) {
				found = append(found, sp)
			}
		}
		return next, err
	})
	if err != nil {
		return ServicePrincipal{}, err
	}
	if len(found) == 0 {
		return ServicePrincipal{}, fmt.Errorf("entra_id: GET %s: %w with app_id %s in tenant; %s", servicePrincipalsPath, errAppMissing, appID, appIDHelp)
	}
	return found[0], nil
}

// assignedUsers lists the users assigned to the service principal spID,
// in assignment order, and counts the assigned groups.
func assignedUsers(ctx context.Context, c *oauth.Conn, spID, tokenEnv string) (users []string, groups int, err error) {
	seen := map[string]bool{}
	q := url.Values{"$select": {"id,principalId,principalType"}, "$top": {"999"}}
	err = walk(ctx, c, assignedToEndpoint(spID), assignedToPath(spID), q, tokenEnv, func(body []byte) (string, error) {
		as, next, err := DecodeAssignments(body)
		for _, a := range as {
			switch {
			case strings.EqualFold(a.PrincipalType, "Group"):
				groups++
			case !strings.EqualFold(a.PrincipalType, "User") || seen[a.PrincipalID]:
			default:
				if err := scanners.KeepUser(ctx); err != nil {
					return "", err
				}
				seen[a.PrincipalID] = true
				users = append(users, a.PrincipalID)
			}
		}
		return next, err
	})
	return users, groups, err
}

// appSignIns returns each user's last successful sign-in to appID in the
// window, by user id.
func appSignIns(ctx context.Context, c *oauth.Conn, appID string, since, until time.Time, tokenEnv string) (map[string]time.Time, error) {
	q := url.Values{"$filter": {SignInFilter(appID, since, until)}, "$top": {"1000"}}
	last := map[string]time.Time{}
	err := walk(ctx, c, signInsEndpoint, signInsPath, q, tokenEnv, func(body []byte) (string, error) {
		events, next, err := DecodeSignIns(body)
		for _, e := range events {
			if !e.Succeeded(appID) {
				continue
			}
			if at := e.CreatedDateTime.UTC(); at.After(last[e.UserID]) {
				last[e.UserID] = at
			}
		}
		return next, err
	})
	return last, err
}

// listUsers reads the tenant's users and returns those among ids, with
// their sign-in activity when activity is set. Listing costs a call per
// 999 users (120 with signInActivity, Graph's limit), far fewer than a
// call per seat holder in most tenants.
func listUsers(ctx context.Context, c *oauth.Conn, ids []string, activity bool, tokenEnv string) (map[string]User, error) {
	out := map[string]User{}
	if len(ids) == 0 {
		return out, nil
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	sel, top, ep := "id,mail,userPrincipalName,accountEnabled,userType", "999", usersEndpoint
	if activity {
		sel, top, ep = sel+",signInActivity", "120", activityEndpoint
	}
	q := url.Values{"$select": {sel}, "$top": {top}}
	err := walk(ctx, c, ep, usersPath, q, tokenEnv, func(body []byte) (string, error) {
		users, next, err := DecodeUsers(body)
		for _, u := range users {
			if want[u.ID] {
				out[u.ID] = u
			}
		}
		return next, err
	})
	return out, err
}
