/*
 * The pairs' session tallies (pair_tally, migration 022, issue 15): the
 * store keeps them in the transaction of every act that writes sessions
 * or accepts a pair, and the tandems at risk, the figures and the
 * coach's page read them instead of every session.  After the demo
 * (planning, answers, sessions held and cancelled) and after each kind
 * of act (a session added to a pair and to a mentor's group, moved,
 * cancelled by each side, held, a withdrawal, a tandem's end, a pair
 * accepted after its mentor's group met, an erasure, the programme's
 * closing), the kept rows must be what the sessions give, recomputed
 * here by a query of their own; and the tandems at risk must be those
 * that the aggregate over every session, as the store computed them
 * before the tallies, gives.  The matricules a pair keeps for the order
 * of its pages (mentor_matricule, mentee_matricule) must be its
 * members', and an enrolment's its volunteer's, new pairs and an erased
 * person's new matricule included; and what migration 022 fills on a
 * database of version 21 with the same rows.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "tandem/tandem.h"
#include "t.h"
#include "aside.h"
#include "demo.h"

#define NOW	1795737600	/* 2026-11-27 */
#define DAY	86400

static char		 dir[] = "/tmp/test_tally.XXXXXX";
static char		 path[64];
static struct tdm_store	*st;
static struct tdm_demo_summary sum;
static struct tdm_actor	 manager;

/* The tallies as the sessions give them, written apart from the store's. */
#define RECOMPUTED \
	"SELECT id, programme_id, held, last_held, bymentor, bymentee, " \
	"cancelled, first_at, planned, CASE WHEN bymentor > 1 OR " \
	"bymentee > 1 THEN '' WHEN planned > 0 THEN COALESCE(last_held, " \
	"first_at) END FROM (SELECT p.id, p.programme_id, " \
	"count(CASE WHEN s.state = 'held' THEN 1 END) AS held, " \
	"max(CASE WHEN s.state = 'held' THEN s.start_at END) AS last_held, " \
	"count(CASE WHEN s.state = 'cancelled' AND s.cancelled_by = " \
	"'mentor' THEN 1 END) AS bymentor, count(CASE WHEN s.state = " \
	"'cancelled' AND s.cancelled_by = 'mentee' THEN 1 END) AS bymentee, " \
	"count(CASE WHEN s.state = 'cancelled' THEN 1 END) AS cancelled, " \
	"min(s.start_at) AS first_at, " \
	"count(CASE WHEN s.state = 'planned' THEN 1 END) AS planned " \
	"FROM pair p, session s WHERE p.state = 'accepted' " \
	"AND s.programme_id = p.programme_id AND s.mentor_id = p.mentor_id " \
	"AND (s.mentee_id IS NULL OR s.mentee_id = p.mentee_id) " \
	"GROUP BY p.id, p.programme_id)"
#define KEPT \
	"SELECT pair_id, programme_id, held, last_held, bymentor, bymentee, " \
	"cancelled, first_at, planned, risk_at FROM pair_tally"

/*
 * The tandems at risk of the demo's running programme at NOW, by the
 * statement the store ran before it kept tallies (every session read).
 */
#define OLD_RISKY \
	"SELECT count(*) FROM (SELECT p.id FROM pair p " \
	"JOIN programme g ON g.id = p.programme_id AND g.state = 'running' " \
	"JOIN enrolment nm ON nm.id = p.mentor_id " \
	"JOIN enrolment ne ON ne.id = p.mentee_id " \
	"LEFT JOIN session s ON p.state = 'accepted' AND " \
	"s.programme_id = p.programme_id AND s.mentor_id = p.mentor_id " \
	"AND (s.mentee_id = p.mentee_id OR s.mentee_id IS NULL) " \
	"WHERE p.state IN ('accepted', 'declined') " \
	"GROUP BY p.id, p.state, nm.withdrawn_at, ne.withdrawn_at, " \
	"g.risk_days HAVING p.state = 'declined' OR " \
	"nm.withdrawn_at IS NOT NULL OR ne.withdrawn_at IS NOT NULL OR " \
	"sum(s.state = 'cancelled' AND s.cancelled_by = 'mentor') >= 2 OR " \
	"sum(s.state = 'cancelled' AND s.cancelled_by = 'mentee') >= 2 OR " \
	"(sum(s.state = 'planned') > 0 AND " \
	"min(s.start_at) < '2026-11-27T00:00:00Z' AND " \
	"COALESCE(max(CASE WHEN s.state = 'held' THEN s.start_at END), " \
	"min(s.start_at)) < strftime('%Y-%m-%dT%H:%M:%SZ', " \
	"'2026-11-27T00:00:00', '-' || g.risk_days || ' days')))"

