package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"kring/server/store"
)

// TestSessionCacheWritesInvalidate runs every store method that writes sessions, users or
// organisations after a session's answer was cached: the next SessionUser must ask the
// database again (and, where the write changes the answer, return the new one). Removing the
// invalidation from any of these methods fails its row.
func TestSessionCacheWritesInvalidate(t *testing.T) {
	cases := []struct {
		name  string
		write func(ctx context.Context, e *cacheEnv) error
		check func(t *testing.T, e *cacheEnv, sess *store.Session, u *store.User, err error) // nil: the answer is unchanged
	}{
		{"CreateSession", func(ctx context.Context, e *cacheEnv) error {
			return e.st.CreateSession(ctx, []byte("another-session"), e.user, time.Hour)
		}, nil},
		{"TouchSession", func(ctx context.Context, e *cacheEnv) error {
			e.clk.advance(10 * time.Minute)
			return e.st.TouchSession(ctx, e.sess, time.Hour, 24*time.Hour)
		}, func(t *testing.T, e *cacheEnv, sess *store.Session, _ *store.User, err error) {
			if err != nil || !sess.LastSeen.Equal(e.clk.Now()) || !sess.ExpiresAt.Equal(e.clk.Now().Add(time.Hour)) {
				t.Errorf("after touch: %+v %v", sess, err)
			}
		}},
		{"DeleteSession", func(ctx context.Context, e *cacheEnv) error { return e.st.DeleteSession(ctx, e.sess) }, wantGone},
		{"DeleteExpiredSessions", func(ctx context.Context, e *cacheEnv) error {
			_, err := e.st.DeleteExpiredSessions(ctx)
			return err
		}, nil},
		{"CreateUser", func(ctx context.Context, e *cacheEnv) error {
			_, err := e.st.CreateUser(ctx, store.NewUser{Email: "x@kring.example", Name: "X", PasswordHash: "x", Role: "trainee", OrgID: e.org})
			return err
		}, nil},
		{"UpdateProfile", func(ctx context.Context, e *cacheEnv) error {
			return e.st.UpdateProfile(ctx, e.user, "Nieuwe Naam", "en")
		},
			func(t *testing.T, _ *cacheEnv, _ *store.Session, u *store.User, err error) {
				if err != nil || u.Name != "Nieuwe Naam" || u.Lang != "en" {
					t.Errorf("after profile update: %+v %v", u, err)
				}
			}},
		{"SetPassword", func(ctx context.Context, e *cacheEnv) error { return e.st.SetPassword(ctx, e.user, "new-hash") }, wantGone},
		{"SetRole", func(ctx context.Context, e *cacheEnv) error { return e.st.SetRole(ctx, e.user, "coach") },
			func(t *testing.T, _ *cacheEnv, _ *store.Session, u *store.User, err error) {
				if err != nil || u.Role != "coach" {
					t.Errorf("after role change: %+v %v", u, err)
				}
			}},
		{"SetJoined", func(ctx context.Context, e *cacheEnv) error {
			return e.st.SetJoined(ctx, e.user, time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC))
		}, func(t *testing.T, _ *cacheEnv, _ *store.Session, u *store.User, err error) {
			if err != nil || !u.CreatedAt.Equal(time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("after SetJoined: %+v %v", u, err)
			}
		}},
		{"SetDisabled", func(ctx context.Context, e *cacheEnv) error { return e.st.SetDisabled(ctx, e.user, true) }, wantGone},
		{"SetRemindersOff", func(ctx context.Context, e *cacheEnv) error { return e.st.SetRemindersOff(ctx, e.user, true) }, nil},
		{"DeleteAccount", func(ctx context.Context, e *cacheEnv) error { return e.st.DeleteAccount(ctx, e.user, nil) }, wantGone},
		{"CreateOrganisation", func(ctx context.Context, e *cacheEnv) error {
			_, err := e.st.CreateOrganisation(ctx, "Andere organisatie")
			return err
		}, nil},
		{"Import", func(ctx context.Context, e *cacheEnv) error {
			_ = e.st.Import(ctx, &store.ImportSet{})
			return nil // refused (it fills only an empty database), but it invalidates either way
		}, nil},
		{"AcceptInvite", func(ctx context.Context, e *cacheEnv) error {
			if _, err := e.st.CreateInvite(ctx, []byte("invite"), e.org, "trainee", "", e.user, time.Hour); err != nil {
				return err
			}
			_, err := e.st.AcceptInvite(ctx, []byte("invite"), store.NewUser{Email: "new@kring.example", Name: "New", PasswordHash: "x"})
			return err
		}, nil},
		{"CompleteSetup", func(ctx context.Context, e *cacheEnv) error {
			_, _ = e.st.CompleteSetup(ctx, []byte("no-such-token"), store.NewUser{Email: "a@kring.example", Name: "A", PasswordHash: "x", Role: "muni_admin"})
			return nil // refused, but a method that may create a person invalidates either way
		}, nil},
		{"SignInSSO", func(ctx context.Context, e *cacheEnv) error {
			_, _, _ = e.st.SignInSSO(ctx, store.SSOSignIn{ProviderID: 999, OrgID: e.org, Issuer: "https://idp.example", Subject: "s", Email: "s@kring.example", Name: "S", Role: "trainee"})
			return nil // refused (no such provider), but it invalidates either way
		}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			clk := &foundationClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
			e := &cacheEnv{st: foundationOpen(t, filepath.Join(t.TempDir(), "kring.db"), store.WithClock(clk.Now)), clk: clk, sess: []byte("session-hash")}
			var err error
			if e.org, err = e.st.CreateOrganisation(ctx, "Welzijn"); err != nil {
				t.Fatal(err)
			}
			if e.user, err = e.st.CreateUser(ctx, store.NewUser{Email: "p@kring.example", Name: "Piet", PasswordHash: "h", Role: "trainee", OrgID: e.org, Lang: "nl"}); err != nil {
				t.Fatal(err)
			}
			if err := e.st.CreateSession(ctx, e.sess, e.user, time.Hour); err != nil {
				t.Fatal(err)
			}
			for range 2 {
				if _, _, err := e.st.SessionUser(ctx, e.sess); err != nil {
					t.Fatal(err)
				}
			}
			if n := e.st.SessionReads(); n != 1 {
				t.Fatalf("two reads of one session asked the database %d times, want 1 (the second from the cache)", n)
			}
			if err := tc.write(ctx, e); err != nil {
				t.Fatal(err)
			}
			sess, u, err := e.st.SessionUser(ctx, e.sess)
			if n := e.st.SessionReads(); n != 2 {
				t.Errorf("after %s the cached answer was served (database reads %d, want 2)", tc.name, n)
			}
			if tc.check != nil {
				tc.check(t, e, sess, u, err)
			} else if err != nil || u.Name != "Piet" || u.OrgName != "Welzijn" {
				t.Errorf("after %s: %+v %v", tc.name, u, err)
			}
		})
	}
}

