package auth

import (
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
		if !l.Allow("a") {
			t.Fatalf("attempt %d refused within the burst", i+1)
		}
	}
	if l.Allow("a") {
		t.Fatal("fourth attempt allowed")
	}
	if !l.Blocked("a") || l.Blocked("b") || l.Blocked("never-seen") {
		t.Fatal("Blocked does not match the buckets")
	}
	if !l.Allow("b") {
		t.Fatal("another key is limited too")
	}
	now = now.Add(time.Minute + time.Second)
	if !l.Allow("a") {
		t.Fatal("no refill after the interval")
	}
	l.Reset("a")
	for i := 0; i < 3; i++ {
		if !l.Allow("a") {
			t.Fatal("reset did not restore the burst")
		}
	}
}
