/*
 * libFuzzer harness for the HTTP input parsers of the web front-end
 * (src/web/http.c): url_decode(), form_get() and cookie_get(), which see
 * whatever a client sends.
 *
 * An input is a key, a newline and a text (no newline: the key is the
 * whole input and the text empty); an optional failure plan goes first
 * (failmalloc.h) and covers form_get(), the one that allocates: refused
 * memory, it returns NULL without *bad.  The key is the field name asked
 * of the text as a form body and the cookie name asked of it as a Cookie
 * header; the text, and the key, are also percent-decoded as a path
 * (form=0) and as a form value (form=1).  Every output buffer is
 * allocated to its exact capacity, so that the sanitizers see a write
 * past it, and each parser runs with capacities around the boundary: too
 * small by one, just enough, none, one byte, plenty.  Their documented
 * promises are checked with abort(), and form_get() against where the
 * field is.  The text is also a path for the route table (routes.c),
 * the key its method: a route found takes its '*' segments from the path,
 * non-empty and without '/', at most three.  It does not drive
 * libmicrohttpd.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

#include "failmalloc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define CHECK(e) do { if (!(e)) abort(); } while (0)

/* A NUL-terminated copy of n bytes; NULL only if memory ran out. */
static char *
cstr(const uint8_t *p, size_t n)
{
	char	*s;

	if ((s = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

/* url_decode into a buffer of exactly cap bytes; *outp is freed later. */
static long
decode(const char *in, size_t n, size_t cap, int form, char **outp)
{
	long	 r;

	/*
	 * Exactly cap bytes, none for 0, so that the sanitizers see any
	 * write past them: malloc(0) is meant.
	 */
	if ((*outp = malloc(cap)) == NULL && cap > 0) /* NOLINT(clang-analyzer-optin.portability.UnixAPI) */
		abort();
	r = url_decode(in, n, *outp, cap, form);
	CHECK(r >= -1);
	if (r >= 0) {
		CHECK((size_t)r < cap);
		CHECK((size_t)r <= n);
		CHECK((*outp)[r] == '\0');
		/* A decoded NUL is malformed: the result is a C string. */
		CHECK(strlen(*outp) == (size_t)r);
	}
	return r;
}

/* Whether in is well-formed: every '%' starts an escape, no NUL. */
static int
well_formed(const char *in, size_t n, size_t *escapes)
{
	static const char	 hex[] = "0123456789abcdefABCDEF";
	size_t			 i;

	*escapes = 0;
	for (i = 0; i < n; i++) {
		if (in[i] == '\0')
			return 0;
		if (in[i] != '%')
			continue;
		if (n - i < 3 || strchr(hex, in[i + 1]) == NULL ||
		    in[i + 1] == '\0' || strchr(hex, in[i + 2]) == NULL ||
		    in[i + 2] == '\0' || (in[i + 1] == '0' && in[i + 2] == '0'))
			return 0;
		(*escapes)++;
		i += 2;
	}
	return 1;
}

/* url_decode of n bytes of in, both ways, at every capacity that matters. */
static void
fuzz_decode(const char *in, size_t n)
{
	static const char	 hexdig[] = "0123456789ABCDEF";
	char			*plain, *form, *small, *enc, *back;
	size_t			 caps[3], escapes, i;
	long			 r, rf, rs;
	int			 f;

	/* n + 1 always holds a well-formed input: decoding only shrinks. */
	r = decode(in, n, n + 1, 0, &plain);
	rf = decode(in, n, n + 1, 1, &form);
	if (well_formed(in, n, &escapes)) {
		CHECK(r >= 0 && (size_t)r == n - 2 * escapes);
		CHECK(rf == r);
		/* '+' is a space in a form and only there. */
		for (i = 0; i < (size_t)r; i++)
			CHECK(form[i] == plain[i] ||
			    (plain[i] == '+' && form[i] == ' '));
		if (memchr(in, '+', n) == NULL)
			CHECK(memcmp(plain, form, (size_t)r) == 0);
	} else
		CHECK(r == -1 && rf == -1);

	/* Around the boundary: r bytes do not hold it, r + 1 do. */
	for (f = 0; f <= 1; f++) {
		rs = f ? rf : r;
		caps[0] = 0;
		caps[1] = 1;
		caps[2] = rs >= 0 ? (size_t)rs : n / 2;
		for (i = 0; i < 3; i++) {
			if (decode(in, n, caps[i], f, &small) >= 0)
				CHECK(rs >= 0 && caps[i] > (size_t)rs &&
				    strcmp(small, f ? form : plain) == 0);
			else
				CHECK(rs < 0 || caps[i] <= (size_t)rs);
			free(small);
		}
		if (rs >= 0) {
			CHECK(decode(in, n, (size_t)rs + 1, f, &small) == rs);
			CHECK(strcmp(small, f ? form : plain) == 0);
			free(small);
		}
	}

	/* Percent-encoding every byte of the result decodes back to it. */
	if (r >= 0) {
		if ((enc = malloc(3 * (size_t)r + 1)) == NULL)
			abort();
		for (i = 0; i < (size_t)r; i++) {
			enc[3 * i] = '%';
			enc[3 * i + 1] = hexdig[(unsigned char)plain[i] >> 4];
			enc[3 * i + 2] = hexdig[(unsigned char)plain[i] & 15];
		}
		CHECK(decode(enc, 3 * (size_t)r, (size_t)r + 1, 1, &back) ==
		    r);
		CHECK(memcmp(back, plain, (size_t)r) == 0);
		free(back);
		free(enc);
	}
	free(plain);
	free(form);
}

/*
 * Where form_get must find key in body: the value's offset and length
 * in the first '&'-separated field whose name (up to its first '=') is
 * key; 0 if there is none.
 */
static int
field_of(const char *body, size_t len, const char *key, size_t *off,
    size_t *vlen)
{
	size_t	 start, end, eq, klen = strlen(key);

	for (start = 0; start < len; start = end + 1) {
		for (end = start; end < len && body[end] != '&'; end++)
			continue;
		for (eq = start; eq < end && body[eq] != '='; eq++)
			continue;
		if (eq < end && eq - start == klen &&
		    memcmp(body + start, key, klen) == 0) {
			*off = eq + 1;
			*vlen = end - eq - 1;
			return 1;
		}
	}
	return 0;
}

/* form_get of key in a body of exactly len bytes. */
static void
fuzz_form(const char *body, size_t len, const char *key,
    const struct failplan *plan)
{
	char		*v, *want;
	size_t		 off = 0, vlen = 0;
	long		 r = -1;
	unsigned	 refused;
	int		 bad = 0, found;

	failmalloc_arm(plan);
	v = form_get(body, len, key, &bad);
	refused = failmalloc_disarm();

	found = field_of(body, len, key, &off, &vlen);
	want = NULL;
	if (found)
		r = decode(body + off, vlen, vlen + 1, 1, &want);
	if (v != NULL) {
		CHECK(!bad);
		CHECK(found && r >= 0);
		/* The value is never longer than the body. */
		CHECK(strlen(v) <= len);
		CHECK(strcmp(v, want) == 0);
	} else if (bad)
		CHECK(found && r < 0);
	else
		/* Absent, or the copy was refused memory. */
		CHECK(!found || refused);
	free(want);
	free(v);
}

/* cookie_get of name in header, with caps around the value's length. */
static void
fuzz_cookie(const char *header, const char *name)
{
	char	*out, *value;
	size_t	 hlen = strlen(header), vlen, caps[3], i;
	int	 got;

	if ((value = malloc(hlen + 1)) == NULL)
		abort();
	got = cookie_get(header, name, value, hlen + 1);
	CHECK(got == 0 || got == 1);
	if (cookie_get(NULL, name, value, hlen + 1) != 0)
		abort();
	if (got) {
		vlen = strlen(value);
		CHECK(vlen < hlen + 1);
		/* A value ends at ';' and loses its trailing blanks. */
		CHECK(strchr(value, ';') == NULL);
		CHECK(vlen == 0 || (value[vlen - 1] != ' ' &&
		    value[vlen - 1] != '\t'));
		/* It is in the header, after its name and '='. */
		CHECK(strstr(header, value) != NULL);
		CHECK(strstr(header, name) != NULL);
	} else
		vlen = 0;

	caps[0] = 0;
	caps[1] = 1;
	caps[2] = vlen;
	for (i = 0; i < 3; i++) {
		/* malloc(0) is meant, as in decode(). */
		if ((out = malloc(caps[i])) == NULL && caps[i] > 0) /* NOLINT(clang-analyzer-optin.portability.UnixAPI) */
			abort();
		/* The value needs vlen + 1 bytes: less never fits. */
		if (cookie_get(header, name, out, caps[i])) {
			CHECK(got && caps[i] > vlen);
			CHECK(strcmp(out, value) == 0);
		}
		free(out);
	}
	if (got) {
		if ((out = malloc(vlen + 1)) == NULL)
			abort();
		CHECK(cookie_get(header, name, out, vlen + 1) == 1);
		CHECK(strcmp(out, value) == 0);
		free(out);
	}
	free(value);
}

/* The route of a method and a path, and what it took from the path. */
static void
fuzz_route(const char *method, const char *path)
{
	struct req		 r;
	const struct route	*rt;
	size_t			 i;
	int			 known;

	memset(&r, 0, sizeof(r));
	rt = route_find(&r, method, path, &known);
	CHECK(r.nargs <= 3);
	if (rt != NULL) {
		CHECK(known);
		CHECK(strcmp(rt->method, strcmp(method, "HEAD") == 0 ? "GET" :
		    method) == 0);
		for (i = 0; i < r.nargs; i++) {
			CHECK(*r.args[i] != '\0' && strchr(r.args[i], '/') ==
			    NULL && strstr(path, r.args[i]) != NULL);
		}
	}
	for (i = 0; i < r.nargs; i++)
		free(r.args[i]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct failplan	 plan;
	const uint8_t	*nl;
	char		*key, *text, *body;
	size_t		 klen, tlen;

	failmalloc_plan(&data, &size, &plan);
	nl = memchr(data, '\n', size);
	klen = nl != NULL ? (size_t)(nl - data) : size;
	tlen = nl != NULL ? size - klen - 1 : 0;
	if ((key = cstr(data, klen)) == NULL ||
	    (text = cstr(data + size - tlen, tlen)) == NULL)
		abort();
	/* The body exactly as long as it is, as the server reads it. */
	if ((body = malloc(tlen > 0 ? tlen : 1)) == NULL)
		abort();
	memcpy(body, text, tlen);

	fuzz_decode(body, tlen);
	fuzz_decode(key, klen);
	/* A key with a NUL names the field up to it, as strlen() sees. */
	fuzz_form(body, tlen, key, &plan);
	fuzz_cookie(text, key);
	fuzz_route(key, text);

	free(body);
	free(text);
	free(key);
	return 0;
}
