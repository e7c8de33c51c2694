package store_test

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"kring/server/store"
	"kring/server/store/migrations"
)

// foundationClock is a clock the test moves.
type foundationClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *foundationClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *foundationClock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func foundationOpen(t *testing.T, path string, opts ...store.Option) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), path, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// latestMigration is the highest number among the embedded migration files.
func latestMigration(t *testing.T) int64 {
	t.Helper()
	names, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil || len(names) == 0 {
		t.Fatalf("migrations: %v %v", names, err)
	}
	var latest int64
	for _, n := range names {
		v, err := strconv.ParseInt(strings.SplitN(n, "_", 2)[0], 10, 64)
		if err != nil {
			t.Fatalf("migration %s has no number", n)
		}
		latest = max(latest, v)
	}
	return latest
}

func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func tables(t *testing.T, db *sql.DB) map[string]bool {
	t.Helper()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[n] = true
	}
	return out
}

func TestMigrateEmptyDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "folder", "kring.db") // the folder is created
	st := foundationOpen(t, path)
	v, err := st.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := latestMigration(t); v != want {
		t.Errorf("schema version %d, want %d (the newest migration)", v, want)
	}
	got := tables(t, rawDB(t, path))
	for _, want := range []string{"goose_db_version", "organisations", "users", "sessions", "invites", "settings",
		"setup_tokens", "groups", "group_members", "meetings"} {
		if !got[want] {
			t.Errorf("table %s missing after migrating an empty database", want)
		}
	}
	if err := st.Ping(ctx); err != nil {
		t.Error(err)
	}
	// An empty database has nobody.
	if n, err := st.CountUsers(ctx); err != nil || n != 0 {
		t.Errorf("CountUsers %d %v", n, err)
	}
}

