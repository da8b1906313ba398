/* SPDX-License-Identifier: MIT */
/*
 * cgget's JSON output through cJSON. Each value is typed by the kind its setting has in the
 * table: numbers, "max", objects for keyed and pressure files, arrays of pids. Integers are
 * written as their decimal text, because a double cannot hold every 64-bit value.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cgget.h"
#include "cgkey.h"
#include "cgvalue.h"
#include "output.h"

static bool is_integer(const char *text)
{
	const char *p = text[0] == '-' ? text + 1 : text;

	if (!*p || strlen(p) > 20)
		return false;
	for (; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	return true;
}

/* An integer as a JSON number, and any other word ("max") as a string. */
static cJSON *number_or_string(const char *text)
{
	return is_integer(text) ? cJSON_CreateRaw(text) : cJSON_CreateString(text);
}

static cJSON *flat_keyed_object(const char *text)
{
	struct cgv_keyed keyed;
	cJSON *object;
	size_t i;

	if (cgv_parse_flat_keyed(text, &keyed) < 0)
		return NULL;
	object = cJSON_CreateObject();
	for (i = 0; object && i < keyed.count; i++)
		cJSON_AddItemToObject(object, keyed.lines[i].key,
				      number_or_string(keyed.lines[i].value));
	cgv_keyed_free(&keyed);
	return object;
}

/* io.stat and io.max: {"8:0": {"rbps": 1048576, "wbps": "max"}}. */
static cJSON *nested_keyed_object(const char *text)
{
	struct cgv_keyed keyed;
	cJSON *object, *fields;
	size_t i, k;

	if (cgv_parse_nested_keyed(text, &keyed) < 0)
		return NULL;
	object = cJSON_CreateObject();
	for (i = 0; object && i < keyed.count; i++) {
		fields = cJSON_CreateObject();
		for (k = 0; fields && k < keyed.lines[i].nfields; k++)
			cJSON_AddItemToObject(fields, keyed.lines[i].fields[k].key,
					      number_or_string(keyed.lines[i].fields[k].value));
		cJSON_AddItemToObject(object, keyed.lines[i].key, fields);
	}
	cgv_keyed_free(&keyed);
	return object;
}

static cJSON *psi_line_object(const struct cgv_psi_line *line)
{
	cJSON *object = cJSON_CreateObject();
	char total[32];

	snprintf(total, sizeof(total), "%llu", (unsigned long long)line->total);
	cJSON_AddNumberToObject(object, "avg10", line->avg10);
	cJSON_AddNumberToObject(object, "avg60", line->avg60);
	cJSON_AddNumberToObject(object, "avg300", line->avg300);
	cJSON_AddRawToObject(object, "total", total);
	return object;
}

static cJSON *pressure_object(const char *text)
{
	struct cgv_psi psi;
	cJSON *object;

	if (cgv_parse_psi(text, &psi) < 0)
		return NULL;
	object = cJSON_CreateObject();
	if (psi.some.present)
		cJSON_AddItemToObject(object, "some", psi_line_object(&psi.some));
	if (psi.full.present)
		cJSON_AddItemToObject(object, "full", psi_line_object(&psi.full));
	return object;
}

/* Returns an array of the lines when each is an integer, as in cgroup.procs, else NULL. */
static cJSON *integer_array(const char *text)
{
	char *copy = strdup(text), *line, *save = NULL;
	cJSON *array = cJSON_CreateArray();

	for (line = strtok_r(copy, "\n", &save); line && array;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!is_integer(line)) {
			cJSON_Delete(array);
			array = NULL;
			break;
		}
		cJSON_AddItemToArray(array, cJSON_CreateRaw(line));
	}
	free(copy);
	return array;
}

static cJSON *string_array(const char *text)
{
	char *copy = strdup(text), *line, *save = NULL;
	cJSON *array = cJSON_CreateArray();

	for (line = strtok_r(copy, "\n", &save); line && array; line = strtok_r(NULL, "\n", &save))
		cJSON_AddItemToArray(array, cJSON_CreateString(line));
	free(copy);
	return array;
}

/*
 * Types a file that the table does not describe: an integer or a string on one line, and on
 * several lines an array of integers, an object of "key value" lines, or an array of strings.
 */
static cJSON *untyped_value(const char *text)
{
	cJSON *value;

	if (!strchr(text, '\n'))
		return number_or_string(text);
	value = integer_array(text);
	if (!value)
		value = flat_keyed_object(text);
	return value ? value : string_array(text);
}

static cJSON *typed_value(enum cgm_kind kind, const char *text)
{
	cJSON *value = NULL;

	switch (kind) {
	case CGM_SIZE:
	case CGM_BYTES:
	case CGM_NUMBER:
	case CGM_NUMBER_MAX:
	case CGM_WEIGHT:
	case CGM_BOOL:
		return number_or_string(text);
	case CGM_FLAT_KEYED:
		value = flat_keyed_object(text);
		break;
	case CGM_NESTED_KEYED:
	case CGM_IO_MAX:
		value = nested_keyed_object(text);
		break;
	case CGM_PRESSURE:
		value = pressure_object(text);
		break;
	case CGM_PIDS:
		value = text[0] ? integer_array(text) : cJSON_CreateArray();
		break;
	case CGM_CPU_MAX:
	case CGM_CPUSET:
	case CGM_TEXT:
		return cJSON_CreateString(text);
	}
	return value ? value : untyped_value(text);
}

