package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// Changing or cancelling several meetings is all or nothing: when one of them went live, none
// changes and ErrNotPlanned says why; otherwise each one's SEQUENCE rises.
func TestUpdateMeetingsAllOrNothing(t *testing.T) {
	s := openTemp(t, filepath.Join(t.TempDir(), "k.db"))
	ctx := context.Background()
	ids := seedMeetings(t, s, 3)
	if err := s.SetMeetingStatus(ctx, ids[2], "live", time.Now()); err != nil {
		t.Fatal(err)
	}
	start := time.Now().Add(48 * time.Hour).Truncate(time.Millisecond)
	var ups []MeetingUpdate
	for _, id := range ids {
		ups = append(ups, MeetingUpdate{ID: id, Method: "incident", StartsAt: start, Minutes: 60, Location: "Zaal"})
	}
	if err := s.UpdateMeetings(ctx, ups); !errors.Is(err, ErrNotPlanned) {
		t.Fatalf("update with a live meeting: %v, want ErrNotPlanned", err)
	}
	if err := s.CancelMeetings(ctx, ids); !errors.Is(err, ErrNotPlanned) {
		t.Fatalf("cancel with a live meeting: %v, want ErrNotPlanned", err)
	}
	for _, id := range ids[:2] {
		m, _ := s.Meeting(ctx, id)
		if m.Sequence != 0 || m.Minutes != 90 || m.Status != "planned" {
			t.Errorf("meeting %d changed by a refused batch: %+v", id, m)
		}
	}
	if err := s.UpdateMeetings(ctx, ups[:2]); err != nil {
		t.Fatal(err)
	}
	if err := s.CancelMeetings(ctx, ids[1:2]); err != nil {
		t.Fatal(err)
	}
	a, _ := s.Meeting(ctx, ids[0])
	b, _ := s.Meeting(ctx, ids[1])
	if a.Sequence != 1 || !a.StartsAt.Equal(start) || a.Minutes != 60 || a.Location != "Zaal" || b.Sequence != 2 || b.Status != "cancelled" {
		t.Errorf("after update and cancel: %+v / %+v", a, b)
	}
}

// The outbox queues a deduplicated mail once; a mail is claimed by one sender at a time, a
// claim older than the lease can be taken over, and a sent mail is never due again.
func TestMailOutboxClaims(t *testing.T) {
	s := openTemp(t, filepath.Join(t.TempDir(), "k.db"))
	ctx := context.Background()
	mail := Mail{Kind: "reminder", Dedupe: "reminder:1:2:3", To: "a@x.example", Subject: "s", Body: "b"}
	for i, want := range []int{1, 0} {
		if n, err := s.EnqueueMail(ctx, []Mail{mail}); err != nil || n != want {
			t.Fatalf("enqueue %d: %d queued (%v), want %d", i, n, err, want)
		}
	}
	due, err := s.DueMail(ctx, time.Hour, 10)
	if err != nil || len(due) != 1 {
		t.Fatalf("due: %d (%v)", len(due), err)
	}
	id := due[0].ID
	if ok, _ := s.ClaimMail(ctx, id, time.Hour); !ok {
		t.Fatal("first claim refused")
	}
	if ok, _ := s.ClaimMail(ctx, id, time.Hour); ok {
		t.Fatal("a live claim was taken twice")
	}
	if due, _ := s.DueMail(ctx, time.Hour, 10); len(due) != 0 {
		t.Fatal("a claimed mail is due for another sender")
	}
	time.Sleep(5 * time.Millisecond)
	if ok, _ := s.ClaimMail(ctx, id, time.Millisecond); !ok {
		t.Fatal("a stale claim (sender crashed) cannot be taken over")
	}
	if err := s.MailSent(ctx, id); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.ClaimMail(ctx, id, -time.Hour); ok {
		t.Fatal("a sent mail was claimed again")
	}
	if due, _ := s.DueMail(ctx, -time.Hour, 10); len(due) != 0 {
		t.Fatal("a sent mail is due again")
	}
}
