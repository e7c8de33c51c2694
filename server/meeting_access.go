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
	return facts(m, member, authStays(stays)), nil
}

// memberFacts is meetingFacts without the stays: auth.CanJoinMeeting and auth.SteersMeeting
// ask only whether the person is the coach or a member now, and every room join passes here,
// so it spares the read of whether they were a member while the meeting was held.
func (s *Server) memberFacts(c *fiber.Ctx, m *store.Meeting, u *store.User) (auth.Meeting, error) {
	member, err := s.store.IsMember(c.UserContext(), m.GroupID, u.ID)
	if err != nil {
		return auth.Meeting{}, err
	}
	return facts(m, member, nil), nil
}

// facts is what the rules know about a meeting, given the person's membership and stays.
func facts(m *store.Meeting, member bool, stays []auth.Stay) auth.Meeting {
	start := m.OpenedAt // when it was held; a meeting never opened counts from its planned start
	if start.IsZero() {
		start = m.StartsAt
	}
	return auth.Meeting{CoachID: m.CoachID, Member: member, MemberAtTheTime: auth.HeldDuring(stays, start, m.ClosedAt)}
}

// authStays converts the store's membership stays for the rules.
func authStays(stays []store.Stay) []auth.Stay {
	out := make([]auth.Stay, len(stays))
	for i, st := range stays {
		out[i] = auth.Stay{Joined: st.Joined, Left: st.Left}
	}
	return out
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
	var f auth.Meeting
	if report {
		f, err = s.meetingFacts(c, m, u)
	} else {
		f, err = s.memberFacts(c, m, u)
	}
	if err != nil {
		return nil, false, err
	}
	p := person(u)
	ok := auth.CanJoinMeeting(p, f)
	if report {
		ok = auth.CanReadReport(p, f)
	}
	if !ok {
		return nil, false, fiber.ErrNotFound
	}
	return m, auth.SteersMeeting(p, f), nil
}
