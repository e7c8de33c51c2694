package server

import (
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/smtp"
	"strings"
	"time"
)

// Mailer sends the few e-mails Kring sends (invitations). It is optional: without SMTP the
// invite link is shown to copy instead.
type Mailer interface {
	Enabled() bool
	Send(to, subject, body string) error
}

// noMailer is the Mailer without SMTP: invite links are copied by hand.
type noMailer struct{}

// Enabled is false: there is nothing to send with.
func (noMailer) Enabled() bool { return false }

// Send fails: callers check Enabled first.
func (noMailer) Send(_, _, _ string) error { return errors.New("mail: no SMTP server configured") }

// SMTPMailer sends through an SMTP server with optional PLAIN authentication (STARTTLS when the
// server offers it, as net/smtp does).
type SMTPMailer struct {
	Addr, From, User, Password string
}

// Enabled reports whether an SMTP server is configured.
func (m SMTPMailer) Enabled() bool { return m.Addr != "" && m.From != "" }

// Send sends a plain-text UTF-8 message. The whole exchange has a deadline, so a slow or
// silent SMTP server costs the person who invites at most a few seconds.
func (m SMTPMailer) Send(to, subject, body string) error {
	if strings.ContainsAny(to+subject, "\r\n") {
		return errors.New("mail: header injection refused")
	}
	msg := "From: " + m.From + "\r\nTo: " + to + "\r\nSubject: " + mime.QEncoding.Encode("utf-8", subject) +
		"\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body
	return m.transmit(to, msg)
}

// transmit runs the SMTP exchange for one finished message.
func (m SMTPMailer) transmit(to, msg string) error {
	host, _, err := net.SplitHostPort(m.Addr)
	if err != nil {
		return fmt.Errorf("mail: smtp address %q: %w", m.Addr, err)
	}
	conn, err := net.DialTimeout("tcp", m.Addr, 5*time.Second)
	if err != nil {
		return fmt.Errorf("mail: connect %s: %w", m.Addr, err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(15 * time.Second)); err != nil {
		return fmt.Errorf("mail: %w", err)
	}
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return fmt.Errorf("mail: greeting from %s: %w", m.Addr, err)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: host}); err != nil {
			return fmt.Errorf("mail: starttls: %w", err)
		}
	}
	if m.User != "" {
		if err := c.Auth(smtp.PlainAuth("", m.User, m.Password, host)); err != nil {
			return fmt.Errorf("mail: auth: %w", err)
		}
	}
	if err := c.Mail(m.From); err != nil {
		return fmt.Errorf("mail: from: %w", err)
	}
	if err := c.Rcpt(to); err != nil {
		return fmt.Errorf("mail: to %s: %w", to, err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mail: data: %w", err)
	}
	if _, err := w.Write([]byte(msg)); err != nil {
		return fmt.Errorf("mail: write: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mail: send to %s: %w", to, err)
	}
	if err := c.Quit(); err != nil {
		return fmt.Errorf("mail: quit: %w", err)
	}
	return nil
}
