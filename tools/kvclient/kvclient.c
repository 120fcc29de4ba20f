/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvclient: host client of the kvstore network function (docs/kvstore.md).
 * Linux UDP sockets; shares only the wire format (include/nf/kv_proto.h)
 * with the NF. See tools/kvclient/README.md for commands and output.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <nf/kv_proto.h>

#define EXIT_STATUS 1  /* the server answered with a status other than OK */
#define EXIT_USAGE 2   /* bad command line */
#define EXIT_NETWORK 3 /* no answer (after retries) or a socket error */

#define MAX_KEY_SEND 255    /* keylen is one byte */
#define MAX_VALUE_SEND 1400 /* fits one 1500-byte IP datagram with the key */
#define MAX_WINDOW 4096

static const char *server = "10.0.0.2";
static unsigned int port = KV_PORT;
static unsigned int timeout_ms = 200;
static unsigned int retries = 3;
static unsigned int window = 32;
static const char *prefix = "key";
static unsigned int vallen_opt; /* 0: "val-<i>" */
static int quiet;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: kvclient [-s ADDR] [-p PORT] [-t MS] [-r RETRIES] "
		"[-w WINDOW] [-q] COMMAND\n"
		"  get KEY | set KEY VALUE | delete KEY\n"
		"  fill N [-P PREFIX] [-v VALLEN]     SET PREFIX<i> for i < N\n"
		"  verify N [-P PREFIX] [-v VALLEN]   GET them, compare\n"
		"  load -n N [-d SECS] [-k KEYS] [-g GET%%] [-P PREFIX] "
		"[-v VALLEN]\n"
		"exit: 0 OK, 1 a status other than OK, 2 usage, 3 no answer\n");
	exit(EXIT_USAGE);
}

static int open_socket(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons(port) };
	int fd, sz = 4 << 20;

	if (inet_pton(AF_INET, server, &sa.sin_addr) != 1) {
		fprintf(stderr, "kvclient: %s is not an IPv4 address\n",
			server);
		exit(EXIT_USAGE);
	}
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		perror("kvclient: socket");
		exit(EXIT_NETWORK);
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fprintf(stderr, "kvclient: connect %s:%u: %s\n", server, port,
			strerror(errno));
		exit(EXIT_NETWORK);
	}
	return fd;
}

static size_t build(uint8_t *p, uint8_t op, uint32_t id, const void *key,
		    size_t kl, const void *val, size_t vl)
{
	p[0] = KV_MAGIC0, p[1] = KV_MAGIC1, p[2] = KV_VERSION, p[3] = op;
	p[4] = id >> 24, p[5] = id >> 16, p[6] = id >> 8, p[7] = id;
	p[8] = 0, p[9] = kl, p[10] = vl >> 8, p[11] = vl & 0xff;
	memcpy(p + KV_HDR_LEN, key, kl);
	if (vl)
		memcpy(p + KV_HDR_LEN + kl, val, vl);
	return KV_HDR_LEN + kl + vl;
}

/* One request of a batch: what to send and what came back. */
struct req {
	uint64_t sent_ns;
	uint32_t lat_ns;
	uint8_t tries;
	uint8_t done; /* 1: answered, 2: given up */
	uint8_t status;
};

/*
 * A batch of n requests, at most `window` in flight. make(i, buf) builds
 * request i's payload without the header's id (filled here); check(i, resp,
 * len) looks at its response. `retry`: resend after timeout (else count as
 * lost at the first timeout).
 */
struct batch {
	uint64_t n;
	uint64_t deadline_ns; /* 0: none; stop sending after it */
	int retry;
	size_t (*make)(uint64_t i, uint8_t *buf);
	void (*check)(uint64_t i, const uint8_t *resp, size_t len);
	/* results */
	struct req *r;
	uint64_t answered, lost, sent, stale, bad;
	uint64_t t0, t1;
};

static uint32_t id_base;

static void send_req(int fd, struct batch *b, uint64_t i)
{
	uint8_t buf[2048];
	size_t len = b->make(i, buf);
	uint32_t id = id_base + (uint32_t)i;

	buf[4] = id >> 24, buf[5] = id >> 16, buf[6] = id >> 8, buf[7] = id;
	b->r[i].sent_ns = now_ns();
	b->r[i].tries++;
	b->sent++;
	if (send(fd, buf, len, 0) < 0 && errno != EAGAIN &&
	    errno != ECONNREFUSED) {
		perror("kvclient: send");
		exit(EXIT_NETWORK);
	}
}

