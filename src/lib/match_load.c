/*
 * The matcher's first step: a programme's volunteers who have not
 * withdrawn, as struct person (match_int.h), with their topics, their
 * management chains, and the decisions already taken on their pairs
 * (rejected and declined pairs never come back; locked and published
 * ones stay).  Strings are interned or copied into the matcher's arena.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "match_int.h"

/* Grades as exports write them, from the most junior. */
static const struct {
	const char	*prefix;
	int		 rank;
} grades[] = {
	{ "stagiaire", 1 }, { "intern", 1 }, { "alternant", 2 },
	{ "apprenti", 2 }, { "employ", 3 }, { "technicien", 3 },
	{ "cadre", 4 }, { "professional", 4 }, { "ingénieur", 4 },
	{ "manager", 5 }, { "responsable", 5 }, { "direct", 6 },
	{ "comex", 6 }, { "pdg", 7 }, { "ceo", 7 }, { "président", 7 },
	{ "president", 7 },
};

static int
grade_rank(const char *s)
{
	size_t	 i;

	for (i = 0; i < sizeof(grades) / sizeof(grades[0]); i++)
		if (strncasecmp(s, grades[i].prefix,
		    strlen(grades[i].prefix)) == 0)
			return grades[i].rank;
	return -1;
}

/* An id for a string, the same for equal strings. */
static int
intern(struct matcher *m, const char *s)
{
	const char	**v;
	size_t		 i;

	for (i = 0; i < m->nnames; i++)
		if (strcmp(m->names[i], s) == 0)
			return (int)i;
	if (m->nnames == m->anames) {
		m->anames = m->anames ? m->anames * 2 : 64;
		v = reallocarray(m->names, m->anames, sizeof(*v));
		if (v == NULL)
			return -1;
		m->names = v;
	}
	if ((m->names[m->nnames] = arena_strdup(&m->arena, s)) == NULL)
		return -1;
	return (int)m->nnames++;
}

/*
 * Languages "fr,en" as a bit set, a bit per language code seen.  Past 64
 * languages in one programme, the 65th and later share a last bit: then
 * the rule errs on the side of pairing, and that many languages in one
 * programme have never been seen.
 */
static uint64_t
languages(struct matcher *m, const char *s)
{
	const char	*p, *end;
	uint64_t	 set = 0;
	size_t		 len, i;

	for (p = s; *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ",");
		len = (size_t)(end - p);
		if (len != 2)
			continue;
		for (i = 0; i < m->nlangs; i++)
			if (memcmp(m->langs[i], p, 2) == 0)
				break;
		if (i == m->nlangs && m->nlangs < 64)
			memcpy(m->langs[m->nlangs++], p, 2);
		set |= 1ULL << (i < 64 ? i : 63);
	}
	return set;
}

static enum tdm_err
load_programme(struct matcher *m)
{
	struct query	 q;
	const char	*dir;
	enum tdm_err	 err;
	int		 found;

	q = query_start(m->st, STMT_MATCH_PROGRAMME);
	bind_int(&q, m->p.id);
	if ((found = query_row(&q))) {
		dir = col_text(&q);
		m->direction = strcmp(dir, "seniority") == 0 ? DIR_SENIORITY :
		    strcmp(dir, "none") == 0 ? DIR_NONE : DIR_GENERATION;
		m->group = strcmp(col_text(&q), "one-to-one") != 0;
		m->seats = (int)col_int(&q);
		m->w.topic = (int)col_int(&q);
		m->w.availability = (int)col_int(&q);
		m->w.site = (int)col_int(&q);
		m->w.department = (int)col_int(&q);
		m->w.inversion = (int)col_int(&q);
		m->w.cap = (int)col_int(&q);
		m->depth = (int)col_int(&q);
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	/* Found in the same transaction a moment ago. */
	if (!found)
		return TDM_ENOENT;
	q = query_start(m->st, STMT_MATCH_TOPIC_CODES);
	bind_int(&q, m->p.id);
	while (m->ntopics < MAXTOPICS && query_row(&q)) {
		m->topic_id[m->ntopics] = col_int(&q);
		m->topic_code[m->ntopics] = arena_strdup(&m->arena,
		    col_text(&q));
		if (m->topic_code[m->ntopics++] == NULL) {
			(void)query_end(&q);
			return TDM_ENOMEM;
		}
	}
	return query_end(&q);
}

/* yyyy-mm-dd as the number yyyymmdd, comparable as dates are. */
static int
date_number(const char *s)
{
	int	 n = 0, i;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return 0;
		n = n * 10 + (s[i] - '0');
	}
	return n;
}

