package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"kring/server/store"
)

func TestUserEmailUniqueCaseInsensitive(t *testing.T) {
	ctx := context.Background()
	st := foundationOpen(t, filepath.Join(t.TempDir(), "kring.db"))
	id, err := st.CreateUser(ctx, store.NewUser{Email: " Sanne@Kring.Example ", Name: " Sanne ", PasswordHash: "x", Role: "trainee"})
	if err != nil {
		t.Fatal(err)
	}
	for _, email := range []string{"Sanne@Kring.Example", "sanne@kring.example", "SANNE@KRING.EXAMPLE"} {
		if _, err := st.CreateUser(ctx, store.NewUser{Email: email, Name: "Twee", PasswordHash: "x", Role: "trainee"}); !errors.Is(err, store.ErrConflict) {
			t.Errorf("second user %q: %v, want ErrConflict", email, err)
		}
	}
	for _, email := range []string{"sanne@kring.example", "SANNE@kring.EXAMPLE", " sanne@kring.example "} {
		u, err := st.UserByEmail(ctx, email)
		if err != nil || u.ID != id {
			t.Errorf("UserByEmail(%q): %v %v", email, u, err)
		}
	}
	u, _ := st.UserByID(ctx, id)
	if u.Name != "Sanne" || u.Email != "Sanne@Kring.Example" {
		t.Errorf("stored name %q e-mail %q, want trimmed", u.Name, u.Email)
	}
	if _, err := st.UserByEmail(ctx, "nobody@kring.example"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown e-mail: %v, want ErrNotFound", err)
	}
	if _, err := st.UserByID(ctx, 424242); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown id: %v, want ErrNotFound", err)
	}
	// The schema refuses roles that do not exist.
	if _, err := st.CreateUser(ctx, store.NewUser{Email: "r@kring.example", Name: "R", PasswordHash: "x", Role: "king"}); err == nil {
		t.Error("a user with an unknown role was stored")
	}
	if n, _ := st.CountUsers(ctx); n != 1 {
		t.Errorf("%d users, want 1", n)
	}
}

