package inventory

import (
	"fmt"
	"regexp"
	"slices"
)

// KindSpec is one scan or discovery kind as the language sees it. The
// scanners' registry describes every kind (registry.InventoryKinds); the
// inventory keeps no list of its own, since it must not import scanners.
type KindSpec struct {
	Name string
	// HostPattern is the documented domain pattern of a vendor whose API
	// lives on a per-customer host; nil when the API address is fixed.
	HostPattern *regexp.Regexp
	// HostExample is a host that matches, for the error message.
	HostExample string
}

// Kinds are the kinds `scan` and `discovery` blocks may name, each list in
// the order diagnostics name them. Each kind's own settings are validated
// by its scanner, not here.
type Kinds struct {
	Scan, Discovery []KindSpec
}

// WithKinds makes Load check the kind of every scan and discovery block, and
// its host, against k. Without it kinds and hosts are not checked: only a
// caller that knows the scanners can tell a kind from a typo.
func WithKinds(k Kinds) Option { return func(o *options) { o.kinds = &k } }

// names lists the kinds' names.
func names(specs []KindSpec) []string {
	out := make([]string, len(specs))
	for i, k := range specs {
		out[i] = k.Name
	}
	return out
}

// checkHost returns why host is not allowed for kind, or "". A host outside
// the vendor's pattern is refused, so that a pull request cannot make a
// scan send its token elsewhere; only `--endpoint` on the command line can.
func (k *Kinds) checkHost(kind, host string) string {
	if k == nil {
		return ""
	}
	for _, h := range slices.Concat(k.Scan, k.Discovery) {
		if h.Name != kind || h.HostPattern == nil {
			continue
		}
		if !h.HostPattern.MatchString(host) {
			return fmt.Sprintf("%q is not %s %s instance host. Write the bare host name, like %q; any other address can only be given with --endpoint %s=URL on the command line.", host, article(kind), kind, h.HostExample, kind)
		}
		return ""
	}
	return fmt.Sprintf("A %s block does not take a host: its API address is fixed. To reach a proxy or a test server, use --endpoint %s=URL on the command line.", kind, kind)
}

func (k *Kinds) scan() []KindSpec {
	if k == nil {
		return nil
	}
	return k.Scan
}

func (k *Kinds) discovery() []KindSpec {
	if k == nil {
		return nil
	}
	return k.Discovery
}
