package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestTrustFlags: a bad proxy list or session lifetime stops the start with a message naming
// the flag; the environment fills both in.
func TestTrustFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-trusted-proxies", "proxy.example"}, "-trusted-proxies"},
		{[]string{"-trusted-proxies", "10.0.0.0/40"}, "-trusted-proxies"},
		{[]string{"-session-max-age", "-1h"}, "-session-max-age"},
	} {
		var out, errb bytes.Buffer
		err := run(append(tc.args, "-addr", "127.0.0.1:0", "-data", t.TempDir()), &out, &errb)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one naming %s", tc.args, err, tc.want)
		}
	}
	t.Setenv("KRING_TRUSTED_PROXIES", "127.0.0.1,10.0.0.0/8")
	t.Setenv("KRING_SESSION_MAX_AGE", "48h")
	o, _, err := parseFlags("kring", nil, &bytes.Buffer{})
	if err != nil || o.trustedProxies != "127.0.0.1,10.0.0.0/8" || o.sessionMaxAge != 48*time.Hour {
		t.Errorf("from the environment: %+v %v", o, err)
	}
}
