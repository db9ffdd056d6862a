package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// buildVersion is what version prints: the values the release build stamps
// with -ldflags, else what the Go toolchain recorded under `go install
// module@version` or a build in a git checkout.
type buildVersion struct {
	Version string `json:"version"`
	Commit  string `json:"commit"`
	// Modified is a build from a working tree with uncommitted changes.
	Modified bool   `json:"modified,omitempty"`
	Go       string `json:"go"`
}

// currentVersion reads the stamped values and the binary's build info.
func currentVersion() buildVersion {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		info = nil
	}
	return resolveVersion(version, commit, info)
}

// resolveVersion prefers the -ldflags stamp ("dev"/"unknown" mean none)
// and fills what it lacks from the build info: the module version that go
// install resolved, the vcs.revision and vcs.modified of a git build.
func resolveVersion(stamped, stampedCommit string, info *debug.BuildInfo) buildVersion {
	v := buildVersion{Version: stamped, Commit: stampedCommit, Go: runtime.Version()}
	if info == nil {
		return v
	}
	if info.GoVersion != "" {
		v.Go = info.GoVersion
	}
	if v.Version == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
		v.Version = info.Main.Version
	}
	if v.Commit == "unknown" {
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				v.Commit = s.Value
			case "vcs.modified":
				v.Modified = s.Value == "true"
			}
		}
	}
	return v
}

func (v buildVersion) String() string {
	c := v.Commit
	if v.Modified {
		c += ", modified"
	}
	return fmt.Sprintf("%s (commit %s, %s)", v.Version, c, v.Go)
}

func newVersionCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Long: `Print the version and commit: those a release build stamps, else those the
Go toolchain recorded (go install stackaudit@VERSION, or a build in a git
checkout, which adds ", modified" when the tree had uncommitted changes).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			v := currentVersion()
			switch enumValue(format) {
			case "text":
				fmt.Fprintf(e.stdout, "stackaudit %s\n", v)
				return nil
			case "json":
				return writeJSON(e.stdout, v)
			}
			return usagef("unknown --format %q for version: use text or json", format)
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return cmd
}
