/*
 * tandem mail send|list|show|retry|config|prefs|audience|deadline: the
 * outbox.
 *
 * send delivers what is due once, for a timer or cron, to the relay
 * given by --relay or TANDEM_SMTP_URL, or with none to the Maildir
 * beside the database; the relay's secret is read from a file
 * (--secret-file or TANDEM_SMTP_SECRET_FILE), never from the command
 * line.  list and show are the operator's view; retry queues failed
 * messages again.  config sets the sender and the web address the
 * messages link to, and how long sent messages are kept; prefs turns
 * a person's reminders and digests off or on; deadline sets how many
 * days a programme's proposals have to be answered.  The acts queue
 * their messages themselves.
 */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tandem/mail.h"
#include "tandem/role.h"
#include "tandem/store.h"
#include "cli.h"

/*
 * The Maildir beside the database: "tandem.db" has "tandem-mail/"
 * (TANDEM_MAILDIR overrides).  A PostgreSQL database (a URI or a
 * connection string) has no file to be beside: its Maildir is
 * "tandem-mail/" in the working directory, unless TANDEM_MAILDIR says
 * where (docs/postgresql.md).  buf is PATH_MAX-ish.
 */
void
cli_maildir(const char *db, char *buf, size_t size)
{
	const char	*env = getenv("TANDEM_MAILDIR");
	size_t		 n;

	if (env != NULL && *env != '\0') {
		snprintf(buf, size, "%s", env);
		return;
	}
	n = strspn(db, "abcdefghijklmnopqrstuvwxyz_");
	if (strncmp(db, "postgresql://", 13) == 0 ||
	    strncmp(db, "postgres://", 11) == 0 ||
	    (n > 0 && db[n + strspn(db + n, " ")] == '=')) {
		snprintf(buf, size, "tandem-mail");
		return;
	}
	n = strlen(db);
	if (n > 3 && strcmp(db + n - 3, ".db") == 0)
		n -= 3;
	snprintf(buf, size, "%.*s-mail", (int)n, db);
}

/* The relay from the environment, which options then override. */
void
cli_relay(struct tdm_mail_relay *r, const char *db, char *maildir,
    size_t size)
{
	memset(r, 0, sizeof(*r));
	r->url = getenv("TANDEM_SMTP_URL");
	r->user = getenv("TANDEM_SMTP_USER");
	r->secret_file = getenv("TANDEM_SMTP_SECRET_FILE");
	r->ca_file = getenv("TANDEM_SMTP_CA_FILE");
	cli_maildir(db, maildir, size);
	r->maildir = maildir;
}

static int
send(struct cli *cli, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "relay", required_argument, NULL, 'r' },
		{ "user", required_argument, NULL, 'u' },
		{ "secret-file", required_argument, NULL, 's' },
		{ "ca-file", required_argument, NULL, 'c' },
		{ "maildir", required_argument, NULL, 'm' },
		{ "max", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_mail_relay	 r;
	struct tdm_mail_stats	 s;
	struct tdm_store	*st;
	char			 maildir[4096], *end;
	long			 max = 0;
	enum tdm_err		 err;
	int			 c;

	cli_relay(&r, cli->db, maildir, sizeof(maildir));
	while ((c = cli_getopt(argc, argv, "", longopts)) != -1)
		switch (c) {
		case 'r':
			r.url = optarg;
			break;
		case 'u':
			r.user = optarg;
			break;
		case 's':
			r.secret_file = optarg;
			break;
		case 'c':
			r.ca_file = optarg;
			break;
		case 'm':
			r.maildir = optarg;
			break;
		case 'n':
			max = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || max < 0)
				return usage("mail");
			break;
		default:
			return usage("mail");
		}
	if (optind != argc)
		return usage("mail");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_mail_send(st, &cli->actor, &r, (size_t)max, &s, &d);
	if (err == TDM_OK || s.sent + s.deferred + s.failed > 0) {
		cli_printf("%zu sent, %zu deferred, %zu failed\n", s.sent,
		    s.deferred, s.failed);
		if (s.purged > 0)
			cli_printf("%zu sent message%s past the retention "
			    "deleted\n", s.purged, s.purged == 1 ? "" : "s");
		if (r.url == NULL || *r.url == '\0')
			cli_printf("Maildir: %s\n", r.maildir);
	}
	return done("mail send", err, &d);
}

