package server

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"kring/server/credential"
	"kring/server/store"
)

// credentialFixture is a server with a configured issuer and one certificate of deelnemer1
// for a module of the catalogue, with an accreditation number.
type credentialFixture struct {
	ts    *testServer
	cert  *store.Certificate
	email string
	path  string
}

func newCredentialFixture(t *testing.T) *credentialFixture {
	t.Helper()
	ts := newTestServer(t, func(c *Config, _ *Deps) {
		c.CertIssuer = "Gemeente Vijfheerenlanden"
		c.CertSignatory = "J. de Vries, beleidsadviseur Sociaal Domein"
	}).withDemo()
	f := &credentialFixture{ts: ts, email: "deelnemer1@kring.example"}
	m, ok := ts.srv.catalog.Module("snv-visie")
	if !ok {
		t.Fatal("module snv-visie is not in the catalogue")
	}
	cert, err := ts.store.IssueCertificate(context.Background(), store.NewCertificate{UserID: ts.userID(f.email), Module: m.Slug,
		ModuleTitle: m.Title, ModuleVersion: m.Version, Hours: m.Hours, Goals: m.Goals, Accreditation: "SKJ 123456"})
	if err != nil {
		t.Fatal(err)
	}
	f.cert, f.path = cert, "/certificates/"+cert.Code+"/credential.jwt"
	return f
}

// download fetches the holder's credential and checks it is served as a download.
func (f *credentialFixture) download(t *testing.T) string {
	t.Helper()
	p := f.ts.as(f.email).get(f.path)
	if p.Status != http.StatusOK {
		t.Fatalf("holder downloading the credential: HTTP %d", p.Status)
	}
	if cd := p.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, f.cert.Code+".jwt") {
		t.Errorf("Content-Disposition %q, want an attachment named after the code", cd)
	}
	if ct := p.Header.Get("Content-Type"); ct != "application/vc+jwt" {
		t.Errorf("Content-Type %q", ct)
	}
	return p.Body
}

// publishedKeys fetches the key set the way a verifier does: anonymously, from the app.
func (f *credentialFixture) publishedKeys(t *testing.T) jose.JSONWebKeySet {
	t.Helper()
	p := f.ts.client().get("/.well-known/jwks.json")
	if p.Status != http.StatusOK {
		t.Fatalf("jwks: HTTP %d", p.Status)
	}
	var set jose.JSONWebKeySet
	if err := json.Unmarshal([]byte(p.Body), &set); err != nil {
		t.Fatalf("jwks: %v\n%s", err, p.Body)
	}
	return set
}

// segment decodes part i (0 header, 1 payload, 2 signature) of a compact JWS.
func segment(t *testing.T, token string, i int) []byte {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("not a compact JWS: %d parts", len(parts))
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[i])
	if err != nil {
		t.Fatalf("segment %d: %v", i, err)
	}
	return b
}

// withSegment replaces part i of a compact JWS by b.
func withSegment(token string, i int, b []byte) string {
	parts := strings.Split(token, ".")
	parts[i] = base64.RawURLEncoding.EncodeToString(b)
	return strings.Join(parts, ".")
}

