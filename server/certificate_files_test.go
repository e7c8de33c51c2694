package server

import (
	"context"
	"encoding/json"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"kring/server/store"
)

func TestCertificateDetailsDownloadsAndRevocation(t *testing.T) {
	ts := newTestServer(t, func(c *Config, _ *Deps) {
		c.CertIssuer = "Gemeente Vijfheerenlanden"
		c.CertSignatory = "J. de Vries, beleidsadviseur Sociaal Domein"
	}).withDemo()
	ctx := context.Background()
	uid := ts.userID("deelnemer1@kring.example")
	if err := ts.store.SetRegistration(ctx, uid, store.Registration{Register: "skj", Number: "110012345"}); err != nil {
		t.Fatal(err)
	}
	cert, err := ts.store.IssueCertificate(ctx, store.NewCertificate{UserID: uid, Module: "snv-visie", ModuleTitle: "De visie achter SNV", ModuleVersion: 2,
		Hours: 1.25, Goals: []string{"Je kunt uitleggen waarom regie bij de cliënt blijft.", "Je herkent de valkuil van overnemen."}, Accreditation: "SKJ 123456"})
	if err != nil {
		t.Fatal(err)
	}
	path := "/certificates/" + cert.Code
	owner := ts.as("deelnemer1@kring.example")
	anon := ts.client()

	page := owner.get(path)
	for _, want := range []string{"Gemeente Vijfheerenlanden", "J. de Vries", "SKJ 123456", "110012345", "regie bij de cliënt", "/qr.png", path + "/pdf"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the holder's certificate lacks %q", want)
		}
	}
	public := anon.get(path)
	if public.Status != 200 || !strings.Contains(public.Body, "Gemeente Vijfheerenlanden") {
		t.Fatalf("public check: HTTP %d", public.Status)
	}
	for _, private := range []string{"110012345", "regie bij de cliënt", path + "/pdf"} {
		if strings.Contains(public.Body, private) {
			t.Errorf("the public check shows %q", private)
		}
	}

	qr := anon.get(path + "/qr.png")
	if img, err := png.Decode(strings.NewReader(qr.Body)); err != nil || qr.Header.Get("Content-Type") != "image/png" || img.Bounds().Dx() < 100 {
		t.Errorf("QR: %v, %s", err, qr.Header.Get("Content-Type"))
	}

	pdfResp := owner.get(path + "/pdf")
	if pdfResp.Status != 200 || pdfResp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("PDF: HTTP %d", pdfResp.Status)
	}
	text := pdfPlainText(t, []byte(pdfResp.Body))
	for _, want := range []string{"Sanne Visser", "De visie achter SNV", cert.Code, "Gemeente Vijfheerenlanden", "SKJ 123456", "110012345", "regie bij de cliënt", "1,25"} {
		if !strings.Contains(text, want) {
			t.Errorf("the certificate PDF lacks %q", want)
		}
	}
	if p := ts.as("deelnemer2@kring.example").get(path + "/pdf"); p.Status != http.StatusNotFound {
		t.Errorf("someone else's certificate PDF: HTTP %d, want 404", p.Status)
	}

	status := func() certificateStatus {
		t.Helper()
		var s certificateStatus
		if err := json.Unmarshal([]byte(anon.get(path+"/json").Body), &s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := status(); s.Status != "valid" || s.Name != "Sanne Visser" || s.Issuer != "Gemeente Vijfheerenlanden" || s.Hours != 1.25 {
		t.Errorf("JSON before revoking: %+v", s)
	}

	// Only the municipality's administrator revokes, with a reason.
	for _, who := range []string{"deelnemer1@kring.example", "coordinator@kring.example", "coach@kring.example"} {
		if p := ts.as(who).post(path+"/revoke", url.Values{"reason": {"x"}}); p.Status != http.StatusForbidden {
			t.Errorf("%s revoking: HTTP %d, want 403", who, p.Status)
		}
	}
	muni := ts.as("gemeente@kring.example")
	if p := muni.post(path+"/revoke", url.Values{"reason": {""}}); p.Status != 422 {
		t.Errorf("revoking without a reason: HTTP %d, want 422", p.Status)
	}
	if c, _ := ts.store.CertificateByCode(ctx, cert.Code); c.Revoked() {
		t.Fatal("revoked without a reason")
	}
	if p := muni.post(path+"/revoke", url.Values{"reason": {"Module niet zelf doorlopen"}}); p.Status != http.StatusSeeOther {
		t.Fatalf("revoke: HTTP %d", p.Status)
	}
	if s := status(); s.Status != "revoked" || s.RevokedOn == "" {
		t.Errorf("JSON after revoking: %+v", s)
	}
	if p := anon.get(path); !strings.Contains(p.Body, "ingetrokken") || strings.Contains(p.Body, "Module niet zelf doorlopen") {
		t.Error("the public check must say revoked, without the reason")
	}
	if p := owner.get(path); !strings.Contains(p.Body, "Module niet zelf doorlopen") {
		t.Error("the holder does not see why the certificate was revoked")
	}
	if p := muni.post(path+"/revoke", url.Values{"reason": {"nogmaals"}}); p.Status != 422 {
		t.Errorf("revoking twice: HTTP %d, want 422", p.Status)
	}
	// A revoked certificate no longer counts in the portfolio's totals.
	r, err := ts.srv.portfolioOf(ctx, mustUser(t, ts, uid))
	if err != nil {
		t.Fatal(err)
	}
	if r.Summary.All.CertHours != 0 {
		t.Errorf("revoked hours still counted: %v", r.Summary.All.CertHours)
	}
}

func mustUser(t *testing.T, ts *testServer, id int64) *store.User {
	t.Helper()
	u, err := ts.store.UserByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
