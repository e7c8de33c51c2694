package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"kring/server/store"
)

// TestMeetingWithMember: the one read gives the same meeting as Meeting and the same answer
// as IsMember, for a member, the coach, someone else, a person removed, and no such meeting.
func TestMeetingWithMember(t *testing.T) {
	ctx := context.Background()
	st := foundationOpen(t, filepath.Join(t.TempDir(), "kring.db"))
	org, _ := st.CreateOrganisation(ctx, "Org")
	coach, _ := st.CreateUser(ctx, store.NewUser{Email: "c@kring.example", Name: "Coach", PasswordHash: "x", Role: "coach", OrgID: org})
	a, _ := st.CreateUser(ctx, store.NewUser{Email: "a@kring.example", Name: "Anna", PasswordHash: "x", Role: "trainee", OrgID: org})
	b, _ := st.CreateUser(ctx, store.NewUser{Email: "b@kring.example", Name: "Bram", PasswordHash: "x", Role: "trainee", OrgID: org})
	g, err := st.CreateGroup(ctx, "Groep", "", coach)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := st.CreateGroup(ctx, "Andere groep", "", coach)
	for _, add := range [][2]int64{{g, a}, {g, b}, {other, b}} {
		if err := st.AddMember(ctx, add[0], add[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.RemoveMember(ctx, g, b); err != nil {
		t.Fatal(err)
	}
	id, err := st.CreateMeeting(ctx, store.NewMeeting{GroupID: g, Title: "Intervisie", Method: "incident", StartsAt: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), Minutes: 90})
	if err != nil {
		t.Fatal(err)
	}
	want, err := st.Meeting(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		user   int64
		member bool
	}{{"member", a, true}, {"coach", coach, false}, {"removed, member elsewhere", b, false}} {
		m, member, err := st.MeetingWithMember(ctx, id, tc.user)
		if err != nil || !reflect.DeepEqual(m, want) || member != tc.member {
			t.Errorf("%s: %+v member=%v %v; want %+v member=%v", tc.name, m, member, err, want, tc.member)
		}
		if is, _ := st.IsMember(ctx, g, tc.user); is != member {
			t.Errorf("%s: IsMember %v, MeetingWithMember %v", tc.name, is, member)
		}
	}
	if _, _, err := st.MeetingWithMember(ctx, id+100, a); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("no such meeting: %v, want ErrNotFound", err)
	}
}
