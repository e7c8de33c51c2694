package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Invite is a one-time link that lets someone create an account in an organisation with a
// given role. Only the hash of the link's token is stored.
type Invite struct {
	ID        int64
	OrgID     int64
	OrgName   string
	Role      string
	Email     string
	CreatedBy int64
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    time.Time
	UsedBy    int64
	RevokedAt time.Time // zero unless revoked
}

// Open reports whether the invite can still be used.
func (i *Invite) Open(now time.Time) bool {
	return i.UsedAt.IsZero() && i.RevokedAt.IsZero() && now.Before(i.ExpiresAt)
}

// Revoked reports whether the invite was revoked by an admin.
func (i *Invite) Revoked() bool { return !i.RevokedAt.IsZero() }

// CreateInvite stores an invite; the caller keeps the plain token to show as a link.
func (s *Store) CreateInvite(ctx context.Context, tokenHash []byte, orgID int64, role, email string, by int64, ttl time.Duration) (int64, error) {
	now := s.now()
	res, err := s.db.ExecContext(ctx, `INSERT INTO invites (token_hash, org_id, role, email, created_by, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, tokenHash, nullID(orgID), role, strings.TrimSpace(email), nullID(by), ms(now), ms(now.Add(ttl)))
	if err != nil {
		return 0, fmt.Errorf("store: create invite: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("store: new id: %w", err)
	}
	return id, nil
}

const inviteCols = `i.id, COALESCE(i.org_id, 0), COALESCE(o.name, ''), i.role, i.email, COALESCE(i.created_by, 0), i.created_at, i.expires_at, i.used_at, COALESCE(i.used_by, 0), i.revoked_at`

func scanInvite(row interface{ Scan(...any) error }) (*Invite, error) {
	var i Invite
	var created, expires int64
	var used, revoked sql.NullInt64
	if err := row.Scan(&i.ID, &i.OrgID, &i.OrgName, &i.Role, &i.Email, &i.CreatedBy, &created, &expires, &used, &i.UsedBy, &revoked); err != nil {
		return nil, err
	}
	i.CreatedAt, i.ExpiresAt, i.UsedAt, i.RevokedAt = fromMS(created), fromMS(expires), nullMS(used), nullMS(revoked)
	return &i, nil
}

// InviteByToken finds an invite by the hash of its token, used or not.
func (s *Store) InviteByToken(ctx context.Context, tokenHash []byte) (*Invite, error) {
	i, err := scanInvite(s.db.QueryRowContext(ctx, `SELECT `+inviteCols+` FROM invites i LEFT JOIN organisations o ON o.id = i.org_id WHERE i.token_hash = ?`, tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: invite: %w", ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: invite: %w", err)
	}
	return i, nil
}

// ListInvites lists an organisation's invites, newest first (orgID 0: those without one).
func (s *Store) ListInvites(ctx context.Context, orgID int64) ([]*Invite, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+inviteCols+` FROM invites i LEFT JOIN organisations o ON o.id = i.org_id
		WHERE COALESCE(i.org_id, 0) = ? ORDER BY i.created_at DESC, i.id DESC LIMIT 200`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: list invites: %w", err)
	}
	defer rows.Close()
	var out []*Invite
	for rows.Next() {
		i, err := scanInvite(rows)
		if err != nil {
			return nil, fmt.Errorf("store: list invites: %w", err)
		}
		out = append(out, i)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read rows: %w", err)
	}
	return out, nil
}

// InviteByID finds an invite by id, for revoking it.
func (s *Store) InviteByID(ctx context.Context, id int64) (*Invite, error) {
	i, err := scanInvite(s.db.QueryRowContext(ctx, `SELECT `+inviteCols+` FROM invites i LEFT JOIN organisations o ON o.id = i.org_id WHERE i.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: invite %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: invite: %w", err)
	}
	return i, nil
}

