/*
 * Messages: the templates, in French and in English, and the MIME
 * message built from an outbox row (RFC 5322, 2045, 2047, 6532;
 * iMIP, RFC 6047).
 *
 * A template is a subject and a plain text with {key} placeholders
 * filled from the row's vars; the HTML alternative is the same text,
 * escaped, in paragraphs, with its language declared and no image.  No
 * template has a place for a private comment, a rating or a decline
 * note, and the hooks never put one in vars.  Headers carry names and
 * subjects as RFC 2047 encoded words whenever they hold anything but
 * plain letters, digits and spaces, control characters removed first,
 * so that nothing a person typed can end a header or start another.
 * Bodies are base64: no line is too long and no line is a boundary.
 *
 * The output depends on the row only, so a message sent again after a
 * crash is the same message, with the same Message-ID.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "outbox.h"

enum { FR, EN };

struct tpl {
	const char	*name;
	const char	*subject[2];
	const char	*text[2];
};

#define FOOT_FR "\n\n-- \nTandem, le programme de mentorat inversé de " \
	"votre entreprise.\n{url}"
#define FOOT_EN "\n\n-- \nTandem, your company's reverse-mentoring " \
	"programme.\n{url}"
#define OPTOUT_FR "\nVous pouvez désactiver ces messages dans Tandem, " \
	"page « Mes messages » :\n{url}/account/mail"
#define OPTOUT_EN "\nYou can turn these messages off in Tandem, on the " \
	"\"My messages\" page:\n{url}/account/mail"

static const struct tpl tpls[MAIL__MAX] = {
	[MAIL_APPROVAL] = { "approval", {
	    "Programme « {programme} » à approuver",
	    "Programme \"{programme}\" awaits your approval" }, {
	    "Bonjour {name},\n\nLe programme « {programme} » vous est soumis "
	    "pour approbation. Vous pouvez lire sa charte, puis l'approuver "
	    "ou le renvoyer avec une note à son responsable :\n"
	    "{url}/programmes/{pid}" FOOT_FR,
	    "Hello {name},\n\nThe programme \"{programme}\" is submitted for "
	    "your approval. You can read its charter, then approve it or "
	    "return it to its manager with a note:\n"
	    "{url}/programmes/{pid}" FOOT_EN } },
	[MAIL_APPROVED] = { "approved", {
	    "Programme « {programme} » approuvé",
	    "Programme \"{programme}\" approved" }, {
	    "Bonjour {name},\n\nLe programme « {programme} » est approuvé. "
	    "Vous pouvez l'ouvrir aux volontaires :\n"
	    "{url}/programmes/{pid}" FOOT_FR,
	    "Hello {name},\n\nThe programme \"{programme}\" is approved. "
	    "You can open it to volunteers:\n"
	    "{url}/programmes/{pid}" FOOT_EN } },
	[MAIL_RETURNED] = { "returned", {
	    "Programme « {programme} » renvoyé",
	    "Programme \"{programme}\" returned" }, {
	    "Bonjour {name},\n\nLe programme « {programme} » vous est "
	    "renvoyé avec cette note :\n\n{note}\n\nModifiez-le, puis "
	    "soumettez-le à nouveau :\n{url}/programmes/{pid}" FOOT_FR,
	    "Hello {name},\n\nThe programme \"{programme}\" was returned to "
	    "you with this note:\n\n{note}\n\nChange it, then submit it "
	    "again:\n{url}/programmes/{pid}" FOOT_EN } },
	[MAIL_ANNOUNCE] = { "announce", {
	    "Nouveau programme de mentorat inversé : « {programme} »",
	    "New reverse-mentoring programme: \"{programme}\"" }, {
	    "Bonjour {name},\n\nLe programme « {programme} » ouvre ses "
	    "inscriptions. {purpose}\n\nLa participation est volontaire : "
	    "vous êtes libre de vous inscrire ou non, comme mentor ou comme "
	    "mentoré, et de vous retirer à tout moment. Lisez la charte du "
	    "programme avant de vous engager :\n"
	    "{url}/programmes/{pid}" FOOT_FR,
	    "Hello {name},\n\nThe programme \"{programme}\" is open for "
	    "enrolment. {purpose}\n\nTaking part is voluntary: you are free "
	    "to enrol or not, as a mentor or a mentee, and to withdraw at "
	    "any time. Read the programme's charter before you commit:\n"
	    "{url}/programmes/{pid}" FOOT_EN } },
	[MAIL_ENROLLED] = { "enrolled", {
	    "Inscription enregistrée : « {programme} »",
	    "Enrolment recorded: \"{programme}\"" }, {
	    "Bonjour {name},\n\nVotre inscription au programme "
	    "« {programme} » est enregistrée ({role}). Vous recevrez un "
	    "message quand un binôme vous sera proposé.\n"
	    "{url}/programmes/{pid}" FOOT_FR,
	    "Hello {name},\n\nYour enrolment in the programme "
	    "\"{programme}\" is recorded ({role}). You will get a message "
	    "when a partner is proposed to you.\n"
	    "{url}/programmes/{pid}" FOOT_EN } },
	[MAIL_PROPOSAL] = { "proposal", {
	    "Un binôme vous est proposé : « {programme} »",
	    "A partner is proposed to you: \"{programme}\"" }, {
	    "Bonjour {name},\n\nDans le programme « {programme} », "
	    "{partner} vous est proposé(e) comme {partner_role}. Acceptez "
	    "ou déclinez cette proposition dans Tandem ; décliner n'a pas à "
	    "être justifié. Répondez au plus tard le {deadline} : sans "
	    "réponse à cette date, la proposition est libérée et vous "
	    "retournez sur la liste d'attente.\n{url}/programmes/{pid}"
	    FOOT_FR,
	    "Hello {name},\n\nIn the programme \"{programme}\", "
	    "{partner} is proposed to you as your {partner_role}. Accept or "
	    "decline the proposal in Tandem; declining needs no reason. "
	    "Answer by {deadline} (day/month/year) at the latest: without "
	    "an answer by then, the proposal is released and you go back "
	    "on the waiting list.\n{url}/programmes/{pid}" FOOT_EN } },
	[MAIL_ANSWER] = { "answer", {
	    "Réponse de votre binôme : « {programme} »",
	    "Your partner answered: \"{programme}\"" }, {
	    "Bonjour {name},\n\n{partner} a {answer} la proposition de "
	    "binôme du programme « {programme} ».\n"
	    "{url}/programmes/{pid}" FOOT_FR,
	    "Hello {name},\n\n{partner} has {answer} the proposed pairing "
	    "of the programme \"{programme}\".\n"
	    "{url}/programmes/{pid}" FOOT_EN } },
	[MAIL_SESSION] = { "session", {
	    "{title} : {when}",
	    "{title}: {when}" }, {
	    "Bonjour {name},\n\n{title} : {when} ({minutes} minutes). "
	    "L'invitation jointe l'ajoute à votre agenda ; un déplacement "
	    "la mettra à jour.\n{url}/" FOOT_FR,
	    "Hello {name},\n\n{title}: {when} (Paris time, {minutes} "
	    "minutes). The attached invitation adds it to your calendar; a "
	    "change will update it.\n{url}/" FOOT_EN } },
	[MAIL_CANCEL] = { "cancel", {
	    "Annulé : {title}, {when}",
	    "Cancelled: {title}, {when}" }, {
	    "Bonjour {name},\n\n{title}, prévu(e) le {when}, est annulé(e). "
	    "Le message joint le retire de votre agenda.\n{url}/" FOOT_FR,
	    "Hello {name},\n\n{title}, planned for {when} (Paris time), is "
	    "cancelled. The attached message removes it from your "
	    "calendar.\n{url}/" FOOT_EN } },
	[MAIL_REMINDER] = { "reminder", {
	    "Rappel : {title} demain, {when}",
	    "Reminder: {title} tomorrow, {when}" }, {
	    "Bonjour {name},\n\nPour rappel : {title}, {when} ({minutes} "
	    "minutes). En cas d'empêchement, déplacez ou annulez la séance "
	    "dans Tandem pour prévenir votre binôme.\n{url}/" OPTOUT_FR
	    FOOT_FR,
	    "Hello {name},\n\nA reminder: {title}, {when} (Paris time, "
	    "{minutes} minutes). If you cannot make it, move or cancel it "
	    "in Tandem so that your partner knows.\n{url}/" OPTOUT_EN
	    FOOT_EN } },
	[MAIL_FEEDBACK] = { "feedback", {
	    "Votre avis sur la séance du {when}",
	    "Your view of the session of {when}" }, {
	    "Bonjour {name},\n\nLa séance du {when} du programme "
	    "« {programme} » a eu lieu. Dites-nous en un mot comment elle "
	    "s'est passée : votre commentaire reste privé.\n{url}/" FOOT_FR,
	    "Hello {name},\n\nThe session of {when} of the programme "
	    "\"{programme}\" took place. Tell us in a word how it went: "
	    "your comment stays private.\n{url}/" FOOT_EN } },
	[MAIL_SURVEY] = { "survey", {
	    "« {programme} » se termine : votre bilan",
	    "\"{programme}\" has closed: your review" }, {
	    "Bonjour {name},\n\nLe programme « {programme} » est clos. "
	    "Merci d'y avoir participé. Un court questionnaire de clôture "
	    "vous attend ; vos réponses restent privées.\n"
	    "{url}/programmes/{pid}/survey" FOOT_FR,
	    "Hello {name},\n\nThe programme \"{programme}\" has closed. "
	    "Thank you for taking part. A short closing survey awaits you; "
	    "your answers stay private.\n{url}/programmes/{pid}/survey"
	    FOOT_EN } },
	[MAIL_AT_RISK] = { "at-risk", {
	    "« {programme} » : {count} binôme(s) à risque",
	    "\"{programme}\": {count} tandem(s) at risk" }, {
	    "Bonjour {name},\n\nDans le programme « {programme} », "
	    "{count} binôme(s) semblent en difficulté (pas de séance depuis "
	    "longtemps, annulations répétées, retrait). La liste est dans "
	    "Tandem :\n{url}/programmes/{pid}" FOOT_FR,
	    "Hello {name},\n\nIn the programme \"{programme}\", {count} "
	    "tandem(s) seem to struggle (no session for long, repeated "
	    "cancellations, a withdrawal). The list is in Tandem:\n"
	    "{url}/programmes/{pid}" FOOT_EN } },
	[MAIL_FAILURE] = { "failure", {
	    "Message non remis : « {programme} »",
	    "Message not delivered: \"{programme}\"" }, {
	    "Bonjour {name},\n\nUn message du programme « {programme} » "
	    "adressé à {rcpt} n'a pas pu être remis. Le serveur de "
	    "messagerie a répondu :\n\n{error}\n\nVérifiez l'adresse dans "
	    "l'annuaire ; la liste des messages est dans Tandem :\n"
	    "{url}/admin/mail" FOOT_FR,
	    "Hello {name},\n\nA message of the programme \"{programme}\" "
	    "to {rcpt} could not be delivered. The mail server answered:\n"
	    "\n{error}\n\nCheck the address in the roster; the list of "
	    "messages is in Tandem:\n{url}/admin/mail" FOOT_EN } },
	[MAIL_ENDED] = { "ended", {
	    "Votre binôme a pris fin : « {programme} »",
	    "Your tandem has ended: \"{programme}\"" }, {
	    "Bonjour {name},\n\nVotre binôme du programme « {programme} » "
	    "a pris fin. Ses séances à venir sont annulées. L'équipe du "
	    "programme reviendra vers vous.\n{url}/programmes/{pid}" FOOT_FR,
	    "Hello {name},\n\nYour tandem in the programme \"{programme}\" "
	    "has ended. Its coming sessions are cancelled. The programme's "
	    "team will be in touch.\n{url}/programmes/{pid}" FOOT_EN } },
	[MAIL_WAITING] = { "waiting", {
	    "« {programme} » : pas encore de binôme",
	    "\"{programme}\": no partner yet" }, {
	    "Bonjour {name},\n\nAucun binôme n'a encore pu vous être "
	    "proposé dans le programme « {programme} ». Votre inscription "
	    "reste valable : vous serez prévenu(e) dès qu'un binôme se "
	    "libère.\n{url}/programmes/{pid}" FOOT_FR,
	    "Hello {name},\n\nNo partner could be proposed to you yet in "
	    "the programme \"{programme}\". Your enrolment stands: you will "
	    "be told as soon as a partner is free.\n"
	    "{url}/programmes/{pid}" FOOT_EN } },
	[MAIL_DIGEST] = { "digest", {
	    "« {programme} » : la semaine",
	    "\"{programme}\": the week" }, {
	    "Bonjour {name},\n\nDans le programme « {programme} » : "
	    "{count} binôme(s) à risque, {unanswered} proposition(s) sans "
	    "réponse.\n{proposals}\n{url}/programmes/{pid}" OPTOUT_FR
	    FOOT_FR,
	    "Hello {name},\n\nIn the programme \"{programme}\": {count} "
	    "tandem(s) at risk, {unanswered} proposal(s) not answered.\n"
	    "{proposals}\n{url}/programmes/{pid}" OPTOUT_EN FOOT_EN } },
	[MAIL_DEADLINE] = { "deadline", {
	    "Rappel : une proposition de binôme attend votre réponse",
	    "Reminder: a proposed partner awaits your answer" }, {
	    "Bonjour {name},\n\nDans le programme « {programme} », "
	    "{partner} vous a été proposé(e) comme {partner_role}. Vous "
	    "avez jusqu'au {deadline} inclus pour accepter ou décliner ; "
	    "sans réponse, la proposition sera libérée.\n"
	    "{url}/programmes/{pid}" OPTOUT_FR FOOT_FR,
	    "Hello {name},\n\nIn the programme \"{programme}\", "
	    "{partner} was proposed to you as your {partner_role}. You have "
	    "until {deadline} (day/month/year) included to accept or "
	    "decline; without an answer, the proposal will be released.\n"
	    "{url}/programmes/{pid}" OPTOUT_EN FOOT_EN } },
	[MAIL_RELEASED] = { "released", {
	    "« {programme} » : la proposition de binôme est libérée",
	    "\"{programme}\": the proposed pairing is released" }, {
	    "Bonjour {name},\n\nLa proposition de binôme avec {partner} "
	    "dans le programme « {programme} » n'a pas reçu toutes ses "
	    "réponses avant le {deadline} : elle est libérée, sans "
	    "reproche pour personne. Votre inscription reste valable et "
	    "vous retournez sur la liste d'attente ; un autre binôme "
	    "pourra vous être proposé.\n{url}/programmes/{pid}" FOOT_FR,
	    "Hello {name},\n\nThe proposed pairing with {partner} in the "
	    "programme \"{programme}\" did not get both answers by "
	    "{deadline} (day/month/year): it is released, and nobody is "
	    "blamed. Your enrolment stands and you are back on the waiting "
	    "list; another partner may be proposed to you.\n"
	    "{url}/programmes/{pid}" FOOT_EN } },
	[MAIL_INVITE] = { "invite", {
	    "Votre invitation à Tandem : « {programme} »",
	    "Your invitation to Tandem: \"{programme}\"" }, {
	    "Bonjour {name},\n\nVous participez au programme de mentorat "
	    "inversé « {programme} ». Pour y accéder, choisissez votre mot "
	    "de passe en suivant ce lien personnel, valable 7 jours et une "
	    "seule fois :\n{url}/invite/{token}\n\nSi vous n'attendiez "
	    "pas ce message, ignorez-le : sans mot de passe choisi, aucun "
	    "compte n'est ouvert." FOOT_FR,
	    "Hello {name},\n\nYou take part in the reverse-mentoring "
	    "programme \"{programme}\". To sign in, choose your password "
	    "with this personal link, valid 7 days and once only:\n"
	    "{url}/invite/{token}\n\nIf you did not expect this message, "
	    "ignore it: no account opens until a password is chosen."
	    FOOT_EN } },
	[MAIL_FOLLOWUP] = { "followup", {
	    "« {programme} », trois mois après",
	    "\"{programme}\", three months on" }, {
	    "Bonjour {name},\n\nLe programme « {programme} » s'est terminé "
	    "il y a trois mois. Qu'en reste-t-il dans votre pratique ? Un "
	    "questionnaire de suivi de deux minutes vous attend ; vos "
	    "réponses restent privées.\n{url}/programmes/{pid}/survey"
	    FOOT_FR,
	    "Hello {name},\n\nThe programme \"{programme}\" ended three "
	    "months ago. What stays of it in your practice? A two-minute "
	    "follow-up survey awaits you; your answers stay private.\n"
	    "{url}/programmes/{pid}/survey" FOOT_EN } },
};

const char *
mail_kind_name(enum mail_kind k)
{
	return (unsigned)k < MAIL__MAX ? tpls[k].name : "?";
}

int
mail_kind_parse(const char *s)
{
	int	 k;

	for (k = 0; k < MAIL__MAX; k++)
		if (strcmp(tpls[k].name, s) == 0)
			return k;
	return -1;
}

void
mail_var(struct tdm_buf *vars, const char *key, const char *value)
{
	const char	*p;

	tdm_buf_adds(vars, key);
	tdm_buf_addch(vars, '=');
	for (p = value ? value : ""; *p != '\0'; p++)
		if (*p == '\\')
			tdm_buf_adds(vars, "\\\\");
		else if (*p == '\n')
			tdm_buf_adds(vars, "\\n");
		else if (*p != '\r')
			tdm_buf_addch(vars, *p);
	tdm_buf_addch(vars, '\n');
}

void
mail_varf(struct tdm_buf *vars, const char *key, const char *fmt, ...)
{
	struct tdm_buf	 v = TDM_BUF_INIT;
	va_list		 ap;

	va_start(ap, fmt);
	tdm_buf_vaddf(&v, fmt, ap);
	va_end(ap);
	mail_var(vars, key, v.buf);
	if (v.failed)
		vars->failed = 1;
	tdm_buf_release(&v);
}

/* Append the value of key in vars, unescaped; nothing if absent. */
static void
var_get(struct tdm_buf *out, const char *vars, const char *key,
    size_t keylen)
{
	const char	*p = vars, *e;

	while (p != NULL && *p != '\0') {
		e = strchr(p, '\n');
		if (strncmp(p, key, keylen) == 0 && p[keylen] == '=') {
			for (p += keylen + 1; *p != '\0' && *p != '\n'; p++)
				if (*p == '\\' && p[1] == 'n') {
					tdm_buf_addch(out, '\n');
					p++;
				} else if (*p == '\\' && p[1] == '\\') {
					tdm_buf_addch(out, '\\');
					p++;
				} else
					tdm_buf_addch(out, *p);
			return;
		}
		p = e ? e + 1 : NULL;
	}
}

