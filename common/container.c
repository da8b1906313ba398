/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "container.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* clang-format off */
static const char *const engine_names[CT_ENGINE_COUNT] = {
	[CT_NONE] = "",
	[CT_DOCKER] = "docker",
	[CT_CONTAINERD] = "containerd",
	[CT_KUBERNETES] = "k8s",
	[CT_PODMAN] = "podman",
	[CT_CRIO] = "crio",
	[CT_LXC] = "lxc",
	[CT_NSPAWN] = "nspawn",
	[CT_CNS] = "cns",
};
/* clang-format on */

/*
 * A cgroup name that an engine gives its containers. The pattern is one or more path
 * components joined by '/', matched against consecutive components anywhere in the path, or
 * only at the cgroup root when the pattern starts with '/'. The last component is the
 * container's own cgroup. A component is literal text with at most one placeholder:
 *
 *   {id}            the container id: exactly 64 lowercase hex digits
 *   {pod_uid}       a Kubernetes pod uid: lowercase hex digits and '-', because a static pod's
 *                   uid is 32 hex digits without dashes
 *   {slice_pod_uid} the pod uid in a systemd slice name, with '_' for '-', because '-'
 *                   separates the levels of a slice name
 *   {name}          a container name of 1 to CT_NAME_MAX bytes
 *   {escaped_name}  a name in systemd's unit name escaping, where \xNN is the byte 0xNN
 */
struct ct_pattern {
	enum ct_engine engine; /* CT_NONE for a cgroup that is known not to be a container */
	const char *pattern;
};

/*
 * Where patterns end at the same component, the first row wins, so a row that also names the
 * Kubernetes pod comes before the row for the bare scope. When the outermost match is a CT_NONE
 * row, the path belongs to no container.
 */
static const struct ct_pattern patterns[] = {
	/*
	 * Kubernetes, systemd cgroup driver: the pod slice names the QoS class and the pod.
	 * NOTE: a kubelet whose cgroup root is not "/" prefixes the slice names, as kind nodes do
	 * (kubelet-kubepods-burstable-pod<uid>.slice). Those containers match only the bare rows
	 * below, without their pod uid.
	 */
	{ CT_CONTAINERD, "kubepods-pod{slice_pod_uid}.slice/cri-containerd-{id}.scope" },
	{ CT_CONTAINERD, "kubepods-burstable-pod{slice_pod_uid}.slice/cri-containerd-{id}.scope" },
	{ CT_CONTAINERD, "kubepods-besteffort-pod{slice_pod_uid}.slice/cri-containerd-{id}.scope" },
	{ CT_CRIO, "kubepods-pod{slice_pod_uid}.slice/crio-{id}.scope" },
	{ CT_CRIO, "kubepods-burstable-pod{slice_pod_uid}.slice/crio-{id}.scope" },
	{ CT_CRIO, "kubepods-besteffort-pod{slice_pod_uid}.slice/crio-{id}.scope" },
	{ CT_DOCKER, "kubepods-pod{slice_pod_uid}.slice/docker-{id}.scope" },
	{ CT_DOCKER, "kubepods-burstable-pod{slice_pod_uid}.slice/docker-{id}.scope" },
	{ CT_DOCKER, "kubepods-besteffort-pod{slice_pod_uid}.slice/docker-{id}.scope" },

	/* Kubernetes, cgroupfs driver: the path does not name the runtime. */
	{ CT_KUBERNETES, "kubepods/pod{pod_uid}/{id}" },
	{ CT_KUBERNETES, "kubepods/burstable/pod{pod_uid}/{id}" },
	{ CT_KUBERNETES, "kubepods/besteffort/pod{pod_uid}/{id}" },

	/* Docker: cgroupfs driver, then systemd driver, which rootless Docker also uses. */
	{ CT_DOCKER, "docker/{id}" },
	{ CT_DOCKER, "docker-{id}.scope" },

	{ CT_CONTAINERD, "cri-containerd-{id}.scope" },

	/* CRI-O and Podman run conmon, the container's monitor process, in a scope of its own. */
	{ CT_CRIO, "crio-{id}.scope" },
	{ CT_NONE, "crio-conmon-{id}.scope" },
	{ CT_PODMAN, "libpod-{id}.scope" },
	{ CT_PODMAN, "libpod_parent/libpod-{id}" },
	{ CT_NONE, "libpod-conmon-{id}.scope" },

	/*
	 * LXC and LXD put the container in lxc.payload.NAME and its monitor process in
	 * lxc.monitor.NAME. Older LXC releases used lxc/NAME.
	 */
	{ CT_LXC, "lxc.payload.{name}" },
	{ CT_NONE, "lxc.monitor.{name}" },
	{ CT_LXC, "lxc/{name}" },

	/*
	 * Machines registered with systemd-machined. The virtual machines of libvirt's QEMU
	 * driver are not containers. Every other machine counts as CT_NSPAWN, including the
	 * containers of libvirt's LXC driver.
	 */
	{ CT_NONE, "machine.slice/machine-qemu\\x2d{escaped_name}.scope" },
	{ CT_NSPAWN, "machine.slice/machine-{escaped_name}.scope" },

	/* Containers that cns starts. */
	{ CT_CNS, "/cns/{name}" },
};

