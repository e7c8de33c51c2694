package demo

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"kring/server/room"
	"kring/server/store"
)

// A small generated municipality has exactly the requested counts, is what the live room
// would have recorded (the report folds from the stored events), and is the same for a seed.
func TestGenerateSmallSize(t *testing.T) {
	ctx := context.Background()
	end := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	size := Size{Orgs: 4, People: 60, Groups: 5, Meetings: 12, Years: 1, Seed: 7, End: end, PasswordHash: "x"}
	st := openStore(t)
	out, err := Generate(ctx, st, size)
	if err != nil {
		t.Fatal(err)
	}
	if out.Orgs != 4 || out.People != 60 || out.Groups != 5 || out.ClosedMeetings != 12 || out.PlannedMeetings != 5 {
		t.Errorf("counts %+v, want 4 organisations, 60 people, 5 groups, 12 closed and 5 planned meetings", out)
	}
	orgs, _ := st.ListOrganisations(ctx)
	n, _ := st.CountUsers(ctx)
	groups, _ := st.GroupsFor(ctx, 0, true)
	if len(orgs) != 4 || n != 60 || len(groups) != 5 {
		t.Errorf("stored: %d organisations, %d people, %d groups", len(orgs), n, len(groups))
	}
	closed := 0
	for _, g := range groups {
		ms, err := st.MeetingsOfGroup(ctx, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.Status != "closed" {
				continue
			}
			closed++
			if m.ClosedAt.After(end) || m.ClosedAt.Before(end.AddDate(-1, 0, 0)) {
				t.Errorf("meeting %d closed at %v, outside the year of history", m.ID, m.ClosedAt)
			}
		}
	}
	if closed != 12 {
		t.Errorf("%d closed meetings stored, want 12", closed)
	}
	// The stored report is the one the room builds from the stored events.
	evs, err := st.MeetingEvents(ctx, 1)
	if err != nil || len(evs) == 0 {
		t.Fatalf("events of meeting 1: %d, %v", len(evs), err)
	}
	var folded []room.Event
	for _, e := range evs {
		var ev room.Event
		if err := json.Unmarshal(e.Data, &ev); err != nil {
			t.Fatal(err)
		}
		ev.Seq = e.Seq
		folded = append(folded, ev)
	}
	stt := room.Fold(room.Meeting{ID: 1}, folded)
	_, data, _, err := st.Report(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	var rep room.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if stt.Status != "closed" || len(rep.Bottlenecks) == 0 || len(rep.Attendees) == 0 {
		t.Errorf("meeting 1: status %q, %d bottlenecks, %d attendees", stt.Status, len(rep.Bottlenecks), len(rep.Attendees))
	}
	themed := 0
	for _, c := range stt.Cards {
		if c.Theme != "" {
			themed++
		}
	}
	totals, _ := st.ThemeTotals(ctx, store.ThemeFilter{})
	if len(totals) == 0 || totals[len(totals)-1].Cards != out.ThemedCards || themed == 0 {
		t.Errorf("themed cards: %d generated, totals %+v, %d in meeting 1", out.ThemedCards, totals, themed)
	}

	// Members have a stay in the membership history from when they were added (so they read
	// the reports of their meetings), and the group is open to their organisations.
	members, err := st.Members(ctx, 1)
	if err != nil || len(members) == 0 {
		t.Fatalf("members of group 1: %d, %v", len(members), err)
	}
	stays, err := st.Stays(ctx, 1, members[0].UserID)
	if err != nil || len(stays) != 1 || !stays[0].Left.IsZero() {
		t.Errorf("stays of a generated member: %+v, %v; want one open stay", stays, err)
	}
	if open, err := st.GroupOrganisations(ctx, 1); err != nil || len(open) == 0 {
		t.Errorf("group 1 is open to no organisation: %v, %v", open, err)
	}

	// A certificate stands on completed lessons, as "Les afronden" records them.
	checked := false
	for id := int64(1); id <= 60 && !checked; id++ {
		certs, err := st.CertificatesOf(ctx, id)
		if err != nil || len(certs) == 0 {
			continue
		}
		p, err := st.Progress(ctx, id, certs[0].Module)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Completed) == 0 || len(p.Completed) != len(p.Opened) {
			t.Errorf("person %d has a certificate of %s with %d of %d opened lessons completed", id, certs[0].Module, len(p.Completed), len(p.Opened))
		}
		checked = true
	}
	if !checked {
		t.Error("nobody of 60 people has a certificate")
	}

	// The same seed gives the same data set; a non-empty database is refused.
	again := openStore(t)
	out2, err := Generate(ctx, again, size)
	if err != nil || out2 != out {
		t.Errorf("second run: %+v, %v; want %+v", out2, err, out)
	}
	evs2, _ := again.MeetingEvents(ctx, 1)
	if len(evs2) != len(evs) || string(evs2[len(evs2)-1].Data) != string(evs[len(evs)-1].Data) {
		t.Error("the same seed wrote different events")
	}
	if _, err := Generate(ctx, st, size); !errors.Is(err, store.ErrNotEmpty) {
		t.Errorf("generate into a filled database: %v, want ErrNotEmpty", err)
	}
	if _, err := Generate(ctx, openStore(t), Size{Orgs: 4, People: 5, Groups: 5, Years: 1}); err == nil {
		t.Error("too few people for the organisations and groups was accepted")
	}
}

// Every theme has card texts on both boards, so a generated card's text fits its theme.
func TestEveryThemeHasTexts(t *testing.T) {
	for _, th := range room.Themes() {
		if len(successTexts[th]) == 0 || len(bottleneckTexts[th]) == 0 {
			t.Errorf("theme %q lacks success or bottleneck texts", th)
		}
	}
}
