package room

import (
	"fmt"
	"strings"
)

// boardArg is a board named in a message: message() puts in its label in the reader's language.
type boardArg string

// frameError is a rejected action: the code, a message key with its arguments, and for
// personal_data the kinds found.
type frameError struct {
	code  string
	key   string
	args  []any
	kinds []string
}

func ferr(code, key string, args ...any) *frameError {
	return &frameError{code: code, key: key, args: args}
}

// messageText holds every error message in Dutch and English, keyed by message key.
func messageText(key string) ([2]string, bool) {
	switch key {
	case "bad_frame":
		return [2]string{"Dit bericht kon niet worden gelezen.", "This message could not be read."}, true
	case "too_large":
		return [2]string{"Dit bericht is te groot (maximaal %d bytes).", "This message is too large (at most %d bytes)."}, true
	case "hello_first":
		return [2]string{"Stuur eerst een hello-bericht.", "Send a hello message first."}, true
	case "unknown_op":
		return [2]string{"Onbekende actie: %q.", "Unknown action: %q."}, true
	case "missing_field":
		return [2]string{"Er ontbreekt een veld: %s.", "A field is missing: %s."}, true
	case "bad_id":
		return [2]string{"Ongeldig id: gebruik 1 tot 64 letters, cijfers, - of _.", "Invalid id: use 1 to 64 letters, digits, - or _."}, true
	case "empty_text":
		return [2]string{"De tekst is leeg.", "The text is empty."}, true
	case "bad_text":
		return [2]string{"De tekst bevat ongeldige tekens.", "The text contains invalid characters."}, true
	case "bad_board":
		return [2]string{"Onbekend bord: %q.", "Unknown board: %q."}, true
	case "too_long":
		return [2]string{"Deze tekst is te lang: maximaal %d tekens.", "This text is too long: at most %d characters."}, true
	case "not_member":
		return [2]string{"Je bent geen lid van deze groep.", "You are not a member of this group."}, true
	case "coach_only":
		return [2]string{"Dat kan alleen de coach.", "Only the coach can do that."}, true
	case "not_author":
		return [2]string{"Alleen de schrijver of de coach kan deze kaart wijzigen.", "Only the author or the coach can change this card."}, true
	case "card_not_found":
		return [2]string{"Deze kaart bestaat niet (meer).", "This card does not exist (any more)."}, true
	case "closed":
		return [2]string{"Deze bijeenkomst is gesloten.", "This meeting is closed."}, true
	case "not_started":
		return [2]string{"De bijeenkomst is nog niet gestart.", "The meeting has not started yet."}, true
	case "started":
		return [2]string{"De bijeenkomst is al gestart.", "The meeting has already started."}, true
	case "first_phase":
		return [2]string{"Dit is de eerste fase.", "This is the first phase."}, true
	case "last_phase":
		return [2]string{"Dit is de laatste fase.", "This is the last phase."}, true
	case "timer_zero":
		return [2]string{"De timer staat op nul: voeg eerst minuten toe.", "The timer is at zero: add minutes first."}, true
	case "bad_minutes":
		return [2]string{"Kies een aantal minuten van -120 tot 120, niet 0.", "Choose a number of minutes from -120 to 120, not 0."}, true
	case "personal_data":
		return [2]string{"Deze tekst bevat persoonsgegevens (%s). Maak de tekst anoniem.", "This text contains personal data (%s). Please anonymise it."}, true
	case "rate_limited":
		return [2]string{"Je voegt te snel kaarten toe: maximaal %d per minuut.", "You are adding cards too fast: at most %d per minute."}, true
	case "rate_limited_action":
		return [2]string{"Dat gaat te snel: maximaal %d keer per minuut. Wacht even.", "That is too fast: at most %d times a minute. Please wait a moment."}, true
	case "replaced":
		return [2]string{"Deze bijeenkomst is in een ander venster geopend.", "This meeting was opened in another window."}, true
	case "vote_limit":
		return [2]string{"Je hebt al je %d stemmen gebruikt.", "You have used all your %d votes."}, true
	case "no_vote":
		return [2]string{"Je hebt geen stem op deze kaart.", "You have no vote on this card."}, true
	case "owner_agreement":
		return [2]string{"Alleen een afspraak heeft een eigenaar en een datum.", "Only an agreement has an owner and a date."}, true
	case "same_board":
		return [2]string{"Samenvoegen kan alleen met een andere kaart op hetzelfde bord.", "Merge only with another card on the same board."}, true
	case "bad_theme":
		return [2]string{"Onbekend thema: %q.", "Unknown theme: %q."}, true
	case "no_scale":
		return [2]string{"Er staat geen schaalvraag open.", "No scale question is open."}, true
	case "bad_value":
		return [2]string{"Kies een waarde van 0 tot en met 10.", "Choose a value from 0 to 10."}, true
	case "bad_since":
		return [2]string{"since moet 0 of groter zijn.", "since must be 0 or more."}, true
	case "unavailable":
		return [2]string{"Opslaan is niet gelukt. Probeer het zo opnieuw.", "Saving failed. Please try again shortly."}, true
	case "kicked":
		return [2]string{"Je bent geen lid meer van deze groep.", "You are no longer a member of this group."}, true
	case "board_closed":
		return [2]string{"Het bord %s is in deze fase dicht. De coach kan het openen.", "The board %s is closed in this phase. The coach can open it."}, true
	case "board_open":
		return [2]string{"Het bord %s is al open.", "The board %s is already open."}, true
	case "not_voting":
		return [2]string{"In deze fase wordt niet gestemd.", "There is no vote in this phase."}, true
	case "vote_board":
		return [2]string{"In deze fase stem je op %s.", "In this phase you vote on %s."}, true
	case "hidden_card":
		return [2]string{"Dit kaartje is nog verborgen. Wacht tot de coach de kaartjes toont.", "This card is still hidden. Wait until the coach reveals the cards."}, true
	case "nothing_hidden":
		return [2]string{"Er zijn geen verborgen kaartjes.", "There are no hidden cards."}, true
	case "not_agreement":
		return [2]string{"Een afspraak kan niet worden gekozen om te bespreken.", "An agreement cannot be chosen for discussion."}, true
	case "scribe_only":
		return [2]string{"Alleen de coach of de notulist kan notities maken.", "Only the coach or the scribe can take notes."}, true
	case "note_not_found":
		return [2]string{"Deze notitie bestaat niet (meer).", "This note does not exist (any more)."}, true
	case "not_note_author":
		return [2]string{"Alleen wie de notitie schreef of de coach kan haar wijzigen.", "Only the note's writer or the coach can change it."}, true
	case "not_a_member":
		return [2]string{"Deze persoon is geen lid van de groep.", "This person is not a member of the group."}, true
	case "bad_due":
		return [2]string{"Geef de datum als jjjj-mm-dd.", "Give the date as yyyy-mm-dd."}, true
	case "anonymous_late":
		return [2]string{"Er zijn al kaartjes geschreven: anoniem werken kan alleen vanaf het begin.", "Cards have already been written: anonymous cards can only be chosen at the start."}, true
	case "not_text":
		return [2]string{"Alleen tekstberichten met JSON zijn toegestaan.", "Only text messages with JSON are allowed."}, true
	}
	// The messages of the room's features, each kept beside its feature.
	for _, feature := range [...]func(string) ([2]string, bool){groupMessage, priorMessage, scaleMessage, mapMessageText} {
		if m, ok := feature(key); ok {
			return m, true
		}
	}
	return [2]string{}, false
}