func TestCredentialVerifiesWithThePublishedKey(t *testing.T) {
	f := newCredentialFixture(t)
	token := f.download(t)
	set := f.publishedKeys(t)

	// The key set: one OKP Ed25519 key for EdDSA signatures, named by the kid in the token.
	if len(set.Keys) != 1 {
		t.Fatalf("%d keys published, want 1", len(set.Keys))
	}
	k := set.Keys[0]
	if _, ok := k.Key.(ed25519.PublicKey); !ok || k.Algorithm != "EdDSA" || k.Use != "sig" || k.KeyID == "" || !k.IsPublic() {
		t.Errorf("published key: %T alg %q use %q kid %q public %v", k.Key, k.Algorithm, k.Use, k.KeyID, k.IsPublic())
	}
	raw := f.ts.client().get("/.well-known/jwks.json").Body
	if !strings.Contains(raw, `"kty":"OKP"`) || !strings.Contains(raw, `"crv":"Ed25519"`) || strings.Contains(raw, `"d":`) {
		t.Errorf("the key set is not a public OKP Ed25519 key: %s", raw)
	}
	var header struct {
		Alg, Kid, Typ string
	}
	if err := json.Unmarshal(segment(t, token, 0), &header); err != nil {
		t.Fatal(err)
	}
	if header.Alg != "EdDSA" || header.Typ != "JWT" || header.Kid != k.KeyID {
		t.Errorf("header %+v, want alg EdDSA, typ JWT, kid %q", header, k.KeyID)
	}

	if _, err := credential.Verify(token, set); err != nil {
		t.Fatalf("the downloaded credential does not verify with the published key: %v", err)
	}
	// One byte changed anywhere in what is signed, or in the signature, and it fails.
	payload, sig := segment(t, token, 1), segment(t, token, 2)
	for _, i := range []int{0, len(payload) / 2, len(payload) - 1} {
		changed := bytes.Clone(payload)
		changed[i] ^= 0x01
		if _, err := credential.Verify(withSegment(token, 1, changed), set); err == nil {
			t.Errorf("payload byte %d changed: still verifies", i)
		}
	}
	for _, i := range []int{0, len(sig) - 1} {
		changed := bytes.Clone(sig)
		changed[i] ^= 0x01
		if _, err := credential.Verify(withSegment(token, 2, changed), set); err == nil {
			t.Errorf("signature byte %d changed: still verifies", i)
		}
	}
	// Another key, even with the same kid, does not verify it.
	_, other, _ := ed25519.GenerateKey(nil)
	forged := jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: other.Public(), KeyID: k.KeyID, Algorithm: "EdDSA", Use: "sig"}}}
	if _, err := credential.Verify(token, forged); err == nil {
		t.Error("verifies with a key that is not Kring's")
	}

	// The key is made once and kept: the stored seed gives the same kid.
	seed, err := f.ts.store.Secret(context.Background(), credentialKeySetting, func() []byte { t.Fatal("the key was not stored"); return nil })
	if err != nil {
		t.Fatal(err)
	}
	again, err := credential.NewSigner(seed)
	if err != nil || again.KeyID() != k.KeyID {
		t.Errorf("the stored key gives kid %q (%v), want %q", again.KeyID(), err, k.KeyID)
	}
}

// claims is the decoded VC-JWT payload, as far as the tests read it.
type claims struct {
	Context      []string `json:"@context"`
	ID           string
	Type         []string
	Name         string
	IssuanceDate string
	ValidFrom    string
	Issuer       struct{ ID, Type, Name, URL, Official string }
	Subject      struct {
		Type       []string
		Identifier []struct {
			Type, IdentityHash, IdentityType, Salt string
			Hashed                                 bool
		}
		CreditsEarned float64
		Achievement   struct {
			ID, Name, Description, Version string
			Type                           []string
			CreditsAvailable               float64
			Criteria                       struct{ Narrative string }
			OtherIdentifier                []struct{ Identifier string }
		}
	} `json:"credentialSubject"`
	Iss, Jti, Sub string
	Nbf, Iat, Exp int64
}

