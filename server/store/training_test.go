package store

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// The definition starts unset, a change records who, when, old (the default the first time) and
// new, and saving the same definition again records nothing.
func TestTrainingDefinitionAndItsHistory(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t, filepath.Join(t.TempDir(), "kring.db"))
	defer s.Close()
	org, _ := s.CreateOrganisation(ctx, "Team A")
	other, _ := s.CreateOrganisation(ctx, "Team B")
	by, _ := s.CreateUser(ctx, NewUser{Email: "c@x.nl", Name: "Cora Coördinator", PasswordHash: "x", Role: "org_admin", OrgID: org})
	if _, set, err := s.TrainingDefinition(ctx, org); err != nil || set {
		t.Fatalf("new organisation has a definition: %v %v", set, err)
	}
	def := TrainingDefinition{Modules: []string{"a", "b"}, MinMeetings: 2, WindowMonths: 12}
	first := TrainingDefinition{Modules: []string{"a"}, MinMeetings: 1, WindowMonths: 6}
	if err := s.SetTrainingDefinition(ctx, org, by, first, def); err != nil {
		t.Fatal(err)
	}
	second := TrainingDefinition{Modules: []string{"a", "c"}, MinMeetings: 3, WindowMonths: 12}
	for range 2 { // the second time is no change
		if err := s.SetTrainingDefinition(ctx, org, by, second, def); err != nil {
			t.Fatal(err)
		}
	}
	got, set, err := s.TrainingDefinition(ctx, org)
	if err != nil || !set || !slices.Equal(got.Modules, second.Modules) || got.MinMeetings != 3 || got.WindowMonths != 12 {
		t.Fatalf("definition %+v %v %v", got, set, err)
	}
	changes, err := s.DefinitionChanges(ctx, org)
	if err != nil || len(changes) != 2 {
		t.Fatalf("changes %+v, %v; want 2", changes, err)
	}
	if c := changes[1]; c.By != "Cora Coördinator" || !slices.Equal(c.Old.Modules, def.Modules) || c.New.MinMeetings != 1 || c.At.IsZero() {
		t.Errorf("first change %+v", c)
	}
	if c := changes[0]; !slices.Equal(c.Old.Modules, []string{"a"}) || !slices.Equal(c.New.Modules, []string{"a", "c"}) {
		t.Errorf("latest change %+v", c)
	}
	if cs, _ := s.DefinitionChanges(ctx, other); len(cs) != 0 {
		t.Errorf("another organisation has changes %+v", cs)
	}
	all, err := s.TrainingDefinitions(ctx)
	if err != nil || len(all) != 1 || all[org].MinMeetings != 3 {
		t.Errorf("all definitions %+v %v", all, err)
	}
	if err := s.SetTrainingDefinition(ctx, org, by, TrainingDefinition{MinMeetings: -1, WindowMonths: 12}, def); err == nil {
		t.Error("a negative number of meetings was stored")
	}
}

