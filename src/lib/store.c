/*
 * Opening, migrating and closing the SQLite store, and the one table of
 * every SQL statement the library runs.
 *
 * SQLite-specific pieces (PRAGMAs, user_version, upserts) stay in this
 * file so that a PostgreSQL store can later replace it; the other modules
 * only name statements from enum stmt.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tandem/privacy.h"
#include "tandem/store.h"
#include "internal.h"
#include "store_pg.h"

/* An open database: one connection, every statement prepared. */
struct tdm_store {
	sqlite3		*db;
	sqlite3_stmt	*stmt[STMT__MAX];
	int		 version;
	time_t		 now;	/* 0: the system clock */
	int		 writing;	/* holds store.c's writer mutex */
	char		*guard;	/* the audit log's trigger, while lifted */
	struct pg_store	*pg;	/* a PostgreSQL store: store_pg.c does all */
	int64_t		 started;	/* query_start() calls */
};

extern const char *const tdm_migrations[];
extern const size_t tdm_nmigrations;

#define EMPLOYEE_COLUMNS \
	"e.id, e.matricule, e.last_name, e.first_name, e.email, " \
	"e.birth_year, g.code, e.department, e.team, e.site, e.job_title, " \
	"e.grade, m.matricule, e.hire_date, e.language, e.active "
#define EMPLOYEE_JOINS \
	"FROM employee e " \
	"LEFT JOIN generation g ON e.birth_year BETWEEN " \
	"COALESCE(g.first_year, 0) AND COALESCE(g.last_year, 9999) " \
	"LEFT JOIN employee m ON m.id = e.manager_id "

/*
 * The last enrolment n of its person in its programme: the current one,
 * or the last withdrawn.  A person who withdrew and volunteered again
 * (issue 12) has several; counts of people take this one only.
 */
#define LATEST_ENROLMENT "NOT EXISTS (SELECT 1 FROM enrolment nl WHERE " \
	"nl.programme_id = n.programme_id AND nl.employee_id = " \
	"n.employee_id AND nl.id > n.id) "

/* Sessions an enrolment ?1 takes part in, groups included. */
#define THEIR_SESSIONS(n) \
	"SELECT s.id FROM session s WHERE s.mentor_id = " n " OR " \
	"s.mentee_id = " n " OR (s.mentee_id IS NULL AND EXISTS (SELECT 1 " \
	"FROM pair px WHERE px.programme_id = s.programme_id AND " \
	"px.mentor_id = s.mentor_id AND px.mentee_id = " n " AND " \
	"px.state = 'accepted'))"
#define THEIR_ENROLMENTS "SELECT id FROM enrolment WHERE employee_id = ?1"
/* When programme p closed last. */
#define CLOSED_AT(p) \
	"(SELECT max(at) FROM programme_event WHERE programme_id = " p \
	" AND to_state = 'closed')"
/* Programmes closed for more than their delay at ?1. */
#define EXPIRED(delay) \
	"SELECT p.id FROM programme p WHERE p.state = 'closed' AND " \
	"julianday(?1) - julianday(" CLOSED_AT("p.id") ") > p." delay

/* The values of PLAN_ROWS sessions (stmt.h), for a planning. */
#define PLAN_ROW	"(?, ?, ?, ?, ?, ?, ?, ?)"
#define PLAN_ROWS4	PLAN_ROW ", " PLAN_ROW ", " PLAN_ROW ", " PLAN_ROW
#define PLAN_ROWS16	PLAN_ROWS4 ", " PLAN_ROWS4 ", " PLAN_ROWS4 ", " \
			PLAN_ROWS4
#define PLAN_ROWS_SQL	PLAN_ROWS16 ", " PLAN_ROWS16

/*
 * The pairs' and the sessions' lists, whole or
 * paged or counted, share one SELECT, one FROM and one view rule.
 */
/*
 * Who someone is, a row per role (STMT_ACTOR, STMT_WEBSESSION_GET): the
 * kind (0 a role, 1 a role scoped to a programme), the role and the
 * programme; one row of kind 0 and no role when they hold none.
 */
#define ROLE_COLUMNS \
	"COALESCE(x.kind, 0), COALESCE(x.role, ''), " \
	"COALESCE(x.programme_id, 0) "
#define ROLES_JOIN \
	"LEFT JOIN (SELECT employee_id, 0 AS kind, role, 0 AS programme_id " \
	"FROM role UNION ALL SELECT employee_id, 1, role, programme_id " \
	"FROM role_scope) x ON x.employee_id = e.id "
/*
 * A programme's row (STMT_PROGRAMME_LIST, STMT_PROGRAMME_SHOW), read
 * whole by programme_from() in programme.c.
 */
#define PROGRAMME_ROW \
	"SELECT p.id, p.name, p.state, p.purpose, p.format, p.direction, " \
	"COALESCE((SELECT group_concat(code, ',') FROM (SELECT t.code " \
	"FROM programme_topic pt JOIN topic t ON t.id = pt.topic_id " \
	"WHERE pt.programme_id = p.id ORDER BY t.id)), ''), " \
	"COALESCE(c.name || ' <' || c.email || '>' || " \
	"CASE WHEN c.organisation <> '' THEN ', ' || c.organisation " \
	"ELSE '' END, ''), " \
	"p.start_date, p.end_date, p.commitments, p.confidentiality, " \
	"p.data_notice, p.session_count, p.session_minutes, " \
	"p.cadence_days, p.group_seats, p.charter_version, " \
	"(SELECT count(*) FROM enrolment e WHERE e.programme_id = p.id " \
	"AND e.role = 'mentor' AND e.withdrawn_at IS NULL), " \
	"(SELECT count(*) FROM enrolment e WHERE e.programme_id = p.id " \
	"AND e.role = 'mentee' AND e.withdrawn_at IS NULL), " \
	"p.created_by, p.created_at, p.coach_id, p.w_topic, " \
	"p.w_availability, p.w_site, p.w_department, p.w_inversion, " \
	"p.gain_cap, p.chain_depth, p.session_time, p.risk_days, " \
	"p.retention_days, p.comments_days" \
	", p.proposal_agreement " \
	", p.answer_days " \
	"FROM programme p LEFT JOIN coach c ON c.id = p.coach_id "
#define PAIR_COLUMNS \
	"SELECT em.matricule, em.first_name || ' ' || em.last_name, " \
	"ee.matricule, ee.first_name || ' ' || ee.last_name, p.state, " \
	"p.locked, p.score, p.terms, p.focus, " \
	"COALESCE(p.mentor_answer, ''), COALESCE(p.mentee_answer, ''), " \
	"nm.withdrawn_at IS NOT NULL OR ne.withdrawn_at IS NOT NULL, " \
	"COALESCE(p.answer_by, '') "
#define PAIR_FROM \
	"FROM pair p JOIN enrolment nm ON nm.id = p.mentor_id " \
	"JOIN employee em ON em.id = nm.employee_id " \
	"JOIN enrolment ne ON ne.id = p.mentee_id " \
	"JOIN employee ee ON ee.id = ne.employee_id "
/*
 * The pairs at risk of programme ?1 at ?2 (now), ?3 being now less the
 * programme's risk days: a declined pair, a member who withdrew, or an
 * accepted pair whose sessions (its own and its mentor's group's, kept in
 * pair_tally) show two cancellations by the same side, or sessions
 * planned but none held since ?3.  session_risks() words the reason of
 * each row by the same rules.  Each branch is a range on an index
 * (pair_programme, enrolment_withdrawn, pair_tally_risk), so that the
 * pairs that are not at risk are never read (issue 15); CROSS JOIN keeps
 * SQLite reading the few who withdrew first, then their pairs by
 * pair_mentor and pair_mentee (an enrolment's pairs are in its
 * programme: naming it would lead SQLite to walk the programme's pairs).
 */
#define TALLY_RISKY(t) \
	"(" t ".risk_at < ?3 AND (" t ".risk_at = '' OR " t ".first_at < ?2))"
/* The pairs of programme ?1 with a member who withdrew. */
#define PAIRS_GONE \
	"SELECT p.id FROM enrolment n CROSS JOIN pair p " \
	"WHERE p.mentor_id = n.id AND n.programme_id = ?1 " \
	"AND n.withdrawn_at IS NOT NULL UNION ALL " \
	"SELECT p.id FROM enrolment n CROSS JOIN pair p " \
	"WHERE p.mentee_id = n.id AND n.programme_id = ?1 " \
	"AND n.withdrawn_at IS NOT NULL"
/*
 * A live tandem of the coach's page (accepted, neither member withdrew)
 * is at risk by its tally alone, unless ?4 is 0: the column "then",
 * or the ELSE it gives.
 */
#define COACH_RISKY(then) \
	"CASE WHEN ?4 = 1 AND t.pair_id IS NOT NULL AND " TALLY_RISKY("t") \
	" THEN " then " END"
/* The coach's pages of tandems (STMT_COACH_PAGE*), as they share them. */
#define COACH_COLUMNS \
	"SELECT em.matricule, em.first_name || ' ' || em.last_name, " \
	"em.email, ee.matricule, ee.first_name || ' ' || ee.last_name, " \
	"ee.email, COALESCE(c.note, ''), COALESCE(c.followed_at, ''), " \
	"COALESCE(c.updated_at, ''), em.id, ee.id, " \
	COACH_RISKY("1 ELSE 0") ", " \
	COACH_RISKY("COALESCE(t.last_held, '') ELSE ''") ", " \
	COACH_RISKY("t.bymentor ELSE 0") ", " \
	COACH_RISKY("t.bymentee ELSE 0") ", " \
	COACH_RISKY("t.first_at ELSE ''") ", " \
	COACH_RISKY("t.planned ELSE 0") " "
#define COACH_JOINS \
	"JOIN enrolment nm ON nm.id = p.mentor_id " \
	"JOIN employee em ON em.id = nm.employee_id " \
	"JOIN enrolment ne ON ne.id = p.mentee_id " \
	"JOIN employee ee ON ee.id = ne.employee_id " \
	"LEFT JOIN coach_note c ON c.coach_id = ?5 " \
	"AND c.mentor_id = p.mentor_id AND c.mentee_id = p.mentee_id "
#define COACH_LIVE \
	"p.state = 'accepted' AND nm.withdrawn_at IS NULL " \
	"AND ne.withdrawn_at IS NULL "
#define COACH_ORDER \
	"ORDER BY em.last_name, em.first_name, ee.last_name, ee.first_name, " \
	"p.id LIMIT ?6 OFFSET ?7"
#define WATCH_RISKY \
	"SELECT id FROM pair WHERE programme_id = ?1 AND state = 'declined' " \
	"UNION SELECT p.id FROM enrolment n CROSS JOIN pair p " \
	"WHERE p.mentor_id = n.id AND n.programme_id = ?1 " \
	"AND n.withdrawn_at IS NOT NULL " \
	"AND p.state IN ('accepted', 'declined') " \
	"UNION SELECT p.id FROM enrolment n CROSS JOIN pair p " \
	"WHERE p.mentee_id = n.id AND n.programme_id = ?1 " \
	"AND n.withdrawn_at IS NOT NULL " \
	"AND p.state IN ('accepted', 'declined') " \
	"UNION SELECT t.pair_id FROM pair_tally t JOIN pair p " \
	"ON p.id = t.pair_id WHERE t.programme_id = ?1 AND " \
	TALLY_RISKY("t") " AND p.state = 'accepted'"
/*
 * The tallies of a programme's accepted pairs (?1) from their sessions
 * (pair_tally, migration 022, whose first fill is the same SELECT), and
 * the pairs they are kept for: those of mentor ?2 and of the mentors of
 * mentee ?2 (cleared: ?1), or every pair of the programme.  An act that writes
 * sessions or accepts a pair clears their rows and fills them again.
 */
#define TALLY_SELECT \
	"SELECT id, programme_id, held, last_held, bymentor, bymentee, " \
	"cancelled, first_at, planned, CASE WHEN bymentor >= 2 OR " \
	"bymentee >= 2 THEN '' WHEN planned > 0 THEN " \
	"COALESCE(last_held, first_at) END FROM (SELECT p.id AS id, " \
	"p.programme_id AS programme_id, " \
	"sum(CASE WHEN s.state = 'held' THEN 1 ELSE 0 END) AS held, " \
	"max(CASE WHEN s.state = 'held' THEN s.start_at END) AS last_held, " \
	"sum(CASE WHEN s.state = 'cancelled' AND s.cancelled_by = 'mentor' " \
	"THEN 1 ELSE 0 END) AS bymentor, " \
	"sum(CASE WHEN s.state = 'cancelled' AND s.cancelled_by = 'mentee' " \
	"THEN 1 ELSE 0 END) AS bymentee, " \
	"sum(CASE WHEN s.state = 'cancelled' THEN 1 ELSE 0 END) AS cancelled, " \
	"min(s.start_at) AS first_at, " \
	"sum(CASE WHEN s.state = 'planned' THEN 1 ELSE 0 END) AS planned " \
	"FROM pair p JOIN session s ON p.state = 'accepted' " \
	"AND s.programme_id = p.programme_id AND s.mentor_id = p.mentor_id " \
	"AND (s.mentee_id = p.mentee_id OR s.mentee_id IS NULL) "
#define TALLY_INSERT \
	"INSERT INTO pair_tally (pair_id, programme_id, held, last_held, " \
	"bymentor, bymentee, cancelled, first_at, planned, risk_at) "
#define TALLY_MENTORS(e) \
	"SELECT x.mentor_id FROM pair x WHERE x.mentee_id = " e " " \
	"UNION ALL SELECT n.id FROM enrolment n WHERE n.id = " e " " \
	"AND n.role = 'mentor'"
/* ?1 programme: its volunteers who wait without a partner. */
#define TANDEM_WAITING_FROM \
	"FROM enrolment n JOIN employee e ON e.id = n.employee_id " \
	"WHERE n.programme_id = ?1 AND n.withdrawn_at IS NULL " \
	"AND e.active = 1 AND n.id NOT IN (SELECT p.mentor_id FROM pair p " \
	"JOIN enrolment o ON o.id = p.mentee_id WHERE p.programme_id = ?1 " \
	"AND p.state IN ('published', 'accepted') " \
	"AND o.withdrawn_at IS NULL UNION ALL SELECT p.mentee_id " \
	"FROM pair p JOIN enrolment o ON o.id = p.mentor_id " \
	"WHERE p.programme_id = ?1 AND p.state IN ('published', " \
	"'accepted') AND o.withdrawn_at IS NULL) "
/* A published pair's members and answers, for its messages (outbox.c). */
#define MAIL_PAIR_FROM \
	"SELECT pr.id, m.employee_id, e.employee_id, " \
	"COALESCE(pr.mentor_answer, ''), COALESCE(pr.mentee_answer, ''), " \
	"pr.state = 'published' FROM pair pr " \
	"JOIN enrolment m ON m.id = pr.mentor_id " \
	"JOIN enrolment e ON e.id = pr.mentee_id "
/* ?1 programme, ?2 the reader (0: all), ?3 state, ?4 name, ?5 its LIKE. */
#define PAIR_PAGE_WHERE \
	"WHERE p.programme_id = ?1 AND (?2 = 0 OR (p.state <> 'proposed' " \
	"AND (nm.employee_id = ?2 OR ne.employee_id = ?2))) " \
	"AND (?3 = '' OR CASE WHEN p.state = 'declined' AND " \
	"p.mentor_answer = 'accepted' AND p.mentee_answer = 'accepted' " \
	"THEN 'ended' ELSE p.state END = ?3) " \
	"AND (?4 = '' OR lower(em.first_name || ' ' || em.last_name) " \
	"LIKE ?5 ESCAPE '!' OR lower(ee.first_name || ' ' || " \
	"ee.last_name) LIKE ?5 ESCAPE '!') "
/* The matricule of enrolment n, for the copies kept in pair. */
#define MATRICULE_OF(id) \
	"(SELECT e.matricule FROM enrolment n JOIN employee e " \
	"ON e.id = n.employee_id WHERE n.id = " id ")"
#define SESSION_COLUMNS \
	"SELECT s.id, em.matricule, em.first_name || ' ' || em.last_name, " \
	"COALESCE(ee.matricule, ''), " \
	"COALESCE(ee.first_name || ' ' || ee.last_name, ''), s.seq, " \
	"s.start_at, s.minutes, s.state, COALESCE(s.cancelled_by, ''), " \
	"s.sequence, s.uid "
#define SESSION_FROM \
	"FROM session s " \
	"JOIN enrolment nm ON nm.id = s.mentor_id " \
	"JOIN employee em ON em.id = nm.employee_id " \
	"LEFT JOIN enrolment ne ON ne.id = s.mentee_id " \
	"LEFT JOIN employee ee ON ee.id = ne.employee_id "
/* ?1 programme, ?2 the member whose sessions are read (0: all). */
#define SESSION_WHERE \
	"WHERE s.programme_id = ?1 AND (?2 = 0 OR nm.employee_id = ?2 " \
	"OR ne.employee_id = ?2 OR (s.mentee_id IS NULL AND ?2 IN " \
	"(SELECT n2.employee_id FROM pair px JOIN enrolment n2 " \
	"ON n2.id = px.mentee_id WHERE px.programme_id = s.programme_id " \
	"AND px.mentor_id = s.mentor_id AND px.state = 'accepted' " \
	"AND n2.withdrawn_at IS NULL))) "
/* Then ?3 state, ?4 and ?5 the starts kept, [from, to). */
#define SESSION_PAGE_WHERE SESSION_WHERE \
	"AND (?3 = '' OR s.state = ?3) AND (?4 = '' OR s.start_at >= ?4) " \
	"AND (?5 = '' OR s.start_at < ?5) "

