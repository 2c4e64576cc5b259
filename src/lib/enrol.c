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
#include "tandem/lists.h"
#include "tandem/strbuf.h"
#include "internal.h"
#include "outbox.h"

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
 * The topic with this code in *topic (0 if none has it), and whether it
 * is one of the programme's in *yes.
 */
static enum tdm_err
programme_topic(struct tdm_store *st, int64_t programme, const char *code,
    int64_t *topic, int *yes)
{
	struct query	 q = query_start(st, STMT_TOPIC_BY_CODE);
	enum tdm_err	 err;

	*yes = 0;
	bind_text(&q, code);
	*topic = 0;
	if (query_row(&q)) {
		*topic = col_int(&q);
		col_skip(&q);	/* the programme it belongs to */
	}
	if ((err = query_end(&q)) != TDM_OK || *topic == 0)
		return err;
	q = query_start(st, STMT_PROGRAMME_HAS_TOPIC);
	bind_int(&q, programme);
	bind_int(&q, *topic);
	if (query_row(&q))
		*yes = col_int(&q) > 0;
	return query_end(&q);
}

/*
 * Parse "code=LEVEL[:INTEREST],..." against the programme's topics into
 * out and *count.  TDM_EINVAL after reporting a problem.
 */
static enum tdm_err
parse_topics(struct tdm_store *st, int64_t programme, const char *s,
    int mentee, struct choice *out, int max, int *count,
    struct tdm_diags *d)
{
	char		 code[64];
	const char	*p, *end, *eq;
	char		*q;
	size_t		 len;
	int		 n = 0, i, ok;
	long		 v;
	enum tdm_err	 err;

	*count = 0;
	if (s == NULL || *s == '\0') {
		tdm_diag_add(d, "topics", 0, 0, "choose at least one of the "
		    "programme's topics, as code=LEVEL%s", mentee ?
		    "[:INTEREST]" : "");
		return TDM_EINVAL;
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
			return TDM_EINVAL;
		}
		memcpy(code, p, len);
		code[len] = '\0';
		if (n == max) {
			tdm_diag_add(d, "topics", 0, 0, "at most %d topics",
			    max);
			return TDM_EINVAL;
		}
		v = strtol(eq + 1, &q, 10);
		ok = q != eq + 1 && v >= 0 && v <= 4;
		out[n].level = (int)v;
		out[n].interest = 2;
		if (ok && *q == ':' && !mentee) {
			tdm_diag_add(d, "topics", 0, 0, "\"%.*s\": a mentor "
			    "offers a level; the interest after ':' is a "
			    "mentee's", (int)(end - p), p);
			return TDM_EINVAL;
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
			return TDM_EINVAL;
		}
		if ((err = programme_topic(st, programme, code, &out[n].topic,
		    &ok)) != TDM_OK)
			return err;
		if (!ok) {
			tdm_diag_add(d, "topics", 0, 0, "\"%s\" is not a topic "
			    "of this programme", code);
			return TDM_EINVAL;
		}
		for (i = 0; i < n; i++)
			if (out[i].topic == out[n].topic) {
				tdm_diag_add(d, "topics", 0, 0, "\"%s\" is "
				    "given twice", code);
				return TDM_EINVAL;
			}
		n++;
	}
	*count = n;
	return TDM_OK;
}

/* The roster's language and site of an employee, as defaults. */
static enum tdm_err
roster_defaults(struct tdm_store *st, int64_t person, char *lang,
    size_t langsz, char *site, size_t sitesz)
{
	struct query	 q = query_start(st, STMT_EMPLOYEE_DEFAULTS);
	const char	*s;

	snprintf(lang, langsz, "fr");
	site[0] = '\0';
	bind_int(&q, person);
	if (query_row(&q)) {
		if (*(s = col_text(&q)))
			snprintf(lang, langsz, "%s", s);
		snprintf(site, sitesz, "%s", col_text(&q));
	}
	return query_end(&q);
}

static int
may_enrol(const char *state)
{
	return strcmp(state, "open") == 0 || strcmp(state, "matched") == 0 ||
	    strcmp(state, "running") == 0;
}

/*
 * Before someone who withdrew volunteers again with a new enrolment:
 * the pairs of the old one, id, never come back (accepted ones end,
 * published ones count as declined, proposed ones go), and every past
 * partner is kept out (pair_rejection, which the matcher reads by
 * person), so that a partner is never given back.  The old enrolment
 * keeps its topics: it is the history.
 */
