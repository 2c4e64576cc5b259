/*
 * The demonstration programme of demo.h: roles, a coach, an open
 * programme and its volunteers, made through the public calls of the
 * library as a programme manager and the volunteers would make them.
 * It decides nothing the rules do not allow; it only picks plausible
 * people and choices from a seeded stream.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tandem/tandem.h"
#include "calendar.h"
#include "date.h"
#include "db.h"


static const char *const topics[] = {
	"web-search", "personal-data", "social-selling", "digital-tools",
	"generative-ai",
};
#define NTOPICS 5

static const char *const halfdays[] = {
	"mon-am", "mon-pm", "tue-am", "tue-pm", "wed-am", "wed-pm",
	"thu-am", "thu-pm", "fri-am", "fri-pm",
};

struct person {
	char	 matricule[32];
	char	 generation[16];
	char	 department[128];
	char	 grade[32];
	int	 ceo;
};

struct roster {
	struct person	*v;
	size_t		 n, alloc;
};

static uint64_t
next(uint64_t *s)
{
	uint64_t	 z = (*s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static unsigned
below(uint64_t *s, unsigned n)
{
	return (unsigned)(next(s) % n);
}

static int
collect(void *arg, const struct tdm_employee *e)
{
	struct roster	*r = arg;
	struct person	*p;

	if (r->n == r->alloc) {
		r->alloc = r->alloc ? r->alloc * 2 : 1024;
		if ((p = reallocarray(r->v, r->alloc, sizeof(*p))) == NULL)
			return 1;
		r->v = p;
	}
	p = &r->v[r->n++];
	snprintf(p->matricule, sizeof(p->matricule), "%s", e->matricule);
	snprintf(p->generation, sizeof(p->generation), "%s", e->generation);
	snprintf(p->department, sizeof(p->department), "%s", e->department);
	snprintf(p->grade, sizeof(p->grade), "%s", e->grade);
	p->ceo = *e->manager == '\0';
	return 0;
}

/*
 * A Monday some weeks from the store's today (negative: ago), then
 * months later, as yyyy-mm-dd.
 */
static void
start_date(struct tdm_store *st, char *buf, size_t size, int weeks,
    int months)
{
	time_t		 t = tdm_store_now(st) + (time_t)weeks * 7 * 86400;
	struct tm	 tm;

	gmtime_r(&t, &tm);
	t += (time_t)((8 - tm.tm_wday) % 7) * 86400;
	t += (time_t)months * 30 * 86400;
	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
}

/* "code=L,code=L" or "code=L:I,..." over 1 to 3 distinct topics. */
static void
choose_topics(uint64_t *s, int mentee, char *buf, size_t size)
{
	unsigned	 picked = 0, k, i, n = 1 + below(s, 3);
	size_t		 len = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		k = below(s, NTOPICS);
		if (picked & (1u << k))
			continue;
		picked |= 1u << k;
		if (mentee)
			len += (size_t)snprintf(buf + len, size - len,
			    "%s%s=%u:%u", len ? "," : "", topics[k],
			    below(s, 3), 1 + below(s, 3));
		else
			len += (size_t)snprintf(buf + len, size - len,
			    "%s%s=%u", len ? "," : "", topics[k],
			    3 + below(s, 2));
	}
}

static void
choose_availability(uint64_t *s, char *buf, size_t size)
{
	unsigned	 i;
	size_t		 len = 0;

	buf[0] = '\0';
	for (i = 0; i < 10; i++)
		if (below(s, 10) < 5)
			len += (size_t)snprintf(buf + len, size - len, "%s%s",
			    len ? "," : "", halfdays[i]);
	if (len == 0)
		snprintf(buf, size, "thu-pm");
}

/*
 * Who volunteers, and as what: 0 nobody, 1 mentor, 2 mentee.  Taking
 * part is a minority's choice, and reverse mentoring runs from the
 * younger to the elder.
 */
static int
volunteers(uint64_t *s, const struct person *p)
{
	unsigned	 r = below(s, 100);

	if (p->ceo)
		return 2;
	if (strcmp(p->generation, "z") == 0)
		return r < 30 ? 1 : 0;
	if (strcmp(p->generation, "y") == 0)
		return r < 10 ? 1 : 0;
	if (strcmp(p->generation, "x") == 0)
		return r < 10 ? 2 : 0;
	if (strcmp(p->generation, "boomers") == 0)
		return r < 25 ? 2 : 0;
	return 0;
}

/*
 * Match, publish, and answer: both members accept most pairs; in about
 * one pair in twelve one of them declines, with a private note.
 */
static enum tdm_err
pair_up(struct tdm_store *st, const struct tdm_actor *manager, uint64_t *s,
    struct tdm_demo_summary *sum, struct tdm_diags *d)
{
	struct tdm_match_report	*rep;
	struct tdm_actor	 a;
	const char		*who;
	enum tdm_err		 err;
	size_t			 i, n;
	int			 accept;

	if ((err = tdm_match(st, manager, sum->programme, 0, &rep, d)) !=
	    TDM_OK)
		return err;
	sum->certified = rep->certified;
	if ((err = tdm_pair_publish(st, manager, sum->programme, &n, d)) !=
	    TDM_OK)
		goto out;
	sum->pairs = (int)n;
	for (i = 0; i < rep->npairs; i++) {
		accept = below(s, 12) != 0;
		who = accept || below(s, 2) ? rep->pairs[i].mentee :
		    rep->pairs[i].mentor;
		if ((err = tdm_actor_load(st, who, &a, d)) != TDM_OK ||
		    (err = tdm_pair_answer(st, &a, sum->programme,
		    rep->pairs[i].mentor, rep->pairs[i].mentee, who, accept,
		    accept ? NULL : "Pas disponible ce trimestre.", d)) !=
		    TDM_OK)
			goto out;
		if (!accept) {
			sum->declined++;
			continue;
		}
		who = rep->pairs[i].mentor;
		if ((err = tdm_actor_load(st, who, &a, d)) != TDM_OK ||
		    (err = tdm_pair_answer(st, &a, sum->programme,
		    rep->pairs[i].mentor, rep->pairs[i].mentee, who, 1, NULL,
		    d)) != TDM_OK)
			goto out;
		sum->accepted++;
	}
out:
	tdm_match_report_free(rep);
	return err;
}

struct past {
	int64_t		 id;
	char		 mentor[32];
	char		 mentee[32];
};

