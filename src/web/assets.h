/*
 * The static files of the browser UI (src/web/static), embedded at build
 * time by scripts/embed-files.py: the binary is the whole product.
 */
#ifndef TANDEM_ASSETS_H
#define TANDEM_ASSETS_H

#include <stddef.h>

struct asset {
	const char		*path;	/* "app.css": the name under /static/ */
	const char		*ctype;
	const unsigned char	*data;
	size_t			 len;
};

/* Ends with a NULL path. */
extern const struct asset assets[];

#endif
