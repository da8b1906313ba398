/* SPDX-License-Identifier: MIT */
/*
 * Sampling: the rows of the merged tree and the control files each one reads.
 *
 * Every file has a source in v1 and one in v2. A row reads each file from the first source, in
 * the order of the table below, whose hierarchy has the row's group. So on a hybrid host, a
 * group that exists only in cgroup v2 still gets its CPU time from cpu.stat there. The files stay
 * open between refreshes and are read again with pread(2) at offset 0, which the kernel's
 * seq_file and kernfs files take as a new read of the whole file.
 *
 * A refresh walks the tree again to find groups that appeared, moving the rows it finds from
 * the old table into a new one. Rows that are left in the old table are the groups that
 * vanished; their files are closed. Where the process may watch the hierarchies with
 * cg_watch_open, a refresh walks only after a group was made, removed or renamed, and
 * otherwise reads the rows it has. So a directory that could not be opened, as when the limit
 * of open files ran out, is tried again only after such a change. Likewise a refresh reads the
 * memory limits again only after a file of their hierarchies was written.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "cgtop.h"
#include "cgvalue.h"
#include "readfile.h"
#include "sample.h"

/*
 * A source of a file: a controller's hierarchy and a file name. A NULL controller means the
 * cgroup v2 hierarchy, which has cpu.stat and the pressure files without any controller.
 */
struct source_def {
	enum cgtop_file file;
	int version;
	const char *controller;
	const char *name;
};

/* In order of preference: v1 first, because a hybrid host binds its controllers to v1. */
static const struct source_def source_defs[] = {
	{ CGF_CPU, 1, "cpuacct", "cpuacct.usage" },
	{ CGF_CPU, 2, NULL, "cpu.stat" },
	{ CGF_MEM, 1, "memory", "memory.usage_in_bytes" },
	{ CGF_MEM, 2, "memory", "memory.current" },
	{ CGF_LIMIT, 1, "memory", "memory.limit_in_bytes" },
	{ CGF_LIMIT, 2, "memory", "memory.max" },
	{ CGF_IO, 1, "blkio", "blkio.throttle.io_service_bytes" },
	{ CGF_IO, 2, "io", "io.stat" },
	{ CGF_PSI_CPU, 2, NULL, "cpu.pressure" },
	{ CGF_PSI_MEM, 2, NULL, "memory.pressure" },
	{ CGF_PSI_IO, 2, NULL, "io.pressure" },
	{ CGF_OOM, 1, "memory", "memory.oom_control" },
	{ CGF_OOM, 2, "memory", "memory.events" },
	{ CGF_THROTTLE, 1, "cpu", "cpu.stat" },
	{ CGF_THROTTLE, 2, "cpu", "cpu.stat" },
};
#define SOURCE_DEF_COUNT (sizeof(source_defs) / sizeof(*source_defs))

/* A source resolved on this host. The cgroup.procs sources come first, one per hierarchy. */
struct source {
	enum cgtop_file file;
	int hierarchy;
	const char *name;
};

/* The sources of this host, in order of preference; shared by every sampler of the process. */
static struct source *sources;
static size_t nsources;

/*
 * The period of the pressure averages in seconds: the kernel updates avg10 every 2 seconds
 * (PSI_FREQ in kernel/sched/psi.c), so a sample sooner than that reuses the last values.
 */
#define PRESSURE_PERIOD 2.0

/* Scratch space for file contents; a sampler reads one file at a time. */
static char text[65536];

/* ------------------------------------------------------------------------------------------ */
/* Sources */

static int add_source(enum cgtop_file file, int hierarchy, const char *name)
{
	struct source *more = realloc(sources, (nsources + 1) * sizeof(*sources));

	if (!more)
		return -ENOMEM;
	sources = more;
	sources[nsources++] = (struct source){ file, hierarchy, name };
	return 0;
}

