// Package room runs Kring's live intervision rooms: one hub per meeting that people join over a
// websocket, where every change (a card, a vote, the next phase, the timer) is an event with a
// per-meeting sequence number. An event is committed to SQLite before anyone is told about it,
// so nothing acknowledged is ever lost; the room state is the fold of the events (Apply), and a
// reconnecting browser gets exactly the events it missed, or a snapshot when the gap is too old.
//
// The HTTP handler decides who may connect (a member of the group or its coach) and calls
// Registry.Serve; the room checks every action again. The full protocol is in docs/protocol.md.
package room

import (
	"context"
	"errors"
	"maps"
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
	pinging      bool   // the room's ping timer runs (startPings)
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
	if m, err = r.reg.withPrior(ctx, m); err != nil {
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
