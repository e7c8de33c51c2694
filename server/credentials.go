package server

import (
	"crypto/rand"
	"strconv"
	"strings"
	"time"

	"kring/server/credential"
	"kring/server/store"
)

// credentialKeySetting names the settings row that holds the seed of the Ed25519 key Kring
// signs credentials with. Deleting the row rotates the key (see docs/security.md).
const credentialKeySetting = "ob3-signing-key"

// newCredentialSeed draws the seed of a new signing key, once per installation.
func newCredentialSeed() []byte {
	seed := make([]byte, credential.SeedSize)
	if _, err := rand.Read(seed); err != nil {
		panic("server: no randomness for the credential key: " + err.Error()) // crypto/rand never fails on supported systems
	}
	return seed
}

// issuerProfile is the Open Badges Profile of whoever issues Kring's certificates (the
// deploying municipality or organisation), at its stable URL /issuer.
func (s *Server) issuerProfile() credential.Profile {
	return credential.Profile{ID: s.cfg.BaseURL + "/issuer", Type: "Profile", Name: s.cfg.CertIssuer, URL: s.cfg.BaseURL + "/",
		Official: s.cfg.CertSignatory}
}

// credentialOf builds the Open Badges 3.0 credential of a certificate for its holder:
// the module as it was when earned, the issuer, and the holder only as a salted hash of their
// e-mail address. Texts are in lang.
func (s *Server) credentialOf(cert *store.Certificate, email, lang string) credential.Credential {
	t := func(id string, args ...any) string { return s.msg.T(lang, id, args...) }
	description := t("credentials.description", "Title", cert.ModuleTitle)
	var rules []string
	if m, ok := s.catalog.Module(cert.Module); ok && m.Version == cert.ModuleVersion {
		if strings.TrimSpace(m.Summary) != "" {
			description = strings.TrimSpace(m.Summary)
		}
		if m.Completion.AllLessons {
			rules = append(rules, t("credentials.rule.all_lessons"))
		}
		if m.Completion.RequiredPrompts {
			rules = append(rules, t("credentials.rule.required_prompts"))
		}
		if m.Completion.MinCheckScore > 0 {
			rules = append(rules, t("credentials.rule.min_check_score", "Score", m.Completion.MinCheckScore))
		}
	}
	var narrative strings.Builder
	if goals := s.certificateGoals(cert); len(goals) > 0 {
		narrative.WriteString(t("credentials.goals") + "\n")
		for _, g := range goals {
			narrative.WriteString("- " + g + "\n")
		}
	}
	if len(rules) > 0 {
		if narrative.Len() > 0 {
			narrative.WriteString("\n")
		}
		narrative.WriteString(t("credentials.completion") + "\n")
		for _, r := range rules {
			narrative.WriteString("- " + r + "\n")
		}
	}
	criteria := strings.TrimSpace(narrative.String())
	if criteria == "" {
		criteria = t("credentials.criteria_fallback", "Title", cert.ModuleTitle)
	}
	return credential.Build(credential.Input{
		ID:            s.cfg.BaseURL + "/certificates/" + cert.Code,
		Issuer:        s.issuerProfile(),
		IssuedAt:      cert.IssuedAt,
		Email:         email,
		Salt:          cert.Code, // unique per certificate, and already in the credential's id
		AchievementID: s.cfg.BaseURL + "/modules/" + cert.Module,
		Title:         cert.ModuleTitle,
		Description:   description,
		Criteria:      criteria,
		Hours:         cert.Hours,
		Version:       strconv.Itoa(cert.ModuleVersion),
		Language:      lang,
		Accreditation: cert.Accreditation,
	})
}

// credentialFilename is the name the holder's download is saved under.
func credentialFilename(cert *store.Certificate) string {
	return "kring-credential-" + cert.Code + ".jwt"
}

// signCredential signs a certificate's credential at now.
func (s *Server) signCredential(cert *store.Certificate, email, lang string, now time.Time) (string, error) {
	return s.credentials.Sign(s.credentialOf(cert, email, lang), now)
}
