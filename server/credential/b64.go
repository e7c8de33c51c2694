package credential

import "encoding/base64"

// base64URL is unpadded base64url, the encoding of JOSE: key ids are thumbprints in it.
func base64URL(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
