// Command kring runs the Kring web platform. `kring` serves; `kring content check` validates
// the learning content; `kring admin create` makes a municipality administrator from the
// command line; `kring backup -to FILE` copies the live database; `kring demo` fills a fresh
// database with a realistic-size history.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"kring/content"
	"kring/modules"
	"kring/server"
	"kring/server/auth"
	"kring/server/demo"
	"kring/server/i18n"
	"kring/server/loadtest"
	"kring/server/room"
	"kring/server/store"
	"kring/static"
	"kring/views"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "kring:", err)
		os.Exit(1)
	}
}

// options are the flags, each with an environment fallback.
type options struct {
	addr, data, baseURL, assets                string
	demo, forceDemo, secure                    bool
	themeCSS, themeClass, brandName, brandLogo string
	proxyHeader, metricsToken, timezone        string
	trustedProxies                             string
	certIssuer, certSignatory                  string
	sessionMaxAge                              time.Duration
	retentionBoards, retentionInvites          time.Duration
	retentionAudit                             time.Duration
	privacyContact                             string
	smtpAddr, smtpFrom, smtpUser, smtpPassword string
	loadtestLiftCardLimit                      bool
	cpuProfile, loadtestRuntimeStats           string
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
}

func envBool(key string) bool {
	v := strings.ToLower(os.Getenv(key))
	return v == "1" || v == "true" || v == "yes"
}

// envDuration reads a duration such as 168h from the environment; a bad value falls back to
// def here and is reported by the flag's own parsing when given as a flag.
func envDuration(key string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(key)); err == nil && d > 0 {
		return d
	}
	return def
}

