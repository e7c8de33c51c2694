package server

import (
	"errors"
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/gorilla/websocket"

	"kring/server/room"
)

// meetingSocket upgrades to the live room's websocket for the group's coach and members. The
// room registry checks the Origin, and re-checks membership on every action.
func (s *Server) meetingSocket(c *fiber.Ctx) error {
	m, coach, err := s.meetingAccess(c, false)
	if err != nil {
		return err
	}
	if s.rooms == nil {
		return fiber.ErrServiceUnavailable
	}
	u := currentUser(c)
	p := room.Participant{UserID: u.ID, Name: u.Name, Coach: coach, Lang: st(c).lang}
	// fasthttp's adaptor runs h in its own goroutine and returns as soon as the connection is
	// hijacked, while Serve may still be returning: the outcome comes through a channel, and
	// is there without waiting only when Serve failed before the upgrade.
	errc := make(chan error, 1)
	h := func(w http.ResponseWriter, r *http.Request) { errc <- s.rooms.Serve(w, r, m.ID, p) }
	if err := adaptor.HTTPHandlerFunc(h)(c); err != nil {
		return err
	}
	var serveErr error
	select {
	case serveErr = <-errc:
	default:
	}
	switch {
	case errors.Is(serveErr, room.ErrForbidden):
		return fiber.ErrNotFound
	case errors.Is(serveErr, room.ErrShutdown):
		return fiber.ErrServiceUnavailable
	case errors.As(serveErr, new(websocket.HandshakeError)):
		// gorilla has already answered (a foreign Origin, not a websocket request).
		s.log.Warn("room connection refused", "meeting", m.ID, "user", u.ID, "err", serveErr)
	case serveErr != nil:
		return serveErr
	}
	return nil
}
