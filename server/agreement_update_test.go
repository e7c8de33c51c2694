package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"kring/server/room"
)

// After the meeting its coach says who owns an agreement written for nobody, and by when, on
// the report page: it then shows on that member's "Mijn afspraken" and nowhere else. A member
// reading the same report gets no form and may not post one; an owner from outside the group,
// a date that is no date and an agreement of another meeting are refused and change nothing.
func TestCoachSetsAnAgreementsOwnerAfterTheMeeting(t *testing.T) {
	w := newAgreementWorld(t)
	ctx := context.Background()
	coachWS, _ := w.dial(t, "coach@kring.example", w.m1)
	coachWS.ok(room.OpMeetingStart, nil)
	coachWS.ok(room.OpCardAdd, map[string]any{"board": "agreement", "text": "Zaal reserveren", "owner": "iemand"})
	w.closeMeeting(t, coachWS, w.m1)
	made, err := w.ts.store.AgreementsMadeIn(ctx, w.m1)
	if err != nil || len(made) != 1 {
		t.Fatalf("meeting 1 made %d agreements (%v)", len(made), err)
	}
	zaal := made[0]
	report := "/meetings/" + strconv.FormatInt(w.m1, 10) + "/report"
	action := "/meetings/" + strconv.FormatInt(w.m1, 10) + "/agreements/" + strconv.FormatInt(zaal.ID, 10)
	coach, sanne := w.ts.as("coach@kring.example"), w.ts.as("deelnemer1@kring.example")

	p := coach.get(report)
	if p.Status != http.StatusOK || !strings.Contains(p.Body, `action="`+action+`"`) || !strings.Contains(p.Body, "Op het kaartje: iemand") {
		t.Fatalf("the coach's report page has no form for the agreement (status %d)", p.Status)
	}
	if p := sanne.get(report); p.Status != http.StatusOK || strings.Contains(p.Body, `action="`+action+`"`) {
		t.Errorf("a member's report page: status %d, with the coach's form: %v", p.Status, strings.Contains(p.Body, action))
	}
	unchanged := func(when string) {
		t.Helper()
		got, err := w.ts.store.AgreementsMadeIn(ctx, w.m1)
		if err != nil || len(got) != 1 || got[0] != zaal {
			t.Fatalf("%s: the agreement changed to %+v (%v)", when, got, err)
		}
	}
	youssef := strconv.FormatInt(w.youssef, 10)
	refusals := []struct {
		name   string
		by     *client
		path   string
		form   url.Values
		status int
		msg    string
	}{
		{"a member", sanne, action, url.Values{"owner": {youssef}}, http.StatusForbidden, ""},
		{"an owner outside the group", coach, action, url.Values{"owner": {strconv.FormatInt(w.ts.userID(w.ts.outsider()), 10)}}, http.StatusUnprocessableEntity, "Kies iemand uit de groep"},
		{"an owner that is no number", coach, action, url.Values{"owner": {"Youssef"}}, http.StatusUnprocessableEntity, "Kies iemand uit de groep"},
		{"a date that is no date", coach, action, url.Values{"owner": {youssef}, "due": {"31-12-2026"}}, http.StatusUnprocessableEntity, "Vul een datum in"},
		{"another meeting's path", coach, "/meetings/" + strconv.FormatInt(w.m2, 10) + "/agreements/" + strconv.FormatInt(zaal.ID, 10), url.Values{"owner": {youssef}}, http.StatusNotFound, ""},
	}
	for _, r := range refusals {
		p := r.by.post(r.path, r.form)
		if p.Status != r.status || !strings.Contains(p.Body, r.msg) {
			t.Errorf("%s: status %d, want %d with %q", r.name, p.Status, r.status, r.msg)
		}
		if r.status == http.StatusUnprocessableEntity && !strings.Contains(p.Body, `aria-invalid="true"`) {
			t.Errorf("%s: the field in error is not marked", r.name)
		}
		unchanged(r.name)
	}
	if got := myAgreementTexts(t, w.home(t, "deelnemer2@kring.example")); len(got) != 0 {
		t.Fatalf("Youssef has agreements before the coach gave him one: %q", got)
	}

	due := time.Now().AddDate(0, 0, 10).Format(time.DateOnly)
	p = coach.post(action, url.Values{"owner": {youssef}, "due": {due}})
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, report+"?saved=") {
		t.Fatalf("the coach's change: status %d, location %q", p.Status, p.Location)
	}
	if p := coach.get(p.Location); !strings.Contains(p.Body, "Opgeslagen.") || !strings.Contains(p.Body, `value="`+due+`"`) {
		t.Error("the report page does not confirm the change with the new date")
	}
	if got := myAgreementTexts(t, w.home(t, "deelnemer2@kring.example")); len(got) != 1 || got[0] != "Zaal reserveren" {
		t.Errorf("Youssef's agreements after the coach gave him one: %q", got)
	}
	if got := myAgreementTexts(t, w.home(t, "deelnemer1@kring.example")); len(got) != 0 {
		t.Errorf("Sanne sees %q", got)
	}
	as, err := w.ts.store.AgreementsForMeeting(ctx, w.m2)
	if err != nil || len(as) != 1 || as[0].OwnerID != w.youssef || as[0].OwnerName != "Youssef El Idrissi" || as[0].Due != due {
		t.Errorf("the next meeting looks back at %+v (%v)", as, err)
	}
}
