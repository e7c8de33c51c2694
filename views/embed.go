// Package views holds Kring's HTML templates, embedded so the binary carries its own pages:
// layouts/ (the page frame), partials/ (the NL Design System components every form and page is
// built from, so no page repeats a field's markup or ARIA wiring) and pages/.
package views

import "embed"

// FS is parsed once at start-up by the template engine.
//
//go:embed layouts partials pages
var FS embed.FS
