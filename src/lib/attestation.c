/*
 * Attestations and kudos (attestation.h).
 *
 * The attestation's text is built once, from the store, in a fixed
 * order of lines, and kept as it was issued: what it says does not move
 * when later sessions are held (a new attestation says more).  Its
 * digest is written in decimal groups so that the audit entry keeps it
 * by rule (audit.c keeps numbers; a hex digest would read "[text]").
 * The digest is keyed with a random key kept in the attestation's row,
 * outside the chain: the text names the mentor, and an unkeyed digest in
 * the log would let anyone confirm a guessed text after the erasure has
 * deleted the row (issue 17).  Changing the row's text or key cannot
 * meet the digest the chain holds.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "tandem/attestation.h"
#include "tandem/audit.h"
#include "tandem/ical.h"
#include "internal.h"
#include "data.h"
#include "perm.h"

#define DIGEST_DEC	(16 * 6)

#define DIGEST_KEY	crypto_generichash_KEYBYTES

/*
 * The digest of a text under the attestation's key: 16 groups of five
 * digits, dot-separated.  A key of another length (a row changed by
 * hand) gives a digest that matches nothing.
 */
static void
digest(const char *text, const unsigned char *key, size_t keylen,
    char out[DIGEST_DEC])
{
	unsigned char	 h[32];
	size_t		 i, n = 0;

	if (keylen < crypto_generichash_KEYBYTES_MIN ||
	    keylen > crypto_generichash_KEYBYTES_MAX)
		keylen = 0;
	crypto_generichash(h, sizeof(h), (const unsigned char *)text,
	    strlen(text), key, keylen);
	out[0] = '\0';
	for (i = 0; i < 16; i++)
		n += (size_t)snprintf(out + n, DIGEST_DEC - n, "%s%05u",
		    i ? "." : "", (unsigned)(h[2 * i] << 8 | h[2 * i + 1]));
}

