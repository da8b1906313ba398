/* SPDX-License-Identifier: MIT */
/*
 * State records of the containers that cns started, one JSON file per container, written and
 * read through cJSON.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

#include "container.h"
#include "ns_enter.h"
#include "readfile.h"

#define NAME_LEN_MAX 64

bool ct_name_valid(const char *name)
{
	size_t i, len = strlen(name);

	if (len == 0 || len > NAME_LEN_MAX || !isalnum((unsigned char)name[0]))
		return false;
	for (i = 1; i < len; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("_.-", name[i]))
			return false;
	return true;
}

static int state_path(const char *dir, const char *name, const char *suffix, char *buf, size_t size)
{
	if (!ct_name_valid(name))
		return -EINVAL;
	if (snprintf(buf, size, "%s/%s%s", dir, name, suffix) >= (int)size)
		return -ENAMETOOLONG;
	return 0;
}

/* Returns true when XDG_RUNTIME_DIR is an absolute path of a directory that uid owns. */
static bool runtime_dir_usable(const char *dir, uid_t uid)
{
	struct stat st;

	return dir && dir[0] == '/' && stat(dir, &st) == 0 && S_ISDIR(st.st_mode) &&
	       st.st_uid == uid;
}

/* Checks a non-root user's state directory, without following a symbolic link at its end. */
static int check_state_dir(const char *path, uid_t uid, char *why, size_t why_size)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return -errno;
	if (S_ISLNK(st.st_mode)) {
		snprintf(why, why_size, "it is a symbolic link, not a directory");
		return -ELOOP;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(why, why_size, "it is not a directory");
		return -ENOTDIR;
	}
	if (st.st_uid != uid) {
		snprintf(why, why_size, "it is owned by uid %u, not by uid %u", (unsigned)st.st_uid,
			 (unsigned)uid);
		return -EPERM;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		snprintf(why, why_size, "it is writable by group or others (mode %04o)",
			 (unsigned)(st.st_mode & 07777));
		return -EACCES;
	}
	return 0;
}

int ct_state_dir(bool create, char *path, size_t size, char *why, size_t why_size)
{
	const char *runtime_dir = getenv("XDG_RUNTIME_DIR");
	uid_t uid = geteuid();
	int n, r;

	if (why_size)
		why[0] = '\0';
	if (uid == 0)
		n = snprintf(path, size, "%s", CT_STATE_DIR);
	else if (runtime_dir_usable(runtime_dir, uid))
		n = snprintf(path, size, "%s/cns", runtime_dir);
	else
		n = snprintf(path, size, "/tmp/cns-%u", (unsigned)uid);
	if (n < 0 || (size_t)n >= size)
		r = -ENAMETOOLONG;
	else if (create && mkdir(path, 0700) < 0 && errno != EEXIST)
		r = -errno;
	/* Root's directory is in /run, where only root can write, so it needs no checks. */
	else if (uid == 0)
		r = create || access(path, F_OK) == 0 ? 0 : -errno;
	/* Checked after mkdir, so that a link or directory that another user made first fails. */
	else
		r = check_state_dir(path, uid, why, why_size);
	if (r < 0 && why_size && !why[0])
		snprintf(why, why_size, "%s", strerror(-r));
	return r;
}

static cJSON *command_to_json(char *const *command)
{
	cJSON *array = cJSON_CreateArray();
	size_t i;

	for (i = 0; array && command && command[i]; i++)
		if (!cJSON_AddItemToArray(array, cJSON_CreateString(command[i]))) {
			cJSON_Delete(array);
			return NULL;
		}
	return array;
}

/* Adds a string member, or null for NULL. Returns false when out of memory. */
static bool add_string(cJSON *object, const char *key, const char *value)
{
	return value ? cJSON_AddStringToObject(object, key, value) != NULL
		     : cJSON_AddNullToObject(object, key) != NULL;
}

