package server

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

// groupNew shows the form to start an intervision group, with the organisations whose trainees
// its coach may pick as members.
func (s *Server) groupNew(c *fiber.Ctx) error { return s.renderGroupNew(c, emptyForm()) }

func (s *Server) renderGroupNew(c *fiber.Ctx, f *form) error {
	data := fiber.Map{"Title": s.msg.T(st(c).lang, "groups.new"), "Form": f}
	orgs, err := s.store.ListOrganisations(c.UserContext())
	if err != nil {
		return err
	}
	// The organisations the group is open to: the coach's pick, their own by default. The
	// municipality admin can change it later on the group's page.
	data["Organisations"] = orgs
	picked := map[int64]bool{}
	if ids, ok := f.Values["org"]; ok {
		for _, v := range strings.Split(ids, ",") {
			id, _ := strconv.ParseInt(v, 10, 64)
			picked[id] = true
		}
	} else if u := currentUser(c); u.OrgID != 0 {
		picked[u.OrgID] = true
	}
	data["Picked"] = picked
	if auth.CanHandOverGroup(person(currentUser(c))) {
		coaches, err := s.store.ListUsers(c.UserContext(), store.UsersFilter{Role: string(auth.Coach)})
		if err != nil {
			return err
		}
		data["Coaches"] = coaches
	}
	return s.render(c, "group_new", data)
}
