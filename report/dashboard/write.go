package dashboard

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrNotSite is returned by [Write] for an output folder that holds files
// but no site marker: stackaudit replaces a folder as a whole, so it only
// ever replaces one it wrote.
var ErrNotSite = errors.New("the folder is not empty and is not a stackaudit site")

// CheckTarget reports whether dir may receive a site: it does not exist,
// is empty, or holds a previous site. The command checks before any work.
func CheckTarget(dir string) error {
	fi, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		if _, err := os.Stat(filepath.Dir(filepath.Clean(dir))); err != nil {
			return fmt.Errorf("site folder %s: %w", dir, err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("site folder %s: %w", dir, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("site folder %s: not a folder", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("site folder %s: %w", dir, err)
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dir, Marker)); err != nil {
		return fmt.Errorf("site folder %s: %w (it has no %s file)", dir, ErrNotSite, Marker)
	}
	return nil
}

// Write writes the site to dir atomically: into a temporary folder beside
// it, then renamed into place, so that a reader (or a failed run) never
// sees half a site. A previous site in dir is replaced whole; any other
// non-empty folder is refused with [ErrNotSite].
func Write(dir string, site *Site) (err error) {
	dir = filepath.Clean(dir)
	if err := CheckTarget(dir); err != nil {
		return err
	}
	parent, base := filepath.Split(dir)
	if parent == "" {
		parent = "."
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".new-")
	if err != nil {
		return fmt.Errorf("write site: %w", err)
	}
	defer func() {
		if err != nil {
			_ = os.RemoveAll(tmp)
		}
	}()
	// MkdirTemp makes the folder private; a site is published.
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("write site: %w", err)
	}
	for _, name := range site.Names() {
		path := filepath.Join(tmp, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("write site: %w", err)
		}
		if err := os.WriteFile(path, site.Files[name], 0o644); err != nil {
			return fmt.Errorf("write site: %w", err)
		}
	}
	if _, statErr := os.Stat(dir); errors.Is(statErr, os.ErrNotExist) {
		if err := os.Rename(tmp, dir); err != nil {
			return fmt.Errorf("write site: %w", err)
		}
		return nil
	}
	// Swap: the old site moves aside, the new one takes its name, the old
	// one goes. Should the second rename fail, the old site comes back.
	old, err := os.MkdirTemp(parent, "."+base+".old-")
	if err != nil {
		return fmt.Errorf("write site: %w", err)
	}
	if err := os.Remove(old); err != nil {
		return fmt.Errorf("write site: %w", err)
	}
	if err := os.Rename(dir, old); err != nil {
		return fmt.Errorf("write site: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		if back := os.Rename(old, dir); back != nil {
			return fmt.Errorf("write site: %w (the previous site is in %s)", err, old)
		}
		return fmt.Errorf("write site: %w", err)
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("write site: remove the previous site: %w", err)
	}
	return nil
}
