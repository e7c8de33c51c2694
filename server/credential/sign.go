package credential

import (
	"crypto"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// Signer holds Kring's credential key: an Ed25519 key made once and kept in the settings
// table, named by the RFC 7638 thumbprint of its public half so the kid in every token finds
// it in the published key set.
type Signer struct {
	key ed25519.PrivateKey
	kid string
}

// SeedSize is the length of the stored secret the key is derived from.
const SeedSize = ed25519.SeedSize

// NewSigner makes the signer from the stored 32-byte seed.
func NewSigner(seed []byte) (*Signer, error) {
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("credential: signing key seed has %d bytes, want %d", len(seed), ed25519.SeedSize)
	}
	key := ed25519.NewKeyFromSeed(seed)
	jwk := jose.JSONWebKey{Key: key.Public(), Algorithm: string(jose.EdDSA), Use: "sig"}
	tp, err := jwk.Thumbprint(crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("credential: key thumbprint: %w", err)
	}
	return &Signer{key: key, kid: base64URL(tp)}, nil
}

// KeyID is the kid of the signing key, as it appears in token headers and the key set.
func (s *Signer) KeyID() string { return s.kid }

// KeySet is the public key set served at /.well-known/jwks.json: the Ed25519 public key as an
// OKP JSON Web Key, for verifying credentials without Kring's pages.
func (s *Signer) KeySet() jose.JSONWebKeySet {
	return jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{
		Key: s.key.Public(), KeyID: s.kid, Algorithm: string(jose.EdDSA), Use: "sig",
	}}}
}

// payload is the VC-JWT payload: the credential's own members at the top level with the JWT
// registered claims Open Badges 3.0 asks for beside them (iss = issuer.id, jti = id,
// nbf = issuanceDate, iat = signing time; no sub, because the subject has no id, only a hashed
// identifier; no exp, because certificates do not expire).
type payload struct {
	Credential
	Iss string `json:"iss"`
	Jti string `json:"jti"`
	Nbf int64  `json:"nbf"`
	Iat int64  `json:"iat"`
}

// Sign signs the credential as a VC-JWT: a compact JWS with alg EdDSA, typ JWT and the key's
// kid in the protected header.
func (s *Signer) Sign(c Credential, now time.Time) (string, error) {
	issued, err := time.Parse(time.RFC3339, c.IssuanceDate)
	if err != nil {
		return "", fmt.Errorf("credential: issuance date: %w", err)
	}
	body, err := json.Marshal(payload{Credential: c, Iss: c.Issuer.ID, Jti: c.ID, Nbf: issued.Unix(), Iat: now.Unix()})
	if err != nil {
		return "", fmt.Errorf("credential: encode: %w", err)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.EdDSA, Key: jose.JSONWebKey{Key: s.key, KeyID: s.kid}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", fmt.Errorf("credential: signer: %w", err)
	}
	jws, err := signer.Sign(body)
	if err != nil {
		return "", fmt.Errorf("credential: sign: %w", err)
	}
	return jws.CompactSerialize()
}

// ErrInvalid is returned for a token that does not verify: malformed, an unknown key, a
// signature that does not match, or claims that contradict the credential.
var ErrInvalid = errors.New("credential: invalid")

// Verify checks a VC-JWT against a published key set, the way a register or wallet would,
// and returns the verified payload (the credential with its claims).
func Verify(token string, keys jose.JSONWebKeySet) ([]byte, error) {
	jws, err := jose.ParseSignedCompact(token, []jose.SignatureAlgorithm{jose.EdDSA})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if len(jws.Signatures) != 1 {
		return nil, fmt.Errorf("%w: %d signatures", ErrInvalid, len(jws.Signatures))
	}
	found := keys.Key(jws.Signatures[0].Header.KeyID)
	if len(found) == 0 {
		return nil, fmt.Errorf("%w: unknown key %q", ErrInvalid, jws.Signatures[0].Header.KeyID)
	}
	body, err := jws.Verify(found[0].Key)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	var p payload
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, fmt.Errorf("%w: payload: %v", ErrInvalid, err)
	}
	if p.Iss != p.Issuer.ID || p.Jti != p.ID {
		return nil, fmt.Errorf("%w: claims iss/jti do not match the credential", ErrInvalid)
	}
	return body, nil
}