/* The rest of a row of STMT_MATCH_PEOPLE, after the role. */
static int
person_from(struct matcher *m, struct query *q, struct person *p)
{
	char		 name[512];
	const char	*hire, *first, *last;

	memset(p, 0, sizeof(*p));
	p->enrol = col_int(q);
	p->emp = col_int(q);
	p->matricule = arena_strdup(&m->arena, col_text(q));
	first = col_text(q);
	last = col_text(q);
	snprintf(name, sizeof(name), "%s %s", first, last);
	p->name = arena_strdup(&m->arena, name);
	if (col_isnull(q)) {
		p->gen = -1;
		col_skip(q);
	} else
		p->gen = (int)col_int(q);
	hire = col_text(q);
	p->hire = strlen(hire) == 10 ? date_number(hire) : 0;
	p->grade = grade_rank(col_text(q));
	p->department = intern(m, col_text(q));
	p->site = intern(m, col_text(q));
	p->langs = languages(m, col_text(q));
	p->remote = (int)col_int(q);
	p->avail = (int)col_int(q);
	p->capacity = (int)col_int(q);
	if (p->matricule == NULL || p->name == NULL || p->department < 0 ||
	    p->site < 0)
		return -1;
	return 0;
}

/* Load the volunteers who have not withdrawn, mentors and mentees. */
static enum tdm_err
load_people(struct matcher *m)
{
	struct query	 q;
	struct person	*p, **v;
	size_t		*n, an = 0, am = 0, *a;

	q = query_start(m->st, STMT_MATCH_PEOPLE);
	bind_int(&q, m->p.id);
	while (query_row(&q)) {
		if (strcmp(col_text(&q), "mentor") == 0) {
			v = &m->mentors;
			n = &m->nmentors;
			a = &am;
		} else {
			v = &m->mentees;
			n = &m->nmentees;
			a = &an;
		}
		if (*n == *a) {
			*a = *a ? *a * 2 : 256;
			if ((p = reallocarray(*v, *a, sizeof(*p))) == NULL)
				goto nomem;
			*v = p;
		}
		if (person_from(m, &q, &(*v)[*n]) == -1)
			goto nomem;
		(*n)++;
	}
	return query_end(&q);
nomem:
	(void)query_end(&q);
	return TDM_ENOMEM;
}

