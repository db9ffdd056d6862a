package main

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestResolveVersion: the -ldflags stamp wins; without it, go install's
// module version and the git build's revision and modified flag.
func TestResolveVersion(t *testing.T) {
	installed := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "github.com/stackaudit/stackaudit", Version: "v1.2.3"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.modified", Value: "true"}}}
	checkout := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "def456"}, {Key: "vcs.modified", Value: "false"}}}
	tests := []struct {
		name            string
		stamped, commit string
		info            *debug.BuildInfo
		want            buildVersion
		text            string
	}{
		{"release build", "v1.0.0", "0123abc", installed,
			buildVersion{Version: "v1.0.0", Commit: "0123abc", Go: "go1.26.0"}, "v1.0.0 (commit 0123abc, go1.26.0)"},
		{"go install module@version", "dev", "unknown", installed,
			buildVersion{Version: "v1.2.3", Commit: "abc123", Modified: true, Go: "go1.26.0"}, "v1.2.3 (commit abc123, modified, go1.26.0)"},
		{"go build in a checkout", "dev", "unknown", checkout,
			buildVersion{Version: "dev", Commit: "def456", Go: "go1.26.0"}, "dev (commit def456, go1.26.0)"},
		{"no build info", "dev", "unknown", nil,
			buildVersion{Version: "dev", Commit: "unknown", Go: resolveVersion("", "", nil).Go}, "dev (commit unknown, " + resolveVersion("", "", nil).Go + ")"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := resolveVersion(tt.stamped, tt.commit, tt.info)
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
			if got.String() != tt.text {
				t.Errorf("text %q, want %q", got.String(), tt.text)
			}
		})
	}
}

// TestVersionBuilds builds the real binary twice: stamped as .goreleaser.yaml
// does, and plainly in this git checkout, where the toolchain records the
// revision.
func TestVersionBuilds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	build := func(name string, args ...string) string {
		bin := filepath.Join(dir, name)
		cmd := exec.Command("go", append(append([]string{"build", "-o", bin}, args...), ".")...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		out, err := exec.Command(bin, "version").Output()
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	stamped := build("stamped", "-ldflags", "-X main.version=v9.8.7 -X main.commit=feedbeef")
	if !strings.HasPrefix(stamped, "stackaudit v9.8.7 (commit feedbeef, go1.") {
		t.Errorf("stamped build says %q", stamped)
	}
	// Whether the toolchain records vcs.revision depends on -buildvcs
	// (GOFLAGS here may say false): the binary must report what it
	// recorded, or "unknown".
	plain := build("plain", "-buildvcs=auto")
	meta, err := exec.Command("go", "version", "-m", filepath.Join(dir, "plain")).Output()
	if err != nil {
		t.Fatal(err)
	}
	rev := "unknown"
	if m := regexp.MustCompile(`\bvcs\.revision=(\S+)`).FindSubmatch(meta); m != nil {
		rev = string(m[1])
	}
	// With VCS information Go also stamps the module's pseudo-version
	// (v0.0.0-DATE-REV); without, the module is "(devel)", shown as dev.
	ver := "dev"
	if m := regexp.MustCompile(`(?m)^\s*mod\s+\S+\s+(\S+)`).FindSubmatch(meta); m != nil && string(m[1]) != "(devel)" {
		ver = string(m[1])
	}
	want := regexp.MustCompile(`^stackaudit ` + regexp.QuoteMeta(ver) + ` \(commit ` + rev + `(, modified)?, go1\.`)
	if !want.MatchString(plain) {
		t.Errorf("plain build says %q, want it to match %s", plain, want)
	}
}
