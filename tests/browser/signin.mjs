// Company sign-in in a real browser (Debian's chromium driven by
// playwright-core) through a real OpenID provider: oidc-provider from
// npm, started here on 127.0.0.1 with a test client and RS256 and ES256
// keys generated here.  A first sign-in makes the account, a leaver is
// refused with no session left, the provider rotates its keys (and signs
// with ES256) and the sign-in still works, sign-out offers the
// provider's end-session.  No Content-Security-Policy violation may
// appear on Tandem's pages.
//
// Usage: TANDEM=build/tandem node tests/browser/signin.mjs
// Prints TAP like the other suites.
import Provider from 'oidc-provider';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {
	Server, browser, cli, end, launch, ok, sql, testdb, workDir,
} from './lib.mjs';

const dir = workDir('signin');
const DB = testdb(dir);
const NOW = '2026-11-27T09:00:00Z';
const SECRET = 'a client secret for the tests only';

const tandem = cli(DB, { TANDEM_NOW: NOW });

function freePort() {
	return new Promise((resolve) => {
		const s = net.createServer();
		s.listen(0, '127.0.0.1', () => {
			const p = s.address().port;
			s.close(() => resolve(p));
		});
	});
}

// --- The organisation and its people at the provider. ---------------
tandem(['demo', '--size', '60']);
const email = (id) => JSON.parse(tandem(['employee', 'show', '--json', id])).email;
const people = {
	olivier: { email: email('E100005'), email_verified: true },
	leaver: { email: email('E100006'), email_verified: true },
};
// The roster marks E100006 as a leaver (what an import does).
sql(DB, "UPDATE employee SET active = 0 WHERE matricule = 'E100006'");

const PPORT = await freePort(), TPORT = await freePort();
const ISSUER = `http://127.0.0.1:${PPORT}`;
const base = `http://127.0.0.1:${TPORT}`;

function key(kind, kid) {
	const pair = kind === 'RSA' ?
	    generateKeyPairSync('rsa', { modulusLength: 2048 }) :
	    generateKeyPairSync('ec', { namedCurve: 'P-256' });
	return { ...pair.privateKey.export({ format: 'jwk' }), kid, use: 'sig',
	    alg: kind === 'RSA' ? 'RS256' : 'ES256' };
}

let provider, providerServer;
async function startProvider(keys, alg) {
	provider = new Provider(ISSUER, {
		clients: [{
			client_id: 'tandem', client_secret: SECRET,
			redirect_uris: [base + '/login/oidc/callback'],
			post_logout_redirect_uris: [base + '/login'],
			id_token_signed_response_alg: alg,
			token_endpoint_auth_method: 'client_secret_basic',
		}],
		jwks: { keys },
		findAccount: async (ctx, id) => people[id] && {
			accountId: id,
			claims: async () => ({ sub: id, ...people[id] }),
		},
		claims: { openid: ['sub'], email: ['email', 'email_verified'] },
		pkce: { required: () => true },
		cookies: { keys: ['cookie key of the tests'] },
		features: { devInteractions: { enabled: true },
		    rpInitiatedLogout: { enabled: true } },
	});
	await new Promise((r) => { providerServer = provider.listen(PPORT, '127.0.0.1', r); });
}
async function stopProvider() {
	await new Promise((r) => providerServer.close(r));
	providerServer.closeAllConnections?.();
}

// --- Tandem, configured for the provider. -----------------------------
fs.writeFileSync(path.join(dir, 'secret'), SECRET + '\n', { mode: 0o600 });
fs.writeFileSync(path.join(dir, 'tandem.conf'), [
	'# The test provider (oidc-provider)',
	`oidc-issuer = ${ISSUER}`,
	'oidc-client-id = tandem',
	`oidc-client-secret-file = ${path.join(dir, 'secret')}`,
	`oidc-redirect-uri = ${base}/login/oidc/callback`,
	`oidc-post-logout-redirect-uri = ${base}/login`,
	'oidc-email-verified = yes',
	'',
].join('\n'));
const server = new Server(dir, DB, { listen: `127.0.0.1:${TPORT}`,
    args: ['--config', path.join(dir, 'tandem.conf')] });
await server.start({ TANDEM_NOW: NOW });

await startProvider([key('RSA', 'rsa-1'), key('EC', 'ec-1')], 'RS256');

