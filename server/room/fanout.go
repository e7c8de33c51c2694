package room

import (
	"bytes"
	"context"
	"slices"
	"sort"
	"time"

	"github.com/gorilla/websocket"

	"kring/server/store"
)

// hello subscribes a connection: the missed events if the room still has them all, else a
// snapshot. It reports whether this was the connection's first hello.
func (r *room) hello(c *client, since int64) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	var frames [][]byte
	gap := r.st.Seq - since
	switch {
	case since > 0 && gap == 0:
		// Up to date: nothing to send.
	case since > 0 && gap > 0 && gap <= int64(r.reg.cfg.ReplayLimit) && since+1 >= r.ringFirst:
		for _, f := range r.ring[since+1-r.ringFirst:] {
			frames = append(frames, f.to(c.p.UserID))
		}
	default:
		frames = [][]byte{snapshotFrame(r.st.view(c.p.UserID), r.reg.cfg.Now())}
	}
	first := !c.subscribed
	c.subscribed = true
	// The newcomer hears who is here at once, in the same batch as what it missed (one write);
	// the others in one coalesced frame.
	if !c.enqueue(append(frames, r.presenceFrame())) {
		r.drop(c)
		return first
	}
	if first {
		r.schedulePresence()
	}
	return first
}

// startAttendance writes the start of this connection's stay at once (in one transaction with
// the other joins of the moment), so even a crash keeps it.
func (r *room) startAttendance(c *client) {
	r.mu.Lock()
	closed := r.st.Closed()
	r.mu.Unlock()
	if closed {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	id, err := r.reg.attend.start(ctx, store.AttendanceStart{MeetingID: r.id, UserID: c.p.UserID, At: r.reg.cfg.Now()})
	if err != nil {
		r.reg.logger.Warn("room: start attendance", "meeting", r.id, "user", c.p.UserID, "err", err)
		return
	}
	r.mu.Lock()
	if !r.st.Closed() {
		c.attID = id
	}
	r.mu.Unlock()
}

func (r *room) pushRing(frame outFrame) {
	// Keep between ReplayLimit and twice that many frames, so trimming is rare.
	if limit := r.reg.cfg.ReplayLimit; len(r.ring) >= 2*limit {
		n := len(r.ring) - limit
		r.ring = append(r.ring[:0:0], r.ring[n:]...)
		r.ringFirst += int64(n)
	}
	if len(r.ring) == 0 {
		r.ringFirst = r.st.Seq
	}
	r.ring = append(r.ring, frame)
}

// broadcast queues frames for every subscribed connection; one that cannot keep up is dropped.
func (r *room) broadcast(frames [][]byte) {
	if len(frames) == 1 {
		pm := prepare(frames[0])
		for c := range r.clients {
			if c.subscribed && !c.enqueuePrepared(pm) {
				r.drop(c)
			}
		}
		return
	}
	for c := range r.clients {
		if c.subscribed && !c.enqueue(frames) {
			r.drop(c)
		}
	}
}

// batchEvent is one event of a committed batch as the connections get it: framed once in each
// form (pub, when set, for everyone but the people in only), and its ack for the connections
// that wait for it. An event the log answered differently has only its ack.
type batchEvent struct {
	full, pub *websocket.PreparedMessage
	only      []int64
	ack       []byte
	waiters   []*client
}

// sendBatch queues a committed batch for every subscribed connection as one entry of its queue:
// the events in order, each in the form its person may see, and the connection's own acks
// right after their events. So a batch of many events takes one of SendQueue places, not one
// per event: the room falls behind by whole batches (the writer then sends each in one write)
// before it drops anyone as slow. A connection that cannot take it is dropped.
func (r *room) sendBatch(evs []batchEvent) {
	if len(evs) == 0 {
		return
	}
	msgs := make([]outMsg, 0, 2*len(evs))
	for c := range r.clients {
		if !c.subscribed {
			continue
		}
		msgs = msgs[:0]
		for i := range evs {
			e := &evs[i]
			if e.full != nil {
				pm := e.full
				if e.pub != nil && !slices.Contains(e.only, c.p.UserID) {
					pm = e.pub
				}
				msgs = append(msgs, outMsg{pm: pm})
			}
			for _, w := range e.waiters {
				if w == c {
					msgs = append(msgs, outMsg{frame: e.ack})
				}
			}
		}
		if len(msgs) > 0 && !c.put(msgs...) {
			r.drop(c)
		}
	}
	// A waiter that left meanwhile is no longer subscribed: its ack goes to its (closing)
	// connection as before.
	for i := range evs {
		for _, w := range evs[i].waiters {
			if !w.subscribed && !w.put(outMsg{frame: evs[i].ack}) {
				r.drop(w)
			}
		}
	}
}

// prepare frames a text message once for many connections.
func prepare(frame []byte) *websocket.PreparedMessage {
	pm, err := websocket.NewPreparedMessage(websocket.TextMessage, frame)
	if err != nil { // cannot happen: without compression preparing only frames the bytes
		panic(err)
	}
	return pm
}

// drop disconnects a slow connection at once; its reader then leaves the room.
func (r *room) drop(c *client) {
	if c.kill() {
		r.reg.m.dropped.Inc()
		r.reg.logger.Info("room: dropped slow client", "meeting", r.id, "user", c.p.UserID)
	}
}

// people is the presence list: each present person once, the coach first.
func (r *room) people() []person {
	seen := map[int64]bool{}
	out := []person{}
	for c := range r.clients {
		if !c.subscribed || seen[c.p.UserID] {
			continue
		}
		seen[c.p.UserID] = true
		name := r.st.Members[c.p.UserID]
		if name == "" {
			name = c.p.Name
		}
		out = append(out, person{ID: c.p.UserID, Name: name, Coach: c.p.UserID == r.st.CoachID})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Coach != out[j].Coach {
			return out[i].Coach
		}
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].ID < out[j].ID
	})
	return out
}

