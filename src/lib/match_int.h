/*
 * What the matcher's files share, and only they (as SQLite's where*.c
 * share whereInt.h).  The matcher is five files, one concern each:
 *
 *	match_load.c	the programme's volunteers, from the store;
 *	match_rules.c	the compatibility rules and the score, written
 *			once, for the fast passes over all pairs, the
 *			explanations and the checks;
 *	match_problem.c	the solver's sparse problem and its pricing;
 *	match_explain.c	the report: scores, foci and reasons in words;
 *	match.c		tdm_match(): the order of the steps, and saving.
 *
 * The pairs' life after the proposal is pair.c's, and the assignment
 * itself solver.c's.
 */
#ifndef TANDEM_MATCH_INT_H
#define TANDEM_MATCH_INT_H

#include <stddef.h>
#include <stdint.h>

#include "tandem/match.h"
#include "tandem/solver.h"
#include "arena.h"
#include "internal.h"

#define MAXTOPICS	64	/* a programme's topics, bits of a mask */
#define MAXDEPTH	64	/* management levels followed */
#define NOBODY		(-1)

/*
 * Why a pair is not compatible: the first rule that fails, in the order
 * the rules are tested, cheapest first.
 */
enum why {
	WHY_DIRECTION,
	WHY_LANGUAGE,
	WHY_SITE,
	WHY_TOPIC,
	WHY_CHAIN,
	WHY_REJECTED,
	WHY__MAX
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
	/*
	 * Matching again while the programme runs: a kept pair's mentee
	 * is listed with its mentor only (no scan of the others), so that
	 * those who wait are matched in the time their own rows take.
	 */
	int			 rematch;
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
	/*
	 * Per mentee, the mentors that the chain rule or a rejection rule
	 * out, whatever the other rules say: xcol[xptr[i]] ..
	 * xcol[xptr[i + 1] - 1].
	 */
	size_t		*xptr;
	int32_t		*xcol;
};

/* A compatible mentor j of some mentee, and the pair's score. */
struct cand {
	int64_t	 score;
	int32_t	 j;
};

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
	size_t		 rescans;	/* mentees the rules read again */
	/*
	 * Per mentee: no compatible pair left out of the problem scores
	 * more (INT64_MIN: none is left out).  Prices are never positive,
	 * so a mentee whose potential u has -u >= tau has no unlisted pair
	 * of negative reduced cost, and no unlisted blocking pair: the
	 * pricing passes skip it.
	 */
	int64_t		*tau;
	/*
	 * The reserve: each mentee's next best mentors after those listed
	 * (up to match_reserve in all), kept aside with their scores so
	 * that a pricing pass reads them from memory, not from the rules:
	 * rcol[rptr[i]] .. rcol[rptr[i + 1] - 1], in no order, a pair that
	 * pricing listed since still there.  tau is then the best score
	 * left out of both.
	 */
	size_t		*rptr;
	int32_t		*rcol;
	int64_t		*rsc;
	struct fast	 fx;	/* the rules' form of the volunteers */
};

/* match_load.c: the programme, its people, topics, chains, decisions. */
enum tdm_err	 match_load(struct matcher *);
void		 matcher_free(struct matcher *);
struct person	*by_enrolment(struct person *, size_t, int64_t enrol,
		    size_t *index);
/* The order of m->rejected's (mentor, mentee) pairs, for bsearch(). */
int		 cmp_rejection(const void *, const void *);

/*
 * match_rules.c.  The capped level gap of mentor r over mentee e on topic
 * t, when it counts (e wants t, r's level is above): else 0.
 */
int		 rule_gap(const struct matcher *, const struct person *r,
		    const struct person *e, int t);

/* The half-days of the week r and e are both available. */
int		 rule_common(const struct person *r, const struct person *e);

/* The score of a pair, term by term, as explained. */
void		 match_score(const struct matcher *, const struct person *r,
		    const struct person *e, struct tdm_score *);

/* The fast passes' form of the volunteers (struct fast), and mentee's. */
enum tdm_err	 fast_init(const struct matcher *, struct fast *);
void		 fast_free(struct fast *);
void		 fast_row(const struct matcher *, const struct person *,
		    struct fmentee *);

/*
 * Every mentor compatible with mentee e (number i), into buf with their
 * scores, in no particular order.  stamp and idx are work for nmentors
 * entries (stamp zero at first).  Returns how many.
 */
size_t		 compatible_mentors(const struct matcher *, const struct fast *,
		    struct fmentee *e, size_t i, int32_t *stamp, size_t *idx,
		    struct cand *buf);

/*
 * The same for the mentors j with mark[j] != tag, in mentor order, one
 * pair at a time (the pricing pass reads few mentees).
 */
size_t		 compatible_unmarked(const struct matcher *,
		    const struct fast *, const struct fmentee *e,
		    const int32_t *mark, int32_t tag, struct cand *buf);

/* How many mentors fail each rule first with mentee i (count[WHY__MAX]). */
void		 rules_failed(const struct matcher *, const struct fast *,
		    size_t i, int *count);

/*
 * The debug check: whether mentee i and mentor j, matched with score in
 * the problem, score that by the fast rules and by match_score() too.
 */
int		 rules_agree(const struct matcher *, const struct fast *,
		    size_t i, size_t j, int64_t score);

/* match_problem.c: the first pass, each pricing pass, the pairs' cost. */
enum tdm_err	 problem_build(struct matcher *, struct problem *);
long		 problem_price(struct matcher *, struct problem *,
		    const struct tdm_lap_result *, size_t *tight);
int64_t		 problem_score(const struct problem *, size_t i, int32_t j);
void		 problem_keep(struct problem *, size_t nrows,
		    const int32_t *col);
void		 problem_free(struct problem *);

/*
 * match_explain.c.  Each mentor's mentees in a solution (who[ptr[j]] ..
 * who[ptr[j + 1] - 1]; -1 when memory ran out); the topic a pair works
 * on (-1: none), over the mentor's whole group in a group format; and
 * the report, its strings in the matcher's arena.
 */
int		 groups(const struct matcher *, const int32_t *col,
		    size_t **ptr, size_t **who);
int		 focus(const struct matcher *, size_t j, size_t mentee,
		    const size_t *ptr, const size_t *who);
enum tdm_err	 match_report(struct matcher *, const struct problem *,
		    const struct tdm_lap_result *, struct tdm_match_report *);

#endif
