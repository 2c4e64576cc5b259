/*
 * The synthetic HR export of demo.h.
 *
 * Everything comes from one splitmix64 stream and integer arithmetic, so
 * the output depends on nothing but n, seed and year.  The tree is built
 * in the order it is written: the chief executive, one director per
 * direction, managers breadth first (each under a director or an earlier
 * manager of the same direction and service), then the staff spread over
 * the managers.  This file does not read or validate rosters, and its
 * names, titles and proportions are plausible rather than measured.
 */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tandem/demo.h"

#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

#define MAXROWS		900000	/* E100000 .. E999999 */
#define NSITES		8
#define PARIS		0	/* index of the head office in sites[] */
#define SUBFAN		4	/* sub-managers under one manager */

struct service {
	const char	*name;
	const char	*mgr;		/* title of its head */
	const char	*cadre[2];	/* "masculine|feminine" or epicene */
	const char	*empl[2];
	const char	*domain;	/* for "Stagiaire <domain>" */
};

struct direction {
	const char		*name;
	const char		*title;	/* of its director */
	const struct service	*svc;
	unsigned		 nsvc;
};

/* One director or manager, remembered for the rows under them. */
struct boss {
	uint32_t	 row;
	uint8_t		 dir;
	uint8_t		 svc;
	uint8_t		 site;
};

/* One email base ("jean.martin") and how often it has been used. */
struct slot {
	uint32_t	 off;		/* into the key arena */
	uint32_t	 len;
	uint32_t	 hash;
	uint32_t	 count;		/* 0: empty slot */
};

struct emails {
	struct slot	*v;
	size_t		 mask;
	struct tdm_buf	 keys;
};

struct person {
	const char	*first;
	const char	*last;
	int		 female;
	long		 birth;		/* days since 1970-01-01 */
	long		 entry;
};

enum grade {
	G_PDG, G_COMEX, G_MANAGER, G_CADRE, G_EMPLOYE, G_STAGIAIRE,
	G_ALTERNANT
};

static const char *const grades[] = {
	"PDG", "Comex", "Manager", "Cadre", "Employé", "Stagiaire",
	"Alternant"
};

static const char *const header =
    "Matricule;Nom;Prénom;Email;Date de naissance;Direction;Service;"
    "Site;Intitulé de poste;Niveau;Matricule manager;Date d'entrée;"
    "Langue\n";

static const char *const sites[NSITES] = {
	"Paris La Défense", "Lyon Part-Dieu", "Lille", "Bordeaux", "Nantes",
	"Toulouse", "Marseille", "Strasbourg"
};

static const char *const lastnames[] = {
	"Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard",
	"Durand", "Dubois", "Moreau", "Laurent", "Simon", "Michel",
	"Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel",
	"Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
	"Rousseau", "Vincent", "Muller", "Faure", "André", "Mercier",
	"Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François",
	"Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément",
	"Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gérard",
	"Ménard", "Lévêque", "Le Gall", "Le Goff", "Le Roux", "N'Diaye",
	"Da Silva", "Dos Santos", "Nguyen", "Diallo", "Haddad", "Benali",
	"Benoît", "Lemaître", "Brunet", "Barbier", "Caron", "Fabre",
	"Renaud", "Pélissier", "Besançon", "Hébert", "Chrétien", "Noël",
	"Prévost", "Lacroix", "Rivière", "Bégué", "D'Almeida", "Boucher",
	"Carré", "Marchand", "Dumas", "Brun", "Giraud", "Joly",
	"Gaillard", "Lemoine", "Kowalski", "Ferreira", "Colin", "Aubert"
};