static bool is_lower_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

static bool store_id(const char *value, size_t len, struct ct_info *ct)
{
	size_t i;

	if (len != CT_ID_MAX)
		return false;
	for (i = 0; i < len; i++)
		if (!is_lower_hex(value[i]))
			return false;
	memcpy(ct->id, value, len);
	ct->id[len] = '\0';
	return true;
}

/* Stores a pod uid whose dashes are written as separator, converting them back to '-'. */
static bool store_uid_with(const char *value, size_t len, char separator, struct ct_info *ct)
{
	size_t i;

	if (len == 0 || len > CT_ID_MAX)
		return false;
	for (i = 0; i < len; i++) {
		if (value[i] == separator)
			ct->pod_uid[i] = '-';
		else if (is_lower_hex(value[i]))
			ct->pod_uid[i] = value[i];
		else
			return false;
	}
	ct->pod_uid[len] = '\0';
	return true;
}

static bool store_pod_uid(const char *value, size_t len, struct ct_info *ct)
{
	return store_uid_with(value, len, '-', ct);
}

static bool store_slice_pod_uid(const char *value, size_t len, struct ct_info *ct)
{
	return store_uid_with(value, len, '_', ct);
}

static bool store_name(const char *value, size_t len, struct ct_info *ct)
{
	if (len == 0 || len > CT_NAME_MAX)
		return false;
	memcpy(ct->name, value, len);
	ct->name[len] = '\0';
	return true;
}

static int hex_digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes the \xNN escape at text, which has len bytes left. Returns the byte, or -1. */
static int decode_escape(const char *text, size_t len)
{
	int high, low;

	if (len < 4 || text[1] != 'x')
		return -1;
	high = hex_digit_value(text[2]);
	low = hex_digit_value(text[3]);
	if (high < 0 || low < 0)
		return -1;
	return high * 16 + low;
}

/* Unescapes and stores the name. Rejects a malformed escape and one that decodes to a NUL byte. */
static bool store_escaped_name(const char *value, size_t len, struct ct_info *ct)
{
	size_t i = 0, n = 0;
	int c;

	while (i < len) {
		c = (unsigned char)value[i];
		if (c == '\\') {
			c = decode_escape(value + i, len - i);
			if (c <= 0)
				return false;
			i += 4;
		} else {
			i++;
		}
		if (n == CT_NAME_MAX)
			return false;
		ct->name[n++] = (char)c;
	}
	ct->name[n] = '\0';
	return n > 0;
}

/* The placeholders of the pattern language, each with the function that checks and stores it. */
static const struct {
	const char *name;
	bool (*store)(const char *value, size_t len, struct ct_info *ct);
} placeholders[] = {
	{ "id", store_id },
	{ "pod_uid", store_pod_uid },
	{ "slice_pod_uid", store_slice_pod_uid },
	{ "name", store_name },
	{ "escaped_name", store_escaped_name },
};

