package server

import (
	"crypto/subtle"
	"errors"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/sso"
	"kring/server/store"
)

// ssoCallback finishes a sign-in when the provider sends the browser back: the state must
// match this browser's cookie and a sign-in that has not been used or expired; the code is
// exchanged with the PKCE verifier; the ID token's signature, issuer, audience, expiry and
// nonce are checked (package sso); then the identity is found by issuer and subject, or linked
// once, and a brand-new session starts. Every refusal is a page that says what happened.
func (s *Server) ssoCallback(c *fiber.Ctx) error {
	ctx := c.UserContext()
	state := c.Query("state")
	cookie := c.Cookies(ssoStateCookie)
	s.clearCookie(c, ssoStateCookie)
	if e := c.Query("error"); e != "" {
		s.log.Info("sso: provider answered with an error", "error", e)
		return s.ssoRefuse(c, fiber.StatusBadRequest, "sso.refused.cancelled")
	}
	if state == "" || cookie == "" || subtle.ConstantTimeCompare([]byte(state), []byte(cookie)) != 1 {
		return s.ssoRefuse(c, fiber.StatusBadRequest, "sso.refused.state")
	}
	login, err := s.store.TakeSSOLogin(ctx, auth.HashToken(state))
	if errors.Is(err, store.ErrNotFound) {
		return s.ssoRefuse(c, fiber.StatusBadRequest, "sso.refused.used")
	}
	if err != nil {
		return err
	}
	p, err := s.store.SSOProviderByID(ctx, login.ProviderID)
	if errors.Is(err, store.ErrNotFound) {
		return s.ssoRefuse(c, fiber.StatusBadRequest, "sso.refused.used")
	}
	if err != nil {
		return err
	}
	id, err := s.sso.Finish(ctx, ssoProvider(p), c.Query("code"), login.Verifier, login.Nonce)
	switch {
	case errors.Is(err, sso.ErrExpired):
		return s.ssoRefuse(c, fiber.StatusBadRequest, "sso.refused.expired")
	case errors.Is(err, sso.ErrNonce), errors.Is(err, sso.ErrToken):
		s.log.Warn("sso: ID token refused", "provider", p.ID, "err", err)
		return s.ssoRefuse(c, fiber.StatusBadRequest, "sso.refused.token")
	case errors.Is(err, sso.ErrExchange):
		s.log.Warn("sso: code refused", "provider", p.ID, "err", err)
		return s.ssoRefuse(c, fiber.StatusBadRequest, "sso.refused.code")
	case err != nil:
		s.log.Warn("sso: provider unreachable", "provider", p.ID, "err", err)
		return s.ssoRefuse(c, fiber.StatusBadGateway, "sso.unreachable")
	}
	uid, created, err := s.store.SignInSSO(ctx, store.SSOSignIn{
		ProviderID: p.ID, OrgID: p.OrgID, Issuer: id.Issuer, Subject: id.Subject,
		Email: id.Email, EmailOK: emailLinkable(id, p), Name: id.Name, Role: p.NewUserRole,
	})
	switch {
	case errors.Is(err, store.ErrSSONoEmail):
		return s.ssoRefuse(c, fiber.StatusForbidden, "sso.refused.no_email")
	case errors.Is(err, store.ErrSSOOtherOrg):
		s.log.Warn("sso: address of another organisation", "provider", p.ID)
		return s.ssoRefuse(c, fiber.StatusForbidden, "sso.refused.other_org")
	case errors.Is(err, store.ErrSSOLinked):
		s.log.Warn("sso: account already linked to another work account", "provider", p.ID)
		return s.ssoRefuse(c, fiber.StatusForbidden, "sso.refused.linked")
	case err != nil:
		return err
	}
	u, err := s.store.UserByID(ctx, uid)
	if err != nil {
		return err
	}
	if u.Disabled || (u.OrgID != p.OrgID) {
		return s.ssoRefuse(c, fiber.StatusForbidden, "sso.refused.disabled")
	}
	if err := s.startSession(c, uid); err != nil {
		return err
	}
	if err := s.store.MarkSSOSession(ctx, st(c).sessHash, p.ID); err != nil {
		return err
	}
	s.log.Info("signed in with a work account", "user", uid, "provider", p.ID, "new", created)
	return c.Redirect(safeNext(login.Next), fiber.StatusSeeOther)
}

// ssoRefuse shows why a sign-in through the provider did not go through, with the way back.
func (s *Server) ssoRefuse(c *fiber.Ctx, status int, reason string) error {
	c.Status(status)
	lang := st(c).lang
	return s.render(c, "sso_refused", fiber.Map{"Title": s.msg.T(lang, "sso.refused.title"), "Reason": reason})
}
