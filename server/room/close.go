package room

import (
	"context"
	"encoding/json"
	"time"
)

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
