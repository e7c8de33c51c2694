package server

import (
	"math/rand/v2"
	"strconv"

	"github.com/gofiber/fiber/v2"
)

// vragenPractice shows one question of the bank at a time, within the same filters as the
// list: its note stays hidden until the person opens "toon toelichting" (a <details>, so no
// JavaScript is needed), and links lead to the next question (?n=, 1-based, wrapping) or a
// random one.
func (s *Server) vragenPractice(c *fiber.Ctx) error {
	u := currentUser(c)
	lang := st(c).lang
	q, favs, found, err := s.findQuestions(c, u.ID)
	if err != nil {
		return err
	}
	data := fiber.Map{
		"Title":   s.msg.T(lang, "learning.practice.title"),
		"Query":   q,
		"Options": s.filterOptions(),
		"Total":   len(found),
	}
	keep := q.values().Encode()
	link := func(n int) string {
		if keep == "" {
			return "/vragen/oefenen?n=" + strconv.Itoa(n)
		}
		return "/vragen/oefenen?" + keep + "&n=" + strconv.Itoa(n)
	}
	data["ListURL"] = "/vragen"
	if keep != "" {
		data["ListURL"] = "/vragen?" + keep
	}
	if len(found) > 0 {
		n, err := strconv.Atoi(c.Query("n", "1"))
		if err != nil || n < 1 || n > len(found) {
			n = 1
		}
		random := n
		if len(found) > 1 {
			for random == n {
				random = rand.IntN(len(found)) + 1
			}
		}
		data["N"] = n
		data["Question"] = s.viewQuestion(found[n-1], favs)
		data["NextURL"] = link(n%len(found) + 1)
		data["RandomURL"] = link(random)
	}
	return s.render(c, "vragen_oefenen", data)
}
