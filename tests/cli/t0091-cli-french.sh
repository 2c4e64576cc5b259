# The tool's own words in the locale's language (issue 15): under
# LC_ALL=fr_FR.UTF-8 the main commands (init, import, programme, enrol,
# match, pair, session, feedback, watch, report, mail, audit, export,
# the help and the usage lines) say nothing in English: no sentence of
# the catalogue's English (its "cli" entries and the library's
# messages) shows, and dates read dd/mm/yyyy.  What a program reads
# (JSON, exit statuses) does not change with the language.  The
# language comes from the environment, so the fr_FR locale need not be
# installed.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"

unset LC_ALL LC_MESSAGES LANG LANGUAGE

# The English sentences to look for: the pieces of the msgids (split at
# the conversions, line breaks, tabs and punctuation) of two words and
# twelve characters or more, a plural's "%s" read as "s" ("%zu
# session%s planned": "sessions planned").
python3 - "$top/po/fr.po" >english.txt <<'PY'
import re, sys
entries, cur, field = [], {}, None
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    m = re.match(r'^(msgctxt|msgid|msgstr) "(.*)"$', line)
    if m:
        if m.group(1) == "msgctxt" or (m.group(1) == "msgid" and
                                       "id" in cur):
            if "id" in cur:
                entries.append(cur)
            cur = {}
        field = {"msgctxt": "ctx", "msgid": "id", "msgstr": "str"}[m.group(1)]
        cur[field] = m.group(2)
    elif line.startswith('"') and field:
        cur[field] += line[1:-1]
entries.append(cur)
out = set()
for e in entries:
    if e.get("ctx") not in (None, "cli") or not e.get("id"):
        continue
    s = re.sub(r'([a-z])%s', r'\1s', e["id"].replace('\\"', '"'))
    for piece in re.split(r'%[-+ #0-9.*$]*(?:hh|h|ll|l|z|j|t|<PRI[a-zA-Z0-9]+>)?'
                          r'[diouxXcsfp%]|\\n|\\t|[:;()"«»]', s):
        piece = piece.strip(" ,.")
        if len(piece) >= 12 and len(piece.split()) >= 2:
            out.add(piece)
for piece in sorted(out):
    print(piece)
PY
n_en=$(wc -l <english.txt)
if [ "$n_en" -gt 300 ]; then
	ok "the catalogue gives English sentences to look for ($n_en)"
else
	not_ok "the catalogue gives English sentences to look for ($n_en)"
fi

fr() {
	LC_ALL=fr_FR.UTF-8 "$TANDEM" "$@"
}
en() {
	LC_ALL=C.UTF-8 "$TANDEM" "$@"
}

# french NAME STATUS COMMAND...: the command, in French, exits with
# STATUS and neither its output nor its errors hold an English sentence.
french() {
	fname=$1 fstatus=$2
	shift 2
	expect "$fname" "$fstatus" fr "$@"
	if cat "$out" "$err" | grep -oF -f english.txt >leaks.txt; then
		not_ok "$fname: no English sentence" \
		    "English: $(head -3 leaks.txt | tr '\n' '|')"
	else
		ok "$fname: no English sentence"
	fi
}

