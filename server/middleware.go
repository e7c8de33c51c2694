package server

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"kring/server/auth"
	"kring/server/store"
)

const (
	sessionCookie = "kring_session"
	preCookie     = "kring_pre" // binds the CSRF token of a visitor who has not signed in
	langCookie    = "kring_lang"
	csrfField     = "_csrf"
	csrfHeader    = "X-CSRF-Token"
	stateKey      = "kring.state"
)

// reqState is what the middleware learns about a request, read by handlers through st(c).
type reqState struct {
	user     *store.User
	sessHash []byte
	// sessMark is Server.sessionEnds as it was before the session was read (a room join
	// reads it again only if a session ended since).
	sessMark uint64
	lang     string
	csrf     string
}

func st(c *fiber.Ctx) *reqState {
	if v, ok := c.Locals(stateKey).(*reqState); ok {
		return v
	}
	rs := &reqState{lang: "nl"}
	c.Locals(stateKey, rs)
	return rs
}

// currentUser is the signed-in person, or nil.
func currentUser(c *fiber.Ctx) *store.User { return st(c).user }

// securityHeaders sets the headers every answer carries: a strict Content-Security-Policy (all
// CSS, JS and fonts from Kring itself), no framing, no sniffing.
func (s *Server) securityHeaders(c *fiber.Ctx) error {
	h := &c.Response().Header
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
	if s.cfg.SecureCookies {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	return c.Next()
}

// logRequests logs one line per request with slog and counts it for /metrics. Paths that carry
// a secret (invite and setup links) are logged without it.
func (s *Server) logRequests(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	status := c.Response().StatusCode()
	if err != nil {
		status = statusOf(err) // the error handler answers later, with this status
	}
	took := time.Since(start)
	route := c.Route().Path
	s.httpm.observe(c.Method(), route, status, took)
	path := redactPath(c.Path())
	var uid int64
	if u := currentUser(c); u != nil {
		uid = u.ID
	}
	s.log.Info("request", "method", c.Method(), "path", path, "status", status, "ms", float64(took.Microseconds())/1000, "user", uid)
	return err
}

// loadSession finds the signed-in person from the session cookie and picks the language.
func (s *Server) loadSession(c *fiber.Ctx) error {
	rs := st(c)
	if tok := c.Cookies(sessionCookie); tok != "" {
		h := auth.HashToken(tok)
		rs.sessMark = s.sessionEnds.Load() // before the read: see meetingSocket
		sess, u, err := s.store.SessionUser(c.UserContext(), h)
		switch {
		case err == nil:
			rs.user, rs.sessHash = u, h
			if s.store.Now().Sub(sess.LastSeen) > 5*time.Minute { // the store's clock, as LastSeen is
				if err := s.store.TouchSession(c.UserContext(), h, s.cfg.SessionTTL, s.cfg.SessionMaxAge); err != nil {
					return err
				}
			}
		case errors.Is(err, store.ErrNotFound):
			s.clearCookie(c, sessionCookie)
		default:
			return err
		}
	}
	rs.lang = s.pickLang(c)
	return c.Next()
}

// pickLang: the person's own setting, then the choice made with the switch (a cookie); a
// signed-in person without either gets Dutch, because Kring is a Dutch tool whose lessons are
// Dutch and many Dutch professionals run an English browser. Before sign-in the browser's
// Accept-Language decides, as design.md's contract (and its foundation check) asks.
func (s *Server) pickLang(c *fiber.Ctx) string {
	if l := c.Cookies(langCookie); s.msg.Supported(l) {
		if u := st(c).user; u == nil || !s.msg.Supported(u.Lang) {
			return l
		}
	}
	if u := st(c).user; u != nil {
		if s.msg.Supported(u.Lang) {
			return u.Lang
		}
		// Signed in: Kring works in Dutch with Dutch lessons; English is the person's choice
		// (the switch or their setting), never a guess from an English browser.
		return "nl"
	}
	// Before sign-in the browser's language is all there is to go on (the design's contract).
	return s.msg.Match(c.Get(fiber.HeaderAcceptLanguage))
}

// csrf gives every page a token tied to the session (or, before sign-in, to a random cookie)
// and refuses every state-changing request without the matching token or from another origin.
// The token is an HMAC of the binding, so nothing is stored per form and a restart keeps open
// forms valid.
func (s *Server) csrf(c *fiber.Ctx) error {
	rs := st(c)
	var binding string
	if rs.sessHash != nil {
		binding = "s:" + hex.EncodeToString(rs.sessHash)
	} else {
		pre := c.Cookies(preCookie)
		if len(pre) < 32 {
			pre = auth.NewToken()
			s.setCookie(c, preCookie, pre, 0)
		}
		binding = "p:" + pre
	}
	rs.csrf = s.csrfToken(binding)
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	if origin := c.Get(fiber.HeaderOrigin); origin != "" && origin != "null" && !s.sameOrigin(c, origin) {
		return fiber.NewError(fiber.StatusForbidden, "csrf: cross-origin request")
	}
	sent := c.FormValue(csrfField)
	if sent == "" {
		sent = c.Get(csrfHeader)
	}
	if subtle.ConstantTimeCompare([]byte(sent), []byte(rs.csrf)) != 1 {
		return fiber.NewError(fiber.StatusForbidden, "csrf: token missing or wrong")
	}
	return c.Next()
}

func (s *Server) csrfToken(binding string) string {
	m := hmac.New(sha256.New, s.csrfKey)
	m.Write([]byte(binding))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// sameOrigin accepts the configured public origin and the request's own Host header, the one
// the browser sent. X-Forwarded-Host is never consulted: whoever reaches Kring directly could
// write any host there and pass the check with any Origin.
func (s *Server) sameOrigin(c *fiber.Ctx, origin string) bool {
	if strings.EqualFold(origin, s.cfg.BaseURL) {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	return strings.EqualFold(u.Host, string(c.Request().Host()))
}

// noStore keeps pages and downloads out of every cache (the browser's back button on a shared
// computer, a proxy in between): a response to a signed-in person is always no-store, and any
// other response that did not choose a cache policy itself is too. Static files are served
// before this middleware and keep their own caching.
func (s *Server) noStore(c *fiber.Ctx) error {
	err := c.Next()
	h := &c.Response().Header
	if currentUser(c) != nil || len(h.Peek(fiber.HeaderCacheControl)) == 0 {
		h.Set(fiber.HeaderCacheControl, "no-store")
	}
	return err
}

// require lets a request through only when someone is signed in and the policy allows the
// action; anonymous visitors are sent to the login page, others get 403.
func (s *Server) require(a auth.Action) fiber.Handler {
	return func(c *fiber.Ctx) error {
		u := currentUser(c)
		if u == nil {
			if c.Method() == fiber.MethodGet {
				return c.Redirect("/login?next="+url.QueryEscape(c.OriginalURL()), fiber.StatusSeeOther)
			}
			return fiber.NewError(fiber.StatusUnauthorized)
		}
		if !s.policy.Allows(auth.Role(u.Role), a) {
			return fiber.NewError(fiber.StatusForbidden)
		}
		return c.Next()
	}
}

func (s *Server) setCookie(c *fiber.Ctx, name, value string, maxAge time.Duration) {
	ck := &fiber.Cookie{Name: name, Value: value, Path: "/", HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode, Secure: s.cfg.SecureCookies}
	if maxAge > 0 {
		ck.Expires = time.Now().Add(maxAge)
		ck.MaxAge = int(maxAge.Seconds())
	}
	c.Cookie(ck)
}

func (s *Server) clearCookie(c *fiber.Ctx, name string) {
	c.Cookie(&fiber.Cookie{Name: name, Value: "", Path: "/", HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
		Secure: s.cfg.SecureCookies, Expires: time.Unix(0, 0), MaxAge: -1})
}

// redactPath keeps secrets out of the logs: invite and setup links and certificate codes are
// logged without their token.
func redactPath(path string) string {
	for _, p := range []string{"/invite/", "/setup/", "/certificates/"} {
		if strings.HasPrefix(path, p) {
			return p + "…"
		}
	}
	return path
}
