# Several servers on one PostgreSQL database (issue 18, helper
# "pgmulti"): two `tandem serve` behind Debian's nginx as a load
# balancer, a manager signed in once and her session valid whichever
# server answers; four writers enrolling people through nginx while one
# server is SIGKILLed 20 times and restarted; afterwards every
# acknowledged enrolment present, `tandem check` clean, one audit chain
# that verifies.  The same person enrolled through both servers at once
# is enrolled once, the other answer the same refusal as a second
# enrolment.  The outbox's delivery waits for another holder of its
# lock, and a holder that dies lets it go.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
. "$here/pg.sh"

nginx=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$nginx" ]; then
	echo "1..0 # SKIP nginx is absent (scripts/deps.sh check installs it)"
	exit 0
fi
pg_start
pg_db multi
db=$PGDB
LB=8476
A=8477
B=8478

# E2 manages the programme; E5 approves it; E1000.. volunteer.
{
	printf 'Matricule;Nom;Pr\303\251nom;Email;Date de naissance;Direction;Site;Langue;Matricule manager\n'
	printf 'E1;L\303\251v\303\252que;Fran\303\247oise;francoise.leveque@exemple.fr;12/03/1958;Direction G\303\251n\303\251rale;Lyon;fr;\n'
	printf 'E2;Gu\303\251rin;Herv\303\251;herve.guerin@exemple.fr;01/01/1968;Direction des Ressources Humaines;Lyon;fr;E1\n'
	printf 'E5;Dupr\303\251;J\303\251r\303\264me;jerome.dupre@exemple.fr;14/02/1962;Direction Juridique;Lyon;fr;E1\n'
	awk 'BEGIN { for (i = 1000; i < 1150; i++) printf "E%d;Nom%d;Prenom;p%d@exemple.fr;05/11/2001;Direction Commerciale;Lyon;fr;E2\n", i, i, i }'
} >roster.csv
P="Cap numérique"
expect "init" 0 tandem -d "$db" init
expect "the roster" 0 tandem -d "$db" import roster roster.csv
expect "roles" 0 sh -c "\"$TANDEM\" -d '$db' role grant E1 sponsor &&
    \"$TANDEM\" -d '$db' role grant E5 sponsor &&
    \"$TANDEM\" -d '$db' role grant E2 manager"
expect "a programme" 0 tandem -d "$db" --as E2 programme create \
    --purpose "Les outils numériques" --topics web-search,generative-ai \
    --start 2027-01-11 --end 2027-06-30 \
    --data-notice "Jusqu'à la fin du programme." "$P"
expect "opened" 0 sh -c "\"$TANDEM\" -d '$db' --as E2 programme submit '$P' &&
    \"$TANDEM\" -d '$db' --as E5 programme approve '$P' &&
    \"$TANDEM\" -d '$db' --as E2 programme open '$P'"
expect "the invitation" 0 tandem -d "$db" user invite E2
token=$(sed 's|.*/||' "$out")

# --- The outbox's lock ---------------------------------------------------
# Another holder of the courier's lock (LOCK_WORK in store_pg.c; a psql
# session standing for a server delivering): the delivery waits, and
# goes on once the holder's connection is gone.
mkdir mail
pg_as "$pg_bin/psql" -h "$pgdir" -U postgres -d multi -qAt -c \
    "SELECT pg_advisory_lock(92639462704464)" -c "SELECT pg_sleep(60)" \
    >/dev/null 2>&1 &
