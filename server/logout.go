package server

import (
	"strconv"

	"github.com/gofiber/fiber/v2"
)

// logout destroys the session in the database (so a copied cookie dies too), closes the live
// room connections opened with it, and clears the cookie. A session that came through a work
// account ends here too; the sign-in page then offers the provider's own sign-out, which Kring
// cannot do for the person.
func (s *Server) logout(c *fiber.Ctx) error {
	to := "/login"
	if h := st(c).sessHash; h != nil {
		ctx := c.UserContext()
		pid, err := s.store.SessionSSOProvider(ctx, h)
		if err != nil {
			return err
		}
		if err := s.store.DeleteSession(ctx, h); err != nil {
			return err
		}
		s.closeSessionSockets(h, "signed out")
		if pid != 0 {
			to = "/login?uitgelogd=" + strconv.FormatInt(pid, 10)
		}
	}
	s.clearCookie(c, sessionCookie)
	return c.Redirect(to, fiber.StatusSeeOther)
}
