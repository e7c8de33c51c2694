package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// SSOProvider is an organisation's OpenID Connect provider. The client secret is kept because
// every sign-in needs it, but pages show only its last characters (SecretHint).
type SSOProvider struct {
	ID              int64
	OrgID           int64
	OrgName         string
	Issuer          string
	ClientID        string
	ClientSecret    string
	Domains         []string
	NewUserRole     string
	Required        bool // password sign-in is refused for the organisation's people
	SecretExpiresAt time.Time
	UpdatedAt       time.Time
}

// SecretHint shows enough of the client secret to recognise it, never enough to use it.
func (p *SSOProvider) SecretHint() string {
	if len(p.ClientSecret) <= 8 {
		return "••••"
	}
	return "••••" + p.ClientSecret[len(p.ClientSecret)-4:]
}

// SSOSettings is what an administrator saves; an empty ClientSecret keeps the stored one.
type SSOSettings struct {
	OrgID           int64
	Issuer          string
	ClientID        string
	ClientSecret    string
	Domains         []string
	NewUserRole     string
	Required        bool
	SecretExpiresAt time.Time
	By              int64
}

// ErrDomainTaken is returned when a domain already belongs to another organisation's provider.
type ErrDomainTaken struct{ Domain, OrgName string }

func (e *ErrDomainTaken) Error() string {
	return fmt.Sprintf("store: domain %s belongs to %s", e.Domain, e.OrgName)
}

// ErrSecretRequired is returned when a provider is first saved without a client secret.
var ErrSecretRequired = errors.New("store: a client secret is required")

const ssoCols = `p.id, p.org_id, o.name, p.issuer, p.client_id, p.client_secret, p.new_user_role, p.required,
	COALESCE(p.secret_expires_at, 0), p.updated_at,
	COALESCE((SELECT group_concat(d.domain, ' ') FROM sso_domains d WHERE d.provider_id = p.id), '')`

func scanSSO(row interface{ Scan(...any) error }) (*SSOProvider, error) {
	var p SSOProvider
	var exp, upd int64
	var domains string
	if err := row.Scan(&p.ID, &p.OrgID, &p.OrgName, &p.Issuer, &p.ClientID, &p.ClientSecret, &p.NewUserRole, &p.Required, &exp, &upd, &domains); err != nil {
		return nil, err
	}
	p.SecretExpiresAt, p.UpdatedAt = fromMS(exp), fromMS(upd)
	p.Domains = strings.Fields(domains)
	sort.Strings(p.Domains)
	return &p, nil
}