/*
 * Fill a template's placeholders from the row's vars; {url} is the web
 * UI's address as configured now, so that a change reaches the messages
 * still queued.
 */
static void
render(struct tdm_buf *out, const char *tpl, const struct mail_row *r)
{
	const char	*p, *e;
	size_t		 n;

	for (p = tpl; *p != '\0'; p++) {
		if (*p == '{' && (e = strchr(p, '}')) != NULL) {
			n = (size_t)(e - p - 1);
			if (r->url != NULL && n == 3 &&
			    strncmp(p + 1, "url", 3) == 0) {
				n = strlen(r->url);
				while (n > 0 && r->url[n - 1] == '/')
					n--;
				tdm_buf_add(out, r->url, n);
			} else
				var_get(out, r->vars, p + 1, n);
			p = e;
		} else
			tdm_buf_addch(out, *p);
	}
}

static const struct tpl *
tpl_of(const struct mail_row *r, int *lang)
{
	int	 k = mail_kind_parse(r->kind);

	*lang = r->lang != NULL && strcmp(r->lang, "en") == 0 ? EN : FR;
	return k < 0 ? NULL : &tpls[k];
}

/* A line of text: control characters (line breaks too) become spaces. */
static void
one_line(struct tdm_buf *b)
{
	size_t	 i;

	for (i = 0; i < b->len; i++)
		if ((unsigned char)b->buf[i] < 0x20 || b->buf[i] == 0x7f)
			b->buf[i] = ' ';
}

