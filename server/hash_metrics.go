package server

import (
	"github.com/prometheus/client_golang/prometheus"

	"kring/server/auth"
)

// registerHashMetrics shows the password hasher's load on /metrics: hashes done, running now
// and the most ever at once, beside the number of slots. An operator sees a sign-in storm (or
// a guessing attack) as running == slots before people see the "many people" message.
func registerHashMetrics(reg prometheus.Registerer, h *auth.Hasher) {
	reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "kring_password_hashes_total", Help: "Password hashes computed (sign-in checks, dummy checks, new passwords)."},
			func() float64 { return float64(h.Stats().Done) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kring_password_hashes_running", Help: "Password hashes running now."},
			func() float64 { return float64(h.Stats().Running) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kring_password_hashes_peak", Help: "Most password hashes ever running at once."},
			func() float64 { return float64(h.Stats().Peak) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "kring_password_hash_slots", Help: "Password hashes allowed at once (memory bound)."},
			func() float64 { return float64(h.Slots()) }),
	)
}
