package server

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// ssoSettingsOrg is the organisation whose work-account settings a request is about: the
// coordinator's own, or for the municipality admin the one in the path (404 when unknown).
func (s *Server) ssoSettingsOrg(c *fiber.Ctx) (*store.Organisation, string, error) {
	if c.Params("id") == "" {
		u := currentUser(c)
		if u.OrgID == 0 {
			return nil, "", fiber.ErrNotFound
		}
		org, err := s.store.Organisation(c.UserContext(), u.OrgID)
		return org, "/org/sso", err
	}
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return nil, "", fiber.ErrNotFound
	}
	org, err := s.store.Organisation(c.UserContext(), int64(id))
	return org, "/admin/organisations/" + strconv.Itoa(id) + "/sso", err
}

// ssoSettingsShow shows an organisation's sign-in with the work account: the provider's
// settings (the client secret only as its last characters), the redirect address to register
// at the provider, and a warning when the secret expires within a month.
func (s *Server) ssoSettingsShow(c *fiber.Ctx) error {
	org, action, err := s.ssoSettingsOrg(c)
	if err != nil {
		return err
	}
	p, err := s.store.SSOProviderByOrg(c.UserContext(), org.ID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	f := emptyForm()
	if p != nil {
		f.Values["issuer"] = p.Issuer
		f.Values["client_id"] = p.ClientID
		f.Values["domains"] = strings.Join(p.Domains, ", ")
		f.Values["role"] = p.NewUserRole
		if p.Required {
			f.Values["required"] = "1"
		}
		if !p.SecretExpiresAt.IsZero() {
			f.Values["secret_expires"] = p.SecretExpiresAt.In(s.cfg.Location).Format(time.DateOnly)
		}
	} else {
		f.Values["role"] = string(auth.Trainee)
	}
	return s.renderSSOSettings(c, org, action, p, f, c.Query("saved") != "")
}

func (s *Server) renderSSOSettings(c *fiber.Ctx, org *store.Organisation, action string, p *store.SSOProvider, f *form, saved bool) error {
	lang := st(c).lang
	roles := []fiber.Map{}
	for _, r := range []auth.Role{auth.Trainee, auth.Coach, auth.OrgAdmin} {
		roles = append(roles, fiber.Map{"Value": string(r), "Label": "role." + string(r)})
	}
	data := fiber.Map{"Title": s.msg.T(lang, "sso.settings.title"), "Org": org, "Action": action, "Provider": p,
		"Form": f, "Saved": saved, "Roles": roles, "RedirectURL": s.sso.RedirectURL(),
		"Admin": c.Params("id") != ""}
	if p != nil {
		data["Expiry"] = secretExpiry(p, s.store.Now())
	}
	return s.render(c, "sso_settings", data)
}

// secretExpiry is the message id that describes when a client secret expires: nothing when
// unknown or far away, a warning within a month, an error once it has passed.
func secretExpiry(p *store.SSOProvider, now time.Time) string {
	switch {
	case p.SecretExpiresAt.IsZero():
		return ""
	case !now.Before(p.SecretExpiresAt):
		return "sso.secret.expired"
	case p.SecretExpiresAt.Sub(now) <= ssoExpiryWarning:
		return "sso.secret.expires_soon"
	}
	return ""
}