/* First names by decade of birth (1950s .. 2000s), then by sex. */
static const char *const f50m[] = {
	"Jean-Pierre", "Gérard", "Michel", "Alain", "Bernard", "Jacques",
	"Jean-Claude", "Daniel", "Christian", "Patrick", "Jean-Louis",
	"Gilles", "René"
};
static const char *const f50f[] = {
	"Françoise", "Monique", "Catherine", "Martine", "Nicole",
	"Christiane", "Danielle", "Chantal", "Brigitte", "Josiane",
	"Évelyne", "Annie", "Mireille"
};
static const char *const f60m[] = {
	"Éric", "Thierry", "Philippe", "Pascal", "Dominique", "Patrick",
	"Didier", "Laurent", "Frédéric", "Bruno", "Olivier",
	"Jean-François", "Joël"
};
static const char *const f60f[] = {
	"Sylvie", "Isabelle", "Nathalie", "Catherine", "Véronique",
	"Corinne", "Pascale", "Christine", "Brigitte", "Martine",
	"Dominique", "Hélène", "Agnès"
};
static const char *const f70m[] = {
	"Stéphane", "Hervé", "Christophe", "Nicolas", "David", "Cédric",
	"Frédéric", "Laurent", "Fabrice", "Arnaud", "Grégory", "Ludovic",
	"Yannick", "Jérôme"
};
static const char *const f70f[] = {
	"Valérie", "Sandrine", "Stéphanie", "Céline", "Nathalie",
	"Karine", "Virginie", "Sophie", "Séverine", "Delphine",
	"Laëtitia", "Aurélie", "Émilie"
};
static const char *const f80m[] = {
	"Sébastien", "Jérôme", "Julien", "Nicolas", "Mickaël", "Guillaume",
	"Romain", "Anthony", "Jérémy", "Maxime", "Benoît", "Cédric",
	"Grégoire", "François"
};
static const char *const f80f[] = {
	"Émilie", "Élodie", "Julie", "Aurélie", "Audrey", "Céline",
	"Mélanie", "Sarah", "Laure", "Amélie", "Marion", "Caroline",
	"Hélène"
};
static const char *const f90m[] = {
	"Kévin", "Thomas", "Alexandre", "Quentin", "Maxime", "Florian",
	"Anthony", "Clément", "Jordan", "Théo", "Lucas", "Hugo", "Mathieu",
	"Dylan"
};
static const char *const f90f[] = {
	"Mélanie", "Camille", "Laura", "Manon", "Pauline", "Marine",
	"Justine", "Océane", "Morgane", "Chloé", "Margaux", "Clémence",
	"Anaïs"
};
static const char *const f00m[] = {
	"Mathis", "Lucas", "Enzo", "Théo", "Hugo", "Nathan", "Louis",
	"Raphaël", "Gabriel", "Tom", "Maël", "Yanis", "Léo", "Noé"
};
static const char *const f00f[] = {
	"Léa", "Chloé", "Inès", "Zoé", "Emma", "Manon", "Sarah", "Jade",
	"Lola", "Clara", "Lina", "Maëlys", "Anaïs"
};

static const struct {
	const char *const	*v;
	unsigned		 n;
} firstnames[6][2] = {
	{ { f50m, nitems(f50m) }, { f50f, nitems(f50f) } },
	{ { f60m, nitems(f60m) }, { f60f, nitems(f60f) } },
	{ { f70m, nitems(f70m) }, { f70f, nitems(f70f) } },
	{ { f80m, nitems(f80m) }, { f80f, nitems(f80f) } },
	{ { f90m, nitems(f90m) }, { f90f, nitems(f90f) } },
	{ { f00m, nitems(f00m) }, { f00f, nitems(f00f) } },
};

static const struct service s_fin[] = {
	{ "Comptabilité", "Responsable comptable",
	    { "Comptable senior", "Chargé de consolidation|"
	    "Chargée de consolidation" },
	    { "Comptable fournisseurs", "Comptable clients" },
	    "comptabilité" },
	{ "Contrôle de gestion", "Responsable du contrôle de gestion",
	    { "Contrôleur de gestion|Contrôleuse de gestion",
	    "Analyste financier|Analyste financière" },
	    { "Assistant de gestion|Assistante de gestion",
	    "Gestionnaire reporting" },
	    "contrôle de gestion" },
	{ "Trésorerie", "Responsable trésorerie",
	    { "Trésorier|Trésorière", "Cash manager" },
	    { "Gestionnaire trésorerie",
	    "Assistant trésorerie|Assistante trésorerie" },
	    "trésorerie" },
	{ "Achats", "Responsable achats",
	    { "Acheteur|Acheteuse", "Acheteur senior|Acheteuse senior" },
	    { "Approvisionneur|Approvisionneuse",
	    "Assistant achats|Assistante achats" },
	    "achats" },
};