static void run_batch(int fd, struct batch *b)
{
	uint64_t *inflight = calloc(window, sizeof(*inflight));
	unsigned int nin = 0, k;
	uint64_t next = 0, finished = 0;
	uint8_t buf[2048];

	b->r = calloc(b->n ? b->n : 1, sizeof(*b->r));
	if (!b->r || !inflight) {
		fprintf(stderr, "kvclient: out of memory for %llu requests\n",
			(unsigned long long)b->n);
		exit(EXIT_NETWORK);
	}
	b->t0 = now_ns();
	while (finished < b->n) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		uint64_t t;
		ssize_t len;

		if (b->deadline_ns && now_ns() >= b->deadline_ns &&
		    next < b->n) {
			b->n = next; /* time is up: stop sending */
			if (finished >= b->n)
				break;
		}
		while (nin < window && next < b->n) {
			inflight[nin++] = next;
			send_req(fd, b, next++);
		}
		poll(&pfd, 1, 1);
		while ((len = recv(fd, buf, sizeof(buf), 0)) >= 0) {
			uint32_t id = (uint32_t)buf[4] << 24 |
				      (uint32_t)buf[5] << 16 |
				      (uint32_t)buf[6] << 8 | buf[7];
			uint64_t i = (uint32_t)(id - id_base);

			if (len < KV_HDR_LEN || buf[0] != KV_MAGIC0 ||
			    buf[1] != KV_MAGIC1 || !(buf[3] & KV_OP_RESPONSE)) {
				b->bad++;
				continue;
			}
			if (i >= next || b->r[i].done) {
				b->stale++; /* duplicate or after timeout */
				continue;
			}
			t = now_ns();
			b->r[i].done = 1;
			b->r[i].status = buf[8];
			b->r[i].lat_ns = t - b->r[i].sent_ns;
			b->answered++;
			finished++;
			b->check(i, buf, len);
			for (k = 0; k < nin; k++)
				if (inflight[k] == i) {
					inflight[k] = inflight[--nin];
					break;
				}
		}
		if (errno != EAGAIN && errno != ECONNREFUSED) {
			perror("kvclient: recv");
			exit(EXIT_NETWORK);
		}
		t = now_ns();
		for (k = 0; k < nin;) {
			struct req *r = &b->r[inflight[k]];

			if (t - r->sent_ns < timeout_ms * 1000000ull) {
				k++;
				continue;
			}
			if (b->retry && r->tries <= retries) {
				send_req(fd, b, inflight[k]);
				k++;
				continue;
			}
			r->done = 2;
			b->lost++;
			finished++;
			inflight[k] = inflight[--nin];
		}
	}
	b->t1 = now_ns();
	free(inflight);
}

/* --- single requests --------------------------------------------------- */

static uint8_t one_op;
static const char *one_key, *one_val;
static size_t one_kl, one_vl;
static uint8_t one_resp[2048];
static size_t one_resp_len;

static size_t make_one(uint64_t i, uint8_t *buf)
{
	(void)i;
	return build(buf, one_op, 0, one_key, one_kl, one_val, one_vl);
}

static void check_one(uint64_t i, const uint8_t *resp, size_t len)
{
	(void)i;
	memcpy(one_resp, resp, len);
	one_resp_len = len;
}

static int cmd_one(int fd, uint8_t op, const char *key, const char *val)
{
	struct batch b = {
		.n = 1, .retry = 1, .make = make_one, .check = check_one
	};
	size_t kl, vl;

	one_op = op, one_key = key, one_val = val;
	one_kl = strlen(key), one_vl = val ? strlen(val) : 0;
	if (one_kl > MAX_KEY_SEND || one_vl > MAX_VALUE_SEND) {
		fprintf(stderr,
			"kvclient: key > %d or value > %d bytes cannot be "
			"sent in one datagram\n",
			MAX_KEY_SEND, MAX_VALUE_SEND);
		return EXIT_USAGE;
	}
	run_batch(fd, &b);
	if (!b.answered) {
		fprintf(stderr,
			"kvclient: no answer from %s:%u after %u tries\n",
			server, port, retries + 1);
		return EXIT_NETWORK;
	}
	if (b.r[0].status != KV_ST_OK) {
		printf("%s\n", kv_status_name(b.r[0].status));
		return EXIT_STATUS;
	}
	kl = one_resp[9];
	vl = (size_t)one_resp[10] << 8 | one_resp[11];
	if (op == KV_OP_GET) {
		if (KV_HDR_LEN + kl + vl > one_resp_len) {
			fprintf(stderr, "kvclient: response lengths lie\n");
			return EXIT_NETWORK;
		}
		fwrite(one_resp + KV_HDR_LEN + kl, 1, vl, stdout);
		printf("\n");
	} else if (!quiet) {
		printf("OK\n");
	}
	return 0;
}

/* --- fill / verify / load ----------------------------------------------- */

static uint64_t nkeys;
static unsigned int get_pct = 90;
static uint64_t rng = 88172645463325252ull;
static uint64_t mismatches;
static int verifying;