static bool store_placeholder(const char *name, size_t name_len, const char *value, size_t len,
			      struct ct_info *ct)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(placeholders); i++)
		if (strlen(placeholders[i].name) == name_len &&
		    memcmp(placeholders[i].name, name, name_len) == 0)
			return placeholders[i].store(value, len, ct);
	return false;
}

/* Matches one pattern component against one path component, storing its placeholder in ct. */
static bool match_component(const char *pattern, size_t pattern_len, const char *component,
			    size_t len, struct ct_info *ct)
{
	const char *open, *close;
	size_t prefix_len, suffix_len;

	open = memchr(pattern, '{', pattern_len);
	if (!open)
		return len == pattern_len && memcmp(pattern, component, len) == 0;
	close = memchr(open, '}', pattern_len - (size_t)(open - pattern));
	if (!close)
		return false;

	prefix_len = (size_t)(open - pattern);
	suffix_len = pattern_len - (size_t)(close + 1 - pattern);
	if (len < prefix_len + suffix_len)
		return false;
	if (memcmp(component, pattern, prefix_len) != 0)
		return false;
	if (memcmp(component + len - suffix_len, close + 1, suffix_len) != 0)
		return false;

	return store_placeholder(open + 1, (size_t)(close - open - 1), component + prefix_len,
				 len - prefix_len - suffix_len, ct);
}

/*
 * Finds the first component at or after p, skipping slashes. Returns its start and sets *len,
 * or returns NULL when no component is left before end.
 */
static const char *find_component(const char *p, const char *end, size_t *len)
{
	const char *slash;

	while (p < end && *p == '/')
		p++;
	if (p == end)
		return NULL;
	slash = memchr(p, '/', (size_t)(end - p));
	*len = (size_t)((slash ? slash : end) - p);
	return p;
}

/*
 * Matches a pattern whose first component is matched at component, storing the placeholders in
 * ct. Returns the end of the last matched path component, or NULL when the pattern does not match.
 */
static const char *match_pattern(const char *pattern, const char *component, const char *end,
				 struct ct_info *ct)
{
	const char *pattern_end;
	size_t len;

	for (;;) {
		pattern_end = strchrnul(pattern, '/');
		component = find_component(component, end, &len);
		if (!component)
			return NULL;
		if (!match_component(pattern, (size_t)(pattern_end - pattern), component, len, ct))
			return NULL;
		component += len;
		if (*pattern_end == '\0')
			return component;
		pattern = pattern_end + 1;
	}
}

/* The outermost pattern match found so far in a path. */
struct ct_match {
	const char *end; /* end of the container's own cgroup in the path; NULL when none */
	size_t row; /* index in patterns[] */
	struct ct_info info;
};

/* Tries every pattern whose first component is matched at component, keeping the best match. */
static void match_patterns_at(const char *component, bool at_root, const char *end,
			      struct ct_match *best)
{
	struct ct_info candidate;
	const char *pattern, *match_end;
	size_t row;

	memset(&candidate, 0, sizeof(candidate));
	for (row = 0; row < ARRAY_SIZE(patterns); row++) {
		pattern = patterns[row].pattern;
		if (pattern[0] == '/') {
			if (!at_root)
				continue;
			pattern++;
		}
		/*
		 * A quick test that rejects most rows,
		 * because most patterns start with literal text.
		 */
		if (pattern[0] != '{' && pattern[0] != component[0])
			continue;

		/* Clears what an earlier row stored, which is cheaper than clearing the struct. */
		candidate.id[0] = candidate.name[0] = candidate.pod_uid[0] = '\0';
		match_end = match_pattern(pattern, component, end, &candidate);
		if (!match_end)
			continue;
		/*
		 * Outermost means the match whose last component comes first, then the first row.
		 */
		if (best->end &&
		    (match_end > best->end || (match_end == best->end && row > best->row)))
			continue;

		best->end = match_end;
		best->row = row;
		best->info = candidate;
	}
}

