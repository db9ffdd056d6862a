package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"

	"github.com/hashicorp/hcl/v2"

	"github.com/stackaudit/stackaudit/inventory"
	"github.com/stackaudit/stackaudit/usage"
)

// Vendor is one kind's simulated API. Each kind declares its own next to
// its scanner (scanners/KIND/sandbox.go); the registry hands the list to the
// simulator, which imports no kind.
type Vendor struct {
	// Kind is the scan kind; the vendor's root is /KIND on the simulator.
	Kind string
	// Base is the base URL a scanner is given, relative to the vendor's
	// root ("" for the root itself).
	Base string
	// Serve answers one request; path is relative to the vendor's root.
	// The vendor's seed is SeedOf(s, Kind).
	Serve func(s *Sandbox, w http.ResponseWriter, r *http.Request, path string)
	// RateLimited writes the vendor's 429.
	RateLimited func(w http.ResponseWriter)

	seed seedOps
}

// seedOps are the operations on one vendor's seed, whatever its type.
type seedOps struct {
	zero    func() any
	own     func(seed any) (any, bool)
	decode  func(data []byte) (any, error)
	token   func(inv *inventory.Inventory) string
	cred    func(inv *inventory.Inventory, block hcl.Body) string
	prepare func(seed any, inv *inventory.Inventory, token string)
	addTool func(b *Builder, seed any, t *inventory.Tool, people []Person, purchased int)
	found   func(b *Builder, seed any, d usage.Discovered)
}

// Seeding is how a vendor's seed, of type S, is made.
type Seeding[S any] struct {
	// Serve answers one request from the vendor's seed (see
	// Vendor.Serve); it replaces Vendor.Serve when set.
	Serve func(seed S, s *Sandbox, w http.ResponseWriter, r *http.Request, path string)
	// Token is the token the simulated vendor accepts for inv (nil:
	// Token).
	Token func(inv *inventory.Inventory) string
	// Credential is what a `--sandbox` run's variable holds for one scan
	// or discovery block of the kind (its body), where blocks of one kind
	// sign in differently, such as Salesforce's client credentials and JWT
	// bearer flows in one inventory (nil: the kind's token for every
	// block).
	Credential func(inv *inventory.Inventory, block hcl.Body) string
	// SetToken gives the seed the token (and whatever else the inventory
	// decides, such as Mailchimp's data centre); nil sets the Token of
	// the Access that S embeds.
	SetToken func(seed *S, inv *inventory.Inventory, token string)
	// AddTool adds one scanned tool of the kind, with its seat holders.
	AddTool func(b *Builder, seed *S, t *inventory.Tool, people []Person, purchased int)
	// Finish is called once, after every tool: it adds what the
	// snapshot's discovery found through the kind, and completes the seed
	// (nil: nothing to add).
	Finish func(b *Builder, seed *S, d usage.Discovered)
}

// NewVendor returns v with its seed of type S. A seed passed to New may be
// an S or a *S.
func NewVendor[S any](v Vendor, s Seeding[S]) Vendor {
	own := func(seed any) (any, bool) {
		switch x := seed.(type) {
		case *S:
			return x, true
		case S:
			return &x, true
		}
		return nil, false
	}
	if s.Serve != nil {
		kind := v.Kind
		v.Serve = func(sb *Sandbox, w http.ResponseWriter, r *http.Request, path string) {
			s.Serve(*SeedOf[S](sb, kind), sb, w, r, path)
		}
	}
	v.seed = seedOps{
		zero: func() any { return new(S) },
		own:  own,
		decode: func(data []byte) (any, error) {
			seed := new(S)
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.DisallowUnknownFields()
			if err := dec.Decode(seed); err != nil {
				return nil, err
			}
			return seed, nil
		},
		token: s.Token,
		cred:  s.Credential,
		prepare: func(seed any, inv *inventory.Inventory, token string) {
			x := seed.(*S)
			if s.SetToken != nil {
				s.SetToken(x, inv, token)
			} else if a, ok := any(x).(tokenSetter); ok {
				a.setToken(token)
			}
		},
		addTool: func(b *Builder, seed any, t *inventory.Tool, people []Person, purchased int) {
			if s.AddTool != nil {
				s.AddTool(b, seed.(*S), t, people, purchased)
			}
		},
		found: func(b *Builder, seed any, d usage.Discovered) {
			if s.Finish != nil {
				s.Finish(b, seed.(*S), d)
			}
		},
	}
	return v
}

// SeedOf is the seed of kind that s serves: what a vendor's handler reads.
func SeedOf[S any](s *Sandbox, kind string) *S {
	seed, _ := s.seed[kind].(*S)
	if seed == nil {
		return new(S)
	}
	return seed
}

// own converts every vendor's seed to its pointer type and adds an empty
// seed for every vendor the seed leaves out.
func own(vendors []Vendor, seed Seed) (Seed, error) {
	out := Seed{}
	for kind, v := range seed {
		i := index(vendors, kind)
		if i < 0 {
			return nil, fmt.Errorf("no simulated vendor %q", kind)
		}
		p, ok := vendors[i].seed.own(v)
		if !ok {
			return nil, fmt.Errorf("the seed of %s is a %T", kind, v)
		}
		out[kind] = p
	}
	for _, v := range vendors {
		if out[v.Kind] == nil {
			out[v.Kind] = v.seed.zero()
		}
	}
	return out, nil
}

func index(vendors []Vendor, kind string) int {
	for i, v := range vendors {
		if v.Kind == kind {
			return i
		}
	}
	return -1
}

// WriteJSON writes v as a JSON answer with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err) // only maps of plain values are written
	}
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

// New returns a simulator of this vendor alone, serving seed (an S or a
// *S of its Seeding) with the given faults: what a scanner's tests use.
func (v Vendor) New(seed any, faults Faults) *Sandbox {
	return New([]Vendor{v}, Seed{v.Kind: seed}, faults)
}

// Granted reports whether a seed's scopes grant scope: nil, a seed that
// names none, grants every scope.
func Granted(scopes []string, scope string) bool {
	return scopes == nil || slices.Contains(scopes, scope)
}

// Access is the part of a vendor's seed that every simulated API has: the
// one credential it accepts and the page size it serves. Each vendor's seed
// embeds it, so that seed files keep "token" and "page_size" at the top
// level (encoding/json flattens embedded structs) and the fields are
// documented once; how the token is sent, and what a PageSize of 0 means,
// is the vendor's and is said where its seed embeds Access.
type Access struct {
	// Token is the credential the vendor's API accepts; any other is
	// refused as the vendor refuses a bad credential.
	Token string `json:"token"`
	// PageSize caps the vendor's page size, so that small seeds still
	// paginate (0: the vendor's own sizes).
	PageSize int `json:"page_size,omitempty"`
}

// tokenSetter is a seed that embeds Access: the sandbox gives it its token
// without the vendor writing a SetToken of its own.
type tokenSetter interface{ setToken(token string) }

func (a *Access) setToken(token string) { a.Token = token }
