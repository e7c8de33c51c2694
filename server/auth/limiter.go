package auth

import (
	"sync"
	"time"
)

// Limiter slows down password guessing: each key (an e-mail address, a client address) gets a
// small burst of attempts that refills slowly. It lives in memory; a restart forgets it, which
// only gives an attacker one fresh burst per restart.
//
// An attempt is taken with Take before the password is checked, under the limiter's lock, so
// parallel requests cannot all see a free attempt and then all be checked; an attempt that
// turns out not to need counting (a successful sign-in) is given back with Refund.
type Limiter struct {
	mu      sync.Mutex
	every   time.Duration
	burst   int
	buckets map[string]*bucket
	now     func() time.Time
}

// bucket is one key's token bucket: tokens left at the time `at`.
type bucket struct {
	tokens float64
	at     time.Time
}

// NewLimiter allows burst attempts per key, refilling one every `every`.
func NewLimiter(burst int, every time.Duration) *Limiter {
	return &Limiter{every: every, burst: burst, buckets: map[string]*bucket{}, now: time.Now}
}

// refill brings b's tokens up to now; the caller holds the lock.
func (l *Limiter) refill(b *bucket, now time.Time) {
	if d := now.Sub(b.at); d > 0 {
		b.tokens = min(float64(l.burst), b.tokens+float64(d)/float64(l.every))
		b.at = now
	}
}

// Take uses one attempt for key and reports whether one was left. The check and the use are
// one step: of N parallel callers on a fresh key, exactly min(N, burst) get true.
func (l *Limiter) Take(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) > 10000 {
			l.sweep(now)
		}
		b = &bucket{tokens: float64(l.burst), at: now}
		l.buckets[key] = b
	}
	l.refill(b, now)
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// Refund gives back an attempt taken with Take that should not count: an office behind one
// address signs in at nine o'clock while failed guesses from it are still slowed down.
func (l *Limiter) Refund(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b, ok := l.buckets[key]; ok {
		l.refill(b, l.now())
		b.tokens = min(float64(l.burst), b.tokens+1)
	}
}

// Blocked reports whether key has no attempt left right now, without using one; pages use it
// to say so before a form is even sent. It is no guard by itself: use Take before a check.
func (l *Limiter) Blocked(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		return false
	}
	l.refill(b, l.now())
	return b.tokens < 1
}

// Reset forgets a key, after a successful sign-in for instance.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	delete(l.buckets, key)
	l.mu.Unlock()
}

// sweep drops buckets that have refilled completely, so the map cannot grow without bound.
func (l *Limiter) sweep(now time.Time) {
	for k, b := range l.buckets {
		l.refill(b, now)
		if b.tokens >= float64(l.burst) {
			delete(l.buckets, k)
		}
	}
}