static const struct stmt_def {
	const char	*cols;	/* one letter a column: i, t, r, b, * any */
	const char	*sql;
} stmts[STMT__MAX] = {
	[STMT_BEGIN] = { "",
	    "BEGIN IMMEDIATE" },
	[STMT_COMMIT] = { "",
	    "COMMIT" },
	[STMT_ROLLBACK] = { "",
	    "ROLLBACK" },
	[STMT_GENERATION_LIST] = { "tittii",
	    "SELECT code, rank, label_fr, label_en, first_year, last_year "
	    "FROM generation ORDER BY rank" },
	[STMT_IMPORT_INSERT] = { "",
	    "INSERT INTO import (file, encoding, at, rows, added, updated, "
	    "unchanged, left_count) VALUES (?, ?, ?, 0, 0, 0, 0, 0)" },
	[STMT_IMPORT_COUNTS] = { "",
	    "UPDATE import SET rows = ?, added = ?, updated = ?, "
	    "unchanged = ?, left_count = ? WHERE id = ?" },
	[STMT_EMPLOYEE_CHAIN] = { "itti",
	    "SELECT e.id, e.matricule, m.matricule, e.active "
	    "FROM employee e LEFT JOIN employee m ON m.id = e.manager_id" },
	[STMT_EMPLOYEE_WRITTEN] = { "itttitttttttii",
	    "SELECT id, last_name, first_name, email, birth_year, "
	    "department, team, site, job_title, grade, hire_date, language, "
	    "manager_id, active FROM employee ORDER BY id" },
	[STMT_EMPLOYEE_INSERT] = { "",
	    "INSERT INTO employee (last_name, first_name, email, birth_year, "
	    "department, team, site, job_title, grade, hire_date, language, "
	    "manager_id, import_id, id, matricule, active) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)" },
	[STMT_EMPLOYEE_UPDATE] = { "",
	    "UPDATE employee SET last_name = ?, first_name = ?, email = ?, "
	    "birth_year = ?, department = ?, team = ?, site = ?, "
	    "job_title = ?, grade = ?, hire_date = ?, language = ?, "
	    "manager_id = ?, import_id = ?, active = 1 WHERE id = ?" },
	[STMT_EMPLOYEE_MARK_LEFT] = { "",
	    "UPDATE employee SET active = 0, import_id = ? WHERE id = ?" },
	[STMT_EMPLOYEE_LIST] = { "ittttittttttttti",
	    "SELECT " EMPLOYEE_COLUMNS EMPLOYEE_JOINS
	    "WHERE e.active = 1 OR ? ORDER BY e.matricule" },
	[STMT_EMPLOYEE_GET] = { "ittttittttttttti",
	    "SELECT " EMPLOYEE_COLUMNS EMPLOYEE_JOINS
	    "WHERE e.matricule = ?" },
	[STMT_EMPLOYEE_ID] = { "ii",
	    "SELECT id, active FROM employee WHERE matricule = ?" },
	/*
	 * Who signs in, in one round trip (a request's first statements on
	 * PostgreSQL): the employee, then their roles (kind 0) and their
	 * roles scoped to a programme (kind 1, by programme).
	 */
	[STMT_ACTOR] = { "iiiti",
	    "SELECT e.id, e.active, " ROLE_COLUMNS
	    "FROM employee e " ROLES_JOIN "WHERE e.matricule = ? "
	    "ORDER BY 3, 5" },
	[STMT_ROLE_INSERT] = { "",
	    "INSERT INTO role (employee_id, role, granted_at, granted_by) "
	    "VALUES (?, ?, ?, ?)" },
	[STMT_ROLE_DELETE] = { "",
	    "DELETE FROM role WHERE employee_id = ? AND role = ?" },
	[STMT_ROLE_LIST] = { "tttttt",
	    "SELECT e.matricule, e.first_name, e.last_name, r.role, "
	    "r.granted_at, r.granted_by FROM role r "
	    "JOIN employee e ON e.id = r.employee_id "
	    "ORDER BY e.matricule, r.role" },
	[STMT_AUDIT_LAST] = { "it",
	    "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1" },
	[STMT_AUDIT_INSERT] = { "",
	    "INSERT INTO audit (id, at, actor, action, object, detail, prev, "
	    "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)" },
	[STMT_AUDIT_LIST] = { "ittttttt",
	    "SELECT id, at, actor, action, object, detail, prev, hash "
	    "FROM audit ORDER BY id" },
	[STMT_AUDIT_HEAD_SET] = { "",
	    "INSERT INTO audit_head (one, id, hash) VALUES (1, ?, ?) "
	    "ON CONFLICT (one) DO UPDATE SET id = excluded.id, "
	    "hash = excluded.hash" },
	[STMT_AUDIT_HEAD] = { "it",
	    "SELECT id, hash FROM audit_head" },
	[STMT_AUDIT_REWRITE] = { "",
	    "UPDATE audit SET actor = ?, object = ?, detail = ?, prev = ?, "
	    "hash = ? WHERE id = ?" },
	[STMT_PROGRAMME_FIND] = { "itti",
	    "SELECT id, name, state, charter_version FROM programme "
	    "WHERE name = ?1 OR id = ?2" },
	[STMT_PROGRAMME_INSERT] = { "",
	    "INSERT INTO programme (name, purpose, format, session_count, "
	    "session_minutes, cadence_days, start_date, end_date, "
	    "group_seats, direction, commitments, confidentiality, "
	    "data_notice, coach_id, created_by, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" },
	[STMT_PROGRAMME_UPDATE] = { "",
	    "UPDATE programme SET name = ?, purpose = ?, format = ?, "
	    "session_count = ?, session_minutes = ?, cadence_days = ?, "
	    "start_date = ?, end_date = ?, group_seats = ?, direction = ?, "
	    "commitments = ?, confidentiality = ?, data_notice = ?, "
	    "coach_id = ? WHERE id = ?" },
	[STMT_PROGRAMME_STATE] = { "",
	    "UPDATE programme SET state = ? WHERE id = ?" },
	[STMT_PROGRAMME_PUBLISH] = { "",
	    "UPDATE programme SET charter_version = ? WHERE id = ?" },
	[STMT_PROGRAMME_EVENT] = { "",
	    "INSERT INTO programme_event (programme_id, from_state, "
	    "to_state, actor, at, note) VALUES (?, ?, ?, ?, ?, ?)" },
	[STMT_PROGRAMME_EVENTS] = { "tttttt",
	    "SELECT x.from_state, x.to_state, x.actor, x.at, x.note, "
	    "COALESCE(e.first_name || ' ' || e.last_name, '') "
	    "FROM programme_event x LEFT JOIN employee e "
	    "ON e.matricule = x.actor "
	    "WHERE x.programme_id = ? ORDER BY x.id" },
	[STMT_PROGRAMME_LAST_SUBMITTER] = { "t",
	    "SELECT actor FROM programme_event WHERE programme_id = ? "
	    "AND to_state = 'submitted' ORDER BY id DESC LIMIT 1" },
	[STMT_PROGRAMME_LIST] = { "ittttttttttttiiiiiiittiiiiiiiitiiiii",
	    PROGRAMME_ROW
	    "WHERE ?1 IS NULL OR p.id = ?1 ORDER BY p.name" },
	/*
	 * A programme by name or id (?2, -1 for a name) with its row, in
	 * one statement where STMT_PROGRAMME_FIND and the list were two
	 * (one round trip less a read on PostgreSQL; tdm_programme_show()).
	 */
	[STMT_PROGRAMME_SHOW] = { "ittttttttttttiiiiiiittiiiiiiiitiiiii",
	    PROGRAMME_ROW
	    "WHERE p.name = ?1 OR p.id = ?2" },
	[STMT_PROGRAMME_TOPIC_CLEAR] = { "",
	    "DELETE FROM programme_topic WHERE programme_id = ?" },
	[STMT_PROGRAMME_TOPIC_ADD] = { "",
	    "INSERT INTO programme_topic (programme_id, topic_id) "
	    "VALUES (?, ?) ON CONFLICT DO NOTHING" },
	[STMT_PROGRAMME_HAS_TOPIC] = { "*",
	    "SELECT count(*) FROM programme_topic WHERE programme_id = ? "
	    "AND topic_id = ?" },
	[STMT_PROGRAMME_TOPIC_LABELS] = { "t",
	    "SELECT t.label_fr FROM programme_topic pt "
	    "JOIN topic t ON t.id = pt.topic_id WHERE pt.programme_id = ? "
	    "ORDER BY t.id" },
	[STMT_TOPIC_BY_CODE] = { "ii",
	    "SELECT id, programme_id FROM topic WHERE code = ?" },
	[STMT_TOPIC_INSERT] = { "",
	    "INSERT INTO topic (code, label_fr, label_en, programme_id) "
	    "VALUES (?, ?, ?, ?)" },
	[STMT_TOPIC_LIST] = { "tttt",
	    "SELECT t.code, t.label_fr, t.label_en, p.name FROM topic t "
	    "LEFT JOIN programme p ON p.id = t.programme_id "
	    "ORDER BY t.programme_id IS NOT NULL, p.name, t.id" },
	[STMT_COACH_INSERT] = { "",
	    "INSERT INTO coach (name, email, organisation, created_at) "
	    "VALUES (?, ?, ?, ?)" },
	[STMT_COACH_BY_EMAIL] = { "i",
	    "SELECT id FROM coach WHERE email = ?" },
	[STMT_COACH_LIST] = { "itttt",
	    "SELECT c.id, c.name, c.email, c.organisation, "
	    "COALESCE((SELECT group_concat(name, ', ') FROM programme p "
	    "WHERE p.coach_id = c.id), '') FROM coach c ORDER BY c.name" },
	[STMT_CHARTER_INSERT] = { "",
	    "INSERT INTO charter (programme_id, version, text, published_at, "
	    "published_by) VALUES (?, ?, ?, ?, ?)" },
	[STMT_CHARTER_GET] = { "it",
	    "SELECT version, text FROM charter WHERE programme_id = ?1 AND "
	    "version = ?2" },
	[STMT_ENROLMENT_FIND] = { "ittt",
	    "SELECT id, role, enrolled_at, withdrawn_at FROM enrolment "
	    "WHERE programme_id = ? AND employee_id = ?"
	    /* The current one: not withdrawn, else the last (issue 12). */
	    " ORDER BY withdrawn_at IS NOT NULL, id DESC LIMIT 1" },
	/* With the matricule, the order of the volunteers' pages. */
	[STMT_ENROLMENT_INSERT] = { "",
	    "INSERT INTO enrolment (programme_id, employee_id, role, "
	    "charter_version, optin, optin_ref, recorded_by, languages, site, "
	    "remote, availability, capacity, enrolled_at, matricule) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
	    "(SELECT e.matricule FROM employee e WHERE e.id = ?2))" },
	[STMT_ENROLMENT_TOPIC_INSERT] = { "",
	    "INSERT INTO enrolment_topic (enrolment_id, topic_id, level, "
	    "interest) VALUES (?, ?, ?, ?)" },
	[STMT_ENROLMENT_WITHDRAW] = { "",
	    "UPDATE enrolment SET withdrawn_at = ? WHERE id = ?" },
	[STMT_ENROLMENT_LIST] = { "ttttttttiiiitttt",
	    "SELECT e.matricule, e.first_name, e.last_name, g.code, n.role, "
	    "COALESCE((SELECT group_concat(x, ',') FROM (SELECT t.code || '=' "
	    "|| et.level || CASE WHEN n.role = 'mentee' THEN ':' || "
	    "et.interest ELSE '' END AS x FROM enrolment_topic et "
	    "JOIN topic t ON t.id = et.topic_id WHERE et.enrolment_id = n.id "
	    "ORDER BY t.id)), ''), n.languages, n.site, n.remote, "
	    "n.availability, n.capacity, n.charter_version, n.optin, "
	    "COALESCE(n.optin_ref, ''), n.enrolled_at, "
	    "COALESCE(n.withdrawn_at, '') FROM enrolment n "
	    "JOIN employee e ON e.id = n.employee_id "
	    "LEFT JOIN generation g ON e.birth_year BETWEEN "
	    "COALESCE(g.first_year, 0) AND COALESCE(g.last_year, 9999) "
	    "WHERE n.programme_id = ?1 AND (?2 OR n.withdrawn_at IS NULL) "
	    "AND (?3 IS NULL OR n.employee_id = ?3) "
	    "ORDER BY n.role, e.matricule" },
	[STMT_EMPLOYEE_DEFAULTS] = { "tt",
	    "SELECT language, site FROM employee WHERE id = ?" },
	[STMT_MATCH_PROGRAMME] = { "ttiiiiiiii",
	    "SELECT direction, format, group_seats, w_topic, w_availability, "
	    "w_site, w_department, w_inversion, gain_cap, chain_depth "
	    "FROM programme WHERE id = ?" },
	[STMT_PROGRAMME_FOLLOWUP] = { "",
	    "UPDATE programme SET session_time = COALESCE(?1, session_time), "
	    "risk_days = COALESCE(?2, risk_days) WHERE id = ?3",
	/* Comments never outlive the rest of the programme's data. */ },
	[STMT_PROGRAMME_RETENTION] = { "",
	    "UPDATE programme SET retention_days = COALESCE(?1, "
	    "retention_days), comments_days = COALESCE(?2, comments_days) "
	    "WHERE id = ?3 AND COALESCE(?2, comments_days) <= "
	    "COALESCE(?1, retention_days)" },
	[STMT_PROGRAMME_MATCHING] = { "",
	    "UPDATE programme SET w_topic = ?, w_availability = ?, "
	    "w_site = ?, w_department = ?, w_inversion = ?, gain_cap = ?, "
	    "chain_depth = ? WHERE id = ?" },
	[STMT_MATCH_TOPIC_CODES] = { "it",
	    "SELECT t.id, t.code FROM programme_topic pt "
	    "JOIN topic t ON t.id = pt.topic_id WHERE pt.programme_id = ? "
	    "ORDER BY t.id" },
	[STMT_MATCH_PEOPLE] = { "tiitttitttttiii",
	    "SELECT n.role, n.id, e.id, e.matricule, e.first_name, "
	    "e.last_name, g.rank, COALESCE(e.hire_date, ''), e.grade, "
	    "e.department, n.site, n.languages, n.remote, n.availability, "
	    "n.capacity FROM enrolment n "
	    "JOIN employee e ON e.id = n.employee_id "
	    "LEFT JOIN generation g ON e.birth_year BETWEEN "
	    "COALESCE(g.first_year, 0) AND COALESCE(g.last_year, 9999) "
	    "WHERE n.programme_id = ? AND n.withdrawn_at IS NULL "
	    "AND e.active = 1 ORDER BY n.id" },
	[STMT_MATCH_TOPICS] = { "iiii",
	    "SELECT et.enrolment_id, et.topic_id, et.level, et.interest "
	    "FROM enrolment_topic et "
	    "JOIN enrolment n ON n.id = et.enrolment_id "
	    "WHERE n.programme_id = ? AND n.withdrawn_at IS NULL" },
	[STMT_MATCH_CHAIN] = { "ii",
	    "SELECT id, COALESCE(manager_id, 0) FROM employee" },
	[STMT_MATCH_REJECTIONS] = { "ii",
	    "SELECT mentor_id, mentee_id FROM pair_rejection "
	    "WHERE programme_id = ?"
	    /*
	     * A rejection is between people: after volunteering again
	     * (issue 12) it holds for their current enrolments, either way
	     * round.
	     */
	    " UNION SELECT cm.id, ce.id FROM pair_rejection r "
	    "JOIN enrolment om ON om.id = r.mentor_id "
	    "JOIN enrolment oe ON oe.id = r.mentee_id "
	    "JOIN enrolment cm ON cm.programme_id = r.programme_id AND "
	    "cm.withdrawn_at IS NULL AND cm.employee_id IN (om.employee_id, "
	    "oe.employee_id) "
	    "JOIN enrolment ce ON ce.programme_id = r.programme_id AND "
	    "ce.withdrawn_at IS NULL AND ce.employee_id IN (om.employee_id, "
	    "oe.employee_id) AND ce.employee_id <> cm.employee_id "
	    "WHERE r.programme_id = ?1" },
	[STMT_MATCH_FIXED] = { "iit",
	    "SELECT mentor_id, mentee_id, state FROM pair "
	    "WHERE programme_id = ? AND (locked = 1 OR state <> 'proposed') "
	    "ORDER BY id" },
	[STMT_PAIR_DELETE_PROPOSED] = { "",
	    "DELETE FROM pair WHERE programme_id = ? AND state = 'proposed' "
	    "AND locked = 0" },
	/* With its members' matricules, the order of its pages. */
	[STMT_PAIR_INSERT] = { "",
	    "INSERT INTO pair (programme_id, mentor_id, mentee_id, score, "
	    "terms, focus, created_at, mentor_matricule, mentee_matricule) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, " MATRICULE_OF("?2") ", "
	    MATRICULE_OF("?3") ")" },
	[STMT_PAIR_LIST] = { "tttttiitttti" "t",
	    PAIR_COLUMNS PAIR_FROM
	    "WHERE p.programme_id = ? ORDER BY em.matricule, ee.matricule" },
	[STMT_PAIR_FIND] = { "itiiitt",
	    "SELECT p.id, p.state, p.locked, p.mentor_id, p.mentee_id, "
	    "COALESCE(p.mentor_answer, ''), COALESCE(p.mentee_answer, '') "
	    "FROM pair p JOIN enrolment nm ON nm.id = p.mentor_id "
	    "JOIN enrolment ne ON ne.id = p.mentee_id "
	    /* From the mentee's enrolment, by pair_mentee (migration
	     * 021); "+" keeps the programme's index from walking its
	     * every pair. */
	    "WHERE +p.programme_id = ?1 AND ne.programme_id = ?1 "
	    "AND ne.employee_id = ?2 "
	    "AND (?3 = 0 OR nm.employee_id = ?3) AND p.state <> 'declined' "
	    "ORDER BY p.id DESC LIMIT 1" },
	[STMT_PAIR_SET_LOCK] = { "",
	    "UPDATE pair SET locked = ? WHERE id = ?" },
	[STMT_PAIR_DELETE] = { "",
	    "DELETE FROM pair WHERE id = ?" },
	[STMT_PAIR_REJECT] = { "",
	    "INSERT INTO pair_rejection (programme_id, mentor_id, mentee_id, "
	    "rejected_by, rejected_at) VALUES (?, ?, ?, ?, ?) "
	    "ON CONFLICT DO NOTHING" },
	[STMT_PAIR_PUBLISH] = { "",
	    "UPDATE pair SET state = 'published', published_at = ? "
	    "WHERE programme_id = ? AND state = 'proposed'" },
	[STMT_SESSION_CADENCE] = { "iiittti",
	    "SELECT session_count, session_minutes, cadence_days, "
	    "COALESCE(start_date, ''), session_time, format, risk_days "
	    "FROM programme WHERE id = ?" },
	[STMT_SESSION_UNITS] = { "iii",
	    "SELECT p.mentor_id, p.mentee_id, (SELECT count(*) FROM pair q "
	    "WHERE q.programme_id = p.programme_id AND q.mentor_id = "
	    "p.mentor_id AND q.state = 'accepted') FROM pair p "
	    "WHERE p.programme_id = ? AND p.state = 'accepted' "
	    "ORDER BY p.mentor_id, p.mentee_id" },
	[STMT_SESSION_UNIT] = { "ii",
	    "SELECT count(*), COALESCE(max(seq), 0) FROM session "
	    "WHERE programme_id = ?1 AND mentor_id = ?2 AND mentee_id IS ?3" },
	[STMT_SESSION_INSERT] = { "",
	    "INSERT INTO session (programme_id, mentor_id, mentee_id, seq, "
	    "uid, start_at, minutes, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)" },
	[STMT_SESSION_GET] = { "iiiittiitiiitt",
	    "SELECT s.id, s.programme_id, s.mentor_id, "
	    "COALESCE(s.mentee_id, 0), s.state, s.start_at, s.minutes, "
	    "s.sequence, s.uid, s.seq, nm.employee_id, "
	    "COALESCE(ne.employee_id, 0), p.name, p.state FROM session s "
	    "JOIN enrolment nm ON nm.id = s.mentor_id "
	    "LEFT JOIN enrolment ne ON ne.id = s.mentee_id "
	    "JOIN programme p ON p.id = s.programme_id WHERE s.id = ?" },
	[STMT_SESSION_GROUP_MEMBER] = { "i",
	    "SELECT count(*) FROM pair px JOIN enrolment n "
	    "ON n.id = px.mentee_id WHERE px.programme_id = ?1 "
	    "AND px.mentor_id = ?2 AND px.state = 'accepted' "
	    "AND n.withdrawn_at IS NULL AND n.employee_id = ?3" },
	[STMT_SESSION_MOVE] = { "",
	    "UPDATE session SET start_at = ?, sequence = sequence + 1, "
	    "updated_at = ? WHERE id = ?" },
	[STMT_SESSION_CANCEL] = { "",
	    "UPDATE session SET state = 'cancelled', cancelled_by = ?, "
	    "cancel_reason = ?, sequence = sequence + 1, updated_at = ? "
	    "WHERE id = ?" },
	[STMT_SESSION_HELD] = { "",
	    "UPDATE session SET state = 'held', updated_at = ? WHERE id = ?" },
	[STMT_ATTENDANCE_SET] = { "",
	    "INSERT INTO attendance (session_id, enrolment_id, present) "
	    "VALUES (?, ?, ?) ON CONFLICT (session_id, enrolment_id) "
	    "DO UPDATE SET present = excluded.present" },
	[STMT_SESSION_MEMBERS] = { "itttt",
	    "SELECT n.id, e.matricule, e.first_name || ' ' || e.last_name, "
	    "e.email, n.role FROM enrolment n "
	    "JOIN employee e ON e.id = n.employee_id "
	    "WHERE n.id = ?1 OR n.id = ?2 OR (?2 IS NULL AND "
	    "n.withdrawn_at IS NULL AND n.id IN "
	    "(SELECT mentee_id FROM pair WHERE programme_id = ?3 AND "
	    "mentor_id = ?1 AND state = 'accepted')) "
	    "ORDER BY n.id = ?1 DESC, e.matricule" },
	[STMT_SESSION_LIST] = { "ittttitittit",
	    SESSION_COLUMNS SESSION_FROM SESSION_WHERE
	    "ORDER BY s.start_at, s.id" },
	[STMT_FEEDBACK_INSERT] = { "",
	    "INSERT INTO feedback (session_id, enrolment_id, rating, comment, "
	    "at) VALUES (?, ?, ?, ?, ?)" },
	[STMT_ATTENDED] = { "i",
	    "SELECT present FROM attendance WHERE session_id = ? "
	    "AND enrolment_id = ?" },
	[STMT_CLOSING_INSERT] = { "",
	    "INSERT INTO closing (enrolment_id, recommend, changed, at) "
	    "VALUES (?, ?, ?, ?)" },
	[STMT_CLOSING_LEVEL_INSERT] = { "",
	    "INSERT INTO closing_level (enrolment_id, topic_id, level) "
	    "VALUES (?, ?, ?) ON CONFLICT (enrolment_id, topic_id) "
	    "DO UPDATE SET level = excluded.level" },
	[STMT_SESSION_CANCEL_FUTURE] = { "",
	    "UPDATE session SET state = 'cancelled', cancelled_by = ?1, "
	    "sequence = sequence + 1, updated_at = ?2 "
	    "WHERE programme_id = ?3 AND state = 'planned' AND start_at > ?2 "
	    "AND (mentor_id = ?4 OR mentee_id = ?4)" },
	[STMT_WATCH_UNITS] = { "tiittttii",
	    "SELECT p.state, nm.withdrawn_at IS NOT NULL, "
	    "ne.withdrawn_at IS NOT NULL, em.matricule, "
	    "em.first_name || ' ' || em.last_name, ee.matricule, "
	    "ee.first_name || ' ' || ee.last_name, p.mentor_id, p.mentee_id "
	    "FROM pair p JOIN enrolment nm ON nm.id = p.mentor_id "
	    "JOIN employee em ON em.id = nm.employee_id "
	    "JOIN enrolment ne ON ne.id = p.mentee_id "
	    "JOIN employee ee ON ee.id = ne.employee_id "
	    "WHERE p.programme_id = ? AND p.state IN ('accepted', 'declined') "
	    "ORDER BY em.matricule, ee.matricule" },
	[STMT_WATCH_STATS] = { "tiiti",
	    "SELECT COALESCE(max(CASE WHEN state = 'held' THEN start_at END), "
	    "''), COALESCE(sum(state = 'cancelled' AND cancelled_by = "
	    "'mentor'), 0), COALESCE(sum(state = 'cancelled' AND "
	    "cancelled_by = 'mentee'), 0), COALESCE(min(start_at), ''), "
	    "COALESCE(sum(state = 'planned'), 0) "
	    "FROM session WHERE programme_id = ?1 AND mentor_id = ?2 AND "
	    "(mentee_id = ?3 OR mentee_id IS NULL)" },
	[STMT_MATCH_UNMATCHED_SET] = { "",
	    "UPDATE programme SET unmatched_no_partner = ?, "
	    "unmatched_capacity = ? WHERE id = ?" },
	[STMT_SESSION_ACCEPTED] = { "i",
	    "SELECT count(*) FROM pair WHERE programme_id = ?1 AND "
	    "mentor_id = ?2 AND (?3 = 0 OR mentee_id = ?3) AND "
	    "state = 'accepted'" },
	[STMT_SESSION_CANCEL_ALL] = { "",
	    "UPDATE session SET state = 'cancelled', cancelled_by = "
	    "'manager', sequence = sequence + 1, updated_at = ?1 "
	    "WHERE programme_id = ?2 AND state = 'planned' AND start_at > ?1" },
	[STMT_REPORT_GENERATIONS] = { "tii",
	    "SELECT COALESCE(g.label_fr, 'inconnue'), "
	    "sum(n.role = 'mentor'), sum(n.role = 'mentee') FROM enrolment n "
	    "JOIN employee e ON e.id = n.employee_id "
	    "LEFT JOIN generation g ON e.birth_year BETWEEN "
	    "COALESCE(g.first_year, 0) AND COALESCE(g.last_year, 9999) "
	    "WHERE n.programme_id = ? AND n.withdrawn_at IS NULL "
	    "GROUP BY g.rank ORDER BY g.rank" },
	[STMT_REPORT_DEPARTMENTS] = { "tii",
	    "SELECT CASE WHEN e.department = '' THEN 'non renseignée' "
	    "ELSE e.department END, sum(n.role = 'mentor'), "
	    "sum(n.role = 'mentee') FROM enrolment n "
	    "JOIN employee e ON e.id = n.employee_id "
	    "WHERE n.programme_id = ? AND n.withdrawn_at IS NULL "
	    "GROUP BY e.department ORDER BY e.department" },
	[STMT_REPORT_MATCHING] = { "iiii",
	    "SELECT count(*), COALESCE(sum(EXISTS (SELECT 1 FROM pair p "
	    "WHERE p.mentee_id = n.id AND p.state IN ('published', "
	    "'accepted'))), 0), (SELECT unmatched_no_partner FROM programme "
	    "WHERE id = ?1), (SELECT unmatched_capacity FROM programme "
	    "WHERE id = ?1) FROM enrolment n WHERE n.programme_id = ?1 "
	    "AND n.role = 'mentee' AND n.withdrawn_at IS NULL" },
	[STMT_REPORT_SESSIONS] = { "ttiii",
	    "SELECT state, COALESCE(cancelled_by, ''), count(*), "
	    "count(DISTINCT mentor_id), count(DISTINCT mentee_id) "
	    "FROM session WHERE programme_id = ? "
	    "GROUP BY state, cancelled_by" },
	[STMT_REPORT_LEVELS] = { "trri",
	    "SELECT t.label_fr, avg(et.level), avg(cl.level), count(*) "
	    "FROM enrolment n "
	    "JOIN enrolment_topic et ON et.enrolment_id = n.id "
	    "JOIN closing_level cl ON cl.enrolment_id = n.id "
	    "AND cl.topic_id = et.topic_id JOIN topic t ON t.id = et.topic_id "
	    "WHERE n.programme_id = ? AND n.role = 'mentee' "
	    "GROUP BY t.id ORDER BY t.id" },
	[STMT_REPORT_RATINGS] = { "ri",
	    "SELECT COALESCE(avg(f.rating), 0), count(DISTINCT f.enrolment_id) "
	    "FROM feedback f JOIN session s ON s.id = f.session_id "
	    "WHERE s.programme_id = ?" },
	[STMT_REPORT_RECOMMEND] = { "ri",
	    "SELECT COALESCE(avg(c.recommend) * 100, 0), count(*) "
	    "FROM closing c JOIN enrolment n ON n.id = c.enrolment_id "
	    "WHERE n.programme_id = ?" },
	[STMT_PAIR_ANSWER] = { "",
	    "UPDATE pair SET mentor_answer = COALESCE(?1, mentor_answer), "
	    "mentee_answer = COALESCE(?2, mentee_answer), state = ?3, "
	    "decline_note = COALESCE(?4, decline_note) WHERE id = ?5" },
	[STMT_PRIV_PERSON] = { "ttttittttttttti",
	    "SELECT e.matricule, e.last_name, e.first_name, e.email, "
	    "e.birth_year, COALESCE(g.code, ''), e.department, e.team, "
	    "e.site, e.job_title, e.grade, COALESCE(m.matricule, ''), "
	    "COALESCE(e.hire_date, ''), e.language, e.active "
	    "FROM employee e LEFT JOIN generation g ON e.birth_year BETWEEN "
	    "COALESCE(g.first_year, 0) AND COALESCE(g.last_year, 9999) "
	    "LEFT JOIN employee m ON m.id = e.manager_id WHERE e.id = ?1" },
	[STMT_PRIV_ROLES] = { "ttt",
	    "SELECT role, granted_at, granted_by FROM role "
	    "WHERE employee_id = ?1 ORDER BY role" },
	[STMT_PRIV_ENROLMENTS] = { "itttittttttiiitt",
	    "SELECT n.id, p.name, p.state, n.role, n.charter_version, "
	    "COALESCE(c.published_at, ''), n.optin, COALESCE(n.optin_ref, ''), "
	    "COALESCE(n.recorded_by, ''), n.languages, n.site, n.remote, "
	    "n.availability, n.capacity, n.enrolled_at, "
	    "COALESCE(n.withdrawn_at, '') FROM enrolment n "
	    "JOIN programme p ON p.id = n.programme_id "
	    "LEFT JOIN charter c ON c.programme_id = n.programme_id "
	    "AND c.version = n.charter_version "
	    "WHERE n.employee_id = ?1 ORDER BY n.id" },
	[STMT_PRIV_TOPICS] = { "tii",
	    "SELECT t.code, et.level, et.interest FROM enrolment_topic et "
	    "JOIN topic t ON t.id = et.topic_id WHERE et.enrolment_id = ?1 "
	    "ORDER BY t.id" },
	[STMT_PRIV_PAIRS] = { "tttttttttit",
	    "SELECT CASE WHEN p.mentor_id = ?1 THEN 'mentor' ELSE 'mentee' "
	    "END, o.matricule, o.first_name || ' ' || o.last_name, p.state, "
	    "p.focus, COALESCE(CASE WHEN p.mentor_id = ?1 THEN "
	    "p.mentor_answer ELSE p.mentee_answer END, ''), "
	    "COALESCE(CASE WHEN (p.mentor_id = ?1 AND p.mentor_answer = "
	    "'declined') OR (p.mentee_id = ?1 AND p.mentee_answer = "
	    "'declined') THEN p.decline_note END, ''), p.created_at, "
	    "COALESCE(p.published_at, ''), p.score, p.terms FROM pair p "
	    "JOIN enrolment x ON x.id = CASE WHEN p.mentor_id = ?1 "
	    "THEN p.mentee_id ELSE p.mentor_id END "
	    "JOIN employee o ON o.id = x.employee_id "
	    "WHERE p.mentor_id = ?1 OR p.mentee_id = ?1 ORDER BY p.id" },
	[STMT_PRIV_SESSIONS] = { "itittti",
	    "SELECT s.seq, s.start_at, s.minutes, s.state, "
	    "COALESCE(s.cancelled_by, ''), COALESCE(CASE WHEN "
	    "(s.cancelled_by = 'mentor' AND s.mentor_id = ?1) OR "
	    "(s.cancelled_by = 'mentee' AND s.mentor_id <> ?1) "
	    "THEN s.cancel_reason END, ''), COALESCE((SELECT present FROM "
	    "attendance a WHERE a.session_id = s.id AND a.enrolment_id = ?1), "
	    "-1) FROM session s WHERE s.id IN (" THEIR_SESSIONS("?1") ") "
	    "ORDER BY s.start_at, s.id" },
	[STMT_PRIV_FEEDBACK] = { "ititt",
	    "SELECT s.seq, s.start_at, f.rating, COALESCE(f.comment, ''), "
	    "f.at FROM feedback f JOIN session s ON s.id = f.session_id "
	    "WHERE f.enrolment_id = ?1 ORDER BY s.start_at, s.id" },
	[STMT_PRIV_CLOSING] = { "itt",
	    "SELECT recommend, COALESCE(changed, ''), at FROM closing "
	    "WHERE enrolment_id = ?1" },
	[STMT_PRIV_CLOSING_LEVELS] = { "ti",
	    "SELECT t.code, cl.level FROM closing_level cl "
	    "JOIN topic t ON t.id = cl.topic_id WHERE cl.enrolment_id = ?1 "
	    "ORDER BY t.id" },
	[STMT_PRIV_ERASE_WHO] = { "tttti",
	    "SELECT matricule, first_name, last_name, email, "
	    "erased_at IS NOT NULL FROM employee WHERE id = ?1" },
	[STMT_PRIV_ERASE_OPTIN_REFS] = { "t",
	    "SELECT DISTINCT optin_ref FROM enrolment WHERE employee_id = ?1 "
	    "AND optin_ref IS NOT NULL AND optin_ref <> ''" },
	[STMT_PRIV_ERASE_LIVE] = { "iit",
	    "SELECT n.id, n.programme_id, n.role FROM enrolment n "
	    "JOIN programme p ON p.id = n.programme_id "
	    "WHERE n.employee_id = ?1 AND p.state <> 'closed'" },
	[STMT_PRIV_ERASE_WITHDRAW] = { "",
	    "UPDATE enrolment SET withdrawn_at = ?2 WHERE id = ?1 "
	    "AND withdrawn_at IS NULL",
	/*
	 * The comments on a session they took part in go, whoever wrote
	 * them: a partner's comment is about them.
	 */ },
	[STMT_PRIV_ERASE_FEEDBACK] = { "",
	    "UPDATE feedback SET comment = NULL WHERE comment IS NOT NULL "
	    "AND (enrolment_id IN (" THEIR_ENROLMENTS ") OR session_id IN "
	    "(SELECT s.id FROM session s JOIN enrolment n ON "
	    "n.employee_id = ?1 AND n.programme_id = s.programme_id WHERE "
	    "s.id IN (" THEIR_SESSIONS("n.id") ")))" },
	[STMT_PRIV_ERASE_REASONS] = { "",
	    "UPDATE session SET cancel_reason = NULL WHERE cancel_reason IS "
	    "NOT NULL AND id IN (SELECT s.id FROM session s JOIN enrolment n "
	    "ON n.employee_id = ?1 AND n.programme_id = s.programme_id "
	    "WHERE s.id IN (" THEIR_SESSIONS("n.id") "))" },
	[STMT_PRIV_ERASE_CLOSING] = { "",
	    "UPDATE closing SET changed = NULL WHERE changed IS NOT NULL "
	    "AND enrolment_id IN (" THEIR_ENROLMENTS ")" },
	[STMT_PRIV_ERASE_NOTES] = { "",
	    "UPDATE pair SET decline_note = NULL WHERE decline_note IS NOT "
	    "NULL AND (mentor_id IN (" THEIR_ENROLMENTS ") OR mentee_id IN "
	    "(" THEIR_ENROLMENTS "))",
	/* The opt-in reference must stay non-empty for 'recorded'. */ },
	[STMT_PRIV_ERASE_ENROLMENTS] = { "",
	    "UPDATE enrolment SET optin_ref = CASE WHEN optin = 'recorded' "
	    "THEN 'erased' END, site = '' WHERE employee_id = ?1" },
	[STMT_PRIV_ERASE_ACCOUNT] = { "",
	    "DELETE FROM account WHERE employee_id = ?1" },
	[STMT_PRIV_ERASE_ROLES] = { "",
	    "DELETE FROM role WHERE employee_id = ?1",
	/*
	 * The birth year becomes the first year of its generation (the
	 * last for the open-ended oldest one), so that counts by
	 * generation do not move.
	 */ },
	/* The copies of ?1's new matricule: enrolments, pairs. */
	[STMT_PRIV_ERASE_ORDER] = { "",
	    "UPDATE enrolment SET matricule = (SELECT e.matricule "
	    "FROM employee e WHERE e.id = ?1) WHERE employee_id = ?1" },
	[STMT_PRIV_ERASE_PAIRS] = { "",
	    "UPDATE pair SET mentor_matricule = " MATRICULE_OF("pair.mentor_id")
	    ", mentee_matricule = " MATRICULE_OF("pair.mentee_id") " "
	    "WHERE mentor_id IN (SELECT id FROM enrolment WHERE "
	    "employee_id = ?1) OR mentee_id IN (SELECT id FROM enrolment "
	    "WHERE employee_id = ?1)" },
	[STMT_PRIV_ERASE_EMPLOYEE] = { "",
	    "UPDATE employee SET matricule = ?2, last_name = '', "
	    "first_name = '', email = '', birth_year = COALESCE((SELECT "
	    "COALESCE(g.first_year, g.last_year) FROM generation g WHERE "
	    "employee.birth_year BETWEEN COALESCE(g.first_year, 0) AND "
	    "COALESCE(g.last_year, 9999)), birth_year), department = '', "
	    "team = '', site = '', job_title = '', grade = '', "
	    "manager_id = NULL, hire_date = NULL, language = '', active = 0, "
	    "erased_at = ?3 WHERE id = ?1" },
	[STMT_PRIV_ACTOR_ROLE] = { "",
	    "UPDATE role SET granted_by = ?2 WHERE granted_by = ?1" },
	[STMT_PRIV_ACTOR_PROGRAMME] = { "",
	    "UPDATE programme SET created_by = ?2 WHERE created_by = ?1" },
	[STMT_PRIV_ACTOR_EVENT] = { "",
	    "UPDATE programme_event SET actor = ?2 WHERE actor = ?1" },
	[STMT_PRIV_ACTOR_CHARTER] = { "",
	    "UPDATE charter SET published_by = ?2 WHERE published_by = ?1" },
	[STMT_PRIV_ACTOR_ENROLMENT] = { "",
	    "UPDATE enrolment SET recorded_by = ?2 WHERE recorded_by = ?1" },
	[STMT_PRIV_ACTOR_REJECTION] = { "",
	    "UPDATE pair_rejection SET rejected_by = ?2 WHERE rejected_by = ?1",
	/*
	 * People enrolled in an expired programme and in no programme
	 * that is not expired.
	 */ },
	[STMT_PRIV_PURGE_PEOPLE] = { "i",
	    "SELECT DISTINCT n.employee_id FROM enrolment n "
	    "JOIN employee e ON e.id = n.employee_id "
	    "WHERE e.erased_at IS NULL AND n.programme_id IN "
	    "(" EXPIRED("retention_days") ") AND NOT EXISTS (SELECT 1 "
	    "FROM enrolment n2 WHERE n2.employee_id = n.employee_id AND "
	    "n2.programme_id NOT IN (" EXPIRED("retention_days") ")) "
	    "ORDER BY n.employee_id" },
	[STMT_PRIV_PURGE_FEEDBACK] = { "",
	    "UPDATE feedback SET comment = NULL WHERE comment IS NOT NULL AND "
	    "session_id IN (SELECT id FROM session WHERE programme_id IN "
	    "(" EXPIRED("comments_days") "))" },
	[STMT_PRIV_PURGE_CLOSING] = { "",
	    "UPDATE closing SET changed = NULL WHERE changed IS NOT NULL AND "
	    "enrolment_id IN (SELECT id FROM enrolment WHERE programme_id IN "
	    "(" EXPIRED("comments_days") "))" },
	[STMT_PRIV_PURGE_REASONS] = { "",
	    "UPDATE session SET cancel_reason = NULL WHERE cancel_reason IS "
	    "NOT NULL AND programme_id IN (" EXPIRED("comments_days") ")" },
	[STMT_PRIV_PURGE_NOTES] = { "",
	    "UPDATE pair SET decline_note = NULL WHERE decline_note IS NOT "
	    "NULL AND programme_id IN (" EXPIRED("comments_days") ")" },
	[STMT_ACCOUNT_BY_EMPLOYEE] = { "i",
	    "SELECT id FROM account WHERE employee_id = ?" },
	[STMT_ACCOUNT_BY_COACH] = { "i",
	    "SELECT id FROM account WHERE coach_id = ?" },
	[STMT_ACCOUNT_INSERT] = { "",
	    "INSERT INTO account (employee_id, coach_id, created_at) "
	    "VALUES (?, ?, ?)",
	/* A leaver, or an erased person, signs in no more. */ },
	[STMT_ACCOUNT_BY_EMAIL] = { "itii",
	    "SELECT a.id, a.password, a.failures, a.locked_until "
	    "FROM account a LEFT JOIN employee e ON e.id = a.employee_id "
	    "LEFT JOIN coach c ON c.id = a.coach_id "
	    "WHERE (e.active = 1 AND e.erased_at IS NULL "
	    "AND lower(e.email) = lower(?1)) OR lower(c.email) = lower(?1) "
	    "ORDER BY a.id LIMIT 1" },
	[STMT_ACCOUNT_PASSWORD] = { "",
	    "UPDATE account SET password = ?2, failures = 0, locked_until = 0 "
	    "WHERE id = ?1" },
	[STMT_ACCOUNT_FAILED] = { "",
	    "UPDATE account SET failures = ?2, locked_until = ?3 WHERE id = ?1" },
	[STMT_ACCOUNT_LANG] = { "",
	    "UPDATE account SET lang = ?2 WHERE id = ?1" },
	[STMT_INVITATION_CLEAR] = { "",
	    "DELETE FROM invitation WHERE account_id = ?" },
	[STMT_INVITATION_INSERT] = { "",
	    "INSERT INTO invitation (token_hash, account_id, expires_at) "
	    "VALUES (?, ?, ?)" },
	[STMT_INVITATION_FIND] = { "ii",
	    "SELECT account_id, expires_at FROM invitation WHERE token_hash = ?" },
	[STMT_WEBSESSION_INSERT] = { "",
	    "INSERT INTO web_session (token_hash, account_id, csrf, "
	    "created_at, seen_at) VALUES (?, ?, ?, ?, ?)" },
	/*
	 * A request's session and who it is, in one round trip: a row per
	 * role of theirs, as STMT_ACTOR's (at least one row).
	 */
	[STMT_WEBSESSION_GET] = { "itiitiittti" "iti",
	    "SELECT s.account_id, s.csrf, s.created_at, s.seen_at, a.lang, "
	    "a.employee_id, a.coach_id, COALESCE(e.matricule, c.email), "
	    "COALESCE(e.first_name || ' ' || e.last_name, c.name), "
	    "COALESCE(e.email, c.email), "
	    "a.employee_id IS NULL OR (e.active = 1 AND e.erased_at IS NULL), "
	    ROLE_COLUMNS
	    "FROM web_session s JOIN account a ON a.id = s.account_id "
	    "LEFT JOIN employee e ON e.id = a.employee_id "
	    "LEFT JOIN coach c ON c.id = a.coach_id " ROLES_JOIN
	    "WHERE s.token_hash = ? ORDER BY 12, 14" },
	[STMT_WEBSESSION_TOUCH] = { "",
	    "UPDATE web_session SET seen_at = ?2 WHERE token_hash = ?1" },
	[STMT_WEBSESSION_DELETE] = { "",
	    "DELETE FROM web_session WHERE token_hash = ?" },
	[STMT_WEBSESSION_EXPIRE] = { "",
	    "DELETE FROM web_session WHERE seen_at < ?1 OR created_at < ?2" },
	[STMT_COACH_OF_PROGRAMME] = { "*",
	    "SELECT 1 FROM programme WHERE id = ? AND coach_id = ?" },
	/* Company sign-in (issue 14): the employee the provider names, by
	 * e-mail (?1 = 0) or matricule (?1 = 1), an active one first. */
	[STMT_SIGNIN_EMPLOYEE] = { "iti",
	    "SELECT id, matricule, active = 1 AND erased_at IS NULL "
	    "FROM employee WHERE (?1 = 0 AND lower(email) = lower(?2)) "
	    "OR (?1 = 1 AND matricule = ?2) "
	    "ORDER BY active DESC, id LIMIT 1" },
	/* Who of a programme has no password yet: its volunteers (?2) and
	 * its coach (?3), with their account if any. */
	[STMT_SIGNIN_INVITEES] = { "tittti",
	    "SELECT 'employee', e.id, e.matricule, "
	    "e.first_name || ' ' || e.last_name, e.email, a.id "
	    "FROM enrolment n JOIN employee e ON e.id = n.employee_id "
	    "LEFT JOIN account a ON a.employee_id = e.id "
	    "WHERE n.programme_id = ?1 AND ?2 = 1 AND n.withdrawn_at IS NULL "
	    "AND e.active = 1 AND e.erased_at IS NULL "
	    "AND (a.id IS NULL OR a.password IS NULL) "
	    "UNION ALL "
	    "SELECT 'coach', c.id, c.email, c.name, c.email, a.id "
	    "FROM programme p JOIN coach c ON c.id = p.coach_id "
	    "LEFT JOIN account a ON a.coach_id = c.id "
	    "WHERE p.id = ?1 AND ?3 = 1 "
	    "AND (a.id IS NULL OR a.password IS NULL) "
	    "ORDER BY 1, 3" },
	/* The planner (issue 12): units with their people's availability,
	 * the times people are taken, closure days, proposals. */
	[STMT_PLAN_DATES] = { "tt",
	    "SELECT COALESCE(start_date, ''), COALESCE(end_date, '') "
	    "FROM programme WHERE id = ?" },
	[STMT_PLAN_UNITS] = { "iiiiiitt",
	    "SELECT p.mentor_id, p.mentee_id, nm.employee_id, ne.employee_id, "
	    "nm.availability, ne.availability, em.matricule, ee.matricule "
	    "FROM pair p JOIN enrolment nm ON nm.id = p.mentor_id "
	    "JOIN enrolment ne ON ne.id = p.mentee_id "
	    "JOIN employee em ON em.id = nm.employee_id "
	    "JOIN employee ee ON ee.id = ne.employee_id "
	    "WHERE p.programme_id = ? AND p.state = 'accepted' "
	    "AND nm.withdrawn_at IS NULL AND ne.withdrawn_at IS NULL "
	    "ORDER BY p.mentor_id, p.mentee_id" },
	[STMT_PLAN_UNIT_LAST] = { "iit",
	    "SELECT count(*), COALESCE(max(seq), 0), COALESCE(max(start_at), "
	    "'') FROM session WHERE programme_id = ?1 AND mentor_id = ?2 "
	    "AND mentee_id IS ?3" },
	[STMT_PLAN_MENTOR_PAIRS] = { "i",
	    "SELECT count(*) FROM session WHERE programme_id = ?1 AND "
	    "mentor_id = ?2 AND mentee_id IS NOT NULL" },
	[STMT_PLAN_BUSY] = { "iti",
	    "SELECT n.employee_id, s.start_at, s.minutes FROM session s "
	    "JOIN enrolment n ON n.id = s.mentor_id OR n.id = s.mentee_id "
	    "WHERE s.state <> 'cancelled' AND s.start_at >= ?1 "
	    "UNION ALL SELECT n.employee_id, s.start_at, s.minutes "
	    "FROM session s JOIN pair px ON px.programme_id = s.programme_id "
	    "AND px.mentor_id = s.mentor_id AND px.state = 'accepted' "
	    "JOIN enrolment n ON n.id = px.mentee_id "
	    "WHERE s.mentee_id IS NULL AND n.withdrawn_at IS NULL "
	    "AND s.state <> 'cancelled' AND s.start_at >= ?1" },
	[STMT_CLOSURE_LIST] = { "tt",
	    "SELECT day, label FROM closure ORDER BY day" },
	[STMT_CLOSURE_INSERT] = { "",
	    "INSERT INTO closure (day, label, created_at) VALUES (?, ?, ?)" },
	[STMT_CLOSURE_DELETE] = { "",
	    "DELETE FROM closure WHERE day = ?" },
	[STMT_PLAN_PERSON_BUSY] = { "iti",
	    "SELECT s.id, s.start_at, s.minutes FROM session s "
	    "WHERE s.state <> 'cancelled' AND s.id <> ?2 AND (s.mentor_id IN "
	    "(SELECT id FROM enrolment WHERE employee_id = ?1) OR s.mentee_id "
	    "IN (SELECT id FROM enrolment WHERE employee_id = ?1) OR "
	    "(s.mentee_id IS NULL AND EXISTS (SELECT 1 FROM pair px "
	    "JOIN enrolment n ON n.id = px.mentee_id WHERE px.programme_id = "
	    "s.programme_id AND px.mentor_id = s.mentor_id AND px.state = "
	    "'accepted' AND n.withdrawn_at IS NULL AND n.employee_id = ?1)))" },
	[STMT_PLAN_MEMBER_AVAIL] = { "ii",
	    "SELECT availability, employee_id FROM enrolment WHERE id = ?" },
	[STMT_PROPOSAL_GET] = { "itt",
	    "SELECT p.id, p.start_at, CASE WHEN p.proposed_by = s.mentor_id "
	    "THEN 'mentor' ELSE 'mentee' END FROM session_proposal p "
	    "JOIN session s ON s.id = p.session_id "
	    "WHERE p.session_id = ? AND p.state = 'open'" },
	[STMT_PROPOSAL_DROP] = { "",
	    "UPDATE session_proposal SET state = 'declined' "
	    "WHERE session_id = ? AND state = 'open'" },
	[STMT_PROPOSAL_INSERT] = { "",
	    "INSERT INTO session_proposal (session_id, proposed_by, start_at, "
	    "created_at) VALUES (?, ?, ?, ?)" },
	[STMT_PROPOSAL_SET] = { "",
	    "UPDATE session_proposal SET state = ? WHERE id = ?" },
	[STMT_PROPOSAL_REPLACED] = { "i",
	    "SELECT count(*) FROM session_proposal WHERE session_id = ? "
	    "AND state = 'accepted'" },
	[STMT_PLAN_ENROLMENT_OF] = { "i",
	    "SELECT id FROM enrolment WHERE programme_id = ? AND "
	    "employee_id = ?"
	    " ORDER BY withdrawn_at IS NOT NULL, id DESC LIMIT 1" },
	[STMT_SESSION_WHERE] = { "ttti",
	    "SELECT COALESCE((SELECT place FROM pair WHERE programme_id = ?1 "
	    "AND mentor_id = ?2 AND mentee_id = ?3), p.place), "
	    "COALESCE((SELECT link FROM pair WHERE programme_id = ?1 "
	    "AND mentor_id = ?2 AND mentee_id = ?3), p.link), p.discreet, "
	    "COALESCE((SELECT max(discreet) FROM pair WHERE programme_id = ?1 "
	    "AND mentor_id = ?2 AND (?3 IS NULL OR mentee_id = ?3) AND "
	    "state = 'accepted'), 0) FROM programme p WHERE p.id = ?1" },
	[STMT_SESSION_GRADES] = { "t",
	    "SELECT e.grade FROM enrolment n "
	    "JOIN employee e ON e.id = n.employee_id "
	    "WHERE n.id = ?1 OR n.id = ?2 OR (?2 IS NULL AND "
	    "n.withdrawn_at IS NULL AND n.id IN "
	    "(SELECT mentee_id FROM pair WHERE programme_id = ?3 AND "
	    "mentor_id = ?1 AND state = 'accepted'))" },
	[STMT_PROGRAMME_PLACE_SET] = { "",
	    "UPDATE programme SET place = ?, link = ? WHERE id = ?" },
	[STMT_PAIR_PLACE_SET] = { "",
	    "UPDATE pair SET place = ?, link = ? WHERE programme_id = ? AND "
	    "mentor_id = ? AND mentee_id = ? AND state = 'accepted'" },
	[STMT_PROGRAMME_DISCREET_SET] = { "",
	    "UPDATE programme SET discreet = ? WHERE id = ?" },
	[STMT_PAIR_DISCREET_SET] = { "",
	    "UPDATE pair SET discreet = ? WHERE programme_id = ? AND "
	    "mentor_id = ? AND mentee_id = ? AND state = 'accepted'" },
	[STMT_PROGRAMME_WHERE_GET] = { "ttt",
	    "SELECT place, link, discreet FROM programme WHERE id = ?" },
	[STMT_GROUP_LEFT] = { "tt",
	    "SELECT e.first_name || ' ' || e.last_name, e.email "
	    "FROM session s JOIN pair px ON px.programme_id = s.programme_id "
	    "AND px.mentor_id = s.mentor_id AND px.state = 'accepted' "
	    "JOIN enrolment n ON n.id = px.mentee_id "
	    "JOIN employee e ON e.id = n.employee_id "
	    "WHERE s.id = ?1 AND s.mentee_id IS NULL AND s.state = 'planned' "
	    "AND n.withdrawn_at IS NOT NULL AND s.start_at > n.withdrawn_at "
	    "AND n.employee_id = ?2" },
	/* E-mail: the outbox and its delivery (outbox.c, mail_send.c). */
	[STMT_MAIL_INSTALLATION] = { "ttt",
	    "SELECT id, mail_from, base_url FROM installation WHERE one = 1" },
	[STMT_MAIL_CONFIG] = { "",
	    "UPDATE installation SET mail_from = COALESCE(?1, mail_from), "
	    "base_url = COALESCE(?2, base_url) WHERE one = 1" },
	[STMT_MAIL_PERSON] = { "ttti",
	    "SELECT e.first_name || ' ' || e.last_name, e.email, "
	    "COALESCE(a.lang, e.language), e.active FROM employee e "
	    "LEFT JOIN account a ON a.employee_id = e.id WHERE e.id = ?" },
	[STMT_MAIL_COACH] = { "ttt",
	    "SELECT c.name, c.email, COALESCE(a.lang, 'fr') FROM coach c "
	    "LEFT JOIN account a ON a.coach_id = c.id WHERE c.id = ?" },
	[STMT_MAIL_QUEUE] = { "",
	    "INSERT INTO outbox (dedup, msgid, kind, programme_id, "
	    "employee_id, coach_id, lang, rcpt_name, rcpt_addr, vars, ical, "
	    "next_at, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (dedup) DO NOTHING" },
	[STMT_MAIL_PROGRAMME] = { "tttttii",
	    "SELECT name, purpose, audience_department, audience_site, "
	    "audience_generation, COALESCE(coach_id, 0), "
	    "(SELECT COALESCE(max(id), 0) FROM programme_event "
	    "WHERE programme_id = p.id) FROM programme p WHERE id = ?" },
	[STMT_MAIL_SPONSORS] = { "i",
	    "SELECT r.employee_id FROM role r JOIN employee e "
	    "ON e.id = r.employee_id WHERE r.role = 'sponsor' "
	    "AND e.active = 1 ORDER BY r.employee_id" },
	[STMT_MAIL_SUBMITTER] = { "i",
	    "SELECT e.id FROM programme_event v "
	    "JOIN employee e ON e.matricule = v.actor "
	    "WHERE v.programme_id = ? AND v.to_state = 'submitted' "
	    "ORDER BY v.id DESC LIMIT 1" },
	[STMT_MAIL_MANAGER] = { "i",
	    "SELECT e.id FROM programme p "
	    "JOIN employee e ON e.matricule = p.created_by WHERE p.id = ?" },
	[STMT_MAIL_AUDIENCE] = { "ittt",
	    "SELECT e.id, e.first_name || ' ' || e.last_name, e.email, "
	    "COALESCE(a.lang, e.language) FROM employee e "
	    "LEFT JOIN account a ON a.employee_id = e.id "
	    "LEFT JOIN generation g ON e.birth_year BETWEEN "
	    "COALESCE(g.first_year, 0) AND COALESCE(g.last_year, 9999) "
	    "WHERE e.active = 1 AND (?1 = '' OR e.department = ?1) "
	    "AND (?2 = '' OR e.site = ?2) AND (?3 = '' OR g.code = ?3) "
	    "ORDER BY e.id" },
	[STMT_MAIL_MEMBERS] = { "i",
	    "SELECT employee_id FROM enrolment WHERE programme_id = ? "
	    "AND withdrawn_at IS NULL ORDER BY employee_id" },
	[STMT_MAIL_ENROLMENT] = { "iit",
	    "SELECT employee_id, programme_id, role FROM enrolment "
	    "WHERE id = ?" },
	[STMT_MAIL_PAIRS] = { "iiitti",
	    MAIL_PAIR_FROM "WHERE pr.programme_id = ? "
	    "AND pr.published_at IS NOT NULL ORDER BY pr.id" },
	/* The same, for the one pair an answer changed. */
	[STMT_MAIL_PAIR] = { "iiitti",
	    MAIL_PAIR_FROM "WHERE pr.id = ? AND pr.published_at IS NOT NULL" },
	/*
	 * The sessions changed since ?1 whose messages are still to
	 * queue: held, or not yet begun at ?2, and without the message
	 * of their current version to their mentor (queue_to()'s dedup
	 * key), which their members' were queued with.
	 */
	[STMT_MAIL_SESSIONS_CHANGED] = { "iitiiittiti",
	    "SELECT s.id, s.programme_id, p.name, s.mentor_id, "
	    "COALESCE(s.mentee_id, 0), s.seq, s.uid, s.start_at, s.minutes, "
	    "s.state, s.sequence FROM session s "
	    "JOIN programme p ON p.id = s.programme_id "
	    "WHERE s.updated_at >= ?1 AND (s.state = 'held' OR "
	    "s.start_at >= ?2) AND NOT EXISTS (SELECT 1 FROM outbox o "
	    "WHERE o.dedup = CASE s.state WHEN 'held' THEN 'feedback' "
	    "WHEN 'cancelled' THEN 'cancel' ELSE 'session' END || '.s' || "
	    "s.id || '.q' || s.sequence || '.e' || (SELECT employee_id "
	    "FROM enrolment WHERE id = s.mentor_id)) "
	    /*
	     * "+": sorted after, so that the rows come by session_updated,
	     * the window's few; in the table's order SQLite read every
	     * session of every programme at each act (100,000 demo).
	     */
	    "ORDER BY +s.id" },
	[STMT_MAIL_SESSION_MEMBERS] = { "itttt",
	    "SELECT e.id, e.first_name || ' ' || e.last_name, e.email, "
	    "COALESCE(a.lang, e.language), n.role FROM enrolment n "
	    "JOIN employee e ON e.id = n.employee_id "
	    "LEFT JOIN account a ON a.employee_id = e.id "
	    "WHERE n.id = ?1 OR n.id = ?2 OR (?2 = 0 AND n.id IN "
	    "(SELECT mentee_id FROM pair WHERE programme_id = ?3 AND "
	    "mentor_id = ?1 AND state = 'accepted')) "
	    "ORDER BY n.id = ?1 DESC, e.id" },
	[STMT_MAIL_SESSIONS_DUE] = { "iitiiittiti",
	    "SELECT s.id, s.programme_id, p.name, s.mentor_id, "
	    "COALESCE(s.mentee_id, 0), s.seq, s.uid, s.start_at, s.minutes, "
	    "s.state, s.sequence FROM session s "
	    "JOIN programme p ON p.id = s.programme_id "
	    "WHERE s.state = 'planned' AND s.start_at > ?1 "
	    "AND s.start_at <= ?2 ORDER BY s.id" },
	[STMT_MAIL_PREF] = { "ii",
	    "SELECT reminders, digests FROM mail_pref WHERE employee_id = ?" },
	[STMT_MAIL_PREF_SET] = { "",
	    "INSERT INTO mail_pref (employee_id, reminders, digests) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT (employee_id) DO UPDATE SET "
	    "reminders = excluded.reminders, digests = excluded.digests" },
	[STMT_MAIL_COACHED] = { "ii",
	    "SELECT id, coach_id FROM programme WHERE coach_id IS NOT NULL "
	    "AND state IN ('matched', 'running') ORDER BY id" },
	[STMT_MAIL_RUNNING] = { "i",
	    "SELECT id FROM programme "
	    "WHERE state IN ('open', 'matched', 'running') ORDER BY id" },
	[STMT_MAIL_UNANSWERED] = { "i",
	    "SELECT count(*) FROM pair WHERE programme_id = ? "
	    "AND state = 'published'" },
	[STMT_MAIL_DUE] = { "ittttttttii",
	    "SELECT id, msgid, kind, lang, rcpt_name, rcpt_addr, "
	    "o.vars || COALESCE((SELECT s.vars FROM mail_vars s "
	    "WHERE s.id = o.shared_id), ''), ical, "
	    "created_at, COALESCE(programme_id, 0), attempts FROM outbox o "
	    "WHERE state = 'queued' AND next_at <= ? ORDER BY id LIMIT ?" },
	/* An invitation's link is a secret: gone once it is sent. */
	[STMT_MAIL_SENT] = { "",
	    "UPDATE outbox SET state = 'sent', sent_at = ?, "
	    "attempts = attempts + 1, last_error = '', "
	    "vars = CASE WHEN kind = 'invite' THEN '' ELSE vars END "
	    "WHERE id = ?" },
	[STMT_MAIL_LATER] = { "",
	    "UPDATE outbox SET attempts = attempts + 1, next_at = ?, "
	    "last_error = ? WHERE id = ?" },
	[STMT_MAIL_FAILED] = { "",
	    "UPDATE outbox SET state = 'failed', attempts = attempts + 1, "
	    "last_error = ? WHERE id = ?" },
	[STMT_MAIL_LIST] = { "itttttttittttt",
	    "SELECT o.id, o.state, o.kind, o.lang, o.rcpt_name, o.rcpt_addr, "
	    "o.vars || COALESCE((SELECT s.vars FROM mail_vars s "
	    "WHERE s.id = o.shared_id), ''), "
	    "COALESCE(p.name, ''), o.attempts, o.created_at, "
	    "COALESCE(o.sent_at, ''), o.next_at, o.last_error, o.msgid "
	    "FROM outbox o LEFT JOIN programme p ON p.id = o.programme_id "
	    "WHERE (?1 = '' OR o.state = ?1) AND (?2 = 0 OR o.id = ?2) "
	    "ORDER BY o.id DESC LIMIT ?3" },
	[STMT_MAIL_GET] = { "ttttttttii",
	    "SELECT msgid, kind, lang, rcpt_name, rcpt_addr, "
	    "o.vars || COALESCE((SELECT s.vars FROM mail_vars s "
	    "WHERE s.id = o.shared_id), ''), ical, "
	    "created_at, COALESCE(programme_id, 0), attempts FROM outbox o "
	    "WHERE id = ?" },
	[STMT_MAIL_RETRY] = { "",
	    "UPDATE outbox SET state = 'queued', next_at = ?1, "
	    "last_error = '' WHERE state = 'failed' AND (?2 = 0 OR id = ?2)" },
	[STMT_MAIL_COUNT] = { "ti",
	    "SELECT state, count(*) FROM outbox GROUP BY state "
	    "ORDER BY state" },
	[STMT_MAIL_AUDIENCE_SET] = { "",
	    "UPDATE programme SET audience_department = ?, "
	    "audience_site = ?, audience_generation = ? WHERE id = ?" },
	[STMT_MAIL_GENERATION] = { "i",
	    "SELECT count(*) FROM generation WHERE code = ?" },
	/* instr() is SQLite's; PostgreSQL's is strpos(). */
	[STMT_MAIL_FORGET] = { "",
	    "DELETE FROM outbox WHERE employee_id = ?1 OR rcpt_addr = ?4 OR "
	    "EXISTS (SELECT 1 FROM (SELECT ?2 AS w UNION ALL SELECT ?3 "
	    "UNION ALL SELECT ?4) x WHERE x.w <> '' AND "
	    "(instr(outbox.vars, x.w) > 0 OR instr(outbox.rcpt_name, x.w) > 0 "
	    "OR instr(COALESCE(outbox.ical, ''), x.w) > 0))" },
	[STMT_MAIL_WHO] = { "ttt",
	    "SELECT first_name, last_name, email FROM employee WHERE id = ?" },
	[STMT_MAIL_FORGET_PREF] = { "",
	    "DELETE FROM mail_pref WHERE employee_id = ?" },
	/*
	 * Tandems that end, wait and match again (issue 12).  An ended
	 * tandem is a pair declined after both accepted it: the state the
	 * planner, the matcher and the reports already treat as over, told
	 * from a decline by its two answers.
	 */
	[STMT_TANDEM_PAIR_GET] = { "iittiiii",
	    "SELECT p.programme_id, p.id, p.state, pr.state, nm.employee_id, "
	    "ne.employee_id, p.mentor_id, p.mentee_id FROM pair p "
	    "JOIN programme pr ON pr.id = p.programme_id "
	    "JOIN enrolment nm ON nm.id = p.mentor_id "
	    "JOIN enrolment ne ON ne.id = p.mentee_id WHERE p.id = ?" },
	[STMT_TANDEM_PAIR_END] = { "",
	    "UPDATE pair SET state = 'declined', decline_note = ?1 "
	    "WHERE id = ?2 AND state = 'accepted'" },
	/* No side: the partner learns that the tandem ended, not who left. */
	[STMT_TANDEM_SESSION_END] = { "",
	    "UPDATE session SET state = 'cancelled', cancelled_by = NULL, "
	    "sequence = sequence + 1, updated_at = ?1 "
	    "WHERE programme_id = ?2 AND mentor_id = ?3 AND mentee_id = ?4 "
	    "AND state = 'planned' AND start_at > ?1" },
	/*
	 * Each subquery stands alone, computed once for the programme: a
	 * correlated one per enrolment would scan the pairs 50,000 times.
	 */
	[STMT_TANDEM_WAITING] = { "itttiii",
	    "SELECT n.id, n.role, e.matricule, "
	    "e.first_name || ' ' || e.last_name, e.id, "
	    "n.id IN (SELECT mentor_id FROM pair WHERE programme_id = ?1 "
	    "AND state = 'declined' AND mentor_answer = 'accepted' "
	    "AND mentee_answer = 'accepted' UNION ALL SELECT mentee_id "
	    "FROM pair WHERE programme_id = ?1 AND state = 'declined' "
	    "AND mentor_answer = 'accepted' AND mentee_answer = 'accepted'), "
	    "n.id IN (SELECT p.mentor_id FROM pair p JOIN enrolment o "
	    "ON o.id = p.mentee_id WHERE p.programme_id = ?1 AND p.state IN "
	    "('published', 'accepted') AND o.withdrawn_at IS NOT NULL "
	    "UNION ALL SELECT p.mentee_id FROM pair p JOIN enrolment o "
	    "ON o.id = p.mentor_id WHERE p.programme_id = ?1 AND p.state IN "
	    "('published', 'accepted') AND o.withdrawn_at IS NOT NULL) "
	    /* ?2: one person's row only (0: everyone's). */
	    TANDEM_WAITING_FROM "AND (?2 = 0 OR n.employee_id = ?2) "
	    "ORDER BY n.role, e.matricule" },
	/*
	 * Whether one person (?2) waits in programme ?1, by the same rule,
	 * from their own enrolment: their live pairs are looked for, not
	 * the whole list computed (a home asks it for its reader).
	 */
	[STMT_TANDEM_WAITING_ONE] = { "i",
	    "SELECT n.id FROM enrolment n JOIN employee e "
	    "ON e.id = n.employee_id WHERE n.programme_id = ?1 "
	    "AND n.employee_id = ?2 AND n.withdrawn_at IS NULL "
	    "AND e.active = 1 AND NOT EXISTS (SELECT 1 FROM pair p "
	    "JOIN enrolment o ON o.id = p.mentee_id WHERE p.programme_id = ?1 "
	    "AND p.mentor_id = n.id AND p.state IN ('published', 'accepted') "
	    "AND o.withdrawn_at IS NULL) AND NOT EXISTS (SELECT 1 FROM pair p "
	    "JOIN enrolment o ON o.id = p.mentor_id WHERE p.mentee_id = n.id "
	    "AND p.programme_id = ?1 AND p.state IN ('published', 'accepted') "
	    "AND o.withdrawn_at IS NULL)" },
	/*
	 * Those of them not yet told that they wait: without the message
	 * queue_to() keys "waiting.n<enrolment>.e<employee>" (outbox.c).
	 */
	[STMT_MAIL_WAITING_UNTOLD] = { "i",
	    "SELECT n.id " TANDEM_WAITING_FROM "AND NOT EXISTS (SELECT 1 "
	    "FROM outbox o WHERE o.dedup = 'waiting.n' || n.id || '.e' || "
	    "n.employee_id) ORDER BY n.role, e.matricule" },
	/* The accepted pairs of an enrolment, mentor's or mentee's. */
	[STMT_TANDEM_LIVE_PAIRS] = { "i",
	    "SELECT id FROM pair WHERE programme_id = ?1 AND state = "
	    "'accepted' AND (mentor_id = ?2 OR mentee_id = ?2) ORDER BY id" },
	/*
	 * Volunteering again: the pairs of the old enrolment never come
	 * back, published ones as declined, proposed ones dropped.
	 */
	[STMT_TANDEM_AGAIN_REJECT] = { "",
	    "INSERT INTO pair_rejection (programme_id, mentor_id, mentee_id, "
	    "rejected_by, rejected_at) SELECT programme_id, mentor_id, "
	    "mentee_id, ?3, ?4 FROM pair WHERE programme_id = ?1 AND "
	    "(mentor_id = ?2 OR mentee_id = ?2) AND state = 'published' "
	    "ON CONFLICT DO NOTHING" },
	[STMT_TANDEM_AGAIN_DECLINE] = { "",
	    "UPDATE pair SET state = 'declined' WHERE programme_id = ?1 AND "
	    "(mentor_id = ?2 OR mentee_id = ?2) AND state = 'published'" },
	[STMT_TANDEM_AGAIN_DROP] = { "",
	    "DELETE FROM pair WHERE programme_id = ?1 AND "
	    "(mentor_id = ?2 OR mentee_id = ?2) AND state = 'proposed'" },
	[STMT_TANDEM_AGAIN] = { "",
	    "UPDATE enrolment SET role = ?, charter_version = ?, optin = ?, "
	    "optin_ref = ?, recorded_by = ?, languages = ?, site = ?, "
	    "remote = ?, availability = ?, capacity = ?, enrolled_at = ?, "
	    "withdrawn_at = NULL WHERE id = ?" },
	[STMT_TANDEM_TOPICS_CLEAR] = { "",
	    "DELETE FROM enrolment_topic WHERE enrolment_id = ?" },
	/* An enrolment to change, and whether it has a live partner. */
	[STMT_TANDEM_ENROLMENT] = { "ittiiiti",
	    "SELECT n.id, n.role, n.languages, n.remote, n.availability, "
	    "n.capacity, n.withdrawn_at, EXISTS (SELECT 1 FROM pair p "
	    "WHERE p.programme_id = n.programme_id AND (p.mentor_id = n.id "
	    "OR p.mentee_id = n.id) AND p.state IN ('published', "
	    "'accepted')) FROM enrolment n "
	    "WHERE n.programme_id = ? AND n.employee_id = ?"
	    " ORDER BY n.withdrawn_at IS NOT NULL, n.id DESC LIMIT 1" },
	[STMT_TANDEM_ENROLMENT_EDIT] = { "",
	    "UPDATE enrolment SET languages = COALESCE(?1, languages), "
	    "site = COALESCE(?2, site), remote = COALESCE(?3, remote), "
	    "availability = COALESCE(?4, availability), "
	    "capacity = COALESCE(?5, capacity) WHERE id = ?6" },
	/* Issue 14, the outside review: passwords. */
	[STMT_WEBSESSION_DELETE_ACCOUNT] = { "",
	    "DELETE FROM web_session WHERE account_id = ?" },
	[STMT_ACCOUNT_HASH] = { "t",
	    "SELECT COALESCE(password, '') FROM account WHERE id = ?" },
	[STMT_ACCOUNT_HAS_PASSWORD] = { "i",
	    "SELECT password IS NOT NULL FROM account WHERE id = ?" },
	[STMT_INVITATION_PENDING] = { "i",
	    "SELECT i.expires_at FROM invitation i JOIN account a ON "
	    "a.id = i.account_id WHERE i.account_id = ? AND a.password IS "
	    "NOT NULL ORDER BY i.expires_at DESC LIMIT 1" },
	/* Issue 14, the roster's leavers. */
	[STMT_LEAVER_SESSIONS_END] = { "",
	    "DELETE FROM web_session WHERE account_id IN "
	    "(SELECT id FROM account WHERE employee_id = ?)" },
	[STMT_LEAVER_INVITATIONS_END] = { "",
	    "DELETE FROM invitation WHERE account_id IN "
	    "(SELECT id FROM account WHERE employee_id = ?)" },
	[STMT_LEAVER_NAME] = { "t",
	    "SELECT first_name || ' ' || last_name FROM employee WHERE id = ?" },
	[STMT_LEAVER_ENROLMENTS] = { "iitti",
	    "SELECT n.id, n.programme_id, p.name, n.role, "
	    "(SELECT count(*) FROM pair r WHERE (r.mentor_id = n.id OR "
	    "r.mentee_id = n.id) AND r.state IN ('published', 'accepted')) "
	    "FROM enrolment n JOIN programme p ON p.id = n.programme_id "
	    "WHERE n.employee_id = ? AND n.withdrawn_at IS NULL AND "
	    "p.state <> 'closed' ORDER BY n.id" },
	/* Issue 14, roles scoped to programmes. */
	[STMT_ROLE_LIST_SCOPED] = { "ttttttt",
	    "SELECT e.matricule, e.first_name, e.last_name, r.role, "
	    "r.granted_at, r.granted_by, COALESCE((SELECT group_concat(p.name, "
	    "', ') FROM role_scope s JOIN programme p ON p.id = s.programme_id "
	    "WHERE s.employee_id = r.employee_id AND s.role = r.role), '') "
	    "FROM role r JOIN employee e ON e.id = r.employee_id "
	    "ORDER BY e.matricule, r.role" },
	[STMT_ROLE_HELD] = { "*",
	    "SELECT 1 FROM role WHERE employee_id = ? AND role = ?" },
	[STMT_ROLE_SCOPE_COUNT] = { "i",
	    "SELECT count(*) FROM role_scope WHERE employee_id = ? AND role = ?" },
	[STMT_ROLE_SCOPE_INSERT] = { "",
	    "INSERT INTO role_scope (employee_id, role, programme_id, "
	    "granted_at, granted_by) VALUES (?, ?, ?, ?, ?)" },
	[STMT_ROLE_SCOPE_DELETE] = { "",
	    "DELETE FROM role_scope WHERE employee_id = ? AND role = ? AND "
	    "programme_id = ?" },
	[STMT_ROLE_SCOPE_DELETE_ALL] = { "",
	    "DELETE FROM role_scope WHERE employee_id = ? AND role = ?" },
	/*
	 * Privacy (issue 17): the audit log's subject keys, the partner's
	 * texts and the team's link at erasure, who read whose data, the
	 * complete export.
	 */
	[STMT_SUBJECT_OF_EMPLOYEE] = { "t",
	    "SELECT key FROM audit_subject WHERE employee_id = ?" },
	[STMT_SUBJECT_OF_COACH] = { "t",
	    "SELECT key FROM audit_subject WHERE coach_id = ?" },
	[STMT_SUBJECT_INSERT] = { "",
	    "INSERT INTO audit_subject (key, employee_id, coach_id) "
	    "VALUES (?, ?, ?)" },
	[STMT_SUBJECT_RESOLVE] = { "t",
	    "SELECT COALESCE(e.matricule, c.email) FROM audit_subject s "
	    "LEFT JOIN employee e ON e.id = s.employee_id "
	    "LEFT JOIN coach c ON c.id = s.coach_id WHERE s.key = ?" },
	[STMT_SUBJECT_FORGET_EMPLOYEE] = { "",
	    "DELETE FROM audit_subject WHERE employee_id = ?" },
	[STMT_SUBJECT_FORGET_COACH] = { "",
	    "DELETE FROM audit_subject WHERE coach_id = ?" },
	[STMT_SUBJECT_EMPLOYEE] = { "i",
	    "SELECT id FROM employee WHERE matricule = ? "
	    "AND erased_at IS NULL" },
	[STMT_SUBJECT_COACH] = { "i",
	    "SELECT id FROM coach WHERE email = ?" },
	[STMT_AUDIT_WORD_KNOWN] = { "i",
	    "SELECT EXISTS (SELECT 1 FROM programme WHERE name = ?1) OR "
	    "EXISTS (SELECT 1 FROM topic WHERE code = ?1) OR "
	    "EXISTS (SELECT 1 FROM session WHERE uid = ?1)" },
	[STMT_AUDIT_UPGRADE_PENDING] = { "i",
	    "SELECT count(*) FROM audit_upgrade" },
	[STMT_AUDIT_UPGRADE_DONE] = { "",
	    "DELETE FROM audit_upgrade" },
	[STMT_PRIV_ERASE_PARTNER_CLOSING] = { "",
	    "UPDATE closing SET changed = NULL WHERE changed IS NOT NULL "
	    "AND enrolment_id IN (SELECT p.mentee_id FROM pair p WHERE "
	    "p.mentor_id IN (" THEIR_ENROLMENTS ") UNION SELECT p.mentor_id "
	    "FROM pair p WHERE p.mentee_id IN (" THEIR_ENROLMENTS "))" },
	[STMT_PRIV_ERASE_TEAM] = { "",
	    "UPDATE employee SET manager_id = NULL WHERE manager_id = ?1" },
	[STMT_PRIV_ERASE_READS] = { "",
	    "DELETE FROM read_event WHERE employee_id = ?1" },
	[STMT_READ_EVENT_INSERT] = { "",
	    "INSERT INTO read_event (employee_id, programme_id, reader, what, "
	    "at) VALUES (?, ?, ?, ?, ?)" },
	[STMT_READ_EVENT_SEEN] = { "i",
	    "SELECT EXISTS (SELECT 1 FROM read_event WHERE programme_id = ? "
	    "AND reader = ? AND what = ? AND at >= ?)" },
	[STMT_PRIV_ERASE_EVENT_NOTES] = { "",
	    "UPDATE programme_event SET note = '' WHERE note <> '' AND "
	    "programme_id IN (SELECT programme_id FROM enrolment "
	    "WHERE employee_id = ?1)" },
	[STMT_PRIV_READS] = { "tttt",
	    "SELECT r.reader, r.what, COALESCE(p.name, ''), r.at "
	    "FROM read_event r LEFT JOIN programme p ON p.id = r.programme_id "
	    "WHERE (r.employee_id = ?1 OR (r.employee_id IS NULL AND "
	    "r.programme_id IN (SELECT programme_id FROM enrolment "
	    "WHERE employee_id = ?1))) AND r.reader <> ?2 ORDER BY r.id" },
	[STMT_PRIV_SOURCE] = { "itttiii",
	    "SELECT i.id, i.file, i.encoding, i.at, i.rows, i.added, "
	    "i.updated FROM employee e JOIN import i ON i.id = e.import_id "
	    "WHERE e.id = ?1" },
	[STMT_PRIV_ACCOUNT] = { "ittii",
	    "SELECT password IS NOT NULL, lang, created_at, failures, "
	    "locked_until FROM account WHERE (?1 <> 0 AND employee_id = ?1) "
	    "OR (?2 <> 0 AND coach_id = ?2)" },
	[STMT_PRIV_SIGNINS] = { "ii",
	    "SELECT w.created_at, w.seen_at FROM web_session w "
	    "JOIN account a ON a.id = w.account_id WHERE "
	    "(?1 <> 0 AND a.employee_id = ?1) OR (?2 <> 0 AND a.coach_id = ?2) "
	    "ORDER BY w.created_at" },
	[STMT_PRIV_INVITATIONS] = { "i",
	    "SELECT i.expires_at FROM invitation i "
	    "JOIN account a ON a.id = i.account_id WHERE "
	    "(?1 <> 0 AND a.employee_id = ?1) OR (?2 <> 0 AND a.coach_id = ?2) "
	    "ORDER BY i.expires_at" },
	[STMT_PRIV_REJECTIONS] = { "tttt",
	    "SELECT CASE WHEN r.mentor_id = ?1 THEN 'mentor' ELSE 'mentee' "
	    "END, o.matricule, r.rejected_by, r.rejected_at "
	    "FROM pair_rejection r JOIN enrolment x ON x.id = CASE WHEN "
	    "r.mentor_id = ?1 THEN r.mentee_id ELSE r.mentor_id END "
	    "JOIN employee o ON o.id = x.employee_id "
	    "WHERE r.mentor_id = ?1 OR r.mentee_id = ?1 "
	    "ORDER BY r.rejected_at" },
	[STMT_PRIV_COACH] = { "ittt",
	    "SELECT id, name, email, organisation FROM coach "
	    "WHERE email = ?1" },
	[STMT_PRIV_COACH_CREATED] = { "t",
	    "SELECT created_at FROM coach WHERE id = ?1" },
	[STMT_PRIV_COACH_PROGRAMMES] = { "tt",
	    "SELECT name, state FROM programme WHERE coach_id = ?1 "
	    "ORDER BY id" },
	[STMT_PRIV_COACH_CHARTER] = { "",
	    "UPDATE charter SET text = replace(replace(replace(text, "
	    "(SELECT name FROM coach WHERE id = ?1), '[coach effacé]'), "
	    "(SELECT '<' || email || '>' FROM coach WHERE id = ?1), ''), "
	    "(SELECT organisation FROM coach WHERE id = ?1), '') "
	    "WHERE programme_id IN (SELECT id FROM programme "
	    "WHERE coach_id = ?1)" },
	[STMT_PRIV_COACH_ERASE] = { "",
	    "UPDATE coach SET name = '', organisation = '', email = ?2 "
	    "WHERE id = ?1" },
	[STMT_PRIV_COACH_ACCOUNT] = { "",
	    "DELETE FROM account WHERE coach_id = ?1" },
	[STMT_PRIV_PURGE_COACHES] = { "i",
	    "SELECT c.id FROM coach c WHERE c.email NOT LIKE 'erased-%' AND "
	    "EXISTS (SELECT 1 FROM programme p WHERE p.coach_id = c.id) AND "
	    "NOT EXISTS (SELECT 1 FROM programme p WHERE p.coach_id = c.id "
	    "AND p.id NOT IN (" EXPIRED("retention_days") ")) ORDER BY c.id" },
	/*
	 * Outcomes (report.c): everyone ever enrolled, so that one
	 * withdrawal changes no participation cell; answers in the order
	 * they came, for release in batches.
	 */
	[STMT_OUTCOME_GENERATIONS] = { "tii",
	    "SELECT COALESCE(CASE WHEN ?2 = 'en' THEN g.label_en "
	    "ELSE g.label_fr END, CASE WHEN ?2 = 'en' THEN 'unknown' "
	    "ELSE 'inconnue' END), "
	    "sum(n.role = 'mentor'), sum(n.role = 'mentee') FROM enrolment n "
	    "JOIN employee e ON e.id = n.employee_id "
	    "LEFT JOIN generation g ON e.birth_year BETWEEN "
	    "COALESCE(g.first_year, 0) AND COALESCE(g.last_year, 9999) "
	    "WHERE n.programme_id = ?1 "
	    "AND " LATEST_ENROLMENT
	    "GROUP BY g.rank ORDER BY g.rank" },
	[STMT_OUTCOME_DEPARTMENTS] = { "tii",
	    "SELECT CASE WHEN e.department = '' THEN CASE WHEN ?2 = 'en' "
	    "THEN 'not given' ELSE 'non renseignée' END "
	    "ELSE e.department END, sum(n.role = 'mentor'), "
	    "sum(n.role = 'mentee') FROM enrolment n "
	    "JOIN employee e ON e.id = n.employee_id "
	    "WHERE n.programme_id = ?1 "
	    "AND " LATEST_ENROLMENT
	    "GROUP BY e.department ORDER BY e.department" },
	[STMT_OUTCOME_MATCHING] = { "iiiii",
	    "SELECT count(*), COALESCE(sum(n.withdrawn_at IS NULL AND "
	    "EXISTS (SELECT 1 FROM pair p "
	    "WHERE p.mentee_id = n.id AND p.state IN ('published', "
	    "'accepted'))), 0), COALESCE(sum(n.withdrawn_at IS NOT NULL), 0), "
	    "(SELECT unmatched_no_partner FROM programme "
	    "WHERE id = ?1), (SELECT unmatched_capacity FROM programme "
	    "WHERE id = ?1) FROM enrolment n WHERE n.programme_id = ?1 "
	    "AND n.role = 'mentee'"
	    " AND " LATEST_ENROLMENT },
	[STMT_OUTCOME_FEEDBACK] = { "ii",
	    "SELECT f.enrolment_id, f.rating "
	    "FROM feedback f JOIN session s ON s.id = f.session_id "
	    "WHERE s.programme_id = ? ORDER BY f.at, f.session_id, "
	    "f.enrolment_id" },
	[STMT_OUTCOME_CLOSINGS] = { "ii",
	    "SELECT c.enrolment_id, c.recommend FROM closing c "
	    "JOIN enrolment n ON n.id = c.enrolment_id "
	    "WHERE n.programme_id = ? ORDER BY c.at, c.enrolment_id" },
	[STMT_OUTCOME_LEVELS] = { "itii",
	    "SELECT t.id, CASE WHEN ?2 = 'en' THEN t.label_en "
	    "ELSE t.label_fr END, et.level, cl.level FROM closing c "
	    "JOIN enrolment n ON n.id = c.enrolment_id "
	    "JOIN enrolment_topic et ON et.enrolment_id = n.id "
	    "JOIN closing_level cl ON cl.enrolment_id = n.id "
	    "AND cl.topic_id = et.topic_id JOIN topic t ON t.id = et.topic_id "
	    "WHERE n.programme_id = ?1 AND n.role = 'mentee' "
	    "ORDER BY t.id, c.at, c.enrolment_id" },
	[STMT_OUTCOME_SESSION_COUNT] = { "i",
	    "SELECT session_count FROM programme WHERE id = ?" },
	/* Hardening (issues 14 and 17): the export's four tables, ... */
	[STMT_HARDEN_EXPORT_SCOPES] = { "tttt",
	    "SELECT r.role, p.name, r.granted_at, r.granted_by "
	    "FROM role_scope r JOIN programme p ON p.id = r.programme_id "
	    "WHERE r.employee_id = ?1 ORDER BY r.role, p.name" },
	[STMT_HARDEN_EXPORT_PROPOSALS] = { "ittti",
	    "SELECT s.seq, sp.start_at, sp.state, sp.created_at, "
	    "sp.proposed_by = ?1 FROM session_proposal sp JOIN session s "
	    "ON s.id = sp.session_id WHERE sp.proposed_by = ?1 OR "
	    "sp.session_id IN (" THEIR_SESSIONS("?1") ") ORDER BY sp.id" },
	[STMT_HARDEN_EXPORT_OUTBOX] = { "tttttttt",
	    "SELECT msgid, kind, lang, rcpt_addr, vars, state, created_at, "
	    "COALESCE(sent_at, '') FROM outbox WHERE (?1 <> 0 AND "
	    "employee_id = ?1) OR (?2 <> 0 AND coach_id = ?2) ORDER BY id" },
	[STMT_HARDEN_EXPORT_MAILPREF] = { "ii",
	    "SELECT reminders, digests FROM mail_pref WHERE employee_id = ?" },
	/* ... the programme-level read events purged with the programme, */
	[STMT_HARDEN_PURGE_READS] = { "",
	    "DELETE FROM read_event WHERE employee_id IS NULL AND "
	    "programme_id IN (" EXPIRED("retention_days") ")" },
	/* ... and the sign-ins in flight (migration 014). */
	[STMT_HARDEN_PENDING_EXPIRE] = { "",
	    "DELETE FROM signin_pending WHERE expires < ?" },
	[STMT_HARDEN_PENDING_OLDEST] = { "",
	    "DELETE FROM signin_pending WHERE state_hash IN (SELECT "
	    "state_hash FROM signin_pending ORDER BY expires, state_hash "
	    "LIMIT ?)" },
	[STMT_HARDEN_PENDING_COUNT] = { "i",
	    "SELECT count(*) FROM signin_pending" },
	/* ... and the reads of named people (the tandems at risk). */
	[STMT_HARDEN_READ_PERSON_SEEN] = { "i",
	    "SELECT EXISTS (SELECT 1 FROM read_event WHERE employee_id = ? "
	    "AND programme_id = ? AND reader = ? AND what = ? AND at >= ?)" },
	[STMT_HARDEN_PENDING_INSERT] = { "",
	    "INSERT INTO signin_pending (state_hash, binding, nonce, "
	    "verifier, back, expires) VALUES (?, ?, ?, ?, ?, ?)" },
	[STMT_HARDEN_PENDING_GET] = { "ttttti",
	    "SELECT state_hash, binding, nonce, verifier, back, expires "
	    "FROM signin_pending WHERE state_hash = ?" },
	[STMT_HARDEN_PENDING_DELETE] = { "",
	    "DELETE FROM signin_pending WHERE state_hash = ?" },
	/* Issue 15, pages: deleting a draft (programme_delete.c). */
	[STMT_DRAFT_DELETE_TOPIC_LINKS] = { "",
	    "DELETE FROM programme_topic WHERE programme_id = ?" },
	[STMT_DRAFT_DELETE_OWN_TOPICS] = { "",
	    "DELETE FROM topic WHERE programme_id = ?" },
	[STMT_DRAFT_DELETE_CHARTERS] = { "",
	    "DELETE FROM charter WHERE programme_id = ?" },
	[STMT_DRAFT_DELETE_EVENTS] = { "",
	    "DELETE FROM programme_event WHERE programme_id = ?" },
	[STMT_DRAFT_DELETE_SCOPES] = { "",
	    "DELETE FROM role_scope WHERE programme_id = ?" },
	[STMT_DRAFT_UNTIE_READS] = { "",
	    "UPDATE read_event SET programme_id = NULL "
	    "WHERE programme_id = ?" },
	[STMT_DRAFT_UNTIE_OUTBOX] = { "",
	    "UPDATE outbox SET programme_id = NULL WHERE programme_id = ?" },
	[STMT_DRAFT_DELETE] = { "",
	    "DELETE FROM programme WHERE id = ? AND state = 'draft'" },
	/* Homes and paged lists (issue 15, home.c, employee.c). */
	[STMT_HOME_PARTNERS] = { "tiittittttttit" "t",
	    "SELECT p.state, me.id, them.id, them.role, them.site, "
	    "them.remote, e.matricule, e.first_name, e.last_name, "
	    "e.job_title, e.department, e.email, "
	    "me.availability & them.availability, CASE WHEN me.id = "
	    "p.mentor_id THEN COALESCE(p.mentor_answer, '') ELSE "
	    "COALESCE(p.mentee_answer, '') END"
	    ", COALESCE(p.answer_by, '') "	/* issue 13 */
	    " FROM pair p "
	    "JOIN enrolment me ON me.id = p.mentor_id OR me.id = p.mentee_id "
	    "JOIN enrolment them ON (them.id = p.mentor_id "
	    "OR them.id = p.mentee_id) AND them.id <> me.id "
	    "JOIN employee e ON e.id = them.employee_id "
	    "WHERE p.programme_id = ? AND me.employee_id = ? "
	    "AND p.state IN ('published', 'accepted') "
	    "AND me.withdrawn_at IS NULL AND them.withdrawn_at IS NULL "
	    "ORDER BY e.last_name, e.first_name, e.matricule" },
	[STMT_HOME_SHARED_TOPICS] = { "tt",
	    "SELECT t.label_fr, t.label_en FROM enrolment_topic a "
	    "JOIN enrolment_topic b ON b.topic_id = a.topic_id "
	    "JOIN topic t ON t.id = a.topic_id "
	    "WHERE a.enrolment_id = ? AND b.enrolment_id = ? "
	    "ORDER BY t.label_fr" },
	[STMT_HOME_FEEDBACK_MINE] = { "i",
	    "SELECT f.rating FROM feedback f "
	    "JOIN enrolment n ON n.id = f.enrolment_id "
	    "WHERE f.session_id = ? AND n.employee_id = ?" },
	[STMT_HOME_SURVEY_MINE] = { "i",
	    "SELECT 1 FROM closing c JOIN enrolment n ON n.id = c.enrolment_id "
	    "WHERE n.programme_id = ? AND n.employee_id = ?" },
	/*
	 * ?1 inactive too, ?2 after this matricule, ?3 and ?4 the name and
	 * its pattern, ?5 and ?6 the department, ?7 and ?8 the site, ?9
	 * and ?10 the generation, ?11 LIMIT.  The department and the site
	 * are tested before the name (issue 15): when few people match,
	 * every row is read, and the pattern over a name put together is
	 * the costly test (65 ms for a name and a site at 100,000
	 * employees, 24 ms with the site first).
	 */
	[STMT_EMPLOYEE_PAGE] = { "ittttittttttttti",
	    "SELECT " EMPLOYEE_COLUMNS EMPLOYEE_JOINS
	    "WHERE (e.active = 1 OR ?1) AND e.matricule > ?2 "
	    "AND (?5 = '' OR e.department = ?6) AND (?7 = '' OR e.site = ?8) "
	    "AND (?3 = '' OR lower(e.last_name || ' ' || e.first_name || ' ' "
	    "|| e.matricule) LIKE ?4 ESCAPE '!') "
	    "AND (?9 = '' OR g.code = ?10) ORDER BY e.matricule LIMIT ?11" },
	/*
	 * Each figure is a range on an index (issue 15): the pairs of a
	 * member who withdrew are found from the few who did
	 * (PAIRS_GONE) and left out, and those who wait are the
	 * volunteers less the members of the live pairs (a mentor is
	 * never a mentee), so that no pair's members are read.
	 */
	[STMT_HOME_FIGURES] = { "iiiiiiiiii",
	    "SELECT (SELECT COUNT(*) FROM enrolment WHERE programme_id = ?1 "
	    "AND withdrawn_at IS NULL AND role = 'mentor'), "
	    "(SELECT COUNT(*) FROM enrolment WHERE programme_id = ?1 "
	    "AND withdrawn_at IS NULL AND role = 'mentee'), "
	    "(SELECT COUNT(*) FROM pair WHERE programme_id = ?1 "
	    "AND state = 'accepted' AND id NOT IN (" PAIRS_GONE ")), "
	    "(SELECT COUNT(*) FROM pair WHERE programme_id = ?1 "
	    "AND state = 'published' AND id NOT IN (" PAIRS_GONE ")), "
	    "(SELECT COUNT(*) FROM session WHERE programme_id = ?1 "
	    "AND state = 'held' AND start_at >= ?2 AND start_at < ?3), "
	    "(SELECT COUNT(*) FROM session WHERE programme_id = ?1 "
	    "AND state = 'planned' AND start_at < ?4), "
	    "(SELECT COUNT(*) FROM session WHERE programme_id = ?1 "
	    "AND state = 'planned' AND start_at >= ?4), "
	    "(SELECT COUNT(*) FROM session WHERE programme_id = ?1 "
	    "AND state = 'cancelled'), "
	    "(SELECT COUNT(*) FROM enrolment WHERE programme_id = ?1 "
	    "AND withdrawn_at IS NULL) - (SELECT count(DISTINCT mentor_id) + "
	    "count(DISTINCT mentee_id) FROM pair WHERE programme_id = ?1 "
	    "AND state IN ('published', 'accepted') "
	    "AND id NOT IN (" PAIRS_GONE ")), "
	    /* Every session held: a closed programme's own figure. */
	    "(SELECT COUNT(*) FROM session WHERE programme_id = ?1 "
	    "AND state = 'held')" },
	[STMT_COACH_TANDEMS] = { "ttttttttt",
	    "SELECT em.matricule, em.first_name || ' ' || em.last_name, "
	    "em.email, ee.matricule, ee.first_name || ' ' || ee.last_name, "
	    "ee.email, COALESCE(c.note, ''), COALESCE(c.followed_at, ''), "
	    "COALESCE(c.updated_at, '') FROM pair p "
	    "JOIN enrolment nm ON nm.id = p.mentor_id "
	    "JOIN employee em ON em.id = nm.employee_id "
	    "JOIN enrolment ne ON ne.id = p.mentee_id "
	    "JOIN employee ee ON ee.id = ne.employee_id "
	    "LEFT JOIN coach_note c ON c.coach_id = ?2 "
	    "AND c.mentor_id = p.mentor_id AND c.mentee_id = p.mentee_id "
	    "WHERE p.programme_id = ?1 AND p.state = 'accepted' "
	    "AND nm.withdrawn_at IS NULL AND ne.withdrawn_at IS NULL "
	    "ORDER BY em.last_name, em.first_name, ee.last_name, "
	    "ee.first_name" },
	/*
	 * One page of them (issue 15), in two parts: those at risk first,
	 * by their tally (TALLY_RISKY's ?1 programme, ?2 now, ?3 since;
	 * ?4 0 once the programme is closed), read from pair_tally_risk;
	 * then the others, each part in the same order; ?5 the coach, ?6
	 * LIMIT, ?7 OFFSET.  A tandem's figures for its reason.  The
	 * second part joins every tandem to sort them by name: it is read
	 * only for pages past those at risk.
	 */
	[STMT_COACH_PAGE_RISKY] = { "ttttttttt" "ii" "i" "tiiti",
	    COACH_COLUMNS "FROM pair_tally t JOIN pair p ON p.id = t.pair_id "
	    COACH_JOINS "WHERE t.programme_id = ?1 AND ?4 = 1 AND "
	    TALLY_RISKY("t") " AND " COACH_LIVE COACH_ORDER },
	[STMT_COACH_PAGE] = { "ttttttttt" "ii" "i" "tiiti",
	    COACH_COLUMNS "FROM pair p " COACH_JOINS
	    "LEFT JOIN pair_tally t ON t.pair_id = p.id "
	    "WHERE p.programme_id = ?1 AND " COACH_LIVE "AND "
	    COACH_RISKY("1 ELSE 0") " = 0 " COACH_ORDER },
	/* How many there are at risk, and in all (PAIRS_GONE left out). */
	[STMT_COACH_RISKY_COUNT] = { "i",
	    "SELECT count(*) FROM pair_tally t JOIN pair p "
	    "ON p.id = t.pair_id JOIN enrolment nm ON nm.id = p.mentor_id "
	    "JOIN enrolment ne ON ne.id = p.mentee_id "
	    "WHERE t.programme_id = ?1 AND ?4 = 1 AND " TALLY_RISKY("t")
	    " AND " COACH_LIVE },
	[STMT_COACH_COUNT] = { "i",
	    "SELECT count(*) FROM pair WHERE programme_id = ?1 "
	    "AND state = 'accepted' AND id NOT IN (" PAIRS_GONE ")" },
	[STMT_COACH_NOTE_SET] = { "",
	    "INSERT INTO coach_note (programme_id, coach_id, mentor_id, "
	    "mentee_id, note, followed_at, updated_at) VALUES (?1, ?2, ?3, "
	    "?4, ?5, CASE WHEN ?6 = 1 THEN ?7 END, ?7) "
	    "ON CONFLICT (coach_id, mentor_id, mentee_id) DO UPDATE SET "
	    "note = excluded.note, followed_at = CASE WHEN ?6 = 1 THEN "
	    "COALESCE(coach_note.followed_at, ?7) END, updated_at = ?7" },
	/*
	 * The departments and sites in use, by seeks on employee_facets
	 * (migration 021): f walks the distinct (department, site) of the
	 * active people, each step the next site of its department or the
	 * first of the next department, two seeks a step where a GROUP BY
	 * read every row of the roster.
	 */
	[STMT_EMPLOYEE_FACETS] = { "tt",
	    "WITH RECURSIVE f(d, s) AS (SELECT '', '' UNION ALL "
	    "SELECT e.department, e.site FROM f JOIN employee e ON e.id = "
	    "COALESCE((SELECT x.id FROM employee x WHERE x.active = 1 "
	    "AND x.department = f.d AND x.site > f.s ORDER BY x.site "
	    "LIMIT 1), (SELECT x.id FROM employee x WHERE x.active = 1 "
	    "AND x.department > f.d ORDER BY x.department, x.site LIMIT 1))) "
	    "SELECT 'department', d FROM f WHERE d <> '' GROUP BY d "
	    "UNION ALL SELECT 'site', s FROM f WHERE s <> '' GROUP BY s "
	    "ORDER BY 1, 2" },
	/* A coach's notes go with either member's erasure, the coach's,
	 * and the programme's comments at the purge (privacy.c). */
	[STMT_PRIV_ERASE_COACH_NOTES] = { "",
	    "DELETE FROM coach_note WHERE mentor_id IN (" THEIR_ENROLMENTS
	    ") OR mentee_id IN (" THEIR_ENROLMENTS ")" },
	[STMT_PRIV_PURGE_COACH_NOTES] = { "",
	    "DELETE FROM coach_note WHERE programme_id IN ("
	    EXPIRED("comments_days") ")" },
	[STMT_PRIV_COACH_NOTES_ERASE] = { "",
	    "DELETE FROM coach_note WHERE coach_id = ?1" },
	[STMT_HOME_ENROLMENT_MINE] = { "t",
	    "SELECT role FROM enrolment WHERE programme_id = ? "
	    "AND employee_id = ? AND withdrawn_at IS NULL" },
	/* Issue 12's gaps: volunteering again. */
	[STMT_ENROL_AGAIN_KEEP_OUT] = { "",
	    "INSERT INTO pair_rejection (programme_id, mentor_id, mentee_id, "
	    "rejected_by, rejected_at) SELECT programme_id, mentor_id, "
	    "mentee_id, ?3, ?4 FROM pair WHERE programme_id = ?1 AND "
	    "(mentor_id = ?2 OR mentee_id = ?2) AND state = 'declined' "
	    "ON CONFLICT DO NOTHING" },
	/* Whether a member's date waits for the partner's agreement. */
	[STMT_PROGRAMME_AGREEMENT] = { "i",
	    "SELECT proposal_agreement FROM programme WHERE id = ?" },
	[STMT_PROGRAMME_AGREEMENT_SET] = { "",
	    "UPDATE programme SET proposal_agreement = ? WHERE id = ?" },
	/* What the last planning could not place, for the web page. */
	[STMT_SHORTFALL_CLEAR] = { "",
	    "DELETE FROM plan_shortfall WHERE programme_id = ?" },
	[STMT_SHORTFALL_INSERT] = { "",
	    "INSERT INTO plan_shortfall (programme_id, mentor_id, mentee_id, "
	    "placed, wanted, why, halfdays, planned_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)" },
	[STMT_SHORTFALL_LIST] = { "ttiitit",
	    "SELECT em.first_name || ' ' || em.last_name, "
	    "COALESCE(ee.first_name || ' ' || ee.last_name, ''), "
	    "s.placed, s.wanted, s.why, s.halfdays, s.planned_at "
	    "FROM plan_shortfall s "
	    "JOIN enrolment nm ON nm.id = s.mentor_id "
	    "JOIN employee em ON em.id = nm.employee_id "
	    "LEFT JOIN enrolment ne ON ne.id = s.mentee_id "
	    "LEFT JOIN employee ee ON ee.id = ne.employee_id "
	    "WHERE s.programme_id = ? ORDER BY s.rowid" },
	/*
	 * Issue 13's rest: proposals with a deadline, the
	 * outbox's retention, the partner told of an erasure (outbox.c,
	 * mail_send.c).
	 */
	[STMT_MAIL_ANSWER_DAYS] = { "i",
	    "SELECT answer_days FROM programme WHERE id = ?" },
	[STMT_MAIL_ANSWER_DAYS_SET] = { "",
	    "UPDATE programme SET answer_days = ? WHERE id = ?" },
	/* By pair_answer_by, on the few pairs without a deadline (the
	 * programme's index read its published pairs at every answer). */
	[STMT_MAIL_DEADLINE_SET] = { "",
	    "UPDATE pair SET answer_by = ?1 WHERE state = 'published' "
	    "AND answer_by IS NULL AND +programme_id = ?2" },
	[STMT_MAIL_PAIR_DEADLINE] = { "t",
	    "SELECT COALESCE(answer_by, '') FROM pair WHERE id = ?" },
	[STMT_MAIL_PROPOSALS_DUE] = { "iiiiiitttt",
	    "SELECT pr.id, pr.programme_id, pr.mentor_id, pr.mentee_id, "
	    "m.employee_id, e.employee_id, "
	    "COALESCE(pr.mentor_answer, ''), COALESCE(pr.mentee_answer, ''), "
	    "pr.answer_by, COALESCE(pr.published_at, '') FROM pair pr "
	    "JOIN enrolment m ON m.id = pr.mentor_id "
	    "JOIN enrolment e ON e.id = pr.mentee_id "
	    "JOIN programme p ON p.id = pr.programme_id "
	    "WHERE pr.state = 'published' AND pr.answer_by IS NOT NULL "
	    "AND pr.answer_by <= ?1 "
	    "AND p.state IN ('open', 'matched', 'running') ORDER BY pr.id" },
	[STMT_MAIL_RELEASE] = { "",
	    "UPDATE pair SET state = 'declined' WHERE id = ? "
	    "AND state = 'published'" },
	[STMT_MAIL_UNANSWERED_LIST] = { "ttt",
	    "SELECT r.first_name || ' ' || r.last_name, "
	    "t.first_name || ' ' || t.last_name, COALESCE(pr.answer_by, '') "
	    "FROM pair pr JOIN enrolment m ON m.id = pr.mentor_id "
	    "JOIN employee r ON r.id = m.employee_id "
	    "JOIN enrolment e ON e.id = pr.mentee_id "
	    "JOIN employee t ON t.id = e.employee_id "
	    "WHERE pr.programme_id = ? AND pr.state = 'published' "
	    "ORDER BY pr.answer_by, pr.id LIMIT ?" },
	[STMT_MAIL_KEEP] = { "i",
	    "SELECT keep_days FROM installation WHERE one = 1" },
	[STMT_MAIL_KEEP_SET] = { "",
	    "UPDATE installation SET keep_days = ? WHERE one = 1" },
	[STMT_MAIL_PURGE] = { "",
	    "DELETE FROM outbox WHERE state = 'sent' AND sent_at < ?" },
	[STMT_MAIL_PARTNERS] = { "iii",
	    "SELECT pr.id, pr.programme_id, CASE WHEN m.employee_id = ?1 "
	    "THEN pr.mentee_id ELSE pr.mentor_id END FROM pair pr "
	    "JOIN enrolment m ON m.id = pr.mentor_id "
	    "JOIN enrolment e ON e.id = pr.mentee_id "
	    "JOIN programme p ON p.id = pr.programme_id "
	    "WHERE pr.state = 'accepted' "
	    "AND p.state IN ('open', 'matched', 'running') "
	    "AND m.withdrawn_at IS NULL AND e.withdrawn_at IS NULL "
	    "AND (m.employee_id = ?1 OR e.employee_id = ?1) "
	    "AND m.employee_id <> e.employee_id ORDER BY pr.id" },
	[STMT_MAIL_SHARED_INSERT] = { "",
	    "INSERT INTO mail_vars (vars) VALUES (?)" },
	[STMT_MAIL_QUEUE_SHARED] = { "",
	    "INSERT INTO outbox (dedup, msgid, kind, programme_id, "
	    "employee_id, coach_id, lang, rcpt_name, rcpt_addr, vars, ical, "
	    "next_at, created_at, shared_id) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (dedup) DO NOTHING" },
	[STMT_MAIL_SHARED_PURGE] = { "",
	    "DELETE FROM mail_vars WHERE NOT EXISTS (SELECT 1 FROM outbox o "
	    "WHERE o.shared_id = mail_vars.id)" },
	/* Surveys: both sides measured, the 90-day follow-up (survey.c). */
	[STMT_SURVEY_ENROLMENT] = { "it",
	    "SELECT id, role FROM enrolment WHERE programme_id = ? AND "
	    "employee_id = ? ORDER BY id DESC LIMIT 1" },
	[STMT_SURVEY_CLOSED_AT] = { "t",
	    "SELECT MAX(at) FROM programme_event WHERE programme_id = ? "
	    "AND to_state = 'closed'" },
	[STMT_SURVEY_MENTOR_INSERT] = { "",
	    "INSERT INTO closing_mentor (enrolment_id, teach, upward) "
	    "VALUES (?, ?, ?)" },
	[STMT_SURVEY_TAUGHT_INSERT] = { "",
	    "INSERT INTO closing_taught (enrolment_id, topic_id) "
	    "VALUES (?, ?)" },
	[STMT_SURVEY_FOLLOWUP_INSERT] = { "",
	    "INSERT INTO followup (enrolment_id, teach, upward, at) "
	    "VALUES (?, ?, ?, ?)" },
	[STMT_SURVEY_FOLLOWUP_LEVEL_INSERT] = { "",
	    "INSERT INTO followup_level (enrolment_id, topic_id, level) "
	    "VALUES (?, ?, ?)" },
	[STMT_SURVEY_PRACTICE_FIND] = { "i",
	    "SELECT p.id FROM practice p JOIN programme_topic pt "
	    "ON pt.topic_id = p.topic_id WHERE pt.programme_id = ? "
	    "AND p.code = ?" },
	[STMT_SURVEY_PRACTICE_INSERT] = { "",
	    "INSERT INTO practice_done (enrolment_id, practice_id, stage) "
	    "VALUES (?, ?, ?)" },
	[STMT_SURVEY_CLOSING_GET] = { "itt",
	    "SELECT recommend, COALESCE(changed, ''), at FROM closing "
	    "WHERE enrolment_id = ?" },
	[STMT_SURVEY_MENTOR_GET] = { "ii",
	    "SELECT teach, upward FROM closing_mentor WHERE enrolment_id = ?" },
	[STMT_SURVEY_FOLLOWUP_GET] = { "iit",
	    "SELECT COALESCE(teach, 0), COALESCE(upward, 0), at FROM followup "
	    "WHERE enrolment_id = ?" },
	[STMT_SURVEY_TOPICS] = { "tttiiiii",
	    "SELECT t.code, t.label_fr, t.label_en, COALESCE(et.level, -1), "
	    "COALESCE(cl.level, -1), COALESCE(fl.level, -1), "
	    "CASE WHEN ct.topic_id IS NULL THEN 0 ELSE 1 END, "
	    "COALESCE(et.interest, 0) "
	    "FROM programme_topic pt JOIN topic t ON t.id = pt.topic_id "
	    "LEFT JOIN enrolment_topic et ON et.enrolment_id = ?1 "
	    "AND et.topic_id = t.id "
	    "LEFT JOIN closing_level cl ON cl.enrolment_id = ?1 "
	    "AND cl.topic_id = t.id "
	    "LEFT JOIN followup_level fl ON fl.enrolment_id = ?1 "
	    "AND fl.topic_id = t.id "
	    "LEFT JOIN closing_taught ct ON ct.enrolment_id = ?1 "
	    "AND ct.topic_id = t.id "
	    "WHERE pt.programme_id = ?2 ORDER BY t.id" },
	[STMT_SURVEY_PRACTICES] = { "ttttii",
	    "SELECT p.code, t.code, p.label_fr, p.label_en, "
	    "CASE WHEN c.stage IS NULL THEN 0 ELSE 1 END, "
	    "CASE WHEN f.stage IS NULL THEN 0 ELSE 1 END "
	    "FROM programme_topic pt JOIN topic t ON t.id = pt.topic_id "
	    "JOIN practice p ON p.topic_id = t.id "
	    "LEFT JOIN practice_done c ON c.enrolment_id = ?1 "
	    "AND c.practice_id = p.id AND c.stage = 'closing' "
	    "LEFT JOIN practice_done f ON f.enrolment_id = ?1 "
	    "AND f.practice_id = p.id AND f.stage = 'followup' "
	    "WHERE pt.programme_id = ?2 ORDER BY t.id, p.id" },
	[STMT_SURVEY_FOLLOWUP_PROGRAMMES] = { "it",
	    "SELECT p.id, p.name FROM programme p WHERE p.state = 'closed' "
	    "AND (SELECT SUBSTR(MAX(e.at), 1, 10) FROM programme_event e "
	    "WHERE e.programme_id = p.id AND e.to_state = 'closed') "
	    "BETWEEN ? AND ? ORDER BY p.id" },
	/* The report's new measures (report_outcomes.c). */
	[STMT_OUTCOME_TOPIC_LABELS] = { "it",
	    "SELECT t.id, CASE WHEN ?2 = 'en' THEN t.label_en "
	    "ELSE t.label_fr END FROM programme_topic pt "
	    "JOIN topic t ON t.id = pt.topic_id WHERE pt.programme_id = ?1 "
	    "ORDER BY t.id" },
	[STMT_OUTCOME_PRACTICE_ITEMS] = { "it",
	    "SELECT p.id, CASE WHEN ?2 = 'en' THEN p.label_en "
	    "ELSE p.label_fr END FROM programme_topic pt "
	    "JOIN practice p ON p.topic_id = pt.topic_id "
	    "WHERE pt.programme_id = ?1 ORDER BY p.topic_id, p.id" },
	[STMT_OUTCOME_ANSWERED_CLOSING] = { "i",
	    "SELECT c.enrolment_id FROM closing c "
	    "JOIN enrolment n ON n.id = c.enrolment_id "
	    "WHERE n.programme_id = ? AND n.role = ? "
	    "ORDER BY c.at, c.enrolment_id" },
	[STMT_OUTCOME_ANSWERED_FOLLOWUP] = { "i",
	    "SELECT f.enrolment_id FROM followup f "
	    "JOIN enrolment n ON n.id = f.enrolment_id "
	    "WHERE n.programme_id = ? AND n.role = ? "
	    "ORDER BY f.at, f.enrolment_id" },
	[STMT_OUTCOME_PRACTICE_DONE] = { "ii",
	    "SELECT d.enrolment_id, d.practice_id FROM practice_done d "
	    "JOIN enrolment n ON n.id = d.enrolment_id "
	    "WHERE n.programme_id = ? AND d.stage = ?" },
	[STMT_OUTCOME_MENTOR_CLOSING] = { "iii",
	    "SELECT m.enrolment_id, m.teach, m.upward FROM closing_mentor m "
	    "JOIN closing c ON c.enrolment_id = m.enrolment_id "
	    "JOIN enrolment n ON n.id = m.enrolment_id "
	    "WHERE n.programme_id = ? ORDER BY c.at, m.enrolment_id" },
	[STMT_OUTCOME_MENTOR_FOLLOWUP] = { "iii",
	    "SELECT f.enrolment_id, f.teach, f.upward FROM followup f "
	    "JOIN enrolment n ON n.id = f.enrolment_id "
	    "WHERE n.programme_id = ? AND n.role = 'mentor' "
	    "AND f.teach IS NOT NULL ORDER BY f.at, f.enrolment_id" },
	[STMT_OUTCOME_TAUGHT] = { "ii",
	    "SELECT ct.enrolment_id, ct.topic_id FROM closing_taught ct "
	    "JOIN enrolment n ON n.id = ct.enrolment_id "
	    "WHERE n.programme_id = ?" },
	[STMT_OUTCOME_FOLLOWUP_LEVELS] = { "iiiii",
	    "SELECT et.topic_id, n.id, et.level, cl.level, fl.level "
	    "FROM followup f JOIN enrolment n ON n.id = f.enrolment_id "
	    "JOIN enrolment_topic et ON et.enrolment_id = n.id "
	    "JOIN closing_level cl ON cl.enrolment_id = n.id "
	    "AND cl.topic_id = et.topic_id "
	    "JOIN followup_level fl ON fl.enrolment_id = n.id "
	    "AND fl.topic_id = et.topic_id "
	    "WHERE n.programme_id = ? AND n.role = 'mentee' "
	    "ORDER BY et.topic_id, f.at, n.id" },
	/* A person's surveys in their export (survey.c). */
	[STMT_SURVEY_EXPORT_TAUGHT] = { "t",
	    "SELECT t.code FROM closing_taught ct JOIN topic t "
	    "ON t.id = ct.topic_id WHERE ct.enrolment_id = ? ORDER BY t.id" },
	[STMT_SURVEY_EXPORT_LEVELS] = { "ti",
	    "SELECT t.code, fl.level FROM followup_level fl JOIN topic t "
	    "ON t.id = fl.topic_id WHERE fl.enrolment_id = ? ORDER BY t.id" },
	[STMT_SURVEY_EXPORT_PRACTICES] = { "tt",
	    "SELECT p.code, d.stage FROM practice_done d JOIN practice p "
	    "ON p.id = d.practice_id WHERE d.enrolment_id = ? "
	    "ORDER BY d.stage, p.id" },
	[STMT_SURVEY_DUE] = { "i",
	    "SELECT n.employee_id FROM enrolment n WHERE n.programme_id = ? "
	    "AND n.withdrawn_at IS NULL AND NOT EXISTS (SELECT 1 FROM "
	    "followup f WHERE f.enrolment_id = n.id) ORDER BY n.id" },
	/*
	 * Recognition and stable disclosure (report.c, attestation.c,
	 * kudos.c; issue 16).
	 */
	[STMT_PUBLISHED_LIST] = { "tr",
	    "SELECT cell, value FROM published_cell WHERE programme_id = ?" },
	[STMT_PUBLISHED_PUT] = { "",
	    "INSERT INTO published_cell (programme_id, cell, value, at) "
	    "VALUES (?, ?, ?, ?) ON CONFLICT (programme_id, cell) DO UPDATE "
	    "SET value = excluded.value, at = excluded.at "
	    "WHERE published_cell.value <> excluded.value" },
	[STMT_ATTEST_PERSON] = { "tt",
	    "SELECT e.first_name, e.last_name FROM enrolment n "
	    "JOIN employee e ON e.id = n.employee_id WHERE n.id = ?" },
	[STMT_ATTEST_SPONSOR] = { "tt",
	    "SELECT e.first_name, e.last_name FROM programme_event pe "
	    "JOIN employee e ON e.matricule = pe.actor "
	    "WHERE pe.programme_id = ? AND pe.to_state = 'approved' "
	    "ORDER BY pe.id DESC LIMIT 1" },
	[STMT_ATTEST_HELD] = { "ii",
	    "SELECT count(*), COALESCE(sum(minutes), 0) FROM session "
	    "WHERE mentor_id = ? AND state = 'held'" },
	[STMT_ATTEST_TOPICS] = { "ittt",
	    "SELECT t.id, t.label_fr, COALESCE(c.code, ''), "
	    "COALESCE(c.label_fr, '') FROM topic t "
	    "JOIN enrolment_topic mt ON mt.topic_id = t.id "
	    "AND mt.enrolment_id = ?1 "
	    "LEFT JOIN topic_competence c ON c.topic_id = t.id "
	    "AND c.framework = 'crcn' "
	    "WHERE EXISTS (SELECT 1 FROM session s WHERE s.mentor_id = ?1 "
	    "AND s.state = 'held' AND (s.mentee_id IS NULL OR EXISTS "
	    "(SELECT 1 FROM enrolment_topic et WHERE et.enrolment_id = "
	    "s.mentee_id AND et.topic_id = t.id))) ORDER BY t.id, c.code" },
	[STMT_ATTEST_KUDOS] = { "i",
	    "SELECT count(*) FROM kudos WHERE mentor_id = ?" },
	[STMT_ATTEST_INSERT] = { "",
	    "INSERT INTO attestation (code, enrolment_id, content, digest, "
	    "audit_id, issued_at, issued_by, digest_key) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)" },
	[STMT_ATTEST_FIND] = { "ttib",
	    "SELECT content, digest, audit_id, digest_key FROM attestation "
	    "WHERE code = ?" },
	[STMT_ATTEST_ENTRY] = { "tt",
	    "SELECT object, detail FROM audit WHERE id = ?" },
	[STMT_ATTEST_LIST] = { "tt",
	    "SELECT code, issued_at FROM attestation WHERE enrolment_id = ? "
	    "ORDER BY id" },
	[STMT_KUDOS_MENTORS] = { "it",
	    "SELECT DISTINCT p.mentor_id, e.matricule FROM pair p "
	    "JOIN enrolment n ON n.id = p.mentor_id "
	    "JOIN employee e ON e.id = n.employee_id "
	    "WHERE p.mentee_id = ? AND p.state IN ('published', 'accepted') "
	    "ORDER BY p.mentor_id" },
	[STMT_KUDOS_PUT] = { "",
	    "INSERT INTO kudos (mentee_id, mentor_id, message, at) "
	    "VALUES (?, ?, ?, ?) ON CONFLICT (mentee_id, mentor_id) "
	    "DO UPDATE SET message = excluded.message, at = excluded.at" },
	[STMT_PORTFOLIO_PROGRAMMES] = { "itt",
	    "SELECT id, name, state FROM programme "
	    "ORDER BY COALESCE(start_date, substr(created_at, 1, 10)), id" },
	[STMT_PORTFOLIO_FIGURES] = { "iii",
	    "SELECT (SELECT count(*) FROM enrolment WHERE programme_id = ?1 "
	    "AND role = 'mentor'), (SELECT count(*) FROM enrolment "
	    "WHERE programme_id = ?1 AND role = 'mentee'), "
	    "(SELECT count(*) FROM session WHERE programme_id = ?1 "
	    "AND state = 'held')" },
	[STMT_PORTFOLIO_QUARTERS] = { "iiii",
	    "SELECT CAST(substr(start_at, 1, 4) AS INTEGER), "
	    "(CAST(substr(start_at, 6, 2) AS INTEGER) + 2) / 3, programme_id, "
	    "count(*) FROM session WHERE state = 'held' GROUP BY 1, 2, 3 "
	    "ORDER BY 1, 2, 3" },
	[STMT_PORTFOLIO_KNOWN] = { "r",
	    "SELECT value FROM published_cell WHERE programme_id = ? "
	    "AND cell = ?" },
	[STMT_KUDOS_LIST] = { "tt",
	    "SELECT message, at FROM kudos WHERE mentor_id = ? "
	    "ORDER BY at DESC, mentee_id" },
	/* The merge of 2026-12-06: kudos, attestations and the coach's
	 * notes in the exports, erased and purged (issue 17). */
	[STMT_PRIV_EXPORT_KUDOS] = { "tti",
	    "SELECT message, at, mentor_id = ?1 FROM kudos "
	    "WHERE mentor_id = ?1 OR mentee_id = ?1 ORDER BY at" },
	[STMT_PRIV_EXPORT_ATTESTATIONS] = { "ttt",
	    "SELECT code, issued_at, content FROM attestation "
	    "WHERE enrolment_id = ? ORDER BY id" },
	[STMT_PRIV_EXPORT_COACH_NOTES] = { "tttt",
	    "SELECT p.name, n.note, COALESCE(n.followed_at, ''), n.updated_at "
	    "FROM coach_note n JOIN programme p ON p.id = n.programme_id "
	    "WHERE n.coach_id = ? ORDER BY n.programme_id, n.mentor_id, "
	    "n.mentee_id" },
	[STMT_PRIV_ERASE_KUDOS] = { "",
	    "DELETE FROM kudos WHERE mentor_id IN (" THEIR_ENROLMENTS ") OR "
	    "mentee_id IN (" THEIR_ENROLMENTS ")" },
	[STMT_PRIV_ERASE_ATTESTATIONS] = { "",
	    "DELETE FROM attestation WHERE enrolment_id IN ("
	    THEIR_ENROLMENTS ")" },
	[STMT_PRIV_PURGE_KUDOS] = { "",
	    "DELETE FROM kudos WHERE mentor_id IN (SELECT id FROM enrolment "
	    "WHERE programme_id IN (" EXPIRED("comments_days") "))" },
	/* A planning's invitations, queued at delivery (outbox.c,
	 * migration 018; issue 12). */
	[STMT_MAIL_BATCH_INSERT] = { "",
	    "INSERT INTO mail_batch (programme_id, first_id, last_id, "
	    "done_id, at) VALUES (?, ?, ?, ?, ?)" },
	[STMT_MAIL_BATCH_NEXT] = { "iiiit",
	    "SELECT id, programme_id, done_id, last_id, at FROM mail_batch "
	    "ORDER BY id LIMIT 1" },
	[STMT_MAIL_BATCH_SESSIONS] = { "iitiiittiti",
	    "SELECT s.id, s.programme_id, p.name, s.mentor_id, "
	    "COALESCE(s.mentee_id, 0), s.seq, s.uid, s.start_at, s.minutes, "
	    "s.state, s.sequence FROM session s "
	    "JOIN programme p ON p.id = s.programme_id "
	    "WHERE s.programme_id = ?1 AND s.id > ?2 AND s.id <= ?3 "
	    "ORDER BY s.id LIMIT ?4" },
	[STMT_MAIL_BATCH_DONE] = { "",
	    "UPDATE mail_batch SET done_id = ? WHERE id = ?" },
	[STMT_MAIL_BATCH_DELETE] = { "",
	    "DELETE FROM mail_batch WHERE id = ?" },
	/* A planning's sessions, PLAN_ROWS a statement (session.c). */
	[STMT_PLAN_INSERT_ROWS] = { "",
	    "INSERT INTO session (programme_id, mentor_id, mentee_id, seq, "
	    "uid, start_at, minutes, updated_at) VALUES " PLAN_ROWS_SQL },
	[STMT_PLAN_SESSION_MAX] = { "i",
	    "SELECT COALESCE(max(id), 0) FROM session" },
	/*
	 * Naming the mentee on an attestation (attestation.c, issue 16):
	 * one agreement a side of an accepted pair; a mentee is named when
	 * both sides agree.
	 */
	[STMT_NAMING_PAIRS] = { "iitttii",
	    "SELECT p.mentor_id, p.mentee_id, e.matricule, e.first_name, "
	    "e.last_name, "
	    "CASE WHEN EXISTS (SELECT 1 FROM attestation_consent c "
	    "WHERE c.mentor_id = p.mentor_id AND c.mentee_id = p.mentee_id "
	    "AND c.side = ?2) THEN 1 ELSE 0 END, "
	    "CASE WHEN EXISTS (SELECT 1 FROM attestation_consent c "
	    "WHERE c.mentor_id = p.mentor_id AND c.mentee_id = p.mentee_id "
	    "AND c.side <> ?2) THEN 1 ELSE 0 END "
	    "FROM pair p JOIN enrolment o ON o.id = CASE WHEN p.mentor_id = "
	    "?1 THEN p.mentee_id ELSE p.mentor_id END "
	    "JOIN employee e ON e.id = o.employee_id "
	    "WHERE (p.mentor_id = ?1 OR p.mentee_id = ?1) AND "
	    "p.state = 'accepted' ORDER BY e.last_name, e.first_name, p.id" },
	[STMT_NAMING_PUT] = { "",
	    "INSERT INTO attestation_consent (mentor_id, mentee_id, side, at) "
	    "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING" },
	[STMT_NAMING_DROP] = { "",
	    "DELETE FROM attestation_consent WHERE mentor_id = ? AND "
	    "mentee_id = ? AND side = ?" },
	[STMT_NAMING_RETIRE] = { "",
	    "UPDATE attestation SET withdrawn_at = ?3 "
	    "WHERE withdrawn_at IS NULL AND enrolment_id = ?1 AND id IN "
	    "(SELECT attestation_id FROM attestation_named "
	    "WHERE mentee_id = ?2)" },
#define NAMED_FROM \
	"FROM attestation_consent a JOIN attestation_consent b ON " \
	"b.mentor_id = a.mentor_id AND b.mentee_id = a.mentee_id AND " \
	"b.side = 'mentee' "
#define NAMED_WHERE \
	"WHERE a.side = 'mentor' AND EXISTS (SELECT 1 FROM pair p WHERE " \
	"p.mentor_id = a.mentor_id AND p.mentee_id = a.mentee_id AND " \
	"p.state = 'accepted') "
	[STMT_NAMING_NAMED] = { "tt",
	    "SELECT e.first_name, e.last_name " NAMED_FROM
	    "JOIN enrolment n ON n.id = a.mentee_id "
	    "JOIN employee e ON e.id = n.employee_id " NAMED_WHERE
	    "AND a.mentor_id = ? ORDER BY e.last_name, e.first_name, "
	    "a.mentee_id" },
	[STMT_NAMING_RECORD] = { "",
	    "INSERT INTO attestation_named (attestation_id, mentee_id) "
	    "SELECT ?1, a.mentee_id " NAMED_FROM NAMED_WHERE
	    "AND a.mentor_id = ?2" },
	[STMT_NAMING_WITHDRAWN] = { "i",
	    "SELECT CASE WHEN withdrawn_at IS NULL THEN 0 ELSE 1 END "
	    "FROM attestation WHERE code = ?" },
	/* Erasure: the attestations that name them go with them. */
	[STMT_NAMING_ERASE_ATTESTATIONS] = { "",
	    "DELETE FROM attestation WHERE id IN (SELECT attestation_id "
	    "FROM attestation_named WHERE mentee_id IN (" THEIR_ENROLMENTS
	    "))" },
	[STMT_NAMING_ERASE_NAMED] = { "",
	    "DELETE FROM attestation_named WHERE mentee_id IN ("
	    THEIR_ENROLMENTS ") OR attestation_id NOT IN "
	    "(SELECT id FROM attestation)" },
	[STMT_NAMING_ERASE_CONSENT] = { "",
	    "DELETE FROM attestation_consent WHERE mentor_id IN ("
	    THEIR_ENROLMENTS ") OR mentee_id IN (" THEIR_ENROLMENTS ")" },
	/*
	 * The tandems at risk (issue 15), kept by the store: the page asks
	 * for the rows it shows and their number, not for every pair.
	 */
	/* The last column counts them all: no second pass for the total. */
	/* A declined pair that both had accepted is a tandem that ended. */
	[STMT_WATCH_PAGE] = { "tiittttiitiiti" "i",
	    "SELECT CASE WHEN p.state = 'declined' AND "
	    "p.mentor_answer = 'accepted' AND p.mentee_answer = 'accepted' "
	    "THEN 'ended' ELSE p.state END, nm.withdrawn_at IS NOT NULL, "
	    "ne.withdrawn_at IS NOT NULL, em.matricule, "
	    "em.first_name || ' ' || em.last_name, ee.matricule, "
	    "ee.first_name || ' ' || ee.last_name, em.id, ee.id, "
	    "COALESCE(t.last_held, ''), COALESCE(t.bymentor, 0), "
	    "COALESCE(t.bymentee, 0), COALESCE(t.first_at, ''), "
	    "COALESCE(t.planned, 0), w.total "
	    /*
	     * The page's pairs first, in the order of the matricules
	     * they keep (their members'), counted before the cut: only
	     * they are joined to their members.
	     */
	    "FROM (SELECT x.id AS id, x.mentor_matricule AS mm, "
	    "x.mentee_matricule AS me, count(*) OVER () AS total "
	    "FROM (" WATCH_RISKY ") k JOIN pair x ON x.id = k.id "
	    "ORDER BY x.mentor_matricule, x.mentee_matricule, x.id "
	    "LIMIT ?4 OFFSET ?5) w JOIN pair p ON p.id = w.id "
	    "LEFT JOIN pair_tally t ON p.state = 'accepted' "
	    "AND t.pair_id = p.id "
	    "JOIN enrolment nm ON nm.id = p.mentor_id "
	    "JOIN employee em ON em.id = nm.employee_id "
	    "JOIN enrolment ne ON ne.id = p.mentee_id "
	    "JOIN employee ee ON ee.id = ne.employee_id "
	    "ORDER BY w.mm, w.me, w.id" },
	[STMT_WATCH_COUNT] = { "i",
	    "SELECT count(*) FROM (" WATCH_RISKY ") k" },
	/*
	 * One page of a list, cut by the
	 * statement (filters, keyset and LIMIT), not by the front-end.  The
	 * cursor is the last row's id, whose sort key the statement reads.
	 * The columns are those of the whole list's statement, then the id.
	 */
	[STMT_PAIR_PAGE] = { "tttttiitttti" "t" "i",
	    PAIR_COLUMNS ", p.id " PAIR_FROM PAIR_PAGE_WHERE
	    "AND (?6 = 0 OR (p.mentor_matricule, p.mentee_matricule, p.id) > "
	    "(SELECT x.mentor_matricule, x.mentee_matricule, x.id FROM pair x "
	    "WHERE x.id = ?6)) "
	    /*
	     * ?8: the rows before a numbered page.  The matricules kept
	     * in the pair are its members' (pair_order): the page is
	     * read in its order, not sorted after joining every pair.
	     */
	    "ORDER BY p.mentor_matricule, p.mentee_matricule, p.id "
	    "LIMIT ?7 OFFSET ?8" },
	[STMT_ENROLMENT_PAGE] = { "ttttttttiiiitttti",
	    "SELECT e.matricule, e.first_name, e.last_name, g.code, n.role, "
	    "COALESCE((SELECT group_concat(x, ',') FROM (SELECT t.code || '=' "
	    "|| et.level || CASE WHEN n.role = 'mentee' THEN ':' || "
	    "et.interest ELSE '' END AS x FROM enrolment_topic et "
	    "JOIN topic t ON t.id = et.topic_id WHERE et.enrolment_id = n.id "
	    "ORDER BY t.id)), ''), n.languages, n.site, n.remote, "
	    "n.availability, n.capacity, n.charter_version, n.optin, "
	    "COALESCE(n.optin_ref, ''), n.enrolled_at, "
	    "COALESCE(n.withdrawn_at, ''), n.id FROM enrolment n "
	    "JOIN employee e ON e.id = n.employee_id "
	    "LEFT JOIN generation g ON e.birth_year BETWEEN "
	    "COALESCE(g.first_year, 0) AND COALESCE(g.last_year, 9999) "
	    "WHERE n.programme_id = ?1 AND (?2 OR n.withdrawn_at IS NULL) "
	    "AND (?3 IS NULL OR n.employee_id = ?3) "
	    "AND (?4 = '' OR n.role = ?4) AND (?5 = '' OR n.site = ?5) "
	    "AND (?6 = '' OR COALESCE(g.code, '') = ?6) "
	    "AND (?7 = '' OR lower(e.last_name || ' ' || e.first_name || ' ' "
	    "|| e.matricule) LIKE ?8 ESCAPE '!') "
	    "AND (?9 = 0 OR (n.role, n.matricule, n.id) > "
	    "(SELECT xn.role, xn.matricule, xn.id FROM enrolment xn "
	    "WHERE xn.id = ?9)) "
	    /* The matricule kept in the enrolment (enrolment_order). */
	    "ORDER BY n.role, n.matricule, n.id LIMIT ?10" },
	[STMT_SESSION_PAGE] = { "ittttitittit",
	    SESSION_COLUMNS SESSION_FROM SESSION_PAGE_WHERE
	    "AND (?6 = 0 OR (s.start_at, s.id) > (SELECT x.start_at, x.id "
	    "FROM session x WHERE x.id = ?6)) "
	    "ORDER BY s.start_at, s.id LIMIT ?7 OFFSET ?8" },
	/* The audit log, newest first: an act or a family of acts, days. */
	[STMT_AUDIT_PAGE] = { "ittttttt",
	    "SELECT id, at, actor, action, object, detail, prev, hash "
	    "FROM audit WHERE (?1 = '' OR action = ?1 OR action LIKE ?2 "
	    "ESCAPE '!') AND (?3 = '' OR at >= ?3) AND (?4 = '' OR at < ?4) "
	    "AND (?5 = 0 OR id < ?5) ORDER BY id DESC LIMIT ?6" },
	/* The naming agreements in the person's export (privacy.c): who
	 * agreed, for which pair, and the attestations that name them. */
	[STMT_PRIV_EXPORT_NAMING] = { "iit",
	    "SELECT CASE WHEN mentor_id = ?1 THEN 1 ELSE 0 END, "
	    "CASE WHEN side = 'mentor' THEN 1 ELSE 0 END, at "
	    "FROM attestation_consent WHERE mentor_id = ?1 OR mentee_id = ?1 "
	    "ORDER BY mentor_id, mentee_id, side" },
	[STMT_PRIV_EXPORT_NAMED] = { "tt",
	    "SELECT a.code, a.issued_at FROM attestation_named n "
	    "JOIN attestation a ON a.id = n.attestation_id "
	    "WHERE n.mentee_id = ? ORDER BY a.id" },
	/*
	 * The rows a page's filters keep, for the
	 * programme page's numbered pages.
	 */
	/*
	 * The pairs' members are read only for the filters that name
	 * them: counting every pair joined to its members and their rows
	 * in the roster took 20 ms at 100,000 employees.
	 */
	[STMT_PAIR_PAGE_COUNT] = { "i",
	    "SELECT count(*) FROM pair p WHERE p.programme_id = ?1 "
	    "AND (?2 = 0 OR (p.state <> 'proposed' AND EXISTS (SELECT 1 "
	    "FROM enrolment n WHERE n.id IN (p.mentor_id, p.mentee_id) "
	    "AND n.employee_id = ?2))) "
	    "AND (?3 = '' OR CASE WHEN p.state = 'declined' AND "
	    "p.mentor_answer = 'accepted' AND p.mentee_answer = 'accepted' "
	    "THEN 'ended' ELSE p.state END = ?3) "
	    "AND (?4 = '' OR EXISTS (SELECT 1 FROM enrolment n "
	    "JOIN employee e ON e.id = n.employee_id "
	    "WHERE n.id IN (p.mentor_id, p.mentee_id) AND "
	    "lower(e.first_name || ' ' || e.last_name) LIKE ?5 ESCAPE '!'))" },
	[STMT_SESSION_PAGE_COUNT] = { "i",
	    "SELECT count(*) " SESSION_FROM SESSION_PAGE_WHERE },
	/* The same for every member (?2 0): the session rows alone, by
	 * session_risk; ?2 state, ?3 and ?4 the starts kept. */
	[STMT_SESSION_COUNT_ALL] = { "i",
	    "SELECT count(*) FROM session s WHERE s.programme_id = ?1 "
	    "AND (?2 = '' OR s.state = ?2) AND (?3 = '' OR s.start_at >= ?3) "
	    "AND (?4 = '' OR s.start_at < ?4)" },
	/* The sign-in throttles shared by the servers (signin_limit.c):
	 * the hits past their window, those in it, the one whose end lets
	 * the key under its limit again, a new one. */
	[STMT_LIMIT_PURGE] = { "",
	    "DELETE FROM signin_hit WHERE kind = ? AND at <= ?" },
	[STMT_LIMIT_COUNT] = { "i",
	    "SELECT count(*) FROM signin_hit WHERE kind = ? AND hkey = ? "
	    "AND at > ?" },
	[STMT_LIMIT_NTH] = { "i",
	    "SELECT at FROM signin_hit WHERE kind = ? AND hkey = ? "
	    "AND at > ? ORDER BY at LIMIT 1 OFFSET ?" },
	[STMT_LIMIT_HIT] = { "",
	    "INSERT INTO signin_hit (kind, hkey, at) VALUES (?, ?, ?)" },
	[STMT_TALLY_CLEAR] = { "",
	    "DELETE FROM pair_tally WHERE pair_id IN (SELECT p.id FROM pair p "
	    "WHERE p.mentor_id IN (" TALLY_MENTORS("?1") "))" },
	[STMT_TALLY_FILL] = { "",
	    TALLY_INSERT TALLY_SELECT "WHERE p.programme_id = ?1 AND p.mentor_id "
	    "IN (" TALLY_MENTORS("?2") ") "
	    "GROUP BY p.id, p.programme_id) t" },
	[STMT_TALLY_CLEAR_ALL] = { "",
	    "DELETE FROM pair_tally WHERE programme_id = ?1" },
	[STMT_TALLY_FILL_ALL] = { "",
	    TALLY_INSERT TALLY_SELECT "WHERE p.programme_id = ?1 "
	    "GROUP BY p.id, p.programme_id) t" },
};

