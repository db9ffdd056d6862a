package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zclconf/go-cty/cty"

	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
)

// SARIF constants of SPEC §6.
const (
	sarifSchema    = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion   = "2.1.0"
	toolName       = "stackaudit"
	informationURI = "https://github.com/stackaudit/stackaudit"
	ruleDocsURI    = "https://github.com/stackaudit/stackaudit/blob/main/docs/rules/"
	srcRoot        = "%SRCROOT%"
	devVersion     = "0.0.0-dev"
)

// The SARIF 2.1.0 subset stackaudit writes. Field order is the order of the
// SARIF specification, for readable output.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	Results    []sarifResult `json:"results"`
	ColumnKind string        `json:"columnKind"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion"`
	InformationURI  string      `json:"informationUri"`
	Rules           []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string              `json:"id"`
	Name                 string              `json:"name"`
	ShortDescription     sarifText           `json:"shortDescription"`
	FullDescription      sarifText           `json:"fullDescription"`
	Help                 sarifHelp           `json:"help"`
	HelpURI              string              `json:"helpUri,omitempty"`
	DefaultConfiguration sarifConfiguration  `json:"defaultConfiguration"`
	Properties           sarifRuleProperties `json:"properties"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifHelp struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProperties struct {
	// SecuritySeverity is a string, as GitHub requires; absent for info.
	SecuritySeverity string   `json:"security-severity,omitempty"`
	Precision        string   `json:"precision"`
	Tags             []string `json:"tags"`
}

type sarifResult struct {
	RuleID              string                `json:"ruleId"`
	RuleIndex           int                   `json:"ruleIndex"`
	Level               string                `json:"level"`
	Message             sarifText             `json:"message"`
	Locations           []sarifLocation       `json:"locations,omitempty"`
	PartialFingerprints map[string]string     `json:"partialFingerprints"`
	Suppressions        []sarifSuppression    `json:"suppressions,omitempty"`
	BaselineState       string                `json:"baselineState,omitempty"`
	Properties          sarifResultProperties `json:"properties"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           sarifRegion           `json:"region"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

type sarifSuppression struct {
	Kind          string `json:"kind"`
	Justification string `json:"justification"`
}

type sarifResultProperties struct {
	Severity string `json:"severity"`
	// SecuritySeverity repeats the score for the finding's own severity,
	// which a rule block may have changed from the rule's default.
	SecuritySeverity string   `json:"security-severity,omitempty"`
	Subjects         []string `json:"subjects"`
	Waiver           string   `json:"waiver,omitempty"`
}

// securitySeverity is GitHub's score per level (SPEC §6). Info has none:
// GitHub's scale starts at 0.1 for "low", and an info finding is not a
// security alert.
func securitySeverity(s result.Severity) string {
	switch s {
	case result.Critical:
		return "9.5"
	case result.High:
		return "8.0"
	case result.Medium:
		return "5.5"
	case result.Low:
		return "2.0"
	}
	return ""
}

// sarifLevel maps severities to SARIF levels: critical and high are
// errors, medium warnings, low and info notes.
func sarifLevel(s result.Severity) string {
	switch s {
	case result.Critical, result.High:
		return "error"
	case result.Medium:
		return "warning"
	}
	return "note"
}

// semverPattern is the regular expression of semver.org.
var semverPattern = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$`)

// semanticVersion is v as SemVer 2.0 ("v1.2.3" → "1.2.3"), or "0.0.0-dev"
// for a version that is not semver ("dev", a commit hash).
func semanticVersion(v string) string {
	v = strings.TrimPrefix(strings.TrimSpace(v), "v")
	if semverPattern.MatchString(v) {
		return v
	}
	return devVersion
}

