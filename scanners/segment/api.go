package segment

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/stackaudit/stackaudit/scanners"
)

// The Public API answers every list as {"data": {"<list>": [...],
// "pagination": {...}}}; the types below are those pages, decoded by the
// exported Decode functions, which check what the scanner relies on.

// Pagination is the Public API's cursor paging. Next is absent or null on
// the last page; TotalEntries is a number (a float in the OpenAPI
// document) the API may leave out.
type Pagination struct {
	Current      string  `json:"current"`
	Next         string  `json:"next"`
	Previous     string  `json:"previous"`
	TotalEntries float64 `json:"totalEntries"`
}

// Users is one page of GET /users.
type Users struct {
	Users      []APIUser   `json:"users"`
	Pagination *Pagination `json:"pagination"`
}

// APIUser is a workspace user. The API gives no last-activity date and no
// state: every listed user is a member of the workspace. Permissions are
// left undecoded: the scanner does not use them.
type APIUser struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// Sources is one page of GET /sources.
type Sources struct {
	Sources    []Source    `json:"sources"`
	Pagination *Pagination `json:"pagination"`
}

// Source is a Segment source: where data enters Segment.
type Source struct {
	ID       string   `json:"id"`
	Slug     string   `json:"slug"`
	Name     string   `json:"name"`
	Enabled  bool     `json:"enabled"`
	Metadata Metadata `json:"metadata"`
}

// Destinations is one page of GET /destinations (and of GET
// /sources/{id}/connected-destinations, which has the same shape).
type Destinations struct {
	Destinations []Destination `json:"destinations"`
	Pagination   *Pagination   `json:"pagination"`
}

// Destination is a Segment destination instance: one source's data sent
// to one product.
type Destination struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Enabled  bool     `json:"enabled"`
	SourceID string   `json:"sourceId"`
	Metadata Metadata `json:"metadata"`
}

// Metadata is the catalog entry of a source or destination type
// ("Javascript", "Mixpanel (Actions)").
type Metadata struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Slug       string   `json:"slug"`
	Categories []string `json:"categories"`
	Website    string   `json:"website"`
}

func (p *Pagination) next() string {
	if p == nil {
		return ""
	}
	return p.Next
}

// DecodeUsers decodes and checks one GET /users page.
func DecodeUsers(body []byte) (Users, error) {
	return scanners.DecodePage(body, data("users"), func(p Users) error {
		return scanners.CheckIDs("users", p.Users, func(u APIUser) string { return u.ID })
	})
}

// DecodeSources decodes and checks one GET /sources page.
func DecodeSources(body []byte) (Sources, error) {
	return scanners.DecodePage(body, data("sources"), func(p Sources) error {
		return scanners.CheckIDs("sources", p.Sources, func(s Source) string { return s.ID })
	})
}

// DecodeDestinations decodes and checks one GET /destinations page: every
// destination must name its source, or it could not become a flow.
func DecodeDestinations(body []byte) (Destinations, error) {
	return scanners.DecodePage(body, data("destinations"), func(p Destinations) error {
		for i, d := range p.Destinations {
			switch {
			case d.ID == "":
				return fmt.Errorf("invalid response: destinations[%d] has no id", i)
			case d.SourceID == "":
				return fmt.Errorf("invalid response: destinations[%d] has no sourceId", i)
			}
		}
		return nil
	})
}

// data decodes {"data": {...}} into v, which must hold the named list.
func data(list string) func(body []byte, v any) error {
	return func(body []byte, v any) error {
		if !json.Valid(body) {
			var x any
			return scanners.InvalidJSON(body, json.Unmarshal(body, &x))
		}
		var env struct {
			Data json.RawMessage `json:"data"`
		}
		var lists map[string]json.RawMessage
		if json.Unmarshal(body, &env) != nil || len(env.Data) == 0 || env.Data[0] != '{' || json.Unmarshal(env.Data, &lists) != nil {
			return errors.New("invalid response: no data object")
		}
		if !scanners.IsList(lists[list]) {
			return fmt.Errorf("invalid response: no %s list", list)
		}
		return scanners.DecodeBody(env.Data, v)
	}
}

// apiErrors is the Public API's error body.
type apiErrors struct {
	Errors []struct {
		Type    string `json:"type"`
		Message string `json:"message"`
		Data    struct {
			MsBeforeNext int64 `json:"msBeforeNext"`
		} `json:"data"`
	} `json:"errors"`
}
