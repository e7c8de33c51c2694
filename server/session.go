package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
)

// startSession signs a person in with a brand-new session id (never reusing one the browser
// brought along, against session fixation) and drops the previous session.
func (s *Server) startSession(c *fiber.Ctx, userID int64) error {
	rs := st(c)
	if rs.sessHash != nil {
		if err := s.store.DeleteSession(c.UserContext(), rs.sessHash); err != nil {
			return err
		}
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
