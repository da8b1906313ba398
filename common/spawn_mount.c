/* SPDX-License-Identifier: MIT */
/*
 * The root filesystem of a container: the bind mount of the rootfs directory, /proc, /sys,
 * /dev and the volumes mounted in it, pivot_root, and the paths that are masked or read-only.
 * Every mount point is resolved inside the rootfs, so that no symbolic link in it leads out.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "spawn_internal.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Paths that the container must not see or must not change, as runc's default spec has them. */
enum protect { MASK, READ_ONLY };
static const struct {
	const char *path;
	enum protect how;
} protected_paths[] = {
	{ "/proc/acpi", MASK },
	{ "/proc/asound", MASK },
	{ "/proc/kcore", MASK },
	{ "/proc/keys", MASK },
	{ "/proc/latency_stats", MASK },
	{ "/proc/timer_list", MASK },
	{ "/proc/timer_stats", MASK },
	{ "/proc/sched_debug", MASK },
	{ "/proc/scsi", MASK },
	{ "/sys/firmware", MASK },
	{ "/sys/devices/virtual/powercap", MASK },
	{ "/proc/bus", READ_ONLY },
	{ "/proc/fs", READ_ONLY },
	{ "/proc/irq", READ_ONLY },
	{ "/proc/sys", READ_ONLY },
	{ "/proc/sysrq-trigger", READ_ONLY },
};

/*
 * The devices of /dev, with their numbers in the kernel's Documentation/admin-guide/devices.txt.
 * In a user namespace mknod(2) fails, so there they are bind-mounted from the host's /dev.
 */
static const struct {
	const char *name;
	unsigned major, minor;
} devices[] = {
	{ "null", 1, 3 }, { "zero", 1, 5 },   { "full", 1, 7 },
	{ "tty", 5, 0 },  { "random", 1, 8 }, { "urandom", 1, 9 },
};

/* ------------------------------------------------------------------------------------------ */
/* Paths inside the root filesystem */

/*
 * Opens a path of the new root as O_PATH, resolving symbolic links and ".." as if the root
 * filesystem were "/" (RESOLVE_IN_ROOT, Linux 5.6), so that no link leads out of it.
 */
static int open_in_root(int rootfd, const char *path)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT };
	int fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof(how));

	return fd < 0 ? -errno : fd;
}

/* Creates one missing component below its parent: a directory, or an empty file when last. */
static int create_component(int rootfd, const char *parent, const char *name, bool file)
{
	int dirfd, fd, r = 0;

	dirfd = open_in_root(rootfd, parent[0] ? parent : "/");
	if (dirfd < 0)
		return dirfd;
	if (file) {
		fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			    0644);
		if (fd < 0)
			r = -errno;
		else
			close(fd);
	} else if (mkdirat(dirfd, name, 0755) < 0 && errno != EEXIST) {
		r = -errno;
	}
	close(dirfd);
	return r;
}

/*
 * Opens a mount point in the new root, making the directories that are missing, and the last
 * component as a directory or, for a file, an empty file. Returns an O_PATH fd.
 */
static int make_mount_point(int rootfd, const char *path, bool file)
{
	char prefix[PATH_MAX], parent[PATH_MAX];
	size_t len;
	int fd, r;

	if (strlen(path) >= sizeof(prefix))
		return -ENAMETOOLONG;
	for (len = 1; path[len - 1]; len++) {
		if (path[len] != '/' && path[len] != '\0')
			continue;
		snprintf(prefix, sizeof(prefix), "%.*s", (int)len, path);
		fd = open_in_root(rootfd, prefix);
		if (fd >= 0) {
			if (path[len] == '\0')
				return fd;
			close(fd);
			continue;
		}
		if (fd != -ENOENT)
			return fd;
		snprintf(parent, sizeof(parent), "%.*s", (int)(strrchr(prefix, '/') - prefix),
			 prefix);
		r = create_component(rootfd, parent, strrchr(prefix, '/') + 1,
				     file && path[len] == '\0');
		if (r < 0)
			return r;
		if (path[len] == '\0')
			return open_in_root(rootfd, prefix);
	}
	return open_in_root(rootfd, "/");
}

static void fd_path(int fd, char *buf, size_t size)
{
	snprintf(buf, size, "/proc/self/fd/%d", fd);
}

