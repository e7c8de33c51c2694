package room

// What the room page's script needs to know about the room, from the room itself: the names
// of the boards, themes and kinds of personal data as people read them. The page sends them
// to room.js with its strings (server/room_page.go), so none of them is written twice.

// kinds are the kinds of personal data the room names in its messages.
func kinds() []string {
	return []string{"BSN", "Email", "Phone", "IBAN", "PostcodeHouse", "BirthDate", "NameInitials"}
}

// BoardLabels names every board in lang.
func BoardLabels(lang string) map[string]string {
	out := map[string]string{}
	for _, b := range Boards() {
		out[b] = BoardLabel(b, lang)
	}
	return out
}

// ThemeLabels names every theme in lang.
func ThemeLabels(lang string) map[string]string {
	out := map[string]string{}
	for _, t := range Themes() {
		out[t] = ThemeLabel(t, lang)
	}
	return out
}

// KindLabels names the kinds of personal data in lang, as the room's error messages do.
func KindLabels(lang string) map[string]string {
	out := map[string]string{}
	for _, k := range kinds() {
		if n, ok := kindName(k); ok {
			out[k] = n[langIndex(lang)]
		}
	}
	return out
}
