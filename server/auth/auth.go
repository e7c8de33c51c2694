// Package auth holds the rules of who may do what in Kring: password hashing, secret tokens,
// the four roles, the permission table and the login rate limiter. It knows nothing of HTTP or
// SQL, so every rule can be tested on its own and the handlers only ask it questions.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/alexedwards/argon2id"
)

// ErrWeakPassword is returned for passwords that are too short or too long, so forms can show
// the rule next to the field.
var ErrWeakPassword = errors.New("password must be 10 to 200 characters")

// MinPasswordLen is the shortest password Kring accepts; long passphrases beat complex rules.
const MinPasswordLen = 10

// Hasher hashes and checks passwords with argon2id. Each hash holds its memory cost (64 MiB in
// production) while it runs, so the hasher lets only a few run at once: a burst of sign-ins
// waits for a slot instead of taking the server's memory, and past a short wait is refused
// with ErrBusy. Its cost is a field so tests can use a cheap setting.
type Hasher struct {
	params *argon2id.Params
	slots  chan struct{}
	wait   time.Duration

	done    atomic.Int64 // hashes finished, for /metrics and the sign-in concurrency test
	running atomic.Int64
	peak    atomic.Int64
}

// ErrBusy is returned when every hashing slot stayed taken for the whole wait: the request is
// answered with 429 and a "try again in a moment", and nothing was checked.
var ErrBusy = errors.New("auth: too many password checks at once")

// HashBudget is the memory all running password hashes may use together. With 64 MiB per
// hash that is 4 at once; the server's memory stays bounded whatever arrives.
const HashBudget = 256 << 20

// HasherConfig sets a hasher's cost and bound; NewHasher and NewTestHasher fill it in.
type HasherConfig struct {
	MemoryKiB uint32        // argon2id memory per hash
	Slots     int           // hashes at once; 0: HashBudget / memory, between 1 and 4
	Wait      time.Duration // how long a hash waits for a slot before ErrBusy; 0: 3 s
}

// NewHasherWith builds a hasher from cfg; tests use it to choose a slot count and a cost.
func NewHasherWith(cfg HasherConfig) *Hasher {
	if cfg.Slots <= 0 {
		cfg.Slots = min(max(int(HashBudget/(uint64(cfg.MemoryKiB)<<10)), 1), 4)
	}
	if cfg.Wait <= 0 {
		cfg.Wait = 3 * time.Second
	}
	return &Hasher{
		params: &argon2id.Params{
			Memory:      cfg.MemoryKiB,
			Iterations:  1,
			Parallelism: uint8(min(runtime.NumCPU(), 4)),
			SaltLength:  16,
			KeyLength:   32,
		},
		slots: make(chan struct{}, cfg.Slots),
		wait:  cfg.Wait,
	}
}

// NewHasher returns the production hasher: argon2id with 64 MiB memory and one pass, the
// RFC 9106 second recommendation, tuned for a 2-core server; 4 hashes at once.
func NewHasher() *Hasher { return NewHasherWith(HasherConfig{MemoryKiB: 64 * 1024}) }

// NewTestHasher returns a cheap hasher for tests only: the same algorithm and format, so a
// hash made by either verifies with both.
func NewTestHasher() *Hasher {
	h := NewHasherWith(HasherConfig{MemoryKiB: 1024, Slots: 4})
	h.params.Parallelism = 1
	return h
}

// HashStats is what the hasher has done, for /metrics and tests.
type HashStats struct {
	Done    int64 // hashes finished since start
	Running int64 // hashes running now
	Peak    int64 // most hashes ever running at once
}

// Stats reports the hasher's counters.
func (h *Hasher) Stats() HashStats {
	return HashStats{Done: h.done.Load(), Running: h.running.Load(), Peak: h.peak.Load()}
}

// Slots is how many hashes may run at once.
func (h *Hasher) Slots() int { return cap(h.slots) }

// gate runs fn in a hashing slot, waiting at most h.wait for one.
func (h *Hasher) gate(fn func()) error {
	t := time.NewTimer(h.wait)
	defer t.Stop()
	select {
	case h.slots <- struct{}{}:
	case <-t.C:
		return ErrBusy
	}
	n := h.running.Add(1)
	for {
		p := h.peak.Load()
		if n <= p || h.peak.CompareAndSwap(p, n) {
			break
		}
	}
	defer func() {
		h.running.Add(-1)
		h.done.Add(1)
		<-h.slots
	}()
	fn()
	return nil
}

// CheckPasswordRules validates a new password before it is hashed.
func CheckPasswordRules(pw string) error {
	n := len([]rune(pw))
	if n < MinPasswordLen || n > 200 {
		return ErrWeakPassword
	}
	return nil
}

// Hash returns the encoded argon2id hash (PHC string with its own salt and parameters), or
// ErrBusy when no hashing slot came free in time.
func (h *Hasher) Hash(pw string) (string, error) {
	var s string
	var err error
	if gerr := h.gate(func() { s, err = argon2id.CreateHash(pw, h.params) }); gerr != nil {
		return "", gerr
	}
	if err != nil {
		return "", fmt.Errorf("auth: hash password: %w", err)
	}
	return s, nil
}

// Verify reports whether pw matches the stored hash. A malformed hash is an error, not a
// mismatch, so a corrupted row is noticed in the logs; ErrBusy when no slot came free.
func (h *Hasher) Verify(pw, hash string) (bool, error) {
	if hash == "" {
		// A person who only signs in with a work account has no password: never a match,
		// after the same work as a real check (and within the same slots).
		if err := h.DummyVerify(pw); err != nil {
			return false, err
		}
		return false, nil
	}
	var ok bool
	var err error
	if gerr := h.gate(func() { ok, err = argon2id.ComparePasswordAndHash(pw, hash) }); gerr != nil {
		return false, gerr
	}
	if err != nil {
		return false, fmt.Errorf("auth: verify password: %w", err)
	}
	return ok, nil
}

// DummyVerify spends the same time and memory as a real check, in the same slots, so an
// unknown e-mail address cannot be told apart from a wrong password by timing and cannot be
// used to get around the bound; ErrBusy when no slot came free.
func (h *Hasher) DummyVerify(pw string) error {
	return h.gate(func() { _, _ = argon2id.CreateHash(pw, h.params) })
}

// NewToken returns a random URL-safe secret of 32 bytes: session ids, invite and setup links.
func NewToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		// crypto/rand never fails on Linux; if it does, nothing secret can be made safely.
		panic(fmt.Sprintf("auth: crypto/rand failed: %v", err))
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is what the database keeps of a secret token: a stolen database file then holds
// no usable session or invite.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}