struct person *
by_enrolment(struct person *v, size_t n, int64_t enrol, size_t *index)
{
	size_t	 lo = 0, hi = n, mid;

	/* People come ordered by enrolment id. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid].enrol < enrol)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && v[lo].enrol == enrol) {
		if (index != NULL)
			*index = lo;
		return &v[lo];
	}
	return NULL;
}

static int
topic_index(const struct matcher *m, int64_t id)
{
	int	 t;

	for (t = 0; t < m->ntopics; t++)
		if (m->topic_id[t] == id)
			return t;
	return -1;
}

/* Levels and interests; a topic not listed is level 0, interest 0. */
static enum tdm_err
load_topics(struct matcher *m)
{
	struct query	 q;
	struct person	*p;
	int64_t		 e, topic;
	int		 t, level, interest;

	q = query_start(m->st, STMT_MATCH_TOPICS);
	bind_int(&q, m->p.id);
	while (query_row(&q)) {
		e = col_int(&q);
		topic = col_int(&q);
		level = (int)col_int(&q);
		interest = (int)col_int(&q);
		if ((t = topic_index(m, topic)) < 0)
			continue;
		p = by_enrolment(m->mentors, m->nmentors, e, NULL);
		if (p == NULL)
			p = by_enrolment(m->mentees, m->nmentees, e, NULL);
		if (p == NULL)
			continue;
		p->level[t] = (signed char)level;
		p->interest[t] = (signed char)interest;
		if (p->interest[t] > 0)
			p->wants |= 1ULL << t;
	}
	return query_end(&q);
}

/* Every employee's manager, to follow chains at any depth. */
static enum tdm_err
load_chains(struct matcher *m)
{
	struct query	 q;
	struct person	*p;
	enum tdm_err	 err;
	int64_t		 id, mgr, *v;
	size_t		 i, k;
	int		 depth;

	q = query_start(m->st, STMT_MATCH_CHAIN);
	while (query_row(&q)) {
		id = col_int(&q);
		mgr = col_int(&q);
		if (id <= 0 || id > INT32_MAX)
			continue;
		if ((size_t)id >= m->nmanagers) {
			k = m->nmanagers ? m->nmanagers : 1024;
			while (k <= (size_t)id)
				k *= 2;
			v = realloc(m->managers, k * sizeof(*v));
			if (v == NULL) {
				(void)query_end(&q);
				return TDM_ENOMEM;
			}
			memset(v + m->nmanagers, 0,
			    (k - m->nmanagers) * sizeof(*v));
			m->managers = v;
			m->nmanagers = k;
		}
		m->managers[id] = mgr;
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	for (k = 0; k < 2; k++)
		for (i = 0; i < (k ? m->nmentees : m->nmentors); i++) {
			p = k ? &m->mentees[i] : &m->mentors[i];
			id = p->emp;
			for (depth = 0; depth < MAXDEPTH; depth++) {
				if (id <= 0 || (size_t)id >= m->nmanagers ||
				    (id = m->managers[id]) == 0)
					break;
				p->anc[p->nanc++] = id;
			}
		}
	return TDM_OK;
}

int
cmp_rejection(const void *a, const void *b)
{
	const int64_t	*x = a, *y = b;

	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return x[1] < y[1] ? -1 : x[1] > y[1];
}

static enum tdm_err
add_rejection(struct matcher *m, int64_t mentor, int64_t mentee)
{
	int64_t	*v;

	if (m->nrejected == m->arejected) {
		m->arejected = m->arejected ? m->arejected * 2 : 64;
		v = reallocarray(m->rejected, m->arejected, 2 * sizeof(*v));
		if (v == NULL)
			return TDM_ENOMEM;
		m->rejected = v;
	}
	m->rejected[2 * m->nrejected] = mentor;
	m->rejected[2 * m->nrejected + 1] = mentee;
	m->nrejected++;
	return TDM_OK;
}

/*
 * Pairs that never come back (rejected by a manager, declined by a
 * member) and pairs that stay (locked, published, accepted).
 */
static enum tdm_err
load_decisions(struct matcher *m)
{
	struct query	 q;
	size_t		 i, j;
	int64_t		 mentor, mentee;
	const char	*state;
	enum tdm_err	 err;

	q = query_start(m->st, STMT_MATCH_REJECTIONS);
	bind_int(&q, m->p.id);
	while (query_row(&q)) {
		mentor = col_int(&q);
		mentee = col_int(&q);
		if (add_rejection(m, mentor, mentee) != TDM_OK) {
			(void)query_end(&q);
			return TDM_ENOMEM;
		}
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	if ((m->lock = malloc((m->nmentees + 1) * sizeof(*m->lock))) == NULL ||
	    (m->fixed = calloc(m->nmentees + 1, sizeof(*m->fixed))) == NULL)
		return TDM_ENOMEM;
	for (i = 0; i < m->nmentees; i++)
		m->lock[i] = NOBODY;
	q = query_start(m->st, STMT_MATCH_FIXED);
	bind_int(&q, m->p.id);
	while (query_row(&q)) {
		mentor = col_int(&q);
		mentee = col_int(&q);
		state = col_text(&q);
		if (strcmp(state, "declined") == 0) {
			if (add_rejection(m, mentor, mentee) != TDM_OK) {
				(void)query_end(&q);
				return TDM_ENOMEM;
			}
			continue;
		}
		/* Withdrawn people are gone from both lists. */
		if (by_enrolment(m->mentees, m->nmentees, mentee, &i) &&
		    by_enrolment(m->mentors, m->nmentors, mentor, &j)) {
			m->lock[i] = (int32_t)j;
			m->fixed[i] = 1;
		}
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	if (m->nrejected > 0)
		qsort(m->rejected, m->nrejected, 2 * sizeof(int64_t),
		    cmp_rejection);
	return TDM_OK;
}

void
matcher_free(struct matcher *m)
{
	arena_free(&m->arena);
	free(m->mentors);
	free(m->mentees);
	free(m->names);
	free(m->managers);
	free(m->rejected);
	free(m->lock);
	free(m->fixed);
}

enum tdm_err
match_load(struct matcher *m)
{
	enum tdm_err	 err;

	if ((err = load_programme(m)) != TDM_OK ||
	    (err = load_people(m)) != TDM_OK ||
	    (err = load_topics(m)) != TDM_OK ||
	    (err = load_chains(m)) != TDM_OK)
		return err;
	return load_decisions(m);
}