// --- The browser. ------------------------------------------------------
await launch();
const violations = [];
async function person() {
	const ctx = await browser.newContext({ locale: 'fr-FR' });
	const page = await ctx.newPage();
	page.on('console', (m) => {
		if (page.url().startsWith(base) &&
		    /Content Security Policy|Refused to/i.test(m.text()))
			violations.push(m.text());
	});
	return page;
}

// Through the provider's own pages: its login form, then its consent.
async function companySignIn(page, login) {
	await page.goto(base + '/login');
	await page.getByRole('link', { name: 'Se connecter avec le compte de l\'entreprise' }).click();
	await page.waitForURL((u) => u.origin === ISSUER);
	await page.locator('input[name=login]').fill(login);
	await page.locator('input[name=password]').fill('anything');
	await page.locator('button[type=submit]').click();
	await page.waitForLoadState();
	if (new URL(page.url()).origin === ISSUER &&
	    await page.locator('button[type=submit]').count() > 0)
		await page.locator('button[type=submit]').click();
	await page.waitForURL((u) => u.origin === base &&
	    !u.pathname.startsWith('/login/oidc'), { timeout: 15000 })
	    .catch(() => {});
	await page.waitForLoadState();
}
async function me(page) {
	const r = await page.request.get(base + '/api/me');
	return { status: r.status(), body: r.status() === 200 ? await r.json() : null };
}
const auditText = () => tandem(['audit', 'list']);

try {
	// A first sign-in: Olivier has no account; he gets one, signed in.
	const before = auditText();
	ok(!/account\.signin/.test(before), 'no company sign-in yet in the audit log');
	const p1 = await person();
	await companySignIn(p1, 'olivier');
	const m1 = await me(p1);
	ok(new URL(p1.url()).pathname === '/' && m1.status === 200 &&
	    m1.body.employee === 'E100005',
	    'Olivier signs in through the provider and lands home', p1.url() + ' ' + JSON.stringify(m1));
	ok((await p1.locator('header').innerText()).includes('Olivier Simon'),
	    'the page names him');
	ok(/account\.signin.*by oidc; account created/.test(auditText()),
	    'the first sign-in made his account (audited)', auditText().split('\n').slice(-3).join('\n'));

	// Sign-out: Tandem's session ends; the provider's is offered.
	await p1.getByRole('button', { name: /Se déconnecter|Déconnexion/ }).first().click();
	await p1.waitForLoadState();
	const link = p1.getByRole('link', { name: 'Se déconnecter aussi du compte de l\'entreprise' });
	ok(await link.count() === 1 &&
	    (await link.getAttribute('href')).startsWith(ISSUER + '/session/end'),
	    'sign-out offers the provider\'s end-session endpoint',
	    await link.count() && await link.getAttribute('href'));
	ok((await me(p1)).status === 401, 'and Tandem\'s session is over');

	// A leaver: the provider vouches for him, the roster does not.
	const p2 = await person();
	await companySignIn(p2, 'leaver');
	const body = await p2.locator('main').innerText();
	ok(body.includes('Votre accès à Tandem est fermé'),
	    'a leaver is refused, in French', body);
	ok((await me(p2)).status === 401, 'and has no session');
	ok(/signin\.refused.*inactive-employee/.test(auditText()),
	    'the refusal is in the audit log');

	// Key rotation: new keys, ES256 now; Tandem fetches them again.
	await stopProvider();
	await startProvider([key('EC', 'ec-2'), key('RSA', 'rsa-2')], 'ES256');
	const p3 = await person();
	await companySignIn(p3, 'olivier');
	const m3 = await me(p3);
	ok(m3.status === 200 && m3.body.employee === 'E100005',
	    'after the provider rotates its keys (ES256), the sign-in works',
	    p3.url() + ' ' + await p3.locator('body').innerText());
	ok(violations.length === 0, 'no Content-Security-Policy violation',
	    violations.join('\n'));
} catch (e) {
	ok(false, 'the sign-in journey ran to its end', e.stack);
} finally {
	await browser.close();
	await stopProvider().catch(() => {});
	const code = await server.stop();
	ok(code === 0, 'the server stopped cleanly', fs.readFileSync(path.join(dir, 'serve.log'), 'utf8').slice(-2000));
	fs.rmSync(dir, { recursive: true, force: true });
}
end();