// RevokeInvite makes an unused invite unusable; a used or already revoked one is left as it is
// (ErrInviteUsed for a used one, so the admin is told).
func (s *Store) RevokeInvite(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `UPDATE invites SET revoked_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL`, ms(s.now()), id)
	if err != nil {
		return fmt.Errorf("store: revoke invite: %w", err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	i, err := s.InviteByID(ctx, id)
	if err != nil {
		return err
	}
	if !i.UsedAt.IsZero() {
		return fmt.Errorf("store: revoke invite %d: %w", id, ErrInviteUsed)
	}
	return nil
}

// ErrInviteUsed is returned when an invite was used, revoked or expired between showing the
// form and submitting it.
var ErrInviteUsed = errors.New("invite used or expired")

// AcceptInvite creates the invited person and marks the invite used, in one transaction, so one
// link never makes two accounts.
func (s *Store) AcceptInvite(ctx context.Context, tokenHash []byte, nu NewUser) (int64, error) {
	defer s.authChanged() // session_cache.go
	var id int64
	now := s.now()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var inviteID, expires int64
		var orgID sql.NullInt64
		var role string
		var used, revoked sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT id, org_id, role, expires_at, used_at, revoked_at FROM invites WHERE token_hash = ?`, tokenHash).
			Scan(&inviteID, &orgID, &role, &expires, &used, &revoked)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: accept invite: %w", ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: accept invite: %w", err)
		}
		if used.Valid || revoked.Valid || expires <= ms(now) {
			return fmt.Errorf("store: accept invite: %w", ErrInviteUsed)
		}
		nu.Role, nu.OrgID = role, orgID.Int64
		id, err = createUser(ctx, tx, nu, now)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE invites SET used_at = ?, used_by = ? WHERE id = ?`, ms(now), id, inviteID)
		if err != nil {
			return fmt.Errorf("store: mark invite used: %w", err)
		}
		return nil
	})
	return id, err
}

// ExchangeOpenInvite spends an invite without an address for the address its holder typed, so
// the holder learns nothing about who has an account: when the address has none, a personal
// invite for it is made (same organisation, role and expiry, token newTokenHash) for the caller
// to e-mail; when it has one, nothing is made (hasAccount true) and the caller e-mails a
// reminder to sign in instead. Either way the open invite is used up. ErrInviteUsed when it
// was used, revoked or expired; ErrConflict when it has an address after all.
func (s *Store) ExchangeOpenInvite(ctx context.Context, tokenHash, newTokenHash []byte, email string) (hasAccount bool, err error) {
	now := ms(s.now())
	email = strings.TrimSpace(email)
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var id, expires int64
		var orgID, by, used, revoked sql.NullInt64
		var role, fixed string
		err := tx.QueryRowContext(ctx, `SELECT id, org_id, role, email, created_by, expires_at, used_at, revoked_at FROM invites WHERE token_hash = ?`,
			tokenHash).Scan(&id, &orgID, &role, &fixed, &by, &expires, &used, &revoked)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: exchange invite: %w", ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("store: exchange invite: %w", err)
		}
		if used.Valid || revoked.Valid || expires <= now {
			return fmt.Errorf("store: exchange invite: %w", ErrInviteUsed)
		}
		if fixed != "" {
			return fmt.Errorf("store: exchange invite with an address: %w", ErrConflict)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE email = ?`, email).Scan(&n); err != nil {
			return fmt.Errorf("store: exchange invite: %w", err)
		}
		hasAccount = n > 0
		if _, err := tx.ExecContext(ctx, `UPDATE invites SET used_at = ? WHERE id = ?`, now, id); err != nil {
			return fmt.Errorf("store: exchange invite: %w", err)
		}
		if hasAccount {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO invites (token_hash, org_id, role, email, created_by, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, newTokenHash, orgID, role, email, by, now, expires); err != nil {
			return fmt.Errorf("store: exchange invite: %w", err)
		}
		return nil
	})
	return hasAccount, err
}