static const struct service s_com[] = {
	{ "Grands comptes", "Responsable grands comptes",
	    { "Ingénieur commercial|Ingénieure commerciale",
	    "Key account manager" },
	    { "Assistant commercial|Assistante commerciale",
	    "Technico-commercial|Technico-commerciale" },
	    "grands comptes" },
	{ "Ventes PME", "Responsable des ventes PME",
	    { "Chargé d'affaires|Chargée d'affaires",
	    "Business developer" },
	    { "Commercial sédentaire|Commerciale sédentaire",
	    "Conseiller de vente|Conseillère de vente" },
	    "développement commercial" },
	{ "Administration des ventes", "Responsable ADV",
	    { "Chargé d'ADV|Chargée d'ADV", "Analyste ventes" },
	    { "Assistant ADV|Assistante ADV", "Gestionnaire ADV" },
	    "administration des ventes" },
	{ "Relation client", "Responsable relation client",
	    { "Chargé de clientèle|Chargée de clientèle",
	    "Customer success manager" },
	    { "Conseiller clientèle|Conseillère clientèle",
	    "Téléconseiller|Téléconseillère" },
	    "relation client" },
};

static const struct service s_mkt[] = {
	{ "Marketing produit", "Responsable marketing produit",
	    { "Chef de produit|Cheffe de produit",
	    "Product marketing manager" },
	    { "Assistant marketing|Assistante marketing",
	    "Assistant chef de produit|Assistante cheffe de produit" },
	    "marketing produit" },
	{ "Marketing digital", "Responsable marketing digital",
	    { "Traffic manager", "Chargé de marketing digital|"
	    "Chargée de marketing digital" },
	    { "Community manager", "Webmarketeur|Webmarketeuse" },
	    "marketing digital" },
	{ "Études et veille", "Responsable études",
	    { "Chargé d'études|Chargée d'études", "Data analyst" },
	    { "Assistant études|Assistante études",
	    "Veilleur concurrentiel|Veilleuse concurrentielle" },
	    "études marketing" },
};

static const struct service s_rh[] = {
	{ "Recrutement", "Responsable recrutement",
	    { "Chargé de recrutement|Chargée de recrutement",
	    "Talent acquisition partner" },
	    { "Assistant recrutement|Assistante recrutement",
	    "Sourceur|Sourceuse" },
	    "recrutement" },
	{ "Paie et administration du personnel", "Responsable paie",
	    { "Gestionnaire paie senior", "Chargé de SIRH|Chargée de SIRH" },
	    { "Gestionnaire paie", "Assistant RH|Assistante RH" },
	    "paie" },
	{ "Formation", "Responsable formation",
	    { "Chargé de formation|Chargée de formation",
	    "Ingénieur pédagogique|Ingénieure pédagogique" },
	    { "Assistant formation|Assistante formation",
	    "Gestionnaire formation" },
	    "formation" },
	{ "Relations sociales", "Responsable relations sociales",
	    { "Juriste droit social", "HR business partner" },
	    { "Assistant RH|Assistante RH", "Gestionnaire RH" },
	    "ressources humaines" },
};

static const struct service s_si[] = {
	{ "Développement", "Responsable des développements",
	    { "Développeur|Développeuse",
	    "Architecte logiciel|Architecte logicielle" },
	    { "Développeur junior|Développeuse junior",
	    "Testeur|Testeuse" },
	    "développement" },
	{ "Infrastructure et production", "Responsable infrastructure",
	    { "Ingénieur systèmes|Ingénieure systèmes",
	    "Administrateur réseau|Administratrice réseau" },
	    { "Technicien d'exploitation|Technicienne d'exploitation",
	    "Pupitreur|Pupitreuse" },
	    "infrastructure" },
	{ "Support utilisateurs", "Responsable support",
	    { "Analyste support", "Chef de projet support|"
	    "Cheffe de projet support" },
	    { "Technicien support|Technicienne support",
	    "Technicien helpdesk|Technicienne helpdesk" },
	    "support informatique" },
	{ "Données", "Responsable données",
	    { "Data engineer", "Data scientist" },
	    { "Analyste données", "Gestionnaire référentiels" },
	    "data" },
	{ "Sécurité", "Responsable sécurité des SI",
	    { "Ingénieur sécurité|Ingénieure sécurité",
	    "Auditeur sécurité|Auditrice sécurité" },
	    { "Analyste SOC", "Technicien sécurité|Technicienne sécurité" },
	    "cybersécurité" },
};

