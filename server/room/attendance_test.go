package room

import (
	"testing"
	"time"

	"kring/server/store"
)

// Attendance counts only the time between the start and the close of the meeting; someone who
// only looked in before the start is not listed.
func TestAttendanceCountsTheMeetingOnly(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 13, 0, 0, 0, time.UTC) // the meeting starts
	at := func(min int) time.Time { return t0.Add(time.Duration(min) * time.Minute) }
	closed := at(90)
	names := map[int64]string{1: "Coach", 2: "Anna", 3: "Bram", 4: "Carla"}
	att := []store.AttendanceInterval{
		{UserID: 1, From: at(-30), To: at(95)},  // waited half an hour, stayed after the close
		{UserID: 2, From: at(-20), To: at(-10)}, // looked in before the start only
		{UserID: 3, From: at(10), To: at(40)},   // joined late, left early
		{UserID: 3, From: at(41), To: at(60)},   // reconnected within the gap
		{UserID: 4, From: at(100), To: at(110)}, // came after the close
	}
	got := mergeAttendance(att, names, 1, t0, closed, 2*time.Minute)
	want := map[int64]int{1: 90, 3: 50}
	if len(got) != len(want) {
		t.Fatalf("attendees %+v, want only users 1 and 3", got)
	}
	for _, a := range got {
		if a.Minutes != want[a.UserID] {
			t.Errorf("%s: %d minutes, want %d", a.Name, a.Minutes, want[a.UserID])
		}
		if a.From.Before(t0) || a.To.After(closed) {
			t.Errorf("%s: %v–%v lies outside the meeting", a.Name, a.From, a.To)
		}
	}
}