// kindName names the personal-data kinds as people read them.
func kindName(key string) ([2]string, bool) {
	switch key {
	case "BSN":
		return [2]string{"BSN", "citizen service number (BSN)"}, true
	case "Email":
		return [2]string{"e-mailadres", "e-mail address"}, true
	case "Phone":
		return [2]string{"telefoonnummer", "phone number"}, true
	case "IBAN":
		return [2]string{"rekeningnummer", "bank account"}, true
	case "PostcodeHouse":
		return [2]string{"adres", "address"}, true
	case "BirthDate":
		return [2]string{"geboortedatum", "date of birth"}, true
	case "NameInitials":
		return [2]string{"naam", "name"}, true
	}
	return [2]string{}, false
}

func langIndex(lang string) int {
	if lang == "en" {
		return 1
	}
	return 0
}

// message renders the error's message in lang.
func (e *frameError) message(lang string) string {
	i := langIndex(lang)
	args := e.args
	if e.code == CodePersonalData {
		names := make([]string, len(e.kinds))
		for j, k := range e.kinds {
			if n, ok := kindName(k); ok {
				names[j] = n[i]
			} else {
				names[j] = k
			}
		}
		args = []any{strings.Join(names, ", ")}
	}
	m, ok := messageText(e.key)
	if !ok {
		return e.code
	}
	for j, a := range args {
		if b, isBoard := a.(boardArg); isBoard {
			args = append([]any(nil), args...)
			args[j] = BoardLabel(string(b), lang)
		}
	}
	if len(args) == 0 {
		return m[i]
	}
	return fmt.Sprintf(m[i], args...)
}
