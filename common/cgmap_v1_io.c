/* SPDX-License-Identifier: MIT */
/*
 * The cgroup v1 files of io.max and io.stat: the four blkio.throttle.*_device files, and the
 * bytes and operations that blkio counts per device.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgmap.h"
#include "cgmap_internal.h"
#include "cgvalue.h"

/* The blkio.throttle files of the io.max keys, in the order of enum cgv_io_key. */
static const char *const throttle_files[CGV_IO_KEYS] = {
	[CGV_IO_RBPS] = "blkio.throttle.read_bps_device",
	[CGV_IO_WBPS] = "blkio.throttle.write_bps_device",
	[CGV_IO_RIOPS] = "blkio.throttle.read_iops_device",
	[CGV_IO_WIOPS] = "blkio.throttle.write_iops_device",
};

const char *cgm_v1_throttle_key(const char *file)
{
	int key;

	for (key = 0; key < CGV_IO_KEYS; key++)
		if (strcmp(file, throttle_files[key]) == 0)
			return cgv_io_key_names[key];
	return NULL;
}

/* The devices of a translated io.max or io.stat, in the order they first appear. */
struct devices {
	struct device {
		unsigned major, minor;
		uint64_t values[CGV_IO_KEYS + 2];
		bool discard;
	} * list;
	size_t count;
	uint64_t initial; /* the value of a new device's fields */
};

static struct device *find_device(struct devices *devices, unsigned major, unsigned minor)
{
	struct device *more;
	size_t i;

	for (i = 0; i < devices->count; i++)
		if (devices->list[i].major == major && devices->list[i].minor == minor)
			return &devices->list[i];
	more = realloc(devices->list, (devices->count + 1) * sizeof(*more));
	if (!more)
		return NULL;
	devices->list = more;
	more = &more[devices->count++];
	memset(more, 0, sizeof(*more));
	more->major = major;
	more->minor = minor;
	for (i = 0; i < CGV_IO_KEYS + 2; i++)
		more->values[i] = devices->initial;
	return more;
}

/* Adds one blkio.throttle.*_device file ("8:0 1048576" lines) to the devices. */
static int add_throttle_file(const struct cg_group *group, size_t index, int key,
			     struct devices *devices)
{
	char *raw, *line, *save = NULL;
	unsigned major, minor;
	uint64_t limit;
	int r;

	r = cgm_read_text(group, index, throttle_files[key], &raw);
	if (r < 0)
		return r;
	for (line = strtok_r(raw, "\n", &save); line && r == 0;
	     line = strtok_r(NULL, "\n", &save)) {
		struct device *device;

		if (sscanf(line, "%u:%u %" SCNu64, &major, &minor, &limit) != 3)
			continue;
		device = find_device(devices, major, minor);
		if (!device)
			r = -ENOMEM;
		else
			device->values[key] = limit;
	}
	free(raw);
	return r;
}

/* Combines the four throttle files into io.max lines, which v2 prints with every key. */
int cgm_v1_read_io_max(const struct cg_group *group, const struct cgm_ref *ref, char **value)
{
	struct devices devices = { NULL, 0, CGV_MAX };
	struct cgm_text text;
	char line[160];
	size_t i;
	int key, r = 0;

	for (key = 0; key < CGV_IO_KEYS && r == 0; key++)
		r = add_throttle_file(group, (size_t)ref->index, key, &devices);
	if (r == 0)
		r = cgm_text_open(&text);
	if (r < 0) {
		free(devices.list);
		return r;
	}
	for (i = 0; i < devices.count && r == 0; i++) {
		struct cgv_io_max io = {
			devices.list[i].major, devices.list[i].minor, { 0 }, (1u << CGV_IO_KEYS) - 1
		};

		memcpy(io.limit, devices.list[i].values, sizeof(io.limit));
		r = cgv_format_io_max(&io, line, sizeof(line));
		if (r >= 0) {
			fprintf(text.stream, "%s\n", line);
			r = 0;
		}
	}
	free(devices.list);
	return cgm_text_close(&text, r, value);
}