/* One integer that a query of the database file answers, read aside. */
static long long
sql_int(const char *sql)
{
	return aside_int(path, sql);
}

/* One text a query answers, into buf ("" for none). */
static void
sql_text(const char *sql, char *buf, size_t size)
{
	sqlite3		*db;
	sqlite3_stmt	*s;

	buf[0] = '\0';
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK)
		return;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW &&
	    sqlite3_column_text(s, 0) != NULL)
		snprintf(buf, size, "%s", sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	sqlite3_close(db);
}

/* Print what an act said, then forget it. */
static void
said(struct tdm_diags *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		printf("# %s\n", d->v[i].message);
	tdm_diags_free(d);
}

static int
count_risk(void *arg, const struct tdm_risk *r)
{
	(void)r;
	(*(long long *)arg)++;
	return 0;
}

/* The kept tallies are the sessions' (and the risks the old ones). */
static void
same(const char *after)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	long long		 wrong, risks = 0, old;

	wrong = sql_int("SELECT count(*) FROM (" KEPT " EXCEPT " RECOMPUTED
	    " UNION ALL " RECOMPUTED " EXCEPT " KEPT ")");
	if (wrong != 0)
		printf("# after %s: %lld tallies differ\n", after, wrong);
	CHECK_INT(wrong, 0);
	/* The matricules kept in the pairs are their members'. */
	wrong = sql_int("SELECT count(*) FROM pair p "
	    "JOIN enrolment nm ON nm.id = p.mentor_id "
	    "JOIN employee em ON em.id = nm.employee_id "
	    "JOIN enrolment ne ON ne.id = p.mentee_id "
	    "JOIN employee ee ON ee.id = ne.employee_id "
	    "WHERE p.mentor_matricule <> em.matricule "
	    "OR p.mentee_matricule <> ee.matricule");
	if (wrong != 0)
		printf("# after %s: %lld pairs' matricules differ\n", after,
		    wrong);
	CHECK_INT(wrong, 0);
	wrong = sql_int("SELECT count(*) FROM enrolment n JOIN employee e "
	    "ON e.id = n.employee_id WHERE n.matricule <> e.matricule");
	if (wrong != 0)
		printf("# after %s: %lld enrolments' matricules differ\n",
		    after, wrong);
	CHECK_INT(wrong, 0);
	if (sql_int("SELECT count(*) FROM programme WHERE state = "
	    "'running'") != 1)
		return;
	CHECK_INT(tdm_watch(st, &manager, sum.programme, count_risk, &risks,
	    &d), TDM_OK);
	tdm_diags_free(&d);
	old = sql_int(OLD_RISKY);
	if (risks != old)
		printf("# after %s: %lld tandems at risk, %lld before the "
		    "tallies\n", after, risks, old);
	CHECK_INT(risks, old);
}

static void
test_demo(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	enum tdm_err		 err;
	size_t			 i;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/demo.db", dir);
	CHECK_INT(tdm_store_open(path, TDM_OPEN_INIT, &st, &d), TDM_OK);
	if (st == NULL)
		return;
	tdm_store_set_now(st, NOW);
	err = demo_build(st, 300, &sum, &d);
	if (err == TDM_OK)
		err = tdm_actor_load(st, sum.manager, &manager, &d);
	for (i = 0; i < d.n; i++)
		printf("# demo: %s\n", d.v[i].message);
	tdm_diags_free(&d);
	CHECK_INT(err, TDM_OK);
	/* Something to compare: tallies of every kind, tandems at risk. */
	CHECK(sql_int("SELECT count(*) FROM pair_tally") > 10);
	CHECK(sql_int("SELECT count(*) FROM pair_tally WHERE held > 0") > 0);
	CHECK(sql_int("SELECT count(*) FROM pair_tally WHERE planned > 0") >
	    0);
	same("the demo");
}

