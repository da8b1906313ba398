/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "container.h"
#include "fixture.h"

/* The container ids that the fixtures under tests/unit/fixtures/ use. */
#define DOCKER_ID "b2d50fb98786b61659384f3554255eb923e21da2cb612712628fcb2c1599e6a5"
#define K8S_ID "881d2d11ca45c1b63f6715fe2a09dc48f9fc2236e82b85509c91d6a0ee0f5649"
#define POD_UID "e7302397-d482-4da8-a64e-320a7f6ff6bd"

#define OTHER_ID "6eb97a645182849a4e02548aaa09e331393900f8da054c7b1b0c377e7843c5b7"
#define CRIO_ID "3ba45b63988ad24f056bb4705eb1babf91d0676cb049c90416774db7725d31b2"
#define PODMAN_ID "86152cc83461fd9bf7d33a79d5d83a822ff8ad0d871535075c8db6b667b3d73b"
#define PODMAN_POD_ID "1efd530081f6a4071e00c53a1fedfc1b47fc609c6a4a99e815ef692e03be5d79"
/* The pod uid as systemd slice names write it, with '_' for '-'. */
#define POD_UID_SLICE "e7302397_d482_4da8_a64e_320a7f6ff6bd"
/* kubelet gives a static pod an md5 sum in hex as its uid (pkg/kubelet/config/common.go). */
#define STATIC_POD_UID "5d8e3d2b9d5c1f0d2a1c8e9f1b7e6a3c"

#define K8S_SLICE \
	"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" POD_UID_SLICE ".slice"

/* Recognises path and fails the test unless it belongs to a container. */
static struct ct_info recognise(const char *path)
{
	struct ct_info ct;
	int r;

	r = ct_from_cgroup_path(path, &ct);
	if (r != 1)
		fail_msg("ct_from_cgroup_path(\"%s\") returned %d, expected 1", path, r);
	return ct;
}

/* Fails the test unless ct_from_cgroup_path returns 0 and a cleared ct_info for each path. */
static void assert_not_container(const char *const *paths, size_t count)
{
	struct ct_info ct;
	size_t i;
	int r;

	for (i = 0; i < count; i++) {
		memset(&ct, 0xff, sizeof(ct));
		r = ct_from_cgroup_path(paths[i], &ct);
		if (r != 0)
			fail_msg("ct_from_cgroup_path(\"%s\") returned %d, expected 0", paths[i],
				 r);
		if (ct.engine != CT_NONE || ct.id[0] || ct.name[0] || ct.pod_uid[0] ||
		    ct.cgroup_len)
			fail_msg("ct_from_cgroup_path(\"%s\") left *out set", paths[i]);
	}
}

#define ASSERT_NOT_CONTAINER(...)                                                 \
	do {                                                                      \
		static const char *const paths_[] = { __VA_ARGS__ };              \
		assert_not_container(paths_, sizeof(paths_) / sizeof(paths_[0])); \
	} while (0)

static void path_docker_cgroupfs(void **state)
{
	struct ct_info ct = recognise("/docker/" DOCKER_ID);

	assert_int_equal(ct.engine, CT_DOCKER);
	assert_string_equal(ct.id, DOCKER_ID);
	assert_string_equal(ct.name, "");
	assert_string_equal(ct.pod_uid, "");
	assert_int_equal(ct.cgroup_len, strlen("/docker/" DOCKER_ID));
}

static void path_docker_cgroupfs_child(void **state)
{
	struct ct_info ct = recognise("/docker/" DOCKER_ID "/init.scope");

	assert_int_equal(ct.engine, CT_DOCKER);
	assert_string_equal(ct.id, DOCKER_ID);
	assert_int_equal(ct.cgroup_len, strlen("/docker/" DOCKER_ID));
}

static void path_docker_systemd(void **state)
{
	struct ct_info ct = recognise("/system.slice/docker-" DOCKER_ID ".scope");

	assert_int_equal(ct.engine, CT_DOCKER);
	assert_string_equal(ct.id, DOCKER_ID);
	assert_string_equal(ct.name, "");
	assert_string_equal(ct.pod_uid, "");
	assert_int_equal(ct.cgroup_len, strlen("/system.slice/docker-" DOCKER_ID ".scope"));
}