static const struct service s_ops[] = {
	{ "Logistique", "Responsable logistique",
	    { "Ingénieur logistique|Ingénieure logistique",
	    "Chef de quai|Cheffe de quai" },
	    { "Préparateur de commandes|Préparatrice de commandes",
	    "Cariste" },
	    "logistique" },
	{ "Production", "Responsable de production",
	    { "Ingénieur méthodes|Ingénieure méthodes",
	    "Chef d'atelier|Cheffe d'atelier" },
	    { "Opérateur de production|Opératrice de production",
	    "Technicien de maintenance|Technicienne de maintenance" },
	    "production" },
	{ "Qualité", "Responsable qualité",
	    { "Ingénieur qualité|Ingénieure qualité", "Auditeur qualité|"
	    "Auditrice qualité" },
	    { "Technicien qualité|Technicienne qualité",
	    "Contrôleur qualité|Contrôleuse qualité" },
	    "qualité" },
	{ "Services généraux", "Responsable services généraux",
	    { "Chargé des services généraux|"
	    "Chargée des services généraux", "Facility manager" },
	    { "Agent d'accueil|Agente d'accueil",
	    "Assistant services généraux|Assistante services généraux" },
	    "services généraux" },
};

static const struct service s_jur[] = {
	{ "Droit des affaires", "Responsable juridique",
	    { "Juriste droit des affaires", "Juriste contrats" },
	    { "Assistant juridique|Assistante juridique", "Paralegal" },
	    "droit des affaires" },
	{ "Conformité", "Responsable conformité",
	    { "Compliance officer",
	    "Chargé de conformité|Chargée de conformité" },
	    { "Assistant conformité|Assistante conformité",
	    "Gestionnaire KYC" },
	    "conformité" },
	{ "Propriété intellectuelle", "Responsable propriété intellectuelle",
	    { "Juriste PI", "Ingénieur brevets|Ingénieure brevets" },
	    { "Assistant PI|Assistante PI", "Gestionnaire marques" },
	    "propriété intellectuelle" },
};

static const struct service s_comm[] = {
	{ "Communication interne", "Responsable communication interne",
	    { "Chargé de communication interne|"
	    "Chargée de communication interne", "Rédacteur|Rédactrice" },
	    { "Assistant communication|Assistante communication",
	    "Gestionnaire intranet" },
	    "communication interne" },
	{ "Relations presse", "Responsable relations presse",
	    { "Attaché de presse|Attachée de presse",
	    "Chargé des relations publiques|"
	    "Chargée des relations publiques" },
	    { "Assistant relations presse|Assistante relations presse",
	    "Documentaliste" },
	    "relations presse" },
	{ "Événementiel", "Responsable événementiel",
	    { "Chef de projet événementiel|Cheffe de projet événementiel",
	    "Chargé de partenariats|Chargée de partenariats" },
	    { "Assistant événementiel|Assistante événementiel",
	    "Régisseur|Régisseuse" },
	    "événementiel" },
	{ "Communication digitale", "Responsable communication digitale",
	    { "Chargé de contenus|Chargée de contenus",
	    "Social media manager" },
	    { "Graphiste", "Webdesigner" },
	    "communication digitale" },
};

/* In the order directions are staffed when there are fewer than eight. */
static const struct direction directions[] = {
	{ "Direction Commerciale",
	    "Directeur commercial|Directrice commerciale",
	    s_com, nitems(s_com) },
	{ "Direction des Opérations",
	    "Directeur des opérations|Directrice des opérations",
	    s_ops, nitems(s_ops) },
	{ "Direction des Systèmes d'Information",
	    "Directeur des systèmes d'information|"
	    "Directrice des systèmes d'information",
	    s_si, nitems(s_si) },
	{ "Direction Financière",
	    "Directeur financier|Directrice financière",
	    s_fin, nitems(s_fin) },
	{ "Direction des Ressources Humaines",
	    "Directeur des ressources humaines|"
	    "Directrice des ressources humaines",
	    s_rh, nitems(s_rh) },
	{ "Direction Marketing",
	    "Directeur marketing|Directrice marketing",
	    s_mkt, nitems(s_mkt) },
	{ "Direction Juridique",
	    "Directeur juridique|Directrice juridique",
	    s_jur, nitems(s_jur) },
	{ "Direction de la Communication",
	    "Directeur de la communication|"
	    "Directrice de la communication",
	    s_comm, nitems(s_comm) },
};

/* Ages in `year`: a weight, then an inclusive range. */
struct band {
	unsigned	 w;
	int		 lo, hi;
};

