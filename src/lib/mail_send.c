/*
 * Delivering the outbox: to a Maildir beside the database, or over SMTP
 * to the company's relay with libcurl, one connection for the run.
 *
 * Each message is marked sent in its own small transaction as soon as
 * the relay accepted it (or its file is in new/), so a crash resends at
 * most the message in flight, with the same Message-ID (and, in the
 * Maildir, under the same file name, which replaces the first).  A
 * temporary failure is tried again later; a permanent one is recorded
 * with the relay's own answer and told to the programme's manager; a
 * relay that cannot be reached stops the run, leaving every message
 * queued as it was.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "tandem/mail.h"
#include "tandem/role.h"
#include "tandem/session.h"
#include "tandem/store.h"
#include "internal.h"
#include "outbox.h"
#include "survey_int.h"

#define BATCH		64
#define BACKOFF_MIN	60
#define BACKOFF_MAX	(6 * 3600)

/* A due message, copied out of its row. */
struct due {
	int64_t	 id, programme;
	int	 attempts;
	char	*msgid, *kind, *lang, *name, *addr, *vars, *ical, *created;
};

/* The SMTP connection, kept for the whole run. */
struct smtp {
	CURL		*h;
	char		 errbuf[CURL_ERROR_SIZE];
	char		 answer[512];	/* the relay's last reply line */
	const char	*data;
	size_t		 len, off;
	char		*secret;
};

static void
due_free(struct due *d, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(d[i].msgid);
		free(d[i].kind);
		free(d[i].lang);
		free(d[i].name);
		free(d[i].addr);
		free(d[i].vars);
		free(d[i].ical);
		free(d[i].created);
	}
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

static enum tdm_err
due_read(struct tdm_store *st, const char *now, size_t max,
    struct due *d, size_t *n)
{
	struct query	 q = query_start(st, STMT_MAIL_DUE);
	struct due	*r;
	int		 oom = 0;

	*n = 0;
	bind_text(&q, now);
	bind_int(&q, (int64_t)max);
	while (query_row(&q)) {
		r = &d[(*n)++];
		r->id = col_int(&q);
		r->msgid = strdup(col_text(&q));
		r->kind = strdup(col_text(&q));
		r->lang = strdup(col_text(&q));
		r->name = strdup(col_text(&q));
		r->addr = strdup(col_text(&q));
		r->vars = strdup(col_text(&q));
		r->ical = dup_or_null(col_textz(&q));
		r->created = strdup(col_text(&q));
		r->programme = col_int(&q);
		r->attempts = (int)col_int(&q);
		oom |= !r->msgid || !r->kind || !r->lang || !r->name ||
		    !r->addr || !r->vars || !r->created;
	}
	if (oom) {
		(void)query_end(&q);
		return TDM_ENOMEM;
	}
	return query_end(&q);
}

static void
row_of(const struct due *d, const char *from, const char *url,
    struct mail_row *r)
{
	r->id = d->id;
	r->msgid = d->msgid;
	r->kind = d->kind;
	r->lang = d->lang;
	r->rcpt_name = d->name;
	r->rcpt_addr = d->addr;
	r->vars = d->vars;
	r->ical = d->ical;
	r->created_at = d->created;
	r->from = from;
	r->url = url;
}

/* The outcome of one message. */
enum outcome { SENT, LATER, FAILED, DOWN };

static int
mkdirs(const char *dir)
{
	char	 path[4096];
	const char *const sub[] = { "", "/tmp", "/new", "/cur" };
	size_t	 i;

	for (i = 0; i < 4; i++) {
		if ((size_t)snprintf(path, sizeof(path), "%s%s", dir, sub[i]) >=
		    sizeof(path))
			return -1;
		if (mkdir(path, 0700) == -1 && errno != EEXIST)
			return -1;
	}
	return 0;
}

/*
 * Write a message into the Maildir: tmp/ first, then renamed into new/
 * under a name made of its Message-ID, so that writing it again
 * replaces it rather than adding a second.
 */
static enum outcome
maildir_put(const char *dir, const struct due *d, const struct tdm_buf *m,
    char *why, size_t whysz)
{
	char	 name[600], tmp[4800], dst[4800], *p;
	int	 fd;
	size_t	 off;
	ssize_t	 w;

	snprintf(name, sizeof(name), "%s", d->msgid);
	for (p = name; *p != '\0'; p++)
		if (*p == '/' || *p == ':')
			*p = '_';
	snprintf(tmp, sizeof(tmp), "%s/tmp/%s", dir, name);
	snprintf(dst, sizeof(dst), "%s/new/%s", dir, name);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) ==
	    -1)
		goto fail;
	/* Maildir messages have bare line ends. */
	for (off = 0; off < m->len; off += (size_t)w) {
		if ((w = write(fd, m->buf + off, m->len - off)) == -1) {
			if (errno == EINTR) {
				w = 0;
				continue;
			}
			close(fd);
			goto fail;
		}
	}
	if (fsync(fd) == -1 || close(fd) == -1 || rename(tmp, dst) == -1)
		goto fail;
	return SENT;