static void path_docker_rootless(void **state)
{
	const char *path =
		"/user.slice/user-1000.slice/user@1000.service/user.slice/docker-" DOCKER_ID
		".scope";
	struct ct_info ct = recognise(path);

	assert_int_equal(ct.engine, CT_DOCKER);
	assert_string_equal(ct.id, DOCKER_ID);
	assert_int_equal(ct.cgroup_len, strlen(path));
}

static void path_docker_deleted(void **state)
{
	struct ct_info ct = recognise("/system.slice/docker-" DOCKER_ID ".scope (deleted)");

	assert_int_equal(ct.engine, CT_DOCKER);
	assert_string_equal(ct.id, DOCKER_ID);
	assert_int_equal(ct.cgroup_len, strlen("/system.slice/docker-" DOCKER_ID ".scope"));
}

static void path_k8s_cgroupfs_guaranteed(void **state)
{
	struct ct_info ct = recognise("/kubepods/pod" POD_UID "/" K8S_ID);

	assert_int_equal(ct.engine, CT_KUBERNETES);
	assert_string_equal(ct.id, K8S_ID);
	assert_string_equal(ct.pod_uid, POD_UID);
	assert_string_equal(ct.name, "");
	assert_int_equal(ct.cgroup_len, strlen("/kubepods/pod" POD_UID "/" K8S_ID));
}

static void path_k8s_cgroupfs_burstable(void **state)
{
	struct ct_info ct = recognise("/kubepods/burstable/pod" POD_UID "/" K8S_ID);

	assert_int_equal(ct.engine, CT_KUBERNETES);
	assert_string_equal(ct.id, K8S_ID);
	assert_string_equal(ct.pod_uid, POD_UID);
	assert_int_equal(ct.cgroup_len, strlen("/kubepods/burstable/pod" POD_UID "/" K8S_ID));
}

static void path_k8s_cgroupfs_besteffort(void **state)
{
	struct ct_info ct = recognise("/kubepods/besteffort/pod" POD_UID "/" K8S_ID);

	assert_int_equal(ct.engine, CT_KUBERNETES);
	assert_string_equal(ct.id, K8S_ID);
	assert_string_equal(ct.pod_uid, POD_UID);
}

static void path_k8s_static_pod(void **state)
{
	struct ct_info ct = recognise("/kubepods/burstable/pod" STATIC_POD_UID "/" K8S_ID);

	assert_int_equal(ct.engine, CT_KUBERNETES);
	assert_string_equal(ct.pod_uid, STATIC_POD_UID);
}

static void path_k8s_bad_pod_uid(void **state)
{
	ASSERT_NOT_CONTAINER("/kubepods/burstable/pod/" K8S_ID,
			     "/kubepods/burstable/podE7302397-D482-4DA8-A64E-320A7F6FF6BD/" K8S_ID,
			     "/kubepods/burstable/" K8S_ID);
}

static void path_k8s_containerd(void **state)
{
	struct ct_info ct = recognise(K8S_SLICE "/cri-containerd-" K8S_ID ".scope");

	assert_int_equal(ct.engine, CT_CONTAINERD);
	assert_string_equal(ct.id, K8S_ID);
	assert_string_equal(ct.pod_uid, POD_UID);
	assert_string_equal(ct.name, "");
	assert_int_equal(ct.cgroup_len, strlen(K8S_SLICE "/cri-containerd-" K8S_ID ".scope"));
}

static void path_k8s_containerd_guaranteed(void **state)
{
	struct ct_info ct = recognise("/kubepods.slice/kubepods-pod" POD_UID_SLICE
				      ".slice/cri-containerd-" K8S_ID ".scope");

	assert_int_equal(ct.engine, CT_CONTAINERD);
	assert_string_equal(ct.id, K8S_ID);
	assert_string_equal(ct.pod_uid, POD_UID);
}

static void path_k8s_crio_besteffort(void **state)
{
	struct ct_info ct =
		recognise("/kubepods.slice/kubepods-besteffort.slice/"
			  "kubepods-besteffort-pod" POD_UID_SLICE ".slice/crio-" CRIO_ID ".scope");

	assert_int_equal(ct.engine, CT_CRIO);
	assert_string_equal(ct.id, CRIO_ID);
	assert_string_equal(ct.pod_uid, POD_UID);
}

