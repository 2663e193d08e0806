package fakegh

import (
	"math/rand/v2"
	"time"
)

// Runner pools of the data set. Hosted runners are picked up within
// seconds (macOS is the slowest to come online); the self-hosted pools are
// small, so their jobs queue for minutes.
var (
	poolUbuntu = &runnerPool{labels: []string{"ubuntu-latest"}, os: osLinux,
		groupID: 2, groupName: "GitHub Actions", queueMin: 2 * time.Second, queueMax: 15 * time.Second}
	poolMacOS = &runnerPool{labels: []string{"macos-14"}, os: osMacOS,
		groupID: 2, groupName: "GitHub Actions", queueMin: 5 * time.Second, queueMax: 90 * time.Second}
	poolWindows = &runnerPool{labels: []string{"windows-latest"}, os: osWindows,
		groupID: 2, groupName: "GitHub Actions", queueMin: 4 * time.Second, queueMax: 40 * time.Second}
	poolARM = &runnerPool{labels: []string{"self-hosted", "linux", "ARM64"}, os: osLinux, selfHosted: true,
		names:   []string{"arm64-runner-1", "arm64-runner-2", "arm64-runner-3", "arm64-runner-4"},
		firstID: 41, groupID: 3, groupName: "self-hosted-arm", queueMin: 20 * time.Second, queueMax: 6 * time.Minute}
	poolInfra = &runnerPool{labels: []string{"self-hosted", "linux", "X64"}, os: osLinux, selfHosted: true,
		names: []string{"infra-runner-1", "infra-runner-2"}, firstID: 12, groupID: 1, groupName: "Default",
		queueMin: 10 * time.Second, queueMax: 3 * time.Minute}
)

// jitter varies a duration in seconds by up to ±pct, never below 0.
func jitter(rng *rand.Rand, secs float64, pct float64) int {
	v := secs * (1 + pct*(2*rng.Float64()-1))
	return max(0, int(v+0.5))
}

// between draws whole seconds in [lo, hi].
func between(rng *rand.Rand, lo, hi int) int { return lo + rng.IntN(hi-lo+1) }

func checkoutStep(rng *rand.Rand) stepSpec {
	return stepSpec{"Run actions/checkout@v4", kindCheckout, between(rng, 1, 3)}
}

func postCheckout(rng *rand.Rand) stepSpec {
	return stepSpec{"Post Run actions/checkout@v4", kindPostCheckout, between(rng, 0, 1)}
}