func (s *Store) ssoOne(ctx context.Context, where string, arg any) (*SSOProvider, error) {
	p, err := scanSSO(s.db.QueryRowContext(ctx,
		`SELECT `+ssoCols+` FROM sso_providers p JOIN organisations o ON o.id = p.org_id WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("store: sso provider: %w", ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: sso provider: %w", err)
	}
	return p, nil
}

// SSOProviderByOrg is the organisation's provider, or ErrNotFound.
func (s *Store) SSOProviderByOrg(ctx context.Context, orgID int64) (*SSOProvider, error) {
	return s.ssoOne(ctx, `p.org_id = ?`, orgID)
}

// SSOProviderByID is one provider, or ErrNotFound.
func (s *Store) SSOProviderByID(ctx context.Context, id int64) (*SSOProvider, error) {
	return s.ssoOne(ctx, `p.id = ?`, id)
}

// SSOProviderByDomain is the provider an e-mail domain belongs to, or ErrNotFound.
func (s *Store) SSOProviderByDomain(ctx context.Context, domain string) (*SSOProvider, error) {
	return s.ssoOne(ctx, `p.id = (SELECT provider_id FROM sso_domains WHERE domain = ?)`, strings.ToLower(strings.TrimSpace(domain)))
}

// SSOProviders lists every configured provider, by organisation name, for the municipality.
func (s *Store) SSOProviders(ctx context.Context) ([]*SSOProvider, error) {
	var out []*SSOProvider
	err := s.eachRow(ctx, `SELECT `+ssoCols+` FROM sso_providers p JOIN organisations o ON o.id = p.org_id ORDER BY o.name`, nil, func(rows *sql.Rows) error {
		p, err := scanSSO(rows)
		out = append(out, p)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: sso providers: %w", err)
	}
	return out, nil
}

// SaveSSOProvider creates or replaces the organisation's provider and its domains in one
// transaction: a domain of another organisation gives *ErrDomainTaken and nothing changes.
func (s *Store) SaveSSOProvider(ctx context.Context, in SSOSettings) (int64, error) {
	now := s.now()
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var secret string
		err := tx.QueryRowContext(ctx, `SELECT id, client_secret FROM sso_providers WHERE org_id = ?`, in.OrgID).Scan(&id, &secret)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			if in.ClientSecret == "" {
				return ErrSecretRequired
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO sso_providers (org_id, issuer, client_id, client_secret, new_user_role, required, secret_expires_at, updated_by, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, in.OrgID, in.Issuer, in.ClientID, in.ClientSecret, in.NewUserRole, in.Required, nullTime(in.SecretExpiresAt), nullID(in.By), ms(now))
			if err != nil {
				return fmt.Errorf("store: create sso provider: %w", err)
			}
			if id, err = res.LastInsertId(); err != nil {
				return fmt.Errorf("store: new id: %w", err)
			}
		case err != nil:
			return fmt.Errorf("store: sso provider: %w", err)
		default:
			if in.ClientSecret != "" {
				secret = in.ClientSecret
			}
			if _, err := tx.ExecContext(ctx, `UPDATE sso_providers SET issuer = ?, client_id = ?, client_secret = ?, new_user_role = ?, required = ?, secret_expires_at = ?, updated_by = ?, updated_at = ? WHERE id = ?`,
				in.Issuer, in.ClientID, secret, in.NewUserRole, in.Required, nullTime(in.SecretExpiresAt), nullID(in.By), ms(now), id); err != nil {
				return fmt.Errorf("store: update sso provider: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sso_domains WHERE provider_id = ?`, id); err != nil {
			return fmt.Errorf("store: sso domains: %w", err)
		}
		for _, d := range in.Domains {
			var owner string
			err := tx.QueryRowContext(ctx, `SELECT o.name FROM sso_domains d JOIN sso_providers p ON p.id = d.provider_id JOIN organisations o ON o.id = p.org_id WHERE d.domain = ?`, d).Scan(&owner)
			if err == nil {
				return &ErrDomainTaken{Domain: d, OrgName: owner}
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("store: sso domain %s: %w", d, err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO sso_domains (domain, provider_id) VALUES (?, ?)`, d, id); err != nil {
				return fmt.Errorf("store: sso domain %s: %w", d, err)
			}
		}
		return nil
	})
	return id, err
}

// DeleteSSOProvider removes the organisation's provider; its people sign in with a password
// again (those who never had one need a new invitation).
func (s *Store) DeleteSSOProvider(ctx context.Context, orgID int64) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sso_providers WHERE org_id = ?`, orgID); err != nil {
		return fmt.Errorf("store: delete sso provider: %w", err)
	}
	return nil
}

// SSOLogin is a sign-in on its way through the provider.
type SSOLogin struct {
	ProviderID int64
	Nonce      string
	Verifier   string
	Next       string
}

// CreateSSOLogin keeps what the callback needs, under the hash of the state, for ttl; old
// ones are cleared on the way.
func (s *Store) CreateSSOLogin(ctx context.Context, stateHash []byte, l SSOLogin, ttl time.Duration) error {
	now := s.now()
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sso_logins WHERE expires_at <= ?`, ms(now)); err != nil {
		return fmt.Errorf("store: clear sso logins: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO sso_logins (state_hash, provider_id, nonce, verifier, next, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		stateHash, l.ProviderID, l.Nonce, l.Verifier, l.Next, ms(now), ms(now.Add(ttl))); err != nil {
		return fmt.Errorf("store: create sso login: %w", err)
	}
	return nil
}

// TakeSSOLogin returns and deletes the sign-in with this state, so a state (and the code that
// came with it) works once; ErrNotFound when it is unknown, used or expired.
func (s *Store) TakeSSOLogin(ctx context.Context, stateHash []byte) (*SSOLogin, error) {
	var l SSOLogin
	var expires int64
	err := s.db.QueryRowContext(ctx, `DELETE FROM sso_logins WHERE state_hash = ? RETURNING provider_id, nonce, verifier, next, expires_at`, stateHash).
		Scan(&l.ProviderID, &l.Nonce, &l.Verifier, &l.Next, &expires)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && expires <= ms(s.now())) {
		return nil, fmt.Errorf("store: sso login: %w", ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("store: sso login: %w", err)
	}
	return &l, nil
}

// SSOSignIn is a verified identity arriving through an organisation's provider.
type SSOSignIn struct {
	ProviderID int64
	OrgID      int64
	Issuer     string
	Subject    string
	Email      string // lower case; only used to link a first sign-in
	EmailOK    bool   // the address may be used to link: verified, and in one of the provider's domains
	Name       string
	Role       string // for a person created here, unless an open invite says otherwise
}

// Why a first sign-in could not be linked; the callback page explains each.
var (
	// ErrSSONoEmail: the provider sent no usable address for a person Kring does not know yet.
	ErrSSONoEmail = errors.New("store: no usable e-mail address to link a first sign-in")
	// ErrSSOOtherOrg: the address belongs to a person of another organisation.
	ErrSSOOtherOrg = errors.New("store: the address belongs to a person of another organisation")
	// ErrSSOLinked: the person is already linked to another work account.
	ErrSSOLinked = errors.New("store: the person is already linked to another account")
)

// SignInSSO finds the person for an identity, linking a first sign-in to the account (or open
// invite) with the same address in the provider's organisation, or creating one there. An
// identity is looked up by issuer and subject only; an address never moves an identity, and an
// account already linked is never linked again.
func (s *Store) SignInSSO(ctx context.Context, in SSOSignIn) (userID int64, created bool, err error) {
	defer s.authChanged() // session_cache.go
	now := s.now()
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT user_id FROM sso_identities WHERE issuer = ? AND subject = ?`, in.Issuer, in.Subject).Scan(&userID)
		if err == nil {
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: sso identity: %w", err)
		}
		if !in.EmailOK || in.Email == "" {
			return ErrSSONoEmail
		}
		var orgID sql.NullInt64
		var role string
		err = tx.QueryRowContext(ctx, `SELECT id, org_id, role FROM users WHERE email = ?`, in.Email).Scan(&userID, &orgID, &role)
		switch {
		case err == nil:
			if orgID.Int64 != in.OrgID || role == "muni_admin" {
				return ErrSSOOtherOrg
			}
			var linked int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sso_identities WHERE user_id = ?`, userID).Scan(&linked); err != nil {
				return fmt.Errorf("store: sso link: %w", err)
			}
			if linked > 0 {
				return ErrSSOLinked
			}
		case errors.Is(err, sql.ErrNoRows):
			nu := NewUser{Email: in.Email, Name: in.Name, Role: in.Role, OrgID: in.OrgID}
			if nu.Name == "" {
				nu.Name = in.Email[:strings.Index(in.Email, "@")]
			}
			var inviteID int64
			var inviteRole string
			err := tx.QueryRowContext(ctx, `SELECT id, role FROM invites WHERE email = ? COLLATE NOCASE AND org_id = ? AND used_at IS NULL AND expires_at > ? ORDER BY created_at DESC LIMIT 1`,
				in.Email, in.OrgID, ms(now)).Scan(&inviteID, &inviteRole)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("store: sso invite: %w", err)
			}
			if err == nil && inviteRole != "muni_admin" {
				nu.Role = inviteRole
			}
			if userID, err = createUser(ctx, tx, nu, now); err != nil {
				return err
			}
			if inviteID != 0 {
				if _, err := tx.ExecContext(ctx, `UPDATE invites SET used_at = ?, used_by = ? WHERE id = ?`, ms(now), userID, inviteID); err != nil {
					return fmt.Errorf("store: sso invite used: %w", err)
				}
			}
			created = true
		default:
			return fmt.Errorf("store: sso user: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO sso_identities (issuer, subject, user_id, provider_id, created_at) VALUES (?, ?, ?, ?, ?)`,
			in.Issuer, in.Subject, userID, in.ProviderID, ms(now)); err != nil {
			if isUnique(err) {
				return ErrSSOLinked
			}
			return fmt.Errorf("store: sso link: %w", err)
		}
		return nil
	})
	if err != nil {
		return 0, false, err
	}
	return userID, created, nil
}

