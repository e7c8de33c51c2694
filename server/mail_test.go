package server

import (
	"bufio"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// fakeSMTP is a minimal SMTP server on loopback that keeps what it is sent.
type fakeSMTP struct {
	addr string
	mu   sync.Mutex
	msgs []string
}

func newFakeSMTP(t *testing.T) *fakeSMTP {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	f := &fakeSMTP{addr: ln.Addr().String()}
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go f.serve(conn)
		}
	}()
	return f
}

func (f *fakeSMTP) serve(conn net.Conn) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	say := func(s string) { _, _ = conn.Write([]byte(s + "\r\n")) }
	say("220 fake")
	var data strings.Builder
	inData := false
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		if inData {
			if line == ".\r\n" {
				inData = false
				f.mu.Lock()
				f.msgs = append(f.msgs, data.String())
				f.mu.Unlock()
				say("250 queued")
				continue
			}
			data.WriteString(line)
			continue
		}
		switch cmd := strings.ToUpper(strings.TrimSpace(line)); {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 fake")
		case strings.HasPrefix(cmd, "DATA"):
			inData = true
			say("354 go on")
		case strings.HasPrefix(cmd, "QUIT"):
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

func (f *fakeSMTP) sent() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.msgs...)
}

// With SMTP configured, an invite with an address is also e-mailed, with the same link the page
// shows; without an address nothing is sent.
func TestInviteIsMailedWhenSMTPIsConfigured(t *testing.T) {
	smtpd := newFakeSMTP(t)
	ts := newTestServer(t, func(_ *Config, d *Deps) {
		d.Mailer = SMTPMailer{Addr: smtpd.addr, From: "kring@gemeente.example"}
	}).withDemo()
	org := ts.as("coordinator@kring.example")
	p := org.post("/org/invites", url.Values{"email": {"collega@kring.example"}})
	if !strings.Contains(p.Body, "gestuurd") {
		t.Fatalf("the page does not say the invite was mailed (status %d)", p.Status)
	}
	msgs := smtpd.sent()
	if len(msgs) != 1 {
		t.Fatalf("%d messages sent, want 1", len(msgs))
	}
	link := inviteLinkRe.FindString(p.Body)
	if link == "" || !strings.Contains(msgs[0], link) || !strings.Contains(msgs[0], "To: collega@kring.example") || !strings.Contains(msgs[0], "14 dagen") {
		t.Errorf("the mail lacks the link %q, the address or the lifetime:\n%s", link, msgs[0])
	}
	org.post("/org/invites", url.Values{"email": {""}})
	if n := len(smtpd.sent()); n != 1 {
		t.Errorf("an invite without an address was mailed too (%d messages)", n)
	}
}
