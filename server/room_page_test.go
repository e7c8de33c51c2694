package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"testing"

	"kring/server/room"
)

// The room page hands room.js every string, limit, board and theme from one place (the
// catalogue and the room's configuration), in the reader's language; room.js itself carries
// none, so every string it reads must be in the page's "t" in both languages.
func TestRoomPageStringsFromOnePlace(t *testing.T) {
	ts := newTestServer(t).withDemo()
	path := "/meetings/" + strconv.FormatInt(ts.demoMeeting().ID, 10)
	src, err := os.ReadFile("../static/js/room.js")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{"connected": true, "reconnecting": true, "offline": true} // setConn reads T[state]
	for _, m := range regexp.MustCompile(`\bT\.([A-Za-z]+)`).FindAllStringSubmatch(string(src), -1) {
		used[m[1]] = true
	}
	if len(used) < 80 {
		t.Fatalf("found only %d strings used in room.js", len(used))
	}
	for _, m := range regexp.MustCompile(`\blimits\.([A-Za-z]+)`).FindAllStringSubmatch(string(src), -1) {
		if _, ok := (room.Config{}).PageLimits()[m[1]]; !ok {
			t.Errorf("room.js reads limits.%s, which the room does not send", m[1])
		}
	}
	if regexp.MustCompile(`T_NL|T_EN|maxlength: '\d+'|card: 1000`).Match(src) {
		t.Error("room.js still carries its own strings or limits")
	}
	for _, tc := range []struct{ lang, connected, board string }{
		{"en", "connected", "Bottlenecks"},
		{"nl", "verbonden", "Knelpunten"}, // last: the coach reads Dutch again below
	} {
		t.Run(tc.lang, func(t *testing.T) {
			c := ts.as("coach@kring.example")
			if p := c.post("/account", url.Values{"name": {"Hanneke de Wit"}, "lang": {tc.lang}}); p.Status != http.StatusSeeOther {
				t.Fatalf("choose %s: status %d", tc.lang, p.Status)
			}
			p := c.get(path)
			mm := roomDataRe.FindStringSubmatch(p.Body)
			if mm == nil {
				t.Fatal("no room-data JSON")
			}
			var data struct {
				Lang       string                     `json:"lang"`
				Limits     map[string]int             `json:"limits"`
				BoardOrder []string                   `json:"boardOrder"`
				Themes     map[string]string          `json:"themes"`
				T          map[string]json.RawMessage `json:"t"`
			}
			if err := json.Unmarshal([]byte(mm[1]), &data); err != nil {
				t.Fatalf("room-data is not JSON: %v", err)
			}
			if data.Lang != tc.lang || data.Limits["card"] != 1000 || data.Limits["groupTitle"] != 80 || len(data.BoardOrder) != 5 || len(data.Themes) != len(room.Themes()) {
				t.Errorf("room-data: lang %q limits %v boards %v, %d themes", data.Lang, data.Limits, data.BoardOrder, len(data.Themes))
			}
			for key := range used {
				raw, ok := data.T[key]
				if !ok {
					t.Errorf("room.js uses T.%s, which the page does not send", key)
					continue
				}
				var text string
				if json.Unmarshal(raw, &text) == nil && (text == "" || text == "roomjs."+key) {
					t.Errorf("T.%s is %q", key, text)
				}
			}
			var s string
			_ = json.Unmarshal(data.T["connected"], &s)
			var boards, addLabel map[string]string
			_ = json.Unmarshal(data.T["boards"], &boards)
			_ = json.Unmarshal(data.T["addLabel"], &addLabel)
			if s != tc.connected || boards["bottleneck"] != tc.board {
				t.Errorf("strings not in %s: connected %q, bottleneck %q", tc.lang, s, boards["bottleneck"])
			}
			for _, b := range data.BoardOrder {
				if addLabel[b] == "" {
					t.Errorf("no add label for board %s", b)
				}
			}
		})
	}
	// The projector view runs the same script on the same data.
	scr := ts.as("coach@kring.example").get(path + "/scherm")
	if mm := roomDataRe.FindStringSubmatch(scr.Body); mm == nil || !regexp.MustCompile(`"connected":"verbonden"`).MatchString(mm[1]) {
		t.Error("the projector view lacks the room's strings")
	}
}
