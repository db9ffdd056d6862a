package segment

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/usage"
)

// SandboxSeed is a simulated Segment workspace, served as the Public API.
type SandboxSeed struct {
	// Access's Token is the Public API token the API accepts (Bearer
	// header); PageSize caps pagination[count] (0: no cap).
	sandbox.Access
	// Forbidden lists the paths (such as "/users") the token's role may
	// not read: they answer 403.
	Forbidden []string `json:"forbidden,omitempty"`
	// Workspace is the workspace's name (GET /).
	Workspace    string               `json:"workspace,omitempty"`
	Users        []SandboxUser        `json:"users"`
	Sources      []SandboxSource      `json:"sources"`
	Destinations []SandboxDestination `json:"destinations"`
}

// SandboxUser is a workspace user as GET /users returns it.
type SandboxUser struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
	// Role is the user's workspace role (default "Workspace Owner").
	Role string `json:"role,omitempty"`
}

// SandboxSource is a source as GET /sources returns it.
type SandboxSource struct {
	ID      string `json:"id"`
	Slug    string `json:"slug"`
	Name    string `json:"name"`
	Enabled bool   `json:"enabled"`
	// MetadataName is the source type, such as "Javascript".
	MetadataName string `json:"metadata_name"`
}

// SandboxDestination is a destination as GET /destinations returns it.
type SandboxDestination struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Enabled  bool   `json:"enabled"`
	SourceID string `json:"source_id"`
	// MetadataName, MetadataSlug and Website describe the destination
	// type, such as "Mixpanel (Actions)", "actions-mixpanel" and
	// "https://mixpanel.com".
	MetadataName string `json:"metadata_name"`
	MetadataSlug string `json:"metadata_slug"`
	Website      string `json:"website"`
}

const segmentWorkspaceID = "ws_sandbox"

