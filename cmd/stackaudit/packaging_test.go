package main

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

func readYAML(t *testing.T, path string, v any) []byte {
	t.Helper()
	src := readFile(t, path)
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return src
}

// TestGoreleaserConfig checks .goreleaser.yaml's structure where goreleaser
// itself is not run (see docs/ci.md): the six platforms, the ldflags that
// version reads, and archive names that the Action and the GitLab template
// download.
func TestGoreleaserConfig(t *testing.T) {
	type format struct {
		Goos    string   `yaml:"goos"`
		Formats []string `yaml:"formats"`
	}
	var cfg struct {
		Version     int    `yaml:"version"`
		ProjectName string `yaml:"project_name"`
		Before      struct {
			Hooks []string `yaml:"hooks"`
		} `yaml:"before"`
		Builds []struct {
			ID           string   `yaml:"id"`
			Main         string   `yaml:"main"`
			Binary       string   `yaml:"binary"`
			Env          []string `yaml:"env"`
			Goos         []string `yaml:"goos"`
			Goarch       []string `yaml:"goarch"`
			Flags        []string `yaml:"flags"`
			Ldflags      []string `yaml:"ldflags"`
			ModTimestamp string   `yaml:"mod_timestamp"`
		} `yaml:"builds"`
		Archives []struct {
			ID              string   `yaml:"id"`
			IDs             []string `yaml:"ids"`
			NameTemplate    string   `yaml:"name_template"`
			Formats         []string `yaml:"formats"`
			FormatOverrides []format `yaml:"format_overrides"`
			Files           []string `yaml:"files"`
		} `yaml:"archives"`
		Checksum struct {
			NameTemplate string `yaml:"name_template"`
		} `yaml:"checksum"`
		Changelog map[string]any `yaml:"changelog"`
		Release   map[string]any `yaml:"release"`
	}
	readYAML(t, "../../.goreleaser.yaml", &cfg)
	if cfg.Version != 2 || len(cfg.Builds) != 1 || len(cfg.Archives) != 1 {
		t.Fatalf("want version 2, one build and one archive: %+v", cfg)
	}
	b := cfg.Builds[0]
	if b.Main != "./cmd/stackaudit" || b.Binary != "stackaudit" {
		t.Errorf("build main %q binary %q", b.Main, b.Binary)
	}
	for _, want := range []string{"linux", "darwin", "windows"} {
		if !slices.Contains(b.Goos, want) {
			t.Errorf("goos lacks %s", want)
		}
	}
	if !slices.Equal(b.Goarch, []string{"amd64", "arm64"}) {
		t.Errorf("goarch %v", b.Goarch)
	}
	ld := strings.Join(b.Ldflags, " ")
	// The variables of app.go that version prints.
	for _, want := range []string{"-X main.version={{ .Version }}", "-X main.commit={{ .Commit }}"} {
		if !strings.Contains(ld, want) {
			t.Errorf("ldflags %q lack %q", ld, want)
		}
	}
	a := cfg.Archives[0]
	if a.NameTemplate != "stackaudit_{{ .Os }}_{{ .Arch }}" || !slices.Equal(a.Formats, []string{"tar.gz"}) ||
		len(a.FormatOverrides) != 1 || a.FormatOverrides[0].Goos != "windows" || !slices.Equal(a.FormatOverrides[0].Formats, []string{"zip"}) {
		t.Errorf("archive %+v", a)
	}
	for _, f := range a.Files {
		if _, err := os.Stat("../../" + f); err != nil {
			t.Errorf("archive file %s: %v", f, err)
		}
	}
	action := readFile(t, "../../action.yml")
	gitlab := readFile(t, "../../ci/gitlab/stackaudit.gitlab-ci.yml")
	for name, want := range map[string]string{
		"action.yml": `archive="stackaudit_${os}_${arch}.${ext}"`, "GitLab template": `stackaudit_linux_${arch}.tar.gz`,
	} {
		src := map[string][]byte{"action.yml": action, "GitLab template": gitlab}[name]
		if !bytes.Contains(src, []byte(want)) {
			t.Errorf("%s does not download %s, the archive name of .goreleaser.yaml", name, want)
		}
	}
	if cfg.Checksum.NameTemplate != "checksums.txt" || !bytes.Contains(action, []byte("checksums.txt")) {
		t.Errorf("checksum file %q, which action.yml must verify", cfg.Checksum.NameTemplate)
	}
}