const char *
store_stmt_sql(enum stmt s)
{
	return s < STMT__MAX ? stmts[s].sql : NULL;
}

/* The table, for the PostgreSQL store (store_pg.c). */
static const char *
store_sql(enum stmt s, const char **cols)
{
	*cols = stmts[s].cols;
	return stmts[s].sql;
}

static const char *
column_text(sqlite3_stmt *stmt, int i)
{
	const char	*s = (const char *)sqlite3_column_text(stmt, i);

	return s != NULL ? s : "";
}

static enum tdm_err
store_err(int rc)
{
	switch (rc & 0xFF) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return TDM_OK;
	case SQLITE_NOMEM:
		return TDM_ENOMEM;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return TDM_EBUSY;
	case SQLITE_FULL:
		return TDM_EFULL;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return TDM_ECORRUPT;
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		return (rc & 0xFFFF) == SQLITE_IOERR_NOMEM ? TDM_ENOMEM :
		    TDM_EIO;
	case SQLITE_CONSTRAINT:
		return TDM_EINVAL;
	default:
		return TDM_EDB;
	}
}

/*
 * A failed call of the engine as a status, never TDM_OK.  An I/O error
 * says why through errno: a mapping refused for want of memory is out of
 * memory, a write refused for want of room is a full disk.
 */