struct pasts {
	struct past	*v;
	size_t		 n, alloc;
	time_t		 now;
	int		 failed;
};

static int
collect_past(void *arg, const struct tdm_session *s)
{
	struct pasts	*p = arg;
	struct past	*v;

	if (s->start >= p->now || strcmp(s->state, "planned") != 0)
		return 0;
	if (p->n == p->alloc) {
		p->alloc = p->alloc ? p->alloc * 2 : 64;
		if ((v = reallocarray(p->v, p->alloc, sizeof(*v))) == NULL) {
			p->failed = 1;
			return 1;
		}
		p->v = v;
	}
	p->v[p->n].id = s->id;
	snprintf(p->v[p->n].mentor, sizeof(p->v[0].mentor), "%s", s->mentor);
	snprintf(p->v[p->n].mentee, sizeof(p->v[0].mentee), "%s", s->mentee);
	p->n++;
	return 0;
}

static enum tdm_err
as(struct tdm_store *st, const char *who, struct tdm_actor *a,
    struct tdm_diags *d)
{
	return tdm_actor_load(st, who, a, d);
}

/* A member's closing levels: each wanted topic one or two levels up. */
struct closing {
	char	 who[32];
	char	 levels[256];
	int	 mentee;
	size_t	 place;		/* in the walk of the enrolments */
};

static int
collect_closing(void *arg, const struct tdm_enrolment *e)
{
	struct closing	*c = arg;
	const char	*p, *end, *eq;
	size_t		 n = 0;
	int		 level;

	if (strcmp(e->matricule, c->who) != 0)
		return 0;
	c->mentee = strcmp(e->role, "mentee") == 0;
	c->levels[0] = '\0';
	for (p = e->topics; *p != '\0' && c->mentee;
	    p = *end ? end + 1 : end) {
		end = p + strcspn(p, ",");
		if ((eq = memchr(p, '=', (size_t)(end - p))) == NULL)
			continue;
		level = eq[1] - '0' + 1 + (int)((end - p) % 2);
		n += (size_t)snprintf(c->levels + n, sizeof(c->levels) - n,
		    "%s%.*s=%d", n ? "," : "", (int)(eq - p), p,
		    level > 4 ? 4 : level);
		if (n >= sizeof(c->levels))
			break;
	}
	return 1;
}

/*
 * Every member's closing levels, read once when the first is asked for:
 * a walk of the enrolments per member was quadratic (most of the demo's
 * time at 100,000 employees).  Members in the order of the walk, each
 * with its place in it, sorted by matricule then place.
 */
struct closings {
	struct closing	*v;
	size_t		 n, alloc;
	int		 loaded, failed;
};

static int
keep_closing(void *arg, const struct tdm_enrolment *e)
{
	struct closings	*all = arg;
	struct closing	*v;

	if (all->n == all->alloc) {
		all->alloc = all->alloc ? all->alloc * 2 : 256;
		if ((v = reallocarray(all->v, all->alloc, sizeof(*v))) ==
		    NULL) {
			all->failed = 1;
			return 1;
		}
		all->v = v;
	}
	v = &all->v[all->n];
	memset(v, 0, sizeof(*v));
	snprintf(v->who, sizeof(v->who), "%s", e->matricule);
	(void)collect_closing(v, e);
	v->place = all->n++;
	return 0;
}

static int
closing_cmp(const void *a, const void *b)
{
	const struct closing	*x = a, *y = b;
	int			 c = strcmp(x->who, y->who);

	return c != 0 ? c : x->place < y->place ? -1 : x->place > y->place;
}

static int
closing_who(const void *key, const void *elt)
{
	return strcmp(key, ((const struct closing *)elt)->who);
}

/*
 * c->who's levels into *c, as the first of their enrolments in the
 * programme's walk gives them; *c is left as it is when they have none.
 */
static enum tdm_err
closing_of(struct tdm_store *st, const struct tdm_actor *manager,
    const char *programme, struct closings *all, struct closing *c,
    struct tdm_diags *d)
{
	struct closing	*hit;
	enum tdm_err	 err;

	if (!all->loaded) {
		if ((err = tdm_enrolment_each(st, manager, programme, 0,
		    keep_closing, all, d)) != TDM_OK)
			return err;
		if (all->failed)
			return TDM_ENOMEM;
		if (all->n > 0)
			qsort(all->v, all->n, sizeof(*all->v), closing_cmp);
		all->loaded = 1;
	}
	if (all->n == 0 || (hit = bsearch(c->who, all->v, all->n,
	    sizeof(*all->v), closing_who)) == NULL)
		return TDM_OK;
	/* The first of theirs in the walk, as the walk stopped there. */
	while (hit > all->v && strcmp(hit[-1].who, c->who) == 0)
		hit--;
	*c = *hit;
	return TDM_OK;
}

/*
 * Both sides measured (surveys): from a closing levels list
 * ("code=N,..."), the topics alone ("code,...") or, with practices set,
 * the first item of each topic's checklist (migration 015), as a mentee
 * who changed one thing per topic would tick.
 */
static void
demo_codes(const char *levels, int practices, char *out, size_t outsz)
{
	static const char *const first[][2] = {
		{ "web-search", "search-operators" },
		{ "personal-data", "privacy-settings" },
		{ "social-selling", "profile-updated" },
		{ "digital-tools", "new-app-used" },
		{ "collaboration", "shared-document" },
		{ "generative-ai", "genai-real-task" },
		{ "security", "two-factor" },
		{ "e-reputation", "name-searched" },
		{ "e-learning", "course-followed" },
	};
	const char	*p, *end, *eq;
	size_t		 n = 0, i, len;

	*out = '\0';
	for (p = levels; *p != '\0' && n < outsz; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ",");
		eq = memchr(p, '=', (size_t)(end - p));
		len = eq ? (size_t)(eq - p) : (size_t)(end - p);
		if (!practices) {
			n += (size_t)snprintf(out + n, outsz - n, "%s%.*s",
			    n ? "," : "", (int)len, p);
			continue;
		}
		for (i = 0; i < sizeof(first) / sizeof(first[0]); i++)
			if (strlen(first[i][0]) == len &&
			    strncmp(first[i][0], p, len) == 0)
				n += (size_t)snprintf(out + n, outsz - n,
				    "%s%s", n ? "," : "", first[i][1]);
	}
	if (n >= outsz)
		*out = '\0';
}

