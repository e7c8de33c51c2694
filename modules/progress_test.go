package modules

import (
	"os"
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
		{"complete", intro, Progress{Opened: both, Answered: required, Correct: set("rol-check")},
			Status{Complete: true, LessonsOpened: 2, LessonsTotal: 2, RequiredAnswered: 2, RequiredTotal: 2,
				CheckCorrect: 1, CheckTotal: 2, CheckScore: 50, Percent: 100}},
		{"score below threshold", intro, Progress{Opened: both, Answered: required, Correct: set()},
			Status{LessonsOpened: 2, LessonsTotal: 2, RequiredAnswered: 2, RequiredTotal: 2,
				CheckTotal: 2, CheckScore: 0, Percent: 80}},
		{"required prompt missing", intro, Progress{Opened: both, Answered: set("wie-helpt-al"), Correct: set("rol-check", "tweede-check")},
			Status{LessonsOpened: 2, LessonsTotal: 2, RequiredAnswered: 1, RequiredTotal: 2,
				CheckCorrect: 2, CheckTotal: 2, CheckScore: 100, Percent: 80}},
		{"lesson not opened", intro, Progress{Opened: set("welkom"), Answered: required, Correct: set("rol-check")},
			Status{LessonsOpened: 1, LessonsTotal: 2, RequiredAnswered: 2, RequiredTotal: 2,
				CheckCorrect: 1, CheckTotal: 2, CheckScore: 50, Percent: 80}},
		{"removed lessons and prompts ignored", intro, Progress{
			Opened:   set("welkom", "oude-les", "nog-een-oude"),
			Answered: set("wie-helpt-al", "verwijderd", "weg"),
			Correct:  set("oude-check", "wie-helpt-al"), // not a check prompt: ignored too
		}, Status{LessonsOpened: 1, LessonsTotal: 2, RequiredAnswered: 1, RequiredTotal: 2,
			CheckTotal: 2, CheckScore: 0, Percent: 40}},
		{"no checks, all lessons", verdieping, Progress{Opened: set("alleen-les")},
			Status{Complete: true, LessonsOpened: 1, LessonsTotal: 1, CheckScore: 100, Percent: 100}},
		{"no checks, nothing opened", verdieping, Progress{Opened: set("welkom")},
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
