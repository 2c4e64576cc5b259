/*
 * E-mail: the outbox every act writes its messages to, and their
 * delivery, to the company's SMTP relay or, with none configured, to a
 * Maildir beside the database (docs/mail.md).
 *
 * Acts queue their messages themselves, in their own transaction; this
 * interface is the operator's: deliver what is due, list and show what
 * is queued, sent and failed, queue failed messages again, and set the
 * sender and the web address the messages link to.  A person turns
 * their optional messages (reminders, digests) on and off.
 */
#ifndef TANDEM_MAIL_H
#define TANDEM_MAIL_H

#include <stddef.h>
#include <stdint.h>

#include "tandem/diag.h"
#include "tandem/error.h"
#include "tandem/strbuf.h"

struct tdm_store;
struct tdm_actor;

/*
 * Where messages go.  url NULL or empty: each message is a file in the
 * Maildir maildir (made if missing).  Otherwise "smtp://host[:port]"
 * (STARTTLS required unless the host is the local machine, where it is
 * used when offered) or "smtps://host[:port]"; user and the secret read
 * from secret_file (its first line) log in; ca_file, if set, is the CA
 * bundle the relay's certificate is checked against.
 */
struct tdm_mail_relay {
	const char	*url;
	const char	*user;
	const char	*secret_file;
	const char	*ca_file;
	const char	*maildir;
};

struct tdm_mail_stats {
	size_t	 sent;		/* accepted by the relay, or written */
	size_t	 deferred;	/* a temporary failure: tried again later */
	size_t	 failed;	/* a permanent failure, recorded */
	int	 unreachable;	/* the relay could not be reached */
	size_t	 purged;	/* sent messages past their retention */
};

/*
 * Queue the periodic messages (reminders, nudges, digests), then
 * deliver every message due, at most max (0: all), each marked sent as
 * soon as the relay accepted it, over one connection.  A temporary
 * failure (4xx) is tried again later, each time later (1 minute, then
 * doubling up to 6 hours); a permanent one (5xx) is recorded with the
 * relay's answer and its programme's manager told.  An unreachable
 * relay stops the run and leaves every message as it was.  The system
 * operator or an admin.
 */
enum tdm_err	 tdm_mail_send(struct tdm_store *, const struct tdm_actor *,
		    const struct tdm_mail_relay *, size_t max,
		    struct tdm_mail_stats *, struct tdm_diags *);

/* A message of the outbox. */
struct tdm_mail {
	int64_t		 id;
	const char	*state;		/* queued, sent, failed */
	const char	*kind;		/* approval, announce, session, ... */
	const char	*lang;
	const char	*rcpt_name;
	const char	*rcpt_addr;
	const char	*programme;	/* "" if none */
	const char	*subject;
	int		 attempts;
	const char	*created_at;
	const char	*sent_at;	/* "" if not sent */
	const char	*next_at;
	const char	*last_error;
	const char	*msgid;
};

/*
 * Call fn for the messages in state (NULL: all), or message id only
 * (id not 0), newest first, at most limit (0: all).  Admins and
 * programme managers.
 */
enum tdm_err	 tdm_mail_each(struct tdm_store *, const struct tdm_actor *,
		    const char *state, int64_t id, size_t limit,
		    int (*fn)(void *, const struct tdm_mail *), void *,
		    struct tdm_diags *);

/* The whole message id as it is sent, into out.  As tdm_mail_each. */
enum tdm_err	 tdm_mail_message(struct tdm_store *,
		    const struct tdm_actor *, int64_t id, struct tdm_buf *out,
		    struct tdm_diags *);

/* Queue failed message id (0: every failed one) again, *n of them. */
enum tdm_err	 tdm_mail_retry(struct tdm_store *, const struct tdm_actor *,
		    int64_t id, size_t *n, struct tdm_diags *);

/* How many messages are queued, sent and failed. */
enum tdm_err	 tdm_mail_counts(struct tdm_store *, const struct tdm_actor *,
		    size_t *queued, size_t *sent, size_t *failed,
		    struct tdm_diags *);

/*
 * Set the sender of every message and the web UI's address (each NULL:
 * unchanged), and read them (id: the installation's identifier; each
 * buffer 512 bytes, NULL: not wanted).  Admins.
 */
enum tdm_err	 tdm_mail_config(struct tdm_store *, const struct tdm_actor *,
		    const char *from, const char *url, struct tdm_diags *);
enum tdm_err	 tdm_mail_settings(struct tdm_store *, char *id, char *from,
		    char *url);

/*
 * Whom a programme's opening is announced to: the active employees of
 * department, site and generation (a code of "tandem generations"),
 * each NULL or empty for all.  A programme manager, before the
 * programme opens.
 */
enum tdm_err	 tdm_mail_audience(struct tdm_store *,
		    const struct tdm_actor *, const char *programme,
		    const char *department, const char *site,
		    const char *generation, struct tdm_diags *);

/*
 * A person's optional messages: reminders before a session and the
 * weekly digest (1 on, 0 off, -1 unchanged), for themself.
 */
enum tdm_err	 tdm_mail_prefs(struct tdm_store *, const struct tdm_actor *,
		    int reminders, int digests, struct tdm_diags *);

/* The actor's own optional messages, each 1 (on) or 0 (off). */
enum tdm_err	 tdm_mail_prefs_get(struct tdm_store *,
		    const struct tdm_actor *, int *reminders, int *digests,
		    struct tdm_diags *);

/*
 * How many days (1 to 60, 7 by default) the members of a programme's
 * published pairs have to answer them.  Pairs published from then on
 * get the deadline; pairs published before keep theirs.  A programme
 * manager.
 */
enum tdm_err	 tdm_mail_deadline(struct tdm_store *,
		    const struct tdm_actor *, const char *programme, int days,
		    struct tdm_diags *);

/*
 * How long (days, 90 by default) a sent message stays in the outbox:
 * every delivery deletes the older ones.  Failed messages stay until
 * retried.  Admins set it; anyone reads it.
 */
enum tdm_err	 tdm_mail_keep(struct tdm_store *, const struct tdm_actor *,
		    int days, struct tdm_diags *);
enum tdm_err	 tdm_mail_retention(struct tdm_store *, int *keep_days);

/*
 * The Paris day of a UTC timestamp "yyyy-mm-ddThh:mm:ssZ" in words, for
 * a page: "4 décembre 2026" (lang "fr") or "4 December 2026"; "" when
 * iso is not one.  A proposal's deadline is the end of that day.
 */
void		 tdm_date_words(const char *iso, const char *lang, char *buf,
		    size_t size);

#endif
