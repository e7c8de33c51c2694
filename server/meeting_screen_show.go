package server

import (
	"strconv"

	"github.com/gofiber/fiber/v2"
)

// meetingScreenShow is the projector view of a meeting (`/meetings/{id}/scherm`): the room
// read-only in large type for the shared screen in the room (phase, instruction, timer, the
// question shown, boards, the revealed scale), live over the same websocket. room.js shows it
// as a participant would see it, so a secret vote or hidden cards stay hidden on the screen.
func (s *Server) meetingScreenShow(c *fiber.Ctx) error {
	m, _, err := s.meetingAccess(c, false)
	if err != nil {
		return err
	}
	lang := st(c).lang
	id := strconv.FormatInt(m.ID, 10)
	mapData, err := s.roomMapData(c.UserContext(), lang, 0, m.ID)
	if err != nil {
		return err
	}
	data := s.roomData(lang)
	data["map"] = mapData
	method, _ := s.catalog.Method(m.Method)
	return s.renderIn(c, "layouts/screen", "meeting_screen", fiber.Map{
		"Title": s.msg.T(lang, "room.screen.title"), "Meeting": m, "Method": method,
		"RoomData": data,
		"WSURL":    "/meetings/" + id + "/ws",
		"ExtraCSS": []string{"/static/css/room.css", "/static/css/roommap.css", "/static/css/agreements.css"},
		"Scripts":  []string{"/static/js/roommap.js", "/static/js/room_agreements.js", "/static/js/room.js"},
	})
}
