// Package content holds Kring's learning content (modules, the question bank
// and intervision methods) as plain files, embedded in the binary so a
// deployment is a single file and content cannot drift from the code that
// validates it. The format is described in docs/content-format.md.
package content

import "embed"

// FS is the embedded content tree, rooted so that "modules", "prompts" and
// "methods" are top-level directories. It is immutable, which is why it may
// live at package level; load it with modules.Load.
//
//go:embed modules prompts methods
var FS embed.FS
