package server

import (
	"github.com/gofiber/fiber/v2"
)

// memberRemoved disconnects a person who was taken out of a group from the group's live rooms.
func (s *Server) memberRemoved(c *fiber.Ctx, groupID, userID int64) {
	if s.rooms == nil {
		return
	}
	meetings, err := s.store.MeetingsOfGroup(c.UserContext(), groupID)
	if err != nil {
		s.log.Warn("member removed: list meetings", "err", err)
		return
	}
	for _, m := range meetings {
		if m.Status == "live" || m.Status == "planned" {
			s.rooms.Kick(m.ID, userID)
		}
	}
}
