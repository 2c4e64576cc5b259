/*
 * libFuzzer harness for the whole roster import: decoding, CSV, header
 * and --map matching, field checks, management chains and the writes to
 * SQLite.
 *
 * Each input gets a fresh in-memory store with a fixed clock, so that
 * every run starts from the same state and a crash replays exactly.  An
 * input starting with byte 0x01 (MAPMARK) carries a --map string on the
 * rest of its first line, and the export follows; no real export starts
 * with that byte, whereas 'M' would swallow every "Matricule" header.
 * A file that imports is imported again, and must then come out all
 * unchanged.  A failure plan (failmalloc.h) may come first, before the
 * --map: it covers the first import, which must then fail cleanly
 * (TDM_ENOMEM, or what SQLite made of its own refusal) and, as promised,
 * leave the database unchanged: the same import, with memory, must
 * then add every row.  The store is then dropped: this harness does not
 * test listing, nor imports on top of other rosters, nor opening a
 * store short of memory (the same 38,000 allocations every time).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/roster.h"
#include "tandem/store.h"

#include "failmalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define CHECK(e) do { if (!(e)) abort(); } while (0)

#define NOW	1795737600	/* 2026-11-27 */
#define MAPMARK	0x01		/* first byte of an input with a --map */
#define MAPMAX	1024		/* longest --map taken from an input */

/*
 * Import data once under plan; returns the status, checking what it
 * promises, and who refused memory (FM_*) in *refusedp.
 */
static enum tdm_err
import(struct tdm_store *st, const uint8_t *data, size_t size,
    const struct tdm_import_opts *opts, const struct failplan *plan,
    struct tdm_import_result *res, unsigned *refusedp)
{
	struct tdm_diags	 diags = TDM_DIAGS_INIT;
	enum tdm_err		 err;
	unsigned		 refused;

	failmalloc_arm(plan);
	err = tdm_roster_import(st, "fuzz.csv", data, size, opts, res,
	    &diags);
	*refusedp = refused = failmalloc_disarm();
	switch (err) {
	case TDM_OK:
		/* Only SQLite may do without the memory it was refused. */
		CHECK(!(refused & ~FM_SQLITE));
		CHECK(tdm_diag_count(&diags) == 0);
		CHECK(res->added + res->updated + res->unchanged ==
		    res->rows);
		CHECK(res->encoding > TDM_ENC_AUTO &&
		    res->encoding < TDM_ENC__MAX);
		CHECK(res->sep == ';' || res->sep == ',' || res->sep == '\t');
		break;
	case TDM_EINVAL:
		CHECK(tdm_diag_count(&diags) > 0);
		break;
	case TDM_ENOMEM:
		break;
	case TDM_EIO:
	case TDM_EDB:
		/* SQLite may name its want of memory otherwise. */
		if (refused & FM_SQLITE)
			break;
		abort();
	default:
		/* A file must never make the database fail. */
		abort();
	}
	tdm_diags_free(&diags);
	return err;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tdm_diags	 diags = TDM_DIAGS_INIT;
	struct tdm_import_opts	 opts;
	struct tdm_import_result res, again;
	struct failplan		 plan, none = { 0, 0 };
	struct tdm_store	*st;
	const uint8_t		*nl;
	char			*map = NULL;
	size_t			 n;
	enum tdm_err		 err, first;
	unsigned		 refused;

	failmalloc_plan(&data, &size, &plan);
	memset(&opts, 0, sizeof(opts));
	opts.encoding = TDM_ENC_AUTO;
	if (size > 0 && data[0] == MAPMARK) {
		nl = memchr(data, '\n', size);
		n = nl != NULL ? (size_t)(nl - data) : size;
		if (n > MAPMAX)
			n = MAPMAX;
		if ((map = malloc(n)) == NULL)
			return 0;
		memcpy(map, data + 1, n - 1);
		map[n - 1] = '\0';
		opts.map = map;
		n = nl != NULL ? (size_t)(nl - data) + 1 : size;
		data += n;
		size -= n;
	}
	if (tdm_store_open(":memory:", TDM_OPEN_INIT, &st, &diags) !=
	    TDM_OK)
		abort();
	tdm_diags_free(&diags);
	tdm_store_set_now(st, NOW);

	err = import(st, data, size, &opts, &plan, &res, &refused);
	if (err != TDM_OK && refused) {
		/* A failed import wrote nothing: this one starts afresh. */
		first = err;
		tdm_import_result_free(&res);
		err = import(st, data, size, &opts, &none, &res, &refused);
		/*
		 * Short of memory, a file is invalid only if it is anyway
		 * (a diagnostic may then be lost: diags.failed).
		 */
		if (first == TDM_EINVAL)
			CHECK(err == TDM_EINVAL);
	}
	if (err == TDM_OK) {
		CHECK(res.added == res.rows && res.left == 0);
		/* The same file again changes nothing, dry run or not. */
		opts.dry_run = size % 2;
		CHECK(import(st, data, size, &opts, &none, &again,
		    &refused) == TDM_OK);
		CHECK(again.rows == res.rows);
		CHECK(again.unchanged == res.rows);
		CHECK(again.left == 0);
		tdm_import_result_free(&again);
	}
	tdm_import_result_free(&res);
	tdm_store_close(st);
	free(map);
	return 0;
}
