/*
 * Replays a fuzzing corpus without libFuzzer, so that every build (gcc
 * included) runs the harnesses over their saved inputs in "make check".
 *
 * Usage: replay-NAME DIR.  Each regular file of DIR, in name order, goes
 * once through LLVMFuzzerTestOneInput and is reported as TAP "ok N -
 * FILE".  A harness finding a problem aborts or is killed by a sanitizer:
 * the process then prints "not ok N - FILE" on its way out and dies, and
 * the runner counts the early exit as a failure.  It does not mutate
 * inputs nor search for new ones: that is "make fuzz".
 */
#include <sys/stat.h>

#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int		 LLVMFuzzerTestOneInput(const uint8_t *, size_t);
const char	*__ubsan_default_options(void);
/* Present only in sanitizer builds: called before a sanitizer exits. */
extern void	 __sanitizer_set_death_callback(void (*)(void))
		    __attribute__((weak));

/* The TAP line of the input being run, written if the process dies. */
static char	 dying[4200];
static size_t	 dyinglen;

static void
died(void)
{
	ssize_t	 r;

	if (dyinglen > 0) {
		r = write(STDOUT_FILENO, dying, dyinglen);
		(void)r;
	}
	dyinglen = 0;
}

static void
fatal(int sig)
{
	died();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Under UBSan, undefined behaviour must fail the run, not just print. */
const char *
__ubsan_default_options(void)
{
	return "halt_on_error=1:print_stacktrace=1";
}

static int
regular(const char *dir, const char *name)
{
	struct stat	 sb;
	char		 path[4096];

	if (name[0] == '.')
		return 0;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path))
		return 0;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* Read a whole file into exactly as many bytes as it has (at least 1). */
static uint8_t *
slurp(const char *path, size_t *lenp)
{
	FILE	*fp;
	uint8_t	*data;
	long	 size;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == -1 || (size = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) == -1) {
		fclose(fp);
		return NULL;
	}
	/* Exact size, so that ASan sees a read past the end. */
	if ((data = malloc(size > 0 ? (size_t)size : 1)) == NULL ||
	    fread(data, 1, (size_t)size, fp) != (size_t)size) {
		free(data);
		fclose(fp);
		return NULL;
	}
	fclose(fp);
	*lenp = (size_t)size;
	return data;
}

int
main(int argc, char *argv[])
{
	struct dirent	**ents;
	char		  path[4096];
	uint8_t		 *data;
	size_t		  len;
	int		  i, n, count = 0, t = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS-DIR\n", argv[0]);
		return 2;
	}
	if (__sanitizer_set_death_callback != NULL)
		__sanitizer_set_death_callback(died);
	signal(SIGABRT, fatal);
	signal(SIGSEGV, fatal);
	signal(SIGBUS, fatal);
	signal(SIGFPE, fatal);
	signal(SIGILL, fatal);
	if ((n = scandir(argv[1], &ents, NULL, alphasort)) == -1) {
		perror(argv[1]);
		return 1;
	}
	for (i = 0; i < n; i++)
		if (regular(argv[1], ents[i]->d_name))
			count++;
	if (count == 0) {
		printf("1..0 # %s holds no input\n", argv[1]);
		return 1;
	}
	printf("1..%d\n", count);
	fflush(stdout);
	for (i = 0; i < n; i++) {
		if (!regular(argv[1], ents[i]->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", argv[1],
		    ents[i]->d_name);
		if ((data = slurp(path, &len)) == NULL) {
			printf("not ok %d - %s: cannot read\n", ++t,
			    ents[i]->d_name);
			continue;
		}
		t++;
		snprintf(dying, sizeof(dying), "not ok %d - %s crashed\n",
		    t, ents[i]->d_name);
		dyinglen = strlen(dying);
		LLVMFuzzerTestOneInput(data, len);
		dyinglen = 0;
		free(data);
		printf("ok %d - %s\n", t, ents[i]->d_name);
		fflush(stdout);
	}
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	return 0;
}