fail:
	snprintf(why, whysz, "Maildir %s: %s", dir, tdm_errno_text(errno));
	(void)unlink(tmp);
	return DOWN;
}

static size_t
smtp_read(char *buf, size_t size, size_t n, void *arg)
{
	struct smtp	*s = arg;
	size_t		 len = size * n;

	if (len > s->len - s->off)
		len = s->len - s->off;
	memcpy(buf, s->data + s->off, len);
	s->off += len;
	return len;
}

/* Keep the relay's last reply line, for the record of a failure. */
static int
smtp_debug(CURL *h, curl_infotype type, char *data, size_t size, void *arg)
{
	struct smtp	*s = arg;
	size_t		 n = size;

	(void)h;
	/* The first refusal of the transaction is the one to record. */
	if (type != CURLINFO_HEADER_IN || size == 0 ||
	    (data[0] != '4' && data[0] != '5') || s->answer[0] != '\0')
		return 0;
	while (n > 0 && (data[n - 1] == '\n' || data[n - 1] == '\r'))
		n--;
	if (n >= sizeof(s->answer))
		n = sizeof(s->answer) - 1;
	memcpy(s->answer, data, n);
	s->answer[n] = '\0';
	return 0;
}

/* Whether a relay's URL names this machine. */
static int
local_host(const char *url)
{
	const char *const hosts[] = { "localhost", "127.", "[::1]" };
	const char	*h = strstr(url, "://");
	size_t		 i;

	h = h != NULL ? h + 3 : url;
	for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++)
		if (strncmp(h, hosts[i], strlen(hosts[i])) == 0)
			return 1;
	return 0;
}

static enum tdm_err
smtp_open(struct smtp *s, const struct tdm_mail_relay *r, const char *from,
    struct tdm_diags *diags)
{
	char	 sender[600];
	FILE	*f;
	size_t	 n;