static uint64_t xorshift(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t key_of(uint64_t k, char *key)
{
	return (size_t)snprintf(key, 128, "%s%llu", prefix,
				(unsigned long long)k);
}

static size_t val_of(uint64_t k, char *val)
{
	size_t n = (size_t)snprintf(val, MAX_VALUE_SEND + 1, "val-%llu-",
				    (unsigned long long)k);

	if (!vallen_opt)
		return n - 1;
	while (n < vallen_opt)
		val[n++] = 'a' + k % 26;
	return vallen_opt;
}

static size_t make_set(uint64_t i, uint8_t *buf)
{
	char key[128], val[MAX_VALUE_SEND + 1];
	size_t kl = key_of(i, key), vl = val_of(i, val);

	return build(buf, KV_OP_SET, 0, key, kl, val, vl);
}

static size_t make_get(uint64_t i, uint8_t *buf)
{
	char key[128];
	size_t kl = key_of(i, key);

	return build(buf, KV_OP_GET, 0, key, kl, NULL, 0);
}

static void check_get(uint64_t i, const uint8_t *resp, size_t len)
{
	char val[MAX_VALUE_SEND + 1];
	size_t vl = val_of(i, val), kl = resp[9];
	size_t rvl = (size_t)resp[10] << 8 | resp[11];

	if (!verifying || resp[8] != KV_ST_OK)
		return;
	if (KV_HDR_LEN + kl + rvl != len || rvl != vl ||
	    memcmp(resp + KV_HDR_LEN + kl, val, vl)) {
		if (mismatches++ < 5)
			fprintf(stderr, "kvclient: %s%llu: wrong value\n",
				prefix, (unsigned long long)i);
	}
}

static void check_none(uint64_t i, const uint8_t *resp, size_t len)
{
	(void)i, (void)resp, (void)len;
}

/* load: request i is a GET (get_pct %) or SET of a random key < nkeys */
static uint64_t *load_key;
static uint8_t *load_op;

static size_t make_load(uint64_t i, uint8_t *buf)
{
	char key[128], val[MAX_VALUE_SEND + 1];
	size_t kl = key_of(load_key[i], key), vl;

	if (load_op[i] == KV_OP_GET)
		return build(buf, KV_OP_GET, 0, key, kl, NULL, 0);
	vl = val_of(load_key[i], val);
	return build(buf, KV_OP_SET, 0, key, kl, val, vl);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static double pct(const uint32_t *lat, uint64_t n, double p)
{
	uint64_t i;

	if (!n)
		return 0;
	i = (uint64_t)(p / 100.0 * (double)(n - 1) + 0.5);
	return lat[i] / 1000.0;
}

static void status_counts(const struct batch *b, uint64_t *cnt)
{
	uint64_t i;

	memset(cnt, 0, sizeof(*cnt) * (KV_ST_COUNT + 1));
	for (i = 0; i < b->n; i++)
		if (b->r[i].done == 1)
			cnt[b->r[i].status < KV_ST_COUNT ? b->r[i].status
							 : KV_ST_COUNT]++;
}

static void print_statuses(const uint64_t *cnt)
{
	unsigned int s;

	for (s = 0; s <= KV_ST_COUNT; s++)
		if (cnt[s])
			printf(" %s=%llu",
			       s < KV_ST_COUNT ? kv_status_name(s) : "UNKNOWN",
			       (unsigned long long)cnt[s]);
}

static int cmd_bulk(int fd, int get, uint64_t n)
{
	struct batch b = { .n = n, .retry = 1 };
	uint64_t cnt[KV_ST_COUNT + 1];
	double secs;

	b.make = get ? make_get : make_set;
	b.check = check_get;
	verifying = get;
	run_batch(fd, &b);
	secs = (b.t1 - b.t0) / 1e9;
	status_counts(&b, cnt);
	printf("kvclient: %s n=%llu answered=%llu lost=%llu mismatches=%llu "
	       "secs=%.3f",
	       get ? "verify" : "fill", (unsigned long long)n,
	       (unsigned long long)b.answered, (unsigned long long)b.lost,
	       (unsigned long long)mismatches, secs);
	print_statuses(cnt);
	printf("\n");
	if (b.lost)
		return EXIT_NETWORK;
	return cnt[KV_ST_OK] == n && !mismatches ? 0 : EXIT_STATUS;
}

static int cmd_load(int fd, uint64_t n, double secs_max)
{
	struct batch b = {
		.n = n, .retry = 0, .make = make_load, .check = check_none
	};
	uint64_t cnt[KV_ST_COUNT + 1], i, m = 0;
	uint32_t *lat;
	double secs;

	load_key = malloc(n * sizeof(*load_key));
	load_op = malloc(n);
	lat = malloc(n * sizeof(*lat));
	if (!load_key || !load_op || !lat) {
		fprintf(stderr, "kvclient: out of memory\n");
		return EXIT_NETWORK;
	}
	for (i = 0; i < n; i++) {
		load_key[i] = xorshift() % nkeys;
		load_op[i] = xorshift() % 100 < get_pct ? KV_OP_GET : KV_OP_SET;
	}
	if (secs_max > 0)
		b.deadline_ns = now_ns() + (uint64_t)(secs_max * 1e9);
	run_batch(fd, &b);
	for (i = 0; i < b.n; i++)
		if (b.r[i].done == 1)
			lat[m++] = b.r[i].lat_ns;
	qsort(lat, m, sizeof(*lat), cmp_u32);
	secs = (b.t1 - b.t0) / 1e9;
	status_counts(&b, cnt);
	printf("kvclient: load requests=%llu answered=%llu lost=%llu "
	       "window=%u secs=%.3f req_per_s=%.0f lat_us p50=%.1f p90=%.1f "
	       "p99=%.1f p999=%.1f max=%.1f",
	       (unsigned long long)b.n, (unsigned long long)b.answered,
	       (unsigned long long)b.lost, window, secs,
	       secs > 0 ? b.answered / secs : 0.0, pct(lat, m, 50),
	       pct(lat, m, 90), pct(lat, m, 99), pct(lat, m, 99.9),
	       m ? lat[m - 1] / 1000.0 : 0.0);
	print_statuses(cnt);
	printf("\n");
	return b.answered ? 0 : EXIT_NETWORK;
}

static uint64_t num(const char *s, const char *what)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || *s == '-') {
		fprintf(stderr, "kvclient: %s: '%s' is not a number\n", what,
			s);
		exit(EXIT_USAGE);
	}
	return v;
}

