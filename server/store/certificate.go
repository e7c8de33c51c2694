package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Certificate is proof that a person completed a module. It keeps what it was earned under
// (the module's title, version and hours, the person's name at the time), so content changes
// later never alter or invalidate it.
type Certificate struct {
	ID            int64
	Code          string // verification code, e.g. K7QM-2PXD-9HTC-W4RN
	UserID        int64
	Module        string
	ModuleTitle   string
	ModuleVersion int
	Hours         float64
	Name          string
	IssuedAt      time.Time
	RevokedAt     time.Time // zero unless revoked
	RevokedReason string
	Goals         []string // the module's learning goals when it was earned (empty for older certificates)
	Accreditation string   // the module's accreditation number when it was earned, if it had one
}

// Revoked reports whether the certificate was withdrawn.
func (c *Certificate) Revoked() bool { return !c.RevokedAt.IsZero() }

// NewCertificate is what an IssueFunc hands the store; the person's name is read from their
// account in the issuing transaction, user and module are filled in by the store.
type NewCertificate struct {
	UserID        int64
	Module        string
	ModuleTitle   string
	ModuleVersion int
	Hours         float64
	IssuedAt      time.Time // zero: now; set by imports and the demo data's history
	Goals         []string
	Accreditation string
}

// codeAlphabet has no characters that are easily confused when read aloud or typed from
// paper (no 0/O, 1/I/L, 5/S, 8/B, U/V).
const codeAlphabet = "234679ACDEFGHJKMNPQRTWXYZ"

// newCode makes a random verification code of four groups of four characters (about 74 bits).
func newCode() (string, error) {
	buf := make([]byte, 16)
	if _, err := rand.Read(buf); err != nil {
		return "", fmt.Errorf("store: certificate code: %w", err)
	}
	return CertificateCode(buf), nil
}

// CertificateCode writes 16 random bytes as a verification code in the stored form; the data
// generator passes bytes from its seeded source so a data set is the same for the same seed.
func CertificateCode(random []byte) string {
	var b strings.Builder
	for i, v := range random[:16] {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		// 256 is not a multiple of 25; the slight bias is harmless for an unguessable id.
		b.WriteByte(codeAlphabet[int(v)%len(codeAlphabet)])
	}
	return b.String()
}

// NormaliseCode turns what a person typed (lower case, spaces, missing dashes) into the stored
// form, or "" when it cannot be a code.
func NormaliseCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == '-' || r == ' ':
		case strings.ContainsRune(codeAlphabet, r):
			b.WriteRune(r)
		default:
			return ""
		}
	}
	raw := b.String()
	if len(raw) != 16 {
		return ""
	}
	return raw[0:4] + "-" + raw[4:8] + "-" + raw[8:12] + "-" + raw[12:16]
}

// IssueCertificate issues a certificate outside a progress change (e.g. a tool or a test). It
// returns ErrConflict when the person already has one for the module.
func (s *Store) IssueCertificate(ctx context.Context, nc NewCertificate) (*Certificate, error) {
	var c *Certificate
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = s.issueTx(ctx, tx, nc)
		return err
	})
	return c, err
}