enum tdm_err
mail_subject(const struct mail_row *r, struct tdm_buf *out)
{
	const struct tpl	*t;
	size_t			 start = out->len;
	struct tdm_buf		 s = TDM_BUF_INIT;
	int			 lang;

	if ((t = tpl_of(r, &lang)) == NULL)
		return TDM_EINVAL;
	render(&s, t->subject[lang], r);
	one_line(&s);
	tdm_buf_add(out, s.buf, s.len);
	tdm_buf_release(&s);
	if (out->failed) {
		tdm_buf_truncate(out, start);
		return TDM_ENOMEM;
	}
	return TDM_OK;
}

int
mail_addr_ok(const char *s)
{
	const char	*at = NULL, *p;

	if (s == NULL || *s == '\0' || strlen(s) > 254)
		return 0;
	for (p = s; *p != '\0'; p++) {
		/* UTF-8 is allowed, as RFC 6532 says; the rest is atext. */
		if ((unsigned char)*p <= ' ' || *p == 0x7f ||
		    strchr("\"(),:;<>[\\]", *p) != NULL)
			return 0;
		if (*p == '@') {
			if (at != NULL)
				return 0;
			at = p;
		}
	}
	return at != NULL && at != s && at[1] != '\0';
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Base64 of n bytes, in lines of 76 characters if wrap. */
static void
base64(struct tdm_buf *out, const void *data, size_t n, int wrap)
{
	const unsigned char	*s = data;
	size_t			 i, col = 0;
	unsigned		 v;
	char			 q[4];

	for (i = 0; i < n; i += 3) {
		v = (unsigned)s[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < n)
			v |= s[i + 2];
		q[0] = b64[v >> 18 & 63];
		q[1] = b64[v >> 12 & 63];
		q[2] = i + 1 < n ? b64[v >> 6 & 63] : '=';
		q[3] = i + 2 < n ? b64[v & 63] : '=';
		tdm_buf_add(out, q, 4);
		if (wrap && (col += 4) == 76 && i + 3 < n) {
			tdm_buf_adds(out, "\r\n");
			col = 0;
		}
	}
	if (wrap)
		tdm_buf_adds(out, "\r\n");
}

/* Whether a phrase may go into a header as it is. */
static int
plain_phrase(const char *s, size_t n)
{
	size_t	 i;

	if (n > 60)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == ' ' ||
		    s[i] == '-' || s[i] == '.'))
			return 0;
	return 1;
}

