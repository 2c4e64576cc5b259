// One language at a time (issue 15): the demo's pages for its five web
// accounts, in French, may show no English sentence of the message
// catalogue (po/fr.po's msgids), and an English reader's pages no French
// sentence of it.  The demo's known leaks are provoked on the way: a
// wrong password, a date proposed on a Sunday, the tandems at risk, the
// planner's lines.  Screenshots go to $BROWSER_ARTIFACTS.
//
// Usage: TANDEM=build/tandem node tests/browser/i18n.mjs
// Prints TAP like the other suites.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import {
	ART, artifacts, base, button, end, finish, launch, ok, parsePo,
	person as newPerson, sentences, Server, TANDEM, top, testdb, workDir,
} from './lib.mjs';

const dir = workDir('i18n');
const DB = testdb(dir);
artifacts();

// --- The catalogue: each entry's sentences, the text between its
// conversions, long enough to be a sentence of its own (a few words). ---
const po = parsePo(path.join(top, 'po', 'fr.po'))
    .filter((e) => e.ctx === undefined || e.ctx === 'web');
const english = [...new Set(po.flatMap((e) => sentences(e.id)))];
const french = [...new Set(po.filter((e) => e.str).flatMap((e) => sentences(e.str)))]
    .filter((s) => !english.includes(s));
ok(english.length > 150 && french.length > 150, 'the catalogue gives sentences to look for',
    `${english.length} English, ${french.length} French`);
const found = (text, list) => list.filter((s) => text.includes(s));

// --- The demo and its accounts. ------------------------------------
const demo = execFileSync(TANDEM, ['-d', DB, 'demo'], { encoding: 'utf8' });
const password = demo.match(/password "([^"]+)"/)[1];
const accounts = {};
for (const role of ['manager', 'sponsor', 'mentor', 'mentee', 'coach']) {
	const m = demo.match(new RegExp('^\\s+' + role + '\\s+(\\S+@\\S+)', 'm'));
	accounts[role] = m[1];
}
ok(Object.keys(accounts).length === 5, 'the demo names five accounts', JSON.stringify(accounts));

const server = new Server(dir, DB);
const serve = () => server.start();
await launch();
// Signing in hashes a password: slow on a loaded machine.
const person = (locale) => newPerson({ locale, timeout: 120e3 });
const body = (page) => page.locator('body').innerText();
// A page's own words: not the parts it marks as another language (the
// subject of a message as its recipient read it, on the outbox page).
const own = (page) => page.evaluate(() => {
	const b = document.body.cloneNode(true);
	const mine = document.documentElement.lang;
	for (const e of b.querySelectorAll('[lang]'))
		if (e.getAttribute('lang') !== mine)
			e.remove();
	return b.innerText === undefined ? b.textContent : b.textContent;
});

async function login(page, email, pass = password) {
	await page.goto(base + '/login');
	await page.locator('#email').fill(email);
	await page.locator('#password').fill(pass);
	await page.locator('form[action="/login"] button[type=submit]').click();
	await page.waitForLoadState();
}

