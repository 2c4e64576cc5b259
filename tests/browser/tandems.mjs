// Tandems that end and start again, in a real browser (issue 12): a
// programme designed in the UI with the default chain rule, in which the
// chief executive is matched with an intern; the chief executive ends
// the tandem with a private reason; the intern learns only that it ended
// and that they wait; the manager matches again while it runs.
// Screenshots go to $BROWSER_ARTIFACTS.
//
// Usage: TANDEM=build/tandem node tests/browser/tandems.mjs
// Prints TAP like the other suites.
import fs from 'node:fs';
import path from 'node:path';
import {
	acceptInvitation as accept, artifacts, base, button, cli, end,
	failureShots, finish, launch, ok, pageErrors, person as newPerson,
	Server, shot, text, violations, testdb, workDir,
} from './lib.mjs';

const dir = workDir('browser');
const DB = testdb(dir);
const PASSWORD = 'un mot de passe solide';
artifacts();
const tandem = cli(DB);

// --- The organisation: the chief executive E1 at the top; the intern
// E3 three levels below him (E3 -> E4 -> E5 -> E1); E6 two levels below
// (E6 -> E2 -> E1), whom the default chain rule keeps from him.
const NOW1 = '2026-11-27T09:00:00Z';
fs.writeFileSync(path.join(dir, 'roster.csv'), [
	'Matricule;Nom;Prénom;Email;Date de naissance;Direction;Site;Niveau;Langue;Matricule manager',
	'E1;Perrin;Michel;michel.perrin@exemple.fr;01/01/1960;Direction Générale;Lyon;PDG;fr;',
	'E2;Guérin;Hervé;herve.guerin@exemple.fr;01/01/1968;RH;Lyon;Directeur;fr;E1',
	'E3;Nguyen;Léa;lea.nguyen@exemple.fr;15/06/2004;DSI;Lyon;Stagiaire;fr;E4',
	'E4;Caron;Sylvie;sylvie.caron@exemple.fr;01/01/1980;DSI;Lyon;Manager;fr;E5',
	'E5;Lévêque;Françoise;francoise.leveque@exemple.fr;30/06/1962;DSI;Lyon;Directrice;fr;E1',
	'E6;Fabre;Noé;noe.fabre@exemple.fr;30/09/2001;Commerciale;Lyon;Employé;fr;E2',
	'E7;Roux;Hugo;hugo.roux@exemple.fr;03/03/1955;Finances;Lyon;Directeur;fr;E1',
	'E8;Dupré;Jérôme;jerome.dupre@exemple.fr;14/02/1962;Juridique;Lyon;Directeur;fr;E1',
	'E9;Blanc;Jade;jade.blanc@exemple.fr;02/02/2002;DSI;Lyon;Alternant;fr;E3',
].join('\n') + '\n');
const MANAGER = 'E2', SPONSOR = 'E8';
tandem(['init'], NOW1);
tandem(['import', 'roster', path.join(dir, 'roster.csv')], NOW1);
tandem(['role', 'grant', MANAGER, 'manager'], NOW1);
tandem(['role', 'grant', SPONSOR, 'sponsor'], NOW1);
const invite = (who, now = NOW1) =>
    new URL(tandem(['user', 'invite', who], now).trim()).pathname;

const server = new Server(dir, DB);
const serve = (now) => server.start({ TANDEM_NOW: now });
await launch();
const person = (locale = 'fr-FR') => newPerson({ locale });
const acceptInvitation = (page, link) => accept(page, link, PASSWORD);

