/*
 * Writing iCalendar (RFC 5545) objects as iTIP (RFC 5546) messages:
 * a VCALENDAR with its METHOD, the Europe/Paris VTIMEZONE and one
 * VEVENT per session, in the Paris wall-clock time.
 *
 * This file knows content lines, escaping, folding and the EU daylight
 * saving rule.  It does not send mail, build MIME parts, read iCalendar
 * or know any other time zone; nor does it know French history before
 * 1996, when the EU rule began: the rule is applied to every year.
 *
 * Every input is checked before anything is written, so a refused call
 * leaves the output as it was.  Output is a function of the input only:
 * no clock, no locale, no environment.
 */
#include <stdint.h>
#include <string.h>

#include "tandem/ical.h"

#define FOLD_AT		75	/* octets per physical line, CRLF excluded */
#define PARIS_STD	3600	/* CET, UTC+1 */
#define PARIS_DST	7200	/* CEST, UTC+2 */
#define DAY		86400

/*
 * One content line being built in line, then folded into out.  A failed
 * allocation in either buffer is remembered in failed, because resetting
 * line between two content lines would clear its own flag.
 */
struct icalw {
	struct tdm_buf	*out;
	struct tdm_buf	 line;
	int		 failed;
};

/* A UTC or local time broken down, for the basic format of RFC 5545. */
struct civil {
	int64_t	 year;
	int	 month, day, hour, min, sec;
};

static const char *const methods[] = {
	[TDM_ICAL_REQUEST] = "REQUEST",
	[TDM_ICAL_CANCEL] = "CANCEL",
	[TDM_ICAL_PUBLISH] = "PUBLISH",
};

/*
 * The Europe/Paris VTIMEZONE: the EU rule since 1996, written from 1970
 * as most producers do.  Every line is shorter than FOLD_AT.
 */
static const char *const vtimezone[] = {
	"BEGIN:VTIMEZONE",
	"TZID:Europe/Paris",
	"BEGIN:STANDARD",
	"TZOFFSETFROM:+0200",
	"TZOFFSETTO:+0100",
	"TZNAME:CET",
	"DTSTART:19701025T030000",
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
	"END:STANDARD",
	"BEGIN:DAYLIGHT",
	"TZOFFSETFROM:+0100",
	"TZOFFSETTO:+0200",
	"TZNAME:CEST",
	"DTSTART:19700329T020000",
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
	"END:DAYLIGHT",
	"END:VTIMEZONE",
};

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t	 era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil(). */
static void
civil_from_days(int64_t z, struct civil *c)
{
	int64_t	 era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	c->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	c->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	c->year = yoe + era * 400 + (c->month <= 2);
}

/*
 * Split t into whole days since the epoch and seconds into the day,
 * rounding towards minus infinity so that times before 1970 work too.
 * Nothing here multiplies, so no time_t can overflow.
 */
static void
split_time(time_t t, int64_t *days, int *sod)
{
	int64_t	 v = (int64_t)t, d, r;

	d = v / DAY;
	r = v % DAY;
	if (r < 0) {
		d--;
		r += DAY;
	}
	*days = d;
	*sod = (int)r;
}

static void
to_civil(time_t t, struct civil *c)
{
	int64_t	 days;
	int	 sod;

	split_time(t, &days, &sod);
	civil_from_days(days, c);
	c->hour = sod / 3600;
	c->min = sod / 60 % 60;
	c->sec = sod % 60;
}

/* The day of the last Sunday of a 31-day month. */
static int64_t
last_sunday(int64_t year, int month)
{
	int64_t	 d, wd;

	d = days_from_civil(year, month, 31);
	wd = (d + 4) % 7;	/* 1970-01-01 was a Thursday; 0 is Sunday */
	if (wd < 0)
		wd += 7;
	return d - wd;
}

int
tdm_paris_offset(time_t t)
{
	struct civil	 c;
	int64_t		 days, spring, autumn;
	int		 sod, after_spring, before_autumn;

	split_time(t, &days, &sod);
	civil_from_days(days, &c);
	/* Both changes happen at 01:00 UTC. */
	spring = last_sunday(c.year, 3);
	autumn = last_sunday(c.year, 10);
	after_spring = days > spring || (days == spring && sod >= 3600);
	before_autumn = days < autumn || (days == autumn && sod < 3600);
	return after_spring && before_autumn ? PARIS_DST : PARIS_STD;
}

