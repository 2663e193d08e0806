// Package fakeghtest is the part of the emulated GitHub (package fakegh)
// that only tests and the benchmark need, kept out of the actionsql binary
// that serves `--demo` from fakegh: injected faults, what goes wrong with
// real GitHub now and then, on demand. Inject turns a choice of fault per
// request into a fakegh.Options.Intercept; FaultInjector chooses faults
// for a fraction of first tries, reproducibly.
package fakeghtest
