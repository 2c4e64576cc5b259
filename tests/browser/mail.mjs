// The outbox in a real browser (Debian's chromium driven by
// playwright-core): the demonstration organisation of `make demo`, its
// messages delivered to the Maildir beside the database, then the
// outbox page (/admin/mail) as the programme manager sees it, in French,
// linked from the navigation, and refused to a participant; the page
// where a person turns reminders and digests off (/account/mail).
//
// Usage: TANDEM=build/tandem node tests/browser/mail.mjs
// Prints TAP like the other suites.
import fs from 'node:fs';
import path from 'node:path';
import {
	ART, Server, artifacts, axe, base, browser, cli, end, launch, login as signIn,
	ok, person as newPerson, serious, violations, ENGINE, sql, testdb, workDir,
} from './lib.mjs';

const dir = workDir('mail');
const DB = testdb(dir, 'demo.db');
const MAILDIR = path.join(dir, 'demo-mail');
const NOW = '2026-11-27T09:00:00Z';
artifacts();
// The Maildir is beside the database file (make demo's); a PostgreSQL
// database has no file, so there it is named.
const tandem = cli(DB, { TANDEM_NOW: NOW, TANDEM_SMTP_URL: '',
    ...(ENGINE === 'pg' ? { TANDEM_MAILDIR: MAILDIR } : {}) });

// --- make demo: the organisation, then its messages in the Maildir. ---
const demo = tandem(['demo']);
const email = Object.fromEntries([...demo.matchAll(
    /^ {2}(manager|sponsor|mentor|mentee|coach) +(\S+@\S+)/gm)]
    .map((m) => [m[1], m[2]]));
const sent = tandem(['mail', 'send']);
ok(sent.includes('Maildir: ' + MAILDIR), 'mail send says where the Maildir is', sent);
const files = fs.readdirSync(path.join(MAILDIR, 'new'));
ok(fs.existsSync(path.join(MAILDIR, 'tmp')) && fs.existsSync(path.join(MAILDIR, 'cur')),
    'the Maildir has tmp/, new/ and cur/');
ok(files.length > 100, `the demo's messages are files in new/ (${files.length})`);
ok(fs.readdirSync(path.join(MAILDIR, 'tmp')).length === 0, 'nothing left in tmp/');
const one = fs.readFileSync(path.join(MAILDIR, 'new', files[0]), 'utf8');
ok(/^From: Tandem <[^>]+>\r$/m.test(one) && /^Message-ID: <[^>]+>\r$/m.test(one) &&
    /^Content-Type: multipart\/alternative;/m.test(one),
    'a message file is a whole MIME message', one.slice(0, 600));

// --- The outbox page. ------------------------------------------------
const server = new Server(dir, DB);
await server.start({ TANDEM_NOW: NOW, TANDEM_MAIL_INTERVAL: '0' });
await launch();
// A confirmation is dismissed.
const person = () => newPerson({ answer: false });
const login = (page, who) => signIn(page, who, 'tandem-demo-12');
try {
	const mgr = await person();
	await login(mgr, email.manager);
	const r = await mgr.goto(base + '/admin/mail');
	ok(r.status() === 200, 'the manager opens the outbox page', r.status());
	const main = await mgr.locator('main').innerText();
	ok(await mgr.getByRole('heading', { name: 'Messages', exact: true }).isVisible(),
	    'its heading says Messages');
	ok(new RegExp(`Envoyés : ${files.length}`).test(main),
	    'it counts the messages sent', main.slice(0, 400));
	const rows = await mgr.locator('main table tbody tr').count();
	ok(rows > 10, `it lists the messages (${rows} rows)`);
	ok(/envoyé/.test(main) && /Cap numérique/.test(main),
	    'in French: states and programmes', main.slice(0, 600));
	ok(!/\d{4}-\d\d-\d\dT/.test(main), 'no ISO timestamp on the page');
	await mgr.screenshot({ path: path.join(ART, 'mail-outbox.png'), fullPage: true });

	// The navigation links to the outbox for the manager (issue 13).
	await mgr.goto(base + '/');
	const navLink = mgr.getByRole('navigation').getByRole('link', { name: 'Messages envoyés' });
	ok(await navLink.isVisible(), 'the manager\'s navigation links to the outbox');
	await navLink.click();
	await mgr.waitForURL(base + '/admin/mail');
	ok(true, 'the link opens the outbox page');

	const mentee = await person();
	await login(mentee, email.mentee);
	ok(await mentee.getByRole('navigation').getByRole('link', { name: 'Messages envoyés' }).count() === 0,
	    'a participant\'s navigation has no outbox link');
	const r2 = await mentee.goto(base + '/admin/mail');
	ok(r2.status() === 403, 'a participant is refused the outbox page', r2.status());

	// One's optional messages: from the account page, turned off, saved.
	await mentee.goto(base + '/account');
	await mentee.getByRole('link', { name: /Choisir les messages que je reçois/ }).click();
	await mentee.waitForURL(base + '/account/mail');
	ok(await mentee.getByRole('heading', { name: 'Mes messages' }).isVisible(),
	    'the account page links to "Mes messages"');
	const rem = mentee.getByLabel('Rappels');
	ok(await rem.isChecked(), 'reminders are on by default');
	const pm = await mentee.locator('main').innerText();
	ok(/ne\s+peuvent pas être désactivés/.test(pm),
	    'the page says the messages of an act cannot be turned off', pm);
	await rem.uncheck();
	await mentee.getByRole('button', { name: 'Enregistrer' }).click();
	await mentee.waitForURL(base + '/account/mail?saved=1');
	ok(await mentee.getByRole('status').innerText().then((t) => /enregistrés/.test(t)),
	    'after saving, the page says so (post, redirect, get)');
	ok(!(await mentee.getByLabel('Rappels').isChecked()) &&
	    await mentee.getByLabel('Résumé de la semaine').isChecked(),
	    'reminders off, the digest left on');
	const pref = sql(DB, 'SELECT p.reminders, p.digests FROM mail_pref p ' +
	    `JOIN employee e ON e.id = p.employee_id WHERE e.email = '${email.mentee}'`);
	ok(pref === '0|1', 'the choice is stored for that person', pref);
	await mentee.screenshot({ path: path.join(ART, 'mail-prefs.png'), fullPage: true });

	// Accessibility of the two pages: axe-core, its CSP bypassed here only.
	const axeCtx = await browser.newContext({ locale: 'fr-FR', bypassCSP: true });
	const axePage = await axeCtx.newPage();
	await login(axePage, email.manager);
	for (const p of ['/admin/mail', '/account/mail']) {
		await axePage.goto(base + p);
		const bad = serious(await axe(axePage));
		ok(bad.length === 0, `accessibility of ${p}: no serious WCAG 2.1 AA violation`,
		    bad.map((v) => `${v.id} (${v.impact}): ${v.help}`).join('\n'));
	}
	ok(violations.length === 0, 'no Content-Security-Policy violation', violations.join('\n'));
} finally {
	await browser.close();
	await server.stop();
	fs.rmSync(dir, { recursive: true, force: true });
}
end();