holder=$!
i=0
until [ "$(pg_as "$pg_bin/psql" -h "$pgdir" -U postgres -d multi -qAt -c \
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")" = 1 ] ||
    [ $i -gt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
TANDEM_MAILDIR=$scratch/mail "$TANDEM" -d "$db" mail send >send.out 2>&1 &
sender=$!
i=0
until [ "$(pg_as "$pg_bin/psql" -h "$pgdir" -U postgres -d multi -qAt -c \
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")" = 1 ] ||
    [ $i -gt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
if [ $i -le 100 ] && kill -0 $sender 2>/dev/null; then
	ok "the delivery waits while another process delivers"
else
	not_ok "the delivery waits while another process delivers" \
	    "no waiting lock seen, or the delivery ended: $(cat send.out)"
fi
# The holder dies as a SIGKILLed server would: its lock goes with it.
pg_as "$pg_bin/psql" -h "$pgdir" -U postgres -d multi -qAt -c \
    "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted" \
    >/dev/null
wait $holder 2>/dev/null
if wait $sender; then
	ok "the holder gone, the delivery goes on"
else
	not_ok "the holder gone, the delivery goes on" "$(cat send.out)"
fi

# --- Two servers behind nginx -------------------------------------------
mkdir nginx
cat >nginx/nginx.conf <<EOF
daemon off;
master_process off;
pid $scratch/nginx/nginx.pid;
error_log $scratch/nginx/error.log;
events { worker_connections 512; }
http {
	access_log off;
	client_body_temp_path $scratch/nginx/body;
	proxy_temp_path $scratch/nginx/proxy;
	fastcgi_temp_path $scratch/nginx/fastcgi;
	uwsgi_temp_path $scratch/nginx/uwsgi;
	scgi_temp_path $scratch/nginx/scgi;
	upstream tandem {
		server 127.0.0.1:$A max_fails=0;
		server 127.0.0.1:$B max_fails=0;
	}
	server {
		listen 127.0.0.1:$LB;
		location / {
			proxy_pass http://tandem;
			proxy_set_header X-Real-IP \$remote_addr;
			proxy_next_upstream error timeout;
			proxy_connect_timeout 2s;
		}
	}
}
EOF
"$nginx" -p "$scratch/nginx" -c "$scratch/nginx/nginx.conf" \
    -e "$scratch/nginx/error.log" 2>nginx/start.log &
nginx_pid=$!
export TANDEM_MAILDIR=$scratch/mail TANDEM_MAIL_INTERVAL=1
serve() {
	"$TANDEM" -d "$db" serve --listen 127.0.0.1:$1 --threads 4 --quiet \
	    2>>"serve-$1.log" &
	echo $! >"serve-$1.pid"
}
serve $A
serve $B
cleanup() {
	for p in $A $B; do
		[ -f "serve-$p.pid" ] && kill -9 "$(cat "serve-$p.pid")" 2>/dev/null
	done
	kill "$nginx_pid" 2>/dev/null
	pg_stop
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# The load and the killings, in Python for its threads; the outcome in
# result.txt, a line each, and the acknowledged enrolments in acked.txt.
cat >load.py <<'EOF'
import http.client, json, os, signal, subprocess, sys, threading, time

LB, A, B = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
token = sys.argv[4]
tandem, db = os.environ["TANDEM"], sys.argv[5]
out = open("result.txt", "w")

def req(port, method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        c.request(method, path, body=json.dumps(body) if body is not None
                  else None, headers=headers or {})
        r = c.getresponse()
        return r.status, r.getheader("Set-Cookie"), r.read()
    except (OSError, http.client.HTTPException):
        return 0, None, b""
    finally:
        c.close()

def ready(port):
    for _ in range(300):
        if req(port, "GET", "/api/me")[0] == 401:
            return True
        time.sleep(0.05)
    return False

for p in (A, B, LB):
    if not ready(p):
        out.write("not ready %d\n" % p)
        sys.exit(0)
st, cookie, body = req(LB, "POST", "/api/invitations/accept",
                       {"token": token, "password": "tandem-two-servers"},
                       {"Content-Type": "application/json"})
csrf = json.loads(body)["csrf"] if st == 200 else ""
cookie = cookie.split(";")[0] if cookie else ""
out.write("signin %d\n" % st)
h = {"Content-Type": "application/json", "Cookie": cookie,
     "X-CSRF-Token": csrf}
# The session read through each server, behind nginx's back.
out.write("me %d %d\n" % (req(A, "GET", "/api/me", None, h)[0],
                          req(B, "GET", "/api/me", None, h)[0]))

def enrol(port, who):
    return req(port, "POST", "/api/programmes/1/enrolments",
               {"employee": who, "optin_ref": "form-" + who,
                "role": "mentee", "topics": "web-search=0:3",
                "languages": "fr", "site": "Lyon", "availability": "tue-pm"},
               h)[0]

# The same person through both servers at once, five times.
for i in range(5):
    who = "E%d" % (1140 + i)
    got = {}
    def once(p):
        for attempt in range(10):
            got[p] = enrol(p, who)
            if got[p] != 503:
                return
            time.sleep(0.2)
    ts = [threading.Thread(target=once, args=(p,)) for p in (A, B)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    out.write("race %s\n" % " ".join(str(s) for s in sorted(got.values())))

lock = threading.Lock()
queue = ["E%d" % i for i in range(1000, 1140)]
acked, statuses, wrong = [], {}, []
stop = threading.Event()

def writer():
    while not stop.is_set():
        with lock:
            if not queue:
                return
            who = queue.pop()
        for attempt in range(20):
            s = enrol(LB, who)
            with lock:
                statuses[s] = statuses.get(s, 0) + 1
            if s == 201:
                with lock:
                    acked.append(who)
                break
            if s == 409 and attempt > 0:
                break
            if s not in (0, 502, 503, 504):
                with lock:
                    wrong.append("%s %d" % (who, s))
                break
            time.sleep(0.1)

ws = [threading.Thread(target=writer) for _ in range(4)]
for w in ws:
    w.start()
kills = 0
for k in range(20):
    time.sleep(0.3)
    port = A if k % 2 == 0 else B
    pid = int(open("serve-%d.pid" % port).read())
    os.kill(pid, signal.SIGKILL)
    kills += 1
    time.sleep(0.1)
    p = subprocess.Popen([tandem, "-d", db, "serve", "--listen",
                          "127.0.0.1:%d" % port, "--threads", "4",
                          "--quiet"], stderr=open("serve-%d.log" % port, "a"))
    open("serve-%d.pid" % port, "w").write("%d\n" % p.pid)
    ready(port)
stop.set()
for w in ws:
    w.join()
out.write("kills %d\n" % kills)
out.write("statuses %s\n" % " ".join("%d:%d" % kv for kv in
                                     sorted(statuses.items())))
out.write("acked %d\n" % len(acked))
out.write("wrong %d %s\n" % (len(wrong), " ".join(wrong[:10])))
open("acked.txt", "w").write("".join(w + "\n" for w in sorted(acked)))
EOF
TANDEM=$TANDEM python3 load.py $LB $A $B "$token" "$db"
cp result.txt "$out"
has_line "signed in once, through nginx" "$out" "signin 200"
has_line "the session valid on either server" "$out" "me 200 200"
if [ "$(grep -c '^race 201 409$' "$out")" = 5 ]; then
	ok "the same person through both servers at once: enrolled once, the other refused as a second time"
else
	not_ok "the same person through both servers at once: enrolled once, the other refused as a second time" \
	    "$(grep '^race' "$out")"
fi
has_line "20 servers killed during the load" "$out" "kills 20"
has_line "no write refused but a lost answer's retry" "$out" "wrong 0 "
acked=$(sed -n 's/^acked //p' "$out")
if [ "${acked:-0}" -ge 10 ]; then
	ok "writes acknowledged during the killings ($acked)"
else
	not_ok "writes acknowledged during the killings" "$(cat "$out")"
fi
expect "the enrolments" 0 tandem -d "$db" --as E2 enrolments "$P"
missing=0
while read -r who; do
	grep -q "$who" "$out" || missing=$((missing + 1))
done <acked.txt
is "every acknowledged enrolment present" "$missing" 0
expect "tandem check: clean" 0 tandem -d "$db" check
expect "one audit chain, intact" 0 tandem -d "$db" audit verify
contains "one audit chain, intact: said so" "$out" "audit log intact"
done_testing
