/*
 * Status strings: one table, indexed by enum tdm_err.
 */
#include <stddef.h>

#include "tandem/error.h"

static const char *const errstr[TDM__MAX] = {
	[TDM_OK] = "success",
	[TDM_ENOMEM] = "out of memory",
	[TDM_EIO] = "input/output error",
	[TDM_EDB] = "database error",
	[TDM_EINVAL] = "invalid input",
	[TDM_ENOENT] = "no such object",
	[TDM_EEXIST] = "object already exists",
	[TDM_EPERM] = "permission denied",
	[TDM_ESTATE] = "operation not allowed in this state",
	[TDM_EVERSION] = "database was made by a newer Tandem",
	[TDM_EAUTH] = "not signed in",
	[TDM_ELIMIT] = "too many attempts",
	[TDM_EBUSY] = "the database is busy: try again in a moment",
	[TDM_EFULL] = "the disk is full",
	[TDM_ECORRUPT] = "the database file is damaged",
};

const char *
tdm_strerror(enum tdm_err e)
{
	if ((unsigned)e >= TDM__MAX || errstr[e] == NULL)
		return "unknown error";
	return errstr[e];
}