// TestActionAndHooks: action.yml is a composite action whose run steps
// name their shell (composite actions require it) and that uploads the
// SARIF; the pre-commit hooks are the three documented ones.
func TestActionAndHooks(t *testing.T) {
	var action struct {
		Name        string                       `yaml:"name"`
		Description string                       `yaml:"description"`
		Author      string                       `yaml:"author"`
		Branding    map[string]string            `yaml:"branding"`
		Inputs      map[string]map[string]string `yaml:"inputs"`
		Outputs     map[string]map[string]string `yaml:"outputs"`
		Runs        struct {
			Using string `yaml:"using"`
			Steps []struct {
				Name  string            `yaml:"name"`
				ID    string            `yaml:"id"`
				If    string            `yaml:"if"`
				Shell string            `yaml:"shell"`
				Env   map[string]string `yaml:"env"`
				Run   string            `yaml:"run"`
				Uses  string            `yaml:"uses"`
				With  map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"runs"`
	}
	readYAML(t, "../../action.yml", &action)
	if action.Runs.Using != "composite" {
		t.Errorf("runs.using %q", action.Runs.Using)
	}
	var uses []string
	for _, s := range action.Runs.Steps {
		if s.Run != "" && s.Shell == "" {
			t.Errorf("step %q runs a script without a shell", s.Name)
		}
		if s.Run != "" && strings.Contains(s.Run, "${{") {
			t.Errorf("step %q expands an expression inside its script (script injection): pass it through env", s.Name)
		}
		if s.Uses != "" {
			uses = append(uses, s.Uses)
		}
	}
	if !slices.Contains(uses, "github/codeql-action/upload-sarif@v3") {
		t.Errorf("no SARIF upload: %v", uses)
	}
	for _, in := range []string{"path", "version", "fail-on", "baseline", "sarif", "comment", "github-token"} {
		if _, ok := action.Inputs[in]; !ok {
			t.Errorf("action input %s missing", in)
		}
	}

	var hooks []struct {
		ID            string `yaml:"id"`
		Name          string `yaml:"name"`
		Description   string `yaml:"description"`
		Entry         string `yaml:"entry"`
		Language      string `yaml:"language"`
		Files         string `yaml:"files"`
		Exclude       string `yaml:"exclude"`
		PassFilenames bool   `yaml:"pass_filenames"`
	}
	readYAML(t, "../../.pre-commit-hooks.yaml", &hooks)
	var ids []string
	for _, h := range hooks {
		ids = append(ids, h.ID)
		if h.Entry != "stackaudit "+strings.TrimPrefix(h.ID, "stackaudit-") || h.Language != "golang" {
			t.Errorf("hook %s: entry %q language %q", h.ID, h.Entry, h.Language)
		}
	}
	if !slices.Equal(ids, []string{"stackaudit-fmt", "stackaudit-validate", "stackaudit-check"}) {
		t.Errorf("hooks %v", ids)
	}
}

// TestConfigDocExample: the example file of docs/config.md is a valid
// config (parseConfig checks every block, whichever command runs).
func TestConfigDocExample(t *testing.T) {
	src := readFile(t, "../../docs/config.md")
	_, rest, ok := strings.Cut(string(src), "```hcl\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("docs/config.md has no hcl block")
	}
	root := newRootCmd(&env{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}, &globalOptions{})
	check, _, err := root.Find([]string{"check"})
	if err != nil {
		t.Fatal(err)
	}
	settings, err := parseConfig("docs/config.md", []byte(example), check)
	if err != nil {
		t.Fatal(err)
	}
	if len(settings) != 3 { // as_of, fail_on, baseline
		t.Errorf("check gets %d settings from the example, want 3: %+v", len(settings), settings)
	}
}
