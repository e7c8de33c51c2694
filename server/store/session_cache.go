package store

import (
	"sync"
	"sync/atomic"
	"time"
)

// sessionCacheMax bounds the session cache; when it is full it starts again empty.
const sessionCacheMax = 4096

// sessionCache keeps SessionUser's answers in memory: every signed-in request and every room
// join reads its session, and with the rooms writing all the time each read otherwise
// finds SQLite's page cache emptied by the last commit of another connection (about 40 µs a
// read under load, 20 µs without).
//
// It is never stale. Every store method that writes sessions, users or organisations calls
// authChanged when it returns, after its commit (TestSessionCacheWritesInvalidate runs each
// of them; TestEveryAuthWriteInvalidates finds every such write in the source). A read takes
// the generation before it asks the database and keeps its answer under that generation; a
// hit needs the generation unchanged. So a write that commits before a read's query began
// either bumped before the read took the generation (the read saw the write) or after (the
// entry is never used); a write that commits after the query began bumps after it, so the
// entry is never used either. A hit also checks the expiry against the clock, as the query
// does. Only this process writes these tables while Kring runs; the one other writer, `kring
// admin create`, only adds a person, which changes no session's answer.
type sessionCache struct {
	gen   atomic.Uint64 // bumped by authChanged
	reads atomic.Uint64 // database reads (misses), for tests
	mu    sync.Mutex
	m     map[string]sessionEntry
}

// sessionEntry is one cached answer, valid while the generation is gen and the clock before
// expires (milliseconds, as stored).
type sessionEntry struct {
	gen     uint64
	expires int64
	sess    Session
	user    User
}

// get returns copies of a cached answer that is still valid at now.
func (c *sessionCache) get(h []byte, now time.Time) (*Session, *User, bool) {
	gen := c.gen.Load()
	c.mu.Lock()
	e, ok := c.m[string(h)]
	c.mu.Unlock()
	if !ok || e.gen != gen || e.expires <= ms(now) {
		return nil, nil, false
	}
	sess, u := e.sess, e.user
	sess.IDHash = h
	return &sess, &u, true
}

// put keeps an answer read from the database under gen, the generation taken before the read.
func (c *sessionCache) put(h []byte, gen uint64, expires int64, sess *Session, u *User) {
	if gen != c.gen.Load() {
		return // already outdated
	}
	e := sessionEntry{gen: gen, expires: expires, sess: *sess, user: *u}
	e.sess.IDHash = nil
	c.mu.Lock()
	if c.m == nil || len(c.m) >= sessionCacheMax {
		c.m = make(map[string]sessionEntry, 64)
	}
	c.m[string(h)] = e
	c.mu.Unlock()
}

// authChanged invalidates every cached session answer. Store methods that write sessions,
// users or organisations defer it, so it runs after their commit and before they return.
func (s *Store) authChanged() {
	s.sessions.gen.Add(1)
}
