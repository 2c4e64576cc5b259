#!/bin/sh
# register.sh: print Tandem's register of processing activities (registre
# des activités de traitement, GDPR art. 30) in French Markdown.
#
#   contrib/register.sh [DATABASE] > registre.md
#
# The list of tables and columns is read from a real database, created
# with "tandem init" in a temporary directory: what this version of the
# code writes, not what this script believes.  Each column is classified
# by the table COLUMNS below, keyed by table.column; a column the table
# does not know is printed as "non classée", listed at the end, reported
# on standard error, and the exit status is then 1: the register cannot
# miss data silently.  A table entry the schema no longer has is reported
# the same way.
#
# With DATABASE (only read), the register also gives the retention
# delays of each programme, its purge dates and a few counts.
#
# Environment: TANDEM, the tandem binary (default: tandem from PATH, else
# build/tandem next to this script); TANDEM_BACKUP_KEEP, the backups kept
# by contrib/tandem-daily (default 14).  Needs sqlite3 and awk.
# shellcheck disable=SC2016  # the backquotes are Markdown, not expansions
set -eu
LC_ALL=C.UTF-8
export LC_ALL

usage() {
	echo "usage: register.sh [DATABASE]" >&2
	exit 2
}
[ $# -le 1 ] || usage
case ${1:-} in -*) usage ;; esac
DB=${1:-}
KEEP=${TANDEM_BACKUP_KEEP:-14}

if [ -z "${TANDEM:-}" ]; then
	if command -v tandem >/dev/null 2>&1; then
		TANDEM=tandem
	else
		TANDEM=$(dirname "$0")/../build/tandem
	fi
fi
command -v sqlite3 >/dev/null 2>&1 ||
    { echo "register.sh: sqlite3 is needed (apt-get install sqlite3)" >&2; exit 1; }
if [ -n "$DB" ] && [ ! -f "$DB" ]; then
	echo "register.sh: $DB: no such database" >&2
	exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# --- The classification: categories, tables, columns ------------------

# category|label in the register
cat > "$tmp/categories" <<'EOF'
identite|Identité et coordonnées
naissance|Année de naissance (jamais la date)
pro|Vie professionnelle
habilitation|Habilitations (rôles)
inscription|Inscription volontaire et préférences
appariement|Appariement
seance|Séances et présence
retour|Retours et évaluations
prive|Texte libre PRIVÉ (vu de son seul auteur)
acteur|Auteur d'un acte (matricule)
journal|Journal d'audit
lien|Identifiant interne ou lien vers une personne
programme|Paramètre ou texte d'un programme (non personnel)
nomenclature|Nomenclature (non personnel)
technique|Donnée technique (non personnel)
EOF

