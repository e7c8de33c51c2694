package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// meetingFacts loads what the ownership rules need to know about a meeting and the person:
// whether they are a member of its group now, and whether they were while it was held.
func (s *Server) meetingFacts(c *fiber.Ctx, m *store.Meeting, u *store.User) (auth.Meeting, error) {
	ctx := c.UserContext()
	member, err := s.store.IsMember(ctx, m.GroupID, u.ID)
	if err != nil {
		return auth.Meeting{}, err
	}
	stays, err := s.store.Stays(ctx, m.GroupID, u.ID)
	if err != nil {
		return auth.Meeting{}, err
	}
	as := make([]auth.Stay, len(stays))
	for i, st := range stays {
		as[i] = auth.Stay{Joined: st.Joined, Left: st.Left}
	}
	start := m.OpenedAt
	if start.IsZero() {
		start = m.StartsAt
	}
	return auth.Meeting{CoachID: m.CoachID, Member: member, MemberAtTheTime: auth.HeldDuring(as, start, m.ClosedAt)}, nil
}

// meetingAccess loads the meeting in the URL and checks the person may use it: the live room
// by auth.CanJoinMeeting, the report (report true) by auth.CanReadReport. Anyone else gets 404,
// so meeting ids reveal nothing. coach reports whether the person steers the room.
func (s *Server) meetingAccess(c *fiber.Ctx, report bool) (m *store.Meeting, coach bool, err error) {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return nil, false, fiber.ErrNotFound
	}
	m, err = s.store.Meeting(c.UserContext(), int64(id))
	if err != nil {
		return nil, false, err
	}
	u := currentUser(c)
	facts, err := s.meetingFacts(c, m, u)
	if err != nil {
		return nil, false, err
	}
	p := person(u)
	ok := auth.CanJoinMeeting(p, facts)
	if report {
		ok = auth.CanReadReport(p, facts)
	}
	if !ok {
		return nil, false, fiber.ErrNotFound
	}
	return m, auth.SteersMeeting(p, facts), nil
}
