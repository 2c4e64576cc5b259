// Pages that behave, at any size (issue 15, points 2, 5 and 7), in a
// real browser against `tandem serve` on the demo database (every page
// of the five roles at 1280, 390 and 320 px under axe-core, nothing
// wider than the screen, is walk.mjs's, which follows every link):
// - a refused form comes back as typed, its field marked and the summary
//   focused; post/redirect/get after the acts (a reload is a GET);
// - confirmations on the acts that cannot be undone;
// - HTML error pages (404, 405) in the layout and the language, the API
//   keeping JSON;
// - the report inside the layout, with a way back, in either language;
// - the accessibility statement, linked from every page's footer.
// Screenshots go to $BROWSER_ARTIFACTS/pages (look at them).
//
// Usage: TANDEM=build/tandem node tests/browser/pages.mjs
// Prints TAP like the other suites.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
	artifacts, base, button, dialogs, end, failureShots, finish, launch,
	login as signIn, ok, pageErrors, person as newPerson, Server,
	shot as snap, TANDEM, text, violations, testdb, workDir,
} from './lib.mjs';

const ART = artifacts('pages');
const dir = workDir('browser');
const DB = testdb(dir);
const PASSWORD = 'tandem-demo-12';

execFileSync(TANDEM, ['-d', DB, 'demo'], { cwd: dir, stdio: 'ignore' });
const ACCOUNTS = {
	manager: 'nathalie.nicolas@exemple.fr',
	sponsor: 'delphine.gauthier@exemple.fr',
	mentor: 'noe.fabre@exemple.fr',
	mentee: 'michel.perrin@exemple.fr',
	coach: 'claire.fontaine@atelier-numerique.fr',
};

const server = new Server(dir, DB);
const serve = () => server.start();
await launch();
// What a confirmation gets: the test turns it to false to see one
// refused.
let answer = true;
// Each context keeps the CSP and counts its violations.  The running
// programme's page is large: a busy machine needs time.
const person = (locale = 'fr-FR') => newPerson({ locale, timeout: 120000,
    answer: () => answer });
const shot = (page, name, fullPage = true) => snap(page, name, { dir: ART, fullPage });
const login = (page, email) => signIn(page, email, PASSWORD);

