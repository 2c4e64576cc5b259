/*
 * The library short of memory: every failure is TDM_ENOMEM, never "not
 * found", never a wrong answer, and a refused write changes nothing.
 *
 * The allocations are refused by tests/fuzz/failmalloc.c: the linker
 * sends the library's malloc family to it (-Wl,--wrap, tests/meson.build)
 * and SQLite's and jansson's allocators are routed through the same
 * countdown.  Each case runs once with every allocation granted, for
 * the reference answer, then again and again with the nth allocation
 * refused, for n = 1, 2, ... until a run asks for fewer than n: first
 * with that one refused only (the program may go on), then with every
 * allocation from the nth on refused (memory is gone for good).  Each
 * run must end in the reference status with the reference answer, byte
 * for byte, or in TDM_ENOMEM; no diagnostic may read as a missing
 * object; and a refused write must leave the audit log, which every
 * write extends, as it was.
 *
 * The store stays open across the runs of a case, as in the server: a
 * run short of memory must leave it usable for the next.  A write that
 * succeeds despite a refusal is undone by starting the case again on a
 * fresh copy of the demonstration database.
 *
 * TEST_NOMEM_STEP=K tries every Kth allocation only (default 1).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "tandem/tandem.h"
#include "failmalloc.h"
#include "t.h"
#include "aside.h"
#include "demo.h"

#define NOW		1795737600	/* 2026-11-27 */
#define PROGRAMME	"Cap num\xc3\xa9rique"
#define PASSWORD	"tandem-demo-12"

static char	 dir[] = "/tmp/test_nomem.XXXXXX";
static char	 pristine[64], work[64];
static struct tdm_demo_summary sum;
static char	 mentee_email[256];
static int64_t	 planned;	/* a planned session of the demo */
static unsigned	 step = 1;

/*
 * What a case gives back: its status, its answer as text (the library's
 * buffer, or a line of the case's own, written in place so that the
 * harness asks no memory).
 */
struct answer {
	enum tdm_err	 err;
	struct tdm_buf	 text;
	char		 line[512];
	struct tdm_diags d;
};

struct ctx {
	struct tdm_store	*st;
	struct tdm_actor	 system, manager, sponsor, mentee;
	char			 token[TDM_TOKEN_SIZE];
};

static int
copy(const char *from, const char *to)
{
	char	 cmd[512];

	snprintf(cmd, sizeof(cmd), "cp %s %s && rm -f %s-wal %s-shm", from,
	    to, to, to);
	return system(cmd) == 0 ? 0 : -1;
}

/* The number of audit entries of the database file, read aside. */
static long long
audit_count(const char *path)
{
	return aside_int(path, "SELECT count(*) FROM audit");
}

static int64_t
one_planned_session(const char *path)
{
	sqlite3		*db;
	sqlite3_stmt	*s;
	int64_t		 id = 0;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK)
		return 0;
	if (sqlite3_prepare_v2(db, "SELECT id FROM session WHERE state = "
	    "'planned' ORDER BY id LIMIT 1", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return id;
}

/* The demonstration organisation, as "tandem demo --size 160" makes it. */
static int
make_demo(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_demo_account	 acc[TDM_DEMO_ACCOUNTS];
	struct tdm_store	*st;
	enum tdm_err		 err;
	size_t			 i;

	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(pristine, sizeof(pristine), "%s/demo.db", dir);
	snprintf(work, sizeof(work), "%s/work.db", dir);
	if (tdm_store_open(pristine, TDM_OPEN_INIT, &st, &d) != TDM_OK)
		return -1;
	tdm_store_set_now(st, NOW);
	err = demo_build(st, 160, &sum, &d);
	if (err == TDM_OK)
		err = tdm_demo_accounts(st, &sum, PASSWORD, acc, &d);
	for (i = 0; err == TDM_OK && i < TDM_DEMO_ACCOUNTS; i++)
		if (strcmp(acc[i].role, "mentee") == 0)
			snprintf(mentee_email, sizeof(mentee_email), "%s",
			    acc[i].email);
	for (i = 0; i < d.n; i++)
		printf("# demo: %s\n", d.v[i].message);
	tdm_diags_free(&d);
	tdm_store_close(st);
	planned = one_planned_session(pristine);
	return err == TDM_OK && *mentee_email && planned ? 0 : -1;
}

/* Open the work copy and find the actors, with every allocation granted. */
static int
ctx_open(struct ctx *c)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	char			 csrf[TDM_TOKEN_SIZE];
	time_t			 retry;
	enum tdm_err		 err;

	memset(c, 0, sizeof(*c));
	if (copy(pristine, work) == -1 ||
	    tdm_store_open(work, TDM_OPEN_EXISTING, &c->st, &d) != TDM_OK)
		return -1;
	tdm_store_set_now(c->st, NOW);
	tdm_actor_system(&c->system);
	err = tdm_actor_load(c->st, sum.manager, &c->manager, &d);
	if (err == TDM_OK)
		err = tdm_actor_load(c->st, sum.sponsor, &c->sponsor, &d);
	if (err == TDM_OK)
		err = tdm_actor_load(c->st, sum.ceo, &c->mentee, &d);
	if (err == TDM_OK)
		err = tdm_login(c->st, mentee_email, PASSWORD, c->token, csrf,
		    &retry, &d);
	tdm_diags_free(&d);
	return err == TDM_OK ? 0 : -1;
}

