package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// moreHostileCases are the corpus' inventories, policies, snapshots,
// baselines, previous results, flags and file types beyond the first
// attacks of issue 16. write, fifo, link, inv and snapshot are
// TestHostileCorpus' fixture helpers over the folder d.
func moreHostileCases(t *testing.T, d string, write func(rel, content string) string, fifo func(rel string) string,
	link func(target, rel string), inv func(name string) string, snapshot func(tools string) string) []hostileCase {
	t.Helper()
	team := func(id string) string { return fmt.Sprintf("team %q {\n  name = \"T\"\n}\n", id) }

	// Inventory encodings and shapes.
	inv("bom")
	write("bom/b.hcl", "\xEF\xBB\xBF"+team("bom_team"))
	inv("crlf")
	write("crlf/c.hcl", strings.ReplaceAll(team("crlf_team"), "\n", "\r\n"))
	inv("nul-middle")
	write("nul-middle/n.hcl", team("a")+"\x00"+team("b"))
	inv("utf16")
	write("utf16/u.hcl", "\xFF\xFEt\x00e\x00a\x00m\x00")
	inv("longid")
	write("longid/l.hcl", team(strings.Repeat("a", 1<<20)))
	inv("longstring")
	write("longstring/l.hcl", "team \"long\" {\n  name = \""+strings.Repeat("n", 4<<20)+"\"\n}\n")
	inv("longline")
	write("longline/l.hcl", "team \"x\" {\n  name = \"X\" "+strings.Repeat("x", 1<<20)+"\n}\n")
	inv("tenk")
	var tenk strings.Builder
	for i := range 10000 {
		fmt.Fprintf(&tenk, "team \"t%d\" {\n  name = \"Team %d\"\n}\n", i, i)
	}
	write("tenk/teams.hcl", tenk.String())
	inv("tenk-bad")
	var tenkBad strings.Builder
	for i := range 10000 {
		fmt.Fprintf(&tenkBad, "team \"u%d\" {\n  name = \"Team %d\"\n  lead = team.nowhere\n}\n", i, i)
	}
	write("tenk-bad/teams.hcl", tenkBad.String())
	inv("confusable")
	write("confusable/c.hcl", team("\u04bbubspot")) // Cyrillic shha, looks like h
	inv("confusable-ref")
	write("confusable-ref/c.hcl", "team \"x\" {\n  name = \"X\"\n  parent = team.m\u0430rketing\n}\n") // Cyrillic a
	inv("rtl")
	write("rtl/r.hcl", "team \"rtl\" {\n  name = \"evil\u202egnp.exe\"\n}\n")
	inv("ctrl-name")
	write("ctrl-name/c.hcl", "team \"c\" {\n  name = \"a\x1b[31mred\"\n}\n")
	inv("unclosed")
	write("unclosed/u.hcl", "team \"u\" {\n  name = \"U\"\n")
	inv("unterminated")
	write("unterminated/u.hcl", "team \"u\" {\n  name = \"U\n}\n")
	inv("heredoc")
	write("heredoc/h.hcl", "team \"h\" {\n  name = <<EOT\nnever ends\n")
	inv("interp-deep")
	write("interp-deep/i.hcl", "team \"i\" {\n  name = \""+strings.Repeat("${\"", 200)+strings.Repeat("\"}", 200)+"\"\n}\n")
	inv("obj-deep")
	write("obj-deep/o.hcl", "x = "+strings.Repeat("{a = ", 300)+"1"+strings.Repeat("}", 300)+"\n")
	inv("dup")
	write("dup/d.hcl", team("marketing"))
	inv("unknown-block")
	write("unknown-block/u.hcl", "resource \"aws_instance\" \"x\" {\n}\n")
	inv("cycle")
	write("cycle/c.hcl", "team \"a\" {\n  name = \"A\"\n  parent = team.b\n}\nteam \"b\" {\n  name = \"B\"\n  parent = team.a\n}\n")
	inv("hugeamount")
	write("hugeamount/t.hcl", "tool \"big\" {\n  category = \"analytics\"\n  owner = team.marketing\n  cost {\n    amount = 1e400\n    period = \"year\"\n  }\n}\n")
	inv("negseats")
	write("negseats/t.hcl", "tool \"neg\" {\n  category = \"analytics\"\n  owner = team.marketing\n  cost {\n    amount = 10\n    period = \"year\"\n    seats = -3\n  }\n}\n")
	inv("baddate")
	write("baddate/t.hcl", "tool \"d\" {\n  category = \"analytics\"\n  owner = team.marketing\n  contract {\n    start = \"2026-02-30\"\n    end = \"2027-01-01\"\n  }\n}\n")
	inv("selfflow")
	write("selfflow/f.hcl", "flow \"loop\" {\n  from = tool.hubspot\n  to = tool.hubspot\n  owner = team.marketing\n}\n")
	inv("dotfile")
	write("dotfile/.hidden.hcl", "this is not hcl {{{")
	inv("socketdir")
	if l, err := net.Listen("unix", filepath.Join(d, "socketdir/sock.hcl")); err == nil {
		t.Cleanup(func() { _ = l.Close() })
	}
	write("empty-only/e.hcl", "")
	write("comments-only/c.hcl", "# nothing here\n// nor here\n")
	write("notdir.hcl", team("alone"))
	inv("linkdir")
	link(filepath.Join(d, "ok"), "linkdir/sub")
	link(filepath.Join(d, "loopa.hcl"), "loopb.hcl")
	link(filepath.Join(d, "loopb.hcl"), "loopa.hcl")

	// Policies.
	inv("pol-unknown-each")
	write("pol-unknown-each/p.hcl", "policy \"p\" {\n  severity = \"high\"\n  for_each = resources\n  condition = true\n  message = \"x\"\n}\n")
	inv("pol-unknown-var")
	write("pol-unknown-var/p.hcl", "policy \"p\" {\n  severity = \"high\"\n  for_each = tools\n  condition = each.nothing == 1\n  message = \"x\"\n}\n")
	inv("pol-not-bool")
	write("pol-not-bool/p.hcl", "policy \"p\" {\n  severity = \"high\"\n  for_each = tools\n  condition = \"yes\"\n  message = \"x\"\n}\n")
	inv("pol-regex")
	write("pol-regex/p.hcl", "policy \"p\" {\n  severity = \"high\"\n  for_each = tools\n  condition = can(regex(\"(a+)+$\", join(\"\", [for i in range(5000) : \"a\"])))\n  message = \"x\"\n}\n")
	inv("pol-file-fn")
	write("pol-file-fn/p.hcl", "policy \"p\" {\n  severity = \"high\"\n  for_each = tools\n  condition = file(\"/etc/passwd\") != \"\"\n  message = \"x\"\n}\n")
	inv("pol-env-fn")
	write("pol-env-fn/p.hcl", "policy \"p\" {\n  severity = \"high\"\n  for_each = tools\n  condition = false\n  message = env(\"HOME\")\n}\n")
	inv("pol-many")
	var many strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&many, "policy \"p%d\" {\n  severity = \"low\"\n  for_each = tools\n  condition = length(each.id) > 0\n  message = \"x\"\n}\n", i)
	}
	write("pol-many/p.hcl", many.String())
	inv("pol-bad-severity")
	write("pol-bad-severity/p.hcl", "policy \"p\" {\n  severity = \"apocalyptic\"\n  for_each = tools\n  condition = true\n  message = \"x\"\n}\n")
	write("policies-file.hcl", "policy \"q\" {\n}\n")

	// Snapshots.
	write("snap/deep.json", strings.Repeat("[", 20000)+strings.Repeat("]", 20000))
	write("snap/nul.json", snapshot(`"hubspot": {"status": "ok", "users": [{"id": "a\u0000b"}]}`)+"\x00")
	write("snap/badutf8.json", snapshot(`"hubspot": {"status": "ok", "users": [{"id": "caf`+"\xe9"+`"}]}`))
	write("snap/float.json", snapshot(`"hubspot": {"status": "ok", "seats": {"assigned": 1.5}}`))
	write("snap/trailing.json", snapshot("")+" trailing garbage")
	write("snap/bad-taken.json", `{"schema": "stackaudit.snapshot/v1", "taken_at": "yesterday", "tools": {}}`)
	write("snap/exp.json", snapshot(`"hubspot": {"status": "ok", "seats": {"assigned": 1e400}}`))
	write("snap/tools-array.json", `{"schema": "stackaudit.snapshot/v1", "taken_at": "2026-11-20T09:00:00Z", "tools": []}`)
	write("snap/crlf.json", strings.ReplaceAll(snapshot(`"hubspot": {"status": "ok", "seats": {"assigned": 5}}`), " ", "\r\n"))
	var users strings.Builder
	for i := range 100000 {
		if i > 0 {
			users.WriteString(",")
		}
		fmt.Fprintf(&users, `{"id": "u%d"}`, i)
	}
	write("snap/many-users.json", snapshot(`"hubspot": {"status": "ok", "seats": {"assigned": 100000}, "users": [`+users.String()+`]}`))
	var tools strings.Builder
	for i := range 10000 {
		if i > 0 {
			tools.WriteString(",")
		}
		fmt.Fprintf(&tools, `"t%d": {"status": "ok", "seats": {"assigned": 1}}`, i)
	}
	write("snap/many-tools.json", snapshot(tools.String()))
	link(filepath.Join(d, "snap/loop2.json"), "snap/loop1.json")
	link(filepath.Join(d, "snap/loop1.json"), "snap/loop2.json")
	inv("folder-only-junk")
	write("folder-only-junk/.stackaudit/snapshots/notes.json", "not json")
	inv("folder-dir-json")
	if err := os.MkdirAll(filepath.Join(d, "folder-dir-json/.stackaudit/snapshots/2026-11-20.json"), 0o755); err != nil {
		t.Fatal(err)
	}

	// Baselines and previous results.
	write("base/bom.json", "\xEF\xBB\xBF{}")
	write("base/deep.json", strings.Repeat("{\"a\":", 20000)+"1"+strings.Repeat("}", 20000))
	write("base/schema.json", `{"schema": "stackaudit.result/v99", "findings": []}`)
	write("base/findings-string.json", `{"findings": "all of them"}`)
	write("base/nul.json", "{\x00}")
	write("prev/notjson.json", "nope")
	write("prev/empty.json", "")
	write("prev/later.json", `{"schema": "stackaudit.result/v1", "as_of": "2030-01-01", "organization": {"name": "Example Co", "currency": "USD"}, "findings": []}`)
	write("prev/othercurrency.json", `{"schema": "stackaudit.result/v1", "as_of": "2026-08-20", "organization": {"name": "Example Co", "currency": "EUR"}, "findings": []}`)

	// A file in the way of a folder, for outputs.
	write("afile", "x")

	return []hostileCase{
		// Inventories.
		{"validate bom", "validate {D}/bom", "", 0, nil, nil},
		{"validate crlf", "validate {D}/crlf", "", 0, nil, nil},
		{"validate nul mid-file", "validate {D}/nul-middle", "", 2, []string{"n.hcl", "Binary file"}, nil},
		{"validate utf-16", "validate {D}/utf16", "", 2, []string{"u.hcl", "Binary file"}, nil},
		{"validate 1 MiB identifier", "validate {D}/longid", "", 0, nil, nil},
		{"validate 4 MiB string", "validate {D}/longstring", "", 0, nil, nil},
		{"validate 1 MiB line error", "validate {D}/longline", "", 2, []string{"l.hcl", "Missing newline after argument", "…"}, nil},
		{"validate 10k teams", "validate {D}/tenk", "", 0, nil, nil},
		{"validate 10k bad references", "validate {D}/tenk-bad", "", 2, []string{"Variables not allowed", "9,800 ×", "--max-diagnostics"}, nil},
		{"validate confusable id", "validate {D}/confusable", "", 2, []string{"not a valid team label"}, nil},
		{"validate confusable reference", "validate {D}/confusable-ref", "", 2, []string{"c.hcl", "Reference to undeclared team"}, nil},
		{"validate bidi override", "validate {D}/rtl", "", 0, nil, nil},
		{"validate escape in name", "validate {D}/ctrl-name", "", 0, nil, nil},
		{"validate unclosed block", "validate {D}/unclosed", "", 2, []string{"u.hcl", "Unclosed configuration block"}, nil},
		{"validate unterminated string", "validate {D}/unterminated", "", 2, []string{"u.hcl", "Invalid multi-line string", "Unterminated template string"}, nil},
		{"validate unterminated heredoc", "validate {D}/heredoc", "", 2, []string{"h.hcl", "Unterminated template string"}, nil},
		{"validate deep interpolation", "validate {D}/interp-deep", "", 2, []string{"i.hcl", "Expression nested too deeply"}, nil},
		{"validate deep objects", "validate {D}/obj-deep", "", 2, []string{"nested too deeply"}, nil},
		{"validate duplicate block", "validate {D}/dup", "", 2, []string{"Duplicate team", "marketing"}, nil},
		{"validate unknown block", "validate {D}/unknown-block", "", 2, []string{"Unsupported block type", "resource"}, nil},
		{"validate team cycle", "validate {D}/cycle", "", 2, []string{"Team parent cycle"}, nil},
		{"validate amount 1e400", "validate {D}/hugeamount", "", 2, []string{"Number out of range"}, nil},
		{"validate negative seats", "validate {D}/negseats", "", 2, []string{"Invalid value for seats"}, nil},
		{"validate february 30", "validate {D}/baddate", "", 2, []string{"Invalid date", "2026-02-30"}, nil},
		{"validate dot file skipped", "validate {D}/dotfile", "", 0, nil, nil},
		{"validate socket in folder", "validate {D}/socketdir", "", 2, []string{"Not a regular file", "sock.hcl", "socket"}, nil},
		{"validate empty file only", "validate {D}/empty-only", "", 0, nil, nil},
		{"validate comments only", "validate {D}/comments-only", "", 0, nil, nil},
		{"validate one file", "validate {D}/notdir.hcl", "", 0, nil, nil},
		{"validate linked folder not walked", "validate {D}/linkdir", "", 0, nil, nil},
		{"validate link ring", "validate {D}/loopa.hcl", "", 2, []string{"Inventory not found", "loopa.hcl", "too many levels of symbolic links"}, nil},
		{"validate /dev/null", "validate /dev/null", "", 2, []string{"/dev/null is not an inventory"}, nil},
		{"validate a file not hcl", "validate {D}/afile", "", 2, []string{"is not an inventory"}, nil},
		{"fmt stdin binary", "fmt -", "/bin/sh", 2, []string{"<stdin>", "Binary file"}, nil},
		{"fmt -check bom", "fmt -check {D}/bom", "", 1, nil, nil},

		// Policies.
		{"check policy unknown collection", "check --as-of 2026-11-20 {D}/pol-unknown-each", "", 2, []string{"Invalid for_each", "resources"}, nil},
		{"check policy unknown attribute", "check --as-of 2026-11-20 {D}/pol-unknown-var", "", 2, []string{"Unsupported attribute", "nothing"}, nil},
		{"check policy not a bool", "check --as-of 2026-11-20 {D}/pol-not-bool", "", 2, []string{"Invalid policy condition"}, nil},
		{"check policy regex backtracking", "check --as-of 2026-11-20 --fail-on none {D}/pol-regex", "", 0, nil, nil},
		{"check policy file()", "check --as-of 2026-11-20 {D}/pol-file-fn", "", 2, []string{"Call to unknown function", "file"}, nil},
		{"check policy env()", "check --as-of 2026-11-20 {D}/pol-env-fn", "", 2, []string{"Call to unknown function", "env"}, nil},
		{"check 2000 policies", "check --as-of 2026-11-20 --fail-on none {D}/pol-many", "", 0, nil, nil},
		{"check policy bad severity", "check --as-of 2026-11-20 {D}/pol-bad-severity", "", 2, []string{"Invalid value for severity", "apocalyptic"}, nil},
		{"check --policies a file", "check --as-of 2026-11-20 --policies {D}/policies-file.hcl {D}/ok", "", 2, []string{"policies-file.hcl", "Missing required argument"}, nil},
		{"check --policies missing", "check --as-of 2026-11-20 --policies {D}/no-such-folder {D}/ok", "", 2, []string{"no-such-folder", "no such file or directory"}, nil},

		// Snapshots.
		{"snapshot nested 20000 deep", "check --as-of 2026-11-20 --snapshot {D}/snap/deep.json {D}/ok", "", 2, []string{"deep.json is not valid JSON", "exceeded max depth"}, nil},
		{"snapshot nul bytes", "check --as-of 2026-11-20 --snapshot {D}/snap/nul.json {D}/ok", "", 2, []string{"nul.json is not valid JSON", "after top-level value"}, nil},
		{"snapshot invalid utf-8", "check --as-of 2026-11-20 --fail-on none --snapshot {D}/snap/badutf8.json {D}/ok", "", 0, nil, nil}, // read as U+FFFD
		{"snapshot fractional seats", "check --as-of 2026-11-20 --snapshot {D}/snap/float.json {D}/ok", "", 2, []string{"tools.hubspot.seats.assigned has the wrong type (number 1.5, where a whole number is expected)"}, nil},
		{"snapshot trailing garbage", "check --as-of 2026-11-20 --snapshot {D}/snap/trailing.json {D}/ok", "", 2, []string{"trailing.json is not valid JSON", "after top-level value"}, nil},
		{"snapshot bad taken_at", "check --as-of 2026-11-20 --snapshot {D}/snap/bad-taken.json {D}/ok", "", 2, []string{"bad-taken.json", "yesterday"}, nil},
		{"snapshot 1e400 seats", "check --as-of 2026-11-20 --snapshot {D}/snap/exp.json {D}/ok", "", 2, []string{"tools.hubspot.seats.assigned has the wrong type (number 1e400"}, nil},
		{"snapshot tools is an array", "check --as-of 2026-11-20 --snapshot {D}/snap/tools-array.json {D}/ok", "", 2, []string{"tools has the wrong type (array, where an object is expected)"}, nil},
		{"snapshot crlf", "check --as-of 2026-11-20 --fail-on none --snapshot {D}/snap/crlf.json {D}/ok", "", 0, nil, nil},
		{"snapshot 100k users", "check --as-of 2026-11-20 --fail-on none --snapshot {D}/snap/many-users.json {D}/ok", "", 0, nil, nil},
		{"snapshot 10k unknown tools", "check --as-of 2026-11-20 --fail-on none --snapshot {D}/snap/many-tools.json {D}/ok", "", 0, nil, nil},
		{"snapshot link ring", "check --as-of 2026-11-20 --snapshot {D}/snap/loop1.json {D}/ok", "", 2, []string{"loop1.json", "too many levels of symbolic links"}, nil},
		{"snapshot folder only junk", "check --as-of 2026-11-20 --fail-on none {D}/folder-only-junk", "", 0, []string{"notes.json is not a snapshot"}, nil},
		{"snapshot folder named .json", "check --as-of 2026-11-20 --fail-on none {D}/folder-dir-json", "", 0, nil, nil},
		{"audit --snapshot fifo", "audit --as-of 2026-11-20 --snapshot {D}/snap/fifo.json -o {D}/a.xlsx {D}/ok", "", 2, []string{"FIFO"}, nil},
		{"import discovered fifo snapshot", "import discovered --snapshot {D}/snap/fifo.json {D}/ok", "", 2, []string{"FIFO"}, nil},

		// Baselines and previous results.
		{"baseline bom", "check --as-of 2026-11-20 --baseline {D}/base/bom.json {D}/ok", "", 2, []string{"byte order mark"}, nil},
		{"baseline nested 20000 deep", "check --as-of 2026-11-20 --baseline {D}/base/deep.json {D}/ok", "", 2, []string{"is not a JSON result", "exceeded max depth"}, nil},
		{"baseline other schema", "check --as-of 2026-11-20 --baseline {D}/base/schema.json {D}/ok", "", 2, []string{"v99"}, nil},
		{"baseline findings not a list", "check --as-of 2026-11-20 --baseline {D}/base/findings-string.json {D}/ok", "", 2, []string{"findings is a JSON string where an array was expected"}, nil},
		{"baseline nul", "check --as-of 2026-11-20 --baseline {D}/base/nul.json {D}/ok", "", 2, []string{"nul.json is not a JSON result"}, nil},
		{"baseline array", "check --as-of 2026-11-20 --baseline {D}/base/array.json {D}/ok", "", 2, []string{"$ is a JSON array where an object was expected"}, nil},
		{"baseline missing", "check --as-of 2026-11-20 --baseline {D}/base/missing.json {D}/ok", "", 2, []string{"missing.json", "no such file or directory"}, nil},
		{"previous not json", "audit --as-of 2026-11-20 --previous {D}/prev/notjson.json -o {D}/a.xlsx {D}/ok", "", 2, []string{"notjson.json is neither a result"}, nil},
		{"previous empty", "audit --as-of 2026-11-20 --previous {D}/prev/empty.json -o {D}/a.xlsx {D}/ok", "", 2, []string{"empty.json is neither a result"}, nil},
		{"previous later than this audit", "audit --as-of 2026-11-20 --previous {D}/prev/later.json -o {D}/a.xlsx {D}/ok", "", 2, []string{"--previous", "not earlier than this audit"}, nil},
		{"previous other currency", "audit --as-of 2026-11-20 --previous {D}/prev/othercurrency.json -o {D}/a.xlsx {D}/ok", "", 2, []string{"--previous", "counts money in EUR"}, nil},
		{"previous folder", "audit --as-of 2026-11-20 --previous {D}/prev -o {D}/a.xlsx {D}/ok", "", 2, []string{"a directory"}, nil},

		// Flags.
		{"unknown flag", "check --no-such-flag {D}/ok", "", 2, []string{"unknown flag"}, nil},
		{"bad --as-of", "check --as-of 2026-13-45 {D}/ok", "", 2, []string{"--as-of", "YYYY-MM-DD"}, nil},
		{"bad --format", "check --format pdf {D}/ok", "", 2, []string{"unknown --format \"pdf\""}, nil},
		{"bad --fail-on", "check --fail-on catastrophic {D}/ok", "", 2, []string{"--fail-on", "catastrophic"}, nil},
		{"too many arguments", "check {D}/ok {D}/ok", "", 2, []string{"accepts at most 1 arg"}, nil},
		{"-o into a missing folder", "check --as-of 2026-11-20 -o {D}/no/such/dir/r.txt {D}/ok", "", 2, []string{"no/such/dir does not exist"}, nil},
		{"-o under a file", "check --as-of 2026-11-20 --fail-on none -o {D}/afile/r.txt {D}/ok", "", 2, []string{"afile is not a folder"}, nil},
		{"-o a folder", "check --as-of 2026-11-20 --fail-on none -o {D}/base {D}/ok", "", 2, []string{"it is a folder; name a file"}, nil},
		{"audit -o not xlsx", "audit --as-of 2026-11-20 -o {D}/a.txt {D}/ok", "", 2, []string{"name it FILE.xlsx"}, nil},
		{"scan --concurrency 0", "scan --concurrency 0 {D}/ok", "", 2, []string{"--concurrency must be at least 1"}, nil},
		{"scan --timeout negative", "scan --timeout -1s {D}/ok", "", 2, []string{"--timeout must be positive"}, nil},
		{"scan --rate zero", "scan --rate hubspot=0 {D}/ok", "", 2, []string{"--rate hubspot", "from 0.1"}, nil},
		{"scan --rate unknown kind", "scan --rate nosuchkind=1 {D}/ok", "", 2, []string{"--rate \"nosuchkind=1\"", "scanner kind"}, nil},
		{"scan --endpoint file url", "scan --endpoint hubspot=file:///etc/passwd {D}/ok", "", 2, []string{"not an http or https URL"}, nil},
		{"scan --endpoint unknown kind", "scan --endpoint nosuchkind=http://127.0.0.1:1 {D}/ok", "", 2, []string{"not a scanner kind"}, nil},
		{"scan --sandbox with --endpoint", "scan --sandbox --endpoint hubspot=http://127.0.0.1:1 {D}/ok", "", 2, []string{"do not go together"}, nil},
		{"scan --only unknown tool", "scan --only nosuchtool {D}/ok", "", 2, []string{"nosuchtool"}, nil},
		{"scan nothing to scan", "scan -o {D}/s.json {D}/ok", "", 2, []string{"nothing to scan"}, nil},
		{"audit --only without --scan", "audit --as-of 2026-11-20 --only hubspot -o {D}/a.xlsx {D}/ok", "", 2, []string{"need --scan"}, nil},
		{"diff --base-ref outside git", "diff --as-of 2026-11-20 --base-ref HEAD {D}/ok", "", 2, []string{"not in a git repository"}, nil},
		{"--max-diagnostics negative", "validate --max-diagnostics -1 {D}/ok", "", 2, []string{"--max-diagnostics -1", "0 (print all)"}, nil},
	}
}

