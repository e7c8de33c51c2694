package room

// CodeSessionEnded is the close code of a connection whose sign-in ended (sign-out, a password
// change, a disabled account, a role change): the page must not reconnect with it.
const CodeSessionEnded = 4401

// CloseUser closes every live connection of a person, in every room, for when their sessions
// end (a password change, a disabled account) or their role changes. Each gets a close frame
// with CodeSessionEnded at once; the reader then leaves the room and ends its attendance.
// It returns how many connections it closed.
func (reg *Registry) CloseUser(userID int64, reason string) int {
	return reg.closeWhere(func(p Participant) bool { return p.UserID == userID }, reason)
}

// CloseSession closes the live connections opened with one session (Participant.Session), for
// a sign-out: the same person's other browsers stay. An empty session closes nothing.
func (reg *Registry) CloseSession(session string, reason string) int {
	if session == "" {
		return 0
	}
	return reg.closeWhere(func(p Participant) bool { return p.Session == session }, reason)
}

func (reg *Registry) closeWhere(match func(Participant) bool, reason string) int {
	reg.mu.Lock()
	var hit []*client
	for c := range reg.conns {
		if match(c.p) {
			hit = append(hit, c)
		}
	}
	reg.mu.Unlock()
	n := 0
	for _, c := range hit {
		if c.stop(CodeSessionEnded, reason) {
			n++
		}
	}
	return n
}

// Sessions lists the distinct sessions of the open connections, so the server can close those
// whose session expired without any request noticing (see CloseSession).
func (reg *Registry) Sessions() []string {
	reg.mu.Lock()
	defer reg.mu.Unlock()
	seen := map[string]bool{}
	var out []string
	for c := range reg.conns {
		if s := c.p.Session; s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