func TestReopenKeepsDataAndIsNoOp(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kring.db")
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	org, err := st.CreateOrganisation(ctx, "Wijkteam Oost")
	if err != nil {
		t.Fatal(err)
	}
	id, err := st.CreateUser(ctx, store.NewUser{Email: "a@kring.example", Name: "A", PasswordHash: "x", Role: "trainee", OrgID: org})
	if err != nil {
		t.Fatal(err)
	}
	secret, err := st.Secret(ctx, "csrf-key", func() []byte { return []byte("first") })
	if err != nil {
		t.Fatal(err)
	}
	v1, _ := st.SchemaVersion(ctx)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	var rows1 int
	if err := rawDB(t, path).QueryRow(`SELECT COUNT(*) FROM goose_db_version`).Scan(&rows1); err != nil {
		t.Fatal(err)
	}

	st2 := foundationOpen(t, path)
	u, err := st2.UserByID(ctx, id)
	if err != nil || u.Email != "a@kring.example" || u.OrgName != "Wijkteam Oost" {
		t.Fatalf("user after re-open: %+v %v", u, err)
	}
	v2, _ := st2.SchemaVersion(ctx)
	if v1 != v2 {
		t.Errorf("schema version %d -> %d on re-open", v1, v2)
	}
	var rows2 int
	if err := rawDB(t, path).QueryRow(`SELECT COUNT(*) FROM goose_db_version`).Scan(&rows2); err != nil {
		t.Fatal(err)
	}
	if rows1 != rows2 {
		t.Errorf("re-open applied migrations again: %d -> %d version rows", rows1, rows2)
	}
	// The secret is the one stored, not a new one.
	again, err := st2.Secret(ctx, "csrf-key", func() []byte { return []byte("second") })
	if err != nil || string(again) != string(secret) || string(again) != "first" {
		t.Errorf("secret after re-open %q, want %q", again, secret)
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "kring.db")
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	db := rawDB(t, path)
	if _, err := db.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, 1)`, latestMigration(t)+1000); err != nil {
		t.Fatal(err)
	}
	db.Close()
	st2, err := store.Open(ctx, path)
	if err == nil {
		st2.Close()
		t.Fatal("Open accepted a database migrated by a newer program")
	}
	if !errors.Is(err, store.ErrSchemaNewer) {
		t.Errorf("error %v, want ErrSchemaNewer", err)
	}
}

func TestOpenRefusesGarbage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kring.db")
	if err := writeFile(path, []byte(strings.Repeat("not a database ", 200))); err != nil {
		t.Fatal(err)
	}
	if st, err := store.Open(context.Background(), path); err == nil {
		st.Close()
		t.Fatal("Open accepted a file that is not a database")
	}
}

func TestSecretConcurrentFirstUse(t *testing.T) {
	ctx := context.Background()
	st := foundationOpen(t, filepath.Join(t.TempDir(), "kring.db"))
	var wg sync.WaitGroup
	got := make([]string, 8)
	for i := range got {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			v, err := st.Secret(ctx, "k", func() []byte { return []byte("v" + strconv.Itoa(i)) })
			if err != nil {
				t.Error(err)
			}
			got[i] = string(v)
		}(i)
	}
	wg.Wait()
	for _, g := range got {
		if g != got[0] {
			t.Fatalf("concurrent first use gave different secrets: %v", got)
		}
	}
}

func TestSessionsExpire(t *testing.T) {
	ctx := context.Background()
	clk := &foundationClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	st := foundationOpen(t, filepath.Join(t.TempDir(), "kring.db"), store.WithClock(clk.Now))
	uid, err := st.CreateUser(ctx, store.NewUser{Email: "s@kring.example", Name: "S", PasswordHash: "x", Role: "coach"})
	if err != nil {
		t.Fatal(err)
	}
	h1, h2 := []byte("session-one-hash"), []byte("session-two-hash")
	if err := st.CreateSession(ctx, h1, uid, time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := st.CreateSession(ctx, h2, uid, 3*time.Hour); err != nil {
		t.Fatal(err)
	}
	sess, u, err := st.SessionUser(ctx, h1)
	if err != nil || u.ID != uid || !sess.ExpiresAt.Equal(clk.Now().Add(time.Hour)) {
		t.Fatalf("fresh session: %+v %+v %v", sess, u, err)
	}
	clk.advance(59 * time.Minute)
	if err := st.TouchSession(ctx, h1, time.Hour, 24*time.Hour); err != nil { // in use: slides on
		t.Fatal(err)
	}
	clk.advance(30 * time.Minute)
	if _, _, err := st.SessionUser(ctx, h1); err != nil {
		t.Fatalf("touched session expired early: %v", err)
	}
	clk.advance(31 * time.Minute)
	if _, _, err := st.SessionUser(ctx, h1); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("expired session: %v, want ErrNotFound", err)
	}
	if _, _, err := st.SessionUser(ctx, h2); err != nil {
		t.Fatalf("longer session expired early: %v", err)
	}
	n, err := st.DeleteExpiredSessions(ctx)
	if err != nil || n != 1 {
		t.Errorf("DeleteExpiredSessions removed %d (%v), want 1", n, err)
	}
	if err := st.DeleteSession(ctx, h2); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.SessionUser(ctx, h2); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted session: %v", err)
	}
	if _, _, err := st.SessionUser(ctx, []byte("never-made")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown session: %v", err)
	}
}

func TestSetupTokens(t *testing.T) {
	ctx := context.Background()
	clk := &foundationClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	st := foundationOpen(t, filepath.Join(t.TempDir(), "kring.db"), store.WithClock(clk.Now))
	tok := []byte("setup-token-hash")
	if err := st.CreateSetupToken(ctx, tok, time.Hour); err != nil {
		t.Fatal(err)
	}
	if ok, err := st.SetupTokenValid(ctx, tok); !ok || err != nil {
		t.Fatalf("fresh token valid=%v %v", ok, err)
	}
	if ok, _ := st.SetupTokenValid(ctx, []byte("other")); ok {
		t.Error("unknown token valid")
	}
	nu := store.NewUser{Email: "admin@kring.example", Name: "Admin", PasswordHash: "x", Role: "muni_admin"}
	id, err := st.CompleteSetup(ctx, tok, nu)
	if err != nil || id == 0 {
		t.Fatalf("CompleteSetup: %d %v", id, err)
	}
	if ok, _ := st.SetupTokenValid(ctx, tok); ok {
		t.Error("spent token still valid")
	}
	nu.Email = "second@kring.example"
	if _, err := st.CompleteSetup(ctx, tok, nu); !errors.Is(err, store.ErrSetupDone) {
		t.Errorf("second CompleteSetup: %v, want ErrSetupDone", err)
	}
	// A second token made later does not work either: someone exists.
	tok2 := []byte("setup-token-two")
	if err := st.CreateSetupToken(ctx, tok2, time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CompleteSetup(ctx, tok2, nu); !errors.Is(err, store.ErrSetupDone) {
		t.Errorf("setup with users present: %v, want ErrSetupDone", err)
	}
	if n, _ := st.CountUsers(ctx); n != 1 {
		t.Errorf("%d users, want 1", n)
	}

	// On a fresh database, an expired token is refused.
	st2 := foundationOpen(t, filepath.Join(t.TempDir(), "kring2.db"), store.WithClock(clk.Now))
	if err := st2.CreateSetupToken(ctx, tok, time.Hour); err != nil {
		t.Fatal(err)
	}
	clk.advance(time.Hour)
	if _, err := st2.CompleteSetup(ctx, tok, nu); !errors.Is(err, store.ErrSetupDone) {
		t.Errorf("expired setup token: %v, want ErrSetupDone", err)
	}
}

func writeFile(path string, b []byte) error { return os.WriteFile(path, b, 0o600) }