func TestCredentialClaims(t *testing.T) {
	f := newCredentialFixture(t)
	token := f.download(t)
	body, err := credential.Verify(token, f.publishedKeys(t))
	if err != nil {
		t.Fatal(err)
	}
	var c claims
	if err := json.Unmarshal(body, &c); err != nil {
		t.Fatal(err)
	}
	base := "http://example.com"
	a := c.Subject.Achievement
	checks := []struct {
		what      string
		got, want any
	}{
		{"@context", strings.Join(c.Context, " "), credential.ContextVC + " " + credential.ContextOB},
		{"id", c.ID, base + "/certificates/" + f.cert.Code},
		{"type", strings.Join(c.Type, " "), "VerifiableCredential OpenBadgeCredential"},
		{"issuer.id", c.Issuer.ID, base + "/issuer"},
		{"issuer.type", c.Issuer.Type, "Profile"},
		{"issuer.name", c.Issuer.Name, "Gemeente Vijfheerenlanden"},
		{"issuer.url", c.Issuer.URL, base + "/"},
		{"issuer.official", c.Issuer.Official, "J. de Vries, beleidsadviseur Sociaal Domein"},
		{"issuanceDate", c.IssuanceDate, f.cert.IssuedAt.UTC().Format("2006-01-02T15:04:05Z")},
		{"validFrom", c.ValidFrom, c.IssuanceDate},
		{"credentialSubject.type", strings.Join(c.Subject.Type, " "), "AchievementSubject"},
		{"achievement.id", a.ID, base + "/modules/snv-visie"},
		{"achievement.type", strings.Join(a.Type, " "), "Achievement"},
		{"achievement.name", a.Name, "De visie achter SNV"},
		{"achievement.version", a.Version, "2"},
		{"achievement.creditsAvailable", a.CreditsAvailable, 1.25},
		{"creditsEarned", c.Subject.CreditsEarned, 1.25},
		{"iss", c.Iss, c.Issuer.ID},
		{"jti", c.Jti, c.ID},
		{"sub (the subject has no id)", c.Sub, ""},
		{"nbf", c.Nbf, f.cert.IssuedAt.Unix()},
		{"iat", c.Iat, f.ts.store.Now().Unix()},
		{"exp (certificates do not expire)", c.Exp, int64(0)},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s = %v, want %v", ch.what, ch.got, ch.want)
		}
	}
	if !strings.Contains(a.Description, "procesbegeleider") {
		t.Errorf("achievement.description is not the module's summary: %q", a.Description)
	}
	for _, want := range []string{"Leerdoelen", "regie bij jou ligt", "alle lessen", "70%"} {
		if !strings.Contains(a.Criteria.Narrative, want) {
			t.Errorf("criteria.narrative lacks %q:\n%s", want, a.Criteria.Narrative)
		}
	}
	if len(a.OtherIdentifier) != 1 || a.OtherIdentifier[0].Identifier != "SKJ 123456" {
		t.Errorf("accreditation: %+v", a.OtherIdentifier)
	}

	// The holder is a salted hash of their e-mail address, and the address is nowhere.
	if len(c.Subject.Identifier) != 1 {
		t.Fatalf("identifiers: %+v", c.Subject.Identifier)
	}
	id := c.Subject.Identifier[0]
	if id.Type != "IdentityObject" || !id.Hashed || id.IdentityType != "emailAddress" || id.Salt == "" ||
		id.IdentityHash != credential.IdentityHash(f.email, id.Salt) || !strings.HasPrefix(id.IdentityHash, "sha256$") {
		t.Errorf("identifier %+v", id)
	}
	for _, where := range []string{token, string(body), string(segment(t, token, 0))} {
		for _, leak := range []string{f.email, "deelnemer1", "Sanne Visser"} {
			if strings.Contains(where, leak) {
				t.Errorf("the credential contains %q", leak)
			}
		}
	}

	// The issuer profile at its URL is the one in the credential, public and readable anywhere.
	p := f.ts.client().get("/issuer")
	var prof struct {
		Context             []string `json:"@context"`
		ID, Type, Name, URL string
	}
	if err := json.Unmarshal([]byte(p.Body), &prof); p.Status != 200 || err != nil {
		t.Fatalf("/issuer: HTTP %d, %v", p.Status, err)
	}
	if prof.ID != c.Issuer.ID || prof.Type != "Profile" || prof.Name != c.Issuer.Name || len(prof.Context) != 2 {
		t.Errorf("/issuer = %+v, credential issuer %+v", prof, c.Issuer)
	}
	if p.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Error("/issuer cannot be read by a verifier on another site")
	}
}

func TestCredentialOnlyForItsHolder(t *testing.T) {
	f := newCredentialFixture(t)
	for _, who := range []string{"deelnemer2@kring.example", "coach@kring.example", "coordinator@kring.example", "gemeente@kring.example"} {
		if p := f.ts.as(who).get(f.path); p.Status != http.StatusNotFound || strings.Contains(p.Body, ".ey") {
			t.Errorf("%s downloading another's credential: HTTP %d, want 404", who, p.Status)
		}
	}
	if p := f.ts.client().get(f.path); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/login") {
		t.Errorf("anonymous: HTTP %d to %q, want 303 to the login page", p.Status, p.Location)
	}
	if p := f.ts.as(f.email).get("/certificates/AAAA-AAAA-AAAA-AAAA/credential.jwt"); p.Status != http.StatusNotFound {
		t.Errorf("unknown code: HTTP %d, want 404", p.Status)
	}

	// The holder finds the download on the certificate and in the portfolio; the public does not.
	owner := f.ts.as(f.email)
	mustContain(t, owner.get("/certificates/"+f.cert.Code).Body, `href="`+f.path+`"`)
	mustContain(t, owner.get("/portfolio").Body, `href="`+f.path+`"`)
	if strings.Contains(f.ts.client().get("/certificates/"+f.cert.Code).Body, "credential.jwt") {
		t.Error("the public check offers the holder's credential")
	}

	// A revoked certificate is not issued as a credential any more, and not offered.
	if err := f.ts.store.RevokeCertificate(context.Background(), f.cert.Code, "niet zelf doorlopen"); err != nil {
		t.Fatal(err)
	}
	if p := owner.get(f.path); p.Status != http.StatusNotFound {
		t.Errorf("credential of a revoked certificate: HTTP %d, want 404", p.Status)
	}
	for _, path := range []string{"/certificates/" + f.cert.Code, "/portfolio"} {
		if strings.Contains(owner.get(path).Body, "credential.jwt") {
			t.Errorf("%s still offers the credential of a revoked certificate", path)
		}
	}
}

