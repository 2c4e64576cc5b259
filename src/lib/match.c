/*
 * The matcher of match.h: loads a programme's volunteers, decides which
 * pairs are compatible and what they score, hands the exact assignment to
 * the solver, checks its certificate, explains the result and saves the
 * proposal.
 *
 * One pass over all pairs, mentee by mentee, finds every compatible pair
 * and its score: the mentors are grouped in classes that share the
 * fields of the first rules (generation, languages, site), so that those
 * rules are tested once per class; the topic rule is a bit test; the
 * chain rule and rejections are lists per mentee, for chains are short.
 * Each mentee's best mentors within a pair budget become the solver's
 * sparse problem, mentees being the rows; pricing passes add whatever
 * else the optimum needs and prove it over every compatible pair.  What
 * this file does not do: the assignment itself (solver.c), or anything
 * after the pairs are answered (sessions).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "tandem/match.h"
#include "tandem/programme.h"
#include "tandem/solver.h"
#include "tandem/strbuf.h"
#include "arena.h"
#include "internal.h"

#define MAXTOPICS	64	/* a programme's topics, bits of a mask */
#define MAXDEPTH	64	/* management levels followed */
#define NOBODY		(-1)

/* Why a pair is not compatible: the first rule that fails. */
enum why {
	WHY_DIRECTION,
	WHY_LANGUAGE,
	WHY_SITE,
	WHY_TOPIC,
	WHY_CHAIN,
	WHY_REJECTED,
	WHY__MAX
};

/* In the order the rules are tested, cheapest first. */
static const char *const whys[WHY__MAX] = {
	[WHY_DIRECTION] = "direction rule",
	[WHY_LANGUAGE] = "no shared language",
	[WHY_SITE] = "different site, not both remote",
	[WHY_TOPIC] = "no topic taught above their level",
	[WHY_CHAIN] = "same management chain",
	[WHY_REJECTED] = "rejected",
};

enum direction {
	DIR_GENERATION,
	DIR_SENIORITY,
	DIR_NONE,
};

struct person {
	int64_t		 enrol;		/* enrolment id */
	int64_t		 emp;		/* employee id */
	const char	*matricule;
	const char	*name;
	int		 gen;		/* generation rank, -1 unknown */
	int		 hire;		/* yyyymmdd, 0 unknown */
	int		 grade;		/* rank of the grade, -1 unknown */
	int		 site;		/* interned */
	int		 department;	/* interned */
	uint64_t	 langs;		/* interned languages, a bit each */
	int		 remote;
	int		 avail;
	int		 capacity;
	uint64_t	 wants;		/* mentee: topics of interest > 0 */
	signed char	 level[MAXTOPICS];
	signed char	 interest[MAXTOPICS];
	int64_t		 anc[MAXDEPTH];	/* the management chain above */
	int		 nanc;
};

struct weights {
	int	 topic, availability, site, department, inversion, cap;
};

struct matcher {
	struct tdm_store	*st;
	struct arena		 arena;
	struct programme_ref	 p;
	enum direction		 direction;
	int			 group;		/* format is not one-to-one */
	int			 seats;		/* group seats */
	struct weights		 w;
	int			 depth;		/* of the chain rule, 0: any */
	int			 ntopics;
	int64_t			 topic_id[MAXTOPICS];
	const char		*topic_code[MAXTOPICS];
	struct person		*mentors, *mentees;
	size_t			 nmentors, nmentees;
	/* Interned strings: sites, departments, languages. */
	const char		**names;
	size_t			 nnames, anames;
	char			 langs[64][2];	/* language codes seen */
	size_t			 nlangs;
	int64_t			*managers;	/* by employee id, 0: none */
	size_t			 nmanagers;
	int64_t			*rejected;	/* (mentor, mentee) pairs */
	size_t			 nrejected, arejected;
	int32_t			*lock;		/* per mentee: mentor or -1 */
	int			*fixed;		/* per mentee: lock is kept */
};

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

static int
load_programme(struct matcher *m, struct tdm_diags *d)
{
	sqlite3_stmt	*stmt;
	const char	*dir;
	int		 rc;

	stmt = store_stmt(m->st, STMT_MATCH_PROGRAMME);
	sqlite3_bind_int64(stmt, 1, m->p.id);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		dir = column_text(stmt, 0);
		m->direction = strcmp(dir, "seniority") == 0 ? DIR_SENIORITY :
		    strcmp(dir, "none") == 0 ? DIR_NONE : DIR_GENERATION;
		m->group = strcmp(column_text(stmt, 1), "one-to-one") != 0;
		m->seats = sqlite3_column_int(stmt, 2);
		m->w.topic = sqlite3_column_int(stmt, 3);
		m->w.availability = sqlite3_column_int(stmt, 4);
		m->w.site = sqlite3_column_int(stmt, 5);
		m->w.department = sqlite3_column_int(stmt, 6);
		m->w.inversion = sqlite3_column_int(stmt, 7);
		m->w.cap = sqlite3_column_int(stmt, 8);
		m->depth = sqlite3_column_int(stmt, 9);
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW)
		return -1;
	stmt = store_stmt(m->st, STMT_MATCH_TOPIC_CODES);
	sqlite3_bind_int64(stmt, 1, m->p.id);
	while (sqlite3_step(stmt) == SQLITE_ROW && m->ntopics < MAXTOPICS) {
		m->topic_id[m->ntopics] = sqlite3_column_int64(stmt, 0);
		m->topic_code[m->ntopics] = arena_strdup(&m->arena,
		    column_text(stmt, 1));
		if (m->topic_code[m->ntopics++] == NULL) {
			sqlite3_reset(stmt);
			return -1;
		}
	}
	sqlite3_reset(stmt);
	(void)d;
	return 0;
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

static int
person_from(struct matcher *m, sqlite3_stmt *stmt, struct person *p)
{
	char		 name[512];
	const char	*hire;

	memset(p, 0, sizeof(*p));
	p->enrol = sqlite3_column_int64(stmt, 0);
	p->emp = sqlite3_column_int64(stmt, 2);
	p->matricule = arena_strdup(&m->arena, column_text(stmt, 3));
	snprintf(name, sizeof(name), "%s %s", column_text(stmt, 4),
	    column_text(stmt, 5));
	p->name = arena_strdup(&m->arena, name);
	p->gen = sqlite3_column_type(stmt, 6) == SQLITE_NULL ? -1 :
	    sqlite3_column_int(stmt, 6);
	hire = column_text(stmt, 7);
	p->hire = strlen(hire) == 10 ? date_number(hire) : 0;
	p->grade = grade_rank(column_text(stmt, 8));
	p->department = intern(m, column_text(stmt, 9));
	p->site = intern(m, column_text(stmt, 10));
	p->langs = languages(m, column_text(stmt, 11));
	p->remote = sqlite3_column_int(stmt, 12);
	p->avail = sqlite3_column_int(stmt, 13);
	p->capacity = sqlite3_column_int(stmt, 14);
	if (p->matricule == NULL || p->name == NULL || p->department < 0 ||
	    p->site < 0)
		return -1;
	return 0;
}

