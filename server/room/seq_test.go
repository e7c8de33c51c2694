package room

import (
	"context"
	"testing"
	"time"

	"kring/server/store"
)

// The room hands the store each event's seq (no look-up of the highest per batch): across a
// restart, and after another writer appended to the meeting behind the room's back, the stored
// seqs stay dense and every ack names the event's stored seq.
func TestSeqContinuityAcrossRestartAndForeignWriter(t *testing.T) {
	e := newEnv(t, Config{CardsPerMinute: 100})
	ctx := context.Background()
	a := e.dial(annaID)
	a.hello(0)
	var acked []int64
	for range 3 {
		acked = append(acked, a.ok("card.add", map[string]any{"board": "case", "text": "voor de herstart"}))
	}
	e.stop()
	e.start()
	a = e.dial(annaID)
	a.n = 100 // fresh client ids, or the first ones would be answered as resends
	a.hello(0)
	for range 2 {
		acked = append(acked, a.ok("card.add", map[string]any{"board": "case", "text": "na de herstart"}))
	}
	// Another writer takes seq 6 while the room is loaded: the room's next hint is stale.
	if _, err := e.store.AppendEvents(ctx, []store.NewEvent{{MeetingID: e.meeting, UserID: bramID, ClientID: "elders",
		Op: OpCardAdd, Data: []byte(`{"op":"card.add","by":3,"board":"case","text":"elders"}`), At: time.UnixMilli(e.clock.Now().UnixMilli())}}); err != nil {
		t.Fatal(err)
	}
	acked = append(acked, a.ok("card.add", map[string]any{"board": "case", "text": "na de andere schrijver"}))
	// The room noticed the other writer and sends everyone the state from the log.
	if s := a.next("snapshot"); s.Seq != 7 {
		t.Fatalf("snapshot after the other writer has seq %d, want 7", s.Seq)
	}
	acked = append(acked, a.ok("card.add", map[string]any{"board": "case", "text": "en nog een"}))

	want := []int64{1, 2, 3, 4, 5, 7, 8}
	if len(acked) != len(want) {
		t.Fatalf("acks %v", acked)
	}
	for i := range want {
		if acked[i] != want[i] {
			t.Fatalf("acked seqs %v, want %v", acked, want)
		}
	}
	evs, err := e.store.MeetingEvents(ctx, e.meeting)
	if err != nil {
		t.Fatal(err)
	}
	for i, ev := range evs {
		if ev.Seq != int64(i+1) {
			t.Fatalf("stored seqs not dense: event %d has seq %d", i, ev.Seq)
		}
	}
	if len(evs) != 8 {
		t.Fatalf("%d events stored, want 8", len(evs))
	}
	if st := e.state(); st.Seq != 8 || len(st.Cards) != 8 {
		t.Fatalf("room state seq %d with %d cards, want 8 and 8", st.Seq, len(st.Cards))
	}
}
