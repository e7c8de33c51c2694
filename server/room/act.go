package room

import (
	"context"
	"encoding/json"
	"time"

	"kring/server/store"
)

// handle processes one frame from a connection.
func (r *room) handle(c *client, data []byte) {
	f, fe := parseFrame(data)
	if fe != nil {
		c.sendError(f.ID, fe)
		return
	}
	if f.Op == OpHello {
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
	if f.Op == OpCardMap {
		r.loadMap(c.p.UserID, &f)
	}
	r.act(c, &f)
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
	// A person at their limit is refused before their text is checked and screened: a flood
	// costs the room a map look-up per frame, not a privacy screen.
	if fe := r.limitReached(f.Op, c.p.UserID, now); fe != nil {
		r.reg.m.rejected.WithLabelValues(fe.code).Inc()
		c.sendError(f.ID, fe)
		return
	}
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

// flush hands the queued events to the committer as this room's next batch. Each carries the
// seq the room gave it (its committed seq plus one, and so on), so the store need not look
// the meeting's highest up in every batch; the store checks it against the primary key.
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
			Data: data, At: time.UnixMilli(a.ev.At), Seq: a.ev.Seq}
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
	out := make([]batchEvent, 0, len(batch))
	for i, a := range batch {
		delete(r.pending, a.key)
		got := res[i]
		r.acked[a.key] = got.Seq
		if got.Duplicate || got.Seq != r.st.Seq+1 {
			// The log and the room disagree (another writer?): trust the log.
			resync = true
			out = append(out, batchEvent{ack: ackFrame(a.key.id, got.Seq), waiters: a.waiters})
			continue
		}
		a.ev.Seq = got.Seq
		f := eventFrames(a.ev, &r.st)
		r.st.apply(a.ev)
		r.pushRing(f)
		be := batchEvent{full: prepare(f.full), only: f.only, ack: ackFrame(a.key.id, got.Seq), waiters: a.waiters}
		if f.pub != nil {
			be.pub = prepare(f.pub)
		}
		out = append(out, be)
		switch a.ev.Op {
		case OpMeetingStart:
			at := time.UnixMilli(a.ev.At)
			r.queueSide(func(ctx context.Context) { r.setStatus(ctx, "live", at) })
		case OpMeetingClose:
			r.queueSide(r.finishClose)
		}
	}
	r.sendBatch(out)
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