static enum tdm_err
db_failure(sqlite3 *db, int rc)
{
	enum tdm_err	 err = store_err(rc);

	if (err == TDM_EIO && db != NULL) {
		switch (sqlite3_system_errno(db)) {
		case ENOMEM:
			return TDM_ENOMEM;
		case ENOSPC:
		case EDQUOT:
			return TDM_EFULL;
		}
	}
	return err == TDM_OK ? TDM_EDB : err;
}

static sqlite3_stmt *
store_stmt(struct tdm_store *st, enum stmt s)
{
	sqlite3_stmt	*stmt = st->stmt[s];

	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return stmt;
}

static enum tdm_err
run(struct tdm_store *st, enum stmt s)
{
	int	 rc;

	rc = sqlite3_step(st->stmt[s]);
	sqlite3_reset(st->stmt[s]);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? TDM_OK :
	    db_failure(st->db, rc);
}

/*
 * SQLite lets one connection write at a time and makes the others retry
 * in its busy handler, with no order among them.  The connections of one
 * process (the server's worker threads) queue on this mutex instead, for
 * a transaction or a lone write: each waits its turn rather than sleeping
 * and retrying while its clients wait.  Other processes still meet the
 * busy handler.
 */
static pthread_mutex_t	 writer = PTHREAD_MUTEX_INITIALIZER;

