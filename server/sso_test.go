package server

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"kring/server/auth"
	"kring/server/store"
)

// ssoFixture is the demo data set with a mock OpenID provider configured for the first demo
// organisation (domain noord.example), and a second provider for the other organisation.
type ssoFixture struct {
	ts         *testServer
	mock       *mockoidc.MockOIDC
	mock2      *mockoidc.MockOIDC
	org1, org2 int64
}

func newSSOFixture(t *testing.T) *ssoFixture {
	t.Helper()
	ts := newTestServer(t).withDemo()
	f := &ssoFixture{ts: ts, org1: orgOfUser(t, ts, "deelnemer1@kring.example"), org2: orgOfUser(t, ts, "deelnemer4@kring.example")}
	f.mock = startMock(t)
	f.mock2 = startMock(t)
	f.configure(t, f.org1, f.mock, "noord.example", false)
	f.configure(t, f.org2, f.mock2, "zuid.example", false)
	return f
}

func startMock(t *testing.T) *mockoidc.MockOIDC {
	t.Helper()
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	return m
}

func (f *ssoFixture) configure(t *testing.T, org int64, m *mockoidc.MockOIDC, domain string, required bool) {
	t.Helper()
	if _, err := f.ts.store.SaveSSOProvider(context.Background(), store.SSOSettings{OrgID: org, Issuer: m.Issuer(), ClientID: m.ClientID,
		ClientSecret: m.ClientSecret, Domains: []string{domain}, NewUserRole: "trainee", Required: required}); err != nil {
		t.Fatal(err)
	}
}

var continueRe = regexp.MustCompile(`href="([^"]+)" data-sso-continue`)

// ssoBegin submits the work-account button for email and returns the provider URL the page
// sends the browser to.
func ssoBegin(t *testing.T, c *client, email string) string {
	t.Helper()
	p := c.post("/login/sso", url.Values{"email": {email}, "next": {"/modules"}})
	if p.Status != http.StatusOK {
		t.Fatalf("POST /login/sso: HTTP %d\n%s", p.Status, p.Body)
	}
	m := continueRe.FindStringSubmatch(p.Body)
	if m == nil {
		t.Fatalf("no link to the provider on the page:\n%s", p.Body)
	}
	return html.UnescapeString(m[1])
}