static enum tdm_err
enrol_again(struct tdm_store *st, const struct tdm_actor *actor,
    const struct programme_ref *p, int64_t id, const char *now,
    struct tdm_diags *d)
{
	struct query	 q;
	enum tdm_err	 err;

	if ((err = pair_end_all(st, actor, p->id, id, "withdrawal", d)) != TDM_OK)
		return err;
	q = query_start(st, STMT_TANDEM_AGAIN_REJECT);
	bind_int(&q, p->id);
	bind_int(&q, id);
	bind_text(&q, actor->name);
	bind_text(&q, now);
	if ((err = query_exec(&q)) != TDM_OK)
		return err;
	q = query_start(st, STMT_TANDEM_AGAIN_DECLINE);
	bind_int(&q, p->id);
	bind_int(&q, id);
	if ((err = query_exec(&q)) != TDM_OK)
		return err;
	q = query_start(st, STMT_TANDEM_AGAIN_DROP);
	bind_int(&q, p->id);
	bind_int(&q, id);
	if ((err = query_exec(&q)) != TDM_OK)
		return err;
	q = query_start(st, STMT_ENROL_AGAIN_KEEP_OUT);
	bind_int(&q, p->id);
	bind_int(&q, id);
	bind_text(&q, actor->name);
	bind_text(&q, now);
	return query_exec(&q);
}

/*
 * A draft's name is for those who may read it: in a refusal to anyone
 * else (a participant trying ids), the programme is named as they named
 * it.
 */
static void
unnamed_draft(const struct tdm_actor *actor, struct programme_ref *p,
    const char *ref)
{
	if (p->charter_version == 0 && !permitted(actor, OP_PROGRAMME_EDIT) &&
	    !permitted(actor, OP_PROGRAMME_APPROVE))
		snprintf(p->name, sizeof(p->name), "%s", ref);
}

