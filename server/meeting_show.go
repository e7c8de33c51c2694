package server

import (
	"strconv"

	"github.com/gofiber/fiber/v2"
)

// meetingShow is the live room page: the meeting's facts, and the room itself, which
// static/js/room.js builds from the websocket. Without JavaScript the page still tells when and
// where the meeting is and links the report.
func (s *Server) meetingShow(c *fiber.Ctx) error {
	m, coach, err := s.meetingAccess(c, false)
	if err != nil {
		return err
	}
	lang := st(c).lang
	var questions []map[string]string
	for _, q := range s.catalog.Questions {
		questions = append(questions, map[string]string{"id": q.ID, "text": q.Text})
	}
	id := strconv.FormatInt(m.ID, 10)
	data := s.roomData(lang)
	data["reportUrl"] = "/meetings/" + id + "/report"
	data["questions"] = questions
	if data["map"], err = s.roomMapData(c.UserContext(), lang, currentUser(c).ID, m.ID); err != nil {
		return err
	}
	method, _ := s.catalog.Method(m.Method)
	return s.render(c, "meeting_room", fiber.Map{
		"Title": m.GroupName, "Meeting": m, "Coach": coach, "Method": method, "RoomData": data,
		"ScreenURL": "/meetings/" + id + "/scherm",
		"WSURL":     "/meetings/" + id + "/ws",
		"ExtraCSS":  []string{"/static/css/room.css", "/static/css/roommap.css", "/static/css/agreements.css"},
		"Scripts":   []string{"/static/js/screen.js", "/static/js/roommap.js", "/static/js/room_agreements.js", "/static/js/room.js"},
	})
}
