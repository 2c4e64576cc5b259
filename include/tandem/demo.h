/*
 * A synthetic HR export, for demonstrations, tests and benchmarks.
 *
 * The roster looks like what a French HR system hands over: one CSV file,
 * one employee per row, an organisation tree from the chief executive
 * down to the interns, and the four generations all present.  It is
 * fiction from a fixed seed; it reads no file, no clock and no
 * environment, and it is not meant to be statistically faithful.
 */
#ifndef TANDEM_DEMO_H
#define TANDEM_DEMO_H

#include "tandem/error.h"
#include "tandem/strbuf.h"

/*
 * Append to `out` a roster of exactly n employees as UTF-8 CSV text
 * without a byte order mark: ';' between fields, LF after each record,
 * a header record first with the columns
 *
 *	Matricule;Nom;Prénom;Email;Date de naissance;Direction;Service;
 *	Site;Intitulé de poste;Niveau;Matricule manager;Date d'entrée;Langue
 *
 * The first row is the chief executive (no manager); every other row
 * names a manager that appears on an earlier row.  Dates are dd/mm/yyyy;
 * ages and hire dates are reckoned from `year`, and no one is hired
 * after the 1st of September of `year`.  The same n, seed and year give
 * byte-identical output on every platform.
 *
 * `out` is borrowed: the roster is appended after its current content
 * and the caller keeps ownership.  Returns TDM_OK; TDM_EINVAL if n is 0
 * or above 900000 (matricules have six digits) or year is outside
 * 2000..2100, in which case out is untouched; or TDM_ENOMEM if memory
 * ran out, in which case out may hold a partial roster (its `failed`
 * flag is set when the failure happened while appending).
 */
enum tdm_err	 tdm_demo_roster(struct tdm_buf *out, unsigned n,
		    unsigned long long seed, int year);

struct tdm_store;
struct tdm_diags;

/*
 * The size of the demonstration programme: 0 for the natural share of
 * volunteers; otherwise exactly so many mentees (among the elder
 * generations) and mentors (among the younger), each mentor taking
 * capacity mentees, for benchmarks at scale: the programme is then left
 * open, not matched.
 */
struct tdm_demo_size {
	unsigned	 mentees;
	unsigned	 mentors;
	unsigned	 capacity;
};

/* What tdm_demo_programme() created, to tell the user. */
struct tdm_demo_summary {
	char	 manager[64];	/* matricules, for --as */
	char	 sponsor[64];
	char	 coach[128];
	char	 programme[128];
	char	 ceo[64];
	int	 mentors;
	int	 mentees;
	int	 self_optins;
	int	 pairs;		/* published */
	int	 accepted;
	int	 declined;
	int	 certified;
	int	 sessions;	/* planned */
	int	 held;
	int	 cancelled;
	int	 feedback;
	int	 surveys;
	/* The first season, closed more than 90 days ago (issue 16). */
	char	 past[128];		/* "" on a small roster */
	char	 past_closed[11];	/* yyyy-mm-dd */
	int	 past_pairs;
	int	 past_held;
	int	 past_surveys[2];	/* closing, 90-day follow-up */
};

/*
 * Turn a store holding a demo roster into a programme in action: a
 * programme manager (in HR) and a sponsor (on the executive committee)
 * get their roles, an external coach is added, a programme on the
 * practice's topics is created, submitted, approved and opened, and a
 * minority of the staff volunteers: mentors mostly among generations Y
 * and Z and the interns, mentees among the baby boomers and generation X,
 * the chief executive among them.  The matcher pairs them, the programme
 * manager publishes the pairs, and most pairs accept (a few decline).
 * Every step goes through the same
 * library calls as the tool, with their checks and their audit entries.
 * Deterministic for a seed.  Returns TDM_OK and fills *sum, or the first
 * failure with its diagnostics.
 */
enum tdm_err	 tdm_demo_programme(struct tdm_store *, unsigned long long seed,
		    const struct tdm_demo_size *size,
		    struct tdm_demo_summary *sum, struct tdm_diags *);

/* A web account of the demonstration, one per role. */
struct tdm_demo_account {
	const char	*role;		/* "manager", "sponsor", "mentor",
					   "mentee", "coach" */
	char		 name[160];
	char		 email[256];
};
#define TDM_DEMO_ACCOUNTS 5

/*
 * Give the people of the demonstration programme web accounts with this
 * password: its programme manager, its sponsor, the chief executive (a
 * mentee), the chief executive's mentor and the external coach.  For a
 * demonstration only: real accounts start from an invitation.
 */
enum tdm_err	 tdm_demo_accounts(struct tdm_store *,
		    const struct tdm_demo_summary *, const char *password,
		    struct tdm_demo_account out[TDM_DEMO_ACCOUNTS],
		    struct tdm_diags *);

#endif
