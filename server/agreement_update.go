package server

import (
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/server/store"
)

// agreementUpdate lets the group's coach say, after the meeting, who owns one of its
// agreements and by when: a card written as "wie: iemand", or naming someone who was not
// clearly a member, belongs to nobody until then and shows on no one's "Mijn afspraken".
// The owner must be the coach or a member of the group now; a bad owner or date gets the
// report page back with the message, and changes nothing.
func (s *Server) agreementUpdate(c *fiber.Ctx) error {
	m, coach, err := s.meetingAccess(c, true)
	if err != nil {
		return err
	}
	if !coach {
		return fiber.ErrForbidden
	}
	id, err := strconv.ParseInt(c.Params("agreement"), 10, 64)
	if err != nil || id <= 0 {
		return fiber.ErrNotFound
	}
	ctx := c.UserContext()
	made, err := s.store.AgreementsMadeIn(ctx, m.ID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(made, func(a store.Agreement) bool { return a.ID == id }) {
		return fiber.ErrNotFound
	}
	f := readForm(c, "owner", "due")
	owners, err := s.agreementOwners(c, m)
	if err != nil {
		return err
	}
	owner, err := strconv.ParseInt(f.get("owner"), 10, 64)
	if err != nil || (owner != 0 && !hasOption(owners, f.get("owner"))) {
		f.fail("owner", "agreements.edit.owner_invalid")
	}
	if d := f.get("due"); d != "" {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			f.fail("due", "agreements.edit.due_invalid")
		}
	}
	if f.ok() {
		err = s.store.EditAgreement(ctx, m.ID, id, owner, f.get("due"), currentUser(c).ID)
		if errors.Is(err, store.ErrNotFound) {
			return fiber.ErrNotFound
		}
		if err != nil {
			return err
		}
		return c.Redirect("/meetings/"+strconv.FormatInt(m.ID, 10)+"/report?saved="+strconv.FormatInt(id, 10)+"#agreement-"+strconv.FormatInt(id, 10), fiber.StatusSeeOther)
	}
	// Back to the report page with the form as typed and its messages.
	c.Status(fiber.StatusUnprocessableEntity)
	c.Locals(agreementFormKey, &agreementForm{ID: id, Form: f})
	return s.meetingReport(c)
}

// agreementFormKey holds, in a request's locals, an agreement form that came back with
// mistakes, for the report page to show as typed.
const agreementFormKey = "kring.agreementForm"

// agreementForm is the one agreement form shown as typed, with its messages.
type agreementForm struct {
	ID   int64
	Form *form
}

// agreementRow is one agreement of the meeting on its report page, with its form's values.
type agreementRow struct {
	store.Agreement
	Form *form
}

// agreementEditView adds to the coach's report page the agreements made in the meeting,
// each with a form for its owner and date (the one that came back with mistakes as typed).
func (s *Server) agreementEditView(c *fiber.Ctx, m *store.Meeting, view fiber.Map) error {
	as, err := s.store.AgreementsMadeIn(c.UserContext(), m.ID)
	if err != nil || len(as) == 0 {
		return err
	}
	owners, err := s.agreementOwners(c, m)
	if err != nil {
		return err
	}
	back, _ := c.Locals(agreementFormKey).(*agreementForm)
	rows := make([]agreementRow, len(as))
	for i, a := range as {
		f := emptyForm()
		f.Values["owner"], f.Values["due"] = strconv.FormatInt(a.OwnerID, 10), a.Due
		if back != nil && back.ID == a.ID {
			f = back.Form
		}
		rows[i] = agreementRow{Agreement: a, Form: f}
	}
	view["Agreements"], view["Owners"], view["SavedAgreement"] = rows, owners, int64(0)
	css, _ := view["ExtraCSS"].([]string)
	view["ExtraCSS"] = append(css, "/static/css/agreements.css")
	return nil
}

// agreementOwners are the choices for an agreement's owner: nobody, the coach and the
// group's members now, by name.
func (s *Server) agreementOwners(c *fiber.Ctx, m *store.Meeting) ([]fiber.Map, error) {
	lang := st(c).lang
	out := []fiber.Map{{"Value": "0", "Label": s.msg.T(lang, "agreements.edit.nobody"), "Raw": true}}
	if m.CoachID != 0 {
		coach, err := s.store.UserByID(c.UserContext(), m.CoachID)
		switch {
		case err == nil:
			out = append(out, fiber.Map{"Value": strconv.FormatInt(coach.ID, 10), "Label": coach.Name + " (" + s.msg.T(lang, "agreements.edit.coach") + ")", "Raw": true})
		case !errors.Is(err, store.ErrNotFound):
			return nil, err
		}
	}
	members, err := s.store.Members(c.UserContext(), m.GroupID)
	if err != nil {
		return nil, err
	}
	for _, mem := range members {
		if mem.UserID != m.CoachID {
			out = append(out, fiber.Map{"Value": strconv.FormatInt(mem.UserID, 10), "Label": mem.Name, "Raw": true})
		}
	}
	return out, nil
}

// hasOption tells whether value is one of the choices.
func hasOption(options []fiber.Map, value string) bool {
	for _, o := range options {
		if o["Value"] == value {
			return true
		}
	}
	return false
}
