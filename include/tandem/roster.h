/*
 * The roster: employees imported from HR exports, and the generations
 * derived from their birth years.
 *
 * An import reads the whole export, checks every row and every link
 * between rows, and only then writes, in one transaction: a file with any
 * problem changes nothing.  Only the birth year of a person is stored.
 */
#ifndef TANDEM_ROSTER_H
#define TANDEM_ROSTER_H

#include <stddef.h>
#include <stdint.h>

#include "tandem/csv.h"
#include "tandem/diag.h"
#include "tandem/error.h"

struct tdm_store;
struct tdm_actor;

/* The fields of an employee, in the order of roster columns. */
enum tdm_field {
	TDM_F_MATRICULE,
	TDM_F_LAST_NAME,
	TDM_F_FIRST_NAME,
	TDM_F_EMAIL,
	TDM_F_BIRTH_DATE,
	TDM_F_BIRTH_YEAR,
	TDM_F_DEPARTMENT,
	TDM_F_TEAM,
	TDM_F_SITE,
	TDM_F_JOB_TITLE,
	TDM_F_GRADE,
	TDM_F_MANAGER,
	TDM_F_HIRE_DATE,
	TDM_F_LANGUAGE,
	TDM_F__MAX
};

/* The field's name in --map and in messages ("employee_id", ...). */
const char	*tdm_field_name(enum tdm_field);

/* The longest value a field may hold, in characters. */
#define TDM_FIELD_MAX 200

struct tdm_import_opts {
	enum tdm_encoding	 encoding;	/* TDM_ENC_AUTO to detect */
	const char		*map;	/* "field=Header,..." or NULL */
	int			 dry_run;	/* count, write nothing */
	/* Called now and then with the share done, 0 to 1000; may be NULL. */
	void			(*progress)(void *arg, unsigned permille);
	void			*progress_arg;
	/* Who imports: NULL for the system operator, else an admin or a
	 * programme manager (TDM_EPERM for anyone else). */
	const struct tdm_actor	*actor;
	/*
	 * Leavers (issue 14): an import that would mark more than
	 * leavers_percent % of the active roster, or more than
	 * leavers_max people (the percentage counting from 5 leavers, so
	 * that a small roster's leaver needs none), as leavers is refused
	 * (TDM_ESTATE, nothing
	 * written, res filled as a dry run's) unless confirm_leavers is
	 * that number.  0 takes the defaults, 5 % and 20; -1 no limit.
	 */
	long			 confirm_leavers;
	int			 leavers_percent;
	int			 leavers_max;
};

struct tdm_import_result {
	size_t			 rows;
	size_t			 added;
	size_t			 updated;
	size_t			 unchanged;
	size_t			 left;		/* marked inactive */
	enum tdm_encoding	 encoding;	/* as detected */
	char			 sep;
	const char		*date_format;	/* "dd/mm/yyyy", ... or NULL */
	char			*ignored;	/* unknown columns, or NULL */
	/* Leavers (issue 14): what their leaving ends, and who they are. */
	size_t			 active;	/* before the import */
	size_t			 ended;		/* enrolments withdrawn */
	size_t			 cancelled;	/* future sessions */
	int			 confirm;	/* confirmation was needed */
	/* One line a leaver enrolled somewhere, fields split by tabs (no
	 * field holds one): matricule, name, then for each programme its
	 * name, the role and the tandems ended; NULL when none. */
	char			*leavers;
	/* Line breaks inside fields, turned into spaces: how many fields,
	 * and the first one's line (a note, not a problem). */
	size_t			 joined;
	size_t			 joined_line;
};

/*
 * Import an export held in memory (data, len: borrowed).  source names it
 * in diagnostics.  On TDM_OK the database holds the file's people (unless
 * opts->dry_run) and *res the counts; the caller frees res with
 * tdm_import_result_free() whatever the outcome.  TDM_EINVAL means the
 * file has problems, all of them in diags (up to their limit), and the
 * database is unchanged; other errors also leave it unchanged.
 */
