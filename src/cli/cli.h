/*
 * What the subcommands of the tandem tool share: the command table's row
 * type, the global options, and the helpers that turn library results
 * into terminal output.  No rule of the domain lives in src/cli.
 */
#ifndef TANDEM_CLI_H
#define TANDEM_CLI_H

#include <stdarg.h>
#include <stdio.h>

#include "tandem/tandem.h"

/* Exit statuses, as tandem(1) documents them. */
#define EXIT_OK		0
#define EXIT_FAILED	1
#define EXIT_USAGE	2

/* The number of elements of an array (OpenBSD's nitems). */
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

struct command;

struct cli {
	const char	*db;	/* -d FILE, TANDEM_DB or ./tandem.db */
	const char	*as;	/* --as ID or TANDEM_AS: who acts; NULL: system */
	const char	*prog;	/* how the tool was called, for suggestions */
	time_t		 now;	/* TANDEM_NOW, or 0 for the system clock */
	const struct command *cmd;	/* the command running */
	struct tdm_store *st;	/* open once setup() has run; main() closes */
	struct tdm_actor actor;	/* who acts, once setup() has run */
};

/*
 * What a command's row asks main() to make ready, when the command calls
 * setup() with its arguments checked (a usage error never touches the
 * database).  Nothing: the command opens no store (serve opens its own).
 */
#define RUN_STORE	0x01	/* the existing database, and who acts */
#define RUN_INIT	0x02	/* the database, created or upgraded */

/* A row of the command table (main.c). */
struct command {
	const char	*name;
	int		(*run)(struct cli *, int argc, char *argv[]);
	unsigned	 flags;		/* RUN_STORE or RUN_INIT, or 0 */
	const char	*usage;		/* arguments after the name */
	const char	*summary;
};

/*
 * A row of a command's table of sub-commands (programme create, pair
 * lock, ...), in the manner of git's OPT_SUBCOMMAND.  run() gets argv
 * from the sub-command's name on, so that it parses its own options.
 */
struct subcommand {
	const char	*name;
	int		(*run)(struct cli *, int argc, char *argv[]);
};

/*
 * Run the row of subs named by argv[1], the sub-command of the command
 * argv[0]; the command's usage if there is none.
 */
int	 subcommand(struct cli *, const struct subcommand *subs, size_t n,
	    int argc, char *argv[]);
#define SUBCOMMAND(cli, subs, argc, argv) \
	subcommand((cli), (subs), nitems(subs), (argc), (argv))

int	 cmd_init(struct cli *, int, char *[]);
int	 cmd_import(struct cli *, int, char *[]);
int	 cmd_employees(struct cli *, int, char *[]);
int	 cmd_employee(struct cli *, int, char *[]);
int	 cmd_generations(struct cli *, int, char *[]);
int	 cmd_demo(struct cli *, int, char *[]);
int	 cmd_role(struct cli *, int, char *[]);
int	 cmd_programme(struct cli *, int, char *[]);
int	 cmd_topic(struct cli *, int, char *[]);
int	 cmd_coach(struct cli *, int, char *[]);
int	 cmd_enrol(struct cli *, int, char *[]);
int	 cmd_withdraw(struct cli *, int, char *[]);
int	 cmd_enrolments(struct cli *, int, char *[]);
int	 cmd_audit(struct cli *, int, char *[]);
int	 cmd_match(struct cli *, int, char *[]);
int	 cmd_pair(struct cli *, int, char *[]);
int	 cmd_session(struct cli *, int, char *[]);
int	 cmd_feedback(struct cli *, int, char *[]);
int	 cmd_survey(struct cli *, int, char *[]);
int	 cmd_ical(struct cli *, int, char *[]);
int	 cmd_closure(struct cli *, int, char *[]);
int	 cmd_watch(struct cli *, int, char *[]);
int	 cmd_report(struct cli *, int, char *[]);
int	 cmd_export(struct cli *, int, char *[]);
int	 cmd_erase(struct cli *, int, char *[]);
int	 cmd_purge(struct cli *, int, char *[]);
int	 cmd_backup(struct cli *, int, char *[]);
int	 cmd_check(struct cli *, int, char *[]);
int	 cmd_user(struct cli *, int, char *[]);
int	 cmd_serve(struct cli *, int, char *[]);
int	 cmd_attestation(struct cli *, int, char *[]);
int	 cmd_kudos(struct cli *, int, char *[]);
int	 cmd_migrate(struct cli *, int, char *[]);

