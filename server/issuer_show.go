package server

import (
	"github.com/gofiber/fiber/v2"

	"kring/server/credential"
)

// issuerShow serves the issuer's Open Badges 3.0 Profile at its stable URL, the id every
// credential names as its issuer, so anyone can look up who issued a credential.
func (s *Server) issuerShow(c *fiber.Ctx) error {
	p := s.issuerProfile()
	p.Context = []string{credential.ContextVC, credential.ContextOB}
	publicJSON(c)
	return c.JSON(p)
}

// publicJSON marks an answer as a public document any other site may read: the issuer profile
// and the key set are fetched by verifiers, in browsers too. Like every non-static answer it is
// not cached (TestNoStore); a verifier keeps its own copy of the key.
func publicJSON(c *fiber.Ctx) {
	c.Set(fiber.HeaderAccessControlAllowOrigin, "*")
}
