// Package migrations holds the numbered SQL files that build Kring's schema, embedded so the
// binary migrates any database it opens. Add a file with the next number; never edit one that
// has shipped.
package migrations

import "embed"

// FS is read by goose at start-up.
//
//go:embed *.sql
var FS embed.FS