/* Mounts a file system, or with MS_BIND a host path, on a mount point in the new root. */
static int mount_at(int rootfd, const char *source, const char *target, const char *type,
		    unsigned long flags, const char *data, bool file)
{
	char path[64];
	int fd, r = 0;

	fd = make_mount_point(rootfd, target, file);
	if (fd < 0)
		return fd;
	fd_path(fd, path, sizeof(path));
	if (mount(source, path, type, flags, data) < 0)
		r = -errno;
	close(fd);
	return r;
}

/* The flags of a mount that a remount in a user namespace must keep, because they are locked. */
static unsigned long locked_flags(const char *path)
{
	unsigned long flags = 0;
	struct statvfs sv;

	if (statvfs(path, &sv) < 0)
		return 0;
	if (sv.f_flag & ST_NOSUID)
		flags |= MS_NOSUID;
	if (sv.f_flag & ST_NODEV)
		flags |= MS_NODEV;
	if (sv.f_flag & ST_NOEXEC)
		flags |= MS_NOEXEC;
	if (sv.f_flag & ST_NOATIME)
		flags |= MS_NOATIME;
	if (sv.f_flag & ST_NODIRATIME)
		flags |= MS_NODIRATIME;
	if (sv.f_flag & ST_RELATIME)
		flags |= MS_RELATIME;
	return flags;
}

/* Makes the mount on top of a path of the new root read-only. */
static int remount_read_only(int rootfd, const char *target)
{
	char path[64];
	int fd, r = 0;

	fd = open_in_root(rootfd, target);
	if (fd < 0)
		return fd;
	fd_path(fd, path, sizeof(path));
	if (mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | locked_flags(path), NULL) <
	    0)
		r = -errno;
	close(fd);
	return r;
}

/* ------------------------------------------------------------------------------------------ */
/* The root filesystem */

/* Makes the device nodes in the new /dev, or bind-mounts the host's in a user namespace. */
static int make_devices(const struct spawn_run *run, int rootfd, struct spawn_report *out)
{
	char path[32];
	int devfd, r = 0;
	size_t i;

	devfd = open_in_root(rootfd, "/dev");
	if (devfd < 0)
		return spawn_report_fail(out, "mount /dev", devfd, "cannot open /dev");
	for (i = 0; i < ARRAY_SIZE(devices) && r == 0; i++) {
		snprintf(path, sizeof(path), "/dev/%s", devices[i].name);
		if (run->config->userns)
			r = mount_at(rootfd, path, path, NULL, MS_BIND, NULL, true);
		else if (mknodat(devfd, devices[i].name, S_IFCHR | 0666,
				 makedev(devices[i].major, devices[i].minor)) < 0)
			r = -errno;
		/* mknod(2) applies the umask, and every one of these devices is for everybody. */
		else if (fchmodat(devfd, devices[i].name, 0666, 0) < 0)
			r = -errno;
	}
	close(devfd);
	if (r < 0)
		return spawn_report_fail(out, "mount /dev", r, "cannot make %s", path);
	return 0;
}