/* The weakest accepted tandem, the chief executive's aside. */
struct weakest {
	const char	*ceo;
	char		 mentor[32];
	char		 mentee[32];
	int64_t		 score;
};

static int
weakest_pair(void *arg, const struct tdm_pair *p)
{
	struct weakest	*w = arg;

	if (strcmp(p->state, "accepted") != 0 || p->ended ||
	    strcmp(p->mentee, w->ceo) == 0 ||
	    (*w->mentee != '\0' && p->score >= w->score))
		return 0;
	snprintf(w->mentor, sizeof(w->mentor), "%s", p->mentor);
	snprintf(w->mentee, sizeof(w->mentee), "%s", p->mentee);
	w->score = p->score;
	return 0;
}

/*
 * A tandem that ends and starts again: the mentee of the weakest pair
 * ends it (a change of job), the programme manager matches again those
 * who wait, publishes, both sides of each new pair accept, and their
 * sessions are planned from today.
 */
static enum tdm_err
end_and_rematch(struct tdm_store *st, const struct tdm_actor *manager,
    struct tdm_demo_summary *sum, struct tdm_diags *d)
{
	struct weakest		 w;
	struct tdm_match_report	*rep = NULL;
	struct tdm_actor	 a;
	const char		*who;
	size_t			 i, n;
	enum tdm_err		 err;
	int			 side;

	memset(&w, 0, sizeof(w));
	w.ceo = sum->ceo;
	if ((err = tdm_pair_each(st, manager, sum->programme, 0,
	    weakest_pair, &w, d)) != TDM_OK || *w.mentee == '\0')
		return err;
	if ((err = tdm_actor_load(st, w.mentee, &a, d)) != TDM_OK ||
	    (err = tdm_pair_end(st, &a, sum->programme, w.mentor, w.mentee,
	    "Changement de poste : plus le temps pour le moment.", d)) !=
	    TDM_OK ||
	    (err = tdm_match(st, manager, sum->programme, 0, &rep, d)) !=
	    TDM_OK)
		return err;
	if (rep->proposed == 0)
		goto out;
	if ((err = tdm_pair_publish(st, manager, sum->programme, &n, d)) !=
	    TDM_OK)
		goto out;
	for (i = 0; i < rep->npairs; i++) {
		if (rep->pairs[i].fixed)
			continue;
		for (side = 0; side < 2; side++) {
			who = side ? rep->pairs[i].mentor : rep->pairs[i].mentee;
			if ((err = tdm_actor_load(st, who, &a, d)) != TDM_OK ||
			    (err = tdm_pair_answer(st, &a, sum->programme,
			    rep->pairs[i].mentor, rep->pairs[i].mentee, who, 1,
			    NULL, d)) != TDM_OK)
				goto out;
		}
	}
	err = tdm_session_plan(st, manager, sum->programme, NULL, &n, d);
out:
	tdm_match_report_free(rep);
	return err;
}

/*
 * A company closure day three weeks into the programme (a bridge day):
 * the planner keeps its sessions off it.
 */
static enum tdm_err
closure_day(struct tdm_store *st, const struct tdm_actor *manager,
    const char *start, struct tdm_diags *d)
{
	char	 day[16];
	long	 n;
	int	 y, m, dd;

	if (date_parse(start, &y, &m, &dd) == -1)
		return TDM_OK;
	for (n = date_days(y, m, dd) + 21; !cal_working(n, NULL, 0); n++)
		;
	date_civil(n, &y, &m, &dd);
	snprintf(day, sizeof(day), "%04d-%02d-%02d", y, m, dd);
	return tdm_closure_add(st, manager, day, "Fermeture de l'entreprise "
	    "(pont)", d);
}

/*
 * The programme in action: it starts, its sessions are planned from its
 * start two months ago, those past are held or cancelled (the senior
 * side cancels more often, as in real programmes), members rate the
 * sessions they attended, and most answer the closing survey.
 */
static enum tdm_err
live(struct tdm_store *st, const struct tdm_actor *manager, uint64_t *s,
    const char *start, struct tdm_demo_summary *sum, struct tdm_diags *d)
{
	struct pasts		 past;
	struct tdm_actor	 a;
	struct closing		 c;
	struct closings		 all;
	struct tdm_survey_answer sa;
	char			 codes[512];
	const char		*who;
	size_t			 i, n;
	enum tdm_err		 err;
	unsigned		 r;

	memset(&past, 0, sizeof(past));
	memset(&all, 0, sizeof(all));
	past.now = tdm_store_now(st);
	if ((err = tdm_programme_transition(st, manager, sum->programme,
	    TDM_START, NULL, d)) != TDM_OK ||
	    (err = closure_day(st, manager, start, d)) != TDM_OK ||
	    (err = tdm_session_plan(st, manager, sum->programme, start, &n,
	    d)) != TDM_OK ||
	    (err = tdm_session_each(st, manager, sum->programme, NULL,
	    collect_past, &past, d)) != TDM_OK)
		goto out;
	if (past.failed) {
		err = TDM_ENOMEM;
		goto out;
	}
	sum->sessions = (int)n;
	for (i = 0; i < past.n; i++) {
		r = below(s, 100);
		if (r < 18) {
			/* Two cancellations in three come from the senior. */
			who = r < 12 ? past.v[i].mentee : past.v[i].mentor;
			if ((err = as(st, who, &a, d)) != TDM_OK ||
			    (err = tdm_session_cancel(st, &a, past.v[i].id,
			    NULL, "Empêchement de dernière minute.", d)) !=
			    TDM_OK)
				goto out;
			sum->cancelled++;
			continue;
		}
		if ((err = tdm_session_held(st, manager, past.v[i].id, NULL,
		    d)) != TDM_OK)
			goto out;
		sum->held++;
		if ((err = as(st, past.v[i].mentee, &a, d)) != TDM_OK ||
		    (err = tdm_feedback(st, &a, past.v[i].id,
		    past.v[i].mentee, 3 + (int)below(s, 3), below(s, 4) ?
		    NULL : "Très concret, je m'en sers déjà.", d)) != TDM_OK ||
		    (err = as(st, past.v[i].mentor, &a, d)) != TDM_OK ||
		    (err = tdm_feedback(st, &a, past.v[i].id,
		    past.v[i].mentor, 3 + (int)below(s, 3), NULL, d)) != TDM_OK)
			goto out;
		sum->feedback += 2;
	}
	/* The closing survey, from most members. */
	for (i = 0; i < past.n; i++) {
		if (i > 0 && strcmp(past.v[i].mentee, past.v[i - 1].mentee) ==
		    0)
			continue;
		memset(&c, 0, sizeof(c));
		snprintf(c.who, sizeof(c.who), "%s", past.v[i].mentee);
		if (*c.who == '\0' || below(s, 10) < 2 ||
		    closing_of(st, manager, sum->programme, &all, &c, d) !=
		    TDM_OK)
			continue;
		/* Two mentees in three tick the checklist (surveys). */
		memset(&sa, 0, sizeof(sa));
		sa.recommend = below(s, 10) < 9;
		sa.levels = c.levels;
		demo_codes(c.levels, 1, codes, sizeof(codes));
		sa.practices = sum->surveys % 3 != 2 ? codes : NULL;
		if ((err = as(st, c.who, &a, d)) != TDM_OK ||
		    (err = tdm_survey_answer(st, &a, sum->programme, c.who,
		    &sa, d)) != TDM_OK) {
			/* Answered already: one survey per member. */
			if (err == TDM_EEXIST) {
				tdm_diags_free(d);
				continue;
			}
			goto out;
		}
		sum->surveys++;
	}
	/* The mentors' closing answers (surveys): their confidence, and
	 * the topics of their mentee as the topics they taught. */
	for (i = 0; i < past.n; i++) {
		memset(&c, 0, sizeof(c));
		snprintf(c.who, sizeof(c.who), "%s", past.v[i].mentee);
		if (*c.who == '\0' || i % 4 == 3 ||
		    closing_of(st, manager, sum->programme, &all, &c, d) !=
		    TDM_OK)
			continue;
		memset(&sa, 0, sizeof(sa));
		sa.recommend = i % 7 != 0;
		sa.teach = 3 + (int)(i % 3);
		sa.upward = 2 + (int)(i % 4);
		demo_codes(c.levels, 0, codes, sizeof(codes));
		sa.taught = codes;
		if ((err = as(st, past.v[i].mentor, &a, d)) != TDM_OK ||
		    (err = tdm_survey_answer(st, &a, sum->programme,
		    past.v[i].mentor, &sa, d)) != TDM_OK) {
			if (err == TDM_EEXIST) {
				tdm_diags_free(d);
				continue;
			}
			goto out;
		}
		sum->surveys++;
	}
	err = end_and_rematch(st, manager, sum, d);
out:
	free(past.v);
	free(all.v);
	return err;
}

