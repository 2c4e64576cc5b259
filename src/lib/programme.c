/*
 * Programmes: creation, editing, the lifecycle, the charter, topics and
 * coaches.
 *
 * Every write here runs in one transaction that also appends its audit
 * entry, after authorize() has checked the actor's role.  What this file
 * does not do: enrol people (enrol.c) or match them (the matcher).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/programme.h"
#include "tandem/strbuf.h"
#include "date.h"
#include "internal.h"
#include "outbox.h"
#include "lifecycle.h"


static const char *const levels[5][2] = {
	{ "aucune notion", "none" },
	{ "débutant", "beginner" },
	{ "intermédiaire", "intermediate" },
	{ "avancé", "advanced" },
	{ "expert", "expert" },
};

static const char *const formats[] = { "one-to-one", "group", "mixed" };
static const char *const formats_fr[] = { "en binôme", "en groupe",
    "en binôme ou en groupe" };
static const char *const directions[] = { "generation", "seniority",
    "none" };

#define NAME_MAX_CHARS 120
#define TEXT_MAX_CHARS 4000

void
tdm_programme_spec_init(struct tdm_programme_spec *s)
{
	memset(s, 0, sizeof(*s));
	s->session_count = s->session_minutes = TDM_UNSET;
	s->cadence_days = s->group_seats = TDM_UNSET;
	s->chain_depth = TDM_UNSET;
	s->risk_days = TDM_UNSET;
	s->retention_days = s->comments_days = TDM_UNSET;
	s->agreement = TDM_UNSET;
	s->answer_days = TDM_UNSET;
}

const char *
tdm_level_label(int level, const char *lang)
{
	if (level < 0 || level > 4)
		return "?";
	return levels[level][lang != NULL && strcmp(lang, "en") == 0];
}

static int
one_of(const char *s, const char *const *list, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strcmp(s, list[i]) == 0)
			return (int)i;
	return -1;
}

static size_t
chars(const char *s)
{
	size_t	 n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* Check a free text: length, and no control character but line breaks. */
static int
check_text(const char *field, const char *s, size_t max, int multiline,
    struct tdm_diags *d)
{
	const char	*p;

	if (chars(s) > max) {
		tdm_diag_add(d, field, 0, 0, "longer than %zu characters", max);
		return -1;
	}
	for (p = s; *p; p++)
		if (((unsigned char)*p < 0x20 && !(multiline &&
		    (*p == '\n' || *p == '\t'))) || *p == 0x7F) {
			tdm_diag_add(d, field, 0, 0, "contains a control "
			    "character");
			return -1;
		}
	return 0;
}

static int
check_date(const char *field, const char *s, struct tdm_diags *d)
{
	int	 y, m, dd;

	if (date_parse(s, &y, &m, &dd) == -1 || y < 2000) {
		tdm_diag_add(d, field, 0, 0, "\"%s\" is not a date "
		    "yyyy-mm-dd", s);
		return -1;
	}
	return 0;
}

static int
check_range(const char *field, int v, int lo, int hi, struct tdm_diags *d)
{
	if (v >= lo && v <= hi)
		return 0;
	tdm_diag_add(d, field, 0, 0, "%d is not between %d and %d", v, lo, hi);
	return -1;
}

/* The current fields of a programme, owned copies. */
struct fields {
	char	*name, *purpose, *format, *direction, *start_date, *end_date;
	char	*commitments, *confidentiality, *data_notice;
	int	 session_count, session_minutes, cadence_days, group_seats;
	int64_t	 coach_id;
};

static void
fields_free(struct fields *f)
{
	free(f->name);
	free(f->purpose);
	free(f->format);
	free(f->direction);
	free(f->start_date);
	free(f->end_date);
	free(f->commitments);
	free(f->confidentiality);
	free(f->data_notice);
	memset(f, 0, sizeof(*f));
}

/* Replace *dst by a copy of src if src is not NULL; -1 on ENOMEM. */
static int
take(char **dst, const char *src)
{
	char	*s;

	if (src == NULL)
		return 0;
	if ((s = strdup(src)) == NULL)
		return -1;
	free(*dst);
	*dst = s;
	return 0;
}

/*
 * Apply a spec to fields and check the result.  Problems go to d; the
 * return is TDM_OK, TDM_EINVAL or TDM_ENOMEM.
 */
static enum tdm_err	 set_topics(struct tdm_store *, int64_t, const char *,
			    int, struct tdm_diags *);
static enum tdm_err	 set_matching(struct tdm_store *, int64_t,
			    const struct tdm_programme_spec *,
			    struct tdm_diags *);

