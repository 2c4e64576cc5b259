/*
 * Privacy and upkeep (PRODUCT.md rule 9): what Tandem holds about a
 * person, for them to take away (export); removing it (erasure);
 * removing it on its own once a programme has been closed long enough
 * (purge); and keeping the database safe (backup, check).
 *
 * docs/privacy.md says what is kept after an erasure and why.  These
 * functions decide nothing about presentation: the export is JSON bytes
 * in a buffer, the rest reports through counts and diagnostics.
 */
#ifndef TANDEM_PRIVACY_H
#define TANDEM_PRIVACY_H

#include <stdint.h>

#include "tandem/diag.h"
#include "tandem/error.h"
#include "tandem/strbuf.h"

struct tdm_store;
struct tdm_actor;

/*
 * Everything the store holds about the employee with this matricule,
 * as one JSON object appended to out: the roster fields (birth year
 * only), roles, enrolments with their topics, charter version and
 * opt-in, pairs (with the partner's matricule and name), sessions,
 * the feedback and closing survey the person gave (their private
 * comments included), and the audit entries that name them.  The
 * person themself may, or an admin or programme manager
 * (OP_PERSON_EXPORT).  Audited as "person.export".  TDM_ENOENT if
 * there is no such person; TDM_EPERM with a diagnostic on refusal.
 * out is borrowed; on failure its content is unspecified.
 */
enum tdm_err	 tdm_export_person(struct tdm_store *,
		    const struct tdm_actor *, const char *matricule,
		    struct tdm_buf *out, struct tdm_diags *);

/*
 * The same for an external coach, by e-mail: the coach's row, the
 * programmes they follow, their web account and sign-ins, and the audit
 * entries that name them.  The coach themself may, or an admin or
 * programme manager.  Audited as "coach.export".
 */
enum tdm_err	 tdm_export_coach(struct tdm_store *,
		    const struct tdm_actor *, const char *email,
		    struct tdm_buf *out, struct tdm_diags *);

/*
 * Whether the len bytes at s are valid UTF-8 (no overlong form, no
 * surrogate, nothing past U+10FFFF).  Every text the store binds is
 * checked with it, whatever front-end it came through; front-ends check
 * first to name the field.
 */
int		 tdm_utf8_valid(const char *s, size_t len);

/* What an erasure or a purge did. */
struct tdm_erasure {
	char		 pseudonym[32];	/* "erased-" and 12 random
					   hex digits (erase) */
	int64_t		 people;	/* people erased */
	int64_t		 sessions;	/* future sessions cancelled */
	int64_t		 texts;		/* free texts cleared */
	int64_t		 reads;		/* programme-level read events
					   purged (purge) */
	char		 head[65];	/* the audit head afterwards */
	int		 compacted;	/* the file was vacuumed and the
					   write-ahead log truncated */
};

/*
 * Erase a person (admin only, OP_PERSON_ERASE): cancel their future
 * sessions, withdraw them from programmes not closed, and replace their
 * personal data everywhere by a random pseudonym or nothing, and delete
 * their audit subject key: the log's entries, which name them only by
 * that key, are left as they are and name nobody any more (see
 * docs/privacy.md).  Audited as "person.erase".  Afterwards the
 * database file is vacuumed and its write-ahead log truncated so that
 * no copy of the erased bytes remains; if another connection prevents
 * that, the erasure stands, compacted is 0 and a diagnostic says so.
 */
enum tdm_err	 tdm_erase_person(struct tdm_store *,
		    const struct tdm_actor *, const char *matricule,
		    struct tdm_erasure *, struct tdm_diags *);

/*
 * Erase an external coach (admin only): name, organisation and e-mail
 * replaced by a random pseudonym, the web account deleted, the audit
 * subject key deleted.  Audited as "coach.erase".  The retention purge
 * erases the coaches whose every programme has expired.
 */
enum tdm_err	 tdm_erase_coach(struct tdm_store *,
		    const struct tdm_actor *, const char *email,
		    struct tdm_erasure *, struct tdm_diags *);

/*
 * Apply the retention delays at the store's clock (admin only,
 * OP_PURGE): erase the people of every programme closed for more than
 * its retention_days who are in no programme still within its delay,
 * and clear the private free texts of programmes closed for more than
 * their comments_days.  Doing nothing is not an error, nor audited;
 * doing something is audited as "retention.purge".  Safe to run daily.
 */
enum tdm_err	 tdm_purge(struct tdm_store *, const struct tdm_actor *,
		    struct tdm_erasure *, struct tdm_diags *);

/*
 * Copy the live database into a new file at path with SQLite's online
 * backup, a consistent snapshot even while others write, created 0600.
 * TDM_EEXIST if path exists: a backup never overwrites.  Audited as
 * "store.backup" once made (not where it went).
 */
enum tdm_err	 tdm_backup(struct tdm_store *, const struct tdm_actor *,
		    const char *path, struct tdm_diags *);

/*
 * Rotation: a backup into directory dir, named tandem-YYYYMMDDTHHMMSSZ.db
 * after the store's clock (UTC), then only the keep newest files of that
 * form are kept; older ones are deleted, any other file in dir is left
 * alone.  The new file's path goes to made (size TDM_BACKUP_PATH), the
 * count deleted to *removed.  TDM_EINVAL if keep < 1 or dir is not a
 * directory; TDM_EEXIST if a backup of the same second exists.
 */
#define TDM_BACKUP_PATH	4096
enum tdm_err	 tdm_backup_rotate(struct tdm_store *,
		    const struct tdm_actor *, const char *dir, int keep,
		    char made[TDM_BACKUP_PATH], int *removed,
		    struct tdm_diags *);

/*
 * Check the database: SQLite's integrity check, the foreign keys and
 * the audit chain.  TDM_OK, or TDM_EINVAL with one diagnostic per
 * problem.
 */
enum tdm_err	 tdm_check(struct tdm_store *, struct tdm_diags *);

#endif
