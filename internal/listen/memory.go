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
// it, the oldest are forgotten, so a long-running listen stops growing.
const DefaultMemory = 100_000

// Seen remembers the replay keys (nonces, delivery ids, body hashes) of
// the deliveries answered 2xx in one run, so the same delivery sent again
// is caught; keys of a delivery being answered are held meanwhile. A
// delivery that failed, was refused by the app or never reached it is not
// remembered: the vendor's redelivery is accepted. It keeps at most Max
// deliveries (0: DefaultMemory) and at least half as many, takes a
// timestamped one for forgotten once its signature has expired, and is
// safe for concurrent use. The zero value is ready to use.
//
// The deliveries are kept in two generations of up to Max/2 each: when
// the newer is full, the older is emptied whole and begun again. No key
// is ever deleted from a generation, so its map never fills with the
// marks deletions leave (which make a Go map double as keys come and
// go); once two generations are full, memory stops growing.
type Seen struct {
	// Max is how many deliveries are remembered at most (0: DefaultMemory;
	// at least 2, a generation of one each).
	Max int

	mu sync.Mutex
	// cur and old say when each key of a delivery answered 2xx is
	// forgotten (0: only for room); curN deliveries are in cur.
	cur, old map[memKey]stamp
	curN     int
	oldN     int
	// held are the keys of the deliveries being answered.
	held map[memKey]struct{}
}

// stamp is a time in Unix nanoseconds, 0 for none: a third of a
// time.Time's size, for the 100,000 deliveries remembered.
type stamp int64

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
		if s.known(k, now) {
			if i < len(labels) {
				return nil, labels[i]
			}
			return nil, bodyLabel(body)
		}
	}
	if s.held == nil {
		s.held = map[memKey]struct{}{}
	}
	for _, k := range keys {
		s.held[k] = struct{}{}
	}
	return &Claim{s: s, keys: keys, until: until}, ""
}

// known reports whether k is held, or remembered and not expired. s.mu
// is held.
func (s *Seen) known(k memKey, now time.Time) bool {
	if _, ok := s.held[k]; ok {
		return true
	}
	if st, ok := s.cur[k]; ok && st.live(now) {
		return true
	}
	st, ok := s.old[k]
	return ok && st.live(now)
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
	for _, k := range c.keys {
		delete(s.held, k)
	}
	s.remember(c.keys, stampOf(c.until))
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
		delete(c.s.held, k)
	}
}

// remember adds one delivery's keys to the newer generation, first
// dropping the older when the newer is full. s.mu is held.
func (s *Seen) remember(keys []memKey, until stamp) {
	limit := s.Max
	if limit <= 0 {
		limit = DefaultMemory
	}
	if s.cur == nil || s.curN >= max(1, limit/2) {
		// The dropped generation's map, emptied, holds the new one: it
		// has the room already, and nothing more is allocated.
		dropped := s.old
		s.old, s.oldN = s.cur, s.curN
		if dropped == nil {
			dropped = make(map[memKey]stamp, len(s.old))
		}
		clear(dropped)
		s.cur, s.curN = dropped, 0
	}
	for _, k := range keys {
		s.cur[k] = until
	}
	s.curN++
}

// Len is how many deliveries are remembered.
func (s *Seen) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.curN + s.oldN
}
