/*
 * The hash-chained audit log of audit.h.
 *
 * An entry's hash is BLAKE2b-256 (libsodium's generic hash) over its id,
 * time, actor, action, object, detail and the previous entry's hash, each
 * prefixed with its length so that no two entries serialise alike.  The
 * first entry's previous hash is 64 zeros.  This file only appends and
 * checks; what deserves an entry is decided by the callers.
 */
#include <inttypes.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tandem/audit.h"
#include "tandem/role.h"
#include "tandem/strbuf.h"
#include "internal.h"

#define HASH_HEX (crypto_generichash_BYTES * 2 + 1)

static const char zero[HASH_HEX] =
    "0000000000000000000000000000000000000000000000000000000000000000";

static void
field(crypto_generichash_state *h, const char *s)
{
	char	 len[32];

	snprintf(len, sizeof(len), "%zu:", strlen(s));
	crypto_generichash_update(h, (const unsigned char *)len, strlen(len));
	crypto_generichash_update(h, (const unsigned char *)s, strlen(s));
}

static void
entry_hash(int64_t id, const char *at, const char *actor, const char *action,
    const char *object, const char *detail, const char *prev,
    char out[HASH_HEX])
{
	crypto_generichash_state	 h;
	unsigned char			 bin[crypto_generichash_BYTES];
	char				 num[32];

	snprintf(num, sizeof(num), "%" PRId64, id);
	crypto_generichash_init(&h, NULL, 0, sizeof(bin));
	field(&h, num);
	field(&h, at);
	field(&h, actor);
	field(&h, action);
	field(&h, object);
	field(&h, detail);
	field(&h, prev);
	crypto_generichash_final(&h, bin, sizeof(bin));
	sodium_bin2hex(out, HASH_HEX, bin, sizeof(bin));
}

enum tdm_err
audit_append(struct tdm_store *st, const struct tdm_actor *actor,
    const char *action, const char *kind, const char *name,
    const char *fmt, ...)
{
	struct tdm_buf	 detail = TDM_BUF_INIT, object = TDM_BUF_INIT;
	sqlite3_stmt	*stmt;
	char		 now[TIMESTAMP_SIZE], prev[HASH_HEX], hash[HASH_HEX];
	int64_t		 id = 1;
	enum tdm_err	 err;
	va_list		 ap;
	int		 rc;

	memcpy(prev, zero, sizeof(prev));
	stmt = store_stmt(st, STMT_AUDIT_LAST);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		id = sqlite3_column_int64(stmt, 0) + 1;
		snprintf(prev, sizeof(prev), "%s", column_text(stmt, 1));
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return TDM_EDB;
	va_start(ap, fmt);
	tdm_buf_vaddf(&detail, fmt, ap);
	va_end(ap);
	tdm_buf_addf(&object, "%s:%s", kind, name);
	if (detail.failed || object.failed) {
		err = TDM_ENOMEM;
		goto out;
	}
	store_timestamp(st, now);
	entry_hash(id, now, actor->name, action, object.buf, detail.buf, prev,
	    hash);
	stmt = store_stmt(st, STMT_AUDIT_INSERT);
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, now, -1);
	store_bind_text(stmt, 3, actor->name, -1);
	store_bind_text(stmt, 4, action, -1);
	store_bind_text(stmt, 5, object.buf, -1);
	store_bind_text(stmt, 6, detail.buf, -1);
	store_bind_text(stmt, 7, prev, -1);
	store_bind_text(stmt, 8, hash, -1);
	if ((err = store_exec(st, STMT_AUDIT_INSERT)) != TDM_OK)
		goto out;
	stmt = store_stmt(st, STMT_AUDIT_HEAD_SET);
	sqlite3_bind_int64(stmt, 1, id);
	store_bind_text(stmt, 2, hash, -1);
	err = store_exec(st, STMT_AUDIT_HEAD_SET);
out:
	tdm_buf_release(&detail);
	tdm_buf_release(&object);
	return err;
}

static void
entry_from(sqlite3_stmt *stmt, struct tdm_audit_entry *e)
{
	e->id = sqlite3_column_int64(stmt, 0);
	e->at = column_text(stmt, 1);
	e->actor = column_text(stmt, 2);
	e->action = column_text(stmt, 3);
	e->object = column_text(stmt, 4);
	e->detail = column_text(stmt, 5);
	e->prev = column_text(stmt, 6);
	e->hash = column_text(stmt, 7);
}

