package server

import (
	"context"
	"fmt"
	"time"

	"kring/modules"
	"kring/server/auth"
	"kring/server/room"
	"kring/server/store"
)

// MeetingDirectory tells the live rooms what they need to know about a meeting: who may act in
// it (the coach and the group's members) and the phases of its method. It is the server's side
// of room.Directory, so the room never reads groups or content itself.
type MeetingDirectory struct {
	store   *store.Store
	catalog *modules.Catalog
}

// NewMeetingDirectory builds the directory main passes to room.NewRegistry.
func NewMeetingDirectory(st *store.Store, cat *modules.Catalog) *MeetingDirectory {
	return &MeetingDirectory{store: st, catalog: cat}
}

// Meeting implements room.Directory.
func (d *MeetingDirectory) Meeting(ctx context.Context, id int64) (room.Meeting, error) {
	m, err := d.store.Meeting(ctx, id)
	if err != nil {
		return room.Meeting{}, err
	}
	members, err := d.store.Members(ctx, m.GroupID)
	if err != nil {
		return room.Meeting{}, err
	}
	coach, err := d.store.UserByID(ctx, m.CoachID)
	if err != nil {
		return room.Meeting{}, fmt.Errorf("meeting %d coach: %w", id, err)
	}
	rm := room.Meeting{ID: m.ID, GroupID: m.GroupID, CoachID: m.CoachID, Title: m.Title, Status: m.Status,
		Members: map[int64]string{}}
	if auth.StillCoaches(person(coach)) {
		// Only a person who is still a coach steers the room.
		rm.Members[coach.ID] = coach.Name
	} else {
		rm.CoachID = 0
	}
	if rm.Title == "" {
		rm.Title = m.GroupName
	}
	for _, mem := range members {
		rm.Members[mem.UserID] = mem.Name
	}
	if method, ok := d.catalog.Method(m.Method); ok {
		rm.Method = MethodInfo(method)
	} else {
		rm.Method = room.MethodInfo{Slug: m.Method, Name: m.Method}
	}
	return rm, nil
}

// MethodInfo converts a method of the content to the room's view of it.
func MethodInfo(m *modules.Method) room.MethodInfo {
	mi := room.MethodInfo{Slug: m.Slug, Name: m.Name}
	for _, p := range m.Phases {
		mi.Phases = append(mi.Phases, room.PhaseInfo{ID: p.ID, Name: p.Name, Minutes: p.Minutes,
			Boards: p.Boards, Silent: p.Silent, Vote: p.Vote, Votes: p.Votes, Scale: p.Scale, Notes: p.Notes,
			Instruction: p.Instruction, Questions: p.Questions, Agreements: p.Agreements})
	}
	return mi
}

// Prior implements room.PriorSource: the group's open agreements from its earlier meetings,
// which the room lists in its opening phase.
func (d *MeetingDirectory) Prior(ctx context.Context, meetingID int64) ([]room.Prior, error) {
	as, err := d.store.AgreementsForMeeting(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	loc := room.DefaultLocation()
	out := make([]room.Prior, 0, len(as))
	for _, a := range as {
		out = append(out, room.Prior{ID: a.ID, Text: a.Text, Owner: a.OwnerName, OwnerID: a.OwnerID, Due: a.Due,
			MeetingID: a.MeetingID, Held: a.MeetingAt.In(loc).Format(time.DateOnly),
			Carried: a.Status == store.AgreementCarried && a.CarriedMeetingID != meetingID})
	}
	return out, nil
}