/* Returns the hierarchy of a source definition on this host, or -1. */
static int resolve_source(const struct cg_system *sys, const struct source_def *def)
{
	int index;

	if (def->version == 2 && !def->controller) {
		index = cg_v2_index(sys);
		/* The pressure files exist only when the kernel has PSI on. */
		if (index >= 0 && strstr(def->name, ".pressure") &&
		    access("/proc/pressure/cpu", R_OK) < 0)
			return -1;
		return index < 0 ? -1 : index;
	}
	index = cg_controller_index(sys, def->controller);
	if (index < 0 || sys->hierarchies[index].version != def->version)
		return -1;
	return index;
}

/*
 * Adds a cgroup.procs source per hierarchy in the order cgls chooses a process's primary path:
 * cgroup v2, name=systemd, pids, then the others.
 */
static int add_procs_sources(const struct cg_system *sys)
{
	static const char *const preferred[] = { "name=systemd", "pids" };
	bool *added = calloc(sys->count, sizeof(*added));
	int index, r = 0;
	size_t i;

	if (!added)
		return -ENOMEM;
	index = cg_v2_index(sys);
	if (index >= 0) {
		r = add_source(CGF_PROCS, index, "cgroup.procs");
		added[index] = true;
	}
	for (i = 0; i < 2 && r == 0; i++) {
		index = cg_controller_index(sys, preferred[i]);
		if (index >= 0 && !added[index]) {
			r = add_source(CGF_PROCS, index, "cgroup.procs");
			added[index] = true;
		}
	}
	for (i = 0; i < sys->count && r == 0; i++)
		if (!added[i])
			r = add_source(CGF_PROCS, (int)i, "cgroup.procs");
	free(added);
	return r;
}

