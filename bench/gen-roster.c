/*
 * Write the demonstration roster of `tandem demo` to standard output:
 * the same generator, tdm_demo_roster(), without a database.
 * Usage: gen-roster N [SEED]
 * The year is reckoned as `tandem demo` does, so no one is hired later
 * than the 1st of September of a year that has already reached it.
 * Built and run by bench/import.sh; not part of the library.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "tandem/demo.h"

int
main(int argc, char **argv)
{
	struct tdm_buf csv = TDM_BUF_INIT;
	unsigned long n, seed = 1;
	struct tm tm;
	time_t now;
	int year;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: gen-roster N [SEED]\n");
		return 2;
	}
	n = strtoul(argv[1], NULL, 10);
	if (argc == 3)
		seed = strtoul(argv[2], NULL, 10);
	now = time(NULL);
	gmtime_r(&now, &tm);
	year = tm.tm_year + 1900 - (tm.tm_mon < 8);
	if (tdm_demo_roster(&csv, (unsigned)n, seed, year) != TDM_OK) {
		fprintf(stderr, "gen-roster: cannot make %lu rows\n", n);
		return 1;
	}
	if (fwrite(csv.buf, 1, csv.len, stdout) != csv.len ||
	    fflush(stdout) != 0) {
		perror("gen-roster");
		return 1;
	}
	tdm_buf_release(&csv);
	return 0;
}