/*
 * Whether t is in the hour the clocks repeat in October, after the
 * change: its Paris time also names the hour before, and RFC 5545
 * reads such a time as the first of the two.
 */
static int
paris_repeated(time_t t)
{
	return tdm_paris_offset(t) == PARIS_STD &&
	    tdm_paris_offset(t - 3600) == PARIS_DST;
}

/*
 * Whether t and t + margin seconds can be written with a four-digit
 * year, in UTC and in Paris time.
 */
static int
time_ok(time_t t, int64_t margin)
{
	/* 0001-01-02 and 9999-12-30, a day in from either end. */
	const int64_t	 lo = -62135510400LL, hi = 253402128000LL;

	return (int64_t)t >= lo && (int64_t)t <= hi - margin;
}

/*
 * Whether s is well-formed UTF-8: no overlong form, no surrogate, nothing
 * past U+10FFFF.  Folding relies on it to find character boundaries.
 */
static int
utf8_ok(const char *str)
{
	const unsigned char	*s = (const unsigned char *)str;
	unsigned		 c, lo, hi;
	int			 n, i;

	while (*s != '\0') {
		c = *s++;
		if (c < 0x80)
			continue;
		lo = 0x80;
		hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF)
			n = 1;
		else if (c >= 0xE0 && c <= 0xEF) {
			n = 2;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else
			return 0;
		for (i = 0; i < n; i++, s++) {
			if (*s < lo || *s > hi)
				return 0;
			lo = 0x80;
			hi = 0xBF;
		}
	}
	return 1;
}

/* An ASCII control character, which only TEXT escaping can carry. */
static int
is_ctl(unsigned char c)
{
	return c < 0x20 || c == 0x7F;
}

/* A non-empty UTF-8 string without control characters. */
static int
plain_ok(const char *s)
{
	const char	*p;

	if (s == NULL || *s == '\0' || !utf8_ok(s))
		return 0;
	for (p = s; *p != '\0'; p++)
		if (is_ctl((unsigned char)*p))
			return 0;
	return 1;
}

/*
 * A person: the name may be absent; if given, it is UTF-8 without any
 * control character but the tab.  The address has something on both
 * sides of an '@' and neither space nor control character, as it goes
 * into a mailto: URI unescaped.
 */
static int
person_ok(const struct tdm_ical_person *p)
{
	const char	*s, *at;

	if (p->name != NULL) {
		if (!utf8_ok(p->name))
			return 0;
		for (s = p->name; *s != '\0'; s++)
			if (is_ctl((unsigned char)*s) && *s != '\t')
				return 0;
	}
	if (!plain_ok(p->email))
		return 0;
	for (s = p->email; *s != '\0'; s++)
		if (*s == ' ')
			return 0;
	at = strchr(p->email, '@');
	return at != NULL && at != p->email && at[1] != '\0';
}

/* A text value that may be NULL; if given, valid UTF-8. */
static int
text_ok(const char *s)
{
	return s == NULL || utf8_ok(s);
}

static enum tdm_err
event_ok(const struct tdm_ical_event *ev)
{
	size_t	 i;

	if (!plain_ok(ev->uid) || ev->summary == NULL ||
	    *ev->summary == '\0' || !text_ok(ev->summary) ||
	    !text_ok(ev->description) || !text_ok(ev->location))
		return TDM_EINVAL;
	if (ev->url != NULL && *ev->url != '\0' && (!plain_ok(ev->url) ||
	    strpbrk(ev->url, " \t") != NULL))
		return TDM_EINVAL;
	if (ev->sequence < 0 || ev->minutes <= 0 ||
	    !time_ok(ev->start, (int64_t)ev->minutes * 60))
		return TDM_EINVAL;
	if (ev->organizer.email == NULL || !person_ok(&ev->organizer))
		return TDM_EINVAL;
	if (ev->nattendees > 0 && ev->attendees == NULL)
		return TDM_EINVAL;
	for (i = 0; i < ev->nattendees; i++)
		if (!person_ok(&ev->attendees[i]))
			return TDM_EINVAL;
	return TDM_OK;
}