static void
ctx_close(struct ctx *c)
{
	tdm_store_close(c->st);
	c->st = NULL;
}

/* The cases: each fills a->err, a->text, a->d. */

static void
case_actor(struct ctx *c, struct answer *a)
{
	struct tdm_actor	 who;

	a->err = tdm_actor_load(c->st, sum.manager, &who, &a->d);
	if (a->err == TDM_OK)
		snprintf(a->line, sizeof(a->line), "%s %" PRId64 " %u",
		    who.name, who.employee_id, who.roles);
}

static void
case_may_view(struct ctx *c, struct answer *a)
{
	a->err = tdm_may_view(c->st, &c->mentee, PROGRAMME,
	    TDM_VIEW_SESSIONS, sum.ceo, &a->d);
}

static void
case_whoami(struct ctx *c, struct answer *a)
{
	struct tdm_whoami	 who;

	a->err = tdm_session_whoami(c->st, c->token, &who);
	if (a->err == TDM_OK)
		snprintf(a->line, sizeof(a->line), "%s %s %" PRId64 " %u",
		    who.display, who.email, who.actor.employee_id,
		    who.actor.roles);
}

static void
case_report(struct ctx *c, struct answer *a)
{
	a->err = tdm_report_programme(c->st, &c->sponsor, PROGRAMME,
	    TDM_REPORT_TEXT, &a->text, &a->d);
}

static void
case_report_json(struct ctx *c, struct answer *a)
{
	a->err = tdm_report_programme(c->st, &c->manager, PROGRAMME,
	    TDM_REPORT_JSON, &a->text, &a->d);
}

static void
case_grant(struct ctx *c, struct answer *a)
{
	a->err = tdm_role_grant(c->st, &c->system, sum.ceo, TDM_ROLE_ADMIN,
	    &a->d);
}

static void
case_coach(struct ctx *c, struct answer *a)
{
	a->err = tdm_coach_add(c->st, &c->manager, "Jean Coach",
	    "jean.coach@exemple.fr", "Atelier", &a->d);
}

static void
case_cancel(struct ctx *c, struct answer *a)
{
	a->err = tdm_session_cancel(c->st, &c->manager, planned, NULL,
	    "gr\xc3\xa8ve", &a->d);
}

static void
case_withdraw(struct ctx *c, struct answer *a)
{
	a->err = tdm_withdraw(c->st, &c->mentee, PROGRAMME, sum.ceo, &a->d);
}

/* The wrong outcomes of a case, each once with its count. */
static struct {
	char		 what[300];
	unsigned long	 first, count;
} wrong[32];
static size_t	 nwrong;

static void
tally(const char *what, unsigned long nth)
{
	size_t	 i;

	for (i = 0; i < nwrong; i++)
		if (strcmp(wrong[i].what, what) == 0) {
			wrong[i].count++;
			return;
		}
	if (nwrong == sizeof(wrong) / sizeof(wrong[0]))
		i = nwrong - 1;
	else
		i = nwrong++;
	snprintf(wrong[i].what, sizeof(wrong[i].what), "%s", what);
	wrong[i].first = nth;
	wrong[i].count = 1;
}

static void
tally_print(void)
{
	size_t	 i;

	for (i = 0; i < nwrong; i++)
		printf("# %lu run%s, the first with allocation %lu refused: "
		    "%s\n", wrong[i].count, wrong[i].count == 1 ? "" : "s",
		    wrong[i].first, wrong[i].what);
	nwrong = 0;
}

/* What reads as a missing object in a diagnostic. */
static const char *const notfound[] = {
	"no such", "not found", "has no ", "no employee", "no programme",
	"no session", "no coach", "no topic", "no pair", "who acts must",
	"does not exist", "unknown",
};

static const char *
reads_as_missing(const struct tdm_diags *d)
{
	size_t	 i, j;

	for (i = 0; i < d->n; i++)
		for (j = 0; j < sizeof(notfound) / sizeof(notfound[0]); j++)
			if (strstr(d->v[i].message, notfound[j]) != NULL)
				return d->v[i].message;
	return NULL;
}