	memset(s, 0, sizeof(*s));
	if (r->secret_file != NULL && *r->secret_file != '\0') {
		if ((f = fopen(r->secret_file, "re")) == NULL) {
			tdm_diag_add(diags, "secret-file", 0, 0, "cannot read "
			    "%s: %s", r->secret_file, tdm_errno_text(errno));
			return TDM_EIO;
		}
		if ((s->secret = calloc(1, 1024)) == NULL ||
		    fgets(s->secret, 1024, f) == NULL) {
			fclose(f);
			tdm_diag_add(diags, "secret-file", 0, 0, "%s is empty",
			    r->secret_file);
			return TDM_EINVAL;
		}
		fclose(f);
		n = strcspn(s->secret, "\r\n");
		s->secret[n] = '\0';
	}
	if ((s->h = curl_easy_init()) == NULL)
		return TDM_ENOMEM;
	snprintf(sender, sizeof(sender), "<%s>", from);
	curl_easy_setopt(s->h, CURLOPT_URL, r->url);
	curl_easy_setopt(s->h, CURLOPT_USE_SSL, local_host(r->url) ?
	    (long)CURLUSESSL_TRY : (long)CURLUSESSL_ALL);
	if (r->ca_file != NULL && *r->ca_file != '\0')
		curl_easy_setopt(s->h, CURLOPT_CAINFO, r->ca_file);
	if (r->user != NULL && *r->user != '\0') {
		curl_easy_setopt(s->h, CURLOPT_USERNAME, r->user);
		curl_easy_setopt(s->h, CURLOPT_PASSWORD,
		    s->secret ? s->secret : "");
	}
	curl_easy_setopt(s->h, CURLOPT_MAIL_FROM, sender);
	curl_easy_setopt(s->h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(s->h, CURLOPT_READFUNCTION, smtp_read);
	curl_easy_setopt(s->h, CURLOPT_READDATA, s);
	curl_easy_setopt(s->h, CURLOPT_ERRORBUFFER, s->errbuf);
	curl_easy_setopt(s->h, CURLOPT_DEBUGFUNCTION, smtp_debug);
	curl_easy_setopt(s->h, CURLOPT_DEBUGDATA, s);
	curl_easy_setopt(s->h, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(s->h, CURLOPT_CONNECTTIMEOUT, 30L);
	curl_easy_setopt(s->h, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(s->h, CURLOPT_NOSIGNAL, 1L);
	return TDM_OK;
}

static void
smtp_close(struct smtp *s)
{
	if (s->h != NULL)
		curl_easy_cleanup(s->h);
	if (s->secret != NULL) {
		explicit_bzero(s->secret, 1024);
		free(s->secret);
	}
}

static enum outcome
smtp_put(struct smtp *s, const struct due *d, const struct tdm_buf *m,
    char *why, size_t whysz)
{
	struct curl_slist	*rcpt;
	char			 to[600];
	long			 code = 0;
	CURLcode		 rc;

	snprintf(to, sizeof(to), "<%s>", d->addr);
	if ((rcpt = curl_slist_append(NULL, to)) == NULL) {
		snprintf(why, whysz, "out of memory");
		return LATER;
	}
	s->data = m->buf;
	s->len = m->len;
	s->off = 0;
	s->errbuf[0] = '\0';
	s->answer[0] = '\0';
	curl_easy_setopt(s->h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(s->h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)m->len);
	rc = curl_easy_perform(s->h);
	curl_easy_setopt(s->h, CURLOPT_MAIL_RCPT, NULL);
	curl_slist_free_all(rcpt);
	if (rc == CURLE_OK)
		return SENT;
	curl_easy_getinfo(s->h, CURLINFO_RESPONSE_CODE, &code);
	snprintf(why, whysz, "%s", s->answer[0] != '\0' && code >= 400 ?
	    s->answer : s->errbuf[0] != '\0' ? s->errbuf :
	    curl_easy_strerror(rc));
	/* A refused login is the relay's settings, not the message's. */
	if (rc == CURLE_LOGIN_DENIED)
		return DOWN;
	if (code >= 500 && code < 600)
		return FAILED;
	if (code >= 400 && code < 500)
		return LATER;
	/* No SMTP answer at all: the relay is down, or TLS failed. */
	return DOWN;
}

static void
stamp(time_t t, char buf[TIMESTAMP_SIZE])
{
	struct tm	 tm;

	gmtime_r(&t, &tm);
	strftime(buf, TIMESTAMP_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Record the outcome of one message, with the failure notice. */
static enum tdm_err
record(struct tdm_store *st, const struct due *d, enum outcome o,
    int attempts, const char *why)
{
	struct query	 q;
	struct tdm_buf	 v = TDM_BUF_INIT;
	char		 now[TIMESTAMP_SIZE], next[TIMESTAMP_SIZE], about[32];
	int64_t		 manager = 0;
	time_t		 delay = BACKOFF_MIN;
	enum tdm_err	 err;
	int		 i;

	store_timestamp(st, now);
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	switch (o) {
	case SENT:
		q = query_start(st, STMT_MAIL_SENT);
		bind_text(&q, now);
		bind_int(&q, d->id);
		break;
	case LATER:
		for (i = 0; i < attempts && delay < BACKOFF_MAX; i++)
			delay *= 2;
		if (delay > BACKOFF_MAX)
			delay = BACKOFF_MAX;
		stamp(tdm_store_now(st) + delay, next);
		q = query_start(st, STMT_MAIL_LATER);
		bind_text(&q, next);
		bind_text(&q, why);
		bind_int(&q, d->id);
		break;
	default:
		q = query_start(st, STMT_MAIL_FAILED);
		bind_text(&q, why);
		bind_int(&q, d->id);
		break;
	}
	err = query_exec(&q);
	/* A permanent failure is told to the programme's manager, unless
	 * it is itself such a notice. */
	if (err == TDM_OK && o == FAILED && d->programme != 0 &&
	    strcmp(d->kind, "failure") != 0) {
		q = query_start(st, STMT_MAIL_MANAGER);
		bind_int(&q, d->programme);
		if (query_row(&q))
			manager = col_int(&q);
		err = query_end(&q);
		if (err == TDM_OK && manager != 0) {
			q = query_start(st, STMT_MAIL_PROGRAMME);
			bind_int(&q, d->programme);
			if (query_row(&q)) {
				mail_var(&v, "programme", col_text(&q));
				col_skip(&q);
				col_skip(&q);
				col_skip(&q);
				col_skip(&q);
				col_skip(&q);
				col_skip(&q);
			}
			err = query_end(&q);
			mail_var(&v, "rcpt", d->addr);
			mail_var(&v, "error", why);
			snprintf(about, sizeof(about), "o%lld",
			    (long long)d->id);
			if (err == TDM_OK)
				err = outbox_queue(st, MAIL_FAILURE, manager, 0,
				    d->programme, about, v.buf, NULL);
		}
	}
	tdm_buf_release(&v);
	if (err != TDM_OK || (err = store_commit(st)) != TDM_OK) {
		store_rollback(st);
		return err;
	}
	return TDM_OK;
}

/* The ids a statement gives (one column), with one parameter or none. */
static enum tdm_err
ids(struct tdm_store *st, enum stmt s, int64_t arg, int64_t **out,
    size_t *n, size_t cols)
{
	struct query	 q = query_start(st, s);
	size_t		 alloc = 0, i;
	int64_t		*p;

	*out = NULL;
	*n = 0;
	if (arg >= 0)
		bind_int(&q, arg);
	while (query_row(&q)) {
		if (*n + cols > alloc) {
			alloc = alloc ? alloc * 2 : 16 * cols;
			if ((p = reallocarray(*out, alloc, sizeof(*p))) ==
			    NULL) {
				(void)query_end(&q);
				return TDM_ENOMEM;
			}
			*out = p;
		}
		for (i = 0; i < cols; i++)
			(*out)[(*n)++] = col_int(&q);
	}
	return query_end(&q);
}

/* A programme's tandems at risk, and its name and id as vars. */
static enum tdm_err
programme_facts(struct tdm_store *st, int64_t id, int *risks,
    struct tdm_buf *v)
{
	struct programme_ref	 ref;
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	char			 s[24];
	enum tdm_err		 err;

	*risks = 0;
	snprintf(s, sizeof(s), "%lld", (long long)id);
	if ((err = programme_find(st, s, &ref, &d)) == TDM_OK)
		err = session_risk_count(st, &ref, risks);
	tdm_diags_free(&d);
	tdm_buf_reset(v);
	mail_var(v, "programme", ref.name);
	mail_varf(v, "pid", "%lld", (long long)id);
	mail_varf(v, "count", "%d", *risks);
	return err;
}

/*
 * The proposals of a programme not answered yet, a line each with the
 * deadline (at most 30 lines, then how many more), into the digest.
 */
#define DIGEST_LINES	30

static enum tdm_err
unanswered_lines(struct tdm_store *st, int64_t programme, int64_t total,
    struct tdm_buf *v)
{
	struct query	 q = query_start(st, STMT_MAIL_UNANSWERED_LIST);
	struct tdm_buf	 l = TDM_BUF_INIT;
	char		 day[16];
	const char	*a, *b;
	enum tdm_err	 err;

	bind_int(&q, programme);
	bind_int(&q, DIGEST_LINES);
	while (query_row(&q)) {
		a = col_text(&q);
		b = col_text(&q);
		mail_date(col_text(&q), day);
		tdm_buf_addf(&l, "\n- %s / %s%s%s%s", a, b, *day ? " (" : "",
		    day, *day ? ")" : "");
	}
	if ((err = query_end(&q)) == TDM_OK) {
		if (total > DIGEST_LINES)
			tdm_buf_addf(&l, "\n- (+%lld)",
			    (long long)(total - DIGEST_LINES));
		mail_var(v, "proposals", l.len ? l.buf : "");
		if (l.failed)
			err = TDM_ENOMEM;
	}
	tdm_buf_release(&l);
	return err;
}

/*
 * Weekly: each coach of a programme with tandems at risk is told how
 * many, and each manager who wants it gets the digest of their
 * programme; once a week each (the week's number is in the dedup key).
 */
static enum tdm_err
weekly(struct tdm_store *st)
{
	struct tdm_buf	 v = TDM_BUF_INIT;
	int64_t		*coached = NULL, *running = NULL, *mgr = NULL, *ua = NULL;
	size_t		 nc = 0, nr = 0, nm, nu, i;
	char		 about[48];
	long		 week = (long)(tdm_store_now(st) / (7 * 86400));
	int		 risks, yes;
	enum tdm_err	 err;

	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = ids(st, STMT_MAIL_COACHED, -1, &coached, &nc, 2)) !=
	    TDM_OK)
		goto out;
	for (i = 0; i + 1 < nc && err == TDM_OK; i += 2) {
		if ((err = programme_facts(st, coached[i], &risks, &v)) !=
		    TDM_OK || risks == 0)
			continue;
		snprintf(about, sizeof(about), "p%lld.w%ld",
		    (long long)coached[i], week);
		err = outbox_queue(st, MAIL_AT_RISK, 0, coached[i + 1],
		    coached[i], about, v.buf, NULL);
	}
	if (err != TDM_OK ||
	    (err = ids(st, STMT_MAIL_RUNNING, -1, &running, &nr, 1)) != TDM_OK)
		goto out;
	for (i = 0; i < nr && err == TDM_OK; i++) {
		free(mgr);
		free(ua);
		mgr = ua = NULL;
		if ((err = ids(st, STMT_MAIL_MANAGER, running[i], &mgr, &nm,
		    1)) != TDM_OK || nm == 0 ||
		    (err = mail_wants(st, mgr[0], 1, &yes)) != TDM_OK || !yes ||
		    (err = programme_facts(st, running[i], &risks, &v)) !=
		    TDM_OK ||
		    (err = ids(st, STMT_MAIL_UNANSWERED, running[i], &ua, &nu,
		    1)) != TDM_OK)
			continue;
		if (risks == 0 && (nu == 0 || ua[0] == 0))
			continue;
		mail_varf(&v, "unanswered", "%lld",
		    (long long)(nu > 0 ? ua[0] : 0));
		if ((err = unanswered_lines(st, running[i], nu > 0 ? ua[0] : 0,
		    &v)) != TDM_OK)
			break;
		snprintf(about, sizeof(about), "p%lld.w%ld",
		    (long long)running[i], week);
		err = outbox_queue(st, MAIL_DIGEST, mgr[0], 0, running[i],
		    about, v.buf, NULL);
	}
out:
	if (err == TDM_OK && v.failed)
		err = TDM_ENOMEM;
	free(coached);
	free(running);
	free(mgr);
	free(ua);
	tdm_buf_release(&v);
	if (err != TDM_OK || (err = store_commit(st)) != TDM_OK) {
		store_rollback(st);
		return err;
	}
	return TDM_OK;
}

static enum tdm_err
send_all(struct tdm_store *st, const struct tdm_actor *actor,
    const struct tdm_mail_relay *relay, size_t max,
    struct tdm_mail_stats *stats, struct tdm_diags *diags)
{
	struct due	 d[BATCH];
	struct smtp	 s;
	struct mail_row	 row;
	struct tdm_buf	 m = TDM_BUF_INIT;
	char		 id[MAIL_ID_SIZE], from[MAIL_ADDR_SIZE];
	char		 url[MAIL_ADDR_SIZE], now[TIMESTAMP_SIZE], why[600];
	size_t		 n = 0, i, want;
	int		 smtp = relay->url != NULL && *relay->url != '\0';
	int		 stop = 0, attempts;
	enum outcome	 o;
	enum tdm_err	 err;

	memset(stats, 0, sizeof(*stats));
	memset(&s, 0, sizeof(s));
	if ((err = authorize(actor, OP_MAIL_SEND, diags)) != TDM_OK)
		return err;
	if (!smtp && (relay->maildir == NULL || mkdirs(relay->maildir) ==
	    -1)) {
		tdm_diag_add(diags, "maildir", 0, 0, "cannot make the Maildir "
		    "%s: %s", relay->maildir ? relay->maildir : "(none)",
		    tdm_errno_text(errno));
		return TDM_EIO;
	}
	if ((err = outbox_flush(st)) != TDM_OK ||
	    (err = outbox_tick(st)) != TDM_OK ||
	    (err = survey_followups_mail(st)) != TDM_OK ||
	    (err = weekly(st)) != TDM_OK ||
	    (err = outbox_purge(st, &stats->purged)) != TDM_OK ||
	    (err = mail_installation(st, id, from, url)) != TDM_OK)
		return err;
	if (smtp && (err = smtp_open(&s, relay, from, diags)) != TDM_OK) {
		smtp_close(&s);
		return err;
	}
	while (!stop) {
		want = BATCH;
		if (max > 0 && max - (stats->sent + stats->failed +
		    stats->deferred) < want)
			want = max - (stats->sent + stats->failed +
			    stats->deferred);
		if (want == 0)
			break;
		store_timestamp(st, now);
		if ((err = due_read(st, now, want, d, &n)) != TDM_OK || n == 0)
			break;
		for (i = 0; i < n; i++) {
			row_of(&d[i], from, url, &row);
			tdm_buf_reset(&m);
			why[0] = '\0';
			attempts = d[i].attempts;
			if (mail_build(&row, &m, why, sizeof(why)) != TDM_OK)
				o = FAILED;
			else if (smtp)
				o = smtp_put(&s, &d[i], &m, why, sizeof(why));
			else
				o = maildir_put(relay->maildir, &d[i], &m, why,
				    sizeof(why));
			if (o == DOWN) {
				stats->unreachable = 1;
				tdm_diag_add(diags, NULL, 0, 0, "%s", why);
				stop = 1;
				break;
			}
			if ((err = record(st, &d[i], o, attempts, why)) !=
			    TDM_OK) {
				stop = 1;
				break;
			}
			if (o == SENT)
				stats->sent++;
			else if (o == LATER)
				stats->deferred++;
			else
				stats->failed++;
		}
		due_free(d, n);
		n = 0;
		/* A deferred message is due later: the loop ends when
		 * nothing is due now. */
	}
	due_free(d, n);
	tdm_buf_release(&m);
	smtp_close(&s);
	if (err == TDM_OK && stats->unreachable)
		return TDM_EIO;
	return err;
}

/*
 * One delivery at a time however many servers share the database: two
 * couriers reading the same due messages would send each twice, and
 * two passes of the reminders would queue theirs twice.
 */
enum tdm_err
tdm_mail_send(struct tdm_store *st, const struct tdm_actor *actor,
    const struct tdm_mail_relay *relay, size_t max,
    struct tdm_mail_stats *stats, struct tdm_diags *diags)
{
	enum tdm_err	 err;

	memset(stats, 0, sizeof(*stats));
	if ((err = authorize(actor, OP_MAIL_SEND, diags)) != TDM_OK)
		return err;
	if ((err = store_work_lock(st)) != TDM_OK)
		return err;
	err = send_all(st, actor, relay, max, stats, diags);
	store_work_unlock(st);
	return err;
}

/* Admins and programme managers read the outbox. */
static enum tdm_err
may_read(const struct tdm_actor *a, struct tdm_diags *d)
{
	return authorize(a, OP_MAIL_READ, d);
}

enum tdm_err
tdm_mail_each(struct tdm_store *st, const struct tdm_actor *a,
    const char *state, int64_t id, size_t limit,
    int (*fn)(void *, const struct tdm_mail *), void *arg,
    struct tdm_diags *d)
{
	struct query	 q;
	struct tdm_mail	 m;
	struct mail_row	 row;
	struct tdm_buf	 subject = TDM_BUF_INIT;
	enum tdm_err	 err;

	if ((err = may_read(a, d)) != TDM_OK)
		return err;
	q = query_start(st, STMT_MAIL_LIST);
	bind_text(&q, state ? state : "");
	bind_int(&q, id);
	bind_int(&q, limit ? (int64_t)limit : -1);
	while (query_row(&q)) {
		memset(&row, 0, sizeof(row));
		m.id = col_int(&q);
		m.state = col_text(&q);
		m.kind = col_text(&q);
		m.lang = col_text(&q);
		m.rcpt_name = col_text(&q);
		m.rcpt_addr = col_text(&q);
		row.vars = col_text(&q);
		m.programme = col_text(&q);
		m.attempts = (int)col_int(&q);
		m.created_at = col_text(&q);
		m.sent_at = col_text(&q);
		m.next_at = col_text(&q);
		m.last_error = col_text(&q);
		m.msgid = col_text(&q);
		row.kind = m.kind;
		row.lang = m.lang;
		tdm_buf_reset(&subject);
		if (mail_subject(&row, &subject) != TDM_OK)
			tdm_buf_adds(&subject, "?");
		m.subject = subject.buf;
		if (fn(arg, &m) != 0)
			break;
	}
	err = query_end(&q);
	tdm_buf_release(&subject);
	return err;
}

enum tdm_err
tdm_mail_message(struct tdm_store *st, const struct tdm_actor *a,
    int64_t id, struct tdm_buf *out, struct tdm_diags *d)
{
	struct query	 q;
	struct due	 r;
	struct mail_row	 row;
	char		 inst[MAIL_ID_SIZE], from[MAIL_ADDR_SIZE];
	char		 url[MAIL_ADDR_SIZE], why[600];
	enum tdm_err	 err;
	int		 found = 0;

	if ((err = may_read(a, d)) != TDM_OK ||
	    (err = mail_installation(st, inst, from, url)) != TDM_OK)
		return err;
	memset(&r, 0, sizeof(r));
	q = query_start(st, STMT_MAIL_GET);
	bind_int(&q, id);
	if ((found = query_row(&q))) {
		r.id = id;
		r.msgid = strdup(col_text(&q));
		r.kind = strdup(col_text(&q));
		r.lang = strdup(col_text(&q));
		r.name = strdup(col_text(&q));
		r.addr = strdup(col_text(&q));
		r.vars = strdup(col_text(&q));
		r.ical = dup_or_null(col_textz(&q));
		r.created = strdup(col_text(&q));
		r.programme = col_int(&q);
		r.attempts = (int)col_int(&q);
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto out;
	if (!found) {
		tdm_diag_add(d, NULL, 0, 0, "no message %lld in the outbox",
		    (long long)id);
		err = TDM_ENOENT;
		goto out;
	}
	if (!r.msgid || !r.kind || !r.lang || !r.name || !r.addr || !r.vars ||
	    !r.created) {
		err = TDM_ENOMEM;
		goto out;
	}
	row_of(&r, from, url, &row);
	if ((err = mail_build(&row, out, why, sizeof(why))) != TDM_OK)
		tdm_diag_add(d, NULL, 0, 0, "message %lld cannot be built: %s",
		    (long long)id, why);
out:
	due_free(&r, 1);
	return err;
}

enum tdm_err
tdm_mail_retry(struct tdm_store *st, const struct tdm_actor *a, int64_t id,
    size_t *n, struct tdm_diags *d)
{
	struct query	 q;
	char		 now[TIMESTAMP_SIZE];
	enum tdm_err	 err;

	*n = 0;
	if ((err = authorize(a, OP_MAIL_SEND, d)) != TDM_OK)
		return err;
	store_timestamp(st, now);
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	q = query_start(st, STMT_MAIL_RETRY);
	bind_text(&q, now);
	bind_int(&q, id);
	if ((err = query_exec(&q)) == TDM_OK) {
		*n = (size_t)store_changes(st);
		err = audit_append(st, a, "mail.retry", "outbox",
		    id ? "message" : "all", "%lld: %zu messages",
		    (long long)id, *n);
	}
	if (err != TDM_OK || (err = store_commit(st)) != TDM_OK) {
		store_rollback(st);
		return err;
	}
	return TDM_OK;
}

enum tdm_err
tdm_mail_counts(struct tdm_store *st, const struct tdm_actor *a,
    size_t *queued, size_t *sent, size_t *failed, struct tdm_diags *d)
{
	struct query	 q;
	const char	*state;
	size_t		 c;
	enum tdm_err	 err;

	*queued = *sent = *failed = 0;
	if ((err = may_read(a, d)) != TDM_OK)
		return err;
	q = query_start(st, STMT_MAIL_COUNT);
	while (query_row(&q)) {
		state = col_text(&q);
		c = (size_t)col_int(&q);
		if (strcmp(state, "queued") == 0)
			*queued = c;
		else if (strcmp(state, "sent") == 0)
			*sent = c;
		else
			*failed = c;
	}
	return query_end(&q);
}

enum tdm_err
tdm_mail_settings(struct tdm_store *st, char *id, char *from, char *url)
{
	char	 i[MAIL_ID_SIZE], f[MAIL_ADDR_SIZE], u[MAIL_ADDR_SIZE];
	enum tdm_err	 err;

	if ((err = mail_installation(st, i, f, u)) != TDM_OK)
		return err;
	if (id != NULL)
		snprintf(id, 512, "%s", i);
	if (from != NULL)
		snprintf(from, 512, "%s", f);
	if (url != NULL)
		snprintf(url, 512, "%s", u);
	return TDM_OK;
}

enum tdm_err
tdm_mail_config(struct tdm_store *st, const struct tdm_actor *a,
    const char *from, const char *url, struct tdm_diags *d)
{
	struct query	 q;
	enum tdm_err	 err;

	if ((err = authorize(a, OP_MAIL_SEND, d)) != TDM_OK)
		return err;
	if (from != NULL && !mail_addr_ok(from)) {
		tdm_diag_add(d, "from", 0, 0, "\"%s\" is not an e-mail "
		    "address", from);
		return TDM_EINVAL;
	}
	if (url != NULL && strncmp(url, "http://", 7) != 0 &&
	    strncmp(url, "https://", 8) != 0) {
		tdm_diag_add(d, "url", 0, 0, "\"%s\" is not an http:// or "
		    "https:// address", url);
		return TDM_EINVAL;
	}
	if (url != NULL && strpbrk(url, " \t\r\n\"<>") != NULL) {
		tdm_diag_add(d, "url", 0, 0, "an address has no space, quote "
		    "or angle bracket");
		return TDM_EINVAL;
	}
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	q = query_start(st, STMT_MAIL_CONFIG);
	bind_text(&q, from);
	bind_text(&q, url);
	if ((err = query_exec(&q)) == TDM_OK)
		err = audit_append(st, a, "mail.config", "installation", "mail",
		    "%s%s", from ? "sender " : "", url ? "web address" : "");
	if (err != TDM_OK || (err = store_commit(st)) != TDM_OK) {
		store_rollback(st);
		return err;
	}
	return TDM_OK;
}

enum tdm_err
tdm_mail_prefs(struct tdm_store *st, const struct tdm_actor *a,
    int reminders, int digests, struct tdm_diags *d)
{
	struct query	 q;
	int		 r = 1, g = 1;
	enum tdm_err	 err;

	if (a->employee_id == 0) {
		tdm_diag_add(d, NULL, 0, 0, "only a person in the roster has "
		    "messages to turn off: say who you are (--as EMPLOYEE_ID)");
		return TDM_EPERM;
	}
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	q = query_start(st, STMT_MAIL_PREF);
	bind_int(&q, a->employee_id);
	if (query_row(&q)) {
		r = (int)col_int(&q);
		g = (int)col_int(&q);
	}
	if ((err = query_end(&q)) != TDM_OK)
		goto fail;
	if (reminders >= 0)
		r = reminders != 0;
	if (digests >= 0)
		g = digests != 0;
	q = query_start(st, STMT_MAIL_PREF_SET);
	bind_int(&q, a->employee_id);
	bind_int(&q, r);
	bind_int(&q, g);
	if ((err = query_exec(&q)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	return err;
}

enum tdm_err
tdm_mail_audience(struct tdm_store *st, const struct tdm_actor *a,
    const char *ref, const char *dept, const char *site, const char *gen,
    struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct query		 q;
	enum tdm_err		 err;
	int			 known = 0;

	dept = dept ? dept : "";
	site = site ? site : "";
	gen = gen ? gen : "";
	if ((err = authorize(a, OP_PROGRAMME_EDIT, d)) != TDM_OK)
		return err;
	if (strlen(dept) > 200 || strlen(site) > 200 ||
	    strpbrk(dept, "\r\n") != NULL || strpbrk(site, "\r\n") != NULL) {
		tdm_diag_add(d, strlen(dept) > 200 ? "department" : "site", 0,
		    0, "one line of at most 200 characters");
		return TDM_EINVAL;
	}
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = programme_find(st, ref, &p, d)) != TDM_OK)
		goto fail;
	if (*gen != '\0') {
		q = query_start(st, STMT_MAIL_GENERATION);
		bind_text(&q, gen);
		if (query_row(&q))
			known = (int)col_int(&q);
		if ((err = query_end(&q)) != TDM_OK)
			goto fail;
		if (!known) {
			tdm_diag_add(d, "generation", 0, 0, "\"%s\" is not a "
			    "generation (tandem generations)", gen);
			err = TDM_EINVAL;
			goto fail;
		}
	}
	if (strcmp(p.state, "draft") != 0 && strcmp(p.state, "submitted") != 0 &&
	    strcmp(p.state, "approved") != 0) {
		tdm_diag_add(d, NULL, 0, 0, "programme \"%s\" is %s: its "
		    "opening was announced already", p.name, p.state);
		err = TDM_ESTATE;
		goto fail;
	}
	q = query_start(st, STMT_MAIL_AUDIENCE_SET);
	bind_text(&q, dept);
	bind_text(&q, site);
	bind_text(&q, gen);
	bind_int(&q, p.id);
	if ((err = query_exec(&q)) != TDM_OK ||
	    (err = audit_append(st, a, "programme.audience", "programme",
	    p.name, "%s%s%s%s%s%s", *dept ? "department " : "",
	    *dept ? "set" : "", *site ? " site " : "", *site ? "set" : "",
	    *gen ? " generation " : "", gen)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	return err;
}

enum tdm_err
tdm_mail_prefs_get(struct tdm_store *st, const struct tdm_actor *a,
    int *reminders, int *digests, struct tdm_diags *d)
{
	enum tdm_err	 err;

	*reminders = *digests = 1;
	if (a->employee_id == 0) {
		tdm_diag_add(d, NULL, 0, 0, "only a person in the roster has "
		    "messages to turn off");
		return TDM_EPERM;
	}
	if ((err = mail_wants(st, a->employee_id, 0, reminders)) != TDM_OK)
		return err;
	return mail_wants(st, a->employee_id, 1, digests);
}

enum tdm_err
tdm_mail_deadline(struct tdm_store *st, const struct tdm_actor *a,
    const char *ref, int days, struct tdm_diags *d)
{
	struct programme_ref	 p;
	struct query		 q;
	enum tdm_err		 err;

	if ((err = authorize(a, OP_PROGRAMME_EDIT, d)) != TDM_OK)
		return err;
	if (days < 1 || days > 60) {
		tdm_diag_add(d, "days", 0, 0, "between 1 and 60 days to "
		    "answer a proposal, not %d", days);
		return TDM_EINVAL;
	}
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	if ((err = programme_find(st, ref, &p, d)) != TDM_OK ||
	    (err = authorize_in(a, OP_PROGRAMME_EDIT, p.id, d)) != TDM_OK)
		goto fail;
	q = query_start(st, STMT_MAIL_ANSWER_DAYS_SET);
	bind_int(&q, days);
	bind_int(&q, p.id);
	if ((err = query_exec(&q)) != TDM_OK ||
	    (err = audit_append(st, a, "programme.deadline", "programme",
	    p.name, "%d", days)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK)
		goto fail;
	return TDM_OK;
fail:
	store_rollback(st);
	return err;
}

enum tdm_err
tdm_mail_keep(struct tdm_store *st, const struct tdm_actor *a, int days,
    struct tdm_diags *d)
{
	struct query	 q;
	enum tdm_err	 err;

	if ((err = authorize(a, OP_MAIL_SEND, d)) != TDM_OK)
		return err;
	if (days < 1 || days > 3650) {
		tdm_diag_add(d, "keep", 0, 0, "between 1 and 3650 days, not "
		    "%d", days);
		return TDM_EINVAL;
	}
	if ((err = store_begin(st)) != TDM_OK)
		return err;
	q = query_start(st, STMT_MAIL_KEEP_SET);
	bind_int(&q, days);
	if ((err = query_exec(&q)) != TDM_OK ||
	    (err = audit_append(st, a, "mail.config", "installation", "mail",
	    "retention %d", days)) != TDM_OK ||
	    (err = store_commit(st)) != TDM_OK) {
		store_rollback(st);
		return err;
	}
	return TDM_OK;
}

enum tdm_err
tdm_mail_retention(struct tdm_store *st, int *keep_days)
{
	struct query	 q = query_start(st, STMT_MAIL_KEEP);

	*keep_days = 90;
	if (query_row(&q))
		*keep_days = (int)col_int(&q);
	return query_end(&q);
}