static void
writer_release(struct tdm_store *st)
{
	if (st->writing) {
		st->writing = 0;
		pthread_mutex_unlock(&writer);
	}
}


enum tdm_err
store_begin(struct tdm_store *st)
{
	enum tdm_err	 err;

	pthread_mutex_lock(&writer);
	st->writing = 1;
	if (st->pg != NULL) {
		if ((err = pg_begin(st->pg)) != TDM_OK)
			writer_release(st);
		return err;
	}
	store_stmt(st, STMT_BEGIN);
	if ((err = run(st, STMT_BEGIN)) != TDM_OK)
		writer_release(st);
	return err;
}

enum tdm_err
store_commit(struct tdm_store *st)
{
	enum tdm_err	 err;

	if (st->pg != NULL) {
		err = pg_commit(st->pg);
		if (!pg_in_transaction(st->pg))
			writer_release(st);
		return err;
	}
	store_stmt(st, STMT_COMMIT);
	err = run(st, STMT_COMMIT);
	/* A failed COMMIT may leave the transaction open: the caller's
	 * rollback releases then. */
	if (sqlite3_get_autocommit(st->db))
		writer_release(st);
	return err;
}

enum tdm_err
store_batch_begin(struct tdm_store *st)
{
	assert(st->writing);
	return st->pg != NULL ? pg_batch_begin(st->pg) : TDM_OK;
}

