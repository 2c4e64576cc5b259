// The closing survey and the 90-day follow-up in a real browser (issue
// 15 point 4, issue 16 point 2), for both roles, on the demo: the link
// from the participant's home, a refused answer back as typed with its
// reasons, post/redirect/get (a refresh repeats nothing), the answer
// shown read-only, axe on the survey pages, a phone's 320 px, then the
// follow-up once 90 days have passed since the close.
//
// Usage: TANDEM=build/tandem node tests/browser/surveys.mjs
// Prints TAP like the other suites.
import fs from 'node:fs';
import path from 'node:path';
import {
	Server, acceptInvitation as accept, artifacts, axe, axeReport, base, browser,
	button, cli, end, failureShots, launch, login as signIn, ok, pageErrors,
	person as newPerson, serious, shot, text, violations, sql as sqlDb, testdb, workDir,
} from './lib.mjs';

const dir = workDir('surveys');
const DB = testdb(dir);
const PASSWORD = 'un mot de passe solide';
artifacts();
const tandem = cli(DB);
const sql = (q) => sqlDb(DB, q);

// --- The demo, and a mentor and a mentee who have not answered. ------
const NOW1 = '2026-11-27T09:00:00Z';
const NOW2 = '2027-02-25T09:00:00Z';	// 90 days after the close
tandem(['demo'], NOW1);
const unanswered = (role) => sql(`SELECT e.matricule FROM enrolment n
    JOIN employee e ON e.id = n.employee_id WHERE n.role = '${role}'
    AND n.programme_id = 1 AND n.withdrawn_at IS NULL AND NOT EXISTS (SELECT 1 FROM closing c
    WHERE c.enrolment_id = n.id) ORDER BY n.id LIMIT 1`);
const MENTOR = unanswered('mentor'), MENTEE = unanswered('mentee');
const MANAGER = 'E100013';
const invite = (who) =>
    new URL(tandem(['user', 'invite', who], NOW1).trim()).pathname;
const mentorLink = invite(MENTOR), menteeLink = invite(MENTEE);

const server = new Server(dir, DB);
const serve = (now) => server.start({ TANDEM_NOW: now });
const stop = () => server.stop();
await launch();
// axe is injected: the CSP is bypassed (the console still reports the
// pages' own violations).  A confirmation is dismissed.
const person = (width = 1280) => newPerson({ width, bypassCSP: true, answer: false });
const acceptInvitation = (page, link) => accept(page, link, PASSWORD);
const login = (page, email) => signIn(page, email, PASSWORD);
async function axeOk(page, what) {
	const bad = serious(await axe(page));
	ok(bad.length === 0, `accessibility of ${what}: no serious WCAG 2.1 AA violation`,
	    axeReport(bad));
}
const email = (who) => sql(`SELECT email FROM employee WHERE matricule = '${who}'`);