try {
	await serve(NOW1);

	// The programme, designed in the UI with the default chain rule.
	const mgr = await person();
	await acceptInvitation(mgr, invite(MANAGER));
	await mgr.goto(base + '/programmes/new');
	const depth = mgr.getByLabel(/Niveaux hiérarchiques écartés/);
	ok(await depth.inputValue() === '2',
	    'the design form shows the chain rule: two levels by default');
	await mgr.getByLabel('Nom (obligatoire)', { exact: true }).fill('Inversé 2027');
	await mgr.getByLabel(/Objectif/).fill('Les plus jeunes accompagnent la direction dans les usages numériques.');
	await mgr.getByLabel('Intelligence artificielle générative').check();
	await mgr.getByLabel('Début').fill('2026-12-01');
	await mgr.getByLabel('Fin', { exact: true }).fill('2027-05-31');
	await mgr.getByLabel(/Information sur les données/).fill('Tandem garde vos nom, e-mail et direction.');
	await shot(mgr, 'tandems-01-conception');
	await button(mgr, 'Créer le brouillon').click();
	await mgr.waitForURL(/\/programmes\/\d+\?done=created/);
	const progPath = new URL(mgr.url()).pathname;
	const pid = progPath.split('/').pop();
	const prog = () => base + progPath;
	const shown = tandem(['programme', 'show', pid], NOW1);
	ok(shown.includes('management chain: no pair within 2 levels'),
	    'the programme keeps the default: two levels', shown);
	await button(mgr, 'Soumettre au sponsor').click();
	tandem(['--as', SPONSOR, 'programme', 'approve', pid], NOW1);
	await mgr.goto(prog());
	await button(mgr, 'Publier la charte et ouvrir les inscriptions').click();
	ok((await text(mgr)).includes('inscriptions ouvertes'), 'enrolment opens');

	// The intern and a young employee mentor; the chief executive and a
	// director are mentees (their paper opt-ins, recorded).
	const enrol = (who, role, topics, i) => tandem(['--as', MANAGER, 'enrol',
	    pid, who, '--' + role, '--topics', topics, '--optin-ref', 'papier-' + i], NOW1);
	enrol('E3', 'mentor', 'generative-ai=4', 1);
	enrol('E6', 'mentor', 'generative-ai=3', 2);
	enrol('E1', 'mentee', 'generative-ai=0:3', 3);
	enrol('E7', 'mentee', 'generative-ai=0:2', 4);

	// Matching: the intern is paired with the chief executive.
	await mgr.goto(prog());
	await button(mgr, 'Calculer les binômes').click();
	const summary = await mgr.locator('[role=status]').first().innerText();
	ok(/Binômes : 2\/2/.test(summary) && summary.includes('optimum certifié'),
	    'both mentees are paired, certified optimal', summary);
	const ceoRow = mgr.locator('li.pair-card', { hasText: 'Michel Perrin' });
	ok((await ceoRow.innerText()).includes('Léa Nguyen'),
	    'the intern mentors the chief executive', await ceoRow.innerText());
	await shot(mgr, 'tandems-02-pdg-stagiaire');
	await button(mgr, 'Publier les binômes proposés').click();
	for (const [r, e] of [['E3', 'E1'], ['E6', 'E7']])
		for (const who of [r, e])
			tandem(['--as', MANAGER, 'pair', 'accept', '--for', who, pid, r, e], NOW1);
	await mgr.goto(prog());
	await button(mgr, 'Planifier les séances').click();
	await button(mgr, 'Démarrer le programme').click();
	ok((await text(mgr)).includes('Programme démarré'), 'the programme starts');

	// The chief executive ends the tandem, with a private reason.
	const ceo = await person();
	await acceptInvitation(ceo, invite('E1'));
	await ceo.goto(prog());
	await ceo.locator('details.end-tandem summary').first().click();
	await ceo.locator('details.end-tandem textarea').first()
	    .fill('R5150 agenda impossible ce trimestre');
	await shot(ceo, 'tandems-03-fin-du-tandem');
	await ceo.locator('details.end-tandem button').first().click();
	ok((await text(ceo)).includes('Le tandem a pris fin'),
	    'the chief executive ends the tandem', await text(ceo));
	ok((await text(ceo)).includes('le tandem a pris fin'),
	    'his page shows the tandem ended');

	// The intern learns that it ended, not who ended it, nor why.
	const intern = await person();
	await acceptInvitation(intern, invite('E3'));
	const home = await text(intern);
	ok(home.includes("En attente d'un binôme"), 'the intern sees that she waits', home);
	await intern.goto(prog());
	const page = await text(intern);
	ok(page.includes('annulée (fin du tandem)') && !page.includes('annulée par le'),
	    'her sessions to come: "annulée (fin du tandem)", no side named', page);
	ok(!page.includes('R5150'), 'the reason stays private');
	await shot(intern, 'tandems-04-stagiaire');

	// A new mentor, two levels further down; the manager matches again.
	enrol('E9', 'mentor', 'generative-ai=4', 5);
	await mgr.goto(prog());
	await button(mgr, 'Former des binômes pour les personnes en attente').click();
	const again = await mgr.locator('[role=status]').first().innerText();
	ok(again.includes('optimum certifié'), 'matched again, certified', again);
	const rows = await mgr.locator('li.pair-card', { hasText: 'Michel Perrin' }).allInnerTexts();
	ok(rows.some((r) => r.includes('Jade Blanc') && r.includes('proposé')) &&
	    rows.some((r) => r.includes('Léa Nguyen') && r.includes('tandem terminé')),
	    'the chief executive gets a new intern; the ended pair stays ended', rows.join('\n'));
	const other = await mgr.locator('li.pair-card', { hasText: 'Hugo Roux' }).first().innerText();
	ok(other.includes('accepté'), 'the other tandem is untouched', other);
	await shot(mgr, 'tandems-05-nouveau-binome');

	ok(violations.length === 0, 'no Content-Security-Policy violation in any console',
	    violations.join('\n'));
	ok(pageErrors.length === 0, 'no script error in any page', pageErrors.join('\n'));
} catch (e) {
	ok(false, 'the journey went to its end', e.stack);
	await failureShots('tandems-failure-');
} finally {
	await finish(server, dir);
}
end();