enum tdm_err
store_batch_end(struct tdm_store *st)
{
	return st->pg != NULL ? pg_batch_end(st->pg) : TDM_OK;
}

void
store_rollback(struct tdm_store *st)
{
	if (st->pg != NULL)
		pg_rollback(st->pg);
	/* A store whose database never opened has nothing to roll back. */
	if (st->db != NULL && !sqlite3_get_autocommit(st->db)) {
		store_stmt(st, STMT_ROLLBACK);
		(void)run(st, STMT_ROLLBACK);
	}
	/* The rollback put back the audit log's guard, if it was lifted. */
	free(st->guard);
	st->guard = NULL;
	writer_release(st);
}


int64_t
store_statements(const struct tdm_store *st)
{
	return st->started;
}

struct query
query_start(struct tdm_store *st, enum stmt s)
{
	struct query	 q = { .st = st, .s = s };

	st->started++;
	q.ncols = (int)strlen(stmts[s].cols);
	if (st->pg != NULL) {
		pg_reset(st->pg, s);
		return q;
	}
	sqlite3_reset(st->stmt[s]);
	sqlite3_clear_bindings(st->stmt[s]);
	q.ncols = (int)strlen(stmts[s].cols);
	return q;
}

/* Record a failed bind; the step will not run. */
static void
bound(struct query *q, int rc)
{
	if (q->st->pg != NULL)
		return;
	assert(q->bind <= sqlite3_bind_parameter_count(q->st->stmt[q->s]));
	if (rc != SQLITE_OK && q->err == TDM_OK)
		q->err = db_failure(q->st->db, rc);
}