static enum tdm_err
apply(struct tdm_store *st, int64_t id, struct fields *f,
    const struct tdm_programme_spec *s, struct tdm_diags *d)
{
	struct query	 q;
	size_t		 before = tdm_diag_count(d);
	int		 bad;
	enum tdm_err	 err;

	if (take(&f->name, s->name) || take(&f->purpose, s->purpose) ||
	    take(&f->format, s->format) || take(&f->direction, s->direction) ||
	    take(&f->start_date, s->start_date) ||
	    take(&f->end_date, s->end_date) ||
	    take(&f->commitments, s->commitments) ||
	    take(&f->confidentiality, s->confidentiality) ||
	    take(&f->data_notice, s->data_notice))
		return TDM_ENOMEM;
	if (s->session_count != TDM_UNSET)
		f->session_count = s->session_count;
	if (s->session_minutes != TDM_UNSET)
		f->session_minutes = s->session_minutes;
	if (s->cadence_days != TDM_UNSET)
		f->cadence_days = s->cadence_days;
	if (s->group_seats != TDM_UNSET)
		f->group_seats = s->group_seats;

	if (f->name == NULL || *f->name == '\0')
		tdm_diag_add(d, "name", 0, 0, "a programme needs a name");
	else if (strspn(f->name, "0123456789") == strlen(f->name))
		tdm_diag_add(d, "name", 0, 0, "\"%s\" reads as a programme "
		    "id: a name needs a letter", f->name);
	else
		check_text("name", f->name, NAME_MAX_CHARS, 0, d);
	/* A topic unknown is a problem of the spec; a failed read is not. */
	if (s->topics != NULL && (err = set_topics(st, id, s->topics, 0, d)) !=
	    TDM_OK && err != TDM_EINVAL)
		return err;
	if (f->purpose == NULL || *f->purpose == '\0')
		tdm_diag_add(d, "purpose", 0, 0, "a programme states its "
		    "purpose");
	else
		check_text("purpose", f->purpose, TEXT_MAX_CHARS, 1, d);
	check_text("commitments", f->commitments, TEXT_MAX_CHARS, 1, d);
	check_text("confidentiality", f->confidentiality, TEXT_MAX_CHARS, 1,
	    d);
	check_text("data_notice", f->data_notice, TEXT_MAX_CHARS, 1, d);
	if (one_of(f->format, formats, 3) == -1)
		tdm_diag_add(d, "format", 0, 0, "\"%s\" is not a format "
		    "(one-to-one, group, mixed)", f->format);
	if (one_of(f->direction, directions, 3) == -1)
		tdm_diag_add(d, "direction", 0, 0, "\"%s\" is not a direction "
		    "rule (generation, seniority, none)", f->direction);
	check_range("sessions", f->session_count, 1, 100, d);
	check_range("minutes", f->session_minutes, 15, 480, d);
	check_range("cadence", f->cadence_days, 1, 365, d);
	check_range("seats", f->group_seats, 2, 50, d);
	bad = *f->start_date && check_date("start", f->start_date, d);
	bad |= *f->end_date && check_date("end", f->end_date, d);
	if (!bad && *f->start_date && *f->end_date &&
	    strcmp(f->end_date, f->start_date) < 0)
		tdm_diag_add(d, "end", 0, 0, "the programme ends (%s) before "
		    "it starts (%s)", f->end_date, f->start_date);
	if (s->coach != NULL && strcmp(s->coach, "-") == 0)
		f->coach_id = 0;
	else if (s->coach != NULL) {
		q = query_start(st, STMT_COACH_BY_EMAIL);
		bind_text(&q, s->coach);
		f->coach_id = query_row(&q) ? col_int(&q) : 0;
		if ((err = query_end(&q)) != TDM_OK)
			return err;
		if (f->coach_id == 0)
			tdm_diag_add(d, "coach", 0, 0, "no coach with the "
			    "address \"%s\" (add one with \"tandem coach "
			    "add\")", s->coach);
	}
	return tdm_diag_count(d) == before ? TDM_OK : TDM_EINVAL;
}

/* Bind fields in the order of the INSERT and UPDATE statements. */
static void
bind_fields(struct query *q, const struct fields *f)
{
	bind_text(q, f->name);
	bind_text(q, f->purpose);
	bind_text(q, f->format);
	bind_int(q, f->session_count);
	bind_int(q, f->session_minutes);
	bind_int(q, f->cadence_days);
	bind_text(q, *f->start_date ? f->start_date : NULL);
	bind_text(q, *f->end_date ? f->end_date : NULL);
	bind_int(q, f->group_seats);
	bind_text(q, f->direction);
	bind_text(q, f->commitments);
	bind_text(q, f->confidentiality);
	bind_text(q, f->data_notice);
	if (f->coach_id)
		bind_int(q, f->coach_id);
	else
		bind_null(q);
}

/*
 * Choose the programme's topics: a comma-separated list of codes from the
 * catalogue or the programme's own, replacing the previous choice.
 */
static enum tdm_err
set_topics(struct tdm_store *st, int64_t id, const char *list, int write,
    struct tdm_diags *d)
{
	struct query	 q;
	char		 code[64];
	const char	*p, *end;
	size_t		 len, before = tdm_diag_count(d);
	int64_t		 tid, owner;
	enum tdm_err	 err;

	if (write) {
		q = query_start(st, STMT_PROGRAMME_TOPIC_CLEAR);
		bind_int(&q, id);
		if ((err = query_exec(&q)) != TDM_OK)
			return err;
	}
	for (p = list; *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ",");
		while (p < end && *p == ' ')
			p++;
		len = (size_t)(end - p);
		while (len > 0 && p[len - 1] == ' ')
			len--;
		if (len == 0)
			continue;
		if (len >= sizeof(code))
			len = sizeof(code) - 1;
		memcpy(code, p, len);
		code[len] = '\0';
		q = query_start(st, STMT_TOPIC_BY_CODE);
		bind_text(&q, code);
		tid = owner = 0;
		if (query_row(&q)) {
			tid = col_int(&q);
			owner = col_int(&q);
		}
		if ((err = query_end(&q)) != TDM_OK)
			return err;
		if (tid == 0 || (owner != 0 && owner != id)) {
			tdm_diag_add(d, "topics", 0, 0, "no topic \"%s\" "
			    "(see \"tandem topic list\")", code);
			continue;
		}
		if (!write)
			continue;
		q = query_start(st, STMT_PROGRAMME_TOPIC_ADD);
		bind_int(&q, id);
		bind_int(&q, tid);
		if ((err = query_exec(&q)) != TDM_OK)
			return err;
	}
	return tdm_diag_count(d) == before ? TDM_OK : TDM_EINVAL;
}

static enum tdm_err
record_event(struct tdm_store *st, const struct tdm_actor *actor,
    int64_t id, enum state from, enum state to, const char *note)
{
	struct query	 q = query_start(st, STMT_PROGRAMME_EVENT);
	char		 now[TIMESTAMP_SIZE];

	store_timestamp(st, now);
	bind_int(&q, id);
	bind_text(&q, states[from]);
	bind_text(&q, states[to]);
	bind_text(&q, actor->name);
	bind_text(&q, now);
	bind_text(&q, note != NULL ? note : "");
	return query_exec(&q);
}

enum tdm_err
tdm_programme_create(struct tdm_store *st, const struct tdm_actor *actor,
    const struct tdm_programme_spec *spec, int64_t *idp,
    struct tdm_diags *d)
{
	struct fields	 f;
	struct query	 q;
	char		 now[TIMESTAMP_SIZE];
	int64_t		 id;
	enum tdm_err	 err;
	struct programme_ref	 other;
	struct tdm_diags quiet = TDM_DIAGS_INIT;
	struct tdm_programme_spec dflt;

