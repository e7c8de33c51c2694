package modules

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// Rules about a whole module that go beyond the format: whether its stated
// study load matches its lessons, and whether its check questions can be
// passed by guessing.

// minSpreadChecks is how many check questions a module needs before the
// answer-spread warnings apply; below it, "mostly" means little.
const minSpreadChecks = 4

// DerivedHours is the study load the lessons add up to: their reading and
// exercise minutes, rounded to the nearest quarter of an hour (at least a
// quarter, since hours must be more than 0). The certificate may only state
// this, so a register's reviewer can trace it.
func DerivedHours(minutes int) float64 {
	return max(math.Round(float64(minutes)/15)/4, 0.25)
}

// checkHours refuses a module whose stated hours are not what its lessons
// add up to.
func (l *loader) checkHours(m *Module, file string) {
	line, ok := l.hoursLine[m]
	if !ok || m.Minutes == 0 {
		return
	}
	if want := DerivedHours(m.Minutes); m.Hours != want {
		l.probs.add(file, line, "hours is %s but the lessons add up to %d minutes of reading and exercises: state hours: %s",
			fmtHours(m.Hours), m.Minutes, fmtHours(want))
	}
}

func fmtHours(h float64) string { return strconv.FormatFloat(h, 'f', -1, 64) }

// checkAnswerSpread warns when the right answers of a module's check
// questions sit mostly in one position, or are mostly the longest (or the
// shortest) option:
// then a learner can pass by pattern instead of by knowledge.
func (l *loader) checkAnswerSpread(m *Module, file string) {
	n := 0
	atPos := map[int]int{}
	longest, shortest := 0, 0
	for _, p := range m.Prompts() {
		if p.Type != CheckQuestion || len(p.Options) < 2 {
			continue
		}
		right := -1
		for i, o := range p.Options {
			if o.Correct {
				right = i
				break
			}
		}
		if right < 0 {
			continue
		}
		n++
		atPos[right]++
		if isLongest(p.Options, right) {
			longest++
		}
		if isShortest(p.Options, right) {
			shortest++
		}
	}
	if n < minSpreadChecks {
		return
	}
	pos, most := 0, 0
	for i := 0; i < 16; i++ {
		if atPos[i] > most {
			pos, most = i, atPos[i]
		}
	}
	if most*2 > n {
		l.probs.warn(file, 0, "the right answer is option %d in %d of %d check questions: spread the right answers over the positions", pos+1, most, n)
	}
	if longest*2 > n {
		l.probs.warn(file, 0, "the right answer is the longest option in %d of %d check questions: make the wrong options as long and as plausible as the right one", longest, n)
	}
	if shortest*2 > n {
		l.probs.warn(file, 0, "the right answer is the shortest option in %d of %d check questions: vary the lengths so length gives nothing away", shortest, n)
	}
}

// isLongest reports whether option i is strictly longer than every other.
func isLongest(opts []Option, i int) bool {
	n := utf8.RuneCountInString(opts[i].Text)
	for j, o := range opts {
		if j != i && utf8.RuneCountInString(o.Text) >= n {
			return false
		}
	}
	return true
}

// isShortest reports whether option i is strictly shorter than every other:
// writers who lengthen distractors to hide the right answer easily
// overshoot into the opposite pattern.
func isShortest(opts []Option, i int) bool {
	n := utf8.RuneCountInString(opts[i].Text)
	for j, o := range opts {
		if j != i && utf8.RuneCountInString(o.Text) <= n {
			return false
		}
	}
	return true
}
