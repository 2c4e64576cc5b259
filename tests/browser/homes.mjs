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
import path from 'node:path';
import {
	artifacts, axe, axeReport, base, cli, end, failureShots, finish, launch,
	login, ok, pageErrors, person as newPerson, Server, shot as snap, text,
	violations, testdb, workDir,
} from './lib.mjs';

const dir = workDir('browser');
const DB = testdb(dir);
const PASSWORD = 'tandem-demo-12';
artifacts();
const tandem = cli(DB);

// The demo at one date; the server three weeks later, so that the
// sessions planned in between are to be confirmed.
const NOW1 = '2026-11-27T09:00:00Z', LATER = '2026-12-20T09:00:00Z';
const out = tandem(['demo'], NOW1);
const email = Object.fromEntries([...out.matchAll(
    /^ {2}(manager|sponsor|mentor|mentee|coach) +(\S+@\S+)/gm)].map((m) => [m[1], m[2]]));

const server = new Server(dir, DB);
const serve = (now) => server.start({ TANDEM_NOW: now });
await launch();
// Injecting axe needs the CSP bypassed; the console still reports any
// violation of the pages' own scripts and styles.
async function person(role, width = 1280) {
	const page = await newPerson({ width, bypassCSP: true });
	await login(page, email[role], PASSWORD);
	return page;
}
const shot = (page, name) => snap(page, 'homes-' + name);
async function axeOk(page, what) {
	const vs = await axe(page);
	ok(vs.length === 0, `axe: no WCAG 2.1 AA violation on ${what}`, axeReport(vs));
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
					await axeOk(page, `${role}'s ${p} at ${width} px`);
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
	await failureShots('homes-failure-');
} finally {
	await finish(server, dir);
}
end();
