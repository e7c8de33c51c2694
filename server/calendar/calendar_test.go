package calendar

import (
	"bytes"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
)

// Meetings on both sides of the spring daylight-saving change (29 March 2026) come back, read
// by the same library, at 14:00 in Europe/Amsterdam; the UID, SEQUENCE, method, organizer and
// attendees survive the round trip.
func TestWriteParsesBackAcrossDaylightSaving(t *testing.T) {
	ams, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	starts := []time.Time{
		time.Date(2026, 3, 23, 14, 0, 0, 0, ams),  // CET, UTC+1
		time.Date(2026, 4, 6, 14, 0, 0, 0, ams),   // CEST, UTC+2
		time.Date(2026, 10, 26, 14, 0, 0, 0, ams), // CET again
	}
	var evs []Event
	for i, s := range starts {
		evs = append(evs, Event{UID: UID(int64(i+1), "kring.example"), Sequence: i, Start: s, Minutes: 90, Summary: "Intervisie",
			Stamp: s.Add(-time.Hour), Organizer: Person{"Coach Carla", "coach@kring.example"},
			Attendees: []Person{{"Deelnemer Een", "een@kring.example"}, {"Deelnemer Twee", "twee@kring.example"}}})
	}
	for _, tc := range []struct {
		method Method
		status string
	}{{Request, "CONFIRMED"}, {Cancel, "CANCELLED"}} {
		raw := Write(tc.method, "Europe/Amsterdam", evs)
		cal, err := ics.ParseCalendar(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("%s: parse: %v\n%s", tc.method, err, raw)
		}
		if m := cal.CalendarProperties; !hasProp(m, ics.PropertyMethod, string(tc.method)) {
			t.Errorf("METHOD is not %s:\n%s", tc.method, raw)
		}
		events := cal.Events()
		if len(events) != len(starts) {
			t.Fatalf("%d events, want %d", len(events), len(starts))
		}
		for i, ev := range events {
			got, err := ev.GetStartAt()
			if err != nil {
				t.Fatal(err)
			}
			if l := got.In(ams); l.Hour() != 14 || l.Minute() != 0 || !l.Equal(starts[i]) {
				t.Errorf("event %d starts %v in Amsterdam, want %v", i, l, starts[i])
			}
			end, err := ev.GetEndAt()
			if err != nil || end.Sub(got) != 90*time.Minute {
				t.Errorf("event %d ends %v (%v), want 90 minutes after the start", i, end, err)
			}
			if ev.Id() != UID(int64(i+1), "kring.example") {
				t.Errorf("UID %q", ev.Id())
			}
			if p := ev.GetProperty(ics.ComponentPropertySequence); p == nil || p.Value != []string{"0", "1", "2"}[i] {
				t.Errorf("event %d SEQUENCE %v", i, p)
			}
			if p := ev.GetProperty(ics.ComponentPropertyStatus); p == nil || p.Value != tc.status {
				t.Errorf("event %d STATUS %v, want %s", i, p, tc.status)
			}
			if p := ev.GetProperty(ics.ComponentPropertyOrganizer); p == nil || p.Value != "mailto:coach@kring.example" {
				t.Errorf("ORGANIZER %v", p)
			}
			if as := ev.Attendees(); len(as) != 2 || as[1].Email() != "twee@kring.example" {
				t.Errorf("attendees %v", as)
			}
		}
	}
	// The two UTC offsets really differ: a writer that ignored the zone would give both the same.
	a, b := Write(Request, "", evs[:1]), Write(Request, "", evs[1:2])
	if !bytes.Contains(a, []byte("DTSTART:20260323T130000Z")) || !bytes.Contains(b, []byte("DTSTART:20260406T120000Z")) {
		t.Errorf("DTSTART not in UTC with the right offset:\n%s\n%s", a, b)
	}
}

func hasProp(props []ics.CalendarProperty, name ics.Property, value string) bool {
	for _, p := range props {
		if p.IANAToken == string(name) && p.Value == value {
			return true
		}
	}
	return false
}
