package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"kring/server/auth"
	"kring/server/store"
)

// A coach who still leads a group cannot be made a trainee: the group would be left without a
// coach while the person kept steering its live room. A coach without a group can be.
func TestDemotingACoachWithAGroupIsRefused(t *testing.T) {
	ts := newTestServer(t).withDemo()
	ctx := context.Background()
	admin := ts.as("gemeente@kring.example")
	coach, _ := ts.store.UserByEmail(ctx, "coach@kring.example")
	p := admin.post("/admin/users/"+strconv.FormatInt(coach.ID, 10)+"/role", url.Values{"role": {"trainee"}})
	if p.Status != http.StatusSeeOther || !strings.Contains(p.Location, "refused=") {
		t.Fatalf("demoting the demo coach: status %d, location %q", p.Status, p.Location)
	}
	if u, _ := ts.store.UserByEmail(ctx, "coach@kring.example"); u.Role != string(auth.Coach) {
		t.Fatalf("role became %s", u.Role)
	}
	if page := admin.get(p.Location); !strings.Contains(page.Body, "begeleidt nog een intervisiegroep") {
		t.Error("the refusal is not explained on the page")
	}

	id, err := ts.store.CreateUser(ctx, store.NewUser{Email: "losse.coach@kring.example", Name: "Losse Coach",
		PasswordHash: coach.PasswordHash, Role: string(auth.Coach), OrgID: coach.OrgID})
	if err != nil {
		t.Fatal(err)
	}
	p = admin.post("/admin/users/"+strconv.FormatInt(id, 10)+"/role", url.Values{"role": {"trainee"}})
	if p.Status != http.StatusSeeOther || !strings.Contains(p.Location, "saved=") {
		t.Fatalf("demoting a coach without a group: status %d, location %q", p.Status, p.Location)
	}
	if u, _ := ts.store.UserByID(ctx, id); u.Role != string(auth.Trainee) {
		t.Fatalf("role is %s, want trainee", u.Role)
	}
}

// The municipality admin hands a group to another coach; after that the old coach can be given
// another role. Nobody else may change a group's coach, and only a coach can become one.
func TestHandingAGroupToAnotherCoach(t *testing.T) {
	ts := newTestServer(t).withDemo()
	ctx := context.Background()
	m := ts.demoMeeting()
	old, _ := ts.store.UserByEmail(ctx, "coach@kring.example")
	newID, err := ts.store.CreateUser(ctx, store.NewUser{Email: "nieuwe.coach@kring.example", Name: "Nieuwe Coach",
		PasswordHash: old.PasswordHash, Role: string(auth.Coach), OrgID: old.OrgID})
	if err != nil {
		t.Fatal(err)
	}
	path := "/groups/" + strconv.FormatInt(m.GroupID, 10) + "/coach"
	if p := ts.as("coach@kring.example").post(path, url.Values{"coach": {strconv.FormatInt(newID, 10)}}); p.Status != http.StatusForbidden {
		t.Errorf("a coach changed the group's coach: status %d", p.Status)
	}
	admin := ts.as("gemeente@kring.example")
	trainee := ts.userID("deelnemer1@kring.example")
	if p := admin.post(path, url.Values{"coach": {strconv.FormatInt(trainee, 10)}}); p.Status != http.StatusUnprocessableEntity || !strings.Contains(p.Body, "Kies een coach") {
		t.Errorf("a trainee as coach: status %d", p.Status)
	}
	if g, _ := ts.store.Group(ctx, m.GroupID); g.CoachID != old.ID {
		t.Fatalf("the coach changed on bad input")
	}
	if p := admin.post(path, url.Values{"coach": {strconv.FormatInt(newID, 10)}}); p.Status != http.StatusSeeOther {
		t.Fatalf("hand over: status %d", p.Status)
	}
	if g, _ := ts.store.Group(ctx, m.GroupID); g.CoachID != newID {
		t.Fatalf("coach is %d, want %d", g.CoachID, newID)
	}
	p := admin.post("/admin/users/"+strconv.FormatInt(old.ID, 10)+"/role", url.Values{"role": {"trainee"}})
	if !strings.Contains(p.Location, "saved=") {
		t.Errorf("the old coach, now without a group, could not be made a trainee: %q", p.Location)
	}
}
