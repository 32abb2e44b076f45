package cli

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/hookctl/hookctl/internal/atomicfile"
	"github.com/hookctl/hookctl/internal/config"
	"github.com/hookctl/hookctl/pkg/webhook"
)

// idCacheTTL is how long a cached id list answers completion before a live
// lookup replaces it.
const idCacheTTL = 60 * time.Second

// maxIDCandidates caps the ids one TAB offers. Candidates are filtered by the
// typed prefix first, so a shell narrows correctly as the user types; the
// cap only keeps a TAB on an empty word over a large account fast (and
// shells ask before showing more than a few hundred anyway).
const maxIDCandidates = 1000

// The id cache of one profile lives in $XDG_CACHE_HOME/hookctl/ids-<profile>.json
// (the name predates the format: keeping it makes an old JSON cache a miss
// that the next write replaces, rather than a file left behind). It is flat
// text, cheap to write and to scan:
//
//	hookctl-ids 3 <saved, Unix nanoseconds> <source, Go-quoted>\n
//	<id>\t<url>\n
//	...
//
// The source (see idSource) says which backend the ids came from, so a
// profile of the same name in another config file (or pointing elsewhere)
// does not reuse them. Ids never hold a tab or a line break (a webhook whose
// id does is left out); URLs have their control characters escaped (the
// URL is only the candidate's description). Version 3 escapes them: a
// version 2 cache, which may hold them raw, is a miss.
const idCacheMagic = "hookctl-ids 3 "

