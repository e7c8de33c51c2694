// Package store keeps every byte of Kring's state in one SQLite file. It is the only package
// that speaks SQL: handlers, the room hub and the tools call its methods, so the schema can
// change in one place and a test can open a real database in a temporary folder.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/mattn/go-sqlite3"

	"kring/server/store/migrations"
)

// ErrNotFound is returned when a looked-up row does not exist, so handlers can answer 404
// without knowing about sql.ErrNoRows.
var ErrNotFound = errors.New("not found")

// ErrConflict is returned when a unique value (an e-mail address, a name) is already taken,
// so a form can say so next to the field instead of failing with a 500.
var ErrConflict = errors.New("already exists")

// ErrSchemaNewer stops start-up when the database was migrated by a newer Kring: running old
// code on a newer schema could silently lose data.
var ErrSchemaNewer = errors.New("database schema is newer than this program")

// Store is the handle every other package gets. It is safe for concurrent use.
type Store struct {
	db        *sql.DB
	now       func() time.Time
	noMigrate bool
	stmts     statements   // the hot reads' prepared statements (prepared.go)
	sessions  sessionCache // SessionUser's answers (session_cache.go)
}

// Option changes how Open builds the store; tests use it to fix the clock.
type Option func(*Store)

// WithClock replaces time.Now, so tests can step through expiry and ordering without sleeping.
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// WithoutMigrate opens the database as it is: `kring backup` reads a live database and must
// not change its schema under the server that runs on it.
func WithoutMigrate() Option { return func(s *Store) { s.noMigrate = true } }

// Open opens (creating if needed) the database file at path and brings its schema up to date.
// WAL lets readers go on while one writer commits; _txlock=immediate takes the write lock at
// BEGIN so two writers never deadlock on upgrade; synchronous=FULL makes an acknowledged
// commit survive power loss, which the live rooms promise.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: create data folder: %w", err)
		}
	}
	q := url.Values{}
	q.Set("_txlock", "immediate")
	q.Set("_foreign_keys", "on")
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_busy_timeout", "10000")
	dsn := "file:" + path + "?" + q.Encode()
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(0)
	s := &Store{db: db, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: ping %s: %w", path, err)
	}
	if s.noMigrate {
		return s, nil
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// migrate applies the embedded numbered migrations and refuses a schema newer than them.
func (s *Store) migrate(ctx context.Context) error {
	p, err := goose.NewProvider(goose.DialectSQLite3, s.db, migrations.FS)
	if err != nil {
		return fmt.Errorf("store: load migrations: %w", err)
	}
	current, target, err := p.GetVersions(ctx)
	if err != nil {
		return fmt.Errorf("store: read schema version: %w", err)
	}
	if current > target {
		return fmt.Errorf("store: schema version %d, this program knows up to %d: %w", current, target, ErrSchemaNewer)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	return nil
}

// SchemaVersion reports the applied migration version, for the health page and tests.
func (s *Store) SchemaVersion(ctx context.Context) (int64, error) {
	p, err := goose.NewProvider(goose.DialectSQLite3, s.db, migrations.FS)
	if err != nil {
		return 0, fmt.Errorf("store: load migrations: %w", err)
	}
	v, err := p.GetDBVersion(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return v, nil
}

// Ping answers whether the database can run a query; /healthz reports it.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.db.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// Close checkpoints the WAL and closes the file. A store opened WithoutMigrate (a tool beside
// a running server) leaves checkpoints to the server and to Litestream.
func (s *Store) Close() error {
	_ = s.stmts.close()
	if !s.noMigrate {
		_, _ = s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// Now is the store's clock, exposed so code that must agree with stored times uses the same one.
func (s *Store) Now() time.Time { return s.now() }

// ms converts a time to the stored form: Unix milliseconds, UTC.
func ms(t time.Time) int64 { return t.UnixMilli() }

// fromMS converts a stored timestamp back; 0 means unset.
func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v)
}

// nullMS converts a nullable stored timestamp.
func nullMS(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMilli(v.Int64)
}

// nullTime stores an optional time: NULL for the zero time.
func nullTime(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: ms(t), Valid: true}
}

// inTx runs fn in one transaction and commits, or rolls back on error.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// isPrimaryKey reports whether err is a PRIMARY KEY constraint failure.
func isPrimaryKey(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey
}

// isUnique reports whether err is a UNIQUE or PRIMARY KEY constraint failure.
func isUnique(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey
	}
	return false
}
