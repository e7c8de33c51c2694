// Package server is Kring's web program: it builds the Fiber app from a configuration and its
// dependencies, registers every route in one place (routes.go) and keeps one handler per file.
// Handlers return errors; one error handler turns them into pages. Handlers talk to the store,
// the room registry and the module catalogue, never the other way round.
package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/valyala/fasthttp"

	"kring/modules"
	"kring/server/auth"
	"kring/server/credential"
	"kring/server/i18n"
	"kring/server/room"
	"kring/server/sso"
	"kring/server/store"
	"kring/server/view"
)

// Theme is how Kring looks: its own design tokens, or a municipality's NL Design System theme
// dropped in by flag, with the municipality's name and logo in the header.
type Theme struct {
	CSSPath   string // a theme CSS file on disk; empty for Kring's own
	Class     string // the theme's class on <html>; "kring-theme" by default
	BrandName string // shown in the header; "Kring" by default
	BrandLogo string // path of a logo image on disk; empty for none
}

// Config is everything an operator can set, from flags or the environment.
type Config struct {
	Addr          string
	BaseURL       string // public origin, e.g. https://kring.gemeente.nl; derived from Addr when empty
	SecureCookies bool   // set behind TLS: cookies get the Secure flag and HSTS is sent
	ProxyHeader   string // header with the client address behind a reverse proxy, e.g. X-Forwarded-For
	// TrustedProxies are the reverse proxies whose ProxyHeader is believed; from any other
	// peer the header is ignored, so a client cannot choose the address its limits count.
	TrustedProxies []netip.Prefix
	MetricsToken   string // bearer token that lets a Prometheus scraper read /metrics
	Theme          Theme
	Location       *time.Location // time zone for planning and showing times [Europe/Amsterdam]
	SessionTTL     time.Duration  // idle timeout: a session unused this long ends [12 h]
	// SessionMaxAge ends a session this long after sign-in however busy it is, so a stolen
	// session cookie does not work forever [7 days].
	SessionMaxAge time.Duration
	// CertIssuer is who issues certificates and portfolios (the deploying municipality or
	// organisation); the brand name by default.
	CertIssuer string
	// CertSignatory is the person responsible for the certificates, with their function.
	CertSignatory string
	InviteTTL     time.Duration
	// Retention is how long personal data is kept before the daily job removes it; shown to
	// admins and on the privacy statement.
	Retention Retention
	// PrivacyContact is who people write to about their data (the municipality's privacy
	// officer or a mailbox), shown on the privacy and accessibility statements; "" says not set.
	PrivacyContact string
}

// Retention holds the periods after which the daily retention job removes data.
type Retention struct {
	Boards  time.Duration // room boards of closed meetings, reduced to the report [24 months]
	Invites time.Duration // expired invites with their e-mail address [30 days]
	Audit   time.Duration // audit log entries [24 months]
}

// month is the length the retention settings count in: 30 days.
const month = 30 * 24 * time.Hour

// DefaultRetention is used for a period left at zero.
func DefaultRetention() Retention {
	return Retention{Boards: 24 * month, Invites: 30 * 24 * time.Hour, Audit: 24 * month}
}

// Deps are the long-lived parts the server is built from, made by main (or a test).
type Deps struct {
	Store    *store.Store
	Policy   *auth.Policy
	Hasher   *auth.Hasher
	Messages *i18n.Catalog
	Logger   *slog.Logger
	Metrics  *prometheus.Registry
	Views    fs.FS // templates: layouts/, partials/, pages/
	Static   fs.FS // css/, js/, img/, vendor/
	Mailer   Mailer
	Catalog  *modules.Catalog // learning modules, question bank and intervision methods
	Rooms    Rooms            // live intervision rooms (a *room.Registry)
	SSO      *sso.Client      // sign-in with the employer's account; nil builds one for BaseURL
}