// Every page a person reaches from their home by the links of the
// pages (GET, this server, no download, no sign-out), at most `max`.
async function walk(page, role, list, max = 30) {
	const seen = new Set(), queue = ['/'], leaks = [];
	let shots = 0;
	while (queue.length && seen.size < max) {
		const url = queue.shift();
		if (seen.has(url))
			continue;
		seen.add(url);
		const res = await page.goto(base + url);
		const type = (res && res.headers()['content-type']) || '';
		if (!type.startsWith('text/html'))
			continue;
		const hits = found(await own(page), list);
		if (hits.length)
			leaks.push(url + ': ' + hits.join(' | '));
		if (shots++ < 3)
			await page.screenshot({ path: path.join(ART,
			    `i18n-${role}-${shots}.png`), fullPage: true });
		for (const href of await page.locator('a[href^="/"]').evaluateAll(
		    (as) => as.map((a) => a.getAttribute('href')))) {
			const p = href.split('#')[0];
			if (!p || seen.has(p) || /logout|lang=|format=|\.ics|export|\/api\//.test(p))
				continue;
			queue.push(p);
		}
	}
	return { seen, leaks };
}

try {
	await serve();

	// A wrong password, in each language.
	const anon = await person('fr-FR');
	await login(anon, accounts.manager, 'pas le bon mot de passe');
	let t = await body(anon);
	ok(t.includes('adresse e-mail ou mot de passe incorrect') &&
	    !t.includes('wrong e-mail or password'), 'a wrong password is told in French', t);
	const anonEn = await person('en-GB');
	await login(anonEn, accounts.manager, 'not the right password');
	t = await body(anonEn);
	ok(t.includes('wrong e-mail or password'), 'and in English to an English browser', t);

	for (const role of ['manager', 'sponsor', 'mentor', 'mentee', 'coach']) {
		const page = await person('fr-FR');
		await login(page, accounts[role]);
		ok(!page.url().endsWith('/login'), `the ${role} signs in`, page.url());
		const { seen, leaks } = await walk(page, role, english);
		ok(seen.size >= 2, `the ${role}'s pages are walked`, [...seen].join(' '));
		ok(leaks.length === 0, `no English sentence of the catalogue on the ${role}'s French pages`,
		    leaks.join('\n'));
		if (role === 'manager' || role === 'coach') {
			// The tandems at risk, on the programme's page.
			await page.goto(base + '/programmes/1');
			t = await body(page);
			ok(/aucune séance tenue depuis \d+ jours|\d+ séances annulées par le (mentor|mentoré)/.test(t) &&
			    !/no session held for|cancelled by the (mentor|mentee)/.test(t),
			    `the ${role}'s tandems at risk are in French`,
			    t.split('\n').filter((l) => /held for|cancelled by/.test(l)).join('\n'));
		}
		if (role === 'manager') {
			const plan = page.getByRole('button', { name: 'Planifier les séances' });
			if (await plan.count()) {
				await plan.first().click();
				await page.waitForLoadState();
				t = await body(page);
				ok(found(t, english).length === 0 && !/sessions planned/.test(t),
				    'the planner speaks French', found(t, english).join('\n'));
			}
		}
		if (role === 'mentee') {
			// A date on a Sunday, in the programme's dates.
			await page.goto(base + '/programmes/1');
			const form = page.locator('form[action$="/propose"]').first();
			if (ok(await form.count() === 1, 'the mentee may propose a date')) {
				await form.locator('xpath=ancestor::details').first()
				    .locator('summary').click();
				let d = new Date(Date.now() + 14 * 86400e3);
				while (d.getUTCDay() !== 0)
					d = new Date(d.getTime() + 86400e3);
				await form.locator('input[name=date]').fill(d.toISOString().slice(0, 10));
				await form.locator('input[name=time]').fill('10:00');
				await form.locator('button[type=submit]').click();
				await page.waitForLoadState();
				t = await body(page);
				await page.screenshot({ path: path.join(ART, 'i18n-dimanche.png'), fullPage: true });
				const dd = d.toISOString().slice(0, 10).split('-').reverse().join('/');
				ok(t.includes(`${dd} 10:00 est un dimanche`) && !t.includes('is a Sunday'),
				    'a Sunday is refused in French, the date as dd/mm/yyyy', t);
			}
		}
		await page.context().close();
	}

	// An English reader: no French sentence of the catalogue.
	const en = await person('en-GB');
	await login(en, accounts.manager);
	await en.goto(base + '/');
	const sw = en.locator('form[action="/lang"] button');
	if ((await en.locator('html').getAttribute('lang')) !== 'en' && await sw.count()) {
		await sw.first().click();
		await en.waitForLoadState();
	}
	ok(await en.locator('html').getAttribute('lang') === 'en', 'the English reader\'s pages are English');
	const { leaks } = await walk(en, 'manager-en', french, 15);
	ok(leaks.length === 0, 'no French sentence of the catalogue on an English reader\'s pages',
	    leaks.join('\n'));
} catch (e) {
	ok(false, 'the walk went to its end', e.stack);
} finally {
	await finish(server, dir);
}
end();
