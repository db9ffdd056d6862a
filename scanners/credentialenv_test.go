package scanners_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/scanners/internal/scantest"
	"github.com/stackaudit/stackaudit/usage"
)

// envReader reports what it could read: the variables its kind declares
// besides token_env, and no other.
type envReader struct{}

func (envReader) Validate(*inventory.Scan) hcl.Diagnostics { return nil }
func (envReader) Scan(_ context.Context, _ *inventory.Tool, env scanners.Env) (*usage.ToolUsage, error) {
	return nil, fmt.Errorf("read extra=%q other=%q", env.Getenv("EXTRA_SECRET"), env.Getenv("OTHER_SECRET"))
}

// TestCredentialEnv: a kind's CredentialEnv opens those variables to its
// scanner, and their values never reach the snapshot.
func TestCredentialEnv(t *testing.T) {
	inv := scantest.Load(t, tool("t", "reader", "READER_TOKEN"))
	k := scanners.Kind{Name: "reader", Scanner: envReader{}, Activity: scanners.Always,
		CredentialEnv: func(*inventory.Scan) []string { return []string{"EXTRA_SECRET"} }}
	env := map[string]string{"READER_TOKEN": "token-123456", "EXTRA_SECRET": "extra-7f3a9c", "OTHER_SECRET": "other-1b2c3d"}
	snap, _ := scanners.Run(context.Background(), inv, scanners.RunOptions{
		Kinds: []scanners.Kind{k}, AsOf: scantest.AsOf(), Now: func() time.Time { return scantest.AsOf() },
		Getenv: func(name string) string { return env[name] }, HTTP: scantest.Fast(),
	})
	e := snap.Tools["t"].Error
	if !strings.Contains(e, `extra="[redacted]"`) || !strings.Contains(e, `other=""`) || strings.Contains(e, "extra-7f3a9c") {
		t.Errorf("error %q: want the extra variable read and redacted, the other one unread", e)
	}
}
