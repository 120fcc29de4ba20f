/* SPDX-License-Identifier: BSD-3-Clause */
/* Signal handlers: the table, raise() and the sigset helpers. */
#include "nolibc.h"
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <uk/plat/terminate.h>

#define SET_WORD_BITS (8 * sizeof(unsigned long))

/* glibc's x86-64 layout (see <signal.h>): objects built against it link. */
_Static_assert(sizeof(struct sigaction) == 152, "struct sigaction size");
_Static_assert(offsetof(struct sigaction, sa_mask) == 8, "sa_mask offset");
_Static_assert(offsetof(struct sigaction, sa_flags) == 136, "sa_flags");
_Static_assert(offsetof(struct sigaction, sa_restorer) == 144, "restorer");
_Static_assert(sizeof(siginfo_t) == 128, "siginfo_t size");

static struct sigaction actions[_NSIG];
static sigset_t blocked;

static int valid(int sig)
{
	return sig > 0 && sig < _NSIG;
}

static int catchable(int sig)
{
	return valid(sig) && sig != SIGKILL && sig != SIGSTOP;
}

int sigaction(int signum, const struct sigaction *act, struct sigaction *oldact)
{
	if (act ? !catchable(signum) : !valid(signum)) {
		errno = EINVAL;
		return -1;
	}
	if (oldact)
		*oldact = actions[signum];
	if (act)
		actions[signum] = *act;
	return 0;
}

__sighandler_t signal(int signum, __sighandler_t handler)
{
	struct sigaction act, old;

	memset(&act, 0, sizeof(act));
	act.sa_handler = handler;
	act.sa_flags = SA_RESTART;
	if (sigaction(signum, &act, &old))
		return SIG_ERR;
	return old.sa_handler;
}

/* Signals whose default action is to be ignored (Linux). */
static int ignored_by_default(int sig)
{
	return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG ||
	       sig == SIGWINCH;
}

int raise(int sig)
{
	struct sigaction act;
	siginfo_t info;

	if (!valid(sig)) {
		errno = EINVAL;
		return -1;
	}
	act = actions[sig];
	if (act.sa_handler == SIG_IGN)
		return 0;
	if (act.sa_handler == SIG_DFL) {
		if (ignored_by_default(sig))
			return 0;
		/* Killed by the signal: no atexit handlers, as on Linux. */
		fflush(stdout);
		fprintf(stderr, "terminated by signal %d\n", sig);
		ukplat_terminate(1);
	}
	if (act.sa_flags & SA_RESETHAND)
		actions[sig].sa_handler = SIG_DFL;
	if (act.sa_flags & SA_SIGINFO) {
		memset(&info, 0, sizeof(info));
		info.si_signo = sig;
		info.si_code = SI_USER;
		act.sa_sigaction(sig, &info, NULL);
	} else {
		act.sa_handler(sig);
	}
	return 0;
}

int sigemptyset(sigset_t *set)
{
	memset(set, 0, sizeof(*set));
	return 0;
}

int sigfillset(sigset_t *set)
{
	memset(set, 0xff, sizeof(*set));
	return 0;
}

int sigaddset(sigset_t *set, int signum)
{
	if (!valid(signum)) {
		errno = EINVAL;
		return -1;
	}
	set->__val[(signum - 1) / SET_WORD_BITS] |=
		1UL << ((signum - 1) % SET_WORD_BITS);
	return 0;
}

int sigdelset(sigset_t *set, int signum)
{
	if (!valid(signum)) {
		errno = EINVAL;
		return -1;
	}
	set->__val[(signum - 1) / SET_WORD_BITS] &=
		~(1UL << ((signum - 1) % SET_WORD_BITS));
	return 0;
}

int sigismember(const sigset_t *set, int signum)
{
	if (!valid(signum)) {
		errno = EINVAL;
		return -1;
	}
	return !!(set->__val[(signum - 1) / SET_WORD_BITS] &
		  (1UL << ((signum - 1) % SET_WORD_BITS)));
}

int sigprocmask(int how, const sigset_t *set, sigset_t *oldset)
{
	unsigned int i;

	if (how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK) {
		errno = EINVAL;
		return -1;
	}
	if (oldset)
		*oldset = blocked;
	if (!set)
		return 0;
	for (i = 0; i < sizeof(blocked.__val) / sizeof(blocked.__val[0]); i++) {
		if (how == SIG_BLOCK)
			blocked.__val[i] |= set->__val[i];
		else if (how == SIG_UNBLOCK)
			blocked.__val[i] &= ~set->__val[i];
		else
			blocked.__val[i] = set->__val[i];
	}
	return 0;
}
