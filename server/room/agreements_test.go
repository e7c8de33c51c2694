package room

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"kring/server/store"
)

// priorDir is a Directory that also knows the earlier meetings' open agreements.
type priorDir struct {
	*fakeDir
	prior []Prior
}

func (d priorDir) Prior(_ context.Context, meetingID int64) ([]Prior, error) {
	return clonePrior(d.prior), nil
}

// startWith is env.start with another directory: a (re)start of the registry.
func (e *env) startWith(dir Directory) {
	e.prom = prometheus.NewRegistry()
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	e.reg = NewRegistry(e.cfg, e.store, dir, logger, e.prom)
	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		uid, _ := strconv.ParseInt(r.URL.Query().Get("user"), 10, 64)
		m, _ := e.dir.Meeting(r.Context(), e.meeting)
		p := Participant{UserID: uid, Name: m.Members[uid], Coach: uid == coachID, Lang: r.URL.Query().Get("lang")}
		if err := e.reg.Serve(w, r, e.meeting, p); err != nil && !errors.Is(err, ErrForbidden) {
			e.t.Logf("serve: %v", err)
		}
	}))
}

// The earlier agreements are in the snapshot; only an agreement's owner or the coach marks it
// (an error frame for anyone else, and for an agreement without owner only the coach); a mark
// is an event everyone receives; the marks survive a restart of the registry (replayed from
// the log); the report records each one's outcome, with who marked it.
func TestAgreementMarksSurviveARestart(t *testing.T) {
	e := newEnv(t, Config{})
	e.stop()
	dir := priorDir{fakeDir: e.dir, prior: []Prior{
		{ID: 11, Text: "Netwerkkaart maken", Owner: "Anna", OwnerID: annaID, Due: "2026-01-20", MeetingID: 7, Held: "2025-12-01"},
		{ID: 12, Text: "Zaal regelen", Owner: "iemand", MeetingID: 7, Held: "2025-12-01"},
	}}
	e.startWith(dir)

	coach, anna, bram := e.dial(coachID), e.dial(annaID), e.dial(bramID)
	coach.hello(0)
	if st := anna.hello(0).state(); len(st.Prior) != 2 || st.Prior[0].OwnerID != annaID || st.Prior[1].Outcome != "" {
		t.Fatalf("snapshot's earlier agreements: %+v", st.Prior)
	}
	bram.hello(0)
	for _, tc := range []struct {
		name   string
		by     *wsClient
		fields map[string]any
		code   string
	}{
		{"someone else's", bram, map[string]any{"agreement": 11, "outcome": "done"}, CodeForbidden},
		{"without owner, by a participant", anna, map[string]any{"agreement": 12, "outcome": "carried"}, CodeForbidden},
		{"not on the list", coach, map[string]any{"agreement": 13, "outcome": "done"}, CodeNotFound},
		{"bad outcome", anna, map[string]any{"agreement": 11, "outcome": "klaar"}, CodeInvalid},
		{"no agreement", anna, map[string]any{"outcome": "done"}, CodeMissingField},
	} {
		if f := tc.by.fail(OpAgreementMark, tc.fields); f.Code != tc.code {
			t.Errorf("%s: %+v, want code %s", tc.name, f, tc.code)
		}
	}
	anna.ok(OpAgreementMark, map[string]any{"agreement": 11, "outcome": "done"})
	for {
		if f := bram.next("event"); f.event().Op == OpAgreementMark {
			if ev := f.event(); ev.Agreement != 11 || ev.Outcome != OutcomeDone || ev.By != annaID {
				t.Fatalf("the mark as Bram receives it: %+v", ev)
			}
			break
		}
	}
	coach.ok(OpMeetingStart, nil)
	coach.ok(OpAgreementMark, map[string]any{"agreement": 12, "outcome": "carried"})
	coach.ok(OpAgreementMark, map[string]any{"agreement": 12, "outcome": ""}) // taken back
	coach.ok(OpAgreementMark, map[string]any{"agreement": 12, "outcome": "carried"})

	e.stop()
	e.startWith(dir)
	coach = e.dial(coachID)
	st := coach.hello(0).state()
	if p := st.Prior; len(p) != 2 || p[0].Outcome != OutcomeDone || p[0].By != annaID || p[1].Outcome != OutcomeCarried || p[1].By != coachID {
		t.Fatalf("after a restart: %+v", p)
	}
	coach.ok(OpMeetingClose, nil)
	var data []byte
	waitFor(t, "the report", func() bool {
		var err error
		_, data, _, err = e.store.Report(context.Background(), e.meeting)
		return err == nil
	})
	var rep Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Prior) != 2 || rep.Prior[0].ByName != "Anna" || rep.Prior[1].ByName != "Coach Cor" || rep.Prior[1].Outcome != OutcomeCarried {
		t.Fatalf("report's earlier agreements: %+v", rep.Prior)
	}
	md := rep.Markdown("nl", nil)
	for _, want := range []string{"## Afspraken van de vorige keer", "Netwerkkaart maken — wie: Anna — uiterlijk 20 januari 2026 — afgesproken op 1 december 2025: gedaan (Anna)",
		"Zaal regelen — wie: iemand — afgesproken op 1 december 2025: doorgeschoven naar de volgende keer (Coach Cor)"} {
		if !strings.Contains(md, want) {
			t.Errorf("verslag lacks %q:\n%s", want, md)
		}
	}
	if en := rep.Markdown("en", nil); !strings.Contains(en, "## Agreements from last time") || !strings.Contains(en, ": done (Anna)") {
		t.Errorf("English verslag:\n%s", en)
	}
	anna = e.dial(annaID)
	anna.hello(0)
	if f := anna.fail(OpAgreementMark, map[string]any{"agreement": 11, "outcome": "carried"}); f.Code != CodeClosed {
		t.Errorf("a mark after the close: %+v", f)
	}
}

// A meeting without earlier agreements has an empty list, and its verslag no such section.
func TestNoEarlierAgreements(t *testing.T) {
	st := NewState(Meeting{ID: 1, CoachID: coachID})
	if st.Prior == nil || len(st.Prior) != 0 {
		t.Fatalf("Prior is %#v, want an empty list", st.Prior)
	}
	if md := BuildReport(st, []store.AttendanceInterval{}, 0).Markdown("nl", nil); strings.Contains(md, "vorige keer") {
		t.Errorf("verslag without earlier agreements has the section:\n%s", md)
	}
}

// The owner written on an agreement names a member by full name or by a first name only one
// member has; anything else names nobody.
func TestOwnerID(t *testing.T) {
	members := map[int64]string{1: "Coach Cor", 2: "Anna de Vries", 3: "Anna Bakker", 4: "Bram Jansen", 5: ""}
	for _, tc := range []struct {
		owner string
		want  int64
	}{
		{"Anna de Vries", 2}, {"  anna   DE vries ", 2}, {"bram", 4}, {"Bram Jansen", 4},
		{"Anna", 0}, {"", 0}, {"Carla", 0}, {"coach", 1}, {"Jansen", 0},
	} {
		if got := ownerID(members, tc.owner); got != tc.want {
			t.Errorf("ownerID(%q) = %d, want %d", tc.owner, got, tc.want)
		}
	}
}
