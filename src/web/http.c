/*
 * The small parsers of HTTP input the server needs beyond
 * libmicrohttpd's: percent-decoding, form bodies, cookies.  Each is
 * fuzzed (tests/fuzz/fuzz_http.c): they see whatever a client sends.
 */
#include <stdlib.h>
#include <string.h>

#include "web.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long
url_decode(const char *in, size_t n, char *out, size_t cap, int form)
{
	size_t	 i, o = 0;
	int	 c, hi, lo;

	for (i = 0; i < n; i++) {
		c = (unsigned char)in[i];
		if (c == '%') {
			if (n - i < 3 || (hi = hexval(in[i + 1])) < 0 ||
			    (lo = hexval(in[i + 2])) < 0)
				return -1;
			c = hi << 4 | lo;
			i += 2;
		} else if (c == '+' && form)
			c = ' ';
		if (c == '\0' || o + 1 >= cap)
			return -1;
		out[o++] = (char)c;
	}
	if (o >= cap)
		return -1;
	out[o] = '\0';
	return (long)o;
}

char *
form_get(const char *body, size_t len, const char *key, int *bad)
{
	const char	*p = body, *end = body + len, *amp, *eq;
	size_t		 klen = strlen(key);
	char		*v;
	long		 n;

	while (p < end) {
		if ((amp = memchr(p, '&', (size_t)(end - p))) == NULL)
			amp = end;
		eq = memchr(p, '=', (size_t)(amp - p));
		if (eq != NULL && (size_t)(eq - p) == klen &&
		    memcmp(p, key, klen) == 0) {
			if ((v = malloc((size_t)(amp - eq))) == NULL)
				return NULL;
			n = url_decode(eq + 1, (size_t)(amp - eq - 1), v,
			    (size_t)(amp - eq), 1);
			if (n < 0) {
				free(v);
				*bad = 1;
				return NULL;
			}
			return v;
		}
		p = amp + 1;
	}
	return NULL;
}

int
cookie_get(const char *h, const char *name, char *out, size_t cap)
{
	size_t	 nlen = strlen(name), vlen;
	const char *v;

	while (h != NULL && *h != '\0') {
		h += strspn(h, " \t;");
		if (strncmp(h, name, nlen) == 0 && h[nlen] == '=') {
			v = h + nlen + 1;
			vlen = strcspn(v, ";");
			while (vlen > 0 && (v[vlen - 1] == ' ' ||
			    v[vlen - 1] == '\t'))
				vlen--;
			if (vlen >= cap)
				return 0;
			memcpy(out, v, vlen);
			out[vlen] = '\0';
			return 1;
		}
		h = strchr(h, ';');
	}
	return 0;
}

void
log_escape(const char *in, char *out, size_t cap)
{
	static const char	 hex[] = "0123456789abcdef";
	size_t			 n = 0;
	unsigned char		 c;

	if (cap == 0)
		return;
	for (; (c = (unsigned char)*in) != '\0' && n + 5 < cap; in++) {
		if (c < 0x20 || c == 0x7f || c == '\\' || c == '"') {
			out[n++] = '\\';
			out[n++] = 'x';
			out[n++] = hex[c >> 4];
			out[n++] = hex[c & 15];
		} else
			out[n++] = (char)c;
	}
	if (*in != '\0' && n + 3 < cap) {
		out[n++] = '.';
		out[n++] = '.';
		out[n++] = '.';
	}
	out[n] = '\0';
}