// MarkSSOSession records that a session came through a provider.
func (s *Store) MarkSSOSession(ctx context.Context, idHash []byte, providerID int64) error {
	if _, err := s.db.ExecContext(ctx, `INSERT OR REPLACE INTO sso_sessions (id_hash, provider_id) VALUES (?, ?)`, idHash, providerID); err != nil {
		return fmt.Errorf("store: mark sso session: %w", err)
	}
	return nil
}

// SessionSSOProvider is the provider a session came through, or 0.
func (s *Store) SessionSSOProvider(ctx context.Context, idHash []byte) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT provider_id FROM sso_sessions WHERE id_hash = ?`, idHash).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: session provider: %w", err)
	}
	return id, nil
}

// HasSSOIdentity tells whether a person signs in through a work account.
func (s *Store) HasSSOIdentity(ctx context.Context, userID int64) (bool, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sso_identities WHERE user_id = ?`, userID).Scan(&n); err != nil {
		return false, fmt.Errorf("store: sso identity: %w", err)
	}
	return n > 0, nil
}

// SSOConfigured tells whether any organisation has a provider, so the sign-in page offers the
// work account only where it can work.
func (s *Store) SSOConfigured(ctx context.Context) (bool, error) {
	var n int
	if err := s.hot().QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sso_providers)`).Scan(&n); err != nil {
		return false, fmt.Errorf("store: sso configured: %w", err)
	}
	return n == 1, nil
}
