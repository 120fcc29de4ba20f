/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stop requests: how the host asks an image to end cleanly.
 *
 * The host's request is the ACPI power button (QEMU `system_powerdown`,
 * which `nfkit stop`, Ctrl-C under `nfkit run` and `virsh shutdown` send).
 * The platform takes it as an interrupt -- nothing is polled, so an
 * application pays nothing until it comes (docs/platform.md) -- and then:
 *   1. sets the stop flag, read by ukplat_stop_requested();
 *   2. runs the application's SIGTERM handler, or, if only SIGINT has one,
 *      the SIGINT handler (<signal.h>; signal() or sigaction()), at the
 *      point where the interrupt found the application, like a signal.
 * A network function either polls the flag in its main loop or registers a
 * handler that sets its own quit flag (what DPDK applications do); then it
 * prints its final statistics and returns from main() with 0.
 *
 * With no handler, a stop request only sets the flag: an application that
 * neither polls it nor handles a signal keeps running, and the host ends it
 * after its time-out (`nfkit stop --timeout`).
 */
#ifndef UK_PLAT_STOP_H
#define UK_PLAT_STOP_H

/* The signal of the first stop request (SIGTERM, SIGINT), 0 until then. */
extern volatile int ukplat_stop_signal;

/*
 * Nonzero (the request's signal number) once a stop was requested. One load
 * of a variable: cheap enough for every iteration of a polling loop.
 */
static inline int ukplat_stop_requested(void)
{
	return ukplat_stop_signal;
}

/*
 * Request a stop from inside the image, exactly as the host's request does:
 * set the flag (the first request's signal stays) and run the handler of
 * `sig`, or else of the other of SIGINT/SIGTERM, if the application has one.
 * The platform's own interrupt path calls this for the power button with
 * SIGTERM. Returns 0, or -EINVAL if `sig` is neither SIGINT nor SIGTERM.
 */
int ukplat_stop_request(int sig);

#endif /* UK_PLAT_STOP_H */