// Rooms is what the server needs of the live-room registry: connect a person to a meeting's
// room, disconnect someone taken out of a group, and close the connections of a session or a
// person whose sign-in ended. An interface, so tests can stand in.
type Rooms interface {
	Serve(w http.ResponseWriter, req *http.Request, meetingID int64, p room.Participant) error
	// Admit checks a participant before the websocket upgrade, which then happens on the
	// connection fasthttp hands over (ws_hijack.go).
	Admit(ctx context.Context, meetingID int64, p room.Participant) (*room.Admission, error)
	// Mark and AdmitChecked spare the room its own membership look-up when the handler has
	// just checked it; Mark is taken before that check, so a removal after it is still caught.
	Mark() room.Mark
	AdmitChecked(ctx context.Context, meetingID int64, p room.Participant, since room.Mark) (*room.Admission, error)
	Kick(meetingID, userID int64)
	CloseSession(session, reason string) int
	CloseUser(userID int64, reason string) int
	Sessions() []string
}

// Server is the running web program.
type Server struct {
	cfg        Config
	app        *fiber.App
	store      *store.Store
	policy     *auth.Policy
	hasher     *auth.Hasher
	msg        *i18n.Catalog
	log        *slog.Logger
	metrics    *prometheus.Registry
	httpm      *httpMetrics
	mailer     Mailer
	csrfKey    []byte
	loginIP    *auth.Limiter
	loginUser  *auth.Limiter
	themeCSS   []byte
	brandLogo  []byte
	logoType   string
	staticFS   fs.FS
	catalog    *modules.Catalog
	rooms      Rooms
	sso        *sso.Client
	ssoStarts  *auth.Limiter
	sched      *Scheduler // the mail outbox and reminders (mail_scheduler.go)
	onShutdown []func(context.Context) error
	// credentials signs certificates as Open Badges 3.0 credentials with the key kept in the
	// settings table (see docs/security.md).
	credentials *credential.Signer
	ready       readiness // the last /readyz heartbeat
	// lessonMeta keeps each lesson's "lesson n of m · reading load" line per language
	// (lesson_meta.go): the same for every reader, and translated with arguments.
	lessonMeta sync.Map
	// pageTexts keeps, per language, the texts the pages written in Go print (page_texts.go).
	pageTexts sync.Map
	// sessionEnds counts the closings of room connections because a session ended
	// (closeSessionSockets, closeUserSockets); a room join compares it with the mark its
	// request took before loading the session, and reads the session again only when it moved
	// (meeting_ws.go explains the order).
	sessionEnds atomic.Uint64
	// sessionRechecks counts those second reads, so a test can tell a join read its session once.
	sessionRechecks atomic.Uint64
}