static void
answer_free(struct answer *a)
{
	tdm_buf_release(&a->text);
	tdm_diags_free(&a->d);
}

/*
 * Run one case under every plan; write: the case writes, and must leave
 * the audit log as it was when it fails.
 */
static void
starve(void (*fn)(struct ctx *, struct answer *), int write)
{
	struct ctx		 c;
	struct answer		 ref, a;
	struct failplan		 plan;
	unsigned long		 nth, asked;
	long long		 audit;
	unsigned		 refused;
	int			 sticky, reported = 0, nomem = 0;
	const char		*missing;

	if (ctx_open(&c) == -1) {
		CHECK(!"the demo opens");
		return;
	}
	memset(&ref, 0, sizeof(ref));
	fn(&c, &ref);
	ctx_close(&c);
	CHECK_INT(ref.err, TDM_OK);
	for (sticky = 0; sticky <= 1; sticky++) {
		if (ctx_open(&c) == -1) {
			CHECK(!"the demo opens");
			break;
		}
		audit = audit_count(work);
		for (nth = 1;; nth += step) {
			memset(&a, 0, sizeof(a));
			plan.nth = nth;
			plan.sticky = sticky;
			failmalloc_arm(&plan);
			fn(&c, &a);
			refused = failmalloc_disarm();
			asked = failmalloc_count();
			tdm_store_rest(c.st);
			missing = reads_as_missing(&a.d);
			if (a.err == TDM_ENOMEM && missing == NULL) {
				nomem++;
				if (write && audit_count(work) != audit &&
				    reported++ < 5) {
					printf("# allocation %lu refused%s: "
					    "TDM_ENOMEM, but the audit log "
					    "changed\n", nth, sticky ?
					    " for good" : "");
					t_fails++;
				}
			} else if (a.err == ref.err && missing == NULL &&
			    strcmp(a.line, ref.line) == 0 &&
			    a.text.len == ref.text.len && (a.text.len == 0 ||
			    memcmp(a.text.buf, ref.text.buf, a.text.len) ==
			    0)) {
				/* Done as without a refusal. */
				if (write && refused) {
					/* Start again on a fresh copy. */
					ctx_close(&c);
					if (ctx_open(&c) == -1) {
						answer_free(&a);
						CHECK(!"the demo opens");
						break;
					}
					audit = audit_count(work);
				}
			} else {
				char	 what[300];

				snprintf(what, sizeof(what), "%s%s%s, %s "
				    "(refused by %s%s)", tdm_strerror(a.err),
				    a.d.n ? ": " : "",
				    a.d.n ? a.d.v[0].message : "",
				    a.err == ref.err ? "but not the answer "
				    "without a refusal" : "not \"out of "
				    "memory\"",
				    refused & FM_SQLITE ? "SQLite" :
				    refused & FM_JSON ? "jansson" : "libc",
				    sticky ? ", for good" : "");
				tally(what, nth);
				t_fails++;
			}
			answer_free(&a);
			if (nth > asked)
				break;
		}
		ctx_close(&c);
		printf("# %s: %lu allocations, %d out of memory%s\n",
		    sticky ? "refused for good" : "one refused", asked, nomem,
		    t_fails ? "" : ", every other run as without a refusal");
		nomem = 0;
	}
	tally_print();
	answer_free(&ref);
}

static void actor_load(void) { starve(case_actor, 0); }
static void may_view(void) { starve(case_may_view, 0); }
static void whoami(void) { starve(case_whoami, 0); }
static void report_text(void) { starve(case_report, 0); }
static void report_json(void) { starve(case_report_json, 0); }
static void role_grant(void) { starve(case_grant, 1); }
static void coach_add(void) { starve(case_coach, 1); }
static void session_cancel(void) { starve(case_cancel, 1); }
static void withdraw(void) { starve(case_withdraw, 1); }

int
main(void)
{
	const char	*s;
	char		 cmd[128];
	struct failplan	 none;
	const uint8_t	*p = (const uint8_t *)"";
	size_t		 len = 0;
	int		 rc;

	/* Route SQLite's and jansson's allocators first, before any use. */
	failmalloc_plan(&p, &len, &none);
	if ((s = getenv("TEST_NOMEM_STEP")) != NULL && atoi(s) > 0)
		step = (unsigned)atoi(s);
	if (make_demo() == -1) {
		printf("Bail out! the demonstration database\n");
		return 1;
	}
	RUN(actor_load);
	RUN(may_view);
	RUN(whoami);
	RUN(report_text);
	RUN(report_json);
	RUN(role_grant);
	RUN(coach_add);
	RUN(session_cancel);
	RUN(withdraw);
	rc = DONE();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	(void)system(cmd);
	return rc;
}
