/*
 * Enrolment of volunteers, and withdrawal.
 *
 * The rules of rule 4 and 5 of the product: only an open programme takes
 * volunteers; the opt-in is the person's own act or recorded, with its
 * reference, by a programme manager; the charter version acknowledged is
 * kept; nobody enrols twice; withdrawal needs no reason.  Cancelling the
 * sessions of someone who withdraws belongs to the sessions module.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/enrol.h"
#include "tandem/strbuf.h"
#include "internal.h"

/* The ten weekday half-days of the availability bit set, in order. */
static const char *const halfdays[] = {
	"mon-am", "mon-pm", "tue-am", "tue-pm", "wed-am", "wed-pm",
	"thu-am", "thu-pm", "fri-am", "fri-pm",
};
#define NHALFDAYS 10
#define ALL_HALFDAYS ((1 << NHALFDAYS) - 1)

/* Parse "mon-am,thu-pm" or "all" into a bit set; -1 on error. */
static int
parse_availability(const char *s, struct tdm_diags *d)
{
	char		 part[16];
	const char	*p, *end;
	size_t		 i, len;
	int		 set = 0;

	if (s == NULL || strcmp(s, "all") == 0)
		return ALL_HALFDAYS;
	for (p = s; *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ",");
		while (p < end && *p == ' ')
			p++;
		len = (size_t)(end - p);
		if (len == 0)
			continue;
		if (len >= sizeof(part))
			len = sizeof(part) - 1;
		memcpy(part, p, len);
		part[len] = '\0';
		for (i = 0; i < NHALFDAYS; i++)
			if (strcmp(part, halfdays[i]) == 0)
				break;
		if (i == NHALFDAYS) {
			tdm_diag_add(d, "availability", 0, 0, "\"%s\" is not "
			    "a half-day (mon-am, mon-pm, ... fri-pm, or all)",
			    part);
			return -1;
		}
		set |= 1 << i;
	}
	if (set == 0) {
		tdm_diag_add(d, "availability", 0, 0, "no half-day given");
		return -1;
	}
	return set;
}

/* Check a comma-separated list of two-letter language codes. */
static int
check_languages(const char *s, struct tdm_diags *d)
{
	const char	*p, *end;
	size_t		 len;

	if (*s == '\0') {
		tdm_diag_add(d, "languages", 0, 0, "at least one language");
		return -1;
	}
	for (p = s; *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ",");
		len = (size_t)(end - p);
		if (len != 2 || !islower((unsigned char)p[0]) ||
		    !islower((unsigned char)p[1])) {
			tdm_diag_add(d, "languages", 0, 0, "\"%.*s\" is not "
			    "a language code such as fr or en", (int)len, p);
			return -1;
		}
	}
	return 0;
}

struct choice {
	int64_t	 topic;
	int	 level;
	int	 interest;
};

/*
 * Parse "code=LEVEL[:INTEREST],..." against the programme's topics.
 * Returns the number of choices, or -1 after reporting.
 */
