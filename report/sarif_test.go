package report_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/stackaudit/stackaudit/policies"
	"github.com/stackaudit/stackaudit/policies/result"
	"github.com/stackaudit/stackaudit/report"
)

// sarifDoc is the part of a SARIF log the tests read with types.
type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Rules []struct {
					ID string `json:"id"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []json.RawMessage `json:"results"`
	} `json:"runs"`
}

// obj and friends walk decoded JSON, failing the test on a wrong type.
func obj(t *testing.T, v any, path string) map[string]any {
	t.Helper()
	m, ok := v.(map[string]any)
	require.True(t, ok, "%s is not an object: %#v", path, v)
	return m
}

func arr(t *testing.T, v any, path string) []any {
	t.Helper()
	a, ok := v.([]any)
	require.True(t, ok, "%s is not an array: %#v", path, v)
	return a
}

func str(t *testing.T, v any, path string) string {
	t.Helper()
	s, ok := v.(string)
	require.True(t, ok, "%s is not a string: %#v", path, v)
	return s
}

func num(t *testing.T, v any, path string) int {
	t.Helper()
	f, ok := v.(float64)
	require.True(t, ok, "%s is not a number: %#v", path, v)
	return int(f)
}

func decodeSARIF(t *testing.T, r *result.Result, o report.Options) map[string]any {
	t.Helper()
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(render(t, "sarif", r, o)), &doc))
	return doc
}

// TestSARIFSpecFields checks every field SPEC §6 lists, one by one.
func TestSARIFSpecFields(t *testing.T) {
	r := fixture()
	doc := decodeSARIF(t, r, fixtureOptions())

	assert.Equal(t, "https://json.schemastore.org/sarif-2.1.0.json", str(t, doc["$schema"], "$schema"))
	assert.Equal(t, "2.1.0", str(t, doc["version"], "version"))
	runs := arr(t, doc["runs"], "runs")
	require.Len(t, runs, 1, "one run")
	run := obj(t, runs[0], "runs[0]")
	driver := obj(t, obj(t, run["tool"], "tool")["driver"], "driver")
	assert.Equal(t, "stackaudit", str(t, driver["name"], "driver.name"))
	assert.Equal(t, "1.4.0", str(t, driver["semanticVersion"], "driver.semanticVersion"))
	assert.Equal(t, "https://github.com/stackaudit/stackaudit", str(t, driver["informationUri"], "driver.informationUri"))

	// Rules: every built-in of Options.Rules, in order, then the custom
	// policy that has a finding.
	rules := arr(t, driver["rules"], "driver.rules")
	var ids []string
	for _, fr := range fixtureRules() {
		ids = append(ids, fr.ID)
	}
	ids = append(ids, "pii-needs-dpa") // a custom policy, known only from its finding
	require.Len(t, rules, len(ids))
	wantSecurity := map[string]string{"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "2.0"}
	for i, raw := range rules {
		path := fmt.Sprintf("rules[%d]", i)
		rule := obj(t, raw, path)
		id := str(t, rule["id"], path+".id")
		assert.Equal(t, ids[i], id, path)
		assert.NotEmpty(t, str(t, rule["name"], path+".name"))
		assert.NotEmpty(t, str(t, obj(t, rule["shortDescription"], path)["text"], path+".shortDescription.text"))
		assert.NotEmpty(t, str(t, obj(t, rule["fullDescription"], path)["text"], path+".fullDescription.text"))
		help := obj(t, rule["help"], path+".help")
		assert.NotEmpty(t, str(t, help["text"], path+".help.text"))
		assert.NotEmpty(t, str(t, help["markdown"], path+".help.markdown"))
		level := str(t, obj(t, rule["defaultConfiguration"], path)["level"], path+".defaultConfiguration.level")
		assert.Contains(t, []string{"error", "warning", "note"}, level)
		props := obj(t, rule["properties"], path+".properties")
		tags := arr(t, props["tags"], path+".properties.tags")
		assert.Contains(t, tags, "security", "GitHub reads security-severity only on security rules")
		sev := ""
		for _, tag := range tags {
			if _, ok := wantSecurity[tag.(string)]; ok || tag == "info" {
				sev = tag.(string)
			}
		}
		if want, ok := wantSecurity[sev]; ok {
			assert.Equal(t, want, str(t, props["security-severity"], path+".properties.security-severity"), "a string, exactly")
		} else {
			assert.NotContains(t, props, "security-severity", "info has no security severity")
		}
		if id == "pii-needs-dpa" {
			assert.NotContains(t, rule, "helpUri", "a custom policy has no documentation page")
			continue
		}
		assert.Equal(t, "https://github.com/stackaudit/stackaudit/blob/main/docs/rules/"+id+".md", str(t, rule["helpUri"], path+".helpUri"))
	}
	// The documentation is in help: What, Why and Fix.
	rc := obj(t, rules[0], "rules[0]")
	assert.Contains(t, obj(t, rc["help"], "")["text"], "Paying twice")
	assert.Contains(t, obj(t, rc["help"], "")["markdown"], "## How to fix it")
	assert.Contains(t, obj(t, rc["help"], "")["markdown"], "```hcl")
	assert.Equal(t, "RedundantCapability", rc["name"])
	assert.Equal(t, "5.5", obj(t, rc["properties"], "")["security-severity"])

	// Results.
	results := arr(t, run["results"], "results")
	require.Len(t, results, len(r.Findings))
	wantLevel := map[string]string{"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
	sawWaived := 0
	prevRank := 99
	for i, raw := range results {
		path := fmt.Sprintf("results[%d]", i)
		res := obj(t, raw, path)
		ruleID := str(t, res["ruleId"], path+".ruleId")
		idx := num(t, res["ruleIndex"], path+".ruleIndex")
		require.Less(t, idx, len(rules))
		assert.Equal(t, ruleID, obj(t, rules[idx], "")["id"], "%s.ruleIndex points at its rule", path)
		props := obj(t, res["properties"], path+".properties")
		sev := str(t, props["severity"], path+".properties.severity")
		rank := result.Severity(sev).Rank()
		assert.LessOrEqual(t, rank, prevRank, "most severe first")
		prevRank = rank
		assert.Equal(t, wantLevel[sev], str(t, res["level"], path+".level"))
		assert.NotEmpty(t, str(t, obj(t, res["message"], path)["text"], path+".message.text"))

		locs := arr(t, res["locations"], path+".locations")
		require.Len(t, locs, 1, "%s: GitHub needs a location", path)
		phys := obj(t, obj(t, locs[0], path)["physicalLocation"], path+".physicalLocation")
		art := obj(t, phys["artifactLocation"], path+".artifactLocation")
		uri := str(t, art["uri"], path+".uri")
		assert.Equal(t, "%SRCROOT%", str(t, art["uriBaseId"], path+".uriBaseId"))
		u, err := url.Parse(uri)
		require.NoError(t, err, uri)
		assert.False(t, u.IsAbs(), "%s: relative uri %q", path, uri)
		assert.False(t, strings.HasPrefix(uri, "/"), "%s: relative uri %q", path, uri)
		assert.NotContains(t, uri, `\`)
		assert.NotContains(t, uri, "repo/", "relative to BaseDir")
		assert.True(t, strings.HasPrefix(uri, "tools/"), uri)
		region := obj(t, phys["region"], path+".region")
		assert.GreaterOrEqual(t, num(t, region["startLine"], path+".startLine"), 1)

		pf := obj(t, res["partialFingerprints"], path+".partialFingerprints")
		assert.Len(t, pf, 2)
		plh := str(t, pf["primaryLocationLineHash"], path+".primaryLocationLineHash")
		v1 := str(t, pf["stackaudit/v1"], path+".stackaudit/v1")
		assert.Regexp(t, `^[0-9a-f]{32}$`, v1)
		assert.Equal(t, v1+":1", plh)

		var f *result.Finding
		for j := range r.Findings {
			if r.Findings[j].Fingerprint == v1 {
				f = &r.Findings[j]
			}
		}
		require.NotNil(t, f, "%s: stackaudit/v1 is the finding's fingerprint", path)
		assert.Equal(t, f.Rule, ruleID)
		assert.Equal(t, f.Message, obj(t, res["message"], "")["text"])
		if f.Waived() {
			sawWaived++
			sup := arr(t, res["suppressions"], path+".suppressions")
			require.Len(t, sup, 1)
			s := obj(t, sup[0], path+".suppressions[0]")
			assert.Equal(t, "external", str(t, s["kind"], "kind"))
			just := str(t, s["justification"], "justification")
			assert.Contains(t, just, f.Waiver.Reason)
			assert.Contains(t, just, "expires "+f.Waiver.Expires.Format("2006-01-02"))
			if f.Waiver.ApprovedBy != "" {
				assert.Contains(t, just, "approved by "+f.Waiver.ApprovedBy)
			}
		} else {
			assert.NotContains(t, res, "suppressions")
		}
	}
	assert.Equal(t, 2, sawWaived)
}

// TestSARIFLocationFallbacks: a finding without a file points at its
// subject's declaration, else at line 1 of the first file of the Result.
func TestSARIFLocationFallbacks(t *testing.T) {
	doc := decodeSARIF(t, fixture(), fixtureOptions())
	byRule := map[string]map[string]any{}
	for _, raw := range arr(t, obj(t, arr(t, doc["runs"], "")[0], "")["results"], "") {
		res := obj(t, raw, "")
		byRule[res["ruleId"].(string)] = res
	}
	where := func(rule string) (string, float64) {
		phys := byRule[rule]["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)
		return phys["artifactLocation"].(map[string]any)["uri"].(string), phys["region"].(map[string]any)["startLine"].(float64)
	}
	uri, line := where("unaligned-spend") // subject tool.webflow is declared in the facts
	assert.Equal(t, "tools/webflow.hcl", uri)
	assert.Equal(t, 4.0, line)
	uri, line = where("undeclared-tool") // a discovered tool: no declaration
	assert.Equal(t, "tools/a&b%20%3Cltd%3E%20%E6%97%A5%E6%9C%AC.hcl", uri, "the first file of the Result, percent-encoded")
	assert.Equal(t, 1.0, line)
	uri, _ = where("pii-needs-dpa")
	u, err := url.Parse(uri)
	require.NoError(t, err)
	assert.Equal(t, "tools/a&b <ltd> 日本.hcl", u.Path)

	// A Result naming no file at all has nowhere to point.
	bare := &result.Result{Findings: []result.Finding{finding("undeclared-tool", result.Medium, "t", "m", result.Location{}, sub("discovered_tool", "x"))}}
	doc = decodeSARIF(t, bare, report.Options{})
	res := obj(t, arr(t, obj(t, arr(t, doc["runs"], "")[0], "")["results"], "")[0], "")
	assert.NotContains(t, res, "locations")
	assert.Equal(t, "0.0.0-dev", obj(t, obj(t, obj(t, arr(t, doc["runs"], "")[0], "")["tool"], "")["driver"], "")["semanticVersion"])

	// A line of 0 still yields startLine 1.
	zero := &result.Result{Findings: []result.Finding{finding("x", result.Low, "t", "m", result.Location{File: file("a.hcl")})}}
	doc = decodeSARIF(t, zero, report.Options{BaseDir: base})
	res = obj(t, arr(t, obj(t, arr(t, doc["runs"], "")[0], "")["results"], "")[0], "")
	region := res["locations"].([]any)[0].(map[string]any)["physicalLocation"].(map[string]any)["region"].(map[string]any)
	assert.Equal(t, map[string]any{"startLine": 1.0}, region)
}

func TestSARIFSemanticVersion(t *testing.T) {
	for in, want := range map[string]string{
		"":                    "0.0.0-dev",
		"dev":                 "0.0.0-dev",
		"5d6f6a3":             "0.0.0-dev",
		"1.2":                 "0.0.0-dev",
		"v1.2.3":              "1.2.3",
		"1.2.3":               "1.2.3",
		"1.2.3-rc.1+build.5":  "1.2.3-rc.1+build.5",
		"v1.2.3-4-gabc-dirty": "1.2.3-4-gabc-dirty",
		"01.2.3":              "0.0.0-dev",
	} {
		doc := decodeSARIF(t, fixture(), report.Options{Version: in})
		driver := obj(t, obj(t, obj(t, arr(t, doc["runs"], "")[0], "")["tool"], "")["driver"], "")
		assert.Equal(t, want, driver["semanticVersion"], "version %q", in)
	}
}

func TestSARIFBaselineState(t *testing.T) {
	doc := decodeSARIF(t, fixtureBaseline(), fixtureOptions())
	for _, raw := range arr(t, obj(t, arr(t, doc["runs"], "")[0], "")["results"], "") {
		res := obj(t, raw, "")
		switch res["ruleId"] {
		case "tool-without-owner", "pii-needs-dpa", "redundant-capability":
			assert.Equal(t, "new", res["baselineState"])
		default:
			assert.Equal(t, "unchanged", res["baselineState"])
		}
	}
}

// TestSARIFSchema validates the output against the official SARIF 2.1.0
// schema (a copy in testdata). The schema itself refuses properties it does
// not define (additionalProperties: false on every object but property bags
// and dictionaries), so a misspelled property fails it too.
func TestSARIFSchema(t *testing.T) {
	for name, r := range map[string]*result.Result{"fixture": fixture(), "baseline": fixtureBaseline(), "empty": {}} {
		validateSARIF(t, name, render(t, "sarif", r, fixtureOptions()))
	}
}

// TestSARIFSchemaRefuses: the validation does catch mistakes, each on its
// own in an otherwise valid document.
func TestSARIFSchemaRefuses(t *testing.T) {
	schema := sarifSchema(t)
	good := render(t, "sarif", fixture(), fixtureOptions())
	tests := []struct {
		name   string
		change func(doc map[string]any)
		want   string // in the validation error: what was refused and why
	}{
		{"another version", func(doc map[string]any) { doc["version"] = "2.0" }, "properties/version/enum"},
		{"startLine 0", func(doc map[string]any) { region(doc)["startLine"] = 0 }, "region/properties/startLine/minimum"},
		{"a misspelled property", func(doc map[string]any) { driver(doc)["nmae"] = "x" }, "additional properties 'nmae' not allowed"},
		{"a required property missing", func(doc map[string]any) { delete(driver(doc), "name") }, "missing property 'name'"},
		{"a relative helpUri", func(doc map[string]any) {
			firstMap(driver(doc)["rules"])["helpUri"] = "docs/rules/x.md"
		}, "helpUri/format"},
		{"a badly formed guid", func(doc map[string]any) { firstMap(runs(doc)["results"])["guid"] = "not-a-guid" }, "guid/pattern"},
		{"a string for a number", func(doc map[string]any) { region(doc)["startColumn"] = "1" }, "startColumn/type"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var doc map[string]any
			require.NoError(t, json.Unmarshal([]byte(good), &doc))
			tc.change(doc)
			data, err := json.Marshal(doc)
			require.NoError(t, err)
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
			require.NoError(t, err)
			err = schema.Validate(inst)
			require.Error(t, err, "the schema takes a document with %s", tc.name)
			assert.Contains(t, fmt.Sprintf("%#v", err), tc.want)
		})
	}
}

// TestSARIFSchemaIsClosed holds what TestSARIFSchema relies on to catch a
// misspelled property: every object the schema defines sets
// additionalProperties, and only the property bag allows any property.
// (The hand-written validator this test replaced refused undefined
// properties itself; with this schema that never fired.)
func TestSARIFSchemaIsClosed(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	require.NoError(t, err)
	var schema struct {
		Definitions map[string]map[string]any `json:"definitions"`
	}
	require.NoError(t, json.Unmarshal(data, &schema))
	require.NotEmpty(t, schema.Definitions)
	for name, def := range schema.Definitions {
		if _, ok := def["properties"]; !ok {
			continue
		}
		switch ap := def["additionalProperties"]; {
		case ap == nil:
			t.Errorf("definition %s does not set additionalProperties: a misspelled property would pass", name)
		case ap == true && name != "propertyBag":
			t.Errorf("definition %s allows any property", name)
		}
	}
}

func runs(doc map[string]any) map[string]any { return firstMap(doc["runs"]) }

func driver(doc map[string]any) map[string]any {
	return runs(doc)["tool"].(map[string]any)["driver"].(map[string]any)
}

func region(doc map[string]any) map[string]any {
	loc := firstMap(firstMap(runs(doc)["results"])["locations"])
	return loc["physicalLocation"].(map[string]any)["region"].(map[string]any)
}

func firstMap(v any) map[string]any { return v.([]any)[0].(map[string]any) }

// sarifSchema compiles the official SARIF 2.1.0 schema, with its formats
// (uri, date-time) asserted.
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	schema, err := c.Compile(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	require.NoError(t, err)
	return schema
}

// validateSARIF checks a SARIF document against the schema.
func validateSARIF(t *testing.T, name, out string) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	require.NoError(t, err, name)
	if err := sarifSchema(t).Validate(inst); err != nil {
		t.Errorf("%s: not valid SARIF 2.1.0:\n%#v", name, err)
	}
}

// TestSARIFRulesFromTheRegistry: a built-in rule that has a finding but is
// not in Options.Rules is described from policies.Lookup.
func TestSARIFRulesFromTheRegistry(t *testing.T) {
	rule := policies.Lookup("tool-without-owner")
	if rule == nil {
		t.Skip("the ownership rules are not registered yet")
	}
	r := &result.Result{Findings: []result.Finding{
		finding("tool-without-owner", result.High, "t", "m", at("a.hcl", 1, 1, 1, 2), sub("tool", "a")),
	}}
	doc := decodeSARIF(t, r, report.Options{BaseDir: base})
	rules := arr(t, obj(t, obj(t, obj(t, arr(t, doc["runs"], "")[0], "")["tool"], "")["driver"], "")["rules"], "rules")
	require.Len(t, rules, 1)
	got := obj(t, rules[0], "")
	assert.Equal(t, rule.Title, obj(t, got["shortDescription"], "")["text"])
	assert.Equal(t, "https://github.com/stackaudit/stackaudit/blob/main/docs/rules/tool-without-owner.md", got["helpUri"])
}
