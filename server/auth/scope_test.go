package auth

import (
	"testing"
	"time"
)

func TestOwnershipRules(t *testing.T) {
	coach := Person{ID: 1, Role: Coach, OrgID: 10}
	otherCoach := Person{ID: 2, Role: Coach, OrgID: 20}
	member := Person{ID: 3, Role: Trainee, OrgID: 10}
	outsider := Person{ID: 4, Role: Trainee, OrgID: 10}
	muni := Person{ID: 5, Role: MuniAdmin}
	coord := Person{ID: 6, Role: OrgAdmin, OrgID: 10}
	coord2 := Person{ID: 7, Role: OrgAdmin, OrgID: 20}
	demoted := Person{ID: 1, Role: Trainee, OrgID: 10} // the group's coach, now a trainee
	disabledCoach := Person{ID: 1, Role: Coach, OrgID: 10, Disabled: true}
	g := func(p Person) Group { return Group{CoachID: 1, Member: p.ID == 3, OpenTo: []int64{10}} }
	cases := []struct {
		name         string
		p            Person
		see, manage  bool
		setOrgs      bool
		join, report bool
	}{
		{"coach", coach, true, true, false, true, true},
		{"other coach", otherCoach, false, false, false, false, false},
		{"member", member, true, false, false, true, true},
		{"outsider", outsider, false, false, false, false, false},
		{"municipality", muni, true, true, true, false, false},
		{"coordinator", coord, false, false, false, false, false},
		{"demoted coach", demoted, false, false, false, false, false},
		{"disabled coach", disabledCoach, false, false, false, false, false},
		{"nobody", Person{}, false, false, false, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			gr := g(tc.p)
			m := Meeting{CoachID: 1, Member: gr.Member, MemberAtTheTime: gr.Member}
			if got := CanSeeGroup(tc.p, gr); got != tc.see {
				t.Errorf("CanSeeGroup %v, want %v", got, tc.see)
			}
			if got := CanManageGroup(tc.p, gr); got != tc.manage {
				t.Errorf("CanManageGroup %v, want %v", got, tc.manage)
			}
			if got := CanSetGroupOrganisations(tc.p); got != tc.setOrgs {
				t.Errorf("CanSetGroupOrganisations %v, want %v", got, tc.setOrgs)
			}
			if got := CanJoinMeeting(tc.p, m); got != tc.join {
				t.Errorf("CanJoinMeeting %v, want %v", got, tc.join)
			}
			if got := CanReadReport(tc.p, m); got != tc.report {
				t.Errorf("CanReadReport %v, want %v", got, tc.report)
			}
		})
	}
	// A member who left keeps the report of a meeting they were in; one who joined after it
	// does not get it, though they may join the next meeting.
	left := Meeting{CoachID: 1, Member: false, MemberAtTheTime: true}
	late := Meeting{CoachID: 1, Member: true, MemberAtTheTime: false}
	if !CanReadReport(member, left) || CanJoinMeeting(member, left) {
		t.Error("a removed member: wants the report, not the room")
	}
	if CanReadReport(member, late) || !CanJoinMeeting(member, late) {
		t.Error("a late joiner: wants the room, not the old report")
	}
	if !CanManagePerson(coord, member) || CanManagePerson(coord2, member) || CanManagePerson(coord, coord) ||
		CanManagePerson(coord, muni) || !CanManagePerson(muni, member) || CanManagePerson(coach, member) {
		t.Error("CanManagePerson: own organisation only, never oneself or a municipality admin")
	}
	if !CanManageInvite(coord, 10) || CanManageInvite(coord, 20) || !CanManageInvite(muni, 20) || CanManageInvite(coach, 10) {
		t.Error("CanManageInvite: own organisation for its admin, any for the municipality")
	}
	if !CanSetRole(muni, member, Coach) || CanSetRole(muni, member, MuniAdmin) || CanSetRole(muni, muni, Trainee) ||
		CanSetRole(coord, member, Coach) || CanSetRole(muni, Person{ID: 9, Role: Trainee}, Coach) {
		t.Error("CanSetRole")
	}
}

func TestCanPickMember(t *testing.T) {
	g := Group{CoachID: 1, OpenTo: []int64{10, 11}}
	cases := []struct {
		name    string
		c       Candidate
		byEmail bool
		want    bool
	}{
		{"trainee of an open organisation", Candidate{Role: Trainee, OrgID: 10}, false, true},
		{"trainee from elsewhere, picked", Candidate{Role: Trainee, OrgID: 30}, false, false},
		{"trainee from elsewhere, by exact address", Candidate{Role: Trainee, OrgID: 30}, true, true},
		{"trainee without organisation", Candidate{Role: Trainee}, false, false},
		{"disabled trainee", Candidate{Role: Trainee, OrgID: 10, Disabled: true}, true, false},
		{"coach", Candidate{Role: Coach, OrgID: 10}, true, false},
		{"coordinator", Candidate{Role: OrgAdmin, OrgID: 10}, false, false},
	}
	for _, tc := range cases {
		if got := CanPickMember(g, tc.c, tc.byEmail); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestHeldDuring(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 1, 1, h, 0, 0, 0, time.UTC) }
	start, closed := at(10), at(12)
	cases := []struct {
		name   string
		stays  []Stay
		closed time.Time
		want   bool
	}{
		{"member throughout", []Stay{{Joined: at(8)}}, closed, true},
		{"joined after the close", []Stay{{Joined: at(13)}}, closed, false},
		{"joined exactly at the close", []Stay{{Joined: at(12)}}, closed, false},
		{"joined during the meeting", []Stay{{Joined: at(11)}}, closed, true},
		{"left before the start", []Stay{{Joined: at(8), Left: at(9)}}, closed, false},
		{"left exactly at the start", []Stay{{Joined: at(8), Left: at(10)}}, closed, false},
		{"left after the meeting", []Stay{{Joined: at(8), Left: at(14)}}, closed, true},
		{"left, came back later", []Stay{{Joined: at(8), Left: at(9)}, {Joined: at(13)}}, closed, false},
		{"not closed yet, joined later", []Stay{{Joined: at(13)}}, time.Time{}, true},
		{"never a member", nil, closed, false},
	}
	for _, tc := range cases {
		if got := HeldDuring(tc.stays, start, tc.closed); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
