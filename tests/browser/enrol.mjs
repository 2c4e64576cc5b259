// Each act of issue 12 a volunteer does in the browser: changing an
// enrolment (refused with the reason and the values kept, then saved;
// only the availability once there is a partner), proposing another date
// that the partner accepts, and withdrawing then volunteering again (a
// new enrolment, the old one in the history); and the planner's
// shortfall, which the manager reads after the page's redirect.  Ending a tandem and
// matching the waiting list again are in tandems.mjs.
// Screenshots go to $BROWSER_ARTIFACTS.
//
// Usage: TANDEM=build/tandem node tests/browser/enrol.mjs
// Prints TAP like the other suites.
import fs from 'node:fs';
import path from 'node:path';
import {
	acceptInvitation as accept, artifacts, base, button, cli, end,
	failureShots, finish, launch, ok, pageErrors, person as newPerson,
	Server, shot, text, violations, testdb, workDir, dump as dumpDb,
} from './lib.mjs';

const dir = workDir('browser');
const DB = testdb(dir);
const PASSWORD = 'un mot de passe solide';
artifacts();
const tandem = cli(DB);

// --- The organisation: a manager, a sponsor, a mentor and a mentee.
const NOW1 = '2026-11-27T09:00:00Z';
fs.writeFileSync(path.join(dir, 'roster.csv'), [
	'Matricule;Nom;Prénom;Email;Date de naissance;Direction;Site;Niveau;Langue;Matricule manager',
	'E1;Perrin;Michel;michel.perrin@exemple.fr;01/01/1960;Direction Générale;Lyon;PDG;fr;',
	'E2;Guérin;Hervé;herve.guerin@exemple.fr;01/01/1968;RH;Lyon;Directeur;fr;E1',
	'E3;Nguyen;Léa;lea.nguyen@exemple.fr;15/06/2004;DSI;Lyon;Stagiaire;fr;E4',
	'E4;Caron;Sylvie;sylvie.caron@exemple.fr;01/01/1980;DSI;Lyon;Manager;fr;E1',
	'E7;Roux;Hugo;hugo.roux@exemple.fr;03/03/1955;Finances;Lyon;Directeur;fr;E1',
	'E8;Dupré;Jérôme;jerome.dupre@exemple.fr;14/02/1962;Juridique;Lyon;Directeur;fr;E1',
].join('\n') + '\n');
const MANAGER = 'E2', SPONSOR = 'E8', P = 'Cap';
tandem(['init'], NOW1);
tandem(['import', 'roster', path.join(dir, 'roster.csv')], NOW1);
tandem(['role', 'grant', MANAGER, 'manager'], NOW1);
tandem(['role', 'grant', SPONSOR, 'sponsor'], NOW1);
tandem(['--as', MANAGER, 'programme', 'create', '--purpose', 'Les outils du quotidien',
    '--topics', 'web-search,generative-ai', '--start', '2026-12-01', '--end', '2027-05-31',
    '--data-notice', "Jusqu'à la fin du programme.", P], NOW1);
tandem(['--as', MANAGER, 'programme', 'submit', P], NOW1);
tandem(['--as', SPONSOR, 'programme', 'approve', P], NOW1);
tandem(['--as', MANAGER, 'programme', 'open', P], NOW1);
tandem(['--as', 'E3', 'enrol', P, 'E3', '--mentor', '--topics', 'web-search=4'], NOW1);
tandem(['--as', 'E7', 'enrol', P, 'E7', '--mentee', '--topics', 'web-search=1:3',
    '--availability', 'mon-am,tue-pm'], NOW1);
const pid = tandem(['programme', 'show', '--json', P], NOW1).match(/"id":\s*(\d+)/)[1];
const invite = (who, now = NOW1) =>
    new URL(tandem(['user', 'invite', who], now).trim()).pathname;
const dump = () => dumpDb(DB);

const server = new Server(dir, DB);
const serve = (now) => server.start({ TANDEM_NOW: now, TANDEM_MAIL_INTERVAL: '0' });
await launch();
const person = (locale = 'fr-FR') => newPerson({ locale });
const acceptInvitation = (page, link) => accept(page, link, PASSWORD);

