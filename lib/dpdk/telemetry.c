/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Telemetry is off in nfkit images: librte_telemetry.a (a socket server
 * with its own thread) is not linked. The libraries still register their
 * commands from constructors and reference the data builders in their
 * handlers, so these entry points exist: a registration succeeds and is
 * forgotten, and since no server ever calls a handler, the builders are
 * never reached; if one is, it reports -ENOTSUP (and alloc NULL), which
 * the handlers pass back as an error. Counters reach the host through the
 * NF's own statistics instead (nfkit stats).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#include <rte_telemetry.h>

int rte_telemetry_register_cmd(const char *cmd, telemetry_cb fn,
			       const char *help)
{
	return 0;
}

struct rte_tel_data *rte_tel_data_alloc(void)
{
	return NULL;
}

void rte_tel_data_free(struct rte_tel_data *data)
{
}

int rte_tel_data_start_array(struct rte_tel_data *d,
			     enum rte_tel_value_type type)
{
	return -ENOTSUP;
}

int rte_tel_data_start_dict(struct rte_tel_data *d)
{
	return -ENOTSUP;
}

int rte_tel_data_string(struct rte_tel_data *d, const char *str)
{
	return -ENOTSUP;
}

int rte_tel_data_add_array_string(struct rte_tel_data *d, const char *str)
{
	return -ENOTSUP;
}

int rte_tel_data_add_array_int(struct rte_tel_data *d, int x)
{
	return -ENOTSUP;
}

int rte_tel_data_add_array_u64(struct rte_tel_data *d, uint64_t x)
{
	return -ENOTSUP;
}

int rte_tel_data_add_array_container(struct rte_tel_data *d,
				     struct rte_tel_data *val, int keep)
{
	return -ENOTSUP;
}

int rte_tel_data_add_dict_string(struct rte_tel_data *d, const char *name,
				 const char *val)
{
	return -ENOTSUP;
}

int rte_tel_data_add_dict_int(struct rte_tel_data *d, const char *name, int val)
{
	return -ENOTSUP;
}

int rte_tel_data_add_dict_u64(struct rte_tel_data *d, const char *name,
			      uint64_t val)
{
	return -ENOTSUP;
}

int rte_tel_data_add_dict_container(struct rte_tel_data *d, const char *name,
				    struct rte_tel_data *val, int keep)
{
	return -ENOTSUP;
}
