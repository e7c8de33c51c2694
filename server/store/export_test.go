package store

// SessionReads is how many times SessionUser asked the database (cache misses), for the
// session cache's tests.
func (s *Store) SessionReads() uint64 { return s.sessions.reads.Load() }