// StaffTraining returns per person certificates, closed meetings attended with the minutes
// between opening and close (overlaps once), current groups, progress markers without text,
// last activity; only the asked organisation.
func TestStaffTraining(t *testing.T) {
	ctx := context.Background()
	base := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	s, err := Open(ctx, filepath.Join(t.TempDir(), "kring.db"), WithClock(func() time.Time { return base }))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, _ := s.CreateOrganisation(ctx, "Team A")
	b, _ := s.CreateOrganisation(ctx, "Team B")
	ann, _ := s.CreateUser(ctx, NewUser{Email: "ann@x.nl", Name: "Ann", PasswordHash: "x", Role: "trainee", OrgID: a})
	bob, _ := s.CreateUser(ctx, NewUser{Email: "bob@x.nl", Name: "Bob", PasswordHash: "x", Role: "trainee", OrgID: a})
	cat, _ := s.CreateUser(ctx, NewUser{Email: "cat@x.nl", Name: "Cat", PasswordHash: "x", Role: "trainee", OrgID: b})
	coach, _ := s.CreateUser(ctx, NewUser{Email: "coach@x.nl", Name: "Coach", PasswordHash: "x", Role: "coach", OrgID: b})
	g, _ := s.CreateGroup(ctx, "Groep Noord", "", coach)
	for _, u := range []int64{ann, cat} {
		if err := s.AddMember(ctx, g, u); err != nil {
			t.Fatal(err)
		}
	}
	held := base.AddDate(0, -2, 0)
	m, _ := s.CreateMeeting(ctx, NewMeeting{GroupID: g, Method: "x", StartsAt: held, Minutes: 90, By: coach})
	planned, _ := s.CreateMeeting(ctx, NewMeeting{GroupID: g, Method: "x", StartsAt: base.AddDate(0, 0, 3), Minutes: 90, By: coach})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.SetMeetingStatus(ctx, m, "live", held))
	must(s.SetMeetingStatus(ctx, m, "closed", held.Add(90*time.Minute)))
	// Ann: in the room 10 minutes before opening (not counted), two overlapping tabs, and after
	// the close (not counted): 0–60 and 30–80 count as 80 minutes.
	must(s.RecordAttendance(ctx, m, ann, held.Add(-10*time.Minute), held.Add(60*time.Minute)))
	must(s.RecordAttendance(ctx, m, ann, held.Add(30*time.Minute), held.Add(80*time.Minute)))
	must(s.RecordAttendance(ctx, m, cat, held, held.Add(200*time.Minute)))
	// Bob only waited before the opening: not attended.
	must(s.RecordAttendance(ctx, m, bob, held.Add(-20*time.Minute), held))
	must(s.RecordAttendance(ctx, planned, bob, base, base.Add(time.Hour))) // not closed
	issued := base.AddDate(0, -5, 0)
	if _, err := s.IssueCertificate(ctx, NewCertificate{UserID: ann, Module: "snv-visie", ModuleTitle: "Visie", ModuleVersion: 1, Hours: 2.5, IssuedAt: issued}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.OpenLesson(ctx, bob, "netwerk-in-kaart", "intro", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveAnswer(ctx, Answer{UserID: bob, Module: "netwerk-in-kaart", PromptID: "r1", Text: "mijn geheime reflectie", Option: -1}, nil); err != nil {
		t.Fatal(err)
	}

	recs, err := s.StaffTraining(ctx, a, base.AddDate(-3, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Name != "Ann" || recs[1].Name != "Bob" {
		t.Fatalf("records %+v, want Ann and Bob of Team A", recs)
	}
	annR, bobR := recs[0], recs[1]
	if len(annR.Certificates) != 1 || !annR.Certificates[0].IssuedAt.Equal(issued) || annR.Certificates[0].Hours != 2.5 {
		t.Errorf("Ann's certificates %+v", annR.Certificates)
	}
	if len(annR.Meetings) != 1 || annR.Meetings[0].Minutes != 80 || annR.Meetings[0].GroupName != "Groep Noord" || !annR.Meetings[0].HeldAt.Equal(held) {
		t.Errorf("Ann's meetings %+v, want one of 80 minutes in Groep Noord", annR.Meetings)
	}
	if len(annR.Groups) != 1 || annR.Groups[0].Name != "Groep Noord" {
		t.Errorf("Ann's groups %+v", annR.Groups)
	}
	if want := held.Add(80 * time.Minute); !annR.LastActivity.Equal(want) {
		t.Errorf("Ann's last activity %v, want %v", annR.LastActivity, want)
	}
	if len(bobR.Meetings) != 0 || len(bobR.Groups) != 0 {
		t.Errorf("Bob attended %+v in groups %+v, want none", bobR.Meetings, bobR.Groups)
	}
	p := bobR.Progress["netwerk-in-kaart"]
	if p == nil || len(p.Opened) != 1 || p.Answers["r1"] == nil || p.Answers["r1"].Text != "1" {
		t.Errorf("Bob's progress %+v", p)
	}
	if !bobR.LastActivity.Equal(base) {
		t.Errorf("Bob's last activity %v", bobR.LastActivity)
	}
	// A window that starts after the meeting leaves it out.
	recs, _ = s.StaffTraining(ctx, a, held.Add(time.Hour))
	if len(recs[0].Meetings) != 0 {
		t.Errorf("meeting before since returned: %+v", recs[0].Meetings)
	}
	all, err := s.StaffTraining(ctx, 0, base.AddDate(-3, 0, 0))
	if err != nil || len(all) != 4 {
		t.Fatalf("all records: %d, %v", len(all), err)
	}
	if all[2].Name != "Cat" || len(all[2].Meetings) != 1 || all[2].Meetings[0].Minutes != 90 {
		t.Errorf("Cat: %+v", all[2])
	}
}

func TestUnionMS(t *testing.T) {
	cases := []struct {
		spans []msSpan
		want  int64
	}{
		{nil, 0},
		{[]msSpan{{0, 10}}, 10},
		{[]msSpan{{20, 30}, {0, 10}}, 20},
		{[]msSpan{{0, 10}, {5, 15}, {15, 20}}, 20},
		{[]msSpan{{0, 100}, {10, 20}}, 100},
	}
	for _, tc := range cases {
		if got := unionMS(tc.spans); got != tc.want {
			t.Errorf("union %v = %d, want %d", tc.spans, got, tc.want)
		}
	}
}