static int
sized(const struct tdm_demo_size *size)
{
	return size != NULL && (size->mentees || size->mentors);
}

static int
elder(const struct person *p)
{
	return strcmp(p->generation, "boomers") == 0 ||
	    strcmp(p->generation, "x") == 0 ||
	    strcmp(p->generation, "before") == 0;
}

static size_t
elders(const struct roster *r)
{
	size_t	 i, n = 0;

	for (i = 0; i < r->n; i++)
		n += elder(&r->v[i]);
	return n;
}

/*
 * Exactly so many volunteers: each person still to be seen takes a
 * place with the probability that fills the quota by the end of the
 * roster (selection sampling), so the choice stays seeded and spread.
 * *eld and *young count the elder and younger people not seen yet.
 */
static int
quota(uint64_t *s, const struct person *p, const struct tdm_demo_size *size,
    const struct tdm_demo_summary *sum, size_t *eld, size_t *young)
{
	size_t	 want;

	if (elder(p)) {
		(*eld)--;
		want = size->mentees - (size_t)sum->mentees;
		if (want > 0 && p->ceo)
			return 2;
		return want > 0 && next(s) % (*eld + 1) < want ? 2 : 0;
	}
	(*young)--;
	want = size->mentors - (size_t)sum->mentors;
	return want > 0 && next(s) % (*young + 1) < want ? 1 : 0;
}

/*
 * The first season (issue 16): a programme closed long enough ago that
 * its 90-day follow-up has been answered, so that the report shows both
 * sides measured with real figures.  It runs on the store's clock set
 * back: made and matched eight months ago, its sessions held over three
 * months, closed and surveyed, then followed up 90 days later.  It has
 * a seeded stream of its own, and matching is per programme, so the
 * current programme and the accounts the demo prints do not change.
 */
#define PAST_MENTEES	44
#define PAST_MENTORS	46
#define PAST_WEEKS	(-36)	/* its start, from the demo's today */

/* The checklist's two items of a topic (migration 015). */
static const char *const past_items[][3] = {
	{ "web-search", "search-operators", "search-check-source" },
	{ "personal-data", "privacy-settings", "password-manager" },
	{ "social-selling", "profile-updated", "social-post" },
	{ "digital-tools", "new-app-used", NULL },
	{ "generative-ai", "genai-real-task", "genai-checked" },
};

/*
 * The items a mentee ticks for the topics of a levels list: the first
 * item of a topic worked on two times in three, the second one time in
 * two; at 90 days (later set), a little more often.
 */
static void
past_practices(uint64_t *s, const char *levels, int later, char *out,
    size_t outsz)
{
	const char	*p, *end, *eq;
	size_t		 n = 0, i, len;
	unsigned	 k;

	*out = '\0';
	for (p = levels; *p != '\0' && n < outsz; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ",");
		eq = memchr(p, '=', (size_t)(end - p));
		len = eq ? (size_t)(eq - p) : (size_t)(end - p);
		for (i = 0; i < sizeof(past_items) / sizeof(past_items[0]);
		    i++) {
			if (strlen(past_items[i][0]) != len ||
			    strncmp(past_items[i][0], p, len) != 0)
				continue;
			for (k = 1; k < 3 && n < outsz; k++)
				if (past_items[i][k] != NULL &&
				    below(s, 6) < (k == 1 ? 4u : 3u) +
				    (later ? 1u : 0u))
					n += (size_t)snprintf(out + n,
					    outsz - n, "%s%s", n ? "," : "",
					    past_items[i][k]);
		}
	}
	if (n >= outsz)
		*out = '\0';
}

/* Levels 90 days on: most kept, a few slipped back one, a few grew. */
static void
past_followup_levels(uint64_t *s, const char *closing, char *out,
    size_t outsz)
{
	const char	*p, *end, *eq;
	size_t		 n = 0;
	unsigned	 r;
	int		 level;

	*out = '\0';
	for (p = closing; *p != '\0' && n < outsz; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ",");
		if ((eq = memchr(p, '=', (size_t)(end - p))) == NULL)
			continue;
		level = eq[1] - '0';
		r = below(s, 10);
		if (r < 2 && level > 0)
			level--;
		else if (r == 9 && level < 4)
			level++;
		n += (size_t)snprintf(out + n, outsz - n, "%s%.*s=%d",
		    n ? "," : "", (int)(eq - p), p, level);
	}
	if (n >= outsz)
		*out = '\0';
}