# table|what it holds|about whom
cat > "$tmp/tables" <<'EOF'
employee|L'effectif importé de l'export RH : une ligne par salarié, partants compris (marqués inactifs, jamais supprimés) ; une personne effacée devient une coquille au pseudonyme aléatoire.|tous les salariés de l'export RH
role|Les rôles accordés : administrateur, responsable de programme, sponsor.|personnel chargé des programmes
role_scope|Les programmes auxquels un rôle de responsable de programme ou de sponsor est limité.|personnel chargé des programmes
coach|Les coachs externes.|coachs externes
programme|Les programmes, leur conception, leurs réglages et leurs délais de conservation.|—
topic|Le catalogue des thèmes.|—
programme_topic|Les thèmes de chaque programme.|—
charter|Les chartes publiées, jamais modifiées.|—
programme_event|L'historique des transitions d'un programme : qui, quand, pourquoi.|personnel chargé des programmes
enrolment|Les inscriptions des volontaires, mentors et mentorés.|volontaires
enrolment_topic|Par thème : niveau et intérêt déclarés à l'inscription.|volontaires
pair|Les binômes proposés, publiés, acceptés ou déclinés, avec l'explication de leur score.|volontaires
pair_rejection|Les binômes écartés par un responsable de programme, qui ne reviennent jamais.|volontaires
session|Les séances des binômes et des groupes.|volontaires
attendance|La présence aux séances tenues.|volontaires
feedback|Les notes données aux séances, et leur commentaire privé.|volontaires
closing|Le questionnaire de clôture.|volontaires
closing_level|Les niveaux auto-évalués à la clôture.|volontaires
audit|Le journal d'audit, chaîné par hachage, en ajout seul.|toute personne nommée dans un acte
audit_head|La tête du journal d'audit.|—
generation|La table des générations (bornes des années de naissance).|—
import|L'historique des imports de l'effectif : fichier, date, comptes.|—
account|Les comptes de connexion à l'interface web : mot de passe haché (argon2id), langue, compteur d'échecs.|personnes invitées (salariés, coachs)
invitation|Les invitations à choisir son mot de passe, par l'empreinte du lien à usage unique.|personnes invitées
web_session|Les sessions web ouvertes, par l'empreinte du cookie, et leur jeton anti-CSRF.|personnes connectées
closure|Les jours de fermeture de l'entreprise, où aucune séance n'a lieu.|—
topic_competence|Les compétences des référentiels CRCN et DigComp 2.2 que couvre chaque thème.|—
published_cell|Les chiffres qu'un bilan a publiés et leur valeur, pour que le bilan suivant garde les mêmes cases masquées.|—
attestation|Les attestations de mentorat délivrées : leur code, leur texte tel que délivré et son empreinte, inscrite au journal d'audit.|mentors
kudos|Les remerciements d'un mentoré à son mentor, lus par le seul mentor.|volontaires
attestation_consent|L'accord de chacun des deux membres d'un binôme pour que l'attestation du mentor nomme le mentoré ; chacun peut le retirer.|volontaires
attestation_named|Les mentorés qu'une attestation nomme, avec l'accord des deux.|volontaires
mail_batch|Les invitations d'une planification qui restent à écrire dans la file des messages : les séances créées et le moment de l'acte ; supprimé une fois les messages écrits.|—
session_proposal|Les autres dates proposées par un membre pour une séance, et la réponse de l'autre.|volontaires
pair_tally|Les comptes des séances de chaque binôme accepté (tenues, annulées par chaque côté, prévues, la première et la dernière tenue), tenus à jour par chaque acte sur ses séances, pour trouver les tandems à risque sans relire toutes les séances.|volontaires
plan_shortfall|Les binômes que la dernière planification n'a pas pu placer en entier, et pourquoi, pour le responsable du programme.|volontaires
installation|L'identifiant aléatoire de l'installation, l'expéditeur des messages et l'adresse de l'interface web.|—
outbox|Les messages envoyés par e-mail (ou à envoyer) à chaque personne concernée par un acte : destinataire, variables du modèle, invitation d'agenda ; supprimés 90 jours après leur envoi (tandem mail config --keep), le lien d'une invitation dès l'envoi ; effacés avec la personne.|personnes concernées par un acte (volontaires, sponsors, responsables, coachs, public d'une annonce)
mail_pref|Les messages facultatifs (rappels, synthèse hebdomadaire) qu'une personne a désactivés.|salariés
mail_vars|Ce que disent tous les messages d'un même acte (le programme et son objectif, pour une annonce), gardé une fois ; supprimé avec le dernier message qui s'en sert.|—
audit_subject|Les clés de sujet du journal d'audit : quelle personne chaque clé aléatoire désigne ; supprimée à l'effacement, ce qui rend les entrées anonymes sans les modifier.|toute personne nommée dans un acte
audit_upgrade|Marque technique : le journal d'avant les clés de sujet reste à convertir (une fois).|—
read_event|Qui a consulté les données d'une personne (son export ; les listes d'inscriptions, de binômes et de séances d'un programme, une fois par jour et par lecteur), quand.|volontaires et salariés dont les données sont lues
signin_hit|Les essais de connexion des dernières minutes, pour freiner les essais répétés sur tous les serveurs : une empreinte FNV de l'adresse IP (et de l'adresse e-mail saisie), qui n'est pas chiffrée et se retrouve en essayant les adresses : une donnée pseudonyme, gardée 65 secondes (16 minutes pour les mots de passe erronés).|personnes qui se connectent
signin_pending|Les connexions par le fournisseur d'identité en cours (dix minutes au plus) : empreinte de l'état, empreinte du cookie du navigateur, valeurs aléatoires ; aucune personne n'y est nommée.|—
closing_mentor|L'aisance déclarée par un mentor à la clôture : enseigner à un aîné, faire un retour à un supérieur.|mentors
closing_taught|Les thèmes qu'un mentor dit avoir transmis.|mentors
followup|Le questionnaire de suivi, 90 jours après la clôture.|volontaires
followup_level|Les niveaux auto-évalués 90 jours après la clôture.|mentorés
practice|La liste des pratiques changées proposées par thème (docs/surveys.md).|—
practice_done|Les pratiques qu'un mentoré dit avoir adoptées, à la clôture et à 90 jours.|mentorés
EOF