/* A message's state or kind in the locale's language:
 * the outbox's words, the stored ones in English. */
static const char *
mail_word(const char *w)
{
	static const char *const words[] = {
		CLI_N_("queued"), CLI_N_("sent"), CLI_N_("failed"),
		CLI_N_("announce"), CLI_N_("answer"), CLI_N_("approval"),
		CLI_N_("approved"), CLI_N_("at-risk"), CLI_N_("cancel"),
		CLI_N_("deadline"), CLI_N_("digest"), CLI_N_("ended"),
		CLI_N_("enrolled"), CLI_N_("failure"), CLI_N_("feedback"),
		CLI_N_("followup"), CLI_N_("invite"), CLI_N_("proposal"),
		CLI_N_("released"), CLI_N_("reminder"), CLI_N_("returned"),
		CLI_N_("session"), CLI_N_("survey"), CLI_N_("waiting"),
	};
	size_t	 i;

	for (i = 0; i < nitems(words); i++)
		if (strcmp(words[i], w) == 0)
			return cli_tr(words[i]);
	return w;
}

static int
print_row(void *arg, const struct tdm_mail *m)
{
	(void)arg;
	cli_row("%lld\t%s\t%s\t%s\t%s%s%s\n", (long long)m->id,
	    mail_word(m->state), mail_word(m->kind), m->rcpt_addr, m->subject,
	    *m->last_error ? "\t" : "",
	    m->last_error);
	return 0;
}

static int
list(struct cli *cli, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "state", required_argument, NULL, 's' },
		{ "limit", required_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 },
	};
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	const char		*state = NULL;
	char			*end;
	long			 limit = 0;
	int			 c;

	while ((c = cli_getopt(argc, argv, "", longopts)) != -1)
		switch (c) {
		case 's':
			state = optarg;
			if (strcmp(state, "queued") != 0 &&
			    strcmp(state, "sent") != 0 &&
			    strcmp(state, "failed") != 0)
				return usage("mail");
			break;
		case 'n':
			limit = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || limit < 0)
				return usage("mail");
			break;
		default:
			return usage("mail");
		}
	if (optind != argc)
		return usage("mail");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	return done("mail list", tdm_mail_each(st, &cli->actor, state, 0,
	    (size_t)limit, print_row, NULL, &d), &d);
}

static int
show_row(void *arg, const struct tdm_mail *m)
{
	(void)arg;
	cli_printf("id: %lld\nstate: %s\nkind: %s\nto: %s <%s>\n"
	    "language: %s\nprogramme: %s\nsubject: %s\nmessage-id: <%s>\n"
	    "queued: %s\nattempts: %d\n", (long long)m->id,
	    mail_word(m->state), mail_word(m->kind),
	    m->rcpt_name, m->rcpt_addr, m->lang, m->programme, m->subject,
	    m->msgid, m->created_at, m->attempts);
	if (*m->sent_at)
		cli_printf("sent: %s\n", m->sent_at);
	else if (strcmp(m->state, "queued") == 0)
		cli_printf("next attempt: %s\n", m->next_at);
	if (*m->last_error)
		cli_printf("error: %s\n", m->last_error);
	return 0;
}

static int
show(struct cli *cli, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "raw", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_buf		 out = TDM_BUF_INIT;
	struct tdm_store	*st;
	enum tdm_err		 err;
	int64_t			 id;
	int			 c, raw = 0;

	while ((c = cli_getopt(argc, argv, "", longopts)) != -1)
		switch (c) {
		case 'r':
			raw = 1;
			break;
		default:
			return usage("mail");
		}
	if (argc - optind != 1 || cli_id(argv[optind], CLI_N_("message"),
	    &id) == -1)
		return usage("mail");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	if (raw) {
		err = tdm_mail_message(st, &cli->actor, id, &out, &d);
		if (err == TDM_OK)
			fwrite(out.buf, 1, out.len, stdout);
		tdm_buf_release(&out);
		return done("mail show", err, &d);
	}
	err = tdm_mail_each(st, &cli->actor, NULL, id, 1, show_row, NULL, &d);
	return done("mail show", err, &d);
}

