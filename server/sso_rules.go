package server

import (
	"context"
	"errors"
	"strings"
	"time"

	"kring/server/sso"
	"kring/server/store"
)

// ssoLoginTTL is how long a person may take at the provider before the sign-in is void.
const ssoLoginTTL = 10 * time.Minute

// ssoStateCookie carries the state to the callback, tying the provider's answer to the browser
// that started the sign-in (so nobody can sign a victim into the attacker's account).
const ssoStateCookie = "kring_sso"

// ssoExpiryWarning is how long before a client secret expires the admin pages warn.
const ssoExpiryWarning = 30 * 24 * time.Hour

// domainOf is the part of an address after the @, lower case; "" when there is none.
func domainOf(email string) string {
	i := strings.LastIndexByte(email, '@')
	if i < 0 || i == len(email)-1 {
		return ""
	}
	return strings.ToLower(email[i+1:])
}

// ssoRequiredFor tells whether password sign-in is refused for this address or this
// organisation, because the organisation requires sign-in with the work account. It looks at
// the domain first, so the answer for an unknown address tells nothing about who has an account.
func (s *Server) ssoRequiredFor(ctx context.Context, email string, orgID int64) (bool, error) {
	if d := domainOf(email); d != "" {
		p, err := s.store.SSOProviderByDomain(ctx, d)
		if err == nil && p.Required {
			return true, nil
		}
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return false, err
		}
	}
	if orgID == 0 {
		return false, nil
	}
	p, err := s.store.SSOProviderByOrg(ctx, orgID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return p.Required, nil
}

// ssoProvider turns a stored provider into what package sso needs.
func ssoProvider(p *store.SSOProvider) sso.Provider {
	return sso.Provider{ID: p.ID, Issuer: p.Issuer, ClientID: p.ClientID, ClientSecret: p.ClientSecret}
}

// emailLinkable says whether the address in a token may link a first sign-in: the provider
// must not call it unverified, and its domain must be one the organisation registered for this
// provider (Entra ID lets a tenant put any address in the claim; the domain list is the admin's
// statement of which addresses the tenant owns).
func emailLinkable(id *sso.Identity, p *store.SSOProvider) bool {
	if id.Email == "" || (id.EmailVerified != nil && !*id.EmailVerified) {
		return false
	}
	d := domainOf(id.Email)
	for _, own := range p.Domains {
		if d == own {
			return true
		}
	}
	return false
}