func (s *Store) issueTx(ctx context.Context, tx *sql.Tx, nc NewCertificate) (*Certificate, error) {
	var name string
	if err := tx.QueryRowContext(ctx, `SELECT name FROM users WHERE id = ?`, nc.UserID).Scan(&name); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("store: issue certificate: user %d: %w", nc.UserID, ErrNotFound)
		}
		return nil, fmt.Errorf("store: issue certificate: %w", err)
	}
	c := &Certificate{UserID: nc.UserID, Module: nc.Module, ModuleTitle: nc.ModuleTitle, ModuleVersion: nc.ModuleVersion,
		Hours: nc.Hours, Name: name, IssuedAt: time.UnixMilli(ms(s.now())), Goals: nc.Goals, Accreditation: nc.Accreditation}
	if !nc.IssuedAt.IsZero() {
		c.IssuedAt = time.UnixMilli(ms(nc.IssuedAt))
	}
	for attempt := 0; ; attempt++ {
		code, err := newCode()
		if err != nil {
			return nil, err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO certificates (code, user_id, module, module_title, module_version, hours, name, issued_at, goals, accreditation)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, code, c.UserID, c.Module, c.ModuleTitle, c.ModuleVersion, c.Hours, c.Name, ms(c.IssuedAt),
			strings.Join(c.Goals, "\n"), c.Accreditation)
		if err != nil {
			if isUnique(err) {
				var n int
				if qerr := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM certificates WHERE user_id = ? AND module = ?`, c.UserID, c.Module).Scan(&n); qerr == nil && n > 0 {
					return nil, fmt.Errorf("store: issue certificate: %w", ErrConflict)
				}
				if attempt < 5 { // a code collision: draw again
					continue
				}
			}
			return nil, fmt.Errorf("store: issue certificate: %w", err)
		}
		c.ID, _ = res.LastInsertId()
		c.Code = code
		return c, nil
	}
}

const certCols = `id, code, user_id, module, module_title, module_version, hours, name, issued_at, revoked_at, revoked_reason, goals, accreditation`

// prefixed qualifies every column of a column list with a table alias, so a query that joins
// reads the same columns as scanCertificate expects, in one place.
func prefixed(alias, cols string) string {
	parts := strings.Split(cols, ",")
	for i, p := range parts {
		parts[i] = alias + "." + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

func scanCertificate(row interface{ Scan(...any) error }) (*Certificate, error) {
	var c Certificate
	var issued int64
	var revoked sql.NullInt64
	var goals string
	if err := row.Scan(&c.ID, &c.Code, &c.UserID, &c.Module, &c.ModuleTitle, &c.ModuleVersion, &c.Hours, &c.Name, &issued, &revoked, &c.RevokedReason,
		&goals, &c.Accreditation); err != nil {
		return nil, err
	}
	c.IssuedAt, c.RevokedAt = fromMS(issued), nullMS(revoked)
	if goals != "" {
		c.Goals = strings.Split(goals, "\n")
	}
	return &c, nil
}

// CertificateByCode finds a certificate by its verification code (in any spelling
// NormaliseCode accepts); ErrNotFound when there is none.
func (s *Store) CertificateByCode(ctx context.Context, code string) (*Certificate, error) {
	norm := NormaliseCode(code)
	if norm == "" {
		return nil, fmt.Errorf("store: certificate: %w", ErrNotFound)
	}
	c, err := scanCertificate(s.db.QueryRowContext(ctx, `SELECT `+certCols+` FROM certificates WHERE code = ?`, norm))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: certificate: %w", ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: certificate: %w", err)
	}
	return c, nil
}

// CertificatesOf lists a person's certificates, newest first.
func (s *Store) CertificatesOf(ctx context.Context, userID int64) ([]*Certificate, error) {
	rows, err := s.hot().QueryContext(ctx, `SELECT `+certCols+` FROM certificates WHERE user_id = ? ORDER BY issued_at DESC, id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: certificates: %w", err)
	}
	defer rows.Close()
	var out []*Certificate
	for rows.Next() {
		c, err := scanCertificate(rows)
		if err != nil {
			return nil, fmt.Errorf("store: certificates: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: read rows: %w", err)
	}
	return out, nil
}

// RevokeCertificate withdraws a certificate (an administrator's decision, with a reason). The
// row stays, so the public check can say it was revoked.
func (s *Store) RevokeCertificate(ctx context.Context, code, reason string) error {
	res, err := s.db.ExecContext(ctx, `UPDATE certificates SET revoked_at = ?, revoked_reason = ? WHERE code = ? AND revoked_at IS NULL`,
		ms(s.now()), strings.TrimSpace(reason), NormaliseCode(code))
	if err != nil {
		return fmt.Errorf("store: revoke certificate: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := s.CertificateByCode(ctx, code); err != nil {
			return err
		}
	}
	return nil
}