	if ((err = authorize(actor, OP_PROGRAMME_CREATE, d)) != TDM_OK)
		return err;
	/*
	 * The chain rule keeps a person from the direct manager and the
	 * manager's manager unless the spec says otherwise: at any depth,
	 * the chief executive, at the top of every chain, could never be
	 * paired (the column's default, 0, stays for older programmes).
	 */
	if (spec->chain_depth == TDM_UNSET) {
		dflt = *spec;
		dflt.chain_depth = TDM_CHAIN_DEPTH_DEFAULT;
		spec = &dflt;
	}
	memset(&f, 0, sizeof(f));
	f.session_count = 6;
	f.session_minutes = 60;
	f.cadence_days = 14;
	f.group_seats = 6;
	if (take(&f.format, "one-to-one") || take(&f.direction, "generation") ||
	    take(&f.start_date, "") || take(&f.end_date, "") ||
	    take(&f.commitments, "") || take(&f.confidentiality, "") ||
	    take(&f.data_notice, "")) {
		fields_free(&f);
		return TDM_ENOMEM;
	}
	if ((err = store_begin(st)) != TDM_OK) {
		fields_free(&f);
		return err;
	}
	if ((err = apply(st, 0, &f, spec, d)) != TDM_OK)
		goto fail;
	if (programme_find(st, f.name, &other, &quiet) == TDM_OK) {
		tdm_diag_add(d, "name", 0, 0, "a programme named \"%s\" "
		    "exists already", f.name);
		err = TDM_EEXIST;
		goto fail;
	}
	store_timestamp(st, now);
	q = query_start(st, STMT_PROGRAMME_INSERT);
	bind_fields(&q, &f);
	bind_text(&q, actor->name);
	bind_text(&q, now);
	if ((err = query_exec(&q)) != TDM_OK)
		goto fail;
	id = store_last_id(st);
	if ((spec->topics != NULL &&
	    (err = set_topics(st, id, spec->topics, 1, d)) != TDM_OK) ||
	    (err = set_matching(st, id, spec, d)) != TDM_OK)
		goto fail;
	if ((err = audit_append(st, actor, "programme.create", "programme",
	    f.name, "%s", "draft")) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto fail;
	if (idp != NULL)
		*idp = id;
	tdm_diags_free(&quiet);
	fields_free(&f);
	return TDM_OK;
fail:
	store_rollback(st);
	tdm_diags_free(&quiet);
	fields_free(&f);
	return err;
}

/*
 * A row of STMT_PROGRAMME_LIST, read whole: every reader of the
 * statement reads it here.
 */
static void
programme_from(struct query *q, struct tdm_programme *p)
{
	int	 i;

	p->id = col_int(q);
	p->name = col_text(q);
	p->state = col_text(q);
	p->purpose = col_text(q);
	p->format = col_text(q);
	p->direction = col_text(q);
	p->topics = col_text(q);
	p->coach = col_text(q);
	p->start_date = col_text(q);
	p->end_date = col_text(q);
	p->commitments = col_text(q);
	p->confidentiality = col_text(q);
	p->data_notice = col_text(q);
	p->session_count = (int)col_int(q);
	p->session_minutes = (int)col_int(q);
	p->cadence_days = (int)col_int(q);
	p->group_seats = (int)col_int(q);
	p->charter_version = (int)col_int(q);
	p->mentors = (int)col_int(q);
	p->mentees = (int)col_int(q);
	p->created_by = col_text(q);
	p->created_at = col_text(q);
	p->coach_id = col_int(q);
	for (i = 0; i < 6; i++)
		p->weights[i] = (int)col_int(q);
	p->chain_depth = (int)col_int(q);
	p->session_time = col_text(q);
	p->risk_days = (int)col_int(q);
	p->retention_days = (int)col_int(q);
	p->comments_days = (int)col_int(q);
	p->agreement = (int)col_int(q);
	p->answer_days = (int)col_int(q);
}

/*
 * Start reading programme id, found by the caller in its transaction:
 * 1 with its row in *p, valid until query_end(), or 0 when the read
 * failed or found nothing, which query_end() tells apart.
 */
static int
programme_row(struct tdm_store *st, int64_t id, struct query *q,
    struct tdm_programme *p)
{
	*q = query_start(st, STMT_PROGRAMME_LIST);
	bind_int(q, id);
	if (!query_row(q))
		return 0;
	programme_from(q, p);
	return 1;
}

/*
 * End the read of programme_row(): a failure as itself, and a programme
 * the caller found that has gone as TDM_EDB (it cannot, inside the
 * caller's transaction).
 */
static enum tdm_err
programme_end(struct query *q, int found)
{
	enum tdm_err	 err;

	if ((err = query_end(q)) != TDM_OK)
		return err;
	return found ? TDM_OK : TDM_EDB;
}

/* Load a programme's current fields. */
static enum tdm_err
load_fields(struct tdm_store *st, int64_t id, struct fields *f)
{
	struct tdm_programme	 p;
	struct query		 q;
	enum tdm_err		 err;
	int			 found, nomem = 0;

	memset(f, 0, sizeof(*f));
	if ((found = programme_row(st, id, &q, &p))) {
		nomem = take(&f->name, p.name) ||
		    take(&f->purpose, p.purpose) ||
		    take(&f->format, p.format) ||
		    take(&f->direction, p.direction) ||
		    take(&f->start_date, p.start_date) ||
		    take(&f->end_date, p.end_date) ||
		    take(&f->commitments, p.commitments) ||
		    take(&f->confidentiality, p.confidentiality) ||
		    take(&f->data_notice, p.data_notice);
		f->session_count = p.session_count;
		f->session_minutes = p.session_minutes;
		f->cadence_days = p.cadence_days;
		f->group_seats = p.group_seats;
		f->coach_id = p.coach_id;
	}
	if ((err = programme_end(&q, found)) == TDM_OK && nomem)
		err = TDM_ENOMEM;
	if (err != TDM_OK)
		fields_free(f);
	return err;
}

/* yyyy-mm-dd as a French reader writes it, dd/mm/yyyy. */
static void
french_date(struct tdm_buf *out, const char *iso)
{
	if (strlen(iso) == 10)
		tdm_buf_addf(out, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
	else
		tdm_buf_adds(out, "?");
}

/*
 * The programme's topics by their French labels.  The statement of the
 * caller is still active: this one is another, so both can step.
 */
static enum tdm_err
topic_labels(struct tdm_store *st, int64_t id, struct tdm_buf *out)
{
	struct query	 q = query_start(st, STMT_PROGRAMME_TOPIC_LABELS);
	int		 n = 0;

	tdm_buf_adds(out, "Thèmes\u00a0:");
	bind_int(&q, id);
	while (query_row(&q)) {
		tdm_buf_addf(out, "\n  - %s", col_text(&q));
		n++;
	}
	tdm_buf_adds(out, n ? "\n" : " (aucun)\n");
	return query_end(&q);
}

/* Write the charter of programme p as its participants read it. */
static enum tdm_err
charter_of(struct tdm_store *st, const struct tdm_programme *p,
    int version, struct tdm_buf *out)
{
	enum tdm_err	 err;
	int		 fmt;

	/* French first, with its typography: a no-break space before ':'. */
	tdm_buf_addf(out, "Charte du programme « %s »", p->name);
	if (version)
		tdm_buf_addf(out, " — version %d", version);
	else
		tdm_buf_adds(out, " — projet non publié");
	tdm_buf_addf(out, "\n\nFinalité\u00a0: %s\n", p->purpose);
	fmt = one_of(p->format, formats, 3);
	tdm_buf_addf(out, "Format\u00a0: %s", fmt >= 0 ? formats_fr[fmt] :
	    p->format);
	if (fmt > 0)
		tdm_buf_addf(out, " (groupes de %d places au plus)",
		    p->group_seats);
	tdm_buf_addf(out, "\nSéances\u00a0: %d séances de %d minutes, "
	    "une tous les %d jours\n", p->session_count, p->session_minutes,
	    p->cadence_days);
	if (*p->start_date) {
		tdm_buf_adds(out, "Période\u00a0: du ");
		french_date(out, p->start_date);
		tdm_buf_adds(out, " au ");
		french_date(out, p->end_date);
		tdm_buf_addch(out, '\n');
	}
	if ((err = topic_labels(st, p->id, out)) != TDM_OK)
		return err;
	if (*p->coach)
		tdm_buf_addf(out, "Coach externe\u00a0: %s\n", p->coach);
	if (*p->commitments)
		tdm_buf_addf(out, "\nEngagements\u00a0:\n%s\n",
		    p->commitments);
	if (*p->confidentiality)
		tdm_buf_addf(out, "\nConfidentialité\u00a0:\n%s\n",
		    p->confidentiality);
	if (*p->data_notice)
		tdm_buf_addf(out, "\nDonnées personnelles\u00a0:\n%s\n",
		    p->data_notice);
	tdm_buf_adds(out,
	    "\nParticipation volontaire\u00a0: chacun s'inscrit "
	    "de son plein gré et peut se retirer à tout moment, sans avoir à "
	    "se justifier. Aucun responsable hiérarchique n'est informé de "
	    "la participation ni du retrait.\n");
	return out->failed ? TDM_ENOMEM : TDM_OK;
}

/* Render the charter of programme id as its participants read it. */
static enum tdm_err
render_charter(struct tdm_store *st, int64_t id, int version,
    struct tdm_buf *out)
{
	struct tdm_programme	 p;
	struct query		 q;
	enum tdm_err		 err = TDM_OK, end;
	int			 found;

	if ((found = programme_row(st, id, &q, &p)))
		err = charter_of(st, &p, version, out);
	if ((end = programme_end(&q, found)) != TDM_OK)
		return end;
	return err;
}

/* A charter's text after its title line, which names the version. */
static const char *
body(const char *text)
{
	const char	*nl = strchr(text, '\n');

	return nl != NULL ? nl : "";
}

/*
 * Publish the programme's current charter as the next version, unless it
 * reads the same as the current one.
 */
static enum tdm_err
publish(struct tdm_store *st, const struct tdm_actor *actor,
    const struct programme_ref *p, struct tdm_diags *d)
{
	struct tdm_buf	 text = TDM_BUF_INIT;
	struct query	 q;
	char		 now[TIMESTAMP_SIZE];
	int		 version = p->charter_version + 1, same = 0;
	enum tdm_err	 err;

	if ((err = render_charter(st, p->id, version, &text)) != TDM_OK)
		goto out;
	/* An edit that changes nothing a participant reads is no version. */
	if (p->charter_version > 0) {
		q = query_start(st, STMT_CHARTER_GET);
		bind_int(&q, p->id);
		bind_int(&q, p->charter_version);
		if (query_row(&q)) {
			col_skip(&q);
			same = strcmp(body(col_text(&q)), body(text.buf)) == 0;
		}
		if ((err = query_end(&q)) != TDM_OK || same)
			goto out;
	}
	store_timestamp(st, now);
	q = query_start(st, STMT_CHARTER_INSERT);
	bind_int(&q, p->id);
	bind_int(&q, version);
	bind_text(&q, text.buf);
	bind_text(&q, now);
	bind_text(&q, actor->name);
	if ((err = query_exec(&q)) != TDM_OK)
		goto out;
	q = query_start(st, STMT_PROGRAMME_PUBLISH);
	bind_int(&q, version);
	bind_int(&q, p->id);
	if ((err = query_exec(&q)) != TDM_OK)
		goto out;
	err = audit_append(st, actor, "charter.publish", "programme", p->name,
	    "version %d", version);
out:
	(void)d;
	tdm_buf_release(&text);
	return err;
}

enum tdm_err
tdm_programme_edit(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const struct tdm_programme_spec *spec,
    struct tdm_diags *d)
{
	struct fields	 f;
	struct programme_ref	 p, other;
	struct tdm_diags quiet = TDM_DIAGS_INIT;
	struct query	 q;
	enum tdm_err	 err;

	memset(&f, 0, sizeof(f));
	if ((err = authorize(actor, OP_PROGRAMME_EDIT, d)) != TDM_OK)
		return err;
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = programme_find(st, ref, &p, d)) != TDM_OK ||
	    (err = authorize_in(actor, OP_PROGRAMME_EDIT, p.id, d)) != TDM_OK)
		goto fail;
	switch (p.stateno) {
	case ST_SUBMITTED:
	case ST_APPROVED:
		tdm_diag_add(d, NULL, 0, 0, "programme \"%s\" is %s: its "
		    "charter cannot change until a sponsor returns it to "
		    "draft", p.name, states[p.stateno]);
		err = TDM_ESTATE;
		goto fail;
	case ST_CLOSED:
		tdm_diag_add(d, NULL, 0, 0, "programme \"%s\" is closed",
		    p.name);
		err = TDM_ESTATE;
		goto fail;
	default:
		break;
	}
	if ((err = load_fields(st, p.id, &f)) != TDM_OK)
		goto fail;
	if ((err = apply(st, p.id, &f, spec, d)) != TDM_OK)
		goto fail;
	if (strcmp(f.name, p.name) != 0 &&
	    programme_find(st, f.name, &other, &quiet) == TDM_OK) {
		tdm_diag_add(d, "name", 0, 0, "a programme named \"%s\" "
		    "exists already", f.name);
		err = TDM_EEXIST;
		goto fail;
	}
	q = query_start(st, STMT_PROGRAMME_UPDATE);
	bind_fields(&q, &f);
	bind_int(&q, p.id);
	if ((err = query_exec(&q)) != TDM_OK)
		goto fail;
	if ((spec->topics != NULL &&
	    (err = set_topics(st, p.id, spec->topics, 1, d)) != TDM_OK) ||
	    (err = set_matching(st, p.id, spec, d)) != TDM_OK)
		goto fail;
	if ((err = audit_append(st, actor, "programme.edit", "programme",
	    f.name, "%s", states[p.stateno])) != TDM_OK)
		goto fail;
	snprintf(p.name, sizeof(p.name), "%s", f.name);
	/* Once published, every change is a new version of the charter. */
	if (p.stateno >= ST_OPEN && (err = publish(st, actor, &p, d)) != TDM_OK)
		goto fail;
	if ((err = store_commit(st)) != TDM_OK)
		goto fail;
	tdm_diags_free(&quiet);
	fields_free(&f);
	return TDM_OK;
fail:
	store_rollback(st);
	tdm_diags_free(&quiet);
	fields_free(&f);
	return err;
}

