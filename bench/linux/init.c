/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * /init of the Linux boot baseline: the smallest userspace there is. It
 * prints a marker with CLOCK_BOOTTIME (time since the kernel's clock
 * started, the Linux counterpart of nfkit's "entry to main") and powers the
 * VM off: through isa-debug-exit (port 0xf4, QEMU exits at once, as an
 * nfkit image does) when ioperm() allows it, else reboot(POWER_OFF).
 *
 * Built without a C library (-nostdlib -static): the initramfs is this one
 * file of about a kilobyte, so the baseline's size is the kernel's.
 */
#include <linux/reboot.h>
#include <linux/time.h>
#include <asm/unistd.h>

static long sys3(long n, long a, long b, long c)
{
	long r;

	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(n), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return r;
}

static long sys4(long n, long a, long b, long c, long d)
{
	register long r10 __asm__("r10") = d;
	long r;

	__asm__ volatile("syscall"
			 : "=a"(r)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
			 : "rcx", "r11", "memory");
	return r;
}

static int fmt_u(char *p, unsigned long v)
{
	char t[24];
	int n = 0, i;

	do
		t[n++] = '0' + v % 10;
	while ((v /= 10) != 0);
	for (i = 0; i < n; i++)
		p[i] = t[n - 1 - i];
	return n;
}

void _start(void)
{
	/* "<0>": KERN_EMERG, printed whatever the loglevel ("quiet"). */
	static const char pre[] = "<0>NFBENCH-LINUX-INIT boottime_us=";
	char line[80];
	struct timespec ts;
	int n = 0, i, fd;

	sys3(__NR_clock_gettime, CLOCK_BOOTTIME, (long)&ts, 0);
	for (i = 0; pre[i]; i++)
		line[n++] = pre[i];
	n += fmt_u(line + n, ts.tv_sec * 1000000UL + ts.tv_nsec / 1000);
	line[n++] = '\n';
	/*
	 * Through the kernel log, whose console output is synchronous, not the
	 * tty: tty output drains by interrupts, which the exit below would cut
	 * short. Without /dev/kmsg, the console on fd 1.
	 */
	fd = sys3(__NR_open, (long)"/dev/kmsg", 1 /* O_WRONLY */, 0);
	if (fd >= 0)
		sys3(__NR_write, fd, (long)line, n);
	else
		sys3(__NR_write, 1, (long)line + 3, n - 3);
	if (sys3(__NR_ioperm, 0xf4, 4, 1) == 0)
		__asm__ volatile("outb %b0, %w1" : : "a"(0), "Nd"(0xf4));
	sys4(__NR_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
	     LINUX_REBOOT_CMD_POWER_OFF, 0);
	for (;;)
		sys3(__NR_pause, 0, 0, 0);
}