enum tdm_err
tdm_enrol(struct tdm_store *st, const struct tdm_actor *actor,
    const struct tdm_enrol_spec *s, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct choice		 topics[32];
	struct query		 q;
	char			 lang[64], site[256], now[TIMESTAMP_SIZE];
	const char		*languages, *where, *role, *since;
	int64_t			 person, id, again = 0;
	int			 mentee, ntopics, avail, self, i, found;
	enum tdm_err		 err, bad;

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
	unnamed_draft(actor, &p, s->programme);
	if ((err = employee_find(st, s->employee, 0, &person, d)) != TDM_OK)
		goto fail;
	/* Volunteers only: the person's own act, or a recorded opt-in. */
	self = actor->employee_id == person;
	if (!self) {
		if ((err = authorize_in(actor, OP_ENROL_RECORD, p.id, d)) !=
		    TDM_OK)
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
	q = query_start(st, STMT_ENROLMENT_FIND);
	bind_int(&q, p.id);
	bind_int(&q, person);
	if ((found = query_row(&q))) {
		again = col_int(&q);
		role = col_text(&q);
		since = col_text(&q);
		/*
		 * Someone who withdrew may volunteer again: a new
		 * enrolment, the withdrawn one staying in the history
		 * (STMT_ENROLMENT_FIND gives the current one first).
		 */
		if (col_textz(&q) == NULL) {
			tdm_diag_add(d, NULL, 0, 0, "%s is already enrolled in "
			    "\"%s\" (as %s, since %s); change the enrolment "
			    "instead", s->employee, p.name,
			    role, since);
			again = 0;
		}
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto fail;
	if (found && again == 0) {
		err = TDM_EEXIST;
		goto fail;
	}
	/* Every problem of the spec is reported at once: TDM_EINVAL. */
	bad = parse_topics(st, p.id, s->topics, mentee, topics,
	    (int)(sizeof(topics) / sizeof(topics[0])), &ntopics, d);
	if ((bad != TDM_OK && (err = bad) != TDM_EINVAL) ||
	    (err = roster_defaults(st, person, lang, sizeof(lang), site,
	    sizeof(site))) != TDM_OK)
		goto fail;
	languages = s->languages != NULL ? s->languages : lang;
	where = s->site != NULL ? s->site : site;
	avail = parse_availability(s->availability, d);
	if (bad != TDM_OK || avail == -1 || check_languages(languages, d) ||
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
	if (again && (err = enrol_again(st, actor, &p, again, now, d)) !=
	    TDM_OK)
		goto fail;
	q = query_start(st, STMT_ENROLMENT_INSERT);
	bind_int(&q, p.id);
	bind_int(&q, person);
	bind_text(&q, s->role);
	bind_int(&q, p.charter_version);
	bind_text(&q, self ? "self" : "recorded");
	bind_text(&q, self ? NULL : s->optin_ref);
	bind_text(&q, self ? NULL : actor->name);
	bind_text(&q, languages);
	bind_text(&q, where);
	bind_int(&q, s->remote != 0);
	bind_int(&q, avail);
	bind_int(&q, s->capacity ? s->capacity : 1);
	bind_text(&q, now);
	if ((err = query_exec(&q)) != TDM_OK)
		goto fail;
	id = store_last_id(st);
	for (i = 0; i < ntopics; i++) {
		q = query_start(st, STMT_ENROLMENT_TOPIC_INSERT);
		bind_int(&q, id);
		bind_int(&q, topics[i].topic);
		bind_int(&q, topics[i].level);
		bind_int(&q, mentee ? topics[i].interest : 0);
		if ((err = query_exec(&q)) != TDM_OK)
			goto fail;
	}
	if ((err = audit_append(st, actor, again ? "enrolment.again" :
	    "enrolment.create", "programme",
	    p.name, "%s as %s, charter version %d, opt-in %s%s%s",
	    s->employee, s->role, p.charter_version, self ? "self" :
	    "recorded", self ? "" : ": ", self ? "" : s->optin_ref)) !=
	    TDM_OK || (err = outbox_enrolled(st, id)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	return err;
}

enum tdm_err
tdm_enrol_change(struct tdm_store *st, const struct tdm_actor *actor,
    const struct tdm_enrol_change *c, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct choice		 topics[32];
	struct query		 q;
	struct tdm_buf		 what = TDM_BUF_INIT;
	int64_t			 person, id = 0;
	int			 mentee = 0, partner = 0, withdrawn = 0;
	int			 ntopics = 0, avail = -1, i, bad = 0;
	enum tdm_err		 err;

	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = programme_find(st, c->programme, &p, d)) != TDM_OK ||
	    (err = employee_find(st, c->employee, 0, &person, d)) != TDM_OK ||
	    (err = authorize_self(actor, person, OP_ENROL_RECORD, d)) !=
	    TDM_OK)
		goto fail;
	q = query_start(st, STMT_TANDEM_ENROLMENT);
	bind_int(&q, p.id);
	bind_int(&q, person);
	if (query_row(&q)) {
		id = col_int(&q);
		mentee = strcmp(col_text(&q), "mentee") == 0;
		col_skip(&q);	/* languages */
		col_skip(&q);	/* remote */
		col_skip(&q);	/* availability */
		col_skip(&q);	/* capacity */
		withdrawn = col_textz(&q) != NULL;
		partner = (int)col_int(&q);
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto fail;
	if (id == 0 || withdrawn) {
		tdm_diag_add(d, NULL, 0, 0, "%s is not enrolled in \"%s\"%s",
		    c->employee, p.name, withdrawn ? " any more: volunteer "
		    "again instead" : "");
		err = id == 0 ? TDM_ENOENT : TDM_ESTATE;
		goto fail;
	}
	if (!may_enrol(p.state)) {
		tdm_diag_add(d, NULL, 0, 0, "programme \"%s\" is %s: its "
		    "enrolments cannot change", p.name, p.state);
		err = TDM_ESTATE;
		goto fail;
	}
	if (c->topics == NULL && c->languages == NULL && c->site == NULL &&
	    c->remote < 0 && c->availability == NULL && c->capacity == 0) {
		tdm_diag_add(d, NULL, 0, 0, "nothing to change: give the "
		    "topics, languages, site, remote, availability or "
		    "capacity");
		err = TDM_EINVAL;
		goto fail;
	}
	/* A partner chose them as they were: only the week may change. */
	if (partner && (c->topics != NULL || c->languages != NULL ||
	    c->site != NULL || c->remote >= 0 || c->capacity != 0)) {
		tdm_diag_add(d, NULL, 0, 0, "%s has a partner in \"%s\": only "
		    "the availability can change now", c->employee, p.name);
		err = TDM_ESTATE;
		goto fail;
	}
	/* Every problem of the change is reported at once: TDM_EINVAL. */
	if (c->topics != NULL) {
		err = parse_topics(st, p.id, c->topics, mentee, topics,
		    (int)(sizeof(topics) / sizeof(topics[0])), &ntopics, d);
		if (err != TDM_OK && err != TDM_EINVAL)
			goto fail;
		bad |= err != TDM_OK;
	}
	if (c->availability != NULL &&
	    (avail = parse_availability(c->availability, d)) == -1)
		bad = 1;
	if (c->languages != NULL && check_languages(c->languages, d))
		bad = 1;
	if (c->site != NULL && *c->site == '\0') {
		tdm_diag_add(d, "site", 0, 0, "empty");
		bad = 1;
	}
	if (c->capacity != 0 && mentee) {
		tdm_diag_add(d, "capacity", 0, 0, "only mentors have a "
		    "capacity");
		bad = 1;
	} else if (c->capacity < 0 || c->capacity > 50) {
		tdm_diag_add(d, "capacity", 0, 0, "%d is not between 1 and 50",
		    c->capacity);
		bad = 1;
	}
	if (bad) {
		err = TDM_EINVAL;
		goto fail;
	}
	q = query_start(st, STMT_TANDEM_ENROLMENT_EDIT);
	bind_text(&q, c->languages);
	bind_text(&q, c->site);
	if (c->remote >= 0)
		bind_int(&q, c->remote != 0);
	else
		bind_null(&q);
	if (avail >= 0)
		bind_int(&q, avail);
	else
		bind_null(&q);
	if (c->capacity)
		bind_int(&q, c->capacity);
	else
		bind_null(&q);
	bind_int(&q, id);
	if ((err = query_exec(&q)) != TDM_OK)
		goto fail;
	if (c->topics != NULL) {
		q = query_start(st, STMT_TANDEM_TOPICS_CLEAR);
		bind_int(&q, id);
		if ((err = query_exec(&q)) != TDM_OK)
			goto fail;
		for (i = 0; i < ntopics; i++) {
			q = query_start(st, STMT_ENROLMENT_TOPIC_INSERT);
			bind_int(&q, id);
			bind_int(&q, topics[i].topic);
			bind_int(&q, topics[i].level);
			bind_int(&q, mentee ? topics[i].interest : 0);
			if ((err = query_exec(&q)) != TDM_OK)
				goto fail;
		}
	}
	/* The fields changed, by name: no value, which may be personal. */
	tdm_buf_addf(&what, "%s%s%s%s%s%s", c->topics ? " topics" : "",
	    c->languages ? " languages" : "", c->site ? " site" : "",
	    c->remote >= 0 ? " remote" : "", c->availability ?
	    " availability" : "", c->capacity ? " capacity" : "");
	if (what.failed) {
		err = TDM_ENOMEM;
		goto fail;
	}
	if ((err = audit_append(st, actor, "enrolment.change", "programme",
	    p.name, "%s:%s", c->employee, what.buf)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto fail;
	tdm_buf_release(&what);
	return TDM_OK;
fail:
	tdm_buf_release(&what);
	store_rollback(st);
	return err;
}

enum tdm_err
tdm_withdraw(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *matricule, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct query		 q;
	char			 now[TIMESTAMP_SIZE];
	int64_t			 person, id = 0;
	char			 role[16] = "";
	int			 withdrawn = 0;
	enum tdm_err		 err;

	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = programme_find(st, ref, &p, d)) != TDM_OK)
		goto fail;
	unnamed_draft(actor, &p, ref);
	if ((err = employee_find(st, matricule, 0, &person, d)) != TDM_OK)
		goto fail;
	if ((err = authorize_self_in(actor, person, OP_WITHDRAW_OTHER, p.id,
	    d)) != TDM_OK)
		goto fail;
	q = query_start(st, STMT_ENROLMENT_FIND);
	bind_int(&q, p.id);
	bind_int(&q, person);
	if (query_row(&q)) {
		id = col_int(&q);
		snprintf(role, sizeof(role), "%s", col_text(&q));
		col_skip(&q);	/* enrolled_at */
		withdrawn = col_textz(&q) != NULL;
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto fail;
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
	q = query_start(st, STMT_ENROLMENT_WITHDRAW);
	bind_text(&q, now);
	bind_int(&q, id);
	/*
	 * Their future sessions are cancelled: calendars learn only that,
	 * and, with no side recorded, each partner learns only that the
	 * tandem ended ("annulée (fin du tandem)"), not who left.  The
	 * partner waits for another (tdm_pair_waiting_each()).
	 */
	if ((err = query_exec(&q)) != TDM_OK ||
	    (err = session_cancel_future(st, p.id, id, NULL, NULL)) != TDM_OK ||
	    (err = audit_append(st, actor, "enrolment.withdraw", "programme",
	    p.name, "%s", matricule)) != TDM_OK ||
	    (err = outbox_sessions(st)) != TDM_OK ||
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

/*
 * The enrolments the actor may read (TDM_VIEW_ENROLMENTS): all of them,
 * or, for a participant, their own (SCOPE_OWN), chosen by the store.
 */
/* A row of STMT_ENROLMENT_LIST (and of the page's, before its id). */
static void
enrolment_from(struct query *q, struct tdm_enrolment *e, char *avail,
    size_t size)
{
	e->matricule = col_text(q);
	e->first_name = col_text(q);
	e->last_name = col_text(q);
	e->generation = col_text(q);
	e->role = col_text(q);
	e->topics = col_text(q);
	e->languages = col_text(q);
	e->site = col_text(q);
	e->remote = (int)col_int(q);
	availability_text((int)col_int(q), avail, size);
	e->availability = avail;
	e->capacity = (int)col_int(q);
	e->charter_version = (int)col_int(q);
	e->optin = col_text(q);
	e->optin_ref = col_text(q);
	e->enrolled_at = col_text(q);
	e->withdrawn_at = col_text(q);
}

enum tdm_err
tdm_enrolment_each(struct tdm_store *st, const struct tdm_actor *a,
    const char *ref, unsigned flags,
    int (*fn)(void *, const struct tdm_enrolment *), void *arg,
    struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct tdm_enrolment	 e;
	struct query		 q;
	char			 avail[128];
	enum scope		 scope;
	enum tdm_err		 err;

	if ((err = view_open(st, a, ref, TDM_VIEW_ENROLMENTS, &p, &scope,
	    d)) != TDM_OK)
		return err;
	q = query_start(st, STMT_ENROLMENT_LIST);
	bind_int(&q, p.id);
	bind_int(&q, (flags & TDM_LIST_WITHDRAWN) != 0);
	if (scope == SCOPE_OWN)
		bind_int(&q, a->employee_id);
	else
		bind_null(&q);
	while (query_row(&q)) {
		enrolment_from(&q, &e, avail, sizeof(avail));
		if (fn(arg, &e) != 0)
			break;
	}
	return query_end(&q);
}

/*
 * One page of tdm_enrolment_each()'s rows,
 * filtered and cut by the statement.
 */
enum tdm_err
tdm_enrolment_page(struct tdm_store *st, const struct tdm_actor *a,
    const char *ref, unsigned flags, struct tdm_page *pg, const char *role,
    const char *site, const char *generation, const char *qs,
    int (*fn)(void *, const struct tdm_enrolment *), void *arg,
    struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct tdm_enrolment	 e;
	struct query		 q;
	char			 avail[128], like[512];
	enum scope		 scope;
	enum tdm_err		 err;
	int64_t			 after, id;
	size_t			 n = 0;
	int			 more = 0;

	if ((err = view_open(st, a, ref, TDM_VIEW_ENROLMENTS, &p, &scope,
	    d)) != TDM_OK)
		return err;
	if (list_cursor(pg, &after, d) != 0)
		return TDM_EINVAL;
	list_like(qs, like, sizeof(like));
	q = query_start(st, STMT_ENROLMENT_PAGE);
	bind_int(&q, p.id);
	bind_int(&q, (flags & TDM_LIST_WITHDRAWN) != 0);
	if (scope == SCOPE_OWN)
		bind_int(&q, a->employee_id);
	else
		bind_null(&q);
	bind_text(&q, role != NULL ? role : "");
	bind_text(&q, site != NULL ? site : "");
	bind_text(&q, generation != NULL ? generation : "");
	bind_text(&q, qs != NULL ? qs : "");
	bind_text(&q, like);
	bind_int(&q, after);
	bind_int(&q, (int64_t)pg->limit + 1);
	while (query_row(&q)) {
		enrolment_from(&q, &e, avail, sizeof(avail));
		id = col_int(&q);
		if (!list_row(pg, &n, id)) {
			more = 1;
			break;
		}
		if (fn(arg, &e) != 0)
			break;
	}
	list_end(pg, more);
	return query_end(&q);
}