/* The accepted pairs of a programme. */
struct past_pairs {
	char	 (*mentor)[32];
	char	 (*mentee)[32];
	size_t	 n, alloc;
	int	 failed;
};

static int
collect_pair(void *arg, const struct tdm_pair *p)
{
	struct past_pairs	*pp = arg;
	void			*a, *b;

	if (strcmp(p->state, "accepted") != 0)
		return 0;
	if (pp->n == pp->alloc) {
		pp->alloc = pp->alloc ? pp->alloc * 2 : 64;
		a = reallocarray(pp->mentor, pp->alloc, sizeof(*pp->mentor));
		if (a != NULL)
			pp->mentor = a;
		b = reallocarray(pp->mentee, pp->alloc, sizeof(*pp->mentee));
		if (b != NULL)
			pp->mentee = b;
		if (a == NULL || b == NULL) {
			pp->failed = 1;
			return 1;
		}
	}
	snprintf(pp->mentor[pp->n], sizeof(pp->mentor[0]), "%s", p->mentor);
	snprintf(pp->mentee[pp->n], sizeof(pp->mentee[0]), "%s", p->mentee);
	pp->n++;
	return 0;
}

static int	 ceo_mentor(void *, const struct tdm_pair *);

/*
 * Enrol the first season's volunteers, none of the people whose
 * accounts the demo prints (their homes show the current programme
 * alone): the manager, the sponsor, the chief executive and his mentor.
 */
static enum tdm_err
past_enrol(struct tdm_store *st, const struct tdm_actor *manager,
    uint64_t *s, const struct roster *r, struct tdm_demo_summary *sum,
    struct tdm_diags *d)
{
	struct tdm_demo_size	 size = { PAST_MENTEES, PAST_MENTORS, 1 };
	struct tdm_demo_summary	 count;
	struct tdm_enrol_spec	 es;
	char			 tbuf[128], abuf[128], ref[64];
	char			 ceo[64], mentor[64] = "";
	char			*m[2] = { ceo, mentor };
	size_t			 i, eld = elders(r), young = r->n - elders(r);
	enum tdm_err		 err;
	int			 role;

	memset(&count, 0, sizeof(count));
	snprintf(ceo, sizeof(ceo), "%s", sum->ceo);
	if ((err = tdm_pair_each(st, manager, sum->programme, 0, ceo_mentor,
	    m, d)) != TDM_OK)
		return err;
	for (i = 0; i < r->n; i++) {
		if (strcmp(r->v[i].matricule, sum->manager) == 0 ||
		    strcmp(r->v[i].matricule, sum->sponsor) == 0 ||
		    strcmp(r->v[i].matricule, mentor) == 0 || r->v[i].ceo) {
			*(elder(&r->v[i]) ? &eld : &young) -= 1;
			continue;
		}
		if ((role = quota(s, &r->v[i], &size, &count, &eld,
		    &young)) == 0)
			continue;
		memset(&es, 0, sizeof(es));
		es.programme = sum->past;
		es.employee = r->v[i].matricule;
		es.role = role == 1 ? "mentor" : "mentee";
		choose_topics(s, role == 2, tbuf, sizeof(tbuf));
		es.topics = tbuf;
		es.remote = below(s, 2);
		choose_availability(s, abuf, sizeof(abuf));
		es.availability = abuf;
		es.capacity = role == 1 ? 1 : 0;
		snprintf(ref, sizeof(ref), "bulletin signé n° S1-%04zu", i + 1);
		es.optin_ref = ref;
		if ((err = tdm_enrol(st, manager, &es, d)) != TDM_OK)
			return err;
		if (role == 1)
			count.mentors++;
		else
			count.mentees++;
	}
	return TDM_OK;
}

/* The closing survey (stage 0) or the follow-up (1) of the pairs. */
static enum tdm_err
past_surveys(struct tdm_store *st, const struct tdm_actor *manager,
    uint64_t *s, const struct past_pairs *pp, int stage,
    struct tdm_demo_summary *sum, struct tdm_diags *d)
{
	struct tdm_actor	 a;
	struct tdm_survey_answer sa;
	struct closing		 c;
	char			 codes[512], levels[256];
	size_t			 i;
	enum tdm_err		 err;
	int			 side;

	for (i = 0; i < pp->n; i++)
		for (side = 0; side < 2; side++) {
			/* Nine in ten answer at the close, four in five
			 * of those again 90 days later. */
			if (below(s, 10) >= (stage ? 8u : 9u))
				continue;
			memset(&c, 0, sizeof(c));
			snprintf(c.who, sizeof(c.who), "%s", pp->mentee[i]);
			if ((err = tdm_enrolment_each(st, manager, sum->past,
			    0, collect_closing, &c, d)) != TDM_OK)
				return err;
			memset(&sa, 0, sizeof(sa));
			sa.stage = stage ? TDM_SURVEY_FOLLOWUP :
			    TDM_SURVEY_CLOSING;
			if (side == 0) {
				if (stage) {
					past_followup_levels(s, c.levels,
					    levels, sizeof(levels));
					sa.levels = levels;
				} else {
					sa.recommend = below(s, 10) < 9;
					sa.levels = c.levels;
				}
				past_practices(s, c.levels, stage, codes,
				    sizeof(codes));
				sa.practices = codes;
			} else {
				sa.recommend = !stage && below(s, 8) != 0;
				sa.teach = 2 + (int)below(s, 3) + stage;
				sa.upward = 1 + (int)below(s, 4) + stage;
				if (!stage) {
					demo_codes(c.levels, 0, codes,
					    sizeof(codes));
					sa.taught = codes;
				}
			}
			if ((err = as(st, side ? pp->mentor[i] :
			    pp->mentee[i], &a, d)) != TDM_OK ||
			    (err = tdm_survey_answer(st, &a, sum->past,
			    side ? pp->mentor[i] : pp->mentee[i], &sa, d)) !=
			    TDM_OK)
				return err;
			sum->past_surveys[stage]++;
		}
	return TDM_OK;
}

