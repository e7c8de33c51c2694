package server

import (
	"context"
	"encoding/hex"
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// startSession signs a person in with a brand-new session id (never reusing one the browser
// brought along, against session fixation) and drops the previous session.
func (s *Server) startSession(c *fiber.Ctx, userID int64) error {
	rs := st(c)
	if rs.sessHash != nil {
		if err := s.store.DeleteSession(c.UserContext(), rs.sessHash); err != nil {
			return err
		}
		s.closeSessionSockets(rs.sessHash, "signed in again")
	}
	tok := auth.NewToken()
	h := auth.HashToken(tok)
	if err := s.store.CreateSession(c.UserContext(), h, userID, s.cfg.SessionTTL); err != nil {
		return err
	}
	s.setCookie(c, sessionCookie, tok, s.cfg.SessionTTL)
	rs.sessHash = h
	return nil
}

// sessionKey is the live rooms' name for a session: the hex of its hash, never the token.
func sessionKey(h []byte) string {
	if h == nil {
		return ""
	}
	return hex.EncodeToString(h)
}

// closeSessionSockets closes the live room connections opened with one session, for a
// sign-out: a session that ended must not keep acting in a room. Callers end the session in
// the store first; it counts the end before it looks for connections (see meetingSocket).
func (s *Server) closeSessionSockets(h []byte, reason string) {
	s.sessionEnds.Add(1)
	if s.rooms == nil || h == nil {
		return
	}
	if n := s.rooms.CloseSession(sessionKey(h), reason); n > 0 {
		s.log.Info("room connections closed", "reason", reason, "connections", n)
	}
}

// closeUserSockets closes every live room connection of a person, for when all their sessions
// end (password change, disabled account) or their role changes. Like closeSessionSockets it
// counts the end before it looks for connections.
func (s *Server) closeUserSockets(userID int64, reason string) {
	s.sessionEnds.Add(1)
	if s.rooms == nil {
		return
	}
	if n := s.rooms.CloseUser(userID, reason); n > 0 {
		s.log.Info("room connections closed", "user", userID, "reason", reason, "connections", n)
	}
}

// CloseExpiredSockets closes, every interval until ctx ends, the live room connections whose
// session expired (or was removed some other way): no request notices that, since a websocket
// sends none. main runs it beside the server.
func (s *Server) CloseExpiredSockets(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.sweepSockets(ctx)
		}
	}
}

// sweepSockets is one round of CloseExpiredSockets.
func (s *Server) sweepSockets(ctx context.Context) {
	if s.rooms == nil {
		return
	}
	for _, key := range s.rooms.Sessions() {
		h, err := hex.DecodeString(key)
		if err != nil {
			continue
		}
		_, _, err = s.store.SessionUser(ctx, h)
		switch {
		case errors.Is(err, store.ErrNotFound):
			s.closeSessionSockets(h, "session expired")
		case err != nil:
			s.log.Warn("socket sweep", "err", err)
			return
		}
	}
}