static int resolve_sources(struct cgtop_sampler *s)
{
	const struct cg_system *sys = s->sys;
	size_t i;
	int r, index;

	nsources = 0;
	r = add_procs_sources(sys);
	if (r < 0)
		return r;
	s->available[CGF_PROCS] = true;

	for (i = 0; i < SOURCE_DEF_COUNT; i++) {
		index = resolve_source(sys, &source_defs[i]);
		if (index < 0)
			continue;
		r = add_source(source_defs[i].file, index, source_defs[i].name);
		if (r < 0)
			return r;
		s->available[source_defs[i].file] = true;
		s->watched[index] |= CG_WATCH_GROUPS;
		if (source_defs[i].file == CGF_LIMIT)
			s->watched[index] |= CG_WATCH_WRITES;
	}

	/* The primary hierarchy gives the tree its groups even where no column reads it. */
	s->watched[sources[0].hierarchy] |= CG_WATCH_GROUPS;
	return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Files */

/* Returns the best source of a file among the hierarchies where the row has its group, or -1. */
static long best_source(const struct cgtop_row *row, enum cgtop_file file)
{
	size_t i;

	for (i = 0; i < nsources; i++) {
		int h = sources[i].hierarchy;

		if (sources[i].file == file && (size_t)h < row->ndirs && row->dirs[h] >= 0)
			return (long)i;
	}
	return -1;
}

void cgtop_open_files(struct cgtop_row *row)
{
	long i;
	int f, fd;

	for (f = 0; f < CGF_COUNT; f++) {
		i = best_source(row, (enum cgtop_file)f);
		if (i == row->src[f])
			continue;
		if (row->fds[f] >= 0)
			close(row->fds[f]);
		row->fds[f] = -1;
		row->src[f] = -1;
		/* A value of the old source neither gives a rate nor stands for the new one. */
		row->cur.have &= ~(1u << f);
		if (i < 0)
			continue;
		fd = openat(row->dirs[sources[i].hierarchy], sources[i].name, O_RDONLY | O_CLOEXEC);
		/* A v2 group without the controller lacks the file, and a group may vanish. */
		if (fd < 0)
			continue;
		row->fds[f] = fd;
		row->src[f] = (short)i;
	}
}

/* ------------------------------------------------------------------------------------------ */
/* Reading */

/*
 * Reads a control file from offset 0 into text. The kernel's seq_file fills a read until the file
 * ends, so a read that returns less than was asked for has the whole file, and one pread(2) reads
 * a file. The files that cgtop reads are far below the 64 KiB of text, and a larger one is cut.
 * Returns the length or a negative errno.
 */
static ssize_t read_text(int fd)
{
	ssize_t n = pread(fd, text, sizeof(text) - 1, 0);

	if (n < 0)
		return -errno;
	text[n] = '\0';
	return n;
}

/* Counts the lines of cgroup.procs, which may be larger than the scratch space. */
static int count_lines(int fd, uint64_t *lines)
{
	uint64_t count = 0;
	off_t offset = 0;
	ssize_t n, i;

	/* As in read_text, a short read is the end of the file. */
	do {
		n = pread(fd, text, sizeof(text), offset);
		if (n < 0)
			return -errno;
		for (i = 0; i < n; i++)
			count += text[i] == '\n';
		offset += n;
	} while (n == (ssize_t)sizeof(text));
	*lines = count;
	return 0;
}

/* Parses a size file of one line, such as memory.current: a number, or max on cgroup v2. */
static bool parse_size_line(const char *t, uint64_t *value)
{
	char line[64], *end;

	/* The kernel writes a plain number, which needs none of cgv_parse_size's forms. */
	if (*t >= '0' && *t <= '9') {
		*value = strtoull(t, &end, 10);
		if (*end != '\n' && *end != '\0')
			return false;
	} else {
		snprintf(line, sizeof(line), "%.*s", (int)strcspn(t, "\n"), t);
		if (cgv_parse_size(line, value) < 0)
			return false;
	}
	if (cgv_is_v1_unlimited(*value))
		*value = CGV_MAX;
	return true;
}

/* Parses the text of a file into the counters. Returns false when the text lacks the value. */
static bool parse_file(enum cgtop_file f, int version, const char *t, struct cgtop_counters *c)
{
	uint64_t usec;

	switch (f) {
	case CGF_CPU:
		if (version == 1)
			return parse_size_line(t, &c->cpu_ns);
		if (cgv_keyed_u64(t, "usage_usec", &usec) < 0)
			return false;
		c->cpu_ns = usec * 1000;
		return true;
	case CGF_MEM:
		return parse_size_line(t, &c->mem);
	case CGF_LIMIT:
		return parse_size_line(t, &c->limit);
	case CGF_IO:
		if (version == 1)
			return cgv_sum_blkio_bytes(t, &c->io_read, &c->io_write) == 0;
		return cgv_sum_io_stat(t, &c->io_read, &c->io_write) == 0;
	case CGF_PSI_CPU:
	case CGF_PSI_MEM:
	case CGF_PSI_IO:
		return cgv_psi_some_avg10(t, &c->psi[f - CGF_PSI_CPU]) == 0;
	case CGF_OOM:
		/* memory.oom_control has oom_kill since Linux 4.13. */
		return cgv_keyed_u64(t, "oom_kill", &c->oom_kills) == 0;
	case CGF_THROTTLE:
		c->has_throttle = cgv_keyed_u64(t, "nr_periods", &c->nr_periods) == 0 &&
				  cgv_keyed_u64(t, "nr_throttled", &c->nr_throttled) == 0;
		return c->has_throttle;
	default:
		return false;
	}
}

/* Copies the value of file f from the counters prev to c. */
static void keep_value(enum cgtop_file f, const struct cgtop_counters *prev,
		       struct cgtop_counters *c)
{
	if (f == CGF_LIMIT)
		c->limit = prev->limit;
	else
		c->psi[f - CGF_PSI_CPU] = prev->psi[f - CGF_PSI_CPU];
	c->have |= 1u << f;
}

/* Returns true for a file whose value this sample takes from the previous one. */
static bool reuses_previous(enum cgtop_file f, bool read_limit, bool read_pressure)
{
	switch (f) {
	case CGF_LIMIT:
		return !read_limit;
	case CGF_PSI_CPU:
	case CGF_PSI_MEM:
	case CGF_PSI_IO:
		return !read_pressure;
	default:
		return false;
	}
}

/*
 * Reads the files of a row into row->cur. With read_limit false, the limit of the previous
 * sample is kept where the row has one, because only a write changes a limit and the watch
 * saw none since. NOTE: the kernel queues the event of a write just after the new value takes
 * effect, so a write in that moment before the watch is read shows at the next sample. With
 * read_pressure false, the pressure averages of the previous sample are kept likewise.
 */
static void read_row(const struct cgtop_sampler *s, struct cgtop_row *row, bool read_limit,
		     bool read_pressure)
{
	struct cgtop_counters *c = &row->cur;
	ssize_t n;
	int f;

	memset(c, 0, sizeof(*c));
	for (f = 0; f < CGF_COUNT; f++) {
		int version;

		if (row->fds[f] < 0)
			continue;
		if (reuses_previous((enum cgtop_file)f, read_limit, read_pressure) &&
		    (row->prev.have & (1u << f))) {
			keep_value((enum cgtop_file)f, &row->prev, c);
			continue;
		}
		if (f == CGF_PROCS) {
			n = count_lines(row->fds[f], &c->tasks);
		} else {
			n = read_text(row->fds[f]);
		}
		if (n == -ENODEV) {
			row->gone = true; /* the group was removed after the walk */
			return;
		}
		if (n < 0)
			continue;
		version = s->sys->hierarchies[sources[row->src[f]].hierarchy].version;
		if (f == CGF_PROCS || parse_file((enum cgtop_file)f, version, text, c))
			c->have |= 1u << f;
	}
}

/* ------------------------------------------------------------------------------------------ */
/* Deriving */

static bool have(const struct cgtop_counters *c, enum cgtop_file f)
{
	return c->have & (1u << f);
}

static void derive_row(struct cgtop_row *row, double seconds)
{
	const struct cgtop_counters *c = &row->cur, *p = &row->prev;
	bool rates = row->have_prev && seconds > 0;

	row->valid = 0;
	if (have(c, CGF_PROCS))
		row->valid |= 1u << COL_TASKS;
	if (rates && have(c, CGF_CPU) && have(p, CGF_CPU) && c->cpu_ns >= p->cpu_ns) {
		row->cpu = (double)(c->cpu_ns - p->cpu_ns) / (seconds * 1e7);
		row->valid |= 1u << COL_CPU;
	}
	if (have(c, CGF_MEM))
		row->valid |= 1u << COL_MEM;
	if (have(c, CGF_LIMIT))
		row->valid |= 1u << COL_LIMIT;
	if (have(c, CGF_MEM) && have(c, CGF_LIMIT) && c->limit != CGV_MAX && c->limit > 0) {
		row->mem_pct = 100.0 * (double)c->mem / (double)c->limit;
		row->valid |= 1u << COL_MEM_PCT;
	}
	if (rates && have(c, CGF_IO) && have(p, CGF_IO) && c->io_read >= p->io_read &&
	    c->io_write >= p->io_write) {
		row->read_rate = (double)(c->io_read - p->io_read) / seconds;
		row->write_rate = (double)(c->io_write - p->io_write) / seconds;
		row->valid |= 1u << COL_READ | 1u << COL_WRITE;
	}
	if (have(c, CGF_PSI_CPU))
		row->valid |= 1u << COL_PSI_CPU;
	if (have(c, CGF_PSI_MEM))
		row->valid |= 1u << COL_PSI_MEM;
	if (have(c, CGF_PSI_IO))
		row->valid |= 1u << COL_PSI_IO;
	if (have(c, CGF_OOM))
		row->valid |= 1u << COL_OOM;
	if (rates && have(c, CGF_THROTTLE) && have(p, CGF_THROTTLE) &&
	    c->nr_periods >= p->nr_periods && c->nr_throttled >= p->nr_throttled) {
		uint64_t periods = c->nr_periods - p->nr_periods;

		/* A group that used no period was not throttled either. */
		row->throttle_pct = periods ? 100.0 * (double)(c->nr_throttled - p->nr_throttled) /
						      (double)periods
					    : 0;
		row->valid |= 1u << COL_THROTTLE;
	}
}

/* Ranks a byte of a path so that a path sorts right before the paths below it. */
static unsigned tree_rank(char c)
{
	if (c == '\0')
		return 0;
	if (c == '/')
		return 1;
	return (unsigned char)c + 2u;
}

static int compare_rows(const void *a, const void *b)
{
	const char *x = (*(struct cgtop_row *const *)a)->path;
	const char *y = (*(struct cgtop_row *const *)b)->path;
	unsigned rx, ry;

	for (; *x && *x == *y; x++, y++)
		;
	rx = tree_rank(*x);
	ry = tree_rank(*y);
	return (rx > ry) - (rx < ry);
}

/*
 * Drops the rows found gone, sorts the rest in tree order and links each to its parent, which
 * the walk always finds before its children. TASKS of a row counts the rows below it too.
 * Without a walk since the last call, the rows are still in tree order.
 */
static int build_tree(struct cgtop_sampler *s, bool walked)
{
	struct cgtop_table *t = s->cur;
	size_t i, kept = 0, stack[512];
	unsigned depth = 0;
	int r;

	for (i = 0; i < t->count; i++) {
		if (t->rows[i]->gone)
			cgtop_row_free(t->rows[i]);
		else
			t->rows[kept++] = t->rows[i];
	}
	if (walked && kept)
		qsort(t->rows, kept, sizeof(*t->rows), compare_rows);
	if (walked || kept < t->count) {
		t->count = kept;
		r = cgtop_table_rehash(t, t->nslots ? t->nslots : 512);
		if (r < 0)
			return r;
	}

	for (i = 0; i < t->count; i++) {
		struct cgtop_row *row = t->rows[i];
		const char *slash;

		/* Pop the stack to the deepest row whose path starts this one's. */
		while (depth > 0) {
			const char *top = t->rows[stack[depth - 1]]->path;
			size_t len = strlen(top);

			if (strncmp(row->path, top, len) == 0 &&
			    (row->path[len] == '/' || strcmp(top, "/") == 0))
				break;
			depth--;
		}
		row->index = i;
		row->parent = depth ? stack[depth - 1] : i;
		row->depth = depth;
		row->nchildren = 0;
		row->tasks_total = row->cur.tasks;
		if (depth)
			t->rows[row->parent]->nchildren++;
		slash = strrchr(row->path, '/');
		row->name = depth && slash ? slash + 1 : row->path;
		if (depth < sizeof(stack) / sizeof(*stack))
			stack[depth++] = i;
	}
	/*
	 * Children follow their parents, so a backward pass adds each subtree up. Only counts of
	 * one hierarchy add up: on a hybrid host, a process is in a group of every hierarchy.
	 */
	for (i = t->count; i-- > 1;) {
		struct cgtop_row *row = t->rows[i], *parent = t->rows[row->parent];

		if (row->parent != i && cgtop_row_source(row, CGF_PROCS, NULL) ==
						cgtop_row_source(parent, CGF_PROCS, NULL))
			parent->tasks_total += row->tasks_total;
	}
	return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* The host */

static void read_host(struct cgtop_host *host)
{
	char *t = NULL, *p;
	unsigned long long kb;

	host->ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (read_file_at(AT_FDCWD, "/proc/loadavg", 0, &t, NULL) == 0)
		sscanf(t, "%lf %lf %lf", &host->load[0], &host->load[1], &host->load[2]);
	free(t);
	t = NULL;
	if (read_file_at(AT_FDCWD, "/proc/meminfo", 0, &t, NULL) == 0) {
		p = strstr(t, "MemTotal:");
		if (p && sscanf(p, "MemTotal: %llu", &kb) == 1)
			host->mem_total = kb * 1024;
		p = strstr(t, "MemAvailable:");
		if (p && sscanf(p, "MemAvailable: %llu", &kb) == 1)
			host->mem_available = kb * 1024;
	}
	free(t);
}

static double monotonic_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ------------------------------------------------------------------------------------------ */

/* Raises the limit of open files to the hard limit, because every row keeps its files open. */
static void raise_file_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int cgtop_sampler_init(struct cgtop_sampler *s, const struct cg_system *sys, const char *top)
{
	int r;

	memset(s, 0, sizeof(*s));
	s->watch = -1;
	s->sys = sys;
	s->cur = &s->tables[0];
	r = cg_path_normalize(top, s->top, sizeof(s->top));
	if (r < 0)
		return r;
	s->watched = calloc(sys->count ? sys->count : 1, sizeof(*s->watched));
	if (!s->watched)
		return -ENOMEM;
	r = resolve_sources(s);
	if (r < 0)
		return r;
	r = cg_group_open(sys, s->top, &s->top_group);
	if (r < 0)
		return r;
	raise_file_limit();
	/*
	 * Without the watch, which needs CAP_SYS_ADMIN, every refresh walks and reads every limit.
	 */
	s->watch = cg_watch_open(sys, s->watched);
	return 0;
}

void cgtop_sampler_free(struct cgtop_sampler *s, bool exiting)
{
	if (exiting)
		cgtop_leave_files_open();
	cgtop_table_free(&s->tables[0]);
	cgtop_table_free(&s->tables[1]);
	cg_group_free(s->top_group);
	if (s->watch >= 0)
		close(s->watch);
	free(s->watched);
	free(sources);
	sources = NULL;
	nsources = 0;
}

/*
 * Returns the CG_WATCH_ bits of the changes since the last sample: every bit at the first
 * sample and without a watch. The events are read before the walk, so that a change during the
 * walk shows at the next sample.
 */
static unsigned read_changes(struct cgtop_sampler *s)
{
	const unsigned all = CG_WATCH_GROUPS | CG_WATCH_WRITES;
	int r;

	if (s->watch < 0)
		return all;
	r = cg_watch_read(s->watch);
	if (r < 0) {
		close(s->watch);
		s->watch = -1;
		return all;
	}
	return s->samples ? (unsigned)r : all;
}

int cgtop_sample(struct cgtop_sampler *s)
{
	unsigned changes = read_changes(s);
	bool read_pressure;
	size_t i;
	int r;

	if (changes & CG_WATCH_GROUPS) {
		r = cgtop_walk(s);
		if (r < 0)
			return r;
	}
	/* The interval is the one between the reads, which come after the walk. */
	s->prev_now = s->now;
	s->now = monotonic_seconds();
	read_pressure = !s->samples || s->now - s->pressure_read_at >= PRESSURE_PERIOD;
	if (read_pressure)
		s->pressure_read_at = s->now;

	for (i = 0; i < s->cur->count; i++) {
		struct cgtop_row *row = s->cur->rows[i];

		row->have_prev = row->cur.have != 0;
		row->prev = row->cur;
		read_row(s, row, changes & CG_WATCH_WRITES, read_pressure);
	}
	r = build_tree(s, changes & CG_WATCH_GROUPS);
	if (r < 0)
		return r;
	for (i = 0; i < s->cur->count; i++)
		derive_row(s->cur->rows[i], s->samples ? s->now - s->prev_now : 0);
	read_host(&s->host);
	s->samples++;
	return 0;
}

bool cgtop_column_available(const struct cgtop_sampler *s, enum cgtop_column col)
{
	if (col == COL_CGROUP)
		return true;
	if (col == COL_MEM_PCT)
		return s->available[CGF_MEM] && s->available[CGF_LIMIT];
	return s->available[cgtop_columns[col].file];
}

long cgtop_find_row(const struct cgtop_sampler *s, const char *path)
{
	const struct cgtop_row *row;

	row = cgtop_table_find(s->cur, path);
	return row ? (long)row->index : -1;
}

int cgtop_row_source(const struct cgtop_row *row, enum cgtop_file file, const char **name)
{
	if (row->src[file] < 0)
		return -1;
	if (name)
		*name = sources[row->src[file]].name;
	return sources[row->src[file]].hierarchy;
}