static enum tdm_err
past_programme(struct tdm_store *st, const struct tdm_actor *manager,
    const struct tdm_actor *sponsor, unsigned long long seed,
    const struct roster *r, struct tdm_demo_summary *sum,
    struct tdm_diags *d)
{
	struct tdm_programme_spec	 spec;
	struct tdm_match_report		*rep = NULL;
	struct past_pairs		 pp;
	struct pasts			 past;
	struct tdm_actor		 a;
	char				 start[16], end[16];
	uint64_t			 s = seed ^ 0x5EA5011ULL;
	time_t				 today = tdm_store_now(st), t;
	struct tm			 tm;
	size_t				 i, n;
	enum tdm_err			 err;
	int				 side;

	memset(&pp, 0, sizeof(pp));
	memset(&past, 0, sizeof(past));
	/* A small roster keeps its volunteers for the current programme. */
	if (elders(r) < 2 * PAST_MENTEES || r->n - elders(r) <
	    2 * PAST_MENTORS)
		return TDM_OK;
	snprintf(sum->past, sizeof(sum->past), "Cap numérique, saison 1");
	start_date(st, start, sizeof(start), PAST_WEEKS, 0);
	start_date(st, end, sizeof(end), PAST_WEEKS, 3);
	/* Made, approved and opened three weeks before its start. */
	tdm_store_set_now(st, today + (time_t)(PAST_WEEKS - 3) * 7 * 86400);
	tdm_programme_spec_init(&spec);
	spec.name = sum->past;
	spec.purpose = "Première saison du programme : les plus jeunes "
	    "accompagnent leurs aînés dans les usages numériques du "
	    "quotidien et du métier.";
	spec.format = "one-to-one";
	spec.topics = "web-search,personal-data,social-selling,"
	    "digital-tools,generative-ai";
	spec.coach = sum->coach;
	spec.start_date = start;
	spec.end_date = end;
	spec.session_count = 6;
	spec.session_minutes = 60;
	spec.cadence_days = 14;
	spec.chain_depth = 2;
	spec.commitments = "Chaque binôme se retrouve toutes les deux "
	    "semaines pendant une heure.";
	spec.confidentiality = "Ce qui se dit en séance reste entre les deux "
	    "membres du binôme.";
	spec.data_notice = "Tandem conserve vos nom, prénom, adresse "
	    "électronique, direction, site et année de naissance, vos thèmes "
	    "et niveaux, et vos retours, pour former les binômes et mesurer "
	    "les progrès collectifs.";
	if ((err = tdm_programme_create(st, manager, &spec, NULL, d)) !=
	    TDM_OK ||
	    (err = tdm_programme_transition(st, manager, sum->past,
	    TDM_SUBMIT, NULL, d)) != TDM_OK ||
	    (err = tdm_programme_transition(st, sponsor, sum->past,
	    TDM_APPROVE, "Approuvé en comité de direction.", d)) != TDM_OK ||
	    (err = tdm_programme_transition(st, manager, sum->past,
	    TDM_OPEN, NULL, d)) != TDM_OK ||
	    (err = past_enrol(st, manager, &s, r, sum, d)) != TDM_OK ||
	    (err = tdm_match(st, manager, sum->past, 0, &rep, d)) != TDM_OK ||
	    (err = tdm_pair_publish(st, manager, sum->past, &n, d)) != TDM_OK)
		goto out;
	for (i = 0; i < rep->npairs; i++)
		for (side = 0; side < 2; side++) {
			const char *who = side ? rep->pairs[i].mentor :
			    rep->pairs[i].mentee;

			if ((err = as(st, who, &a, d)) != TDM_OK ||
			    (err = tdm_pair_answer(st, &a, sum->past,
			    rep->pairs[i].mentor, rep->pairs[i].mentee, who,
			    1, NULL, d)) != TDM_OK)
				goto out;
		}
	if ((err = tdm_programme_transition(st, manager, sum->past,
	    TDM_START, NULL, d)) != TDM_OK ||
	    (err = tdm_session_plan(st, manager, sum->past, start, &n, d)) !=
	    TDM_OK)
		goto out;
	/* Three months and a week later: every session is past. */
	t = today + (time_t)(PAST_WEEKS + 14) * 7 * 86400;
	tdm_store_set_now(st, t);
	past.now = t;
	if ((err = tdm_session_each(st, manager, sum->past, NULL,
	    collect_past, &past, d)) != TDM_OK ||
	    (err = tdm_pair_each(st, manager, sum->past, 0, collect_pair, &pp,
	    d)) != TDM_OK)
		goto out;
	if (past.failed || pp.failed) {
		err = TDM_ENOMEM;
		goto out;
	}
	for (i = 0; i < past.n; i++) {
		if (below(&s, 100) < 12) {
			if ((err = as(st, i % 2 ? past.v[i].mentee :
			    past.v[i].mentor, &a, d)) != TDM_OK ||
			    (err = tdm_session_cancel(st, &a, past.v[i].id,
			    NULL, "Empêchement de dernière minute.", d)) !=
			    TDM_OK)
				goto out;
			continue;
		}
		if ((err = tdm_session_held(st, manager, past.v[i].id, NULL,
		    d)) != TDM_OK ||
		    (err = as(st, past.v[i].mentee, &a, d)) != TDM_OK ||
		    (err = tdm_feedback(st, &a, past.v[i].id,
		    past.v[i].mentee, 3 + (int)below(&s, 3), NULL, d)) !=
		    TDM_OK ||
		    (err = as(st, past.v[i].mentor, &a, d)) != TDM_OK ||
		    (err = tdm_feedback(st, &a, past.v[i].id,
		    past.v[i].mentor, 3 + (int)below(&s, 3), NULL, d)) !=
		    TDM_OK)
			goto out;
		sum->past_held++;
	}
	gmtime_r(&t, &tm);
	strftime(sum->past_closed, sizeof(sum->past_closed), "%Y-%m-%d", &tm);
	if ((err = tdm_programme_transition(st, manager, sum->past,
	    TDM_CLOSE, NULL, d)) != TDM_OK ||
	    (err = past_surveys(st, manager, &s, &pp, 0, sum, d)) != TDM_OK)
		goto out;
	/* The follow-up, 90 days after the close and some days more. */
	tdm_store_set_now(st, t + (time_t)(TDM_FOLLOWUP_DAYS + 4) * 86400);
	if ((err = past_surveys(st, manager, &s, &pp, 1, sum, d)) != TDM_OK)
		goto out;
	sum->past_pairs = (int)pp.n;
out:
	/* Back to the demo's today, which stays fixed from here. */
	tdm_store_set_now(st, today);
	tdm_match_report_free(rep);
	free(pp.mentor);
	free(pp.mentee);
	free(past.v);
	return err;
}

