package server

import (
	"bytes"
	"encoding/base64"
	"errors"
	"mime"
	"mime/multipart"
	"net/textproto"
	"strings"
)

// Mail is an e-mail with an optional calendar attachment (an invitation, a cancellation).
type Mail struct {
	To, Subject, Body string
	MessageID         string // the same on a retry, so a receiving server can drop a copy
	ICS               []byte // an iCalendar object, or nil
	Method            string // its iTIP method (REQUEST, CANCEL)
}

// CalendarMailer is a Mailer that can attach a calendar entry. SMTPMailer is one; the outbox
// falls back to plain text with a Mailer that is not.
type CalendarMailer interface {
	SendCalendar(m Mail) error
}

// SendCalendar sends a multipart/mixed message: the text, and the .ics as an attachment with
// its method, which Outlook, Gmail and Apple Mail offer to add to (or remove from) the calendar.
func (m SMTPMailer) SendCalendar(ml Mail) error {
	if strings.ContainsAny(ml.To+ml.Subject+ml.MessageID+ml.Method, "\r\n") {
		return errors.New("mail: header injection refused")
	}
	head := "From: " + m.From + "\r\nTo: " + ml.To + "\r\nSubject: " + mime.QEncoding.Encode("utf-8", ml.Subject) + "\r\n"
	if ml.MessageID != "" {
		head += "Message-ID: " + ml.MessageID + "\r\n"
	}
	if len(ml.ICS) == 0 {
		return m.transmit(ml.To, head+"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"+ml.Body)
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	head += "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"" + w.Boundary() + "\"\r\n\r\n"
	text, err := w.CreatePart(textproto.MIMEHeader{"Content-Type": {"text/plain; charset=utf-8"}, "Content-Transfer-Encoding": {"base64"}})
	if err != nil {
		return err
	}
	if err := writeBase64(text, []byte(ml.Body)); err != nil {
		return err
	}
	name := "uitnodiging.ics"
	if ml.Method == "CANCEL" {
		name = "afzegging.ics"
	}
	cal, err := w.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {"text/calendar; charset=utf-8; method=" + ml.Method + "; name=\"" + name + "\""},
		"Content-Disposition":       {"attachment; filename=\"" + name + "\""},
		"Content-Transfer-Encoding": {"base64"},
	})
	if err != nil {
		return err
	}
	if err := writeBase64(cal, ml.ICS); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return m.transmit(ml.To, head+buf.String())
}

// writeBase64 writes data base64-encoded in lines of 76 characters, as MIME wants.
func writeBase64(w interface{ Write([]byte) (int, error) }, data []byte) error {
	enc := base64.StdEncoding.EncodeToString(data)
	for len(enc) > 76 {
		if _, err := w.Write([]byte(enc[:76] + "\r\n")); err != nil {
			return err
		}
		enc = enc[76:]
	}
	_, err := w.Write([]byte(enc + "\r\n"))
	return err
}