/*
 * Append text (one line already) as a header's phrase or unstructured
 * value: as is when it is plain, else as encoded words of at most 45
 * octets each (60 base64 characters), never splitting a UTF-8
 * character, on folded lines.
 */
static void
encode_words(struct tdm_buf *out, const char *s, size_t n)
{
	size_t	 i = 0, len;

	if (plain_phrase(s, n)) {
		tdm_buf_add(out, s, n);
		return;
	}
	while (i < n) {
		len = n - i < 45 ? n - i : 45;
		while (i + len < n && len > 0 &&
		    ((unsigned char)s[i + len] & 0xc0) == 0x80)
			len--;
		if (len == 0)
			len = n - i < 45 ? n - i : 45;
		if (i > 0)
			tdm_buf_adds(out, "\r\n ");
		tdm_buf_adds(out, "=?UTF-8?B?");
		base64(out, s + i, len, 0);
		tdm_buf_adds(out, "?=");
		i += len;
	}
}

/* A mailbox header: "Name <addr>", the name encoded if need be. */
static void
mailbox(struct tdm_buf *out, const char *field, const char *name,
    const char *addr)
{
	struct tdm_buf	 n = TDM_BUF_INIT;

	tdm_buf_adds(&n, name ? name : "");
	one_line(&n);
	tdm_buf_adds(out, field);
	tdm_buf_adds(out, ": ");
	if (n.len > 0) {
		encode_words(out, n.buf, n.len);
		tdm_buf_addch(out, ' ');
	}
	tdm_buf_addf(out, "<%s>\r\n", addr);
	tdm_buf_release(&n);
}

