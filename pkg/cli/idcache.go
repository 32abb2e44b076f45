package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"time"

	"github.com/hookctl/hookctl/pkg/config"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// idCacheTTL is how long a cached id list answers completion before a live
// lookup replaces it.
const idCacheTTL = 60 * time.Second

// idCache is the completion cache of one profile's webhooks, kept in
// $XDG_CACHE_HOME/hookctl/ids-<profile>.json.
type idCache struct {
	// Source says which backend the ids came from, so a profile of the same
	// name in another config file (or pointing elsewhere) does not reuse them.
	Source string      `json:"source"`
	Saved  time.Time   `json:"saved"`
	IDs    []idCacheID `json:"ids"`
}

// idCacheID is one cached webhook: its id, and its URL shown as the
// completion's description.
type idCacheID struct {
	ID  string `json:"id"`
	URL string `json:"url,omitempty"`
}

// rememberIDs refreshes the completion cache of the profile's ids. Failures
// are ignored: the cache only makes completion faster.
func (f *Factory) rememberIDs(ws []webhook.Webhook) {
	p, err := f.Profile()
	if err != nil {
		return
	}
	c := idCache{Source: f.idSource(p), Saved: time.Now().UTC(), IDs: make([]idCacheID, 0, len(ws))}
	for _, w := range ws {
		c.IDs = append(c.IDs, idCacheID{ID: w.ID, URL: w.URL})
	}
	_ = writeIDCache(f.idCachePath(p.Name), &c)
}

// forgetIDs drops the completion cache after a change, so the next
// completion looks the ids up afresh.
func (f *Factory) forgetIDs() {
	p, err := f.Profile()
	if err != nil {
		return
	}
	_ = os.Remove(f.idCachePath(p.Name))
}

// cachedIDs returns the profile's cached ids while they are fresh.
func (f *Factory) cachedIDs(p config.Profile, now time.Time) ([]idCacheID, bool) {
	b, err := os.ReadFile(f.idCachePath(p.Name))
	if err != nil {
		return nil, false
	}
	var c idCache
	if json.Unmarshal(b, &c) != nil || c.Source != f.idSource(p) {
		return nil, false
	}
	if age := now.Sub(c.Saved); age < 0 || age > idCacheTTL {
		return nil, false
	}
	return c.IDs, true
}

func (f *Factory) idCachePath(profile string) string {
	return filepath.Join(config.CacheDir(f.Getenv), "ids-"+profile+".json")
}

// idSource identifies where a profile's webhooks live: the config file, the
// dialect and base URL, and for the built-in sandbox its state directory.
// It holds no credential.
func (f *Factory) idSource(p config.Profile) string {
	src := config.Path(f.Opts.ConfigPath, f.Getenv) + "|" + p.Name + "|" + p.Dialect + "|" + p.BaseURL + "|" + p.Company
	if p.Builtin {
		src += "|" + config.StateDir(f.Getenv)
	}
	return src
}

// writeIDCache writes the cache atomically (a temporary file renamed into
// place), readable by the user alone: callback URLs may be private.
func writeIDCache(path string, c *idCache) error {
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".ids-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
