package server

// agreementRoomKeys are the strings of the room's list of earlier agreements
// (static/js/room_agreements.js), by the name the script uses.
var agreementRoomKeys = [...]string{"title", "intro", "who", "due", "agreed", "carriedBefore", "done", "carry",
	"open", "isDone", "isCarried", "reviewed", "nobody", "pending"}

// agreementRoomText gives the room page the strings of the earlier agreements' list in the
// page's language, from the agreements catalogue, so the script holds no translations.
func (s *Server) agreementRoomText(lang string) map[string]string {
	out := make(map[string]string, len(agreementRoomKeys))
	for _, k := range agreementRoomKeys {
		out[k] = s.msg.T(lang, "agreements.room."+k)
	}
	return out
}
