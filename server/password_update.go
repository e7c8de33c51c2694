package server

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
)

// passwordUpdate changes the password after checking the current one; every other session of
// the person ends, with their live room connections, and this browser gets a fresh session.
func (s *Server) passwordUpdate(c *fiber.Ctx) error {
	u := currentUser(c)
	pw := emptyForm()
	cur, next, confirm := c.FormValue("current"), c.FormValue("password"), c.FormValue("confirm")
	key := strings.ToLower(u.Email)
	if s.loginUser.Blocked(key) {
		// Guessing the current password is guessing a password: the sign-in limit applies.
		pw.fail("current", "login.too_many")
	} else if ok, err := s.hasher.Verify(cur, u.PasswordHash); err != nil {
		return err
	} else if !ok {
		s.loginUser.Allow(key)
		pw.fail("current", "account.current_wrong")
	}
	if err := auth.CheckPasswordRules(next); err != nil {
		pw.fail("password", "form.password_rules")
	}
	if next != confirm {
		pw.fail("confirm", "form.password_mismatch")
	}
	if !pw.ok() {
		f := emptyForm()
		f.Values["name"], f.Values["lang"] = u.Name, u.Lang
		c.Status(fiber.StatusUnprocessableEntity)
		return s.render(c, "account", fiber.Map{"Title": s.msg.T(st(c).lang, "account.title"), "Form": f, "PwForm": pw})
	}
	hash, err := s.hasher.Hash(next)
	if err != nil {
		return err
	}
	if err := s.store.SetPassword(c.UserContext(), u.ID, hash); err != nil {
		return err
	}
	st(c).sessHash = nil // SetPassword ended every session, this one included
	s.closeUserSockets(u.ID, "password changed")
	if err := s.startSession(c, u.ID); err != nil {
		return err
	}
	return c.Redirect("/account?saved=password", fiber.StatusSeeOther)
}
