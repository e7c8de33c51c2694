package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// User is a person who can sign in. Role is kept as a plain string here; package auth gives it
// meaning, so the store does not depend on the rules.
type User struct {
	ID           int64
	Email        string
	Name         string
	PasswordHash string
	Role         string
	OrgID        int64 // 0 when the person belongs to no organisation (a municipality admin)
	OrgName      string
	Lang         string // "", "nl" or "en"; "" follows the browser
	CreatedAt    time.Time
	Disabled     bool
}

// NewUser is what it takes to create a person.
type NewUser struct {
	Email        string
	Name         string
	PasswordHash string
	Role         string
	OrgID        int64
	Lang         string
}

const userCols = `u.id, u.email, u.name, u.password_hash, u.role, COALESCE(u.org_id, 0), COALESCE(o.name, ''), u.lang, u.created_at, u.disabled_at IS NOT NULL`

func scanUser(row interface{ Scan(...any) error }) (*User, error) {
	var u User
	var created int64
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &u.Role, &u.OrgID, &u.OrgName, &u.Lang, &created, &u.Disabled); err != nil {
		return nil, err
	}
	u.CreatedAt = fromMS(created)
	return &u, nil
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// CreateUser adds a person; ErrConflict when the e-mail address is taken.
func (s *Store) CreateUser(ctx context.Context, nu NewUser) (int64, error) {
	defer s.authChanged() // session_cache.go
	return createUser(ctx, s.db, nu, s.now())
}

type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func createUser(ctx context.Context, db execer, nu NewUser, now time.Time) (int64, error) {
	res, err := db.ExecContext(ctx,
		`INSERT INTO users (email, name, password_hash, role, org_id, lang, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		strings.TrimSpace(nu.Email), strings.TrimSpace(nu.Name), nu.PasswordHash, nu.Role, nullID(nu.OrgID), nu.Lang, ms(now))
	if err != nil {
		if isUnique(err) {
			return 0, fmt.Errorf("store: create user %s: %w", nu.Email, ErrConflict)
		}
		return 0, fmt.Errorf("store: create user: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("store: new id: %w", err)
	}
	return id, nil
}

// UserByEmail finds a person by address, case-insensitively.
func (s *Store) UserByEmail(ctx context.Context, email string) (*User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx,
		`SELECT `+userCols+` FROM users u LEFT JOIN organisations o ON o.id = u.org_id WHERE u.email = ?`, strings.TrimSpace(email)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: user %s: %w", email, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: user by email: %w", err)
	}
	return u, nil
}

// UserByID finds a person by id.
func (s *Store) UserByID(ctx context.Context, id int64) (*User, error) {
	u, err := scanUser(s.hot().QueryRowContext(ctx,
		`SELECT `+userCols+` FROM users u LEFT JOIN organisations o ON o.id = u.org_id WHERE u.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: user %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: user by id: %w", err)
	}
	return u, nil
}

// CountUsers tells first-run setup whether anyone exists yet.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count users: %w", err)
	}
	return n, nil
}

// UsersFilter narrows ListUsers; zero values mean "any".
type UsersFilter struct {
	OrgID int64
	Role  string
	// WithDisabled lists disabled people too (the staff page, where they are enabled again);
	// pickers leave them out.
	WithDisabled bool
}

// ListUsers lists people by name, for an organisation's staff page or a picker of members.
func (s *Store) ListUsers(ctx context.Context, f UsersFilter) ([]*User, error) {
	q := `SELECT ` + userCols + ` FROM users u LEFT JOIN organisations o ON o.id = u.org_id WHERE 1 = 1`
	if !f.WithDisabled {
		q += ` AND u.disabled_at IS NULL`
	}
	var args []any
	if f.OrgID != 0 {
		q += ` AND u.org_id = ?`
		args = append(args, f.OrgID)
	}
	if f.Role != "" {
		q += ` AND u.role = ?`
		args = append(args, f.Role)
	}
	q += ` ORDER BY u.name COLLATE NOCASE, u.id`
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	defer rows.Close()
	var out []*User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list users: %w", err)
		}
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read rows: %w", err)
	}
	return out, nil
}

// UpdateProfile changes a person's own name and language.
func (s *Store) UpdateProfile(ctx context.Context, id int64, name, lang string) error {
	defer s.authChanged() // session_cache.go
	if _, err := s.db.ExecContext(ctx, `UPDATE users SET name = ?, lang = ? WHERE id = ?`, strings.TrimSpace(name), lang, id); err != nil {
		return fmt.Errorf("store: update profile: %w", err)
	}
	return nil
}

// SetPassword stores a new password hash and ends every session of that person except keep
// (the session that made the change, already replaced by the caller), so a stolen session dies
// with the old password.
func (s *Store) SetPassword(ctx context.Context, id int64, hash string) error {
	defer s.authChanged() // session_cache.go
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, id); err != nil {
			return fmt.Errorf("store: set password: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
			return fmt.Errorf("store: end sessions: %w", err)
		}
		return nil
	})
}

// SetRole appoints a person (coach, organisation admin); a municipality admin does this.
func (s *Store) SetRole(ctx context.Context, id int64, role string) error {
	defer s.authChanged() // session_cache.go
	res, err := s.db.ExecContext(ctx, `UPDATE users SET role = ? WHERE id = ?`, role, id)
	if err != nil {
		return fmt.Errorf("store: set role: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: set role of %d: %w", id, ErrNotFound)
	}
	return nil
}

// SetJoined moves when a person joined (their account's creation time), for imports of staff
// who were there before Kring and for the demo data's history: coverage over time counts a
// person as staff from this moment.
func (s *Store) SetJoined(ctx context.Context, id int64, at time.Time) error {
	defer s.authChanged() // session_cache.go
	res, err := s.db.ExecContext(ctx, `UPDATE users SET created_at = ? WHERE id = ?`, ms(at), id)
	if err != nil {
		return fmt.Errorf("store: set joined of user %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("store: set joined of user %d: %w", id, ErrNotFound)
	}
	return nil
}

// SetDisabled disables a person (they can no longer sign in, and every session of theirs ends
// in the same transaction) or enables them again.
func (s *Store) SetDisabled(ctx context.Context, id int64, disabled bool) error {
	defer s.authChanged() // session_cache.go
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var at sql.NullInt64
		if disabled {
			at = sql.NullInt64{Int64: ms(s.now()), Valid: true}
		}
		res, err := tx.ExecContext(ctx, `UPDATE users SET disabled_at = ? WHERE id = ?`, at, id)
		if err != nil {
			return fmt.Errorf("store: set disabled: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("store: set disabled %d: %w", id, ErrNotFound)
		}
		if disabled {
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
				return fmt.Errorf("store: end sessions: %w", err)
			}
		}
		return nil
	})
}
