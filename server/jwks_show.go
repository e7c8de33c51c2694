package server

import (
	"encoding/json"

	"github.com/gofiber/fiber/v2"
)

// jwksShow publishes the public key that verifies Kring's credentials, as a JSON Web Key Set
// (an OKP Ed25519 key with its kid, alg EdDSA, use sig), so a credential can be checked offline
// of Kring's pages once the key is fetched.
func (s *Server) jwksShow(c *fiber.Ctx) error {
	body, err := json.Marshal(s.credentials.KeySet())
	if err != nil {
		return err
	}
	publicJSON(c)
	c.Set(fiber.HeaderContentType, "application/jwk-set+json")
	return c.Send(body)
}