static int
retry(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	enum tdm_err		 err;
	int64_t			 id = 0;
	size_t			 n;

	if (argc > 2 || (argc == 2 && strcmp(argv[1], "--all") != 0 &&
	    cli_id(argv[1], CLI_N_("message"), &id) == -1))
		return usage("mail");
	if (argc == 1)
		return usage("mail");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_mail_retry(st, &cli->actor, id, &n, &d);
	if (err == TDM_OK)
		cli_printf("%zu message%s queued again\n", n,
		    n == 1 ? "" : "s");
	return done("mail retry", err, &d);
}

static int
config(struct cli *cli, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "url", required_argument, NULL, 'u' },
		{ "keep", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	const char		*from = NULL, *url = NULL, *relay;
	char			 id[512], f[512], u[512], maildir[4096], *end;
	enum tdm_err		 err = TDM_OK;
	long			 keep = 0;
	int			 c, days;

	while ((c = cli_getopt(argc, argv, "", longopts)) != -1)
		switch (c) {
		case 'f':
			from = optarg;
			break;
		case 'u':
			url = optarg;
			break;
		case 'k':
			keep = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || keep < 1 ||
			    keep > 3650)
				return usage("mail");
			break;
		default:
			return usage("mail");
		}
	if (optind != argc)
		return usage("mail");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	if ((from != NULL || url != NULL) &&
	    (err = tdm_mail_config(st, &cli->actor, from, url, &d)) != TDM_OK)
		return done("mail config", err, &d);
	if (keep > 0 &&
	    (err = tdm_mail_keep(st, &cli->actor, (int)keep, &d)) != TDM_OK)
		return done("mail config", err, &d);
	if ((err = tdm_mail_settings(st, id, f, u)) == TDM_OK &&
	    (err = tdm_mail_retention(st, &days)) == TDM_OK) {
		cli_maildir(cli->db, maildir, sizeof(maildir));
		cli_printf("installation: %s\nfrom: %s\nurl: %s\n", id, f, u);
		cli_printf("sent messages kept: %d days\n", days);
		if ((relay = getenv("TANDEM_SMTP_URL")) != NULL &&
		    *relay != '\0')
			cli_printf("relay: %s\n", relay);
		else
			cli_printf("relay: none (Maildir %s)\n", maildir);
	}
	return done("mail config", err, &d);
}

/* "on" or "off", or -1 for anything else. */
static int
onoff(const char *s)
{
	return strcmp(s, "on") == 0 ? 1 : strcmp(s, "off") == 0 ? 0 : -2;
}

static int
prefs(struct cli *cli, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "reminders", required_argument, NULL, 'r' },
		{ "digests", required_argument, NULL, 'g' },
		{ NULL, 0, NULL, 0 },
	};
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	int			 c, r = -1, g = -1;

	while ((c = cli_getopt(argc, argv, "", longopts)) != -1)
		switch (c) {
		case 'r':
			if ((r = onoff(optarg)) == -2)
				return usage("mail");
			break;
		case 'g':
			if ((g = onoff(optarg)) == -2)
				return usage("mail");
			break;
		default:
			return usage("mail");
		}
	if (optind != argc || (r == -1 && g == -1))
		return usage("mail");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	return done("mail prefs", tdm_mail_prefs(st, &cli->actor, r, g, &d),
	    &d);
}

