/*
 * The statements a request of the web's costs the store (issue 18):
 * on PostgreSQL each is a round trip to the database, which a server
 * waits for, so `bench/http-pg.sh` measures them as much as Tandem.
 * The benchmark's read (GET /api/programmes/1: who the session is, then
 * the programme) is two statements, and its write (PUT /api/me/lang)
 * two; reading a programme is one statement whoever reads it and
 * whether it exists or not.  Counted with store_statements() on the
 * demo organisation, the library's own calls, so on both engines alike.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tandem/tandem.h"
#include "db.h"
#include "t.h"
#include "demo.h"

#define NOW		1795737600	/* 2026-11-27 */
#define PASSWORD	"tandem-demo-12"

static char		 dir[] = "/tmp/test_roundtrips.XXXXXX";
static struct tdm_store	*st;
static struct tdm_demo_summary sum;
static struct tdm_demo_account acc[TDM_DEMO_ACCOUNTS];
static char		 manager[TDM_TOKEN_SIZE], coach[TDM_TOKEN_SIZE];

/* A programme read: its name and its topics, to check the row came. */
struct shown {
	char	 name[128];
	char	 topics[256];
	int	 calls;
};

static int
show_one(void *arg, const struct tdm_programme *p)
{
	struct shown	*s = arg;

	s->calls++;
	snprintf(s->name, sizeof(s->name), "%s", p->name);
	snprintf(s->topics, sizeof(s->topics), "%s", p->topics);
	return 0;
}

/* Sign in as the demo's account of role; its session token in token. */
static enum tdm_err
signin(const char *role, char token[TDM_TOKEN_SIZE], struct tdm_diags *d)
{
	char	 csrf[TDM_TOKEN_SIZE];
	time_t	 retry = 0;
	size_t	 i;

	for (i = 0; i < TDM_DEMO_ACCOUNTS; i++)
		if (acc[i].role != NULL && strcmp(acc[i].role, role) == 0)
			return tdm_login(st, acc[i].email, PASSWORD, token,
			    csrf, &retry, d);
	return TDM_ENOENT;
}

static void
test_demo(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	char			 path[64];
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
		err = tdm_demo_accounts(st, &sum, PASSWORD, acc, &d);
	if (err == TDM_OK)
		err = signin("manager", manager, &d);
	if (err == TDM_OK)
		err = signin("coach", coach, &d);
	for (i = 0; i < d.n; i++)
		printf("# demo: %s\n", d.v[i].message);
	tdm_diags_free(&d);
	CHECK_INT(err, TDM_OK);
}

/* The benchmark's read: the session, then the programme by its id. */
static void
test_read(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_whoami	 who;
	struct shown		 s = { .calls = 0 };
	int64_t			 n0;

	n0 = store_statements(st);
	CHECK_INT(tdm_session_whoami(st, manager, &who), TDM_OK);
	CHECK_INT(tdm_programme_show(st, &who.actor, "1", show_one, &s, &d),
	    TDM_OK);
	CHECK_INT(store_statements(st) - n0, 2);
	CHECK_INT(s.calls, 1);
	CHECK_STR(s.name, sum.programme);
	CHECK(strchr(s.topics, ',') != NULL);
	tdm_diags_free(&d);
}

/* A programme by its name, by its coach, and one that does not exist. */
static void
test_show(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_whoami	 who;
	struct shown		 s = { .calls = 0 }, none = { .calls = 0 };
	int64_t			 n0;

	CHECK_INT(tdm_session_whoami(st, coach, &who), TDM_OK);
	CHECK(who.actor.coach_id != 0);
	n0 = store_statements(st);
	CHECK_INT(tdm_programme_show(st, &who.actor, sum.programme, show_one,
	    &s, &d), TDM_OK);
	CHECK_INT(store_statements(st) - n0, 1);
	CHECK_INT(s.calls, 1);
	CHECK_STR(s.name, sum.programme);

	n0 = store_statements(st);
	CHECK_INT(tdm_programme_show(st, &who.actor, "999", show_one, &none,
	    &d), TDM_ENOENT);
	CHECK_INT(store_statements(st) - n0, 1);
	CHECK_INT(none.calls, 0);
	CHECK_INT((int)d.n, 1);
	if (d.n == 1)
		CHECK_STR(d.v[0].message, "no programme \"999\"");
	tdm_diags_free(&d);
}

/* The benchmark's write: the session, then the account's language. */
static void
test_write(void)
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_whoami	 who;
	int64_t			 n0;

	n0 = store_statements(st);
	CHECK_INT(tdm_session_whoami(st, manager, &who), TDM_OK);
	CHECK_INT(tdm_account_lang(st, who.account, "fr", &d), TDM_OK);
	CHECK_INT(store_statements(st) - n0, 2);
	tdm_diags_free(&d);
}

int
main(void)
{
	char	 cmd[128];
	int	 rc;

	RUN(test_demo);
	if (st != NULL) {
		RUN(test_read);
		RUN(test_show);
		RUN(test_write);
		tdm_store_close(st);
	}
	rc = DONE();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	(void)system(cmd);
	return rc;
}