enum tdm_err
tdm_demo_programme(struct tdm_store *st, unsigned long long seed,
    const struct tdm_demo_size *size, struct tdm_demo_summary *sum,
    struct tdm_diags *d)
{
	struct tdm_programme_spec	 spec;
	struct tdm_enrol_spec		 es;
	struct tdm_actor		 sys, manager, sponsor, self;
	struct roster			 r;
	char				 start[16], end[16], tbuf[128];
	char				 abuf[128], ref[64];
	uint64_t			 s = seed;
	size_t				 i, eld, young;
	enum tdm_err			 err, serr;
	int				 role;

	memset(sum, 0, sizeof(*sum));
	memset(&r, 0, sizeof(r));
	tdm_actor_system(&sys);
	/*
	 * Thousands of acts, each its own commit: none waits for the disk
	 * until the programme is made (a demo that a crash cut short is made
	 * again), else their fsyncs were most of the time it took.
	 */
	if ((err = store_sync(st, 0)) != TDM_OK)
		return err;
	if ((err = tdm_employee_each(st, &sys, 0, collect, &r, d)) != TDM_OK)
		goto out;
	if (sized(size) && ((size_t)size->mentees > elders(&r) ||
	    (size_t)size->mentors > r.n - elders(&r))) {
		tdm_diag_add(d, NULL, 0, 0, "the roster is too small for %u "
		    "mentees and %u mentors: make it larger (--size)",
		    size->mentees, size->mentors);
		err = TDM_EINVAL;
		goto out;
	}
	eld = elders(&r);
	young = r.n - eld;
	/* The programme manager works in HR; the sponsor is a director. */
	for (i = 0; i < r.n; i++) {
		if (!*sum->manager && strstr(r.v[i].department,
		    "Ressources Humaines") != NULL &&
		    strcmp(r.v[i].grade, "Comex") != 0)
			snprintf(sum->manager, sizeof(sum->manager), "%s",
			    r.v[i].matricule);
		if (!*sum->sponsor && strcmp(r.v[i].grade, "Comex") == 0 &&
		    strstr(r.v[i].department, "Ressources Humaines") == NULL)
			snprintf(sum->sponsor, sizeof(sum->sponsor), "%s",
			    r.v[i].matricule);
		if (r.v[i].ceo)
			snprintf(sum->ceo, sizeof(sum->ceo), "%s",
			    r.v[i].matricule);
	}
	if (!*sum->manager || !*sum->sponsor) {
		tdm_diag_add(d, NULL, 0, 0, "the roster is too small for a "
		    "demonstration programme (no HR staff or no director)");
		err = TDM_EINVAL;
		goto out;
	}
	if ((err = tdm_role_grant(st, &sys, sum->manager, TDM_ROLE_MANAGER,
	    d)) != TDM_OK ||
	    (err = tdm_role_grant(st, &sys, sum->sponsor, TDM_ROLE_SPONSOR,
	    d)) != TDM_OK ||
	    (err = tdm_actor_load(st, sum->manager, &manager, d)) != TDM_OK ||
	    (err = tdm_actor_load(st, sum->sponsor, &sponsor, d)) != TDM_OK)
		goto out;
	snprintf(sum->coach, sizeof(sum->coach), "claire.fontaine@"
	    "atelier-numerique.fr");
	if ((err = tdm_coach_add(st, &manager, "Claire Fontaine", sum->coach,
	    "Atelier Numérique", d)) != TDM_OK)
		goto out;

	snprintf(sum->programme, sizeof(sum->programme), "Cap numérique");
	/*
	 * The natural demo started two months ago, so that sessions have
	 * been held and a report has something to show; at scale, it starts
	 * in six weeks.
	 */
	start_date(st, start, sizeof(start), sized(size) ? 6 : -9, 0);
	start_date(st, end, sizeof(end), sized(size) ? 6 : -9, 6);
	tdm_programme_spec_init(&spec);
	spec.name = sum->programme;
	spec.purpose = "Les plus jeunes accompagnent leurs aînés dans les "
	    "usages numériques du quotidien et du métier : chercher "
	    "l'information, protéger ses données, prospecter sur les réseaux "
	    "sociaux, adopter de nouveaux outils. Le programme rapproche les "
	    "générations et fait reconnaître l'expertise des plus jeunes.";
	spec.format = "one-to-one";
	spec.topics = "web-search,personal-data,social-selling,"
	    "digital-tools,generative-ai";
	spec.coach = sum->coach;
	spec.start_date = start;
	spec.end_date = end;
	spec.session_count = 6;
	spec.session_minutes = 60;
	spec.cadence_days = 14;
	spec.commitments = "Chaque binôme se retrouve toutes les deux "
	    "semaines pendant une heure, au bureau ou à distance. Une séance "
	    "annulée est prévenue 48 heures à l'avance et reprogrammée.";
	spec.confidentiality = "Ce qui se dit en séance reste entre les deux "
	    "membres du binôme. Aucun responsable hiérarchique n'est informé "
	    "du contenu des échanges, ni de la participation. Personne n'a "
	    "pour mentor ou pour mentoré son responsable direct ni le "
	    "responsable de celui-ci.";
	/* The chief executive manages everyone in the end: two levels. */
	spec.chain_depth = 2;
	spec.data_notice = "Tandem conserve vos nom, prénom, adresse "
	    "électronique, direction, site et année de naissance, vos thèmes "
	    "et niveaux, et vos retours. Ils servent à former les binômes et "
	    "à mesurer les progrès collectifs ; ils sont supprimés douze mois "
	    "après la clôture du programme. Vous pouvez les consulter, les "
	    "télécharger ou demander leur effacement.";
	if ((err = tdm_programme_create(st, &manager, &spec, NULL, d)) !=
	    TDM_OK ||
	    (err = tdm_programme_transition(st, &manager, sum->programme,
	    TDM_SUBMIT, NULL, d)) != TDM_OK ||
	    (err = tdm_programme_transition(st, &sponsor, sum->programme,
	    TDM_APPROVE, "Approuvé en comité de direction.", d)) != TDM_OK ||
	    (err = tdm_programme_transition(st, &manager, sum->programme,
	    TDM_OPEN, NULL, d)) != TDM_OK)
		goto out;

