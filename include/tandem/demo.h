/*
 * A synthetic HR export, for demonstrations, tests and benchmarks.
 *
 * The roster looks like what a French HR system hands over: one CSV file,
 * one employee per row, an organisation tree from the chief executive
 * down to the interns, and the four generations all present.  It is
 * fiction from a fixed seed; it reads no file, no clock and no
 * environment, and it is not meant to be statistically faithful.
 */
#ifndef TANDEM_DEMO_H
#define TANDEM_DEMO_H

#include "tandem/error.h"
#include "tandem/strbuf.h"

/*
 * Append to `out` a roster of exactly n employees as UTF-8 CSV text
 * without a byte order mark: ';' between fields, LF after each record,
 * a header record first with the columns
 *
 *	Matricule;Nom;Prénom;Email;Date de naissance;Direction;Service;
 *	Site;Intitulé de poste;Niveau;Matricule manager;Date d'entrée;Langue
 *
 * The first row is the chief executive (no manager); every other row
 * names a manager that appears on an earlier row.  Dates are dd/mm/yyyy;
 * ages and hire dates are reckoned from `year`, and no one is hired
 * after the 1st of September of `year`.  The same n, seed and year give
 * byte-identical output on every platform.
 *
 * `out` is borrowed: the roster is appended after its current content
 * and the caller keeps ownership.  Returns TDM_OK; TDM_EINVAL if n is 0
 * or above 900000 (matricules have six digits) or year is outside
 * 2000..2100, in which case out is untouched; or TDM_ENOMEM if memory
 * ran out, in which case out may hold a partial roster (its `failed`
 * flag is set when the failure happened while appending).
 */
enum tdm_err	 tdm_demo_roster(struct tdm_buf *out, unsigned n,
		    unsigned long long seed, int year);

#endif
