package server

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// nameForms are the ways a person's name is written in stored events and reports: as typed,
// escaped in JSON, and escaped in the report's markdown (as room.mdEscape does; the account
// deletion test checks the two agree).
func nameForms(name string) []string {
	forms := []string{name}
	if b, err := json.Marshal(name); err == nil {
		forms = append(forms, strings.Trim(string(b), `"`))
	}
	var md strings.Builder
	for _, r := range strings.Join(strings.Fields(name), " ") {
		if strings.ContainsRune("\\`*_{}[]()<>#+-.!|~&", r) {
			md.WriteByte('\\')
		}
		md.WriteRune(r)
	}
	forms = append(forms, md.String())
	seen := map[string]bool{}
	out := forms[:0]
	for _, f := range forms {
		if f != "" && !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

// accountDelete erases the signed-in person's account after they confirm with their password
// (or, without one, by typing the confirmation word): see store.DeleteAccount for what goes
// and what is anonymised. Their sessions and live room connections end at once.
func (s *Server) accountDelete(c *fiber.Ctx) error {
	u := currentUser(c)
	f := readForm(c, "password", "confirm")
	if u.PasswordHash != "" {
		ok, err := s.checkCurrentPassword(strings.ToLower(u.Email), f.get("password"), u.PasswordHash)
		switch {
		case errors.Is(err, errLimited):
			f.fail("password", "login.too_many")
		case errors.Is(err, auth.ErrBusy):
			f.fail("password", "trust.hash_busy")
		case err != nil:
			return err
		case !ok:
			f.fail("password", "account.current_wrong")
		}
	} else {
		w := strings.ToLower(strings.TrimSpace(f.get("confirm")))
		if w != "verwijderen" && w != "delete" { // the word in either language
			f.fail("confirm", "privacy.delete.word_wrong")
		}
	}
	if f.ok() && auth.Role(u.Role) == auth.MuniAdmin {
		// The last municipality admin cannot leave: nobody could then manage Kring.
		admins, err := s.store.ListUsers(c.UserContext(), store.UsersFilter{Role: string(auth.MuniAdmin)})
		if err != nil {
			return err
		}
		if len(admins) < 2 {
			field := "confirm"
			if u.PasswordHash != "" {
				field = "password"
			}
			f.fail(field, "privacy.delete.last_admin")
		}
	}
	if !f.ok() {
		c.Status(fiber.StatusUnprocessableEntity)
		lang := st(c).lang
		return s.render(c, "personal_data", fiber.Map{"Title": s.msg.T(lang, "privacy.data.title"), "NeedsPassword": u.PasswordHash != "",
			"DeleteForm": f, "Retention": s.retentionWords(lang)})
	}
	// The entry is written first, so the deletion rewrites its actor to "oud-deelnemer" too.
	s.audit(c, auditAccountDelete, "user:"+strconv.FormatInt(u.ID, 10), u.OrgID, nil)
	if err := s.store.DeleteAccount(c.UserContext(), u.ID, nameForms(u.Name)); err != nil {
		return err
	}
	st(c).sessHash = nil
	s.closeUserSockets(u.ID, "account deleted")
	s.clearCookie(c, sessionCookie)
	s.log.Info("account deleted", "user", u.ID)
	return c.Redirect("/privacy?verwijderd=1", fiber.StatusSeeOther)
}
