package i18n

import "strings"

// Prefixed returns, in lang, every message whose id starts with prefix, keyed by the rest of
// its id. A script that builds its interface itself (the live room) gets its strings from the
// catalogue in one piece this way, instead of carrying a copy of them.
func (c *Catalog) Prefixed(lang, prefix string) map[string]string {
	out := map[string]string{}
	for id := range c.ids["nl"] {
		if rest, ok := strings.CutPrefix(id, prefix); ok && rest != "" {
			out[rest] = c.T(lang, id)
		}
	}
	return out
}
