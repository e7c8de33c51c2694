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