/* A bind on PostgreSQL, its failure recorded as bound() does. */
static int
pg_bound(struct query *q, enum tdm_err err)
{
	assert(q->bind <= pg_nparams(q->st->pg, q->s));
	if (err != TDM_OK && q->err == TDM_OK)
		q->err = err;
	return 1;
}

void
bind_int(struct query *q, int64_t v)
{
	if (q->st->pg != NULL && pg_bound(q, pg_bind_int(q->st->pg, q->s,
	    ++q->bind, v)))
		return;
	bound(q, sqlite3_bind_int64(q->st->stmt[q->s], ++q->bind, v));
}

void
bind_real(struct query *q, double v)
{
	if (q->st->pg != NULL && pg_bound(q, pg_bind_real(q->st->pg, q->s,
	    ++q->bind, v)))
		return;
	bound(q, sqlite3_bind_double(q->st->stmt[q->s], ++q->bind, v));
}

/*
 * The length of the valid UTF-8 sequence at p (1 to 4, within avail
 * bytes), or 0 if the bytes there are not one: overlong forms,
 * surrogates and values past U+10FFFF are not.
 */
static size_t
utf8_seq(const unsigned char *p, size_t avail)
{
	size_t		 n, i;
	uint32_t	 c;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		n = 2;
		c = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		n = 3;
		c = p[0] & 0x0F;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		n = 4;
		c = p[0] & 0x07;
	} else
		return 0;
	if (n > avail)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	return n;
}

int
tdm_utf8_valid(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*end = p + len;
	size_t			 n;

	while (p < end) {
		if ((n = utf8_seq(p, (size_t)(end - p))) == 0)
			return 0;
		p += n;
	}
	return 1;
}

/*
 * Text that is not UTF-8 never enters the store, whatever the front-end
 * (issue 17): the statement fails as invalid input and its act rolls
 * back.
 */
static int
text_ok(struct query *q, const char *v, size_t len)
{
	if (tdm_utf8_valid(v, len))
		return 1;
	++q->bind;
	if (q->err == TDM_OK)
		q->err = TDM_EINVAL;
	return 0;
}

void
bind_text(struct query *q, const char *v)
{
	if (v != NULL && !text_ok(q, v, strlen(v)))
		return;
	if (q->st->pg != NULL && pg_bound(q, pg_bind_data(q->st->pg, q->s,
	    ++q->bind, v, v ? strlen(v) : 0, 0)))
		return;
	bound(q, v == NULL ? sqlite3_bind_null(q->st->stmt[q->s], ++q->bind) :
	    sqlite3_bind_text(q->st->stmt[q->s], ++q->bind, v, -1,
	    SQLITE_STATIC));
}

void
bind_textn(struct query *q, const char *v, size_t len)
{
	if (!text_ok(q, v, len))
		return;
	if (q->st->pg != NULL && pg_bound(q, pg_bind_data(q->st->pg, q->s,
	    ++q->bind, v, len, 0)))
		return;
	bound(q, len > INT_MAX ? SQLITE_TOOBIG :
	    sqlite3_bind_text(q->st->stmt[q->s], ++q->bind, v, (int)len,
	    SQLITE_STATIC));
}

void
bind_blob(struct query *q, const void *v, size_t len)
{
	if (q->st->pg != NULL && pg_bound(q, pg_bind_data(q->st->pg, q->s,
	    ++q->bind, v ? v : "", len, 1)))
		return;
	bound(q, len > INT_MAX ? SQLITE_TOOBIG :
	    sqlite3_bind_blob(q->st->stmt[q->s], ++q->bind, v, (int)len,
	    SQLITE_STATIC));
}

void
bind_null(struct query *q)
{
	if (q->st->pg != NULL && pg_bound(q, pg_bind_null(q->st->pg, q->s,
	    ++q->bind)))
		return;
	bound(q, sqlite3_bind_null(q->st->stmt[q->s], ++q->bind));
}

/* A row is read whole or not at all: a column added breaks its reader. */
static void
row_read(const struct query *q)
{
	assert(q->col == 0 || q->col == q->ncols);
	(void)q;
}

int
query_row(struct query *q)
{
	sqlite3_stmt	*stmt = q->st->stmt[q->s];
	enum tdm_err	 err;
	int		 rc;

	row_read(q);
	if (q->st->pg != NULL) {
		assert(q->bind == pg_nparams(q->st->pg, q->s));
		q->col = 0;
		if (q->err != TDM_OK)
			return 0;
		rc = pg_step(q->st->pg, q->s, &err);
		if (err != TDM_OK)
			q->err = err;
		return rc;
	}
	assert(q->bind == sqlite3_bind_parameter_count(stmt));
	q->col = 0;
	if (q->err != TDM_OK)
		return 0;
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		q->err = db_failure(q->st->db, rc);
	return 0;
}

/* The next column, checked against what stmts[] declares. */
static int
column(struct query *q, char type)
{
	char	 declared;

	assert(q->col < q->ncols);
	declared = stmts[q->s].cols[q->col];
	assert(declared == type || declared == '*' || type == '*');
	(void)declared;
	return q->col++;
}

int64_t
col_int(struct query *q)
{
	if (q->st->pg != NULL)
		return pg_col_int(q->st->pg, q->s, column(q, 'i'));
	return sqlite3_column_int64(q->st->stmt[q->s], column(q, 'i'));
}

double
col_real(struct query *q)
{
	if (q->st->pg != NULL)
		return pg_col_real(q->st->pg, q->s, column(q, 'r'));
	return sqlite3_column_double(q->st->stmt[q->s], column(q, 'r'));
}

const char *
col_textz(struct query *q)
{
	if (q->st->pg != NULL)
		return pg_col_text(q->st->pg, q->s, column(q, 't'));
	return (const char *)sqlite3_column_text(q->st->stmt[q->s],
	    column(q, 't'));
}

const char *
col_text(struct query *q)
{
	const char	*s = col_textz(q);

	return s != NULL ? s : "";
}

const void *
col_blob(struct query *q, size_t *len)
{
	sqlite3_stmt	*stmt = q->st->stmt[q->s];
	int		 i = column(q, 'b');
	const void	*p;

	if (q->st->pg != NULL)
		return pg_col_blob(q->st->pg, q->s, i, len);
	p = sqlite3_column_blob(stmt, i);

	*len = (size_t)sqlite3_column_bytes(stmt, i);
	return p;
}

int
col_isnull(const struct query *q)
{
	assert(q->col < q->ncols);
	if (q->st->pg != NULL)
		return pg_col_isnull(q->st->pg, q->s, q->col);
	return sqlite3_column_type(q->st->stmt[q->s], q->col) == SQLITE_NULL;
}

void
col_skip(struct query *q)
{
	(void)column(q, '*');
}

enum tdm_err
query_end(struct query *q)
{
	row_read(q);
	q->col = 0;
	if (q->st->pg != NULL)
		pg_reset(q->st->pg, q->s);
	else
		sqlite3_reset(q->st->stmt[q->s]);
	return q->err;
}

enum tdm_err
query_ids(struct query *q, int64_t **ids, size_t *n)
{
	int64_t		*v = NULL, *nv;
	size_t		 cap = 0, k = 0;
	enum tdm_err	 err = TDM_OK, qerr;
	int		 c;

	while (query_row(q)) {
		if (k == cap) {
			cap = cap ? cap * 2 : 16;
			if ((nv = reallocarray(v, cap, sizeof(*v))) == NULL) {
				err = TDM_ENOMEM;
				for (c = 0; c < q->ncols; c++)
					col_skip(q);
				break;
			}
			v = nv;
		}
		v[k++] = col_int(q);
		for (c = 1; c < q->ncols; c++)
			col_skip(q);
	}
	qerr = query_end(q);
	if (err == TDM_OK)
		err = qerr;
	if (err != TDM_OK) {
		free(v);
		v = NULL;
		k = 0;
	}
	*ids = v;
	*n = k;
	return err;
}

enum tdm_err
query_exec(struct query *q)
{
	struct tdm_store	*st = q->st;
	sqlite3_stmt		*stmt = st->stmt[q->s];
	int			 lock, rc;

	if (st->pg != NULL) {
		assert(q->bind == pg_nparams(st->pg, q->s));
		if (q->err == TDM_OK)
			q->err = pg_exec(st->pg, q->s);
		else
			pg_reset(st->pg, q->s);
		return q->err;
	}
	assert(q->bind == sqlite3_bind_parameter_count(stmt));
	if (q->err != TDM_OK)
		return query_end(q);
	lock = !st->writing && sqlite3_get_autocommit(st->db) &&
	    !sqlite3_stmt_readonly(stmt);
	if (lock)
		pthread_mutex_lock(&writer);
	rc = sqlite3_step(stmt);
	sqlite3_reset(stmt);
	if (lock)
		pthread_mutex_unlock(&writer);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		q->err = db_failure(q->st->db, rc);
	return q->err;
}

int64_t
store_changes(struct tdm_store *st)
{
	if (st->pg != NULL)
		return pg_changes(st->pg);
	return sqlite3_changes64(st->db);
}

int64_t
store_last_id(struct tdm_store *st)
{
	if (st->pg != NULL)
		return pg_last_id(st->pg);
	return sqlite3_last_insert_rowid(st->db);
}

/*
 * Upkeep and the audit log's guard: the engine's own operations that
 * privacy.c and audit.c ask for by name (db.h).  Their SQL is fixed
 * here; none is built from input.
 */

int64_t
store_total_changes(struct tdm_store *st)
{
	if (st->pg != NULL)
		return pg_total_changes(st->pg);
	return sqlite3_total_changes64(st->db);
}

const char *
store_errmsg(struct tdm_store *st)
{
	if (st->pg != NULL)
		return pg_errmsg(st->pg);
	return sqlite3_errmsg(st->db);
}

enum tdm_err
store_vacuum(struct tdm_store *st)
{
	int	 rc;

	if (st->pg != NULL)
		return pg_vacuum(st->pg);
	rc = sqlite3_exec(st->db, "VACUUM", NULL, NULL, NULL);
	return rc == SQLITE_OK ? TDM_OK : db_failure(st->db, rc);
}

enum tdm_err
store_checkpoint(struct tdm_store *st, int *emptied)
{
	sqlite3_stmt	*s;
	int		 rc;

	*emptied = 0;
	if (st->pg != NULL)
		return pg_checkpoint(st->pg, emptied);
	if ((rc = sqlite3_prepare_v2(st->db, "PRAGMA wal_checkpoint(TRUNCATE)",
	    -1, &s, NULL)) != SQLITE_OK)
		return db_failure(st->db, rc);
	/* Its first column is 1 when a reader kept the log from emptying. */
	if (sqlite3_step(s) == SQLITE_ROW)
		*emptied = sqlite3_column_int(s, 0) == 0;
	sqlite3_finalize(s);
	return TDM_OK;
}

enum tdm_err
store_sync(struct tdm_store *st, int on)
{
	int	 rc, emptied;

	if (st->pg != NULL)
		return pg_sync(st->pg, on);
	/* NORMAL, not OFF: in WAL mode the file stays whole either way. */
	if ((rc = sqlite3_exec(st->db, on ? "PRAGMA synchronous = FULL" :
	    "PRAGMA synchronous = NORMAL", NULL, NULL, NULL)) != SQLITE_OK)
		return db_failure(st->db, rc);
	/* The commits made meanwhile are in the log, not yet on the disk. */
	return on ? store_checkpoint(st, &emptied) : TDM_OK;
}