// rememberIDs refreshes the completion cache of the profile's ids. Failures
// are ignored: the cache only makes completion faster.
func (f *Factory) rememberIDs(ws []webhook.Webhook) {
	p, err := f.Profile()
	if err != nil {
		return
	}
	_ = writeIDCache(f.idCachePath(p.Name), f.idSource(p), time.Now(), ws)
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

// idCacheBuffer is the buffer a cache is read through. A cache of 10,000
// webhooks is about 0.9 MB; read whole, it would cost a fresh page per 4 kB
// (some 220 page faults, about 2.5 ms of a TAB on the development machine:
// docs/performance.md).
const idCacheBuffer = 64 << 10

// cachedIDs opens the profile's id cache and returns it positioned at the
// id lines, after its header, while it is fresh and was written for this
// backend; the caller closes the file. writeIDCache replaces the file by
// rename, so a read never sees it cut short.
func (f *Factory) cachedIDs(p config.Profile, now time.Time) (*bufio.Reader, io.Closer, bool) {
	file, err := os.Open(f.idCachePath(p.Name))
	if err != nil {
		return nil, nil, false
	}
	r := bufio.NewReaderSize(file, idCacheBuffer)
	head, err := r.ReadSlice('\n')
	if err != nil || !freshIDCache(head[:len(head)-1], f.idSource(p), now) {
		file.Close()
		return nil, nil, false
	}
	return r, file, true
}

// freshIDCache checks a cache file's header line (without its line break):
// the format, the source and the age.
func freshIDCache(head []byte, source string, now time.Time) bool {
	if !bytes.HasPrefix(head, []byte(idCacheMagic)) {
		return false
	}
	head = head[len(idCacheMagic):]
	sp := bytes.IndexByte(head, ' ')
	if sp < 0 || string(head[sp+1:]) != strconv.Quote(source) {
		return false
	}
	saved, err := strconv.ParseInt(string(head[:sp]), 10, 64)
	if err != nil {
		return false
	}
	age := now.Sub(time.Unix(0, saved))
	return age >= 0 && age <= idCacheTTL
}

func (f *Factory) idCachePath(profile string) string {
	return filepath.Join(config.CacheDir(f.Getenv), "ids-"+profile+".json")
}

// idSource identifies where a profile's webhooks live: the config file, the
// dialect and base URL, and for the built-in sandbox its state directory.
// It holds no credential: a password in the base URL is left out.
func (f *Factory) idSource(p config.Profile) string {
	src := config.Path(f.Opts.ConfigPath, f.Getenv) + "|" + p.Name + "|" + p.Dialect + "|" + config.StripURLPassword(apiRoot(p))
	// The other keys that say where the webhooks are (a github profile's
	// repo or org, which -R and --org change for one run).
	for _, k := range config.ProfileKeys(p.Dialect) {
		if !k.Secret && k.Name != config.KeyBaseURL {
			src += "|" + k.Name + "=" + p.Get(k.Name)
		}
	}
	if p.Builtin {
		src += "|" + config.StateDir(f.Getenv)
	}
	return src
}

// writeIDCache streams the cache into place atomically (atomicfile),
// readable by the user alone: callback URLs may be private.
func writeIDCache(path, source string, saved time.Time, ws []webhook.Webhook) error {
	return atomicfile.Write(path, func(w *bufio.Writer) error {
		w.WriteString(idCacheMagic)
		w.WriteString(strconv.FormatInt(saved.UnixNano(), 10))
		w.WriteByte(' ')
		w.WriteString(strconv.Quote(source))
		w.WriteByte('\n')
		for _, wh := range ws {
			if wh.ID == "" || strings.ContainsAny(wh.ID, "\t\n\r") {
				continue
			}
			w.WriteString(wh.ID)
			w.WriteByte('\t')
			w.WriteString(flatURL(wh.URL))
			w.WriteByte('\n')
		}
		return nil // Write flushes: bufio keeps the first write error
	})
}

// flatURL is url made safe for a cache line and a completion description:
// one line, its control characters escaped (webhook.Escape), so that a
// backend's escape sequence never reaches the terminal at a TAB, online
// or from the cache.
func flatURL(url string) string {
	return webhook.Escape(url)
}

// idMatcher collects the completion candidates ("id\turl") among ids: those
// starting with prefix and not already given, at most limit of them.
//
// When more match than the cap allows, the candidates offered still include
// the smallest and the largest matching id: the longest common prefix of a
// set of strings is that of its smallest and largest, so a shell that
// inserts the candidates' common prefix inserts no more than all the
// matches share.
type idMatcher struct {
	prefix []byte
	given  []string
	limit  int

	out            []string
	n              int    // matches seen
	minID, maxID   []byte // smallest and largest matching id
	minURL, maxURL []byte
	minIdx, maxIdx int // their index in out, -1 when not offered
	scratch        []byte
}

func newIDMatcher(prefix string, given []string, limit int) *idMatcher {
	return &idMatcher{prefix: []byte(prefix), given: given, limit: limit, minIdx: -1, maxIdx: -1}
}

// scan adds every id line read from r. A line longer than r's buffer is
// no id: it is skipped.
func (m *idMatcher) scan(r *bufio.Reader) {
	for {
		line, err := r.ReadSlice('\n')
		for err == bufio.ErrBufferFull {
			_, err = r.ReadSlice('\n')
			line = nil
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		if len(line) > 0 {
			id, url := line, line[len(line):]
			if tab := bytes.IndexByte(line, '\t'); tab >= 0 {
				id, url = line[:tab], line[tab+1:]
			}
			m.add(id, url)
		}
		if err != nil {
			return
		}
	}
}

// add considers one webhook; it allocates only for an id it offers.
func (m *idMatcher) add(id, url []byte) {
	if len(id) == 0 || !bytes.HasPrefix(id, m.prefix) {
		return
	}
	for _, g := range m.given {
		if string(id) == g {
			return
		}
	}
	m.n++
	idx := -1
	if len(m.out) < m.limit {
		idx = len(m.out)
		m.out = append(m.out, m.candidate(id, url))
	}
	// Copies: id and url point into a read buffer that the next line
	// overwrites.
	if m.n == 1 || bytes.Compare(id, m.minID) < 0 {
		m.minID, m.minURL, m.minIdx = append(m.minID[:0], id...), append(m.minURL[:0], url...), idx
	}
	if m.n == 1 || bytes.Compare(id, m.maxID) > 0 {
		m.maxID, m.maxURL, m.maxIdx = append(m.maxID[:0], id...), append(m.maxURL[:0], url...), idx
	}
}

// candidate is cobra.CompletionWithDesc(id, url) in one allocation.
func (m *idMatcher) candidate(id, url []byte) string {
	m.scratch = append(append(append(m.scratch[:0], id...), '\t'), url...)
	return string(m.scratch)
}

// result returns the candidates, with the smallest and largest matching ids
// among them when the cap cut some off.
func (m *idMatcher) result() []string {
	if m.n <= m.limit || m.limit < 2 {
		return m.out
	}
	slot := len(m.out) - 1
	place := func(id, url []byte) {
		for slot == m.minIdx || slot == m.maxIdx {
			slot--
		}
		m.out[slot] = m.candidate(id, url)
		slot--
	}
	if m.minIdx < 0 {
		place(m.minID, m.minURL)
	}
	if m.maxIdx < 0 {
		place(m.maxID, m.maxURL)
	}
	return m.out
}
