package modules

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Problem is one defect in the content, located precisely enough that a
// content writer can jump to it from `kring content check` output.
type Problem struct {
	// File is the path relative to the root of the loaded fs.FS, e.g.
	// "modules/snv-visie/module.yaml".
	File string
	// Line is 1-based; 0 means the problem concerns the file as a whole.
	Line int
	// Msg says what is wrong, in terms of the content format.
	Msg string
	// Warning marks a weakness that does not stop the content from loading
	// (such as check questions whose right answer is easy to guess), so
	// writers see it in `kring content check` while learners are not blocked.
	Warning bool
}

// String renders the problem in the conventional file:line: msg form that
// editors and terminals recognise as a location.
func (p Problem) String() string {
	msg := p.Msg
	if p.Warning {
		msg = "warning: " + msg
	}
	if p.Line <= 0 {
		return fmt.Sprintf("%s: %s", p.File, msg)
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, msg)
}

// Problems collects every defect found in one pass, so writers can fix all of
// them at once instead of one per run. It is the error type Load returns.
type Problems []Problem

// Error lists all problems one per line, so a refused start-up shows the
// complete picture.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

func (ps *Problems) add(file string, line int, format string, args ...any) {
	*ps = append(*ps, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (ps *Problems) warn(file string, line int, format string, args ...any) {
	*ps = append(*ps, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...), Warning: true})
}

// Errors returns the problems that are not warnings: the ones that make
// Load refuse the content.
func (ps Problems) Errors() Problems {
	var out Problems
	for _, p := range ps {
		if !p.Warning {
			out = append(out, p)
		}
	}
	return out
}

// sort orders problems by file and line so output is stable and readable.
func (ps Problems) sort() {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
}