/* RFC 5322 date of an ISO UTC timestamp. */
static void
rfc5322_date(struct tdm_buf *out, const char *iso)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm	 tm;
	time_t		 t;

	memset(&tm, 0, sizeof(tm));
	if (iso == NULL || strptime(iso, "%Y-%m-%dT%H:%M:%SZ", &tm) == NULL) {
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = 70;
		tm.tm_mday = 1;
	}
	t = timegm(&tm);
	gmtime_r(&t, &tm);
	tdm_buf_addf(out, "%s, %d %s %d %02d:%02d:%02d +0000",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The text as HTML paragraphs: escaped, links made links. */
static void
html_of(struct tdm_buf *out, const char *text, const char *subject,
    int lang)
{
	const char	*p, *e;
	size_t		 n;
	int		 link;

	tdm_buf_addf(out, "<!DOCTYPE html>\r\n<html lang=\"%s\">\r\n"
	    "<head><meta charset=\"utf-8\"><title>", lang == EN ? "en" : "fr");
	for (p = subject; *p != '\0'; p++)
		if (*p == '<')
			tdm_buf_adds(out, "&lt;");
		else if (*p == '>')
			tdm_buf_adds(out, "&gt;");
		else if (*p == '&')
			tdm_buf_adds(out, "&amp;");
		else
			tdm_buf_addch(out, *p);
	tdm_buf_adds(out, "</title></head>\r\n<body style=\"font-family: "
	    "sans-serif; font-size: 16px; line-height: 1.5\">\r\n<p>");
	for (p = text; *p != '\0'; p = e) {
		/* Each line, a URL alone on it as a link. */
		e = p + strcspn(p, "\n");
		n = (size_t)(e - p);
		link = (n > 7 && strncmp(p, "http://", 7) == 0) ||
		    (n > 8 && strncmp(p, "https://", 8) == 0);
		if (link && memchr(p, ' ', n) == NULL) {
			tdm_buf_adds(out, "<a href=\"");
			for (; p < e; p++)
				if (*p == '"')
					tdm_buf_adds(out, "%22");
				else if (*p == '&')
					tdm_buf_adds(out, "&amp;");
				else if (*p == '<' || *p == '>')
					tdm_buf_addf(out, "%%%02X",
					    (unsigned char)*p);
				else
					tdm_buf_addch(out, *p);
			tdm_buf_adds(out, "\">");
			p = e - n;
		}
		for (; p < e; p++)
			if (*p == '<')
				tdm_buf_adds(out, "&lt;");
			else if (*p == '>')
				tdm_buf_adds(out, "&gt;");
			else if (*p == '&')
				tdm_buf_adds(out, "&amp;");
			else if (*p == '"')
				tdm_buf_adds(out, "&quot;");
			else if (*p != '\r')
				tdm_buf_addch(out, *p);
		if (link && memchr(e - n, ' ', n) == NULL)
			tdm_buf_adds(out, "</a>");
		if (*e == '\n') {
			e++;
			if (*e == '\n') {
				while (*e == '\n')
					e++;
				tdm_buf_adds(out, "</p>\r\n<p>");
			} else if (*e != '\0')
				tdm_buf_adds(out, "<br>\r\n");
		}
	}
	tdm_buf_adds(out, "</p>\r\n</body>\r\n</html>\r\n");
}

/* The text with CRLF line ends. */
static void
crlf(struct tdm_buf *out, const char *text)
{
	const char	*p;

	for (p = text; *p != '\0'; p++)
		if (*p == '\n')
			tdm_buf_adds(out, "\r\n");
		else if (*p != '\r')
			tdm_buf_addch(out, *p);
	tdm_buf_adds(out, "\r\n");
}

/* The METHOD of a calendar part, from its own text. */
static const char *
ical_method(const char *ical)
{
	return strstr(ical, "\nMETHOD:CANCEL") != NULL ? "CANCEL" : "REQUEST";
}

enum tdm_err
mail_build(const struct mail_row *r, struct tdm_buf *out, char *err,
    size_t errsz)
{
	const struct tpl	*t;
	struct tdm_buf		 subject = TDM_BUF_INIT, text = TDM_BUF_INIT;
	struct tdm_buf		 part = TDM_BUF_INIT;
	char			 boundary[96];
	size_t			 start = out->len;
	int			 lang;
	const char		*p;

	if ((t = tpl_of(r, &lang)) == NULL) {
		snprintf(err, errsz, "unknown kind of message \"%s\"",
		    r->kind);
		return TDM_EINVAL;
	}
	if (!mail_addr_ok(r->rcpt_addr)) {
		snprintf(err, errsz, "not an e-mail address a message can be "
		    "sent to");
		return TDM_EINVAL;
	}
	if (!mail_addr_ok(r->from)) {
		snprintf(err, errsz, "the sender's address is not one (tandem "
		    "mail config --from)");
		return TDM_EINVAL;
	}
	render(&subject, t->subject[lang], r);
	one_line(&subject);
	render(&text, t->text[lang], r);
	/* The boundary: base64 never holds "=_", nor does a header. */
	snprintf(boundary, sizeof(boundary), "=_tandem_%lld_%.40s",
	    (long long)r->id, r->msgid);
	for (p = boundary; *p != '\0'; p++)
		if (strchr("@<>\"", *p) != NULL)
			boundary[p - boundary] = '_';

	mailbox(out, "From", "Tandem", r->from);
	mailbox(out, "To", r->rcpt_name, r->rcpt_addr);
	tdm_buf_adds(out, "Subject: ");
	encode_words(out, subject.buf, subject.len);
	tdm_buf_adds(out, "\r\nDate: ");
	rfc5322_date(out, r->created_at);
	tdm_buf_addf(out, "\r\nMessage-ID: <%s>\r\n", r->msgid);
	tdm_buf_addf(out, "MIME-Version: 1.0\r\n"
	    "Auto-Submitted: auto-generated\r\n"
	    "Content-Language: %s\r\n"
	    "X-Tandem-Kind: %s\r\n"
	    "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n"
	    "\r\n", lang == EN ? "en" : "fr", t->name, boundary);

	tdm_buf_addf(out, "--%s\r\nContent-Type: text/plain; charset=UTF-8"
	    "\r\nContent-Transfer-Encoding: base64\r\n\r\n", boundary);
	crlf(&part, text.buf);
	base64(out, part.buf, part.len, 1);
	tdm_buf_reset(&part);

	tdm_buf_addf(out, "--%s\r\nContent-Type: text/html; charset=UTF-8"
	    "\r\nContent-Transfer-Encoding: base64\r\n\r\n", boundary);
	html_of(&part, text.buf, subject.buf, lang);
	base64(out, part.buf, part.len, 1);

	if (r->ical != NULL && *r->ical != '\0') {
		tdm_buf_addf(out, "--%s\r\nContent-Type: text/calendar; "
		    "charset=UTF-8; method=%s\r\n"
		    "Content-Transfer-Encoding: base64\r\n\r\n", boundary,
		    ical_method(r->ical));
		base64(out, r->ical, strlen(r->ical), 1);
	}
	tdm_buf_addf(out, "--%s--\r\n", boundary);

	tdm_buf_release(&subject);
	tdm_buf_release(&text);
	tdm_buf_release(&part);
	if (out->failed) {
		tdm_buf_truncate(out, start);
		snprintf(err, errsz, "out of memory");
		return TDM_ENOMEM;
	}
	return TDM_OK;
}
