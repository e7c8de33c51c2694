package server

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"kring/server/store"
)

// Scheduler sends the mail outbox (invitations, cancellations) and queues the reminders of
// tomorrow's meetings. It runs inside the binary: main starts Run and cancels its context on
// shutdown. All its state is in SQLite, so it picks up where it was after a restart:
//   - a reminder is queued once per person, meeting and start time (a unique dedupe key), so
//     ticks after a restart queue nothing twice;
//   - each mail is claimed (claimed_at) before the SMTP exchange and marked sent after it; a
//     claim is only taken over when older than the lease, so two senders never send the same
//     mail, and a crash between claim and mark is retried once the lease is over, with the
//     same Message-ID, so that a server that did accept it can drop the copy.
type Scheduler struct {
	srv   *Server
	every time.Duration
	lease time.Duration
	nudge chan struct{}
}

func newScheduler(s *Server) *Scheduler {
	return &Scheduler{srv: s, every: time.Minute, lease: 10 * time.Minute, nudge: make(chan struct{}, 1)}
}

// Scheduler is the server's mail scheduler, for main to run.
func (s *Server) Scheduler() *Scheduler { return s.sched }

// Nudge asks a running scheduler to send now instead of at its next tick (after a coach plans
// or changes a meeting). It never blocks.
func (sc *Scheduler) Nudge() {
	select {
	case sc.nudge <- struct{}{}:
	default:
	}
}

// Run ticks until ctx ends. Without SMTP it returns at once: nothing can be sent.
func (sc *Scheduler) Run(ctx context.Context) {
	if !sc.srv.mailer.Enabled() {
		return
	}
	t := time.NewTicker(sc.every)
	defer t.Stop()
	for {
		if err := sc.Tick(ctx); err != nil && ctx.Err() == nil {
			sc.srv.log.Warn("mail scheduler", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-sc.nudge:
		}
	}
}

// Tick queues the reminders that are due and sends what the outbox holds.
func (sc *Scheduler) Tick(ctx context.Context) error {
	if err := sc.queueReminders(ctx); err != nil {
		return err
	}
	return sc.deliver(ctx)
}

// queueReminders queues a reminder for every member (and the coach) who did not opt out, for
// each planned meeting that starts within the next 24 hours.
func (sc *Scheduler) queueReminders(ctx context.Context) error {
	s := sc.srv
	now := s.store.Now()
	meetings, err := s.store.MeetingsStartingBetween(ctx, now, now.Add(24*time.Hour))
	if err != nil {
		return err
	}
	var mails []store.Mail
	for _, m := range meetings {
		coach, err := s.store.UserByID(ctx, m.CoachID)
		if err != nil {
			return err
		}
		people, err := s.store.Invitees(ctx, m.GroupID)
		if err != nil {
			return err
		}
		if ci, err := s.store.Invitee(ctx, m.CoachID); err == nil {
			people = append(people, ci)
		}
		for _, p := range people {
			if p.RemindersOff {
				continue
			}
			mail := s.meetingMail(mailReminder, m, coach, p, "")
			mail.Dedupe = "reminder:" + strconv.FormatInt(m.ID, 10) + ":" + strconv.FormatInt(p.UserID, 10) + ":" + strconv.FormatInt(m.StartsAt.UnixMilli(), 10)
			mails = append(mails, mail)
		}
	}
	if len(mails) == 0 {
		return nil
	}
	_, err = s.store.EnqueueMail(ctx, mails)
	return err
}

// deliver sends the due mail, claim first, mark after.
func (sc *Scheduler) deliver(ctx context.Context) error {
	s := sc.srv
	due, err := s.store.DueMail(ctx, sc.lease, 100)
	if err != nil {
		return err
	}
	for _, m := range due {
		if ctx.Err() != nil {
			return nil
		}
		ok, err := s.store.ClaimMail(ctx, m.ID, sc.lease)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		msgID := fmt.Sprintf("<kring-mail-%d@%s>", m.ID, s.host())
		var sendErr error
		if cm, ok := s.mailer.(CalendarMailer); ok {
			method := ""
			if m.ICS != "" {
				method = "REQUEST"
				if m.Kind == mailCancel {
					method = "CANCEL"
				}
			}
			sendErr = cm.SendCalendar(Mail{To: m.To, Subject: m.Subject, Body: m.Body, MessageID: msgID, ICS: []byte(m.ICS), Method: method})
		} else {
			sendErr = s.mailer.Send(m.To, m.Subject, m.Body)
		}
		if sendErr != nil {
			s.log.Warn("mail not sent", "id", m.ID, "kind", m.Kind, "attempt", m.Attempts+1, "err", sendErr)
			if err := s.store.MailFailed(ctx, m.ID, sendErr.Error()); err != nil {
				return err
			}
			continue
		}
		if err := s.store.MailSent(ctx, m.ID); err != nil {
			return err
		}
	}
	return nil
}
