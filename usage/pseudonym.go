package usage

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// PseudonymScheme names how pseudonyms are made, recorded in the snapshot.
const PseudonymScheme = "hmac-sha256"

// pseudonymHexLen keeps 128 bits of the HMAC: collisions stay out of reach
// for any number of users a stack has.
const pseudonymHexLen = 32

// MinPseudonymKeyLen is the shortest key accepted, in bytes: a short key
// could be found by trying keys against a guessed email.
const MinPseudonymKeyLen = 16

// Pseudonyms records that a snapshot's users are keyed pseudonyms, and
// which key made them (a fingerprint, never the key).
type Pseudonyms struct {
	Scheme         string `json:"scheme"`
	KeyFingerprint string `json:"key_fingerprint"`
}

// Pseudonymizer replaces user emails and vendor user ids by keyed
// pseudonyms: HMAC-SHA-256 under a secret key, so that the same user gets
// the same pseudonym in every scan and every tool, and nobody without the
// key can confirm a guessed email by hashing it.
type Pseudonymizer struct {
	key []byte
}

// NewPseudonymizer makes pseudonyms with key, which must be at least
// MinPseudonymKeyLen bytes.
func NewPseudonymizer(key []byte) (*Pseudonymizer, error) {
	if len(key) < MinPseudonymKeyLen {
		return nil, fmt.Errorf("the pseudonym key is %d bytes long; use at least %d random bytes (e.g. openssl rand -hex 32)", len(key), MinPseudonymKeyLen)
	}
	return &Pseudonymizer{key: key}, nil
}

// RandomPseudonymizer uses a fresh random key: pseudonyms are then stable
// within one run only (a workbook redacted without a key).
func RandomPseudonymizer() *Pseudonymizer {
	key := make([]byte, 32)
	_, _ = rand.Read(key) // crypto/rand.Read never fails (Go 1.24+)
	return &Pseudonymizer{key: key}
}

func (p *Pseudonymizer) mac(domain, value string) string {
	h := hmac.New(sha256.New, p.key)
	h.Write([]byte(domain))
	h.Write([]byte{0})
	h.Write([]byte(value))
	return hex.EncodeToString(h.Sum(nil))[:pseudonymHexLen]
}

// Email is the pseudonym of an email address, normalized (trimmed, lower
// case) so that every vendor's spelling of it gives one pseudonym. An
// empty email stays empty.
func (p *Pseudonymizer) Email(email string) string {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return ""
	}
	return "user-" + p.mac("email", email)
}

// ID is the pseudonym of a vendor's user id. An empty id stays empty.
func (p *Pseudonymizer) ID(id string) string {
	if id == "" {
		return ""
	}
	return "id-" + p.mac("id", id)
}

// Fingerprint identifies the key without revealing it, so that a key that
// changed between two snapshots is noticed.
func (p *Pseudonymizer) Fingerprint() string {
	return p.mac("stackaudit pseudonym key fingerprint", "v1")[:16]
}

// Apply replaces every user of s by pseudonyms and records the key's
// fingerprint. A snapshot already pseudonymized is left alone.
func (p *Pseudonymizer) Apply(s *Snapshot) {
	if s.Pseudonyms != nil {
		return
	}
	for _, u := range s.Tools {
		for i := range u.Users {
			u.Users[i].ID = p.ID(u.Users[i].ID)
			u.Users[i].Email = p.Email(u.Users[i].Email)
		}
	}
	// A spend feed names who paid: cardholders and expense submitters
	// are users too, in the purchases and in the evidence that quotes
	// them.
	for i := range s.Discovered.Tools {
		dt := &s.Discovered.Tools[i]
		if dt.Spend == nil {
			continue
		}
		for j := range dt.Spend.Purchases {
			pu := &dt.Spend.Purchases[j]
			if pu.Employee == "" {
				continue
			}
			alias := p.Email(pu.Employee)
			for _, form := range []string{pu.Employee, strings.ToLower(pu.Employee)} {
				dt.Evidence = strings.ReplaceAll(dt.Evidence, form, alias)
				pu.Payer = strings.ReplaceAll(pu.Payer, form, alias)
			}
			pu.Employee = alias
		}
	}
	s.Pseudonyms = &Pseudonyms{Scheme: PseudonymScheme, KeyFingerprint: p.Fingerprint()}
}

// MatchPseudonyms makes prev's users comparable with those of a scan that
// pseudonymizes with p (nil: one that does not), before its data is
// carried forward. Plain users are pseudonymized; users made with another
// key, or pseudonyms when the scan stores plain users, cannot be matched
// and are removed (counts stay), and the returned warning says so. prev is
// changed in place.
func MatchPseudonyms(prev *Snapshot, p *Pseudonymizer) (warning string) {
	if prev == nil {
		return ""
	}
	switch {
	case p == nil && prev.Pseudonyms == nil:
		return ""
	case p == nil:
		warning = "the previous snapshot stores users as pseudonyms and this scan stores them as given: users cannot be matched; carried-forward tools keep their counts but not their users"
	case prev.Pseudonyms == nil:
		p.Apply(prev)
		return ""
	case prev.Pseudonyms.KeyFingerprint == p.Fingerprint():
		return ""
	default:
		warning = fmt.Sprintf("the pseudonym key changed since the previous snapshot (key fingerprint %s, now %s): users cannot be matched; carried-forward tools keep their counts but not their users",
			prev.Pseudonyms.KeyFingerprint, p.Fingerprint())
	}
	for _, u := range prev.Tools {
		u.Users = []User{}
	}
	return warning
}
