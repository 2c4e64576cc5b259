/*
 * Status strings: one table, indexed by enum tdm_err.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "tandem/error.h"
#include "internal.h"

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

/*
 * The errors people meet, with glibc's English texts (the catalogue's
 * keys in the context "word"): strerror() would follow the locale, or
 * another C library's wording, and then no page could translate it.
 */
const char *
tdm_errno_text(int e)
{
	static const struct {
		int		 e;
		const char	*text;
	} texts[] = {
		{ ENOENT, "No such file or directory" },
		{ EACCES, "Permission denied" },
		{ EPERM, "Operation not permitted" },
		{ EEXIST, "File exists" },
		{ EISDIR, "Is a directory" },
		{ ENOTDIR, "Not a directory" },
		{ ENOSPC, "No space left on device" },
		{ EROFS, "Read-only file system" },
		{ ENOMEM, "Cannot allocate memory" },
		{ EIO, "Input/output error" },
		{ EBUSY, "Device or resource busy" },
		{ EMFILE, "Too many open files" },
		{ ENAMETOOLONG, "File name too long" },
		{ ECONNREFUSED, "Connection refused" },
		{ EDQUOT, "Disk quota exceeded" },
		{ ELOOP, "Too many levels of symbolic links" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		if (texts[i].e == e)
			return texts[i].text;
	return strerror(e);
}