/* The matcher's weights by name, in the order of the columns. */
static const struct {
	const char	*name;
	int		 lo, hi;
} weightnames[6] = {
	{ "topic", 0, 1000 }, { "availability", 0, 1000 },
	{ "site", 0, 1000 }, { "department", 0, 1000 },
	{ "inversion", 0, 1000 }, { "cap", 1, 4 },
};

/* Parse "name=N,..." into w (which holds the current values). */
static int
parse_weights(const char *s, int w[6], struct tdm_diags *d)
{
	const char	*p, *end, *eq;
	char		*q;
	size_t		 i, len;
	long		 v;

	for (p = s; *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ",");
		if (end == p)
			continue;
		eq = memchr(p, '=', (size_t)(end - p));
		len = (size_t)((eq != NULL ? eq : end) - p);
		for (i = 0; i < 6; i++)
			if (strlen(weightnames[i].name) == len &&
			    strncmp(weightnames[i].name, p, len) == 0)
				break;
		if (eq == NULL || i == 6) {
			tdm_diag_add(d, "weights", 0, 0,
			    "\"%.*s\" is not "
			    "NAME=N with NAME one of topic, availability, "
			    "site, "
			    "department, inversion, cap",
			    (int)(end - p), p);
			return -1;
		}
		v = strtol(eq + 1, &q, 10);
		if (q == eq + 1 || q != end || v < weightnames[i].lo ||
		    v > weightnames[i].hi) {
			tdm_diag_add(d, "weights", 0, 0, "%s: \"%.*s\" is not "
			    "between %d and %d", weightnames[i].name,
			    (int)(end - eq - 1), eq + 1, weightnames[i].lo,
			    weightnames[i].hi);
			return -1;
		}
		w[i] = (int)v;
	}
	return 0;
}