enum tdm_err
tdm_audit_each(struct tdm_store *st,
    int (*fn)(void *, const struct tdm_audit_entry *), void *arg)
{
	struct tdm_audit_entry	 e;
	sqlite3_stmt		*stmt;
	int			 rc;

	stmt = store_stmt(st, STMT_AUDIT_LIST);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		entry_from(stmt, &e);
		if (fn(arg, &e) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(stmt);
	return rc == SQLITE_DONE ? TDM_OK : TDM_EDB;
}

/* The log must end where its head says: nothing cut from the end. */
static enum tdm_err
check_head(struct tdm_store *st, int64_t last, const char *hash,
    char head[HASH_HEX], struct tdm_diags *d)
{
	sqlite3_stmt	*stmt;
	int64_t		 id = 0;
	char		 want[HASH_HEX];
	int		 rc;

	memcpy(want, zero, sizeof(want));
	stmt = store_stmt(st, STMT_AUDIT_HEAD);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		id = sqlite3_column_int64(stmt, 0);
		snprintf(want, sizeof(want), "%s", column_text(stmt, 1));
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return TDM_EDB;
	if (id > last) {
		tdm_diag_add(d, "audit", 0, 0, "entries %" PRId64 " to %"
		    PRId64 " are missing from the end of the log", last + 1,
		    id);
		return TDM_EINVAL;
	}
	if (id != last || strcmp(want, hash) != 0) {
		tdm_diag_add(d, "audit", 0, 0, "entry %" PRId64 " is not the "
		    "recorded head of the log (entry %" PRId64 ")", last, id);
		return TDM_EINVAL;
	}
	memcpy(head, hash, HASH_HEX);
	return TDM_OK;
}

enum tdm_err
tdm_audit_verify(struct tdm_store *st, int64_t *count, char head[65],
    struct tdm_diags *d)
{
	struct tdm_audit_entry	 e;
	sqlite3_stmt		*stmt;
	char			 prev[HASH_HEX], hash[HASH_HEX];
	int64_t			 want = 1;
	enum tdm_err		 err = TDM_OK;
	int			 rc;

	*count = 0;
	memcpy(prev, zero, sizeof(prev));
	stmt = store_stmt(st, STMT_AUDIT_LIST);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		entry_from(stmt, &e);
		if (e.id != want) {
			tdm_diag_add(d, "audit", 0, 0, "entry %" PRId64 " is "
			    "missing (the next entry is %" PRId64 ")", want,
			    e.id);
			err = TDM_EINVAL;
			break;
		}
		if (strcmp(e.prev, prev) != 0) {
			tdm_diag_add(d, "audit", 0, 0, "entry %" PRId64 " does "
			    "not follow entry %" PRId64 ": the chain is broken",
			    e.id, e.id - 1);
			err = TDM_EINVAL;
			break;
		}
		entry_hash(e.id, e.at, e.actor, e.action, e.object, e.detail,
		    e.prev, hash);
		if (strcmp(hash, e.hash) != 0) {
			tdm_diag_add(d, "audit", 0, 0, "entry %" PRId64 " was "
			    "altered: its content does not match its hash",
			    e.id);
			err = TDM_EINVAL;
			break;
		}
		memcpy(prev, hash, sizeof(prev));
		want++;
		(*count)++;
	}
	sqlite3_reset(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return TDM_EDB;
	if (err != TDM_OK)
		return err;
	return check_head(st, want - 1, prev, head, d);
}

/* A byte that continues a word: letters, digits, UTF-8, "-_.@". */
static int
wordch(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z') || c >= 0x80 || c == '-' || c == '_' ||
	    c == '.' || c == '@';
}

/* The next whole-word occurrence of word in s, or NULL. */
static const char *
find_word(const char *s, const char *text, const char *word)
{
	size_t		 n = strlen(word);
	const char	*p;

	if (n == 0)
		return NULL;
	for (p = strstr(s, word); p != NULL; p = strstr(p + 1, word))
		if ((p == text || !wordch((unsigned char)p[-1])) &&
		    !wordch((unsigned char)p[n]))
			return p;
	return NULL;
}

int
names_word(const char *text, const char *word)
{
	return find_word(text, text, word) != NULL;
}

/*
 * Replace every whole-word from[i] by to[i] in s, into b.  Returns 1 if
 * anything was replaced.
 */
static int
scrub(struct tdm_buf *b, const char *s, const char *const *from,
    const char *const *to, size_t n)
{
	struct tdm_buf	 tmp = TDM_BUF_INIT;
	const char	*p, *q;
	size_t		 i;
	int		 changed = 0;

	tdm_buf_reset(b);
	tdm_buf_adds(b, s);
	for (i = 0; i < n; i++) {
		if (find_word(b->buf, b->buf, from[i]) == NULL)
			continue;
		tdm_buf_reset(&tmp);
		for (p = b->buf; (q = find_word(p, b->buf, from[i])) != NULL;
		    p = q + strlen(from[i])) {
			tdm_buf_add(&tmp, p, (size_t)(q - p));
			tdm_buf_adds(&tmp, to[i]);
		}
		tdm_buf_adds(&tmp, p);
		tdm_buf_reset(b);
		tdm_buf_add(b, tmp.buf, tmp.len);
		changed = 1;
	}
	tdm_buf_release(&tmp);
	return changed;
}

/*
 * The triggers that keep the log append-only, saved and dropped while
 * the log is rewritten, then created again from the same SQL in the
 * same transaction: nobody ever sees the log without them.
 */
struct triggers {
	char	*sql[8];
	size_t	 n;
};

static int
triggers_drop(sqlite3 *db, struct triggers *t)
{
	sqlite3_stmt	*stmt = NULL;
	struct tdm_buf	 drop = TDM_BUF_INIT;
	int		 rc;

	memset(t, 0, sizeof(*t));
	if ((rc = sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_master "
	    "WHERE type = 'trigger' AND tbl_name = 'audit' ORDER BY name", -1,
	    &stmt, NULL)) != SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && t->n < 8) {
		if ((t->sql[t->n] = sqlite3_mprintf("%s",
		    column_text(stmt, 1))) == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
		t->n++;
		/* Trigger names come from the schema, never from input. */
		tdm_buf_addf(&drop, "DROP TRIGGER \"%s\";",
		    column_text(stmt, 0));
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		rc = drop.failed ? SQLITE_NOMEM :
		    sqlite3_exec(db, drop.buf, NULL, NULL, NULL);
	tdm_buf_release(&drop);
	return rc;
}

static int
triggers_restore(sqlite3 *db, struct triggers *t)
{
	size_t	 i;
	int	 rc = SQLITE_OK;

	for (i = 0; i < t->n; i++) {
		if (rc == SQLITE_OK)
			rc = sqlite3_exec(db, t->sql[i], NULL, NULL, NULL);
		sqlite3_free(t->sql[i]);
	}
	t->n = 0;
	return rc;
}

enum tdm_err
audit_rewrite(struct tdm_store *st, const char *const *from,
    const char *const *to, size_t n, int64_t *first, char *old_head)
{
	struct tdm_buf		 actor = TDM_BUF_INIT, object = TDM_BUF_INIT,
				 detail = TDM_BUF_INIT;
	struct tdm_audit_entry	 e;
	struct triggers		 trig;
	sqlite3_stmt		*list = NULL, *upd = NULL;
	char			 prev[HASH_HEX], hash[HASH_HEX];
	int64_t			 last = 0;
	enum tdm_err		 err = TDM_OK;
	int			 rc, dropped = 0, changed;

	*first = 0;
	memcpy(old_head, zero, HASH_HEX);
	memcpy(prev, zero, sizeof(prev));
	/*
	 * Rows are read and rewritten in one pass, so this uses its own
	 * statements rather than the shared STMT_AUDIT_LIST.
	 */
	if ((rc = sqlite3_prepare_v2(st->db, "SELECT id, at, actor, action, "
	    "object, detail, prev, hash FROM audit ORDER BY id", -1, &list,
	    NULL)) != SQLITE_OK || (rc = sqlite3_prepare_v2(st->db,
	    "UPDATE audit SET actor = ?, object = ?, detail = ?, prev = ?, "
	    "hash = ? WHERE id = ?", -1, &upd, NULL)) != SQLITE_OK) {
		err = store_err(rc);
		goto out;
	}
	while ((rc = sqlite3_step(list)) == SQLITE_ROW) {
		entry_from(list, &e);
		last = e.id;
		snprintf(old_head, HASH_HEX, "%s", e.hash);
		changed = scrub(&actor, e.actor, from, to, n);
		changed |= scrub(&object, e.object, from, to, n);
		changed |= scrub(&detail, e.detail, from, to, n);
		if (actor.failed || object.failed || detail.failed) {
			err = TDM_ENOMEM;
			goto out;
		}
		if (!changed && *first == 0) {
			memcpy(prev, e.hash, sizeof(prev));
			continue;
		}
		if (*first == 0) {
			*first = e.id;
			if ((rc = triggers_drop(st->db, &trig)) != SQLITE_OK) {
				err = store_err(rc);
				goto out;
			}
			dropped = 1;
		}
		entry_hash(e.id, e.at, actor.buf, e.action, object.buf,
		    detail.buf, prev, hash);
		sqlite3_reset(upd);
		store_bind_text(upd, 1, actor.buf, -1);
		store_bind_text(upd, 2, object.buf, -1);
		store_bind_text(upd, 3, detail.buf, -1);
		store_bind_text(upd, 4, prev, -1);
		store_bind_text(upd, 5, hash, -1);
		sqlite3_bind_int64(upd, 6, e.id);
		if ((rc = sqlite3_step(upd)) != SQLITE_DONE) {
			err = store_err(rc);
			goto out;
		}
		memcpy(prev, hash, sizeof(prev));
	}
	if (rc != SQLITE_DONE) {
		err = store_err(rc) == TDM_OK ? TDM_EDB : store_err(rc);
		goto out;
	}
	if (*first != 0) {
		sqlite3_stmt *head = store_stmt(st, STMT_AUDIT_HEAD_SET);

		sqlite3_bind_int64(head, 1, last);
		store_bind_text(head, 2, prev, -1);
		err = store_exec(st, STMT_AUDIT_HEAD_SET);
	}
out:
	sqlite3_finalize(list);
	sqlite3_finalize(upd);
	if (dropped && (rc = triggers_restore(st->db, &trig)) != SQLITE_OK &&
	    err == TDM_OK)
		err = store_err(rc);
	tdm_buf_release(&actor);
	tdm_buf_release(&object);
	tdm_buf_release(&detail);
	return err;
}
