package server

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// ssoStart sends a person to their organisation's provider, chosen by the domain of the
// address they typed. The state, nonce and PKCE verifier stay on the server; the state also
// goes into a short-lived cookie so only this browser can finish the sign-in.
func (s *Server) ssoStart(c *fiber.Ctx) error {
	f := readForm(c, "email", "next")
	f.required("email")
	f.email("email")
	lang := st(c).lang
	again := func(status int, alert string) error {
		c.Status(status)
		return s.render(c, "login", fiber.Map{"Title": s.msg.T(lang, "login.title"), "Form": f, "Alert": alert, "SSOOffered": true})
	}
	if !f.ok() {
		return again(fiber.StatusUnprocessableEntity, "")
	}
	ip := s.clientIP(c)
	if !s.ssoStarts.Take(ip) {
		return again(fiber.StatusTooManyRequests, "login.too_many")
	}
	ctx := c.UserContext()
	p, err := s.store.SSOProviderByDomain(ctx, domainOf(f.get("email")))
	if errors.Is(err, store.ErrNotFound) {
		f.fail("email", "sso.no_provider")
		return again(fiber.StatusUnprocessableEntity, "")
	}
	if err != nil {
		return err
	}
	start, err := s.sso.Begin(ctx, ssoProvider(p))
	if err != nil {
		s.log.Warn("sso: provider unreachable", "provider", p.ID, "err", err)
		return again(fiber.StatusBadGateway, "sso.unreachable")
	}
	if err := s.store.CreateSSOLogin(ctx, auth.HashToken(start.State), store.SSOLogin{
		ProviderID: p.ID, Nonce: start.Nonce, Verifier: start.Verifier, Next: safeNext(f.get("next")),
	}, ssoLoginTTL); err != nil {
		return err
	}
	s.setCookie(c, ssoStateCookie, start.State, ssoLoginTTL)
	// A page with a link rather than a redirect: the CSP's form-action 'self' (rightly) stops
	// a form submission from being redirected to another site. sso.js follows the link at
	// once; without script it is one click.
	return s.render(c, "sso_continue", fiber.Map{"Title": s.msg.T(lang, "sso.continue.title"), "URL": start.URL,
		"OrgName": p.OrgName, "Scripts": []string{"/static/js/sso.js"}})
}
