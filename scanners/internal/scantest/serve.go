package scantest

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/stackaudit/stackaudit/scanners/sandbox"
)

// Serve starts sb on a loopback port, stops it when the test and its
// subtests end, and returns each simulated kind's base URL: the setup of
// every test that talks to a simulator over the network.
func Serve(t testing.TB, sb *sandbox.Sandbox) map[string]string {
	t.Helper()
	urls, stop, err := sb.Start(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return urls
}

// Probe is one request of a simulator's table test: GET Path with the
// Authorization header Auth (none when empty), the Status it answers and
// the value of one Field of its JSON body (see Dig); no Field: the body is
// not a JSON object (an HTML error page).
type Probe struct {
	Path, Auth string
	Status     int
	Field      string
	Want       any
}

// Probes sends each probe to base, in a subtest of its own, and checks
// its status and field, so that a simulator's test is its table of
// requests and answers; header, when not nil, checks every answer's
// headers too (rate-limit headers).
func Probes(t *testing.T, base string, probes []Probe, header func(t *testing.T, h http.Header)) {
	t.Helper()
	for _, p := range probes {
		t.Run(fmt.Sprintf("%s %s %s", p.Path, p.Auth, p.Field), func(t *testing.T) {
			resp, data := Do(t, http.MethodGet, base+p.Path, "Authorization", p.Auth)
			if resp.StatusCode != p.Status {
				t.Fatalf("status %d, want %d", resp.StatusCode, p.Status)
			}
			body := decodeObject(data)
			switch got := Dig(body, p.Field); {
			case p.Field == "" && body != nil:
				t.Errorf("a JSON object, want none: %s", data)
			case p.Field != "" && got != p.Want:
				t.Errorf("%s = %v, want %v", p.Field, got, p.Want)
			}
			if header != nil {
				header(t, resp.Header)
			}
		})
	}
}