/* Writes each key that an io.max line sets to its throttle file, where 0 removes a limit. */
int cgm_v1_write_io_max(const struct cg_group *group, const struct cgm_ref *ref, const char *normal,
			struct cgm_undo **undo)
{
	struct cgv_io_max io;
	char line[64];
	int key, r;

	r = cgv_parse_io_max(normal, &io);
	for (key = 0; key < CGV_IO_KEYS && r == 0; key++) {
		if (!(io.set & 1u << key))
			continue;
		snprintf(line, sizeof(line), "%u:%u %" PRIu64, io.major, io.minor,
			 io.limit[key] == CGV_MAX ? 0 : io.limit[key]);
		r = cgm_write_file(group, (size_t)ref->index, throttle_files[key], line, undo);
	}
	return r;
}

/* The fields of a translated io.stat line, after the four of enum cgv_io_key. */
enum { STAT_DBYTES = CGV_IO_KEYS, STAT_DIOS };

/* Adds one recursive blkio statistics file ("8:0 Read 4096" lines). */
static int add_io_stat_file(const struct cg_group *group, size_t index, const char *file,
			    bool bytes, struct devices *devices)
{
	char *raw, *line, *save = NULL, op[16], name[160];
	unsigned major, minor;
	uint64_t number;
	int r;

	snprintf(name, sizeof(name), "%s_recursive", file);
	r = cgm_read_text(group, index, name, &raw);
	/* Older kernels have only the files that count the group alone. */
	if (r == -ENOENT)
		r = cgm_read_text(group, index, file, &raw);
	if (r < 0)
		return r;
	for (line = strtok_r(raw, "\n", &save); line && r == 0;
	     line = strtok_r(NULL, "\n", &save)) {
		struct device *device;
		int field;

		if (sscanf(line, "%u:%u %15s %" SCNu64, &major, &minor, op, &number) != 4)
			continue;
		if (strcmp(op, "Read") == 0)
			field = bytes ? CGV_IO_RBPS : CGV_IO_RIOPS;
		else if (strcmp(op, "Write") == 0)
			field = bytes ? CGV_IO_WBPS : CGV_IO_WIOPS;
		else if (strcmp(op, "Discard") == 0)
			field = bytes ? STAT_DBYTES : STAT_DIOS;
		else
			continue;
		device = find_device(devices, major, minor);
		if (!device) {
			r = -ENOMEM;
			break;
		}
		device->values[field] = number;
		device->discard = device->discard || field >= STAT_DBYTES;
	}
	free(raw);
	return r;
}

/* io.stat from the bytes and operations that blkio counts, with dbytes and dios where known. */
int cgm_v1_read_io_stat(const struct cg_group *group, const struct cgm_ref *ref, char **value)
{
	struct devices devices = { NULL, 0, 0 };
	size_t index = (size_t)ref->index, i;
	struct cgm_text text;
	int r;

	r = add_io_stat_file(group, index, "blkio.throttle.io_service_bytes", true, &devices);
	if (r == 0)
		r = add_io_stat_file(group, index, "blkio.throttle.io_serviced", false, &devices);
	if (r == 0)
		r = cgm_text_open(&text);
	if (r < 0) {
		free(devices.list);
		return r;
	}
	for (i = 0; i < devices.count; i++) {
		const struct device *d = &devices.list[i];

		fprintf(text.stream,
			"%u:%u rbytes=%" PRIu64 " wbytes=%" PRIu64 " rios=%" PRIu64
			" wios=%" PRIu64,
			d->major, d->minor, d->values[CGV_IO_RBPS], d->values[CGV_IO_WBPS],
			d->values[CGV_IO_RIOPS], d->values[CGV_IO_WIOPS]);
		if (d->discard)
			fprintf(text.stream, " dbytes=%" PRIu64 " dios=%" PRIu64,
				d->values[STAT_DBYTES], d->values[STAT_DIOS]);
		fputc('\n', text.stream);
	}
	free(devices.list);
	return cgm_text_close(&text, 0, value);
}
