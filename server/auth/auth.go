// Package auth holds the rules of who may do what in Kring: password hashing, secret tokens,
// the four roles, the permission table and the login rate limiter. It knows nothing of HTTP or
// SQL, so every rule can be tested on its own and the handlers only ask it questions.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"

	"github.com/alexedwards/argon2id"
)

// ErrWeakPassword is returned for passwords that are too short or too long, so forms can show
// the rule next to the field.
var ErrWeakPassword = errors.New("password must be 10 to 200 characters")

// MinPasswordLen is the shortest password Kring accepts; long passphrases beat complex rules.
const MinPasswordLen = 10

// Hasher hashes and checks passwords with argon2id. Its cost is a field so tests can use a
// cheap setting while production uses the recommended one.
type Hasher struct {
	params *argon2id.Params
}

// NewHasher returns the production hasher: argon2id with 64 MiB memory and one pass, the
// RFC 9106 second recommendation, tuned for a 2-core server.
func NewHasher() *Hasher {
	return &Hasher{params: &argon2id.Params{
		Memory:      64 * 1024,
		Iterations:  1,
		Parallelism: uint8(min(runtime.NumCPU(), 4)),
		SaltLength:  16,
		KeyLength:   32,
	}}
}

// NewTestHasher returns a cheap hasher for tests only: the same algorithm and format, so a
// hash made by either verifies with both.
func NewTestHasher() *Hasher {
	return &Hasher{params: &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}}
}

// CheckPasswordRules validates a new password before it is hashed.
func CheckPasswordRules(pw string) error {
	n := len([]rune(pw))
	if n < MinPasswordLen || n > 200 {
		return ErrWeakPassword
	}
	return nil
}

// Hash returns the encoded argon2id hash (PHC string with its own salt and parameters).
func (h *Hasher) Hash(pw string) (string, error) {
	s, err := argon2id.CreateHash(pw, h.params)
	if err != nil {
		return "", fmt.Errorf("auth: hash password: %w", err)
	}
	return s, nil
}

// Verify reports whether pw matches the stored hash. A malformed hash is an error, not a
// mismatch, so a corrupted row is noticed in the logs.
func (h *Hasher) Verify(pw, hash string) (bool, error) {
	if hash == "" {
		// A person who only signs in with a work account has no password: never a match,
		// in the same time as a real check.
		h.DummyVerify(pw)
		return false, nil
	}
	ok, err := argon2id.ComparePasswordAndHash(pw, hash)
	if err != nil {
		return false, fmt.Errorf("auth: verify password: %w", err)
	}
	return ok, nil
}

// DummyVerify spends the same time as a real check, so an unknown e-mail address cannot be told
// apart from a wrong password by timing.
func (h *Hasher) DummyVerify(pw string) {
	_, _ = argon2id.CreateHash(pw, h.params)
}

// NewToken returns a random URL-safe secret of 32 bytes: session ids, invite and setup links.
func NewToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		// crypto/rand never fails on Linux; if it does, nothing secret can be made safely.
		panic(fmt.Sprintf("auth: crypto/rand failed: %v", err))
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is what the database keeps of a secret token: a stolen database file then holds
// no usable session or invite.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}
