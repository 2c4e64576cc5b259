/*
 * Unit tests of ical.c: the Paris offset across daylight saving changes,
 * Paris wall-clock times, escaping, folding, methods, refusals, and the
 * golden files of tests/golden/ical.
 *
 * The golden files are read from tests/golden/ical/NAME.ics relative to
 * the current directory, else from ../tests/golden/ical/NAME.ics, so the
 * test runs from the top of the repository (as tests/run and "make check"
 * do) or from a build directory just below it.  "test_ical --update"
 * rewrites them from the events below: read the diff before committing.
 * tests/golden/run-ical then checks them with an independent parser.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tandem/ical.h"
#include "t.h"

static int	 update;

/* A UTC time, computed by the C library rather than by ical.c. */
static time_t
utc(int y, int mo, int d, int h, int mi, int s)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	return timegm(&tm);
}

static const struct tdm_ical_person	 people[] = {
	{ "H\xC3\xA9l\xC3\xA8ne Dubois", "helene.dubois@example.fr" },
	{ "Lef\xC3\xA8vre, Th\xC3\xA9o", "theo.lefevre@example.fr" },
};

/* A plain event in June 2026, to be changed by each test. */
static struct tdm_ical_event
event(void)
{
	struct tdm_ical_event	 ev;

	memset(&ev, 0, sizeof(ev));
	ev.uid = "session-1@tandem.example";
	ev.start = utc(2026, 6, 15, 8, 0, 0);
	ev.minutes = 90;
	ev.summary = "Mentorat";
	ev.organizer.name = "Claire Martin";
	ev.organizer.email = "claire.martin@example.fr";
	ev.attendees = people;
	ev.nattendees = 2;
	return ev;
}

/* Write events; returns the text (to free) or NULL on error. */
static char *
ics(enum tdm_ical_method m, const struct tdm_ical_event *ev, size_t n,
    enum tdm_err *errp)
{
	struct tdm_buf	 out = TDM_BUF_INIT;
	enum tdm_err	 err;

	err = tdm_ical_write(&out, m, utc(2026, 5, 4, 9, 0, 0), ev, n);
	if (errp != NULL)
		*errp = err;
	if (err != TDM_OK) {
		tdm_buf_release(&out);
		return NULL;
	}
	return tdm_buf_detach(&out, NULL);
}

/* The text with folding undone: every CRLF followed by a space removed. */
static char *
unfold(const char *s)
{
	char	*u, *p;

	if ((u = malloc(strlen(s) + 1)) == NULL)
		return NULL;
	for (p = u; *s != '\0'; s++) {
		if (s[0] == '\r' && s[1] == '\n' && s[2] == ' ') {
			s += 2;
			continue;
		}
		*p++ = *s;
	}
	*p = '\0';
	return u;
}

/* Whether the unfolded text has this exact content line. */
static int
has_line(const char *ics, const char *line)
{
	char		*u;
	const char	*p;
	size_t		 len = strlen(line);
	int		 found = 0;

	if ((u = unfold(ics)) == NULL)
		return 0;
	for (p = u; p != NULL && *p != '\0'; ) {
		if (strncmp(p, line, len) == 0 && strncmp(p + len, "\r\n",
		    2) == 0) {
			found = 1;
			break;
		}
		p = strstr(p, "\r\n");
		if (p != NULL)
			p += 2;
	}
	free(u);
	return found;
}

