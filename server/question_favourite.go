package server

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// questionFavourite marks a bank question as the person's favourite or unmarks it. vragen.js
// sends it with Accept: application/json and gets the new state back; a plain form submit is
// sent back to the list it came from (next), at the question.
func (s *Server) questionFavourite(c *fiber.Ctx) error {
	qu, ok := s.catalog.Question(c.Params("id"))
	if !ok {
		return fiber.ErrNotFound
	}
	u := currentUser(c)
	fav, err := s.store.ToggleFavourite(c.UserContext(), u.ID, qu.ID)
	if err != nil {
		return err
	}
	if wantsJSON(c) {
		lang := st(c).lang
		label := "learning.vragen.favourite_add"
		if fav {
			label = "learning.vragen.favourite_remove"
		}
		return c.JSON(fiber.Map{"ok": true, "favourite": fav, "label": s.msg.T(lang, label)})
	}
	next := safeNext(c.FormValue("next"))
	if !strings.HasPrefix(next, "/vragen") {
		next = "/vragen"
	}
	return c.Redirect(next+"#q-"+qu.ID, fiber.StatusSeeOther)
}
