package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/store"
)

// mapExercise is the page of the two exercises of the module "Het netwerk in kaart brengen":
// build the map of the practice case (Kevin) and get feedback from its summary, and map your
// own network (private to you). Both start a map of the signed-in person through mapCreate.
func (s *Server) mapExercise(c *fiber.Ctx) error {
	lang := st(c).lang
	return s.render(c, "map_exercise", fiber.Map{
		"Title":    s.msg.T(lang, "netmap.exercise.title"),
		"Practice": store.MapPractice,
		"Own":      store.MapOwn,
		"ExtraCSS": []string{"/static/css/netmap.css"},
	})
}