# table.column|category|remark
cat > "$tmp/columns" <<'EOF'
employee.id|lien|identifiant interne, stable
account.id|lien|
account.employee_id|lien|
account.coach_id|lien|
account.password|technique|empreinte argon2id, jamais le mot de passe
account.lang|technique|langue de l'interface
account.failures|technique|mots de passe erronés consécutifs (freine les essais)
account.locked_until|technique|
account.created_at|technique|
invitation.token_hash|technique|empreinte BLAKE2b du lien, jamais le lien
invitation.account_id|lien|
invitation.expires_at|technique|7 jours
web_session.token_hash|technique|empreinte BLAKE2b du cookie, jamais le cookie
web_session.account_id|lien|
web_session.csrf|technique|
web_session.created_at|technique|
web_session.seen_at|technique|
installation.one|technique|
installation.id|technique|aléatoire, dans les UID d'agenda et les Message-ID
installation.mail_from|technique|adresse de l'expéditeur
installation.base_url|technique|
outbox.id|technique|
outbox.dedup|lien|ce dont parle le message et son destinataire, par identifiants internes
outbox.msgid|technique|
outbox.kind|technique|
outbox.programme_id|lien|
outbox.employee_id|lien|
outbox.coach_id|lien|
outbox.lang|technique|langue du destinataire
outbox.rcpt_name|identite|nom du destinataire
outbox.rcpt_addr|identite|adresse du destinataire
outbox.vars|identite|variables du modèle : nom du destinataire, du binôme, dates ; jamais un texte privé
outbox.ical|seance|invitation d'agenda : date, participants (noms et adresses)
outbox.state|technique|
outbox.attempts|technique|
outbox.next_at|technique|
outbox.last_error|technique|réponse du serveur de messagerie
outbox.created_at|technique|
outbox.sent_at|technique|
mail_pref.employee_id|lien|
mail_pref.reminders|inscription|rappels avant une séance
mail_pref.digests|inscription|synthèse hebdomadaire
programme.audience_department|programme|public de l'annonce
programme.audience_site|programme|public de l'annonce
programme.audience_generation|programme|public de l'annonce
programme.answer_days|programme|délai de réponse à une proposition de binôme (jours)
pair.answer_by|appariement|date limite de réponse à la proposition
installation.keep_days|technique|durée de conservation des messages envoyés (jours)
outbox.shared_id|technique|variables communes aux messages d'un acte
mail_vars.id|technique|
mail_vars.vars|programme|nom et objectif du programme annoncé ; aucune donnée d'une personne
employee.matricule|identite|matricule RH ; « erased-N » après effacement
audit_subject.key|journal|clé aléatoire, sans lien avec l'identité
audit_subject.employee_id|lien|
audit_subject.coach_id|lien|
audit_upgrade.one|technique|
read_event.id|technique|
read_event.employee_id|lien|la personne dont les données ont été lues
read_event.reader|journal|clé de sujet du lecteur
read_event.what|journal|inscription, binômes, séances ou export
read_event.programme_id|lien|le programme dont une liste a été lue
read_event.at|journal|
signin_hit.kind|technique|essai, ou mot de passe erroné
signin_hit.hkey|journal|empreinte de l'adresse IP (et de l'e-mail saisi), pseudonyme : gardée 65 s ou 16 min au plus
signin_hit.at|journal|
signin_pending.state_hash|technique|empreinte SHA-256 de l'état, jamais l'état
signin_pending.binding|technique|empreinte BLAKE2b du cookie du navigateur
signin_pending.nonce|technique|valeur aléatoire
signin_pending.verifier|technique|valeur aléatoire (PKCE)
signin_pending.back|technique|page de retour
signin_pending.expires|technique|dix minutes
employee.matricule|identite|matricule RH ; pseudonyme aléatoire après effacement
employee.last_name|identite|
employee.first_name|identite|
employee.email|identite|adresse professionnelle
employee.birth_year|naissance|donne la génération ; arrondie au début de la génération à l'effacement
employee.department|pro|
employee.team|pro|
employee.site|pro|
employee.job_title|pro|
employee.grade|pro|
employee.manager_id|pro|le responsable hiérarchique (chaîne de management)
employee.hire_date|pro|
employee.language|pro|langue de travail
employee.active|pro|présent dans l'effectif ou parti
employee.import_id|technique|dernier import ayant modifié la ligne
employee.erased_at|technique|date de l'effacement
role.employee_id|lien|
role.role|habilitation|
role.granted_at|habilitation|
role.granted_by|acteur|
role_scope.employee_id|lien|
role_scope.role|habilitation|
role_scope.programme_id|lien|
role_scope.granted_at|habilitation|
role_scope.granted_by|acteur|
coach.id|lien|
coach.name|identite|
coach.email|identite|
coach.organisation|pro|
coach.created_at|technique|
programme.id|technique|
programme.name|programme|
programme.state|programme|
programme.purpose|programme|texte libre : un nom peut y être écrit, l'effacement ne le cherche pas
programme.format|programme|
programme.session_count|programme|
programme.session_minutes|programme|
programme.cadence_days|programme|
programme.start_date|programme|
programme.end_date|programme|
programme.group_seats|programme|
programme.direction|programme|
programme.commitments|programme|texte libre de la charte
programme.confidentiality|programme|texte libre de la charte
programme.data_notice|programme|texte libre de la charte : l'information des participants
programme.coach_id|lien|le coach externe du programme
programme.charter_version|programme|
programme.created_by|acteur|
programme.created_at|programme|
programme.w_topic|programme|poids du score d'appariement
programme.w_availability|programme|poids du score d'appariement
programme.w_site|programme|poids du score d'appariement
programme.w_department|programme|poids du score d'appariement
programme.w_inversion|programme|poids du score d'appariement
programme.gain_cap|programme|
programme.chain_depth|programme|
programme.proposal_agreement|programme|
programme.session_time|programme|
programme.risk_days|programme|
programme.unmatched_no_partner|programme|compte agrégé
programme.unmatched_capacity|programme|compte agrégé
programme.retention_days|programme|délai de conservation des personnes
programme.comments_days|programme|délai de conservation des textes privés
topic.id|nomenclature|
topic.code|nomenclature|
topic.label_fr|nomenclature|
topic.label_en|nomenclature|
topic.programme_id|nomenclature|
programme_topic.programme_id|programme|
programme_topic.topic_id|programme|
charter.programme_id|programme|
charter.version|programme|
charter.text|programme|texte libre : un nom peut y être écrit, l'effacement ne le cherche pas
charter.published_at|programme|
charter.published_by|acteur|
programme_event.id|technique|
programme_event.programme_id|programme|
programme_event.from_state|programme|
programme_event.to_state|programme|
programme_event.actor|acteur|
programme_event.at|programme|
programme_event.note|programme|texte libre : un nom peut y être écrit, l'effacement ne le cherche pas
enrolment.id|lien|
enrolment.programme_id|inscription|
enrolment.employee_id|lien|
enrolment.role|inscription|mentor ou mentoré
enrolment.charter_version|inscription|la charte acceptée
enrolment.optin|inscription|inscription par la personne, ou enregistrée d'après son opt-in signé
enrolment.optin_ref|inscription|texte libre : référence de l'opt-in signé ; « erased » après effacement
enrolment.recorded_by|acteur|
enrolment.languages|inscription|
enrolment.site|inscription|
enrolment.remote|inscription|
enrolment.availability|inscription|demi-journées disponibles
enrolment.capacity|inscription|
enrolment.enrolled_at|inscription|
enrolment.withdrawn_at|inscription|retrait, à tout moment
enrolment.matricule|identite|copie du matricule RH, pour l'ordre des pages ; pseudonyme aléatoire après effacement
enrolment_topic.enrolment_id|lien|
enrolment_topic.topic_id|inscription|
enrolment_topic.level|inscription|niveau auto-déclaré
enrolment_topic.interest|inscription|intérêt déclaré
pair.id|technique|
pair.programme_id|appariement|
pair.mentor_id|lien|
pair.mentee_id|lien|
pair.state|appariement|
pair.locked|appariement|
pair.score|appariement|
pair.terms|appariement|l'explication du score, terme à terme
pair.focus|appariement|
pair.mentor_answer|appariement|
pair.mentee_answer|appariement|
pair.decline_note|prive|motif d'un refus
pair.created_at|appariement|
pair.published_at|appariement|
pair.mentor_matricule|identite|copie du matricule RH du mentor, pour l'ordre des pages ; pseudonyme aléatoire après effacement
pair.mentee_matricule|identite|copie du matricule RH du mentoré, de même
pair_rejection.programme_id|appariement|
pair_rejection.mentor_id|lien|
pair_rejection.mentee_id|lien|
pair_rejection.rejected_by|acteur|
pair_rejection.rejected_at|appariement|
coach_note.programme_id|lien|
coach_note.coach_id|lien|
coach_note.mentor_id|lien|
coach_note.mentee_id|lien|
coach_note.note|prive|note privée du coach sur un tandem (issue 15) : lue par ce seul coach, effacée avec l'un des membres, le coach ou à la purge des commentaires
coach_note.followed_at|appariement|marque « suivi fait » du coach
coach_note.updated_at|technique|
session.id|technique|
session.programme_id|seance|
session.mentor_id|lien|
session.mentee_id|lien|
session.seq|seance|
session.uid|technique|UID iCalendar
session.start_at|seance|
session.minutes|seance|
session.state|seance|
session.cancelled_by|seance|mentor, mentoré ou responsable
session.cancel_reason|prive|motif d'une annulation
session.sequence|technique|SEQUENCE iCalendar
session.updated_at|seance|
pair_tally.pair_id|lien|
pair_tally.programme_id|lien|
pair_tally.held|seance|séances tenues
pair_tally.last_held|seance|début de la dernière séance tenue
pair_tally.bymentor|seance|séances annulées par le mentor
pair_tally.bymentee|seance|séances annulées par le mentoré
pair_tally.cancelled|seance|séances annulées
pair_tally.first_at|seance|début de la première séance
pair_tally.planned|seance|séances prévues
pair_tally.risk_at|seance|à partir de quand les séances mettent le binôme à risque
attendance.session_id|seance|
attendance.enrolment_id|lien|
attendance.present|seance|
feedback.session_id|retour|
feedback.enrolment_id|lien|
feedback.rating|retour|note de 1 à 5
feedback.comment|prive|commentaire sur une séance
feedback.at|retour|
closing.enrolment_id|lien|
closing.recommend|retour|
closing.changed|prive|ce qui a changé pour la personne
closing.at|retour|
closing_level.enrolment_id|lien|
closing_level.topic_id|retour|
closing_level.level|retour|niveau auto-évalué à la clôture
audit.id|journal|
audit.at|journal|
audit.actor|journal|clé de sujet de l'auteur (jamais son matricule) ; « system » pour l'exploitant
audit.action|journal|
audit.object|journal|une personne n'y figure que par sa clé de sujet
audit.detail|journal|identifiants seulement : clés de sujet, nombres, vocabulaire de Tandem ; jamais de texte libre ; jamais réécrit
audit.prev|technique|hachage de l'entrée précédente
audit.hash|technique|hachage BLAKE2b de l'entrée
audit_head.one|technique|
audit_head.id|technique|
audit_head.hash|technique|
generation.code|nomenclature|
generation.rank|nomenclature|
generation.label_fr|nomenclature|
generation.label_en|nomenclature|
generation.first_year|nomenclature|
generation.last_year|nomenclature|
import.id|technique|
import.file|technique|nom du fichier importé
import.encoding|technique|
import.at|technique|
import.rows|technique|
import.added|technique|
import.updated|technique|
import.unchanged|technique|
import.left_count|technique|
closure.day|programme|
closure.label|programme|
closure.created_at|technique|
topic_competence.topic_id|nomenclature|
topic_competence.framework|nomenclature|
topic_competence.code|nomenclature|
topic_competence.label_fr|nomenclature|
topic_competence.label_en|nomenclature|
published_cell.programme_id|lien|
published_cell.cell|technique|
published_cell.value|technique|
published_cell.at|technique|
attestation.id|technique|
attestation.code|technique|
attestation.enrolment_id|lien|
attestation.content|retour|texte de l'attestation : nom du mentor, programme, séances et heures tenues, thèmes transmis, nombre de remerciements
attestation.digest|journal|
attestation.audit_id|journal|
attestation.issued_at|technique|
attestation.issued_by|acteur|
attestation.digest_key|technique|clé aléatoire de l'empreinte, gardée hors du journal : effacée avec l'attestation
kudos.mentee_id|lien|
kudos.mentor_id|lien|
kudos.message|prive|message de remerciement, lu par le seul mentor
kudos.at|technique|
attestation.withdrawn_at|technique|date où un accord retiré a retiré l'attestation qui nommait le mentoré
attestation_consent.mentor_id|lien|
attestation_consent.mentee_id|lien|
attestation_consent.side|retour|qui a donné son accord (le mentor ou le mentoré)
attestation_consent.at|technique|
attestation_named.attestation_id|lien|
attestation_named.mentee_id|lien|
mail_batch.id|technique|
mail_batch.programme_id|lien|
mail_batch.first_id|technique|
mail_batch.last_id|technique|
mail_batch.done_id|technique|
mail_batch.at|technique|
programme.place|programme|lieu des séances
programme.link|programme|lien de visioconférence
programme.discreet|programme|invitations discrètes
pair.place|seance|lieu propre au binôme
pair.link|seance|lien propre au binôme
pair.discreet|seance|invitations discrètes à la demande du binôme
session_proposal.id|technique|
session_proposal.session_id|seance|
session_proposal.proposed_by|lien|
session_proposal.start_at|seance|
session_proposal.state|seance|
session_proposal.created_at|seance|
plan_shortfall.programme_id|lien|
plan_shortfall.mentor_id|lien|
plan_shortfall.mentee_id|lien|
plan_shortfall.placed|seance|
plan_shortfall.wanted|seance|
plan_shortfall.why|seance|
plan_shortfall.halfdays|seance|
plan_shortfall.planned_at|seance|
closing_mentor.enrolment_id|lien|
closing_mentor.teach|retour|aisance pour enseigner à un aîné, 1 à 5
closing_mentor.upward|retour|aisance pour un retour à un supérieur, 1 à 5
closing_taught.enrolment_id|lien|
closing_taught.topic_id|retour|thème transmis
followup.enrolment_id|lien|
followup.teach|retour|aisance à 90 jours
followup.upward|retour|aisance à 90 jours
followup.at|retour|
followup_level.enrolment_id|lien|
followup_level.topic_id|retour|
followup_level.level|retour|niveau auto-évalué à 90 jours
practice.id|nomenclature|
practice.topic_id|nomenclature|
practice.code|nomenclature|
practice.label_fr|nomenclature|
practice.label_en|nomenclature|
practice_done.enrolment_id|lien|
practice_done.practice_id|retour|pratique adoptée
practice_done.stage|retour|à la clôture ou à 90 jours
EOF