// atProvider plays the browser at the provider and returns the callback path (with query)
// that the provider sends it back to.
func atProvider(t *testing.T, authURL string) string {
	t.Helper()
	cl := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := cl.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || resp.StatusCode != http.StatusFound {
		t.Fatalf("provider answered HTTP %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	return loc.RequestURI()
}

// ssoSignIn runs the whole flow for a person the mock provider vouches for and returns the
// callback's answer.
func (f *ssoFixture) ssoSignIn(t *testing.T, c *client, m *mockoidc.MockOIDC, typed string, who mockoidc.User) page {
	t.Helper()
	m.QueueUser(who)
	return c.get(atProvider(t, ssoBegin(t, c, typed)))
}

func TestSSOFirstSignInCreatesThePersonOnce(t *testing.T) {
	f := newSSOFixture(t)
	c := f.ts.client()
	p := f.ssoSignIn(t, c, f.mock, "anna@noord.example", &mockoidc.MockUser{Subject: "obj-anna", Email: "Anna@noord.example", EmailVerified: true, PreferredUsername: "Anna de Wit"})
	if p.Status != http.StatusSeeOther || p.Location != "/modules" {
		t.Fatalf("callback: HTTP %d to %q\n%s", p.Status, p.Location, p.Body)
	}
	u, err := f.ts.store.UserByEmail(context.Background(), "anna@noord.example")
	if err != nil {
		t.Fatal(err)
	}
	if u.OrgID != f.org1 || u.Role != string(auth.Trainee) || u.Name != "Anna de Wit" || u.PasswordHash != "" {
		t.Errorf("created person %+v", u)
	}
	if home := c.get("/"); home.Status != http.StatusOK || !strings.Contains(home.Body, "Anna de Wit") {
		t.Errorf("home after sign-in: HTTP %d", home.Status)
	}
	// The person is identified by issuer and subject: a changed address claim is the same person.
	c2 := f.ts.client()
	p = f.ssoSignIn(t, c2, f.mock, "anna@noord.example", &mockoidc.MockUser{Subject: "obj-anna", Email: "a.dewit@noord.example", EmailVerified: true})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("second sign-in: HTTP %d\n%s", p.Status, p.Body)
	}
	if _, err := f.ts.store.UserByEmail(context.Background(), "a.dewit@noord.example"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a changed address claim made a second account: %v", err)
	}
	// A person without a password cannot sign in with an empty or any password.
	if p := f.ts.client().post("/login", url.Values{"email": {"anna@noord.example"}, "password": {""}}); p.Status == http.StatusSeeOther {
		t.Error("an empty password signed in a work-account person")
	}
}

func TestSSOLinksAnInvitedAccountAndOpenInvite(t *testing.T) {
	f := newSSOFixture(t)
	ctx := context.Background()
	hash, _ := f.ts.srv.hasher.Hash("een lang wachtwoord")
	bert, err := f.ts.store.CreateUser(ctx, store.NewUser{Email: "bert@noord.example", Name: "Bert", PasswordHash: hash, Role: "coach", OrgID: f.org1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.ts.store.CreateInvite(ctx, auth.HashToken("tok"), f.org1, "org_admin", "carla@noord.example", 0, time.Hour); err != nil {
		t.Fatal(err)
	}
	p := f.ssoSignIn(t, f.ts.client(), f.mock, "bert@noord.example", &mockoidc.MockUser{Subject: "obj-bert", Email: "bert@noord.example", EmailVerified: true})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("link Bert: HTTP %d\n%s", p.Status, p.Body)
	}
	if u, _ := f.ts.store.UserByEmail(ctx, "bert@noord.example"); u.ID != bert || u.Role != "coach" {
		t.Errorf("Bert became %+v", u)
	}
	// Another subject with Bert's address never takes over the linked account.
	p = f.ssoSignIn(t, f.ts.client(), f.mock, "bert@noord.example", &mockoidc.MockUser{Subject: "obj-intruder", Email: "bert@noord.example", EmailVerified: true})
	if p.Status != http.StatusForbidden || !strings.Contains(p.Body, "al gekoppeld") {
		t.Errorf("second identity for Bert: HTTP %d", p.Status)
	}
	// An open invite decides the role of the new account and is used up.
	p = f.ssoSignIn(t, f.ts.client(), f.mock, "carla@noord.example", &mockoidc.MockUser{Subject: "obj-carla", Email: "carla@noord.example", EmailVerified: true})
	if p.Status != http.StatusSeeOther {
		t.Fatalf("Carla: HTTP %d\n%s", p.Status, p.Body)
	}
	if u, _ := f.ts.store.UserByEmail(ctx, "carla@noord.example"); u == nil || u.Role != "org_admin" || u.OrgID != f.org1 {
		t.Errorf("Carla became %+v", u)
	}
	if inv, err := f.ts.store.InviteByToken(ctx, auth.HashToken("tok")); err != nil || inv.UsedAt.IsZero() {
		t.Errorf("the invite was not used up: %+v %v", inv, err)
	}
}

// Every refusal is a page that says what happened, and signs nobody in.
func TestSSORefusals(t *testing.T) {
	f := newSSOFixture(t)
	ctx := context.Background()
	hash, _ := f.ts.srv.hasher.Hash("een lang wachtwoord")
	if _, err := f.ts.store.CreateUser(ctx, store.NewUser{Email: "dirk@noord.example", Name: "Dirk", PasswordHash: hash, Role: "trainee", OrgID: f.org2}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.ts.store.CreateUser(ctx, store.NewUser{Email: "eva@noord.example", Name: "Eva", PasswordHash: hash, Role: "trainee", OrgID: f.org1}); err != nil {
		t.Fatal(err)
	}
	user := func(sub, email string) *mockoidc.MockUser {
		return &mockoidc.MockUser{Subject: sub, Email: email, EmailVerified: true}
	}
	tests := []struct {
		name   string
		run    func(c *client) page
		status int
		says   string
	}{
		{"state changed", func(c *client) page {
			f.mock.QueueUser(user("s1", "s1@noord.example"))
			cb := atProvider(t, ssoBegin(t, c, "s1@noord.example"))
			return c.get(strings.Replace(cb, "state=", "state=x", 1))
		}, 400, "hoort niet bij een inlogpoging uit deze browser"},
		{"answer taken to another browser", func(c *client) page {
			f.mock.QueueUser(user("s2", "s2@noord.example"))
			cb := atProvider(t, ssoBegin(t, c, "s2@noord.example"))
			return f.ts.client().get(cb)
		}, 400, "hoort niet bij een inlogpoging uit deze browser"},
		{"callback replayed", func(c *client) page {
			f.mock.QueueUser(user("s3", "s3@noord.example"))
			cb := atProvider(t, ssoBegin(t, c, "s3@noord.example"))
			if p := c.get(cb); p.Status != http.StatusSeeOther {
				t.Fatalf("first use: HTTP %d", p.Status)
			}
			jar := c.cookies[ssoStateCookie]
			c.cookies = map[string]string{ssoStateCookie: jar}
			u, _ := url.Parse(cb)
			c.cookies[ssoStateCookie] = u.Query().Get("state")
			return c.get(cb)
		}, 400, "al gebruikt of verlopen"},
		{"expired ID token", func(c *client) page {
			f.mock.AccessTTL = -time.Minute
			defer func() { f.mock.AccessTTL = 10 * time.Minute }()
			return f.ssoSignIn(t, c, f.mock, "s4@noord.example", user("s4", "s4@noord.example"))
		}, 400, "verlopen"},
		{"address outside the provider's domains", func(c *client) page {
			return f.ssoSignIn(t, c, f.mock, "s5@noord.example", user("s5", "s5@elders.example"))
		}, 403, "geen e-mailadres dat bij haar hoort"},
		{"address said to be unverified", func(c *client) page {
			return f.ssoSignIn(t, c, f.mock, "s6@noord.example", unverifiedUser{"s6", "s6@noord.example"})
		}, 403, "geen e-mailadres dat bij haar hoort"},
		{"address of a person of another organisation", func(c *client) page {
			return f.ssoSignIn(t, c, f.mock, "dirk@noord.example", user("s7", "dirk@noord.example"))
		}, 403, "andere organisatie"},
		{"another issuer claims an address of this organisation", func(c *client) page {
			return f.ssoSignIn(t, c, f.mock2, "x@zuid.example", user("s8", "eva@noord.example"))
		}, 403, "geen e-mailadres dat bij haar hoort"},
		{"cancelled at the provider", func(c *client) page {
			return c.get("/login/oidc/callback?error=access_denied&state=x")
		}, 400, "afgebroken of geweigerd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := f.ts.client()
			p := tt.run(c)
			if p.Status != tt.status || !strings.Contains(p.Body, tt.says) {
				t.Fatalf("HTTP %d, want %d with %q\n%s", p.Status, tt.status, tt.says, p.Body)
			}
			if c.get("/").Status != http.StatusSeeOther {
				t.Error("the refused browser is signed in")
			}
		})
	}
	if _, err := f.ts.store.UserByEmail(ctx, "s5@elders.example"); !errors.Is(err, store.ErrNotFound) {
		t.Error("a refused sign-in created an account")
	}
	if has, _ := f.ts.store.HasSSOIdentity(ctx, f.ts.userID("eva@noord.example")); has {
		t.Error("another issuer linked itself to Eva's account")
	}
}

func TestSSOStartRefusesUnknownDomainsAndBadInput(t *testing.T) {
	f := newSSOFixture(t)
	tests := []struct {
		email  string
		status int
		says   string
	}{
		{"iemand@onbekend.example", 422, "niet ingesteld"},
		{"geen-adres", 422, "geldig e-mailadres"},
		{"", 422, "Vul dit veld in"},
	}
	for _, tt := range tests {
		p := f.ts.client().post("/login/sso", url.Values{"email": {tt.email}})
		if p.Status != tt.status || !strings.Contains(p.Body, tt.says) {
			t.Errorf("%q: HTTP %d, want %d with %q", tt.email, p.Status, tt.status, tt.says)
		}
	}
	// The login page offers the button once a provider exists.
	if p := f.ts.client().get("/login"); !strings.Contains(p.Body, `formaction="/login/sso"`) {
		t.Error("the login page does not offer the work account")
	}
}

func TestPasswordSignInRefusedWhenTheProviderIsRequired(t *testing.T) {
	f := newSSOFixture(t)
	f.configure(t, f.org1, f.mock, "noord.example", true)
	ctx := context.Background()
	hash, _ := f.ts.srv.hasher.Hash("een lang wachtwoord")
	if _, err := f.ts.store.CreateUser(ctx, store.NewUser{Email: "bert@noord.example", Name: "Bert", PasswordHash: hash, Role: "coach", OrgID: f.org1}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		email, password string
		status          int
	}{
		{"bert@noord.example", "een lang wachtwoord", 422},  // the domain requires the work account
		{"deelnemer1@kring.example", "kring-demo", 422},     // a person of the organisation, another domain
		{"deelnemer4@kring.example", "kring-demo", 303},     // the other organisation still uses passwords
		{"onbekend@noord.example", "wat dan ook hier", 422}, // same answer whether or not the account exists
	}
	for _, tt := range tests {
		p := f.ts.client().post("/login", url.Values{"email": {tt.email}, "password": {tt.password}})
		if p.Status != tt.status {
			t.Errorf("%s: HTTP %d, want %d", tt.email, p.Status, tt.status)
		}
		if tt.status == 422 && !strings.Contains(p.Body, "Inloggen met je werkaccount") {
			t.Errorf("%s: the page does not say to use the work account", tt.email)
		}
	}
}

func TestSSOSettings(t *testing.T) {
	f := newSSOFixture(t)
	ctx := context.Background()
	coord := f.ts.as("coordinator@kring.example")
	if p := coord.get("/org/sso"); p.Status != 200 || !strings.Contains(p.Body, f.ts.srv.sso.RedirectURL()) || strings.Contains(p.Body, f.mock.ClientSecret) {
		t.Fatalf("GET /org/sso: HTTP %d; it must show the redirect URL and never the secret", p.Status)
	}
	good := func() url.Values {
		return url.Values{"issuer": {f.mock.Issuer()}, "client_id": {f.mock.ClientID}, "client_secret": {""},
			"domains": {"noord.example, @Team.Noord.example"}, "role": {"coach"}, "secret_expires": {"2030-01-31"}}
	}
	with := func(k, v string) url.Values { u := good(); u.Set(k, v); return u }
	bad := []struct {
		name string
		form url.Values
		says string
	}{
		{"plain http", with("issuer", "http://idp.gemeente.example"), "https://"},
		{"Entra common", with("issuer", "https://login.microsoftonline.com/common/v2.0"), "eigen tenant"},
		{"issuer that does not answer", with("issuer", "http://127.0.0.1:1/nothing"), "geen geldige OpenID-configuratie"},
		{"not a domain", with("domains", "noord.example, niet goed"), "geen geldig domein"},
		{"domain of the other organisation", with("domains", "zuid.example"), "zuid.example hoort al bij een andere organisatie"},
		{"unknown role", with("role", "muni_admin"), "niet geldig"},
		{"bad date", with("secret_expires", "31-01-2030"), "Vul een datum in"},
		{"no client id", with("client_id", ""), "Vul dit veld in"},
	}
	for _, tt := range bad {
		p := coord.post("/org/sso", tt.form)
		if p.Status != 422 || !strings.Contains(p.Body, tt.says) {
			t.Errorf("%s: HTTP %d, want 422 with %q", tt.name, p.Status, tt.says)
		}
	}
	if pr, _ := f.ts.store.SSOProviderByOrg(ctx, f.org1); pr.NewUserRole != "trainee" || len(pr.Domains) != 1 {
		t.Fatalf("bad input changed the provider: %+v", pr)
	}
	// Valid: saved; an empty secret keeps the stored one; domains cleaned.
	if p := coord.post("/org/sso", good()); p.Status != http.StatusSeeOther {
		t.Fatalf("valid settings: HTTP %d\n%s", p.Status, p.Body)
	}
	pr, _ := f.ts.store.SSOProviderByOrg(ctx, f.org1)
	if pr.ClientSecret != f.mock.ClientSecret || pr.NewUserRole != "coach" || strings.Join(pr.Domains, " ") != "noord.example team.noord.example" {
		t.Errorf("saved %+v", pr)
	}
	if p := coord.get("/org/sso"); !strings.Contains(p.Body, pr.SecretHint()) || strings.Contains(p.Body, f.mock.ClientSecret) {
		t.Error("the page must show the secret's hint, never the secret")
	}
	// Who may do what.
	for _, tc := range []struct {
		who, method, path string
		want              int
	}{
		{"deelnemer1@kring.example", "GET", "/org/sso", 403},
		{"coach@kring.example", "GET", "/org/sso", 403},
		{"coordinator@kring.example", "GET", "/admin/sso", 403},
		{"coordinator@kring.example", "GET", "/admin/organisations/" + strconv.FormatInt(f.org2, 10) + "/sso", 403},
		{"gemeente@kring.example", "GET", "/admin/organisations/" + strconv.FormatInt(f.org2, 10) + "/sso", 200},
		{"gemeente@kring.example", "GET", "/admin/organisations/999999/sso", 404},
		{"gemeente@kring.example", "GET", "/admin/sso", 200},
	} {
		if p := f.ts.as(tc.who).get(tc.path); p.Status != tc.want {
			t.Errorf("%s %s %s: HTTP %d, want %d", tc.who, tc.method, tc.path, p.Status, tc.want)
		}
	}
	// The municipality sees a secret that expires within a month.
	soon := f.ts.store.Now().Add(10 * 24 * time.Hour)
	if _, err := f.ts.store.SaveSSOProvider(ctx, store.SSOSettings{OrgID: f.org2, Issuer: f.mock2.Issuer(), ClientID: "x", Domains: []string{"zuid.example"}, NewUserRole: "trainee", SecretExpiresAt: soon}); err != nil {
		t.Fatal(err)
	}
	muni := f.ts.as("gemeente@kring.example")
	if p := muni.get("/admin/sso"); !strings.Contains(p.Body, "verloopt binnenkort") {
		t.Error("the overview does not warn about a secret expiring within a month")
	}
	if p := muni.get("/admin/organisations"); !strings.Contains(p.Body, "binnen een maand verlopen") {
		t.Error("the organisations page does not warn about expiring secrets")
	}
	// Removing the provider: passwords again.
	if p := coord.post("/org/sso/delete", nil); p.Status != http.StatusSeeOther {
		t.Fatalf("delete: HTTP %d", p.Status)
	}
	if _, err := f.ts.store.SSOProviderByOrg(ctx, f.org1); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("provider still there: %v", err)
	}
}

// Signing out of a session that came through a provider offers the provider's sign-out.
func TestSSOSignOutOffersTheProvidersSignOut(t *testing.T) {
	ts := newTestServer(t).withDemo()
	m, err := mockoidc.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	// The mock has no end_session_endpoint; add one to its discovery document.
	if err := m.AddMiddleware(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !strings.HasSuffix(r.URL.Path, "/.well-known/openid-configuration") {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			var doc map[string]any
			if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			doc["end_session_endpoint"] = m.Issuer() + "/logout"
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(doc)
		})
	}); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Start(ln, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	org := orgOfUser(t, ts, "deelnemer1@kring.example")
	if _, err := ts.store.SaveSSOProvider(context.Background(), store.SSOSettings{OrgID: org, Issuer: m.Issuer(), ClientID: m.ClientID,
		ClientSecret: m.ClientSecret, Domains: []string{"noord.example"}, NewUserRole: "trainee"}); err != nil {
		t.Fatal(err)
	}
	f := &ssoFixture{ts: ts, mock: m}
	c := ts.client()
	if p := f.ssoSignIn(t, c, m, "fien@noord.example", &mockoidc.MockUser{Subject: "fien", Email: "fien@noord.example", EmailVerified: true}); p.Status != http.StatusSeeOther {
		t.Fatalf("sign-in: HTTP %d\n%s", p.Status, p.Body)
	}
	out := c.post("/logout", nil)
	if out.Status != http.StatusSeeOther || !strings.HasPrefix(out.Location, "/login?uitgelogd=") {
		t.Fatalf("logout: HTTP %d to %q", out.Status, out.Location)
	}
	p := c.get(out.Location)
	want := html.EscapeString(m.Issuer() + "/logout?client_id=" + m.ClientID)
	if !strings.Contains(p.Body, want) || !strings.Contains(p.Body, "Ook uitloggen bij je werkaccount") {
		t.Errorf("the sign-in page does not offer the provider's sign-out %q", want)
	}
	if c.get("/").Status != http.StatusSeeOther {
		t.Error("still signed in after logout")
	}
	// A password session signs out to the plain sign-in page.
	pw := ts.as("deelnemer4@kring.example")
	if out := pw.post("/logout", nil); out.Location != "/login" {
		t.Errorf("password logout went to %q", out.Location)
	}
}

