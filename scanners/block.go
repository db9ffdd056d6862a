package scanners

import (
	"context"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/usage"
)

// BlockScanner is a Scanner made of a kind's own two parts: Decode reads
// and checks the scan block's settings, and Measure measures the tool
// with them and the token that the block's token_env names. It exists so
// that the steps between them are written once: Validate is Decode's
// diagnostics, and Scan fails with those before it reads the token
// (Prepare), so a kind never opens a connection on settings Validate
// would have refused. A block without token_env (a kind whose settings
// name another credential, such as google_workspace's key_file) gets ""
// as its token: a kind that needs the variable requires it in Decode
// (RequireTokenEnv).
type BlockScanner[S any] struct {
	Decode  func(scan *inventory.Scan) (S, hcl.Diagnostics)
	Measure func(ctx context.Context, tool *inventory.Tool, env Env, st S, token string) (*usage.ToolUsage, error)
}

// Validate implements Scanner.
func (b *BlockScanner[S]) Validate(scan *inventory.Scan) hcl.Diagnostics {
	return DiagnosticsOf(b.Decode(scan))
}

// Scan implements Scanner.
func (b *BlockScanner[S]) Scan(ctx context.Context, tool *inventory.Tool, env Env) (*usage.ToolUsage, error) {
	st, token, err := prepare(env, tool.Scan, tool.Scan.TokenEnv, b.Decode)
	if err != nil {
		return nil, err
	}
	return b.Measure(ctx, tool, env, st, token)
}

// BlockDiscoverer is BlockScanner for a discovery block: Decode reads its
// settings and Find looks across the organization with them and the
// token that the block's token_env names.
type BlockDiscoverer[S any] struct {
	Decode func(d *inventory.Discovery) (S, hcl.Diagnostics)
	Find   func(ctx context.Context, d *inventory.Discovery, env Env, st S, token string) (*usage.Discovered, error)
}

// Validate implements Discoverer.
func (b *BlockDiscoverer[S]) Validate(d *inventory.Discovery) hcl.Diagnostics {
	return DiagnosticsOf(b.Decode(d))
}

// Discover implements Discoverer.
func (b *BlockDiscoverer[S]) Discover(ctx context.Context, d *inventory.Discovery, env Env) (*usage.Discovered, error) {
	st, token, err := prepare(env, d, d.TokenEnv, b.Decode)
	if err != nil {
		return nil, err
	}
	return b.Find(ctx, d, env, st, token)
}

// prepare is Prepare for a block that may name no variable (token "").
func prepare[B, S any](env Env, block B, tokenEnv string, decode func(B) (S, hcl.Diagnostics)) (S, string, error) {
	if tokenEnv == "" {
		st, diags := decode(block)
		if diags.HasErrors() {
			return st, "", diags
		}
		return st, "", nil
	}
	return Prepare(env, block, tokenEnv, decode)
}
