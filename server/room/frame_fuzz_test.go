package room

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"kring/server/privacy"
)

// FuzzFrames feeds a room a sequence of client frames, one a line; a line starting with "c:"
// comes from the coach, any other from a member. Whatever arrives, the parser and the decision
// never panic, a refusal always has a message in both languages, and an accepted event keeps
// the room's promises: texts clean and screened, coach actions only from the coach, votes
// within the limit, and applying it never panics.
func FuzzFrames(f *testing.F) {
	for _, s := range []string{
		`{"op":"card.add","id":"a1","board":"case","text":"Een cliënt zonder netwerk"}`,
		"c:{\"op\":\"meeting.start\",\"id\":\"s\"}\n{\"op\":\"card.add\",\"id\":\"a\",\"board\":\"case\",\"text\":\"Casus\"}\n{\"op\":\"card.vote\",\"id\":\"v\",\"card\":2}\n{\"op\":\"card.vote\",\"id\":\"v2\",\"card\":2}",
		"c:{\"op\":\"meeting.start\",\"id\":\"s\"}\n{\"op\":\"card.add\",\"id\":\"a\",\"board\":\"agreement\",\"text\":\"Bellen\",\"owner\":\"Sanne\"}\n{\"op\":\"card.edit\",\"id\":\"e\",\"card\":2,\"text\":\"Mailen\",\"owner\":\" \"}",
		"c:{\"op\":\"meeting.start\",\"id\":\"s\"}\nc:{\"op\":\"card.add\",\"id\":\"a\",\"board\":\"case\",\"text\":\"A\"}\nc:{\"op\":\"card.add\",\"id\":\"b\",\"board\":\"case\",\"text\":\"B\"}\nc:{\"op\":\"card.merge\",\"id\":\"m\",\"card\":2,\"from\":3,\"text\":\"A en B\"}",
		"c:{\"op\":\"meeting.start\",\"id\":\"s\"}\nc:{\"op\":\"scale.allow\",\"id\":\"a\"}\nc:{\"op\":\"scale.open\",\"id\":\"o\",\"text\":\"Hoe gaat het?\"}\n{\"op\":\"scale.answer\",\"id\":\"x\",\"card\":2,\"value\":7}\nc:{\"op\":\"scale.reveal\",\"id\":\"r\",\"card\":2}",
		"c:{\"op\":\"meeting.start\",\"id\":\"s\"}\nc:{\"op\":\"phase.next\",\"id\":\"p\"}\nc:{\"op\":\"timer.add\",\"id\":\"t\",\"minutes\":5}\nc:{\"op\":\"timer.pause\",\"id\":\"t2\"}\nc:{\"op\":\"phase.prev\",\"id\":\"p2\"}",
		"{\"op\":\"hand.raise\",\"id\":\"h\"}\nc:{\"op\":\"hand.lower\",\"id\":\"l\",\"user\":2}\nc:{\"op\":\"question.show\",\"id\":\"q\",\"text\":\"Wat werkt al?\"}\nc:{\"op\":\"meeting.close\",\"id\":\"z\"}",
		`{"op":"card.add","id":"a","board":"case","text":"BSN 123456782, mail jan@example.nl"}`,
		`{"op":"card.add","id":"a","board":"nope","text":"x"}`,
		`{"op":"meeting.close","id":"z"}`,
		`{"op":"","id":"a"}`, `{"id":"only"}`, `[1,2]`, `{"op":"card.add","text":"a\u0000b","board":"case"}`, `not json`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg := Config{}.withDefaults()
		const coach, member = 1, 2
		st := NewState(Meeting{ID: 7, CoachID: coach, Members: map[int64]string{coach: "Coach", member: "Sanne"},
			Method: MethodInfo{Slug: "incident", Phases: []PhaseInfo{{ID: "a", Minutes: 10, Vote: BoardCase}, {ID: "b", Minutes: 5}}}})
		now := int64(1_700_000_000_000)
		for i, line := range bytes.Split(data, []byte("\n")) {
			if i >= 32 {
				break
			}
			p := Participant{UserID: member, Name: "Sanne"}
			if rest, ok := bytes.CutPrefix(line, []byte("c:")); ok {
				p, line = Participant{UserID: coach, Name: "Coach", Coach: true}, rest
			}
			fr, fe := parseFrame(line)
			var ev Event
			if fe == nil {
				now += 1000
				d := decider{cfg: cfg, st: &st, p: p, now: now}
				ev, fe = d.decide(&fr)
			}
			if fe != nil {
				if _, ok := messageText(fe.key); !ok {
					t.Fatalf("frame %q: refusal %q (%s) has no message text", line, fe.key, fe.code)
				}
				if fe.message("nl") == "" || fe.message("en") == "" {
					t.Fatalf("frame %q: empty message", line)
				}
				continue
			}
			if coachOp(ev.Op) && p.UserID != coach {
				t.Fatalf("frame %q: coach op %s accepted from a member", line, ev.Op)
			}
			if ev.By != p.UserID {
				t.Fatalf("frame %q: event by %d, sent by %d", line, ev.By, p.UserID)
			}
			switch ev.Op {
			case "card.add", "card.edit", "card.merge":
				checkText(t, line, ev.Text, cfg.MaxCardText)
				if ev.Owner != "" {
					checkText(t, line, ev.Owner, maxOwner)
				}
			case "question.show", "scale.open":
				checkText(t, line, ev.Text, cfg.MaxQuestionText)
			}
			if ev.Op == "card.add" && !validBoard(ev.Board) {
				t.Fatalf("frame %q: card on board %q", line, ev.Board)
			}
			ev.Seq = st.Seq + 1
			st = Apply(st, ev)
			for _, u := range []int64{coach, member} {
				if n := st.VotesBy(u, BoardCase); n > cfg.VotesPerPerson {
					t.Fatalf("after %q: user %d has %d votes, limit %d", line, u, n, cfg.VotesPerPerson)
				}
			}
		}
	})
}

// checkText holds an accepted text to cleanText's promises and the privacy screen.
func checkText(t *testing.T, frame []byte, s string, limit int) {
	t.Helper()
	if s == "" || !utf8.ValidString(s) || utf8.RuneCountInString(s) > limit || s != strings.TrimSpace(s) {
		t.Fatalf("frame %q: accepted text %q breaks the text rules", frame, s)
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
			t.Fatalf("frame %q: accepted text with control character %U", frame, r)
		}
	}
	for _, f := range privacy.Screen(s) {
		if f.Kind.Blocking() {
			t.Fatalf("frame %q: accepted text with %s %q", frame, f.Kind, f.Text)
		}
	}
}
