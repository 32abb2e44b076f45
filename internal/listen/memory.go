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
	keys    map[memKey]stamp
	queue   []memItem // a ring, oldest first from head
	head, n int
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

// memItem is one remembered delivery's keys, in the order remembered.
type memItem struct {
	keys  []memKey
	until stamp
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
	s.remember(memItem{keys: c.keys, until: stampOf(c.until)}, c.now)
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

// remember adds one delivery, forgetting expired ones at the head and the
// oldest when full. s.mu is held.
func (s *Seen) remember(it memItem, now time.Time) {
	limit := s.Max
	if limit <= 0 {
		limit = DefaultMemory
	}
	if s.keys == nil {
		s.keys = map[memKey]stamp{}
	}
	if len(s.queue) < limit && s.n == len(s.queue) {
		// Grow the ring as deliveries come, up to the limit.
		grown := make([]memItem, min(limit, max(16, 2*len(s.queue))))
		for i := 0; i < s.n; i++ {
			grown[i] = s.queue[(s.head+i)%len(s.queue)]
		}
		s.queue, s.head = grown, 0
	}
	for s.n > 0 {
		old := s.queue[s.head]
		if s.n < len(s.queue) && old.until.live(now) {
			break
		}
		s.forget(old)
		s.queue[s.head] = memItem{}
		s.head = (s.head + 1) % len(s.queue)
		s.n--
	}
	s.queue[(s.head+s.n)%len(s.queue)] = it
	s.n++
	for _, k := range it.keys {
		s.keys[k] = it.until
	}
}

// forget drops an item's keys, unless a later delivery remembered the
// same key again.
func (s *Seen) forget(it memItem) {
	for _, k := range it.keys {
		if until, ok := s.keys[k]; ok && until == it.until {
			delete(s.keys, k)
		}
	}
}

// Len is how many deliveries are remembered.
func (s *Seen) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}