static cJSON *network_to_json(const struct ct_state *st)
{
	cJSON *net = cJSON_CreateObject();

	if (net && add_string(net, "mode", st->net ? st->net : "none") &&
	    add_string(net, "host_link", st->host_link) &&
	    add_string(net, "address", st->address) &&
	    add_string(net, "host_address", st->host_address))
		return net;
	cJSON_Delete(net);
	return NULL;
}

/* Adds the members of a recorded exit, which a record lacks while its exit is unknown. */
static bool add_exit(cJSON *root, const struct ct_state *st)
{
	return cJSON_AddNumberToObject(root, "exit_code", st->exit_code) &&
	       cJSON_AddNumberToObject(root, "finished", (double)st->finished);
}

static char *state_to_text(const struct ct_state *st)
{
	cJSON *root = cJSON_CreateObject(), *net, *command;
	char *text = NULL;

	if (!root)
		return NULL;
	net = network_to_json(st);
	command = command_to_json(st->command);
	if (!net || !command || !add_string(root, "id", st->id) ||
	    !add_string(root, "name", st->name) || !cJSON_AddNumberToObject(root, "pid", st->pid) ||
	    !cJSON_AddNumberToObject(root, "start_time", (double)st->start_time) ||
	    !add_string(root, "rootfs", st->rootfs) || !add_string(root, "cgroup", st->cgroup) ||
	    !cJSON_AddItemToObject(root, "network", net) ||
	    !cJSON_AddItemToObject(root, "command", command) ||
	    !cJSON_AddNumberToObject(root, "created", (double)st->created)) {
		/* An item added to root is freed with it; the other is freed here. */
		if (!cJSON_GetObjectItemCaseSensitive(root, "network"))
			cJSON_Delete(net);
		if (!cJSON_GetObjectItemCaseSensitive(root, "command"))
			cJSON_Delete(command);
		cJSON_Delete(root);
		return NULL;
	}
	if (st->exit_recorded && !add_exit(root, st)) {
		cJSON_Delete(root);
		return NULL;
	}
	text = cJSON_Print(root);
	cJSON_Delete(root);
	return text;
}

static int write_all(int fd, const char *text)
{
	size_t len = strlen(text), done = 0;
	ssize_t n;

	while (done < len) {
		n = write(fd, text + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		done += (size_t)n;
	}
	return 0;
}

/* Writes text to a new file at path, which must not exist. */
static int write_new_file(const char *path, const char *text)
{
	int fd, r;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	r = write_all(fd, text);
	if (r == 0 && write_all(fd, "\n") < 0)
		r = -EIO;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r < 0)
		unlink(path);
	return r;
}

int ct_state_write(const char *dir, const struct ct_state *st, bool exclusive)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	char *text;
	int r;

	r = state_path(dir, st->name, ".json", path, sizeof(path));
	if (r == 0)
		r = state_path(dir, st->name, ".json.tmp", tmp, sizeof(tmp));
	if (r < 0)
		return r;
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return -errno;
	text = state_to_text(st);
	if (!text)
		return -ENOMEM;

	if (exclusive) {
		r = write_new_file(path, text);
	} else {
		unlink(tmp);
		r = write_new_file(tmp, text);
		if (r == 0 && rename(tmp, path) < 0) {
			r = -errno;
			unlink(tmp);
		}
	}
	free(text);
	return r;
}

static char *copy_string(const cJSON *object, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);

	return cJSON_IsString(item) ? strdup(item->valuestring) : NULL;
}

static int copy_fixed(const cJSON *object, const char *key, char *buf, size_t size)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);

	if (!cJSON_IsString(item) || strlen(item->valuestring) >= size)
		return -EINVAL;
	strcpy(buf, item->valuestring);
	return 0;
}

static double get_number(const cJSON *object, const char *key)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(object, key);

	return cJSON_IsNumber(item) && item->valuedouble >= 0 ? item->valuedouble : 0;
}

