package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"kring/server"
)

// TestPrivacyFlags: the retention periods and the privacy contact come from flags or the
// environment, default to the documented periods, and a non-positive period stops the start.
func TestPrivacyFlags(t *testing.T) {
	o, _, err := parseFlags("kring", nil, &bytes.Buffer{})
	def := server.DefaultRetention()
	if err != nil || o.retentionBoards != def.Boards || o.retentionInvites != def.Invites || o.retentionAudit != def.Audit || o.privacyContact != "" {
		t.Errorf("defaults: %+v %v", o, err)
	}
	for _, flag := range []string{"-retention-boards", "-retention-invites", "-retention-audit"} {
		var out, errb bytes.Buffer
		err := run([]string{flag, "0s", "-addr", "127.0.0.1:0", "-data", t.TempDir()}, &out, &errb)
		if err == nil || !strings.Contains(err.Error(), flag) {
			t.Errorf("%s 0s: error %v, want one naming the flag", flag, err)
		}
	}
	o, _, err = parseFlags("kring", []string{"-retention-invites", "48h", "-privacy-contact", "privacy@gemeente.example"}, &bytes.Buffer{})
	if err != nil || o.retentionInvites != 48*time.Hour || o.privacyContact != "privacy@gemeente.example" {
		t.Errorf("flags: %+v %v", o, err)
	}
	t.Setenv("KRING_RETENTION_BOARDS", "8760h")
	t.Setenv("KRING_RETENTION_AUDIT", "4380h")
	t.Setenv("KRING_PRIVACY_CONTACT", "fg@gemeente.example")
	o, _, err = parseFlags("kring", nil, &bytes.Buffer{})
	if err != nil || o.retentionBoards != 8760*time.Hour || o.retentionAudit != 4380*time.Hour || o.privacyContact != "fg@gemeente.example" {
		t.Errorf("from the environment: %+v %v", o, err)
	}
}