// vendorHostileCases scan an inventory whose hubspot tool answers from a
// hostile vendor (an httptest server, reached with --endpoint): each
// fails the scan with a message naming what was wrong (exit 3), or, for
// odd but valid data, scans (exit 0), within the corpus' ceilings.
func vendorHostileCases(t *testing.T, d string, write func(rel, content string) string) []hostileCase {
	t.Helper()
	write("vendor/main.hcl", "organization {\n  name = \"V\"\n  currency = \"USD\"\n}\nteam \"m\" {\n  name = \"M\"\n}\ntool \"hubspot\" {\n  category = \"marketing-automation\"\n  owner = team.m\n  scan \"hubspot\" {\n    token_env = \"HUBSPOT_TOKEN\"\n  }\n}\n")
	users := func(n int, email func(i int) string) string {
		var b strings.Builder
		b.WriteString(`{"results": [`)
		for i := range n {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"id": "%d", "email": %q}`, i, email(i))
		}
		b.WriteString(`]}`)
		return b.String()
	}
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	zeros := make([]byte, 1<<20)
	for range 256 { // 256 MiB of zeros in about 256 KiB
		_, _ = zw.Write(zeros)
	}
	_ = zw.Close()
	bodies := map[string]http.HandlerFunc{
		"html": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html><body>Maintenance</body></html>"))
		},
		"empty":    func(w http.ResponseWriter, _ *http.Request) {},
		"array":    func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(`[1, 2, 3]`)) },
		"deep":     func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(strings.Repeat("[", 100000))) },
		"truncate": func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte(`{"results": [{"id": "1", "em`)) },
		"huge": func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(`{"results": [], "pad": "`))
			chunk := bytes.Repeat([]byte("x"), 1<<20)
			for range 40 {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
			_, _ = w.Write([]byte(`"}`))
		},
		"gzip-bomb": func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(bomb.Bytes())
		},
		"unauthorized": func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"status": "error", "message": "Authentication credentials not found.", "category": "INVALID_AUTHENTICATION"}`))
		},
		"forbidden": func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"status": "error", "message": "This app hasn't been granted all required scopes.", "category": "MISSING_SCOPES"}`))
		},
		"notfound": func(w http.ResponseWriter, _ *http.Request) { http.NotFound(w, nil) },
		"page-loop": func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(`{"results": [{"id": "1", "email": "a@example.com"}], "paging": {"next": {"after": "same"}}}`))
		},
		"nul-escaped": func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(`{"results": [{"id": "1", "email": "a\u0000b@example.com"}, {"id": "2\u0000", "email": "c@example.com"}]}`))
		},
		"nul-raw": func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte("{\"results\": [{\"id\": \"1\", \"email\": \"a\x00b@example.com\"}]}"))
		},
		"long-email": func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(users(2, func(int) string { return strings.Repeat("e", 1<<20) })))
		},
		"bad-utf8": func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(`{"results": [{"id": "1", "email": "caf` + "\xe9" + `@example.com"}]}`))
		},
		"many-users": func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(users(50000, func(i int) string { return fmt.Sprintf("u%d@example.com", i) })))
		},
		"id-types": func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(`{"results": [{"id": {"nested": true}, "email": 42}]}`))
		},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		if strings.Contains(rest, "login") && name != "unauthorized" {
			_, _ = w.Write([]byte(`{"results": []}`))
			return
		}
		if h, ok := bodies[name]; ok {
			h(w, r)
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	// Each case writes to a folder of its own: a scan carries data
	// forward from the newest snapshot beside its output.
	scan := func(name string) string {
		if err := os.MkdirAll(filepath.Join(d, "vendor-out", name), 0o755); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("HUBSPOT_TOKEN=pat-na1-hostile-token scan --as-of 2026-11-20 --timeout 5s --endpoint hubspot=%s/%s -o {D}/vendor-out/%s/snap.json {D}/vendor", srv.URL, name, name)
	}
	return []hostileCase{
		{"vendor html page", scan("html"), "", 3, []string{"/settings/v3/users/", "invalid JSON response", "syntax error at byte 1"}, nil},
		{"vendor empty body", scan("empty"), "", 3, []string{"invalid JSON response (0 bytes)", "the body ends early"}, nil},
		{"vendor array body", scan("array"), "", 3, []string{"a JSON array where an object was expected"}, nil},
		{"vendor nested 100000 deep", scan("deep"), "", 3, []string{"invalid JSON response (100000 bytes)"}, nil},
		{"vendor truncated json", scan("truncate"), "", 3, []string{"the body ends early"}, nil},
		{"vendor 40 MiB body", scan("huge"), "", 3, []string{"hubspot", "larger than the 16777216-byte limit"}, nil},
		{"vendor gzip bomb", scan("gzip-bomb"), "", 3, []string{"larger than the 16777216-byte limit"}, nil},
		{"vendor 401", scan("unauthorized"), "", 3, []string{"HUBSPOT_TOKEN"}, nil},
		{"vendor 403 scopes", scan("forbidden"), "", 3, []string{"HUBSPOT_TOKEN lacks the scope"}, nil},
		{"vendor 404", scan("notfound"), "", 3, []string{"hubspot", "404"}, nil},
		{"vendor cursor loop", scan("page-loop"), "", 3, []string{"page cursor it had already returned"}, nil},
		{"vendor escaped nul in ids", scan("nul-escaped"), "", 0, nil, nil},
		{"vendor raw nul byte", scan("nul-raw"), "", 3, []string{"invalid JSON response"}, nil},
		{"vendor 1 MiB email", scan("long-email"), "", 0, nil, nil},
		{"vendor invalid utf-8", scan("bad-utf8"), "", 0, nil, nil},
		{"vendor 50000 users a page", scan("many-users"), "", 0, nil, nil},
		{"vendor wrong types", scan("id-types"), "", 3, []string{"field results.id is a JSON object"}, nil},
		{"vendor no token", "scan --as-of 2026-11-20 --endpoint hubspot=" + srv.URL + "/html -o {D}/vendor-out/none.json {D}/vendor", "", 3, []string{"HUBSPOT_TOKEN", "Nothing was measured"}, nil},
	}
}
