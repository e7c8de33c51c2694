package server

import (
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/sso"
	"kring/server/store"
)

// domainPattern is a host name with at least one dot, as it appears after the @ of an address.
var domainPattern = regexp.MustCompile(`^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)

// ssoSettingsUpdate saves an organisation's provider. Nothing is saved unless every field is
// valid, no domain belongs to another organisation, and the issuer answers with an OpenID
// configuration (so a typo is found now, not at the first sign-in). An empty secret field
// keeps the stored secret.
func (s *Server) ssoSettingsUpdate(c *fiber.Ctx) error {
	org, action, err := s.ssoSettingsOrg(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	p, err := s.store.SSOProviderByOrg(ctx, org.ID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	f := readForm(c, "issuer", "client_id", "client_secret", "domains", "role", "required", "secret_expires")
	secret := f.get("client_secret")
	delete(f.Values, "client_secret") // never echoed back into the page
	f.required("issuer", "client_id", "domains", "role")
	if p == nil && secret == "" {
		f.fail("client_secret", "form.required")
	}
	issuer := strings.TrimRight(f.get("issuer"), "/")
	if issuer != "" {
		if why := sso.CheckIssuer(issuer); why != "" {
			f.fail("issuer", "sso."+why)
		}
	}
	f.maxLen("issuer", 300)
	f.maxLen("client_id", 200)
	if utf8.RuneCountInString(secret) > 500 {
		f.fail("client_secret", "form.too_long")
	}
	domains, bad := parseDomains(f.get("domains"))
	switch {
	case bad != "":
		f.fail("domains", "sso.domains.invalid")
	case len(domains) > 20:
		f.fail("domains", "sso.domains.too_many")
	}
	role := f.get("role")
	if role != "" && role != string(auth.Trainee) && role != string(auth.Coach) && role != string(auth.OrgAdmin) {
		f.fail("role", "form.invalid")
	}
	var expires time.Time
	if v := f.get("secret_expires"); v != "" {
		t, err := time.ParseInLocation(time.DateOnly, v, s.cfg.Location)
		if err != nil {
			f.fail("secret_expires", "sso.secret_expires.invalid")
		}
		expires = t
	}
	if f.ok() {
		if err := s.sso.Check(ctx, issuer); err != nil {
			s.log.Info("sso: issuer check failed", "org", org.ID, "err", err)
			f.fail("issuer", "sso.issuer.unreachable")
		}
	}
	var taken *store.ErrDomainTaken
	if f.ok() {
		_, err = s.store.SaveSSOProvider(ctx, store.SSOSettings{
			OrgID: org.ID, Issuer: issuer, ClientID: f.get("client_id"), ClientSecret: secret, Domains: domains,
			NewUserRole: role, Required: f.get("required") != "", SecretExpiresAt: expires, By: currentUser(c).ID,
		})
		switch {
		case errors.As(err, &taken):
			f.fail("domains", "sso.domains.taken")
		case errors.Is(err, store.ErrSecretRequired):
			f.fail("client_secret", "form.required")
		case err != nil:
			return err
		default:
			s.log.Info("sso: provider saved", "org", org.ID, "by", currentUser(c).ID)
			return c.Redirect(action+"?saved=1", fiber.StatusSeeOther)
		}
	}
	c.Status(fiber.StatusUnprocessableEntity)
	data := f
	if taken != nil {
		data.Values["taken_domain"] = taken.Domain
	}
	return s.renderSSOSettings(c, org, action, p, data, false)
}

// parseDomains reads e-mail domains separated by commas, spaces or new lines, lower-cased and
// without duplicates; bad is the first entry that is not a domain.
func parseDomains(raw string) (domains []string, bad string) {
	seen := map[string]bool{}
	for _, d := range strings.FieldsFunc(strings.ToLower(raw), func(r rune) bool { return r == ',' || r == ';' || r == ' ' || r == '\n' || r == '\r' || r == '\t' }) {
		d = strings.TrimPrefix(d, "@")
		if !domainPattern.MatchString(d) {
			return nil, d
		}
		if !seen[d] {
			seen[d] = true
			domains = append(domains, d)
		}
	}
	return domains, ""
}

// ssoSettingsDelete removes an organisation's provider; its people sign in with a password
// again.
func (s *Server) ssoSettingsDelete(c *fiber.Ctx) error {
	org, action, err := s.ssoSettingsOrg(c)
	if err != nil {
		return err
	}
	if err := s.store.DeleteSSOProvider(c.UserContext(), org.ID); err != nil {
		return err
	}
	s.log.Info("sso: provider removed", "org", org.ID, "by", currentUser(c).ID)
	return c.Redirect(action+"?saved=1", fiber.StatusSeeOther)
}
