package modules

// Progress is what the store knows about one learner in one module. Keys
// that no longer exist in the module (after a content change) are ignored,
// so edits to content never corrupt progress.
type Progress struct {
	// Completed holds the slugs of lessons the learner has finished with
	// "Les afronden" (opening a lesson does not count).
	Completed map[string]bool
	// Answered holds ids of prompts with a saved answer (non-empty text for
	// reflection and case prompts, any choice for check prompts).
	Answered map[string]bool
	// Correct holds ids of check prompts whose first answer was correct:
	// the first attempt is the score, later attempts only teach.
	Correct map[string]bool
}

// Status is the outcome of Evaluate: whether the module is complete, plus
// the counts needed to show the learner what is still missing.
type Status struct {
	// Complete means the module's completion rule is met (certificate).
	Complete bool
	// LessonsCompleted of LessonsTotal lessons have been completed.
	LessonsCompleted, LessonsTotal int
	// RequiredAnswered of RequiredTotal required prompts have an answer.
	RequiredAnswered, RequiredTotal int
	// CheckCorrect of CheckTotal check prompts are answered correctly.
	CheckCorrect, CheckTotal int
	// CheckScore is CheckCorrect as a percentage of CheckTotal (rounded
	// down; 100 when the module has no check prompts).
	CheckScore int
	// Percent is overall progress toward completion (0-100) for a progress
	// bar; it is 100 exactly when Complete.
	Percent int
}

// Evaluate applies the module's completion rule to p. It is a pure
// function of the content and the progress, so it can be recomputed at any
// time (e.g. after a content update) without stored state going stale.
func (m *Module) Evaluate(p Progress) Status {
	var s Status
	s.LessonsTotal = len(m.Lessons)
	for _, l := range m.Lessons {
		if p.Completed[l.Slug] {
			s.LessonsCompleted++
		}
		for _, pr := range l.Prompts {
			if pr.Required {
				s.RequiredTotal++
				if p.Answered[pr.ID] {
					s.RequiredAnswered++
				}
			}
			if pr.Type == CheckQuestion {
				s.CheckTotal++
				if p.Correct[pr.ID] {
					s.CheckCorrect++
				}
			}
		}
	}
	s.CheckScore = 100
	if s.CheckTotal > 0 {
		s.CheckScore = s.CheckCorrect * 100 / s.CheckTotal
	}

	c := m.Completion
	s.Complete = (!c.AllLessons || s.LessonsCompleted == s.LessonsTotal) &&
		(!c.RequiredPrompts || s.RequiredAnswered == s.RequiredTotal) &&
		s.CheckScore >= c.MinCheckScore

	// Percent counts the units of work each active rule still demands.
	done, total := 0, 0
	if c.AllLessons {
		done += s.LessonsCompleted
		total += s.LessonsTotal
	}
	if c.RequiredPrompts {
		done += s.RequiredAnswered
		total += s.RequiredTotal
	}
	if c.MinCheckScore > 0 && s.CheckTotal > 0 {
		need := (c.MinCheckScore*s.CheckTotal + 99) / 100 // correct answers needed
		done += min(s.CheckCorrect, need)
		total += need
	}
	if total == 0 { // no active rule has units: fall back to lessons completed
		done, total = s.LessonsCompleted, s.LessonsTotal
	}
	switch {
	case s.Complete:
		s.Percent = 100
	case total > 0:
		s.Percent = min(done*100/total, 99)
	}
	return s
}
