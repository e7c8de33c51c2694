package server

import (
	"crypto/subtle"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"kring/server/auth"
)

// httpMetrics counts requests by route pattern (never by raw path, which would explode the
// label set) and status, for the load tool and the operator's dashboards.
type httpMetrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newHTTPMetrics(reg prometheus.Registerer) *httpMetrics {
	m := &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "kring_http_requests_total", Help: "HTTP requests by route and status."}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "kring_http_request_seconds", Help: "HTTP request duration by route.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}}, []string{"method", "route"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

func (m *httpMetrics) observe(method, route string, status int, took time.Duration) {
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(method, route).Observe(took.Seconds())
}

// showMetrics serves Prometheus text to a municipality admin's browser or to a scraper that
// presents the configured bearer token.
func (s *Server) showMetrics(c *fiber.Ctx) error {
	allowed := false
	if u := currentUser(c); u != nil && s.policy.Allows(auth.Role(u.Role), auth.ViewMetrics) {
		allowed = true
	}
	if tok := s.cfg.MetricsToken; tok != "" {
		if subtle.ConstantTimeCompare([]byte(c.Get(fiber.HeaderAuthorization)), []byte("Bearer "+tok)) == 1 {
			allowed = true
		}
	}
	if !allowed {
		if currentUser(c) == nil {
			return fiber.NewError(fiber.StatusUnauthorized)
		}
		return fiber.NewError(fiber.StatusForbidden)
	}
	return adaptor.HTTPHandler(promhttp.HandlerFor(s.metrics, promhttp.HandlerOpts{}))(c)
}