// simulate answers one request to the simulated API (Vendor.Serve); the
// path is relative to the vendor's root.
func simulate(seed SandboxSeed, s *sandbox.Sandbox, w http.ResponseWriter, r *http.Request, path string) {
	h := w.Header()
	h.Set("X-RateLimit-Remaining", "99")
	h.Set("X-RateLimit-Reset", time.Now().Add(time.Second).UTC().Format(http.TimeFormat))

	if r.Method != http.MethodGet {
		sandbox.WriteJSON(w, http.StatusMethodNotAllowed, segmentError("MethodNotAllowed", "Method not allowed", http.StatusMethodNotAllowed))
		return
	}
	var route string
	var source *SandboxSource
	switch {
	case path == "/" || path == "/users" || path == "/sources" || path == "/destinations":
		route = path
	case strings.HasPrefix(path, "/sources/") && strings.HasSuffix(path, "/connected-destinations"):
		route = "/sources/{id}/connected-destinations"
	default:
		sandbox.WriteJSON(w, http.StatusNotFound, segmentError("NotFoundError", "Route not found", http.StatusNotFound))
		return
	}
	if !sandbox.Bearer(r, seed.Token) {
		sandbox.WriteJSON(w, http.StatusUnauthorized, segmentError("Unauthorized", "The provided token is not valid", http.StatusUnauthorized))
		return
	}
	if slices.Contains(seed.Forbidden, path) || slices.Contains(seed.Forbidden, route) {
		sandbox.WriteJSON(w, http.StatusForbidden, segmentError("Forbidden", "The token does not have permission to access this resource", http.StatusForbidden))
		return
	}
	if route == "/sources/{id}/connected-destinations" {
		id := strings.TrimSuffix(strings.TrimPrefix(path, "/sources/"), "/connected-destinations")
		for i := range seed.Sources {
			if seed.Sources[i].ID == id {
				source = &seed.Sources[i]
			}
		}
		if source == nil {
			sandbox.WriteJSON(w, http.StatusNotFound, segmentError("NotFoundError", "Source not found", http.StatusNotFound))
			return
		}
	}
	if route == "/" {
		name := cmp.Or(seed.Workspace, "Sandbox")
		sandbox.WriteJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"workspace": map[string]any{
			"id": segmentWorkspaceID, "name": name, "slug": strings.ToLower(strings.ReplaceAll(name, " ", "-")),
		}}})
		return
	}

	// Every list takes pagination[count] (1..1000) and an opaque cursor.
	q := r.URL.Query()
	count := q.Get("pagination[count]")
	limit, ok := sandbox.PageSize(count, 0, 1000, seed.PageSize)
	if count == "" || !ok {
		sandbox.WriteJSON(w, http.StatusBadRequest, segmentError("ValidationError", "pagination.count must be an integer between 1 and 1000", http.StatusBadRequest))
		return
	}
	offset, ok := sandbox.CursorOffset(base64.StdEncoding, q.Get("pagination[cursor]"), "")
	if !ok {
		sandbox.WriteJSON(w, http.StatusBadRequest, segmentError("ValidationError", "Invalid pagination cursor", http.StatusBadRequest))
		return
	}

	// Only the page asked for is built, so that 10,000-page seeds stay
	// fast.
	var key string
	var total int
	var item func(i int) any
	switch route {
	case "/users":
		key, total = "users", len(seed.Users)
		item = func(i int) any { return segmentUserJSON(seed.Users[i]) }
	case "/sources":
		key, total = "sources", len(seed.Sources)
		item = func(i int) any { return segmentSourceJSON(seed.Sources[i]) }
	case "/destinations":
		key, total = "destinations", len(seed.Destinations)
		item = func(i int) any { return segmentDestinationJSON(seed.Destinations[i]) }
	default:
		var connected []SandboxDestination
		for _, d := range seed.Destinations {
			if d.SourceID == source.ID {
				connected = append(connected, d)
			}
		}
		key, total = "destinations", len(connected)
		item = func(i int) any { return segmentDestinationJSON(connected[i]) }
	}
	page := []any{}
	for i := min(offset, total); i < min(offset+limit, total); i++ {
		page = append(page, item(i))
	}
	cursor := func(n int) string { return sandbox.Cursor(base64.StdEncoding, "", n) }
	pagination := map[string]any{"current": cursor(offset), "totalEntries": total}
	if offset > 0 {
		pagination["previous"] = cursor(max(offset-limit, 0))
	}
	switch next, more := s.Next(offset, limit, total); {
	case more:
		pagination["next"] = cursor(next)
	case offset > 0:
		// The SDK's NullableString: a later last page may say null
		// (testdata/vendor/sources_page2_last.json).
		pagination["next"] = nil
	}
	sandbox.WriteJSON(w, http.StatusOK, map[string]any{"data": map[string]any{key: page, "pagination": pagination}})
}

func segmentUserJSON(u SandboxUser) map[string]any {
	role := cmp.Or(u.Role, "Workspace Owner")
	return map[string]any{"id": u.ID, "name": u.Name, "email": u.Email,
		"permissions": []any{map[string]any{"roleId": "role_" + segmentSlug(role), "roleName": role,
			"resources": []any{map[string]any{"id": segmentWorkspaceID, "type": "WORKSPACE", "labels": []any{}}}}}}
}

func segmentSourceJSON(s SandboxSource) map[string]any {
	return map[string]any{"id": s.ID, "slug": s.Slug, "name": s.Name, "workspaceId": segmentWorkspaceID, "enabled": s.Enabled,
		"writeKeys": []string{"wk_" + s.ID}, "labels": []any{}, "settings": map[string]any{},
		"metadata": map[string]any{"id": "meta_" + segmentSlug(s.MetadataName), "name": s.MetadataName, "slug": segmentSlug(s.MetadataName),
			"description": "", "categories": []string{"Website"}, "isCloudEventSource": false}}
}