enum tdm_err
store_backup(struct tdm_store *st, const char *path, struct tdm_diags *d)
{
	sqlite3		*dst = NULL;
	sqlite3_backup	*bk;
	enum tdm_err	 err = TDM_OK;
	int		 fd, rc;

	/* Created 0600 first (never over a file): a copy of everyone's
	 * data is nobody else's to read, whatever the umask. */
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1) {
		tdm_diag_add(d, path, 0, 0, "cannot create the backup: %s",
		    tdm_errno_text(errno));
		return errno == EEXIST ? TDM_EEXIST : errno == ENOSPC ?
		    TDM_EFULL : TDM_EIO;
	}
	close(fd);
	if (st->pg != NULL)
		return pg_backup(st->pg, path, d);
	if ((rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL)) !=
	    SQLITE_OK) {
		tdm_diag_add(d, path, 0, 0, "cannot create the backup: %s",
		    dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
		err = TDM_EIO;
		goto out;
	}
	if ((bk = sqlite3_backup_init(dst, "main", st->db, "main")) == NULL) {
		tdm_diag_add(d, path, 0, 0, "cannot back up: %s",
		    sqlite3_errmsg(dst));
		err = TDM_EDB;
		goto out;
	}
	/*
	 * One step copies every page inside one read transaction of the
	 * source: a consistent snapshot, whatever others write meanwhile.
	 */
	do {
		rc = sqlite3_backup_step(bk, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY ||
	    rc == SQLITE_LOCKED);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		tdm_diag_add(d, path, 0, 0, "the backup failed: %s",
		    sqlite3_errstr(rc));
		err = db_failure(st->db, rc);
	}
out:
	sqlite3_close(dst);
	return err;
}

enum tdm_err
store_check(struct tdm_store *st,
    void (*fn)(void *, const char *area, const char *problem), void *arg)
{
	sqlite3_stmt	*s;
	char		 msg[512];
	int		 rc;

	if (st->pg != NULL)
		return pg_check(st->pg, fn, arg);
	if ((rc = sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1,
	    &s, NULL)) != SQLITE_OK)
		return db_failure(st->db, rc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (strcmp(column_text(s, 0), "ok") != 0)
			fn(arg, "integrity", column_text(s, 0));
	sqlite3_finalize(s);
	/* A check that cannot read on is a problem found, not the end. */
	if (rc != SQLITE_DONE)
		fn(arg, "integrity", sqlite3_errmsg(st->db));
	if ((rc = sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1,
	    &s, NULL)) != SQLITE_OK)
		return db_failure(st->db, rc);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		snprintf(msg, sizeof(msg), "%s row %lld refers to a missing %s",
		    column_text(s, 0), (long long)sqlite3_column_int64(s, 1),
		    column_text(s, 2));
		fn(arg, "foreign key", msg);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		fn(arg, "foreign key", sqlite3_errmsg(st->db));
	return TDM_OK;
}

/*
 * The trigger that refuses updates of the audit log, as the schema
 * wrote it: kept while it is lifted, to be created again from the same
 * text.
 */
enum tdm_err
store_audit_unguard(struct tdm_store *st)
{
	sqlite3_stmt	*s;
	int		 rc;

	if (st->pg != NULL)
		return pg_audit_guard(st->pg, 0);
	if (st->guard != NULL)
		return TDM_OK;
	if ((rc = sqlite3_prepare_v2(st->db, "SELECT sql FROM sqlite_master "
	    "WHERE type = 'trigger' AND name = 'audit_no_update'", -1, &s,
	    NULL)) != SQLITE_OK)
		return db_failure(st->db, rc);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW &&
	    (st->guard = strdup(column_text(s, 0))) == NULL)
		rc = SQLITE_NOMEM;
	sqlite3_finalize(s);
	if (rc == SQLITE_DONE)
		return TDM_OK;	/* no guard to lift: tampered with */
	if (rc != SQLITE_ROW)
		return db_failure(st->db, rc);
	if ((rc = sqlite3_exec(st->db, "DROP TRIGGER audit_no_update", NULL,
	    NULL, NULL)) != SQLITE_OK) {
		free(st->guard);
		st->guard = NULL;
		return db_failure(st->db, rc);
	}
	return TDM_OK;
}

int
store_writing(const struct tdm_store *st)
{
	return st->writing;
}

enum tdm_err
store_audit_guard(struct tdm_store *st)
{
	int	 rc;

	if (st->pg != NULL)
		return pg_audit_guard(st->pg, 1);
	if (st->guard == NULL)
		return TDM_OK;
	rc = sqlite3_exec(st->db, st->guard, NULL, NULL, NULL);
	free(st->guard);
	st->guard = NULL;
	return rc == SQLITE_OK ? TDM_OK : db_failure(st->db, rc);
}

void
tdm_store_set_now(struct tdm_store *st, time_t t)
{
	st->now = t;
}

time_t
tdm_store_now(const struct tdm_store *st)
{
	return st->now ? st->now : time(NULL);
}

void
store_today(const struct tdm_store *st, int *y, int *m, int *d)
{
	time_t		 t = tdm_store_now(st);
	struct tm	 tm;

	gmtime_r(&t, &tm);
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
}

void
store_timestamp(const struct tdm_store *st, char buf[TIMESTAMP_SIZE])
{
	time_t		 t = tdm_store_now(st);
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(buf, TIMESTAMP_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm);
}


int
tdm_schema_version(void)
{
	return (int)tdm_nmigrations;
}

int
tdm_store_remote(const struct tdm_store *st)
{
	return st->pg != NULL;
}

int
tdm_store_version(const struct tdm_store *st)
{
	return st->version;
}

static int
pragma_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if ((rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL)) != SQLITE_OK)
		return rc;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(stmt, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return rc;
}

/* PRAGMA foreign_key_check's rows: each one a broken reference. */
static int
fk_broken(void *arg, int ncols, char **vals, char **names)
{
	*(int *)arg = 1;
	return 0;
}

/*
 * Bring the schema from version st->version to the current one in one
 * transaction: a failed migration leaves the database as it was.
 */
static enum tdm_err
migrate(struct tdm_store *st, const char *path, struct tdm_diags *diags)
{
	char	 sql[64];
	char	*msg = NULL;
	size_t	 v;
	int	 rc, broken = 0;

	/*
	 * Foreign keys are off while migrating and checked before the
	 * commit: a migration that rebuilds a table others refer to
	 * (012, enrolment) drops the old one, which SQLite refuses with
	 * them on, and the pragma does nothing inside a transaction.
	 */
	if (sqlite3_exec(st->db, "PRAGMA foreign_keys = OFF", NULL, NULL,
	    &msg) != SQLITE_OK ||
	    sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, &msg) !=
	    SQLITE_OK)
		goto fail;
	for (v = (size_t)st->version; v < tdm_nmigrations; v++)
		if (sqlite3_exec(st->db, tdm_migrations[v], NULL, NULL, &msg) !=
		    SQLITE_OK)
			goto fail;
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %zu",
	    tdm_nmigrations);
	if (sqlite3_exec(st->db, "PRAGMA foreign_key_check", fk_broken,
	    &broken, &msg) != SQLITE_OK)
		goto fail;
	if (broken) {
		msg = sqlite3_mprintf("a row refers to one that is not there");
		goto fail;
	}
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_exec(st->db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK)
		goto fail;
	st->version = (int)tdm_nmigrations;
	return sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL,
	    NULL) == SQLITE_OK ? TDM_OK : db_failure(st->db,
	    sqlite3_errcode(st->db));
fail:
	rc = broken ? SQLITE_CONSTRAINT : sqlite3_errcode(st->db);
	tdm_diag_add(diags, path, 0, 0, "upgrading the schema from version "
	    "%d to %zu failed: %s", st->version, tdm_nmigrations,
	    msg ? msg : sqlite3_errmsg(st->db));
	sqlite3_free(msg);
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_exec(st->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	return broken ? TDM_EDB : db_failure(st->db, rc);
}

static enum tdm_err
prepare_all(struct tdm_store *st, const char *path, struct tdm_diags *diags)
{
	size_t	 i;
	int	 rc;

	for (i = 0; i < STMT__MAX; i++) {
		rc = sqlite3_prepare_v3(st->db, stmts[i].sql, -1,
		    SQLITE_PREPARE_PERSISTENT, &st->stmt[i], NULL);
		if (rc != SQLITE_OK) {
			tdm_diag_add(diags, path, 0, 0, "statement %zu: %s",
			    i, sqlite3_errmsg(st->db));
			return db_failure(st->db, rc);
		}
		/* A shape that disagrees with the SQL is a bug: say so at
		 * once, in the first test, not in a reader. */
		if (sqlite3_column_count(st->stmt[i]) !=
		    (int)strlen(stmts[i].cols)) {
			tdm_diag_add(diags, path, 0, 0, "statement %zu: %d "
			    "columns, declared %zu", i,
			    sqlite3_column_count(st->stmt[i]),
			    strlen(stmts[i].cols));
			return TDM_EDB;
		}
	}
	return TDM_OK;
}

/* Whether SQLite takes path as a file's name (not memory, not a URI). */
static int
names_a_file(const char *path)
{
	return *path != '\0' && strcmp(path, ":memory:") != 0 &&
	    strncmp(path, "file:", 5) != 0;
}

enum tdm_err
tdm_store_open(const char *path, enum tdm_open_mode mode,
    struct tdm_store **out, struct tdm_diags *diags)
{
	struct tdm_store	*st;
	enum tdm_err		 err;
	int			 fd, flags, rc;

	*out = NULL;
	if (pg_names(path)) {
		if (sodium_init() < 0)
			return TDM_ENOMEM;
		if ((st = calloc(1, sizeof(*st))) == NULL)
			return TDM_ENOMEM;
		if ((err = pg_open(path, mode, store_sql, &st->pg, &st->version,
		    diags)) != TDM_OK) {
			free(st);
			return err;
		}
		*out = st;
		return TDM_OK;
	}
	if (mode == TDM_OPEN_EXISTING && access(path, F_OK) == -1) {
		tdm_diag_add(diags, path, 0, 0, "no database here; create "
		    "it with \"tandem init\"");
		return TDM_ENOENT;
	}
	/* The audit log hashes with libsodium; safe to call again. */
	if (sodium_init() < 0)
		return TDM_ENOMEM;
	if ((st = calloc(1, sizeof(*st))) == NULL)
		return TDM_ENOMEM;
	flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	if (mode == TDM_OPEN_INIT)
		flags |= SQLITE_OPEN_CREATE;
	/*
	 * A new database is created 0600, whatever the umask; SQLite gives
	 * its WAL and shared-memory files the database file's mode.  Not
	 * for a name that is no file's: ":memory:" (an empty file of that
	 * name was left in the working directory), a "file:" URI, whose
	 * file is the URI's path and not its text.
	 */
	if (mode == TDM_OPEN_INIT && names_a_file(path) &&
	    access(path, F_OK) == -1 &&
	    (fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) != -1)
		close(fd);
	if ((rc = sqlite3_open_v2(path, &st->db, flags, NULL)) != SQLITE_OK) {
		err = rc == SQLITE_NOMEM ? TDM_ENOMEM :
		    db_failure(st->db, rc) == TDM_ENOMEM ? TDM_ENOMEM : TDM_EIO;
		tdm_diag_add(diags, path, 0, 0, "cannot open the database: %s",
		    err == TDM_ENOMEM ? tdm_strerror(err) : st->db ?
		    sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);
	if ((rc = pragma_int(st->db, "PRAGMA user_version", &st->version)) !=
	    SQLITE_OK ||
	    /*
	     * synchronous = FULL: in WAL mode every commit syncs the log
	     * before it returns, so that an acknowledged write (an API
	     * answer, a command's "done") survives a power cut, not only a
	     * killed process (issue 17; the cost in bench/README.md).
	     */
	    (rc = sqlite3_exec(st->db, "PRAGMA journal_mode = WAL; "
	    "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; "
	    "PRAGMA cache_size = -65536; PRAGMA secure_delete = ON",
	    NULL, NULL, NULL)) != SQLITE_OK) {
		/* Memory, room or a lock that failed are said as such: the
		 * file may well be a good database. */
		err = db_failure(st->db, rc);
		if (err == TDM_ENOMEM || err == TDM_EFULL || err == TDM_EBUSY)
			tdm_diag_add(diags, path, 0, 0, "cannot open the "
			    "database: %s", tdm_strerror(err));
		else
			tdm_diag_add(diags, path, 0, 0, "not a usable "
			    "database: %s", sqlite3_errmsg(st->db));
		goto fail;
	}
	if (st->version > (int)tdm_nmigrations) {
		tdm_diag_add(diags, path, 0, 0, "the database is at schema "
		    "version %d, newer than this program's %zu",
		    st->version, tdm_nmigrations);
		err = TDM_EVERSION;
		goto fail;
	}
	if (st->version < (int)tdm_nmigrations) {
		if (mode != TDM_OPEN_INIT) {
			tdm_diag_add(diags, path, 0, 0, "the database is at "
			    "schema version %d; upgrade it to %zu with "
			    "\"tandem init\"", st->version, tdm_nmigrations);
			err = TDM_ESTATE;
			goto fail;
		}
		if ((err = migrate(st, path, diags)) != TDM_OK)
			goto fail;
	}
	if ((err = prepare_all(st, path, diags)) != TDM_OK)
		goto fail;
	*out = st;
	return TDM_OK;
fail:
	tdm_store_close(st);
	return err;
}

void
tdm_store_close(struct tdm_store *st)
{
	size_t	 i;

	if (st == NULL)
		return;
	store_rollback(st);
	if (st->pg != NULL) {
		pg_close(st->pg);
		free(st);
		return;
	}
	for (i = 0; i < STMT__MAX; i++)
		sqlite3_finalize(st->stmt[i]);
	sqlite3_close(st->db);
	free(st->guard);
	free(st);
}

void
tdm_store_rest(struct tdm_store *st)
{
	sqlite3_stmt	*s;

	if (st->pg != NULL) {
		pg_rest(st->pg);
		writer_release(st);
		return;
	}
	for (s = sqlite3_next_stmt(st->db, NULL); s != NULL;
	    s = sqlite3_next_stmt(st->db, s))
		if (sqlite3_stmt_busy(s))
			sqlite3_reset(s);
	if (!sqlite3_get_autocommit(st->db) || st->writing)
		store_rollback(st);
}

/* --- tandem migrate --to: the SQLite side of the copy (issue 18) ----- */

/* The most columns and tables a copy handles; the schema has far less. */
#define COPY_MAXCOLS	64
#define COPY_MAXTABLES	256

/* A table of the source, with the tables its foreign keys name. */
struct copy_table {
	char	*name;
	char	*parents;	/* "\ta\tb\t": each parent between tabs */
	int	 done;
};

/* One value in COPY's text form: \N, or the bytes with \ escapes. */
static void
copy_value(struct tdm_buf *b, sqlite3_stmt *s, int i, int bytea)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p;
	char		 num[32];
	int		 n, k;

	switch (sqlite3_column_type(s, i)) {
	case SQLITE_NULL:
		tdm_buf_adds(b, "\\N");
		return;
	case SQLITE_INTEGER:
		if (!bytea) {
			snprintf(num, sizeof(num), "%lld",
			    (long long)sqlite3_column_int64(s, i));
			tdm_buf_adds(b, num);
			return;
		}
		break;
	case SQLITE_FLOAT:
		if (!bytea) {
			/* 17 digits: the same double on the other side. */
			snprintf(num, sizeof(num), "%.17g",
			    sqlite3_column_double(s, i));
			tdm_buf_adds(b, num);
			return;
		}
		break;
	default:
		break;
	}
	if (bytea) {
		/* bytea's hex form, its backslash doubled for COPY. */
		p = sqlite3_column_blob(s, i);
		n = sqlite3_column_bytes(s, i);
		tdm_buf_adds(b, "\\\\x");
		for (k = 0; k < n && p != NULL; k++) {
			tdm_buf_addch(b, hex[p[k] >> 4]);
			tdm_buf_addch(b, hex[p[k] & 15]);
		}
		return;
	}
	p = sqlite3_column_text(s, i);
	n = sqlite3_column_bytes(s, i);
	for (k = 0; k < n && p != NULL; k++)
		switch (p[k]) {
		case '\\':
			tdm_buf_adds(b, "\\\\");
			break;
		case '\t':
			tdm_buf_adds(b, "\\t");
			break;
		case '\n':
			tdm_buf_adds(b, "\\n");
			break;
		case '\r':
			tdm_buf_adds(b, "\\r");
			break;
		default:
			tdm_buf_addch(b, p[k]);
		}
}

/* The source's tables, each with its parents, in *v (*n of them). */
static enum tdm_err
copy_tables(struct tdm_store *st, struct copy_table *v, int *n)
{
	sqlite3_stmt	*s, *fk;
	struct tdm_buf	 b = TDM_BUF_INIT;
	enum tdm_err	 err = TDM_OK;
	int		 rc;

	*n = 0;
	if ((rc = sqlite3_prepare_v2(st->db, "SELECT name FROM sqlite_schema "
	    "WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
	    "ORDER BY name", -1, &s, NULL)) != SQLITE_OK)
		return db_failure(st->db, rc);
	if ((rc = sqlite3_prepare_v2(st->db, "SELECT \"table\" FROM "
	    "pragma_foreign_key_list(?1)", -1, &fk, NULL)) != SQLITE_OK) {
		sqlite3_finalize(s);
		return db_failure(st->db, rc);
	}
	while (err == TDM_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == COPY_MAXTABLES) {
			err = TDM_EINVAL;
			break;
		}
		tdm_buf_reset(&b);
		tdm_buf_addch(&b, '\t');
		sqlite3_reset(fk);
		sqlite3_bind_text(fk, 1, column_text(s, 0), -1,
		    SQLITE_TRANSIENT);
		while ((rc = sqlite3_step(fk)) == SQLITE_ROW)
			tdm_buf_addf(&b, "%s\t", column_text(fk, 0));
		if (rc != SQLITE_DONE)
			err = db_failure(st->db, rc);
		v[*n].name = strdup(column_text(s, 0));
		v[*n].parents = b.failed ? NULL : strdup(b.buf);
		v[*n].done = 0;
		if (v[(*n)++].name == NULL || v[*n - 1].parents == NULL)
			err = TDM_ENOMEM;
	}
	if (err == TDM_OK && rc != SQLITE_DONE)
		err = db_failure(st->db, rc);
	tdm_buf_release(&b);
	sqlite3_finalize(fk);
	sqlite3_finalize(s);
	return err;
}

/* Whether every table t names as parent (itself aside) is copied. */
static int
copy_ready(const struct copy_table *v, int n, int t)
{
	char	 key[300];
	int	 i;

	for (i = 0; i < n; i++) {
		if (i == t || v[i].done)
			continue;
		snprintf(key, sizeof(key), "\t%s\t", v[i].name);
		if (strstr(v[t].parents, key) != NULL)
			return 0;
	}
	return 1;
}

/* One table, every row, through COPY; *rows counts them. */
static enum tdm_err
copy_one(struct tdm_store *st, struct pg_store *pg, const char *table,
    int64_t *rows, struct tdm_diags *d)
{
	sqlite3_stmt	*s = NULL;
	struct tdm_buf	 b = TDM_BUF_INIT;
	char		*cols[COPY_MAXCOLS];
	int		 bytea[COPY_MAXCOLS], ncols = 0, i, rc;
	int64_t		 got, sent = 0;
	enum tdm_err	 err = TDM_OK;

	/* The columns, by name, in their order. */
	tdm_buf_addf(&b, "SELECT name FROM pragma_table_info('%s') "
	    "ORDER BY cid", table);
	if (b.failed || strchr(table, '\'') != NULL) {
		tdm_buf_release(&b);
		return b.failed ? TDM_ENOMEM : TDM_EINVAL;
	}
	if ((rc = sqlite3_prepare_v2(st->db, b.buf, -1, &s, NULL)) !=
	    SQLITE_OK) {
		tdm_buf_release(&b);
		return db_failure(st->db, rc);
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && ncols < COPY_MAXCOLS)
		if ((cols[ncols++] = strdup(column_text(s, 0))) == NULL)
			err = TDM_ENOMEM;
	if (rc == SQLITE_ROW)
		err = TDM_EINVAL;
	else if (rc != SQLITE_DONE)
		err = db_failure(st->db, rc);
	sqlite3_finalize(s);
	s = NULL;
	if (err == TDM_OK)
		err = pg_copy_begin(pg, table, (const char *const *)cols,
		    ncols, bytea, d);
	if (err != TDM_OK)
		goto out;
	/* Every column, by name, in the same order; rows by their key. */
	tdm_buf_reset(&b);
	tdm_buf_adds(&b, "SELECT ");
	for (i = 0; i < ncols; i++)
		tdm_buf_addf(&b, "%s\"%s\"", i ? ", " : "", cols[i]);
	tdm_buf_addf(&b, " FROM \"%s\" ORDER BY rowid", table);
	if (b.failed)
		err = TDM_ENOMEM;
	else if ((rc = sqlite3_prepare_v2(st->db, b.buf, -1, &s, NULL)) !=
	    SQLITE_OK) {
		/* A table without rowid: in the order of its key. */
		b.buf[b.len - strlen(" ORDER BY rowid")] = '\0';
		if ((rc = sqlite3_prepare_v2(st->db, b.buf, -1, &s, NULL)) !=
		    SQLITE_OK)
			err = db_failure(st->db, rc);
	}
	tdm_buf_reset(&b);
	while (err == TDM_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (i = 0; i < ncols; i++) {
			if (i > 0)
				tdm_buf_addch(&b, '\t');
			copy_value(&b, s, i, bytea[i]);
		}
		tdm_buf_addch(&b, '\n');
		sent++;
		if (b.failed)
			err = TDM_ENOMEM;
		else if (b.len >= 65536) {
			err = pg_copy_data(pg, b.buf, b.len);
			tdm_buf_reset(&b);
		}
	}
	if (err == TDM_OK && rc != SQLITE_DONE)
		err = db_failure(st->db, rc);
	if (err == TDM_OK && b.len > 0)
		err = pg_copy_data(pg, b.buf, b.len);
	if (err != TDM_OK) {
		pg_copy_abort(pg);
		tdm_diag_add(d, table, 0, 0, "cannot copy the table: %s",
		    tdm_strerror(err));
		goto out;
	}
	if ((err = pg_copy_end(pg, table, &got, d)) != TDM_OK)
		goto out;
	if (got != sent) {
		tdm_diag_add(d, table, 0, 0, "%lld rows read, %lld written",
		    (long long)sent, (long long)got);
		err = TDM_EIO;
		goto out;
	}
	*rows += sent;
out:
	sqlite3_finalize(s);
	tdm_buf_release(&b);
	for (i = 0; i < ncols; i++)
		free(cols[i]);
	return err;
}

enum tdm_err
store_copy_to(struct tdm_store *st, const char *target, int64_t *tables,
    int64_t *rows, struct tdm_diags *d)
{
	struct copy_table v[COPY_MAXTABLES];
	struct pg_store	*pg = NULL;
	enum tdm_err	 err;
	int64_t		 want;
	int		 n = 0, i, left, moved;

	*tables = 0;
	*rows = 0;
	if (st->pg != NULL) {
		tdm_diag_add(d, "migrate", 0, 0, "the database to copy must "
		    "be a SQLite file, not a PostgreSQL database");
		return TDM_EINVAL;
	}
	if (!pg_names(target)) {
		tdm_diag_add(d, target, 0, 0, "not a PostgreSQL database: "
		    "give a postgresql:// URI or a connection string");
		return TDM_EINVAL;
	}
	/* One read snapshot of the source for the whole copy. */
	if (sqlite3_exec(st->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return db_failure(st->db, sqlite3_errcode(st->db));
	if ((err = copy_tables(st, v, &n)) != TDM_OK)
		goto out;
	if ((err = pg_copy_open(target, &pg, &want, d)) != TDM_OK)
		goto out;
	if (want != n) {
		tdm_diag_add(d, target, 0, 0, "the PostgreSQL schema has %lld "
		    "tables and this database %d", (long long)want, n);
		err = TDM_ESTATE;
		goto out;
	}
	/* Parents before the tables that refer to them. */
	for (left = n; left > 0; left -= moved) {
		for (i = 0, moved = 0; i < n && err == TDM_OK; i++) {
			if (v[i].done || !copy_ready(v, n, i))
				continue;
			err = copy_one(st, pg, v[i].name, rows, d);
			v[i].done = 1;
			moved++;
			(*tables)++;
		}
		if (err != TDM_OK)
			goto out;
		if (moved == 0) {
			tdm_diag_add(d, "migrate", 0, 0, "the tables' foreign "
			    "keys make a cycle: no order to copy them in");
			err = TDM_ESTATE;
			goto out;
		}
	}
out:
	if (pg != NULL) {
		if (pg_copy_close(pg, err == TDM_OK, d) != TDM_OK &&
		    err == TDM_OK)
			err = TDM_EDB;
	}
	(void)sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].parents);
	}
	if (err != TDM_OK) {
		*tables = 0;
		*rows = 0;
	}
	return err;
}

/*
 * Background work, one process at a time (pgmulti).  A SQLite file has
 * one server by design: nothing to take there.
 */
enum tdm_err
store_work_lock(struct tdm_store *st)
{
	return st->pg != NULL ? pg_work_lock(st->pg) : TDM_OK;
}

void
store_work_unlock(struct tdm_store *st)
{
	if (st->pg != NULL)
		pg_work_unlock(st->pg);
}