/* Apply the follow-up settings of a spec: session time, risk days. */
static enum tdm_err
set_followup(struct tdm_store *st, int64_t id,
    const struct tdm_programme_spec *s, struct tdm_diags *d)
{
	struct query	 q;
	int		 h, m;

	if (s->session_time == NULL && s->risk_days == TDM_UNSET)
		return TDM_OK;
	if (s->session_time != NULL &&
	    time_parse(s->session_time, &h, &m) == -1) {
		tdm_diag_add(d, "session-time", 0, 0, "\"%s\" is not a time "
		    "hh:mm", s->session_time);
		return TDM_EINVAL;
	}
	if (s->risk_days != TDM_UNSET &&
	    check_range("risk-days", s->risk_days, 1, 365, d))
		return TDM_EINVAL;
	/* NULL leaves a setting as it is. */
	q = query_start(st, STMT_PROGRAMME_FOLLOWUP);
	bind_text(&q, s->session_time);
	if (s->risk_days != TDM_UNSET)
		bind_int(&q, s->risk_days);
	else
		bind_null(&q);
	bind_int(&q, id);
	return query_exec(&q);
}

/*
 * Apply the retention delays of a spec: 1 to 3650 days after the close,
 * the private comments' no longer than the rest.
 */
static enum tdm_err
set_retention(struct tdm_store *st, int64_t id,
    const struct tdm_programme_spec *s, struct tdm_diags *d)
{
	struct query	 q;
	enum tdm_err	 err;

	if (s->retention_days == TDM_UNSET && s->comments_days == TDM_UNSET)
		return TDM_OK;
	if ((s->retention_days != TDM_UNSET && check_range("retention-days",
	    s->retention_days, 1, 3650, d)) ||
	    (s->comments_days != TDM_UNSET && check_range("comments-days",
	    s->comments_days, 1, 3650, d)))
		return TDM_EINVAL;
	/* NULL leaves a delay as it is. */
	q = query_start(st, STMT_PROGRAMME_RETENTION);
	if (s->retention_days != TDM_UNSET)
		bind_int(&q, s->retention_days);
	else
		bind_null(&q);
	if (s->comments_days != TDM_UNSET)
		bind_int(&q, s->comments_days);
	else
		bind_null(&q);
	bind_int(&q, id);
	if ((err = query_exec(&q)) != TDM_OK)
		return err;
	if (store_changes(st) == 0) {
		tdm_diag_add(d, "comments-days", 0, 0, "private comments are "
		    "kept no longer than the rest of the programme's data "
		    "(retention-days)");
		return TDM_EINVAL;
	}
	return TDM_OK;
}

/*
 * Whether a member's proposed date waits for the partner's agreement
 * (issue 12): 1 or 0, TDM_UNSET leaving it as it is.
 */
static enum tdm_err
set_agreement(struct tdm_store *st, int64_t id,
    const struct tdm_programme_spec *s, struct tdm_diags *d)
{
	struct query	 q;

	if (s->agreement == TDM_UNSET)
		return TDM_OK;
	if (s->agreement != 0 && s->agreement != 1) {
		tdm_diag_add(d, "agreement", 0, 0, "say yes or no");
		return TDM_EINVAL;
	}
	q = query_start(st, STMT_PROGRAMME_AGREEMENT_SET);
	bind_int(&q, s->agreement);
	bind_int(&q, id);
	return query_exec(&q);
}

/*
 * The days the members of a published pair have to answer it (issue
 * 13), as "tandem mail deadline" sets them; TDM_UNSET leaves them.
 */
static enum tdm_err
set_answer_days(struct tdm_store *st, int64_t id,
    const struct tdm_programme_spec *s, struct tdm_diags *d)
{
	struct query	 q;

	if (s->answer_days == TDM_UNSET)
		return TDM_OK;
	if (s->answer_days < 1 || s->answer_days > 60) {
		tdm_diag_add(d, "answer_days", 0, 0, "between 1 and 60 days to "
		    "answer a proposal, not %d", s->answer_days);
		return TDM_EINVAL;
	}
	q = query_start(st, STMT_MAIL_ANSWER_DAYS_SET);
	bind_int(&q, s->answer_days);
	bind_int(&q, id);
	return query_exec(&q);
}