/*
 * Move the content line to the output, folded: at most FOLD_AT octets
 * per physical line, the leading space of a continuation counted, and
 * never inside a UTF-8 sequence (the input was checked, so a boundary
 * is never more than three octets back).
 */
static void
line_end(struct icalw *w)
{
	const char	*s = w->line.buf;
	size_t		 len = w->line.len, pos = 0, room = FOLD_AT, cut;

	if (w->line.failed)
		w->failed = 1;
	if (w->failed)
		return;
	while (len - pos > room) {
		cut = pos + room;
		while (cut > pos && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
		tdm_buf_add(w->out, s + pos, cut - pos);
		tdm_buf_add(w->out, "\r\n ", 3);
		pos = cut;
		room = FOLD_AT - 1;
	}
	tdm_buf_add(w->out, s + pos, len - pos);
	tdm_buf_add(w->out, "\r\n", 2);
	tdm_buf_reset(&w->line);
	if (w->out->failed)
		w->failed = 1;
}

/* Start a content line with a property name (and perhaps more). */
static void
line_begin(struct icalw *w, const char *name)
{
	tdm_buf_adds(&w->line, name);
}

/* A whole line that needs no escaping. */
static void
line_raw(struct icalw *w, const char *s)
{
	line_begin(w, s);
	line_end(w);
}

/*
 * Append a TEXT value (RFC 5545, 3.3.11): backslash, semicolon and comma
 * escaped; LF, CRLF and a lone CR each written as \n.  Other control
 * characters but the tab cannot be written at all and are dropped.
 */
static void
add_text(struct icalw *w, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '\\':
		case ';':
		case ',':
			tdm_buf_addch(&w->line, '\\');
			tdm_buf_addch(&w->line, *s);
			break;
		case '\r':
			if (s[1] == '\n')
				s++;
			/* FALLTHROUGH */
		case '\n':
			tdm_buf_add(&w->line, "\\n", 2);
			break;
		default:
			if (*s == '\t' || !is_ctl((unsigned char)*s))
				tdm_buf_addch(&w->line, *s);
			break;
		}
	}
}

/* A property whose value is TEXT. */
static void
prop_text(struct icalw *w, const char *name, const char *value)
{
	line_begin(w, name);
	tdm_buf_addch(&w->line, ':');
	add_text(w, value);
	line_end(w);
}

/*
 * Append ";CN=" and a parameter value (RFC 5545, 3.1): quoted when it
 * holds ':', ';' or ','.  A parameter value cannot hold DQUOTE, quoted
 * or not, so one becomes a single quote.  Nothing for an empty name.
 */
static void
add_cn(struct icalw *w, const char *name)
{
	const char	*s;
	int		 quote;

	if (name == NULL || *name == '\0')
		return;
	quote = strpbrk(name, ":;,") != NULL;
	tdm_buf_adds(&w->line, ";CN=");
	if (quote)
		tdm_buf_addch(&w->line, '"');
	for (s = name; *s != '\0'; s++)
		tdm_buf_addch(&w->line, *s == '"' ? '\'' : *s);
	if (quote)
		tdm_buf_addch(&w->line, '"');
}

/* A DATE-TIME in the basic format, with Z for UTC. */
static void
add_time(struct icalw *w, time_t t, int utc)
{
	struct civil	 c;

	to_civil(t, &c);
	tdm_buf_addf(&w->line, "%04lld%02d%02dT%02d%02d%02d%s",
	    (long long)c.year, c.month, c.day, c.hour, c.min, c.sec,
	    utc ? "Z" : "");
}

/*
 * DTSTART or DTEND in Paris time.  A time in the repeated October hour
 * is written in UTC instead, as its Paris time would read as an hour
 * earlier.
 */
static void
prop_paris(struct icalw *w, const char *name, time_t t)
{
	line_begin(w, name);
	if (paris_repeated(t)) {
		tdm_buf_addch(&w->line, ':');
		add_time(w, t, 1);
	} else {
		tdm_buf_adds(&w->line, ";TZID=Europe/Paris:");
		add_time(w, t + tdm_paris_offset(t), 0);
	}
	line_end(w);
}