// unverifiedUser is a person whose provider says outright that the address is not verified
// (mockoidc's own user leaves a false email_verified out of the token).
type unverifiedUser struct{ sub, email string }

func (u unverifiedUser) ID() string { return u.sub }

func (u unverifiedUser) Userinfo([]string) ([]byte, error) {
	return json.Marshal(map[string]any{"sub": u.sub, "email": u.email, "email_verified": false})
}

func (u unverifiedUser) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	return jwt.MapClaims{"iss": base.Issuer, "sub": u.sub, "aud": []string(base.Audience), "exp": base.ExpiresAt.Unix(),
		"iat": base.IssuedAt.Unix(), "nonce": base.Nonce, "email": u.email, "email_verified": false}, nil
}

// A disabled person cannot come back in through the work account either.
func TestSSODisabledPersonRefused(t *testing.T) {
	f := newSSOFixture(t)
	ctx := context.Background()
	who := &mockoidc.MockUser{Subject: "obj-hanna", Email: "hanna@noord.example", EmailVerified: true}
	if p := f.ssoSignIn(t, f.ts.client(), f.mock, "hanna@noord.example", who); p.Status != http.StatusSeeOther {
		t.Fatalf("first sign-in: HTTP %d", p.Status)
	}
	if err := f.ts.store.SetDisabled(ctx, f.ts.userID("hanna@noord.example"), true); err != nil {
		t.Fatal(err)
	}
	c := f.ts.client()
	p := f.ssoSignIn(t, c, f.mock, "hanna@noord.example", who)
	if p.Status != http.StatusForbidden || !strings.Contains(p.Body, "uitgeschakeld") {
		t.Errorf("disabled person: HTTP %d", p.Status)
	}
	if c.get("/").Status != http.StatusSeeOther {
		t.Error("a disabled person is signed in through the work account")
	}
}
