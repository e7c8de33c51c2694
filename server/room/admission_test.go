package room

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"
)

// An admission the server never hands a connection to (the client went away between the
// checks and the hijack) must not hold its room for ever: it expires, the room unloads, and a
// late Upgrade is refused instead of releasing the room a second time.
func TestAdmissionExpiresAndReleasesTheRoom(t *testing.T) {
	e := newEnv(t, Config{AdmissionTTL: 50 * time.Millisecond})
	loaded := func() bool {
		e.reg.mu.Lock()
		defer e.reg.mu.Unlock()
		return e.reg.rooms[e.meeting] != nil
	}
	adm, err := e.reg.Admit(context.Background(), e.meeting, Participant{UserID: annaID, Name: "Anna"})
	if err != nil {
		t.Fatal(err)
	}
	if !loaded() {
		t.Fatal("the admitted participant's room is not loaded")
	}
	waitFor(t, "the room to unload after the admission expired", func() bool { return !loaded() })

	req := httptest.NewRequest("GET", "/ws", nil)
	if err := adm.Upgrade(context.Background(), httptest.NewRecorder(), req); !errors.Is(err, ErrAdmissionExpired) {
		t.Fatalf("Upgrade after expiry = %v, want ErrAdmissionExpired", err)
	}
	adm.Cancel() // a second give-up changes nothing (no negative reference count)
	e.reg.mu.Lock()
	defer e.reg.mu.Unlock()
	if r := e.reg.rooms[e.meeting]; r != nil {
		t.Fatalf("room loaded again with %d references", r.refs)
	}
}

// Cancel after a successful admission releases the room once; the expiry that follows does
// nothing more.
func TestAdmissionCancelIsOnce(t *testing.T) {
	e := newEnv(t, Config{AdmissionTTL: 30 * time.Millisecond})
	a1, err := e.reg.Admit(context.Background(), e.meeting, Participant{UserID: annaID, Name: "Anna"})
	if err != nil {
		t.Fatal(err)
	}
	a2, err := e.reg.Admit(context.Background(), e.meeting, Participant{UserID: bramID, Name: "Bram"})
	if err != nil {
		t.Fatal(err)
	}
	a1.Cancel()
	a1.Cancel()
	time.Sleep(60 * time.Millisecond) // both timers have fired by now
	e.reg.mu.Lock()
	r := e.reg.rooms[e.meeting]
	e.reg.mu.Unlock()
	if r != nil {
		t.Fatalf("room still loaded with %d references after both admissions ended", r.refs)
	}
	_ = a2
}