static int
parse_topics(struct tdm_store *st, int64_t programme, const char *s,
    int mentee, struct choice *out, int max, struct tdm_diags *d)
{
	sqlite3_stmt	*stmt;
	char		 code[64];
	const char	*p, *end, *eq;
	char		*q;
	size_t		 len;
	int		 n = 0, i, ok;
	long		 v;

	if (s == NULL || *s == '\0') {
		tdm_diag_add(d, "topics", 0, 0, "choose at least one of the "
		    "programme's topics, as code=LEVEL%s", mentee ?
		    "[:INTEREST]" : "");
		return -1;
	}
	for (p = s; *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ",");
		while (p < end && *p == ' ')
			p++;
		if (p == end)
			continue;
		eq = memchr(p, '=', (size_t)(end - p));
		len = (size_t)((eq != NULL ? eq : end) - p);
		if (eq == NULL || len == 0 || len >= sizeof(code)) {
			tdm_diag_add(d, "topics", 0, 0, "\"%.*s\" is not "
			    "code=LEVEL", (int)(end - p), p);
			return -1;
		}
		memcpy(code, p, len);
		code[len] = '\0';
		if (n == max) {
			tdm_diag_add(d, "topics", 0, 0, "at most %d topics",
			    max);
			return -1;
		}
		v = strtol(eq + 1, &q, 10);
		ok = q != eq + 1 && v >= 0 && v <= 4;
		out[n].level = (int)v;
		out[n].interest = 2;
		if (ok && *q == ':' && !mentee) {
			tdm_diag_add(d, "topics", 0, 0, "\"%.*s\": a mentor "
			    "offers a level; the interest after ':' is a "
			    "mentee's", (int)(end - p), p);
			return -1;
		}
		if (ok && *q == ':') {
			v = strtol(q + 1, &q, 10);
			ok = v >= 0 && v <= 3;
			out[n].interest = (int)v;
		}
		if (!ok || q != end) {
			tdm_diag_add(d, "topics", 0, 0, "\"%.*s\": the level "
			    "is 0 to 4%s", (int)(end - p), p, mentee ?
			    ", the interest after ':' 0 to 3" : "");
			return -1;
		}
		stmt = store_stmt(st, STMT_TOPIC_BY_CODE);
		store_bind_text(stmt, 1, code, -1);
		out[n].topic = 0;
		if (sqlite3_step(stmt) == SQLITE_ROW)
			out[n].topic = sqlite3_column_int64(stmt, 0);
		sqlite3_reset(stmt);
		ok = 0;
		if (out[n].topic) {
			stmt = store_stmt(st, STMT_PROGRAMME_HAS_TOPIC);
			sqlite3_bind_int64(stmt, 1, programme);
			sqlite3_bind_int64(stmt, 2, out[n].topic);
			if (sqlite3_step(stmt) == SQLITE_ROW)
				ok = sqlite3_column_int(stmt, 0) > 0;
			sqlite3_reset(stmt);
		}
		if (!ok) {
			tdm_diag_add(d, "topics", 0, 0, "\"%s\" is not a topic "
			    "of this programme", code);
			return -1;
		}
		for (i = 0; i < n; i++)
			if (out[i].topic == out[n].topic) {
				tdm_diag_add(d, "topics", 0, 0, "\"%s\" is "
				    "given twice", code);
				return -1;
			}
		n++;
	}
	return n;
}

/* The roster's language and site of an employee, as defaults. */
static void
roster_defaults(struct tdm_store *st, const char *matricule, char *lang,
    size_t langsz, char *site, size_t sitesz)
{
	sqlite3_stmt	*stmt;

	snprintf(lang, langsz, "fr");
	site[0] = '\0';
	stmt = store_stmt(st, STMT_EMPLOYEE_GET);
	store_bind_text(stmt, 1, matricule, -1);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		if (*column_text(stmt, 14))
			snprintf(lang, langsz, "%s", column_text(stmt, 14));
		snprintf(site, sitesz, "%s", column_text(stmt, 9));
	}
	sqlite3_reset(stmt);
}

static int
may_enrol(const char *state)
{
	return strcmp(state, "open") == 0 || strcmp(state, "matched") == 0 ||
	    strcmp(state, "running") == 0;
}