static void path_k8s_docker(void **state)
{
	struct ct_info ct = recognise(K8S_SLICE "/docker-" DOCKER_ID ".scope");

	assert_int_equal(ct.engine, CT_DOCKER);
	assert_string_equal(ct.id, DOCKER_ID);
	assert_string_equal(ct.pod_uid, POD_UID);
}

static void path_containerd_bare(void **state)
{
	struct ct_info ct = recognise("/system.slice/cri-containerd-" K8S_ID ".scope");

	assert_int_equal(ct.engine, CT_CONTAINERD);
	assert_string_equal(ct.id, K8S_ID);
	assert_string_equal(ct.pod_uid, "");
}

static void path_crio_bare(void **state)
{
	struct ct_info ct = recognise("/machine.slice/crio-" CRIO_ID ".scope");

	assert_int_equal(ct.engine, CT_CRIO);
	assert_string_equal(ct.id, CRIO_ID);
	assert_string_equal(ct.pod_uid, "");
}

static void path_crio_conmon(void **state)
{
	ASSERT_NOT_CONTAINER(K8S_SLICE "/crio-conmon-" CRIO_ID ".scope",
			     "/system.slice/crio-conmon-" CRIO_ID ".scope");
}

static void path_podman_systemd(void **state)
{
	struct ct_info ct = recognise("/machine.slice/libpod-" PODMAN_ID ".scope");

	assert_int_equal(ct.engine, CT_PODMAN);
	assert_string_equal(ct.id, PODMAN_ID);
	assert_string_equal(ct.name, "");
	assert_int_equal(ct.cgroup_len, strlen("/machine.slice/libpod-" PODMAN_ID ".scope"));
}

static void path_podman_container_child(void **state)
{
	const char *scope =
		"/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" PODMAN_ID
		".scope";
	char path[256];
	struct ct_info ct;

	snprintf(path, sizeof(path), "%s/container", scope);
	ct = recognise(path);

	assert_int_equal(ct.engine, CT_PODMAN);
	assert_string_equal(ct.id, PODMAN_ID);
	assert_int_equal(ct.cgroup_len, strlen(scope));
}

static void path_podman_cgroupfs(void **state)
{
	struct ct_info ct = recognise("/libpod_parent/libpod-" PODMAN_ID);

	assert_int_equal(ct.engine, CT_PODMAN);
	assert_string_equal(ct.id, PODMAN_ID);
	assert_int_equal(ct.cgroup_len, strlen("/libpod_parent/libpod-" PODMAN_ID));
}

static void path_podman_pod(void **state)
{
	struct ct_info ct = recognise("/machine.slice/machine-libpod_pod_" PODMAN_POD_ID
				      ".slice/libpod-" PODMAN_ID ".scope/container");

	assert_int_equal(ct.engine, CT_PODMAN);
	assert_string_equal(ct.id, PODMAN_ID);
	assert_string_equal(ct.name, "");
}

static void path_podman_conmon(void **state)
{
	ASSERT_NOT_CONTAINER(
		"/machine.slice/libpod-conmon-" PODMAN_ID ".scope",
		"/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-conmon-" PODMAN_ID
		".scope");
}

static void path_lxc_payload(void **state)
{
	struct ct_info ct = recognise("/lxc.payload.web01");

	assert_int_equal(ct.engine, CT_LXC);
	assert_string_equal(ct.name, "web01");
	assert_string_equal(ct.id, "");
	assert_string_equal(ct.pod_uid, "");
	assert_int_equal(ct.cgroup_len, strlen("/lxc.payload.web01"));
}

static void path_lxc_payload_units(void **state)
{
	struct ct_info ct = recognise("/lxc.payload.web01/system.slice/nginx.service");

	assert_int_equal(ct.engine, CT_LXC);
	assert_string_equal(ct.name, "web01");
	assert_int_equal(ct.cgroup_len, strlen("/lxc.payload.web01"));
}

static void path_lxc_payload_docker(void **state)
{
	struct ct_info ct = recognise("/lxc.payload.web01/system.slice/docker-" DOCKER_ID ".scope");

	assert_int_equal(ct.engine, CT_LXC);
	assert_string_equal(ct.name, "web01");
	assert_string_equal(ct.id, "");
	assert_int_equal(ct.cgroup_len, strlen("/lxc.payload.web01"));
}

