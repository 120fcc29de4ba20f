/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EAL memory: one arena of guest memory for memzones, rte_malloc and
 * mempools, described to DPDK as one memseg list of 2 MiB segments.
 *
 *   arena_base (2 MiB aligned)                      arena_base + arena_len
 *   |<- seg 0 (2 MiB) ->|<- seg 1 ->| ...          |<- seg n-1 ->|
 *   [ region allocator (TLSF): memzones, rte_malloc blocks ...          ]
 *
 * nfkit maps guest memory 1:1 with large pages, so every byte has
 * IOVA = VA = guest-physical address and any block of the arena is
 * IOVA-contiguous: rte_eal_has_hugepages() is 1 and the mempool library
 * packs objects across 4 KiB boundaries (no per-object page waste) while
 * keeping each inside one 2 MiB segment.
 *
 * The arena is taken from nfkit's default allocator at rte_eal_init (-m MB,
 * or by default all free memory but a reserve for malloc and NIC rings).
 * Single lcore: the locks DPDK's API implies are not needed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_eal_paging.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_memzone.h>
#include <rte_string_fns.h>

#include <uk/alloc.h>

#include "nfeal.h"

#define SEG_SZ RTE_PGSIZE_2M
#define MAX_MEMZONES 512
#define RESERVE_MIN (2UL << 20)

static struct uk_alloc *arena;
static char *arena_base;
static size_t arena_len;
static struct rte_memseg_list msl;
static struct rte_memseg *segs;
static unsigned int nb_segs;

static struct rte_memzone zones[MAX_MEMZONES];
static unsigned char zone_used[MAX_MEMZONES];

size_t nfeal_memory_size(void)
{
	return arena_len;
}

/* The default size: free memory less 1/8 (at least 2 MiB) for malloc. */
static size_t default_size(struct uk_alloc *a)
{
	size_t avail = uk_alloc_availmem(a), reserve = avail / 8;

	if (reserve < RESERVE_MIN)
		reserve = RESERVE_MIN;
	if (avail <= reserve + 2 * SEG_SZ)
		return 0;
	return RTE_ALIGN_FLOOR(avail - reserve - SEG_SZ, SEG_SZ);
}

int nfeal_memory_init(size_t bytes)
{
	struct uk_alloc *a = uk_alloc_get_default();
	unsigned int i;

	if (arena)
		return !bytes || RTE_ALIGN_CEIL(bytes, SEG_SZ) == arena_len
			       ? 0
			       : -EBUSY;
	if (!a)
		return -ENOMEM;
	if (!bytes)
		bytes = default_size(a);
	bytes = RTE_ALIGN_CEIL(bytes, SEG_SZ);
	if (!bytes)
		return -ENOMEM;
	nb_segs = (unsigned int)(bytes / SEG_SZ);
	segs = uk_calloc(a, nb_segs, sizeof(*segs));
	arena_base = uk_memalign(a, SEG_SZ, bytes);
	if (!segs || !arena_base)
		goto nomem;
	arena = uk_alloc_region_init(arena_base, bytes);
	if (!arena)
		goto nomem;
	arena_len = bytes;
	for (i = 0; i < nb_segs; i++) {
		segs[i].addr = arena_base + (size_t)i * SEG_SZ;
		segs[i].iova = (rte_iova_t)(uintptr_t)segs[i].addr;
		segs[i].len = SEG_SZ;
		segs[i].hugepage_sz = SEG_SZ;
		segs[i].socket_id = 0;
	}
	msl.base_va = arena_base;
	msl.page_sz = SEG_SZ;
	msl.socket_id = 0;
	msl.len = bytes;
	msl.heap = 1;
	snprintf(msl.memseg_arr.name, sizeof(msl.memseg_arr.name), "nfkit");
	msl.memseg_arr.count = nb_segs;
	msl.memseg_arr.len = nb_segs;
	msl.memseg_arr.elt_sz = sizeof(*segs);
	msl.memseg_arr.data = segs;
	return 0;
nomem:
	uk_free(a, segs);
	uk_free(a, arena_base);
	segs = NULL;
	arena_base = NULL;
	return -ENOMEM;
}

/* Memory before rte_eal_init (a constructor's rte_malloc): default arena. */
static struct uk_alloc *arena_get(void)
{
	if (!arena)
		nfeal_memory_init(0);
	return arena;
}

/* --- memsegs ----------------------------------------------------------- */

int rte_eal_has_hugepages(void)
{
	return 1;
}

size_t rte_mem_page_size(void)
{
	return 4096;
}

int rte_memseg_list_walk_thread_unsafe(rte_memseg_list_walk_t func, void *arg)
{
	if (!arena)
		return 0;
	return func(&msl, arg);
}

int rte_memseg_list_walk(rte_memseg_list_walk_t func, void *arg)
{
	return rte_memseg_list_walk_thread_unsafe(func, arg);
}