enum tdm_err
tdm_enrol(struct tdm_store *st, const struct tdm_actor *actor,
    const struct tdm_enrol_spec *s, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct choice		 topics[32];
	sqlite3_stmt		*stmt;
	char			 lang[64], site[256], now[TIMESTAMP_SIZE];
	const char		*languages, *where;
	int64_t			 person, id;
	int			 mentee, ntopics, avail, self, i;
	enum tdm_err		 err;

	if (s->role == NULL || (strcmp(s->role, "mentor") != 0 &&
	    strcmp(s->role, "mentee") != 0)) {
		tdm_diag_add(d, "role", 0, 0, "enrol as mentor or mentee");
		return TDM_EINVAL;
	}
	mentee = strcmp(s->role, "mentee") == 0;
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = programme_find(st, s->programme, &p, d)) != TDM_OK)
		goto fail;
	if ((err = employee_find(st, s->employee, 0, &person, d)) != TDM_OK)
		goto fail;
	/* Volunteers only: the person's own act, or a recorded opt-in. */
	self = actor->employee_id == person;
	if (!self) {
		if ((err = authorize(actor, OP_ENROL_RECORD, d)) != TDM_OK)
			goto fail;
		if (s->optin_ref == NULL || *s->optin_ref == '\0') {
			tdm_diag_add(d, "optin", 0, 0, "enrolling %s on their "
			    "behalf needs the reference of their signed "
			    "opt-in (--optin-ref)", s->employee);
			err = TDM_EINVAL;
			goto fail;
		}
	}
	if (!may_enrol(p.state)) {
		if (strcmp(p.state, "closed") == 0)
			tdm_diag_add(d, NULL, 0, 0, "programme \"%s\" is "
			    "closed: it takes no more volunteers", p.name);
		else if (strcmp(p.state, "approved") == 0)
			tdm_diag_add(d, NULL, 0, 0, "programme \"%s\" is "
			    "approved but not open yet: enrolment starts when "
			    "a programme manager opens it", p.name);
		else
			tdm_diag_add(d, NULL, 0, 0, "programme \"%s\" is %s: "
			    "enrolment opens once it is approved and open",
			    p.name, p.state);
		err = TDM_ESTATE;
		goto fail;
	}
	if ((err = employee_find(st, s->employee, 1, &person, d)) !=
	    TDM_OK) {
		if (err == TDM_ENOENT)
			err = TDM_ESTATE;
		goto fail;
	}
	stmt = store_stmt(st, STMT_ENROLMENT_FIND);
	sqlite3_bind_int64(stmt, 1, p.id);
	sqlite3_bind_int64(stmt, 2, person);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		if (sqlite3_column_type(stmt, 3) == SQLITE_NULL)
			tdm_diag_add(d, NULL, 0, 0, "%s is already enrolled in "
			    "\"%s\" (as %s, since %s)", s->employee, p.name,
			    column_text(stmt, 1), column_text(stmt, 2));
		else
			tdm_diag_add(d, NULL, 0, 0, "%s withdrew from \"%s\" "
			    "on %s; nobody enrols twice in one programme",
			    s->employee, p.name, column_text(stmt, 3));
		sqlite3_reset(stmt);
		err = TDM_EEXIST;
		goto fail;
	}
	sqlite3_reset(stmt);
	ntopics = parse_topics(st, p.id, s->topics, mentee, topics,
	    (int)(sizeof(topics) / sizeof(topics[0])), d);
	roster_defaults(st, s->employee, lang, sizeof(lang), site,
	    sizeof(site));
	languages = s->languages != NULL ? s->languages : lang;
	where = s->site != NULL ? s->site : site;
	avail = parse_availability(s->availability, d);
	if (ntopics == -1 || avail == -1 || check_languages(languages, d) ||
	    (s->capacity && (s->capacity < 1 || s->capacity > 50 || mentee))) {
		if (s->capacity && mentee)
			tdm_diag_add(d, "capacity", 0, 0, "only mentors have "
			    "a capacity");
		else if (s->capacity < 0 || s->capacity > 50)
			tdm_diag_add(d, "capacity", 0, 0, "%d is not between "
			    "1 and 50", s->capacity);
		err = TDM_EINVAL;
		goto fail;
	}
	store_timestamp(st, now);
	stmt = store_stmt(st, STMT_ENROLMENT_INSERT);
	sqlite3_bind_int64(stmt, 1, p.id);
	sqlite3_bind_int64(stmt, 2, person);
	store_bind_text(stmt, 3, s->role, -1);
	sqlite3_bind_int(stmt, 4, p.charter_version);
	store_bind_text(stmt, 5, self ? "self" : "recorded", -1);
	store_bind_text(stmt, 6, self ? NULL : s->optin_ref, -1);
	store_bind_text(stmt, 7, self ? NULL : actor->name, -1);
	store_bind_text(stmt, 8, languages, -1);
	store_bind_text(stmt, 9, where, -1);
	sqlite3_bind_int(stmt, 10, s->remote != 0);
	sqlite3_bind_int(stmt, 11, avail);
	sqlite3_bind_int(stmt, 12, s->capacity ? s->capacity : 1);
	store_bind_text(stmt, 13, now, -1);
	if ((err = store_exec(st, STMT_ENROLMENT_INSERT)) != TDM_OK)
		goto fail;
	id = sqlite3_last_insert_rowid(st->db);
	for (i = 0; i < ntopics; i++) {
		stmt = store_stmt(st, STMT_ENROLMENT_TOPIC_INSERT);
		sqlite3_bind_int64(stmt, 1, id);
		sqlite3_bind_int64(stmt, 2, topics[i].topic);
		sqlite3_bind_int(stmt, 3, topics[i].level);
		sqlite3_bind_int(stmt, 4, mentee ? topics[i].interest : 0);
		if ((err = store_exec(st, STMT_ENROLMENT_TOPIC_INSERT)) !=
		    TDM_OK)
			goto fail;
	}
	if ((err = audit_append(st, actor, "enrolment.create", "programme",
	    p.name, "%s as %s, charter version %d, opt-in %s%s%s",
	    s->employee, s->role, p.charter_version, self ? "self" :
	    "recorded", self ? "" : ": ", self ? "" : s->optin_ref)) !=
	    TDM_OK || (err = store_commit(st)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	return err;
}

enum tdm_err
tdm_withdraw(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *matricule, struct tdm_diags *d)
{
	struct programme_ref	 p;
	sqlite3_stmt		*stmt;
	char			 now[TIMESTAMP_SIZE];
	int64_t			 person, id = 0;
	char			 role[16] = "";
	int			 withdrawn = 0;
	enum tdm_err		 err;

	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = programme_find(st, ref, &p, d)) != TDM_OK)
		goto fail;
	if ((err = employee_find(st, matricule, 0, &person, d)) != TDM_OK)
		goto fail;
	if ((err = authorize_self(actor, person, OP_WITHDRAW_OTHER, d)) !=
	    TDM_OK)
		goto fail;
	stmt = store_stmt(st, STMT_ENROLMENT_FIND);
	sqlite3_bind_int64(stmt, 1, p.id);
	sqlite3_bind_int64(stmt, 2, person);
	if (sqlite3_step(stmt) == SQLITE_ROW) {
		id = sqlite3_column_int64(stmt, 0);
		snprintf(role, sizeof(role), "%s", column_text(stmt, 1));
		withdrawn = sqlite3_column_type(stmt, 3) != SQLITE_NULL;
	}
	sqlite3_reset(stmt);
	if (id == 0 || withdrawn) {
		tdm_diag_add(d, NULL, 0, 0, "%s is not enrolled in \"%s\"%s",
		    matricule, p.name, withdrawn ? " any more" : "");
		err = id == 0 ? TDM_ENOENT : TDM_ESTATE;
		goto fail;
	}
	if (strcmp(p.state, "closed") == 0) {
		tdm_diag_add(d, NULL, 0, 0, "programme \"%s\" is closed",
		    p.name);
		err = TDM_ESTATE;
		goto fail;
	}
	store_timestamp(st, now);
	stmt = store_stmt(st, STMT_ENROLMENT_WITHDRAW);
	store_bind_text(stmt, 1, now, -1);
	sqlite3_bind_int64(stmt, 2, id);
	/* Their future sessions are cancelled: calendars learn only that. */
	if ((err = store_exec(st, STMT_ENROLMENT_WITHDRAW)) != TDM_OK ||
	    (err = session_cancel_future(st, p.id, id, role)) != TDM_OK ||
	    (err = audit_append(st, actor, "enrolment.withdraw", "programme",
	    p.name, "%s", matricule)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	return err;
}

static void
availability_text(int set, char *buf, size_t size)
{
	size_t	 i, n = 0;

	buf[0] = '\0';
	if (set == ALL_HALFDAYS) {
		snprintf(buf, size, "all");
		return;
	}
	for (i = 0; i < NHALFDAYS; i++)
		if (set & (1 << i))
			n += (size_t)snprintf(buf + n, n < size ? size - n : 0,
			    "%s%s", n ? "," : "", halfdays[i]);
}

enum tdm_err
tdm_enrolment_each(struct tdm_store *st, const char *ref, unsigned flags,
    int (*fn)(void *, const struct tdm_enrolment *), void *arg,
    struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct tdm_enrolment	 e;
	sqlite3_stmt		*stmt;
	char			 avail[128];
	enum tdm_err		 err;
	int			 rc;

	if ((err = programme_find(st, ref, &p, d)) != TDM_OK)
		return err;
	stmt = store_stmt(st, STMT_ENROLMENT_LIST);
	sqlite3_bind_int64(stmt, 1, p.id);
	sqlite3_bind_int(stmt, 2, (flags & TDM_LIST_WITHDRAWN) != 0);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		e.matricule = column_text(stmt, 0);
		e.first_name = column_text(stmt, 1);
		e.last_name = column_text(stmt, 2);
		e.generation = column_text(stmt, 3);
		e.role = column_text(stmt, 4);
		e.topics = column_text(stmt, 5);
		e.languages = column_text(stmt, 6);
		e.site = column_text(stmt, 7);
		e.remote = sqlite3_column_int(stmt, 8);
		availability_text(sqlite3_column_int(stmt, 9), avail,
		    sizeof(avail));
		e.availability = avail;
		e.capacity = sqlite3_column_int(stmt, 10);
		e.charter_version = sqlite3_column_int(stmt, 11);
		e.optin = column_text(stmt, 12);
		e.optin_ref = column_text(stmt, 13);
		e.enrolled_at = column_text(stmt, 14);
		e.withdrawn_at = column_text(stmt, 15);
		if (fn(arg, &e) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? TDM_OK : TDM_EDB;
}
