/*
 * The hash-chained audit log of audit.h.
 *
 * An entry's hash is BLAKE2b-256 (libsodium's generic hash) over its id,
 * time, actor, action, object, detail and the previous entry's hash, each
 * prefixed with its length so that no two entries serialise alike.  The
 * first entry's previous hash is 64 zeros.
 *
 * An entry never holds a name, an e-mail, a matricule or a text someone
 * typed.  People are named by subject keys: "p-" and 20 random hex
 * digits, one per person, drawn at the first entry that names them.
 * Whom a key stands for is kept in audit_subject, outside the chain;
 * erasure deletes that row (audit_forget) and never an entry, so that
 * the chain is only ever appended to and no recorded hash was computed
 * over anything that identifies anyone.  Readers see the keys resolved
 * back to matricules (or coaches' e-mails) while the row exists,
 * "[erased]" after.
 *
 * Callers still name objects and write details as they always did
 * (audit_append's kind, name and printf format): the translation is
 * done here, argument by argument, so that it holds by rule whatever
 * the caller passes.  A string argument is kept only when it is a
 * person (then their key), a word of Tandem's own vocabulary, a number
 * or date, or the name of a programme, topic or session; anything else
 * is free text and becomes "[text]": the entry points at the act, the
 * row holds the text.
 */
#include <ctype.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "tandem/audit.h"
#include "tandem/lists.h"
#include "tandem/role.h"
#include "tandem/strbuf.h"
#include "internal.h"
#include "lifecycle.h"

#define HASH_HEX (crypto_generichash_BYTES * 2 + 1)
#define KEY_HEX	20	/* hex digits of a subject key after "p-" */

static const char zero[HASH_HEX] =
    "0000000000000000000000000000000000000000000000000000000000000000";

/* What a detail argument that is not kept becomes. */
static const char redacted[] = "[text]";

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

/* --- Subject keys ---------------------------------------------------- */

/*
 * The subject key of an employee (coach 0) or a coach, drawn at random
 * and recorded the first time; with create 0, "" when there is none.
 */
static enum tdm_err
subject_key(struct tdm_store *st, int64_t employee, int64_t coach,
    int create, char key[AUDIT_KEY_SIZE])
{
	struct query	 q;
	unsigned char	 rnd[KEY_HEX / 2];
	enum tdm_err	 err;

	key[0] = '\0';
	q = query_start(st, employee ? STMT_SUBJECT_OF_EMPLOYEE :
	    STMT_SUBJECT_OF_COACH);
	bind_int(&q, employee ? employee : coach);
	if (query_row(&q))
		snprintf(key, AUDIT_KEY_SIZE, "%s", col_text(&q));
	if ((err = query_end(&q)) != TDM_OK || key[0] != '\0' || !create)
		return err;
	randombytes_buf(rnd, sizeof(rnd));
	memcpy(key, "p-", 2);
	sodium_bin2hex(key + 2, AUDIT_KEY_SIZE - 2, rnd, sizeof(rnd));
	q = query_start(st, STMT_SUBJECT_INSERT);
	bind_text(&q, key);
	if (employee) {
		bind_int(&q, employee);
		bind_null(&q);
	} else {
		bind_null(&q);
		bind_int(&q, coach);
	}
	return query_exec(&q);
}

enum tdm_err
audit_subject(struct tdm_store *st, int64_t employee, int64_t coach,
    char key[AUDIT_KEY_SIZE])
{
	return subject_key(st, employee, coach, 1, key);
}

enum tdm_err
audit_forget(struct tdm_store *st, int64_t employee, int64_t coach)
{
	struct query	 q = query_start(st, employee ?
	    STMT_SUBJECT_FORGET_EMPLOYEE : STMT_SUBJECT_FORGET_COACH);

	bind_int(&q, employee ? employee : coach);
	return query_exec(&q);
}

/* The id of the active employee with this matricule, or 0. */
static enum tdm_err
lookup(struct tdm_store *st, enum stmt which, const char *s, int64_t *id)
{
	struct query	 q = query_start(st, which);

	*id = 0;
	bind_text(&q, s);
	if (query_row(&q))
		*id = col_int(&q);
	return query_end(&q);
}

/*
 * If s names a person (an employee's matricule, a coach's e-mail), their
 * key into key and *found 1.
 */
