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

/* Record the last entry as the head of the log. */
static enum tdm_err
head_set(struct tdm_store *st, int64_t id, const char *hash)
{
	struct query	 q = query_start(st, STMT_AUDIT_HEAD_SET);

	bind_int(&q, id);
	bind_text(&q, hash);
	return query_exec(&q);
}

enum tdm_err
audit_append(struct tdm_store *st, const struct tdm_actor *actor,
    const char *action, const char *kind, const char *name,
    const char *fmt, ...)
{
	struct tdm_buf	 detail = TDM_BUF_INIT, object = TDM_BUF_INIT;
	struct query	 q;
	char		 now[TIMESTAMP_SIZE], prev[HASH_HEX], hash[HASH_HEX];
	int64_t		 id = 1;
	enum tdm_err	 err;
	va_list		 ap;

	memcpy(prev, zero, sizeof(prev));
	q = query_start(st, STMT_AUDIT_LAST);
	if (query_row(&q)) {
		id = col_int(&q) + 1;
		snprintf(prev, sizeof(prev), "%s", col_text(&q));
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
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
	q = query_start(st, STMT_AUDIT_INSERT);
	bind_int(&q, id);
	bind_text(&q, now);
	bind_text(&q, actor->name);
	bind_text(&q, action);
	bind_text(&q, object.buf);
	bind_text(&q, detail.buf);
	bind_text(&q, prev);
	bind_text(&q, hash);
	if ((err = query_exec(&q)) != TDM_OK)
		goto out;
	err = head_set(st, id, hash);
out:
	tdm_buf_release(&detail);
	tdm_buf_release(&object);
	return err;
}

/* The one reader of STMT_AUDIT_LIST's rows. */
static void
entry_from(struct query *q, struct tdm_audit_entry *e)
{
	e->id = col_int(q);
	e->at = col_text(q);
	e->actor = col_text(q);
	e->action = col_text(q);
	e->object = col_text(q);
	e->detail = col_text(q);
	e->prev = col_text(q);
	e->hash = col_text(q);
}

enum tdm_err
audit_naming(struct tdm_store *st, const char *word,
    int (*fn)(void *, const struct tdm_audit_entry *), void *arg)
{
	struct tdm_audit_entry	 e;
	struct query		 q = query_start(st, STMT_AUDIT_LIST);

	while (query_row(&q)) {
		entry_from(&q, &e);
		if (word != NULL && !names_word(e.actor, word) &&
		    !names_word(e.object, word) && !names_word(e.detail, word))
			continue;
		if (fn(arg, &e) != 0)
			break;
	}
	return query_end(&q);
}

/*
 * The whole log is the admin's (the system operator's among them): it
 * names everyone.  Anyone else reads the entries that name them, those
 * their own export gives them (privacy.c).
 */
enum tdm_err
tdm_audit_each(struct tdm_store *st, const struct tdm_actor *actor,
    int (*fn)(void *, const struct tdm_audit_entry *), void *arg)
{
	return audit_naming(st, permitted(actor, OP_AUDIT_READ) ? NULL :
	    actor->name, fn, arg);
}

enum tdm_err
audit_head(struct tdm_store *st, int64_t *id, char *hash)
{
	struct query	 q = query_start(st, STMT_AUDIT_HEAD);

	*id = 0;
	memcpy(hash, zero, HASH_HEX);
	if (query_row(&q)) {
		*id = col_int(&q);
		snprintf(hash, HASH_HEX, "%s", col_text(&q));
	}
	return query_end(&q);
}

/* The log must end where its head says: nothing cut from the end. */
static enum tdm_err
check_head(struct tdm_store *st, int64_t last, const char *hash,
    char head[HASH_HEX], struct tdm_diags *d)
{
	int64_t		 id;
	char		 want[HASH_HEX];
	enum tdm_err	 err;

	if ((err = audit_head(st, &id, want)) != TDM_OK)
		return err;
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
	struct query		 q;
	char			 prev[HASH_HEX], hash[HASH_HEX];
	int64_t			 want = 1;
	enum tdm_err		 err = TDM_OK, qerr;

	*count = 0;
	memcpy(prev, zero, sizeof(prev));
	q = query_start(st, STMT_AUDIT_LIST);
	while (query_row(&q)) {
		entry_from(&q, &e);
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
	if ((qerr = query_end(&q)) != TDM_OK)
		return qerr;
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

enum tdm_err
audit_rewrite(struct tdm_store *st, const char *const *from,
    const char *const *to, size_t n, int64_t *first, char *old_head)
{
	struct tdm_buf		 actor = TDM_BUF_INIT, object = TDM_BUF_INIT,
				 detail = TDM_BUF_INIT;
	struct tdm_audit_entry	 e;
	struct query		 list, upd;
	char			 prev[HASH_HEX], hash[HASH_HEX];
	int64_t			 last = 0;
	enum tdm_err		 err = TDM_OK, gerr;
	int			 changed;

	*first = 0;
	memcpy(old_head, zero, HASH_HEX);
	memcpy(prev, zero, sizeof(prev));
	/*
	 * The rows are read and rewritten in one pass; the guard against
	 * updates is lifted at the first change and put back before the
	 * caller's transaction ends, so that nobody sees the log without it.
	 */
	list = query_start(st, STMT_AUDIT_LIST);
	while (query_row(&list)) {
		entry_from(&list, &e);
		last = e.id;
		snprintf(old_head, HASH_HEX, "%s", e.hash);
		changed = scrub(&actor, e.actor, from, to, n);
		changed |= scrub(&object, e.object, from, to, n);
		changed |= scrub(&detail, e.detail, from, to, n);
		if (actor.failed || object.failed || detail.failed) {
			err = TDM_ENOMEM;
			break;
		}
		if (!changed && *first == 0) {
			memcpy(prev, e.hash, sizeof(prev));
			continue;
		}
		if (*first == 0) {
			*first = e.id;
			if ((err = store_audit_unguard(st)) != TDM_OK)
				break;
		}
		entry_hash(e.id, e.at, actor.buf, e.action, object.buf,
		    detail.buf, prev, hash);
		upd = query_start(st, STMT_AUDIT_REWRITE);
		bind_text(&upd, actor.buf);
		bind_text(&upd, object.buf);
		bind_text(&upd, detail.buf);
		bind_text(&upd, prev);
		bind_text(&upd, hash);
		bind_int(&upd, e.id);
		if ((err = query_exec(&upd)) != TDM_OK)
			break;
		memcpy(prev, hash, sizeof(prev));
	}
	if ((gerr = query_end(&list)) != TDM_OK && err == TDM_OK)
		err = gerr;
	if (err == TDM_OK && *first != 0)
		err = head_set(st, last, prev);
	if ((gerr = store_audit_guard(st)) != TDM_OK && err == TDM_OK)
		err = gerr;
	tdm_buf_release(&actor);
	tdm_buf_release(&object);
	tdm_buf_release(&detail);
	return err;
}