static int mount_dev(const struct spawn_run *run, int rootfd, struct spawn_report *out)
{
	const char *step = "mount /dev";
	int devfd, r;

	r = mount_at(rootfd, "tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME,
		     "mode=755,size=65536k", false);
	if (r < 0)
		return spawn_report_fail(out, step, r, "cannot mount a tmpfs on /dev");
	r = make_devices(run, rootfd, out);
	if (r < 0)
		return r;

	r = mount_at(rootfd, "devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
		     "newinstance,ptmxmode=0666,mode=0620", false);
	if (r < 0)
		return spawn_report_fail(out, step, r, "cannot mount devpts on /dev/pts");
	r = mount_at(rootfd, "shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		     "mode=1777,size=65536k", false);
	if (r < 0)
		return spawn_report_fail(out, step, r, "cannot mount a tmpfs on /dev/shm");

	devfd = open_in_root(rootfd, "/dev");
	if (devfd < 0)
		return spawn_report_fail(out, step, devfd, "cannot open /dev");
	/* The links that programs expect; /dev is a new tmpfs, so none exists yet. */
	if (symlinkat("pts/ptmx", devfd, "ptmx") < 0 ||
	    symlinkat("/proc/self/fd", devfd, "fd") < 0 ||
	    symlinkat("/proc/self/fd/0", devfd, "stdin") < 0 ||
	    symlinkat("/proc/self/fd/1", devfd, "stdout") < 0 ||
	    symlinkat("/proc/self/fd/2", devfd, "stderr") < 0)
		r = -errno;
	close(devfd);
	if (r < 0)
		return spawn_report_fail(out, step, r, "cannot make the links of /dev");
	return 0;
}

static int mount_sys(const struct spawn_run *run, int rootfd, struct spawn_report *out)
{
	unsigned long flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	int r;

	/*
	 * sysfs shows the network devices of the mounter's network namespace, and mounting it
	 * needs privilege over that namespace, which a user namespace lacks for the host's.
	 * There, the host's /sys is bind-mounted instead.
	 */
	if (run->config->net == SPAWN_NET_HOST && run->config->userns) {
		r = mount_at(rootfd, "/sys", "/sys", NULL, MS_BIND | MS_REC, NULL, false);
		if (r == 0)
			r = remount_read_only(rootfd, "/sys");
	} else {
		r = mount_at(rootfd, "sysfs", "/sys", "sysfs", flags | MS_RDONLY, NULL, false);
	}
	if (r < 0)
		return spawn_report_fail(out, "mount /sys", r, "cannot mount /sys read-only");
	return 0;
}

static int mount_volumes(const struct spawn_run *run, int rootfd, struct spawn_report *out)
{
	const struct spawn_config *config = run->config;
	struct stat st;
	size_t i;
	int r;

	for (i = 0; i < config->nvolumes; i++) {
		const struct spawn_volume *v = &config->volumes[i];

		if (stat(v->source, &st) < 0)
			return spawn_report_fail(out, "mount volumes", -errno,
						 "cannot use '%s' as a volume", v->source);
		r = mount_at(rootfd, v->source, v->target, NULL, MS_BIND | MS_REC, NULL,
			     !S_ISDIR(st.st_mode));
		if (r == 0 && v->readonly)
			r = remount_read_only(rootfd, v->target);
		if (r < 0)
			return spawn_report_fail(out, "mount volumes", r,
						 "cannot bind-mount '%s' on '%s'", v->source,
						 v->target);
	}
	return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* /sys/fs/cgroup */

#define CGROUP_DIR "/sys/fs/cgroup"
#define CGROUP_STEP "mount " CGROUP_DIR

/*
 * The flags of every cgroup mount: read-only, as Docker mounts them. Without a user namespace,
 * the container's root passes the permission checks of the cgroup files, so on cgroup v1 a
 * writable mount would let it change its own limits.
 */
#define CGROUP_MOUNT_FLAGS (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC)

/* Returns the last component of a hierarchy's mount point on the host, such as "cpu,cpuacct". */
static const char *hierarchy_dir_name(const struct cg_hierarchy *h)
{
	return strrchr(h->mount_point, '/') + 1;
}

/*
 * Writes the mount options of a v1 hierarchy: the super options of its mount on the host, such
 * as "cpu,cpuacct" or "xattr,name=systemd", after "none" when it has no controller. A new mount
 * of an existing hierarchy must name the same controllers, and the kernel logs a warning when
 * its flags, such as xattr, differ. "rw" is left out, and so is release_agent, which Linux 5.17
 * and later reject in a user namespace.
 */
static int v1_mount_options(const struct cg_hierarchy *h, char *buf, size_t size)
{
	const char *option, *end;
	size_t len = 0, n;

	buf[0] = '\0';
	if (strncmp(h->controllers, "name=", 5) == 0 && !strchr(h->controllers, ','))
		len = (size_t)snprintf(buf, size, "none");
	for (option = h->super_options; *option; option = *end ? end + 1 : end) {
		end = option + strcspn(option, ",");
		n = (size_t)(end - option);
		if ((n == 2 && (strncmp(option, "rw", 2) == 0 || strncmp(option, "ro", 2) == 0)) ||
		    strncmp(option, "release_agent=", 14) == 0)
			continue;
		if (len + 1 + n >= size)
			return -ENAMETOOLONG;
		len += (size_t)snprintf(buf + len, size - len, "%s%.*s", len ? "," : "", (int)n,
					option);
	}
	return 0;
}

/*
 * Makes the links that the host has for the controllers of a v1 hierarchy that carries several,
 * such as cpu and cpuacct to cpu,cpuacct.
 */
static int link_controllers(int cgroupfd, const struct cg_hierarchy *h)
{
	const char *name = hierarchy_dir_name(h), *controller, *end;
	char link[PATH_MAX], target[PATH_MAX];
	ssize_t n;

	for (controller = h->controllers; *controller; controller = *end ? end + 1 : end) {
		end = controller + strcspn(controller, ",");
		snprintf(link, sizeof(link), "%.*s/%.*s", (int)(name - 1 - h->mount_point),
			 h->mount_point, (int)(end - controller), controller);
		n = readlink(link, target, sizeof(target) - 1);
		if (n < 0)
			continue;
		target[n] = '\0';
		if (strcmp(target, name) != 0 && strcmp(target, h->mount_point) != 0)
			continue;
		if (symlinkat(name, cgroupfd, strrchr(link, '/') + 1) < 0)
			return -errno;
	}
	return 0;
}

/*
 * Mounts a v1 hierarchy at its directory name of the host below the tmpfs on /sys/fs/cgroup,
 * with its links. Where the kernel rejects the mount and skip_failure is set, leaves it out.
 */
static int mount_v1_hierarchy(int rootfd, int cgroupfd, const struct cg_hierarchy *h,
			      bool skip_failure, struct spawn_report *out)
{
	char target[PATH_MAX], options[PATH_MAX];
	int r;

	snprintf(target, sizeof(target), CGROUP_DIR "/%s", hierarchy_dir_name(h));
	r = v1_mount_options(h, options, sizeof(options));
	if (r == 0)
		r = mount_at(rootfd, "cgroup", target, "cgroup", CGROUP_MOUNT_FLAGS, options,
			     false);
	if (r < 0 && skip_failure) {
		unlinkat(cgroupfd, hierarchy_dir_name(h), AT_REMOVEDIR);
		return 0;
	}
	if (r < 0)
		return spawn_report_fail(out, CGROUP_STEP, r,
					 "cannot mount the cgroup hierarchy '%s' on %s",
					 h->controllers, target);
	r = link_controllers(cgroupfd, h);
	if (r < 0)
		return spawn_report_fail(out, CGROUP_STEP, r, "cannot link the controllers of %s",
					 target);
	return 0;
}

/* Mounts cgroup2 on /sys/fs/cgroup/unified, where a hybrid host has it too. */
static int mount_unified(int rootfd, int cgroupfd, bool skip_failure, struct spawn_report *out)
{
	int r;

	r = mount_at(rootfd, "cgroup2", CGROUP_DIR "/unified", "cgroup2", CGROUP_MOUNT_FLAGS, NULL,
		     false);
	if (r < 0 && skip_failure) {
		unlinkat(cgroupfd, "unified", AT_REMOVEDIR);
		return 0;
	}
	if (r < 0)
		return spawn_report_fail(out, CGROUP_STEP, r,
					 "cannot mount cgroup2 on " CGROUP_DIR "/unified");
	return 0;
}

/*
 * Mounts a tmpfs on /sys/fs/cgroup with each v1 hierarchy of the host in it, and cgroup2 on
 * "unified" on a hybrid host. The tmpfs becomes read-only once everything is in it.
 */
static int mount_v1_layout(const struct spawn_run *run, int rootfd, bool skip_failure,
			   struct spawn_report *out)
{
	const struct cg_system *sys = run->sys;
	int cgroupfd, r;
	size_t i;

	r = mount_at(rootfd, "tmpfs", CGROUP_DIR, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		     "mode=755", false);
	if (r < 0)
		return skip_failure ? 0
				    : spawn_report_fail(out, CGROUP_STEP, r,
							"cannot mount a tmpfs on " CGROUP_DIR);
	cgroupfd = open_in_root(rootfd, CGROUP_DIR);
	if (cgroupfd < 0)
		return spawn_report_fail(out, CGROUP_STEP, cgroupfd, "cannot open " CGROUP_DIR);

	for (i = 0; i < sys->count && r == 0; i++)
		if (sys->hierarchies[i].version == 1)
			r = mount_v1_hierarchy(rootfd, cgroupfd, &sys->hierarchies[i], skip_failure,
					       out);
	if (r == 0 && cg_v2_index(sys) >= 0)
		r = mount_unified(rootfd, cgroupfd, skip_failure, out);
	close(cgroupfd);
	if (r < 0)
		return r;

	r = remount_read_only(rootfd, CGROUP_DIR);
	if (r < 0)
		return spawn_report_fail(out, CGROUP_STEP, r,
					 "cannot make the tmpfs on " CGROUP_DIR " read-only");
	return 0;
}

/*
 * Mounts the host's cgroup hierarchies on /sys/fs/cgroup, as Docker does, so that the
 * container reads its own limits there. The mounts show the groups through the container's
 * cgroup namespace, whose root is the container's group.
 */
static int mount_cgroups(const struct spawn_run *run, int rootfd, struct spawn_report *out)
{
	/*
	 * A container without a cgroup of its own has no limits to show, so a cgroup mount that
	 * the kernel rejects there is left out, and the start goes on.
	 */
	bool skip_failure = !run->group;
	int r;

	if (run->sys->layout != CG_LAYOUT_V2)
		return mount_v1_layout(run, rootfd, skip_failure, out);

	r = mount_at(rootfd, "cgroup2", CGROUP_DIR, "cgroup2", CGROUP_MOUNT_FLAGS, NULL, false);
	if (r < 0 && !skip_failure)
		return spawn_report_fail(out, CGROUP_STEP, r,
					 "cannot mount cgroup2 on " CGROUP_DIR);
	return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* The steps */

int spawn_mount_root(const struct spawn_run *run, int *rootfd, struct spawn_report *out)
{
	const char *rootfs = run->config->rootfs;
	int r;

	/* Private, so that no mount made here reaches the host, and none of the host's arrives. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return spawn_report_fail(out, "mount the root filesystem", -errno,
					 "cannot make / private");
	/* pivot_root needs the new root to be a mount point. */
	if (mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		return spawn_report_fail(out, "mount the root filesystem", -errno,
					 "cannot bind-mount '%s'", rootfs);
	*rootfd = open(rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (*rootfd < 0)
		return spawn_report_fail(out, "mount the root filesystem", -errno,
					 "cannot open '%s'", rootfs);

	r = mount_at(*rootfd, "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL,
		     false);
	if (r < 0)
		return spawn_report_fail(out, "mount /proc", r, "cannot mount proc");
	r = mount_sys(run, *rootfd, out);
	if (r == 0)
		r = mount_cgroups(run, *rootfd, out);
	if (r == 0)
		r = mount_dev(run, *rootfd, out);
	if (r == 0)
		r = mount_volumes(run, *rootfd, out);
	return r;
}

int spawn_pivot_root(int rootfd, struct spawn_report *out)
{
	const char *step = "pivot_root";

	if (fchdir(rootfd) < 0)
		return spawn_report_fail(out, step, -errno, "cannot change to the new root");
	/*
	 * pivot_root(".", ".") stacks the old root on top of the new one, and the lazy unmount of
	 * "." then detaches it, so no directory for the old root is needed in the rootfs.
	 */
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return spawn_report_fail(out, step, -errno, "cannot pivot to the new root");
	if (umount2(".", MNT_DETACH) < 0)
		return spawn_report_fail(out, step, -errno, "cannot detach the old root");
	if (chdir("/") < 0)
		return spawn_report_fail(out, step, -errno, "cannot change to /");
	return 0;
}

/* Hides a path under an empty read-only tmpfs or /dev/null, or makes it read-only. */
static int protect_path(const char *path, enum protect how)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (how == READ_ONLY) {
		if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0)
			return -errno;
		if (mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | locked_flags(path),
			  NULL) < 0)
			return -errno;
		return 0;
	}
	if (S_ISDIR(st.st_mode))
		return mount("tmpfs", path, "tmpfs", MS_RDONLY, "size=0") < 0 ? -errno : 0;
	return mount("/dev/null", path, NULL, MS_BIND, NULL) < 0 ? -errno : 0;
}

int spawn_protect_paths(struct spawn_report *out)
{
	size_t i;
	int r;

	for (i = 0; i < ARRAY_SIZE(protected_paths); i++) {
		r = protect_path(protected_paths[i].path, protected_paths[i].how);
		if (r < 0)
			return spawn_report_fail(out, "mask paths", r, "cannot %s %s",
						 protected_paths[i].how == MASK ? "mask"
										: "make read-only",
						 protected_paths[i].path);
	}
	return 0;
}
