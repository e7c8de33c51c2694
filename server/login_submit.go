package server

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"kring/server/store"
)

// loginSubmit checks e-mail and password. Attempts are limited per client address and per
// account; a wrong address and a wrong password get the same answer in the same time.
func (s *Server) loginSubmit(c *fiber.Ctx) error {
	f := readForm(c, "email", "next")
	pw := c.FormValue("password")
	f.required("email")
	if pw == "" {
		f.fail("password", "form.required")
	}
	lang := st(c).lang
	again := func(status int, alert string) error {
		c.Status(status)
		return s.render(c, "login", fiber.Map{"Title": s.msg.T(lang, "login.title"), "Form": f, "Alert": alert})
	}
	if !f.ok() {
		return again(fiber.StatusUnprocessableEntity, "")
	}
	email := strings.ToLower(f.get("email"))
	ip := c.IP() // a limiter key outlives the request; safe because the app is Immutable
	if s.loginIP.Blocked(ip) || s.loginUser.Blocked(email) {
		s.log.Warn("login rate limited", "ip", ip)
		return again(fiber.StatusTooManyRequests, "login.too_many")
	}
	failed := func() error {
		s.loginIP.Allow(ip)
		s.loginUser.Allow(email)
		return again(fiber.StatusUnauthorized, "login.failed")
	}
	u, err := s.store.UserByEmail(c.UserContext(), email)
	if errors.Is(err, store.ErrNotFound) {
		s.hasher.DummyVerify(pw)
		return failed()
	}
	if err != nil {
		return err
	}
	ok, err := s.hasher.Verify(pw, u.PasswordHash)
	if err != nil {
		return err
	}
	if !ok {
		return failed()
	}
	if u.Disabled {
		// Told only to whoever knows the password, so it reveals nothing to a guesser.
		s.log.Info("sign-in of a disabled account refused", "user", u.ID)
		return again(fiber.StatusForbidden, "scope.login_disabled")
	}
	if err := s.startSession(c, u.ID); err != nil {
		return err
	}
	s.loginUser.Reset(email)
	s.log.Info("signed in", "user", u.ID)
	return c.Redirect(safeNext(f.get("next")), fiber.StatusSeeOther)
}