static void path_lxc_legacy(void **state)
{
	struct ct_info ct = recognise("/lxc/web01/init.scope");

	assert_int_equal(ct.engine, CT_LXC);
	assert_string_equal(ct.name, "web01");
	assert_int_equal(ct.cgroup_len, strlen("/lxc/web01"));
}

static void path_lxc_monitor(void **state)
{
	ASSERT_NOT_CONTAINER("/lxc.monitor.web01", "/lxc.pivot", "/lxc");
}

static void path_nspawn(void **state)
{
	struct ct_info ct = recognise("/machine.slice/machine-debian.scope");

	assert_int_equal(ct.engine, CT_NSPAWN);
	assert_string_equal(ct.name, "debian");
	assert_string_equal(ct.id, "");
	assert_int_equal(ct.cgroup_len, strlen("/machine.slice/machine-debian.scope"));
}

static void path_nspawn_escaped(void **state)
{
	struct ct_info ct = recognise("/machine.slice/machine-my\\x2dbox.scope/payload");

	assert_int_equal(ct.engine, CT_NSPAWN);
	assert_string_equal(ct.name, "my-box");
	assert_int_equal(ct.cgroup_len, strlen("/machine.slice/machine-my\\x2dbox.scope"));
}

static void path_nspawn_uppercase_escape(void **state)
{
	struct ct_info ct = recognise("/machine.slice/machine-my\\x2Dbox.scope");

	assert_string_equal(ct.name, "my-box");
}

static void path_nspawn_bad_escape(void **state)
{
	ASSERT_NOT_CONTAINER(
		"/machine.slice/machine-bad\\xzz.scope", "/machine.slice/machine-bad\\x2.scope",
		"/machine.slice/machine-bad\\.scope", "/machine.slice/machine-nul\\x00.scope",
		"/machine.slice/machine-.scope");
}

static void path_nspawn_outside_slice(void **state)
{
	ASSERT_NOT_CONTAINER("/system.slice/machine-debian.scope", "/machine-debian.scope",
			     "/machine.slice", "/machine.slice/machined.service");
}

static void path_libvirt_qemu(void **state)
{
	ASSERT_NOT_CONTAINER("/machine.slice/machine-qemu\\x2d1\\x2dwin11.scope",
			     "/machine.slice/machine-qemu\\x2d1\\x2dwin11.scope/libvirt/emulator");
}

static void path_cns(void **state)
{
	struct ct_info ct = recognise("/cns/build-box");

	assert_int_equal(ct.engine, CT_CNS);
	assert_string_equal(ct.name, "build-box");
	assert_string_equal(ct.id, "");
	assert_int_equal(ct.cgroup_len, strlen("/cns/build-box"));
}

static void path_cns_docker_inside(void **state)
{
	struct ct_info ct = recognise("/cns/build-box/system.slice/docker-" DOCKER_ID ".scope");

	assert_int_equal(ct.engine, CT_CNS);
	assert_string_equal(ct.name, "build-box");
	assert_string_equal(ct.id, "");
	assert_int_equal(ct.cgroup_len, strlen("/cns/build-box"));
}

static void path_cns_not_at_root(void **state)
{
	ASSERT_NOT_CONTAINER("/system.slice/cns/build-box", "/cns", "/cns/");
}

static void path_docker_in_docker(void **state)
{
	struct ct_info ct = recognise("/docker/" DOCKER_ID "/docker/" OTHER_ID);

	assert_int_equal(ct.engine, CT_DOCKER);
	assert_string_equal(ct.id, DOCKER_ID);
	assert_int_equal(ct.cgroup_len, strlen("/docker/" DOCKER_ID));
}

static void path_lxc_named_docker(void **state)
{
	/* An LXC container named "docker" that runs Docker. The row "docker/{id}" ends later. */
	struct ct_info ct = recognise("/lxc/docker/" DOCKER_ID);

	assert_int_equal(ct.engine, CT_LXC);
	assert_string_equal(ct.name, "docker");
	assert_string_equal(ct.id, "");
	assert_int_equal(ct.cgroup_len, strlen("/lxc/docker"));
}