func parseFlags(name string, args []string, stderr io.Writer) (*options, *flag.FlagSet, error) {
	o := &options{}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.addr, "addr", env("KRING_ADDR", "127.0.0.1:8080"), "address to listen on (KRING_ADDR)")
	fs.StringVar(&o.data, "data", env("KRING_DATA", "./data"), "folder for the database (KRING_DATA)")
	fs.StringVar(&o.baseURL, "base-url", env("KRING_BASE_URL", ""), "public origin, e.g. https://kring.example.nl (KRING_BASE_URL); default http://ADDR")
	fs.BoolVar(&o.demo, "demo", envBool("KRING_DEMO"), "fill an empty database with the demo data set and print the demo logins (KRING_DEMO)")
	fs.BoolVar(&o.forceDemo, "force-demo", false, "allow -demo on an address other than loopback")
	fs.BoolVar(&o.secure, "secure-cookies", envBool("KRING_SECURE_COOKIES"), "behind TLS: Secure cookies and HSTS (KRING_SECURE_COOKIES)")
	fs.StringVar(&o.assets, "assets", env("KRING_ASSETS", ""), "serve views/, static/ and content/ from this project folder instead of the binary, for editing (KRING_ASSETS)")
	fs.StringVar(&o.themeCSS, "theme-css", env("KRING_THEME_CSS", ""), "a NL Design System theme CSS file (KRING_THEME_CSS)")
	fs.StringVar(&o.themeClass, "theme-class", env("KRING_THEME_CLASS", ""), "the theme's class name, e.g. voorbeeld-theme (KRING_THEME_CLASS)")
	fs.StringVar(&o.brandName, "brand-name", env("KRING_BRAND_NAME", ""), "name in the header, e.g. Gemeente Voorbeeld (KRING_BRAND_NAME)")
	fs.StringVar(&o.brandLogo, "brand-logo", env("KRING_BRAND_LOGO", ""), "logo image file for the header (KRING_BRAND_LOGO)")
	fs.StringVar(&o.timezone, "timezone", env("KRING_TIMEZONE", "Europe/Amsterdam"), "time zone for planning and showing meeting times (KRING_TIMEZONE)")
	fs.StringVar(&o.proxyHeader, "proxy-header", env("KRING_PROXY_HEADER", ""), "header with the client address behind a reverse proxy, e.g. X-Forwarded-For (KRING_PROXY_HEADER)")
	fs.StringVar(&o.trustedProxies, "trusted-proxies", env("KRING_TRUSTED_PROXIES", ""), "addresses or CIDR ranges of the reverse proxies whose -proxy-header is believed, e.g. 127.0.0.1,10.0.0.0/8 (KRING_TRUSTED_PROXIES)")
	fs.DurationVar(&o.sessionMaxAge, "session-max-age", envDuration("KRING_SESSION_MAX_AGE", 7*24*time.Hour), "a session ends this long after sign-in, however busy (KRING_SESSION_MAX_AGE)")
	def := server.DefaultRetention()
	fs.DurationVar(&o.retentionBoards, "retention-boards", envDuration("KRING_RETENTION_BOARDS", def.Boards), "boards of closed meetings are reduced to their report after this long, e.g. 17280h for 24 months (KRING_RETENTION_BOARDS)")
	fs.DurationVar(&o.retentionInvites, "retention-invites", envDuration("KRING_RETENTION_INVITES", def.Invites), "expired invitations and their e-mail addresses are deleted this long after expiry (KRING_RETENTION_INVITES)")
	fs.DurationVar(&o.retentionAudit, "retention-audit", envDuration("KRING_RETENTION_AUDIT", def.Audit), "audit log entries are deleted after this long (KRING_RETENTION_AUDIT)")
	fs.StringVar(&o.privacyContact, "privacy-contact", env("KRING_PRIVACY_CONTACT", ""), "who people contact about their data and accessibility, e.g. privacy@gemeente.nl, shown on /privacy and /toegankelijkheid (KRING_PRIVACY_CONTACT)")
	fs.StringVar(&o.certIssuer, "cert-issuer", env("KRING_CERT_ISSUER", ""), "who issues certificates and portfolios, e.g. Gemeente Vijfheerenlanden; default the brand name (KRING_CERT_ISSUER)")
	fs.StringVar(&o.certSignatory, "cert-signatory", env("KRING_CERT_SIGNATORY", ""), "the person responsible for certificates, with their function (KRING_CERT_SIGNATORY)")
	fs.StringVar(&o.metricsToken, "metrics-token", env("KRING_METRICS_TOKEN", ""), "bearer token for Prometheus scrapers of /metrics (KRING_METRICS_TOKEN)")
	fs.StringVar(&o.smtpAddr, "smtp-addr", env("KRING_SMTP_ADDR", ""), "SMTP server host:port for invitation e-mails (KRING_SMTP_ADDR)")
	fs.StringVar(&o.smtpFrom, "smtp-from", env("KRING_SMTP_FROM", ""), "sender address of invitation e-mails (KRING_SMTP_FROM)")
	fs.StringVar(&o.smtpUser, "smtp-user", env("KRING_SMTP_USER", ""), "SMTP user name (KRING_SMTP_USER)")
	fs.StringVar(&o.smtpPassword, "smtp-password", env("KRING_SMTP_PASSWORD", ""), "SMTP password (KRING_SMTP_PASSWORD)")
	fs.BoolVar(&o.loadtestLiftCardLimit, "loadtest-lift-card-limit", false, "for `kring loadtest` only: lift the rooms' per-person card limit (loopback addresses only)")
	fs.StringVar(&o.loadtestRuntimeStats, "loadtest-runtime-stats", "", "for `kring loadtest` only: write the Go runtime's memory figures to this file on SIGUSR1 (loopback addresses only)")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the whole run to this file when the server stops (`kring loadtest -profile`)")
	err := fs.Parse(args)
	return o, fs, err
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) >= 2 && args[0] == "content" && args[1] == "check" {
		return contentCheck(args[2:], stdout)
	}
	if len(args) >= 2 && args[0] == "admin" && args[1] == "create" {
		return adminCreate(args[2:], os.Stdin, stdout, stderr)
	}
	if len(args) >= 1 && args[0] == "backup" {
		return backup(args[1:], stdout, stderr)
	}
	if len(args) >= 1 && args[0] == "demo" {
		return demoGenerate(args[1:], stdout, stderr)
	}
	if len(args) >= 1 && args[0] == "loadtest" {
		return loadTest(args[1:], stdout, stderr)
	}
	if len(args) >= 1 && args[0] == "loadtest-reference" {
		return loadTestReference(args[1:], stderr)
	}
	if len(args) >= 1 && !strings.HasPrefix(args[0], "-") {
		return fmt.Errorf("unknown command %q (commands: content check, admin create, backup, demo, loadtest)", args[0])
	}
	o, _, err := parseFlags("kring", args, stderr)
	if err != nil {
		return err
	}
	return serve(o, stdout)
}