static int
audience(struct cli *cli, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "department", required_argument, NULL, 'd' },
		{ "site", required_argument, NULL, 's' },
		{ "generation", required_argument, NULL, 'g' },
		{ NULL, 0, NULL, 0 },
	};
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	const char		*dept = NULL, *site = NULL, *gen = NULL;
	enum tdm_err		 err;
	int			 c;

	while ((c = cli_getopt(argc, argv, "", longopts)) != -1)
		switch (c) {
		case 'd':
			dept = optarg;
			break;
		case 's':
			site = optarg;
			break;
		case 'g':
			gen = optarg;
			break;
		default:
			return usage("mail");
		}
	if (argc - optind != 1)
		return usage("mail");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_mail_audience(st, &cli->actor, argv[optind], dept, site,
	    gen, &d);
	if (err == TDM_OK)
		cli_printf("programme \"%s\": announced to the active "
		    "employees of department %s, site %s, generation %s\n",
		    argv[optind], dept && *dept ? dept : cli_tr("(any)"),
		    site && *site ? site : cli_tr("(any)"), gen && *gen ?
		    gen : cli_tr("(any)"));
	return done("mail audience", err, &d);
}

static int
deadline(struct cli *cli, int argc, char *argv[])
{
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	struct tdm_store	*st;
	enum tdm_err		 err;
	char			*end;
	long			 days;

	if (argc != 3)
		return usage("mail");
	days = strtol(argv[2], &end, 10);
	if (*argv[2] == '\0' || *end != '\0' || days < 0 || days > 1000)
		return usage("mail");
	if ((st = setup(cli)) == NULL)
		return EXIT_FAILED;
	err = tdm_mail_deadline(st, &cli->actor, argv[1], (int)days, &d);
	if (err == TDM_OK)
		cli_printf("programme \"%s\": proposals published from now on "
		    "are answered within %ld days\n", argv[1], days);
	return done("mail deadline", err, &d);
}

int
cmd_mail(struct cli *cli, int argc, char *argv[])
{
	static const struct subcommand subs[] = {
		{ "send", send },
		{ "list", list },
		{ "show", show },
		{ "retry", retry },
		{ "config", config },
		{ "prefs", prefs },
		{ "audience", audience },
		{ "deadline", deadline },
	};

	return SUBCOMMAND(cli, subs, argc, argv);
}

/*
 * The server's courier: a thread with its own store that delivers the
 * outbox every TANDEM_MAIL_INTERVAL seconds (30 by default; 0: never),
 * as "tandem mail send" would, with the same relay settings.
 */
struct courier {
	char		 db[4096];
	time_t		 now;
	unsigned	 interval;
};

static void *
courier_run(void *arg)
{
	struct courier		*c = arg;
	struct tdm_mail_relay	 r;
	struct tdm_mail_stats	 s;
	struct tdm_actor	 system;
	struct tdm_store	*st = NULL;
	struct tdm_diags	 d = TDM_DIAGS_INIT;
	char			 maildir[4096];

	cli_relay(&r, c->db, maildir, sizeof(maildir));
	tdm_actor_system(&system);
	for (;;) {
		if (st == NULL && tdm_store_open(c->db, TDM_OPEN_EXISTING,
		    &st, &d) != TDM_OK)
			st = NULL;
		tdm_diags_free(&d);
		if (st != NULL) {
			if (c->now)
				tdm_store_set_now(st, c->now);
			(void)tdm_mail_send(st, &system, &r, 0, &s, &d);
			tdm_diags_free(&d);
			tdm_store_rest(st);
		}
		sleep(c->interval);
	}
	return NULL;
}

int
cli_courier_start(const char *db, time_t now)
{
	static struct courier	 c;
	const char		*env = getenv("TANDEM_MAIL_INTERVAL");
	pthread_t		 t;
	char			*end;
	long			 n = 30;

	if (env != NULL && *env != '\0') {
		n = strtol(env, &end, 10);
		if (*end != '\0' || n < 0 || n > 86400)
			return -1;
	}
	if (n == 0)
		return 0;
	snprintf(c.db, sizeof(c.db), "%s", db);
	c.now = now;
	c.interval = (unsigned)n;
	if (pthread_create(&t, NULL, courier_run, &c) != 0)
		return -1;
	return pthread_detach(t) == 0 ? 0 : -1;
}
