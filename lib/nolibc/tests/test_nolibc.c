/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests of nolibc. The library is linked in with every symbol
 * prefixed nl_ (see Test.mk) and compared against the host's glibc:
 * printf formatting (a table of edge cases and a randomised run, each at
 * every truncation size), string functions on random data, the strtol
 * family, qsort/bsearch, ctype over all bytes, errno values and messages,
 * stdout/stderr buffering (counting console writes), exit/abort/assert and
 * the fortify checks.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <wchar.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>
#include <getopt.h>
#include <math.h>

/* The table below deliberately uses flag mixes that -Wformat frowns on. */
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-zero-length"
#pragma GCC diagnostic ignored "-Wformat-overflow"
#pragma GCC diagnostic ignored "-Wformat-truncation"

/* --- nolibc, as linked in (prefixed) --- */
typedef struct nl_file NL_FILE;
extern NL_FILE *nl_stdout, *nl_stderr;

int nl_snprintf(char *, size_t, const char *, ...);
int nl_vsnprintf(char *, size_t, const char *, va_list);
int nl_sprintf(char *, const char *, ...);
int nl_printf(const char *, ...);
int nl_fprintf(NL_FILE *, const char *, ...);
int nl_puts(const char *);
int nl_putchar(int);
int nl_fputs(const char *, NL_FILE *);
int nl_fputc(int, NL_FILE *);
size_t nl_fwrite(const void *, size_t, size_t, NL_FILE *);
int nl_fflush(NL_FILE *);
int nl_setvbuf(NL_FILE *, char *, int, size_t);
int nl_ferror(NL_FILE *);
void nl_clearerr(NL_FILE *);

void *nl_memcpy(void *, const void *, size_t);
void *nl_memmove(void *, const void *, size_t);
void *nl_memset(void *, int, size_t);
int nl_memcmp(const void *, const void *, size_t);
void *nl_memchr(const void *, int, size_t);
void *nl_memrchr(const void *, int, size_t);
size_t nl_strlen(const char *);
size_t nl_strnlen(const char *, size_t);
int nl_strcmp(const char *, const char *);
int nl_strncmp(const char *, const char *, size_t);
int nl_strcasecmp(const char *, const char *);
int nl_strncasecmp(const char *, const char *, size_t);
char *nl_strcpy(char *, const char *);
char *nl_strncpy(char *, const char *, size_t);
char *nl_stpcpy(char *, const char *);
size_t nl_strlcpy(char *, const char *, size_t);
size_t nl_strlcat(char *, const char *, size_t);
char *nl_strcat(char *, const char *);
char *nl_strncat(char *, const char *, size_t);
char *nl_strchr(const char *, int);
char *nl_strrchr(const char *, int);
char *nl_strstr(const char *, const char *);
size_t nl_strspn(const char *, const char *);
size_t nl_strcspn(const char *, const char *);
char *nl_strpbrk(const char *, const char *);
char *nl_strtok_r(char *, const char *, char **);
char *nl_strdup(const char *);
char *nl_strndup(const char *, size_t);
char *nl_strerror(int);
int nl___xpg_strerror_r(int, char *, size_t);

long nl_strtol(const char *, char **, int);
unsigned long nl_strtoul(const char *, char **, int);
long long nl_strtoll(const char *, char **, int);
unsigned long long nl_strtoull(const char *, char **, int);
intmax_t nl_strtoimax(const char *, char **, int);
uintmax_t nl_strtoumax(const char *, char **, int);
int nl_atoi(const char *);
long nl_labs(long);
void nl_qsort(void *, size_t, size_t, int (*)(const void *, const void *));
void nl_qsort_r(void *, size_t, size_t,
		int (*)(const void *, const void *, void *), void *);
void *nl_bsearch(const void *, const void *, size_t, size_t,
		 int (*)(const void *, const void *));
void nl_exit(int);
void nl_abort(void);
int nl_atexit(void (*)(void));

int nl_isalnum(int), nl_isalpha(int), nl_isblank(int), nl_iscntrl(int),
	nl_isdigit(int), nl_isgraph(int), nl_islower(int), nl_isprint(int),
	nl_ispunct(int), nl_isspace(int), nl_isupper(int), nl_isxdigit(int),
	nl_tolower(int), nl_toupper(int);
const unsigned short **nl___ctype_b_loc(void);
const int32_t **nl___ctype_tolower_loc(void);
const int32_t **nl___ctype_toupper_loc(void);
int *nl___errno_location(void);

/*
 * Signals: declared with the host's (glibc's) types, so passing glibc's
 * struct sigaction and sigset_t checks nolibc's layout is the same.
 */
__sighandler_t nl_signal(int, __sighandler_t);
int nl_sigaction(int, const struct sigaction *, struct sigaction *);
int nl_raise(int);
int nl_sigemptyset(sigset_t *);
int nl_sigfillset(sigset_t *);
int nl_sigaddset(sigset_t *, int);
int nl_sigdelset(sigset_t *, int);
int nl_sigismember(const sigset_t *, int);
int nl_sigprocmask(int, const sigset_t *, sigset_t *);

void *nl___memcpy_chk(void *, const void *, size_t, size_t);
char *nl___strcpy_chk(char *, const char *, size_t);
int nl___snprintf_chk(char *, size_t, int, size_t, const char *, ...);
int nl___sprintf_chk(char *, int, size_t, const char *, ...);

/* fs_helpers.c */
struct errno_ent {
	const char *name;
	int value;
};
extern const struct errno_ent nl_errno_table[];
extern const unsigned int nl_errno_table_len;
int nl_errno_get(void);
void nl_errno_set(int);
void nl_assert_check(int);
int nl_assert_ndebug_check(int);
int nl_builtin_macros_check(void);
int nl_inttypes_check(char *, size_t);

/* --- host stubs of what nolibc imports --- */

#define MAXW 64
static char writes[MAXW][1024];
static unsigned int nwrites;
static int coutk_fail;

int nl_ukplat_coutk(const char *buf, unsigned int len);
int nl_ukplat_coutk(const char *buf, unsigned int len)
{
	if (coutk_fail)
		return -5;
	assert_true(nwrites < MAXW);
	assert_true(len < sizeof(writes[0]));
	memcpy(writes[nwrites], buf, len);
	writes[nwrites][len] = '\0';
	nwrites++;
	return (int)len;
}

static jmp_buf term_jmp;
static int term_rc = -1;

void nl_ukplat_terminate(int rc) __attribute__((noreturn));
void nl_ukplat_terminate(int rc)
{
	term_rc = rc;
	longjmp(term_jmp, 1);
}

void *nl_malloc(size_t n);
void *nl_malloc(size_t n)
{
	return malloc(n);
}

static void reset_writes(void)
{
	nl_fflush(NULL);
	nwrites = 0;
	coutk_fail = 0;
}

/* --- printf: table --- */

static unsigned long checks;

static void compare_out(int line, const char *fmt, const char *h, int rh,
			const char *n, int rn)
{
	if (rh != rn || strcmp(h, n)) {
		print_error("line %d fmt \"%s\": host %d [%s] nolibc %d [%s]\n",
			    line, fmt, rh, h, rn, n);
		fail();
	}
	checks++;
}

/*
 * Format with both, compare, then repeat nolibc's at every buffer size
 * 0..len+1: same return value, the output truncated with a NUL, nothing
 * written past the size.
 */