# --- The schema, from a database this version of tandem creates --------

if ! "$TANDEM" -d "$tmp/schema.db" init >/dev/null 2>"$tmp/err"; then
	echo "register.sh: $TANDEM init failed:" >&2
	cat "$tmp/err" >&2
	exit 1
fi
version=$("$TANDEM" -V 2>/dev/null | sed 's/ *(schema [0-9]*)$//')
[ -n "$version" ] || version="tandem (version inconnue)"
schema=$(sqlite3 "$tmp/schema.db" 'PRAGMA user_version')
sqlite3 -separator '|' "$tmp/schema.db" "SELECT m.name, p.name, p.type,
    coalesce(p.dflt_value, '') FROM sqlite_master m,
    pragma_table_info(m.name) p WHERE m.type = 'table' AND
    m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid" > "$tmp/schema"
# The retention defaults, from the schema itself.
dflt() {
	awk -F'|' -v t="$1" -v c="$2" '$1 == t && $2 == c { print $4 }' \
	    "$tmp/schema"
}
def_ret=$(dflt programme retention_days)
def_com=$(dflt programme comments_days)

# --- Optional: the given database --------------------------------------

# Read only, but through a normal connection with PRAGMA query_only: a
# connection opened with -readonly cannot remove the -wal and -shm files
# of a WAL database when it closes, and files left there by another user
# would lock the tandem service out.  Run this script as the service's
# user (docs/deploy.md).
q() {
	sqlite3 -batch -separator '	' "$DB" "PRAGMA query_only = ON; $1"
}
if [ -n "$DB" ]; then
	dbschema=$(q 'PRAGMA user_version') || {
		echo "register.sh: $DB: not a database sqlite3 can read" >&2
		exit 1
	}
