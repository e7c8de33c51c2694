// Package credential makes Kring's certificates portable: each one becomes an Open Badges 3.0
// AchievementCredential, signed as a VC-JWT (a compact JWS, alg EdDSA) with the Ed25519 key
// Kring keeps, and verifiable by anyone with the public key set Kring publishes. The package
// knows the data model and the signature; it reads no database and serves no page.
package credential

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// The JSON-LD contexts of an Open Badges 3.0 credential: the Verifiable Credentials data model
// first, then Open Badges 3.0.
const (
	ContextVC = "https://www.w3.org/ns/credentials/v2"
	ContextOB = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
)

// Profile is an Open Badges Profile; Kring's issuer profile is one, served at /issuer and
// embedded in every credential so a verifier needs no second fetch.
type Profile struct {
	Context     []string `json:"@context,omitempty"` // only when served on its own
	ID          string   `json:"id"`
	Type        string   `json:"type"`
	Name        string   `json:"name"`
	URL         string   `json:"url,omitempty"`
	Description string   `json:"description,omitempty"`
	Official    string   `json:"official,omitempty"` // the person responsible for the certificates
}

// Criteria says what earning the achievement took.
type Criteria struct {
	Narrative string `json:"narrative"`
}

// IdentifierEntry is another identifier of an achievement, such as a register's
// accreditation number.
type IdentifierEntry struct {
	Type           string `json:"type"`
	Identifier     string `json:"identifier"`
	IdentifierType string `json:"identifierType"`
}

// Achievement is what was accomplished: a module of Kring at the version it was earned under.
type Achievement struct {
	ID               string            `json:"id"`
	Type             []string          `json:"type"`
	AchievementType  string            `json:"achievementType,omitempty"`
	Name             string            `json:"name"`
	Description      string            `json:"description"`
	Criteria         Criteria          `json:"criteria"`
	CreditsAvailable float64           `json:"creditsAvailable"`
	Version          string            `json:"version,omitempty"`
	Language         string            `json:"@language,omitempty"`
	OtherIdentifier  []IdentifierEntry `json:"otherIdentifier,omitempty"`
}

// IdentityObject names the holder without revealing them: a salted hash of their e-mail
// address, which the holder can prove by showing the address and the salt.
type IdentityObject struct {
	Type         string `json:"type"`
	Hashed       bool   `json:"hashed"`
	IdentityHash string `json:"identityHash"`
	IdentityType string `json:"identityType"`
	Salt         string `json:"salt"`
}

// Subject is the credential's AchievementSubject: who earned it (hashed) and what.
type Subject struct {
	Type          []string         `json:"type"`
	Identifier    []IdentityObject `json:"identifier"`
	Achievement   Achievement      `json:"achievement"`
	CreditsEarned float64          `json:"creditsEarned"`
}

// Credential is an Open Badges 3.0 AchievementCredential. Both issuanceDate (Verifiable
// Credentials 1.1, required by the published OB 3.0 JSON schema) and validFrom (VC 2.0) are
// set to the day the certificate was issued, so verifiers of either generation accept it.
type Credential struct {
	Context           []string `json:"@context"`
	ID                string   `json:"id"`
	Type              []string `json:"type"`
	Name              string   `json:"name"`
	Description       string   `json:"description,omitempty"`
	Issuer            Profile  `json:"issuer"`
	IssuanceDate      string   `json:"issuanceDate"`
	ValidFrom         string   `json:"validFrom"`
	AwardedDate       string   `json:"awardedDate,omitempty"`
	CredentialSubject Subject  `json:"credentialSubject"`
}

// Input is what a credential is built from: one certificate, the issuer, and the holder's
// e-mail address (only its salted hash goes into the credential).
type Input struct {
	ID            string // the certificate's public URL, e.g. https://kring.example/certificates/K7QM-…
	Issuer        Profile
	IssuedAt      time.Time
	Email         string
	Salt          string // unique per certificate; published in the credential beside the hash
	AchievementID string // the module's URL
	Title         string // the module's title
	Description   string // what the module is about
	Criteria      string // its goals and completion rule, as a narrative
	Hours         float64
	Version       string // the module's version
	Language      string // the language of the texts, e.g. "nl"
	Accreditation string // a register's accreditation number, if the module has one
}

// Build turns a certificate into an Open Badges 3.0 AchievementCredential.
func Build(in Input) Credential {
	issued := in.IssuedAt.UTC().Format(time.RFC3339)
	a := Achievement{
		ID: in.AchievementID, Type: []string{"Achievement"}, AchievementType: "Course",
		Name: in.Title, Description: in.Description, Criteria: Criteria{Narrative: in.Criteria},
		CreditsAvailable: in.Hours, Version: in.Version, Language: in.Language,
	}
	if in.Accreditation != "" {
		a.OtherIdentifier = []IdentifierEntry{{Type: "IdentifierEntry", Identifier: in.Accreditation, IdentifierType: "identifier"}}
	}
	issuer := in.Issuer
	issuer.Context = nil
	return Credential{
		Context:      []string{ContextVC, ContextOB},
		ID:           in.ID,
		Type:         []string{"VerifiableCredential", "OpenBadgeCredential"},
		Name:         in.Title,
		Description:  in.Description,
		Issuer:       issuer,
		IssuanceDate: issued,
		ValidFrom:    issued,
		AwardedDate:  issued,
		CredentialSubject: Subject{
			Type: []string{"AchievementSubject"},
			Identifier: []IdentityObject{{Type: "IdentityObject", Hashed: true, IdentityType: "emailAddress",
				IdentityHash: IdentityHash(in.Email, in.Salt), Salt: in.Salt}},
			Achievement:   a,
			CreditsEarned: in.Hours,
		},
	}
}

// IdentityHash is the Open Badges IdentityHash of an e-mail address: "sha256$" and the hex
// SHA-256 of the address (trimmed, lower case) followed by the salt.
func IdentityHash(email, salt string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(email)) + salt))
	return "sha256$" + hex.EncodeToString(sum[:])
}