/* Whether the n bytes at s are complete, well-formed UTF-8. */
static int
utf8_whole(const unsigned char *s, size_t n)
{
	size_t	 i = 0, k, need;

	while (i < n) {
		if (s[i] < 0x80)
			need = 0;
		else if ((s[i] & 0xE0) == 0xC0)
			need = 1;
		else if ((s[i] & 0xF0) == 0xE0)
			need = 2;
		else if ((s[i] & 0xF8) == 0xF0)
			need = 3;
		else
			return 0;
		if (need > 0 && i + need >= n)
			return 0;
		for (k = 1; k <= need; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
		i += need + 1;
	}
	return 1;
}

/*
 * Every physical line ends in CRLF, holds at most 75 octets and is whole
 * UTF-8; no CR or LF stands alone.  Returns the number of bad lines.
 */
static int
bad_lines(const char *s)
{
	const char	*eol;
	int		 bad = 0;

	while (*s != '\0') {
		eol = strstr(s, "\r\n");
		if (eol == NULL)
			return bad + 1;
		if (eol - s > 75 || memchr(s, '\n', (size_t)(eol - s)) ||
		    memchr(s, '\r', (size_t)(eol - s)) ||
		    !utf8_whole((const unsigned char *)s, (size_t)(eol - s))) {
			printf("# bad line: %.*s\n", (int)(eol - s), s);
			bad++;
		}
		s = eol + 2;
	}
	return bad;
}

static void
offset_2026(void)
{
	CHECK_INT(tdm_paris_offset(utc(2026, 1, 15, 12, 0, 0)), 3600);
	CHECK_INT(tdm_paris_offset(utc(2026, 3, 29, 0, 59, 59)), 3600);
	CHECK_INT(tdm_paris_offset(utc(2026, 3, 29, 1, 0, 0)), 7200);
	CHECK_INT(tdm_paris_offset(utc(2026, 7, 14, 12, 0, 0)), 7200);
	CHECK_INT(tdm_paris_offset(utc(2026, 10, 25, 0, 59, 59)), 7200);
	CHECK_INT(tdm_paris_offset(utc(2026, 10, 25, 1, 0, 0)), 3600);
	CHECK_INT(tdm_paris_offset(utc(2026, 12, 31, 23, 59, 59)), 3600);
	/* The Saturdays before: no change yet. */
	CHECK_INT(tdm_paris_offset(utc(2026, 3, 28, 12, 0, 0)), 3600);
	CHECK_INT(tdm_paris_offset(utc(2026, 10, 24, 12, 0, 0)), 7200);
}

static void
offset_other_years(void)
{
	static const struct {
		int	 year, march, october;	/* the last Sundays */
	} y[] = {
		{ 1996, 31, 27 }, { 2000, 26, 29 }, { 2024, 31, 27 },
		{ 2025, 30, 26 }, { 2027, 28, 31 }, { 2028, 26, 29 },
		{ 2037, 29, 25 }, { 2038, 28, 31 }, { 2040, 25, 28 },
		{ 2100, 28, 31 },
	};
	size_t	 i;
	int	 off;

	for (i = 0; i < sizeof(y) / sizeof(y[0]); i++) {
		CHECK_INT(tdm_paris_offset(utc(y[i].year, 3, y[i].march - 1,
		    1, 0, 0)), 3600);
		CHECK_INT(tdm_paris_offset(utc(y[i].year, 3, y[i].march,
		    0, 59, 59)), 3600);
		CHECK_INT(tdm_paris_offset(utc(y[i].year, 3, y[i].march,
		    1, 0, 0)), 7200);
		CHECK_INT(tdm_paris_offset(utc(y[i].year, 10, y[i].october,
		    0, 59, 59)), 7200);
		CHECK_INT(tdm_paris_offset(utc(y[i].year, 10, y[i].october,
		    1, 0, 0)), 3600);
	}
	/* Before 1970, with negative times. */
	CHECK_INT(tdm_paris_offset(utc(1969, 7, 1, 0, 0, 0)), 7200);
	CHECK_INT(tdm_paris_offset(utc(1969, 12, 31, 23, 59, 59)), 3600);
	/* Any time_t at all gives an answer, without overflow. */
	off = tdm_paris_offset((time_t)INT64_MAX);
	CHECK(off == 3600 || off == 7200);
	off = tdm_paris_offset((time_t)INT64_MIN);
	CHECK(off == 3600 || off == 7200);
}

static void
local_summer(void)
{
	struct tdm_ical_event	 ev = event();
	char			*s;

	s = ics(TDM_ICAL_REQUEST, &ev, 1, NULL);
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK(has_line(s, "DTSTART;TZID=Europe/Paris:20260615T100000"));
	CHECK(has_line(s, "DTEND;TZID=Europe/Paris:20260615T113000"));
	CHECK(has_line(s, "DTSTAMP:20260504T090000Z"));
	free(s);
}

static void
local_winter(void)
{
	struct tdm_ical_event	 ev = event();
	char			*s;

	ev.start = utc(2026, 12, 1, 13, 30, 0);
	ev.minutes = 45;
	s = ics(TDM_ICAL_REQUEST, &ev, 1, NULL);
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK(has_line(s, "DTSTART;TZID=Europe/Paris:20261201T143000"));
	CHECK(has_line(s, "DTEND;TZID=Europe/Paris:20261201T151500"));
	free(s);
}

static void
local_across_changes(void)
{
	struct tdm_ical_event	 ev = event();
	char			*s;

	/* 01:30 CET, one hour later it is 03:30 CEST. */
	ev.start = utc(2026, 3, 29, 0, 30, 0);
	ev.minutes = 60;
	s = ics(TDM_ICAL_REQUEST, &ev, 1, NULL);
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK(has_line(s, "DTSTART;TZID=Europe/Paris:20260329T013000"));
	CHECK(has_line(s, "DTEND;TZID=Europe/Paris:20260329T033000"));
	free(s);

	/*
	 * 02:30 CEST, then the second 02:30 (CET), which Paris time
	 * cannot tell from the first: it is written in UTC.
	 */
	ev.start = utc(2026, 10, 25, 0, 30, 0);
	s = ics(TDM_ICAL_REQUEST, &ev, 1, NULL);
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK(has_line(s, "DTSTART;TZID=Europe/Paris:20261025T023000"));
	CHECK(has_line(s, "DTEND:20261025T013000Z"));
	free(s);

	/* The repeated hour ends at 02:00 UTC, 03:00 CET. */
	ev.start = utc(2026, 10, 25, 1, 0, 0);
	s = ics(TDM_ICAL_REQUEST, &ev, 1, NULL);
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK(has_line(s, "DTSTART:20261025T010000Z"));
	CHECK(has_line(s, "DTEND;TZID=Europe/Paris:20261025T030000"));
	free(s);
}

/* The first and last days a four-digit year allows. */
static void
far_dates(void)
{
	struct tdm_ical_event	 ev = event();
	char			*s;

	ev.start = utc(1, 1, 2, 0, 0, 0);
	s = ics(TDM_ICAL_REQUEST, &ev, 1, NULL);
	CHECK(s != NULL && has_line(s,
	    "DTSTART;TZID=Europe/Paris:00010102T010000"));
	free(s);
	ev.start = utc(9999, 12, 29, 22, 0, 0);
	ev.minutes = 60;
	s = ics(TDM_ICAL_REQUEST, &ev, 1, NULL);
	CHECK(s != NULL && has_line(s,
	    "DTEND;TZID=Europe/Paris:99991230T000000"));
	free(s);
}

static void
calendar_shape(void)
{
	static const char	 head[] = "BEGIN:VCALENDAR\r\n"
	    "PRODID:-//Tandem//Tandem 0.1//FR\r\nVERSION:2.0\r\n"
	    "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nBEGIN:VTIMEZONE\r\n"
	    "TZID:Europe/Paris\r\n";
	struct tdm_ical_event	 ev = event();
	char			*s;

	s = ics(TDM_ICAL_PUBLISH, &ev, 1, NULL);
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK(strncmp(s, head, strlen(head)) == 0);
	CHECK(has_line(s, "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"));
	CHECK(has_line(s, "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"));
	CHECK(has_line(s, "DTSTART:19700329T020000"));
	CHECK(has_line(s, "DTSTART:19701025T030000"));
	CHECK(has_line(s, "STATUS:CONFIRMED"));
	CHECK(has_line(s, "TRANSP:OPAQUE"));
	CHECK(has_line(s, "ORGANIZER;CN=Claire Martin:"
	    "mailto:claire.martin@example.fr"));
	/* RFC 5546: no ATTENDEE in a PUBLISH. */
	CHECK(strstr(s, "ATTENDEE") == NULL);
	CHECK(strstr(s, "DESCRIPTION") == NULL);
	CHECK(strstr(s, "LOCATION") == NULL);
	CHECK(strlen(s) > 15 &&
	    strcmp(s + strlen(s) - 15, "END:VCALENDAR\r\n") == 0);
	CHECK_INT(bad_lines(s), 0);
	free(s);
}

static void
fold_french(void)
{
	struct tdm_ical_event	 ev = event();
	struct tdm_buf		 want = TDM_BUF_INIT, line = TDM_BUF_INIT;
	char			*s, *u;
	size_t			 i, chars;

	/* 200 characters, 60 of them two octets long. */
	for (i = 0; i < 10; i++)
		tdm_buf_adds(&want, "\xC3\x89t\xC3\xA9s \xC3\xA0 l'\xC3\xA9"
		    "cole d\xC3\xA9j\xC3\xA0 ");
	for (i = chars = 0; i < want.len; i++)
		chars += ((unsigned char)want.buf[i] & 0xC0) != 0x80;
	CHECK_INT(chars, 200);
	CHECK_INT(want.len, 260);
	ev.summary = want.buf;
	s = ics(TDM_ICAL_REQUEST, &ev, 1, NULL);
	CHECK(s != NULL);
	if (s != NULL) {
		CHECK_INT(bad_lines(s), 0);
		CHECK(strstr(s, "\r\n ") != NULL);
		tdm_buf_adds(&line, "\r\nSUMMARY:");
		tdm_buf_adds(&line, want.buf);
		tdm_buf_adds(&line, "\r\n");
		u = unfold(s);
		CHECK(u != NULL && strstr(u, line.buf) != NULL);
		free(u);
	}
	free(s);
	tdm_buf_release(&want);
	tdm_buf_release(&line);
}

/* Lines of exactly 75 and 76 octets, and four-octet characters. */
static void
fold_edges(void)
{
	struct tdm_ical_event	 ev = event();
	struct tdm_buf		 sum = TDM_BUF_INIT;
	char			*s, *u;
	int			 i, shift;

	/* "SUMMARY:" is 8 octets: 67 more make 75, no fold. */
	for (i = 0; i < 67; i++)
		tdm_buf_addch(&sum, 'x');
	ev.summary = sum.buf;
	s = ics(TDM_ICAL_REQUEST, &ev, 1, NULL);
	CHECK(s != NULL && strstr(s, "\r\nSUMMARY:") != NULL &&
	    strstr(s, "\r\nSUMMARY:")[77] == '\r' &&
	    strstr(s, "\r\nSUMMARY:")[79] != ' ');
	free(s);
	tdm_buf_addch(&sum, 'y');
	ev.summary = sum.buf;
	s = ics(TDM_ICAL_REQUEST, &ev, 1, NULL);
	CHECK(s != NULL && strstr(s, "\r\n y\r\n") != NULL);
	free(s);

	/* U+1F600 at every offset against the fold. */
	for (shift = 0; shift < 4; shift++) {
		tdm_buf_reset(&sum);
		for (i = 0; i < shift; i++)
			tdm_buf_addch(&sum, 'a');
		for (i = 0; i < 60; i++)
			tdm_buf_adds(&sum, "\xF0\x9F\x98\x80");
		ev.summary = sum.buf;
		s = ics(TDM_ICAL_REQUEST, &ev, 1, NULL);
		CHECK(s != NULL);
		if (s == NULL)
			continue;
		CHECK_INT(bad_lines(s), 0);
		u = unfold(s);
		CHECK(u != NULL && strstr(u, sum.buf) != NULL);
		free(u);
		free(s);
	}
	tdm_buf_release(&sum);
}

static void
escaping(void)
{
	struct tdm_ical_event		 ev = event();
	struct tdm_ical_person		 p[3] = {
		{ "Jean \"JJ\" Dupont", "jj@example.fr" },
		{ "Soci\xC3\xA9t\xC3\xA9 : RH", "rh@example.fr" },
		{ "", "anon@example.fr" },
	};
	char				*s;

	ev.summary = "a,b;c\\d\ne\r\nf\rg: \"h\"\ti\x01j";
	ev.description = "Ligne 1\nLigne 2, fin.";
	ev.location = "Lyon; salle 3";
	ev.organizer.name = "Martin, Claire";
	ev.attendees = p;
	ev.nattendees = 3;
	ev.uid = "a;b,c@x";
	s = ics(TDM_ICAL_REQUEST, &ev, 1, NULL);
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK(has_line(s, "SUMMARY:a\\,b\\;c\\\\d\\ne\\nf\\ng: \"h\"\tij"));
	CHECK(has_line(s, "DESCRIPTION:Ligne 1\\nLigne 2\\, fin."));
	CHECK(has_line(s, "LOCATION:Lyon\\; salle 3"));
	CHECK(has_line(s, "UID:a\\;b\\,c@x"));
	CHECK(has_line(s, "ORGANIZER;CN=\"Martin, Claire\":"
	    "mailto:claire.martin@example.fr"));
	CHECK(has_line(s, "ATTENDEE;CN=Jean 'JJ' Dupont;ROLE=REQ-PARTICIPANT;"
	    "PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:jj@example.fr"));
	CHECK(has_line(s, "ATTENDEE;CN=\"Soci\xC3\xA9t\xC3\xA9 : RH\";"
	    "ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:"
	    "mailto:rh@example.fr"));
	CHECK(has_line(s, "ATTENDEE;ROLE=REQ-PARTICIPANT;"
	    "PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:anon@example.fr"));
	CHECK_INT(bad_lines(s), 0);
	free(s);
}

static void
cancel_method(void)
{
	struct tdm_ical_event	 ev[2];
	char			*s;

	ev[0] = event();
	ev[1] = event();
	ev[1].uid = "session-2@tandem.example";
	ev[0].sequence = 3;
	s = ics(TDM_ICAL_CANCEL, ev, 2, NULL);
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK(has_line(s, "METHOD:CANCEL"));
	CHECK(has_line(s, "SEQUENCE:3"));
	CHECK(has_line(s, "UID:session-2@tandem.example"));
	CHECK(strstr(s, "STATUS:CONFIRMED") == NULL);
	CHECK(strstr(strstr(s, "STATUS:CANCELLED") + 1,
	    "STATUS:CANCELLED") != NULL);
	CHECK(strstr(s, "RSVP") == NULL);
	CHECK(has_line(s, "ATTENDEE;CN=\"Lef\xC3\xA8vre, Th\xC3\xA9o\";"
	    "ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:"
	    "mailto:theo.lefevre@example.fr"));
	free(s);

	/* One event cancelled in a request. */
	ev[1].cancelled = 1;
	s = ics(TDM_ICAL_REQUEST, ev, 2, NULL);
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK(has_line(s, "METHOD:REQUEST"));
	CHECK(strstr(s, "STATUS:CONFIRMED") < strstr(s, "STATUS:CANCELLED"));
	free(s);
}

static void
refusals(void)
{
	static const struct tdm_ical_person	 noat = { "A", "a.example.fr" };
	static const struct tdm_ical_person	 crlf = { "A\r\nB", "a@b.fr" };
	static const struct tdm_ical_person	 lf = { "A", "a@b.fr\nBcc" };
	static const struct tdm_ical_person	 lead = { "A", "@b.fr" };
	static const struct tdm_ical_person	 space = { "A", "a b@c.fr" };
	struct tdm_ical_event			 ev;
	struct tdm_buf				 out = TDM_BUF_INIT;
	enum tdm_err				 err;
	int					 i;
	time_t					 stamp = 0;

	for (i = 0; i < 19; i++) {
		ev = event();
		switch (i) {
		case 0: ev.uid = NULL; break;
		case 1: ev.uid = ""; break;
		case 2: ev.summary = NULL; break;
		case 3: ev.summary = ""; break;
		case 4: ev.organizer.email = NULL; break;
		case 5: ev.organizer = noat; break;
		case 6: ev.organizer = crlf; break;
		case 7: ev.attendees = &lf; ev.nattendees = 1; break;
		case 8: ev.attendees = &lead; ev.nattendees = 1; break;
		case 9: ev.attendees = &space; ev.nattendees = 1; break;
		case 10: ev.attendees = NULL; break;
		case 11: ev.summary = "caf\xC3"; break;
		case 12: ev.description = "\xC0\xAF"; break;
		case 13: ev.location = "\xED\xA0\x80"; break;
		case 14: ev.minutes = 0; break;
		case 15: ev.sequence = -1; break;
		case 16: ev.uid = "a\nb"; break;
		case 17: ev.start = utc(10000, 1, 1, 0, 0, 0); break;
		case 18: stamp = utc(-1, 1, 1, 0, 0, 0); break;
		}
		tdm_buf_adds(&out, "kept");
		err = tdm_ical_write(&out, TDM_ICAL_REQUEST, stamp, &ev, 1);
		if (err != TDM_EINVAL)
			printf("# case %d: %d\n", i, err);
		CHECK_INT(err, TDM_EINVAL);
		CHECK_STR(out.buf, "kept");
		tdm_buf_reset(&out);
		stamp = 0;
	}
	ev = event();
	CHECK_INT(tdm_ical_write(&out, (enum tdm_ical_method)3, 0, &ev, 1),
	    TDM_EINVAL);
	CHECK_INT(tdm_ical_write(&out, TDM_ICAL_REQUEST, 0, NULL, 1),
	    TDM_EINVAL);
	CHECK_INT(out.len, 0);
	/* No event at all is still a calendar, with its time zone. */
	CHECK_INT(tdm_ical_write(&out, TDM_ICAL_PUBLISH, 0, NULL, 0), TDM_OK);
	CHECK(strstr(out.buf, "END:VTIMEZONE\r\nEND:VCALENDAR\r\n") != NULL);
	/* A buffer that already failed stays failed. */
	tdm_buf_reset(&out);
	out.failed = 1;
	CHECK_INT(tdm_ical_write(&out, TDM_ICAL_REQUEST, 0, &ev, 1),
	    TDM_ENOMEM);
	tdm_buf_release(&out);
}

static void
deterministic(void)
{
	struct tdm_ical_event	 ev = event();
	struct tdm_buf		 a = TDM_BUF_INIT, b = TDM_BUF_INIT;
	time_t			 t = 1000000000;

	ev.description = "M\xC3\xAAme entr\xC3\xA9" "e, m\xC3\xAAme sortie.";
	CHECK_INT(tdm_ical_write(&a, TDM_ICAL_REQUEST, t, &ev, 1), TDM_OK);
	CHECK_INT(tdm_ical_write(&b, TDM_ICAL_REQUEST, t, &ev, 1), TDM_OK);
	CHECK(a.len == b.len && memcmp(a.buf, b.buf, a.len) == 0);
	/* Appending keeps what was there. */
	tdm_buf_reset(&b);
	tdm_buf_adds(&b, "X");
	CHECK_INT(tdm_ical_write(&b, TDM_ICAL_REQUEST, t, &ev, 1), TDM_OK);
	CHECK(b.len == a.len + 1 && memcmp(a.buf, b.buf + 1, a.len) == 0);
	tdm_buf_release(&a);
	tdm_buf_release(&b);
}

/*
 * The golden files: a session invited in summer, moved to winter, then
 * cancelled.  Their .json sidecars say the same for run-ical.
 */
static void
golden_event(struct tdm_ical_event *ev, int moved)
{
	memset(ev, 0, sizeof(*ev));
	ev->uid = "tandem-session-42@tandem.example";
	ev->summary = "Mentorat : H\xC3\xA9l\xC3\xA8ne & Th\xC3\xA9o, "
	    "s\xC3\xA9" "ance 1";
	ev->description = "Premi\xC3\xA8re s\xC3\xA9" "ance du programme "
	    "\xC2\xAB Transmettre \xC2\xBB ; pr\xC3\xA9voir une heure et "
	    "demie.\nOrdre du jour : pr\xC3\xA9sentations, objectifs, "
	    "calendrier.";
	ev->location = "Lyon Part-Dieu, salle \xC3\x89mile-Zola";
	ev->organizer.name = "Claire Martin";
	ev->organizer.email = "claire.martin@example.fr";
	ev->attendees = people;
	ev->nattendees = 2;
	if (!moved) {
		ev->start = utc(2026, 6, 18, 12, 0, 0);	/* 14:00 CEST */
		ev->minutes = 90;
	} else {
		ev->sequence = 1;
		ev->start = utc(2026, 11, 19, 9, 30, 0);	/* 10:30 CET */
		ev->minutes = 60;
	}
}

/*
 * Open tests/golden/ical/NAME.ics from the top of the repository, or
 * from a directory just below it.
 */
static FILE *
golden_open(const char *name, const char *mode)
{
	static const char *const	 dirs[] = {
		"tests/golden/ical", "../tests/golden/ical",
	};
	char				 path[256];
	FILE				*f;
	size_t				 i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s.ics", dirs[i], name);
		if ((f = fopen(path, mode)) != NULL)
			return f;
	}
	return NULL;
}

