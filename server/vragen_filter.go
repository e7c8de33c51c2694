package server

import (
	"net/url"

	"github.com/gofiber/fiber/v2"

	"kring/modules"
)

// questionQuery is the question bank's search as it stands in the address: free text, the three
// tag filters and "favourites only". Unknown tag ids count as no filter.
type questionQuery struct {
	Q, Phase, Type, Situation string
	Favourites                bool
}

func (s *Server) readQuestionQuery(c *fiber.Ctx) questionQuery {
	known := func(tags []modules.Tag, id string) string {
		for _, t := range tags {
			if t.ID == id {
				return id
			}
		}
		return ""
	}
	q := c.Query("q")
	if len([]rune(q)) > 200 {
		q = string([]rune(q)[:200])
	}
	tags := s.catalog.Tags
	return questionQuery{Q: q, Phase: known(tags.Phases, c.Query("fase")), Type: known(tags.Types, c.Query("type")),
		Situation: known(tags.Situations, c.Query("situatie")), Favourites: c.Query("favorieten") == "1"}
}

// values is the query as URL parameters, for links that keep the filters.
func (q questionQuery) values() url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("q", q.Q)
	set("fase", q.Phase)
	set("type", q.Type)
	set("situatie", q.Situation)
	if q.Favourites {
		v.Set("favorieten", "1")
	}
	return v
}

// search runs the query against the bank, keeping only favs when asked.
func (s *Server) searchQuestions(q questionQuery, favs map[string]bool) []*modules.Question {
	found := s.catalog.SearchQuestions(modules.QuestionFilter{Query: q.Q, Phase: q.Phase, Type: q.Type, Situation: q.Situation})
	if !q.Favourites {
		return found
	}
	out := found[:0:0]
	for _, qu := range found {
		if favs[qu.ID] {
			out = append(out, qu)
		}
	}
	return out
}

// questionView is a bank question with its labels, for the templates.
type questionView struct {
	Q          *modules.Question
	Phase      string
	Type       string
	Situations []string
	Favourite  bool
}

func (s *Server) viewQuestion(q *modules.Question, favs map[string]bool) questionView {
	v := questionView{Q: q, Phase: s.catalog.Tags.PhaseLabel(q.Phase), Type: s.catalog.Tags.TypeLabel(q.Type), Favourite: favs[q.ID]}
	for _, sit := range q.Situations {
		v.Situations = append(v.Situations, s.catalog.Tags.SituationLabel(sit))
	}
	return v
}

// filterOptions are the choices of the three filter selects, "all" first.
func (s *Server) filterOptions() fiber.Map {
	opts := func(all string, tags []modules.Tag) []fiber.Map {
		out := []fiber.Map{{"Value": "", "Label": all}}
		for _, t := range tags {
			out = append(out, fiber.Map{"Value": t.ID, "Label": t.Label, "Raw": true})
		}
		return out
	}
	return fiber.Map{
		"Phases":     opts("learning.vragen.all_phases", s.catalog.Tags.Phases),
		"Types":      opts("learning.vragen.all_types", s.catalog.Tags.Types),
		"Situations": opts("learning.vragen.all_situations", s.catalog.Tags.Situations),
	}
}

// findQuestions reads the filters of the request and returns them with the person's
// favourites and the questions that match: what the question bank and practice mode start from.
func (s *Server) findQuestions(c *fiber.Ctx, userID int64) (questionQuery, map[string]bool, []*modules.Question, error) {
	q := s.readQuestionQuery(c)
	favs, err := s.store.Favourites(c.UserContext(), userID)
	if err != nil {
		return q, nil, nil, err
	}
	return q, favs, s.searchQuestions(q, favs), nil
}