int rte_memseg_walk(rte_memseg_walk_t func, void *arg)
{
	unsigned int i;
	int r;

	for (i = 0; arena && i < nb_segs; i++) {
		r = func(&msl, &segs[i], arg);
		if (r)
			return r < 0 ? -1 : 1;
	}
	return 0;
}

int rte_memseg_contig_walk(rte_memseg_contig_walk_t func, void *arg)
{
	if (!arena)
		return 0;
	return func(&msl, &segs[0], arena_len, arg) < 0 ? -1 : 0;
}

struct rte_memseg_list *rte_mem_virt2memseg_list(const void *addr)
{
	const char *p = addr;

	if (!arena || p < arena_base || p >= arena_base + arena_len)
		return NULL;
	return &msl;
}

struct rte_memseg *rte_mem_virt2memseg(const void *addr,
				       const struct rte_memseg_list *l)
{
	const char *p = addr;

	if (l && l != &msl)
		return NULL;
	if (!rte_mem_virt2memseg_list(addr))
		return NULL;
	return &segs[(size_t)(p - arena_base) / SEG_SZ];
}

rte_iova_t rte_mem_virt2iova(const void *addr)
{
	return (rte_iova_t)(uintptr_t)addr;
}

phys_addr_t rte_mem_virt2phy(const void *addr)
{
	return (phys_addr_t)(uintptr_t)addr;
}

void *rte_mem_iova2virt(rte_iova_t iova)
{
	return (void *)(uintptr_t)iova;
}

/* Guest memory is never swapped. */
int rte_mem_lock(const void *virt, size_t size)
{
	return 0;
}

int rte_mem_lock_page(const void *virt)
{
	return 0;
}

/* Anonymous memory (the mempool library's fallback): arena pages. */
void *rte_mem_map(void *requested_addr, size_t size, int prot, int flags,
		  int fd, uint64_t offset)
{
	void *p;

	if (requested_addr || fd != -1 || !(flags & RTE_MAP_ANONYMOUS)) {
		rte_errno = ENOTSUP;
		return NULL;
	}
	p = arena_get() ? uk_memalign(arena, rte_mem_page_size(), size) : NULL;
	if (!p)
		rte_errno = ENOMEM;
	return p;
}

int rte_mem_unmap(void *virt, size_t size)
{
	if (arena)
		uk_free(arena, virt);
	return 0;
}

uint64_t rte_eal_get_physmem_size(void)
{
	return arena_len;
}

/* --- rte_malloc -------------------------------------------------------- */

static int socket_ok(int socket)
{
	return socket == SOCKET_ID_ANY || socket == 0;
}

int rte_malloc_heap_socket_is_external(int socket_id)
{
	if (!socket_ok(socket_id)) {
		rte_errno = EINVAL;
		return -1;
	}
	return 0;
}

void *rte_malloc_socket(const char *type, size_t size, unsigned int align,
			int socket)
{
	if (!size || (align && !rte_is_power_of_2(align)) || !socket_ok(socket))
		return NULL;
	if (!arena_get())
		return NULL;
	return uk_memalign(arena,
			   align < RTE_CACHE_LINE_SIZE ? RTE_CACHE_LINE_SIZE
						       : align,
			   size);
}

void *rte_malloc(const char *type, size_t size, unsigned int align)
{
	return rte_malloc_socket(type, size, align, SOCKET_ID_ANY);
}

void *rte_zmalloc_socket(const char *type, size_t size, unsigned int align,
			 int socket)
{
	void *p = rte_malloc_socket(type, size, align, socket);

	if (p)
		memset(p, 0, size);
	return p;
}

void *rte_zmalloc(const char *type, size_t size, unsigned int align)
{
	return rte_zmalloc_socket(type, size, align, SOCKET_ID_ANY);
}

void *rte_calloc_socket(const char *type, size_t num, size_t size,
			unsigned int align, int socket)
{
	if (size && num > SIZE_MAX / size)
		return NULL;
	return rte_zmalloc_socket(type, num * size, align, socket);
}

void *rte_calloc(const char *type, size_t num, size_t size, unsigned int align)
{
	return rte_calloc_socket(type, num, size, align, SOCKET_ID_ANY);
}

void *rte_realloc_socket(void *ptr, size_t size, unsigned int align, int socket)
{
	void *r, *n;

	if (!ptr)
		return rte_malloc_socket(NULL, size, align, socket);
	if (!size || (align && !rte_is_power_of_2(align)) || !socket_ok(socket))
		return NULL;
	if (align < RTE_CACHE_LINE_SIZE)
		align = RTE_CACHE_LINE_SIZE;
	r = uk_realloc(arena, ptr, size);
	if (!r || !((uintptr_t)r & (align - 1)))
		return r;
	/* Moved to a less aligned block: the first `size` bytes are valid. */
	n = uk_memalign(arena, align, size);
	if (n)
		memcpy(n, r, size);
	uk_free(arena, r);
	return n;
}