// New builds the Fiber app with every route registered.
func New(cfg Config, d Deps) (*Server, error) {
	if d.Store == nil || d.Policy == nil || d.Hasher == nil || d.Messages == nil || d.Views == nil || d.Static == nil || d.Catalog == nil {
		return nil, errors.New("server: missing dependency")
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Metrics == nil {
		d.Metrics = prometheus.NewRegistry()
	}
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.SessionMaxAge == 0 {
		cfg.SessionMaxAge = 7 * 24 * time.Hour
	}
	cfg.SessionTTL = min(cfg.SessionTTL, cfg.SessionMaxAge)
	if cfg.InviteTTL == 0 {
		cfg.InviteTTL = 14 * 24 * time.Hour
	}
	def := DefaultRetention()
	if cfg.Retention.Boards <= 0 {
		cfg.Retention.Boards = def.Boards
	}
	if cfg.Retention.Invites <= 0 {
		cfg.Retention.Invites = def.Invites
	}
	if cfg.Retention.Audit <= 0 {
		cfg.Retention.Audit = def.Audit
	}
	if cfg.Location == nil {
		cfg.Location = room.DefaultLocation()
	}
	if cfg.Theme.Class == "" {
		cfg.Theme.Class = "kring-theme"
	}
	if cfg.Theme.BrandName == "" {
		cfg.Theme.BrandName = "Kring"
	}
	if cfg.CertIssuer == "" {
		cfg.CertIssuer = cfg.Theme.BrandName
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://" + cfg.Addr
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	s := &Server{
		cfg: cfg, store: d.Store, policy: d.Policy, hasher: d.Hasher, msg: d.Messages, log: d.Logger,
		metrics: d.Metrics, mailer: d.Mailer, staticFS: d.Static, catalog: d.Catalog, rooms: d.Rooms,
		loginIP:   auth.NewLimiter(50, 5*time.Second),
		loginUser: auth.NewLimiter(5, time.Minute),
		ssoStarts: auth.NewLimiter(30, 2*time.Second),
		sso:       d.SSO,
	}
	if s.sso == nil {
		s.sso = sso.New(cfg.BaseURL+"/login/oidc/callback", nil, d.Store.Now)
	}
	if s.mailer == nil {
		s.mailer = noMailer{}
	}
	s.sched = newScheduler(s)
	key, err := d.Store.Secret(context.Background(), "csrf-key", func() []byte { return []byte(auth.NewToken()) })
	if err != nil {
		return nil, fmt.Errorf("server: csrf key: %w", err)
	}
	s.csrfKey = key
	seed, err := d.Store.Secret(context.Background(), credentialKeySetting, newCredentialSeed)
	if err != nil {
		return nil, fmt.Errorf("server: credential key: %w", err)
	}
	if s.credentials, err = credential.NewSigner(seed); err != nil {
		return nil, err
	}
	if cfg.Theme.CSSPath != "" {
		if s.themeCSS, err = os.ReadFile(cfg.Theme.CSSPath); err != nil {
			return nil, fmt.Errorf("server: theme css: %w", err)
		}
	}
	if cfg.Theme.BrandLogo != "" {
		if s.brandLogo, err = os.ReadFile(cfg.Theme.BrandLogo); err != nil {
			return nil, fmt.Errorf("server: brand logo: %w", err)
		}
		s.logoType = http.DetectContentType(s.brandLogo)
		if strings.HasSuffix(strings.ToLower(cfg.Theme.BrandLogo), ".svg") {
			s.logoType = "image/svg+xml"
		}
	}
	s.httpm = newHTTPMetrics(d.Metrics)
	registerHashMetrics(d.Metrics, d.Hasher)

	engine := view.New(d.Views, ".html", s.templateFuncs())
	engine.Translate(s.viewTranslator())
	if err := engine.Load(); err != nil {
		return nil, fmt.Errorf("server: load templates: %w", err)
	}
	s.app = fiber.New(fiber.Config{
		Views:                 engine,
		ErrorHandler:          s.handleError,
		DisableStartupMessage: true,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          60 * time.Second,
		IdleTimeout:           120 * time.Second,
		BodyLimit:             1 << 20,
		AppName:               "kring",
		// Fiber's zero-copy strings alias fasthttp buffers that are reused after the request;
		// values kept longer (limiter keys, a participant's language, log fields) must be
		// copies. Immutable makes every context value safe to keep.
		Immutable: true,
	})
	// The room's websockets take over their connections (ws_hijack.go): fasthttp must leave
	// them open when the hijack handler returns. Fiber's adaptor (/ws/ping) closes its own.
	s.app.Server().KeepHijackedConns = true
	s.routes()
	s.primeRender()
	return s, nil
}

// primeRender renders once before any request: Fiber (v2.52) fills its list of view prefixes
// on the first Render without a lock, so the first two pages rendered at once raced (the race
// detector caught it under the axe browser tests, which open pages in tabs side by side). Only
// that side effect matters here; the render's own result and error are of no use.
func (s *Server) primeRender() {
	c := s.app.AcquireCtx(&fasthttp.RequestCtx{})
	defer s.app.ReleaseCtx(c)
	_ = c.Render("pages/prime-render-none", nil)
}

// App is the Fiber app, for app.Test in tests and Listen in main.
func (s *Server) App() *fiber.App { return s.app }

// OnShutdown registers work to do when the server stops (closing live connections that Fiber's
// Shutdown does not know about).
func (s *Server) OnShutdown(fn func(context.Context) error) { s.onShutdown = append(s.onShutdown, fn) }

// Shutdown stops accepting requests, waits for running ones and runs the shutdown hooks.
func (s *Server) Shutdown(ctx context.Context) error {
	var errs []error
	for _, fn := range s.onShutdown {
		errs = append(errs, fn(ctx))
	}
	errs = append(errs, s.app.ShutdownWithContext(ctx))
	return errors.Join(errs...)
}
