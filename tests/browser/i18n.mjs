// One language at a time (issue 15): the demo's pages for its five web
// accounts, in French, may show no English sentence of the message
// catalogue (po/fr.po's msgids), and an English reader's pages no French
// sentence of it.  The demo's known leaks are provoked on the way: a
// wrong password, a date proposed on a Sunday, the tandems at risk, the
// planner's lines.  Screenshots go to $BROWSER_ARTIFACTS.
//
// Usage: TANDEM=build/tandem node tests/browser/i18n.mjs
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
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-i18n-'));
const DB = path.join(dir, 'tandem.db');
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

// --- The catalogue: each entry's sentences, the text between its
// conversions, long enough to be a sentence of its own (a few words). ---
function unquote(s) {
	return s.replace(/\\(.)/g, (m, c) => ({ n: '\n', t: '\t' }[c] ?? c));
}
function parsePo(file) {
	const out = [];
	let cur = null, field = null;
	for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
		let m;
		if ((m = line.match(/^(msgctxt|msgid|msgstr) "(.*)"$/))) {
			if (m[1] === 'msgctxt' || (m[1] === 'msgid' && (!cur || 'id' in cur))) {
				if (cur && 'id' in cur)
					out.push(cur);
				if (m[1] === 'msgctxt' || !cur || 'id' in cur)
					cur = {};
			}
			field = { msgctxt: 'ctx', msgid: 'id', msgstr: 'str' }[m[1]];
			cur[field] = unquote(m[2]);
		} else if ((m = line.match(/^"(.*)"$/)) && cur && field)
			cur[field] += unquote(m[1]);
	}
	if (cur && 'id' in cur)
		out.push(cur);
	return out.filter((e) => e.id !== '' && (e.ctx === undefined || e.ctx === 'web'));
}
const SPEC = /%(?:\d+\$)?[-+ #0']*(?:\*|\d+)?(?:\.(?:\*|\d*))?(?:hh|h|ll|l|j|z|t|L|<PRI\w+>)?[diouxXcsfFeEgGaAp%]/g;
function sentences(fmt) {
	return fmt.split(SPEC).map((s) => s.trim().replace(/^[:;,.()« »"]+|[:;,.()« »"]+$/g, ''))
	    .filter((s) => s.length >= 14 && s.split(' ').length >= 3);
}
const po = parsePo(path.join(top, 'po', 'fr.po'));
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

let server, base;
async function serve() {
	const logf = path.join(dir, 'serve.log');
	const log = fs.openSync(logf, 'a');
	server = spawn(TANDEM, ['-d', DB, 'serve', '--listen', '127.0.0.1:0'],
	    { env: process.env, stdio: ['ignore', 'ignore', log] });
	for (let i = 0; i < 400; i++) {
		const m = fs.readFileSync(logf, 'utf8').match(/http:\/\/127\.0\.0\.1:(\d+)\/ with/);
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
async function person(locale) {
	const ctx = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
	// Signing in hashes a password: slow on a loaded machine.
	ctx.setDefaultTimeout(120e3);
	ctx.setDefaultNavigationTimeout(120e3);
	const page = await ctx.newPage();
	page.on('dialog', (d) => d.accept());
	return page;
}
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
const button = (page, name) => page.getByRole('button', { name, exact: true });

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
	await browser.close();
	if (server && server.exitCode === null)
		ok(await stop() === 0, 'the server exits 0 at the end');
	fs.rmSync(dir, { recursive: true, force: true });
}
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);
