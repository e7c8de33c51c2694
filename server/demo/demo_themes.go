package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"kring/content"
	"kring/modules"
	"kring/server/room"
	"kring/server/store"
)

// seedThemes gives the demo group's closed meetings what the live room would have recorded
// besides attendance: cards on every board written by the people who were there, themes the
// coach tagged, votes, a scale question, and the report built on closing. So the group's
// reports and the municipality's theme page have something to show on a first start. The
// meetings, their times and attendance stay as seedHistory wrote them.
func seedThemes(ctx context.Context, st *store.Store, groupID int64, ids map[string]int64) error {
	cat, err := modules.Load(content.FS)
	if err != nil {
		return fmt.Errorf("themes: %w", err)
	}
	method, ok := cat.Method(Method)
	if !ok {
		return fmt.Errorf("themes: method %q not in the content", Method)
	}
	g := &generator{rng: rand.New(rand.NewPCG(13, 13)), cat: cat, method: methodInfo(method)}
	grp := groupInfo{id: groupID}
	byID := map[int64]person{}
	for _, a := range Accounts() {
		p := person{id: ids[a.Email], name: a.Name, role: a.Role}
		byID[p.id] = p
		switch a.Email {
		case "coach@kring.example":
			grp.coach = p
		case "deelnemer1@kring.example", "deelnemer2@kring.example", "deelnemer3@kring.example",
			"deelnemer4@kring.example", "deelnemer5@kring.example", "deelnemer6@kring.example":
			grp.members = append(grp.members, p)
		}
	}
	meetings, err := st.MeetingsOfGroup(ctx, groupID)
	if err != nil {
		return fmt.Errorf("themes: %w", err)
	}
	for i, m := range meetings {
		if m.Status != "closed" {
			continue
		}
		att, err := st.Attendance(ctx, m.ID)
		if err != nil {
			return fmt.Errorf("themes: %w", err)
		}
		var present []person
		seen := map[int64]bool{}
		for _, a := range att {
			if p, ok := byID[a.UserID]; ok && !seen[a.UserID] && a.UserID != grp.coach.id {
				seen[a.UserID] = true
				present = append(present, p)
			}
		}
		rec, err := g.closedMeeting(m.ID, grp, m.OpenedAt.UTC(), float64(i)/float64(len(meetings)), present)
		if err != nil {
			return err
		}
		// The room closes at the meeting's recorded closing time.
		last := &rec.Events[len(rec.Events)-1]
		if closeAt := m.ClosedAt; closeAt.After(rec.Events[len(rec.Events)-2].At) {
			ev := room.Event{Op: "meeting.close", By: grp.coach.id, At: closeAt.UnixMilli()}
			last.Data, _ = json.Marshal(ev)
			last.At = closeAt
		}
		if _, err := st.AppendEvents(ctx, rec.Events); err != nil {
			return fmt.Errorf("themes: %w", err)
		}
		evs, err := st.MeetingEvents(ctx, m.ID)
		if err != nil {
			return fmt.Errorf("themes: %w", err)
		}
		folded := make([]room.Event, len(evs))
		for k, e := range evs {
			if err := json.Unmarshal(e.Data, &folded[k]); err != nil {
				return fmt.Errorf("themes: %w", err)
			}
			folded[k].Seq = e.Seq
		}
		info := room.Meeting{ID: m.ID, GroupID: groupID, CoachID: grp.coach.id, Title: m.Title, Method: g.method,
			Members: map[int64]string{grp.coach.id: grp.coach.name}}
		for _, p := range grp.members {
			info.Members[p.id] = p.name
		}
		rep := room.BuildReport(room.Fold(info, folded), att, 2*time.Minute)
		data, err := json.Marshal(rep)
		if err != nil {
			return fmt.Errorf("themes: %w", err)
		}
		if err := st.SaveReport(ctx, m.ID, rep.Markdown("nl", nil), data); err != nil {
			return fmt.Errorf("themes: %w", err)
		}
	}
	return nil
}