static int copy_command(const cJSON *array, struct ct_state *st)
{
	const cJSON *item;
	size_t n = 0;

	st->command = calloc((size_t)cJSON_GetArraySize(array) + 1, sizeof(*st->command));
	if (!st->command)
		return -ENOMEM;
	cJSON_ArrayForEach(item, array)
	{
		if (!cJSON_IsString(item))
			return -EINVAL;
		st->command[n] = strdup(item->valuestring);
		if (!st->command[n++])
			return -ENOMEM;
	}
	return 0;
}

/* Reads the exit that the monitor recorded, if any: exit_code from 0 to 255 and finished. */
static void copy_exit(const cJSON *root, struct ct_state *st)
{
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(root, "exit_code");
	const cJSON *finished = cJSON_GetObjectItemCaseSensitive(root, "finished");

	if (!cJSON_IsNumber(code) || code->valuedouble < 0 || code->valuedouble > 255 ||
	    !cJSON_IsNumber(finished))
		return;
	st->exit_recorded = true;
	st->exit_code = (int)code->valuedouble;
	st->finished = finished->valuedouble > 0 ? (long long)finished->valuedouble : 0;
}

static int state_from_json(const cJSON *root, struct ct_state *st)
{
	const cJSON *net = cJSON_GetObjectItemCaseSensitive(root, "network");
	int r;

	if (copy_fixed(root, "id", st->id, sizeof(st->id)) < 0 ||
	    copy_fixed(root, "name", st->name, sizeof(st->name)) < 0 || !ct_name_valid(st->name))
		return -EINVAL;
	st->pid = (pid_t)get_number(root, "pid");
	st->start_time = (unsigned long long)get_number(root, "start_time");
	st->created = (long long)get_number(root, "created");
	copy_exit(root, st);
	st->rootfs = copy_string(root, "rootfs");
	st->cgroup = copy_string(root, "cgroup");
	if (cJSON_IsObject(net)) {
		st->net = copy_string(net, "mode");
		st->host_link = copy_string(net, "host_link");
		st->address = copy_string(net, "address");
		st->host_address = copy_string(net, "host_address");
	}
	r = copy_command(cJSON_GetObjectItemCaseSensitive(root, "command"), st);
	if (r < 0)
		return r;
	/*
	 * null is a container without a cgroup of its own, but a missing member is a broken record.
	 */
	return st->cgroup || cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(root, "cgroup"))
		       ? 0
		       : -EINVAL;
}

int ct_state_read(const char *dir, const char *name, struct ct_state **out)
{
	char path[PATH_MAX];
	struct ct_state *st;
	cJSON *root;
	char *text;
	int r;

	r = state_path(dir, name, ".json", path, sizeof(path));
	if (r < 0)
		return r;
	r = read_file_at(AT_FDCWD, path, O_NOFOLLOW, &text, NULL);
	if (r < 0)
		return r;
	root = cJSON_Parse(text);
	free(text);
	if (!root)
		return -EINVAL;
	st = calloc(1, sizeof(*st));
	r = st ? state_from_json(root, st) : -ENOMEM;
	cJSON_Delete(root);
	if (r < 0) {
		ct_state_free(st);
		return r;
	}
	*out = st;
	return 0;
}

static int compare_states(const void *a, const void *b)
{
	return strcmp((*(struct ct_state *const *)a)->name, (*(struct ct_state *const *)b)->name);
}

int ct_state_list(const char *dir, struct ct_state ***out, size_t *count)
{
	struct ct_state **list = NULL, **more, *st;
	char name[NAME_MAX + 1];
	struct dirent *d;
	size_t n = 0, len;
	DIR *dp;

	*out = NULL;
	*count = 0;
	dp = opendir(dir);
	if (!dp)
		return errno == ENOENT ? 0 : -errno;
	while ((d = readdir(dp))) {
		len = strlen(d->d_name);
		if (len <= 5 || strcmp(d->d_name + len - 5, ".json") != 0)
			continue;
		snprintf(name, sizeof(name), "%.*s", (int)(len - 5), d->d_name);
		if (ct_state_read(dir, name, &st) < 0)
			continue;
		more = realloc(list, (n + 1) * sizeof(*list));
		if (!more) {
			ct_state_free(st);
			ct_state_list_free(list, n);
			closedir(dp);
			return -ENOMEM;
		}
		list = more;
		list[n++] = st;
	}
	closedir(dp);
	if (n > 1)
		qsort(list, n, sizeof(*list), compare_states);
	*out = list;
	*count = n;
	return 0;
}

