package credential

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// The example the Open Badges 3.0 schema gives for an IdentityHash: 'a@example.com' salted
// with 'Kosher'.
func TestIdentityHashMatchesTheSpecExample(t *testing.T) {
	const want = "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
	for _, email := range []string{"a@example.com", " A@Example.com "} {
		if got := IdentityHash(email, "Kosher"); got != want {
			t.Errorf("IdentityHash(%q) = %s, want %s", email, got, want)
		}
	}
	if IdentityHash("a@example.com", "other") == want {
		t.Error("the salt does not change the hash")
	}
}

func testCredential() Credential {
	return Build(Input{ID: "https://kring.example/certificates/K7QM-2PXD-9HTC-W4RN",
		Issuer:   Profile{ID: "https://kring.example/issuer", Type: "Profile", Name: "Gemeente Test"},
		IssuedAt: time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC), Email: "a@example.com", Salt: "K7QM-2PXD-9HTC-W4RN",
		AchievementID: "https://kring.example/modules/snv-visie", Title: "De visie achter SNV", Description: "d", Criteria: "c", Hours: 1.25})
}

func TestSignAndVerify(t *testing.T) {
	seed := bytes.Repeat([]byte{7}, SeedSize)
	s, err := NewSigner(seed)
	if err != nil {
		t.Fatal(err)
	}
	token, err := s.Sign(testCredential(), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	body, err := Verify(token, s.KeySet())
	if err != nil {
		t.Fatal(err)
	}
	var p map[string]any
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	if p["iss"] != "https://kring.example/issuer" || p["jti"] != "https://kring.example/certificates/K7QM-2PXD-9HTC-W4RN" ||
		p["nbf"] != float64(time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC).Unix()) || p["iat"] != float64(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC).Unix()) {
		t.Errorf("claims: iss %v jti %v nbf %v iat %v", p["iss"], p["jti"], p["nbf"], p["iat"])
	}
	if _, ok := p["sub"]; ok {
		t.Error("sub set for a subject without an id")
	}
	if strings.Contains(string(body), "a@example.com") {
		t.Error("the payload holds the plain e-mail address")
	}

	// The same seed is the same key; another seed is not.
	same, _ := NewSigner(seed)
	other, _ := NewSigner(bytes.Repeat([]byte{8}, SeedSize))
	if same.KeyID() != s.KeyID() || other.KeyID() == s.KeyID() {
		t.Errorf("kids: %s, %s, %s", s.KeyID(), same.KeyID(), other.KeyID())
	}
	if _, err := Verify(token, other.KeySet()); !errors.Is(err, ErrInvalid) {
		t.Errorf("verified with an unknown key set: %v", err)
	}
	// A key under the right kid but of another seed: the signature does not match.
	forged := other.KeySet()
	forged.Keys[0].KeyID = s.KeyID()
	if _, err := Verify(token, forged); !errors.Is(err, ErrInvalid) {
		t.Errorf("verified with another key under the same kid: %v", err)
	}
	for _, bad := range []string{"", "a.b", "a.b.c", token + "x"} {
		if _, err := Verify(bad, s.KeySet()); !errors.Is(err, ErrInvalid) {
			t.Errorf("Verify(%.20q) = %v, want ErrInvalid", bad, err)
		}
	}
	// Another algorithm is refused before any key is tried.
	hs, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: []byte("0123456789abcdef0123456789abcdef")}, nil)
	jws, _ := hs.Sign(body)
	compact, _ := jws.CompactSerialize()
	if _, err := Verify(compact, s.KeySet()); !errors.Is(err, ErrInvalid) {
		t.Errorf("an HS256 token: %v", err)
	}
}

func TestNewSignerRefusesAShortSeed(t *testing.T) {
	if _, err := NewSigner(make([]byte, 16)); err == nil {
		t.Error("a 16-byte seed was accepted")
	}
}
