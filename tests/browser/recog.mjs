// Recognition in a real browser (issue 16): on the demo, the chief
// executive thanks his young mentor; the mentor reads it, issues an
// attestation and lands on its public verification page, which prints
// as the attestation alone; signed out, anyone verifies it, and a text
// changed in the database is refused; the sponsor's view across
// programmes in both languages; axe-core on the new pages.
// Screenshots go to $BROWSER_ARTIFACTS.
//
// Usage: TANDEM=build/tandem node tests/browser/recog.mjs
// Prints TAP like the other suites.
import { chromium } from 'playwright-core';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const top = path.resolve(here, '..', '..');
const TANDEM = path.resolve(process.env.TANDEM || path.join(top, 'build', 'tandem'));
const ART = path.resolve(process.env.BROWSER_ARTIFACTS ||
    path.join(path.dirname(TANDEM), 'browser-artifacts'));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-browser-'));
const DB = path.join(dir, 'tandem.db');
const PASSWORD = 'tandem-demo-12';
fs.mkdirSync(ART, { recursive: true });

let n = 0, failed = 0;
function ok(cond, name, detail) {
	n++;
	if (cond)
		console.log(`ok ${n} - ${name}`);
	else {
		failed++;
		console.log(`not ok ${n} - ${name}`);
		if (detail !== undefined)
			for (const l of String(detail).split('\n').slice(0, 20))
				console.log('# ' + l);
	}
	return cond;
}

