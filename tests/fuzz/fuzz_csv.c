/*
 * libFuzzer harness for the first stage of every import: character
 * decoding (tdm_decode) and the CSV record reader (tdm_csv_next).
 *
 * Each input is decoded twice, once with detection and once with an
 * encoding forced by its first byte, and every record of both texts is
 * read with separator detection.  Every field is touched so that the
 * sanitizers see any pointer that strays, and the reader's documented
 * promises are checked with abort().  An input may start with a
 * failure plan (failmalloc.h): the allocation it names is refused, and
 * decoding and reading must then end in TDM_ENOMEM or -1 and free what
 * they hold.  It does not look at the meaning of columns: fuzz_import.c
 * covers the roster.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/csv.h"
#include "tandem/diag.h"
#include "tandem/strbuf.h"

#include "failmalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define CHECK(e) do { if (!(e)) abort(); } while (0)

/* Read every record of text, checking each field. */
static void
read_all(const char *text, size_t len)
{
	struct tdm_diags	 diags = TDM_DIAGS_INIT;
	struct tdm_csv		 csv;
	const struct tdm_csv_field *f;
	size_t			 i, before, col, last = 0;
	int			 rc, bad;

	tdm_csv_init(&csv, "fuzz.csv", text, len, 0);
	CHECK(csv.sep == ';' || csv.sep == ',' || csv.sep == '\t');
	for (;;) {
		before = tdm_diag_count(&diags);
		if ((rc = tdm_csv_next(&csv, &bad, &diags)) != 1)
			break;
		CHECK(csv.nfields > 0);
		CHECK(csv.recline >= 1 && csv.recline >= last);
		last = csv.recline;
		if (bad)
			CHECK(tdm_diag_count(&diags) > before);
		for (i = 0; i < csv.nfields; i++) {
			f = &csv.fields[i];
			CHECK(f->s != NULL);
			CHECK(strlen(f->s) == f->len);
			CHECK(f->line >= csv.recline && f->line <= csv.line);
			CHECK(f->bol >= text && f->bol <= text + len);
			CHECK(f->at >= f->bol && f->at <= text + len);
			col = tdm_csv_column(f);
			CHECK(col >= 1 && col <= (size_t)(f->at - f->bol) + 1);
		}
	}
	CHECK(rc == 0 || rc == -1);
	for (i = 0; i < diags.n; i++)
		CHECK(diags.v[i].message != NULL &&
		    strlen(diags.v[i].message) > 0);
	tdm_csv_free(&csv);
	tdm_diags_free(&diags);
}

/* Decode data with enc and read the result. */
static void
one(const uint8_t *data, size_t size, enum tdm_encoding enc)
{
	struct tdm_diags	 diags = TDM_DIAGS_INIT;
	struct tdm_buf		 text = TDM_BUF_INIT;
	enum tdm_encoding	 detected = TDM_ENC__MAX;
	enum tdm_err		 err;

	err = tdm_decode("fuzz.csv", data, size, enc, &text, &detected,
	    &diags);
	CHECK(err == TDM_OK || err == TDM_EINVAL || err == TDM_ENOMEM);
	if (err == TDM_EINVAL)
		CHECK(tdm_diag_count(&diags) > 0);
	if (err == TDM_OK) {
		CHECK(detected > TDM_ENC_AUTO && detected < TDM_ENC__MAX);
		CHECK(tdm_encoding_name(detected) != NULL);
	}
	/* NULs are reported and replaced: the reader relies on it. */
	CHECK(strlen(text.buf) == text.len);
	CHECK(text.buf[text.len] == '\0');
	read_all(text.buf, text.len);
	tdm_buf_release(&text);
	tdm_diags_free(&diags);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct failplan	 plan;

	failmalloc_plan(&data, &size, &plan);
	failmalloc_arm(&plan);
	one(data, size, TDM_ENC_AUTO);
	if (size > 0)
		one(data, size, (enum tdm_encoding)(TDM_ENC_UTF8 +
		    data[0] % (TDM_ENC__MAX - TDM_ENC_UTF8)));
	(void)failmalloc_disarm();
	return 0;
}
