/*
 * libFuzzer harness for JSON request bodies as the API reads them, with
 * the code of src/web/reply.c: the body goes through body_object(),
 * which parses it (400 naming the line and column of a syntax error, 400
 * for anything but an object); an object is read with the member
 * accessors jstr(), jint() and jbool(), its "action" with
 * tdm_transition_parse() and its "format" with tdm_report_format_parse(),
 * and answered as the API answers: the error shape with the diagnostics
 * (reply_error), or the value echoed (reply_json).
 *
 * body_object() asks libmicrohttpd for the Content-Type: the harness
 * defines MHD_lookup_connection_value(), which the linker takes instead
 * of the library's, to answer "application/json" without a connection.
 *
 * An input is the body, after an optional failure plan (failmalloc.h),
 * which covers the accessors and the answer, not the parse: jansson
 * 2.14 aborts on an assertion when its lexer is refused memory
 * (akheron/jansson#362), which no caller can handle.  Each accessor
 * is asked for every key, whatever its type, and checked against the
 * member's JSON type: the value or the default, and exactly one more
 * diagnostic for a member of the wrong type.  Every answer must be JSON
 * that says the same again, and 500 only for want of memory.  Handlers,
 * which call the library on a store, are not exercised.
 */
#include <microhttpd.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web.h"

#include "failmalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define CHECK(e) do { if (!(e)) abort(); } while (0)

/* A smaller limit than the default 100, to reach "and more problems". */
#define DIAG_LIMIT	16

/* Members the API reads; each accessor is asked for each. */
static const char *const keys[] = {
	"name", "purpose", "topics", "rating", "accept", "lang", "email",
	"action", "note", "format", "capacity", "remote",
};
#define NKEYS	(sizeof(keys) / sizeof(keys[0]))

/* The one header body_object() asks for; no query string. */
const char *
MHD_lookup_connection_value(struct MHD_Connection *conn,
    enum MHD_ValueKind kind, const char *key)
{
	if (kind == MHD_HEADER_KIND &&
	    strcasecmp(key, MHD_HTTP_HEADER_CONTENT_TYPE) == 0)
		return "application/json";
	return NULL;
}

/* One accessor of each kind on key, checked against the member. */
static void
members(json_t *o, const char *key, struct tdm_diags *d)
{
	json_t		*m = json_object_get(o, key);
	const char	*s;
	size_t		 before;
	int		 absent, i, b;

	absent = m == NULL || json_is_null(m);

	before = tdm_diag_count(d);
	s = jstr(o, key, d);
	CHECK(s != NULL);
	if (json_is_string(m) &&
	    strlen(json_string_value(m)) == json_string_length(m)) {
		CHECK(s == json_string_value(m));
		CHECK(tdm_diag_count(d) == before);
	} else {
		CHECK(*s == '\0');
		CHECK(tdm_diag_count(d) == before + !absent);
	}

	before = tdm_diag_count(d);
	i = jint(o, key, -7, d);
	if (json_is_integer(m) && json_integer_value(m) >= -1000000000 &&
	    json_integer_value(m) <= 1000000000) {
		CHECK(i == json_integer_value(m));
		CHECK(tdm_diag_count(d) == before);
	} else {
		CHECK(i == -7);
		CHECK(tdm_diag_count(d) == before + !absent);
	}

	before = tdm_diag_count(d);
	b = jbool(o, key, d);
	if (json_is_boolean(m)) {
		CHECK(b == json_is_true(m));
		CHECK(tdm_diag_count(d) == before);
	} else {
		CHECK(b == 0);
		CHECK(tdm_diag_count(d) == before + !absent);
	}
}

/* The action and the report format as the API parses them. */
static void
names(json_t *o, struct tdm_diags *d)
{
	enum tdm_transition	 t;
	enum tdm_report_format	 f;
	const char		*s;
	int			 i;

	s = jstr(o, "action", d);
	if (tdm_transition_parse(s, &t) == 0) {
		CHECK((unsigned)t < TDM_TRANSITION__MAX);
		CHECK(strcmp(tdm_transition_name(t), s) == 0);
	} else
		for (i = 0; i < TDM_TRANSITION__MAX; i++)
			CHECK(strcmp(tdm_transition_name(
			    (enum tdm_transition)i), s) != 0);

	s = jstr(o, "format", d);
	if (tdm_report_format_parse(s, &f) == 0) {
		CHECK((unsigned)f < TDM_REPORT_FORMAT__MAX);
		CHECK(strcmp(tdm_report_format_name(f), s) == 0);
	} else
		for (i = 0; i < TDM_REPORT_FORMAT__MAX; i++)
			CHECK(strcmp(tdm_report_format_name(
			    (enum tdm_report_format)i), s) != 0);
}

