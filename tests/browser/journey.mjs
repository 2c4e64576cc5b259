// The whole journey in a real browser (Debian's chromium driven by
// playwright-core), against a real `tandem serve` on a real database:
// roster upload, programme design, approval, volunteering, matching,
// answers, sessions, feedback, the coach's view, the report, withdrawal,
// across the four roles, in French, then one pass in English.  No
// Content-Security-Policy violation may appear in any console.
// Screenshots of the main pages go to $BROWSER_ARTIFACTS (look at them).
//
// Usage: TANDEM=build/tandem node tests/browser/journey.mjs
// Prints TAP like the other suites.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
	acceptInvitation as accept, artifacts, axe, axeReport, base, browser,
	button, cli, end, failureShots, finish, launch, login as signIn, ok,
	pageErrors, person as newPerson, serious, Server, shot, TANDEM, text,
	violations, testdb, workDir,
} from './lib.mjs';

const GEN = path.join(path.dirname(TANDEM), 'bench', 'gen-roster');
const dir = workDir('browser');
const DB = testdb(dir);
const PASSWORD = 'un mot de passe solide';
artifacts();
const tandem = cli(DB);

// --- The organisation, as HR's system operator sets it up. ----------
const NOW1 = '2026-11-27T09:00:00Z';
const csv = execFileSync(GEN, ['120', '7'], { encoding: 'utf8' });
const lines = csv.trimEnd().split('\n');
const rows = lines.slice(1).map((l) => l.split(';'));
const managers = new Set(rows.map((r) => r[10]));
const leaves = rows.filter((r) => !managers.has(r[0]));
const year = (r) => Number(r[4].slice(-4));
const young = leaves.filter((r) => year(r) >= 1999);
const old = leaves.filter((r) => year(r) <= 1964);
fs.writeFileSync(path.join(dir, 'first.csv'), lines.slice(0, 21).join('\n') + '\n');
fs.writeFileSync(path.join(dir, 'roster.csv'), csv);
const bad = lines.slice();
bad[4] = bad[4].replace(/;\d\d\/\d\d\/(\d{4});/, ';31/02/$1;');
fs.writeFileSync(path.join(dir, 'bad.csv'), bad.join('\n') + '\n');
const MANAGER = 'E100005', SPONSOR = 'E100001';
const COACH = 'claire.fontaine@atelier-numerique.fr';
tandem(['init'], NOW1);
tandem(['import', 'roster', path.join(dir, 'first.csv')], NOW1);
tandem(['role', 'grant', MANAGER, 'manager'], NOW1);
tandem(['role', 'grant', SPONSOR, 'sponsor'], NOW1);
tandem(['role', 'grant', MANAGER, 'admin'], NOW1);
const invite = (who, now = NOW1) =>
    new URL(tandem(['user', 'invite', who], now).trim()).pathname;

// --- The server and the browser. -----------------------------------
const server = new Server(dir, DB);
const serve = (now) => server.start({ TANDEM_NOW: now });
const stop = () => server.stop();
await launch();
const person = (locale = 'fr-FR') => newPerson({ locale, acceptDownloads: true });
const acceptInvitation = (page, link) => accept(page, link, PASSWORD);
const login = (page, email) => signIn(page, email, PASSWORD);

