// Package sso signs people in with their employer's account over OpenID Connect: the
// authorisation code flow with PKCE, a state and a nonce, and an ID token whose signature,
// issuer, audience, expiry and nonce are all checked before anyone is let in.
//
// It knows nothing of Kring's people or database: the server stores what Begin returns until
// the browser comes back, and decides who the verified Identity is.
package sso

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// Provider is one organisation's OpenID provider as configured by an administrator.
type Provider struct {
	ID           int64
	Issuer       string // e.g. https://login.microsoftonline.com/{tenant}/v2.0
	ClientID     string
	ClientSecret string
}

// Identity is who the provider vouches for: issuer and subject identify the person (for
// Entra ID, the tenant and the object id); the e-mail address only helps to link a first
// sign-in to an invited account.
type Identity struct {
	Issuer        string
	Subject       string
	Email         string
	EmailVerified *bool // nil when the provider does not say (Entra ID never does)
	Name          string
}

// Start is what the server keeps until the browser comes back from the provider.
type Start struct {
	URL      string // where to send the browser
	State    string // echoed by the provider; ties the answer to this browser
	Nonce    string // echoed inside the ID token; ties the token to this sign-in
	Verifier string // the PKCE secret; proves at the token endpoint that we started the flow
}

// Errors that the sign-in page explains in words; everything else is a provider failure.
var (
	// ErrToken means the ID token failed a check: signature, issuer, audience or expiry.
	ErrToken = errors.New("sso: the ID token is not valid")
	// ErrExpired means the ID token was valid once but its time has passed.
	ErrExpired = errors.New("sso: the ID token has expired")
	// ErrNonce means the ID token was not made for this sign-in (a replayed or swapped token).
	ErrNonce = errors.New("sso: the ID token belongs to another sign-in")
	// ErrExchange means the provider refused the code (used before, wrong verifier, wrong client).
	ErrExchange = errors.New("sso: the provider refused the sign-in code")
	// ErrDiscovery means the issuer does not answer with a usable OpenID configuration.
	ErrDiscovery = errors.New("sso: the issuer has no usable OpenID configuration")
)

// Client talks to providers. Discovery documents and key sets are cached per issuer, so a
// sign-in costs one token request, not three.
type Client struct {
	redirectURL string
	http        *http.Client
	now         func() time.Time
	ttl         time.Duration

	mu    sync.Mutex
	cache map[string]*discovered
}

type discovered struct {
	provider   *oidc.Provider
	endSession string
	fetched    time.Time
}

// New makes a client whose redirect URL (registered at every provider) is redirectURL. A nil
// httpClient gets one with a 10-second deadline; now may be nil for time.Now.
func New(redirectURL string, httpClient *http.Client, now func() time.Time) *Client {
	if httpClient == nil {
		httpClient = &http.Client{Timeout: 10 * time.Second}
	}
	if now == nil {
		now = time.Now
	}
	return &Client{redirectURL: redirectURL, http: httpClient, now: now, ttl: time.Hour, cache: map[string]*discovered{}}
}

// RedirectURL is the address an administrator registers at the provider.
func (c *Client) RedirectURL() string { return c.redirectURL }

func (c *Client) ctx(ctx context.Context) context.Context { return oidc.ClientContext(ctx, c.http) }

// discover fetches (or reuses) the issuer's configuration; go-oidc checks that the document
// names the same issuer, which is why Entra's shared "common" endpoint cannot be used.
func (c *Client) discover(ctx context.Context, issuer string) (*discovered, error) {
	c.mu.Lock()
	d := c.cache[issuer]
	c.mu.Unlock()
	if d != nil && c.now().Sub(d.fetched) < c.ttl {
		return d, nil
	}
	p, err := oidc.NewProvider(c.ctx(ctx), issuer)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrDiscovery, issuer, err)
	}
	var extra struct {
		EndSession string `json:"end_session_endpoint"`
	}
	_ = p.Claims(&extra) // optional field; a provider without it simply offers no sign-out link
	d = &discovered{provider: p, endSession: extra.EndSession, fetched: c.now()}
	c.mu.Lock()
	c.cache[issuer] = d
	c.mu.Unlock()
	return d, nil
}

// Check proves that issuer answers with an OpenID configuration, before an administrator's
// settings are saved.
func (c *Client) Check(ctx context.Context, issuer string) error {
	c.mu.Lock()
	delete(c.cache, issuer)
	c.mu.Unlock()
	_, err := c.discover(ctx, issuer)
	return err
}

func (c *Client) config(d *discovered, p Provider) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     p.ClientID,
		ClientSecret: p.ClientSecret,
		Endpoint:     d.provider.Endpoint(),
		RedirectURL:  c.redirectURL,
		Scopes:       []string{oidc.ScopeOpenID, "profile", "email"},
	}
}

