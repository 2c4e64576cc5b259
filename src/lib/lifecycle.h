/*
 * The programme's lifecycle tables (lifecycle.c), private to the library.
 */
#ifndef TANDEM_LIFECYCLE_H
#define TANDEM_LIFECYCLE_H

#include "tandem/programme.h"
#include "internal.h"

enum state {
	ST_DRAFT,
	ST_SUBMITTED,
	ST_APPROVED,
	ST_OPEN,
	ST_MATCHED,
	ST_RUNNING,
	ST_CLOSED,
	ST__MAX
};

extern const char *const states[ST__MAX];

#define S(st) (1u << (st))

/* A transition: from which states, to which, the act it needs. */
struct transition {
	const char	*name;
	unsigned	 from;
	enum state	 to;
	enum op		 op;
	int		 note;	/* a note is required */
};
extern const struct transition transitions[TDM_TRANSITION__MAX];

/* The index of a state's name in states[], or -1. */
int		 state_parse(const char *);

#endif