/*
 * The n-th accepted pair of the running programme with at least min
 * future planned sessions (future) or min held (!future).
 */
static int64_t
pick(int n, int future, int min)
{
	char	 sql[1024];

	snprintf(sql, sizeof(sql), "SELECT p.id FROM pair p JOIN programme g "
	    "ON g.id = p.programme_id WHERE g.state = 'running' "
	    "AND p.state = 'accepted' AND (SELECT count(*) FROM session s "
	    "WHERE s.mentor_id = p.mentor_id AND s.mentee_id = p.mentee_id "
	    "AND %s) >= %d ORDER BY p.id LIMIT 1 OFFSET %d", future ?
	    "s.state = 'planned' AND s.start_at > '2026-11-27'" :
	    "s.state = 'held'", min, n);
	return sql_int(sql);
}

/* The matricules of a pair's members. */
static void
pair_of(int64_t pair, char mentor[32], char mentee[32])
{
	char	 sql[512];
	int	 k;

	for (k = 0; k < 2; k++) {
		snprintf(sql, sizeof(sql), "SELECT e.matricule FROM pair p "
		    "JOIN enrolment n ON n.id = p.%s_id "
		    "JOIN employee e ON e.id = n.employee_id "
		    "WHERE p.id = %" PRId64, k ? "mentee" : "mentor", pair);
		sql_text(sql, k ? mentee : mentor, 32);
	}
}

/*
 * A session of a pair in state, the earliest (future ones only when
 * planned), its start in *at (seconds).
 */
static int64_t
session_of(int64_t pair, const char *state, time_t *at)
{
	char	 sql[1024];
	const char *cols[] = { "s.id", "strftime('%s', s.start_at)" };
	long long v[2];
	int	 k;

	for (k = 0; k < 2; k++) {
		snprintf(sql, sizeof(sql), "SELECT %s FROM session s "
		    "JOIN pair p ON p.mentor_id = s.mentor_id "
		    "AND p.mentee_id = s.mentee_id WHERE s.state = '%s' "
		    "AND (s.state <> 'planned' OR s.start_at > '2026-11-27') "
		    "AND p.id = %" PRId64 " ORDER BY s.start_at LIMIT 1",
		    cols[k], state, pair);
		v[k] = sql_int(sql);
	}
	*at = (time_t)v[1];
	return v[0];
}