enum tdm_err	 tdm_roster_import(struct tdm_store *, const char *source,
		    const unsigned char *data, size_t len,
		    const struct tdm_import_opts *, struct tdm_import_result *,
		    struct tdm_diags *);
void		 tdm_import_result_free(struct tdm_import_result *);

/*
 * Whether the actor may import the roster (TDM_OK, else TDM_EPERM with
 * the reason in d), for a front-end to refuse before it receives a file.
 */
enum tdm_err	 tdm_roster_may_import(const struct tdm_actor *,
		    struct tdm_diags *);

/* An employee as the store has it.  Strings are never NULL. */
struct tdm_employee {
	int64_t		 id;
	const char	*matricule;
	const char	*last_name;
	const char	*first_name;
	const char	*email;
	int		 birth_year;
	const char	*generation;	/* code: "boomers", "x", ... */
	const char	*department;
	const char	*team;
	const char	*site;
	const char	*job_title;
	const char	*grade;
	const char	*manager;	/* manager's matricule or "" */
	const char	*hire_date;	/* yyyy-mm-dd or "" */
	const char	*language;	/* ISO 639-1 codes, ","-separated */
	int		 active;
};

#define TDM_LIST_INACTIVE 0x01	/* include leavers */

/*
 * Call fn for each employee, ordered by matricule, if the actor may read
 * the roster (TDM_VIEW_ROSTER: an admin, a programme manager, the system
 * operator; else TDM_EPERM).  The employee is valid only during the
 * call.  fn returns 0 to go on, non-zero to stop.
 */
enum tdm_err	 tdm_employee_each(struct tdm_store *, const struct tdm_actor *,
		    unsigned flags,
		    int (*fn)(void *, const struct tdm_employee *), void *arg,
		    struct tdm_diags *);

/*
 * Call fn for the one employee with this matricule: anyone's record for
 * whoever reads the roster, one's own for everyone; TDM_EPERM
 * otherwise, TDM_ENOENT (without a diagnostic) if there is none.
 */
enum tdm_err	 tdm_employee_show(struct tdm_store *, const struct tdm_actor *,
		    const char *matricule,
		    int (*fn)(void *, const struct tdm_employee *), void *arg,
		    struct tdm_diags *);

/*
 * One page of the roster (issue 15): the employees after the matricule
 * "after" ("" for the first page), at most limit of them, ordered by
 * matricule, kept by the filters that are not "": name (a part of the
 * last name, first name or matricule, any case), department, site and
 * generation (its code).  The same rule as tdm_employee_each().
 */
struct tdm_employee_filter {
	const char	*after;
	int		 limit;
	unsigned	 flags;		/* TDM_LIST_INACTIVE */
	const char	*name;
	const char	*department;
	const char	*site;
	const char	*generation;
};

enum tdm_err	 tdm_employee_page(struct tdm_store *,
		    const struct tdm_actor *,
		    const struct tdm_employee_filter *,
		    int (*fn)(void *, const struct tdm_employee *), void *arg,
		    struct tdm_diags *);

/*
 * The departments and the sites of the active roster, each once, for a
 * directory's filters: fn(arg, "department" or "site", value).  The
 * same rule as tdm_employee_each().
 */
enum tdm_err	 tdm_employee_facets(struct tdm_store *,
		    const struct tdm_actor *,
		    int (*fn)(void *, const char *kind, const char *value),
		    void *arg, struct tdm_diags *);

struct tdm_generation {
	const char	*code;
	int		 rank;
	const char	*label_fr;
	const char	*label_en;
	int		 first_year;	/* 0: open-ended */
	int		 last_year;	/* 0: open-ended */
};

/*
 * Call fn for each row of the generation table, oldest first, which
 * everyone reads.
 */
enum tdm_err	 tdm_generation_each(struct tdm_store *,
		    const struct tdm_actor *,
		    int (*fn)(void *, const struct tdm_generation *),
		    void *arg);

#endif