int ct_state_lock(const char *dir)
{
	/* flock(2) works on a directory too, so no lock file is left behind. */
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r;

	if (fd < 0)
		return -errno;
	while ((r = flock(fd, LOCK_EX)) < 0 && errno == EINTR)
		;
	if (r < 0) {
		r = -errno;
		close(fd);
		return r;
	}
	return fd;
}

int ct_state_record_exit(const char *dir, const char *name, const char *id, int exit_code,
			 long long finished)
{
	struct ct_state *st = NULL;
	int lock, r;

	lock = ct_state_lock(dir);
	if (lock < 0)
		return lock;
	r = ct_state_read(dir, name, &st);
	if (r == 0 && strcmp(st->id, id) != 0)
		r = -ESTALE;
	if (r == 0) {
		st->exit_recorded = true;
		st->exit_code = exit_code;
		st->finished = finished;
		r = ct_state_write(dir, st, false);
	}
	ct_state_free(st);
	close(lock);
	return r;
}

int ct_state_remove(const char *dir, const char *name)
{
	char path[PATH_MAX];
	int r;

	r = state_path(dir, name, ".json", path, sizeof(path));
	if (r < 0)
		return r;
	return unlink(path) < 0 ? -errno : 0;
}

void ct_state_free(struct ct_state *st)
{
	if (!st)
		return;
	ct_state_clear(st);
	free(st);
}

void ct_state_clear(struct ct_state *st)
{
	size_t i;

	free(st->rootfs);
	free(st->cgroup);
	free(st->net);
	free(st->host_link);
	free(st->address);
	free(st->host_address);
	for (i = 0; st->command && st->command[i]; i++)
		free(st->command[i]);
	free(st->command);
	memset(st, 0, sizeof(*st));
}

void ct_state_list_free(struct ct_state **list, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		ct_state_free(list[i]);
	free(list);
}

int ct_state_find_id(const char *dir, const char *id, struct ct_state **out)
{
	struct ct_state **list = NULL;
	size_t count = 0, len = strlen(id), i, found = SIZE_MAX, matches = 0;
	int r;

	if (len == 0)
		return -ENOENT;
	r = ct_state_list(dir, &list, &count);
	if (r < 0)
		return r;
	for (i = 0; i < count && found == SIZE_MAX; i++)
		if (strcmp(list[i]->id, id) == 0)
			found = i;
	for (i = 0; i < count && found == SIZE_MAX; i++)
		if (strncmp(list[i]->id, id, len) == 0)
			matches++;
	for (i = 0; i < count && matches == 1 && found == SIZE_MAX; i++)
		if (strncmp(list[i]->id, id, len) == 0)
			found = i;
	if (found != SIZE_MAX) {
		*out = list[found];
		list[found] = NULL;
	}
	ct_state_list_free(list, count);
	if (found != SIZE_MAX)
		return 0;
	return matches > 1 ? -EEXIST : -ENOENT;
}

int ct_read_stat(pid_t pid, char *state, unsigned long long *start_time)
{
	char path[64], *text;
	int r;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	r = read_file_at(AT_FDCWD, path, 0, &text, NULL);
	if (r == -ENOENT)
		return -ESRCH;
	if (r < 0)
		return r;
	r = ns_parse_stat(text, state, start_time);
	free(text);
	return r;
}

bool ct_state_running(const struct ct_state *st)
{
	unsigned long long start_time;
	char state;

	if (st->pid <= 0 || ct_read_stat(st->pid, &state, &start_time) < 0)
		return false;
	/* A zombie has exited: only its parent's wait is missing. */
	return start_time == st->start_time && state != 'Z';
}