static void
test_sessions(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	char			 mentor[32], mentee[32];
	int64_t			 id, s, pair;
	time_t			 at;

	/*
	 * New sessions a week after a planned one, at a time both offer
	 * and nothing else takes (the cadence is two weeks).
	 */
	pair = pick(0, 1, 2);
	CHECK(pair > 0);
	pair_of(pair, mentor, mentee);
	CHECK(session_of(pair, "planned", &at) > 0);
	CHECK_INT(tdm_session_add(st, &manager, sum.programme, mentor, mentee,
	    at + 7 * DAY, &id, &d), TDM_OK);
	said(&d);
	same("a session added");
	/* A group's session counts for each of its mentor's pairs. */
	CHECK_INT(tdm_session_add(st, &manager, sum.programme, mentor, NULL,
	    at + 21 * DAY, &id, &d), TDM_OK);
	said(&d);
	same("a group's session added");
	CHECK(sql_int("SELECT count(*) FROM session WHERE mentee_id IS NULL")
	    == 1);
	CHECK_INT(tdm_session_move(st, &manager, id, at + 35 * DAY, &d),
	    TDM_OK);
	said(&d);
	same("a session moved");
	CHECK_INT(tdm_session_cancel(st, &manager, id, "mentor", NULL, &d),
	    TDM_OK);
	same("a group's session cancelled");
	/* Twice by the mentor: at risk from now on. */
	pair = pick(1, 1, 2);
	CHECK((s = session_of(pair, "planned", &at)) > 0);
	CHECK_INT(tdm_session_cancel(st, &manager, s, "mentor", NULL, &d),
	    TDM_OK);
	same("a session cancelled by the mentor");
	CHECK((s = session_of(pair, "planned", &at)) > 0);
	CHECK_INT(tdm_session_cancel(st, &manager, s, "mentor", NULL, &d),
	    TDM_OK);
	same("a second session cancelled by the mentor");
	CHECK(sql_int("SELECT count(*) FROM pair_tally WHERE risk_at = ''") >
	    0);
	CHECK((s = session_of(pick(2, 1, 2), "planned", &at)) > 0);
	CHECK_INT(tdm_session_cancel(st, &manager, s, "mentee", NULL, &d),
	    TDM_OK);
	same("a session cancelled by the mentee");
	/* Held: a planned session, once the clock has passed it. */
	CHECK((s = session_of(pick(3, 1, 1), "planned", &at)) > 0);
	tdm_store_set_now(st, at + 3600);
	CHECK_INT(tdm_session_held(st, &manager, s, NULL, &d), TDM_OK);
	tdm_store_set_now(st, NOW);
	said(&d);
	same("a session held");
}

static void
test_members(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_actor	 sys;
	struct tdm_erasure	 e;
	char			 mentor[32], mentee[32], sql[512];
	long long		 planned;

	pair_of(pick(4, 1, 1), mentor, mentee);
	CHECK_INT(tdm_withdraw(st, &manager, sum.programme, mentee, &d),
	    TDM_OK);
	same("a mentee's withdrawal");
	pair_of(pick(4, 1, 1), mentor, mentee);
	CHECK_INT(tdm_withdraw(st, &manager, sum.programme, mentor, &d),
	    TDM_OK);
	same("a mentor's withdrawal");
	pair_of(pick(4, 1, 1), mentor, mentee);
	CHECK_INT(tdm_pair_end(st, &manager, sum.programme, mentor, mentee,
	    "test", &d), TDM_OK);
	same("a tandem's end");
	/* An erasure cancels the person's future sessions. */
	pair_of(pick(4, 1, 1), mentor, mentee);
	snprintf(sql, sizeof(sql), "SELECT sum(planned) FROM pair_tally t "
	    "JOIN pair p ON p.id = t.pair_id JOIN enrolment n "
	    "ON n.id = p.mentee_id JOIN employee e ON e.id = n.employee_id "
	    "WHERE e.matricule = '%s'", mentee);
	planned = sql_int(sql);
	CHECK(planned > 0);
	tdm_actor_system(&sys);
	memset(&e, 0, sizeof(e));
	CHECK_INT(tdm_erase_person(st, &sys, mentee, &e, &d), TDM_OK);
	CHECK(e.sessions > 0);
	same("an erasure");
	tdm_diags_free(&d);
}

/*
 * A pair accepted after its mentor's group met counts the group's
 * sessions at once: a published pair is answered by both sides.
 */