// Begin prepares a sign-in at p: fresh random state, nonce and PKCE verifier, and the
// provider's authorisation URL carrying the state, the nonce and the S256 challenge.
func (c *Client) Begin(ctx context.Context, p Provider) (*Start, error) {
	d, err := c.discover(ctx, p.Issuer)
	if err != nil {
		return nil, err
	}
	st := &Start{State: random(), Nonce: random(), Verifier: oauth2.GenerateVerifier()}
	st.URL = c.config(d, p).AuthCodeURL(st.State, oidc.Nonce(st.Nonce), oauth2.S256ChallengeOption(st.Verifier))
	return st, nil
}

// Finish exchanges the code (with the PKCE verifier) for tokens and verifies the ID token.
func (c *Client) Finish(ctx context.Context, p Provider, code, verifier, nonce string) (*Identity, error) {
	d, err := c.discover(ctx, p.Issuer)
	if err != nil {
		return nil, err
	}
	tok, err := c.config(d, p).Exchange(c.ctx(ctx), code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrExchange, err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, fmt.Errorf("%w: the token answer holds no id_token", ErrToken)
	}
	return c.verify(ctx, d, p, raw, nonce)
}

// Verify checks a raw ID token as Finish does; tests use it to present hand-made tokens.
func (c *Client) Verify(ctx context.Context, p Provider, rawIDToken, nonce string) (*Identity, error) {
	d, err := c.discover(ctx, p.Issuer)
	if err != nil {
		return nil, err
	}
	return c.verify(ctx, d, p, rawIDToken, nonce)
}

func (c *Client) verify(ctx context.Context, d *discovered, p Provider, raw, nonce string) (*Identity, error) {
	v := d.provider.VerifierContext(c.ctx(context.WithoutCancel(ctx)), &oidc.Config{ClientID: p.ClientID, Now: c.now})
	t, err := v.Verify(ctx, raw)
	if err != nil {
		var exp *oidc.TokenExpiredError
		if errors.As(err, &exp) {
			return nil, fmt.Errorf("%w: %v", ErrExpired, err)
		}
		return nil, fmt.Errorf("%w: %v", ErrToken, err)
	}
	if nonce == "" || subtle.ConstantTimeCompare([]byte(t.Nonce), []byte(nonce)) != 1 {
		return nil, ErrNonce
	}
	var claims struct {
		Email         string `json:"email"`
		EmailVerified *bool  `json:"email_verified"`
		Name          string `json:"name"`
		Preferred     string `json:"preferred_username"`
	}
	if err := t.Claims(&claims); err != nil {
		return nil, fmt.Errorf("%w: claims: %v", ErrToken, err)
	}
	id := &Identity{Issuer: t.Issuer, Subject: t.Subject, Email: strings.ToLower(strings.TrimSpace(claims.Email)),
		EmailVerified: claims.EmailVerified, Name: strings.TrimSpace(claims.Name)}
	if id.Subject == "" {
		return nil, fmt.Errorf("%w: no subject", ErrToken)
	}
	if id.Name == "" {
		id.Name = strings.TrimSpace(claims.Preferred)
	}
	return id, nil
}

// EndSessionURL is the provider's sign-out address (RP-initiated logout), or "" when the
// provider does not offer one or cannot be reached.
func (c *Client) EndSessionURL(ctx context.Context, p Provider, afterLogout string) string {
	d, err := c.discover(ctx, p.Issuer)
	if err != nil || d.endSession == "" {
		return ""
	}
	u, err := url.Parse(d.endSession)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return ""
	}
	q := u.Query()
	q.Set("client_id", p.ClientID)
	if afterLogout != "" {
		q.Set("post_logout_redirect_uri", afterLogout)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// random is 32 bytes from the system's CSPRNG, URL-safe.
func random() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("sso: no randomness: " + err.Error()) // crypto/rand never fails on supported systems
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// CheckIssuer tells why an issuer URL cannot be used, or "" when it can: https (plain http
// only on the loopback address, for tests and local providers), no query or fragment, and not
// one of Entra ID's shared endpoints, whose tokens name the tenant as issuer and so never pass
// the issuer check.
func CheckIssuer(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "issuer.url"
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "issuer.url"
	}
	switch u.Scheme {
	case "https":
	case "http":
		h := u.Hostname()
		if h != "127.0.0.1" && h != "localhost" && h != "::1" {
			return "issuer.https"
		}
	default:
		return "issuer.url"
	}
	if strings.EqualFold(u.Hostname(), "login.microsoftonline.com") {
		first := strings.ToLower(strings.Trim(strings.SplitN(strings.TrimPrefix(u.Path, "/"), "/", 2)[0], " "))
		if first == "" || first == "common" || first == "organizations" || first == "consumers" {
			return "issuer.entra_common"
		}
	}
	return ""
}