static void
golden(const char *name, enum tdm_ical_method m, int moved)
{
	struct tdm_ical_event	 ev;
	struct tdm_buf		 got = TDM_BUF_INIT, want = TDM_BUF_INIT;
	char			 chunk[4096];
	FILE			*f;
	size_t			 n, i;

	golden_event(&ev, moved);
	if (m == TDM_ICAL_CANCEL)
		ev.sequence = 2;
	/* Discreet, by video: a neutral summary, the link, a private
	 * event (issue 12). */
	if (strcmp(name, "discreet") == 0) {
		ev.summary = "Rendez-vous";
		ev.description = "Lien : https://visio.example.fr/r/"
		    "tandem-42?pwd=7Xq9;lang=fr";
		ev.location = "Visioconf\xC3\xA9rence";
		ev.url = "https://visio.example.fr/r/tandem-42?pwd=7Xq9;"
		    "lang=fr";
		ev.private = 1;
	}
	CHECK_INT(tdm_ical_write(&got, m, utc(2026, 5, 4, 9, 0, 0), &ev, 1),
	    TDM_OK);
	CHECK_INT(bad_lines(got.buf), 0);
	if (update) {
		f = golden_open(name, "wb");
		CHECK(f != NULL);
		if (f != NULL) {
			CHECK(fwrite(got.buf, 1, got.len, f) == got.len);
			CHECK(fclose(f) == 0);
		}
	}
	if ((f = golden_open(name, "rb")) == NULL) {
		printf("# %s.ics: %s\n", name, strerror(errno));
		t_fails++;
		tdm_buf_release(&got);
		return;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		tdm_buf_add(&want, chunk, n);
	fclose(f);
	CHECK(!want.failed);
	for (i = 0; i < got.len && i < want.len; i++)
		if (got.buf[i] != want.buf[i])
			break;
	if (i < got.len || i < want.len) {
		printf("# %s.ics differs at octet %zu\n", name, i);
		t_fails++;
	}
	tdm_buf_release(&got);
	tdm_buf_release(&want);
}

static void
golden_invitation(void)
{
	golden("invitation", TDM_ICAL_REQUEST, 0);
}

static void
golden_update(void)
{
	golden("update", TDM_ICAL_REQUEST, 1);
}

static void
golden_cancellation(void)
{
	golden("cancellation", TDM_ICAL_CANCEL, 1);
}

static void
golden_discreet(void)
{
	golden("discreet", TDM_ICAL_REQUEST, 0);
}

/* A url with a space or a control character is refused; none is left
 * out; a private event says so. */
static void
url_and_class(void)
{
	struct tdm_ical_event	 ev;
	struct tdm_buf		 b = TDM_BUF_INIT;

	golden_event(&ev, 0);
	ev.url = "https://a.fr/x y";
	CHECK_INT(tdm_ical_write(&b, TDM_ICAL_REQUEST, 0, &ev, 1),
	    TDM_EINVAL);
	ev.url = "https://a.fr/x\r\nATTENDEE:mailto:x@y.fr";
	CHECK_INT(tdm_ical_write(&b, TDM_ICAL_REQUEST, 0, &ev, 1),
	    TDM_EINVAL);
	CHECK_INT(b.len, 0);
	ev.url = "";
	CHECK_INT(tdm_ical_write(&b, TDM_ICAL_REQUEST, 0, &ev, 1), TDM_OK);
	CHECK(strstr(b.buf, "URL:") == NULL);
	CHECK(strstr(b.buf, "CLASS:") == NULL);
	b.len = 0;
	ev.private = 1;
	ev.url = "https://a.fr/r/1";
	CHECK_INT(tdm_ical_write(&b, TDM_ICAL_REQUEST, 0, &ev, 1), TDM_OK);
	CHECK(strstr(b.buf, "\r\nCLASS:PRIVATE\r\n") != NULL);
	CHECK(strstr(b.buf, "\r\nURL:https://a.fr/r/1\r\n") != NULL);
	tdm_buf_release(&b);
}

int
main(int argc, char *argv[])
{
	update = argc > 1 && strcmp(argv[1], "--update") == 0;
	RUN(offset_2026);
	RUN(offset_other_years);
	RUN(local_summer);
	RUN(local_winter);
	RUN(local_across_changes);
	RUN(far_dates);
	RUN(calendar_shape);
	RUN(fold_french);
	RUN(fold_edges);
	RUN(escaping);
	RUN(cancel_method);
	RUN(refusals);
	RUN(deterministic);
	RUN(golden_invitation);
	RUN(golden_update);
	RUN(golden_cancellation);
	RUN(golden_discreet);
	RUN(url_and_class);
	return DONE();
}
