package auth

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestHasherRoundTrip(t *testing.T) {
	h := NewTestHasher()
	hash, err := h.Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		pw   string
		want bool
	}{
		{"correct horse battery", true},
		{"correct horse batterY", false},
		{"", false},
	} {
		ok, err := h.Verify(tc.pw, hash)
		if err != nil || ok != tc.want {
			t.Errorf("Verify(%q) = %v, %v; want %v", tc.pw, ok, err, tc.want)
		}
	}
	if _, err := h.Verify("x", "not-a-hash"); err == nil {
		t.Error("a malformed hash verified without error")
	}
}

func TestPasswordRules(t *testing.T) {
	for _, tc := range []struct {
		pw string
		ok bool
	}{{"kort", false}, {"precies10!", true}, {"ééééééééééé", true}} {
		if got := CheckPasswordRules(tc.pw) == nil; got != tc.ok {
			t.Errorf("CheckPasswordRules(%q) ok=%v, want %v", tc.pw, got, tc.ok)
		}
	}
}

func TestTokensAreUniqueAndHashed(t *testing.T) {
	a, b := NewToken(), NewToken()
	if a == b || len(a) < 40 {
		t.Fatalf("tokens %q and %q", a, b)
	}
	if string(HashToken(a)) == a || len(HashToken(a)) != 32 {
		t.Fatal("HashToken does not hash")
	}
}

func TestPolicy(t *testing.T) {
	p := DefaultPolicy()
	cases := []struct {
		role Role
		act  Action
		want bool
	}{
		{Trainee, ViewModules, true},
		{Trainee, ViewOrg, false},
		{Trainee, ManageGroups, false},
		{Coach, ManageGroups, true},
		{Coach, ViewOrg, false},
		{OrgAdmin, InviteStaff, true},
		{OrgAdmin, ManageOrgs, false},
		{OrgAdmin, JoinMeeting, false},
		{MuniAdmin, ManageOrgs, true},
		{MuniAdmin, JoinMeeting, false},
		{Trainee, KeepNetworkMaps, true},
		{OrgAdmin, KeepNetworkMaps, true},
		{MuniAdmin, KeepNetworkMaps, true},
		{Role("hacker"), ViewHome, false},
		{MuniAdmin, Action("typo"), false},
	}
	for _, tc := range cases {
		if got := p.Allows(tc.role, tc.act); got != tc.want {
			t.Errorf("Allows(%s, %s) = %v, want %v", tc.role, tc.act, got, tc.want)
		}
	}
	for _, a := range p.Actions() {
		any := false
		for _, r := range Roles() {
			any = any || p.Allows(r, a)
		}
		if !any {
			t.Errorf("action %s is allowed to nobody", a)
		}
	}
}

func TestLimiter(t *testing.T) {
	l := NewLimiter(3, time.Minute)
	now := time.Unix(1000, 0)
	l.now = func() time.Time { return now }
	for i := 0; i < 3; i++ {
		if !l.Take("a") {
			t.Fatalf("attempt %d refused within the burst", i+1)
		}
	}
	if l.Take("a") {
		t.Fatal("fourth attempt allowed")
	}
	if !l.Blocked("a") || l.Blocked("b") || l.Blocked("never-seen") {
		t.Fatal("Blocked does not match the buckets")
	}
	if !l.Take("b") {
		t.Fatal("another key is limited too")
	}
	l.Refund("a") // a success gives its attempt back
	if !l.Take("a") || l.Take("a") {
		t.Fatal("a refund gives back exactly one attempt")
	}
	for range 10 {
		l.Refund("b")
	}
	for i := 0; i < 3; i++ {
		if !l.Take("b") {
			t.Fatal("refunds did not restore the burst")
		}
	}
	if l.Take("b") {
		t.Fatal("refunds raised the burst")
	}
	now = now.Add(time.Minute + time.Second)
	if !l.Take("a") || l.Take("a") {
		t.Fatal("not exactly one attempt refilled after the interval")
	}
	l.Reset("a")
	for i := 0; i < 3; i++ {
		if !l.Take("a") {
			t.Fatal("reset did not restore the burst")
		}
	}
}

// TestLimiterParallel: of many parallel takes on one key exactly the burst succeed, the
// property sign-in relies on (check-then-spend let every parallel guess through).
func TestLimiterParallel(t *testing.T) {
	l := NewLimiter(5, time.Hour)
	var ok atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if l.Take("victim@kring.example") {
				ok.Add(1)
			}
		}()
	}
	close(start)
	wg.Wait()
	if ok.Load() != 5 {
		t.Errorf("%d of 64 parallel attempts allowed, want the burst of 5", ok.Load())
	}
}

// TestHasherBound: however many checks arrive at once, at most Slots run; the rest wait, and
// past the wait get ErrBusy without hashing.
func TestHasherBound(t *testing.T) {
	h := NewHasherWith(HasherConfig{MemoryKiB: 4 * 1024, Slots: 2, Wait: time.Minute})
	hash, err := h.Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 {
				_ = h.DummyVerify("guess")
			} else if _, err := h.Verify("guess", hash); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	st := h.Stats()
	if st.Done != 13 || st.Running != 0 {
		t.Errorf("stats %+v, want 13 done and none running", st)
	}
	if st.Peak > 2 {
		t.Errorf("%d hashes ran at once, bound is 2", st.Peak)
	}

	busy := NewHasherWith(HasherConfig{MemoryKiB: 1024, Slots: 1, Wait: 10 * time.Millisecond})
	busy.slots <- struct{}{} // the only slot is taken for longer than the wait
	if _, err := busy.Verify("guess", hash); !errors.Is(err, ErrBusy) {
		t.Errorf("Verify with every slot taken: %v, want ErrBusy", err)
	}
	if err := busy.DummyVerify("guess"); !errors.Is(err, ErrBusy) {
		t.Errorf("DummyVerify with every slot taken: %v, want ErrBusy", err)
	}
	if busy.Stats().Done != 0 {
		t.Error("a refused check was hashed anyway")
	}
}

func TestHasherSlotsFromMemory(t *testing.T) {
	for _, tc := range []struct {
		mib  uint32
		want int
	}{{64, 4}, {128, 2}, {256, 1}, {1024, 1}, {1, 4}} {
		if got := NewHasherWith(HasherConfig{MemoryKiB: tc.mib * 1024}).Slots(); got != tc.want {
			t.Errorf("%d MiB per hash: %d slots, want %d", tc.mib, got, tc.want)
		}
	}
}