	for (i = 0; i < r.n; i++) {
		if (strcmp(r.v[i].matricule, sum->manager) == 0 ||
		    strcmp(r.v[i].matricule, sum->sponsor) == 0) {
			/* Not to be seen again by the quota either. */
			*(elder(&r.v[i]) ? &eld : &young) -= 1;
			continue;
		}
		role = sized(size) ? quota(&s, &r.v[i], size, sum, &eld,
		    &young) : volunteers(&s, &r.v[i]);
		if (role == 0)
			continue;
		memset(&es, 0, sizeof(es));
		es.programme = sum->programme;
		es.employee = r.v[i].matricule;
		es.role = role == 1 ? "mentor" : "mentee";
		choose_topics(&s, role == 2, tbuf, sizeof(tbuf));
		es.topics = tbuf;
		es.remote = below(&s, 2);
		choose_availability(&s, abuf, sizeof(abuf));
		es.availability = abuf;
		es.capacity = role == 1 ? (sized(size) ? (int)size->capacity :
		    1 + (int)below(&s, 2)) : 0;
		/* Half sign up themselves; HR records the paper forms. */
		if (below(&s, 2) == 0 && tdm_actor_load(st,
		    r.v[i].matricule, &self, d) == TDM_OK) {
			err = tdm_enrol(st, &self, &es, d);
			sum->self_optins++;
		} else {
			snprintf(ref, sizeof(ref), "bulletin signé n° %04zu",
			    i + 1);
			es.optin_ref = ref;
			err = tdm_enrol(st, &manager, &es, d);
		}
		if (err != TDM_OK)
			goto out;
		if (role == 1)
			sum->mentors++;
		else
			sum->mentees++;
	}
	/* At a benchmark's scale, matching is what is measured: not here. */
	if (!sized(size) && (err = pair_up(st, &manager, &s, sum, d)) ==
	    TDM_OK)
		err = live(st, &manager, &s, start, sum, d);
	/*
	 * The first season, closed months ago (issue 16), made last so
	 * that the current programme keeps the ids its guides and tests
	 * know: its log entries follow that programme's, dated back.
	 */
	if (err == TDM_OK && !sized(size))
		err = past_programme(st, &manager, &sponsor, seed, &r, sum, d);
out:
	free(r.v);
	/* Durable from here, as every commit after. */
	if ((serr = store_sync(st, 1)) != TDM_OK && err == TDM_OK)
		err = serr;
	return err;
}

/*
 * Recognition (issue 16): the chief executive thanks his young mentor,
 * who issues an attestation of the sessions held, to be verified by its
 * code on /verify.
 */
static enum tdm_err
demo_recognition(struct tdm_store *st, const char *programme,
    const char *mentee, const char *mentor, struct tdm_diags *d)
{
	struct tdm_actor	 a;
	struct tdm_buf		 text = TDM_BUF_INIT;
	struct tdm_diags	 none = TDM_DIAGS_INIT;
	char			 code[TDM_ATTESTATION_CODE];
	enum tdm_err		 err;

	if ((err = tdm_actor_load(st, mentee, &a, d)) != TDM_OK ||
	    (err = tdm_kudos_send(st, &a, programme, mentor, "Merci pour "
	    "votre patience : la double authentification est activée "
	    "partout.", d)) != TDM_OK ||
	    (err = tdm_actor_load(st, mentor, &a, d)) != TDM_OK)
		return err;
	/* None when no session was held yet (another seed, another day). */
	err = tdm_attestation_issue(st, &a, programme, mentor, code, &text,
	    &none);
	tdm_buf_release(&text);
	tdm_diags_free(&none);
	return err == TDM_ESTATE ? TDM_OK : err;
}

static int
ceo_mentor(void *arg, const struct tdm_pair *p)
{
	char	**m = arg;

	if (strcmp(p->mentee, m[0]) != 0)
		return 0;
	snprintf(m[1], 64, "%s", p->mentor);
	return 1;
}

static int
who(void *arg, const struct tdm_employee *e)
{
	struct tdm_demo_account	*a = arg;

	snprintf(a->name, sizeof(a->name), "%s %s", e->first_name,
	    e->last_name);
	snprintf(a->email, sizeof(a->email), "%s", e->email);
	return 1;
}

enum tdm_err
tdm_demo_accounts(struct tdm_store *st, const struct tdm_demo_summary *sum,
    const char *password, struct tdm_demo_account out[TDM_DEMO_ACCOUNTS],
    struct tdm_diags *d)
{
	static const char *const roles[TDM_DEMO_ACCOUNTS] = { "manager",
	    "sponsor", "mentor", "mentee", "coach" };
	struct tdm_actor	 system;
	char			 mentor[64] = "", ceo[64];
	char			*m[2] = { ceo, mentor };
	char			 token[TDM_TOKEN_SIZE], session[TDM_TOKEN_SIZE];
	char			 csrf[TDM_TOKEN_SIZE];
	const char		*ids[TDM_DEMO_ACCOUNTS];
	enum tdm_err		 err;
	size_t			 i;

	tdm_actor_system(&system);
	snprintf(ceo, sizeof(ceo), "%s", sum->ceo);
	if ((err = tdm_pair_each(st, &system, sum->programme, 0, ceo_mentor,
	    m, d)) != TDM_OK)
		return err;
	if (*mentor != '\0' && (err = demo_recognition(st, sum->programme,
	    ceo, mentor, d)) != TDM_OK)
		return err;
	ids[0] = sum->manager;
	ids[1] = sum->sponsor;
	ids[2] = mentor;
	ids[3] = ceo;
	ids[4] = sum->coach;
	for (i = 0; i < TDM_DEMO_ACCOUNTS; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].role = roles[i];
		if (*ids[i] == '\0')
			continue;	/* no pairs: no mentor to show */
		if (i == 4) {
			snprintf(out[i].name, sizeof(out[i].name),
			    "Claire Fontaine");
			snprintf(out[i].email, sizeof(out[i].email), "%s",
			    sum->coach);
		} else
			(void)tdm_employee_show(st, &system, ids[i], who,
			    &out[i], d);
		if ((err = tdm_account_invite(st, &system, ids[i], token,
		    d)) != TDM_OK ||
		    (err = tdm_account_accept(st, token, password, session,
		    csrf, d)) != TDM_OK ||
		    (err = tdm_logout(st, session)) != TDM_OK)
			return err;
	}
	return TDM_OK;
}