/*
 * Make ready what the command's row asks for: open the store (existing,
 * or created or upgraded for RUN_INIT) and, for an existing one, load
 * who acts into cli->actor: the employee named by --as, with their roles,
 * or the system operator.  A command calls it once its arguments are
 * known to be right; main() closes the store after the command.  Returns
 * NULL after printing the problem (a database that cannot be used, --as
 * naming nobody).
 */
struct tdm_store *setup(struct cli *);

/*
 * End a command: print the failure if err is not TDM_OK, free the
 * diagnostics.  Returns the exit status.
 */
int	 done(const char *what, enum tdm_err, struct tdm_diags *);

/* Print "usage: tandem NAME USAGE" for the command to stderr; returns 2. */
int	 usage(const char *name);

/*
 * s as a positive whole number (a session's, a message's): 0, or -1 after
 * "tandem: "s" is not a WHAT number" (an overflow is refused, never
 * wrapped into a number that fits).
 */
int	 cli_id(const char *s, const char *what, int64_t *id);

/* Print s on stdout, padded with spaces to width characters (UTF-8). */
void	 print_padded(const char *s, int width);

/* Print diagnostics as "source:line:column: message", then a count. */
void	 print_diags(const struct tdm_diags *);
/* A diagnostic's message in the locale's language, on f (issue 15). */
void	 print_message(FILE *, const struct tdm_diag *);

/* Print a library failure with its diagnostics; returns EXIT_FAILED. */
int	 fail(const char *what, enum tdm_err, const struct tdm_diags *);

/*
 * Read a whole file ("-" for standard input) into memory; the caller
 * frees *data.  Prints the error and returns -1 on failure.
 */
int	 read_file(const char *path, unsigned char **data, size_t *len);

/*
 * The tool's own words in the locale's language (tr.c, issue 15): a
 * format or a word is an English msgid of the catalogue's context "cli",
 * extracted by scripts/po2c.py from these calls (give them string
 * literals).  English output is the format itself, byte for byte.
 * Machine-readable output (JSON, CSV, iCalendar) never goes through them.
 */
int	 cli_printf(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
int	 cli_fprintf(FILE *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
int	 cli_vfprintf(FILE *, const char *fmt, va_list)
	    __attribute__((format(printf, 2, 0)));
/* A row of a table, whose format has no words: not a msgid, but its
 * dates and words (a state, a role) are the locale's. */
int	 cli_row(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));
/* A word or a heading in the locale's language. */
const char *cli_tr(const char *msgid);
/* A text the library made with one of the catalogue's formats (an
 * at-risk reason, why a volunteer waits) in the locale's language; the
 * result lasts until the fourth call after. */
const char *cli_text(const char *text);
/* Mark a string for the extractor where it is kept (a table), to be
 * given to cli_tr() where it is printed. */
#define CLI_N_(s)	(s)
/* tdm_strerror() in the locale's language. */
const char *cli_strerror(enum tdm_err);
/* strerror() in the locale's language for the errno values a person
 * meets (a file missing, refused, a full disk), glibc's English text
 * otherwise (tr.c). */
const char *cli_errno(int);
/* getopt_long() with the tool's own messages in the locale's language
 * instead of glibc's English ones; returns '?' after printing one. */
struct option;
int	 cli_getopt(int, char *const [], const char *,
	    const struct option *);

/* E-mail (cmd_mail.c): the Maildir beside db, the relay's settings
 * from the environment, and the server's delivery thread. */
struct tdm_mail_relay;
void	 cli_maildir(const char *db, char *buf, size_t size);
void	 cli_relay(struct tdm_mail_relay *, const char *db, char *maildir,
	    size_t size);
int	 cli_courier_start(const char *db, time_t now);
int	 cmd_mail(struct cli *, int, char *[]);

#endif