static void
test_accept(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	char			 mentor[32], mentee[32];
	const char		*pub = "SELECT %s FROM pair p "
	    "JOIN enrolment nm ON nm.id = p.mentor_id "
	    "JOIN employee em ON em.id = nm.employee_id "
	    "JOIN enrolment ne ON ne.id = p.mentee_id "
	    "JOIN employee ee ON ee.id = ne.employee_id "
	    "JOIN programme g ON g.id = p.programme_id "
	    "WHERE g.state = 'running' AND p.state = 'published' "
	    "AND EXISTS (SELECT 1 FROM pair q WHERE q.mentor_id = p.mentor_id "
	    "AND q.state = 'accepted') ORDER BY p.id LIMIT 1";
	char			 sql[1024];
	int64_t			 id;
	struct tdm_match_report	*rep = NULL;
	size_t			 published = 0;

	/* Those the acts above left waiting, matched and published. */
	CHECK_INT(tdm_match(st, &manager, sum.programme, 0, &rep, &d),
	    TDM_OK);
	tdm_match_report_free(rep);
	said(&d);
	CHECK_INT(tdm_pair_publish(st, &manager, sum.programme, &published,
	    &d), TDM_OK);
	said(&d);
	printf("# %zu pairs published\n", published);
	snprintf(sql, sizeof(sql), pub, "em.matricule");
	sql_text(sql, mentor, sizeof(mentor));
	snprintf(sql, sizeof(sql), pub, "ee.matricule");
	sql_text(sql, mentee, sizeof(mentee));
	/* A mentor of two: one tandem, one new pair. */
	CHECK(*mentor != '\0');
	CHECK_INT(tdm_session_add(st, &manager, sum.programme, mentor, NULL,
	    NOW + 40 * DAY + 10 * 3600, &id, &d), TDM_OK);
	same("a group's session before an answer");
	CHECK_INT(tdm_pair_answer(st, &manager, sum.programme, mentor, mentee,
	    mentor, 1, NULL, &d), TDM_OK);
	CHECK_INT(tdm_pair_answer(st, &manager, sum.programme, mentor, mentee,
	    mentee, 1, NULL, &d), TDM_OK);
	same("a pair accepted");
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM pair_tally t "
	    "JOIN pair p ON p.id = t.pair_id JOIN enrolment n "
	    "ON n.id = p.mentee_id JOIN employee e ON e.id = n.employee_id "
	    "WHERE e.matricule = '%s' AND t.planned > 0", mentee);
	CHECK_INT(sql_int(sql), 1);
	tdm_diags_free(&d);
}

static void
test_close(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	const char		*q = "SELECT sum(cancelled) FROM pair_tally";
	long long		 before = sql_int(q);

	CHECK_INT(tdm_programme_transition(st, &manager, sum.programme,
	    TDM_CLOSE, NULL, &d), TDM_OK);
	tdm_diags_free(&d);
	/* Its future sessions, cancelled, are counted as such. */
	CHECK(sql_int(q) > before);
	same("the programme's closing");
}

/*
 * Migration 022 on a database of version 21 with this one's rows: what
 * it fills (the tallies, the matricules copied) is what the acts keep.
 */
static void
test_upgrade(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	sqlite3			*db;
	int			 rc = -1;

	tdm_store_close(st);
	st = NULL;
	if (sqlite3_open(path, &db) == SQLITE_OK)
		rc = sqlite3_exec(db, "DROP TABLE pair_tally; "
		    "DROP INDEX pair_order; DROP INDEX enrolment_order; "
		    "DROP INDEX pair_mentor; DROP INDEX enrolment_withdrawn; "
		    "DROP INDEX session_state; DROP INDEX enrolment_live; "
		    "DROP INDEX pair_members; "
		    "CREATE INDEX pair_programme ON pair(programme_id, state); "
		    "ALTER TABLE pair DROP COLUMN mentor_matricule; "
		    "ALTER TABLE pair DROP COLUMN mentee_matricule; "
		    "ALTER TABLE enrolment DROP COLUMN matricule; "
		    "PRAGMA user_version = 21", NULL, NULL, NULL);
	sqlite3_close(db);
	CHECK_INT(rc, SQLITE_OK);
	CHECK_INT(tdm_store_open(path, TDM_OPEN_INIT, &st, &d), TDM_OK);
	said(&d);
	if (st == NULL)
		return;
	tdm_store_set_now(st, NOW);
	CHECK_INT(sql_int("PRAGMA user_version"), 22);
	CHECK(sql_int("SELECT count(*) FROM pair_tally") > 10);
	same("the upgrade");
}

int
main(void)
{
	char	 cmd[128];
	int	 rc;

	RUN(test_demo);
	RUN(test_sessions);
	RUN(test_members);
	RUN(test_accept);
	RUN(test_close);
	RUN(test_upgrade);
	tdm_store_close(st);
	rc = DONE();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	(void)system(cmd);
	return rc;
}
