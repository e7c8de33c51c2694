package room

// The scale question follows the method, as the boards do: it is asked in the phases whose
// method says so (PhaseInfo.Scale). In another phase the coach can still ask it by hand
// (scale.allow, an event, so it replays), for the rest of that phase; until then scale.open and
// scale.answer get a scale_closed error. Before the start, and in a method without phases,
// nothing is restricted.

// ScaleAsked tells whether the scale question may be opened and answered now.
func (s *State) ScaleAsked() bool {
	p := s.CurrentPhase()
	return p == nil || p.Scale || s.ScaleAllowed
}

// decideScaleAllow checks scale.allow (coach only, checked by decide).
func (d *decider) decideScaleAllow(ev Event) (Event, *frameError) {
	if d.st.Phase < 0 {
		return ev, ferr(CodeNotStarted, "not_started")
	}
	if d.st.ScaleAsked() {
		return ev, ferr(CodeInvalid, "scale_allowed")
	}
	return ev, nil
}

// scaleClosed refuses a scale action in a phase that does not ask the scale question.
func (d *decider) scaleClosed() *frameError {
	if d.st.ScaleAsked() {
		return nil
	}
	return ferr(CodeScaleClosed, "scale_closed")
}

// scaleMessage holds the messages of the scale's phase rule in Dutch and English.
func scaleMessage(key string) ([2]string, bool) {
	switch key {
	case "scale_closed":
		return [2]string{"In deze fase wordt de schaalvraag niet gesteld. De coach kan haar toch openen.",
			"The scale question is not asked in this phase. The coach can open it anyway."}, true
	case "scale_allowed":
		return [2]string{"De schaalvraag kan in deze fase al worden gesteld.", "The scale question can already be asked in this phase."}, true
	}
	return [2]string{}, false
}