static enum tdm_err
person_key(struct tdm_store *st, const char *s, char key[AUDIT_KEY_SIZE],
    int *found)
{
	int64_t		 id;
	enum tdm_err	 err;

	*found = 0;
	if ((err = lookup(st, STMT_SUBJECT_EMPLOYEE, s, &id)) != TDM_OK)
		return err;
	if (id != 0) {
		*found = 1;
		return subject_key(st, id, 0, 1, key);
	}
	if (strchr(s, '@') == NULL)
		return TDM_OK;
	if ((err = lookup(st, STMT_SUBJECT_COACH, s, &id)) != TDM_OK)
		return err;
	if (id != 0) {
		*found = 1;
		return subject_key(st, 0, id, 1, key);
	}
	return TDM_OK;
}

/* --- What a detail may hold -------------------------------------------- */

/* Tandem's own words, which name nobody. */
static const char *const vocabulary[] = {
	"admin", "manager", "sponsor", "coach", "mentor", "mentee", "member",
	"self", "recorded", "holds", "FAILS", "yes", "no", "fr", "en",
	"proposed", "published", "accepted", "declined", "planned", "held",
	"cancelled", "moved", "present", "absent", "employee", "programme",
	"session", "pair", "roster", "backup", "store", "retention", "on",
	"off", "true", "false", "none", "group", "one-to-one", "mixed",
	"remote", "onsite", "web", "cli", "api", "import", "export",
	/* The fields of an enrolment that changed. */
	"topics", "languages", "site", "availability", "capacity",
	/* The ways in, and why a sign-in was refused (issue 14). */
	"oidc", "proxy", "password", "account", "created",
	"employee-passwords-off", "unknown-employee", "inactive-employee",
	"state-missing", "state-replayed", "mix-up", "provider-unreachable",
	"code-refused", "malformed-token", "bad-algorithm", "unknown-key",
	"bad-signature", "wrong-issuer", "wrong-audience", "expired",
	"wrong-nonce", "no-claim", "unverified-email", "provider-error",
	"bad-state", "not-configured", "unknown",
	/* The coach's notes on tandems (issue 15). */
	"note", "followed",
	/* Proposals' deadlines and the outbox's retention (issue 13). */
	"deadline",
	/* The surveys (issue 16): the stages. */
	"closing", "followup",
};

static int
is_word(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < sizeof(vocabulary) / sizeof(vocabulary[0]); i++)
		if (strlen(vocabulary[i]) == n &&
		    strncmp(s, vocabulary[i], n) == 0)
			return 1;
	for (i = 0; i < ST__MAX; i++)
		if (strlen(states[i]) == n && strncmp(s, states[i], n) == 0)
			return 1;
	return 0;
}

/*
 * Whether s is made of Tandem's words only, separated by spaces, commas
 * or semicolons (" topics site", "by oidc; account created").
 */
static int
is_vocabulary(const char *s)
{
	size_t	 n;
	int	 words = 0;

	for (;;) {
		s += strspn(s, " ,;");
		if (*s == '\0')
			return words > 0;
		n = strcspn(s, " ,;");
		if (!is_word(s, n))
			return 0;
		words++;
		s += n;
	}
}

