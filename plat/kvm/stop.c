/* SPDX-License-Identifier: BSD-3-Clause */
/* Stop requests: the flag and the delivery to signal handlers. */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <uk/plat/stop.h>

volatile int ukplat_stop_signal;

/* Whether the application installed a handler (not SIG_DFL/SIG_IGN). */
static int handled(int sig)
{
	struct sigaction sa;

	if (sigaction(sig, NULL, &sa))
		return 0;
	return sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN;
}

int ukplat_stop_request(int sig)
{
	int other;

	if (sig != SIGINT && sig != SIGTERM)
		return -EINVAL;
	if (!ukplat_stop_signal)
		ukplat_stop_signal = sig;
	other = sig == SIGINT ? SIGTERM : SIGINT;
	/* Only a handler runs: SIG_DFL must not end the image here. */
	if (handled(sig))
		raise(sig);
	else if (handled(other))
		raise(other);
	return 0;
}