// assetFS picks the embedded assets or, with -assets, the files on disk.
func assetFS(o *options) (viewsFS, staticFS, contentFS fs.FS) {
	if o.assets == "" {
		return views.FS, static.FS, content.FS
	}
	return os.DirFS(filepath.Join(o.assets, "views")), os.DirFS(filepath.Join(o.assets, "static")), os.DirFS(filepath.Join(o.assets, "content"))
}

func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func serve(o *options, stdout io.Writer) error {
	started := time.Now()
	logger := slog.New(slog.NewTextHandler(stdout, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if o.demo && !isLoopback(o.addr) && !o.forceDemo {
		return fmt.Errorf("refusing -demo on %s: demo accounts have a public password; use a loopback address or add -force-demo", o.addr)
	}
	trusted, err := server.ParseTrustedProxies(o.trustedProxies)
	if err != nil {
		return fmt.Errorf("-trusted-proxies: %w", err)
	}
	if o.proxyHeader != "" && len(trusted) == 0 {
		logger.Warn("-proxy-header is ignored until -trusted-proxies names the proxy: limits and logs use the connection's address", "header", o.proxyHeader)
	}
	if o.loadtestLiftCardLimit && !isLoopback(o.addr) {
		return fmt.Errorf("refusing -loadtest-lift-card-limit on %s: it is for load tests on loopback only", o.addr)
	}
	if o.loadtestRuntimeStats != "" && !isLoopback(o.addr) {
		return fmt.Errorf("refusing -loadtest-runtime-stats on %s: it is for load tests on loopback only", o.addr)
	}
	if o.sessionMaxAge <= 0 {
		return fmt.Errorf("-session-max-age %v: give a positive duration such as 168h", o.sessionMaxAge)
	}
	for name, d := range map[string]time.Duration{"-retention-boards": o.retentionBoards, "-retention-invites": o.retentionInvites, "-retention-audit": o.retentionAudit} {
		if d <= 0 {
			return fmt.Errorf("%s %v: give a positive duration such as 720h", name, d)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if o.loadtestRuntimeStats != "" {
		loadtest.ServeRuntimeStats(ctx, o.loadtestRuntimeStats)
	}
	if o.cpuProfile != "" {
		stopProfile, err := startCPUProfile(o.cpuProfile)
		if err != nil {
			return err
		}
		defer stopProfile()
	}

	loc, err := time.LoadLocation(o.timezone)
	if err != nil {
		return fmt.Errorf("-timezone %q: %w", o.timezone, err)
	}
	viewsFS, staticFS, contentFS := assetFS(o)
	catalog, err := modules.Load(contentFS)
	if err != nil {
		return fmt.Errorf("content is not valid (run `kring content check`):\n%w", err)
	}
	st, err := store.Open(ctx, filepath.Join(o.data, "kring.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	msgs, err := i18n.New()
	if err != nil {
		return err
	}
	hasher := auth.NewHasher()
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))

	base := o.baseURL
	if base == "" {
		base = "http://" + o.addr
	}
	roomCfg := room.Config{CheckOrigin: server.OriginChecker(base), Location: loc}
	if o.loadtestLiftCardLimit {
		roomCfg.CardsPerMinute = liftedCardsPerMinute
	}
	rooms := room.NewRegistry(roomCfg, st,
		server.NewMeetingDirectory(st, catalog), logger, reg)
	cfg := server.Config{
		Addr: o.addr, BaseURL: o.baseURL, Location: loc, SecureCookies: o.secure, ProxyHeader: o.proxyHeader, MetricsToken: o.metricsToken,
		TrustedProxies: trusted, SessionMaxAge: o.sessionMaxAge, CertIssuer: o.certIssuer, CertSignatory: o.certSignatory,
		PrivacyContact: o.privacyContact,
		Retention:      server.Retention{Boards: o.retentionBoards, Invites: o.retentionInvites, Audit: o.retentionAudit},
		Theme:          server.Theme{CSSPath: o.themeCSS, Class: o.themeClass, BrandName: o.brandName, BrandLogo: o.brandLogo},
	}
	deps := server.Deps{Store: st, Policy: auth.DefaultPolicy(), Hasher: hasher, Messages: msgs, Logger: logger, Metrics: reg,
		Views: viewsFS, Static: staticFS, Catalog: catalog, Rooms: rooms}
	if o.smtpAddr != "" {
		deps.Mailer = server.SMTPMailer{Addr: o.smtpAddr, From: o.smtpFrom, User: o.smtpUser, Password: o.smtpPassword}
	}
	srv, err := server.New(cfg, deps)
	if err != nil {
		return err
	}
	if o.demo {
		seeded, err := demo.Seed(ctx, st, hasher, loc)
		if err != nil {
			return err
		}
		printDemo(stdout, base, seeded)
	} else if err := firstRunLink(ctx, st, logger, base); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", o.addr, err)
	}
	logger.Info("kring is serving", "url", base, "startup_ms", time.Since(started).Milliseconds(), "modules", len(catalog.Modules), "questions", len(catalog.Questions))
	errc := make(chan error, 1)
	go func() { errc <- srv.App().Listener(ln) }()
	go sweepSessions(ctx, st, logger)
	// The mail scheduler (invitations, cancellations, reminders) stops with ctx; shutdown
	// waits for it, so it never writes to a closed store.
	schedDone := make(chan struct{})
	go func() { defer close(schedDone); srv.Scheduler().Run(ctx) }()
	go srv.RunRetention(ctx, 24*time.Hour)          // privacy: old boards, expired invites, old audit entries
	go srv.CloseExpiredSockets(ctx, 15*time.Second) // a room connection outlives no session by more than this
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	select {
	case <-schedDone:
	case <-sctx.Done():
	}
	// Rooms first: they flush their last events to the store, which closes after them.
	return errors.Join(rooms.Shutdown(sctx), srv.Shutdown(sctx))
}

func printDemo(w io.Writer, base string, seeded bool) {
	if seeded {
		fmt.Fprintln(w, "Demo data set created.")
	} else {
		fmt.Fprintln(w, "Demo data set kept from the last run (make reset-demo starts over).")
	}
	fmt.Fprintf(w, "\nKring runs on %s\nDemo logins (password for all: %s):\n", base, demo.Password)
	roles := map[auth.Role]string{auth.MuniAdmin: "municipality administrator", auth.OrgAdmin: "coordinator (organisation admin)",
		auth.Coach: "coach of the demo group", auth.Trainee: "trainee in the demo group"}
	for _, a := range demo.Accounts() {
		who := roles[a.Role]
		if a.Org != "" {
			who += ", " + a.Org
		}
		fmt.Fprintf(w, "  %-28s %s\n", a.Email, who)
	}
	fmt.Fprintln(w)
}

// firstRunLink prints a one-time setup link when nobody exists yet.
func firstRunLink(ctx context.Context, st *store.Store, logger *slog.Logger, base string) error {
	n, err := st.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	tok := auth.NewToken()
	if err := st.CreateSetupToken(ctx, auth.HashToken(tok), 24*time.Hour); err != nil {
		return err
	}
	logger.Warn("no administrator yet: open the one-time setup link within 24 hours (or run `kring admin create`)", "link", base+"/setup/"+tok)
	return nil
}

func sweepSessions(ctx context.Context, st *store.Store, logger *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := st.DeleteExpiredSessions(ctx); err != nil {
				logger.Warn("session sweep failed", "err", err)
			} else if n > 0 {
				logger.Info("expired sessions removed", "count", n)
			}
		}
	}
}

// contentCheck validates content and prints file:line problems; exit status 1 when any.
func contentCheck(args []string, stdout io.Writer) error {
	var fsys fs.FS = content.FS
	root := "content/"
	if len(args) > 0 {
		fsys, root = os.DirFS(args[0]), strings.TrimRight(args[0], "/")+"/"
	}
	probs := modules.Check(fsys)
	for _, p := range probs {
		fmt.Fprintln(stdout, root+p.String())
	}
	// Warnings (guessable check questions) are printed but do not fail the check: start-up
	// accepts them too. The content test in modules/ holds the shipped content to zero.
	if errs := probs.Errors(); len(errs) > 0 {
		return fmt.Errorf("%d problem(s) in content", len(errs))
	}
	cat, err := modules.Load(fsys)
	if err != nil {
		return err
	}
	warnings := ""
	if len(probs) > 0 {
		warnings = fmt.Sprintf(" (%d warnings)", len(probs))
	}
	fmt.Fprintf(stdout, "content ok: %d modules, %d questions, %d methods%s\n", len(cat.Modules), len(cat.Questions), len(cat.Methods), warnings)
	return nil
}

// adminCreate makes a municipality administrator; the password comes from KRING_ADMIN_PASSWORD
// or the first line of standard input, never from a flag (which would end up in shell history).
func adminCreate(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("kring admin create", flag.ContinueOnError)
	fl.SetOutput(stderr)
	data := fl.String("data", env("KRING_DATA", "./data"), "folder for the database (KRING_DATA)")
	email := fl.String("email", "", "e-mail address of the administrator")
	name := fl.String("name", "", "name of the administrator")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *email == "" || *name == "" {
		return errors.New("admin create needs -email and -name; the password is read from KRING_ADMIN_PASSWORD or standard input")
	}
	pw := os.Getenv("KRING_ADMIN_PASSWORD")
	if pw == "" {
		fmt.Fprint(stderr, "Password: ")
		buf := make([]byte, 512)
		n, _ := stdin.Read(buf)
		pw = strings.TrimRight(string(buf[:n]), "\r\n")
	}
	if err := auth.CheckPasswordRules(pw); err != nil {
		return err
	}
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(*data, "kring.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	hash, err := auth.NewHasher().Hash(pw)
	if err != nil {
		return err
	}
	id, err := st.CreateUser(ctx, store.NewUser{Email: *email, Name: *name, PasswordHash: hash, Role: string(auth.MuniAdmin)})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "administrator %s created (id %d)\n", *email, id)
	return nil
}

// backup copies the live database to -to with SQLite's online backup API; the server may go
// on running meanwhile. See docs/operations.md for restoring and continuous replication.
func backup(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("kring backup", flag.ContinueOnError)
	fl.SetOutput(stderr)
	data := fl.String("data", env("KRING_DATA", "./data"), "folder for the database (KRING_DATA)")
	to := fl.String("to", "", "file to write the copy to (replaced when it exists)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *to == "" {
		return errors.New("backup needs -to FILE")
	}
	src := filepath.Join(*data, "kring.db")
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("no database to back up: %w", err)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, src, store.WithoutMigrate())
	if err != nil {
		return err
	}
	defer st.Close()
	started := time.Now()
	if err := st.Backup(ctx, *to); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup of %s written to %s in %d ms\n", src, *to, time.Since(started).Milliseconds())
	return nil
}