// writeSARIF writes SARIF 2.1.0 as GitHub code scanning accepts it
// (SPEC §6). Decisions where the SPEC is silent:
//
//   - driver.rules holds Options.Rules in their order, then every other
//     rule that has a finding, sorted: a built-in found with
//     policies.Lookup gets its full entry, a custom policy a minimal one
//     (its finding's title, severity and no helpUri, as it has no page).
//   - Every rule is tagged "security" (and "stackaudit", its family, its
//     severity): GitHub reads security-severity only on such rules, and
//     the SPEC asks for security-severity on every rule.
//   - A finding without a file (about the inventory as a whole, or from
//     discovery) points at the declaration of its first subject that the
//     Result's facts locate, else at line 1 of the first file named
//     anywhere in the Result; GitHub rejects a result without a location.
//     Only a Result that names no file at all yields results without
//     locations.
//   - primaryLocationLineHash is "<fingerprint>:1": the rule and subjects
//     hash, never the line text, so that alerts survive edits and moves;
//     "stackaudit/v1" is the fingerprint itself.
//   - A baseline maps to baselineState: "new" stays "new", "existing"
//     becomes "unchanged".
//   - Info has no security-severity (GitHub's scale starts at 0.1 for
//     low); its results are notes. Each result also carries its own
//     security-severity, severity and subjects in properties, as a rule
//     block can change a finding's severity from the rule's default.
//   - driver.version is Options.Version as given; semanticVersion its
//     semver form or "0.0.0-dev". Regions give columns, counted in
//     Unicode code points (columnKind), as HCL counts them.
//   - Results are sorted most severe first, then by rule, file, line and
//     fingerprint.
func writeSARIF(buf *bytes.Buffer, r *result.Result, o Options) error {
	loc := newLocator(r, o.BaseDir)
	findings := result.SortedFindings(r.Findings)
	rules, index := sarifRules(o.Rules, findings)

	results := make([]sarifResult, 0, len(findings))
	for i := range findings {
		f := &findings[i]
		fp := fingerprint(f)
		res := sarifResult{
			RuleID:    f.Rule,
			RuleIndex: index[f.Rule],
			Level:     sarifLevel(f.Severity),
			Message:   sarifText{Text: firstNonBlank(f.Message, f.Title, f.Rule)},
			PartialFingerprints: map[string]string{
				"primaryLocationLineHash": fp + ":1",
				result.FingerprintVersion: fp,
			},
			Properties: sarifResultProperties{
				Severity:         string(f.Severity),
				SecuritySeverity: securitySeverity(f.Severity),
				Subjects:         subjectStrings(f.Subjects),
			},
		}
		if l, ok := sarifLocationOf(loc, f); ok {
			res.Locations = []sarifLocation{l}
		}
		if f.Waived() {
			res.Suppressions = []sarifSuppression{{Kind: "external", Justification: waiverNote(f.Waiver)}}
			res.Properties.Waiver = f.Waiver.ID
		}
		switch f.Baseline {
		case "new":
			res.BaselineState = "new"
		case "existing":
			res.BaselineState = "unchanged"
		}
		results = append(results, res)
	}

	doc := sarifLog{
		Schema:  sarifSchema,
		Version: sarifVersion,
		Runs: []sarifRun{{
			Tool: sarifTool{Driver: sarifDriver{
				Name:            toolName,
				Version:         strings.TrimSpace(o.Version),
				SemanticVersion: semanticVersion(o.Version),
				InformationURI:  informationURI,
				Rules:           rules,
			}},
			Results: results,
			// HCL counts columns in characters, not UTF-16 units.
			ColumnKind: "unicodeCodePoints",
		}},
	}
	enc := json.NewEncoder(buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// sarifLocationOf is the finding's location (see writeSARIF for the
// fallbacks); false when the Result names no file at all.
func sarifLocationOf(loc *locator, f *result.Finding) (sarifLocation, bool) {
	p := loc.of(f)
	if p.File == "" {
		if loc.first == "" {
			return sarifLocation{}, false
		}
		p = place{File: loc.rel(loc.first), Line: 1}
	}
	region := sarifRegion{StartLine: max(p.Line, 1)}
	if p.Line >= 1 && p.Column >= 1 {
		region.StartColumn = p.Column
		if p.EndLine >= p.Line && p.EndColumn >= 1 && (p.EndLine > p.Line || p.EndColumn >= p.Column) {
			region.EndLine, region.EndColumn = p.EndLine, p.EndColumn
		}
	}
	uri, base := sarifURI(p.File)
	return sarifLocation{PhysicalLocation: sarifPhysicalLocation{
		ArtifactLocation: sarifArtifactLocation{URI: uri, URIBaseID: base},
		Region:           region,
	}}, true
}

// sarifURI turns a (relative, slash-separated) file name into a URI
// reference: relative to %SRCROOT%, percent-encoded. A name that could not
// be made relative becomes an absolute file:// URI without a base.
func sarifURI(file string) (uri, base string) {
	if strings.HasPrefix(file, "/") || len(file) > 1 && file[1] == ':' {
		u := url.URL{Scheme: "file", Path: "/" + strings.TrimPrefix(file, "/")}
		return u.String(), ""
	}
	u := url.URL{Path: file}
	return u.String(), srcRoot
}

// sarifRules builds driver.rules and the index of each rule id in it.
func sarifRules(rules []*policies.Rule, findings []result.Finding) ([]sarifRule, map[string]int) {
	byID := map[string]*policies.Rule{}
	for _, r := range rules {
		if r != nil {
			byID[r.ID] = r
		}
	}
	firstFinding := map[string]*result.Finding{}
	for i := range findings {
		if _, ok := firstFinding[findings[i].Rule]; !ok {
			firstFinding[findings[i].Rule] = &findings[i]
		}
	}
	ids := ruleIDs(rules, findings)
	out := make([]sarifRule, 0, len(ids))
	index := map[string]int{}
	for i, id := range ids {
		index[id] = i
		r := byID[id]
		if r == nil {
			r = policies.Lookup(id)
		}
		if r != nil {
			out = append(out, builtinRule(r))
		} else {
			out = append(out, customRule(id, firstFinding[id]))
		}
	}
	return out, index
}

func builtinRule(r *policies.Rule) sarifRule {
	title := firstNonBlank(r.Title, r.ID)
	docs := ruleDocsURI + r.ID + ".md"
	if r.DocsPath != "" {
		docs = strings.TrimSuffix(ruleDocsURI, "docs/rules/") + r.DocsPath
	}
	return sarifRule{
		ID:                   r.ID,
		Name:                 pascalCase(r.ID),
		ShortDescription:     sarifText{Text: title},
		FullDescription:      sarifText{Text: firstNonBlank(strings.TrimSpace(r.What), title)},
		Help:                 sarifHelp{Text: helpText(r, title, docs), Markdown: helpMarkdown(r, docs)},
		HelpURI:              docs,
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(r.DefaultSeverity)},
		Properties:           ruleProperties(r.DefaultSeverity, r.Family),
	}
}

// customRule describes a custom policy, known only from its findings.
func customRule(id string, f *result.Finding) sarifRule {
	sev := result.Medium
	title := "Custom policy " + id
	if f != nil {
		sev = f.Severity
		title = firstNonBlank(f.Title, title)
	}
	note := "A custom policy, declared in a `policy \"" + id + "\"` block of the inventory."
	return sarifRule{
		ID:               id,
		Name:             pascalCase(id),
		ShortDescription: sarifText{Text: title},
		FullDescription:  sarifText{Text: title},
		Help: sarifHelp{
			Text:     title + "\n\n" + note,
			Markdown: mdEscape(title) + "\n\n" + strings.ReplaceAll(note, "`", "") + "\n",
		},
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(sev)},
		Properties:           ruleProperties(sev, "custom"),
	}
}