void *rte_realloc(void *ptr, size_t size, unsigned int align)
{
	return rte_realloc_socket(ptr, size, align, SOCKET_ID_ANY);
}

void rte_free(void *ptr)
{
	if (ptr && arena)
		uk_free(arena, ptr);
}

rte_iova_t rte_malloc_virt2iova(const void *addr)
{
	return (rte_iova_t)(uintptr_t)addr;
}

/* --- memzones ---------------------------------------------------------- */

static const struct rte_memzone *zone_reserve(const char *name, size_t len,
					      int socket, unsigned int flags,
					      unsigned int align,
					      unsigned int bound)
{
	struct rte_memzone *mz = NULL;
	unsigned int i;
	void *p;

	if (!name || !*name || strlen(name) >= RTE_MEMZONE_NAMESIZE ||
	    (align && !rte_is_power_of_2(align)) ||
	    (bound && (!rte_is_power_of_2(bound) || bound < len)) ||
	    !socket_ok(socket)) {
		rte_errno = EINVAL;
		return NULL;
	}
	if (rte_memzone_lookup(name)) {
		rte_errno = EEXIST;
		return NULL;
	}
	for (i = 0; i < MAX_MEMZONES && !mz; i++)
		if (!zone_used[i])
			mz = &zones[i];
	if (!mz) {
		rte_errno = ENOSPC;
		return NULL;
	}
	if (!arena_get()) {
		rte_errno = ENOMEM;
		return NULL;
	}
	if (align < RTE_CACHE_LINE_SIZE)
		align = RTE_CACHE_LINE_SIZE;
	/* A block aligned to the power of two above len cannot cross a
	 * boundary of `bound` >= len. */
	if (bound && rte_align64pow2(len) > align)
		align = (unsigned int)rte_align64pow2(len);
	if (!len) {
		/* DPDK: the biggest zone that can be reserved. */
		for (len = RTE_ALIGN_FLOOR(uk_alloc_availmem(arena), align);
		     len >= align && !(p = uk_memalign(arena, align, len));
		     len = RTE_ALIGN_FLOOR(len - len / 16, align))
			;
		if (len < align)
			p = NULL;
	} else {
		len = RTE_ALIGN_CEIL(len, RTE_CACHE_LINE_SIZE);
		p = uk_memalign(arena, align, len);
	}
	if (!p) {
		rte_errno = ENOMEM;
		return NULL;
	}
	memset(mz, 0, sizeof(*mz));
	snprintf(mz->name, sizeof(mz->name), "%s", name);
	mz->addr = p;
	mz->iova = (rte_iova_t)(uintptr_t)p;
	mz->len = len;
	mz->hugepage_sz = SEG_SZ;
	mz->socket_id = 0;
	mz->flags = flags;
	zone_used[mz - zones] = 1;
	return mz;
}

const struct rte_memzone *rte_memzone_reserve(const char *name, size_t len,
					      int socket, unsigned int flags)
{
	return zone_reserve(name, len, socket, flags, RTE_CACHE_LINE_SIZE, 0);
}

const struct rte_memzone *rte_memzone_reserve_aligned(const char *name,
						      size_t len, int socket,
						      unsigned int flags,
						      unsigned int align)
{
	return zone_reserve(name, len, socket, flags, align, 0);
}

const struct rte_memzone *rte_memzone_reserve_bounded(const char *name,
						      size_t len, int socket,
						      unsigned int flags,
						      unsigned int align,
						      unsigned int bound)
{
	return zone_reserve(name, len, socket, flags, align, bound);
}

int rte_memzone_free(const struct rte_memzone *mz)
{
	size_t i;

	if (!mz || mz < zones || mz >= zones + MAX_MEMZONES)
		return -EINVAL;
	i = (size_t)(mz - zones);
	if (!zone_used[i])
		return -EINVAL;
	uk_free(arena, zones[i].addr);
	zone_used[i] = 0;
	memset(&zones[i], 0, sizeof(zones[i]));
	return 0;
}

const struct rte_memzone *rte_memzone_lookup(const char *name)
{
	unsigned int i;

	if (!name)
		return NULL;
	for (i = 0; i < MAX_MEMZONES; i++)
		if (zone_used[i] &&
		    !strncmp(zones[i].name, name, RTE_MEMZONE_NAMESIZE))
			return &zones[i];
	return NULL;
}

void rte_memzone_walk(void (*func)(const struct rte_memzone *, void *),
		      void *arg)
{
	unsigned int i;

	for (i = 0; i < MAX_MEMZONES; i++)
		if (zone_used[i])
			func(&zones[i], arg);
}

void rte_memzone_dump(FILE *f)
{
	unsigned int i;

	for (i = 0; i < MAX_MEMZONES; i++)
		if (zone_used[i])
			fprintf(f,
				"Zone %u: name:<%s>, len:0x%zx, virt:%p, "
				"socket_id:0, flags:%x\n",
				i, zones[i].name, zones[i].len, zones[i].addr,
				zones[i].flags);
}
