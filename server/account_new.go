package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// newAccountForm reads and checks the fields shared by first-run setup and accepting an
// invite: name, e-mail, password twice. It returns the user to create when the form is fine.
// A fixed e-mail address (an invite made for one) replaces whatever the form sent.
func (s *Server) newAccountForm(c *fiber.Ctx, fixedEmail string) (*form, store.NewUser, bool) {
	f := readForm(c, "name", "email")
	if fixedEmail != "" {
		f.Values["email"] = fixedEmail
	}
	pw, confirm := c.FormValue("password"), c.FormValue("confirm")
	f.required("name", "email")
	f.maxLen("name", 100)
	f.maxLen("email", 254)
	f.email("email")
	if err := auth.CheckPasswordRules(pw); err != nil {
		f.fail("password", "form.password_rules")
	}
	if pw != confirm {
		f.fail("confirm", "form.password_mismatch")
	}
	if !f.ok() {
		return f, store.NewUser{}, false
	}
	hash, err := s.hasher.Hash(pw)
	if err != nil {
		f.fail("password", "form.invalid")
		return f, store.NewUser{}, false
	}
	return f, store.NewUser{Name: f.get("name"), Email: f.get("email"), PasswordHash: hash, Lang: ""}, true
}