static void path_k8s_in_docker(void **state)
{
	/*
	 * A kind node: Kubernetes runs in a Docker container, with kubelet's root at kubelet.slice.
	 */
	const char *path = "/system.slice/docker-" DOCKER_ID ".scope/kubelet.slice/"
			   "kubelet-kubepods.slice/kubelet-kubepods-burstable.slice/"
			   "kubelet-kubepods-burstable-pod" POD_UID_SLICE
			   ".slice/cri-containerd-" K8S_ID ".scope";
	struct ct_info ct = recognise(path);

	assert_int_equal(ct.engine, CT_DOCKER);
	assert_string_equal(ct.id, DOCKER_ID);
	assert_string_equal(ct.pod_uid, "");
	assert_int_equal(ct.cgroup_len, strlen("/system.slice/docker-" DOCKER_ID ".scope"));
}

static void path_short_id(void **state)
{
	/*
	 * The first two ids are the docker id without its last digit,
	 * and the others 12 digits long.
	 */
	ASSERT_NOT_CONTAINER(
		"/docker/b2d50fb98786b61659384f3554255eb923e21da2cb612712628fcb2c1599e6a",
		"/system.slice/docker-b2d50fb98786b61659384f3554255eb923e21da2cb6127126"
		"28fcb2c1599e6a.scope",
		"/system.slice/docker-b2d50fb98786.scope",
		"/machine.slice/libpod-86152cc83461.scope",
		"/system.slice/crio-3ba45b63988a.scope");
}

static void path_long_id(void **state)
{
	ASSERT_NOT_CONTAINER("/docker/" DOCKER_ID "0", "/system.slice/docker-" DOCKER_ID "0.scope",
			     "/system.slice/cri-containerd-" K8S_ID "0.scope");
}

static void path_uppercase_id(void **state)
{
	ASSERT_NOT_CONTAINER(
		"/docker/B2D50FB98786B61659384F3554255EB923E21DA2CB612712628FCB2C1599E6A5",
		"/system.slice/docker-B2d50fb98786b61659384f3554255eb923e21da2cb61271262"
		"8fcb2c1599e6a5.scope");
}

static void path_non_hex_id(void **state)
{
	ASSERT_NOT_CONTAINER(
		"/docker/g2d50fb98786b61659384f3554255eb923e21da2cb612712628fcb2c1599e6a5",
		"/docker/my-container-name");
}

static void path_host_services(void **state)
{
	ASSERT_NOT_CONTAINER("/system.slice/ssh.service", "/system.slice/docker.service",
			     "/system.slice/containerd.service", "/init.scope",
			     "/user.slice/user-1000.slice/session-2.scope",
			     "/user.slice/user-1000.slice/user@1000.service/app.slice/"
			     "app-org.gnome.Terminal.slice/vte-spawn-1.scope",
			     "/kubepods.slice/kubepods-burstable.slice", "/docker", "/docker/");
}

static void path_root(void **state)
{
	ASSERT_NOT_CONTAINER("/", "//", "");
}

static void path_relative(void **state)
{
	ASSERT_NOT_CONTAINER("docker/" DOCKER_ID, "system.slice/docker-" DOCKER_ID ".scope",
			     "cns/build-box");
}

static void path_null(void **state)
{
	struct ct_info ct;

	assert_int_equal(ct_from_cgroup_path(NULL, &ct), 0);
	assert_int_equal(ct.engine, CT_NONE);
}

/* Writes prefix and then count copies of fill into path, which has size bytes. */
static void build_path(char *path, size_t size, const char *prefix, const char *fill, size_t count)
{
	size_t i;

	assert_true(strlen(prefix) + count * strlen(fill) < size);
	strcpy(path, prefix);
	for (i = 0; i < count; i++)
		strcat(path, fill);
}

static void path_name_max(void **state)
{
	char path[CT_NAME_MAX + 64];
	struct ct_info ct;

	build_path(path, sizeof(path), "/lxc.payload.", "a", CT_NAME_MAX);
	ct = recognise(path);
	assert_int_equal(strlen(ct.name), CT_NAME_MAX);

	build_path(path, sizeof(path), "/cns/", "b", CT_NAME_MAX);
	ct = recognise(path);
	assert_int_equal(strlen(ct.name), CT_NAME_MAX);
}

static void path_name_too_long(void **state)
{
	char path[CT_NAME_MAX + 64];
	const char *paths[1] = { path };

	build_path(path, sizeof(path), "/lxc.payload.", "a", CT_NAME_MAX + 1);
	assert_not_container(paths, 1);
	build_path(path, sizeof(path), "/lxc/", "a", CT_NAME_MAX + 1);
	assert_not_container(paths, 1);
	build_path(path, sizeof(path), "/cns/", "b", CT_NAME_MAX + 1);
	assert_not_container(paths, 1);
}