fi

# --- The register -------------------------------------------------------

today=$(date +%d/%m/%Y)
cat <<EOF
# Registre des activités de traitement : Tandem

*Article 30 du RGPD.  Généré le $today par \`contrib/register.sh\`
à partir du schéma $schema, tel que le crée $version$(
[ -n "$DB" ] && printf ',\net des réglages de la base `%s`' "$DB").
Ne pas corriger à la main : corriger la table de classement du script, ou
le code, puis régénérer.*

| | |
|---|---|
| Responsable du traitement | *à compléter : l'entreprise, son adresse, son représentant* |
| Délégué à la protection des données | *à compléter* |
| Service chargé de la mise en œuvre | *à compléter : RH / formation* |
| Logiciel | Tandem, auto-hébergé, une base SQLite sur le serveur de l'entreprise |

## 1. Finalités

Conduire le programme de mentorat inversé de l'entreprise, où des salariés
plus jeunes accompagnent leurs aînés dans les usages numériques :

1. **constituer l'effectif** éligible, à partir de l'export RH (année de
   naissance pour la génération, chaîne hiérarchique pour ne pas apparier
   un salarié avec son propre responsable) ;
2. **concevoir et faire approuver** chaque programme, et en publier la
   charte ;
3. **recueillir les inscriptions volontaires** des mentors et des mentorés,
   et leurs préférences (thèmes, niveaux, disponibilités, site, langues) ;
4. **apparier** mentors et mentorés, chaque score étant expliqué, et
   recueillir l'acceptation ou le refus de chaque membre ;
5. **organiser les séances** (planification, invitations de calendrier,
   déplacements, annulations, présence) ;
6. **suivre** les binômes : binômes en difficulté, retours sur les séances,
   questionnaire de clôture ;
7. **rendre compte** du programme par des **résultats agrégés** : aucune
   case d'un rapport ne décrit moins de cinq personnes ;
8. **tracer** les actes sensibles dans un journal d'audit, et **répondre
   aux demandes** d'accès et d'effacement.

Aucune décision sur la carrière, l'évaluation ou la rémunération n'est
prise à partir de ces données ; elles ne servent à aucune autre fin.

## 2. Base légale

**L'intérêt légitime de l'entreprise** (art. 6.1.f) : développer les
compétences numériques et le lien entre générations.  Cet intérêt est
documenté par l'entreprise, avec la mise en balance des droits des
personnes (*document à référencer : à compléter*).

La participation est **volontaire** : chaque participant s'inscrit
lui-même, ou un responsable de programme enregistre son opt-in signé, avec
sa référence (colonnes \`enrolment.optin\` et \`enrolment.optin_ref\`).  Ce
volontariat, la charte publiée et le retrait possible à tout moment sont des
garanties de la mise en balance ; ils ne sont pas la base légale du
traitement.  L'import de l'effectif, qui concerne aussi les salariés qui ne
participent pas, repose sur le même intérêt légitime et se limite aux
colonnes de la section 4.

## 3. Personnes concernées

EOF

awk -F'|' '{ print "* **" $3 "** : `" $1 "`" }' "$tmp/tables" |
    grep -v '^\* \*\*—\*\*' |
    awk -F' : ' '
	{ who = $1; t = $2
	  if (!(who in seen)) { seen[who] = 1; order[++n] = who; list[who] = t }
	  else list[who] = list[who] ", " t }
	END { for (i = 1; i <= n; i++) print order[i] " : " list[order[i]] }'

cat <<'EOF'

L'import de l'effectif porte sur **tous** les salariés de l'export RH, pas
seulement les volontaires.  Aucune donnée sensible au sens de l'article 9
n'est demandée ; les textes libres (section 4, catégorie « texte libre
privé ») pourraient en recevoir malgré tout : ils sont privés et purgés en
premier (section 6).

## 4. Catégories de données

Classement de chaque colonne de la base, tiré du schéma réel.

EOF

# The join: every column of the schema with its class, and the class
# entries the schema does not have.
awk -F'|' -v cats="$tmp/categories" -v tabs="$tmp/tables" \
    -v cols="$tmp/columns" -v unk="$tmp/unclassified" -v gone="$tmp/gone" '
BEGIN {
	while ((getline l < cats) > 0) {
		split(l, f, "|"); label[f[1]] = f[2]; corder[++nc] = f[1]
	}
	while ((getline l < tabs) > 0) {
		split(l, f, "|"); tdesc[f[1]] = f[2]
	}
	while ((getline l < cols) > 0) {
		split(l, f, "|"); cat[f[1]] = f[2]; note[f[1]] = f[3]
	}
}
{
	key = $1 "." $2
	if (!($1 in tseen)) { tseen[$1] = 1; torder[++nt] = $1 }
	tcols[$1] = tcols[$1] SUBSEP $2 SUBSEP $3
	have[key] = 1
	if (key in cat && cat[key] in label)
		incat[cat[key]] = incat[cat[key]] (incat[cat[key]] == "" ? "" : ", ") "`" key "`"
	else
		print key > unk
}
END {
	print "### Par catégorie\n"
	print "| catégorie | colonnes |"
	print "|---|---|"
	for (i = 1; i <= nc; i++)
		if (incat[corder[i]] != "")
			print "| " label[corder[i]] " | " incat[corder[i]] " |"
	print "\n### Par table\n"
	for (i = 1; i <= nt; i++) {
		t = torder[i]
		print "#### `" t "`\n"
		print (t in tdesc ? tdesc[t] : "**Table non décrite** dans la table de classement de `contrib/register.sh`.") "\n"
		print "| colonne | type | catégorie | remarque |"
		print "|---|---|---|---|"
		n = split(substr(tcols[t], 2), f, SUBSEP)
		for (j = 1; j + 1 <= n; j += 2) {
			key = t "." f[j]
			c = (key in cat && cat[key] in label) ? label[cat[key]] : "**NON CLASSÉE**"
			if (cat[key] == "prive") c = "**" c "**"
			print "| `" f[j] "` | " f[j + 1] " | " c " | " note[key] " |"
		}
		print ""
	}
	for (key in cat)
		if (!(key in have))
			print key > gone
}' "$tmp/schema"

cat <<EOF
## 5. Destinataires

Tous internes à l'entreprise ; chaque accès est contrôlé par rôle dans la
bibliothèque de Tandem (\`src/lib/role.c\`), jamais dans une interface.

| destinataire | ce qu'il voit |
|---|---|
| Responsable de programme (RH, formation) | l'effectif, les inscriptions, l'appariement, les séances et les binômes en difficulté de ses programmes ; le rapport de résultats ; jamais les textes privés |
| Sponsor (membre de la direction) | la charte à approuver, puis les **seuls résultats agrégés** (aucune case de moins de cinq personnes) |
| Coach externe | le suivi des binômes et des groupes qui lui sont confiés, **sans les notes privées** |
| Participant | ses propres données et son propre binôme : le nom et le matricule de son partenaire, leurs séances ; jamais le texte privé de l'autre |
| Administrateur | les rôles ; l'export et l'effacement des données d'une personne à sa demande |
| Chaque personne | l'export complet de ses propres données (\`tandem export person\`) |

Les textes privés (catégorie « texte libre privé ») ne figurent dans
aucune liste ni aucun rapport : seul leur auteur les retrouve, dans
l'export de ses propres données.  Aucun sous-traitant ni destinataire
extérieur à l'entreprise n'est prévu par Tandem ; l'hébergeur du serveur,
s'il y en a un, est à indiquer ici (*à compléter*).

**Transferts hors de l'Union européenne** : aucun par Tandem, qui est
auto-hébergé et n'appelle aucun service extérieur ; dépend de
l'hébergement (*à compléter*).

## 6. Durées de conservation

Délais par défaut, lus dans le schéma (\`programme.retention_days\` et
\`programme.comments_days\`), comptés depuis la **clôture** du programme ;
chaque programme peut avoir les siens.  La purge (\`tandem purge\`) tourne
chaque nuit (\`contrib/systemd/tandem-purge.timer\`).

| données | durée |
|---|---|
| Textes privés (commentaires de séance, réponse de clôture, motifs d'annulation et de refus) | **$def_com jours** après la clôture, puis vidés |
| Personnes inscrites à un programme | **$def_ret jours** après la clôture, puis effacées (coquille pseudonyme, année de naissance arrondie à sa génération) ; une personne inscrite à un programme plus récent est gardée jusqu'à l'expiration de celui-ci |
| Sur demande de la personne | effacement immédiat (\`tandem erase person\`) |
| Journal d'audit | la vie de la base ; les personnes effacées y sont pseudonymisées |
| Sauvegardes | les **$KEEP** dernières sauvegardes quotidiennes (\`contrib/tandem-daily\`) : un effacement y atteint au plus tard $KEEP jours après, quand la dernière copie antérieure est supprimée |
| Salariés jamais inscrits | tant qu'ils sont dans l'export RH ; un partant est marqué inactif par l'import, jamais supprimé : **la purge ne les efface pas**, les effacer à la main (\`tandem erase person\`) |
| Personnel chargé des programmes (rôles) | la durée de leur fonction : effacer à leur départ |
| Comptes web | effacés avec la personne ; un partant ne peut plus se connecter |
| Sessions web | 30 minutes sans requête, 12 heures au plus, supprimées à la connexion suivante |
| Invitations | 7 jours, ou jusqu'à leur usage |
| Coachs externes | **aucune commande ne les efface aujourd'hui** (ni la purge ni \`erase\`) : à supprimer en SQL à la fin de leur mission, en attendant une évolution |

EOF

if [ -n "$DB" ]; then
	echo "### Programmes de la base \`$DB\`"
	echo
	if [ "$dbschema" -lt 5 ]; then
		echo "Base au schéma $dbschema, antérieure aux délais de conservation (schéma 5) : lancer \`tandem init\` pour la mettre à jour."
	else
		[ "$dbschema" = "$schema" ] || echo "*Attention : la base est au schéma $dbschema, ce registre décrit le schéma $schema.*
"
		rows=$(q "SELECT p.name, p.state, p.retention_days, p.comments_days,
		    coalesce(strftime('%d/%m/%Y', c.at), ''),
		    coalesce(strftime('%d/%m/%Y', c.at, '+' || p.comments_days ||
			' days'), ''),
		    coalesce(strftime('%d/%m/%Y', c.at, '+' || p.retention_days ||
			' days'), '')
		    FROM programme p LEFT JOIN (SELECT programme_id, max(at) AS at
		    FROM programme_event WHERE to_state = 'closed'
		    GROUP BY programme_id) c ON c.programme_id = p.id
		    ORDER BY p.id")
		if [ -z "$rows" ]; then
			echo "Aucun programme."
		else
			echo "| programme | état | textes privés | personnes | clôturé le | textes vidés après le | personnes effacées après le |"
			echo "|---|---|---|---|---|---|---|"
			printf '%s\n' "$rows" | awk -F'\t' '{
				gsub(/\|/, "\\|", $1)
				if ($5 == "") { $5 = "—"; $6 = "à la clôture + " $4 " j"; $7 = "à la clôture + " $3 " j" }
				print "| " $1 " | " $2 " | " $4 " j | " $3 " j | " $5 " | " $6 " | " $7 " |"
			}'
		fi
		echo
		q "SELECT
		    (SELECT count(*) FROM employee WHERE active = 1),
		    (SELECT count(*) FROM employee WHERE active = 0 AND erased_at IS NULL),
		    (SELECT count(*) FROM employee WHERE erased_at IS NOT NULL),
		    (SELECT count(*) FROM employee e WHERE active = 0 AND erased_at IS NULL
		        AND NOT EXISTS (SELECT 1 FROM enrolment n WHERE n.employee_id = e.id)),
		    (SELECT count(DISTINCT employee_id) FROM enrolment),
		    (SELECT count(*) FROM coach),
		    (SELECT count(*) FROM audit)" |
		awk -F'\t' '{
			print "Volumes : " $1 " salariés actifs, " $2 " partants non effacés (dont **" $4 " jamais inscrits**, que la purge ne touchera pas), " $3 " personnes effacées ; " $5 " personnes inscrites à au moins un programme ; " $6 " coachs externes ; " $7 " entrées au journal d'"'"'audit."
		}'
		echo
	fi
fi

cat <<'EOF'
## 7. Mesures de sécurité

* **Minimisation** : l'année de naissance seule, jamais la date ; les
  colonnes de l'export RH que Tandem ne connaît pas sont ignorées ; les
  rapports n'ont aucune case de moins de cinq personnes.
* **Textes privés** : vus de leur seul auteur, absents des listes et des
  rapports, purgés les premiers.
* **Journal d'audit** en ajout seul, chaîné par hachage BLAKE2b, protégé
  par des déclencheurs ; `tandem audit verify` et `tandem check` le
  vérifient, et sa tête est à conserver hors de la base.
* **Effacement sans trace** : la base tourne avec `PRAGMA secure_delete`,
  qui remet à zéro le contenu supprimé ; après un effacement ou une purge,
  le fichier est reconstruit (`VACUUM`) et son journal d'écriture vidé.
* **Contrôle d'accès par rôle** dans la bibliothèque.  Aujourd'hui,
  seule la ligne de commande existe et `--as` est une déclaration, non une
  authentification : quiconque peut écrire le fichier de la base peut agir
  au nom de tous.  L'accès au serveur est donc réservé aux administrateurs.
  Avec le serveur web viendront les comptes, leurs mots de passe hachés
  par **argon2id**, et les cookies de session `Secure`.
* **Hébergement** (`docs/deploy.md`) : service systemd sous un utilisateur
  dynamique sans privilège, bac à sable (système en lecture seule, aucune
  capacité, appels système filtrés, réseau limité à la boucle locale) ;
  base et sauvegardes lisibles de ce seul utilisateur (umask 077) ; accès
  par nginx en TLS 1.2 ou 1.3 seulement, avec HSTS.
* **Sauvegardes** : quotidiennes, cohérentes (API de sauvegarde en ligne de
  SQLite), vérifiées (`tandem check`) ; une copie hors du serveur doit être
  chiffrée (*à compléter : où, par qui*).
* **Intégrité** : `tandem check` chaque nuit (intégrité SQLite, clés
  étrangères, chaîne d'audit).

## 8. Hors de la base

* Les **journaux de nginx** (adresses IP, adresses des pages) : conservés
  selon logrotate, 14 jours dans la configuration Debian.
* Le **journal système** (journald) : messages du service et de la purge,
  sans donnée personnelle attendue ; durée selon la configuration de
  journald.
* L'**export RH** importé : il reste là où l'import l'a lu ; le supprimer
  après l'import.  Une personne effacée qui y figure encore revient au
  prochain import, comme une nouvelle personne sans historique.

EOF

echo "## 9. Contrôle du classement"
echo
status=0
if [ -s "$tmp/unclassified" ]; then
	status=1
	echo "**Colonnes non classées** : à ajouter à la table de classement de \`contrib/register.sh\` avant de diffuser ce registre."
	echo
	sed 's/.*/* `&`/' "$tmp/unclassified"
	sed 's/^/register.sh: column not classified: /' "$tmp/unclassified" >&2
else
	echo "Chaque colonne du schéma $schema est classée : $(wc -l < "$tmp/schema" | tr -d ' ') colonnes dans $(cut -d'|' -f1 "$tmp/schema" | sort -u | wc -l | tr -d ' ') tables."
fi
if [ -s "$tmp/gone" ]; then
	status=1
	echo
	echo "**Entrées du classement sans colonne dans le schéma** (à retirer) :"
	echo
	sort "$tmp/gone" | sed 's/.*/* `&`/'
	sort "$tmp/gone" | sed 's/^/register.sh: classified column not in the schema: /' >&2
fi
exit "$status"