/* Apply the matcher's settings of a spec to programme id. */
static enum tdm_err
set_matching(struct tdm_store *st, int64_t id,
    const struct tdm_programme_spec *s, struct tdm_diags *d)
{
	struct query	 q;
	int		 w[6], depth = 0, i, found;
	enum tdm_err	 err;

	if ((err = set_followup(st, id, s, d)) != TDM_OK ||
	    (err = set_retention(st, id, s, d)) != TDM_OK ||
	    (err = set_agreement(st, id, s, d)) != TDM_OK ||
	    (err = set_answer_days(st, id, s, d)) != TDM_OK)
		return err;
	if (s->weights == NULL && s->chain_depth == TDM_UNSET)
		return TDM_OK;
	/* The current weights, which a spec may change only some of. */
	q = query_start(st, STMT_MATCH_PROGRAMME);
	bind_int(&q, id);
	if ((found = query_row(&q))) {
		col_skip(&q);	/* direction */
		col_skip(&q);	/* format */
		col_skip(&q);	/* group_seats */
		for (i = 0; i < 6; i++)
			w[i] = (int)col_int(&q);
		depth = (int)col_int(&q);
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	if (!found)
		return TDM_EDB;
	if (s->weights != NULL && parse_weights(s->weights, w, d) == -1)
		return TDM_EINVAL;
	if (s->chain_depth != TDM_UNSET) {
		if (check_range("chain-depth", s->chain_depth, 0, 64, d))
			return TDM_EINVAL;
		depth = s->chain_depth;
	}
	q = query_start(st, STMT_PROGRAMME_MATCHING);
	for (i = 0; i < 6; i++)
		bind_int(&q, w[i]);
	bind_int(&q, depth);
	bind_int(&q, id);
	return query_exec(&q);
}

/*
 * What a programme needs before a sponsor can look at it: TDM_ESTATE
 * with the missing parts in d.
 */
static enum tdm_err
ready_to_submit(struct tdm_store *st, const struct programme_ref *p,
    struct tdm_diags *d)
{
	struct tdm_programme	 row;
	struct query		 q;
	size_t			 before = tdm_diag_count(d);
	enum tdm_err		 err;
	int			 found;

	if ((found = programme_row(st, p->id, &q, &row))) {
		if (*row.topics == '\0')
			tdm_diag_add(d, NULL, 0, 0, "programme \"%s\" has no "
			    "topic yet: choose at least one (--topics)",
			    p->name);
		if (*row.start_date == '\0' || *row.end_date == '\0')
			tdm_diag_add(d, NULL, 0, 0, "programme \"%s\" needs a "
			    "start and an end date (--start, --end)", p->name);
		if (*row.data_notice == '\0')
			tdm_diag_add(d, NULL, 0, 0, "programme \"%s\" needs a "
			    "data notice telling participants what is kept "
			    "about them (--data-notice)", p->name);
	}
	if ((err = programme_end(&q, found)) != TDM_OK)
		return err;
	return tdm_diag_count(d) == before ? TDM_OK : TDM_ESTATE;
}

/* Whether actor submitted the programme last, in *same. */
static enum tdm_err
submitted_by(struct tdm_store *st, int64_t id, const struct tdm_actor *a,
    int *same)
{
	struct query	 q = query_start(st, STMT_PROGRAMME_LAST_SUBMITTER);

	bind_int(&q, id);
	*same = query_row(&q) && strcmp(col_text(&q), a->name) == 0;
	return query_end(&q);
}

/*
 * Move a programme found in the caller's transaction from one of the
 * states of from to state to: the checks of the transition, the record,
 * the audit entry, and the charter's publication on opening.
 */
static enum tdm_err
move(struct tdm_store *st, const struct tdm_actor *actor,
    const struct programme_ref *p, const char *name, unsigned from,
    enum state to, enum op op, const char *note, struct tdm_diags *d)
{
	struct query	 q;
	char		 action[32];
	enum tdm_err	 err;
	enum state	 was;
	int		 same;

	snprintf(action, sizeof(action), "programme.%s", name);
	if (!(from & S(p->stateno))) {
		tdm_diag_add(d, NULL, 0, 0, "cannot %s programme \"%s\": it "
		    "is %s", name, p->name, states[p->stateno]);
		return TDM_ESTATE;
	}
	if (to == ST_SUBMITTED && (err = ready_to_submit(st, p, d)) != TDM_OK)
		return err;
	if (op == OP_PROGRAMME_APPROVE &&
	    (err = submitted_by(st, p->id, actor, &same)) != TDM_OK)
		return err;
	if (op == OP_PROGRAMME_APPROVE && same) {
		tdm_diag_add(d, NULL, 0, 0, "%s submitted programme \"%s\" "
		    "and cannot also approve it: another sponsor must",
		    actor->name, p->name);
		return TDM_EPERM;
	}
	was = (enum state)p->stateno;
	q = query_start(st, STMT_PROGRAMME_STATE);
	bind_text(&q, states[to]);
	bind_int(&q, p->id);
	if ((err = query_exec(&q)) != TDM_OK ||
	    (err = record_event(st, actor, p->id, was, to, note)) != TDM_OK ||
	    (err = audit_append(st, actor, action, "programme", p->name,
	    "%s -> %s%s%s", states[was], states[to], note && *note ? ": " :
	    "", note ? note : "")) != TDM_OK)
		return err;
	if (to == ST_OPEN && p->charter_version == 0)
		return publish(st, actor, p, d);
	/* A closed programme's sessions leave people's calendars. */
	if (to == ST_CLOSED)
		return session_cancel_programme(st, p->id);
	return TDM_OK;
}

static enum tdm_err
change_state(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *name, unsigned from, enum state to,
    enum op op, const char *note, struct tdm_diags *d)
{
	struct programme_ref	 p;
	enum tdm_err		 err;

	if ((err = authorize(actor, op, d)) != TDM_OK)
		return err;
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = programme_find(st, ref, &p, d)) != TDM_OK ||
	    (err = authorize_in(actor, op, p.id, d)) != TDM_OK ||
	    (err = move(st, actor, &p, name, from, to, op, note, d)) !=
	    TDM_OK || (err = outbox_programme(st, p.id, to, note)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK) {
		store_rollback(st);
		return err;
	}
	return TDM_OK;
}

