/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pthread mutexes for code compiled against glibc (DPDK's libraries keep a
 * pthread_mutex_t in a few structures). nfkit runs one thread per vCPU and
 * no scheduler, so a mutex is a spinlock on the first word of glibc's
 * 40-byte pthread_mutex_t (its __lock field); attributes are ignored. A
 * relock by the owner would spin forever, so it is refused with EDEADLK
 * (an error-checking mutex's answer) instead.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#define MUTEX_SIZE 40 /* sizeof(pthread_mutex_t) on x86-64 glibc */

struct mutex {
	int lock; /* glibc's __lock */
	unsigned int count;
	int owner; /* 1: held */
};

int pthread_mutex_init(void *m, const void *attr __attribute__((unused)))
{
	memset(m, 0, MUTEX_SIZE);
	return 0;
}

int pthread_mutex_destroy(void *m)
{
	return ((struct mutex *)m)->lock ? EBUSY : 0;
}

int pthread_mutex_trylock(void *m)
{
	struct mutex *x = m;

	if (__atomic_exchange_n(&x->lock, 1, __ATOMIC_ACQUIRE))
		return EBUSY;
	x->owner = 1;
	return 0;
}

int pthread_mutex_lock(void *m)
{
	struct mutex *x = m;

	if (x->lock && x->owner)
		return EDEADLK; /* one thread: only we can hold it */
	while (__atomic_exchange_n(&x->lock, 1, __ATOMIC_ACQUIRE))
		__builtin_ia32_pause();
	x->owner = 1;
	return 0;
}

int pthread_mutex_unlock(void *m)
{
	struct mutex *x = m;

	if (!x->lock)
		return EPERM;
	x->owner = 0;
	__atomic_store_n(&x->lock, 0, __ATOMIC_RELEASE);
	return 0;
}
