/* SPDX-License-Identifier: BSD-3-Clause */
/* VM test of virtio-console: 1000 numbered lines, then SUCCESS. */
#include <stdio.h>
#include <uk/plat/console.h>
#include <uk/plat/time.h>

int main(void)
{
	uint64_t t0 = ukplat_monotonic_clock(), t1;
	int i;

	printf("console: %s\n", ukplat_console_name());
	for (i = 0; i < 1000; i++)
		printf("line %04d of the virtio-console test\n", i);
	t1 = ukplat_monotonic_clock();
	printf("1000 lines in %llu us\n", (unsigned long long)(t1 - t0) / 1000);
	printf("SUCCESS\n");
	return 0;
}
