package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stackaudit/stackaudit/usage"
)

// Ceilings that only a hang or a blow-up crosses: they are not timings.
// Work is bounded by the CPU time the process used (rusage), which a busy
// machine does not inflate; the wall-clock deadline only catches a process
// that waits forever, so it is generous: on a 2-core machine running
// another test suite, a policy case using 1.7 s of CPU took 20 s of wall
// time.
const (
	hostileMaxCPU   = 20 * time.Second
	hostileDeadline = 120 * time.Second
	hostileMaxRSS   = 1 << 30 // bytes
)

// hostileCase is one hostile input: the arguments (with {D} the fixture
// folder), stdin, the expected exit code and the words the stderr must hold.
type hostileCase struct {
	name  string
	args  string
	stdin string // a path, or "" for none
	exit  int
	words []string
	after func(t *testing.T, d string) // checks after the run, may be nil
}

// TestHostileCorpus runs the built binary on a corpus of hostile inputs
// (issue 16): every input gives its exit code and a clear message, and none
// hangs (the test's own deadline) or grows past a gigabyte (the child's
// rusage).
func TestHostileCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := builtCLI(t)
	d := t.TempDir()
	minimal, err := os.ReadFile("../../examples/minimal/main.hcl")
	if err != nil {
		t.Fatal(err)
	}
	write := func(rel, content string) string {
		p := filepath.Join(d, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fifo := func(rel string) string {
		p := filepath.Join(d, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skip("no FIFOs here:", err)
		}
		return p
	}
	link := func(target, rel string) {
		p := filepath.Join(d, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
	inv := func(name string) string { // a valid inventory folder
		write(name+"/main.hcl", string(minimal))
		return name
	}
	snapshot := func(tools string) string {
		return `{"schema": "stackaudit.snapshot/v1", "taken_at": "2026-11-20T09:00:00Z", "tools": {` + tools + `}}`
	}

	// Inventories and file types.
	inv("ok")
	inv("devlink")
	link("/dev/zero", "devlink/zero.hcl")
	inv("fifodir")
	fifo("fifodir/pipe.hcl")
	fifo("pipe.hcl")
	inv("symfile")
	write("elsewhere/extra.hcl", "team \"extra\" {\n  name = \"Extra\"\n}\n")
	link(filepath.Join(d, "elsewhere/extra.hcl"), "symfile/extra.hcl")
	inv("broken")
	link(filepath.Join(d, "nowhere.hcl"), "broken/gone.hcl")
	inv("loop")
	link(filepath.Join(d, "loop/self.hcl"), "loop/self.hcl")
	inv("huge")
	write("huge/big.hcl", "# "+strings.Repeat("x", 9<<20)+"\n")
	inv("binary")
	write("binary/bin.hcl", "team \"a\" {\x00}\n")
	inv("latin1")
	write("latin1/l.hcl", "team \"a\" {\n  name = \"caf\xe9\"\n}\n")
	inv("deep")
	write("deep/d.hcl", "x = "+strings.Repeat("[", 300)+strings.Repeat("]", 300)+"\n")
	inv("dirfile")
	if err := os.MkdirAll(filepath.Join(d, "dirfile/folder.hcl"), 0o755); err != nil {
		t.Fatal(err)
	}
	write("dirfile/folder.hcl/inner.hcl", "team \"inner\" {\n  name = \"Inner\"\n}\n")
	fifo("policies-fifo/p.hcl")

	// Policies over budget: each ran for minutes or grew to gigabytes.
	policy := func(name, condition, message string) string {
		dir := inv("pol-" + name)
		write(dir+"/p.hcl", fmt.Sprintf("policy \"p\" {\n  severity = \"high\"\n  for_each = tools\n  condition = %s\n  message = %s\n}\n", condition, message))
		return dir
	}
	policies := []struct{ name, condition, message, want string }{
		{"triple-for", `length([for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]) > 0`, `"x"`, "expressions and elements"},
		{"huge-number", `false`, `"${1e100000000}"`, "more than 1000 digits"},
		{"tiny-number", `false`, `"${1e-100000000}"`, "more than 1000 digits"},
		{"product", `false`, `"${pow(10, 300) * 1e800}"`, "more than 1000 digits"},
		{"setunion-splat", `length(setunion([for a in range(1024) : [for b in range(1024) : "${a}-${b}"]]...)) > 0`, `"x"`, "more than 1000000"},
		{"flatten-shared", `length(flatten([for a in range(1024) : [for b in range(1024) : tools]])) > 0`, `"x"`, "more than 1000000"},
		{"concat-splat", `length(concat([for a in range(1024) : [for b in range(1024) : b]]...)) > 0`, `"x"`, "more than 1000000"},
		{"join-separator", `length(join(join("", [for a in range(1024) : "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"]), range(1024))) > 0`, `"x"`, "bytes of strings"},
		{"formatlist", `length(formatlist(join("", [for a in range(1024) : "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"]), range(1024))) > 0`, `"x"`, "bytes of strings"},
		{"try-hidden", `try(length([for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]) > 0, true)`, `"x"`, "expressions and elements"},
		{"message-loop", `false`, `"${length([for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]])}"`, "expressions and elements"},
		{"tools-cubed", `length([for a in range(1024) : [for b in range(1024) : [for t in tools : t.name]]]) > 0`, `"x"`, "expressions and elements"},
		{"string-doubling", `length(join("", [for a in range(1024) : join("", [for b in range(1024) : "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"])])) > 0`, `"x"`, "bytes"},
	}

	// Snapshots.
	write("snap/negative.json", snapshot(`"hubspot": {"status": "ok", "seats": {"assigned": -5}}`))
	write("snap/active.json", snapshot(`"hubspot": {"status": "ok", "seats": {"assigned": 5}, "active": {"d30": 9, "d90": 9}}`))
	write("snap/int64.json", snapshot(`"hubspot": {"status": "ok", "seats": {"assigned": 9223372036854775807}}`))
	write("snap/future.json", snapshot(`"hubspot": {"status": "ok", "last_activity": "2030-01-01T00:00:00Z"}`))
	write("snap/future-user.json", snapshot(`"hubspot": {"status": "ok", "users": [{"id": "u", "last_active": "2030-01-01T00:00:00Z"}]}`))
	write("snap/bom.json", "\xEF\xBB\xBF"+snapshot(""))
	write("snap/type.json", snapshot(`"hubspot": {"status": "ok", "seats": {"assigned": "many"}}`))
	write("snap/notjson.json", "not json")
	write("snap/empty.json", "")
	write("snap/schema.json", `{"schema": "other/v9"}`)
	write("snap/toolnull.json", snapshot(`"hubspot": null`))
	fifo("snap/fifo.json")
	inv("folder-junk")
	write("folder-junk/.stackaudit/snapshots/2026-11-20.json", snapshot(`"hubspot": {"status": "ok", "seats": {"assigned": 5}}`))
	write("folder-junk/.stackaudit/snapshots/zzz-not-a-date.json", `{"schema": "stackaudit.snapshot/v1", "taken_at": "2020-01-01T00:00:00Z", "tools": {}}`)
	write("folder-junk/.stackaudit/snapshots/notes.json", "{}")
	fifo("folder-junk/.stackaudit/snapshots/zzz-fifo.json")
	inv("folder-bad")
	write("folder-bad/.stackaudit/snapshots/2026-11-20.json", snapshot(`"hubspot": {"status": "ok", "seats": {"assigned": -1}}`))

	// Baselines and previous results.
	fifo("base/fifo.json")
	write("base/notjson.json", "{")
	write("base/empty.json", "")
	write("base/array.json", "[]")

	// Outputs onto inputs.
	inv("out")
	write("out/.stackaudit/snapshots/2026-11-20.json", snapshot(`"hubspot": {"status": "ok", "seats": {"assigned": 5}}`))
	if err := os.Link(filepath.Join(d, "out/main.hcl"), filepath.Join(d, "out-main-link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(filepath.Join(d, "out/.stackaudit/snapshots/2026-11-20.json"), filepath.Join(d, "snap-link.xlsx")); err != nil {
		t.Fatal(err)
	}
	write("baseline.json", "{}")
	unchanged := func(rel string) func(t *testing.T, d string) {
		return func(t *testing.T, d string) {
			want, _ := os.ReadFile("../../examples/minimal/main.hcl")
			if rel != "out/main.hcl" {
				return
			}
			if got, _ := os.ReadFile(filepath.Join(d, rel)); !bytes.Equal(got, want) {
				t.Errorf("%s was changed", rel)
			}
		}
	}
	stillDevice := func(t *testing.T, _ string) {
		if fi, err := os.Stat(os.DevNull); err != nil || fi.Mode()&fs.ModeCharDevice == 0 {
			t.Errorf("%s is no longer a device", os.DevNull)
		}
	}
	inv("import")
	fifo("import/sheet.csv")

	// Hostile vendors (issue 16, point 4), served on loopback to tools of
	// the http kind.
	vendor := httptest.NewServer(hostileVendor())
	t.Cleanup(vendor.Close)
	t.Setenv("HOSTILE_TOKEN", "hostile-token")
	httpTool := func(name, path, settings string) string {
		dir := inv("http-" + name)
		write(dir+"/vendor.hcl", fmt.Sprintf("tool \"vendor\" {\n  category = \"crm\"\n  scan \"http\" {\n    token_env = \"HOSTILE_TOKEN\"\n    url = %q\n%s\n  }\n}\n", vendor.URL+path, settings))
		return dir
	}
	httpTool("forever", "/forever", `    users = ".users[]"
    next = ".next"
    cursor_param = "page"`)
	httpTool("bigcursor", "/bigcursor", `    users = ".users[]"
    next_link = true`)
	httpTool("loop", "/loop", `    users = ".users[]"
    next = ".next"`)
	httpTool("hang", "/hang", `    users = ".users[]"`)
	httpTool("jq", "/forever", `    users = ".users[] | {id: (\"x\" * 1000000000)}"`)

	// Control characters in file names (issue 16, point 7).
	inv("ctlname")
	write("ctlname/a\nError: forged.hcl", "team \"t\" {\n  name = \"T\"\n  oops\n}\n")
	inv("escname")
	write("escname/b\x1b[2K\r.hcl", "team \"t\" {\n  oops\n}\n")

	cases := []hostileCase{
		{"validate ok", "validate {D}/ok", "", 0, nil, nil},
		{"validate /dev/zero", "validate /dev/zero", "", 2, []string{"/dev/zero is not an inventory"}, nil},
		{"validate symlink to /dev/zero", "validate {D}/devlink", "", 2, []string{"zero.hcl", "character device"}, nil},
		{"validate fifo in folder", "validate {D}/fifodir", "", 2, []string{"pipe.hcl", "FIFO"}, nil},
		{"validate fifo file", "validate {D}/pipe.hcl", "", 2, []string{"FIFO"}, nil},
		{"validate symlinked file followed", "validate {D}/symfile", "", 0, nil, nil},
		{"validate broken symlink", "validate {D}/broken", "", 2, []string{"gone.hcl", "no such file"}, nil},
		{"validate symlink loop", "validate {D}/loop", "", 2, []string{"self.hcl", "too many levels of symbolic links"}, nil},
		{"validate huge file", "validate {D}/huge", "", 2, []string{"File too large"}, nil},
		{"validate binary", "validate {D}/binary", "", 2, []string{"Binary file"}, nil},
		{"validate latin-1", "validate {D}/latin1", "", 2, []string{"Invalid character encoding"}, nil},
		{"validate nesting", "validate {D}/deep", "", 2, []string{"nested too deeply"}, nil},
		{"validate folder named .hcl", "validate {D}/dirfile", "", 0, nil, nil},
		{"validate missing", "validate {D}/missing", "", 2, []string{"Inventory not found"}, nil},
		{"fmt -check fifo", "fmt -check {D}/pipe.hcl", "", 2, []string{"FIFO"}, nil},
		{"fmt /dev/zero", "fmt -check /dev/zero", "", 2, []string{"Not an HCL file"}, nil},
		{"fmt fifo in folder", "fmt -check {D}/fifodir", "", 2, []string{"pipe.hcl", "FIFO"}, nil},
		{"fmt stdin /dev/zero", "fmt -", "/dev/zero", 2, []string{"standard input", "larger than"}, nil},
		{"check --policies /dev/zero", "check --as-of 2026-11-20 --policies /dev/zero {D}/ok", "", 2, []string{"character device"}, nil},
		{"check --policies fifo folder", "check --as-of 2026-11-20 --policies {D}/policies-fifo {D}/ok", "", 2, []string{"FIFO"}, nil},
	}
	for _, p := range policies {
		dir := policy(p.name, p.condition, p.message)
		// A call whose result would be too large fails before it runs;
		// the rest spend the policy's budget.
		summary := "Policy exceeds its budget"
		if strings.Contains(p.want, "bytes of strings") {
			summary = "Call to function"
		}
		cases = append(cases,
			hostileCase{"check policy " + p.name, "check --as-of 2026-11-20 {D}/" + dir, "", 2, []string{summary, `policy "p"`, "p.hcl", p.want}, nil},
			hostileCase{"validate policy " + p.name, "validate {D}/" + dir, "", 2, []string{summary, p.want}, nil})
	}
	// The same attacks in JSON syntax: read as native templates, bounded
	// by the same budget (not only by the 60 s limit).
	jsonPolicy := inv("pol-json-triple-for")
	write(jsonPolicy+"/p.hcl.json", `{"policy": {"p": {"severity": "high", "for_each": "tools", "condition": "${length([for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]) > 0}", "message": "x"}}}`)
	jsonNumber := inv("pol-json-huge-number")
	write(jsonNumber+"/p.hcl.json", `{"policy": {"p": {"severity": "high", "for_each": "tools", "condition": false, "message": "${1e100000000}"}}}`)
	jsonArray := inv("pol-json-array")
	write(jsonArray+"/p.hcl.json", `{"policy": {"p": {"severity": "high", "for_each": "tools", "condition": ["${true}"], "message": "x"}}}`)
	cases = append(cases,
		hostileCase{"check policy json triple-for", "check --as-of 2026-11-20 {D}/pol-json-triple-for", "", 2, []string{"Policy exceeds its budget", "p.hcl.json", "expressions and elements"}, nil},
		hostileCase{"check policy json huge-number", "check --as-of 2026-11-20 {D}/pol-json-huge-number", "", 2, []string{"Policy exceeds its budget", "more than 1000 digits"}, nil},
		hostileCase{"validate policy json array", "validate {D}/pol-json-array", "", 2, []string{"Unsupported policy expression", "a string holding the expression"}, nil})
	cases = append(cases, []hostileCase{
		{"snapshot negative seats", "check --as-of 2026-11-20 --snapshot {D}/snap/negative.json {D}/ok", "", 2, []string{"tools.hubspot.seats.assigned is -5", "negative"}, nil},
		{"snapshot active above assigned", "check --as-of 2026-11-20 --snapshot {D}/snap/active.json {D}/ok", "", 2, []string{"tools.hubspot.active.d30 is 9", "assigned"}, nil},
		{"snapshot int64 max", "check --as-of 2026-11-20 --snapshot {D}/snap/int64.json {D}/ok", "", 2, []string{"tools.hubspot.seats.assigned", "not plausible"}, nil},
		{"snapshot future activity", "check --as-of 2026-11-20 --snapshot {D}/snap/future.json {D}/ok", "", 2, []string{"tools.hubspot.last_activity", "after the snapshot was taken"}, nil},
		{"snapshot future user", "check --as-of 2026-11-20 --snapshot {D}/snap/future-user.json {D}/ok", "", 2, []string{"tools.hubspot.users[0].last_active"}, nil},
		{"snapshot bom", "check --as-of 2026-11-20 --snapshot {D}/snap/bom.json {D}/ok", "", 2, []string{"byte order mark", "$"}, nil},
		{"snapshot type error", "check --as-of 2026-11-20 --snapshot {D}/snap/type.json {D}/ok", "", 2, []string{"tools.hubspot.seats.assigned has the wrong type"}, nil},
		{"snapshot not json", "check --as-of 2026-11-20 --snapshot {D}/snap/notjson.json {D}/ok", "", 2, []string{"not valid JSON"}, nil},
		{"snapshot empty", "check --as-of 2026-11-20 --snapshot {D}/snap/empty.json {D}/ok", "", 2, []string{"is empty"}, nil},
		{"snapshot other schema", "check --as-of 2026-11-20 --snapshot {D}/snap/schema.json {D}/ok", "", 2, []string{"other/v9"}, nil},
		{"snapshot tool null", "check --as-of 2026-11-20 --snapshot {D}/snap/toolnull.json {D}/ok", "", 2, []string{"tools.hubspot is null"}, nil},
		{"snapshot fifo", "check --as-of 2026-11-20 --snapshot {D}/snap/fifo.json {D}/ok", "", 2, []string{"FIFO"}, nil},
		{"snapshot /dev/zero", "check --as-of 2026-11-20 --snapshot /dev/zero {D}/ok", "", 2, []string{"character device"}, nil},
		{"snapshot folder", "check --as-of 2026-11-20 --snapshot {D}/snap {D}/ok", "", 2, []string{"a directory"}, nil},
		{"snapshot missing", "check --as-of 2026-11-20 --snapshot {D}/snap/missing.json {D}/ok", "", 2, []string{"no such file"}, nil},
		{"snapshot folder with junk", "check --as-of 2026-11-20 --fail-on none {D}/folder-junk", "", 0, []string{"notes.json is not a snapshot", "zzz-fifo.json is not a snapshot", "FIFO", "2026-11-20.json"}, nil},
		{"snapshot folder newest bad", "check --as-of 2026-11-20 {D}/folder-bad", "", 2, []string{"seats.assigned is -1"}, nil},
		{"diff snapshot fifo", "diff --as-of 2026-11-20 --snapshot {D}/snap/fifo.json {D}/ok {D}/ok", "", 2, []string{"FIFO"}, nil},
		{"baseline fifo", "check --as-of 2026-11-20 --baseline {D}/base/fifo.json {D}/ok", "", 2, []string{"FIFO"}, nil},
		{"baseline /dev/zero", "check --as-of 2026-11-20 --baseline /dev/zero {D}/ok", "", 2, []string{"character device"}, nil},
		{"baseline folder", "check --as-of 2026-11-20 --baseline {D}/base {D}/ok", "", 2, []string{"a directory"}, nil},
		{"baseline not json", "check --as-of 2026-11-20 --baseline {D}/base/notjson.json {D}/ok", "", 2, []string{"baseline"}, nil},
		{"baseline empty", "check --as-of 2026-11-20 --baseline {D}/base/empty.json {D}/ok", "", 2, []string{"baseline"}, nil},
		{"previous fifo", "audit --as-of 2026-11-20 --previous {D}/base/fifo.json -o {D}/a.xlsx {D}/ok", "", 2, []string{"FIFO"}, nil},
		{"previous /dev/zero", "audit --as-of 2026-11-20 --previous /dev/zero -o {D}/a.xlsx {D}/ok", "", 2, []string{"character device"}, nil},
		{"check -o inventory file", "check --as-of 2026-11-20 -o {D}/out/main.hcl {D}/out", "", 2, []string{"refusing to write", "input of this run"}, unchanged("out/main.hcl")},
		{"check -o hard link to inventory", "check --as-of 2026-11-20 -o {D}/out-main-link.txt {D}/out", "", 2, []string{"same file as", "main.hcl"}, unchanged("out/main.hcl")},
		{"check -o snapshot read", "check --as-of 2026-11-20 -o {D}/out/.stackaudit/snapshots/2026-11-20.json {D}/out", "", 2, []string{"refusing to write"}, nil},
		{"check -o baseline", "check --as-of 2026-11-20 --baseline {D}/baseline.json -o {D}/baseline.json {D}/ok", "", 2, []string{"refusing to write"}, nil},
		{"check --write-baseline inventory", "check --as-of 2026-11-20 --write-baseline {D}/out/main.hcl {D}/out", "", 2, []string{"refusing to write"}, unchanged("out/main.hcl")},
		{"check -o /dev/null", "check --as-of 2026-11-20 --fail-on none -o /dev/null {D}/ok", "", 0, nil, stillDevice},
		{"audit -o link to snapshot", "audit --as-of 2026-11-20 -o {D}/snap-link.xlsx {D}/out", "", 2, []string{"same file as", "2026-11-20.json"}, nil},
		{"scan -o inventory file", "scan -o {D}/out/main.hcl {D}/out", "", 2, []string{"refusing to write"}, unchanged("out/main.hcl")},
		{"diff -o head inventory", "diff --as-of 2026-11-20 -o {D}/out/main.hcl {D}/ok {D}/out", "", 2, []string{"refusing to write"}, unchanged("out/main.hcl")},
		{"import fifo", "import spreadsheet {D}/import/sheet.csv -o {D}/imported", "", 2, []string{"FIFO"}, nil},
		{"import /dev/zero", "import spreadsheet /dev/zero -o {D}/imported", "", 2, []string{"character device"}, nil},
		{"read-only output folder", "check --as-of 2026-11-20 --fail-on none -o /proc/stackaudit-report.txt {D}/ok", "", 2, []string{"/proc"}, nil},
	}...)
	// A failed tool's error is in the summary on stdout and in the
	// snapshot written with --allow-partial, which the reader must accept.
	scanned := func(rel string, words ...string) func(t *testing.T, d string) {
		return func(t *testing.T, d string) {
			snap, err := usage.Read(filepath.Join(d, rel))
			if err != nil {
				t.Fatalf("the snapshot written is refused: %v", err)
			}
			u := snap.Tools["vendor"]
			if u == nil || u.Status != usage.StatusError {
				t.Fatalf("the tool is not recorded as failed: %+v", u)
			}
			for _, w := range words {
				if !strings.Contains(u.Error, w) {
					t.Errorf("the snapshot's error %q lacks %q", u.Error, w)
				}
			}
		}
	}
	cases = append(cases, []hostileCase{
		{"scan vendor listing users forever", "scan --max-users 5000 --rate http=10000 -o {D}/forever.json {D}/http-forever", "", 3, []string{"1 scan failed", "no snapshot written"}, nil},
		{"scan vendor listing users forever, partial", "scan --allow-partial --max-users 5000 --rate http=10000 -o {D}/forever.json {D}/http-forever", "", 0, nil,
			scanned("forever.json", "GET /forever", "stopped after 5,000 users", "--max-users")},
		{"scan 8 MiB next link", "scan --allow-partial --rate http=10000 -o {D}/bigcursor.json {D}/http-bigcursor", "", 0, nil,
			scanned("bigcursor.json", "GET /bigcursor", "page cursor longer than 8192 bytes")},
		{"scan looping cursor", "scan --allow-partial --rate http=10000 -o {D}/loop.json {D}/http-loop", "", 0, nil,
			scanned("loop.json", "GET /loop", "page cursor it had already returned")},
		{"scan deadline", "scan --deadline 1s --timeout 10m -o {D}/hang.json {D}/http-hang", "", 3, []string{"Deadline: the scan stopped after --deadline 1s", "no snapshot written"}, nil},
		{"scan deadline, partial", "scan --allow-partial --deadline 1s --timeout 10m -o {D}/hang.json {D}/http-hang", "", 0, nil,
			scanned("hang.json", "the run's deadline passed (--deadline) after 1s", "GET /hang")},
		{"scan jq string blow-up", "scan --allow-partial -o {D}/jq.json {D}/http-jq", "", 0, nil,
			scanned("jq.json", "GET /forever", "the users expression yields a value larger than 64 KiB")},
	}...)
	// Flags and names that gave pointless waits or forged lines.
	cases = append(cases, []hostileCase{
		{"scan --rate below the minimum", "scan --rate hubspot=0.01 {D}/ok", "", 2, []string{"--rate hubspot", "from 0.1 (one every 10s) to 10000"}, nil},
		{"scan --rate 1e-300", "scan --rate hubspot=1e-300 {D}/ok", "", 2, []string{"--rate hubspot", "from 0.1"}, nil},
		{"scan --rate NaN", "scan --rate hubspot=NaN {D}/ok", "", 2, []string{"--rate hubspot", "from 0.1"}, nil},
		{"validate newline in a file name", "validate {D}/ctlname", "", 2, []string{`a\nError: forged.hcl line 3`}, nil},
		{"validate escape in a file name", "validate {D}/escname", "", 2, []string{`b\x1b[2K\r.hcl line 2`}, nil},
	}...)
	cases = append(cases, moreHostileCases(t, d, write, fifo, link, inv, snapshot)...)
	cases = append(cases, vendorHostileCases(t, d, write)...)
	if len(cases) < 125 {
		t.Fatalf("the corpus holds %d cases; issue 16 asks for at least 120", len(cases))
	}
	t.Logf("%d hostile cases", len(cases))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, stderr, rss, cpu := runHostile(t, bin, strings.ReplaceAll(c.args, "{D}", d), c.stdin)
			if code != c.exit {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, c.exit, stderr)
			}
			flat := strings.Join(strings.Fields(stderr), " ") // messages wrap
			for _, w := range c.words {
				if !strings.Contains(flat, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			if rss > hostileMaxRSS {
				t.Errorf("the process grew to %d MiB", rss>>20)
			}
			if cpu > hostileMaxCPU {
				t.Errorf("the process used %s of CPU", cpu.Round(time.Millisecond))
			}
			if c.after != nil {
				c.after(t, d)
			}
		})
	}
}

// hostileVendor answers like vendors that never stop: /forever lists
// 1,000 new users a page without end, /bigcursor links to a next page
// with an 8 MiB URL, /loop links back to itself, /hang never answers.
func hostileVendor() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/forever", func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		var b strings.Builder
		b.WriteString(`{"users": [`)
		for i := range 1000 {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id": "u%d-%d"}`, page, i)
		}
		fmt.Fprintf(&b, `], "next": "%d"}`, page+1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, b.String())
	})
	mux.HandleFunc("/bigcursor", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", "</bigcursor?c="+strings.Repeat("c", 8<<20)+`>; rel="next"`)
		_, _ = io.WriteString(w, `{"users": [{"id": "a"}]}`)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"users": [{"id": "a"}], "next": "/loop?c=1"}`)
	})
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	})
	return mux
}

// runHostile runs the binary under the corpus' deadline and returns its
// exit code, stderr followed by stdout (a scan's table holds the details
// of each failure), and peak resident memory in bytes.
func runHostile(t *testing.T, bin, args, stdin string) (int, string, int64, time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hostileDeadline)
	defer cancel()
	// Leading NAME=value words are the child's environment, as in a shell.
	fields := strings.Fields(args)
	env := append(os.Environ(), "NO_COLOR=1")
	for len(fields) > 0 && strings.Contains(fields[0], "=") && !strings.HasPrefix(fields[0], "-") {
		env = append(env, fields[0])
		fields = fields[1:]
	}
	cmd := exec.CommandContext(ctx, bin, fields...)
	cmd.Env = env
	var stderr, stdout bytes.Buffer
	cmd.Stderr, cmd.Stdout = &stderr, &stdout
	if stdin != "" {
		f, err := os.Open(stdin)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cmd.Stdin = f
	}
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("still running after %s (a hang): %s", hostileDeadline, args)
	}
	var rss int64
	var cpu time.Duration
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			rss = ru.Maxrss << 10 // KiB on Linux
		}
		cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	var ee *exec.ExitError
	out := stderr.String() + stdout.String()
	switch {
	case err == nil:
		return 0, out, rss, cpu
	case errors.As(err, &ee):
		return ee.ExitCode(), out, rss, cpu
	}
	t.Fatal(err)
	return 0, "", 0, 0
}