// demoGenerate fills a fresh database with a generated municipality of realistic size (two
// years of history), for trying the dashboards and measuring them. It refuses a database that
// has anyone in it.
func demoGenerate(args []string, stdout, stderr io.Writer) error {
	def := demo.DefaultSize()
	fl := flag.NewFlagSet("kring demo", flag.ContinueOnError)
	fl.SetOutput(stderr)
	data := fl.String("data", env("KRING_DATA", "./data"), "folder for the database (KRING_DATA); must be new or empty")
	size := def
	fl.IntVar(&size.Orgs, "orgs", def.Orgs, "number of organisations")
	fl.IntVar(&size.People, "people", def.People, "number of people (municipality admin, coordinators, coaches and trainees)")
	fl.IntVar(&size.Groups, "groups", def.Groups, "number of intervision groups")
	fl.IntVar(&size.Meetings, "meetings", def.Meetings, "number of closed meetings with cards and themes")
	fl.IntVar(&size.Years, "years", def.Years, "years of history")
	fl.Uint64Var(&size.Seed, "seed", def.Seed, "seed: the same seed and size give the same data set")
	if err := fl.Parse(args); err != nil {
		return err
	}
	started := time.Now()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(*data, "kring.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	hash, err := auth.NewHasher().Hash(demo.Password)
	if err != nil {
		return err
	}
	size.PasswordHash = hash
	out, err := demo.Generate(ctx, st, size)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "demo data set written to %s in %s: %d organisations, %d people, %d groups, %d closed meetings (%d events, %d themed cards), %d planned meetings, %d certificates\n",
		*data, time.Since(started).Round(time.Millisecond), out.Orgs, out.People, out.Groups, out.ClosedMeetings, out.Events, out.ThemedCards, out.PlannedMeetings, out.Certificates)
	fmt.Fprintf(stdout, "sign in as gemeente@kring.example, coordinator@kring.example or coach@kring.example with the password %s\n", demo.Password)
	return nil
}
