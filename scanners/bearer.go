package scanners

import (
	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
)

// PrepareBearer is how the Scan of a kind whose API takes the token_env
// token as a bearer token begins: Prepare, then a client to the kind's API
// (--endpoint's address when given) that sends the token. Its error is
// Prepare's.
func PrepareBearer[S any](env Env, scan *inventory.Scan, kind, defaultBaseURL string, decode func(*inventory.Scan) (S, hcl.Diagnostics)) (S, *Client, error) {
	st, token, err := Prepare(env, scan, scan.TokenEnv, decode)
	if err != nil {
		return st, nil, err
	}
	c := env.Client(kind, defaultBaseURL)
	c.SetBearer(token)
	return st, c, nil
}