/* Check the answer r holds to the object v, with the diagnostics d. */
static void
answer(struct req *r, json_t *v, const struct tdm_diags *d,
    unsigned refused)
{
	json_error_t	 e;
	json_t		*a, *diags, *last;
	const char	*more = "and more problems, not listed";

	CHECK(r->ctype != NULL && strcmp(r->ctype, "application/json") == 0);
	CHECK(strlen(r->out.buf) == r->out.len);
	if (r->out.failed) {
		/* The server answers 500 for a truncated answer. */
		CHECK(refused);
		return;
	}
	if ((a = json_loadb(r->out.buf, r->out.len, JSON_REJECT_DUPLICATES,
	    &e)) == NULL) {
		/*
		 * jansson's json_dumps() ignores a failure to write an
		 * object's key (dump.c, up to 2.14 at least): short of
		 * memory, it may return malformed JSON as if all went well.
		 */
		CHECK(refused & FM_JSON);
		return;
	}
	CHECK(json_is_object(a));
	if (r->status == 500) {
		/* Only for want of memory. */
		CHECK(refused);
		CHECK(json_is_string(json_object_get(a, "error")));
	} else if (r->status == 200) {
		CHECK(v != NULL && d->n == 0 && d->dropped == 0);
		CHECK(json_equal(a, v));
	} else {
		CHECK(r->status == 400);
		CHECK(json_is_string(json_object_get(a, "error")));
		diags = json_object_get(a, "diagnostics");
		CHECK(json_is_array(diags));
		if (!refused) {
			CHECK(json_array_size(diags) ==
			    d->n + (d->dropped > 0));
			/* Diagnostics beyond the limit are said to be. */
			last = json_array_get(diags, d->n);
			if (d->dropped > 0)
				CHECK(json_is_string(json_object_get(last,
				    "message")) && strcmp(json_string_value(
				    json_object_get(last, "message")),
				    more) == 0);
		}
	}
	json_decref(a);
}

/*
 * Check body_object()'s refusal in r: 400, "malformed JSON" at a line
 * and column for what jansson does not parse, else "the body must be a
 * JSON object".
 */
static void
refusal(struct req *r, const uint8_t *data, size_t size)
{
	json_error_t	 e;
	json_t		*v, *a, *diags, *d0;
	int		 malformed;

	v = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &e);
	CHECK(v == NULL || !json_is_object(v));
	malformed = v == NULL;
	json_decref(v);

	/* A syntax error is the client's: 400, never 500. */
	CHECK(r->status == 400);
	CHECK(r->ctype != NULL && strcmp(r->ctype, "application/json") == 0);
	CHECK(!r->out.failed);
	if ((a = json_loadb(r->out.buf, r->out.len, JSON_REJECT_DUPLICATES,
	    &e)) == NULL)
		abort();
	CHECK(json_is_string(json_object_get(a, "error")));
	CHECK(strcmp(json_string_value(json_object_get(a, "error")),
	    malformed ? "malformed JSON" : "the body must be a JSON object") ==
	    0);
	diags = json_object_get(a, "diagnostics");
	CHECK(json_is_array(diags));
	if (malformed) {
		CHECK(json_array_size(diags) == 1);
		d0 = json_array_get(diags, 0);
		CHECK(json_is_string(json_object_get(d0, "message")));
		CHECK(json_integer_value(json_object_get(d0, "line")) >= 1);
		CHECK(json_integer_value(json_object_get(d0, "column")) >= 1);
	} else
		CHECK(json_array_size(diags) == 0);
	json_decref(a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct failplan		 plan;
	struct req		 r;
	json_t			*v;
	size_t			 i;
	unsigned		 refused;

	failmalloc_plan(&data, &size, &plan);
	memset(&r, 0, sizeof(r));
	tdm_buf_init(&r.out);
	r.method = "POST";
	r.path = "/api/fuzz";
	/* The server keeps a NUL after the body. */
	if ((r.body = malloc(size + 1)) == NULL)
		abort();
	memcpy(r.body, data, size);
	r.body[size] = '\0';
	r.bodylen = size;
	d.limit = DIAG_LIMIT;

	if ((v = body_object(&r)) == NULL) {
		refusal(&r, data, size);
		goto done;
	}
	CHECK(json_is_object(v));
	CHECK(r.status == 0 && r.out.len == 0);

	failmalloc_arm(&plan);
	for (i = 0; i < NKEYS; i++)
		members(v, keys[i], &d);
	names(v, &d);
	if (tdm_diag_count(&d) > 0)
		reply_error(&r, TDM_EINVAL, &d);
	else
		reply_json(&r, 200, json_incref(v));
	refused = failmalloc_disarm();
	answer(&r, v, &d, refused);
	json_decref(v);
done:
	tdm_diags_free(&d);
	tdm_buf_release(&r.out);
	free(r.filename);
	free(r.body);
	return 0;
}
