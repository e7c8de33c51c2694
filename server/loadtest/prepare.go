// Package loadtest measures Kring's live room under load against a minimal reference server
// (net/http and gorilla/websocket, one hub per room, one group-commit writer to SQLite with
// synchronous=FULL before the ack: the same durability promise), run side by side on loopback,
// so a shared machine still gives stable ratios. `kring loadtest` drives it; docs/performance.md
// describes the method and the figures.
package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"kring/server/auth"
	"kring/server/demo"
	"kring/server/store"
)

// PlanFile is the name of the plan in a prepared data folder, read by the reference server.
const PlanFile = "loadtest-plan.json"

// Plan is who connects where: R rooms of P people, each with a session token.
type Plan struct {
	Rooms []Room `json:"rooms"`
}

// Room is one meeting and the people who join it (its coach first).
type Room struct {
	MeetingID int64    `json:"meetingId"`
	People    []Person `json:"people"`
}

// Person is one participant with the session token their connection carries.
type Person struct {
	UserID int64  `json:"userId"`
	Name   string `json:"name"`
	Token  string `json:"token"`
}

// Connections is the number of connections the plan opens.
func (p Plan) Connections() int {
	n := 0
	for _, r := range p.Rooms {
		n += len(r.People)
	}
	return n
}

// Prepare fills a new data folder with the demo generator (rooms groups of exactly people-1
// members and their coach, each with a planned meeting) and makes a session for everyone
// directly in the store, so nobody signs in with argon2id. It writes the plan next to the
// database and returns it.
func Prepare(ctx context.Context, dir string, rooms, people int) (Plan, error) {
	if rooms < 1 || people < 2 {
		return Plan{}, fmt.Errorf("loadtest: need at least 1 room of 2 people (got %d x %d)", rooms, people)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Plan{}, fmt.Errorf("loadtest: %w", err)
	}
	st, err := store.Open(ctx, filepath.Join(dir, "kring.db"))
	if err != nil {
		return Plan{}, err
	}
	defer st.Close()
	orgs := max(2, rooms/5)
	size := demo.Size{Orgs: orgs, Groups: rooms, GroupSize: people - 1, Meetings: 0, Years: 1, Seed: 1,
		// Room members in distinct people as far as the pools allow, plus the staff.
		People:       rooms*people + orgs + rooms/3 + 10,
		PasswordHash: "loadtest: nobody signs in with a password",
	}
	if _, err := demo.Generate(ctx, st, size); err != nil {
		return Plan{}, err
	}
	var plan Plan
	for gid := int64(1); gid <= int64(rooms); gid++ {
		g, err := st.Group(ctx, gid)
		if err != nil {
			return Plan{}, err
		}
		ms, err := st.MeetingsOfGroup(ctx, gid)
		if err != nil {
			return Plan{}, err
		}
		if len(ms) == 0 {
			return Plan{}, fmt.Errorf("loadtest: group %d has no meeting", gid)
		}
		members, err := st.Members(ctx, gid)
		if err != nil {
			return Plan{}, err
		}
		if len(members) < people-1 {
			return Plan{}, fmt.Errorf("loadtest: group %d has %d members, want %d", gid, len(members), people-1)
		}
		r := Room{MeetingID: ms[0].ID}
		ids := []int64{g.CoachID}
		names := []string{g.CoachName}
		for _, m := range members[:people-1] {
			ids = append(ids, m.UserID)
			names = append(names, m.Name)
		}
		for i, id := range ids {
			tok := auth.NewToken()
			if err := st.CreateSession(ctx, auth.HashToken(tok), id, 24*time.Hour); err != nil {
				return Plan{}, err
			}
			r.People = append(r.People, Person{UserID: id, Name: names[i], Token: tok})
		}
		plan.Rooms = append(plan.Rooms, r)
	}
	b, err := json.Marshal(plan)
	if err != nil {
		return Plan{}, err
	}
	if err := os.WriteFile(filepath.Join(dir, PlanFile), b, 0o600); err != nil {
		return Plan{}, fmt.Errorf("loadtest: write plan: %w", err)
	}
	return plan, nil
}

// ReadPlan reads the plan Prepare wrote into dir.
func ReadPlan(dir string) (Plan, error) {
	b, err := os.ReadFile(filepath.Join(dir, PlanFile))
	if err != nil {
		return Plan{}, fmt.Errorf("loadtest: read plan: %w", err)
	}
	var p Plan
	if err := json.Unmarshal(b, &p); err != nil {
		return Plan{}, fmt.Errorf("loadtest: read plan: %w", err)
	}
	return p, nil
}