static const struct band age_ceo[] = { { 1, 62, 70 } };
static const struct band age_comex[] = {
	{ 15, 45, 49 }, { 55, 50, 61 }, { 30, 62, 68 }
};
static const struct band age_mgr[] = {
	{ 48, 30, 49 }, { 38, 50, 61 }, { 14, 62, 65 }
};
static const struct band age_cadre[] = {
	{ 22, 23, 27 }, { 45, 28, 49 }, { 25, 50, 61 }, { 12, 62, 67 }
};
static const struct band age_empl[] = {
	{ 24, 19, 27 }, { 43, 28, 49 }, { 25, 50, 61 }, { 10, 62, 65 }
};
static const struct band age_intern[] = { { 1, 19, 25 } };

static uint64_t
rng_next(uint64_t *s)
{
	uint64_t	 z;

	z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [0, n); the modulo bias is far below anything visible. */
static unsigned
rng_below(uint64_t *s, unsigned n)
{
	return (unsigned)(rng_next(s) % n);
}

static long
rng_between(uint64_t *s, long lo, long hi)
{
	return lo + (long)(rng_next(s) % (uint64_t)(hi - lo + 1));
}

/* Howard Hinnant's days_from_civil: proleptic Gregorian, 1970 is 0. */
static long
days_from_civil(long y, unsigned m, unsigned d)
{
	long		 era;
	unsigned	 yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void
civil_from_days(long z, long *yp, unsigned *mp, unsigned *dp)
{
	long		 era, y;
	unsigned	 doe, yoe, doy, mp3, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = (long)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp3 = (5 * doy + 2) / 153;
	d = doy - (153 * mp3 + 2) / 5 + 1;
	m = mp3 < 10 ? mp3 + 3 : mp3 - 9;
	*yp = y + (m <= 2);
	*mp = m;
	*dp = d;
}

/* The same calendar date `years` later; 29 February becomes 1 March. */
static long
add_years(long day, int years)
{
	long		 y;
	unsigned	 m, d;

	civil_from_days(day, &y, &m, &d);
	return days_from_civil(y + years, m, d);
}

static int
pick_age(uint64_t *s, const struct band *b, size_t nb)
{
	unsigned	 total, r;
	size_t		 i;

	for (total = 0, i = 0; i < nb; i++)
		total += b[i].w;
	r = rng_below(s, total);
	for (i = 0; i + 1 < nb && r >= b[i].w; i++)
		r -= b[i].w;
	return (int)rng_between(s, b[i].lo, b[i].hi);
}

/*
 * Fill in a person of the given grade.  `hi` is the last possible hire
 * date; the first is the 18th birthday or the usual age of a first job
 * for the grade, whichever is later, and tenure leans towards recent
 * hires except at the top.
 */
static void
make_person(uint64_t *s, struct person *p, enum grade g, int year,
    long hi, int female)
{
	const struct band	*bands;
	size_t			 nb;
	long			 by, jan1, lo, lo18, span;
	int			 start, dec;

	switch (g) {
	case G_PDG:
		bands = age_ceo;
		nb = nitems(age_ceo);
		start = 28;
		break;
	case G_COMEX:
		bands = age_comex;
		nb = nitems(age_comex);
		start = 24;
		break;
	case G_MANAGER:
		bands = age_mgr;
		nb = nitems(age_mgr);
		start = 22;
		break;
	case G_CADRE:
		bands = age_cadre;
		nb = nitems(age_cadre);
		start = 22;
		break;
	case G_EMPLOYE:
		bands = age_empl;
		nb = nitems(age_empl);
		start = 18;
		break;
	case G_STAGIAIRE:
	case G_ALTERNANT:
	default:
		bands = age_intern;
		nb = nitems(age_intern);
		start = 18;
		break;
	}
	by = year - pick_age(s, bands, nb);
	jan1 = days_from_civil(by, 1, 1);
	p->birth = rng_between(s, jan1, days_from_civil(by + 1, 1, 1) - 1);
	p->female = female;

	dec = (int)((by - 1950) / 10);
	if (dec < 0)
		dec = 0;
	if (dec > 5)
		dec = 5;
	p->first = firstnames[dec][female].v[rng_below(s,
	    firstnames[dec][female].n)];
	p->last = lastnames[rng_below(s, nitems(lastnames))];

	lo18 = add_years(p->birth, 18);
	lo = add_years(p->birth, start + (int)rng_below(s, 6));
	if (lo > hi)
		lo = hi;
	if (g == G_STAGIAIRE || g == G_ALTERNANT)
		lo = days_from_civil(year - 1, 9, 1);
	if (lo < lo18)
		lo = lo18;
	span = hi - lo;
	if (g == G_PDG || g == G_COMEX)
		p->entry = lo + rng_between(s, 0, span);
	else {
		long	 a, b;

		a = rng_between(s, 0, span);
		b = rng_between(s, 0, span);
		p->entry = hi - (a < b ? a : b);
	}
}

/* Copy `s`, the masculine or feminine half of "masc|fem", into dst. */
static void
gendered(char *dst, size_t dstsz, const char *prefix, const char *s,
    int female)
{
	const char	*bar;
	int		 len;

	bar = strchr(s, '|');
	if (bar == NULL)
		len = (int)strlen(s);
	else if (female) {
		s = bar + 1;
		len = (int)strlen(s);
	} else
		len = (int)(bar - s);
	(void)snprintf(dst, dstsz, "%s%.*s", prefix, len, s);
}

/*
 * Append one field, quoted as RFC 4180 wants should it ever contain a
 * separator, a quote or a line break; the tables here contain none.
 */
static void
put_field(struct tdm_buf *out, const char *s)
{
	const char	*p;

	if (strpbrk(s, ";\"\r\n") == NULL) {
		tdm_buf_adds(out, s);
		return;
	}
	tdm_buf_addch(out, '"');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			tdm_buf_addch(out, '"');
		tdm_buf_addch(out, *p);
	}
	tdm_buf_addch(out, '"');
}

static void
put_matricule(struct tdm_buf *out, uint32_t row)
{
	char		 m[8];
	uint32_t	 v;
	int		 i;

	v = 100000 + row;
	m[0] = 'E';
	for (i = 6; i >= 1; i--) {
		m[i] = (char)('0' + v % 10);
		v /= 10;
	}
	tdm_buf_add(out, m, 7);
}

static void
put_date(struct tdm_buf *out, long day)
{
	char		 t[10];
	long		 y;
	unsigned	 m, d;

	civil_from_days(day, &y, &m, &d);
	t[0] = (char)('0' + d / 10);
	t[1] = (char)('0' + d % 10);
	t[2] = '/';
	t[3] = (char)('0' + m / 10);
	t[4] = (char)('0' + m % 10);
	t[5] = '/';
	t[6] = (char)('0' + y / 1000 % 10);
	t[7] = (char)('0' + y / 100 % 10);
	t[8] = (char)('0' + y / 10 % 10);
	t[9] = (char)('0' + y % 10);
	tdm_buf_add(out, t, sizeof(t));
}

/*
 * Append the email form of a name: lowercase ASCII, accents dropped,
 * spaces and apostrophes removed, hyphens kept.
 */
static size_t
fold_name(char *dst, size_t at, size_t cap, const char *s)
{
	/* Latin-1 Supplement U+00C0..U+00FF, as UTF-8 C3 80..C3 BF. */
	static const char	 fold[] =
	    "aaaaaaaceeeeiiiidnooooo ouuuuyts"
	    "aaaaaaaceeeeiiiidnooooo ouuuuyty";
	const unsigned char	*p;
	int			 c;

	_Static_assert(sizeof(fold) == 65, "one letter per code point");
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		c = -1;
		if (*p >= 'A' && *p <= 'Z')
			c = *p - 'A' + 'a';
		else if ((*p >= 'a' && *p <= 'z') || *p == '-')
			c = *p;
		else if (*p == 0xc3 && p[1] >= 0x80 && p[1] <= 0xbf) {
			c = (unsigned char)fold[*++p - 0x80];
			if (c == ' ')
				c = -1;	/* multiplication, division */
		} else if (*p == 0xc5 && (p[1] == 0x92 || p[1] == 0x93)) {
			p++;
			if (at + 1 < cap)
				dst[at++] = 'o';
			c = 'e';
		} else if (*p >= 0xc0) {
			/* Some other letter: skip its continuation bytes. */
			while ((p[1] & 0xc0) == 0x80)
				p++;
		}
		if (c >= 0 && at + 1 < cap)
			dst[at++] = (char)c;
	}
	dst[at] = '\0';
	return at;
}