try {
	await serve(NOW1);
	const prog = () => base + '/programmes/' + pid;

	// --- Changing an enrolment, before any partner.
	const mentee = await person();
	await acceptInvitation(mentee, invite('E7'));
	await mentee.goto(prog());
	await mentee.getByRole('link', { name: 'Modifier mon inscription' }).click();
	await mentee.waitForURL(prog() + '/enrolment');
	const interest = mentee.getByLabel('Rechercher de l\'information sur le web : intérêt');
	ok(await interest.inputValue() === '3' &&
	    await mentee.getByLabel('Rechercher de l\'information sur le web : niveau').inputValue() === '1',
	    'the form shows the level and interest given');
	ok(await mentee.getByLabel('lundi matin').isChecked() &&
	    await mentee.getByLabel('mardi après-midi').isChecked() &&
	    !(await mentee.getByLabel('jeudi matin').isChecked()),
	    'and the half-days given');
	await shot(mentee, 'enrol-01-formulaire');

	// Refused: no half-day left; the reason is shown, the values kept.
	let before = dump();
	await mentee.getByLabel('Rechercher de l\'information sur le web : niveau').selectOption('2');
	await mentee.getByLabel('lundi matin').uncheck();
	await mentee.getByLabel('mardi après-midi').uncheck();
	await button(mentee, 'Enregistrer les changements').click();
	const alert = await mentee.locator('[role=alert]').innerText().catch(() => '');
	ok(/availability|disponibilit/i.test(alert) && /half-day|demi-journ/i.test(alert),
	    'no half-day: refused, with the reason', alert);
	ok(await mentee.getByLabel('Rechercher de l\'information sur le web : niveau').inputValue() === '2',
	    'the level typed is kept');
	ok(dump() === before, 'the database is unchanged after the refusal');
	await shot(mentee, 'enrol-02-refus');

	await mentee.getByLabel('jeudi matin').check();
	await mentee.getByLabel('Intelligence artificielle générative : intérêt').selectOption('2');
	await button(mentee, 'Enregistrer les changements').click();
	await mentee.waitForURL(/\?done=changed/);
	ok((await text(mentee)).includes('Inscription modifiée.'), 'saved, and said so');
	let list = tandem(['enrolments', P], NOW1);
	ok(list.includes('mentee\tweb-search=2:3,generative-ai=0:2\tfr\tLyon\tthu-am'),
	    'the enrolment is changed as typed', list);

	// --- A partner: only the availability can change.
	tandem(['--as', MANAGER, 'match', P], NOW1);
	tandem(['--as', MANAGER, 'pair', 'publish', P], NOW1);
	tandem(['--as', 'E3', 'pair', 'accept', P, 'E3', 'E7'], NOW1);
	tandem(['--as', 'E7', 'pair', 'accept', P, 'E3', 'E7'], NOW1);
	// --- The planner's shortfall reaches the manager after the redirect:
	// no half-day in common, nothing planned, and the page says why.
	tandem(['--as', 'E3', 'enrol', '--change', '--availability', 'fri-pm', P, 'E3'], NOW1);
	const mgr = await person();
	await acceptInvitation(mgr, invite(MANAGER));
	await mgr.goto(prog());
	await button(mgr, 'Planifier les séances').click();
	await mgr.waitForURL(/\?done=plan/);
	const planned = await text(mgr);
	ok(planned.includes('Dernière planification') &&
	    planned.includes('Léa Nguyen et Hugo Roux : 0 séance planifiée sur 6 — ' +
	    "aucune demi-journée n'est proposée par les deux."),
	    'after the redirect, the manager reads which pair fell short and why, in French',
	    planned);
	ok(!/\bE[37]\b/.test(planned.split('Dernière planification')[1] || ''),
	    'no matricule in it');
	await shot(mgr, 'enrol-03-planification');
	tandem(['--as', 'E3', 'enrol', '--change', '--availability', 'all', P, 'E3'], NOW1);
	tandem(['--as', 'E7', 'enrol', '--change', '--availability', 'all', P, 'E7'], NOW1);
	tandem(['--as', MANAGER, 'session', 'plan', P], NOW1);
	await mgr.goto(prog());
	ok(!(await text(mgr)).includes('Dernière planification'),
	    'planned in full: nothing short any more');
	await mentee.goto(prog() + '/enrolment');
	ok(await mentee.getByLabel('Rechercher de l\'information sur le web : niveau').count() === 0 &&
	    (await text(mentee)).includes('seules vos disponibilités peuvent encore changer'),
	    'with a partner, the form offers the availability only', await text(mentee));
	await mentee.getByLabel('vendredi après-midi').uncheck();
	await button(mentee, 'Enregistrer les changements').click();
	await mentee.waitForURL(/\?done=changed/);
	list = tandem(['enrolments', P], NOW1);
	ok(list.includes('web-search=2:3,generative-ai=0:2\tfr\tLyon\tmon-am,mon-pm,tue-am,tue-pm,wed-am,wed-pm,thu-am,thu-pm,fri-am'),
	    'the availability changes, the rest stays', list);

	// --- Proposing another date; the partner accepts it.
	await mentee.goto(prog());
	const first = mentee.locator('details', { hasText: 'Proposer une autre date' }).first();
	await first.locator('summary').click();
	await first.getByLabel('Jour').fill('2026-12-03');
	await first.getByLabel('Heure (Paris)').fill('10:00');
	await shot(mentee, 'enrol-04-proposition');
	await first.getByRole('button', { name: 'Proposer' }).click();
	ok((await text(mentee)).includes('Date proposée'), 'the date is proposed',
	    await text(mentee));
	let sessions = tandem(['--as', MANAGER, 'session', 'list', P], NOW1);
	ok(sessions.includes('01/12/2026 14:00'), 'the session stays until the partner agrees', sessions);

	const mentor = await person();
	await acceptInvitation(mentor, invite('E3'));
	await mentor.goto(prog());
	ok((await text(mentor)).includes('Date proposée : 03/12/2026 10:00 (par le mentoré)'),
	    'the mentor sees the date proposed', await text(mentor));
	await button(mentor, 'Accepter cette date').first().click();
	ok((await text(mentor)).includes('Date acceptée'), 'the mentor accepts it');
	sessions = tandem(['--as', MANAGER, 'session', 'list', P], NOW1);
	ok(sessions.includes('03/12/2026 10:00') && !sessions.includes('01/12/2026 14:00'),
	    'the session is moved', sessions);
	await shot(mentor, 'enrol-05-acceptee');

	// A date outside the programme: refused with the reason.
	before = dump();
	await mentee.goto(prog());
	const again = mentee.locator('details', { hasText: 'Proposer une autre date' }).first();
	await again.locator('summary').click();
	await again.getByLabel('Jour').fill('2027-12-02');
	await again.getByLabel('Heure (Paris)').fill('10:00');
	await again.getByRole('button', { name: 'Proposer' }).click();
	const why = await mentee.locator('[role=alert]').innerText().catch(() => '');
	ok(why.length > 0 && /2027|programme/.test(why), 'a date after the end: refused, with the reason', why);
	ok(dump() === before, 'the database is unchanged after the refusal');

	// --- Withdrawing, then volunteering again: a new enrolment.
	await mentee.goto(prog());
	await button(mentee, 'Me retirer du programme').click();
	ok((await text(mentee)).includes('Vous vous êtes retiré du programme'),
	    'the withdrawal says what it does', await text(mentee));
	await mentee.getByRole('link', { name: 'Je me porte volontaire' }).click();
	await mentee.getByLabel('mentoré : je veux apprendre').check();
	await mentee.getByLabel('Intelligence artificielle générative : intérêt').selectOption('3');
	await mentee.getByLabel(/J'ai lu la charte/).check();
	await shot(mentee, 'enrol-06-de-nouveau');
	await button(mentee, "M'inscrire").click();
	ok((await text(mentee)).includes('Inscription enregistrée'), 'volunteering again is recorded',
	    await text(mentee));
	list = tandem(['enrolments', '--withdrawn', P], NOW1);
	const rows = list.split('\n').filter((l) => l.startsWith('E7\t'));
	ok(rows.length === 2 && rows[0].includes('withdrawn') && !rows[1].includes('withdrawn') &&
	    rows[1].includes('generative-ai=0:3'),
	    'a new enrolment; the withdrawn one stays in the history', list);
	ok((await text(mentee)).includes('Modifier mon inscription'),
	    'the new enrolment can be changed in its turn');

	ok(violations.length === 0, 'no Content-Security-Policy violation in any console',
	    violations.join('\n'));
	ok(pageErrors.length === 0, 'no script error in any page', pageErrors.join('\n'));
} catch (e) {
	ok(false, 'the journey went to its end', e.stack);
	await failureShots('enrol-failure-');
} finally {
	await finish(server, dir);
}
end();
