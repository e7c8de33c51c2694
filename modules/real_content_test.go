package modules

import (
	"testing"

	"kring/content"
)

// TestRealContent validates the embedded content in content/ exactly as
// `kring content check` and start-up do. Content writers: run
//
//	go test ./modules/ -run TestRealContent
//
// and fix every line it prints (paths are relative to the repository root).
func TestRealContent(t *testing.T) {
	probs := Check(content.FS)
	for _, p := range probs {
		t.Errorf("content/%s", p)
	}
	if len(probs) > 0 {
		t.Fatalf("%d problem(s) in content/", len(probs))
	}
	cat, err := Load(content.FS)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(cat.Modules) == 0 {
		t.Fatal("no modules in content/")
	}
}
