package modules

import (
	"fmt"
	"os"
	"slices"
	"testing"
)

func set(keys ...string) map[string]bool {
	m := map[string]bool{}
	for _, k := range keys {
		m[k] = true
	}
	return m
}

func TestEvaluate(t *testing.T) {
	c, err := Load(os.DirFS("testdata/valid"))
	if err != nil {
		t.Fatal(err)
	}
	intro, _ := c.Module("intro")           // 2 lessons; required: wie-helpt-al, casus-de-vries; checks: rol-check, tweede-check; min 50%
	verdieping, _ := c.Module("verdieping") // 1 lesson, all_lessons only
	both := set("welkom", "je-rol")
	required := set("wie-helpt-al", "casus-de-vries")

	tests := []struct {
		name string
		m    *Module
		p    Progress
		want Status
	}{
		{"nothing", intro, Progress{},
			Status{LessonsTotal: 2, RequiredTotal: 2, CheckTotal: 2, CheckScore: 0, Percent: 0}},
		{"complete", intro, Progress{Completed: both, Answered: required, Correct: set("rol-check")},
			Status{Complete: true, LessonsCompleted: 2, LessonsTotal: 2, RequiredAnswered: 2, RequiredTotal: 2,
				CheckCorrect: 1, CheckTotal: 2, CheckScore: 50, Percent: 100}},
		{"score below threshold", intro, Progress{Completed: both, Answered: required, Correct: set()},
			Status{LessonsCompleted: 2, LessonsTotal: 2, RequiredAnswered: 2, RequiredTotal: 2,
				CheckTotal: 2, CheckScore: 0, Percent: 80}},
		{"required prompt missing", intro, Progress{Completed: both, Answered: set("wie-helpt-al"), Correct: set("rol-check", "tweede-check")},
			Status{LessonsCompleted: 2, LessonsTotal: 2, RequiredAnswered: 1, RequiredTotal: 2,
				CheckCorrect: 2, CheckTotal: 2, CheckScore: 100, Percent: 80}},
		{"lesson not completed", intro, Progress{Completed: set("welkom"), Answered: required, Correct: set("rol-check")},
			Status{LessonsCompleted: 1, LessonsTotal: 2, RequiredAnswered: 2, RequiredTotal: 2,
				CheckCorrect: 1, CheckTotal: 2, CheckScore: 50, Percent: 80}},
		{"removed lessons and prompts ignored", intro, Progress{
			Completed: set("welkom", "oude-les", "nog-een-oude"),
			Answered:  set("wie-helpt-al", "verwijderd", "weg"),
			Correct:   set("oude-check", "wie-helpt-al"), // not a check prompt: ignored too
		}, Status{LessonsCompleted: 1, LessonsTotal: 2, RequiredAnswered: 1, RequiredTotal: 2,
			CheckTotal: 2, CheckScore: 0, Percent: 40}},
		{"no checks, all lessons", verdieping, Progress{Completed: set("alleen-les")},
			Status{Complete: true, LessonsCompleted: 1, LessonsTotal: 1, CheckScore: 100, Percent: 100}},
		{"no checks, nothing completed", verdieping, Progress{Completed: set("welkom")},
			Status{LessonsTotal: 1, CheckScore: 100, Percent: 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.Evaluate(tt.p); got != tt.want {
				t.Errorf("Evaluate =\n %+v, want\n %+v", got, tt.want)
			}
		})
	}
}

func TestEvaluateThreshold(t *testing.T) {
	mod := func(min int, checks int) *Module {
		l := &Lesson{Slug: "les"}
		for i := range checks {
			l.Prompts = append(l.Prompts, &Prompt{ID: string(rune('a' + i)), Type: CheckQuestion})
		}
		return &Module{Lessons: []*Lesson{l}, Completion: Completion{MinCheckScore: min}}
	}
	tests := []struct {
		name     string
		min      int
		checks   int
		correct  []string
		complete bool
		score    int
	}{
		{"70% of 3 needs 3", 70, 3, []string{"a", "b"}, false, 66},
		{"70% of 3 met", 70, 3, []string{"a", "b", "c"}, true, 100},
		{"exactly at threshold", 50, 4, []string{"a", "d"}, true, 50},
		{"just below", 75, 4, []string{"a", "b"}, false, 50},
		{"zero means no demand", 0, 2, nil, true, 0},
		{"100 demands all", 100, 2, []string{"a"}, false, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mod(tt.min, tt.checks).Evaluate(Progress{Correct: set(tt.correct...)})
			if s.Complete != tt.complete || s.CheckScore != tt.score {
				t.Errorf("Complete=%v CheckScore=%d, want %v %d", s.Complete, s.CheckScore, tt.complete, tt.score)
			}
			if (s.Percent == 100) != s.Complete {
				t.Errorf("Percent=%d inconsistent with Complete=%v", s.Percent, s.Complete)
			}
		})
	}
}

// Option order is a permutation, the same for one person on every call, and not the same for
// everyone; positions map back to the option a person saw there.
func TestOptionOrder(t *testing.T) {
	p := &Prompt{ID: "rol-check", Type: CheckQuestion, Options: make([]Option, 4)}
	first := p.OptionOrder(7, "intro")
	seen := map[int]bool{}
	for _, i := range first {
		if i < 0 || i >= 4 || seen[i] {
			t.Fatalf("order %v is not a permutation of 0..3", first)
		}
		seen[i] = true
	}
	if again := p.OptionOrder(7, "intro"); !slices.Equal(again, first) {
		t.Errorf("order for the same person changed: %v then %v", first, again)
	}
	differ := 0
	orders := map[string]bool{}
	for uid := int64(1); uid <= 50; uid++ {
		o := p.OptionOrder(uid, "intro")
		orders[fmt.Sprint(o)] = true
		if !slices.Equal(o, first) {
			differ++
		}
		for pos, idx := range o {
			if got, ok := p.OptionAt(uid, "intro", pos); !ok || got != idx {
				t.Fatalf("OptionAt(%d, %d) = %d, %v; want %d", uid, pos, got, ok, idx)
			}
		}
	}
	if differ < 25 || len(orders) < 10 {
		t.Errorf("50 people share too few orders: %d differ from person 7, %d distinct", differ, len(orders))
	}
	// The right answer does not sit in one place for everyone.
	places := map[int]bool{}
	for uid := int64(1); uid <= 50; uid++ {
		places[slices.Index(p.OptionOrder(uid, "intro"), 0)] = true
	}
	if len(places) != 4 {
		t.Errorf("option 0 appears at %d of 4 positions over 50 people", len(places))
	}
	other := &Prompt{ID: "tweede-check", Type: CheckQuestion, Options: make([]Option, 4)}
	same := 0
	for uid := int64(1); uid <= 50; uid++ {
		if slices.Equal(p.OptionOrder(uid, "intro"), other.OptionOrder(uid, "intro")) {
			same++
		}
	}
	if same > 10 {
		t.Errorf("%d of 50 people see two prompts in the same order", same)
	}
	for _, pos := range []int{-1, 4} {
		if _, ok := p.OptionAt(7, "intro", pos); ok {
			t.Errorf("OptionAt(%d) accepted", pos)
		}
	}
}