/* Only spaces and ASCII punctuation: the glue between arguments. */
static int
is_glue(const char *s)
{
	for (; *s; s++)
		if (isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* A number, a date or a time: digits and ":-+./TZ" only. */
static int
is_number(const char *s)
{
	int	 digit = 0;

	for (; *s; s++) {
		if (isdigit((unsigned char)*s))
			digit = 1;
		else if (strchr(":-+./TZ ", *s) == NULL)
			return 0;
	}
	return digit;
}

/*
 * Append to b what an entry may say for the string argument s: the key
 * of the person it names, s itself when it names nobody by rule, or
 * "[text]".
 */
static enum tdm_err
keep(struct tdm_store *st, struct tdm_buf *b, const char *s)
{
	char		 key[AUDIT_KEY_SIZE];
	int64_t		 known;
	enum tdm_err	 err;
	int		 found;

	if (s == NULL || is_glue(s)) {
		tdm_buf_adds(b, s != NULL ? s : "");
		return TDM_OK;
	}
	if ((err = person_key(st, s, key, &found)) != TDM_OK)
		return err;
	if (found) {
		tdm_buf_adds(b, key);
		return TDM_OK;
	}
	if (is_vocabulary(s) || is_number(s)) {
		tdm_buf_adds(b, s);
		return TDM_OK;
	}
	if ((err = lookup(st, STMT_AUDIT_WORD_KNOWN, s, &known)) != TDM_OK)
		return err;
	tdm_buf_adds(b, known ? s : redacted);
	return TDM_OK;
}

/*
 * The detail of an entry: fmt with its arguments, each string argument
 * through keep().  Understands the conversions C99's printf has; width
 * and precision are kept for numbers, dropped for strings (a key or a
 * word is never cut).
 */
static enum tdm_err
format_detail(struct tdm_store *st, struct tdm_buf *b, const char *fmt,
    va_list ap)
{
	char		 spec[48];
	const char	*p = fmt;
	size_t		 n;
	enum tdm_err	 err;
	int		 width, prec, len;
	char		 conv;

	while (*p) {
		if (*p != '%') {
			tdm_buf_addch(b, *p++);
			continue;
		}
		if (p[1] == '%') {
			tdm_buf_addch(b, '%');
			p += 2;
			continue;
		}
		/* Rebuild the conversion with j for every integer length. */
		n = 0;
		spec[n++] = *p++;
		while (*p && strchr("-+ #0", *p) && n < 8)
			spec[n++] = *p++;
		prec = -1;
		if (*p == '*') {
			width = va_arg(ap, int);
			p++;
		} else
			for (width = 0; isdigit((unsigned char)*p); p++)
				width = width * 10 + (*p - '0');
		if (*p == '.') {
			p++;
			if (*p == '*') {
				prec = va_arg(ap, int);
				p++;
			} else
				for (prec = 0; isdigit((unsigned char)*p); p++)
					prec = prec * 10 + (*p - '0');
		}
		len = 0;
		while (*p && strchr("hlLjzt", *p)) {
			len = len == 'l' && *p == 'l' ? 'q' :
			    len == 'h' && *p == 'h' ? 'H' : *p;
			p++;
		}
		if ((conv = *p) == '\0')
			break;
		p++;
		if (width > 0)
			n += (size_t)snprintf(spec + n, sizeof(spec) - n, "%d",
			    width);
		if (prec >= 0 && conv != 's')
			n += (size_t)snprintf(spec + n, sizeof(spec) - n, ".%d",
			    prec);
		switch (conv) {
		case 's':
			if ((err = keep(st, b, va_arg(ap, const char *))) !=
			    TDM_OK)
				return err;
			break;
		case 'd':
		case 'i': {
			intmax_t v;

			v = len == 'q' ? va_arg(ap, long long) : len == 'l' ?
			    va_arg(ap, long) : len == 'j' ? va_arg(ap,
			    intmax_t) : len == 'z' ? (intmax_t)va_arg(ap,
			    size_t) : len == 't' ? va_arg(ap, ptrdiff_t) :
			    va_arg(ap, int);
			snprintf(spec + n, sizeof(spec) - n, "j%c", conv);
			tdm_buf_addf(b, spec, v);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o': {
			uintmax_t v;

			v = len == 'q' ? va_arg(ap, unsigned long long) :
			    len == 'l' ? va_arg(ap, unsigned long) :
			    len == 'j' ? va_arg(ap, uintmax_t) : len == 'z' ?
			    va_arg(ap, size_t) : len == 't' ?
			    (uintmax_t)va_arg(ap, ptrdiff_t) :
			    va_arg(ap, unsigned);
			snprintf(spec + n, sizeof(spec) - n, "j%c", conv);
			tdm_buf_addf(b, spec, v);
			break;
		}
		case 'f':
		case 'F':
		case 'e':
		case 'E':
		case 'g':
		case 'G':
			snprintf(spec + n, sizeof(spec) - n, "%c", conv);
			tdm_buf_addf(b, spec, len == 'L' ?
			    (double)va_arg(ap, long double) :
			    va_arg(ap, double));
			break;
		case 'c':
			/* A character is a piece of text: kept if glue. */
			tdm_buf_addch(b, (char)va_arg(ap, int));
			break;
		default:
			(void)va_arg(ap, void *);
			tdm_buf_adds(b, redacted);
			break;
		}
	}
	return TDM_OK;
}

/* The key of the actor, or "system" for the system operator. */
enum tdm_err
audit_actor_key(struct tdm_store *st, const struct tdm_actor *actor,
    char key[AUDIT_KEY_SIZE])
{
	if (actor->employee_id != 0)
		return subject_key(st, actor->employee_id, 0, 1, key);
	if (actor->coach_id != 0)
		return subject_key(st, 0, actor->coach_id, 1, key);
	snprintf(key, AUDIT_KEY_SIZE, "%s", "system");
	return TDM_OK;
}

/* Append one entry as it is to be stored, chained to the last one. */
static enum tdm_err
append_raw(struct tdm_store *st, const char *actor, const char *action,
    const char *object, const char *detail)
{
	struct query	 q;
	char		 now[TIMESTAMP_SIZE], prev[HASH_HEX], hash[HASH_HEX];
	int64_t		 id = 1;
	enum tdm_err	 err;

	memcpy(prev, zero, sizeof(prev));
	q = query_start(st, STMT_AUDIT_LAST);
	if (query_row(&q)) {
		id = col_int(&q) + 1;
		snprintf(prev, sizeof(prev), "%s", col_text(&q));
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	store_timestamp(st, now);
	entry_hash(id, now, actor, action, object, detail, prev, hash);
	q = query_start(st, STMT_AUDIT_INSERT);
	bind_int(&q, id);
	bind_text(&q, now);
	bind_text(&q, actor);
	bind_text(&q, action);
	bind_text(&q, object);
	bind_text(&q, detail);
	bind_text(&q, prev);
	bind_text(&q, hash);
	if ((err = query_exec(&q)) != TDM_OK)
		return err;
	return head_set(st, id, hash);
}

enum tdm_err
audit_append(struct tdm_store *st, const struct tdm_actor *actor,
    const char *action, const char *kind, const char *name,
    const char *fmt, ...)
{
	struct tdm_buf	 detail = TDM_BUF_INIT, object = TDM_BUF_INIT;
	char		 who[AUDIT_KEY_SIZE], key[AUDIT_KEY_SIZE];
	enum tdm_err	 err;
	va_list		 ap;
	int		 found;

	if ((err = audit_actor_key(st, actor, who)) != TDM_OK)
		return err;
	va_start(ap, fmt);
	err = format_detail(st, &detail, fmt, ap);
	va_end(ap);
	if (err != TDM_OK)
		goto out;
	/* The object is named as it is unless it is a person. */
	if ((err = person_key(st, name, key, &found)) != TDM_OK)
		goto out;
	tdm_buf_addf(&object, "%s:%s", kind, found ? key : name);
	if (detail.failed || object.failed) {
		err = TDM_ENOMEM;
		goto out;
	}
	err = append_raw(st, who, action, object.buf, detail.buf);
out:
	tdm_buf_release(&detail);
	tdm_buf_release(&object);
	return err;
}

/* --- Reading --------------------------------------------------------- */

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

/* A byte that continues a word: letters, digits, UTF-8, "-_.@". */
static int
wordch(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z') || c >= 0x80 || c == '-' || c == '_' ||
	    c == '.' || c == '@';
}

/* Whether the word of n bytes at s is a subject key. */
static int
is_key(const char *s, size_t n)
{
	size_t	 i;

	if (n != 2 + KEY_HEX || s[0] != 'p' || s[1] != '-')
		return 0;
	for (i = 2; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/*
 * s with every subject key replaced by the person it stands for, or by
 * erased when nobody does any more.
 */
enum tdm_err
audit_resolve(struct tdm_store *st, const char *s, const char *erased,
    struct tdm_buf *b)
{
	struct query	 q;
	char		 key[AUDIT_KEY_SIZE];
	const char	*p = s, *w;
	enum tdm_err	 err;
	int		 found;

	tdm_buf_reset(b);
	while (*p) {
		if (!wordch((unsigned char)*p)) {
			tdm_buf_addch(b, *p++);
			continue;
		}
		for (w = p; wordch((unsigned char)*p); p++)
			;
		if (!is_key(w, (size_t)(p - w))) {
			tdm_buf_add(b, w, (size_t)(p - w));
			continue;
		}
		memcpy(key, w, (size_t)(p - w));
		key[p - w] = '\0';
		q = query_start(st, STMT_SUBJECT_RESOLVE);
		bind_text(&q, key);
		if ((found = query_row(&q)))
			tdm_buf_adds(b, col_text(&q));
		if ((err = query_end(&q)) != TDM_OK)
			return err;
		if (!found)
			tdm_buf_adds(b, erased);
	}
	return b->failed ? TDM_ENOMEM : TDM_OK;
}

/* Whether text names word as a whole word. */
int
names_word(const char *text, const char *word)
{
	size_t		 n = strlen(word);
	const char	*p;

	if (n == 0)
		return 0;
	for (p = strstr(text, word); p != NULL; p = strstr(p + 1, word))
		if ((p == text || !wordch((unsigned char)p[-1])) &&
		    !wordch((unsigned char)p[n]))
			return 1;
	return 0;
}

enum tdm_err
audit_naming(struct tdm_store *st, const char *key,
    int (*fn)(void *, const struct tdm_audit_entry *), void *arg)
{
	struct tdm_buf		 actor = TDM_BUF_INIT, object = TDM_BUF_INIT,
				 detail = TDM_BUF_INIT;
	struct tdm_audit_entry	 e;
	struct query		 q = query_start(st, STMT_AUDIT_LIST);
	enum tdm_err		 err = TDM_OK, qerr;

	while (query_row(&q)) {
		entry_from(&q, &e);
		if (key != NULL && !names_word(e.actor, key) &&
		    !names_word(e.object, key) && !names_word(e.detail, key))
			continue;
		if ((err = audit_resolve(st, e.actor, "[erased]", &actor)) !=
		    TDM_OK ||
		    (err = audit_resolve(st, e.object, "[erased]", &object)) !=
		    TDM_OK ||
		    (err = audit_resolve(st, e.detail, "[erased]", &detail)) !=
		    TDM_OK)
			break;
		e.actor = actor.buf;
		e.object = object.buf;
		e.detail = detail.buf;
		if (fn(arg, &e) != 0)
			break;
	}
	qerr = query_end(&q);
	tdm_buf_release(&actor);
	tdm_buf_release(&object);
	tdm_buf_release(&detail);
	return err != TDM_OK ? err : qerr;
}

/*
 * The whole log is the admin's (the system operator's among them).
 * Anyone else reads the entries that name them, those their own export
 * gives them (privacy.c).
 */
enum tdm_err
tdm_audit_each(struct tdm_store *st, const struct tdm_actor *actor,
    int (*fn)(void *, const struct tdm_audit_entry *), void *arg)
{
	char		 key[AUDIT_KEY_SIZE];
	enum tdm_err	 err;

	if (permitted(actor, OP_AUDIT_READ))
		return audit_naming(st, NULL, fn, arg);
	if ((err = subject_key(st, actor->employee_id, actor->coach_id, 0,
	    key)) != TDM_OK || key[0] == '\0')
		return err;
	return audit_naming(st, key, fn, arg);
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

/* --- The one-time upgrade of a log written before subject keys ---------- */

/*
 * One word of an old entry as a new entry would say it: a person's key,
 * "[erased]" for a pseudonym of the erased (their names were already
 * scrubbed), the word itself by keep()'s rules, or "[text]".
 */
/* The words of the format strings of the entries written before keys. */
static const char *const oldwords[] = {
	"as", "charter", "version", "opt-in", "for", "the", "of", "and", "by",
	"to", "sessions", "members", "mentees", "matched", "total", "score",
	"certificate", "pairs", "future", "cancelled", "texts", "cleared",
	"people", "erased", "entries", "audit", "re-chained", "head", "was",
	"their", "own", "request", "behalf", "valid", "days", "pair",
};

static enum tdm_err
upgrade_word(struct tdm_store *st, struct tdm_buf *b, const char *w)
{
	const char	*p;
	size_t		 i;

	for (i = 0; i < sizeof(oldwords) / sizeof(oldwords[0]); i++)
		if (strcmp(w, oldwords[i]) == 0) {
			tdm_buf_adds(b, w);
			return TDM_OK;
		}

	if (strncmp(w, "erased-", 7) == 0 || strcmp(w, "[erased]") == 0) {
		for (p = w + 7; isdigit((unsigned char)*p); p++)
			;
		if (*p == '\0' || strcmp(w, "[erased]") == 0) {
			tdm_buf_adds(b, "[erased]");
			return TDM_OK;
		}
	}
	return keep(st, b, w);
}

/*
 * Every word of s (runs of wordch bytes, and "[erased]") through
 * upgrade_word(); runs of "[text]" told once.
 */
static enum tdm_err
upgrade_text(struct tdm_store *st, const char *s, struct tdm_buf *b)
{
	struct tdm_buf	 word = TDM_BUF_INIT, glue = TDM_BUF_INIT;
	const char	*p = s, *w;
	size_t		 mark;
	enum tdm_err	 err = TDM_OK;
	int		 last_redacted = 0;

	tdm_buf_reset(b);
	while (*p) {
		tdm_buf_reset(&glue);
		while (*p && !wordch((unsigned char)*p) &&
		    strncmp(p, "[erased]", 8) != 0)
			tdm_buf_addch(&glue, *p++);
		if (*p == '\0') {
			tdm_buf_add(b, glue.buf, glue.len);
			break;
		}
		tdm_buf_reset(&word);
		if (strncmp(p, "[erased]", 8) == 0) {
			tdm_buf_adds(&word, "[erased]");
			p += 8;
		} else {
			for (w = p; wordch((unsigned char)*p); p++)
				;
			tdm_buf_add(&word, w, (size_t)(p - w));
		}
		mark = b->len;
		tdm_buf_add(b, glue.buf, glue.len);
		if ((err = upgrade_word(st, b, word.buf)) != TDM_OK)
			break;
		if (strcmp(b->buf + mark + glue.len, redacted) == 0) {
			if (last_redacted && strspn(glue.buf, " '") ==
			    glue.len)
				tdm_buf_truncate(b, mark);
			last_redacted = 1;
		} else
			last_redacted = 0;
	}
	tdm_buf_release(&word);
	tdm_buf_release(&glue);
	if (err == TDM_OK && b->failed)
		err = TDM_ENOMEM;
	return err;
}

/* An old entry's actor or object name: a whole value, not words. */
static enum tdm_err
upgrade_name(struct tdm_store *st, const char *s, struct tdm_buf *b)
{
	char		 key[AUDIT_KEY_SIZE];
	enum tdm_err	 err;
	int		 found;

	tdm_buf_reset(b);
	if (strcmp(s, "system") == 0) {
		tdm_buf_adds(b, s);
		return TDM_OK;
	}
	if ((err = person_key(st, s, key, &found)) != TDM_OK)
		return err;
	/*
	 * Anything else that was a person (a pseudonym, an e-mail of a
	 * coach since gone) names nobody now; the rest (programme names,
	 * session ids) is kept whole.
	 */
	if (found)
		tdm_buf_adds(b, key);
	else if (strncmp(s, "erased-", 7) == 0 || strchr(s, '@') != NULL)
		tdm_buf_adds(b, "[erased]");
	else
		tdm_buf_adds(b, s);
	return b->failed ? TDM_ENOMEM : TDM_OK;
}

/* Rewrite every entry, re-chained from the first. */
static enum tdm_err
upgrade_entries(struct tdm_store *st, int64_t *count)
{
	struct tdm_buf		 actor = TDM_BUF_INIT, object = TDM_BUF_INIT,
				 name = TDM_BUF_INIT, detail = TDM_BUF_INIT;
	struct tdm_audit_entry	 e;
	struct query		 list, upd;
	const char		*colon;
	char			 prev[HASH_HEX], hash[HASH_HEX];
	int64_t			 last = 0;
	enum tdm_err		 err = TDM_OK, qerr;

	memcpy(prev, zero, sizeof(prev));
	list = query_start(st, STMT_AUDIT_LIST);
	while (query_row(&list)) {
		entry_from(&list, &e);
		last = e.id;
		if ((err = upgrade_name(st, e.actor, &actor)) != TDM_OK)
			break;
		tdm_buf_reset(&object);
		if ((colon = strchr(e.object, ':')) != NULL) {
			tdm_buf_add(&object, e.object, (size_t)(colon -
			    e.object) + 1);
			if ((err = upgrade_name(st, colon + 1, &name)) !=
			    TDM_OK)
				break;
			tdm_buf_add(&object, name.buf, name.len);
		} else
			tdm_buf_adds(&object, e.object);
		if ((err = upgrade_text(st, e.detail, &detail)) != TDM_OK)
			break;
		if (object.failed) {
			err = TDM_ENOMEM;
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
		(*count)++;
	}
	if ((qerr = query_end(&list)) != TDM_OK && err == TDM_OK)
		err = qerr;
	if (err == TDM_OK && last != 0)
		err = head_set(st, last, prev);
	tdm_buf_release(&actor);
	tdm_buf_release(&object);
	tdm_buf_release(&name);
	tdm_buf_release(&detail);
	return err;
}

enum tdm_err
tdm_audit_upgrade(struct tdm_store *st, struct tdm_diags *d)
{
	struct tdm_actor	 sys;
	struct query		 q;
	int64_t			 pending = 0, count = 0;
	enum tdm_err		 err, gerr;

	q = query_start(st, STMT_AUDIT_UPGRADE_PENDING);
	if (query_row(&q))
		pending = col_int(&q);
	if ((err = query_end(&q)) != TDM_OK || pending == 0)
		return err;
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	/* The guard against updates is lifted for this one rewrite and put
	 * back in the same transaction. */
	if ((err = store_audit_unguard(st)) == TDM_OK)
		err = upgrade_entries(st, &count);
	if ((gerr = store_audit_guard(st)) != TDM_OK && err == TDM_OK)
		err = gerr;
	if (err == TDM_OK) {
		q = query_start(st, STMT_AUDIT_UPGRADE_DONE);
		err = query_exec(&q);
	}
	tdm_actor_system(&sys);
	if (err == TDM_OK)
		err = audit_append(st, &sys, "audit.upgrade", "store", "audit",
		    "%" PRId64 " entries re-keyed: people by subject keys, "
		    "free text removed", count);
	if (err == TDM_OK)
		err = store_commit(st);
	if (err != TDM_OK) {
		store_rollback(st);
		tdm_diag_add(d, "audit", 0, 0, "the audit log could not be "
		    "re-keyed: %s", tdm_strerror(err));
	}
	return err;
}

/* A page of the log, for the admin only. */
enum tdm_err
tdm_audit_page(struct tdm_store *st, const struct tdm_actor *actor,
    struct tdm_page *pg, const char *act, time_t from, time_t to,
    int (*fn)(void *, const struct tdm_audit_entry *), void *arg,
    struct tdm_diags *d)
{
	struct tdm_audit_entry	 e;
	struct query		 q;
	struct tm		 tm;
	char			 like[256], f[32] = "", t[32] = "";
	int64_t			 after;
	size_t			 n = 0;
	int			 more = 0;
	enum tdm_err		 err;

	if ((err = authorize(actor, OP_AUDIT_READ, d)) != TDM_OK)
		return err;
	if (list_cursor(pg, &after, d) != 0)
		return TDM_EINVAL;
	if (act == NULL)
		act = "";
	/* A family: "programme" keeps "programme.approve" and the others. */
	like[0] = '\0';
	if (*act != '\0' && strchr(act, '.') == NULL &&
	    strlen(act) < sizeof(like) - 4 &&
	    strcspn(act, "%_!") == strlen(act))
		snprintf(like, sizeof(like), "%s.%%", act);
	if (from && gmtime_r(&from, &tm) != NULL)
		strftime(f, sizeof(f), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (to && gmtime_r(&to, &tm) != NULL)
		strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%SZ", &tm);
	q = query_start(st, STMT_AUDIT_PAGE);
	bind_text(&q, act);
	bind_text(&q, like);
	bind_text(&q, f);
	bind_text(&q, t);
	bind_int(&q, after);
	bind_int(&q, (int64_t)pg->limit + 1);
	while (query_row(&q)) {
		entry_from(&q, &e);
		if (!list_row(pg, &n, e.id)) {
			more = 1;
			break;
		}
		if (fn(arg, &e) != 0)
			break;
	}
	list_end(pg, more);
	return query_end(&q);
}