try {
	await serve();

	// --- The manager: forms, post/redirect/get, confirmations. ------
	const mgr = await person();
	await login(mgr, ACCOUNTS.manager);
	await mgr.goto(base + '/programmes/new');
	ok(await mgr.locator('#name').getAttribute('maxlength') === '120' &&
	    (await mgr.locator('label[for="name"]').innerText())
	    .includes('obligatoire'), 'required fields and limits show before ' +
	    'posting');
	await mgr.locator('#name').fill('Atelier données');
	await mgr.locator('#purpose').fill('Apprendre à lire un tableau de bord.');
	await mgr.locator('#start_date').fill('2027-06-01');
	await mgr.locator('#end_date').fill('2027-01-01');
	await button(mgr, 'Créer le brouillon').click();
	await mgr.waitForLoadState();
	ok(await mgr.locator('#end_date').getAttribute('aria-invalid') === 'true' &&
	    /^err-\d+$/.test(await mgr.locator('#end_date')
	    .getAttribute('aria-describedby')), 'the refused field is marked ' +
	    'aria-invalid and described by its error');
	ok(await mgr.evaluate(() => document.activeElement &&
	    document.activeElement.id === 'errors'), 'the error summary has ' +
	    'the focus');
	ok(await mgr.locator('#name').inputValue() === 'Atelier données' &&
	    await mgr.locator('#purpose').inputValue() ===
	    'Apprendre à lire un tableau de bord.', 'what was typed is kept');
	ok(await mgr.locator('#errors a[href="#end_date"]').count() === 1,
	    'the summary names the field by its label, as a link to it');
	await shot(mgr, 'form-refused');
	await mgr.locator('#end_date').fill('2027-12-01');
	let [res] = await Promise.all([mgr.waitForNavigation(),
	    button(mgr, 'Créer le brouillon').click()]);
	ok(/\/programmes\/\d+\?done=created$/.test(mgr.url()) &&
	    res.request().method() === 'GET', 'created: the browser lands on ' +
	    'a GET page', mgr.url());
	ok((await text(mgr)).includes('Programme créé en brouillon.'),
	    'the act\'s result is shown after the redirect');
	const draft = new URL(mgr.url()).pathname;

	// The running programme: matching the people waiting, publishing.
	await mgr.goto(base + '/');
	const prog = await mgr.getByRole('link', { name: 'Cap numérique' })
	    .first().getAttribute('href');
	await mgr.goto(base + prog);
	[res] = await Promise.all([mgr.waitForNavigation(), button(mgr,
	    'Former des binômes pour les personnes en attente').click()]);
	ok(mgr.url().includes('done=match') && res.request().method() === 'GET',
	    'after the matching the browser is on a GET page', mgr.url());
	ok(/Binômes : \d+\/\d+ · score total/.test(await text(mgr)), 'the matching\'s figures ' +
	    'are shown after the redirect');
	res = await mgr.reload();
	ok(res.request().method() === 'GET' && dialogs.length === 0,
	    'a reload repeats nothing (a GET, no resubmission)');
	await shot(mgr, 'match-done');

	const publish = button(mgr, 'Publier les binômes proposés');
	answer = false;
	await publish.click();
	ok(dialogs.length === 1 && /ne peut pas être annulé/.test(dialogs[0]),
	    'publishing asks first, in French, that it cannot be undone',
	    dialogs.join('\n'));
	ok(mgr.url().includes('done=match'), 'refusing the confirmation does ' +
	    'nothing');
	answer = true;
	const confirmed = new Set(await mgr.$$eval('form[data-confirm]', (fs) =>
	    fs.map((f) => f.querySelector('input[name=action]').value)));
	for (const a of ['publish', 'close'])
		ok(confirmed.has(a), `the act "${a}" asks for confirmation`);

	// --- Error pages. ----------------------------------------------
	res = await mgr.goto(base + '/nulle-part');
	ok(res.status() === 404 && res.headers()['content-type']
	    .startsWith('text/html') && (await mgr.locator('h1').innerText()) ===
	    'Page introuvable' && await mgr.locator('header nav').count() === 1,
	    'an unknown page: 404 in the layout, in French, with the navigation');
	await shot(mgr, 'error-404');
	res = await mgr.goto(base + prog + '/action');
	ok(res.status() === 405 && !(await mgr.content()).includes('{"error"') &&
	    await mgr.locator(`a[href="${prog}"]`).count() >= 1,
	    'a form\'s address opened again: 405 page with the way back');
	await shot(mgr, 'error-405');
	res = await mgr.goto(base + '/api/nulle-part');
	ok(res.status() === 404 && res.headers()['content-type']
	    .startsWith('application/json'), 'the API keeps JSON');
	const anon = await person('en-GB');
	res = await anon.goto(base + '/nowhere');
	ok(res.status() === 404 && await anon.locator('html').getAttribute('lang')
	    === 'en' && (await anon.locator('h1').innerText()) === 'Page not found',
	    'in English for an English reader');

	// --- The report inside the application. -------------------------
	const spo = await person();
	await login(spo, ACCOUNTS.sponsor);
	await spo.goto(base + prog + '/report');
	const rep = await text(spo);
	ok(await spo.locator('header nav').count() === 1 &&
	    await spo.locator(`main a[href="${prog}"]`).count() === 1,
	    'the report has the navigation and a way back');
	ok(!/tandem [a-z]+|--[a-z]/.test(rep), 'the report cites no command');
	await spo.setViewportSize({ width: 390, height: 844 });
	ok(await spo.evaluate(() => document.documentElement.scrollWidth <= 390),
	    'the report reflows on a 390 px phone');
	await shot(spo, 'report-390');
	await spo.getByRole('link', { name: 'Read this report in English' }).click();
	await spo.waitForLoadState();
	ok(await spo.locator('html').getAttribute('lang') === 'en' &&
	    /Participation|Sessions/.test(await text(spo)),
	    'the report in English on request');
	await spo.emulateMedia({ media: 'print' });
	ok(await spo.locator('header.top').isHidden() &&
	    await spo.locator('.report').isVisible(), 'printing keeps the report ' +
	    'and drops the navigation');
	await spo.emulateMedia({ media: 'screen' });

	// --- The accessibility statement. ------------------------------
	await spo.goto(base + '/');
	await spo.getByRole('link', { name: /Accessibilité/ }).click();
	await spo.waitForLoadState();
	ok((await spo.locator('h1').innerText()) === 'Déclaration d\'accessibilité' &&
	    /RGAA 4\.1/.test(await text(spo)), 'the accessibility statement, ' +
	    'from the footer');

	ok(violations.length === 0, 'no Content-Security-Policy violation',
	    violations.join('\n'));
	ok(pageErrors.length === 0, 'no script error', pageErrors.join('\n'));
	// The draft created above is deleted, after its confirmation.
	await mgr.goto(base + draft);
	dialogs.length = 0;
	[res] = await Promise.all([mgr.waitForNavigation(),
	    button(mgr, 'Supprimer le brouillon').click()]);
	ok(dialogs.length === 1 && /ne peut pas être annulé/.test(dialogs[0]) &&
	    mgr.url().endsWith('/?done=deleted') &&
	    (await text(mgr)).includes('Brouillon supprimé.'),
	    'a draft is deleted from its page, after a confirmation', mgr.url());
	res = await mgr.goto(base + draft);
	ok(res.status() === 404, 'and its page is gone');
} catch (e) {
	ok(false, 'the test went to its end', e.stack);
	await failureShots('failure-', ART);
} finally {
	await finish(server, dir);
}
end();