static void path_escaped_name_max(void **state)
{
	char path[4 * CT_NAME_MAX + 64];
	const char *paths[1] = { path };
	struct ct_info ct;

	/* The limit applies to the unescaped name: each "\x2d" is one byte of it. */
	build_path(path, sizeof(path), "/machine.slice/machine-", "\\x2d", CT_NAME_MAX);
	strcat(path, ".scope");
	ct = recognise(path);
	assert_int_equal(strlen(ct.name), CT_NAME_MAX);

	build_path(path, sizeof(path), "/machine.slice/machine-", "\\x2d", CT_NAME_MAX + 1);
	strcat(path, ".scope");
	assert_not_container(paths, 1);
}

static void lines_v1_docker(void **state)
{
	char **lines = read_fixture_lines("proc-cgroup-v1-docker.txt");
	struct ct_info ct;

	assert_int_equal(ct_from_cgroup_lines(lines, &ct), 1);
	assert_int_equal(ct.engine, CT_DOCKER);
	assert_string_equal(ct.id, DOCKER_ID);
	assert_int_equal(ct.cgroup_len, strlen("/docker/" DOCKER_ID));
	free_lines(lines);
}

static void lines_v1_kubepods(void **state)
{
	char **lines = read_fixture_lines("proc-cgroup-v1-kubepods.txt");
	struct ct_info ct;

	assert_int_equal(ct_from_cgroup_lines(lines, &ct), 1);
	assert_int_equal(ct.engine, CT_KUBERNETES);
	assert_string_equal(ct.id, K8S_ID);
	assert_string_equal(ct.pod_uid, POD_UID);
	free_lines(lines);
}

static void lines_v1_host(void **state)
{
	char **lines = read_fixture_lines("proc-cgroup-v1-sshd.txt");
	struct ct_info ct;

	assert_int_equal(ct_from_cgroup_lines(lines, &ct), 0);
	assert_int_equal(ct.engine, CT_NONE);
	free_lines(lines);
}

static void lines_v2_only(void **state)
{
	char *lines[] = { "0::/machine.slice/libpod-" PODMAN_ID ".scope/container", NULL };
	struct ct_info ct;

	assert_int_equal(ct_from_cgroup_lines(lines, &ct), 1);
	assert_int_equal(ct.engine, CT_PODMAN);
	assert_string_equal(ct.id, PODMAN_ID);
	assert_int_equal(ct.cgroup_len, strlen("/machine.slice/libpod-" PODMAN_ID ".scope"));
}

static void lines_v2_host(void **state)
{
	char *lines[] = { "0::/system.slice/ssh.service", NULL };
	struct ct_info ct;

	assert_int_equal(ct_from_cgroup_lines(lines, &ct), 0);
	assert_int_equal(ct.engine, CT_NONE);
}

static void lines_hybrid_root_v2(void **state)
{
	char **lines = read_fixture_lines("proc-cgroup-hybrid-docker.txt");
	struct ct_info ct;

	assert_int_equal(ct_from_cgroup_lines(lines, &ct), 1);
	assert_int_equal(ct.engine, CT_DOCKER);
	assert_string_equal(ct.id, DOCKER_ID);
	assert_int_equal(ct.cgroup_len, strlen("/docker/" DOCKER_ID));
	free_lines(lines);
}

static void lines_hybrid_docker_scope(void **state)
{
	char **lines = read_fixture_lines("proc-cgroup-hybrid-docker-systemd.txt");
	struct ct_info ct;

	assert_int_equal(ct_from_cgroup_lines(lines, &ct), 1);
	assert_int_equal(ct.engine, CT_DOCKER);
	assert_string_equal(ct.id, DOCKER_ID);
	assert_int_equal(ct.cgroup_len, strlen("/system.slice/docker-" DOCKER_ID ".scope"));
	free_lines(lines);
}

static void lines_v2_before_v1(void **state)
{
	char *lines[] = {
		"1:name=systemd:/docker/" OTHER_ID,
		"0::/system.slice/docker-" DOCKER_ID ".scope",
		NULL,
	};
	struct ct_info ct;

	assert_int_equal(ct_from_cgroup_lines(lines, &ct), 1);
	assert_string_equal(ct.id, DOCKER_ID);
}

