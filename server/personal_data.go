package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// dataSection is one part of the personal-data page, ready to show: a title, column labels
// and the rows as text.
type dataSection struct {
	Key, Title string
	Columns    []string
	Rows       [][]string
}

// personalDataShow is the AVG's right of access as a page: everything Kring holds about the
// signed-in person, section by section, with the JSON download and the way to delete the account.
func (s *Server) personalDataShow(c *fiber.Ctx) error {
	u := currentUser(c)
	secs, err := s.store.PersonalData(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	lang := st(c).lang
	out := make([]dataSection, 0, len(secs))
	for _, sec := range secs {
		ds := dataSection{Key: sec.Key, Title: s.msg.T(lang, "privacy.section."+sec.Key)}
		for _, col := range sec.Columns {
			ds.Columns = append(ds.Columns, s.msg.T(lang, "privacy.col."+col))
		}
		for _, row := range sec.Rows {
			cells := make([]string, 0, len(sec.Columns))
			for _, col := range sec.Columns {
				v := row[col]
				if r, ok := v.(string); ok && col == "role" {
					v = s.msg.T(lang, "role."+r)
				}
				cells = append(cells, s.dataCell(lang, v))
			}
			ds.Rows = append(ds.Rows, cells)
		}
		out = append(out, ds)
	}
	s.audit(c, auditPersonalExport, "user:"+strconv.FormatInt(u.ID, 10), auditNoOrg, map[string]string{"format": "html"})
	return s.render(c, "personal_data", fiber.Map{"Title": s.msg.T(lang, "privacy.data.title"), "Sections": out,
		"NeedsPassword": u.PasswordHash != "", "DeleteForm": emptyForm(), "Retention": s.retentionWords(lang),
		"ExtraCSS": []string{"/static/css/privacy.css"}})
}

// dataCell shows one stored value: times in the reader's zone, empty values as a dash.
func (s *Server) dataCell(lang string, v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case time.Time:
		return formatDate(lang, x.In(s.cfg.Location), true)
	case string:
		if x == "" {
			return "—"
		}
		return x
	default:
		return fmt.Sprint(x)
	}
}

// personalDataJSON is the same data as a download (the AVG's right to data portability):
// one object per section, each a list of rows keyed by column name, times in RFC 3339 UTC.
func (s *Server) personalDataJSON(c *fiber.Ctx) error {
	u := currentUser(c)
	secs, err := s.store.PersonalData(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	doc := map[string]any{"exported_at": s.store.Now().UTC(), "service": s.cfg.Theme.BrandName}
	for _, sec := range secs {
		doc[sec.Key] = sec.Rows
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("personal data json: %w", err)
	}
	s.audit(c, auditPersonalExport, "user:"+strconv.FormatInt(u.ID, 10), auditNoOrg, map[string]string{"format": "json"})
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="kring-mijn-gegevens.json"`)
	return c.Send(b)
}

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

// deleteWords are the confirmation words a person without a password (signed in with a work
// account) types to delete their account, in either language.
var deleteWords = []string{"verwijderen", "delete"}

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
		if w != deleteWords[0] && w != deleteWords[1] {
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

// retentionWords are the retention periods as people read them, for admins and the statement.
func (s *Server) retentionWords(lang string) map[string]string {
	r := s.cfg.Retention
	return map[string]string{"Boards": s.periodWords(lang, r.Boards), "Invites": s.periodWords(lang, r.Invites), "Audit": s.periodWords(lang, r.Audit)}
}

// periodWords says a period in months when it is a whole number of them, else in days.
func (s *Server) periodWords(lang string, d time.Duration) string {
	day := 24 * time.Hour
	if d >= 2*month && d%month == 0 {
		return s.msg.T(lang, "privacy.months", "N", int(d/month))
	}
	return s.msg.T(lang, "privacy.days", "N", int((d+day-1)/day))
}
