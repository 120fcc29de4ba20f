/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <signal.h> -- signal handlers, for the one kind of signal an image gets:
 * a request to stop.
 *
 * There are no processes to send signals here. A signal reaches an image
 * two ways: raise() from the application itself, and the platform's stop
 * request (the host's ACPI power button: `nfkit stop`, Ctrl-C in the
 * foreground, `virsh shutdown`), which runs the SIGTERM handler -- or, when
 * only SIGINT has one, the SIGINT handler (see <uk/plat/stop.h>). That is
 * what DPDK applications expect: they register `signal(SIGINT, handler)` and
 * `signal(SIGTERM, handler)`, and the handler sets their quit flag.
 *
 * Numbers, constants, `struct sigaction` and `sigset_t` are laid out as
 * glibc lays them out on x86-64 (and the numbers are Linux's), so objects
 * compiled against glibc's <signal.h> link and work unchanged:
 *
 *   struct sigaction (152 bytes)
 *   0    sa_handler / sa_sigaction   (union, 8)
 *   8    sa_mask                     (sigset_t, 1024 bits = 128)
 *   136  sa_flags                    (int, 4; 4 bytes padding)
 *   144  sa_restorer                 (8; unused here)
 *
 * Semantics (one thread):
 * - A handler runs inside raise(), or where the platform takes a stop
 *   request, which may interrupt the application anywhere, as a real signal
 *   does (see <uk/plat/stop.h>); like any signal handler it should only set
 *   a flag (`volatile sig_atomic_t`).
 * - SIG_DFL for a signal whose default action terminates (all but SIGCHLD,
 *   SIGCONT, SIGURG, SIGWINCH, which are ignored): raise() prints
 *   "terminated by signal N" and ends the image with exit code 1 (an
 *   image's code is 0..127, so the shell's 128 + N does not fit), without
 *   running atexit handlers, like a process killed by that signal. A stop request never takes this path:
 *   with no handler it only sets the stop flag the application polls.
 * - sa_mask and sigprocmask() are recorded and reported back but block
 *   nothing: a stop request runs its handler once, so there is nothing
 *   to hold back.
 * - SA_RESETHAND resets the handler to SIG_DFL before it runs; SA_SIGINFO
 *   calls sa_sigaction(signo, &info, NULL) with si_signo set and si_code
 *   SI_USER.
 *   SA_RESTART, SA_NODEFER, SA_ONSTACK are accepted and change nothing.
 * - SIGKILL and SIGSTOP cannot be caught or ignored (EINVAL), as on Linux.
 */
#ifndef _SIGNAL_H
#define _SIGNAL_H

#ifdef __cplusplus
extern "C" {
#endif

typedef int sig_atomic_t;
typedef void (*__sighandler_t)(int);
typedef __sighandler_t sighandler_t;

#define SIG_ERR ((__sighandler_t)-1)
#define SIG_DFL ((__sighandler_t)0)
#define SIG_IGN ((__sighandler_t)1)

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGIOT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGSTKFLT 16
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGIO 29
#define SIGPOLL SIGIO
#define SIGPWR 30
#define SIGSYS 31
/* Real-time signals 32..64 exist as numbers only (no queueing). */
#define _NSIG 65
#define NSIG _NSIG

#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO 0x00000004
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* si_code values (Linux). */
#define SI_USER 0

typedef struct {
	unsigned long __val[1024 / (8 * sizeof(unsigned long))];
} __sigset_t;
typedef __sigset_t sigset_t;

union sigval {
	int sival_int;
	void *sival_ptr;
};

/* glibc's siginfo_t is 128 bytes; only the first three fields are used. */
typedef struct {
	int si_signo;
	int si_errno;
	int si_code;
	int __pad0;
	union {
		int __pad[28];
		struct {
			int si_pid;
			unsigned int si_uid;
			union sigval si_value;
		} __rt;
	} __fields;
} siginfo_t;

struct sigaction {
	union {
		__sighandler_t sa_handler;
		void (*sa_sigaction)(int, siginfo_t *, void *);
	} __sigaction_handler;
#define sa_handler __sigaction_handler.sa_handler
#define sa_sigaction __sigaction_handler.sa_sigaction
	__sigset_t sa_mask;
	int sa_flags;
	void (*sa_restorer)(void);
};

/*
 * Install `handler` for `signum`; returns the previous handler, or SIG_ERR
 * with errno EINVAL (signum out of 1..64, or SIGKILL/SIGSTOP). As glibc's
 * signal(): the handler stays installed (no SA_RESETHAND).
 */
__sighandler_t signal(int signum, __sighandler_t handler);

/*
 * Examine and/or change the action for `signum`: if `oldact` is not NULL
 * the current one is stored there; if `act` is not NULL it becomes the
 * action. 0, or -1 with errno EINVAL (as for signal(); querying SIGKILL or
 * SIGSTOP with act == NULL is allowed).
 */
int sigaction(int signum, const struct sigaction *act,
	      struct sigaction *oldact);

/*
 * Deliver `sig` now (see the semantics above). 0 after a handler ran or the
 * signal was ignored; -1 with errno EINVAL for a bad number. With SIG_DFL
 * and a terminating signal it does not return.
 */
int raise(int sig);

/* Signal sets: 0, or -1 with errno EINVAL for a number out of 1..64. */
int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int signum);
int sigdelset(sigset_t *set, int signum);
/* 1 if member, 0 if not, -1 (EINVAL) for a bad number. */
int sigismember(const sigset_t *set, int signum);

/*
 * The blocked-signal mask: recorded and returned, blocks nothing (see
 * above). 0, or -1 with errno EINVAL for a bad `how`.
 */
int sigprocmask(int how, const sigset_t *set, sigset_t *oldset);

#ifdef __cplusplus
}
#endif

#endif /* _SIGNAL_H */