// cacheEnv is one row's store: an organisation, a person in it and their session.
type cacheEnv struct {
	st        *store.Store
	clk       *foundationClock
	org, user int64
	sess      []byte
}

// wantGone: the write ended the session.
func wantGone(t *testing.T, _ *cacheEnv, _ *store.Session, _ *store.User, err error) {
	t.Helper()
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the session still answers: %v", err)
	}
}

// TestSessionCacheChecksExpiry: a cached session that expires is not served, without any
// write in between.
func TestSessionCacheChecksExpiry(t *testing.T) {
	ctx := context.Background()
	clk := &foundationClock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	st := foundationOpen(t, filepath.Join(t.TempDir(), "kring.db"), store.WithClock(clk.Now))
	org, _ := st.CreateOrganisation(ctx, "Welzijn")
	id, err := st.CreateUser(ctx, store.NewUser{Email: "p@kring.example", Name: "Piet", PasswordHash: "h", Role: "trainee", OrgID: org})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateSession(ctx, []byte("s"), id, time.Hour); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.SessionUser(ctx, []byte("s")); err != nil {
		t.Fatal(err)
	}
	clk.advance(time.Hour - time.Millisecond)
	if _, _, err := st.SessionUser(ctx, []byte("s")); err != nil {
		t.Fatalf("a millisecond before expiry: %v", err)
	}
	if n := st.SessionReads(); n != 1 {
		t.Fatalf("database reads %d, want 1", n)
	}
	clk.advance(time.Millisecond)
	if _, _, err := st.SessionUser(ctx, []byte("s")); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("at expiry the cached session still answered: %v", err)
	}
}
