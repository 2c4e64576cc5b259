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
import path from 'node:path';
import {
	ART, artifacts, axe, base, browser, button, cli, end, failureShots,
	finish, launch, login as signIn, ok, pageErrors, person as newPerson,
	serious, Server, shot, text, violations, sql, testdb, workDir,
} from './lib.mjs';

const dir = workDir('browser');
const DB = testdb(dir);
const PASSWORD = 'tandem-demo-12';
artifacts();
const tandem = cli(DB);

const NOW1 = '2026-11-27T09:00:00Z';
const demo = tandem(['demo'], NOW1);
const email = (role) => demo.match(new RegExp('^  ' + role + ' +(\\S+@\\S+)', 'm'))[1];
const MENTOR = email('mentor'), MENTEE = email('mentee'), SPONSOR = email('sponsor');

const server = new Server(dir, DB);
const serve = (now) => server.start({ TANDEM_NOW: now });
await launch();
const person = (locale = 'fr-FR') => newPerson({ locale });
const login = (page, who) => signIn(page, who, PASSWORD);

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
	sql(DB, "UPDATE attestation SET content = replace(content, 'Séances tenues : ', 'Séances tenues : 9') WHERE code = '" + code + "'");
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
	const axeCtx = await browser.newContext({ locale: 'fr-FR', bypassCSP: true });
	const axePage = await axeCtx.newPage();
	sql(DB, "UPDATE attestation SET content = replace(content, 'Séances tenues : 9', 'Séances tenues : ') WHERE code = '" + code + "'");
	for (const p of ['/verify', '/verify/' + code]) {
		await axePage.goto(base + p);
		const bad = serious(await axe(axePage));
		ok(bad.length === 0, `accessibility of ${p}: no serious WCAG 2.1 AA violation`,
		    bad.map((v) => `${v.id} (${v.impact}): ${v.help}`).join('\n'));
	}
	await login(axePage, MENTOR);
	for (const p of ['/programmes/1/kudos']) {
		await axePage.goto(base + p);
		const bad = serious(await axe(axePage));
		ok(bad.length === 0, `accessibility of ${p}: no serious WCAG 2.1 AA violation`,
		    bad.map((v) => `${v.id} (${v.impact}): ${v.help}`).join('\n'));
	}

	ok(violations.length === 0, 'no Content-Security-Policy violation in any console',
	    violations.join('\n'));
	ok(pageErrors.length === 0, 'no script error in any page', pageErrors.join('\n'));
} catch (e) {
	ok(false, 'the test went to its end', e.stack);
	await failureShots('recog-failure-');
} finally {
	await finish(server, dir);
}
end();