try {
	await serve(NOW1);

	// The programme manager: first sign-in, the roster.
	const mgr = await person();
	await acceptInvitation(mgr, invite(MANAGER));
	ok((await text(mgr)).includes('Bienvenue'), 'the manager signs in from the invitation');
	await shot(mgr, '01-accueil-responsable');
	await mgr.goto(base + '/roster');
	await mgr.locator('input[type=file]').setInputFiles(path.join(dir, 'bad.csv'));
	await button(mgr, 'Importer').click();
	const err = mgr.locator('#roster-result [role=alert]');
	await err.waitFor();
	const errText = await err.innerText();
	ok(/bad\.csv:5:\d+/.test(errText) && errText.includes('31/02'),
	    'a bad roster is refused with its line and column', errText);
	await shot(mgr, '02-effectif-erreur');
	await mgr.locator('input[type=file]').setInputFiles(path.join(dir, 'roster.csv'));
	await button(mgr, 'Importer').click();
	const done = mgr.locator('#roster-result [role=status]');
	await done.waitFor();
	ok(/Importé.*120.*ajoutés 100/.test(await done.innerText()),
	    'the roster is imported: 100 added', await done.innerText());
	await shot(mgr, '03-effectif-importe');

	// The external coach, added from the people page.
	await mgr.getByRole('link', { name: 'Personnes' }).click();
	await mgr.getByLabel('Nom', { exact: true }).fill('Claire Fontaine');
	await mgr.getByLabel('E-mail', { exact: true }).fill(COACH);
	await mgr.getByLabel('Organisation').fill('Atelier Numérique');
	await button(mgr, 'Ajouter le coach').click();
	ok((await text(mgr)).includes('Coach ajouté') && (await text(mgr)).includes(COACH),
	    'the manager adds the external coach');
	await shot(mgr, '03b-personnes');

	// The programme, designed and submitted.
	await mgr.goto(base + '/programmes/new');
	await mgr.getByLabel('Nom (obligatoire)', { exact: true }).fill('Cap numérique 2027');
	await mgr.getByLabel(/Objectif/).fill('Les plus jeunes accompagnent leurs aînés dans les usages numériques.');
	await mgr.getByLabel('Intelligence artificielle générative').check();
	await mgr.getByLabel('Coach externe').selectOption(COACH);
	await mgr.getByLabel('Début').fill('2026-12-01');
	await mgr.getByLabel('Fin', { exact: true }).fill('2027-05-31');
	await mgr.getByLabel(/Information sur les données/).fill('Tandem garde vos nom, e-mail et direction ; vos commentaires restent privés.');
	await shot(mgr, '04-nouveau-programme');
	await button(mgr, 'Créer le brouillon').click();
	await mgr.waitForURL(/\/programmes\/\d+\?done=created/);
	const progPath = new URL(mgr.url()).pathname;
	const prog = () => base + progPath;
	ok((await text(mgr)).includes('Programme créé en brouillon'), 'the programme is created as a draft');
	await mgr.getByRole('link', { name: 'Modifier la conception' }).click();
	await mgr.getByLabel('Nombre de séances').fill('8');
	await button(mgr, 'Enregistrer').click();
	ok((await text(mgr)).includes('Programme enregistré') && (await text(mgr)).includes('8 × 60 min'),
	    'the manager edits the design');
	await button(mgr, 'Soumettre au sponsor').click();
	ok((await text(mgr)).includes('soumis à la direction'), 'the manager submits it');

	// The sponsor approves.
	const spo = await person();
	await acceptInvitation(spo, invite(SPONSOR));
	ok((await text(spo)).includes('Cap numérique 2027'), 'the sponsor sees it awaiting approval');
	await shot(spo, '05-accueil-sponsor');
	await spo.goto(prog());
	await spo.getByLabel(/Note au responsable/).fill('Approuvé : priorité à la direction financière.');
	await button(spo, 'Approuver').click();
	ok((await text(spo)).includes('Programme approuvé'), 'the sponsor approves with a note');
	await shot(spo, '06-programme-approuve');

	// The manager opens enrolment: the charter is published.
	await mgr.goto(prog());
	await button(mgr, 'Publier la charte et ouvrir les inscriptions').click();
	ok((await text(mgr)).includes('inscriptions ouvertes'), 'enrolment opens');

	// Two volunteers in the browser, the others from paper forms.
	const [mentorRow, menteeRow] = [young[0], old[0]];
	const mentor = await person(), mentee = await person();
	await acceptInvitation(mentor, invite(mentorRow[0]));
	await mentor.goto(prog());
	await mentor.getByRole('link', { name: 'Je me porte volontaire' }).click();
	await mentor.getByRole('radio', { name: /^mentor :/ }).check();
	await mentor.getByLabel(/Rechercher de l'information sur le web : niveau/).selectOption('3');
	await mentor.getByLabel(/Intelligence artificielle générative : niveau/).selectOption('4');
	await mentor.getByLabel("À distance, c'est possible").check();
	await mentor.getByLabel(/Langues/).fill('fr,en');
	await mentor.getByLabel(/J'ai lu la charte/).check();
	await shot(mentor, '07-inscription');
	await button(mentor, "M'inscrire").click();
	ok((await text(mentor)).includes('Inscription enregistrée'), 'a young employee volunteers as a mentor');
	await acceptInvitation(mentee, invite(menteeRow[0]));
	await mentee.goto(prog() + '/enrol');
	await mentee.getByRole('radio', { name: /^mentoré :/ }).check();
	await mentee.getByLabel(/Intelligence artificielle générative : niveau/).selectOption('0');
	await mentee.getByLabel(/Intelligence artificielle générative : intérêt/).selectOption('3');
	await mentee.getByLabel("À distance, c'est possible").check();
	await button(mentee, "M'inscrire").click();
	ok(await mentee.locator('input[name=charter]').evaluate((e) => e.validity.valueMissing),
	    'the charter box must be ticked before enrolling');
	await mentee.getByLabel(/J'ai lu la charte/).check();
	await button(mentee, "M'inscrire").click();
	ok((await text(mentee)).includes('Inscription enregistrée'), 'an older employee volunteers as a mentee');
	const pid = progPath.split('/').pop();
	for (const [i, r] of young.slice(1, 6).entries())
		tandem(['--as', MANAGER, 'enrol', pid, r[0], '--mentor', '--topics',
		    'web-search=4,generative-ai=3', '--languages', 'fr,en', '--remote',
		    '--optin-ref', 'papier-' + i], NOW1);
	for (const [i, r] of old.slice(1, 6).entries())
		tandem(['--as', MANAGER, 'enrol', pid, r[0], '--mentee', '--topics',
		    'web-search=1:3,generative-ai=0:2', '--languages', 'fr,en',
		    '--remote', '--optin-ref', 'papier-m' + i], NOW1);

	// Matching, reviewed and published.
	await mgr.goto(prog());
	await button(mgr, 'Calculer les binômes').click();
	const summary = await mgr.locator('[role=status]').first().innerText();
	ok(/Binômes : 6\/6/.test(summary) && summary.includes('optimum certifié'),
	    'the matcher pairs every mentee, certified optimal', summary);
	await shot(mgr, '08-binomes');
	await button(mgr, 'Verrouiller').first().click();
	ok((await text(mgr)).includes('Binôme verrouillé'), 'the manager locks a pair');
	await button(mgr, 'Publier les binômes proposés').click();
	ok((await text(mgr)).includes('Binômes publiés'), 'the pairs are published');

	// Each side answers.
	await mentor.goto(prog());
	ok((await text(mentor)).includes('Vous accompagnez'), 'the mentor sees their mentee');
	await button(mentor, 'Accepter').click();
	ok((await text(mentor)).includes('acceptée'), 'the mentor accepts');
	await mentee.goto(prog());
	ok((await text(mentee)).includes('Votre mentor est'), 'the mentee sees their mentor');
	await shot(mentee, '09-proposition-mentore');
	await button(mentee, 'Accepter').click();
	// The other volunteers answer on paper, through the manager.
	for (const line of tandem(['pair', 'list', pid], NOW1).trim().split('\n')) {
		const m = line.match(/^(\S+) .* -> (\S+) /);
		for (const who of [m[1], m[2]])
			try {
				tandem(['--as', MANAGER, 'pair', 'accept', '--for', who, pid, m[1], m[2]], NOW1);
			} catch (e) {
				/* already answered in the browser */
			}
	}

	// Sessions planned, the programme starts.
	await mgr.goto(prog());
	await button(mgr, 'Planifier les séances').click();
	ok((await text(mgr)).includes('Séances planifiées'), 'the sessions are planned');
	await button(mgr, 'Démarrer le programme').click();
	ok((await text(mgr)).includes('Programme démarré'), 'the programme starts');
	await shot(mgr, '10-programme-en-cours');

	// Seven weeks later: the sessions of December have taken place.
	ok(await stop() === 0, 'the server stops cleanly on SIGTERM');
	const NOW2 = '2027-01-15T10:00:00Z';
	await serve(NOW2);
	await mgr.goto(prog());
	ok(mgr.url().endsWith('/login'), 'an expired session sends to the login page');
	await login(mgr, rows.find((r) => r[0] === MANAGER)[3]);
	await mgr.goto(prog());
	const heldBefore = await mgr.getByText('tenue', { exact: true }).count();
	// Issue 15: the form opens, and asks who was absent.
	await mgr.locator('details.mark summary', { hasText: 'Marquer tenue' }).first().click();
	await button(mgr, 'Enregistrer : séance tenue').first().click();
	ok((await text(mgr)).includes('Séance marquée tenue'), 'the manager records a session held');

	await login(mentee, menteeRow[3]);
	await mentee.goto(prog());
	const fb = mentee.locator('form[action$="/feedback"]');
	if (await fb.count() > 0) {
		await fb.first().locator('select').selectOption('4');
		await fb.first().locator('input[name=comment]').fill('commentaire secret du mentoré');
		await fb.first().getByRole('button').click();
		ok((await text(mentee)).includes('Merci pour votre avis'), 'the mentee gives feedback');
	} else
		ok(heldBefore >= 0 && false, 'the mentee has a held session to rate');
	const [ics] = await Promise.all([mentee.waitForEvent('download'),
	    mentee.getByRole('link', { name: "Invitation d'agenda" }).first().click()]);
	const icsText = fs.readFileSync(await ics.path(), 'utf8');
	ok(icsText.startsWith('BEGIN:VCALENDAR') && icsText.includes('Europe/Paris'),
	    'the mentee downloads a calendar invitation');
	await mentee.goto(base + '/');
	const [mine] = await Promise.all([mentee.waitForEvent('download'),
	    mentee.getByRole('link', { name: 'télécharger mes données' }).click()]);
	const myData = JSON.parse(fs.readFileSync(await mine.path(), 'utf8'));
	ok(myData.person && myData.person.matricule === menteeRow[0],
	    'the mentee downloads all their data');
	await shot(mentee, '11-accueil-participant');

	// The coach follows the pairs, without the private comments.
	const coach = await person();
	await mgr.goto(base + '/people');
	await mgr.getByLabel(/Matricule d'un salarié/).fill(COACH);
	await button(mgr, "Créer le lien d'invitation").click();
	const coachLink = await mgr.locator('code.link').innerText();
	ok(coachLink.includes('/invite/'), 'an admin makes an invitation link in the UI');
	await acceptInvitation(coach, new URL(coachLink).pathname);
	ok((await text(coach)).includes('Cap numérique 2027'), 'the coach sees the programme they coach');
	await coach.goto(prog());
	const coachText = await text(coach);
	ok(coachText.includes('Binômes') && coachText.includes('Séances'),
	    "the coach sees the pairs and the sessions' attendance");
	ok(!(await coach.content()).includes('commentaire secret'),
	    'the coach sees no private comment');
	ok(await button(coach, 'Calculer les binômes').count() === 0,
	    'the coach has no manager action');
	await shot(coach, '12-coach');

	// The sponsor's report.
	await login(spo, rows.find((r) => r[0] === SPONSOR)[3]);
	await spo.goto(prog());
	await spo.getByRole('link', { name: 'Rapport', exact: true }).click();
	const report = await spo.content();
	ok(report.includes('bilan du programme') && report.includes('<svg'),
	    'the sponsor reads the report with its charts');
	ok(!report.includes('commentaire secret'), 'the report holds no private comment');
	await shot(spo, '13-rapport');

	// Withdrawal, in one click.
	await mentee.goto(prog());
	await button(mentee, 'Me retirer du programme').click();
	ok((await text(mentee)).includes('Vous vous êtes retiré'), 'the mentee withdraws in one click');

	// One pass in English.
	await login(mentor, mentorRow[3]);
	await button(mentor, 'English').click();
	ok((await text(mentor)).includes('Welcome'), 'the mentor switches to English');
	await mentor.goto(prog());
	const en = await mentor.content();
	ok(en.includes('Sign out') && en.includes('My participation') && en.includes('Charter'),
	    'the programme page is in English');
	ok(en.includes('the tandem has ended') && !en.includes('withdrew'),
	    'the mentor learns only that the tandem has ended');
	await shot(mentor, '14-programme-english');
	const mgrEn = await person('en-US');
	await mgrEn.goto(base + '/login');
	ok((await mgrEn.content()).includes('Sign in'), 'an English browser gets the login page in English');

	// On a phone.
	const phoneCtx = await browser.newContext({ locale: 'fr-FR',
	    viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
	const phone = await phoneCtx.newPage();
	phone.on('console', (m) => {
		if (/Content Security Policy|Refused to/i.test(m.text()))
			violations.push(m.text());
	});
	await login(phone, rows.find((r) => r[0] === MANAGER)[3]);
	await phone.goto(prog());
	ok(await phone.evaluate(() => document.documentElement.scrollWidth <= 390),
	    'the programme page fits a phone screen (tables scroll inside)');
	await shot(phone, '15-programme-telephone');

	// Accessibility: axe-core (WCAG 2 A and AA rules) on the main pages.
	// Injecting it needs the CSP bypassed, in this context only.
	const axeCtx = await browser.newContext({ locale: 'fr-FR', bypassCSP: true });
	const axePage = await axeCtx.newPage();
	await login(axePage, rows.find((r) => r[0] === MANAGER)[3]);
	for (const p of ['/', progPath, progPath + '/edit', progPath + '/enrol',
	    '/roster', '/programmes/new']) {
		await axePage.goto(base + p);
		const bad = serious(await axe(axePage));
		ok(bad.length === 0, `accessibility of ${p}: no serious WCAG 2.1 AA violation`,
		    axeReport(bad));
	}

	ok(violations.length === 0, 'no Content-Security-Policy violation in any console',
	    violations.join('\n'));
	ok(pageErrors.length === 0, 'no script error in any page', pageErrors.join('\n'));
} catch (e) {
	ok(false, 'the journey went to its end', e.stack);
	await failureShots('failure-');
} finally {
	await finish(server, dir);
}
end();
