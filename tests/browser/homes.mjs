// The homes of the five roles in a real browser (issue 15, points 3 and
// 6), on the demo organisation: the participant's partner card, next
// session and a rating given from the home (no preset value, never
// asked twice); the programme manager's figures, filtered and paged
// sessions and the roster's directory; the sponsor's figures; the
// coach's tandems at risk and private notes.  Each home at 1280, 390 and
// 320 px wide, with axe-core on every page; screenshots go to
// $BROWSER_ARTIFACTS (look at them).
//
// Usage: TANDEM=build/tandem node tests/browser/homes.mjs
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

// The demo at one date; the server three weeks later, so that the
// sessions planned in between are to be confirmed.
const NOW1 = '2026-11-27T09:00:00Z', LATER = '2026-12-20T09:00:00Z';
const out = tandem(['demo'], NOW1);
const email = Object.fromEntries([...out.matchAll(
    /^ {2}(manager|sponsor|mentor|mentee|coach) +(\S+@\S+)/gm)].map((m) => [m[1], m[2]]));

let server, base;
async function serve(now) {
	const log = fs.openSync(path.join(dir, 'serve.log'), 'a');
	server = spawn(TANDEM, ['-d', DB, 'serve', '--listen', '127.0.0.1:0'],
	    { env: { ...process.env, TANDEM_NOW: now }, stdio: ['ignore', 'ignore', log] });
	for (let i = 0; i < 400; i++) {
		const m = fs.readFileSync(path.join(dir, 'serve.log'), 'utf8')
		    .match(/http:\/\/127\.0\.0\.1:(\d+)\/ with/);
		if (m) {
			base = 'http://127.0.0.1:' + m[1];
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
const axeSrc = fs.readFileSync(path.join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
// Injecting axe needs the CSP bypassed; the console still reports any
// violation of the pages' own scripts and styles.
async function person(role, width = 1280) {
	const ctx = await browser.newContext({ locale: 'fr-FR', bypassCSP: true,
	    viewport: { width, height: 900 } });
	const page = await ctx.newPage();
	page.on('console', (m) => {
		if (/Content Security Policy|Refused to/i.test(m.text()))
			violations.push(m.text());
	});
	page.on('pageerror', (e) => pageErrors.push(String(e)));
	page.on('dialog', (d) => d.accept());
	await page.goto(base + '/login');
	await page.getByLabel('Adresse e-mail professionnelle').fill(email[role]);
	await page.getByLabel('Mot de passe').fill(PASSWORD);
	await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
	await page.waitForURL(base + '/');
	return page;
}
async function shot(page, name) {
	await page.screenshot({ path: path.join(ART, 'homes-' + name + '.png'), fullPage: true });
}
const text = (page) => page.locator('main').innerText();
async function axe(page, what) {
	await page.addScriptTag({ content: axeSrc });
	const res = await page.evaluate(() => window.axe.run(document,
	    { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
	ok(res.violations.length === 0, `axe: no WCAG 2.1 AA violation on ${what}`,
	    res.violations.map((v) => `${v.id} (${v.impact}): ${v.help} – ${v.nodes.slice(0, 3).map((x) => x.target.join(' ')).join(', ')}`).join('\n'));
}
// The pages the role reads, beyond the home.
const pages = {
	mentee: ['/programmes/1'],
	mentor: [],
	manager: ['/programmes/1', '/programmes/1?seances=tenues&sp=2', '/directory?q=an'],
	sponsor: [],
	coach: ['/programmes/1/coach'],
};

try {
	await serve(LATER);

	// Every role's home and pages, at three widths, with axe.
	for (const role of Object.keys(pages)) {
		for (const width of [1280, 390, 320]) {
			const page = await person(role, width);
			for (const p of ['/', ...pages[role]]) {
				await page.goto(base + p);
				const name = `${role}-${p === '/' ? 'accueil' : p.replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}-${width}`;
				await shot(page, name);
				if (width === 1280 || p === '/')
					await axe(page, `${role}'s ${p} at ${width} px`);
			}
			await page.context().close();
		}
	}

	// The mentee: partner card, next session, a rating to give.
	const mentee = await person('mentee');
	let t = await text(mentee);
	ok(/Votre mentor/.test(t) && /Thèmes en commun/.test(t) &&
	    /Demi-journées libres en commun/.test(t),
	    "the mentee's home shows the partner as a card", t.slice(0, 600));
	ok(!/\bE1\d{5}\b/.test(t), 'with no matricule');
	ok(await mentee.getByRole('link', { name: /^Écrire à / }).count() > 0,
	    'and a link to write to the partner');

	// The manager marks one of the mentee's past sessions held.
	const mgr = await person('manager');
	await mgr.goto(base + '/programmes/1?seances=a-confirmer');
	ok(await mgr.locator('nav.filters [aria-current="page"]').innerText() === 'À confirmer',
	    'the manager filters the sessions to confirm');
	const figures = await mgr.locator('section.figures').innerText();
	ok(/volontaires/.test(figures) && /tandems à risque/.test(figures) &&
	    /personnes en attente/.test(figures), 'the programme page begins with its figures', figures);
	const rows = mgr.locator('#seances ~ .table-wrap tbody tr');
	const count = await rows.count();
	ok(count > 0 && count <= 25, 'at most 25 sessions a page', count);
	const held = await mgr.request.get(base + '/api/programmes/1/sessions?state=planned&to=2026-12-19&limit=1000');
	const items = (await held.json()).items;
	let sid = null;
	for (const s of items) {
		const r = await mentee.request.get(base + `/api/sessions/${s.id}/ics`);
		if (r.ok()) {
			sid = s.id;
			break;
		}
	}
	ok(sid !== null, "one of the sessions to confirm is the mentee's");
	if (sid !== null) {
		const me = await mgr.request.get(base + '/api/me');
		const csrf = (await me.json()).csrf;
		const r = await mgr.request.post(base + `/api/sessions/${sid}/held`,
		    { data: {}, headers: { 'X-CSRF-Token': csrf } });
		ok(r.ok(), 'the manager marks it held', await r.text());
		await mentee.goto(base + '/');
		const form = mentee.locator(`form[action="/sessions/${sid}/feedback"]`);
		ok(await form.count() === 1, 'the home asks the mentee for a rating');
		const sel = form.locator('select[name="rating"]');
		ok(await sel.inputValue() === '', 'with no preset value');
		await shot(mentee, 'mentee-avis-attendu');
		await sel.selectOption('4');
		await form.getByRole('button', { name: 'Donner mon avis' }).click();
		await mentee.waitForURL(base + '/?done=feedback');
		t = await text(mentee);
		ok(/Merci pour votre avis/.test(t) && /votre note 4\/5/.test(t),
		    'the home thanks and shows the rating', t.slice(0, 800));
		ok(await mentee.locator(`form[action="/sessions/${sid}/feedback"]`).count() === 0,
		    'and never asks again');
		await mentee.reload();
		ok(!/Merci pour votre avis/.test(await text(mentee)) ||
		    mentee.url().endsWith('done=feedback'), 'a refresh repeats nothing');
	}

	// The directory, searched.
	await mgr.goto(base + '/');
	await mgr.getByRole('link', { name: /Annuaire de l'effectif/ }).click();
	await mgr.getByLabel('Nom ou prénom').fill('an');
	await mgr.getByRole('button', { name: 'Chercher' }).click();
	ok(/q=an/.test(mgr.url()) && await mgr.locator('table.directory tbody tr').count() > 0,
	    'the manager searches the directory by name');
	await shot(mgr, 'manager-annuaire');

	// The sponsor: figures, read-only.
	const sp = await person('sponsor');
	t = await text(sp);
	ok(/binômes formés/.test(t) && await sp.locator('main form[action$="/action"]').count() === 0,
	    "the sponsor's home shows the figures and no act", t.slice(0, 400));

	// The coach: the tandems at risk first, a private note.
	const coach = await person('coach');
	t = await text(coach);
	ok(/Tandems à risque/.test(t), "the coach's home begins with the tandems at risk");
	await coach.getByRole('link', { name: 'Suivre ces tandems' }).first().click();
	const first = coach.locator('article.tandem').first();
	ok(await first.evaluate((e) => e.classList.contains('at-risk')),
	    'the first tandem is one at risk');
	await first.getByLabel(/Ma note privée/).fill('Appeler le mentoré mardi');
	await first.getByLabel('Suivi fait').check();
	await first.getByRole('button', { name: 'Enregistrer' }).click();
	await coach.waitForURL(/done=note/);
	t = await text(coach);
	ok(/Note enregistrée/.test(t) && /Suivi fait le 20\/12\/2026/.test(t),
	    'the note is saved and the tandem marked followed up');
	ok(await coach.locator('textarea').first().inputValue() === 'Appeler le mentoré mardi',
	    'the note is there again for the coach');
	await shot(coach, 'coach-suivi-fait');
	const mgrCoach = await mgr.request.get(base + '/programmes/1/coach');
	ok(mgrCoach.status() === 403, "the manager cannot read the coach's notes");

	ok(violations.length === 0, 'no Content-Security-Policy violation in any console',
	    violations.join('\n'));
	ok(pageErrors.length === 0, 'no script error in any page', pageErrors.join('\n'));
} catch (e) {
	ok(false, 'the test went to its end', e.stack);
	let i = 0;
	for (const ctx of browser.contexts())
		for (const p of ctx.pages())
			await p.screenshot({ path: path.join(ART, `homes-failure-${i++}.png`),
			    fullPage: true }).catch(() => {});
} finally {
	await browser.close();
	if (server && server.exitCode === null)
		ok(await stop() === 0, 'the server exits 0 at the end');
	fs.rmSync(dir, { recursive: true, force: true });
}
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
