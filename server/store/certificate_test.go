package store

import (
	"context"
	"testing"
	"time"
)

func TestCertificateCodesAndRevocation(t *testing.T) {
	s, a, _ := learningStore(t)
	ctx := context.Background()
	c, err := s.IssueCertificate(ctx, NewCertificate{UserID: a, Module: "m9", ModuleTitle: "Negen", ModuleVersion: 1, Hours: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, spelling := range []string{c.Code, " " + c.Code + " ", lower(c.Code), removeDashes(c.Code)} {
		if _, err := s.CertificateByCode(ctx, spelling); err != nil {
			t.Errorf("lookup %q: %v", spelling, err)
		}
	}
	for _, bad := range []string{"", "ABCD", "0000-0000-0000-0000", "K7QM-2PXD-9HTC-W4R"} {
		if _, err := s.CertificateByCode(ctx, bad); err == nil {
			t.Errorf("lookup %q found something", bad)
		}
	}
	before := time.Now().Add(-time.Second)
	if err := s.RevokeCertificate(ctx, c.Code, "fraude"); err != nil {
		t.Fatal(err)
	}
	got, err := s.CertificateByCode(ctx, c.Code)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Revoked() || got.RevokedAt.Before(before) || got.RevokedReason != "fraude" {
		t.Errorf("after revoke: %+v", got)
	}
	if err := s.RevokeCertificate(ctx, "2222-2222-2222-2222", ""); err == nil {
		t.Error("revoking an unknown code succeeded")
	}
	seen := map[string]bool{}
	for range 200 {
		code, err := newCode()
		if err != nil {
			t.Fatal(err)
		}
		if seen[code] || NormaliseCode(code) != code {
			t.Fatalf("bad or repeated code %q", code)
		}
		seen[code] = true
	}
}