/*
 * The kernel appends this to a path on the v2 hierarchy when the cgroup of a zombie process was
 * removed (proc_cgroup_show in kernel/cgroup/cgroup.c).
 */
static const char deleted_suffix[] = " (deleted)";

static const char *find_path_end(const char *path)
{
	size_t len = strlen(path);
	size_t suffix_len = sizeof(deleted_suffix) - 1;

	if (len >= suffix_len && strcmp(path + len - suffix_len, deleted_suffix) == 0)
		return path + len - suffix_len;
	return path + len;
}

int ct_from_cgroup_path(const char *path, struct ct_info *out)
{
	struct ct_match best = { .end = NULL };
	const char *end, *component;
	size_t len;

	memset(out, 0, sizeof(*out));
	if (!path || path[0] != '/')
		return 0;

	end = find_path_end(path);
	component = find_component(path, end, &len);
	/* A match starting after the best match's end would end after it too, so stop there. */
	while (component && !(best.end && component >= best.end)) {
		match_patterns_at(component, component == path + 1, end, &best);
		component = find_component(component + len, end, &len);
	}

	if (!best.end || patterns[best.row].engine == CT_NONE)
		return 0;
	*out = best.info;
	out->engine = patterns[best.row].engine;
	out->cgroup_len = (size_t)(best.end - path);
	return 1;
}

static void free_string(char **p)
{
	free(*p);
}

static bool is_v2_line(const struct cg_membership *membership)
{
	return membership->hierarchy_id == 0 && membership->controllers[0] == '\0';
}

/*
 * Tries the lines of one kind: the v2 line, or the v1 lines. Sets *parsed when a line of
 * either kind parses. Returns 1 when a line names a container, 0 or -ENOMEM.
 */
static int try_lines(char *const *lines, bool v2, struct ct_info *out, bool *parsed)
{
	struct cg_membership membership;
	size_t i;

	for (i = 0; lines[i]; i++) {
		/*
		 * cg_parse_membership changes its buffer, and the caller's lines must stay whole.
		 */
		__attribute__((cleanup(free_string))) char *copy = strdup(lines[i]);

		if (!copy)
			return -ENOMEM;
		if (cg_parse_membership(copy, &membership) < 0)
			continue;
		*parsed = true;

		if (is_v2_line(&membership) != v2)
			continue;
		if (ct_from_cgroup_path(membership.path, out))
			return 1;
	}
	return 0;
}

int ct_from_cgroup_lines(char *const *lines, struct ct_info *out)
{
	bool parsed = false;
	int r;

	memset(out, 0, sizeof(*out));
	if (!lines)
		return -EINVAL;

	/*
	 * The v2 line first, because it is the only line on a v2 host and the hierarchy that
	 * systemd tracks units in on a hybrid host. It may still be "/" on a hybrid host whose v1
	 * lines place the process in a container, so the v1 lines follow in file order.
	 */
	r = try_lines(lines, true, out, &parsed);
	if (r != 0)
		return r;
	r = try_lines(lines, false, out, &parsed);
	if (r != 0)
		return r;

	return parsed ? 0 : -EINVAL;
}

const char *ct_engine_name(enum ct_engine engine)
{
	if ((unsigned)engine >= CT_ENGINE_COUNT)
		return "";
	return engine_names[engine];
}

int ct_format(const struct ct_info *ct, char *buf, size_t size)
{
	const char *label = ct->name[0] ? ct->name : ct->id;
	int label_len = ct->name[0] ? (int)strlen(ct->name) : (int)strnlen(ct->id, CT_SHORT_ID);
	int n;

	if ((unsigned)ct->engine >= CT_ENGINE_COUNT)
		return -EINVAL;
	if (size == 0)
		return -ERANGE;
	if (ct->engine == CT_NONE) {
		buf[0] = '\0';
		return 0;
	}

	n = snprintf(buf, size, "%s:%.*s", engine_names[ct->engine], label_len, label);
	if (n < 0)
		return -EINVAL;
	if ((size_t)n >= size) {
		buf[0] = '\0';
		return -ERANGE;
	}
	return n;
}
