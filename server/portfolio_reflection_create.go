package server

import (
	"errors"
	"strconv"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"kring/server/privacy"
	"kring/server/store"
)

// portfolioReflectionCreate keeps a reflection after a series of meetings of one group, on the
// three dimensions registers ask for. It is private to its author; the person's meetings of
// that group at this moment are recorded with it, as the series it looks back on.
func (s *Server) portfolioReflectionCreate(c *fiber.Ctx) error {
	f := readForm(c, "group", "technical", "normative", "personal")
	u := currentUser(c)
	r, err := s.portfolioOf(c.UserContext(), u)
	if err != nil {
		return err
	}
	gid, _ := strconv.ParseInt(f.get("group"), 10, 64)
	var choice *seriesChoice
	for _, ch := range seriesChoices(r) {
		if ch.GroupID == gid {
			choice = &ch
			break
		}
	}
	if choice == nil {
		f.fail("group", "portfolio.series.group_needed")
	}
	f.required("technical", "normative", "personal")
	for _, k := range []string{"technical", "normative", "personal"} {
		if utf8.RuneCountInString(f.get(k)) > 5000 {
			f.fail(k, "form.too_long")
		}
		// Reflections are about the professional's own actions; a BSN or an e-mail address of a
		// client has no place in them.
		for _, fd := range privacy.Screen(f.get(k)) {
			if fd.Kind.Blocking() {
				f.fail(k, "portfolio.series.personal_data")
			}
		}
	}
	if !f.ok() {
		c.Status(fiber.StatusUnprocessableEntity)
		return s.renderPortfolio(c, emptyForm(), f)
	}
	if _, err := s.store.AddSeriesReflection(c.UserContext(), store.NewSeriesReflection{UserID: u.ID, GroupID: gid,
		Technical: f.get("technical"), Normative: f.get("normative"), Personal: f.get("personal"),
		Meetings: choice.Meetings, Minutes: choice.Minutes}); err != nil {
		return err
	}
	return c.Redirect("/portfolio?saved=reflection#reeks", fiber.StatusSeeOther)
}

// portfolioReflectionRequest asks the group's coach to countersign one's own reflection; from
// then on that coach can read it.
func (s *Server) portfolioReflectionRequest(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	ctx := c.UserContext()
	r, err := s.store.SeriesReflection(ctx, int64(id))
	if err != nil {
		return err
	}
	if r.UserID != currentUser(c).ID {
		return fiber.ErrNotFound
	}
	if err := s.store.RequestSignature(ctx, r.ID, r.UserID); err != nil && !errors.Is(err, store.ErrReflectionSigned) {
		return err
	}
	return c.Redirect("/portfolio?saved=requested#reeks", fiber.StatusSeeOther)
}
