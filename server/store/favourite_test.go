package store

import (
	"context"
	"testing"
)

func TestFavouritesTogglePerPerson(t *testing.T) {
	s, a, b := learningStore(t)
	ctx := context.Background()
	steps := []struct {
		user int64
		q    string
		want bool
	}{
		{a, "q1", true}, {a, "q2", true}, {b, "q1", true}, {a, "q1", false},
	}
	for i, st := range steps {
		got, err := s.ToggleFavourite(ctx, st.user, st.q)
		if err != nil {
			t.Fatal(err)
		}
		if got != st.want {
			t.Errorf("step %d: favourite = %v, want %v", i, got, st.want)
		}
	}
	fa, err := s.Favourites(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	fb, err := s.Favourites(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(fa) != 1 || !fa["q2"] || len(fb) != 1 || !fb["q1"] {
		t.Errorf("favourites a=%v b=%v", fa, fb)
	}
}
