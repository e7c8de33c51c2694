package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"kring/content"
	"kring/modules"
	"kring/server/store"
)

// seedHistory gives the demo group three closed meetings in the months before its planned one,
// recorded as the live room records them (events, attendance, report), so the group's reports
// and the municipality's theme page have something to show on a first start.
func seedHistory(ctx context.Context, st *store.Store, groupID int64, ids map[string]int64, loc *time.Location) error {
	cat, err := modules.Load(content.FS)
	if err != nil {
		return fmt.Errorf("demo: history: %w", err)
	}
	method, ok := cat.Method(Method)
	if !ok {
		return fmt.Errorf("demo: history: method %q not in the content", Method)
	}
	g := &generator{rng: rand.New(rand.NewPCG(13, 13)), cat: cat, method: methodInfo(method)}
	grp := groupInfo{id: groupID}
	for _, a := range Accounts() {
		p := person{id: ids[a.Email], name: a.Name, role: a.Role}
		switch a.Email {
		case "coach@kring.example":
			grp.coach = p
		case "deelnemer1@kring.example", "deelnemer2@kring.example", "deelnemer3@kring.example",
			"deelnemer4@kring.example", "deelnemer5@kring.example", "deelnemer6@kring.example":
			grp.members = append(grp.members, p)
		}
	}
	now := st.Now().In(loc)
	for i, daysAgo := range []int{147, 84, 21} {
		day := now.AddDate(0, 0, -daysAgo)
		starts := time.Date(day.Year(), day.Month(), day.Day(), 14, 0, 0, 0, loc)
		id, err := st.CreateMeeting(ctx, store.NewMeeting{GroupID: groupID, Title: "Successen en knelpunten", Method: Method,
			StartsAt: starts, Minutes: 90, Location: "Wijkcentrum De Schakel, zaal 2", By: grp.coach.id})
		if err != nil {
			return fmt.Errorf("demo: history: %w", err)
		}
		m, err := g.closedMeeting(id, grp, starts.UTC(), float64(i)/3)
		if err != nil {
			return err
		}
		if _, err := st.AppendEvents(ctx, m.Events); err != nil {
			return fmt.Errorf("demo: history: %w", err)
		}
		for _, a := range m.Attendance {
			if err := st.RecordAttendance(ctx, id, a.UserID, a.From, a.To); err != nil {
				return fmt.Errorf("demo: history: %w", err)
			}
		}
		if err := st.SetMeetingStatus(ctx, id, "closed", m.ClosedAt); err != nil {
			return fmt.Errorf("demo: history: %w", err)
		}
		if err := st.SaveReport(ctx, id, m.ReportMarkdown, m.ReportData); err != nil {
			return fmt.Errorf("demo: history: %w", err)
		}
	}
	return nil
}
