package room

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"maps"
	"sort"
	"sync"
	"time"

	"kring/server/store"
)

// dupKey identifies an action for idempotency: the same client id from the same person in the
// same meeting is the same action.
type dupKey struct {
	user int64
	id   string
}

// action is an event decided but not yet committed, with the connections waiting for its ack.
type action struct {
	ev      Event
	key     dupKey
	waiters []*client
}

// room is the hub of one meeting. Its lock guards everything below it; the committer calls back
// into it, and it never holds its lock while touching the disk except in the rare resync.
type room struct {
	reg *Registry
	id  int64

	ready   chan struct{} // closed when loading finished
	loadErr error
	refs    int // guarded by reg.mu: connections and readers holding the room

	mu           sync.Mutex
	meeting      Meeting
	st           State // committed: what clients are told
	head         State // st plus decided events still being committed: what actions are checked against
	acked        map[dupKey]int64
	pending      map[dupKey]*action
	inflight     []*action  // the batch the committer is writing
	queue        []*action  // decided while a batch was in flight; the next batch
	ring         []outFrame // the last ReplayLimit event frames; ring[i] has seq ringFirst+i
	ringFirst    int64
	clients      map[*client]struct{}
	side         []func(context.Context)
	sideRunning  bool
	joins        int64  // connections ever joined, to tell the oldest of a person's
	presenceDue  bool   // a presence frame is scheduled
	lastPresence []byte // the presence frame last broadcast
}

func newRoom(reg *Registry, id int64) *room {
	return &room{
		reg: reg, id: id, ready: make(chan struct{}),
		acked: map[dupKey]int64{}, pending: map[dupKey]*action{},
		clients: map[*client]struct{}{},
	}
}

// load builds the room from the directory and the event log, and repairs what a crash may have
// left half done (meeting status, the report of a closed meeting).
func (r *room) load(ctx context.Context) error {
	m, err := r.reg.dir.Meeting(ctx, r.id)
	if err != nil {
		return err
	}
	stored, err := r.reg.log.EventsSince(ctx, r.id, 0)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	st, err := r.replay(m, stored)
	if err != nil {
		return err
	}
	r.meeting, r.st, r.head = m, st, st.Clone()
	if st.StartedAt > 0 && m.Status == "planned" {
		at := time.UnixMilli(st.StartedAt)
		r.queueSide(func(ctx context.Context) { r.setStatus(ctx, "live", at) })
	}
	if st.ClosedAt > 0 {
		_, _, _, err := r.reg.log.Report(ctx, r.id)
		if m.Status != "closed" || errors.Is(err, store.ErrNotFound) {
			r.queueSide(r.finishClose)
		}
	}
	return nil
}

// setMeeting takes a fresh look-up of the meeting: who is a member now, and whether it was
// cancelled or closed elsewhere.
func (r *room) setMeeting(m Meeting) {
	members := NewState(m).Members
	r.meeting.Members = maps.Clone(members)
	r.st.Members, r.head.Members = maps.Clone(members), maps.Clone(members)
	if (m.Status == "cancelled" || m.Status == "closed") && !r.st.Closed() {
		r.st.Status, r.head.Status = m.Status, m.Status
	}
}

// handle processes one frame from a connection.
func (r *room) handle(c *client, data []byte) {
	f, fe := parseFrame(data)
	if fe != nil {
		c.sendError(f.ID, fe)
		return
	}
	if f.Op == "hello" {
		since := int64(0)
		if f.Since != nil {
			since = *f.Since
		}
		if since < 0 {
			c.sendError(f.ID, ferr(CodeInvalid, "bad_since"))
			return
		}
		if first := r.hello(c, since); first {
			r.startAttendance(c)
		}
		return
	}
	r.act(c, &f)
}

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
	if len(frames) > 0 && !c.enqueue(frames) {
		r.drop(c)
		return first
	}
	// The newcomer hears who is here at once; the others in one coalesced frame.
	if !c.enqueue([][]byte{r.presenceFrame()}) {
		r.drop(c)
	}
	if first {
		r.schedulePresence()
	}
	return first
}

