package store

import (
	"context"
	"errors"
	"testing"
)

func TestNetworkMapsAreVersionedAndPrivate(t *testing.T) {
	s, a, b := learningStore(t)
	ctx := context.Background()
	id, err := s.CreateNetworkMap(ctx, NewNetworkMap{OwnerID: a, Kind: MapOwn, Title: "Mijn netwerk", Date: "2026-11-01", Body: []byte(`{"v":1}`)})
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.SaveNetworkMap(ctx, a, id, "Mijn netwerk nu", "2026-11-30", []byte(`{"v":2}`))
	if err != nil || n != 2 {
		t.Fatalf("save: n=%d err=%v", n, err)
	}
	m, err := s.NetworkMap(ctx, a, id)
	if err != nil {
		t.Fatal(err)
	}
	if m.Version != 2 || m.Title != "Mijn netwerk nu" || m.Date != "2026-11-30" || string(m.Body) != `{"v":2}` || m.Kind != MapOwn {
		t.Errorf("latest version: %+v", m)
	}
	// Another person can neither read, save nor copy it, and is told it does not exist.
	if _, err := s.NetworkMap(ctx, b, id); !errors.Is(err, ErrNotFound) {
		t.Errorf("other reads: %v", err)
	}
	if _, err := s.SaveNetworkMap(ctx, b, id, "x", "2026-11-30", []byte(`{}`)); !errors.Is(err, ErrNotFound) {
		t.Errorf("other saves: %v", err)
	}
	if _, err := s.CreateNetworkMap(ctx, NewNetworkMap{OwnerID: b, Kind: MapOwn, Title: "x", Date: "2026-11-30", Body: []byte(`{}`), CopiedFrom: id}); !errors.Is(err, ErrNotFound) {
		t.Errorf("other copies: %v", err)
	}
	if m, _ := s.NetworkMap(ctx, a, id); m.Version != 2 {
		t.Errorf("a refused save changed the map: version %d", m.Version)
	}
	cp, err := s.CreateNetworkMap(ctx, NewNetworkMap{OwnerID: a, Kind: MapOwn, Title: "kopie", Date: "2026-12-01", Body: m.Body, CopiedFrom: id})
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.NetworkMaps(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != cp || list[0].CopiedFrom != id || list[0].Version != 1 {
		t.Errorf("list %+v", list)
	}
	if l, _ := s.NetworkMaps(ctx, b); len(l) != 0 {
		t.Errorf("b sees %d maps", len(l))
	}
	if _, err := s.CreateNetworkMap(ctx, NewNetworkMap{OwnerID: a, Kind: "secret", Title: "x", Date: "2026-12-01", Body: []byte(`{}`)}); err == nil {
		t.Error("unknown kind stored")
	}
}