static void lines_v1_in_order(void **state)
{
	char *lines[] = {
		"5:cpuset:/",
		"4:cpu,cpuacct:/lxc/web01",
		"1:name=systemd:/docker/" DOCKER_ID,
		"0::/",
		NULL,
	};
	struct ct_info ct;

	assert_int_equal(ct_from_cgroup_lines(lines, &ct), 1);
	assert_int_equal(ct.engine, CT_LXC);
	assert_string_equal(ct.name, "web01");
}

static void lines_skip_invalid(void **state)
{
	char *lines[] = { "garbage", "0::relative", "0::/docker/" DOCKER_ID, NULL };
	struct ct_info ct;

	assert_int_equal(ct_from_cgroup_lines(lines, &ct), 1);
	assert_string_equal(ct.id, DOCKER_ID);
}

static void lines_unchanged(void **state)
{
	char **lines = read_fixture_lines("proc-cgroup-hybrid-docker.txt");
	struct ct_info ct;

	assert_int_equal(ct_from_cgroup_lines(lines, &ct), 1);
	assert_string_equal(lines[0], "12:pids:/docker/" DOCKER_ID);
	assert_string_equal(lines[12], "0::/");
	free_lines(lines);
}

static void lines_no_valid_line(void **state)
{
	char *dash[] = { "-", NULL };
	char *empty[] = { NULL };
	struct ct_info ct;

	assert_int_equal(ct_from_cgroup_lines(dash, &ct), -EINVAL);
	assert_int_equal(ct_from_cgroup_lines(empty, &ct), -EINVAL);
	assert_int_equal(ct_from_cgroup_lines(NULL, &ct), -EINVAL);
	assert_int_equal(ct.engine, CT_NONE);
}

static void engine_name_all(void **state)
{
	assert_string_equal(ct_engine_name(CT_NONE), "");
	assert_string_equal(ct_engine_name(CT_DOCKER), "docker");
	assert_string_equal(ct_engine_name(CT_CONTAINERD), "containerd");
	assert_string_equal(ct_engine_name(CT_KUBERNETES), "k8s");
	assert_string_equal(ct_engine_name(CT_PODMAN), "podman");
	assert_string_equal(ct_engine_name(CT_CRIO), "crio");
	assert_string_equal(ct_engine_name(CT_LXC), "lxc");
	assert_string_equal(ct_engine_name(CT_NSPAWN), "nspawn");
	assert_string_equal(ct_engine_name(CT_CNS), "cns");
	assert_string_equal(ct_engine_name(CT_ENGINE_COUNT), "");
	assert_string_equal(ct_engine_name((enum ct_engine) - 1), "");
}

static void format_name(void **state)
{
	struct ct_info ct = recognise("/lxc.payload.web01");
	char buf[64];

	assert_int_equal(ct_format(&ct, buf, sizeof(buf)), strlen("lxc:web01"));
	assert_string_equal(buf, "lxc:web01");
}

static void format_short_id(void **state)
{
	struct ct_info ct = recognise("/docker/" DOCKER_ID);
	char buf[64];

	assert_int_equal(ct_format(&ct, buf, sizeof(buf)), strlen("docker:b2d50fb98786"));
	assert_string_equal(buf, "docker:b2d50fb98786");
}

static void format_k8s(void **state)
{
	struct ct_info ct = recognise("/kubepods/besteffort/pod" POD_UID "/" K8S_ID);
	char buf[64];

	assert_int_equal(ct_format(&ct, buf, sizeof(buf)), strlen("k8s:881d2d11ca45"));
	assert_string_equal(buf, "k8s:881d2d11ca45");
}

static void format_buffer_size(void **state)
{
	struct ct_info ct = recognise("/cns/build-box");
	char exact[sizeof("cns:build-box")], short_buf[sizeof("cns:build-box") - 1];

	assert_int_equal(ct_format(&ct, exact, sizeof(exact)), strlen("cns:build-box"));
	assert_string_equal(exact, "cns:build-box");
	assert_int_equal(ct_format(&ct, short_buf, sizeof(short_buf)), -ERANGE);
	assert_string_equal(short_buf, "");
	assert_int_equal(ct_format(&ct, NULL, 0), -ERANGE);
}

