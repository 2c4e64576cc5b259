/*
 * The demonstration organisation for the unit tests that need a real
 * programme (test_coach_page, test_nomem, test_outbox): what "tandem
 * demo --size PEOPLE" builds, less its accounts and its messages, in an
 * open store whose clock the test has set.
 */
#ifndef TANDEM_TEST_DEMO_H
#define TANDEM_TEST_DEMO_H

#include <string.h>

#include "tandem/demo.h"
#include "tandem/roster.h"
#include "tandem/strbuf.h"

static enum tdm_err
demo_build(struct tdm_store *st, unsigned people,
    struct tdm_demo_summary *sum, struct tdm_diags *d)
{
	struct tdm_buf		 csv = TDM_BUF_INIT;
	struct tdm_import_opts	 opts;
	struct tdm_import_result res;
	struct tdm_demo_size	 size = { 0, 0, 2 };
	enum tdm_err		 err;

	memset(&opts, 0, sizeof(opts));
	memset(&res, 0, sizeof(res));
	err = tdm_demo_roster(&csv, people, 2026, 2026);
	if (err == TDM_OK)
		err = tdm_roster_import(st, "demo roster",
		    (unsigned char *)csv.buf, csv.len, &opts, &res, d);
	tdm_import_result_free(&res);
	tdm_buf_release(&csv);
	if (err == TDM_OK)
		err = tdm_demo_programme(st, 2026, &size, sum, d);
	return err;
}

#endif
