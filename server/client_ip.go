package server

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// ParseTrustedProxies reads the -trusted-proxies setting: addresses and CIDR ranges separated
// by commas or spaces, e.g. "127.0.0.1, 10.0.0.0/8". A bare address is a range of one.
func ParseTrustedProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("trusted proxy %q: %w", f, err)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("trusted proxy %q: %w", f, err)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// clientIP is the address used for limits and logs. The proxy header is believed only when
// the direct peer is a trusted proxy; then the header is read from the right (each proxy
// appends the address it saw) and the first address that is not a trusted proxy is the
// client. Everything left of it was written by the client and is never used. A value that is
// not an IP address ends the walk and the header is ignored.
func (s *Server) clientIP(c *fiber.Ctx) string {
	peer := c.Context().RemoteIP().String()
	var values []string
	if s.cfg.ProxyHeader != "" {
		for _, v := range c.Request().Header.PeekAll(s.cfg.ProxyHeader) {
			values = append(values, string(v))
		}
	}
	return clientAddr(peer, values, s.cfg.TrustedProxies)
}

// clientAddr is clientIP's rule on plain values, for table tests: peer is the direct
// connection's address, header the proxy header's lines in order.
func clientAddr(peer string, header []string, trusted []netip.Prefix) string {
	p, err := netip.ParseAddr(peer)
	if err != nil || !isTrusted(p, trusted) {
		return peer
	}
	var hops []string
	for _, line := range header {
		hops = append(hops, strings.Split(line, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return peer
		}
		if !isTrusted(a, trusted) {
			return a.Unmap().String()
		}
	}
	return peer // only trusted proxies: the request came from one of them
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	a = a.Unmap()
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