static void format_none(void **state)
{
	struct ct_info ct = { .engine = CT_NONE };
	char buf[8] = "x";

	assert_int_equal(ct_format(&ct, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
}

static void format_bad_engine(void **state)
{
	struct ct_info ct = { .engine = CT_ENGINE_COUNT };
	char buf[8];

	assert_int_equal(ct_format(&ct, buf, sizeof(buf)), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(path_docker_cgroupfs),
		cmocka_unit_test(path_docker_cgroupfs_child),
		cmocka_unit_test(path_docker_systemd),
		cmocka_unit_test(path_docker_rootless),
		cmocka_unit_test(path_docker_deleted),
		cmocka_unit_test(path_k8s_cgroupfs_guaranteed),
		cmocka_unit_test(path_k8s_cgroupfs_burstable),
		cmocka_unit_test(path_k8s_cgroupfs_besteffort),
		cmocka_unit_test(path_k8s_static_pod),
		cmocka_unit_test(path_k8s_bad_pod_uid),
		cmocka_unit_test(path_k8s_containerd),
		cmocka_unit_test(path_k8s_containerd_guaranteed),
		cmocka_unit_test(path_k8s_crio_besteffort),
		cmocka_unit_test(path_k8s_docker),
		cmocka_unit_test(path_containerd_bare),
		cmocka_unit_test(path_crio_bare),
		cmocka_unit_test(path_crio_conmon),
		cmocka_unit_test(path_podman_systemd),
		cmocka_unit_test(path_podman_container_child),
		cmocka_unit_test(path_podman_cgroupfs),
		cmocka_unit_test(path_podman_pod),
		cmocka_unit_test(path_podman_conmon),
		cmocka_unit_test(path_lxc_payload),
		cmocka_unit_test(path_lxc_payload_units),
		cmocka_unit_test(path_lxc_payload_docker),
		cmocka_unit_test(path_lxc_legacy),
		cmocka_unit_test(path_lxc_monitor),
		cmocka_unit_test(path_nspawn),
		cmocka_unit_test(path_nspawn_escaped),
		cmocka_unit_test(path_nspawn_uppercase_escape),
		cmocka_unit_test(path_nspawn_bad_escape),
		cmocka_unit_test(path_nspawn_outside_slice),
		cmocka_unit_test(path_libvirt_qemu),
		cmocka_unit_test(path_cns),
		cmocka_unit_test(path_cns_docker_inside),
		cmocka_unit_test(path_cns_not_at_root),
		cmocka_unit_test(path_docker_in_docker),
		cmocka_unit_test(path_lxc_named_docker),
		cmocka_unit_test(path_k8s_in_docker),
		cmocka_unit_test(path_short_id),
		cmocka_unit_test(path_long_id),
		cmocka_unit_test(path_uppercase_id),
		cmocka_unit_test(path_non_hex_id),
		cmocka_unit_test(path_host_services),
		cmocka_unit_test(path_root),
		cmocka_unit_test(path_relative),
		cmocka_unit_test(path_null),
		cmocka_unit_test(path_name_max),
		cmocka_unit_test(path_name_too_long),
		cmocka_unit_test(path_escaped_name_max),
		cmocka_unit_test(lines_v1_docker),
		cmocka_unit_test(lines_v1_kubepods),
		cmocka_unit_test(lines_v1_host),
		cmocka_unit_test(lines_v2_only),
		cmocka_unit_test(lines_v2_host),
		cmocka_unit_test(lines_hybrid_root_v2),
		cmocka_unit_test(lines_hybrid_docker_scope),
		cmocka_unit_test(lines_v2_before_v1),
		cmocka_unit_test(lines_v1_in_order),
		cmocka_unit_test(lines_skip_invalid),
		cmocka_unit_test(lines_unchanged),
		cmocka_unit_test(lines_no_valid_line),
		cmocka_unit_test(engine_name_all),
		cmocka_unit_test(format_name),
		cmocka_unit_test(format_short_id),
		cmocka_unit_test(format_k8s),
		cmocka_unit_test(format_buffer_size),
		cmocka_unit_test(format_none),
		cmocka_unit_test(format_bad_engine),
	};

	return cmocka_run_group_tests_name("container", tests, NULL, NULL);
}