enum tdm_err
programme_mark_matched(struct tdm_store *st, const struct tdm_actor *actor,
    const struct programme_ref *p, struct tdm_diags *d)
{
	return move(st, actor, p, "match", S(ST_OPEN), ST_MATCHED,
	    OP_PROGRAMME_MATCH, NULL, d);
}

enum tdm_err
tdm_programme_transition(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, enum tdm_transition t, const char *note,
    struct tdm_diags *d)
{
	if ((unsigned)t >= TDM_TRANSITION__MAX)
		return TDM_EINVAL;
	if (transitions[t].note && (note == NULL || *note == '\0')) {
		tdm_diag_add(d, "note", 0, 0, "returning a programme needs a "
		    "note saying what to change");
		return TDM_EINVAL;
	}
	if (note != NULL && check_text("note", note, TEXT_MAX_CHARS, 1, d))
		return TDM_EINVAL;
	return change_state(st, actor, ref, transitions[t].name,
	    transitions[t].from, transitions[t].to, transitions[t].op, note,
	    d);
}

enum tdm_err
tdm_programme_matched(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, struct tdm_diags *d)
{
	return change_state(st, actor, ref, "match", S(ST_OPEN), ST_MATCHED,
	    OP_PROGRAMME_MATCH, NULL, d);
}

/*
 * Call fn for programme id, or for every programme when id is 0.  With
 * an actor, the listing keeps the programmes whose design they may read
 * (TDM_VIEW_PROGRAMME), deciding from each row's own facts.
 */
static enum tdm_err
list(struct tdm_store *st, const struct tdm_actor *a, int64_t id,
    int (*fn)(void *, const struct tdm_programme *), void *arg)
{
	struct tdm_programme	 p;
	struct view_facts	 f;
	struct query		 q = query_start(st, STMT_PROGRAMME_LIST);

	if (id)
		bind_int(&q, id);
	else
		bind_null(&q);
	while (query_row(&q)) {
		programme_from(&q, &p);
		if (a != NULL) {
			f.programme = p.name;
			f.published = p.charter_version > 0;
			f.coach = a->coach_id != 0 && p.coach_id == a->coach_id;
			f.id = p.id;
			if (view_scope(a, TDM_VIEW_PROGRAMME, &f) == SCOPE_NONE)
				continue;
		}
		if (fn(arg, &p) != 0)
			break;
	}
	return query_end(&q);
}

enum tdm_err
tdm_programme_each(struct tdm_store *st, const struct tdm_actor *a,
    int (*fn)(void *, const struct tdm_programme *), void *arg)
{
	return list(st, a, 0, fn, arg);
}

/*
 * view_open() and list() of one programme in one statement: the row
 * found by name or id brings the facts the view asks for (whether its
 * charter is published, whether the actor is its coach), so that a
 * read is one round trip to PostgreSQL where it was two.  The same
 * answers as view_open(): no such programme, a refusal naming what the
 * caller typed for a draft, or the row.
 */