try {
	await serve(NOW1);

	// --- The mentor's closing survey. ------------------------------
	const mentor = await person();
	await acceptInvitation(mentor, mentorLink);
	const link = mentor.getByRole('link', { name: /un questionnaire vous attend/ });
	ok(await link.count() === 1, "the mentor's home links to the survey awaiting");
	await link.click();
	await mentor.waitForURL(/\/programmes\/1\/survey$/);
	let t = await text(mentor);
	ok(t.includes('Questionnaire de fin de programme') &&
	    t.includes('Je me sens capable d\'enseigner à un collègue plus expérimenté'),
	    "the mentor's form asks their confidence", t.slice(0, 400));
	ok(t.includes('Il ouvrira 90 jours après la clôture du programme.'),
	    'the follow-up says when it opens');
	await axeOk(mentor, "the mentor's survey form");

	// A refused answer: the browser's checks lifted, the server's say why.
	await mentor.evaluate(() => document.querySelectorAll('[required]')
	    .forEach((e) => e.removeAttribute('required')));
	await mentor.locator('input[name="closing_taught_web-search"]').check();
	let resp = await Promise.all([mentor.waitForNavigation(),
	    button(mentor, 'Envoyer ma réponse').click()]).then((v) => v[0]);
	ok(resp.status() === 400, 'a refused answer comes back as 400', resp.status());
	t = await text(mentor);
	ok(t.includes('dites si vous recommanderiez le programme'),
	    'the refusal says why, in French', t.slice(0, 300));
	ok(await mentor.locator('[role="alert"]').count() === 1, 'the reasons are announced');
	ok(await mentor.locator('input[name="closing_taught_web-search"]').isChecked(),
	    'the form comes back as typed');
	ok(sql(`SELECT count(*) FROM closing_mentor m JOIN enrolment n ON n.id = m.enrolment_id
	    JOIN employee e ON e.id = n.employee_id WHERE e.matricule = '${MENTOR}'
	    AND n.programme_id = 1`) === '0',
	    'nothing recorded');

	await mentor.getByLabel('oui').check();
	await mentor.locator('input[name="closing_teach"][value="4"]').check();
	await mentor.locator('input[name="closing_upward"][value="3"]').check();
	await button(mentor, 'Envoyer ma réponse').click();
	await mentor.waitForURL(/\/programmes\/1\/survey\?done=closing$/);
	t = await text(mentor);
	ok(t.includes('Merci : votre réponse au questionnaire de fin de programme est enregistrée.'),
	    'post/redirect/get: the confirmation', t.slice(0, 300));
	ok(t.includes('4/5') && t.includes('3/5') && t.includes('Rechercher de l\'information sur le web'),
	    "the mentor's answer shown read-only", t.slice(0, 800));
	ok(await mentor.locator('form button:has-text("Envoyer ma réponse")').count() === 0,
	    'no form once answered');
	await mentor.reload();
	ok(sql(`SELECT count(*) FROM closing_mentor m JOIN enrolment n ON n.id = m.enrolment_id
	    JOIN employee e ON e.id = n.employee_id WHERE e.matricule = '${MENTOR}'
	    AND n.programme_id = 1`) === '1',
	    'a refresh repeats nothing');
	await axeOk(mentor, "the mentor's answer");
	await shot(mentor, 'survey-mentor');

	// --- The mentee's closing survey, on a phone. ------------------
	const mentee = await person(320);
	await acceptInvitation(mentee, menteeLink);
	await mentee.goto(base + '/programmes/1/survey');
	t = await text(mentee);
	ok(t.includes('Mon niveau aujourd\'hui') && t.includes('Ce que j\'ai changé dans ma pratique'),
	    "the mentee's form asks levels and the checklist", t.slice(0, 400));
	await axeOk(mentee, "the mentee's survey form");
	const wide = await mentee.evaluate(() => document.documentElement.scrollWidth);
	ok(wide <= 320, 'the form fits 320 px', wide);
	await mentee.getByLabel('non').check();
	await mentee.getByLabel('Rechercher de l\'information sur le web').selectOption('3');
	await mentee.getByLabel('J\'utilise les opérateurs de recherche (guillemets, site:, -mot)').check();
	await mentee.getByLabel('Ce qui a changé pour vous (facultatif)').fill('Je cherche mieux.');
	await button(mentee, 'Envoyer ma réponse').click();
	await mentee.waitForURL(/\?done=closing$/);
	t = await text(mentee);
	ok(t.includes('Vos niveaux') && t.includes('J\'utilise les opérateurs de recherche'),
	    "the mentee's answer shown read-only", t.slice(0, 800));
	ok(t.includes('Je cherche mieux.'), 'their private text, to them alone');
	ok(sql(`SELECT count(*) FROM practice_done d JOIN enrolment n ON n.id = d.enrolment_id
	    JOIN employee e ON e.id = n.employee_id WHERE e.matricule = '${MENTEE}'
	    AND n.programme_id = 1`) === '1',
	    'the checklist recorded');
	await shot(mentee, 'survey-mentee-320');
	ok(await stop() === 0, 'the server stopped cleanly');

	// --- Ninety days after the close: the follow-up. ---------------
	tandem(['--as', MANAGER, 'programme', 'close', 'Cap numérique'], '2026-11-27T10:00:00Z');
	await serve(NOW2);
	const later = await person();
	await login(later, email(MENTEE));
	const awaits = later.getByRole('link', { name: /un questionnaire vous attend/ });
	ok(await awaits.count() === 1, 'the home says the follow-up awaits');
	await awaits.click();
	t = await text(later);
	ok(t.includes('Questionnaire de suivi, 90 jours après') && t.includes('Mon niveau aujourd\'hui'),
	    'the follow-up form', t.slice(0, 600));
	await later.getByLabel('Rechercher de l\'information sur le web').selectOption('4');
	await button(later, 'Envoyer ma réponse').click();
	await later.waitForURL(/\?done=followup$/);
	t = await text(later);
	ok(t.includes('À 90 jours') && t.includes('votre réponse au questionnaire de suivi est enregistrée'),
	    'the follow-up answered, shown read-only', t.slice(0, 800));
	await axeOk(later, 'the follow-up answered');
	await shot(later, 'survey-followup');
	ok(await stop() === 0, 'the second server stopped cleanly');

	ok(violations.length === 0, 'no Content-Security-Policy violation', violations.join('\n'));
	ok(pageErrors.length === 0, 'no script error in any page', pageErrors.join('\n'));
} catch (e) {
	ok(false, 'the surveys went to their end', e.stack);
	await failureShots('surveys-failure-');
	if (server.running)
		await stop();
}
await browser.close();
fs.rmSync(dir, { recursive: true, force: true });
end();
