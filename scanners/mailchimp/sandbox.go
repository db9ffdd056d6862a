package mailchimp

import (
	"cmp"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

// SandboxSeed is a simulated Mailchimp account, served as the Marketing
// API under /3.0.
type SandboxSeed struct {
	// Access's Token is the API key the API accepts as the Basic auth
	// password, such as "0123456789abcdef0123456789abcdef-us6";
	// PageSize caps count (0: no cap).
	sandbox.Access
	// DataCenter is the simulated data centre ("us6"); a key whose suffix
	// names another one is answered 403 Wrong Datacenter. Empty accepts
	// any suffix.
	DataCenter string `json:"data_center,omitempty"`
	// Forbidden lists the paths (such as "/authorized-apps") the key's
	// user may not read: they answer 403 Forbidden.
	Forbidden []string       `json:"forbidden,omitempty"`
	Account   SandboxAccount `json:"account"`
	Apps      []SandboxApp   `json:"apps"`
	Lists     []SandboxList  `json:"lists"`
}

// SandboxAccount is the account and key owner GET /3.0/ describes.
type SandboxAccount struct {
	AccountID       string `json:"account_id"`
	AccountName     string `json:"account_name"`
	Email           string `json:"email"`
	Username        string `json:"username"`
	Role            string `json:"role"`
	PricingPlanType string `json:"pricing_plan_type"`
	// LastLogin is the key owner's last login; zero is answered as "".
	LastLogin        time.Time `json:"last_login,omitzero"`
	TotalSubscribers int       `json:"total_subscribers"`
}

// SandboxApp is an authorized app as GET /3.0/authorized-apps returns it.
type SandboxApp struct {
	ID          int      `json:"id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Users       []string `json:"users"`
}

// SandboxList is an audience as GET /3.0/lists returns it.
type SandboxList struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	MemberCount int    `json:"member_count"`
}

// mailchimpErrorType is the type URI of every Mailchimp problem body.
const mailchimpErrorType = "https://mailchimp.com/developer/marketing/docs/errors/"

// simulate answers one request to the simulated API (Vendor.Serve); the
// path is relative to the vendor's root.
func simulate(seed SandboxSeed, s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request, path string) {
	rest, ok := strings.CutPrefix(path, "/3.0")
	if !ok || (rest != "" && !strings.HasPrefix(rest, "/")) {
		mailchimpProblem(w, http.StatusNotFound, "Resource Not Found", "The requested resource could not be found.")
		return
	}
	route := cmp.Or(strings.TrimSuffix(rest, "/"), "/")
	if r.Method != http.MethodGet {
		mailchimpProblem(w, http.StatusMethodNotAllowed, "Method Not Allowed", "The requested method and resource are not compatible.")
		return
	}
	switch route {
	case "/", "/authorized-apps", "/lists":
	default:
		mailchimpProblem(w, http.StatusNotFound, "Resource Not Found", "The requested resource could not be found.")
		return
	}
	// Basic auth: any user name, the key as the password.
	_, key, hasBasic := r.BasicAuth()
	switch {
	case !hasBasic || key == "":
		mailchimpProblem(w, http.StatusUnauthorized, "API Key Missing", "Your request did not include an API key.")
		return
	case seed.DataCenter != "" && keySuffix(key) != "" && keySuffix(key) != seed.DataCenter:
		mailchimpProblem(w, http.StatusForbidden, "Wrong Datacenter", "The API key provided is linked to a different datacenter. Are you using the correct key?")
		return
	case seed.Token == "" || key != seed.Token:
		mailchimpProblem(w, http.StatusUnauthorized, "API Key Invalid", "Your API key may be invalid, or you've attempted to access the wrong datacenter.")
		return
	}
	if slices.Contains(seed.Forbidden, route) {
		mailchimpProblem(w, http.StatusForbidden, "Forbidden", "You don't have permission to access this resource.")
		return
	}
	if route == "/" {
		sandbox.WriteJSON(w, http.StatusOK, mailchimpAccountJSON(seed.Account))
		return
	}

	q := r.URL.Query()
	count, ok := sandbox.PageSize(q.Get("count"), 10, 1000, seed.PageSize)
	if !ok {
		mailchimpProblem(w, http.StatusBadRequest, "Invalid Resource", "count must be between 1 and 1000.")
		return
	}
	offset := 0
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			mailchimpProblem(w, http.StatusBadRequest, "Invalid Resource", "offset must be a non-negative integer.")
			return
		}
		offset = n
	}
	// Offset paging has no cursor to loop on: a looping server ignores
	// the offset and serves the first page again.
	if s.Faults().LoopingCursor {
		offset = 0
	}
	links := []any{map[string]any{"rel": "self", "href": sandbox.RootURL(r) + "/3.0" + route, "method": "GET"}}
	switch route {
	case "/authorized-apps":
		total := len(seed.Apps)
		apps := sandbox.Page(seed.Apps, offset, count, func(a SandboxApp) any {
			users := a.Users
			if users == nil {
				users = []string{}
			}
			return map[string]any{"id": a.ID, "name": a.Name, "description": a.Description, "users": users, "_links": []any{}}
		})
		sandbox.WriteJSON(w, http.StatusOK, map[string]any{"apps": apps, "total_items": total, "_links": links})
	case "/lists":
		total := len(seed.Lists)
		lists := sandbox.Page(seed.Lists, offset, count, func(l SandboxList) any {
			return map[string]any{"id": l.ID, "web_id": 1000 + len(l.ID), "name": l.Name,
				"stats": map[string]any{"member_count": l.MemberCount, "unsubscribe_count": 0, "cleaned_count": 0}, "_links": []any{}}
		})
		sandbox.WriteJSON(w, http.StatusOK, map[string]any{"lists": lists, "total_items": total,
			"constraints": map[string]any{"may_create": true, "max_instances": 5, "current_total_instances": total}, "_links": links})
	}
}

func mailchimpAccountJSON(a SandboxAccount) map[string]any {
	lastLogin := ""
	if !a.LastLogin.IsZero() {
		lastLogin = a.LastLogin.UTC().Format("2006-01-02T15:04:05-07:00")
	}
	return map[string]any{
		"account_id": a.AccountID, "login_id": "login_" + a.AccountID, "account_name": a.AccountName, "email": a.Email,
		"first_name": "", "last_name": "", "username": a.Username, "avatar_url": "", "role": a.Role,
		"member_since": "2015-09-15T14:31:54+00:00", "pricing_plan_type": a.PricingPlanType, "first_payment": "",
		"account_timezone": "UTC", "account_industry": "", "pro_enabled": false, "last_login": lastLogin,
		"total_subscribers": a.TotalSubscribers,
		"contact":           map[string]any{"company": a.AccountName, "addr1": "", "city": "", "state": "", "zip": "", "country": "US"},
		"_links":            []any{},
	}
}

// keySuffix is the data centre an API key names ("us6"), or "".
func keySuffix(key string) string {
	i := strings.LastIndexByte(key, '-')
	if i < 0 || !simDataCentre.MatchString(key[i+1:]) {
		return "" // not a data centre: the key is just wrong
	}
	return key[i+1:]
}

var simDataCentre = regexp.MustCompile(`^[a-z]{2}[0-9]{1,3}$`)

// mailchimpProblem answers an RFC 7807 problem, with its media type.
func mailchimpProblem(w http.ResponseWriter, status int, title, detail string) {
	data, _ := json.Marshal(map[string]any{"type": mailchimpErrorType, "title": title, "status": status, "detail": detail,
		"instance": "995c5cb0-3280-4a6e-808b-3b096d0bb219"})
	w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

func mailchimpRateLimited(w http.ResponseWriter) {
	mailchimpProblem(w, http.StatusTooManyRequests, "Too Many Requests", "You have exceeded the limit of 10 simultaneous connections.")
}

// Simulator is the simulated Mailchimp API, for the sandbox.
func Simulator() sandbox.Vendor {
	return sandbox.NewVendor(sandbox.Vendor{Kind: Kind, Base: "/3.0", RateLimited: mailchimpRateLimited},
		sandbox.Seeding[SandboxSeed]{Serve: simulate, Token: sandboxToken, SetToken: setToken, AddTool: addTool})
}

// sandboxToken is the sandbox's token with the data centre suffix
// Mailchimp keys have.
func sandboxToken(inv *inventory.Inventory) string { return sandbox.Token + "-" + dataCenter(inv) }

func setToken(seed *SandboxSeed, inv *inventory.Inventory, token string) {
	seed.Token, seed.DataCenter = token, dataCenter(inv)
}

// dataCenter is the data centre of the inventory's Mailchimp tool (its
// host's first label), which the sandbox key must end with.
func dataCenter(inv *inventory.Inventory) string {
	for _, t := range inv.Tools {
		if t.Scan != nil && t.Scan.Kind == Kind && t.Scan.Host != "" {
			dc, _, _ := strings.Cut(t.Scan.Host, ".")
			return dc
		}
	}
	return "us1"
}

func addTool(b *sandbox.Builder, seed *SandboxSeed, _ *inventory.Tool, people []sandbox.Person, _ int) {
	if len(people) > 0 {
		p := people[0]
		seed.Account = SandboxAccount{AccountID: p.ID, AccountName: b.OrgName(), Email: p.Email, Username: p.Email, Role: "owner", PricingPlanType: "monthly", TotalSubscribers: 48_210}
		if p.LastActive != nil {
			seed.Account.LastLogin = *p.LastActive
		}
	}
}
