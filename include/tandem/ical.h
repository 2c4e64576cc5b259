/*
 * iCalendar (RFC 5545) invitations and cancellations, as iTIP (RFC 5546)
 * messages: what Tandem sends so that sessions land in people's
 * calendars.  This module only writes text; it knows nothing of
 * programmes or of the store.
 *
 * Times are given in UTC and written in Europe/Paris local time with its
 * VTIMEZONE, so that calendars show the French wall-clock time and move
 * it correctly across daylight saving changes.
 */
#ifndef TANDEM_ICAL_H
#define TANDEM_ICAL_H

#include <stddef.h>
#include <time.h>

#include "tandem/error.h"
#include "tandem/strbuf.h"

struct tdm_ical_person {
	const char	*name;
	const char	*email;
};

enum tdm_ical_method {
	TDM_ICAL_REQUEST,	/* invite or update */
	TDM_ICAL_CANCEL,	/* cancel: STATUS:CANCELLED */
	TDM_ICAL_PUBLISH,	/* a feed: events as they stand */
};

struct tdm_ical_event {
	const char			*uid;		/* stable per session */
	int				 sequence;	/* +1 per change */
	time_t				 start;		/* UTC */
	int				 minutes;
	const char			*summary;
	const char			*description;	/* may be NULL */
	const char			*location;	/* may be NULL */
	int				 cancelled;	/* STATUS:CANCELLED */
	struct tdm_ical_person		 organizer;
	const struct tdm_ical_person	*attendees;
	size_t				 nattendees;
	const char			*url;		/* may be NULL */
	int				 private;	/* CLASS:PRIVATE */
};

/*
 * Append to out one VCALENDAR with the given method, the Europe/Paris
 * VTIMEZONE and the n events, DTSTAMP being stamp (UTC).  With
 * TDM_ICAL_CANCEL every event is written cancelled and attendees are not
 * asked to reply; with TDM_ICAL_PUBLISH no ATTENDEE is written (RFC 5546
 * allows none).  Lines end in CRLF, are folded at 75 octets without
 * splitting a UTF-8 character, and text values are escaped as RFC 5545
 * says (control characters other than tab and line breaks are dropped).
 * A name with ':', ';' or ',' is quoted, and a '"' in it becomes '\''.
 * An empty or NULL description, location, url or person name is left
 * out; a url is written as it is (a URI: no space, no control
 * character).  A private event says CLASS:PRIVATE, so that one who sees
 * another's calendar (an assistant) sees it busy and nothing more.
 * Start and end are written in Paris time, except a time in the hour
 * repeated in October, which is written in UTC so that it is not read
 * as the hour before.  The output depends on the arguments only.
 *
 * out and the events are borrowed.  Returns TDM_OK; TDM_EINVAL, having
 * written nothing, for an unknown method, an event without uid, summary
 * or organizer e-mail, a string that is not UTF-8, a control character
 * in a uid, name or e-mail, an e-mail without text on both sides of an
 * '@' or with a space, a negative sequence, minutes not above 0, or a
 * time outside the years 0001 to 9999; or TDM_ENOMEM, out being left
 * as it was but with `failed` set.
 */
enum tdm_err	 tdm_ical_write(struct tdm_buf *out, enum tdm_ical_method,
		    time_t stamp, const struct tdm_ical_event *, size_t n);

/*
 * The Europe/Paris offset from UTC, in seconds, at UTC time t: 3600 in
 * winter, 7200 in summer (from the last Sunday of March, 01:00 UTC, to
 * the last Sunday of October, 01:00 UTC).  The EU rule, in force since
 * 1996, is applied to every year; no time zone database is read.
 */
int		 tdm_paris_offset(time_t t);

#endif