function tandem(args, now) {
	return execFileSync(TANDEM, ['-d', DB, ...args], {
		env: { ...process.env, TANDEM_NOW: now }, encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
}

const NOW1 = '2026-11-27T09:00:00Z';
const demo = tandem(['demo'], NOW1);
const email = (role) => demo.match(new RegExp('^  ' + role + ' +(\\S+@\\S+)', 'm'))[1];
const MENTOR = email('mentor'), MENTEE = email('mentee'), SPONSOR = email('sponsor');

let server, base, serves = 0;
async function serve(now) {
	const log = fs.openSync(path.join(dir, 'serve.log'), 'a');
	server = spawn(TANDEM, ['-d', DB, 'serve', '--listen', '127.0.0.1:0'],
	    { env: { ...process.env, TANDEM_NOW: now }, stdio: ['ignore', 'ignore', log] });
	for (let i = 0; i < 400; i++) {
		const m = fs.readFileSync(path.join(dir, 'serve.log'), 'utf8')
		    .match(/http:\/\/127\.0\.0\.1:(\d+)\/ with/g);
		if (m && m.length >= serves + 1) {
			serves++;
			base = 'http://127.0.0.1:' + m[serves - 1].match(/:(\d+)\//)[1];
			return;
		}
		await new Promise((r) => setTimeout(r, 50));
	}
	throw new Error('the server did not start');
}
async function stop() {
	const done = new Promise((r) => server.on('exit', (code) => r(code)));
	server.kill('SIGTERM');
	return done;
}

const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
	args: ['--no-sandbox'],
});
const violations = [];
const pageErrors = [];
async function person(locale = 'fr-FR') {
	const ctx = await browser.newContext({ locale,
	    viewport: { width: 1280, height: 900 } });
	const page = await ctx.newPage();
	page.on('console', (m) => {
		if (/Content Security Policy|Refused to/i.test(m.text()))
			violations.push(m.text());
	});
	page.on('pageerror', (e) => pageErrors.push(String(e)));
	page.on('dialog', (d) => d.accept());
	return page;
}
async function shot(page, name) {
	await page.screenshot({ path: path.join(ART, name + '.png'), fullPage: true });
}
const text = (page) => page.locator('main').innerText();
const button = (page, name) => page.getByRole('button', { name, exact: true });

async function login(page, who) {
	await page.goto(base + '/login');
	await page.getByLabel('Adresse e-mail professionnelle').fill(who);
	await page.getByLabel('Mot de passe').fill(PASSWORD);
	await button(page, 'Se connecter').click();
	await page.waitForURL(base + '/');
}

try {
	await serve(NOW1);

	// The mentee thanks his mentor from the programme's page.
	const mentee = await person();
	await login(mentee, MENTEE);
	await mentee.goto(base + '/programmes/1');
	await mentee.getByRole('link', { name: 'Remercier mon mentor' }).click();
	await mentee.getByLabel(/Votre message/).fill('Merci : je trouve enfin mes réponses sur le web.');
	await button(mentee, 'Envoyer').click();
	ok(/Merci envoyé : seul votre mentor le lira/.test(await text(mentee)),
	    'the mentee is told only his mentor reads it');
	await shot(mentee, 'recog-01-kudos-sent');

	// The mentor reads it and issues the attestation.
	const mentor = await person();
	await login(mentor, MENTOR);
	await mentor.goto(base + '/programmes/1');
	await mentor.getByRole('link', { name: 'Mes remerciements et mon attestation' }).click();
	let t = await text(mentor);
	ok(t.includes('je trouve enfin mes réponses sur le web'), 'the mentor reads the kudos');
	ok(/1 remerciement reçu/.test(t), 'counted, not ranked');
	await shot(mentor, 'recog-02-kudos-received');
	await button(mentor, 'Établir mon attestation').click();
	await mentor.waitForURL(/\/verify\/[0-9A-Z-]+$/);
	const verifyUrl = mentor.url();
	t = await text(mentor);
	ok(t.includes('Attestation authentique'), 'the attestation is genuine');
	ok(/Séances tenues : \d+/.test(t) && /Heures de mentorat/.test(t) && /CRCN/.test(t),
	    'it gives the sessions, the hours and the CRCN competences');
	ok(t.includes('Remerciements reçus de mentorés : 1'), 'and the kudos, counted');
	ok(!t.includes('Perrin'), 'it names no mentee');
	await shot(mentor, 'recog-03-attestation');
	await mentor.emulateMedia({ media: 'print' });
	ok(!(await mentor.locator('header.top').isVisible()) &&
	    await mentor.locator('.attestation').isVisible(),
	    'printed, only the attestation remains');
	await mentor.pdf({ path: path.join(ART, 'recog-04-attestation.pdf') }).catch(() => {});
	await mentor.emulateMedia({ media: 'screen' });

	// Signed out, anyone verifies it; on a phone too.
	const anon = await person();
	await anon.setViewportSize({ width: 320, height: 700 });
	await anon.goto(verifyUrl);
	ok((await text(anon)).includes('Attestation authentique'), 'anyone verifies it, signed out');
	ok(await anon.evaluate(() => document.documentElement.scrollWidth <= 320),
	    'the verification page fits a 320 px screen');
	await shot(anon, 'recog-05-verify-phone');
	const code = verifyUrl.split('/').pop();
	execFileSync('sqlite3', ['-cmd', '.timeout 10000', DB, "UPDATE attestation SET content = replace(content, 'Séances tenues : ', 'Séances tenues : 9') WHERE code = '" + code + "'"]);
	await anon.reload();
	t = await text(anon);
	ok(t.includes('Attestation refusée') && !t.includes('Séances tenues'),
	    'a text changed in the database is refused');
	await shot(anon, 'recog-06-refused');
	await anon.goto(base + '/verify');
	await anon.getByLabel('Code de vérification').fill('zzzz-zzzz-zzzz');
	await button(anon, 'Vérifier').click();
	ok((await text(anon)).includes('Aucune attestation ne porte ce code'), 'an unknown code is said so');

	// The sponsor's view across programmes, in both languages.
	const sponsor = await person();
	await login(sponsor, SPONSOR);
	await sponsor.goto(base + '/reports');
	t = await sponsor.locator('body').innerText();
	ok(t.includes('vue d\'ensemble des programmes') && t.includes('Cap numérique') &&
	    /T\d 20\d\d/.test(t), 'the sponsor\'s view, by programme and by quarter');
	await shot(sponsor, 'recog-07-sponsor-view');
	await sponsor.goto(base + '/reports?lang=en');
	t = await sponsor.locator('body').innerText();
	ok(t.includes('Sessions held, quarter by quarter') && !/Séances|Mentorés|masqué/.test(t),
	    'and in English, with no French left');
	await sponsor.goto(base + '/programmes/1/report?lang=en');
	t = await sponsor.locator('body').innerText();
	ok(t.includes('Programme report') || t.includes('programme report'), 'the programme report in English');
	ok(!/Séances|Mentorés|masqué|Inscrits/.test(t), 'with no French left');

	// Accessibility: axe-core on the new pages (CSP bypassed here only).
	const axeSrc = fs.readFileSync(path.join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
	const axeCtx = await browser.newContext({ locale: 'fr-FR', bypassCSP: true });
	const axePage = await axeCtx.newPage();
	execFileSync('sqlite3', ['-cmd', '.timeout 10000', DB, "UPDATE attestation SET content = replace(content, 'Séances tenues : 9', 'Séances tenues : ') WHERE code = '" + code + "'"]);
	for (const p of ['/verify', '/verify/' + code]) {
		await axePage.goto(base + p);
		await axePage.addScriptTag({ content: axeSrc });
		const res = await axePage.evaluate(() => window.axe.run(document,
		    { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
		const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
		ok(bad.length === 0, `accessibility of ${p}: no serious WCAG 2.1 AA violation`,
		    bad.map((v) => `${v.id} (${v.impact}): ${v.help}`).join('\n'));
	}
	await login(axePage, MENTOR);
	for (const p of ['/programmes/1/kudos']) {
		await axePage.goto(base + p);
		await axePage.addScriptTag({ content: axeSrc });
		const res = await axePage.evaluate(() => window.axe.run(document,
		    { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
		const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
		ok(bad.length === 0, `accessibility of ${p}: no serious WCAG 2.1 AA violation`,
		    bad.map((v) => `${v.id} (${v.impact}): ${v.help}`).join('\n'));
	}

	ok(violations.length === 0, 'no Content-Security-Policy violation in any console',
	    violations.join('\n'));
	ok(pageErrors.length === 0, 'no script error in any page', pageErrors.join('\n'));
} catch (e) {
	ok(false, 'the test went to its end', e.stack);
	let i = 0;
	for (const ctx of browser.contexts())
		for (const p of ctx.pages())
			await p.screenshot({ path: path.join(ART, `recog-failure-${i++}.png`),
			    fullPage: true }).catch(() => {});
} finally {
	await browser.close();
	if (server && server.exitCode === null)
		ok(await stop() === 0, 'the server exits 0 at the end');
	fs.rmSync(dir, { recursive: true, force: true });
}
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
