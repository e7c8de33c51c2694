package server

import (
	"net/http"
	"sync"
	"testing"
)

// TestFirstRendersAtOnceDoNotRace: the first pages a fresh server renders may come at the same
// time (Fiber fills a list on its first Render); under -race this fails unless New primed it.
func TestFirstRendersAtOnceDoNotRace(t *testing.T) {
	_, base := browserServer(t) // a real listener: app.Test would serialise the requests
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Get(base + "/login")
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			codes[i] = resp.StatusCode
		}()
	}
	wg.Wait()
	for i, c := range codes {
		if c != 200 {
			t.Errorf("request %d: HTTP %d, want 200", i, c)
		}
	}
}
