// Package static holds the files browsers load as they are: Kring's CSS and JavaScript, images,
// and the vendored NL Design System component CSS with its licence. Embedded so the binary runs
// anywhere.
package static

import "embed"

// FS is served under /static/.
//
//go:embed css js img vendor/utrecht
var FS embed.FS
