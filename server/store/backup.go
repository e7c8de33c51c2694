package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/mattn/go-sqlite3"
)

// Backup writes a consistent copy of the live database to dest with SQLite's online backup
// API, while the server goes on: the copy is one snapshot (a read transaction, which in WAL
// mode never blocks the writers), so every commit acknowledged before Backup was called is
// in it. The copy is written beside dest, checked, synced and renamed into place, so dest is
// never a half-written file; it is a single self-contained file (no -wal beside it).
func (s *Store) Backup(ctx context.Context, dest string) (err error) {
	dest, err = filepath.Abs(dest)
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	tmp := dest + ".partial"
	_ = os.Remove(tmp)
	defer func() {
		if err != nil {
			_ = os.Remove(tmp)
		}
	}()
	if err := s.copyTo(ctx, tmp); err != nil {
		return err
	}
	if err := checkCopy(ctx, tmp); err != nil {
		return err
	}
	f, err := os.Open(tmp)
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	serr := f.Sync()
	f.Close()
	if serr != nil {
		return fmt.Errorf("store: backup: sync: %w", serr)
	}
	if err := os.Rename(tmp, dest); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

// copyTo runs the backup API from one pooled connection into a new file at path.
func (s *Store) copyTo(ctx context.Context, path string) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		src, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("store: backup: driver connection is %T", dc)
		}
		d, err := (&sqlite3.SQLiteDriver{}).Open("file:" + path)
		if err != nil {
			return fmt.Errorf("store: backup: open copy: %w", err)
		}
		dst := d.(*sqlite3.SQLiteConn)
		defer dst.Close()
		b, err := dst.Backup("main", src, "main")
		if err != nil {
			return fmt.Errorf("store: backup: start: %w", err)
		}
		// -1: every page in one step, so the copy is one snapshot of the source.
		done, err := b.Step(-1)
		ferr := b.Finish()
		if err != nil {
			return fmt.Errorf("store: backup: copy: %w", err)
		}
		if ferr != nil {
			return fmt.Errorf("store: backup: finish: %w", ferr)
		}
		if !done {
			return errors.New("store: backup: copy incomplete")
		}
		if _, err := dst.Exec("PRAGMA journal_mode=DELETE", nil); err != nil {
			return fmt.Errorf("store: backup: journal mode of copy: %w", err)
		}
		return nil
	})
}

// checkCopy opens the copy on its own and runs SQLite's integrity check on it.
func checkCopy(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		return fmt.Errorf("store: backup: check: %w", err)
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("store: backup: check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("store: backup: copy fails the integrity check: %s", res)
	}
	return nil
}