func TestOrganisationNameUnique(t *testing.T) {
	ctx := context.Background()
	st := foundationOpen(t, filepath.Join(t.TempDir(), "kring.db"))
	if _, err := st.CreateOrganisation(ctx, "Zorggroep De Linde"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateOrganisation(ctx, "zorggroep de linde "); !errors.Is(err, store.ErrConflict) {
		t.Errorf("duplicate organisation: %v, want ErrConflict", err)
	}
	if _, err := st.Organisation(ctx, 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown organisation: %v", err)
	}
}

func TestProfilePasswordAndRole(t *testing.T) {
	ctx := context.Background()
	st := foundationOpen(t, filepath.Join(t.TempDir(), "kring.db"))
	org, _ := st.CreateOrganisation(ctx, "Team")
	id, err := st.CreateUser(ctx, store.NewUser{Email: "p@kring.example", Name: "P", PasswordHash: "old", Role: "trainee", OrgID: org})
	if err != nil {
		t.Fatal(err)
	}
	other, _ := st.CreateUser(ctx, store.NewUser{Email: "q@kring.example", Name: "Q", PasswordHash: "old", Role: "trainee", OrgID: org})
	if err := st.UpdateProfile(ctx, id, "  Piet ", "en"); err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateProfile(ctx, id, "Piet", "fr"); err == nil {
		t.Error("an unsupported language was stored")
	}
	u, _ := st.UserByID(ctx, id)
	if u.Name != "Piet" || u.Lang != "en" {
		t.Errorf("profile %q %q", u.Name, u.Lang)
	}

	for _, h := range [][]byte{[]byte("a"), []byte("b")} {
		if err := st.CreateSession(ctx, h, id, time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.CreateSession(ctx, []byte("q"), other, time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := st.SetPassword(ctx, id, "new"); err != nil {
		t.Fatal(err)
	}
	if u, _ := st.UserByID(ctx, id); u.PasswordHash != "new" {
		t.Errorf("hash %q", u.PasswordHash)
	}
	for _, h := range []string{"a", "b"} {
		if _, _, err := st.SessionUser(ctx, []byte(h)); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("session %s survived the password change: %v", h, err)
		}
	}
	if _, _, err := st.SessionUser(ctx, []byte("q")); err != nil {
		t.Errorf("someone else's session ended: %v", err)
	}

	if err := st.SetRole(ctx, id, "coach"); err != nil {
		t.Fatal(err)
	}
	if u, _ := st.UserByID(ctx, id); u.Role != "coach" {
		t.Errorf("role %q", u.Role)
	}
	if err := st.SetRole(ctx, 9999, "coach"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetRole of nobody: %v, want ErrNotFound", err)
	}
	if err := st.SetRole(ctx, id, "king"); err == nil {
		t.Error("an unknown role was stored")
	}

	coaches, _ := st.ListUsers(ctx, store.UsersFilter{Role: "coach"})
	if len(coaches) != 1 || coaches[0].ID != id {
		t.Errorf("coaches %v", coaches)
	}
	inOrg, _ := st.ListUsers(ctx, store.UsersFilter{OrgID: org})
	if len(inOrg) != 2 || inOrg[0].Name != "Piet" || inOrg[0].OrgName != "Team" {
		t.Errorf("people of the organisation: %v", inOrg)
	}
	if none, _ := st.ListUsers(ctx, store.UsersFilter{OrgID: org + 1}); len(none) != 0 {
		t.Errorf("people of another organisation: %v", none)
	}
}

func TestAcceptInvite(t *testing.T) {
	ctx := context.Background()
	clk := &foundationClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	st := foundationOpen(t, filepath.Join(t.TempDir(), "kring.db"), store.WithClock(clk.Now))
	org, _ := st.CreateOrganisation(ctx, "Team")
	by, _ := st.CreateUser(ctx, store.NewUser{Email: "admin@kring.example", Name: "Admin", PasswordHash: "x", Role: "org_admin", OrgID: org})
	tok := []byte("invite-token-hash")
	if _, err := st.CreateInvite(ctx, tok, org, "coach", "new@kring.example", by, 24*time.Hour); err != nil {
		t.Fatal(err)
	}
	inv, err := st.InviteByToken(ctx, tok)
	if err != nil || inv.OrgName != "Team" || inv.Role != "coach" || !inv.Open(clk.Now()) {
		t.Fatalf("invite %+v %v", inv, err)
	}
	// Role and organisation come from the invite, not from the caller.
	id, err := st.AcceptInvite(ctx, tok, store.NewUser{Email: "new@kring.example", Name: "New", PasswordHash: "x", Role: "muni_admin"})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := st.UserByID(ctx, id)
	if u.Role != "coach" || u.OrgID != org {
		t.Errorf("accepted user role %q org %d", u.Role, u.OrgID)
	}
	inv, _ = st.InviteByToken(ctx, tok)
	if inv.UsedAt.IsZero() || inv.UsedBy != id || inv.Open(clk.Now()) {
		t.Errorf("invite not marked used: %+v", inv)
	}
	if _, err := st.AcceptInvite(ctx, tok, store.NewUser{Email: "other@kring.example", Name: "Other", PasswordHash: "x"}); !errors.Is(err, store.ErrInviteUsed) {
		t.Errorf("second AcceptInvite: %v, want ErrInviteUsed", err)
	}
	if _, err := st.UserByEmail(ctx, "other@kring.example"); !errors.Is(err, store.ErrNotFound) {
		t.Error("a used invite made a second account")
	}

	// An e-mail conflict leaves the invite unused.
	tok2 := []byte("invite-two")
	if _, err := st.CreateInvite(ctx, tok2, org, "trainee", "", by, 24*time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AcceptInvite(ctx, tok2, store.NewUser{Email: "NEW@kring.example", Name: "Dup", PasswordHash: "x"}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("accept with a taken e-mail: %v, want ErrConflict", err)
	}
	if inv, _ := st.InviteByToken(ctx, tok2); !inv.UsedAt.IsZero() {
		t.Error("a failed accept spent the invite")
	}
	// Expired.
	clk.advance(24 * time.Hour)
	if inv, _ := st.InviteByToken(ctx, tok2); inv.Open(clk.Now()) {
		t.Error("invite open after its lifetime")
	}
	if _, err := st.AcceptInvite(ctx, tok2, store.NewUser{Email: "late@kring.example", Name: "Late", PasswordHash: "x"}); !errors.Is(err, store.ErrInviteUsed) {
		t.Errorf("expired AcceptInvite: %v, want ErrInviteUsed", err)
	}
	if _, err := st.AcceptInvite(ctx, []byte("nope"), store.NewUser{Email: "n@kring.example", Name: "N", PasswordHash: "x"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown invite: %v, want ErrNotFound", err)
	}
	if _, err := st.InviteByToken(ctx, []byte("nope")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown invite lookup: %v", err)
	}
	list, _ := st.ListInvites(ctx, org)
	if len(list) != 2 {
		t.Errorf("%d invites listed, want 2", len(list))
	}
}

func TestGroupsMembersMeetings(t *testing.T) {
	ctx := context.Background()
	clk := &foundationClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	st := foundationOpen(t, filepath.Join(t.TempDir(), "kring.db"), store.WithClock(clk.Now))
	coach, _ := st.CreateUser(ctx, store.NewUser{Email: "c@kring.example", Name: "Coach", PasswordHash: "x", Role: "coach"})
	a, _ := st.CreateUser(ctx, store.NewUser{Email: "a@kring.example", Name: "Anna", PasswordHash: "x", Role: "trainee"})
	b, _ := st.CreateUser(ctx, store.NewUser{Email: "b@kring.example", Name: "Bram", PasswordHash: "x", Role: "trainee"})
	g, err := st.CreateGroup(ctx, " Groep ", "", coach)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ { // adding twice is fine
		if err := st.AddMember(ctx, g, a); err != nil {
			t.Fatal(err)
		}
	}
	if ok, _ := st.IsMember(ctx, g, a); !ok {
		t.Error("a is not a member")
	}
	if ok, _ := st.IsMember(ctx, g, coach); ok {
		t.Error("the coach counts as a member")
	}
	if gr, _ := st.Group(ctx, g); gr.Name != "Groep" || gr.Members != 1 || gr.CoachName != "Coach" {
		t.Errorf("group %+v", gr)
	}
	if mine, _ := st.GroupsFor(ctx, b, false); len(mine) != 0 {
		t.Errorf("b sees %d groups", len(mine))
	}
	if mine, _ := st.GroupsFor(ctx, a, false); len(mine) != 1 {
		t.Errorf("a sees %d groups", len(mine))
	}
	if mine, _ := st.GroupsFor(ctx, coach, false); len(mine) != 1 {
		t.Errorf("coach sees %d groups", len(mine))
	}
	mid, err := st.CreateMeeting(ctx, store.NewMeeting{GroupID: g, Method: "m", StartsAt: clk.Now().Add(24 * time.Hour), Minutes: 90, Online: true, By: coach})
	if err != nil {
		t.Fatal(err)
	}
	if up, _ := st.UpcomingMeetings(ctx, a, 5); len(up) != 1 || up[0].ID != mid {
		t.Errorf("member's upcoming meetings %v", up)
	}
	if up, _ := st.UpcomingMeetings(ctx, b, 5); len(up) != 0 {
		t.Errorf("non-member's upcoming meetings %v", up)
	}
	if err := st.RemoveMember(ctx, g, a); err != nil {
		t.Fatal(err)
	}
	if up, _ := st.UpcomingMeetings(ctx, a, 5); len(up) != 0 {
		t.Errorf("removed member still has upcoming meetings")
	}
	clk.advance(48 * time.Hour)
	if up, _ := st.UpcomingMeetings(ctx, coach, 5); len(up) != 0 {
		t.Errorf("a meeting of two days ago is upcoming")
	}
	if _, err := st.Group(ctx, 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown group: %v", err)
	}
	if _, err := st.Meeting(ctx, 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown meeting: %v", err)
	}
}
