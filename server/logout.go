package server

import "github.com/gofiber/fiber/v2"

// logout destroys the session in the database (so a copied cookie dies too), closes the live
// room connections opened with it, and clears the cookie.
func (s *Server) logout(c *fiber.Ctx) error {
	if h := st(c).sessHash; h != nil {
		if err := s.store.DeleteSession(c.UserContext(), h); err != nil {
			return err
		}
		s.closeSessionSockets(h, "signed out")
	}
	s.clearCookie(c, sessionCookie)
	return c.Redirect("/login", fiber.StatusSeeOther)
}
