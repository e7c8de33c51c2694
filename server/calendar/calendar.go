// Package calendar writes meetings as iCalendar (RFC 5545) for invitations and downloads. It
// knows nothing of HTTP, SQL or mail: it turns events into the bytes of a .ics file.
//
// Times are written in UTC (DTSTART:20260330T120000Z), which Outlook, Google and Apple show in
// the reader's own zone without needing a VTIMEZONE; X-WR-TIMEZONE names the zone the meeting
// was planned in. Each meeting keeps one UID for life and a SEQUENCE that its store raises on
// every change, so a calendar updates the entry on a move and removes it on a cancel.
package calendar

import (
	"strconv"
	"time"

	ics "github.com/arran4/golang-ical"
)

// Method is the iTIP method of a calendar object: an invitation or a cancellation.
type Method string

const (
	// Request invites (or updates an invitation, with a higher SEQUENCE).
	Request Method = Method(ics.MethodRequest)
	// Cancel removes the entry from the attendees' calendars.
	Cancel Method = Method(ics.MethodCancel)
	// Publish is a plain calendar to import: a whole series in one file (iTIP allows only one
	// UID per REQUEST, and Outlook would import just the first entry of several).
	Publish Method = Method(ics.MethodPublish)
)

// Person is an organizer or an attendee.
type Person struct {
	Name  string
	Email string
}

// Event is one meeting as a calendar entry.
type Event struct {
	UID         string // stable for the meeting's whole life
	Sequence    int    // raised on every change
	Start       time.Time
	Minutes     int
	Summary     string
	Description string
	Location    string
	URL         string
	Cancelled   bool
	Stamp       time.Time // when this version was written (DTSTAMP)
	Organizer   Person
	Attendees   []Person
}

// UID is the stable identifier of a meeting, unique across Kring installations by their host.
func UID(meetingID int64, host string) string {
	return "kring-meeting-" + strconv.FormatInt(meetingID, 10) + "@" + host
}

// Write returns a calendar with the events under the method. An event that is cancelled gets
// STATUS:CANCELLED; with method Cancel every event is written as cancelled.
func Write(method Method, zone string, events []Event) []byte {
	cal := ics.NewCalendarFor("Kring")
	cal.SetMethod(ics.Method(method))
	if zone != "" {
		cal.SetXWRTimezone(zone)
	}
	for _, e := range events {
		ev := cal.AddEvent(e.UID)
		ev.SetSequence(e.Sequence)
		ev.SetDtStampTime(e.Stamp)
		ev.SetStartAt(e.Start)
		ev.SetEndAt(e.Start.Add(time.Duration(e.Minutes) * time.Minute))
		ev.SetSummary(e.Summary)
		if e.Description != "" {
			ev.SetDescription(e.Description)
		}
		if e.Location != "" {
			ev.SetLocation(e.Location)
		}
		if e.URL != "" {
			ev.SetURL(e.URL)
		}
		if e.Cancelled || method == Cancel {
			ev.SetStatus(ics.ObjectStatusCancelled)
		} else {
			ev.SetStatus(ics.ObjectStatusConfirmed)
		}
		if e.Organizer.Email != "" {
			ev.SetOrganizer(e.Organizer.Email, ics.WithCN(e.Organizer.Name))
		}
		for _, a := range e.Attendees {
			ev.AddAttendee(a.Email, ics.WithCN(a.Name), ics.ParticipationRoleReqParticipant, ics.WithRSVP(false))
		}
	}
	return []byte(cal.Serialize())
}
