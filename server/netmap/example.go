package netmap

import (
	"embed"
	"fmt"
)

//go:embed examples/*.json
var examples embed.FS

// Example is the worked map of Kevin (27), the client of the module's lessons and of the
// practice case: the lesson shows it drawn, the example page explains it. It is content in
// Dutch, validated like any stored map.
func Example() (Map, error) {
	b, err := examples.ReadFile("examples/kevin.json")
	if err != nil {
		return Map{}, fmt.Errorf("netmap: example: %w", err)
	}
	m, _, err := Parse(b)
	if err != nil {
		return Map{}, fmt.Errorf("netmap: example: %w", err)
	}
	return m, nil
}
