package segment_test

import (
	"fmt"
	"testing"

	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/scanners/sandbox"
	"github.com/stackaudit/stackaudit/scanners/segment"
	"github.com/stackaudit/stackaudit/usage"
)

// account is a Segment workspace of n users, and one source with n
// destinations enabled on it, served by the sandbox.
func account(a scantest.Account, forbidden string) any {
	s := segment.SandboxSeed{Access: sandbox.Access{Token: a.Token, PageSize: a.PageSize},
		Sources: []segment.SandboxSource{{ID: "src_web", Slug: "web", Name: "Web", Enabled: true, MetadataName: "Javascript"}}}
	for i := range a.Users {
		s.Users = append(s.Users, segment.SandboxUser{ID: fmt.Sprintf("usr_%05d", i), Name: fmt.Sprint("User ", i), Email: fmt.Sprintf("u%d@acme.example", i)})
		s.Destinations = append(s.Destinations, segment.SandboxDestination{ID: fmt.Sprint("dst_", i), Name: fmt.Sprint("D", i), Enabled: true,
			SourceID: "src_web", MetadataName: fmt.Sprint("Destination ", i)})
	}
	if a.NoScope {
		s.Forbidden = []string{forbidden}
	}
	return s
}

// vendor adapts Segment's scanner to scantest; discoverer its discoverer,
// whose paged lists are the sources and destinations.
func vendor() scantest.Vendor {
	return scantest.Vendor{
		Kind: "segment", Scanner: segment.New(), Simulator: segment.Simulator, HCL: fmt.Sprintf(inventoryHCL, ""), Tool: "segment",
		Seed:     func() any { return seed(150) },
		TokenEnv: "SEGMENT_TOKEN", Token: goodToken, BadToken: canary,
		Base: "/segment", ErrPrefix: "segment: GET /users",
		Secrets: []string{"pagination", "%5B", "MTAw", "?"},
		Account: func(a scantest.Account) any { return account(a, "/users") },
		Skip:    map[string]string{scantest.CaseCrossHostNext: "it pages with pagination.next and follows no link"},
	}
}

func discoverer() scantest.Vendor {
	v := vendor()
	v.Scanner, v.Discoverer, v.ErrPrefix = nil, segment.NewDiscoverer(), "segment: GET /sources"
	v.Seed = func() any { return workspace() }
	v.Account = func(a scantest.Account) any { return account(a, "/sources") }
	v.Count = func(_ *usage.ToolUsage, d *usage.Discovered) int { return len(d.Flows) }
	return v
}

func TestConformance(t *testing.T) {
	t.Run("scan", func(t *testing.T) { scantest.Conformance(t, vendor()) })
	t.Run("discover", func(t *testing.T) { scantest.Conformance(t, discoverer()) })
}
