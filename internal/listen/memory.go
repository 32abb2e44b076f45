package listen

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash/maphash"
	"sync"
	"time"
)

// DefaultMemory is how many deliveries a Seen remembers at most: past
// it, the oldest is forgotten, so a long-running listen stops growing.
const DefaultMemory = 100_000

// Seen remembers the replay keys (nonces, delivery ids, body hashes) of
// the deliveries answered 2xx in one run, so the same delivery sent again
// is caught; keys of a delivery being answered are held meanwhile. A
// delivery that failed, was refused by the app or never reached it is not
// remembered: the vendor's redelivery is accepted. It keeps at most Max
// deliveries (0: DefaultMemory), forgets a timestamped one once its
// signature has expired, and is safe for concurrent use. The zero value
// is ready to use.
type Seen struct {
	// Max is how many deliveries are remembered at most (0: DefaultMemory).
	Max int

	mu sync.Mutex
	// keys says when each key is forgotten (0: only for room), or that
	// it is held by a delivery being answered: one map, one lookup a key.
	keys map[memKey]stamp
	// ring is the keys remembered, oldest first from head, a delivery's
	// one after another; no pointers, so the collector does not look
	// into it.
	ring       []memEntry
	head, size int // in entries
	n          int // deliveries remembered
}

// stamp is a time in Unix nanoseconds, 0 for none: a third of a
// time.Time's size, for the 100,000 deliveries remembered.
type stamp int64

// held marks a key of a delivery being answered.
const held stamp = -1

func stampOf(t time.Time) stamp {
	if t.IsZero() {
		return 0
	}
	return stamp(t.UnixNano())
}

// live reports whether a key forgotten at s is still remembered at now.
func (s stamp) live(now time.Time) bool { return s == 0 || now.UnixNano() < int64(s) }

// memKey is a replay key's hash: a fixed 16 bytes however long the key.
type memKey [16]byte

// memEntry is one remembered key and when it is forgotten, the first of
// a delivery's keys marked by its stamp's bits turned over (a stamp is
// never negative): 24 bytes a key.
type memEntry struct {
	key  memKey
	mark stamp
}

func newMemEntry(k memKey, until stamp, first bool) memEntry {
	if first {
		until = ^until
	}
	return memEntry{key: k, mark: until}
}

func (e memEntry) first() bool { return e.mark < 0 }

func (e memEntry) until() stamp {
	if e.mark < 0 {
		return ^e.mark
	}
	return e.mark
}

// keySeeds key the replay keys' hashes: 128 bits from two 64-bit hashes
// with seeds of this run, so no sender can aim at a collision. Labels and
// bodies are hashed with seeds of their own, so a label is never taken
// for a body.
var keySeeds = [4]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed(), maphash.MakeSeed(), maphash.MakeSeed()}

func hashKey(k string) memKey {
	var m memKey
	binary.LittleEndian.PutUint64(m[:8], maphash.String(keySeeds[0], k))
	binary.LittleEndian.PutUint64(m[8:], maphash.String(keySeeds[1], k))
	return m
}

func bodyKey(b []byte) memKey {
	var m memKey
	binary.LittleEndian.PutUint64(m[:8], maphash.Bytes(keySeeds[2], b))
	binary.LittleEndian.PutUint64(m[8:], maphash.Bytes(keySeeds[3], b))
	return m
}

// bodyLabel names a body in a message, by the start of its SHA-256 (which
// a user can compute; the key's hash is this run's own).
func bodyLabel(b []byte) string {
	sum := sha256.Sum256(b)
	return "the same signed body (sha256 " + hex.EncodeToString(sum[:6]) + "…)"
}

// Claim holds a delivery's replay keys while it is being answered. A nil
// Claim does nothing.
type Claim struct {
	s     *Seen
	keys  []memKey
	now   time.Time
	until time.Time
	done  bool
}

// claim returns what names the first key already remembered or held
// (and no claim), else a claim that holds the keys: one per label, and
// one for body unless it is nil.
func (s *Seen) claim(labels []string, body []byte, now, until time.Time) (*Claim, string) {
	if len(labels) == 0 && body == nil {
		return nil, ""
	}
	keys := make([]memKey, len(labels), len(labels)+1)
	for i, l := range labels {
		keys[i] = hashKey(l)
	}
	if body != nil {
		keys = append(keys, bodyKey(body))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, k := range keys {
		if st, ok := s.keys[k]; ok && (st == held || st.live(now)) {
			if i < len(labels) {
				return nil, labels[i]
			}
			return nil, bodyLabel(body)
		}
	}
	if s.keys == nil {
		s.keys = map[memKey]stamp{}
	}
	for _, k := range keys {
		s.keys[k] = held
	}
	return &Claim{s: s, keys: keys, now: now, until: until}, ""
}

// Commit remembers the delivery: it was answered 2xx.
func (c *Claim) Commit() {
	if c == nil || c.done {
		return
	}
	c.done = true
	s := c.s
	s.mu.Lock()
	defer s.mu.Unlock()
	s.remember(c.keys, stampOf(c.until), c.now)
}

// Release forgets the delivery: it was not answered 2xx, so the same one
// is accepted again.
func (c *Claim) Release() {
	if c == nil || c.done {
		return
	}
	c.done = true
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	for _, k := range c.keys {
		if c.s.keys[k] == held {
			delete(c.s.keys, k)
		}
	}
}

// remember adds one delivery's keys, forgetting expired deliveries at
// the head and the oldest when full. s.mu is held.
func (s *Seen) remember(keys []memKey, until stamp, now time.Time) {
	limit := s.Max
	if limit <= 0 {
		limit = DefaultMemory
	}
	if s.keys == nil {
		s.keys = map[memKey]stamp{}
	}
	if len(keys) == 0 {
		return
	}
	for s.n > 0 && (s.n >= limit || !s.ring[s.head].until().live(now)) {
		s.forgetOldest()
	}
	if s.size+len(keys) > len(s.ring) {
		// Grow the ring as deliveries come: at most about the keys of
		// limit deliveries.
		grown := make([]memEntry, max(64, 2*len(s.ring), s.size+len(keys)))
		for i := range s.size {
			grown[i] = s.ring[(s.head+i)%len(s.ring)]
		}
		s.ring, s.head = grown, 0
	}
	for i, k := range keys {
		s.ring[(s.head+s.size)%len(s.ring)] = newMemEntry(k, until, i == 0)
		s.size++
		s.keys[k] = until
	}
	s.n++
}

// forgetOldest drops the oldest delivery's keys, unless a later delivery
// remembered the same key again (or holds it).
func (s *Seen) forgetOldest() {
	for i := 0; s.size > 0 && (i == 0 || !s.ring[s.head].first()); i++ {
		e := s.ring[s.head]
		if until, ok := s.keys[e.key]; ok && until == e.until() {
			delete(s.keys, e.key)
		}
		s.head = (s.head + 1) % len(s.ring)
		s.size--
	}
	s.n--
}

// Len is how many deliveries are remembered.
func (s *Seen) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}
