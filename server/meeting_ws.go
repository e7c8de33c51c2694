package server

import (
	"context"
	"errors"
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/gorilla/websocket"

	"kring/server/room"
	"kring/server/store"
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
	sess := st(c).sessHash
	p := room.Participant{UserID: u.ID, Name: u.Name, Coach: coach, Lang: st(c).lang, Session: sessionKey(sess)}
	// fasthttp's adaptor runs h in its own goroutine and returns as soon as the connection is
	// hijacked, while Serve may still be returning: the outcome comes through a channel, and
	// is there without waiting only when Serve failed before the upgrade.
	errc := make(chan error, 1)
	h := func(w http.ResponseWriter, r *http.Request) {
		err := s.rooms.Serve(w, r, m.ID, p)
		errc <- err
		if err == nil {
			// A sign-out between loading the session and registering this connection would
			// miss it: look again now that CloseSession can find it.
			s.recheckSession(r.Context(), sess)
		}
	}
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

// recheckSession closes the connections of a session that no longer exists (or whose person
// was disabled) by now.
func (s *Server) recheckSession(ctx context.Context, h []byte) {
	_, _, err := s.store.SessionUser(ctx, h)
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.closeSessionSockets(h, "session ended")
	case err != nil:
		s.log.Warn("room connection: recheck session", "err", err)
	}
}
