package sso

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"
)

// provider starts a mock OpenID provider for the test.
func provider(t *testing.T) (*mockoidc.MockOIDC, Provider) {
	t.Helper()
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = m.Shutdown() })
	return m, Provider{ID: 1, Issuer: m.Issuer(), ClientID: m.ClientID, ClientSecret: m.ClientSecret}
}

// providerWithOwnKey starts a mock provider that signs with a key of its own (every mockoidc
// server signs with the same built-in key unless given one).
func providerWithOwnKey(t *testing.T) *mockoidc.MockOIDC {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	m, err := mockoidc.NewServer(key)
	if err != nil {
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
	return m
}

// authorize plays the browser at the provider: it follows the authorisation URL and returns
// the code and state the provider sends back to the redirect URL.
func authorize(t *testing.T, authURL string) (code, state string) {
	t.Helper()
	cl := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := cl.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize: HTTP %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	return loc.Query().Get("code"), loc.Query().Get("state")
}

func TestSignInWithPKCEStateAndNonce(t *testing.T) {
	m, p := provider(t)
	m.QueueUser(&mockoidc.MockUser{Subject: "obj-1", Email: "Anna@Noord.example", EmailVerified: true})
	c := New("http://kring.test/login/oidc/callback", nil, nil)
	ctx := context.Background()
	st, err := c.Begin(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(st.URL)
	q := u.Query()
	for k, want := range map[string]string{"state": st.State, "nonce": st.Nonce, "code_challenge_method": "S256", "redirect_uri": c.RedirectURL(), "client_id": p.ClientID} {
		if q.Get(k) != want {
			t.Errorf("authorisation URL %s = %q, want %q", k, q.Get(k), want)
		}
	}
	if q.Get("code_challenge") == "" || strings.Contains(st.URL, st.Verifier) {
		t.Errorf("the URL must carry the challenge, never the verifier: %s", st.URL)
	}
	code, state := authorize(t, st.URL)
	if state != st.State {
		t.Fatalf("state came back as %q", state)
	}
	id, err := c.Finish(ctx, p, code, st.Verifier, st.Nonce)
	if err != nil {
		t.Fatal(err)
	}
	if id.Issuer != p.Issuer || id.Subject != "obj-1" || id.Email != "anna@noord.example" || id.EmailVerified == nil || !*id.EmailVerified {
		t.Errorf("identity %+v", id)
	}
	// The same code a second time: the provider refuses it.
	if _, err := c.Finish(ctx, p, code, st.Verifier, st.Nonce); !errors.Is(err, ErrExchange) {
		t.Errorf("replayed code: %v, want ErrExchange", err)
	}
}

func TestFinishRefuses(t *testing.T) {
	m, p := provider(t)
	c := New("http://kring.test/cb", nil, nil)
	ctx := context.Background()
	tests := []struct {
		name string
		run  func(st *Start, code string) error
		want error
	}{
		{"wrong PKCE verifier", func(st *Start, code string) error {
			_, err := c.Finish(ctx, p, code, "x"+st.Verifier[1:], st.Nonce)
			return err
		}, ErrExchange},
		{"wrong nonce", func(st *Start, code string) error {
			_, err := c.Finish(ctx, p, code, st.Verifier, "another-sign-in")
			return err
		}, ErrNonce},
		{"no nonce kept", func(st *Start, code string) error {
			_, err := c.Finish(ctx, p, code, st.Verifier, "")
			return err
		}, ErrNonce},
		{"wrong client secret", func(st *Start, code string) error {
			q := p
			q.ClientSecret = "guess"
			_, err := c.Finish(ctx, q, code, st.Verifier, st.Nonce)
			return err
		}, ErrExchange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := c.Begin(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			code, _ := authorize(t, st.URL)
			if err := tt.run(st, code); !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
	_ = m
}

// TestVerifyRefusesForgedTokens presents hand-signed ID tokens: only one that the configured
// issuer signed, for our client, in time, for this sign-in, passes.
func TestVerifyRefusesForgedTokens(t *testing.T) {
	m, p := provider(t)
	other := providerWithOwnKey(t)
	c := New("http://kring.test/cb", nil, nil)
	ctx := context.Background()
	now := time.Now()
	claims := func(iss, aud string, exp time.Time, nonce string) jwt.Claims {
		return &mockoidc.IDTokenClaims{Nonce: nonce, RegisteredClaims: &jwt.RegisteredClaims{
			Issuer: iss, Subject: "obj-1", Audience: jwt.ClaimStrings{aud},
			IssuedAt: jwt.NewNumericDate(now.Add(-time.Minute)), ExpiresAt: jwt.NewNumericDate(exp)}}
	}
	sign := func(kp *mockoidc.Keypair, cl jwt.Claims) string {
		s, err := kp.SignJWT(cl)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	good := sign(m.Keypair, claims(p.Issuer, p.ClientID, now.Add(5*time.Minute), "n1"))
	tests := []struct {
		name  string
		token string
		want  error
	}{
		{"valid", good, nil},
		{"wrong audience", sign(m.Keypair, claims(p.Issuer, "someone-else", now.Add(5*time.Minute), "n1")), ErrToken},
		{"expired", sign(m.Keypair, claims(p.Issuer, p.ClientID, now.Add(-time.Minute), "n1")), ErrExpired},
		{"another issuer's token", sign(other.Keypair, claims(other.Issuer(), p.ClientID, now.Add(5*time.Minute), "n1")), ErrToken},
		{"our issuer's name, another key", sign(other.Keypair, claims(p.Issuer, p.ClientID, now.Add(5*time.Minute), "n1")), ErrToken},
		{"wrong nonce", sign(m.Keypair, claims(p.Issuer, p.ClientID, now.Add(5*time.Minute), "n2")), ErrNonce},
		{"one byte changed", good[:len(good)-4] + flip(good[len(good)-4]) + good[len(good)-3:], ErrToken},
		{"not a token", "garbage", ErrToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, err := c.Verify(ctx, p, tt.token, "n1")
			if tt.want == nil {
				if err != nil || id.Subject != "obj-1" {
					t.Fatalf("valid token refused: %v", err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}

func flip(b byte) string {
	if b == 'A' {
		return "B"
	}
	return "A"
}

func TestCheckIssuer(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://login.microsoftonline.com/2f9c1f1e-0000-4000-8000-000000000001/v2.0", ""},
		{"https://login.microsoftonline.com/common/v2.0", "issuer.entra_common"},
		{"https://login.microsoftonline.com/organizations/v2.0", "issuer.entra_common"},
		{"https://login.microsoftonline.com/consumers/v2.0", "issuer.entra_common"},
		{"https://accounts.google.com", ""},
		{"http://127.0.0.1:5556/oidc", ""},
		{"http://idp.gemeente.example", "issuer.https"},
		{"ftp://idp.example", "issuer.url"},
		{"https://idp.example/?x=1", "issuer.url"},
		{"https://user@idp.example", "issuer.url"},
		{"not a url", "issuer.url"},
		{"", "issuer.url"},
	}
	for _, tt := range tests {
		if got := CheckIssuer(tt.in); got != tt.want {
			t.Errorf("CheckIssuer(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDiscoveryFailsClearly(t *testing.T) {
	c := New("http://kring.test/cb", nil, nil)
	if err := c.Check(context.Background(), "http://127.0.0.1:1/nothing"); !errors.Is(err, ErrDiscovery) {
		t.Errorf("unreachable issuer: %v", err)
	}
	_, p := provider(t)
	if err := c.Check(context.Background(), p.Issuer); err != nil {
		t.Errorf("mock issuer: %v", err)
	}
	if got := c.EndSessionURL(context.Background(), p, "http://kring.test/login"); got != "" {
		t.Errorf("the mock offers no end_session_endpoint, got %q", got)
	}
}
