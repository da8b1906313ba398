/* SPDX-License-Identifier: MIT */
/*
 * Containers of every engine, recognised from cgroup paths.
 */
#ifndef CNS_CONTAINER_H
#define CNS_CONTAINER_H

#include <stddef.h>

enum ct_engine {
	CT_NONE,
	CT_DOCKER,
	CT_CONTAINERD,
	CT_KUBERNETES, /* a kubepods path whose runtime the path does not name */
	CT_PODMAN,
	CT_CRIO,
	CT_LXC,
	CT_NSPAWN, /* a machine of systemd-machined, such as a systemd-nspawn container */
	CT_CNS,
	CT_ENGINE_COUNT
};

#define CT_ID_MAX 64
#define CT_SHORT_ID 12
#define CT_NAME_MAX 255

/* A container recognised from a cgroup path. */
struct ct_info {
	enum ct_engine engine;
	char id[CT_ID_MAX + 1]; /* lowercase hex; "" when the engine names containers only */
	char name[CT_NAME_MAX + 1]; /* "" when the path carries no name */
	char pod_uid[CT_ID_MAX + 1]; /* Kubernetes pod uid, with dashes; "" outside Kubernetes */
	/* Length of the prefix of the path that is the container's own cgroup. */
	size_t cgroup_len;
};

/* Returns the engine's lowercase name ("docker", "containerd", ...), or "" for CT_NONE. */
const char *ct_engine_name(enum ct_engine engine);

/*
 * Recognises the container a cgroup path belongs to, from the names that Docker, containerd,
 * Kubernetes, Podman, CRI-O, LXC, LXD, systemd-machined and cns give container cgroups. When
 * containers nest, the outermost one wins, because that is the one the host's engine manages.
 * Returns 1 and fills *out when the path belongs to a container. Returns 0 and clears *out when
 * it does not, when path is NULL or does not start with '/', and when the outermost match is a
 * cgroup known not to be a container: the conmon scopes of Podman and CRI-O, the LXC monitor,
 * and the virtual machines of libvirt's QEMU driver. A " (deleted)" suffix, which the kernel
 * appends to a removed cgroup, is ignored.
 */
int ct_from_cgroup_path(const char *path, struct ct_info *out);

/*
 * Recognises the container from the NULL-terminated lines of /proc/PID/cgroup, which are not
 * changed, trying the v2 line first and then each v1 line in order. Lines that do not parse are
 * skipped. Returns 1 or 0 as ct_from_cgroup_path, -EINVAL when lines is NULL or no line parses,
 * or -ENOMEM.
 */
int ct_from_cgroup_lines(char *const *lines, struct ct_info *out);

/*
 * Formats "engine:name", or "engine:" and the short id when the container has no name, into buf
 * (size bytes). Formats "" for CT_NONE. Returns the length, -ERANGE with buf set to "" when buf
 * is too small, or -EINVAL for an engine out of range.
 */
int ct_format(const struct ct_info *ct, char *buf, size_t size);

#endif
