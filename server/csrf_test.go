package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"kring/server/demo"
)

// csrfState is what the state-changing forms below could change, read from the store.
type csrfState struct {
	name     string
	invites  int
	groups   int
	sessions bool
}

func readCSRFState(t *testing.T, ts *testServer, orgID int64, c *client) csrfState {
	t.Helper()
	ctx := context.Background()
	u, err := ts.store.UserByEmail(ctx, "coordinator@kring.example")
	if err != nil {
		t.Fatal(err)
	}
	inv, err := ts.store.ListInvites(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	gs, err := ts.store.GroupsFor(ctx, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	_, signedIn := c.cookies[sessionCookie]
	return csrfState{name: u.Name, invites: len(inv), groups: len(gs), sessions: signedIn}
}

func TestCSRFRefusesStateChanges(t *testing.T) {
	ts := newTestServer(t).withDemo()
	admin := ts.as("coordinator@kring.example")
	coach := ts.as("coach@kring.example")
	orgID := orgOfUser(t, ts, "coordinator@kring.example")
	other := ts.as("deelnemer1@kring.example")

	adminTok := admin.csrf()
	coachTok := coach.csrf()
	otherTok := other.csrf()

	type req struct {
		who  *client
		path string
		form url.Values
		tok  string // a valid token of who, for the cross-origin and header cases
	}
	reqs := map[string]func() req{
		"login": func() req {
			c := ts.client()
			return req{c, "/login", url.Values{"email": {"deelnemer2@kring.example"}, "password": {demo.Password}}, c.csrf()}
		},
		"account":     func() req { return req{admin, "/account", url.Values{"name": {"Changed"}}, adminTok} },
		"org/invites": func() req { return req{admin, "/org/invites", url.Values{"role": {"trainee"}}, adminTok} },
		"groups":      func() req { return req{coach, "/groups", url.Values{"name": {"Sneaky group"}}, coachTok} },
	}
	attacks := []struct {
		name   string
		mangle func(r req) *http.Request
	}{
		{"no token", func(r req) *http.Request { return formRequest(r.path, r.form, nil) }},
		{"wrong token", func(r req) *http.Request {
			f := cloneValues(r.form)
			f.Set("_csrf", "AAAA"+r.tok[4:])
			return formRequest(r.path, f, nil)
		}},
		{"token of another session", func(r req) *http.Request {
			f := cloneValues(r.form)
			f.Set("_csrf", otherTok)
			return formRequest(r.path, f, nil)
		}},
		{"cross-origin with a valid token", func(r req) *http.Request {
			f := cloneValues(r.form)
			f.Set("_csrf", r.tok)
			return formRequest(r.path, f, http.Header{"Origin": {"http://evil.example"}})
		}},
		{"wrong header token", func(r req) *http.Request {
			return formRequest(r.path, r.form, http.Header{"X-Csrf-Token": {otherTok}})
		}},
	}
	for name, mk := range reqs {
		for _, a := range attacks {
			t.Run(name+"/"+a.name, func(t *testing.T) {
				r := mk()
				before := readCSRFState(t, ts, orgID, r.who)
				p := r.who.do(a.mangle(r))
				if p.Status != http.StatusForbidden {
					t.Errorf("status %d, want 403", p.Status)
				}
				if !strings.Contains(p.Body, "Formulier verlopen") {
					t.Errorf("403 page lacks %q", "Formulier verlopen")
				}
				if after := readCSRFState(t, ts, orgID, r.who); after != before {
					t.Errorf("state changed: %+v -> %+v", before, after)
				}
			})
		}
	}
}

func TestCSRFAcceptsValidToken(t *testing.T) {
	ts := newTestServer(t).withDemo()
	c := ts.as("coordinator@kring.example")
	tok := c.csrf()

	// In the X-CSRF-Token header (scripts), with the own origin.
	p := c.do(formRequest("/account", url.Values{"name": {"Jeroen B."}}, http.Header{"X-CSRF-Token": {tok}, "Origin": {"http://example.com"}}))
	if p.Status != http.StatusSeeOther {
		t.Fatalf("POST /account with header token: status %d, want 303", p.Status)
	}
	u, _ := ts.store.UserByEmail(context.Background(), "coordinator@kring.example")
	if u.Name != "Jeroen B." {
		t.Errorf("name %q, want Jeroen B.", u.Name)
	}
	// In the form field, no Origin (non-browser clients, old browsers).
	p = c.postRaw("/account", url.Values{"_csrf": {tok}, "name": {"Jeroen Bakker"}})
	if p.Status != http.StatusSeeOther {
		t.Errorf("POST /account with form token: status %d, want 303", p.Status)
	}
	// A GET never needs a token.
	if p := c.get("/account"); p.Status != http.StatusOK || !csrfRe.MatchString(p.Body) {
		t.Errorf("GET /account: status %d, or no token in the form", p.Status)
	}
}

func formRequest(path string, form url.Values, h http.Header) *http.Request {
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range h {
		req.Header[http.CanonicalHeaderKey(k)] = v
	}
	return req
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func orgOfUser(t *testing.T, ts *testServer, email string) int64 {
	t.Helper()
	u, err := ts.store.UserByEmail(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.OrgID
}
