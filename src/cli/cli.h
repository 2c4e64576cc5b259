/*
 * What the subcommands of the tandem tool share: the command table's row
 * type, the global options, and the helpers that turn library results
 * into terminal output.  No rule of the domain lives in src/cli.
 */
#ifndef TANDEM_CLI_H
#define TANDEM_CLI_H

#include <stdio.h>

#include "tandem/tandem.h"

/* Exit statuses, as tandem(1) documents them. */
#define EXIT_OK		0
#define EXIT_FAILED	1
#define EXIT_USAGE	2

struct cli {
	const char	*db;	/* -d FILE, TANDEM_DB or ./tandem.db */
	const char	*as;	/* --as ID or TANDEM_AS: who acts; NULL: system */
	const char	*prog;	/* how the tool was called, for suggestions */
	time_t		 now;	/* TANDEM_NOW, or 0 for the system clock */
};

struct command {
	const char	*name;
	int		(*run)(struct cli *, int argc, char *argv[]);
	const char	*usage;		/* arguments after the name */
	const char	*summary;
};

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
int	 cmd_watch(struct cli *, int, char *[]);
int	 cmd_report(struct cli *, int, char *[]);
int	 cmd_export(struct cli *, int, char *[]);
int	 cmd_erase(struct cli *, int, char *[]);
int	 cmd_purge(struct cli *, int, char *[]);
int	 cmd_backup(struct cli *, int, char *[]);
int	 cmd_check(struct cli *, int, char *[]);
int	 cmd_user(struct cli *, int, char *[]);
int	 cmd_serve(struct cli *, int, char *[]);

/*
 * Who acts: the employee named by --as, with their roles, or the system
 * operator.  Prints the problem and returns -1 if --as names nobody.
 */
int	 load_actor(const struct cli *, struct tdm_store *, struct tdm_actor *);

/* Open the store and load the actor; NULL after printing a problem. */
struct tdm_store *open_acting(const struct cli *, struct tdm_actor *);

/*
 * End a command: print the failure if err is not TDM_OK, free the
 * diagnostics, close the store.  Returns the exit status.
 */
int	 done(struct tdm_store *, const char *what, enum tdm_err,
	    struct tdm_diags *);

/* An employee as a JSON object (jansson); NULL when memory ran out. */
struct json_t	*employee_json(const struct tdm_employee *);

/* Print "usage: tandem NAME USAGE" for the command to stderr; returns 2. */
int	 usage(const char *name);

/*
 * Open the store for a command, printing any problem.  Returns NULL after
 * printing when the database cannot be used.
 */
struct tdm_store *open_store(const struct cli *, enum tdm_open_mode);

/* Print s on stdout, padded with spaces to width characters (UTF-8). */
void	 print_padded(const char *s, int width);

/* Print diagnostics as "source:line:column: message", then a count. */
void	 print_diags(const struct tdm_diags *);

/* Print a library failure with its diagnostics; returns EXIT_FAILED. */
int	 fail(const char *what, enum tdm_err, const struct tdm_diags *);

/*
 * Read a whole file ("-" for standard input) into memory; the caller
 * frees *data.  Prints the error and returns -1 on failure.
 */
int	 read_file(const char *path, unsigned char **data, size_t *len);

#endif