// The decoded credential is valid against the official Open Badges 3.0 AchievementCredential
// JSON schema (testdata/ob3), and the check fails for a credential that breaks it.
func TestCredentialMatchesOpenBadgesSchema(t *testing.T) {
	schema := compileOB3Schema(t)
	f := newCredentialFixture(t)
	body, err := credential.Verify(f.download(t), f.publishedKeys(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(decodeInstance(t, body)); err != nil {
		t.Fatalf("the signed credential breaks the Open Badges 3.0 schema: %v\n%s", err, body)
	}

	// The validation can fail: each of these breaks a rule of the schema.
	breaks := []struct {
		name   string
		change func(m map[string]any)
	}{
		{"no issuanceDate", func(m map[string]any) { delete(m, "issuanceDate") }},
		{"a plain e-mail beside the subject", func(m map[string]any) { m["credentialSubject"].(map[string]any)["email"] = "x@example.com" }},
		{"achievement without criteria", func(m map[string]any) {
			delete(m["credentialSubject"].(map[string]any)["achievement"].(map[string]any), "criteria")
		}},
		{"hours as text", func(m map[string]any) { m["credentialSubject"].(map[string]any)["creditsEarned"] = "1,25" }},
		{"issuer without id", func(m map[string]any) { delete(m["issuer"].(map[string]any), "id") }},
	}
	for _, b := range breaks {
		var m map[string]any
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatal(err)
		}
		b.change(m)
		changed, _ := json.Marshal(m)
		if err := schema.Validate(decodeInstance(t, changed)); err == nil {
			t.Errorf("%s: the schema accepts it", b.name)
		}
	}

	// Credentials for every module of the catalogue, in both languages, fit the schema too.
	for _, m := range f.ts.srv.catalog.Modules {
		cert := &store.Certificate{Code: f.cert.Code, Module: m.Slug, ModuleTitle: m.Title, ModuleVersion: m.Version, Hours: m.Hours, IssuedAt: f.cert.IssuedAt}
		for _, lang := range []string{"nl", "en"} {
			doc, _ := json.Marshal(f.ts.srv.credentialOf(cert, f.email, lang))
			if err := schema.Validate(decodeInstance(t, doc)); err != nil {
				t.Errorf("%s (%s): %v", m.Slug, lang, err)
			}
		}
	}
}

// compileOB3Schema compiles the shipped AchievementCredential schema, with formats (such as
// date-time) asserted rather than only annotated.
func compileOB3Schema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	raw, err := os.ReadFile("testdata/ob3/achievementcredential.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const loc = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/achievementcredentialv3p0.schema.json"
	if err := c.AddResource(loc, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(loc)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func decodeInstance(t *testing.T, b []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// The issuer profile and the key set are public routes (no action in the route table) that
// any site may read.
func TestCredentialPublicRoutes(t *testing.T) {
	ts := newTestServer(t)
	public := map[string]bool{}
	for _, r := range ts.srv.Routes() {
		if r.Action == "" {
			public[r.Method+" "+r.Path] = true
		}
	}
	for _, want := range []string{"GET /issuer", "GET /.well-known/jwks.json"} {
		if !public[want] {
			t.Errorf("%s is not a public route", want)
		}
	}
	anon := ts.client()
	for _, path := range []string{"/issuer", "/.well-known/jwks.json"} {
		p := anon.get(path)
		if p.Status != http.StatusOK || p.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("%s: HTTP %d, Access-Control-Allow-Origin %q", path, p.Status, p.Header.Get("Access-Control-Allow-Origin"))
		}
		if !json.Valid([]byte(p.Body)) {
			t.Errorf("%s is not JSON", path)
		}
	}
}