int main(int argc, char *argv[])
{
	uint64_t n = 0;
	double secs = 0;
	const char *cmd;
	int c, fd;

	nkeys = 0;
	/* '+': options stop at the command; the command's own come after. */
	while ((c = getopt(argc, argv, "+s:p:t:r:w:qh")) != -1) {
		switch (c) {
		case 's':
			server = optarg;
			break;
		case 'p':
			port = num(optarg, "-p");
			break;
		case 't':
			timeout_ms = num(optarg, "-t");
			break;
		case 'r':
			retries = num(optarg, "-r");
			break;
		case 'w':
			window = num(optarg, "-w");
			break;
		case 'q':
			quiet = 1;
			break;
		default:
			usage();
		}
	}
	if (optind >= argc || !port || port > 65535 || !window ||
	    window > MAX_WINDOW || !timeout_ms)
		usage();
	cmd = argv[optind++];
	if (!strcmp(cmd, "fill") || !strcmp(cmd, "verify")) {
		if (optind >= argc)
			usage();
		n = num(argv[optind++], "N");
	}
	optind--; /* getopt starts at argv[optind + 1] after argv[0] skip */
	argv[optind] = (char *)cmd;
	argc -= optind;
	argv += optind;
	optind = 0; /* glibc: reinitialise for the second option string */
	while ((c = getopt(argc, argv, "+n:d:k:g:P:v:w:")) != -1) {
		switch (c) {
		case 'n':
			n = num(optarg, "-n");
			break;
		case 'd':
			secs = strtod(optarg, NULL);
			break;
		case 'k':
			nkeys = num(optarg, "-k");
			break;
		case 'g':
			get_pct = num(optarg, "-g");
			break;
		case 'P':
			prefix = optarg;
			break;
		case 'v':
			vallen_opt = num(optarg, "-v");
			break;
		case 'w':
			window = num(optarg, "-w");
			break;
		default:
			usage();
		}
	}
	if (vallen_opt > MAX_VALUE_SEND || strlen(prefix) > 100 || !window ||
	    window > MAX_WINDOW || get_pct > 100)
		usage();
	id_base = (uint32_t)(now_ns() ^ ((uint64_t)getpid() << 20));
	if (!strcmp(cmd, "get") && argc - optind == 1) {
		fd = open_socket();
		return cmd_one(fd, KV_OP_GET, argv[optind], NULL);
	}
	if (!strcmp(cmd, "set") && argc - optind == 2) {
		fd = open_socket();
		return cmd_one(fd, KV_OP_SET, argv[optind], argv[optind + 1]);
	}
	if (!strcmp(cmd, "delete") && argc - optind == 1) {
		fd = open_socket();
		return cmd_one(fd, KV_OP_DELETE, argv[optind], NULL);
	}
	if ((!strcmp(cmd, "fill") || !strcmp(cmd, "verify")) &&
	    argc == optind && n) {
		fd = open_socket();
		return cmd_bulk(fd, cmd[0] == 'v', n);
	}
	if (!strcmp(cmd, "load") && argc == optind && n) {
		if (!nkeys)
			nkeys = 1000;
		fd = open_socket();
		return cmd_load(fd, n, secs);
	}
	usage();
	return EXIT_USAGE;
}
