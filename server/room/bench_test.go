package room

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"kring/server/store"
)

// benchMeeting is a meeting of twelve: the coach and eleven members.
func benchMeeting() Meeting {
	m := Meeting{ID: 1, GroupID: 1, CoachID: 1, Title: "Intervisie", Status: "live", Method: testMethod,
		Members: map[int64]string{}}
	for id := int64(1); id <= 12; id++ {
		m.Members[id] = fmt.Sprintf("Deelnemer %d", id)
	}
	return m
}

const benchCard = "Mevrouw uit de wijk wil weer meedoen aan de buurtactiviteiten maar durft de eerste stap niet te zetten."

// BenchmarkDecideCard is the room's check of one card (fields, board, the privacy screen)
// under the room's lock.
func BenchmarkDecideCard(b *testing.B) {
	st := NewState(benchMeeting())
	cfg := Config{}.withDefaults()
	board, text := BoardIdea, benchCard
	f := &inFrame{Op: OpCardAdd, ID: "c1", Board: &board, Text: &text}
	d := decider{cfg: cfg, st: &st, p: Participant{UserID: 2, Name: "Deelnemer 2"}, now: time.Now().UnixMilli()}
	for b.Loop() {
		if _, fe := d.decide(f); fe != nil {
			b.Fatal(fe.code)
		}
	}
}

// BenchmarkApplyCard folds one card event into the state and builds its broadcast frame, as
// the room does for every committed card (a fresh state every 500 cards, a long meeting).
func BenchmarkApplyCard(b *testing.B) {
	m := benchMeeting()
	st := NewState(m)
	ev := Event{Op: OpCardAdd, By: 2, Name: "Deelnemer 2", Board: BoardIdea, Text: benchCard, At: time.Now().UnixMilli()}
	for b.Loop() {
		if st.Seq >= 500 {
			st = NewState(m)
		}
		ev.Seq = st.Seq + 1
		_ = eventFrames(ev, &st)
		st.apply(ev)
	}
}

// BenchmarkCommit is the group-commit writer with the real store (WAL, synchronous=FULL): one
// op is one batch of 12 events, one transaction and one fsync. On a shared machine the fsync
// dominates and moves with the disk's other users.
func BenchmarkCommit(b *testing.B) {
	path := filepath.Join(b.TempDir(), "kring.db")
	st, err := store.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	meeting := seed(b, path)
	c := newCommitter(st, slog.New(slog.DiscardHandler), 512, newMetrics(nil, nil))
	defer func() { _ = c.shutdown(context.Background()) }()
	seq := int64(0)
	for b.Loop() {
		evs := make([]store.NewEvent, 12)
		for i := range evs {
			seq++
			evs[i] = store.NewEvent{MeetingID: meeting, UserID: int64(i%4 + 1), ClientID: fmt.Sprintf("c%d", seq), Op: OpCardAdd,
				Data: []byte(`{"op":"card.add","board":"idea","text":"kaart"}`), At: time.Now(), Seq: seq}
		}
		done := make(chan error, 1)
		c.submit(&commitReq{events: evs, done: func(_ []store.Appended, err error) { done <- err }})
		if err := <-done; err != nil {
			b.Fatal(err)
		}
	}
}