/* A code a person can read out: 12 of Crockford's 32 letters. */
static void
new_code(char code[TDM_ATTESTATION_CODE])
{
	static const char	 alpha[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	unsigned char		 rnd[12];
	size_t			 i, n = 0;

	randombytes_buf(rnd, sizeof(rnd));
	for (i = 0; i < sizeof(rnd); i++) {
		if (i && i % 4 == 0)
			code[n++] = '-';
		code[n++] = alpha[rnd[i] & 31];
	}
	code[n] = '\0';
}

static void
today(const struct tdm_store *st, char *buf, size_t len)
{
	time_t		 now = tdm_store_now(st);
	struct tm	 tm;

	now += tdm_paris_offset(now);
	gmtime_r(&now, &tm);
	strftime(buf, len, "%d/%m/%Y", &tm);
}

/* The text of the attestation, from the store. */
static enum tdm_err
compose(struct tdm_store *st, const struct programme_ref *p, int64_t mentor,
    const char *code, struct tdm_buf *b, struct tdm_diags *d)
{
	struct query	 q;
	int64_t		 held = 0, minutes = 0, kudos = 0, topic, cur = -1;
	int		 named = 0;
	const char	*label, *cc, *cl;
	char		 date[16];
	enum tdm_err	 err;

	tdm_buf_adds(b, "Tandem — attestation de mentorat\n");
	tdm_buf_addf(b, "Code de vérification : %s\n", code);
	q = query_start(st, STMT_ATTEST_PERSON);
	bind_int(&q, mentor);
	if (query_row(&q)) {
		const char *first = col_text(&q);

		tdm_buf_addf(b, "Mentor : %s %s\n", first, col_text(&q));
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	tdm_buf_addf(b, "Programme : %s\n", p->name);
	q = query_start(st, STMT_ATTEST_SPONSOR);
	bind_int(&q, p->id);
	if (query_row(&q)) {
		const char *first = col_text(&q);

		tdm_buf_addf(b, "Approuvé par : %s %s, sponsor du programme\n",
		    first, col_text(&q));
	} else
		tdm_buf_adds(b, "Approuvé par : (pas d'approbation "
		    "enregistrée)\n");
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	q = query_start(st, STMT_ATTEST_HELD);
	bind_int(&q, mentor);
	if (query_row(&q)) {
		held = col_int(&q);
		minutes = col_int(&q);
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	if (held == 0) {
		tdm_diag_add(d, NULL, 0, 0, "no session held yet in programme "
		    "\"%s\": there is nothing to attest", p->name);
		return TDM_ESTATE;
	}
	tdm_buf_addf(b, "Séances tenues : %lld\n", (long long)held);
	tdm_buf_addf(b, "Heures de mentorat : %lld h %02lld\n",
	    (long long)(minutes / 60), (long long)(minutes % 60));
	tdm_buf_adds(b, "Thèmes transmis (compétences du CRCN) :\n");
	q = query_start(st, STMT_ATTEST_TOPICS);
	bind_int(&q, mentor);
	while (query_row(&q)) {
		topic = col_int(&q);
		label = col_text(&q);
		cc = col_text(&q);
		cl = col_text(&q);
		if (topic != cur) {
			if (cur != -1)
				tdm_buf_adds(b, "\n");
			tdm_buf_addf(b, "- %s", label);
			cur = topic;
		}
		if (*cc != '\0')
			tdm_buf_addf(b, " ; CRCN %s %s", cc, cl);
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	tdm_buf_adds(b, cur == -1 ? "- (aucun thème commun enregistré)\n" :
	    "\n");
	/* The mentees named with both people's agreement, if any. */
	q = query_start(st, STMT_NAMING_NAMED);
	bind_int(&q, mentor);
	while (query_row(&q)) {
		const char *first = col_text(&q);

		tdm_buf_addf(b, "%s%s %s", named++ ? ", " : "Mentoré(s), "
		    "nommé(s) avec leur accord : ", first, col_text(&q));
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	if (named)
		tdm_buf_adds(b, "\n");
	q = query_start(st, STMT_ATTEST_KUDOS);
	bind_int(&q, mentor);
	if (query_row(&q))
		kudos = col_int(&q);
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	tdm_buf_addf(b, "Remerciements reçus de mentorés : %lld\n",
	    (long long)kudos);
	today(st, date, sizeof(date));
	tdm_buf_addf(b, "Émise le : %s\n", date);
	tdm_buf_adds(b, named ? "Un mentoré n'est nommé qu'avec son accord "
	    "et celui de son mentor. Vérification : page « Vérifier une "
	    "attestation » de Tandem, avec le code.\n" : "Aucun mentoré n'est "
	    "nommé. Vérification : page « Vérifier une attestation » de "
	    "Tandem, avec le code.\n");
	return b->failed ? TDM_ENOMEM : TDM_OK;
}

enum tdm_err
tdm_attestation_issue(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *matricule, char code[TDM_ATTESTATION_CODE],
    struct tdm_buf *content, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct query		 q;
	char			 dg[DIGEST_DEC], now[TIMESTAMP_SIZE];
	char			 head[65];
	unsigned char		 key[DIGEST_KEY];
	int64_t			 employee, mentor, entry;
	enum tdm_err		 err;

	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = programme_find(st, ref, &p, d)) != TDM_OK ||
	    (err = employee_find(st, matricule, 0, &employee, d)) != TDM_OK ||
	    (err = authorize_self_in(actor, employee, OP_ENROL_RECORD, p.id,
	    d)) != TDM_OK ||
	    (err = enrolment_find(st, &p, matricule, "mentor", &mentor, d)) !=
	    TDM_OK)
		goto fail;
	new_code(code);
	content->len = 0;
	if ((err = compose(st, &p, mentor, code, content, d)) != TDM_OK)
		goto fail;
	randombytes_buf(key, sizeof(key));
	digest(content->buf, key, sizeof(key), dg);
	if ((err = audit_append(st, actor, "attestation.issue",
	    "attestation", code, "programme %s; digest %s", p.name, dg)) !=
	    TDM_OK || (err = audit_head(st, &entry, head)) != TDM_OK)
		goto fail;
	store_timestamp(st, now);
	q = query_start(st, STMT_ATTEST_INSERT);
	bind_text(&q, code);
	bind_int(&q, mentor);
	bind_text(&q, content->buf);
	bind_text(&q, dg);
	bind_int(&q, entry);
	bind_text(&q, now);
	bind_text(&q, actor->name);
	bind_blob(&q, key, sizeof(key));
	if ((err = query_exec(&q)) != TDM_OK)
		goto fail;
	/* The mentees it names, so that a withdrawal can retire it. */
	q = query_start(st, STMT_NAMING_RECORD);
	bind_int(&q, store_last_id(st));
	bind_int(&q, mentor);
	if ((err = query_exec(&q)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	return err;
}

enum tdm_err
tdm_attestation_list(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, int (*fn)(void *, const char *, const char *),
    void *arg, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct query		 q;
	int64_t			 mentor;
	char			 date[16];
	enum tdm_err		 err;

	if ((err = programme_find(st, ref, &p, d)) != TDM_OK ||
	    (err = enrolment_find(st, &p, actor->name, "mentor", &mentor,
	    d)) != TDM_OK)
		return err;
	q = query_start(st, STMT_ATTEST_LIST);
	bind_int(&q, mentor);
	while (query_row(&q)) {
		const char	*code = col_text(&q), *at = col_text(&q);

		snprintf(date, sizeof(date), "%.2s/%.2s/%.4s",
		    strlen(at) >= 10 ? at + 8 : "", strlen(at) >= 10 ? at + 5 :
		    "", at);
		if (fn(arg, code, date))
			break;
	}
	return query_end(&q);
}

enum tdm_err
tdm_attestation_verify(struct tdm_store *st, const char *code,
    const char *text, enum tdm_attestation_state *state,
    struct tdm_buf *stored, struct tdm_diags *d)
{
	struct query	 q;
	struct tdm_diags chain = TDM_DIAGS_INIT;
	char		 dg[DIGEST_DEC], want[DIGEST_DEC + 16], object[64];
	char		 kept[DIGEST_DEC], head[65];
	unsigned char	 key[DIGEST_KEY];
	const void	*k;
	size_t		 keylen = 0;
	int64_t		 entry = 0, count;
	int		 found = 0, anchored = 0;
	enum tdm_err	 err;

	*state = TDM_ATTESTATION_UNKNOWN;
	/* Retired: a person it named withdrew their agreement, and its
	 * text, which names them, is no longer shown. */
	q = query_start(st, STMT_NAMING_WITHDRAWN);
	bind_text(&q, code);
	if (query_row(&q) && col_int(&q))
		*state = TDM_ATTESTATION_WITHDRAWN;
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	if (*state == TDM_ATTESTATION_WITHDRAWN) {
		tdm_diag_add(d, NULL, 0, 0, "attestation \"%s\" was withdrawn: "
		    "a person it named withdrew their agreement", code);
		return TDM_OK;
	}
	q = query_start(st, STMT_ATTEST_FIND);
	bind_text(&q, code);
	if (query_row(&q)) {
		const char *c = col_text(&q);

		found = 1;
		if (stored != NULL)
			tdm_buf_adds(stored, c);
		snprintf(kept, sizeof(kept), "%s", col_text(&q));
		entry = col_int(&q);
		if ((k = col_blob(&q, &keylen)) != NULL &&
		    keylen <= sizeof(key))
			memcpy(key, k, keylen);
		else
			keylen = 0;
		if (text == NULL)
			digest(c, key, keylen, dg);
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	if (!found) {
		tdm_diag_add(d, NULL, 0, 0, "no attestation has the code "
		    "\"%s\"", code);
		return TDM_OK;
	}
	if (text != NULL)
		digest(text, key, keylen, dg);
	/* The entry that anchors it names it and holds the digest. */
	snprintf(object, sizeof(object), "attestation:%s", code);
	snprintf(want, sizeof(want), "; digest %s", dg);
	q = query_start(st, STMT_ATTEST_ENTRY);
	bind_int(&q, entry);
	if (query_row(&q)) {
		const char	*o = col_text(&q), *det = col_text(&q);
		size_t		 n = strlen(det), w = strlen(want);

		anchored = strcmp(o, object) == 0 && n >= w &&
		    strcmp(det + n - w, want) == 0 && strcmp(kept, dg) == 0;
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	/* And the chain, so that the entry cannot have been rewritten. */
	if (anchored) {
		err = tdm_audit_verify(st, &count, head, &chain);
		tdm_diags_free(&chain);
		if (err == TDM_EINVAL)
			anchored = 0;
		else if (err != TDM_OK)
			return err;
	}
	if (anchored)
		*state = TDM_ATTESTATION_GENUINE;
	else {
		*state = TDM_ATTESTATION_TAMPERED;
		tdm_diag_add(d, NULL, 0, 0, "attestation \"%s\" does not match "
		    "what was issued: it was changed", code);
	}
	return TDM_OK;
}

/*
 * Naming the mentee (issue 16, point 4): the actor's own agreement
 * that the attestations of their pair with partner name the mentee.
 * The actor's enrolment in p and its role first.
 */
static enum tdm_err
naming_self(struct tdm_store *st, const struct tdm_actor *actor,
    const struct programme_ref *p, int64_t *en, char role[8],
    struct tdm_diags *d)
{
	struct query	 q;
	enum tdm_err	 err;

	*en = 0;
	if (actor->employee_id == 0) {
		tdm_diag_add(d, NULL, 0, 0, "only the mentor and the mentee "
		    "themselves agree to naming the mentee");
		return TDM_EPERM;
	}
	q = query_start(st, STMT_SURVEY_ENROLMENT);
	bind_int(&q, p->id);
	bind_int(&q, actor->employee_id);
	if (query_row(&q)) {
		*en = col_int(&q);
		snprintf(role, 8, "%s", col_text(&q));
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	if (*en == 0) {
		tdm_diag_add(d, NULL, 0, 0, "%s is not enrolled in \"%s\"",
		    actor->name, p->name);
		return TDM_ENOENT;
	}
	return TDM_OK;
}

enum tdm_err
tdm_attestation_naming_each(struct tdm_store *st,
    const struct tdm_actor *actor, const char *ref,
    int (*fn)(void *, const struct tdm_naming *), void *arg,
    struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct tdm_naming	 n;
	struct query		 q;
	char			 role[8] = "";
	int64_t			 en;
	enum tdm_err		 err;

	if ((err = programme_find(st, ref, &p, d)) != TDM_OK ||
	    (err = naming_self(st, actor, &p, &en, role, d)) != TDM_OK)
		return err;
	q = query_start(st, STMT_NAMING_PAIRS);
	bind_int(&q, en);
	bind_text(&q, role);
	while (query_row(&q)) {
		memset(&n, 0, sizeof(n));
		col_skip(&q);
		col_skip(&q);
		n.partner = col_text(&q);
		n.first_name = col_text(&q);
		n.last_name = col_text(&q);
		n.mine = (int)col_int(&q);
		n.theirs = (int)col_int(&q);
		n.mentor = strcmp(role, "mentor") == 0;
		if (fn(arg, &n))
			break;
	}
	return query_end(&q);
}

enum tdm_err
tdm_attestation_naming(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *partner, int agree, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct query		 q;
	char			 role[8] = "", now[TIMESTAMP_SIZE];
	char			 with[64] = "";
	int64_t			 en, mentor = 0, mentee = 0;
	int			 several = 0;
	enum tdm_err		 err;

	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = programme_find(st, ref, &p, d)) != TDM_OK ||
	    (err = naming_self(st, actor, &p, &en, role, d)) != TDM_OK)
		goto fail;
	q = query_start(st, STMT_NAMING_PAIRS);
	bind_int(&q, en);
	bind_text(&q, role);
	while (query_row(&q)) {
		int64_t		 m = col_int(&q), e = col_int(&q);
		const char	*who = col_text(&q);

		col_skip(&q);
		col_skip(&q);
		col_skip(&q);
		col_skip(&q);
		if (partner != NULL && *partner != '\0' &&
		    strcmp(partner, who) != 0)
			continue;
		if (mentor != 0 && (m != mentor || e != mentee))
			several = 1;
		mentor = m;
		mentee = e;
		snprintf(with, sizeof(with), "%s", who);
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto fail;
	if (mentor == 0) {
		if (partner != NULL && *partner != '\0')
			tdm_diag_add(d, NULL, 0, 0, "%s is not your partner in "
			    "an accepted pair of \"%s\"", partner, p.name);
		else
			tdm_diag_add(d, NULL, 0, 0, "you have no accepted pair "
			    "in \"%s\" yet", p.name);
		err = TDM_ENOENT;
		goto fail;
	}
	if (several) {
		tdm_diag_add(d, NULL, 0, 0, "you have several partners in "
		    "\"%s\": say which one", p.name);
		err = TDM_EINVAL;
		goto fail;
	}
	store_timestamp(st, now);
	q = query_start(st, agree ? STMT_NAMING_PUT : STMT_NAMING_DROP);
	bind_int(&q, mentor);
	bind_int(&q, mentee);
	bind_text(&q, role);
	if (agree)
		bind_text(&q, now);
	if ((err = query_exec(&q)) != TDM_OK)
		goto fail;
	/* A withdrawal retires the attestations that name the mentee. */
	if (!agree) {
		q = query_start(st, STMT_NAMING_RETIRE);
		bind_int(&q, mentor);
		bind_int(&q, mentee);
		bind_text(&q, now);
		if ((err = query_exec(&q)) != TDM_OK)
			goto fail;
	}
	if ((err = audit_append(st, actor, agree ? "attestation.naming" :
	    "attestation.unnaming", "programme", p.name, "%s; with %s", role,
	    with)) !=
	    TDM_OK || (err = store_commit(st)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	return err;
}

/* The actor's mentee enrolment in p and the mentor kudos go to. */
static enum tdm_err
kudos_pair(struct tdm_store *st, const struct tdm_actor *actor,
    const struct programme_ref *p, const char *to, int64_t *mentee,
    int64_t *mentor, struct tdm_diags *d)
{
	struct query	 q;
	int		 n = 0;
	enum tdm_err	 err;

	if (actor->employee_id == 0) {
		tdm_diag_add(d, NULL, 0, 0, "only a mentee sends kudos, "
		    "signed in as themself");
		return TDM_EPERM;
	}
	if ((err = enrolment_find(st, p, actor->name, "mentee", mentee, d)) !=
	    TDM_OK)
		return err;
	*mentor = 0;
	q = query_start(st, STMT_KUDOS_MENTORS);
	bind_int(&q, *mentee);
	while (query_row(&q)) {
		int64_t		 id = col_int(&q);
		const char	*m = col_text(&q);

		if (to == NULL || strcmp(to, m) == 0) {
			*mentor = id;
			n++;
		}
	}
	if ((err = query_end(&q)) != TDM_OK)
		return err;
	if (n == 0) {
		tdm_diag_add(d, NULL, 0, 0, to == NULL ? "you have no mentor "
		    "yet in programme \"%s\"" : "this person is not your "
		    "mentor in programme \"%s\"", p->name);
		return TDM_ENOENT;
	}
	if (n > 1) {
		tdm_diag_add(d, NULL, 0, 0, "you have several mentors in "
		    "programme \"%s\": say which one", p->name);
		return TDM_EINVAL;
	}
	return TDM_OK;
}

enum tdm_err
tdm_kudos_send(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, const char *to, const char *message,
    struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct query		 q;
	char			 now[TIMESTAMP_SIZE];
	int64_t			 mentee, mentor;
	size_t			 n = 0;
	const unsigned char	*s;
	enum tdm_err		 err;

	for (s = (const unsigned char *)message; *s; s++) {
		if (*s < 0x20 || *s == 0x7f) {
			tdm_diag_add(d, NULL, 0, 0, "kudos: one line of "
			    "text, without control characters");
			return TDM_EINVAL;
		}
		if ((*s & 0xc0) != 0x80)
			n++;
	}
	if (n == 0 || n > TDM_KUDOS_MAX) {
		tdm_diag_add(d, NULL, 0, 0, "kudos: a message of 1 to %d "
		    "characters", TDM_KUDOS_MAX);
		return TDM_EINVAL;
	}
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = programme_find(st, ref, &p, d)) != TDM_OK ||
	    (err = kudos_pair(st, actor, &p, to, &mentee, &mentor, d)) !=
	    TDM_OK)
		goto fail;
	store_timestamp(st, now);
	q = query_start(st, STMT_KUDOS_PUT);
	bind_int(&q, mentee);
	bind_int(&q, mentor);
	bind_text(&q, message);
	bind_text(&q, now);
	/* The entry names the programme only: the message is private. */
	if ((err = query_exec(&q)) != TDM_OK ||
	    (err = audit_append(st, actor, "kudos.send", "programme", p.name,
	    "%s", "")) != TDM_OK || (err = store_commit(st)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	return err;
}

enum tdm_err
tdm_kudos_list(struct tdm_store *st, const struct tdm_actor *actor,
    const char *ref, int (*fn)(void *, const char *, const char *),
    void *arg, int *count, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct query		 q;
	int64_t			 mentor;
	char			 date[16];
	enum tdm_err		 err;

	*count = 0;
	if ((err = programme_find(st, ref, &p, d)) != TDM_OK)
		return err;
	if (actor->employee_id == 0) {
		tdm_diag_add(d, NULL, 0, 0, "kudos are private to the mentor "
		    "who received them");
		return TDM_EPERM;
	}
	if ((err = enrolment_find(st, &p, actor->name, "mentor", &mentor,
	    d)) != TDM_OK)
		return err;
	q = query_start(st, STMT_KUDOS_LIST);
	bind_int(&q, mentor);
	while (query_row(&q)) {
		const char	*m = col_text(&q), *at = col_text(&q);

		/* "2026-12-06T..." read as 06/12/2026. */
		snprintf(date, sizeof(date), "%.2s/%.2s/%.4s",
		    strlen(at) >= 10 ? at + 8 : "", strlen(at) >= 10 ? at + 5 :
		    "", at);
		(*count)++;
		if (fn != NULL && fn(arg, m, date))
			break;
	}
	return query_end(&q);
}
