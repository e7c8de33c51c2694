package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// createdInvite is shown once after an invite is made: the link to copy, and whether it was
// also e-mailed.
type createdInvite struct {
	Link   string
	Email  string
	Mailed bool
	Role   string
}

// makeInvite validates the invite form (optional e-mail, role among allowed) and creates the
// invite; it e-mails the link when SMTP is configured and an address was given.
func (s *Server) makeInvite(c *fiber.Ctx, orgID int64, allowed []auth.Role) (*form, *createdInvite, error) {
	f := readForm(c, "email", "role")
	f.maxLen("email", 254)
	f.email("email")
	role := auth.Role(f.get("role"))
	if role == "" {
		role = auth.Trainee
	}
	okRole := false
	for _, r := range allowed {
		okRole = okRole || r == role
	}
	if !okRole {
		f.fail("role", "form.invalid")
	}
	if f.get("email") == "" && !s.mailer.Enabled() {
		// An invite without an address is exchanged by e-mail (inviteExchange), so it never
		// tells its holder who has an account: without e-mail it needs an address.
		f.fail("email", "scope.invite_email_needed")
	}
	if !f.ok() {
		return f, nil, nil
	}
	tok := auth.NewToken()
	u := currentUser(c)
	if _, err := s.store.CreateInvite(c.UserContext(), auth.HashToken(tok), orgID, string(role), f.get("email"), u.ID, s.cfg.InviteTTL); err != nil {
		return f, nil, err
	}
	ci := &createdInvite{Link: s.cfg.BaseURL + "/invite/" + tok, Email: f.get("email"), Role: string(role)}
	if ci.Email != "" && s.mailer.Enabled() {
		lang := st(c).lang
		days := int(s.cfg.InviteTTL.Hours() / 24)
		body := s.msg.T(lang, "invite.mail_body", "Name", u.Name, "Link", ci.Link, "Days", days, "Brand", s.cfg.Theme.BrandName)
		if err := s.mailer.Send(ci.Email, s.msg.T(lang, "invite.mail_subject", "Brand", s.cfg.Theme.BrandName), body); err != nil {
			s.log.Warn("invite mail failed", "err", err)
		} else {
			ci.Mailed = true
		}
	}
	return emptyForm(), ci, nil
}

// orgPeople gathers an organisation's people and invites for the staff pages.
func (s *Server) orgPeople(c *fiber.Ctx, orgID int64) ([]*store.User, []*store.Invite, error) {
	people, err := s.store.ListUsers(c.UserContext(), store.UsersFilter{OrgID: orgID, WithDisabled: true})
	if err != nil {
		return nil, nil, err
	}
	invites, err := s.store.ListInvites(c.UserContext(), orgID)
	if err != nil {
		return nil, nil, err
	}
	return people, invites, nil
}