// startAttendance writes the start of this connection's stay at once, so even a crash keeps it.
func (r *room) startAttendance(c *client) {
	r.mu.Lock()
	closed := r.st.Closed()
	r.mu.Unlock()
	if closed {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	id, err := r.reg.log.StartAttendance(ctx, r.id, c.p.UserID, r.reg.cfg.Now())
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

// act checks an action, answers a resend with its first ack, or queues the new event.
func (r *room) act(c *client, f *inFrame) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !c.subscribed {
		c.sendError(f.ID, ferr(CodeHelloFirst, "hello_first"))
		return
	}
	if f.ID == "" {
		c.sendError("", ferr(CodeMissingField, "missing_field", "id"))
		return
	}
	if !validClientID(f.ID) {
		c.sendError("", ferr(CodeInvalid, "bad_id"))
		return
	}
	key := dupKey{c.p.UserID, f.ID}
	if seq, ok := r.acked[key]; ok {
		c.sendAck(f.ID, seq)
		return
	}
	if a, ok := r.pending[key]; ok {
		a.waiters = append(a.waiters, c)
		return
	}
	now := r.reg.cfg.Now().UnixMilli()
	d := decider{cfg: r.reg.cfg, st: &r.head, p: c.p, now: now}
	ev, fe := d.decide(f)
	if fe != nil && fe.code == codeNoop {
		c.sendAck(f.ID, r.st.Seq)
		return
	}
	if fe == nil {
		fe = r.rateLimit(f.Op, c.p.UserID, now)
	}
	if fe != nil {
		r.reg.m.rejected.WithLabelValues(fe.code).Inc()
		c.sendError(f.ID, fe)
		return
	}
	ev.ClientID = f.ID
	ev.Seq = r.head.Seq + 1
	r.head.apply(ev)
	a := &action{ev: ev, key: key, waiters: []*client{c}}
	r.pending[key] = a
	r.queue = append(r.queue, a)
	if r.inflight == nil {
		r.flush()
	}
}

// flush hands the queued events to the committer as this room's next batch.
func (r *room) flush() {
	r.inflight, r.queue = r.queue, nil
	batch := r.inflight
	evs := make([]store.NewEvent, len(batch))
	for i, a := range batch {
		data, err := json.Marshal(a.ev)
		if err != nil { // cannot happen: Event has only plain fields
			panic(err)
		}
		evs[i] = store.NewEvent{MeetingID: r.id, UserID: a.ev.By, ClientID: a.ev.ClientID, Op: a.ev.Op,
			Data: data, At: time.UnixMilli(a.ev.At)}
	}
	r.reg.commit.submit(&commitReq{events: evs, done: func(res []store.Appended, err error) {
		r.committed(batch, res, err)
	}})
}

// committed is called by the committer once a batch is durable (or failed). Only now are the
// events applied to the shared state, broadcast, and acknowledged.
func (r *room) committed(batch []*action, res []store.Appended, err error) {
	r.mu.Lock()
	if err != nil {
		r.reg.logger.Error("room: commit failed", "meeting", r.id, "events", len(batch), "err", err)
		r.abandon(append(batch, r.queue...))
		r.mu.Unlock()
		r.reg.maybeUnload(r)
		return
	}
	resync := false
	for i, a := range batch {
		delete(r.pending, a.key)
		got := res[i]
		r.acked[a.key] = got.Seq
		if got.Duplicate || got.Seq != r.st.Seq+1 {
			// The log and the room disagree (another writer?): trust the log.
			resync = true
			for _, w := range a.waiters {
				w.sendAck(a.key.id, got.Seq)
			}
			continue
		}
		a.ev.Seq = got.Seq
		out := eventFrames(a.ev, &r.st)
		r.st.apply(a.ev)
		r.pushRing(out)
		r.broadcastEvent(out)
		for _, w := range a.waiters {
			w.sendAck(a.key.id, got.Seq)
		}
		switch a.ev.Op {
		case "meeting.start":
			at := time.UnixMilli(a.ev.At)
			r.queueSide(func(ctx context.Context) { r.setStatus(ctx, "live", at) })
		case "meeting.close":
			r.queueSide(r.finishClose)
		}
	}
	r.inflight = nil
	if resync {
		r.resync()
	} else if len(r.queue) > 0 {
		r.flush()
	}
	r.mu.Unlock()
	r.reg.maybeUnload(r)
}

// abandon answers uncommitted actions with "unavailable" (the client keeps them and resends)
// and resets the checked state to the committed one.
func (r *room) abandon(actions []*action) {
	fe := ferr(CodeUnavailable, "unavailable")
	for _, a := range actions {
		delete(r.pending, a.key)
		for _, w := range a.waiters {
			w.sendError(a.key.id, fe)
		}
	}
	r.inflight, r.queue = nil, nil
	r.head = r.st.Clone()
}

// resync rebuilds the room from the log and sends everyone a snapshot.
func (r *room) resync() {
	r.abandon(r.queue)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	stored, err := r.reg.log.EventsSince(ctx, r.id, 0)
	if err != nil {
		r.reg.logger.Error("room: resync", "meeting", r.id, "err", err)
		return
	}
	m := r.meeting
	m.Members = maps.Clone(r.st.Members)
	st, err := r.replay(m, stored)
	if err != nil {
		r.reg.logger.Error("room: resync", "meeting", r.id, "err", err)
		return
	}
	r.st, r.head = st, st.Clone()
	now := r.reg.cfg.Now()
	for c := range r.clients {
		if c.subscribed && !c.enqueue([][]byte{snapshotFrame(r.st.view(c.p.UserID), now)}) {
			r.drop(c)
		}
	}
}

// replay rebuilds the room's state, its replay ring and its record of acknowledged ids from the
// stored events. The caller holds r.mu.
func (r *room) replay(m Meeting, stored []store.Event) (State, error) {
	limit := r.reg.cfg.ReplayLimit
	r.ring, r.ringFirst = nil, 1
	i := 0
	st, err := replay(m, stored, func(se store.Event, ev Event, before *State) {
		if se.ClientID != "" {
			r.acked[dupKey{se.UserID, se.ClientID}] = se.Seq
		}
		if i >= len(stored)-limit {
			if len(r.ring) == 0 {
				r.ringFirst = se.Seq
			}
			r.ring = append(r.ring, eventFrames(ev, before))
		}
		i++
	})
	if err != nil {
		return State{}, err
	}
	if len(r.ring) == 0 {
		r.ringFirst = st.Seq + 1
	}
	return st, nil
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
	for c := range r.clients {
		if c.subscribed && !c.enqueue(frames) {
			r.drop(c)
		}
	}
}

// broadcastEvent queues an event frame for every subscribed connection, each in the form its
// person may see.
func (r *room) broadcastEvent(f outFrame) {
	for c := range r.clients {
		if c.subscribed && !c.enqueue([][]byte{f.to(c.p.UserID)}) {
			r.drop(c)
		}
	}
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

// queueSide runs fn after the side effects queued before it, outside the room's lock. Status
// changes and the report go through here so they happen in event order.
func (r *room) queueSide(fn func(context.Context)) {
	r.side = append(r.side, fn)
	if r.sideRunning {
		return
	}
	r.sideRunning = true
	r.reg.sideWG.Add(1)
	go r.runSide()
}

func (r *room) runSide() {
	defer r.reg.sideWG.Done()
	for {
		r.mu.Lock()
		if len(r.side) == 0 {
			r.sideRunning = false
			r.mu.Unlock()
			r.reg.maybeUnload(r)
			return
		}
		fn := r.side[0]
		r.side = r.side[1:]
		r.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		fn(ctx)
		cancel()
	}
}

func (r *room) setStatus(ctx context.Context, status string, at time.Time) {
	if err := r.reg.log.SetMeetingStatus(ctx, r.id, status, at); err != nil {
		r.reg.logger.Error("room: set meeting status", "meeting", r.id, "status", status, "err", err)
	}
}

// finishClose runs after meeting.close is committed: the meeting row becomes closed, everyone's
// attendance ends at the closing time, and the report is built and stored. It is idempotent, so
// a room loaded after a crash in between simply runs it again.
func (r *room) finishClose(ctx context.Context) {
	r.mu.Lock()
	closedAt := time.UnixMilli(r.st.ClosedAt)
	var ids []int64
	for c := range r.clients {
		if c.attID != 0 {
			ids = append(ids, c.attID)
			c.attID = 0
		}
	}
	st := r.st.Clone()
	r.mu.Unlock()

	r.setStatus(ctx, "closed", closedAt)
	if err := r.reg.log.ExtendAttendance(ctx, ids, closedAt); err != nil {
		r.reg.logger.Error("room: end attendance at close", "meeting", r.id, "err", err)
	}
	att, err := r.reg.log.Attendance(ctx, r.id)
	if err != nil {
		r.reg.logger.Error("room: attendance for report", "meeting", r.id, "err", err)
	}
	rep := BuildReport(st, att, r.reg.cfg.AttendanceGap)
	data, err := json.Marshal(rep)
	if err != nil {
		r.reg.logger.Error("room: encode report", "meeting", r.id, "err", err)
		return
	}
	if err := r.reg.log.SaveReport(ctx, r.id, rep.Markdown("nl", r.reg.cfg.Location), data); err != nil {
		r.reg.logger.Error("room: save report", "meeting", r.id, "err", err)
		return
	}
	r.mu.Lock()
	r.broadcast([][]byte{reportFrame(r.id)})
	r.mu.Unlock()
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