func segmentDestinationJSON(d SandboxDestination) map[string]any {
	slug := cmp.Or(d.MetadataSlug, segmentSlug(d.MetadataName))
	// DestinationV1 has no workspaceId, and its name is optional
	// (testdata/vendor/destinations.json).
	out := map[string]any{"id": d.ID, "enabled": d.Enabled, "sourceId": d.SourceID,
		"settings": map[string]any{},
		"metadata": map[string]any{"id": "meta_" + slug, "name": d.MetadataName, "slug": slug, "description": "",
			"categories": []string{"Analytics"}, "website": d.Website, "status": "PUBLIC"}}
	if d.Name != "" {
		out["name"] = d.Name
	}
	return out
}

func segmentSlug(name string) string {
	return strings.Trim(strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return '-'
	}, name), "-")
}

func segmentError(typ, message string, status int) map[string]any {
	return map[string]any{"errors": []any{map[string]any{"type": typ, "message": message, "status": status}}}
}

// segmentRateLimited is the Public API's 429: the points left and the
// wait before the next call, in the body and the headers.
func segmentRateLimited(w http.ResponseWriter) {
	wait := 57647 * time.Millisecond
	w.Header().Set("X-RateLimit-Remaining", "0")
	w.Header().Set("X-RateLimit-Reset", time.Now().Add(wait).UTC().Format(http.TimeFormat))
	sandbox.WriteJSON(w, http.StatusTooManyRequests, map[string]any{"errors": []any{map[string]any{
		"type": "RequestError", "message": "Too many requests",
		"data": map[string]any{"remainingPoints": 0, "msBeforeNext": wait.Milliseconds()},
	}}})
}

// Simulator is the simulated Segment API, for the sandbox.
func Simulator() sandbox.Vendor {
	return sandbox.NewVendor(sandbox.Vendor{Kind: Kind, Base: "", RateLimited: segmentRateLimited},
		sandbox.Seeding[SandboxSeed]{Serve: simulate, AddTool: addTool, Finish: addFlows})
}

func addTool(_ *sandbox.Builder, seed *SandboxSeed, _ *inventory.Tool, people []sandbox.Person, _ int) {
	for _, p := range people {
		name, _, _ := strings.Cut(p.Email, "@")
		seed.Users = append(seed.Users, SandboxUser{ID: p.ID, Name: name, Email: p.Email})
	}
}

var (
	segmentDest      = regexp.MustCompile(`destination (\w+)`)
	segmentSourceRef = regexp.MustCompile(`source ([\w-]+)`)
	sourceType       = regexp.MustCompile(`^(.*) \(([^()]+)\)$`)
)

// addFlows turns the flows Segment discovery found back into sources and
// destinations.
func addFlows(_ *sandbox.Builder, seed *SandboxSeed, d usage.Discovered) {
	sources := map[string]string{}
	for i, f := range d.Flows {
		if f.Source != Kind {
			continue
		}
		srcID, ok := sources[f.From]
		if !ok {
			srcID = sandbox.Slug(f.From)
			if m := segmentSourceRef.FindStringSubmatch(f.Evidence); m != nil {
				srcID = m[1]
			}
			sources[f.From] = srcID
			// Discovery names a source "Name (Type)" when its type is known.
			name, typ := f.From, ""
			if m := sourceType.FindStringSubmatch(f.From); m != nil {
				name, typ = m[1], m[2]
			}
			seed.Sources = append(seed.Sources, SandboxSource{ID: srcID, Slug: srcID, Name: name, Enabled: true, MetadataName: typ})
		}
		dstID := fmt.Sprintf("dst%d", i+1)
		if m := segmentDest.FindStringSubmatch(f.Evidence); m != nil {
			dstID = m[1]
		}
		seed.Destinations = append(seed.Destinations, SandboxDestination{ID: dstID, Name: f.To, Enabled: true, SourceID: srcID,
			MetadataName: f.To, MetadataSlug: sandbox.Slug(f.To)})
	}
}