#define CHECK(fmt, ...)                                                        \
	do {                                                                   \
		char h_[600], n_[600], t_[600];                                \
		int rh_ = snprintf(h_, sizeof(h_), fmt, ##__VA_ARGS__);        \
		int rn_ = nl_snprintf(n_, sizeof(n_), fmt, ##__VA_ARGS__);     \
		compare_out(__LINE__, fmt, h_, rh_, n_, rn_);                  \
		for (size_t s_ = 0; s_ <= (size_t)rh_ + 1 && s_ < sizeof(t_);  \
		     s_++) {                                                   \
			memset(t_, 0x5a, sizeof(t_));                          \
			int r_ = nl_snprintf(s_ ? t_ : NULL, s_, fmt,          \
					     ##__VA_ARGS__);                   \
			assert_int_equal(r_, rh_);                             \
			if (s_) {                                              \
				assert_memory_equal(t_, h_, s_ - 1);           \
				assert_int_equal(t_[s_ - 1], 0);               \
			}                                                      \
			if (s_ < sizeof(t_))                                   \
				assert_int_equal((unsigned char)t_[s_], 0x5a); \
		}                                                              \
	} while (0)

static void test_printf_table(void **state)
{
	(void)state;
	CHECK("");
	CHECK("plain text");
	CHECK("%%");
	CHECK("%5%|%-5%");
	CHECK("%d %i", 0, -1);
	CHECK("%d %d %d", INT_MIN, INT_MAX, 42);
	CHECK("%ld %ld", LONG_MIN, LONG_MAX);
	CHECK("%lld %lld %llu", LLONG_MIN, LLONG_MAX, ULLONG_MAX);
	CHECK("%u %u", 0u, UINT_MAX);
	CHECK("%lu %zu %zd %td %jd %ju", ULONG_MAX, (size_t)SIZE_MAX,
	      (ssize_t)-5, (ptrdiff_t)-7, (intmax_t)INTMAX_MIN,
	      (uintmax_t)UINTMAX_MAX);
	CHECK("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
	CHECK("%hhd %hhx %hx", -129, -1, -1);
	CHECK("%x %X %o", 0xdeadbeefu, 0xdeadbeefu, 0777u);
	CHECK("%lx %lX %lo", ULONG_MAX, ULONG_MAX, ULONG_MAX);
	CHECK("%#x %#X %#o", 0u, 0u, 0u);
	CHECK("%#x %#X %#o", 255u, 255u, 8u);
	CHECK("%#.0x|%#.0o|%.0o|%.0x", 0u, 0u, 0u, 0u);
	CHECK("%.0d|%.0i|%.0u|%5.0d|%-5.0d|%+.0d|% .0d", 0, 0, 0u, 0, 0, 0, 0);
	CHECK("%.0d %.0d", 1, -1);
	CHECK("%5d|%-5d|%05d|%-05d|%+5d|% 5d|%+05d|% 05d", 42, 42, 42, 42, 42,
	      42, 42, 42);
	CHECK("%5d|%-5d|%05d|%-05d|%+5d|% 5d|%+05d|% 05d", -42, -42, -42, -42,
	      -42, -42, -42, -42);
	CHECK("%-08.3d|%08.3d|%8.3d|%-8.3d|%.3d|%.10d", 7, 7, 7, 7, -7, -123);
	CHECK("%+ d|% +d", 5, 5);
	CHECK("%#08x|%#-8x|%#8.4x|%08.4x|%#010o|%#.5o", 0x1fu, 0x1fu, 0x1fu,
	      0x1fu, 9u, 9u);
	CHECK("%+u|% u|%+x|% o", 5u, 5u, 5u, 5u);
	CHECK("%*d|%-*d|%*d|%.*d|%.*d|%*.*d", 6, 1, 6, 1, -6, 1, 4, 1, -4, 1, 8,
	      3, 1);
	CHECK("%0*d|%-0*d", 6, -1, 6, -1);
	CHECK("%c|%5c|%-5c|%05c", 'a', 'b', 'c', 'd');
	CHECK("%c%c%c", 0x41, 0x141, -1);
	CHECK("%s|%10s|%-10s|%.2s|%10.2s|%-10.2s|%.0s|%.10s", "hello", "hello",
	      "hello", "hello", "hello", "hello", "hello", "hello");
	CHECK("%05s|%-05s", "ab", "ab");
	CHECK("%s|%10s|%-10s|%.5s|%.6s|%.7s|%.0s|%3.2s", (char *)NULL,
	      (char *)NULL, (char *)NULL, (char *)NULL, (char *)NULL,
	      (char *)NULL, (char *)NULL, (char *)NULL);
	CHECK("%p|%p|%20p|%-20p|%020p|%.20p|%+p|% p|%#p", (void *)0x1234,
	      (void *)UINTPTR_MAX, (void *)0x1234, (void *)0x1234,
	      (void *)0x1234, (void *)0x1234, (void *)0x1234, (void *)0x1234,
	      (void *)0x1234);
	CHECK("%p|%10p|%-10p|%010p|%.3p|%+p", NULL, NULL, NULL, NULL, NULL,
	      NULL);
	/* Unknown conversions are printed as written (glibc re-orders
	 * and drops some flags; not emulated). */
	CHECK("%y|%5.2y|%", 1);
	CHECK("%lc|%5lc|%ls|%.2ls|%-6ls|", (wint_t)'x', (wint_t)'y', L"wide",
	      L"wide", L"ab");
	CHECK("%qd %Lx %Zu", (long long)-3, (unsigned long long)17, (size_t)9);
	CHECK("%.*s|%-*.*s|", 3, "abcdef", 5, 2, "abcdef");
	CHECK("%d%s%x%c%%%u", 1, "two", 3u, '4', 5u);
	CHECK("%.500d", 1);
	CHECK("%300d|%-300x|", -1, 1u);
	CHECK("%f|%.2f|%5.1f|%-+8.2f|%08.3f|%.0f|%#.0f", 3.25, 2.5, -2.25, 2.5,
	      -1.5, 2.0, 2.0);
	CHECK("%f|%F|%e|%E|%g|%G", 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0, 1.0 / 0.0,
	      1.0 / 0.0, -(0.0 / 0.0));
	CHECK("%e|%.2e|%E|%g|%g|%g|%g|%.3g|%#g", 31415.75, 0.5, 1e-10, 0.0001,
	      100000.0, 1e6, 0.5, 1234.5, 1.5);
	CHECK("%f|%e|%g|%Lf", 0.0, -0.0, 0.0, (long double)1.5);
	CHECK("%f|%.3f", 1e20, 123456.125);
}

/* %n stores the count; the rest of the output is unaffected. */
static void test_printf_n(void **state)
{
	char buf[64];
	int n = -1;
	long ln = -1;
	signed char hn = -1;

	(void)state;
	assert_int_equal(
		nl_snprintf(buf, sizeof(buf), "abc%n%ld-def%hhn", &n, 5L, &hn),
		8);
	assert_int_equal(n, 3);
	assert_int_equal(hn, 8);
	assert_int_equal(nl_snprintf(buf, 2, "12345%ln", &ln), 5);
	assert_int_equal(ln, 5);
	assert_string_equal(buf, "1");
}

/* --- printf: random formats, fixed seed --- */

enum ty {
	T_INT,
	T_LONG,
	T_LL,
	T_SIZE,
	T_STR,
	T_PTR,
	T_CHAR
};

static unsigned long long rnd_state = 0x9e3779b97f4a7c15ull;

static unsigned long long rnd(void)
{
	/* xorshift64*: deterministic across hosts, unlike rand(). */
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return rnd_state * 2685821657736338717ull;
}

static unsigned long long rnd_value(void)
{
	static const unsigned long long special[] = {
		0,
		1,
		0x7f,
		0x80,
		0xff,
		0x7fff,
		0x8000,
		0xffff,
		0x7fffffff,
		0x80000000,
		0xffffffff,
		0x7fffffffffffffffull,
		0x8000000000000000ull,
		~0ull,
		10,
		100,
		1000000007,
	};
	unsigned long long r = rnd();

	switch (r % 4) {
	case 0:
		return special[rnd() % (sizeof(special) / sizeof(special[0]))] -
		       (rnd() % 3 == 0);
	case 1:
		return rnd() % 1000;
	case 2:
		return (unsigned long long)-(long long)(rnd() % 100000);
	default:
		return rnd() >> (rnd() % 64);
	}
}

#define CALLF(F, buf, size, fmt, v)                                            \
	(hw && hp ? F(buf, size, fmt, w, p, v)                                 \
	 : hw	  ? F(buf, size, fmt, w, v)                                    \
	 : hp	  ? F(buf, size, fmt, p, v)                                    \
		  : F(buf, size, fmt, v))

static void test_printf_random(void **state)
{
	static const char *const strs[] = {
		"", "a", "hello", "with space", "0123456789abcdef", NULL
	};
	char fmt[64], h[1024], n[1024], t[1024];
	unsigned int iter;

	(void)state;
	for (iter = 0; iter < 200000; iter++) {
		static const char convs[] = "diuxXocsp";
		char conv = convs[rnd() % (sizeof(convs) - 1)];
		int hw = 0, hp = 0, w = 0, p = 0;
		enum ty ty = T_INT;
		size_t k = 0, size;
		unsigned long long v = rnd_value();
		const char *str =
			strs[rnd() % (sizeof(strs) / sizeof(strs[0]))];
		void *ptr = rnd() % 8 ? (void *)(uintptr_t)v : NULL;
		int rh = 0, rn = 0, r2 = 0;

		if (rnd() % 2)
			fmt[k++] = '<';
		fmt[k++] = '%';
		for (unsigned int i = 0; i < 5; i++)
			if (rnd() % 4 == 0)
				fmt[k++] = "-+ #0"[i];
		switch (rnd() % 4) {
		case 0:
			break;
		case 1:
			hw = 1;
			w = (int)(rnd() % 41) - 20;
			fmt[k++] = '*';
			break;
		default:
			k += (size_t)sprintf(fmt + k, "%d", (int)(rnd() % 30));
		}
		switch (rnd() % 4) {
		case 0:
			break;
		case 1:
			hp = 1;
			p = (int)(rnd() % 41) - 10;
			k += (size_t)sprintf(fmt + k, ".*");
			break;
		default:
			k += (size_t)sprintf(fmt + k, ".%d", (int)(rnd() % 25));
		}
		if (strchr("diuxXo", conv)) {
			static const char *const lens[] = { "",	 "hh", "h",
							    "l", "ll", "z",
							    "j", "t" };
			const char *l = lens[rnd() % 8];

			k += (size_t)sprintf(fmt + k, "%s", l);
			ty = !*l || l[0] == 'h'		  ? T_INT
			     : l[0] == 'l' && l[1] == 'l' ? T_LL
			     : l[0] == 'z'		  ? T_SIZE
							  : T_LONG;
		} else if (conv == 'c') {
			ty = T_CHAR;
		} else if (conv == 's') {
			ty = T_STR;
		} else {
			ty = T_PTR;
		}
		fmt[k++] = conv;
		if (rnd() % 2)
			fmt[k++] = '>';
		fmt[k] = '\0';
		size = rnd() % 40;

		switch (ty) {
		case T_INT:
			rh = CALLF(snprintf, h, sizeof(h), fmt, (int)v);
			rn = CALLF(nl_snprintf, n, sizeof(n), fmt, (int)v);
			r2 = CALLF(nl_snprintf, t, size, fmt, (int)v);
			break;
		case T_LONG:
			rh = CALLF(snprintf, h, sizeof(h), fmt, (long)v);
			rn = CALLF(nl_snprintf, n, sizeof(n), fmt, (long)v);
			r2 = CALLF(nl_snprintf, t, size, fmt, (long)v);
			break;
		case T_LL:
			rh = CALLF(snprintf, h, sizeof(h), fmt, (long long)v);
			rn = CALLF(nl_snprintf, n, sizeof(n), fmt,
				   (long long)v);
			r2 = CALLF(nl_snprintf, t, size, fmt, (long long)v);
			break;
		case T_SIZE:
			rh = CALLF(snprintf, h, sizeof(h), fmt, (size_t)v);
			rn = CALLF(nl_snprintf, n, sizeof(n), fmt, (size_t)v);
			r2 = CALLF(nl_snprintf, t, size, fmt, (size_t)v);
			break;
		case T_CHAR:
			v = 32 + v % 95;
			rh = CALLF(snprintf, h, sizeof(h), fmt, (int)v);
			rn = CALLF(nl_snprintf, n, sizeof(n), fmt, (int)v);
			r2 = CALLF(nl_snprintf, t, size, fmt, (int)v);
			break;
		case T_STR:
			rh = CALLF(snprintf, h, sizeof(h), fmt, str);
			rn = CALLF(nl_snprintf, n, sizeof(n), fmt, str);
			r2 = CALLF(nl_snprintf, t, size, fmt, str);
			break;
		case T_PTR:
			rh = CALLF(snprintf, h, sizeof(h), fmt, ptr);
			rn = CALLF(nl_snprintf, n, sizeof(n), fmt, ptr);
			r2 = CALLF(nl_snprintf, t, size, fmt, ptr);
			break;
		}
		if (rh != rn || strcmp(h, n)) {
			print_error("iter %u fmt \"%s\" w=%d p=%d v=%llx: host "
				    "%d [%s] nolibc %d [%s]\n",
				    iter, fmt, w, p, v, rh, h, rn, n);
			fail();
		}
		assert_int_equal(r2, rh);
		if (size) {
			size_t m =
				(size_t)rh < size - 1 ? (size_t)rh : size - 1;

			assert_memory_equal(t, h, m);
			assert_int_equal(t[m], 0);
		}
		checks++;
	}
}

/* vsnprintf, sprintf and the fortify variants agree with snprintf. */
static int call_v(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = nl_vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return r;
}

static void test_printf_variants(void **state)
{
	char buf[128];

	(void)state;
	assert_int_equal(call_v(buf, sizeof(buf), "%s-%d", "x", 12), 4);
	assert_string_equal(buf, "x-12");
	assert_int_equal(nl_sprintf(buf, "%05d|%s", -3, "ok"), 8);
	assert_string_equal(buf, "-0003|ok");
	assert_int_equal(nl___snprintf_chk(buf, 4, 1, sizeof(buf), "%d", 12345),
			 5);
	assert_string_equal(buf, "123");
	assert_int_equal(nl___sprintf_chk(buf, 1, sizeof(buf), "%d", 77), 2);
	int r = nl_inttypes_check(buf, sizeof(buf));
	assert_int_equal(r, (int)strlen(buf));
	assert_string_equal(buf, "-9223372036854775808 18446744073709551615 "
				 "deadbeefcafe 18446744073709551615");
	assert_true(nl_builtin_macros_check());
}

/* --- strings --- */

static void fill_random(unsigned char *p, size_t n)
{
	/* A small alphabet (with high bytes) so that searches find things. */
	static const unsigned char alpha[] = "abcABC \x80\xff\x7f";

	for (size_t i = 0; i < n; i++)
		p[i] = alpha[rnd() % (sizeof(alpha) - 1)];
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void test_mem(void **state)
{
	unsigned char a[2048], b[2048], c[2048], d[2048];

	(void)state;
	for (int iter = 0; iter < 20000; iter++) {
		/* Half short, half long enough for memcpy/memset's aligned
		 * path (256 bytes and up), every alignment of both ends. */
		size_t off1 = rnd() % 64, off2 = rnd() % 64;
		size_t n = rnd() % 2 ? rnd() % 300 : rnd() % 1900;
		int ch = "abc\x80"[rnd() % 4];

		fill_random(a, sizeof(a));
		fill_random(b, sizeof(b));
		memcpy(c, b, sizeof(c));
		memcpy(d, b, sizeof(d));
		assert_ptr_equal(nl_memcpy(c + off1, a + off2, n), c + off1);
		memcpy(d + off1, a + off2, n);
		assert_memory_equal(c, d, sizeof(c));

		/* Overlapping moves, both directions. */
		memcpy(c, a, sizeof(c));
		memcpy(d, a, sizeof(d));
		assert_ptr_equal(nl_memmove(c + off1, c + off2, n), c + off1);
		memmove(d + off1, d + off2, n);
		assert_memory_equal(c, d, sizeof(c));

		assert_ptr_equal(nl_memset(c + off1, ch, n), c + off1);
		memset(d + off1, ch, n);
		assert_memory_equal(c, d, sizeof(c));

		/* memcmp: equal prefixes with one random difference. */
		memcpy(c, a, sizeof(c));
		if (n && rnd() % 2)
			c[off1 + rnd() % n] ^= (unsigned char)(1 + rnd() % 255);
		assert_int_equal(sign(nl_memcmp(a + off1, c + off1, n)),
				 sign(memcmp(a + off1, c + off1, n)));
		assert_int_equal(sign(nl_memcmp(b + off1, a + off2, n)),
				 sign(memcmp(b + off1, a + off2, n)));

		assert_ptr_equal(nl_memchr(a + off1, ch, n),
				 memchr(a + off1, ch, n));
		assert_ptr_equal(nl_memrchr(a + off1, ch, n),
				 memrchr(a + off1, ch, n));
	}
}

/* Reference strlcpy/strlcat (not in the host's glibc 2.36). */
static size_t ref_strlcpy(char *d, const char *s, size_t size)
{
	size_t n = strlen(s);

	if (size) {
		size_t k = n < size - 1 ? n : size - 1;

		memcpy(d, s, k);
		d[k] = '\0';
	}
	return n;
}

static size_t ref_strlcat(char *d, const char *s, size_t size)
{
	size_t l = strnlen(d, size);

	if (l == size)
		return size + strlen(s);
	return l + ref_strlcpy(d + l, s, size - l);
}

/* A random NUL-terminated string of up to max bytes at p. */
static char *rnd_str(char *p, size_t max)
{
	size_t n = rnd() % (max + 1);

	fill_random((unsigned char *)p, n);
	p[n] = '\0';
	return p;
}

static void test_str(void **state)
{
	char s1[300], s2[300], x[700], y[700];

	(void)state;
	for (int iter = 0; iter < 20000; iter++) {
		size_t o = rnd() % 16, n = rnd() % 80;
		char *a = rnd_str(s1 + o, 200), *b;
		int ch = "abcA \x80\xff"[rnd() % 7];

		/* b: sometimes a (partial) copy of a, to get equal prefixes. */
		if (rnd() % 3 == 0) {
			strcpy(s2, a);
			b = s2;
			if (*b && rnd() % 2)
				b[rnd() % strlen(b)] = "aB\x80"[rnd() % 3];
		} else {
			b = rnd_str(s2 + rnd() % 16, 6);
		}

		assert_int_equal(nl_strlen(a), strlen(a));
		assert_int_equal(nl_strnlen(a, n), strnlen(a, n));
		assert_int_equal(sign(nl_strcmp(a, b)), sign(strcmp(a, b)));
		assert_int_equal(sign(nl_strncmp(a, b, n)),
				 sign(strncmp(a, b, n)));
		assert_int_equal(sign(nl_strcasecmp(a, b)),
				 sign(strcasecmp(a, b)));
		assert_int_equal(sign(nl_strncasecmp(a, b, n)),
				 sign(strncasecmp(a, b, n)));
		assert_ptr_equal(nl_strchr(a, ch), strchr(a, ch));
		assert_ptr_equal(nl_strchr(a, 0), strchr(a, 0));
		assert_ptr_equal(nl_strrchr(a, ch), strrchr(a, ch));
		assert_ptr_equal(nl_strstr(a, b), strstr(a, b));
		assert_int_equal(nl_strspn(a, b), strspn(a, b));
		assert_int_equal(nl_strcspn(a, b), strcspn(a, b));
		assert_ptr_equal(nl_strpbrk(a, b), strpbrk(a, b));

		memset(x, 0x5a, sizeof(x));
		memset(y, 0x5a, sizeof(y));
		assert_ptr_equal(nl_strcpy(x, a), x);
		strcpy(y, a);
		assert_memory_equal(x, y, sizeof(x));
		assert_ptr_equal(nl_stpcpy(x, b), x + strlen(b));
		stpcpy(y, b);
		assert_memory_equal(x, y, sizeof(x));
		assert_ptr_equal(nl_strcat(x, a), x);
		strcat(y, a);
		assert_memory_equal(x, y, sizeof(x));
		assert_ptr_equal(nl_strncat(x, b, n), x);
		strncat(y, b, n);
		assert_memory_equal(x, y, sizeof(x));
		assert_ptr_equal(nl_strncpy(x, a, n), x);
		strncpy(y, a, n);
		assert_memory_equal(x, y, sizeof(x));
		assert_int_equal(nl_strlcpy(x, a, n), ref_strlcpy(y, a, n));
		assert_memory_equal(x, y, sizeof(x));
		assert_int_equal(nl_strlcat(x, b, n), ref_strlcat(y, b, n));
		assert_memory_equal(x, y, sizeof(x));
	}
}

static void test_strtok_dup(void **state)
{
	char a[] = "  alpha, beta,,gamma ;delta  ", b[sizeof(a)];
	char *sa, *sb, *ta, *tb;
	char *d;

	(void)state;
	memcpy(b, a, sizeof(a));
	ta = nl_strtok_r(a, " ,;", &sa);
	tb = strtok_r(b, " ,;", &sb);
	while (ta || tb) {
		assert_non_null(ta);
		assert_non_null(tb);
		assert_int_equal(ta - a, tb - b);
		assert_string_equal(ta, tb);
		ta = nl_strtok_r(NULL, " ,;", &sa);
		tb = strtok_r(NULL, " ,;", &sb);
	}
	assert_memory_equal(a, b, sizeof(a));
	char empty[] = ",,,";
	assert_null(nl_strtok_r(empty, ",", &sa));
	assert_null(nl_strtok_r(NULL, ",", &sa));

	d = nl_strdup("duplicate");
	assert_string_equal(d, "duplicate");
	free(d);
	d = nl_strndup("duplicate", 3);
	assert_string_equal(d, "dup");
	free(d);
	d = nl_strndup("du", 30);
	assert_string_equal(d, "du");
	free(d);
}

/* --- errno, strerror --- */

static const struct errno_ent host_errnos[] = {
#define NL_ERRNO(n) { #n, n },
#include "errno_names.h"
#undef NL_ERRNO
};

static void test_errno(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(nl_errno_table_len,
			 sizeof(host_errnos) / sizeof(host_errnos[0]));
	for (unsigned int i = 0; i < nl_errno_table_len; i++) {
		assert_string_equal(nl_errno_table[i].name,
				    host_errnos[i].name);
		assert_int_equal(nl_errno_table[i].value, host_errnos[i].value);
	}
	assert_int_equal(ENOTSUP, EOPNOTSUPP);
	for (int e = -3; e < 140; e++)
		assert_string_equal(nl_strerror(e), strerror(e));

	assert_int_equal(nl___xpg_strerror_r(EINVAL, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "Invalid argument");
	assert_int_equal(nl___xpg_strerror_r(EINVAL, buf, 4), ERANGE);
	assert_string_equal(buf, "Inv");
	assert_int_equal(nl___xpg_strerror_r(1000, buf, sizeof(buf)), EINVAL);
	assert_string_equal(buf, "Unknown error 1000");

	nl_errno_set(ETIMEDOUT);
	assert_int_equal(*nl___errno_location(), ETIMEDOUT);
	*nl___errno_location() = 0;
	assert_int_equal(nl_errno_get(), 0);
}

/* --- strtol family --- */

static void check_strto(const char *s, int base)
{
	char *eh = (char *)"unset", *en = (char *)"unset";
	int errh, errn;

#define STRTO_CMP(host, nl, fmt)                                               \
	do {                                                                   \
		eh = en = (char *)"unset";                                     \
		errno = 0;                                                     \
		*nl___errno_location() = 0;                                    \
		__typeof__(host(s, &eh, base)) vh = host(s, &eh, base);        \
		__typeof__(nl(s, &en, base)) vn = nl(s, &en, base);            \
		errh = errno;                                                  \
		errn = *nl___errno_location();                                 \
		if (vh != vn || eh != en || errh != errn) {                    \
			print_error(#nl "(\"%s\", %d): host " fmt              \
					" end+%td errno %d, nolibc " fmt       \
					" end+%td errno %d\n",                 \
				    s, base, vh, eh - s, errh, vn, en - s,     \
				    errn);                                     \
			fail();                                                \
		}                                                              \
		checks++;                                                      \
	} while (0)

	if (base == 1 || base < 0 || base > 36) {
		/*
		 * glibc leaves *endptr alone for a bad base, but the host's
		 * ASan interceptor then returns garbage in it: check nolibc
		 * on its own.
		 */
		*nl___errno_location() = 0;
		assert_int_equal(nl_strtol(s, &en, base), 0);
		assert_string_equal(en, "unset");
		assert_int_equal(*nl___errno_location(), EINVAL);
		assert_int_equal(nl_strtoull(s, &en, base), 0);
		assert_string_equal(en, "unset");
		(void)eh;
		(void)errh;
		(void)errn;
		return;
	}
	STRTO_CMP(strtol, nl_strtol, "%ld");
	STRTO_CMP(strtoul, nl_strtoul, "%lu");
	STRTO_CMP(strtoll, nl_strtoll, "%lld");
	STRTO_CMP(strtoull, nl_strtoull, "%llu");
	STRTO_CMP(strtoimax, nl_strtoimax, "%jd");
	STRTO_CMP(strtoumax, nl_strtoumax, "%ju");
}

static void test_strtol(void **state)
{
	static const char *const inputs[] = {
		"",
		"   ",
		"0",
		"-0",
		"+0",
		"42",
		"  \t\n\v\f\r-42xyz",
		"+",
		"-",
		"+-1",
		"0x",
		"0X",
		"0x1g",
		"0xG",
		"-0x10",
		"0x7fffffffffffffff",
		"0x8000000000000000",
		"-0x8000000000000000",
		"-0x8000000000000001",
		"0xffffffffffffffff",
		"0x10000000000000000",
		"-0xffffffffffffffff",
		"9223372036854775807",
		"9223372036854775808",
		"-9223372036854775808",
		"-9223372036854775809",
		"18446744073709551615",
		"18446744073709551616",
		"-18446744073709551615",
		"-18446744073709551616",
		"99999999999999999999999999999999999999 tail",
		"-1",
		"0777",
		"0778",
		"08",
		"1010102",
		"zzzz",
		"ZZZZ!",
		"1z",
		"  0b101",
		"3w5e11",
		"-zik0zj",
		"1y2p0ij32e8e7",
		"1y2p0ij32e8e8",
		"\x80"
		"12",
	};
	static const int bases[] = { 0, 2, 8, 10, 16, 36, 3, 35, 1, 37, -1 };
	char buf[40];

	(void)state;
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
		for (size_t j = 0; j < sizeof(bases) / sizeof(bases[0]); j++)
			check_strto(inputs[i], bases[j]);

	/* Random digit strings in random bases. */
	for (int iter = 0; iter < 50000; iter++) {
		static const char digits[] =
			"0123456789abcdefghijklmnopqrstuvwxyzABCXYZ";
		size_t n = rnd() % 30, k = 0;

		if (rnd() % 4 == 0)
			buf[k++] = ' ';
		if (rnd() % 3 == 0)
			buf[k++] = "+-"[rnd() % 2];
		if (rnd() % 4 == 0) {
			buf[k++] = '0';
			if (rnd() % 2)
				buf[k++] = "xX"[rnd() % 2];
		}
		while (n--)
			buf[k++] = digits[rnd() % (sizeof(digits) - 1)];
		buf[k] = '\0';
		check_strto(buf, bases[rnd() % 6]);
		check_strto(buf, (int)(rnd() % 37));
	}
	assert_int_equal(nl_atoi(" -123abc"), -123);
	assert_int_equal(nl_labs(LONG_MIN + 1), LONG_MAX);
}

/* --- qsort, bsearch --- */

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

struct rec {
	int key;
	char pad[8];
};

static int cmp_rec_r(const void *a, const void *b, void *arg)
{
	const struct rec *x = a, *y = b;

	(*(int *)arg)++;
	return (x->key > y->key) - (x->key < y->key);
}

static void test_qsort(void **state)
{
	static int a[20000], b[20000];
	static struct rec r[5000];

	(void)state;
	for (int iter = 0; iter < 400; iter++) {
		size_t n = iter < 300 ? (size_t)iter : rnd() % 20000;
		int range = rnd() % 2 ? 10 : INT_MAX;

		for (size_t i = 0; i < n; i++)
			a[i] = b[i] =
				(int)(rnd() % (unsigned int)range) - range / 2;
		if (iter % 7 == 1) /* already sorted input */
			qsort(a, n, sizeof(int), cmp_int);
		memcpy(b, a, n * sizeof(int));
		nl_qsort(a, n, sizeof(int), cmp_int);
		qsort(b, n, sizeof(int), cmp_int);
		assert_memory_equal(a, b, n * sizeof(int));
		for (size_t i = 0; i < n; i += 1 + n / 50) {
			int *f = nl_bsearch(&b[i], a, n, sizeof(int), cmp_int);

			assert_non_null(f);
			assert_int_equal(*f, b[i]);
		}
		if (n) {
			int missing = INT_MAX;

			if (b[n - 1] != INT_MAX)
				assert_null(nl_bsearch(&missing, a, n,
						       sizeof(int), cmp_int));
		}
	}
	/* Odd element size through qsort_r, counting comparisons. */
	for (size_t i = 0; i < 5000; i++) {
		r[i].key = (int)(rnd() % 1000);
		memset(r[i].pad, (int)i, sizeof(r[i].pad));
	}
	int ncmp = 0;
	nl_qsort_r(r, 5000, sizeof(r[0]), cmp_rec_r, &ncmp);
	for (size_t i = 1; i < 5000; i++)
		assert_true(r[i - 1].key <= r[i].key);
	/* O(n log n): heapsort needs at most ~2 n log2 n comparisons. */
	assert_true(ncmp < 2 * 5000 * 13);
	nl_qsort(NULL, 0, sizeof(int), cmp_int);
}

/* --- ctype --- */

static void test_ctype(void **state)
{
	(void)state;
	for (int c = EOF; c < 256; c++) {
#define CT(f) assert_int_equal(!!nl_##f(c), !!f(c))
		CT(isalnum);
		CT(isalpha);
		CT(isblank);
		CT(iscntrl);
		CT(isdigit);
		CT(isgraph);
		CT(islower);
		CT(isprint);
		CT(ispunct);
		CT(isspace);
		CT(isupper);
		CT(isxdigit);
#undef CT
		assert_int_equal(nl_tolower(c), tolower(c));
		assert_int_equal(nl_toupper(c), toupper(c));
	}
	/* glibc ABI tables, all of -128..255. */
	for (int c = -128; c < 256; c++) {
		assert_int_equal((*nl___ctype_b_loc())[c],
				 (*__ctype_b_loc())[c]);
		assert_int_equal((*nl___ctype_tolower_loc())[c],
				 (*__ctype_tolower_loc())[c]);
		assert_int_equal((*nl___ctype_toupper_loc())[c],
				 (*__ctype_toupper_loc())[c]);
	}
}

/* --- stdout / stderr buffering --- */

static void test_stdout_lines(void **state)
{
	char big[200];

	(void)state;
	reset_writes();
	assert_int_equal(nl_printf("abc"), 3);
	assert_int_equal(nwrites, 0);
	assert_int_equal(nl_printf("def%d\nghi", 1), 8);
	assert_int_equal(nwrites, 1);
	assert_string_equal(writes[0], "abcdef1\n");
	assert_int_equal(nl_fflush(nl_stdout), 0);
	assert_int_equal(nwrites, 2);
	assert_string_equal(writes[1], "ghi");
	assert_int_equal(nl_fflush(nl_stdout), 0);
	assert_int_equal(nwrites, 2); /* nothing pending: no write */

	/* One write per line, also when one call prints several. */
	reset_writes();
	nl_printf("a\nbb\n%s\n", "ccc");
	assert_int_equal(nwrites, 3);
	assert_string_equal(writes[0], "a\n");
	assert_string_equal(writes[1], "bb\n");
	assert_string_equal(writes[2], "ccc\n");

	/* A line longer than the 64-byte buffer: written when full. */
	reset_writes();
	memset(big, 'x', 150);
	big[150] = '\0';
	nl_printf("%s", big);
	assert_int_equal(nwrites, 2);
	assert_int_equal(strlen(writes[0]), 64);
	assert_int_equal(strlen(writes[1]), 64);
	nl_putchar('\n');
	assert_int_equal(nwrites, 3);
	assert_int_equal(strlen(writes[2]), 150 - 128 + 1);

	/* puts, fputs, fputc, fwrite go through the same buffer. */
	reset_writes();
	assert_true(nl_puts("line") >= 0);
	assert_true(nl_fputs("x", nl_stdout) >= 0);
	assert_int_equal(nl_fputc('y', nl_stdout), 'y');
	assert_int_equal(nl_fwrite("z\nw", 1, 3, nl_stdout), 3);
	assert_int_equal(nwrites, 2);
	assert_string_equal(writes[0], "line\n");
	assert_string_equal(writes[1], "xyz\n");
	nl_fflush(NULL);
	assert_string_equal(writes[2], "w");

	/* Fully buffered with a caller's buffer, then back. */
	static char mybuf[16];
	reset_writes();
	assert_int_equal(nl_setvbuf(nl_stdout, mybuf, _IOFBF, sizeof(mybuf)),
			 0);
	nl_printf("1\n2\n3\n");
	assert_int_equal(nwrites, 0);
	nl_fflush(nl_stdout);
	assert_int_equal(nwrites, 1);
	assert_string_equal(writes[0], "1\n2\n3\n");
	assert_int_equal(nl_setvbuf(nl_stdout, NULL, 99, 0), -1);
	assert_int_equal(nl_setvbuf(nl_stdout, NULL, _IONBF, 0), 0);
	nl_printf("u%d", 1);
	assert_int_equal(nwrites, 2);
	static char linebuf[64];
	assert_int_equal(
		nl_setvbuf(nl_stdout, linebuf, _IOLBF, sizeof(linebuf)), 0);
	reset_writes();
}

static void test_stderr(void **state)
{
	char big[600];

	(void)state;
	reset_writes();
	/* One write per call, newlines or not. */
	assert_int_equal(nl_fprintf(nl_stderr, "x=%d\ny=%d\n", 1, 2), 8);
	assert_int_equal(nwrites, 1);
	assert_string_equal(writes[0], "x=1\ny=2\n");
	nl_fprintf(nl_stderr, "partial");
	assert_int_equal(nwrites, 2);
	/* Longer than the 256-byte chunk: 256, 256, 88. */
	memset(big, 'e', 600);
	big[599] = '\0';
	nl_fprintf(nl_stderr, "%s\n", big);
	assert_int_equal(nwrites, 5);
	assert_int_equal(strlen(writes[2]), 256);
	assert_int_equal(strlen(writes[4]), 600 - 512);
	assert_true(nl_fputs("whole line\n", nl_stderr) >= 0);
	assert_int_equal(nwrites, 6);
	assert_string_equal(writes[5], "whole line\n");

	/* stderr output does not disturb buffered stdout. */
	reset_writes();
	nl_printf("out ");
	nl_fprintf(nl_stderr, "err\n");
	nl_printf("line\n");
	assert_int_equal(nwrites, 2);
	assert_string_equal(writes[0], "err\n");
	assert_string_equal(writes[1], "out line\n");

	/* Console errors: -1/EOF and the error indicator. */
	reset_writes();
	coutk_fail = 1;
	assert_int_equal(nl_fprintf(nl_stderr, "lost"), -1);
	assert_true(nl_ferror(nl_stderr));
	assert_int_equal(nl_fputc('x', nl_stderr), EOF);
	nl_clearerr(nl_stderr);
	assert_false(nl_ferror(nl_stderr));
	assert_int_equal(nl_printf("lost too\n"), -1);
	nl_clearerr(nl_stdout);
	coutk_fail = 0;
}

/* --- exit, abort, assert, fortify --- */

static int atexit_order;
static void at1(void)
{
	atexit_order = atexit_order * 10 + 1;
}
static void at2(void)
{
	atexit_order = atexit_order * 10 + 2;
}

static void test_exit_abort(void **state)
{
	char small[4];

	(void)state;
	reset_writes();
	assert_int_equal(nl_atexit(at1), 0);
	assert_int_equal(nl_atexit(at2), 0);
	nl_printf("pending");
	if (!setjmp(term_jmp))
		nl_exit(3);
	assert_int_equal(term_rc, 3);
	assert_int_equal(atexit_order, 21); /* last registered runs first */
	assert_int_equal(nwrites, 1);
	assert_string_equal(writes[0], "pending");

	reset_writes();
	nl_printf("half");
	if (!setjmp(term_jmp))
		nl_abort();
	assert_int_equal(term_rc, 127);
	assert_int_equal(nwrites, 2);
	assert_string_equal(writes[0], "half");
	assert_string_equal(writes[1], "abort()\n");

	reset_writes();
	term_rc = -1;
	if (!setjmp(term_jmp))
		nl_assert_check(1);
	assert_int_equal(term_rc, -1);
	assert_int_equal(nl_assert_ndebug_check(0), 0);
	if (!setjmp(term_jmp))
		nl_assert_check(2);
	assert_int_equal(term_rc, 127);
	assert_true(nwrites >= 1);
	assert_non_null(strstr(writes[0], "Assertion failed: x == 1 ("));
	assert_non_null(strstr(writes[0], "fs_helpers.c:"));
	assert_non_null(strstr(writes[0], ": assert_check)\n"));

	/* Fortify: a write that fits works, an overflow aborts. */
	reset_writes();
	term_rc = -1;
	assert_ptr_equal(nl___memcpy_chk(small, "abcd", 4, sizeof(small)),
			 small);
	if (!setjmp(term_jmp))
		nl___memcpy_chk(small, "abcde", 5, sizeof(small));
	assert_int_equal(term_rc, 127);
	assert_non_null(strstr(writes[0], "buffer overflow detected"));
	term_rc = -1;
	if (!setjmp(term_jmp))
		nl___strcpy_chk(small, "abcd", sizeof(small));
	assert_int_equal(term_rc, 127);
	term_rc = -1;
	if (!setjmp(term_jmp))
		nl___sprintf_chk(small, 1, sizeof(small), "%d", 1234);
	assert_int_equal(term_rc, 127);
	term_rc = -1;
	if (!setjmp(term_jmp))
		nl___snprintf_chk(small, 8, 1, sizeof(small), "%d", 1);
	assert_int_equal(term_rc, 127);
	reset_writes();
}

/* --- signal.h --- */

static int sig_seen, sig_count;
static siginfo_t sig_info;

static void on_sig(int sig)
{
	sig_seen = sig;
	sig_count++;
}

static void on_siginfo(int sig, siginfo_t *info, void *ctx)
{
	(void)ctx;
	sig_seen = sig;
	sig_count++;
	sig_info = *info;
}

static void test_signal(void **state)
{
	(void)state;
	sig_seen = sig_count = 0;
	assert_ptr_equal(nl_signal(SIGINT, on_sig), SIG_DFL);
	assert_ptr_equal(nl_signal(SIGINT, on_sig), on_sig);
	assert_int_equal(nl_raise(SIGINT), 0);
	assert_int_equal(sig_seen, SIGINT);
	/* glibc's signal() keeps the handler installed. */
	assert_int_equal(nl_raise(SIGINT), 0);
	assert_int_equal(sig_count, 2);

	assert_ptr_equal(nl_signal(SIGTERM, SIG_IGN), SIG_DFL);
	assert_int_equal(nl_raise(SIGTERM), 0);
	assert_int_equal(sig_count, 2);

	/* Uncatchable and out-of-range numbers. */
	*nl___errno_location() = 0;
	assert_ptr_equal(nl_signal(SIGKILL, on_sig), SIG_ERR);
	assert_int_equal(*nl___errno_location(), EINVAL);
	assert_ptr_equal(nl_signal(SIGSTOP, SIG_IGN), SIG_ERR);
	assert_ptr_equal(nl_signal(0, on_sig), SIG_ERR);
	assert_ptr_equal(nl_signal(65, on_sig), SIG_ERR);
	assert_int_equal(nl_raise(0), -1);
	assert_int_equal(nl_raise(65), -1);

	/* SIG_DFL: ignored for SIGCHLD, terminates (exit code 1) for SIGUSR1. */
	assert_int_equal(nl_raise(SIGCHLD), 0);
	reset_writes();
	term_rc = -1;
	if (!setjmp(term_jmp))
		nl_raise(SIGUSR1);
	assert_int_equal(term_rc, 1);
	assert_true(nwrites >= 1);
	assert_string_equal(writes[nwrites - 1], "terminated by signal 10\n");

	nl_signal(SIGINT, SIG_DFL);
	nl_signal(SIGTERM, SIG_DFL);
}

static void test_sigaction(void **state)
{
	struct sigaction sa, old;

	(void)state;
	/* The glibc x86-64 layout the declarations above rely on. */
	assert_int_equal(sizeof(struct sigaction), 152);
	assert_int_equal(offsetof(struct sigaction, sa_mask), 8);
	assert_int_equal(offsetof(struct sigaction, sa_flags), 136);
	assert_int_equal(offsetof(struct sigaction, sa_restorer), 144);

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_siginfo;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	assert_int_equal(nl_sigaction(SIGUSR1, &sa, NULL), 0);
	memset(&old, 0xa5, sizeof(old));
	assert_int_equal(nl_sigaction(SIGUSR1, NULL, &old), 0);
	assert_ptr_equal(old.sa_sigaction, on_siginfo);
	assert_int_equal(old.sa_flags, SA_SIGINFO | SA_RESTART);
	assert_int_equal(sigismember(&old.sa_mask, SIGUSR2), 1);
	assert_int_equal(sigismember(&old.sa_mask, SIGUSR1), 0);

	sig_count = 0;
	memset(&sig_info, 0, sizeof(sig_info));
	assert_int_equal(nl_raise(SIGUSR1), 0);
	assert_int_equal(sig_count, 1);
	assert_int_equal(sig_info.si_signo, SIGUSR1);
	assert_int_equal(sig_info.si_code, SI_USER);

	/* SA_RESETHAND: runs once, then SIG_DFL. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sig;
	sa.sa_flags = SA_RESETHAND;
	assert_int_equal(nl_sigaction(SIGHUP, &sa, &old), 0);
	assert_ptr_equal(old.sa_handler, SIG_DFL);
	assert_int_equal(nl_raise(SIGHUP), 0);
	assert_int_equal(sig_count, 2);
	assert_int_equal(nl_sigaction(SIGHUP, NULL, &old), 0);
	assert_ptr_equal(old.sa_handler, SIG_DFL);

	/* SIGKILL can be queried, not set. */
	assert_int_equal(nl_sigaction(SIGKILL, NULL, &old), 0);
	assert_int_equal(nl_sigaction(SIGKILL, &sa, NULL), -1);
	assert_int_equal(*nl___errno_location(), EINVAL);

	memset(&sa, 0, sizeof(sa));
	nl_sigaction(SIGUSR1, &sa, NULL);
}

static void test_sigset(void **state)
{
	sigset_t ours, host, old;
	int s;

	(void)state;
	/*
	 * Bit for bit what glibc's own helpers produce, in the word that
	 * holds signals 1..64 (glibc leaves the rest of its 1024 bits alone).
	 */
	assert_int_equal(nl_sigemptyset(&ours), 0);
	sigemptyset(&host);
	assert_memory_equal(&ours, &host, sizeof(unsigned long));
	for (s = 1; s < 65; s += 7) {
		assert_int_equal(nl_sigaddset(&ours, s), 0);
		sigaddset(&host, s);
	}
	assert_memory_equal(&ours, &host, sizeof(unsigned long));
	for (s = 1; s < 65; s++)
		assert_int_equal(nl_sigismember(&ours, s),
				 sigismember(&host, s));
	assert_int_equal(nl_sigdelset(&ours, 8), 0);
	assert_int_equal(nl_sigismember(&ours, 8), 0);
	assert_int_equal(nl_sigaddset(&ours, 0), -1);
	assert_int_equal(nl_sigismember(&ours, 65), -1);
	assert_int_equal(nl_sigfillset(&ours), 0);
	assert_int_equal(nl_sigismember(&ours, 64), 1);

	/* sigprocmask records and reports. */
	nl_sigemptyset(&ours);
	nl_sigaddset(&ours, SIGINT);
	assert_int_equal(nl_sigprocmask(SIG_SETMASK, &ours, NULL), 0);
	nl_sigemptyset(&ours);
	nl_sigaddset(&ours, SIGTERM);
	assert_int_equal(nl_sigprocmask(SIG_BLOCK, &ours, &old), 0);
	assert_int_equal(nl_sigismember(&old, SIGINT), 1);
	assert_int_equal(nl_sigismember(&old, SIGTERM), 0);
	nl_sigemptyset(&ours);
	nl_sigaddset(&ours, SIGINT);
	assert_int_equal(nl_sigprocmask(SIG_UNBLOCK, &ours, &old), 0);
	assert_int_equal(nl_sigismember(&old, SIGTERM), 1);
	assert_int_equal(nl_sigprocmask(SIG_BLOCK, NULL, &old), 0);
	assert_int_equal(nl_sigismember(&old, SIGINT), 0);
	assert_int_equal(nl_sigismember(&old, SIGTERM), 1);
	assert_int_equal(nl_sigprocmask(7, NULL, NULL), -1);
	nl_sigemptyset(&ours);
	nl_sigprocmask(SIG_SETMASK, &ours, NULL);
}

/* --- glibc-ABI additions: sscanf, getopt_long, log10 -------------------- */

int nl_sscanf(const char *, const char *, ...);
int nl___isoc99_sscanf(const char *, const char *, ...);
int nl_getopt_long(int, char *const[], const char *, const struct option *,
		   int *);
extern char *nl_optarg;
extern int nl_optind, nl_opterr, nl_optopt;
double nl_log10(double);

/* Same inputs through glibc's sscanf and nolibc's: same count, values. */
static void test_sscanf_vs_glibc(void **state __attribute__((unused)))
{
	static const char *const in[] = {
		"12 -7 0x1f 077 abc", "  42",  "",	   "x",
		"4294967295 -1 ff",   "a:b:c", "10,20,30", "0012 junk",
		"-0x10 +5",
	};
	size_t i;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		int a1 = 0, b1 = 0, a2 = 0, b2 = 0, r1, r2, n1 = -1, n2 = -1;
		unsigned int x1 = 0, x2 = 0, o1 = 0, o2 = 0;
		char s1[16] = "", s2[16] = "";
		unsigned long long u1 = 0, u2 = 0;
		unsigned char h1 = 0, h2 = 0;

		r1 = sscanf(in[i], "%d %i %x %o %15s%n", &a1, &b1, &x1, &o1, s1,
			    &n1);
		r2 = nl_sscanf(in[i], "%d %i %x %o %15s%n", &a2, &b2, &x2, &o2,
			       s2, &n2);
		assert_int_equal(r1, r2);
		assert_int_equal(a1, a2);
		assert_int_equal(b1, b2);
		assert_int_equal(x1, x2);
		assert_int_equal(o1, o2);
		assert_string_equal(s1, s2);
		assert_int_equal(n1, n2);
		r1 = sscanf(in[i], "%llu %*d %hhx", &u1, &h1);
		r2 = nl___isoc99_sscanf(in[i], "%llu %*d %hhx", &u2, &h2);
		assert_int_equal(r1, r2);
		assert_true(u1 == u2);
		assert_int_equal(h1, h2);
		memset(s1, 0, sizeof(s1));
		memset(s2, 0, sizeof(s2));
		r1 = sscanf(in[i], "%[a-z]:%3c", s1, s1 + 8);
		r2 = nl_sscanf(in[i], "%[a-z]:%3c", s2, s2 + 8);
		assert_int_equal(r1, r2);
		assert_memory_equal(s1, s2, sizeof(s1));
	}
}

/* glibc with '+' (no permutation) and nolibc agree option by option. */
static void test_getopt_long_vs_glibc(void **state __attribute__((unused)))
{
	static int flag;
	static const struct option lo[] = {
		{ "portmap", required_argument, NULL, 1 },
		{ "no-mac-updating", no_argument, &flag, 2 },
		{ "opt", optional_argument, NULL, 3 },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const lines[][8] = {
		{ "app", "-p", "0x3", "-q", "2", "--portmap=(0,1)", NULL },
		{ "app", "-p0x3", "--no-mac-updating", "-T", "1", "rest",
		  NULL },
		{ "app", "-x", "--bogus", "--portmap", NULL },
		{ "app", "--opt", "--opt=v", "--", "-p", NULL },
		{ "app", "-pq", NULL },
	};
	size_t l;

	for (l = 0; l < sizeof(lines) / sizeof(lines[0]); l++) {
		char *a1[8], *a2[8];
		int argc = 0, r1, r2, i1, i2;

		while (lines[l][argc]) {
			a1[argc] = (char *)lines[l][argc];
			a2[argc] = (char *)lines[l][argc];
			argc++;
		}
		a1[argc] = a2[argc] = NULL;
		optind = 0; /* glibc: full reset */
		nl_optind = 1;
		opterr = nl_opterr = 0;
		do {
			i1 = i2 = -1;
			r1 = getopt_long(argc, a1, "+p:q:T:", lo, &i1);
			r2 = nl_getopt_long(argc, a2, "+p:q:T:", lo, &i2);
			assert_int_equal(r1, r2);
			assert_int_equal(optind, nl_optind);
			if (r1 == 0 || r1 == 1 || r1 == 3)
				assert_int_equal(i1, i2);
			if (optarg || nl_optarg)
				assert_string_equal(optarg ? optarg : "(null)",
						    nl_optarg ? nl_optarg
							      : "(null)");
		} while (r1 != -1);
	}
}

static void test_log10(void **state __attribute__((unused)))
{
	static const double v[] = { 1, 10, 1000, 2, 0.5, 12345.678, 1e-300 };
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		assert_true(fabs(nl_log10(v[i]) - log10(v[i])) <=
			    1e-15 * fabs(log10(v[i])) + 1e-300);
	assert_true(isinf(nl_log10(0)) && nl_log10(0) < 0);
	assert_true(isnan(nl_log10(-1)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sscanf_vs_glibc),
		cmocka_unit_test(test_getopt_long_vs_glibc),
		cmocka_unit_test(test_log10),
		cmocka_unit_test(test_printf_table),
		cmocka_unit_test(test_printf_n),
		cmocka_unit_test(test_printf_random),
		cmocka_unit_test(test_printf_variants),
		cmocka_unit_test(test_mem),
		cmocka_unit_test(test_str),
		cmocka_unit_test(test_strtok_dup),
		cmocka_unit_test(test_errno),
		cmocka_unit_test(test_strtol),
		cmocka_unit_test(test_qsort),
		cmocka_unit_test(test_ctype),
		cmocka_unit_test(test_stdout_lines),
		cmocka_unit_test(test_stderr),
		cmocka_unit_test(test_exit_abort),
		cmocka_unit_test(test_signal),
		cmocka_unit_test(test_sigaction),
		cmocka_unit_test(test_sigset),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);

	printf("test_nolibc: %lu comparisons with glibc\n", checks);
	return r;
}
