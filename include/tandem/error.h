/*
 * Status codes returned by every libtandem function that can fail.
 *
 * A function returns TDM_OK or one of these codes; objects come back
 * through out-parameters.  Human-facing detail (which line of which file
 * is wrong, which rule refused an operation) goes into a diagnostics list
 * (see diag.h), never into the status itself.
 */
#ifndef TANDEM_ERROR_H
#define TANDEM_ERROR_H

enum tdm_err {
	TDM_OK = 0,
	TDM_ENOMEM,	/* memory allocation failed */
	TDM_EIO,	/* a file could not be read or written */
	TDM_EDB,	/* the database failed otherwise (a misuse, a bug) */
	TDM_EINVAL,	/* the input is invalid: see the diagnostics */
	TDM_ENOENT,	/* the object does not exist */
	TDM_EEXIST,	/* the object already exists */
	TDM_EPERM,	/* the acting person lacks the role */
	TDM_ESTATE,	/* the object is in the wrong state */
	TDM_EVERSION,	/* the database is newer than this program */
	TDM_EAUTH,	/* not signed in, or wrong e-mail or password */
	TDM_ELIMIT,	/* too many attempts: wait before the next */
	TDM_EBUSY,	/* the database is locked by another writer */
	TDM_EFULL,	/* the disk (or the database's quota) is full */
	TDM_ECORRUPT,	/* the database file is damaged or not one */
	TDM__MAX
};

/*
 * A short English description of a status, for logs and front-ends.
 * Never returns NULL; the string is static.
 */
const char	*tdm_strerror(enum tdm_err);

/*
 * The text of a system error (errno): glibc's English text for the
 * errors people meet, whatever the process's locale or C library, so
 * that the catalogue can translate it (context "word" in a diagnostic,
 * "cli" as a sentence of its own); strerror()'s for the others.
 */
const char	*tdm_errno_text(int);

#endif