french "init" 0 init
contains "init: French" "$out" "schéma en version"
printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Langue;Matricule manager\n'\
'E1;L\303\251v\303\252que;Fran\303\247oise;francoise.leveque@exemple.fr;12/03/1958;Direction G\303\251n\303\251rale;Lyon;fr;\n'\
'E2;Gu\303\251rin;Herv\303\251;herve.guerin@exemple.fr;01/01/1968;Direction des Ressources Humaines;Lyon;fr;E1\n'\
'E3;N'"'"'Diaye;Zo\303\251;zoe.ndiaye@exemple.fr;05/11/2001;Direction des Syst\303\250mes d'"'"'Information;Lyon;fr,en;E2\n'\
'E4;Fabre;No\303\251;noe.fabre@exemple.fr;30/09/2000;Direction Commerciale;Lyon;fr;E2\n'\
'E5;Dupr\303\251;J\303\251r\303\264me;jerome.dupre@exemple.fr;14/02/1962;Direction Juridique;Lyon;fr;E1\n'\
'E6;C\305\223ur;No\303\253l;noel.coeur@exemple.fr;25/12/1955;Direction Financi\303\250re;Lyon;fr;E1\n' >roster.csv
french "import, dry run" 0 import roster --dry-run roster.csv
contains "import, dry run: French" "$out" "essai à blanc, rien d'écrit"
french "import" 0 import roster roster.csv
contains "import: French" "$out" "ajoutés 6, mis à jour 0"
contains "import: the separator in French" "$out" "séparateur ';'"
{ head -1 roster.csv; printf 'E9;"Dupont\n'; } >bad.csv
french "a bad roster" 1 import roster bad.csv
contains "a bad roster: nothing imported, in French" "$err" \
    "bad.csv : 1 problème ; rien n'a été importé"
french "employees" 0 employees
has_line "employees: the header in French" "$out" \
    "$(printf 'matricule\tnom\tnaissance\tg\303\251n\303\251ration\tdirection\tsite\tgrade\tmanager\tstatut')"
french "employee show" 0 employee show E3
contains "employee show: French" "$out" "année de naissance : 2001"
french "role grant" 0 role grant E1 sponsor
french "role grant, manager" 0 role grant E2 manager
contains "role grant: French" "$out" "E2 a désormais le rôle responsable de programme"

P="Cap"
french "programme create" 0 --as E2 programme create \
    --purpose "Les outils numériques" --topics web-search \
    --start 2027-01-11 --end 2027-06-30 --sessions 3 --cadence 7 \
    --data-notice "Jusqu'à la fin du programme." "$P"
contains "programme create: French" "$out" \
    "programme « Cap » créé comme brouillon"
french "programme submit" 0 --as E2 programme submit "$P"
contains "programme submit: French" "$out" \
    "programme « Cap » : action « soumettre » faite"
french "programme approve" 0 --as E1 programme approve "$P"
french "programme open" 0 --as E2 programme open "$P"
french "programme show" 0 programme show "$P"
contains "programme show: dates as dd/mm/yyyy" "$out" \
    "période : du 11/01/2027 au 30/06/2027"
contains "programme show: the state in French" "$out" "état : ouvert"
french "programme list" 0 programme list
french "programme history" 0 programme history "$P"
contains "programme history: dates and states in French" "$out" \
    "$(printf '27/11/2026 01:00\tapprouv\303\251 -> ouvert')"
french "enrol a mentor" 0 --as E3 enrol "$P" E3 --mentor \
    --topics web-search=4
contains "enrol: French" "$out" "E3 inscrit à « Cap » comme mentor"
french "enrol a mentor" 0 --as E4 enrol "$P" E4 --mentor \
    --topics web-search=3
french "enrol a mentee" 0 --as E5 enrol "$P" E5 --mentee \
    --topics web-search=0:3
french "enrol a mentee" 0 --as E6 enrol "$P" E6 --mentee \
    --topics web-search=1:2
french "enrolments" 0 enrolments "$P"
contains "enrolments: the role in French" "$out" "mentoré"
french "match, dry run" 0 --as E2 match --dry-run "$P"
contains "match, dry run: French" "$out" "essai à blanc : rien d'enregistré"
french "match" 0 --as E2 match --explain "$P"
contains "match: French" "$out" "2 mentorés sur 2 appariés avec 2 mentors"
contains "match: the proposal in French" "$out" \
    "2 nouveau(x) binômes enregistrés comme proposition"
french "pair list" 0 pair list "$P"
contains "pair list: the state in French" "$out" "proposé"
french "pair publish" 0 --as E2 pair publish "$P"
contains "pair publish: French" "$out" "2 binômes publiés"
for pr in "E3 E5" "E3 E6" "E4 E5" "E4 E6"; do
	# shellcheck disable=SC2086
	set -- $pr
	fr --as "$1" pair accept "$P" "$1" "$2" >/dev/null 2>&1
	fr --as "$2" pair accept "$P" "$1" "$2" >/dev/null 2>&1
