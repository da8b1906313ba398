/* SPDX-License-Identifier: MIT */
/*
 * cg_watch_read against events written to a pipe in the layout of fanotify with FAN_REPORT_FID.
 * cg_watch_open needs CAP_SYS_ADMIN and the kernel, and tests/cli/cgtop.bats checks it.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/fanotify.h>
#include <unistd.h>

#include <cmocka.h>

#include "cgroup.h"

/* An event on a cgroup file system as read on Linux 6.18: 24 bytes of header, 28 of file id. */
#define EVENT_LEN 52

struct events {
	char data[1024];
	size_t len;
};

/*
 * Appends EVENT_LEN bytes of an event with the mask and the length field event_len, packed as
 * the kernel packs events, without alignment.
 */
static void add_event(struct events *events, uint64_t mask, uint32_t event_len)
{
	struct fanotify_event_metadata meta = {
		.event_len = event_len,
		.vers = FANOTIFY_METADATA_VERSION,
		.metadata_len = sizeof(meta),
		.mask = mask,
		.fd = FAN_NOFD,
		.pid = 1,
	};

	assert_true(events->len + EVENT_LEN <= sizeof(events->data));
	memset(events->data + events->len, 0, EVENT_LEN);
	memcpy(events->data + events->len, &meta, sizeof(meta));
	events->len += EVENT_LEN;
}

/* Writes the events to a pipe and returns what cg_watch_read returns for its read end. */
static int read_events(const struct events *events)
{
	int fds[2], r;

	assert_int_equal(pipe2(fds, O_NONBLOCK), 0);
	if (events->len)
		assert_int_equal(write(fds[1], events->data, events->len), (ssize_t)events->len);
	r = cg_watch_read(fds[0]);
	close(fds[0]);
	close(fds[1]);
	return r;
}

static void watch_no_events(void **state)
{
	struct events events = { .len = 0 };

	assert_int_equal(read_events(&events), 0);
}

static void watch_group_events(void **state)
{
	struct events events = { .len = 0 };

	/* The second event starts at offset 52, which is not a multiple of 8. */
	add_event(&events, FAN_CREATE | FAN_ONDIR, EVENT_LEN);
	add_event(&events, FAN_DELETE | FAN_ONDIR, EVENT_LEN);
	add_event(&events, FAN_MOVED_FROM | FAN_ONDIR, EVENT_LEN);
	assert_int_equal(read_events(&events), CG_WATCH_GROUPS);
}

static void watch_write_event(void **state)
{
	struct events events = { .len = 0 };

	add_event(&events, FAN_MODIFY, EVENT_LEN);
	assert_int_equal(read_events(&events), CG_WATCH_WRITES);
}

static void watch_write_after_group(void **state)
{
	struct events events = { .len = 0 };

	add_event(&events, FAN_MOVED_TO | FAN_ONDIR, EVENT_LEN);
	add_event(&events, FAN_MODIFY, EVENT_LEN);
	assert_int_equal(read_events(&events), CG_WATCH_GROUPS | CG_WATCH_WRITES);
}

static void watch_overflow_is_every_change(void **state)
{
	struct events events = { .len = 0 };

	add_event(&events, FAN_Q_OVERFLOW, EVENT_LEN);
	assert_int_equal(read_events(&events), CG_WATCH_GROUPS | CG_WATCH_WRITES);
}

static void watch_bad_length_is_every_change(void **state)
{
	struct events events = { .len = 0 };

	add_event(&events, FAN_MODIFY, EVENT_LEN);
	add_event(&events, FAN_MODIFY, 4096);
	assert_int_equal(read_events(&events), CG_WATCH_GROUPS | CG_WATCH_WRITES);
}

static void watch_read_error(void **state)
{
	assert_int_equal(cg_watch_read(-1), -EBADF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(watch_no_events),
		cmocka_unit_test(watch_group_events),
		cmocka_unit_test(watch_write_event),
		cmocka_unit_test(watch_write_after_group),
		cmocka_unit_test(watch_overflow_is_every_change),
		cmocka_unit_test(watch_bad_length_is_every_change),
		cmocka_unit_test(watch_read_error),
	};

	return cmocka_run_group_tests_name("cgroup_watch", tests, NULL, NULL);
}
