# tandem serve --config FILE and --trusted-proxy: every mistake of the
# company sign-in's settings is named with its file and line (or the
# option), exits 2, and starts no server.
. "$(dirname "$0")/lib.sh"

conf() {
	printf '%s\n' "$@" >s.conf
}

conf "# a comment" "" "no-such-key = 1"
expect "an unknown setting" 2 tandem serve --config s.conf
contains "is named with its file and line" "$err" \
    "s.conf:3: no-such-key: unknown setting"
conf "oidc-issuer https://idp.example"
expect "a line without =" 2 tandem serve --config s.conf
contains "is named" "$err" 's.conf:1: not "key = value"'
expect "a missing file" 2 tandem serve --config nowhere.conf
contains "is named" "$err" "nowhere.conf: No such file or directory"

conf "oidc-issuer = https://idp.example" "oidc-client-id = tandem"
expect "an issuer without secret and redirect URI" 2 \
    tandem serve --config s.conf
contains "says what is missing" "$err" \
    "oidc-issuer needs oidc-client-id, oidc-client-secret-file and oidc-redirect-uri"
conf "oidc-client-secret-file = missing-secret"
expect "a secret file that cannot be read" 2 tandem serve --config s.conf
contains "is named" "$err" \
    "s.conf:1: oidc-client-secret-file: cannot read the secret"
: >empty-secret
conf "oidc-client-secret-file = empty-secret"
expect "an empty secret file" 2 tandem serve --config s.conf
conf 'oidc-client-secret-file = $CREDENTIALS_DIRECTORY/secret'
(unset CREDENTIALS_DIRECTORY; expect "systemd's credentials without systemd" 2 \
    tandem serve --config s.conf; contains "says so" "$err" \
    '$CREDENTIALS_DIRECTORY is not set')
n=$((n + 2))

conf "oidc-claim-is = name"
expect "oidc-claim-is other than email or matricule" 2 \
    tandem serve --config s.conf
contains "is named" "$err" "s.conf:1: oidc-claim-is: email or matricule"
conf "oidc-clock-skew = 3600"
expect "a clock skew of an hour" 2 tandem serve --config s.conf
conf "employee-passwords = maybe"
expect "employee-passwords other than yes or no" 2 \
    tandem serve --config s.conf

conf "proxy-header = X-Remote-User"
expect "a proxy header believed from nobody" 2 tandem serve --config s.conf
contains "needs a trusted proxy" "$err" \
    "proxy-header needs at least one trusted-proxy"
for bad in 10.0.0.1/33 ::1/129 example.com 10.0.0 "10.0.0.1/"; do
	conf "trusted-proxy = $bad"
	expect "trusted-proxy = $bad is refused" 2 tandem serve --config s.conf
	expect "--trusted-proxy $bad is refused" 2 \
	    tandem serve --trusted-proxy "$bad"
done
contains "the option is named" "$err" "--trusted-proxy 10.0.0.1/: not an address"

expect "serve's usage names the options" 2 tandem serve --bogus
contains "--config" "$err" "[--config FILE] [--trusted-proxy ADDR]..."
done_testing