done
french "pair waiting" 0 pair waiting "$P"
french "programme start" 0 --as E2 programme start "$P"
french "session plan" 0 --as E2 session plan "$P"
contains "session plan: French" "$out" "6 séances planifiées"
french "session list" 0 session list "$P"
contains "session list: dates as dd/mm/yyyy" "$out" "/01/2027 "
lacks "session list: no yyyy-mm-dd" "$out" "2027-"
french "session move" 0 --as E2 session move --at "2027-02-15 10:30" 1
contains "session move: French, the date as dd/mm/yyyy" "$out" \
    "séance 1 : déplacée"
french "session cancel" 0 --as E2 session cancel --by mentor 2
# Session 1 (E3 and E6) is held once its day is past.
TANDEM_NOW=2027-03-01
export TANDEM_NOW
french "session held" 0 --as E2 session held 1
contains "session held: French" "$out" "séance 1 : tenue"
french "feedback" 0 --as E6 feedback --rating 4 1
contains "feedback: French" "$out" "merci : séance 1 notée 4/5"
french "watch" 0 watch "$P"
french "report" 0 --as E1 report "$P"
french "mail list" 0 mail list
french "mail send" 0 mail send
contains "mail send: French" "$out" "envoyé(s)"
french "mail show" 0 mail show 1
contains "mail show: French" "$out" "tentatives :"
# The log's details stay as they were recorded (a chained record);
# its times read in the reader's form.
expect "audit list" 0 fr audit list
contains "audit list: the time as dd/mm/yyyy" "$out" \
    "$(printf '27/11/2026 01:00\tE2\tprogramme.open')"
contains "audit list: a detail as recorded" "$out" \
    "$(printf 'role.grant\temployee:E2\tmanager')"
french "audit verify" 0 audit verify
contains "audit verify: French" "$out" "journal d'audit intact"
french "check" 0 check
french "help" 0 --help
contains "help: French" "$out" "commandes :"
contains "help: a summary in French" "$out" "planifier et suivre les séances"
french "a usage line" 2 programme
contains "a usage line: French" "$err" "utilisation : tandem programme"
french "an unknown command" 2 nonsense
contains "an unknown command: French" "$err" \
    "tandem: commande « nonsense » inconnue"
french "a session that is no number" 2 session held x
contains "a session that is no number: French" "$err" \
    "tandem: « x » n'est pas un numéro de séance"
french "a library message" 1 programme show Nope
contains "a library message: French" "$err" "aucun programme « Nope »"

# What a program reads does not follow the language.  An export is
# recorded, so each language exports from its own copy.
frdb=$(testdb_copy "$db_main" fr.db) || exit 2
endb=$(testdb_copy "$db_main" en.db) || exit 2
expect "export, in French" 0 fr -d "$frdb" export person E3
cp "$out" export-fr.json
expect "export, in English" 0 en -d "$endb" export person E3
same "export: the same JSON in both languages" export-fr.json "$out"
expect "employees --json, in French" 0 fr employees --json
cp "$out" employees-fr.json
expect "employees --json, in English" 0 en employees --json
same "employees --json: the same in both languages" employees-fr.json "$out"
expect "report csv, in French" 0 fr --as E1 report --format csv "$P"
cp "$out" report-fr.csv
expect "report csv, in English" 0 en --as E1 report --format csv "$P"
same "report csv: the same in both languages" report-fr.csv "$out"
expect "a refusal in English: the same status" 1 en programme show Nope

# English stays English: the same commands say none of the French.
expect "help, in English" 0 en --help
contains "help: English" "$out" "plan and follow the sessions"
lacks "help: no French" "$out" "commandes"
expect "programme show, in English" 0 en programme show "$P"
contains "programme show: dates as yyyy-mm-dd in English" "$out" \
    "period: 2027-01-11 to 2027-06-30"

done_testing