func (r *room) presenceFrame() []byte { return presenceFrame(r.people()) }

// schedulePresence sends everyone the presence list after PresenceDelay, once for all the
// joins and leaves in between, and only if it changed: one person reconnecting in a loop
// never floods the others' queues (which would drop them as slow clients). The caller holds
// r.mu.
func (r *room) schedulePresence() {
	if r.presenceDue {
		return
	}
	r.presenceDue = true
	time.AfterFunc(r.reg.cfg.PresenceDelay, func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.presenceDue = false
		frame := r.presenceFrame()
		if bytes.Equal(frame, r.lastPresence) {
			return
		}
		r.lastPresence = frame
		r.broadcast([][]byte{frame})
	})
}

// join adds a connection to the room. A person may have MaxConnsPerPerson connections open; a
// new one closes the oldest (code 4001, after an error frame "replaced"), so tabs forgotten
// in the background cannot pile up.
func (r *room) join(c *client) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.joins++
	c.joined = r.joins
	r.clients[c] = struct{}{}
	var mine []*client
	for o := range r.clients {
		if o.p.UserID == c.p.UserID && !o.stopping() {
			mine = append(mine, o)
		}
	}
	for len(mine) > r.reg.cfg.MaxConnsPerPerson {
		oldest := 0
		for i, o := range mine {
			if o.joined < mine[oldest].joined {
				oldest = i
			}
		}
		o := mine[oldest]
		o.sendError("", ferr(CodeReplaced, "replaced"))
		o.stop(4001, "opened elsewhere")
		mine = append(mine[:oldest], mine[oldest+1:]...)
	}
}

// leave removes a connection, tells the others, and ends its attendance interval.
func (r *room) leave(c *client) {
	r.mu.Lock()
	_, was := r.clients[c]
	delete(r.clients, c)
	present := c.subscribed
	c.subscribed = false
	id := c.attID
	c.attID = 0
	if was && present {
		r.schedulePresence()
	}
	r.mu.Unlock()
	if id != 0 {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := r.reg.log.ExtendAttendance(ctx, []int64{id}, r.reg.cfg.Now()); err != nil {
			r.reg.logger.Warn("room: end attendance", "meeting", r.id, "err", err)
		}
	}
}

// attendanceIDs lists the open attendance intervals of the room, for the heartbeat.
func (r *room) attendanceIDs() []int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	var ids []int64
	for c := range r.clients {
		if c.attID != 0 {
			ids = append(ids, c.attID)
		}
	}
	return ids
}

// kick disconnects a person removed from the group and takes them off the member list.
func (r *room) kick(userID int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.meeting.Members, userID)
	delete(r.st.Members, userID)
	delete(r.head.Members, userID)
	for c := range r.clients {
		if c.p.UserID == userID {
			c.sendError("", ferr(CodeKicked, "kicked"))
			c.stop(4403, "removed from group")
		}
	}
}
