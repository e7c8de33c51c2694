package server

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// candidate is a person as the member-picking rule sees them.
func candidate(u *store.User) auth.Candidate {
	return auth.Candidate{Role: auth.Role(u.Role), OrgID: u.OrgID, Disabled: u.Disabled}
}

// groupMemberAdd adds a trainee to the group: one picked from the list (a trainee of an
// organisation the group is open to, auth.CanPickMember) or, from anywhere, one whose exact
// e-mail address the coach typed. Anything else gets a clear message and changes nothing.
func (s *Server) groupMemberAdd(c *fiber.Ctx) error {
	g, facts, err := s.groupWithFacts(c, "id")
	if err != nil {
		return err
	}
	p := person(currentUser(c))
	manage := auth.CanManageGroup(p, facts)
	if !manage {
		return fiber.ErrForbidden
	}
	f := readForm(c, "user", "email")
	again := func(field, msg string) error {
		f.fail(field, msg)
		c.Status(fiber.StatusUnprocessableEntity)
		return s.renderGroup(c, g, manage, groupForms{Member: f})
	}
	ctx := c.UserContext()
	var u *store.User
	byEmail := strings.TrimSpace(f.get("email")) != ""
	if byEmail {
		f.maxLen("email", 254)
		f.email("email")
		if !f.ok() {
			c.Status(fiber.StatusUnprocessableEntity)
			return s.renderGroup(c, g, manage, groupForms{Member: f})
		}
		u, err = s.store.UserByEmail(ctx, f.get("email"))
		switch {
		case errors.Is(err, store.ErrNotFound) || (err == nil && !auth.CanPickMember(facts, candidate(u), true)):
			return again("email", "scope.no_trainee_with_email")
		case err != nil:
			return err
		}
	} else {
		id, _ := strconv.ParseInt(f.get("user"), 10, 64)
		u, err = s.store.UserByID(ctx, id)
		switch {
		case errors.Is(err, store.ErrNotFound) || (err == nil && !auth.CanPickMember(facts, candidate(u), false)):
			return again("user", "scope.pick_from_list")
		case err != nil:
			return err
		}
	}
	if err := s.store.AddMember(ctx, g.ID, u.ID); err != nil {
		return err
	}
	s.memberInvitations(c, g.ID, u.ID, mailInvite)
	s.audit(c, auditMemberAdd, "group:"+strconv.FormatInt(g.ID, 10), u.OrgID, map[string]string{"name": u.Name, "user": strconv.FormatInt(u.ID, 10)})
	s.log.Info("member added", "group", g.ID, "user", u.ID, "by", p.ID, "by_email", byEmail)
	return c.Redirect("/groups/"+strconv.FormatInt(g.ID, 10)+"#members", fiber.StatusSeeOther)
}