/* Adds "quota", "period" and "cpus" to the object of cpu.max. */
static void add_cpu_max_fields(cJSON *object, const char *text)
{
	struct cgv_cpu_max max;
	char number[32];

	if (cgv_parse_cpu_max(text, &max) < 0)
		return;
	if (max.quota == CGV_MAX) {
		cJSON_AddStringToObject(object, "quota", "max");
	} else {
		snprintf(number, sizeof(number), "%llu", (unsigned long long)max.quota);
		cJSON_AddRawToObject(object, "quota", number);
	}
	if (max.period) {
		snprintf(number, sizeof(number), "%llu", (unsigned long long)max.period);
		cJSON_AddRawToObject(object, "period", number);
	}
	if (max.quota != CGV_MAX && max.period)
		cJSON_AddNumberToObject(object, "cpus", (double)max.quota / (double)max.period);
}

static cJSON *value_object(const struct cgget *cg, const struct cgget_value *value)
{
	const struct cg_hierarchy *h = &cg->sys->hierarchies[value->index];
	bool typed = value->has_ref && value->v2_form && value->ref.setting;
	cJSON *object = cJSON_CreateObject();
	char human[4096];

	const struct cgm_setting *row = value->has_ref ? cgk_row(&value->ref) : NULL;

	if (!object)
		return NULL;
	/*
	 * A list of pids reads alike in both versions, so cgroup.procs is an array also where it
	 * is a v1 file, and one without processes is [] on every layout, not "".
	 */
	if (!typed && row && row->kind == CGM_PIDS)
		cJSON_AddItemToObject(object, "value", typed_value(CGM_PIDS, value->text));
	else
		cJSON_AddItemToObject(object, "value",
				      typed ? typed_value(value->ref.setting->kind, value->text)
					    : untyped_value(value->text));
	if (typed &&
	    (value->ref.setting->kind == CGM_SIZE || value->ref.setting->kind == CGM_BYTES ||
	     value->ref.setting->kind == CGM_CPU_MAX) &&
	    cgm_format_human(&value->ref, value->text, human, sizeof(human)) >= 0)
		cJSON_AddStringToObject(object, "human", human);
	if (typed && value->ref.setting->kind == CGM_CPU_MAX)
		add_cpu_max_fields(object, value->text);
	if (strcmp(value->file, value->key) != 0)
		cJSON_AddStringToObject(object, "file", value->file);
	cJSON_AddStringToObject(object, "hierarchy", cgk_hierarchy_name(h));
	cJSON_AddNumberToObject(object, "version", h->version);
	return object;
}

/* {"memory": "/a", "cpu": "/"}: the group's path in each hierarchy, when they differ. */
static cJSON *paths_object(const struct cg_group *group)
{
	cJSON *object = cJSON_CreateObject();
	size_t i;

	for (i = 0; object && i < group->sys->count; i++)
		if (group->paths[i])
			cJSON_AddStringToObject(object,
						cgk_hierarchy_name(&group->sys->hierarchies[i]),
						group->paths[i]);
	return object;
}

static cJSON *group_object(const struct cgget *cg, const struct cgget_group *group)
{
	cJSON *object = cJSON_CreateObject(), *settings;
	size_t i;

	if (!object)
		return NULL;
	cJSON_AddStringToObject(object, "cgroup", group->label);
	cJSON_AddStringToObject(object, "layout", cg_layout_name(cg->sys->layout));
	if (cgk_paths_differ(group->group))
		cJSON_AddItemToObject(object, "paths", paths_object(group->group));
	settings = cJSON_AddObjectToObject(object, "settings");
	for (i = 0; settings && i < group->count; i++) {
		const struct cgget_value *value = &group->values[i];

		/* A key given twice is printed once. */
		if (!cJSON_GetObjectItemCaseSensitive(settings, value->key))
			cJSON_AddItemToObject(settings, value->key, value_object(cg, value));
	}
	return object;
}

static int print_document(cJSON *document)
{
	int r;

	if (!document)
		return -ENOMEM;
	r = out_print_json(stdout, document);
	cJSON_Delete(document);
	return r;
}

int cgget_print_json(const struct cgget *cg)
{
	cJSON *document;
	size_t i;

	/* One group is one object; several PATH arguments give an array of them. */
	if (cg->ngroups == 1)
		return print_document(group_object(cg, &cg->groups[0]));
	document = cJSON_CreateArray();
	for (i = 0; document && i < cg->ngroups; i++)
		cJSON_AddItemToArray(document, group_object(cg, &cg->groups[i]));
	return print_document(document);
}

static cJSON *hierarchy_object(const struct cg_hierarchy *h)
{
	cJSON *object = cJSON_CreateObject(), *controllers;
	char list[1024], *name, *save = NULL;

	cJSON_AddNumberToObject(object, "id", h->id);
	cJSON_AddNumberToObject(object, "version", h->version);
	cJSON_AddStringToObject(object, "mountpoint", h->mount_point);
	controllers = cJSON_AddArrayToObject(object, "controllers");
	cgget_join_controllers(h, list, sizeof(list));
	for (name = strtok_r(list, ",", &save); controllers && name;
	     name = strtok_r(NULL, ",", &save))
		cJSON_AddItemToArray(controllers, cJSON_CreateString(name));
	return object;
}

int cgget_print_mode_json(const struct cgget *cg)
{
	cJSON *document = cJSON_CreateObject(), *hierarchies;
	size_t i;

	if (!document)
		return -ENOMEM;
	cJSON_AddStringToObject(document, "layout", cg_layout_name(cg->sys->layout));
	hierarchies = cJSON_AddArrayToObject(document, "hierarchies");
	for (i = 0; hierarchies && i < cg->sys->count; i++)
		cJSON_AddItemToArray(hierarchies, hierarchy_object(&cg->sys->hierarchies[i]));
	return print_document(document);
}
