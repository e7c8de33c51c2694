package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// person is the signed-in person as the ownership rules of package auth see them.
func person(u *store.User) auth.Person {
	if u == nil {
		return auth.Person{}
	}
	return auth.Person{ID: u.ID, Role: auth.Role(u.Role), OrgID: u.OrgID, Disabled: u.Disabled}
}

// groupFacts loads what the ownership rules need to know about a group and the person.
func (s *Server) groupFacts(c *fiber.Ctx, g *store.Group, u *store.User) (auth.Group, error) {
	ctx := c.UserContext()
	member, err := s.store.IsMember(ctx, g.ID, u.ID)
	if err != nil {
		return auth.Group{}, err
	}
	orgs, err := s.store.GroupOrganisations(ctx, g.ID)
	if err != nil {
		return auth.Group{}, err
	}
	return auth.Group{CoachID: g.CoachID, Member: member, OpenTo: orgs}, nil
}

// groupAccess loads the group in the URL and says what the signed-in person may do with it,
// by auth.CanSeeGroup and auth.CanManageGroup. Anyone who may not see it gets 404, so group
// ids reveal nothing.
func (s *Server) groupAccess(c *fiber.Ctx, param string) (g *store.Group, manage bool, err error) {
	g, facts, err := s.groupWithFacts(c, param)
	if err != nil {
		return nil, false, err
	}
	p := person(currentUser(c))
	return g, s.policy.Allows(p.Role, auth.ManageGroups) && auth.CanManageGroup(p, facts), nil
}

// groupWithFacts is groupAccess for handlers that need the facts too (the member picker).
func (s *Server) groupWithFacts(c *fiber.Ctx, param string) (*store.Group, auth.Group, error) {
	id, err := c.ParamsInt(param)
	if err != nil || id <= 0 {
		return nil, auth.Group{}, fiber.ErrNotFound
	}
	g, err := s.store.Group(c.UserContext(), int64(id))
	if err != nil {
		return nil, auth.Group{}, err
	}
	facts, err := s.groupFacts(c, g, currentUser(c))
	if err != nil {
		return nil, auth.Group{}, err
	}
	if !auth.CanSeeGroup(person(currentUser(c)), facts) {
		return nil, auth.Group{}, fiber.ErrNotFound
	}
	return g, facts, nil
}
