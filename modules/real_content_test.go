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

// Every method goes over the earlier meetings' agreements in its opening phase, so they come
// back whichever method the coach picks.
func TestRealMethodsOpenWithAgreements(t *testing.T) {
	cat, err := Load(content.FS)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	for _, m := range cat.Methods {
		if len(m.Phases) == 0 || !m.Phases[0].Agreements {
			t.Errorf("method %s: its first phase does not set agreements: true", m.Slug)
		}
	}
}
