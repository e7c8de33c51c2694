package server

import (
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"strings"
)

// Mailer sends the few e-mails Kring sends (invitations). It is optional: without SMTP the
// invite link is shown to copy instead.
type Mailer interface {
	Enabled() bool
	Send(to, subject, body string) error
}

type noMailer struct{}

func (noMailer) Enabled() bool             { return false }
func (noMailer) Send(_, _, _ string) error { return errors.New("mail: no SMTP server configured") }

// SMTPMailer sends through an SMTP server with optional PLAIN authentication (STARTTLS when the
// server offers it, as net/smtp does).
type SMTPMailer struct {
	Addr, From, User, Password string
}

// Enabled reports whether an SMTP server is configured.
func (m SMTPMailer) Enabled() bool { return m.Addr != "" && m.From != "" }

// Send sends a plain-text UTF-8 message.
func (m SMTPMailer) Send(to, subject, body string) error {
	if strings.ContainsAny(to+subject, "\r\n") {
		return errors.New("mail: header injection refused")
	}
	var a smtp.Auth
	if m.User != "" {
		host, _, _ := net.SplitHostPort(m.Addr)
		a = smtp.PlainAuth("", m.User, m.Password, host)
	}
	msg := "From: " + m.From + "\r\nTo: " + to + "\r\nSubject: " + subject +
		"\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body
	if err := smtp.SendMail(m.Addr, a, m.From, []string{to}, []byte(msg)); err != nil {
		return fmt.Errorf("mail: send to %s: %w", to, err)
	}
	return nil
}
