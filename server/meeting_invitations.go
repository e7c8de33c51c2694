package server

import (
	"context"
	"fmt"
	"net/url"
	"strconv"

	"kring/server/calendar"
	"kring/server/store"
)

// Kinds of meeting mail in the outbox.
const (
	mailInvite   = "invite"   // an invitation, or an update of one (SEQUENCE above 0)
	mailCancel   = "cancel"   // the meeting is cancelled, or the person left the group
	mailReminder = "reminder" // the day before
)

// queueMeetingMail queues an invitation or a cancellation with the meeting's .ics for every
// member of each meeting's group, or for `only` (a member who joins or leaves). Without SMTP
// there is nobody to send it: the confirmation page offers the .ics download instead.
func (s *Server) queueMeetingMail(ctx context.Context, kind string, meetingIDs []int64, only *store.Invitee) error {
	if !s.mailer.Enabled() || len(meetingIDs) == 0 {
		return nil
	}
	var mails []store.Mail
	for _, id := range meetingIDs {
		m, err := s.store.Meeting(ctx, id)
		if err != nil {
			return err
		}
		coach, err := s.store.UserByID(ctx, m.CoachID)
		if err != nil {
			return err
		}
		attendees, err := s.store.Invitees(ctx, m.GroupID)
		if err != nil {
			return err
		}
		to := attendees
		if only != nil {
			to = []*store.Invitee{only}
			if kind == mailCancel {
				attendees = to
			}
		}
		method := calendar.Request
		if kind == mailCancel {
			method = calendar.Cancel
		}
		ics := string(calendar.Write(method, s.cfg.Location.String(), []calendar.Event{s.meetingEvent(m, coach, attendees)}))
		for _, inv := range to {
			mails = append(mails, s.meetingMail(kind, m, coach, inv, ics))
		}
	}
	if _, err := s.store.EnqueueMail(ctx, mails); err != nil {
		return err
	}
	s.sched.Nudge()
	return nil
}

// meetingMail renders one e-mail about a meeting in the person's language.
func (s *Server) meetingMail(kind string, m *store.Meeting, coach *store.User, to *store.Invitee, ics string) store.Mail {
	lang := to.Lang
	if !s.msg.Supported(lang) {
		lang = "nl"
	}
	key := kind
	if kind == mailInvite && m.Sequence > 0 {
		key = "update"
	}
	args := []any{"Name", to.Name, "Title", meetingSummary(m), "Group", m.GroupName,
		"When", formatDate(lang, m.StartsAt.In(s.cfg.Location), true), "Minutes", m.Minutes,
		"Where", s.meetingWhere(lang, m), "Link", s.meetingLink(m), "Coach", coach.Name, "Account", s.cfg.BaseURL + "/account"}
	return store.Mail{Kind: kind, MeetingID: m.ID, UserID: to.UserID, To: to.Email, ICS: ics,
		Subject: s.msg.T(lang, "meetings.mail."+key+"_subject", args...),
		Body:    s.msg.T(lang, "meetings.mail."+key+"_body", args...)}
}

// meetingEvent is the calendar entry of a meeting: the coach organizes, the members attend.
func (s *Server) meetingEvent(m *store.Meeting, coach *store.User, attendees []*store.Invitee) calendar.Event {
	ev := calendar.Event{UID: calendar.UID(m.ID, s.host()), Sequence: m.Sequence, Start: m.StartsAt, Minutes: m.Minutes,
		Summary: meetingSummary(m), Location: s.meetingWhere("nl", m), URL: s.meetingLink(m),
		Description: m.GroupName + "\n" + s.meetingLink(m), Cancelled: m.Status == "cancelled", Stamp: s.store.Now(),
		Organizer: calendar.Person{Name: coach.Name, Email: coach.Email}}
	if m.VideoURL != "" {
		ev.URL = m.VideoURL
		ev.Description += "\n" + m.VideoURL
	}
	for _, a := range attendees {
		ev.Attendees = append(ev.Attendees, calendar.Person{Name: a.Name, Email: a.Email})
	}
	return ev
}

func meetingSummary(m *store.Meeting) string {
	if m.Title != "" {
		return m.Title
	}
	return "Intervisie " + m.GroupName
}

// meetingWhere is the place, or the video link, of a meeting.
func (s *Server) meetingWhere(lang string, m *store.Meeting) string {
	switch {
	case m.Online && m.VideoURL != "":
		return m.VideoURL
	case m.Location != "":
		return m.Location
	default:
		return s.msg.T(lang, "meetings.mail.online")
	}
}

func (s *Server) meetingLink(m *store.Meeting) string {
	return s.cfg.BaseURL + "/meetings/" + strconv.FormatInt(m.ID, 10)
}

// host is the public host name, used in calendar UIDs and Message-IDs.
func (s *Server) host() string {
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "kring.invalid"
}

// queueMemberInvitations sends a member who was just added the invitations of the group's
// future meetings.
func (s *Server) queueMemberInvitations(ctx context.Context, groupID, userID int64, kind string) error {
	if !s.mailer.Enabled() {
		return nil
	}
	inv, err := s.store.Invitee(ctx, userID)
	if err != nil {
		return err
	}
	future, err := s.store.FuturePlannedMeetings(ctx, groupID)
	if err != nil {
		return err
	}
	ids := make([]int64, len(future))
	for i, m := range future {
		ids[i] = m.ID
	}
	if err := s.queueMeetingMail(ctx, kind, ids, inv); err != nil {
		return fmt.Errorf("member %d of group %d: %w", userID, groupID, err)
	}
	return nil
}

// memberInvitations queues, for a member just added (mailInvite) or removed (mailCancel), the
// invitations or cancellations of the group's future meetings. The membership change itself is
// done and stays: a failure here is logged, not shown as a failed change.
func (s *Server) memberInvitations(c interface{ UserContext() context.Context }, groupID, userID int64, kind string) {
	if err := s.queueMemberInvitations(c.UserContext(), groupID, userID, kind); err != nil {
		s.log.Warn("meeting invitations of a member not queued", "group", groupID, "user", userID, "kind", kind, "err", err)
	}
}
