package auth

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter slows down password guessing: each key (an e-mail address, a client address) gets a
// small burst of attempts that refills slowly. It lives in memory; a restart forgets it, which
// only gives an attacker one fresh burst per restart.
type Limiter struct {
	mu      sync.Mutex
	every   time.Duration
	burst   int
	buckets map[string]*bucket
	now     func() time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// NewLimiter allows burst attempts per key, refilling one every `every`.
func NewLimiter(burst int, every time.Duration) *Limiter {
	return &Limiter{every: every, burst: burst, buckets: map[string]*bucket{}, now: time.Now}
}

// Allow takes one attempt for key and reports whether it is allowed now.
func (l *Limiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) > 10000 {
			l.sweep(now)
		}
		b = &bucket{lim: rate.NewLimiter(rate.Every(l.every), l.burst)}
		l.buckets[key] = b
	}
	b.seen = now
	return b.lim.AllowN(now, 1)
}

// Blocked reports whether key has no attempt left right now, without using one: sign-in asks
// this first and spends an attempt only on a failure, so an office behind one address can sign
// in at nine o'clock while guessing is still slowed down.
func (l *Limiter) Blocked(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	return ok && b.lim.TokensAt(l.now()) < 1
}

// Reset forgets a key, after a successful sign-in for instance.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	delete(l.buckets, key)
	l.mu.Unlock()
}

// sweep drops buckets that have refilled completely, so the map cannot grow without bound.
func (l *Limiter) sweep(now time.Time) {
	full := time.Duration(l.burst) * l.every
	for k, b := range l.buckets {
		if now.Sub(b.seen) > full {
			delete(l.buckets, k)
		}
	}
}
