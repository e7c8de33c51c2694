package server

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// inviteAccept creates the invited account in the invite's organisation with its role, and
// signs the new person in. An invite without an address is first exchanged for a personal one
// sent to the address its holder types (inviteExchange).
func (s *Server) inviteAccept(c *fiber.Ctx) error {
	tok := c.Params("token")
	h := auth.HashToken(tok)
	inv, err := s.store.InviteByToken(c.UserContext(), h)
	if errors.Is(err, store.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	lang := st(c).lang
	show := func(f *form, expired bool) error {
		c.Status(fiber.StatusUnprocessableEntity)
		data := s.inviteData(c, inv, f)
		data["Expired"] = data["Expired"].(bool) || (expired && !inv.Revoked())
		return s.render(c, "invite", data)
	}
	if inv.Revoked() {
		c.Status(fiber.StatusGone)
		return s.render(c, "invite", s.inviteData(c, inv, emptyForm()))
	}
	if !inv.Open(s.store.Now()) {
		return show(emptyForm(), true)
	}
	if inv.Email == "" {
		return s.inviteExchange(c, inv, h, show)
	}
	// An invite made for an address creates the account with that address.
	f, nu, ok := s.newAccountForm(c, inv.Email)
	if !ok {
		return show(f, false)
	}
	nu.Lang = lang
	id, err := s.store.AcceptInvite(c.UserContext(), h, nu)
	switch {
	case errors.Is(err, store.ErrConflict):
		f.fail("email", "invite.email_taken")
		return show(f, false)
	case errors.Is(err, store.ErrInviteUsed):
		return show(f, true)
	case err != nil:
		return err
	}
	s.log.Info("invite accepted", "user", id, "org", inv.OrgID, "role", inv.Role)
	if err := s.startSession(c, id); err != nil {
		return err
	}
	return c.Redirect("/", fiber.StatusSeeOther)
}

// inviteExchange answers an invite without an address: its holder types an address and gets
// the same answer whether or not that address has an account ("we sent an e-mail"). The
// e-mail carries a personal invite, or, for an existing account, a reminder to sign in. So the
// link tells its holder nothing about who has an account. Without e-mail the exchange is not
// possible and the page says to ask for a personal invite.
func (s *Server) inviteExchange(c *fiber.Ctx, inv *store.Invite, h []byte, show func(*form, bool) error) error {
	f := readForm(c, "email")
	f.required("email")
	f.maxLen("email", 254)
	f.email("email")
	if f.ok() && !s.mailer.Enabled() {
		f.fail("email", "scope.invite_needs_mail")
	}
	if !f.ok() {
		return show(f, false)
	}
	email := f.get("email")
	_, err := s.store.UserByEmail(c.UserContext(), email)
	hasAccount := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	// The e-mail goes out before the open invite is spent, so a failed send spends nothing
	// and says so (the same for either kind of address).
	tok := auth.NewToken()
	lang := st(c).lang
	brand := s.cfg.Theme.BrandName
	subject := s.msg.T(lang, "invite.mail_subject", "Brand", brand)
	body := s.msg.T(lang, "scope.mail_personal_invite", "Org", inv.OrgName, "Link", s.cfg.BaseURL+"/invite/"+tok, "Brand", brand)
	if hasAccount {
		body = s.msg.T(lang, "scope.mail_has_account", "Org", inv.OrgName, "Link", s.cfg.BaseURL+"/login", "Brand", brand)
	}
	if err := s.mailer.Send(email, subject, body); err != nil {
		s.log.Warn("invite exchange mail failed", "invite", inv.ID, "err", err)
		f.fail("email", "scope.invite_mail_failed")
		return show(f, false)
	}
	if _, err := s.store.ExchangeOpenInvite(c.UserContext(), h, auth.HashToken(tok), email); errors.Is(err, store.ErrInviteUsed) {
		return show(f, true)
	} else if err != nil {
		return err
	}
	s.log.Info("open invite exchanged for an address", "invite", inv.ID)
	return s.render(c, "invite", fiber.Map{"Title": s.msg.T(lang, "invite.title"), "Invite": inv, "Sent": email, "Form": emptyForm()})
}
