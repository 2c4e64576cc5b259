/*
 * Allocation-failure injection for the fuzzing harnesses (failmalloc.c).
 *
 * An input may start with a failure plan: FAILMARK and three bytes that
 * name the allocation to refuse.  The harness takes the plan off the
 * input with failmalloc_plan(), arms it around the code under test and
 * disarms it before checking what came back: a refused allocation must
 * end in TDM_ENOMEM (or NULL, or a library error that says so), never in
 * a crash, a leak or a broken promise.  An input without the mark runs
 * with every allocation granted, so a seed keeps its meaning.
 */
#ifndef TANDEM_FUZZ_FAILMALLOC_H
#define TANDEM_FUZZ_FAILMALLOC_H

#include <stddef.h>
#include <stdint.h>

/*
 * The first byte of an input with a plan.  STX: no export, form body,
 * header or JSON text starts with it, and fuzz_import's --map mark
 * (0x01) comes after the plan.
 */
#define FAILMARK	0x02

/* Who refused memory, as failmalloc_disarm() reports it. */
#define FM_LIBC		0x1	/* malloc, calloc, realloc, strdup, ... */
#define FM_SQLITE	0x2	/* SQLite's allocator */
#define FM_JSON		0x4	/* jansson's allocator */

struct failplan {
	unsigned long	 nth;		/* refuse the nth allocation; 0: none */
	int		 sticky;	/* and every one after it */
};

/*
 * Take a plan off the front of *data: FAILMARK, then a byte whose bit 0
 * makes the plan sticky, its other 7 bits and two more bytes giving
 * nth - 1, big-endian.  Without the mark, or with fewer than four bytes,
 * the plan is empty and the input unchanged.  The first call also
 * routes SQLite's and jansson's allocators through the countdown: call
 * it before anything uses them.
 */
void		 failmalloc_plan(const uint8_t **data, size_t *size,
		    struct failplan *);

/* Count allocations of this thread from now, refusing as planned. */
void		 failmalloc_arm(const struct failplan *);

/*
 * Stop counting and refusing.  Returns who refused memory while armed
 * (FM_*), 0 if nobody did.
 */
unsigned	 failmalloc_disarm(void);

/* Allocations asked for since the last arming (the refused included). */
unsigned long	 failmalloc_count(void);

#endif
