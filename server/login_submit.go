package server

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// loginSubmit checks e-mail and password. An attempt is taken from the client address's and
// the account's limits before anything is looked up or hashed, so parallel guesses cannot get
// past the limit; a success gives the attempts back. A wrong address and a wrong password get
// the same answer in the same time, and every hash waits for one of the hasher's few slots.
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
		offered, err := s.store.SSOConfigured(c.UserContext())
		if err != nil {
			return err
		}
		return s.render(c, "login", fiber.Map{"Title": s.msg.T(lang, "login.title"), "Form": f, "Alert": alert, "SSOOffered": offered})
	}
	if !f.ok() {
		return again(fiber.StatusUnprocessableEntity, "")
	}
	email := strings.ToLower(f.get("email"))
	ip := s.clientIP(c)
	if !s.takeAttempt(ip, email) {
		s.log.Warn("login rate limited", "ip", ip)
		return again(fiber.StatusTooManyRequests, "login.too_many")
	}
	busy := func() error {
		// Nothing was checked: the attempt does not count.
		s.loginIP.Refund(ip)
		s.loginUser.Refund(email)
		s.log.Warn("login refused: password checks busy", "ip", ip)
		return again(fiber.StatusTooManyRequests, "trust.hash_busy")
	}
	if req, err := s.ssoRequiredFor(c.UserContext(), email, 0); err != nil {
		return err
	} else if req {
		return again(fiber.StatusUnprocessableEntity, "sso.login.required")
	}
	u, err := s.store.UserByEmail(c.UserContext(), email)
	if errors.Is(err, store.ErrNotFound) {
		if err := s.hasher.DummyVerify(pw); errors.Is(err, auth.ErrBusy) {
			return busy()
		}
		return again(fiber.StatusUnauthorized, "login.failed")
	}
	if err != nil {
		return err
	}
	ok, err := s.hasher.Verify(pw, u.PasswordHash)
	if errors.Is(err, auth.ErrBusy) {
		return busy()
	}
	if err != nil {
		return err
	}
	if !ok {
		return again(fiber.StatusUnauthorized, "login.failed")
	}
	if u.Disabled {
		// Told only to whoever knows the password, so it reveals nothing to a guesser.
		s.log.Info("sign-in of a disabled account refused", "user", u.ID)
		return again(fiber.StatusForbidden, "scope.login_disabled")
	}
	if req, err := s.ssoRequiredFor(c.UserContext(), "", u.OrgID); err != nil {
		return err
	} else if req {
		return again(fiber.StatusUnprocessableEntity, "sso.login.required")
	}
	if err := s.startSession(c, u.ID); err != nil {
		return err
	}
	s.loginIP.Refund(ip)
	s.loginUser.Reset(email)
	s.log.Info("signed in", "user", u.ID)
	return c.Redirect(safeNext(f.get("next")), fiber.StatusSeeOther)
}

// takeAttempt takes one attempt from the address's limit and one from the account's, or
// neither: a request refused by the account's limit does not use up the address's.
func (s *Server) takeAttempt(ip, email string) bool {
	if !s.loginIP.Take(ip) {
		return false
	}
	if !s.loginUser.Take(email) {
		s.loginIP.Refund(ip)
		return false
	}
	return true
}