func ruleProperties(sev result.Severity, family string) sarifRuleProperties {
	tags := []string{"security", "stackaudit"}
	if family != "" {
		tags = append(tags, family)
	}
	if sev != "" {
		tags = append(tags, string(sev))
	}
	return sarifRuleProperties{SecuritySeverity: securitySeverity(sev), Precision: "very-high", Tags: tags}
}

// helpText is the rule's documentation as plain text.
func helpText(r *policies.Rule, title, docs string) string {
	parts := []string{title}
	add := func(label, s string) {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, label+": "+s)
		}
	}
	add("What", r.What)
	add("Why", r.Why)
	add("How to fix", r.Fix)
	if len(r.Params) > 0 {
		lines := []string{"Parameters:"}
		for _, p := range r.Params {
			lines = append(lines, fmt.Sprintf("  %s (%s, default %s): %s", p.Name, typeName(p.Type), policies.Literal(p.Default), p.Description))
		}
		parts = append(parts, strings.Join(lines, "\n"))
	}
	parts = append(parts, "Documentation: "+docs)
	return strings.Join(parts, "\n\n")
}

// helpMarkdown is the rule's documentation page, the same text as
// `stackaudit policies show` and docs/rules/<id>.md, with a link to it.
func helpMarkdown(r *policies.Rule, docs string) string {
	return policies.Markdown(r) + "\n[Documentation](" + docs + ")\n"
}

func typeName(t cty.Type) string {
	if t == cty.NilType {
		return "any"
	}
	return t.FriendlyName()
}

// pascalCase is SARIF's rule name: "redundant-capability" →
// "RedundantCapability".
func pascalCase(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' || r == '.' || r == ' ' }) {
		r, size := utf8.DecodeRuneInString(part)
		b.WriteRune(unicode.ToUpper(r))
		b.WriteString(part[size:])
	}
	if b.Len() == 0 {
		return id
	}
	return b.String()
}

func subjectStrings(ss []result.Subject) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.String()
	}
	return out
}

// firstNonBlank returns the first of ss that holds more than white space.
// Not cmp.Or: a custom policy's message or a waiver's reason may be all
// spaces, and a report shows the next text then rather than a blank cell.
func firstNonBlank(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}