/* Load the volunteers who have not withdrawn, mentors and mentees. */
static enum tdm_err
load_people(struct matcher *m)
{
	sqlite3_stmt	*stmt;
	struct person	*p, **v;
	size_t		*n, an = 0, am = 0, *a;
	int		 rc;

	stmt = store_stmt(m->st, STMT_MATCH_PEOPLE);
	sqlite3_bind_int64(stmt, 1, m->p.id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (strcmp(column_text(stmt, 1), "mentor") == 0) {
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
		if (person_from(m, stmt, &(*v)[*n]) == -1)
			goto nomem;
		(*n)++;
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? TDM_OK : TDM_EDB;
nomem:
	sqlite3_reset(stmt);
	return TDM_ENOMEM;
}

static struct person *
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
	sqlite3_stmt	*stmt;
	struct person	*p;
	int		 rc, t;

	stmt = store_stmt(m->st, STMT_MATCH_TOPICS);
	sqlite3_bind_int64(stmt, 1, m->p.id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int64_t	 e = sqlite3_column_int64(stmt, 0);

		if ((t = topic_index(m, sqlite3_column_int64(stmt, 1))) < 0)
			continue;
		p = by_enrolment(m->mentors, m->nmentors, e, NULL);
		if (p == NULL)
			p = by_enrolment(m->mentees, m->nmentees, e, NULL);
		if (p == NULL)
			continue;
		p->level[t] = (signed char)sqlite3_column_int(stmt, 2);
		p->interest[t] = (signed char)sqlite3_column_int(stmt, 3);
		if (p->interest[t] > 0)
			p->wants |= 1ULL << t;
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? TDM_OK : TDM_EDB;
}

/* Every employee's manager, to follow chains at any depth. */
static enum tdm_err
load_chains(struct matcher *m)
{
	sqlite3_stmt	*stmt;
	struct person	*p;
	int64_t		 id, mgr, *v;
	size_t		 i, k;
	int		 rc, depth;

	stmt = store_stmt(m->st, STMT_MATCH_CHAIN);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		id = sqlite3_column_int64(stmt, 0);
		mgr = sqlite3_column_int64(stmt, 1);
		if (id <= 0 || id > INT32_MAX)
			continue;
		if ((size_t)id >= m->nmanagers) {
			k = m->nmanagers ? m->nmanagers : 1024;
			while (k <= (size_t)id)
				k *= 2;
			v = realloc(m->managers, k * sizeof(*v));
			if (v == NULL) {
				sqlite3_reset(stmt);
				return TDM_ENOMEM;
			}
			memset(v + m->nmanagers, 0,
			    (k - m->nmanagers) * sizeof(*v));
			m->managers = v;
			m->nmanagers = k;
		}
		m->managers[id] = mgr;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return TDM_EDB;
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

static int
cmp_pair(const void *a, const void *b)
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
	sqlite3_stmt	*stmt;
	size_t		 i, j;
	int64_t		 mentor, mentee;
	const char	*state;
	int		 rc;

	stmt = store_stmt(m->st, STMT_MATCH_REJECTIONS);
	sqlite3_bind_int64(stmt, 1, m->p.id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if (add_rejection(m, sqlite3_column_int64(stmt, 0),
		    sqlite3_column_int64(stmt, 1)) != TDM_OK) {
			sqlite3_reset(stmt);
			return TDM_ENOMEM;
		}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE)
		return TDM_EDB;
	if ((m->lock = malloc((m->nmentees + 1) * sizeof(*m->lock))) == NULL ||
	    (m->fixed = calloc(m->nmentees + 1, sizeof(*m->fixed))) == NULL)
		return TDM_ENOMEM;
	for (i = 0; i < m->nmentees; i++)
		m->lock[i] = NOBODY;
	stmt = store_stmt(m->st, STMT_MATCH_FIXED);
	sqlite3_bind_int64(stmt, 1, m->p.id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		mentor = sqlite3_column_int64(stmt, 0);
		mentee = sqlite3_column_int64(stmt, 1);
		state = column_text(stmt, 2);
		if (strcmp(state, "declined") == 0) {
			if (add_rejection(m, mentor, mentee) != TDM_OK) {
				sqlite3_reset(stmt);
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
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return TDM_EDB;
	if (m->nrejected > 0)
		qsort(m->rejected, m->nrejected, 2 * sizeof(int64_t),
		    cmp_pair);
	return TDM_OK;
}

static int
rejected(const struct matcher *m, int64_t mentor, int64_t mentee)
{
	int64_t	 key[2] = { mentor, mentee };

	return m->nrejected && bsearch(key, m->rejected, m->nrejected,
	    2 * sizeof(int64_t), cmp_pair) != NULL;
}

/* Whether emp manages p, depth levels up at most (0: any depth). */
static int
in_chain(const struct person *p, int64_t emp, int depth)
{
	int	 i, n = depth && depth < p->nanc ? depth : p->nanc;

	for (i = 0; i < n; i++)
		if (p->anc[i] == emp)
			return 1;
	return 0;
}

static int
popcount(unsigned x)
{
	int	 n = 0;

	for (; x; x &= x - 1)
		n++;
	return n;
}

/* The score of a pair, term by term.  Age never enters it. */
static void
score(const struct matcher *m, const struct person *r,
    const struct person *e, struct tdm_score *s)
{
	int	 t, gap;

	memset(s, 0, sizeof(*s));
	for (t = 0; t < m->ntopics; t++) {
		if (e->interest[t] <= 0 || (gap = r->level[t] - e->level[t]) <=
		    0)
			continue;
		s->topics += (int64_t)e->interest[t] *
		    (gap < m->w.cap ? gap : m->w.cap) * m->w.topic;
	}
	s->availability = (int64_t)popcount((unsigned)(r->avail & e->avail)) *
	    m->w.availability;
	s->site = r->site == e->site ? m->w.site : 0;
	s->department = r->department != e->department ? m->w.department : 0;
	if (r->grade >= 0 && e->grade >= 0 && r->grade < e->grade)
		s->inversion = m->w.inversion;
	s->total = s->topics + s->availability + s->site + s->department +
	    s->inversion;
}

/*
 * The volunteers compacted for the passes over all pairs: a mentor's
 * fields the rules and the score read, in one small record, and its
 * topic levels in a row of bytes; a mentee's wanted topics as a list.
 * The ancestors of each person are also kept as a 64-bit Bloom filter,
 * so that the chain rule walks the chains only on a possible hit.
 */
struct fmentor {
	uint64_t	 langs;
	uint64_t	 anc;		/* Bloom filter of the chain */
	uint64_t	 self;		/* this person's bit in such filters */
	int32_t		 gen, hire, grade, site, department, avail;
	int32_t		 remote;
};

struct fmentee {
	const struct person	*p;
	uint64_t		 langs, anc, self;
	int32_t			 gen;	/* direction bounds, see fast_row() */
	int32_t			 hire, grade;
	int32_t			 site, department, avail, remote, rgrade;
	int			 nw;
	int			 wt[MAXTOPICS];	/* wanted topics */
	int			 wl[MAXTOPICS];	/* their levels */
	int			 wi[MAXTOPICS];	/* their interests */
	/*
	 * With few topics and levels 0 to 4 (struct fast's masks): the
	 * wanted topics at bit wl * ntopics + wt, and each one's gain by
	 * the mentor's level.
	 */
	int			 masks;
	uint64_t		 want;
	int32_t			 wg[MAXTOPICS][5];
};

/*
 * Mentors who share the fields of the first rules (the generation, when
 * the direction goes by generation; languages; site and remote), so
 * that a mentee tests those rules once per class: the class's mentors
 * are order[lo] .. order[hi - 1], in increasing index.
 */
struct fclass {
	uint64_t	 langs;
	int32_t		 gen, site, remote;
	size_t		 lo, hi;
};

/*
 * A mentor as the first pass reads it, in class order: whom it is
 * (index j), the fields of the direction by seniority, and those of the
 * score.  When struct fast's masks is set (at most 16 topics, every
 * level 0 to 4), bit L * ntopics + t of the mentor's beats says that its
 * level on topic t is above L, so that a mentee's wanted topics at their
 * levels test the topic rule in one AND.
 */
struct pmentor {
	int32_t		 j, hire, grade, department, avail;
};

struct fast {
	struct fmentor	*r;
	signed char	*level;		/* nmentors x ntopics */
	int		 nt;
	struct fclass	*cls;
	size_t		 ncls;
	int32_t		*order;
	struct pmentor	*pm;		/* in class order */
	uint64_t	*beats;		/* the same */
	signed char	*plevel;	/* the same, x ntopics */
	int		 masks;
};

static uint64_t
anc_bit(int64_t emp)
{
	return 1ULL << (((uint64_t)emp * 0x9e3779b97f4a7c15ULL) >> 58);
}

/* The chain rule's depth applied to p's ancestors, as a filter. */
static uint64_t
anc_filter(const struct person *p, int depth)
{
	uint64_t	 f = 0;
	int		 i, n = depth && depth < p->nanc ? depth : p->nanc;

	for (i = 0; i < n; i++)
		f |= anc_bit(p->anc[i]);
	return f;
}

static void
fast_free(struct fast *f)
{
	free(f->r);
	free(f->level);
	free(f->cls);
	free(f->order);
	free(f->pm);
	free(f->beats);
	free(f->plevel);
	memset(f, 0, sizeof(*f));
}

/* A mentor's class fields (gen is 0 unless it counts), and index. */
struct ckey {
	uint64_t	 langs;
	int32_t		 gen, site, remote, j;
};

static int
by_class(const void *a, const void *b)
{
	const struct ckey	*x = a, *y = b;

	if (x->gen != y->gen)
		return x->gen < y->gen ? -1 : 1;
	if (x->langs != y->langs)
		return x->langs < y->langs ? -1 : 1;
	if (x->site != y->site)
		return x->site < y->site ? -1 : 1;
	if (x->remote != y->remote)
		return x->remote < y->remote ? -1 : 1;
	return x->j < y->j ? -1 : x->j > y->j;
}

/* Group the mentors into classes. */
static enum tdm_err
fast_classes(const struct matcher *m, struct fast *f)
{
	const struct fmentor	*r;
	struct fclass		*c = NULL;
	struct ckey		*k, *p;
	size_t			 j;
	int			 gen = m->direction == DIR_GENERATION;

	f->order = malloc((m->nmentors + 1) * sizeof(*f->order));
	f->cls = malloc((m->nmentors + 1) * sizeof(*f->cls));
	k = malloc((m->nmentors + 1) * sizeof(*k));
	if (f->order == NULL || f->cls == NULL || k == NULL) {
		free(k);
		return TDM_ENOMEM;
	}
	for (j = 0; j < m->nmentors; j++) {
		r = &f->r[j];
		k[j].langs = r->langs;
		k[j].gen = gen ? r->gen : 0;
		k[j].site = r->site;
		k[j].remote = r->remote;
		k[j].j = (int32_t)j;
	}
	qsort(k, m->nmentors, sizeof(*k), by_class);
	f->ncls = 0;
	for (j = 0; j < m->nmentors; j++) {
		p = &k[j];
		if (c == NULL || c->gen != p->gen || c->langs != p->langs ||
		    c->site != p->site || c->remote != p->remote) {
			c = &f->cls[f->ncls++];
			c->langs = p->langs;
			c->gen = p->gen;
			c->site = p->site;
			c->remote = p->remote;
			c->lo = j;
		}
		c->hi = j + 1;
		f->order[j] = p->j;
	}
	free(k);
	return TDM_OK;
}

/* The mentors in class order, for the first pass. */
static enum tdm_err
fast_pass(const struct matcher *m, struct fast *f)
{
	const struct fmentor	*r;
	struct pmentor		*q;
	size_t			 x, nt = (size_t)f->nt;
	int32_t			 j;
	int			 t, l, lv;

	f->pm = calloc(m->nmentors + 1, sizeof(*f->pm));
	f->beats = calloc(m->nmentors + 1, sizeof(*f->beats));
	f->plevel = calloc(m->nmentors * nt + 1, 1);
	if (f->pm == NULL || f->beats == NULL || f->plevel == NULL)
		return TDM_ENOMEM;
	f->masks = f->nt <= 16;
	for (x = 0; x < m->nmentors; x++) {
		j = f->order[x];
		r = &f->r[j];
		q = &f->pm[x];
		q->j = j;
		q->hire = r->hire;
		q->grade = r->grade;
		q->department = r->department;
		q->avail = r->avail;
		for (t = 0; t < f->nt; t++) {
			lv = f->level[(size_t)j * nt + (size_t)t];
			f->plevel[x * nt + (size_t)t] = (signed char)lv;
			if (lv < 0 || lv > 4)
				f->masks = 0;
			for (l = 0; l < 4 && f->nt <= 16; l++)
				if (lv > l)
					f->beats[x] |= 1ULL << (l * f->nt + t);
		}
	}
	return TDM_OK;
}

static enum tdm_err
fast_init(const struct matcher *m, struct fast *f)
{
	const struct person	*p;
	struct fmentor		*r;
	size_t			 j;
	int			 t;

	memset(f, 0, sizeof(*f));
	f->nt = m->ntopics;
	f->r = calloc(m->nmentors + 1, sizeof(*f->r));
	f->level = calloc(m->nmentors * (size_t)m->ntopics + 1, 1);
	if (f->r == NULL || f->level == NULL) {
		fast_free(f);
		return TDM_ENOMEM;
	}
	for (j = 0; j < m->nmentors; j++) {
		p = &m->mentors[j];
		r = &f->r[j];
		r->langs = p->langs;
		r->anc = anc_filter(p, m->depth);
		r->self = anc_bit(p->emp);
		r->gen = p->gen;
		r->hire = p->hire;
		/* No grade never teaches by grade: see fast_row(). */
		r->grade = p->grade < 0 ? INT32_MAX : p->grade;
		r->site = p->site;
		r->department = p->department;
		r->avail = p->avail;
		r->remote = p->remote != 0;
		for (t = 0; t < m->ntopics; t++)
			f->level[j * (size_t)m->ntopics + t] = p->level[t];
	}
	if (fast_classes(m, f) != TDM_OK || fast_pass(m, f) != TDM_OK) {
		fast_free(f);
		return TDM_ENOMEM;
	}
	return TDM_OK;
}

/*
 * Mentee e's side of the rules, with the direction bounds such that the
 * rule holds for mentor r exactly when r->gen > e->gen (generation), or
 * r->hire > e->hire or r->grade < e->grade (seniority).
 */
static void
fast_row(const struct matcher *m, const struct person *p, struct fmentee *e)
{
	int	 t;

	e->p = p;
	e->langs = p->langs;
	e->anc = anc_filter(p, m->depth);
	e->self = anc_bit(p->emp);
	e->gen = p->gen < 0 ? INT32_MAX : p->gen;
	e->hire = p->hire ? p->hire : INT32_MAX;
	e->grade = p->grade < 0 ? INT32_MIN : p->grade;
	e->rgrade = p->grade;
	e->site = p->site;
	e->department = p->department;
	e->avail = p->avail;
	e->remote = p->remote != 0;
	e->nw = 0;
	for (t = 0; t < m->ntopics; t++)
		if (p->interest[t] > 0) {
			e->wt[e->nw] = t;
			e->wl[e->nw] = p->level[t];
			e->wi[e->nw++] = p->interest[t];
		}
}

/* The masks of fmentee e, if struct fast f has them and e's levels fit. */
static void
fast_masks(const struct matcher *m, const struct fast *f, struct fmentee *e)
{
	int	 k, lv, gap;

	e->masks = f->masks;
	e->want = 0;
	for (k = 0; k < e->nw && e->masks; k++) {
		if (e->wl[k] < 0 || e->wl[k] > 4) {
			e->masks = 0;
			break;
		}
		/* Level 4 is never beaten: no bit. */
		if (e->wl[k] < 4)
			e->want |= 1ULL << (e->wl[k] * f->nt + e->wt[k]);
		for (lv = 0; lv <= 4; lv++) {
			gap = lv - e->wl[k];
			e->wg[k][lv] = gap <= 0 ? 0 : e->wi[k] *
			    (gap < m->w.cap ? gap : m->w.cap);
		}
	}
}

/* popcount() without a loop: the pair loop calls it often. */
static int
bits(uint32_t x)
{
	x -= (x >> 1) & 0x55555555U;
	x = (x & 0x33333333U) + ((x >> 2) & 0x33333333U);
	x = (x + (x >> 4)) & 0x0f0f0f0fU;
	return (int)((x * 0x01010101U) >> 24);
}

/*
 * compatible() and score() at once, for mentor j and mentee e: returns 1
 * and the total score if the pair is compatible, else 0 and the first
 * failing rule in *why.  Must agree with both exactly.
 */
static inline int	 fast_rest(const struct matcher *, const struct fast *,
			    const struct fmentee *, size_t, enum why *,
			    int64_t *);

static inline int
fast_pair(const struct matcher *m, const struct fast *f,
    const struct fmentee *e, size_t j, enum why *why, int64_t *total)
{
	const struct fmentor	*r = &f->r[j];

	switch (m->direction) {
	case DIR_GENERATION:
		if (r->gen <= e->gen) {
			*why = WHY_DIRECTION;
			return 0;
		}
		break;
	case DIR_SENIORITY:
		if (!(r->hire > e->hire || r->grade < e->grade)) {
			*why = WHY_DIRECTION;
			return 0;
		}
		break;
	case DIR_NONE:
		break;
	}
	if ((r->langs & e->langs) == 0) {
		*why = WHY_LANGUAGE;
		return 0;
	}
	if (r->site != e->site && !(r->remote & e->remote)) {
		*why = WHY_SITE;
		return 0;
	}
	return fast_rest(m, f, e, j, why, total);
}

/*
 * The topic rule for mentor j: returns whether the mentor's level beats
 * the mentee's on a topic the mentee wants, and the topic gain (before
 * its weight) in *gain.
 */
static inline int
fast_gain(const struct matcher *m, const struct fast *f,
    const struct fmentee *e, size_t j, int64_t *gain)
{
	const signed char	*lev = f->level + j * (size_t)f->nt;
	int64_t			 g = 0;
	int			 k, gap, beats = 0;

	for (k = 0; k < e->nw; k++) {
		gap = lev[e->wt[k]] - e->wl[k];
		if (gap > 0) {
			beats = 1;
			g += (int64_t)e->wi[k] *
			    (gap < m->w.cap ? gap : m->w.cap);
		}
	}
	*gain = g;
	return beats;
}

/* The total score of a compatible pair, from its topic gain. */
static inline int64_t
fast_score(const struct matcher *m, const struct fmentor *r,
    const struct fmentee *e, int64_t gain)
{
	int64_t	 s;

	s = gain * m->w.topic +
	    (int64_t)bits((uint32_t)(r->avail & e->avail)) * m->w.availability;
	if (r->site == e->site)
		s += m->w.site;
	if (r->department != e->department)
		s += m->w.department;
	if (r->grade != INT32_MAX && e->rgrade >= 0 && r->grade < e->rgrade)
		s += m->w.inversion;
	return s;
}

/*
 * The rules after the site's (topic, chain, rejection) and the score, for
 * a mentor that passed the first ones.
 */
static inline int
fast_rest(const struct matcher *m, const struct fast *f,
    const struct fmentee *e, size_t j, enum why *why, int64_t *total)
{
	const struct fmentor	*r = &f->r[j];
	int64_t			 gain;

	if (!fast_gain(m, f, e, j, &gain)) {
		*why = WHY_TOPIC;
		return 0;
	}
	if (((e->anc & r->self) || (r->anc & e->self)) &&
	    (in_chain(e->p, m->mentors[j].emp, m->depth) ||
	    in_chain(&m->mentors[j], e->p->emp, m->depth))) {
		*why = WHY_CHAIN;
		return 0;
	}
	if (m->nrejected && rejected(m, m->mentors[j].enrol, e->p->enrol)) {
		*why = WHY_REJECTED;
		return 0;
	}
	*total = fast_score(m, r, e, gain);
	return 1;
}

/*
 * The solver's sparse problem, mentees as rows: each mentee's best
 * compatible mentors (the candidates), then whatever pairs the pricing
 * passes add.  The counts describe all compatible pairs, listed or not.
 */
struct problem {
	size_t		*rowptr;
	int32_t		*col;
	int64_t		*cost;
	size_t		 n, alloc;
	int32_t		*cap;
	size_t		*ncompat;	/* per mentee: compatible mentors */
	size_t		 compatible;	/* all compatible pairs */
	size_t		 blocking;	/* found by the last pricing pass */
	int		 truncated;	/* some compatible pairs unlisted */
	/*
	 * Per mentee: no compatible pair left out of the problem scores
	 * more (INT64_MIN: none is left out).  Prices are never positive,
	 * so a mentee whose potential u has -u >= tau has no unlisted pair
	 * of negative reduced cost, and no unlisted blocking pair: the
	 * pricing passes skip it.
	 */
	int64_t		*tau;
	struct fast	 fx;
	/*
	 * Per mentee, the mentors that the chain rule or a rejection rule
	 * out, whatever the other rules say: xcol[xptr[i]] ..
	 * xcol[xptr[i + 1] - 1].
	 */
	size_t		*xptr;
	int32_t		*xcol;
};

/*
 * How many compatible pairs the problem lists at most, about 12 bytes
 * each.  Up to that, every compatible pair is listed and the solution is
 * optimal at once; past it, each mentee keeps its best mentors (at least
 * CANDIDATES) and the pricing passes add what the optimum needs.  Tests
 * set match_candidates to drive the pricing passes on small programmes.
 */
#define PAIR_BUDGET	(24 * 1024 * 1024)
#define CANDIDATES	48
int	 match_candidates = 0;	/* 0: from PAIR_BUDGET */

struct cand {
	int64_t	 score;
	int32_t	 j;
};

static int
push(struct problem *pb, int32_t j, int64_t cost)
{
	int32_t	*c;
	int64_t	*k;
	size_t	 na;

	if (pb->n == pb->alloc) {
		na = pb->alloc ? pb->alloc * 2 : 4096;
		if ((c = reallocarray(pb->col, na, sizeof(*c))) == NULL)
			return -1;
		pb->col = c;
		if ((k = reallocarray(pb->cost, na, sizeof(*k))) == NULL)
			return -1;
		pb->cost = k;
		pb->alloc = na;
	}
	pb->col[pb->n] = j;
	pb->cost[pb->n++] = cost;
	return 0;
}

static void
problem_free(struct problem *pb)
{
	free(pb->ncompat);
	free(pb->rowptr);
	free(pb->col);
	free(pb->cost);
	free(pb->cap);
	free(pb->tau);
	free(pb->xptr);
	free(pb->xcol);
	fast_free(&pb->fx);
}

static int		 listed(const struct problem *, size_t, int32_t);
static enum tdm_err	 merge(struct problem *, size_t, const int64_t *,
			    size_t);

/* Whether candidate a ranks below b: lower score, or later mentor. */
static inline int
worse(const struct cand *a, const struct cand *b)
{
	return a->score < b->score || (a->score == b->score && a->j > b->j);
}

/*
 * Every mentor compatible with mentee e (number i), into buf with their
 * scores, a class at a time (not in mentor order).  The same rules and
 * score as fast_pair(), the chain and rejections through the mentee's
 * exclusions, marked in stamp.  idx is work for nmentors entries.
 * Returns how many.
 */
static size_t
compatible_mentors(const struct matcher *m, const struct problem *pb,
    struct fmentee *e, size_t i, int32_t *stamp, size_t *idx,
    struct cand *buf)
{
	const struct fast	*f = &pb->fx;
	const struct fclass	*c, *end = f->cls + f->ncls;
	const struct pmentor	*r;
	const uint64_t		*bt = f->beats;
	const signed char	*lev;
	size_t			 n = 0, x, y, ni, nt = (size_t)f->nt;
	int64_t			 gain, base;
	uint64_t		 want;
	int32_t			 j, tag = (int32_t)i + 1;
	int			 sen = m->direction == DIR_SENIORITY;
	int			 ex = pb->xptr[i + 1] > pb->xptr[i];
	int			 k, gap, beats;

	fast_masks(m, f, e);
	want = e->want;
	for (x = pb->xptr[i]; x < pb->xptr[i + 1]; x++)
		stamp[pb->xcol[x]] = tag;
	for (c = f->cls; c < end; c++) {
		if ((m->direction == DIR_GENERATION && c->gen <= e->gen) ||
		    (c->langs & e->langs) == 0 ||
		    (c->site != e->site && !(c->remote & e->remote)))
			continue;
		base = c->site == e->site ? m->w.site : 0;
		/*
		 * The mentors that pass the direction (by seniority) and the
		 * topic rule, into idx, without a branch when the masks
		 * serve.
		 */
		ni = 0;
		if (e->masks && !sen)
			for (x = c->lo; x < c->hi; x++) {
				idx[ni] = x;
				ni += (bt[x] & want) != 0;
			}
		else if (e->masks)
			for (x = c->lo; x < c->hi; x++) {
				r = &f->pm[x];
				idx[ni] = x;
				ni += (bt[x] & want) != 0 &&
				    (r->hire > e->hire || r->grade < e->grade);
			}
		else
			for (x = c->lo; x < c->hi; x++) {
				r = &f->pm[x];
				if (sen && !(r->hire > e->hire ||
				    r->grade < e->grade))
					continue;
				lev = f->plevel + x * nt;
				for (beats = k = 0; k < e->nw && !beats; k++)
					beats = lev[e->wt[k]] > e->wl[k];
				if (beats)
					idx[ni++] = x;
			}
		for (y = 0; y < ni; y++) {
			x = idx[y];
			r = &f->pm[x];
			j = r->j;
			if (ex && stamp[j] == tag)
				continue;
			lev = f->plevel + x * nt;
			gain = 0;
			if (e->masks)
				for (k = 0; k < e->nw; k++)
					gain += e->wg[k][lev[e->wt[k]]];
			else
				for (k = 0; k < e->nw; k++) {
					gap = lev[e->wt[k]] - e->wl[k];
					if (gap > 0)
						gain += (int64_t)e->wi[k] *
						    (gap < m->w.cap ? gap :
						    m->w.cap);
				}
			gain = gain * m->w.topic + base +
			    (int64_t)bits((uint32_t)(r->avail & e->avail)) *
			    m->w.availability;
			if (r->department != e->department)
				gain += m->w.department;
			if (r->grade != INT32_MAX && e->rgrade >= 0 &&
			    r->grade < e->rgrade)
				gain += m->w.inversion;
			buf[n].score = gain;
			buf[n++].j = j;
		}
	}
	return n;
}

/*
 * Put the best k of a[0 .. n - 1] (k < n) first, in no order
 * (quickselect on worse()).
 */
static void
select_best(struct cand *a, size_t n, size_t k)
{
	struct cand	 pv, t;
	size_t		 lo = 0, hi = n - 1, i, j, mid;

	while (lo < hi) {
		/* The median of three, as the pivot. */
		mid = lo + (hi - lo) / 2;
		if (worse(&a[lo], &a[mid])) {
			t = a[lo]; a[lo] = a[mid]; a[mid] = t;
		}
		if (worse(&a[lo], &a[hi])) {
			t = a[lo]; a[lo] = a[hi]; a[hi] = t;
		}
		if (worse(&a[mid], &a[hi])) {
			t = a[mid]; a[mid] = a[hi]; a[hi] = t;
		}
		pv = a[mid];
		i = lo;
		j = hi;
		/* Hoare: the better ones go left. */
		for (;;) {
			while (worse(&pv, &a[i]))
				i++;
			while (worse(&a[j], &pv))
				j--;
			if (i >= j)
				break;
			t = a[i]; a[i] = a[j]; a[j] = t;
			i++;
			j--;
		}
		/* a[lo .. j] are no worse than a[j + 1 .. hi]. */
		if (k - 1 <= j)
			hi = j;
		else
			lo = j + 1;
	}
}

/* Sort a by mentor, least significant byte first; tmp as large as a. */
static void
sort_by_mentor(struct cand *a, size_t n, struct cand *tmp, size_t nmentors)
{
	size_t		 cnt[256], k, sum, x;
	struct cand	*src = a, *dst = tmp, *t;
	unsigned	 shift;

	for (shift = 0; shift < 32 && (nmentors - 1) >> shift; shift += 8) {
		memset(cnt, 0, sizeof(cnt));
		for (k = 0; k < n; k++)
			cnt[((uint32_t)src[k].j >> shift) & 0xff]++;
		for (sum = 0, k = 0; k < 256; k++) {
			x = cnt[k];
			cnt[k] = sum;
			sum += x;
		}
		for (k = 0; k < n; k++)
			dst[cnt[((uint32_t)src[k].j >> shift) & 0xff]++] =
			    src[k];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sizeof(*a));
}

/*
 * Keep the best k of buf[0 .. n - 1] (k < n) under worse(), in no
 * order, and return the best score left out.  Scores of a narrow range
 * (lo .. hi, as integer weights give) are counted: the k-th best score
 * T splits them, and among the mentors at T the earlier ones stay.
 * cnt has room for NCOUNT entries; tmp for n.
 */
#define NCOUNT	4096

static int64_t
keep_best(struct cand *buf, size_t n, size_t k, int64_t lo, int64_t hi,
    size_t *cnt, struct cand *tmp, size_t nmentors)
{
	size_t		 a, above = 0, w = 0, nt = 0, need;
	int64_t		 t, tau = INT64_MIN;

	if ((uint64_t)hi - (uint64_t)lo >= NCOUNT) {
		select_best(buf, n, k);
		for (a = k; a < n; a++)
			if (buf[a].score > tau)
				tau = buf[a].score;
		return tau;
	}
	memset(cnt, 0, (size_t)(hi - lo + 1) * sizeof(*cnt));
	for (a = 0; a < n; a++)
		cnt[buf[a].score - lo]++;
	for (t = hi; above + cnt[t - lo] < k; t--)
		above += cnt[t - lo];
	need = k - above;
	/* Those above T stay; those at T wait in tmp. */
	for (a = 0; a < n; a++) {
		if (buf[a].score > t)
			buf[w++] = buf[a];
		else if (buf[a].score == t)
			tmp[nt++] = buf[a];
	}
	if (need < nt) {
		sort_by_mentor(tmp, nt, tmp + nt, nmentors);
		tau = t;
	} else
		for (t--; t >= lo; t--)
			if (cnt[t - lo]) {
				tau = t;
				break;
			}
	memcpy(buf + w, tmp, need * sizeof(*buf));
	return tau;
}

/* A person's employee id and index, to find people by employee. */
struct byemp {
	int64_t		 emp;
	int32_t		 i;
};

static int
cmp_byemp(const void *a, const void *b)
{
	const struct byemp	*x = a, *y = b;

	if (x->emp != y->emp)
		return x->emp < y->emp ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static struct byemp *
byemp_make(const struct person *v, size_t n)
{
	struct byemp	*b;
	size_t		 i;

	if ((b = malloc((n + 1) * sizeof(*b))) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		b[i].emp = v[i].emp;
		b[i].i = (int32_t)i;
	}
	qsort(b, n, sizeof(*b), cmp_byemp);
	return b;
}

/* The first entry of b (n of them) for employee emp, or n. */
static size_t
byemp_find(const struct byemp *b, size_t n, int64_t emp)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (b[mid].emp < emp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
xpair_add(int64_t **v, size_t *n, size_t *a, size_t i, int32_t j)
{
	int64_t	*p;

	if (*n == *a) {
		*a = *a ? *a * 2 : 1024;
		if ((p = reallocarray(*v, *a, 2 * sizeof(*p))) == NULL)
			return -1;
		*v = p;
	}
	(*v)[2 * *n] = (int64_t)i;
	(*v)[2 * *n + 1] = j;
	(*n)++;
	return 0;
}

/*
 * The pairs the chain rule or a rejection rule out, per mentee (struct
 * problem's xptr and xcol): a mentor in the mentee's chain, a mentee in
 * the mentor's (both as in_chain() reads the chains, depth included), a
 * pair rejected or declined.  There are few: a chain is short.
 */
static enum tdm_err
exclusions(const struct matcher *m, struct problem *pb)
{
	struct byemp		*rs, *es;
	const struct person	*p;
	int64_t			*v = NULL;
	size_t			 n = 0, a = 0, i, j, k, x;
	int			 d, lim;
	enum tdm_err		 err = TDM_ENOMEM;

	rs = byemp_make(m->mentors, m->nmentors);
	es = byemp_make(m->mentees, m->nmentees);
	pb->xptr = calloc(m->nmentees + 2, sizeof(*pb->xptr));
	if (rs == NULL || es == NULL || pb->xptr == NULL)
		goto out;
	for (i = 0; i < m->nmentees; i++) {
		p = &m->mentees[i];
		lim = m->depth && m->depth < p->nanc ? m->depth : p->nanc;
		for (d = 0; d < lim; d++)
			for (x = byemp_find(rs, m->nmentors, p->anc[d]);
			    x < m->nmentors && rs[x].emp == p->anc[d]; x++)
				if (xpair_add(&v, &n, &a, i, rs[x].i) == -1)
					goto out;
	}
	for (j = 0; j < m->nmentors; j++) {
		p = &m->mentors[j];
		lim = m->depth && m->depth < p->nanc ? m->depth : p->nanc;
		for (d = 0; d < lim; d++)
			for (x = byemp_find(es, m->nmentees, p->anc[d]);
			    x < m->nmentees && es[x].emp == p->anc[d]; x++)
				if (xpair_add(&v, &n, &a, (size_t)es[x].i,
				    (int32_t)j) == -1)
					goto out;
	}
	for (k = 0; k < m->nrejected; k++)
		if (by_enrolment(m->mentors, m->nmentors,
		    m->rejected[2 * k], &j) != NULL &&
		    by_enrolment(m->mentees, m->nmentees,
		    m->rejected[2 * k + 1], &i) != NULL &&
		    xpair_add(&v, &n, &a, i, (int32_t)j) == -1)
			goto out;
	/* By mentee, counted. */
	if ((pb->xcol = malloc((n + 1) * sizeof(*pb->xcol))) == NULL)
		goto out;
	for (k = 0; k < n; k++)
		pb->xptr[v[2 * k] + 2]++;
	for (i = 0; i < m->nmentees; i++)
		pb->xptr[i + 2] += pb->xptr[i + 1];
	for (k = 0; k < n; k++)
		pb->xcol[pb->xptr[v[2 * k] + 1]++] = (int32_t)v[2 * k + 1];
	err = TDM_OK;
out:
	free(rs);
	free(es);
	free(v);
	return err;
}

/*
 * The first pass over all pairs: the rules, the counts, and each
 * mentee's candidates, its best kmax mentors by (score, then earlier
 * mentor).  A kept pair is always listed, even if a rule changed since
 * it was made.
 */
static enum tdm_err
build(struct matcher *m, struct problem *pb)
{
	struct tdm_score	 s;
	struct fmentee		 fe;
	struct cand		*buf, *tmp, c;
	size_t			 i, j, k, n, a, w, nbest, kmax;
	size_t			*cnt;
	int64_t			 low[3] = { -1, -1, 0 }, lo, hi;
	int32_t			 lj;
	int32_t			*used, *stamp, *pc;
	int64_t			*pk;
	size_t			*idx;
	int			 seen;

	/* As many candidates per mentee as the budget allows. */
	kmax = (size_t)match_candidates;
	if (kmax == 0) {
		k = m->nmentees ? PAIR_BUDGET / m->nmentees : 0;
		kmax = k > m->nmentors ? m->nmentors + 1 : k;
		if (kmax < CANDIDATES)
			kmax = CANDIDATES;
	}
	pb->rowptr = malloc((m->nmentees + 1) * sizeof(*pb->rowptr));
	pb->cap = malloc((m->nmentors + 1) * sizeof(*pb->cap));
	pb->ncompat = calloc(m->nmentees + 1, sizeof(*pb->ncompat));
	pb->tau = malloc((m->nmentees + 1) * sizeof(*pb->tau));
	buf = malloc((m->nmentors + 2) * sizeof(*buf));
	tmp = malloc((2 * m->nmentors + 2) * sizeof(*tmp));
	stamp = calloc(m->nmentors + 1, sizeof(*stamp));
	cnt = malloc(NCOUNT * sizeof(*cnt));
	idx = malloc((m->nmentors + 1) * sizeof(*idx));
	if (pb->rowptr == NULL || pb->cap == NULL || pb->ncompat == NULL ||
	    pb->tau == NULL || buf == NULL || tmp == NULL || stamp == NULL ||
	    cnt == NULL || idx == NULL || fast_init(m, &pb->fx) != TDM_OK ||
	    exclusions(m, pb) != TDM_OK) {
		free(buf);
		free(tmp);
		free(stamp);
		free(cnt);
		free(idx);
		return TDM_ENOMEM;
	}
	for (j = 0; j < m->nmentors; j++)
		pb->cap[j] = m->group && m->mentors[j].capacity > m->seats ?
		    m->seats : m->mentors[j].capacity;
	for (i = 0; i < m->nmentees; i++) {
		pb->rowptr[i] = pb->n;
		pb->tau[i] = INT64_MIN;
		fast_row(m, &m->mentees[i], &fe);
		n = compatible_mentors(m, pb, &fe, i, stamp, idx, buf);
		pb->ncompat[i] = n;
		pb->compatible += n;
		/* The worst pair of all, the first in (mentee, mentor). */
		lo = INT64_MAX;
		hi = INT64_MIN;
		lj = INT32_MAX;
		for (a = 0; a < n; a++) {
			if (buf[a].score > hi)
				hi = buf[a].score;
			if (buf[a].score > lo)
				continue;
			if (buf[a].score < lo || buf[a].j < lj) {
				lo = buf[a].score;
				lj = buf[a].j;
			}
		}
		if (n > 0 && (low[0] < 0 || lo < low[2])) {
			low[0] = (int64_t)i;
			low[1] = lj;
			low[2] = lo;
		}
		nbest = n;
		if (n > kmax) {
			/* tau: the best score left out. */
			pb->tau[i] = keep_best(buf, n, kmax, lo, hi, cnt, tmp,
			    m->nmentors);
			nbest = kmax;
			pb->truncated = 1;
		}
		seen = m->lock[i] == NOBODY;
		for (a = 0; a < nbest && !seen; a++)
			seen = buf[a].j == m->lock[i];
		if (!seen) {
			/* The kept pair takes the place of the worst. */
			j = (size_t)m->lock[i];
			score(m, &m->mentors[j], &m->mentees[i], &s);
			c.score = s.total;
			c.j = m->lock[i];
			if (nbest == kmax) {
				for (w = 0, a = 1; a < nbest; a++)
					if (worse(&buf[a], &buf[w]))
						w = a;
				if (buf[w].score > pb->tau[i])
					pb->tau[i] = buf[w].score;
				buf[w] = c;
			} else
				buf[nbest++] = c;
		}
		/* In mentor order, as a full pass would list them. */
		sort_by_mentor(buf, nbest, tmp, m->nmentors);
		for (a = 0; a < nbest; a++)
			if (push(pb, buf[a].j, -buf[a].score) == -1) {
				free(buf);
				free(tmp);
				free(stamp);
				free(cnt);
				free(idx);
				return TDM_ENOMEM;
			}
	}
	free(buf);
	free(tmp);
	free(stamp);
	free(cnt);
	free(idx);
	pb->rowptr[m->nmentees] = pb->n;
	/* The pairs stay until the end: give back what push() overshot. */
	if (pb->n > 0 && pb->n < pb->alloc) {
		if ((pc = reallocarray(pb->col, pb->n, sizeof(*pc))) != NULL)
			pb->col = pc;
		if ((pk = reallocarray(pb->cost, pb->n, sizeof(*pk))) != NULL)
			pb->cost = pk;
		/* Either way, both hold n. */
		pb->alloc = pb->n;
	}
	/*
	 * The solver's big-M, which puts "most mentees" before "best total",
	 * is reckoned from the costs it is given: they must span those of
	 * every compatible pair.  Each mentee's best pair is listed; the
	 * worst pair of all is added if it is not.
	 */
	if (low[0] >= 0 && !listed(pb, (size_t)low[0], (int32_t)low[1])) {
		low[2] = -low[2];
		if (merge(pb, m->nmentees, low, 1) != TDM_OK)
			return TDM_ENOMEM;
	}
	/*
	 * Kept pairs stay: a mentor whose seats shrank (the programme's
	 * group seats lowered) keeps them all and takes nobody new.
	 */
	if ((used = calloc(m->nmentors + 1, sizeof(*used))) == NULL)
		return TDM_ENOMEM;
	for (i = 0; i < m->nmentees; i++)
		if (m->lock[i] != NOBODY)
			used[m->lock[i]]++;
	for (k = 0; k < m->nmentors; k++)
		if (used[k] > pb->cap[k])
			pb->cap[k] = used[k];
	free(used);
	return TDM_OK;
}

static int
listed(const struct problem *pb, size_t i, int32_t j)
{
	size_t	 k;

	for (k = pb->rowptr[i]; k < pb->rowptr[i + 1]; k++)
		if (pb->col[k] == j)
			return 1;
	return 0;
}

/*
 * Merge the pairs of add (mentee, mentor, cost triples, in mentee order,
 * and in mentor order within a mentee) into the problem, keeping each row
 * in mentor order.  In place, from the end: an entry only moves up.
 */
static enum tdm_err
merge(struct problem *pb, size_t nrows, const int64_t *add, size_t nadd)
{
	size_t		 i, k, a, n, end, lo;
	int32_t		*col;
	int64_t		*cost;

	if (nadd == 0)
		return TDM_OK;
	if (pb->n + nadd > pb->alloc) {
		if ((col = reallocarray(pb->col, pb->n + nadd,
		    sizeof(*col))) == NULL)
			return TDM_ENOMEM;
		pb->col = col;
		if ((cost = reallocarray(pb->cost, pb->n + nadd,
		    sizeof(*cost))) == NULL)
			return TDM_ENOMEM;
		pb->cost = cost;
		pb->alloc = pb->n + nadd;
	}
	col = pb->col;
	cost = pb->cost;
	n = pb->n + nadd;
	a = nadd;
	for (i = nrows; i-- > 0;) {
		/* Row i's old entries k, its added ones a, backwards. */
		lo = pb->rowptr[i];
		k = pb->rowptr[i + 1];
		end = n;
		while (k > lo || (a > 0 && (size_t)add[3 * (a - 1)] == i)) {
			if (a > 0 && (size_t)add[3 * (a - 1)] == i &&
			    (k == lo || add[3 * (a - 1) + 1] > col[k - 1])) {
				a--;
				col[--n] = (int32_t)add[3 * a + 1];
				cost[n] = add[3 * a + 2];
			} else {
				k--;
				col[--n] = col[k];
				cost[n] = cost[k];
			}
		}
		pb->rowptr[i + 1] = end;
	}
	pb->n += nadd;
	return TDM_OK;
}

/*
 * The pricing pass.  A pair left out of the problem whose reduced cost is
 * negative could improve the solution: it is added, and the caller
 * solves again.  Only the mentees whose bound tau allows such a pair have
 * their compatible pairs checked again and scored on the fly; for the
 * others the bound proves there is none.  When no pair is added, the
 * solver's dual holds over every compatible pair, which proves the
 * solution optimal for the whole programme.  The pass also counts the
 * blocking pairs: a mentee and a mentor, compatible, who would both
 * rather be together than with what they got (a mentor with a free seat
 * takes anyone better than nothing).  Returns the number of pairs added,
 * or -1 when memory ran out.
 */
static long
price(struct matcher *m, struct problem *pb, const struct tdm_lap_result *res)
{
	struct fmentee		 fe;
	enum why		 why;
	int64_t			*worst = NULL, *have = NULL, *add = NULL, *v;
	int64_t			 sc, u, ntau;
	int32_t			*load = NULL, *mark = NULL, j;
	size_t			 i, k, nadd = 0, aadd = 0, blocks = 0;
	long			 rc = -1;

	worst = calloc(m->nmentors + 1, sizeof(*worst));
	load = calloc(m->nmentors + 1, sizeof(*load));
	mark = malloc((m->nmentors + 1) * sizeof(*mark));
	have = malloc((m->nmentees + 1) * sizeof(*have));
	if (worst == NULL || load == NULL || mark == NULL || have == NULL)
		goto out;
	for (j = 0; j < (int32_t)m->nmentors; j++)
		mark[j] = -1;
	for (i = 0; i < m->nmentees; i++) {
		have[i] = INT64_MIN;
		if ((j = res->col[i]) < 0)
			continue;
		for (k = pb->rowptr[i]; k < pb->rowptr[i + 1]; k++)
			if (pb->col[k] == j)
				have[i] = -pb->cost[k];
		if (load[j] == 0 || have[i] < worst[j])
			worst[j] = have[i];
		load[j]++;
	}
	for (i = 0; i < m->nmentees; i++) {
		if (m->fixed[i] || m->lock[i] != NOBODY)
			continue;
		for (k = pb->rowptr[i]; k < pb->rowptr[i + 1]; k++) {
			j = pb->col[k];
			sc = -pb->cost[k];
			if (j != res->col[i] && sc > have[i] &&
			    (load[j] < pb->cap[j] || sc > worst[j]))
				blocks++;
		}
		/* -u >= have: the bound covers the blocking pairs too. */
		u = res->u[i];
		if (pb->tau[i] == INT64_MIN || pb->tau[i] <= -u)
			continue;
		for (k = pb->rowptr[i]; k < pb->rowptr[i + 1]; k++)
			mark[pb->col[k]] = (int32_t)i;
		fast_row(m, &m->mentees[i], &fe);
		ntau = INT64_MIN;
		for (j = 0; j < (int32_t)m->nmentors; j++) {
			if (mark[j] == (int32_t)i ||
			    !fast_pair(m, &pb->fx, &fe, (size_t)j, &why, &sc))
				continue;
			if (sc > have[i] && (load[j] < pb->cap[j] ||
			    sc > worst[j]))
				blocks++;
			if (-sc - u - res->v[j] >= 0) {
				if (sc > ntau)
					ntau = sc;
				continue;
			}
			if (nadd == aadd) {
				aadd = aadd ? aadd * 2 : 1024;
				v = reallocarray(add, aadd, 3 * sizeof(*v));
				if (v == NULL)
					goto out;
				add = v;
			}
			add[3 * nadd] = (int64_t)i;
			add[3 * nadd + 1] = j;
			add[3 * nadd + 2] = -sc;
			nadd++;
		}
		pb->tau[i] = ntau;
	}
	pb->blocking = blocks;
	if (nadd > 0 && merge(pb, m->nmentees, add, nadd) != TDM_OK)
		goto out;
	rc = (long)nadd;
out:
	free(worst);
	free(load);
	free(mark);
	free(have);
	free(add);
	return rc;
}

/*
 * Each mentor's mentees in a solution: those of mentor j are who[ptr[j]]
 * .. who[ptr[j + 1] - 1], in increasing order.  Returns -1 when memory
 * ran out.
 */
static int
groups(const struct matcher *m, const int32_t *col, size_t **ptr,
    size_t **who)
{
	size_t	*p, *w, i, j;

	p = calloc(m->nmentors + 2, sizeof(*p));
	w = malloc((m->nmentees + 1) * sizeof(*w));
	if (p == NULL || w == NULL) {
		free(p);
		free(w);
		return -1;
	}
	for (i = 0; i < m->nmentees; i++)
		if (col[i] >= 0)
			p[col[i] + 2]++;
	for (j = 0; j < m->nmentors; j++)
		p[j + 2] += p[j + 1];
	for (i = 0; i < m->nmentees; i++)
		if (col[i] >= 0)
			w[p[col[i] + 1]++] = i;
	*ptr = p;
	*who = w;
	return 0;
}

/*
 * The topic a pair works on: the largest gain of mentee i with mentor j;
 * in a group format, the largest total gain of the mentor's whole group
 * (its mentees from groups()).
 */
static int
focus(const struct matcher *m, size_t j, size_t mentee, const size_t *ptr,
    const size_t *who)
{
	const struct person	*r = &m->mentors[j], *e;
	int64_t			 best = 0, gain;
	size_t			 k, lo = 0, hi = 1;
	int			 t, gap, top = -1;

	if (m->group) {
		lo = ptr[j];
		hi = ptr[j + 1];
	}
	for (t = 0; t < m->ntopics; t++) {
		gain = 0;
		for (k = lo; k < hi; k++) {
			e = &m->mentees[m->group ? who[k] : mentee];
			gap = r->level[t] - e->level[t];
			if (gap > 0 && e->interest[t] > 0)
				gain += (int64_t)e->interest[t] *
				    (gap < m->w.cap ? gap : m->w.cap);
		}
		if (gain > best) {
			best = gain;
			top = t;
		}
	}
	return top;
}

static const char *
explain(struct matcher *m, const struct person *r, const struct person *e,
    const struct tdm_score *s)
{
	struct tdm_buf	 b = TDM_BUF_INIT;
	const char	*out;
	int		 t, gap, n = 0;

	tdm_buf_addf(&b, "topics %lld (", (long long)s->topics);
	for (t = 0; t < m->ntopics; t++) {
		gap = r->level[t] - e->level[t];
		if (e->interest[t] <= 0 || gap <= 0)
			continue;
		tdm_buf_addf(&b, "%s%s: interest %d x gap %d", n++ ? ", " : "",
		    m->topic_code[t], e->interest[t],
		    gap < m->w.cap ? gap : m->w.cap);
	}
	n = popcount((unsigned)(r->avail & e->avail));
	tdm_buf_addf(&b, ") + availability %lld (%d common half-day%s)",
	    (long long)s->availability, n, n == 1 ? "" : "s");
	if (s->site)
		tdm_buf_addf(&b, " + same site %lld", (long long)s->site);
	if (s->department)
		tdm_buf_addf(&b, " + other department %lld",
		    (long long)s->department);
	if (s->inversion)
		tdm_buf_addf(&b, " + hierarchy inverted %lld",
		    (long long)s->inversion);
	out = b.failed ? NULL : arena_strdup(&m->arena, b.buf);
	tdm_buf_release(&b);
	return out;
}

static const char *
unmatched_reason(struct matcher *m, const struct problem *pb, size_t i)
{
	struct tdm_buf	 b = TDM_BUF_INIT;
	struct fmentee	 fe;
	const char	*out;
	enum why	 why;
	size_t		 n = pb->ncompat[i], j;
	int64_t		 sc;
	int		 k, first = 1, count[WHY__MAX];

	if (n > 0)
		tdm_buf_addf(&b, "every compatible mentor (%zu) is full", n);
	else if (m->nmentors == 0)
		tdm_buf_adds(&b, "no mentor has enrolled");
	else {
		/* The first rule each mentor fails, counted again. */
		memset(count, 0, sizeof(count));
		fast_row(m, &m->mentees[i], &fe);
		for (j = 0; j < m->nmentors; j++)
			if (!fast_pair(m, &pb->fx, &fe, j, &why, &sc))
				count[why]++;
		tdm_buf_addf(&b, "no compatible mentor among %zu: ",
		    m->nmentors);
		for (k = 0; k < WHY__MAX; k++) {
			if (count[k] == 0)
				continue;
			tdm_buf_addf(&b, "%s%s %d", first ? "" : ", ", whys[k],
			    count[k]);
			first = 0;
		}
	}
	out = b.failed ? NULL : arena_strdup(&m->arena, b.buf);
	tdm_buf_release(&b);
	return out;
}

struct priv {
	struct arena	 arena;
};

static int
cmp_report_pair(const void *a, const void *b)
{
	const struct tdm_match_pair	*x = a, *y = b;
	int				 c;

	if ((c = strcmp(x->mentor, y->mentor)) != 0)
		return c;
	return strcmp(x->mentee, y->mentee);
}

/* Turn the solution into the report; strings live in m's arena. */
static enum tdm_err
report(struct matcher *m, const struct problem *pb,
    const struct tdm_lap_result *res, struct tdm_match_report *rep)
{
	struct tdm_match_pair		*mp;
	struct tdm_match_unmatched	*u;
	int				*foci;
	size_t				 i, j, seats = 0;
	size_t				*gptr = NULL, *gwho = NULL;
	int				 f;

	rep->mentees = m->nmentees;
	rep->mentors = m->nmentors;
	for (j = 0; j < m->nmentors; j++)
		seats += (size_t)pb->cap[j];
	rep->seats = seats;
	rep->compatible_pairs = pb->compatible;
	rep->pairs = calloc(m->nmentees + 1, sizeof(*rep->pairs));
	rep->unmatched = calloc(m->nmentees + 1, sizeof(*rep->unmatched));
	foci = malloc((m->nmentors + 1) * sizeof(*foci));
	if (rep->pairs == NULL || rep->unmatched == NULL || foci == NULL ||
	    groups(m, res->col, &gptr, &gwho) == -1) {
		free(foci);
		return TDM_ENOMEM;
	}
	for (j = 0; j < m->nmentors; j++)
		foci[j] = -2;
	for (i = 0; i < m->nmentees; i++) {
		if (res->col[i] < 0) {
			u = &rep->unmatched[rep->nunmatched++];
			u->mentee = m->mentees[i].matricule;
			u->name = m->mentees[i].name;
			u->compatible = pb->ncompat[i] > 0;
			if (u->compatible)
				rep->capacity++;
			else
				rep->no_partner++;
			if ((u->reason = unmatched_reason(m, pb, i)) == NULL)
				goto nomem;
			continue;
		}
		j = (size_t)res->col[i];
		mp = &rep->pairs[rep->npairs++];
		mp->mentor = m->mentors[j].matricule;
		mp->mentor_name = m->mentors[j].name;
		mp->mentee = m->mentees[i].matricule;
		mp->mentee_name = m->mentees[i].name;
		mp->fixed = m->fixed[i] || m->lock[i] != NOBODY;
		rep->proposed += !mp->fixed;
		score(m, &m->mentors[j], &m->mentees[i], &mp->score);
		if ((mp->explanation = explain(m, &m->mentors[j],
		    &m->mentees[i], &mp->score)) == NULL)
			goto nomem;
		if (!m->group)
			f = focus(m, j, i, gptr, gwho);
		else if ((f = foci[j]) == -2)
			f = foci[j] = focus(m, j, i, gptr, gwho);
		mp->focus = f >= 0 ? m->topic_code[f] : "";
		rep->total_score += mp->score.total;
	}
	rep->matched = rep->npairs;
	qsort(rep->pairs, rep->npairs, sizeof(*rep->pairs), cmp_report_pair);
	rep->blocking_pairs = pb->blocking;
	free(foci);
	free(gptr);
	free(gwho);
	return TDM_OK;
nomem:
	free(foci);
	free(gptr);
	free(gwho);
	return TDM_ENOMEM;
}

/* Replace the proposal by the new one; kept pairs are left as they are. */
static enum tdm_err
save(struct matcher *m, const struct tdm_actor *actor,
    const struct tdm_lap_result *res, const struct tdm_match_report *rep)
{
	struct tdm_score	 s;
	sqlite3_stmt		*stmt;
	char			 now[TIMESTAMP_SIZE], terms[160];
	enum tdm_err		 err;
	size_t			 i, j, *gptr = NULL, *gwho = NULL;
	int			 f;

	if (groups(m, res->col, &gptr, &gwho) == -1)
		return TDM_ENOMEM;
	stmt = store_stmt(m->st, STMT_PAIR_DELETE_PROPOSED);
	sqlite3_bind_int64(stmt, 1, m->p.id);
	if ((err = store_exec(m->st, STMT_PAIR_DELETE_PROPOSED)) != TDM_OK)
		goto out;
	store_timestamp(m->st, now);
	for (i = 0; i < m->nmentees; i++) {
		if (res->col[i] < 0 || m->fixed[i])
			continue;
		j = (size_t)res->col[i];
		score(m, &m->mentors[j], &m->mentees[i], &s);
		snprintf(terms, sizeof(terms), "topics=%lld availability=%lld "
		    "site=%lld department=%lld inversion=%lld",
		    (long long)s.topics, (long long)s.availability,
		    (long long)s.site, (long long)s.department,
		    (long long)s.inversion);
		f = focus(m, j, i, gptr, gwho);
		stmt = store_stmt(m->st, STMT_PAIR_INSERT);
		sqlite3_bind_int64(stmt, 1, m->p.id);
		sqlite3_bind_int64(stmt, 2, m->mentors[j].enrol);
		sqlite3_bind_int64(stmt, 3, m->mentees[i].enrol);
		sqlite3_bind_int64(stmt, 4, s.total);
		store_bind_text(stmt, 5, terms, -1);
		store_bind_text(stmt, 6, f >= 0 ? m->topic_code[f] : "", -1);
		store_bind_text(stmt, 7, now, -1);
		if ((err = store_exec(m->st, STMT_PAIR_INSERT)) != TDM_OK)
			goto out;
	}
	stmt = store_stmt(m->st, STMT_MATCH_UNMATCHED_SET);
	sqlite3_bind_int64(stmt, 1, (int64_t)rep->no_partner);
	sqlite3_bind_int64(stmt, 2, (int64_t)rep->capacity);
	sqlite3_bind_int64(stmt, 3, m->p.id);
	if ((err = store_exec(m->st, STMT_MATCH_UNMATCHED_SET)) != TDM_OK)
		goto out;
	err = audit_append(m->st, actor, "match.run", "programme", m->p.name,
	    "%zu of %zu mentees matched, total score %lld, certificate %s",
	    rep->matched, rep->mentees, (long long)rep->total_score,
	    rep->certified ? "holds" : "FAILS");
out:
	free(gptr);
	free(gwho);
	return err;
}

static void
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

static double
elapsed(const struct timespec *t0)
{
	struct timespec	 t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

enum tdm_err
tdm_match(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, int dry_run, struct tdm_match_report **out,
    struct tdm_diags *d)
{
	struct matcher		 m;
	struct problem		 pb;
	struct tdm_lap_sparse	 sp;
	struct tdm_lap_result	 res = TDM_LAP_RESULT_INIT;
	struct tdm_lap_warm	*warm = NULL;
	struct tdm_match_report	*rep = NULL;
	struct priv		*priv = NULL;
	struct timespec		 t0;
	enum tdm_err		 err;
	long			 added;
	int			 holds = 0;

	*out = NULL;
	memset(&m, 0, sizeof(m));
	memset(&pb, 0, sizeof(pb));
	m.st = st;
	if ((err = authorize(actor, OP_PROGRAMME_MATCH, d)) != TDM_OK)
		return err;
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = programme_find(st, ref, &m.p, d)) != TDM_OK)
		goto fail;
	if (strcmp(m.p.state, "open") != 0 &&
	    strcmp(m.p.state, "matched") != 0) {
		tdm_diag_add(d, NULL, 0, 0, "cannot match programme \"%s\": "
		    "it is %s (matching runs once it is open)", m.p.name,
		    m.p.state);
		err = TDM_ESTATE;
		goto fail;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	err = TDM_ENOMEM;
	if ((rep = calloc(1, sizeof(*rep))) == NULL ||
	    (priv = calloc(1, sizeof(*priv))) == NULL ||
	    load_programme(&m, d) == -1 ||
	    (err = load_people(&m)) != TDM_OK ||
	    (err = load_topics(&m)) != TDM_OK ||
	    (err = load_chains(&m)) != TDM_OK ||
	    (err = load_decisions(&m)) != TDM_OK ||
	    (err = build(&m, &pb)) != TDM_OK)
		goto fail;
	memset(&sp, 0, sizeof(sp));
	sp.nrows = (int32_t)m.nmentees;
	sp.ncols = (int32_t)m.nmentors;
	sp.type = TDM_LAP_I64;
	sp.rowptr = pb.rowptr;
	sp.col = pb.col;
	sp.cost = pb.cost;
	sp.cap = pb.cap;
	sp.lock = m.lock;
	/*
	 * Solve over the candidates; price; solve again until no pair is
	 * added, each time from where the pairs added start to matter (the
	 * same result as solving afresh).  The certificate is checked on the
	 * last problem; the last pricing pass extends it to every pair.
	 */
	for (;;) {
		sp.rowptr = pb.rowptr;
		sp.col = pb.col;
		sp.cost = pb.cost;
		tdm_lap_result_free(&res);
		if ((err = tdm_lap_sparse_warm(&sp, &warm, &res)) != TDM_OK)
			goto fail;
		if ((added = price(&m, &pb, &res)) < 0) {
			err = TDM_ENOMEM;
			goto fail;
		}
		if (added == 0)
			break;
	}
	tdm_lap_warm_free(warm);
	warm = NULL;
	if ((err = tdm_lap_certify_sparse(&sp, &res, &holds)) != TDM_OK)
		goto fail;
	rep->certified = holds;
	if ((err = report(&m, &pb, &res, rep)) != TDM_OK)
		goto fail;
	rep->seconds = elapsed(&t0);
	rep->programme = arena_strdup(&m.arena, m.p.name);
	if (!dry_run) {
		if ((err = save(&m, actor, &res, rep)) != TDM_OK ||
		    (err = store_commit(st)) != TDM_OK)
			goto fail;
	} else
		store_rollback(st);
	/* The report's strings are the matcher's: hand them over. */
	priv->arena = m.arena;
	m.arena.head = NULL;
	rep->priv = priv;
	*out = rep;
	tdm_lap_result_free(&res);
	problem_free(&pb);
	matcher_free(&m);
	return TDM_OK;
fail:
	store_rollback(st);
	tdm_lap_warm_free(warm);
	tdm_lap_result_free(&res);
	problem_free(&pb);
	matcher_free(&m);
	if (rep != NULL) {
		free(rep->pairs);
		free(rep->unmatched);
		free(rep);
	}
	free(priv);
	return err;
}

void
tdm_match_report_free(struct tdm_match_report *rep)
{
	struct priv	*priv;

	if (rep == NULL)
		return;
	if ((priv = rep->priv) != NULL) {
		arena_free(&priv->arena);
		free(priv);
	}
	free(rep->pairs);
	free(rep->unmatched);
	free(rep);
}

/* A pair as the review finds it. */
struct found_pair {
	int64_t	 id;
	char	 state[16];
	int	 locked;
	int64_t	 mentor, mentee;	/* enrolment ids */
	char	 mentor_answer[16], mentee_answer[16];
};

/*
 * The latest live pair of a mentee (with this mentor, if not NULL);
 * TDM_ENOENT with a diagnostic if there is none.
 */
static enum tdm_err
find_pair(struct tdm_store *st, const struct programme_ref *p,
    const char *mentor, const char *mentee, struct found_pair *fp,
    struct tdm_diags *d)
{
	sqlite3_stmt	*stmt;
	enum tdm_err	 err;
	int64_t		 e, r = 0;
	int		 rc;

	if ((err = employee_find(st, mentee, 0, &e, d)) != TDM_OK ||
	    (mentor != NULL && (err = employee_find(st, mentor, 0, &r, d)) !=
	    TDM_OK))
		return err;
	stmt = store_stmt(st, STMT_PAIR_FIND);
	sqlite3_bind_int64(stmt, 1, p->id);
	sqlite3_bind_int64(stmt, 2, e);
	sqlite3_bind_int64(stmt, 3, r);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		fp->id = sqlite3_column_int64(stmt, 0);
		snprintf(fp->state, sizeof(fp->state), "%s",
		    column_text(stmt, 1));
		fp->locked = sqlite3_column_int(stmt, 2);
		fp->mentor = sqlite3_column_int64(stmt, 3);
		fp->mentee = sqlite3_column_int64(stmt, 4);
		snprintf(fp->mentor_answer, sizeof(fp->mentor_answer), "%s",
		    column_text(stmt, 5));
		snprintf(fp->mentee_answer, sizeof(fp->mentee_answer), "%s",
		    column_text(stmt, 6));
	}
	sqlite3_reset(stmt);
	if (rc == SQLITE_ROW)
		return TDM_OK;
	if (rc != SQLITE_DONE)
		return TDM_EDB;
	if (mentor != NULL)
		tdm_diag_add(d, NULL, 0, 0, "%s and %s are not a pair in "
		    "\"%s\"", mentor, mentee, p->name);
	else
		tdm_diag_add(d, NULL, 0, 0, "%s has no pair in \"%s\"; run "
		    "\"tandem match\" first", mentee, p->name);
	return TDM_ENOENT;
}

/* Open a review act: role, transaction, programme open or matched. */
static enum tdm_err
review_begin(struct tdm_store *st, const struct tdm_actor *actor,
    enum op op, const char *ref, struct programme_ref *p,
    struct tdm_diags *d)
{
	enum tdm_err	 err;

	if (op != OP__MAX && (err = authorize(actor, op, d)) != TDM_OK)
		return err;
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = programme_find(st, ref, p, d)) != TDM_OK) {
		store_rollback(st);
		return err;
	}
	if (strcmp(p->state, "open") != 0 && strcmp(p->state, "matched") != 0 &&
	    strcmp(p->state, "running") != 0) {
		tdm_diag_add(d, NULL, 0, 0, "programme \"%s\" is %s: its pairs "
		    "cannot change", p->name, p->state);
		store_rollback(st);
		return TDM_ESTATE;
	}
	return TDM_OK;
}

static enum tdm_err
review_end(struct tdm_store *st, enum tdm_err err)
{
	if (err == TDM_OK && (err = store_commit(st)) == TDM_OK)
		return TDM_OK;
	store_rollback(st);
	return err;
}

enum tdm_err
tdm_pair_lock(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *mentee, int lock, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct found_pair	 fp;
	sqlite3_stmt		*stmt;
	enum tdm_err		 err;

	if ((err = review_begin(st, actor, OP_PAIR_REVIEW, ref, &p, d)) !=
	    TDM_OK)
		return err;
	if ((err = find_pair(st, &p, NULL, mentee, &fp, d)) != TDM_OK)
		return review_end(st, err);
	if (strcmp(fp.state, "proposed") != 0) {
		tdm_diag_add(d, NULL, 0, 0, "the pair of %s is %s already: "
		    "it stays as it is", mentee, fp.state);
		return review_end(st, TDM_ESTATE);
	}
	stmt = store_stmt(st, STMT_PAIR_SET_LOCK);
	sqlite3_bind_int(stmt, 1, lock != 0);
	sqlite3_bind_int64(stmt, 2, fp.id);
	if ((err = store_exec(st, STMT_PAIR_SET_LOCK)) == TDM_OK)
		err = audit_append(st, actor, lock ? "pair.lock" :
		    "pair.unlock", "programme", p.name, "%s", mentee);
	return review_end(st, err);
}

enum tdm_err
tdm_pair_reject(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *mentor, const char *mentee,
    struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct found_pair	 fp;
	struct tdm_diags	 quiet = TDM_DIAGS_INIT;
	sqlite3_stmt		*stmt;
	char			 now[TIMESTAMP_SIZE];
	int64_t			 r, e;
	enum tdm_err		 err;

	if ((err = review_begin(st, actor, OP_PAIR_REVIEW, ref, &p, d)) !=
	    TDM_OK)
		return err;
	if ((err = enrolment_find(st, &p, mentor, "mentor", &r, d)) !=
	    TDM_OK || (err = enrolment_find(st, &p, mentee, "mentee", &e,
	    d)) != TDM_OK)
		return review_end(st, err);
	if (find_pair(st, &p, mentor, mentee, &fp, &quiet) == TDM_OK) {
		if (strcmp(fp.state, "proposed") != 0) {
			tdm_diag_add(d, NULL, 0, 0, "the pair of %s and %s is "
			    "%s: only its members can end it now (decline)",
			    mentor, mentee, fp.state);
			tdm_diags_free(&quiet);
			return review_end(st, TDM_ESTATE);
		}
		stmt = store_stmt(st, STMT_PAIR_DELETE);
		sqlite3_bind_int64(stmt, 1, fp.id);
		if ((err = store_exec(st, STMT_PAIR_DELETE)) != TDM_OK) {
			tdm_diags_free(&quiet);
			return review_end(st, err);
		}
	}
	tdm_diags_free(&quiet);
	store_timestamp(st, now);
	stmt = store_stmt(st, STMT_PAIR_REJECT);
	sqlite3_bind_int64(stmt, 1, p.id);
	sqlite3_bind_int64(stmt, 2, r);
	sqlite3_bind_int64(stmt, 3, e);
	store_bind_text(stmt, 4, actor->name, -1);
	store_bind_text(stmt, 5, now, -1);
	if ((err = store_exec(st, STMT_PAIR_REJECT)) == TDM_OK)
		err = audit_append(st, actor, "pair.reject", "programme",
		    p.name, "%s and %s", mentor, mentee);
	return review_end(st, err);
}

enum tdm_err
tdm_pair_publish(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, size_t *published, struct tdm_diags *d)
{
	struct programme_ref	 p;
	sqlite3_stmt		*stmt;
	char			 now[TIMESTAMP_SIZE];
	enum tdm_err		 err;
	size_t			 n;

	*published = 0;
	if ((err = review_begin(st, actor, OP_PAIR_REVIEW, ref, &p, d)) !=
	    TDM_OK)
		return err;
	store_timestamp(st, now);
	stmt = store_stmt(st, STMT_PAIR_PUBLISH);
	store_bind_text(stmt, 1, now, -1);
	sqlite3_bind_int64(stmt, 2, p.id);
	if ((err = store_exec(st, STMT_PAIR_PUBLISH)) != TDM_OK)
		return review_end(st, err);
	if ((n = (size_t)sqlite3_changes(st->db)) == 0) {
		tdm_diag_add(d, NULL, 0, 0, "programme \"%s\" has no proposed "
		    "pair to publish; run \"tandem match\" first", p.name);
		return review_end(st, TDM_ESTATE);
	}
	if ((err = audit_append(st, actor, "pair.publish", "programme",
	    p.name, "%zu pairs", n)) != TDM_OK)
		return review_end(st, err);
	if (strcmp(p.state, "open") == 0)
		err = programme_mark_matched(st, actor, &p, d);
	if (err == TDM_OK)
		*published = n;
	return review_end(st, err);
}

enum tdm_err
tdm_pair_answer(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *mentor, const char *mentee,
    const char *member, int accept, const char *note, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct found_pair	 fp;
	sqlite3_stmt		*stmt;
	char			 now[TIMESTAMP_SIZE];
	const char		*answer = accept ? "accepted" : "declined";
	const char		*state, *mine, *other;
	int64_t			 who;
	int			 as_mentor;
	enum tdm_err		 err;

	if (strcmp(member, mentor) != 0 && strcmp(member, mentee) != 0) {
		tdm_diag_add(d, NULL, 0, 0, "%s is neither the mentor nor the "
		    "mentee of this pair", member);
		return TDM_EINVAL;
	}
	as_mentor = strcmp(member, mentor) == 0;
	if ((err = review_begin(st, actor, OP__MAX, ref, &p, d)) != TDM_OK)
		return err;
	if ((err = employee_find(st, member, 0, &who, d)) != TDM_OK)
		return review_end(st, err);
	if ((err = authorize_self(actor, who, OP_PAIR_ANSWER_OTHER, d)) !=
	    TDM_OK)
		return review_end(st, err);
	if ((err = find_pair(st, &p, mentor, mentee, &fp, d)) != TDM_OK)
		return review_end(st, err);
	mine = as_mentor ? fp.mentor_answer : fp.mentee_answer;
	other = as_mentor ? fp.mentee_answer : fp.mentor_answer;
	if (strcmp(fp.state, "published") != 0 || *mine != '\0') {
		if (*mine != '\0')
			tdm_diag_add(d, NULL, 0, 0, "%s has %s already",
			    member, mine);
		else
			tdm_diag_add(d, NULL, 0, 0, "the pair of %s and %s is "
			    "%s, not published: there is nothing to answer "
			    "yet", mentor, mentee, fp.state);
		return review_end(st, TDM_ESTATE);
	}
	if (note != NULL && strlen(note) > 2000) {
		tdm_diag_add(d, "note", 0, 0, "longer than 2000 characters");
		return review_end(st, TDM_EINVAL);
	}
	state = !accept ? "declined" : strcmp(other, "accepted") == 0 ?
	    "accepted" : "published";
	stmt = store_stmt(st, STMT_PAIR_ANSWER);
	store_bind_text(stmt, 1, as_mentor ? answer : NULL, -1);
	store_bind_text(stmt, 2, as_mentor ? NULL : answer, -1);
	store_bind_text(stmt, 3, state, -1);
	store_bind_text(stmt, 4, accept ? NULL : note, -1);
	sqlite3_bind_int64(stmt, 5, fp.id);
	if ((err = store_exec(st, STMT_PAIR_ANSWER)) != TDM_OK)
		return review_end(st, err);
	if (!accept) {
		/* A decline frees both, and the pair never comes back. */
		store_timestamp(st, now);
		stmt = store_stmt(st, STMT_PAIR_REJECT);
		sqlite3_bind_int64(stmt, 1, p.id);
		sqlite3_bind_int64(stmt, 2, fp.mentor);
		sqlite3_bind_int64(stmt, 3, fp.mentee);
		store_bind_text(stmt, 4, member, -1);
		store_bind_text(stmt, 5, now, -1);
		if ((err = store_exec(st, STMT_PAIR_REJECT)) != TDM_OK)
			return review_end(st, err);
	}
	/* The note stays private: not even the audit log has it. */
	err = audit_append(st, actor, accept ? "pair.accept" : "pair.decline",
	    "programme", p.name, "%s for the pair of %s and %s", member,
	    mentor, mentee);
	return review_end(st, err);
}

enum tdm_err
tdm_pair_each(struct tdm_store *st, const char *ref,
    int (*fn)(void *, const struct tdm_pair *), void *arg,
    struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct tdm_pair		 pr;
	sqlite3_stmt		*stmt;
	enum tdm_err		 err;
	int			 rc;

	if ((err = programme_find(st, ref, &p, d)) != TDM_OK)
		return err;
	stmt = store_stmt(st, STMT_PAIR_LIST);
	sqlite3_bind_int64(stmt, 1, p.id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		pr.mentor = column_text(stmt, 0);
		pr.mentor_name = column_text(stmt, 1);
		pr.mentee = column_text(stmt, 2);
		pr.mentee_name = column_text(stmt, 3);
		pr.state = column_text(stmt, 4);
		pr.locked = sqlite3_column_int(stmt, 5);
		pr.score = sqlite3_column_int64(stmt, 6);
		pr.terms = column_text(stmt, 7);
		pr.focus = column_text(stmt, 8);
		pr.mentor_answer = column_text(stmt, 9);
		pr.mentee_answer = column_text(stmt, 10);
		pr.ended = sqlite3_column_int(stmt, 11);
		if (fn(arg, &pr) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? TDM_OK : TDM_EDB;
}

int
tdm_pair_visible(const struct tdm_pair *p, const char *member)
{
	return strcmp(p->state, "proposed") != 0 &&
	    (strcmp(p->mentor, member) == 0 || strcmp(p->mentee, member) == 0);
}