static void
prop_person(struct icalw *w, const char *name,
    const struct tdm_ical_person *p, const char *params)
{
	line_begin(w, name);
	add_cn(w, p->name);
	tdm_buf_adds(&w->line, params);
	tdm_buf_adds(&w->line, ":mailto:");
	tdm_buf_adds(&w->line, p->email);
	line_end(w);
}

static void
write_event(struct icalw *w, enum tdm_ical_method method, time_t stamp,
    const struct tdm_ical_event *ev)
{
	const char	*params;
	size_t		 i;
	int		 cancelled;
	time_t		 end;

	cancelled = ev->cancelled || method == TDM_ICAL_CANCEL;
	end = ev->start + (time_t)ev->minutes * 60;
	line_raw(w, "BEGIN:VEVENT");
	prop_text(w, "UID", ev->uid);
	line_begin(w, "SEQUENCE:");
	tdm_buf_addf(&w->line, "%d", ev->sequence);
	line_end(w);
	line_begin(w, "DTSTAMP:");
	add_time(w, stamp, 1);
	line_end(w);
	prop_paris(w, "DTSTART", ev->start);
	prop_paris(w, "DTEND", end);
	prop_text(w, "SUMMARY", ev->summary);
	if (ev->description != NULL && *ev->description != '\0')
		prop_text(w, "DESCRIPTION", ev->description);
	if (ev->location != NULL && *ev->location != '\0')
		prop_text(w, "LOCATION", ev->location);
	if (ev->url != NULL && *ev->url != '\0') {
		line_begin(w, "URL:");
		tdm_buf_add(&w->line, ev->url, strlen(ev->url));
		line_end(w);
	}
	if (ev->private)
		line_raw(w, "CLASS:PRIVATE");
	prop_person(w, "ORGANIZER", &ev->organizer, "");
	/*
	 * RFC 5546: a PUBLISH has no ATTENDEE; a CANCEL names them but
	 * expects no reply, so it asks for none.
	 */
	params = method == TDM_ICAL_CANCEL ?
	    ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION" :
	    ";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE";
	if (method != TDM_ICAL_PUBLISH)
		for (i = 0; i < ev->nattendees; i++)
			prop_person(w, "ATTENDEE", &ev->attendees[i], params);
	line_raw(w, cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
	line_raw(w, "TRANSP:OPAQUE");
	line_raw(w, "END:VEVENT");
}

enum tdm_err
tdm_ical_write(struct tdm_buf *out, enum tdm_ical_method method,
    time_t stamp, const struct tdm_ical_event *evs, size_t n)
{
	struct icalw	 w;
	size_t		 i, start = out->len;
	enum tdm_err	 err;

	if ((unsigned)method >= sizeof(methods) / sizeof(methods[0]) ||
	    !time_ok(stamp, 0) || (n > 0 && evs == NULL))
		return TDM_EINVAL;
	for (i = 0; i < n; i++)
		if ((err = event_ok(&evs[i])) != TDM_OK)
			return err;
	if (out->failed)
		return TDM_ENOMEM;

	w.out = out;
	tdm_buf_init(&w.line);
	w.failed = 0;
	line_raw(&w, "BEGIN:VCALENDAR");
	line_raw(&w, "PRODID:-//Tandem//Tandem 0.1//FR");
	line_raw(&w, "VERSION:2.0");
	line_raw(&w, "CALSCALE:GREGORIAN");
	line_begin(&w, "METHOD:");
	tdm_buf_adds(&w.line, methods[method]);
	line_end(&w);
	for (i = 0; i < sizeof(vtimezone) / sizeof(vtimezone[0]); i++)
		line_raw(&w, vtimezone[i]);
	for (i = 0; i < n; i++)
		write_event(&w, method, stamp, &evs[i]);
	line_raw(&w, "END:VCALENDAR");
	tdm_buf_release(&w.line);
	if (w.failed || out->failed) {
		tdm_buf_truncate(out, start);
		return TDM_ENOMEM;
	}
	return TDM_OK;
}
