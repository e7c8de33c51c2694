package modules

import (
	"hash/fnv"
	"strconv"
)

// OptionOrder is the order in which one person sees the options of a check
// prompt: order[pos] is the index in Options of the option shown at
// position pos. It is a permutation seeded by the person and the prompt, so
// it stays the same for that person across reloads and differs between
// people; the right answer's place then tells nothing. The generator is
// written out here (not math/rand) so a Go upgrade never reshuffles a page
// someone is halfway through.
func (p *Prompt) OptionOrder(userID int64, module string) []int {
	order := make([]int, len(p.Options))
	for i := range order {
		order[i] = i
	}
	h := fnv.New64a()
	h.Write([]byte(strconv.FormatInt(userID, 10) + "\x00" + module + "\x00" + p.ID))
	state := h.Sum64()
	for i := len(order) - 1; i > 0; i-- {
		j := int(splitmix(&state) % uint64(i+1))
		order[i], order[j] = order[j], order[i]
	}
	return order
}

// OptionAt maps a position a person chose on the page back to the index
// in Options; ok is false for a position that does not exist.
func (p *Prompt) OptionAt(userID int64, module string, pos int) (int, bool) {
	if pos < 0 || pos >= len(p.Options) {
		return -1, false
	}
	return p.OptionOrder(userID, module)[pos], true
}

// splitmix advances state and returns the next value of the SplitMix64
// sequence, a small generator with good spread for seeding from a hash.
func splitmix(state *uint64) uint64 {
	*state += 0x9e3779b97f4a7c15
	z := *state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
