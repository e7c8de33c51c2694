package server

import (
	"context"
	"errors"
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/gorilla/websocket"

	"kring/server/room"
	"kring/server/store"
)

// meetingSocket upgrades to the live room's websocket for the group's coach and members. The
// room registry checks the Origin, and re-checks membership on every action.
func (s *Server) meetingSocket(c *fiber.Ctx) error {
	var since room.Mark
	if s.rooms != nil {
		// Before the membership check: a removal after it makes the room look again.
		since = s.rooms.Mark()
	}
	m, coach, err := s.meetingAccess(c, false)
	if err != nil {
		return err
	}
	if s.rooms == nil {
		return fiber.ErrServiceUnavailable
	}
	u := currentUser(c)
	sess, mark := st(c).sessHash, st(c).sessMark
	p := room.Participant{UserID: u.ID, Name: u.Name, Coach: coach, Lang: st(c).lang, Session: sessionKey(sess)}
	// Everything that can still be answered as an HTTP error is checked before the connection
	// is handed over: the room, and membership, which meetingAccess has just read from the
	// database (so the room skips its own look-up when it already lists the person).
	adm, err := s.rooms.AdmitChecked(c.UserContext(), m.ID, p, since)
	switch {
	case errors.Is(err, room.ErrForbidden):
		return fiber.ErrNotFound
	case errors.Is(err, room.ErrShutdown):
		return fiber.ErrServiceUnavailable
	case err != nil:
		return err
	}
	err = upgradeHijacked(c, func(ctx context.Context, w http.ResponseWriter, r *http.Request) error {
		err := adm.Upgrade(ctx, w, r)
		switch {
		case err == nil:
			// A sign-out between loading the session and registering this connection would
			// miss it: look again now that CloseSession can find it, but only if a session
			// ended since the mark. Every path that ends sessions deletes them in the store,
			// then bumps sessionEnds, then scans the registry (closeSessionSockets,
			// closeUserSockets); the mark is taken before the middleware reads the session,
			// and the registry adds this connection (under its lock, which the scan takes
			// too) before the comparison here. So for a session ended by such a path: its
			// scan ran after the registration and found the connection; or the scan ran
			// before it, so the bump did too, and either the bump came after the mark (the
			// counter moved: look again) or before it, and then so did the delete, and the
			// middleware could not have found the session. A session that merely expires
			// ends without a bump; the sweep (CloseExpiredSockets) closes it, exactly as it
			// does when the session expires a moment after the registration.
			if s.sessionEnds.Load() != mark {
				s.recheckSession(ctx, sess)
			}
		case errors.As(err, new(websocket.HandshakeError)):
			// gorilla has already answered (a foreign Origin, not a websocket request).
			s.log.Warn("room connection refused", "meeting", m.ID, "user", u.ID, "err", err)
		case !errors.Is(err, room.ErrShutdown):
			s.log.Warn("room connection failed", "meeting", m.ID, "user", u.ID, "err", err)
		}
		return err
	})
	if err != nil {
		adm.Cancel()
	}
	return err
}

// recheckSession closes the connections of a session that no longer exists (or whose person
// was disabled) by now.
func (s *Server) recheckSession(ctx context.Context, h []byte) {
	s.sessionRechecks.Add(1)
	_, _, err := s.store.SessionUser(ctx, h)
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.closeSessionSockets(h, "session ended")
	case err != nil:
		s.log.Warn("room connection: recheck session", "err", err)
	}
}