static uint32_t
hash_bytes(const char *s, size_t len)
{
	uint32_t	 h;
	size_t		 i;

	h = 2166136261u;
	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

/*
 * Count one more use of the base `key` and return the count.  The table
 * holds at most n keys in at least 2n slots, so it never fills.
 */
static uint32_t
email_use(struct emails *e, const char *key, size_t len)
{
	struct slot	*sl;
	uint32_t	 h;
	size_t		 i;

	h = hash_bytes(key, len);
	for (i = h & e->mask;; i = (i + 1) & e->mask) {
		sl = &e->v[i];
		if (sl->count == 0)
			break;
		if (sl->hash == h && sl->len == len &&
		    memcmp(e->keys.buf + sl->off, key, len) == 0)
			return ++sl->count;
	}
	sl->off = (uint32_t)e->keys.len;
	sl->len = (uint32_t)len;
	sl->hash = h;
	sl->count = 1;
	tdm_buf_add(&e->keys, key, len);
	return 1;
}

static void
put_email(struct tdm_buf *out, struct emails *e, const struct person *p)
{
	char		 mail[160];
	size_t		 at;
	uint32_t	 count;

	at = fold_name(mail, 0, 64, p->first);
	mail[at++] = '.';
	at = fold_name(mail, at, 128, p->last);
	count = email_use(e, mail, at);
	if (count > 1)
		(void)snprintf(mail + at, sizeof(mail) - at, "%u",
		    (unsigned)count);
	tdm_buf_adds(out, mail);
	tdm_buf_adds(out, "@exemple.fr");
}

static void
put_row(struct tdm_buf *out, struct emails *e, uint64_t *s, uint32_t row,
    const struct person *p, const char *dir, const char *svc,
    const char *site, const char *title, enum grade g, long mgr)
{
	put_matricule(out, row);
	tdm_buf_addch(out, ';');
	put_field(out, p->last);
	tdm_buf_addch(out, ';');
	put_field(out, p->first);
	tdm_buf_addch(out, ';');
	put_email(out, e, p);
	tdm_buf_addch(out, ';');
	put_date(out, p->birth);
	tdm_buf_addch(out, ';');
	put_field(out, dir);
	tdm_buf_addch(out, ';');
	put_field(out, svc);
	tdm_buf_addch(out, ';');
	put_field(out, site);
	tdm_buf_addch(out, ';');
	put_field(out, title);
	tdm_buf_addch(out, ';');
	put_field(out, grades[g]);
	tdm_buf_addch(out, ';');
	if (mgr >= 0)
		put_matricule(out, (uint32_t)mgr);
	tdm_buf_addch(out, ';');
	put_date(out, p->entry);
	tdm_buf_addch(out, ';');
	tdm_buf_adds(out, g != G_PDG && rng_below(s, 100) < 15 ? "en" : "fr");
	tdm_buf_addch(out, '\n');
}

static unsigned
pick_site(uint64_t *s, unsigned near, unsigned keep)
{
	if (rng_below(s, 100) < keep)
		return near;
	return rng_below(s, NSITES);
}

enum tdm_err
tdm_demo_roster(struct tdm_buf *out, unsigned n, unsigned long long seed,
    int year)
{
	struct emails		 e;
	struct boss		*boss = NULL, *b, *up;
	struct person		 p;
	const struct direction	*d;
	const struct service	*sv;
	char			 title[160];
	uint64_t		 s;
	size_t			 cap;
	unsigned		 ndir, nmgr, nstaff, rest, i, k, fan, r;
	uint32_t		 row;
	long			 hi;
	enum grade		 g;
	enum tdm_err		 rv = TDM_ENOMEM;

	if (n == 0 || n > MAXROWS || year < 2000 || year > 2100)
		return TDM_EINVAL;

	/* The shape: 1 + ndir + nmgr + nstaff == n. */
	ndir = (n - 1 + 5) / 6;
	if (ndir > nitems(directions))
		ndir = nitems(directions);
	rest = n - 1 - ndir;
	nmgr = rest < 6 ? 0 : (rest + 8) / 9;
	nstaff = rest - nmgr;
	/* Only the chief executive has no direction to work in. */
	assert(ndir > 0 || nmgr + nstaff == 0);

	e.v = NULL;
	tdm_buf_init(&e.keys);
	for (cap = 16; cap < 2 * (size_t)n; cap *= 2)
		;
	e.mask = cap - 1;
	if ((e.v = calloc(cap, sizeof(*e.v))) == NULL)
		goto done;
	if ((boss = calloc(1 + ndir + nmgr, sizeof(*boss))) == NULL)
		goto done;
	if (tdm_buf_grow(&e.keys, (size_t)n * 24) == -1 ||
	    tdm_buf_grow(out, (size_t)n * 200 + strlen(header)) == -1)
		goto done;

	s = seed;
	hi = days_from_civil(year, 9, 1);
	tdm_buf_adds(out, header);
	row = 0;

	/* The chief executive, boss[0]. */
	make_person(&s, &p, G_PDG, year, hi, rng_below(&s, 100) < 30);
	gendered(title, sizeof(title), "", "Président-directeur général|"
	    "Présidente-directrice générale", p.female);
	put_row(out, &e, &s, row, &p, "Direction Générale", "Présidence",
	    sites[PARIS], title, G_PDG, -1);
	boss[0].row = row++;
	boss[0].site = PARIS;

	/* Directors, boss[1 .. ndir]. */
	for (i = 0; i < ndir; i++) {
		d = &directions[i];
		b = &boss[1 + i];
		make_person(&s, &p, G_COMEX, year, hi,
		    rng_below(&s, 100) < 40);
		gendered(title, sizeof(title), "", d->title, p.female);
		b->dir = (uint8_t)i;
		b->site = (uint8_t)pick_site(&s, PARIS, 85);
		put_row(out, &e, &s, row, &p, d->name, "Comité de direction",
		    sites[b->site], title, G_COMEX, 0);
		b->row = row++;
	}

	/*
	 * Managers, boss[1 + ndir + k], dealt to the directions in turn.
	 * The i-th manager of a direction heads a service under the
	 * director while i < nsvc; after that it leads a team under
	 * manager (i - nsvc) / SUBFAN of the same direction, in that
	 * manager's service.
	 */
	for (k = 0; k < nmgr; k++) {
		r = k % ndir;
		i = k / ndir;
		d = &directions[r];
		b = &boss[1 + ndir + k];
		b->dir = (uint8_t)r;
		fan = d->nsvc;
		if (i < fan) {
			up = &boss[1 + r];
			b->svc = (uint8_t)i;
		} else {
			up = &boss[1 + ndir + ((i - fan) / SUBFAN) * ndir + r];
			b->svc = up->svc;
		}
		sv = &d->svc[b->svc];
		make_person(&s, &p, G_MANAGER, year, hi,
		    rng_below(&s, 100) < 45);
		if (i < fan)
			(void)snprintf(title, sizeof(title), "%s", sv->mgr);
		else
			(void)snprintf(title, sizeof(title), "%s %s",
			    p.female ? "Cheffe d'équipe" : "Chef d'équipe",
			    sv->domain);
		b->site = (uint8_t)pick_site(&s, up->site, i < fan ? 50 : 70);
		put_row(out, &e, &s, row, &p, d->name, sv->name,
		    sites[b->site], title, G_MANAGER, (long)up->row);
		b->row = row++;
	}

	/* Staff, round-robin over the managers, or the directors. */
	for (k = 0; k < nstaff; k++) {
		if (nmgr > 0)
			up = &boss[1 + ndir + k % nmgr];
		else
			up = &boss[1 + k % ndir];
		d = &directions[up->dir];
		sv = &d->svc[nmgr > 0 ? up->svc : rng_below(&s, d->nsvc)];
		r = rng_below(&s, 100);
		g = r < 5 ? G_STAGIAIRE : r < 12 ? G_ALTERNANT :
		    r < 52 ? G_CADRE : G_EMPLOYE;
		make_person(&s, &p, g, year, hi, rng_below(&s, 100) < 50);
		switch (g) {
		case G_STAGIAIRE:
			(void)snprintf(title, sizeof(title), "Stagiaire %s",
			    sv->domain);
			break;
		case G_ALTERNANT:
			(void)snprintf(title, sizeof(title), "%s %s",
			    p.female ? "Alternante" : "Alternant",
			    sv->domain);
			break;
		case G_CADRE:
			gendered(title, sizeof(title), "",
			    sv->cadre[rng_below(&s, 2)], p.female);
			break;
		case G_PDG:
		case G_COMEX:
		case G_MANAGER:
		case G_EMPLOYE:
		default:
			gendered(title, sizeof(title), "",
			    sv->empl[rng_below(&s, 2)], p.female);
			break;
		}
		put_row(out, &e, &s, row, &p, d->name, sv->name,
		    sites[pick_site(&s, up->site, 75)], title, g,
		    (long)up->row);
		row++;
	}

	if (!out->failed && !e.keys.failed)
		rv = TDM_OK;
done:
	free(boss);
	free(e.v);
	tdm_buf_release(&e.keys);
	return rv;
}