enum tdm_err
tdm_programme_show(struct tdm_store *st, const struct tdm_actor *a,
    const char *ref, int (*fn)(void *, const struct tdm_programme *),
    void *arg, struct tdm_diags *d)
{
	struct tdm_programme	 p;
	struct view_facts	 f = { .programme = "" };
	struct tdm_actor	 on;
	struct query		 q = query_start(st, STMT_PROGRAMME_SHOW);
	char			 name[512];
	enum tdm_err		 err;
	int			 found, refused = 0;

	bind_text(&q, ref);
	bind_int(&q, programme_ref_id(ref));
	if ((found = query_row(&q))) {
		programme_from(&q, &p);
		f.published = p.charter_version > 0;
		f.id = p.id;
		f.coach = a->coach_id != 0 && p.coach_id == a->coach_id;
		/* Roles scoped to other programmes read here as none. */
		on = *a;
		on.roles = tdm_actor_roles_on(a, p.id);
		if (view_scope(&on, TDM_VIEW_PROGRAMME, &f) == SCOPE_NONE) {
			/* A refusal names no draft beyond what was typed. */
			snprintf(name, sizeof(name), "%s", f.published ?
			    p.name : ref);
			refused = 1;
		} else
			(void)fn(arg, &p);
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	if (!found) {
		tdm_diag_add(d, NULL, 0, 0, "no programme \"%s\"", ref);
		return TDM_ENOENT;
	}
	if (refused) {
		f.programme = name;
		return view_refuse(&on, TDM_VIEW_PROGRAMME, &f, d);
	}
	return TDM_OK;
}

enum tdm_err
tdm_programme_history(struct tdm_store *st, const struct tdm_actor *a,
    const char *ref, int (*fn)(void *, const struct tdm_programme_event *),
    void *arg, struct tdm_diags *d)
{
	struct tdm_programme_event	 e;
	struct programme_ref		 p;
	struct query			 q;
	enum scope			 scope;
	enum tdm_err			 err;

	if ((err = view_open(st, a, ref, TDM_VIEW_HISTORY, &p, &scope, d)) !=
	    TDM_OK)
		return err;
	q = query_start(st, STMT_PROGRAMME_EVENTS);
	bind_int(&q, p.id);
	while (query_row(&q)) {
		e.from = col_text(&q);
		e.to = col_text(&q);
		e.actor = col_text(&q);
		e.at = col_text(&q);
		e.note = col_text(&q);
		e.actor_name = col_text(&q);
		if (fn(arg, &e) != 0)
			break;
	}
	return query_end(&q);
}

enum tdm_err
tdm_charter_text(struct tdm_store *st, const struct tdm_actor *a,
    const char *ref, int version, char **text, int *versionp,
    struct tdm_diags *d)
{
	struct tdm_buf		 b = TDM_BUF_INIT;
	struct programme_ref	 p;
	struct query		 q;
	enum scope		 scope;
	enum tdm_err		 err;
	int			 found;

	*text = NULL;
	if ((err = view_open(st, a, ref, TDM_VIEW_PROGRAMME, &p, &scope, d)) !=
	    TDM_OK)
		return err;
	if (version == 0)
		version = p.charter_version;
	if (version == 0)
		err = render_charter(st, p.id, 0, &b);
	else {
		q = query_start(st, STMT_CHARTER_GET);
		bind_int(&q, p.id);
		bind_int(&q, version);
		if ((found = query_row(&q))) {
			col_skip(&q);
			tdm_buf_adds(&b, col_text(&q));
		}
		if ((err = query_end(&q)) == TDM_OK && !found) {
			tdm_diag_add(d, NULL, 0, 0, "programme \"%s\" has no "
			    "charter version %d", p.name, version);
			err = TDM_ENOENT;
		}
	}
	if (err == TDM_OK && (*text = tdm_buf_detach(&b, NULL)) == NULL)
		err = TDM_ENOMEM;
	tdm_buf_release(&b);
	if (versionp != NULL)
		*versionp = version;
	return err;
}

/*
 * Everyone reads the topics, which volunteers choose from; the actor is
 * named all the same, as in every read, for a rule to come.
 */
enum tdm_err
tdm_topic_each(struct tdm_store *st, const struct tdm_actor *a,
    int (*fn)(void *, const struct tdm_topic *), void *arg)
{
	struct tdm_topic	 t;
	struct query		 q = query_start(st, STMT_TOPIC_LIST);

	(void)a;
	while (query_row(&q)) {
		t.code = col_text(&q);
		t.label_fr = col_text(&q);
		t.label_en = col_text(&q);
		t.programme = col_textz(&q);
		if (fn(arg, &t) != 0)
			break;
	}
	return query_end(&q);
}

enum tdm_err
tdm_topic_add(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *code, const char *label_fr,
    const char *label_en, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct query	 q;
	enum tdm_err	 err;
	const char	*c;
	int64_t		 tid;

	if ((err = authorize(actor, OP_TOPIC_ADD, d)) != TDM_OK)
		return err;
	for (c = code; *c; c++)
		if (!islower((unsigned char)*c) &&
		    !isdigit((unsigned char)*c) && *c != '-')
			break;
	if (*code == '\0' || *c != '\0' || strlen(code) > 40) {
		tdm_diag_add(d, "code", 0, 0, "\"%s\" is not a topic code "
		    "(lower-case letters, digits and '-', at most 40)", code);
		return TDM_EINVAL;
	}
	if (*label_fr == '\0' || check_text("label", label_fr, 200, 0, d) ||
	    check_text("label", label_en, 200, 0, d)) {
		if (*label_fr == '\0')
			tdm_diag_add(d, "label", 0, 0, "a topic needs a "
			    "French label");
		return TDM_EINVAL;
	}
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = programme_find(st, ref, &p, d)) != TDM_OK ||
	    (err = authorize_in(actor, OP_TOPIC_ADD, p.id, d)) != TDM_OK)
		goto fail;
	if (p.stateno == ST_CLOSED || p.stateno == ST_SUBMITTED ||
	    p.stateno == ST_APPROVED) {
		tdm_diag_add(d, NULL, 0, 0, "programme \"%s\" is %s: its "
		    "topics cannot change", p.name, states[p.stateno]);
		err = TDM_ESTATE;
		goto fail;
	}
	q = query_start(st, STMT_TOPIC_INSERT);
	bind_text(&q, code);
	bind_text(&q, label_fr);
	bind_text(&q, *label_en ? label_en : label_fr);
	bind_int(&q, p.id);
	if ((err = query_exec(&q)) == TDM_EINVAL) {
		tdm_diag_add(d, "code", 0, 0, "a topic \"%s\" exists already",
		    code);
		err = TDM_EEXIST;
	}
	if (err != TDM_OK)
		goto fail;
	tid = store_last_id(st);
	q = query_start(st, STMT_PROGRAMME_TOPIC_ADD);
	bind_int(&q, p.id);
	bind_int(&q, tid);
	if ((err = query_exec(&q)) != TDM_OK ||
	    (err = audit_append(st, actor, "topic.add", "programme", p.name,
	    "%s", code)) != TDM_OK)
		goto fail;
	if (p.stateno >= ST_OPEN && (err = publish(st, actor, &p, d)) != TDM_OK)
		goto fail;
	if ((err = store_commit(st)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	return err;
}

/* The same practical e-mail check as the roster's, kept short here. */
static int
plausible_email(const char *s)
{
	const char	*at = strchr(s, '@');

	return at != NULL && at > s && strchr(at + 1, '@') == NULL &&
	    strchr(at + 1, '.') != NULL && at[1] != '.' &&
	    s[strlen(s) - 1] != '.' && strpbrk(s, " \t<>,;\"") == NULL;
}

enum tdm_err
tdm_coach_add(struct tdm_store *st, const struct tdm_actor *actor,
    const char *name, const char *email, const char *org,
    struct tdm_diags *d)
{
	struct query	 q;
	char		 now[TIMESTAMP_SIZE];
	enum tdm_err	 err;
	size_t		 before = tdm_diag_count(d);

	if ((err = authorize(actor, OP_COACH_ADD, d)) != TDM_OK)
		return err;
	if (*name == '\0')
		tdm_diag_add(d, "name", 0, 0, "a coach needs a name");
	else
		check_text("name", name, 120, 0, d);
	if (!plausible_email(email))
		tdm_diag_add(d, "email", 0, 0, "\"%s\" is not a valid e-mail "
		    "address", email);
	check_text("organisation", org, 120, 0, d);
	if (tdm_diag_count(d) != before)
		return TDM_EINVAL;
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	store_timestamp(st, now);
	q = query_start(st, STMT_COACH_INSERT);
	bind_text(&q, name);
	bind_text(&q, email);
	bind_text(&q, org);
	bind_text(&q, now);
	if ((err = query_exec(&q)) == TDM_EINVAL) {
		tdm_diag_add(d, "email", 0, 0, "a coach with the address "
		    "\"%s\" exists already", email);
		err = TDM_EEXIST;
	}
	if (err != TDM_OK || (err = audit_append(st, actor, "coach.add",
	    "coach", email, "%s", name)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK) {
		store_rollback(st);
		return err;
	}
	return TDM_OK;
}

/*
 * The coaches are listed to whoever designs a programme, as its form
 * offers them; the roster's API asks its own rule (api_people.c).
 */
enum tdm_err
tdm_coach_each(struct tdm_store *st, const struct tdm_actor *a,
    int (*fn)(void *, const struct tdm_coach *), void *arg,
    struct tdm_diags *d)
{
	struct programme_ref	 none;
	struct tdm_coach	 c;
	struct query		 q;
	enum scope		 scope;
	enum tdm_err		 err;

	/* Their names and addresses are read as the roster is. */
	if ((err = view_open(st, a, NULL, TDM_VIEW_ROSTER, &none, &scope,
	    d)) != TDM_OK)
		return err;
	q = query_start(st, STMT_COACH_LIST);
	while (query_row(&q)) {
		c.id = col_int(&q);
		c.name = col_text(&q);
		c.email = col_text(&q);
		c.organisation = col_text(&q);
		c.programmes = col_text(&q);
		if (fn(arg, &c) != 0)
			break;
	}
	return query_end(&q);
}
