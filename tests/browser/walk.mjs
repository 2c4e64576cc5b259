// A walk of the five demo roles (issue 15), in French, at 1280, 390 and
// 320 px, in a real browser against `tandem serve` on the demo: from the
// home, every link of this server the pages offer (bounded per kind of
// page), the filters' forms, every form of a page posted empty (its
// refusal, or the confirmation it asks first), the report, the audit
// page and, once the programme is closed, the closing survey.  On every
// page state reached it fails on:
// - an axe-core violation of any impact (WCAG 2.1 A and AA rules);
// - an English sentence of the message catalogue (po/fr.po's msgids);
// - a matricule, an ISO date or timestamp, or command-line syntax;
// - a page wider than the screen (WCAG 1.4.10 at 320 px);
// - a server error.
// Then one role walks the same way in English and meets no French
// sentence of the catalogue.  Screenshots go to $BROWSER_ARTIFACTS/walk
// (look at them).
//
// Usage: TANDEM=build/tandem node tests/browser/walk.mjs
// WALK_PART=1 walks the manager, the sponsor and the coach; WALK_PART=2
// the mentor, the mentee, the closing survey and the manager in
// English: the suite runs the two halves side by side (each on a demo
// of its own).  Without it, everything.
// Prints TAP like the other suites.
import { chromium } from 'playwright-core';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parsePo, sentences, testdb } from './lib.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const top = path.resolve(here, '..', '..');
const TANDEM = path.resolve(process.env.TANDEM || path.join(top, 'build', 'tandem'));
const ART = path.join(path.resolve(process.env.BROWSER_ARTIFACTS ||
    path.join(path.dirname(TANDEM), 'browser-artifacts')), 'walk');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-walk-'));
const DB = testdb(dir);
const PASSWORD = 'tandem-demo-12';
// How many pages of one kind (the same path but for its numbers, the
// same query keys) the walk opens, and how many pages a role at most.
const PER_KIND = Number(process.env.WALK_PER_KIND || 1);
const MAX = Number(process.env.WALK_MAX || 30);
// The widths; the server sends the same page at any width, so the
// sanitized build, which looks at the server, walks one.
const WIDTHS = (process.env.WALK_WIDTHS || '1280,390,320').split(',')
    .map(Number);
const PART = process.env.WALK_PART || 'all';
const FIRST = ['manager', 'sponsor', 'coach'];
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
			for (const l of String(detail).split('\n').slice(0, 30))
				console.log('# ' + l);
	}
	return cond;
}

// --- The catalogue's sentences (lib.mjs, as i18n.mjs reads them). --
// The CLI's own entries ("cli") are sentences of the terminal; a page
// showing one would still be English, so they count too.
const po = parsePo(path.join(top, 'po', 'fr.po'));
const english = [...new Set(po.flatMap((e) => sentences(e.id)))];
const french = [...new Set(po.filter((e) => e.str).flatMap((e) => sentences(e.str)))]
    .filter((s) => !english.includes(s));
ok(english.length > 150 && french.length > 150, 'the catalogue gives sentences to look for',
    `${english.length} English, ${french.length} French`);

// What no page may show: a matricule, an ISO date or timestamp, the
// command line (a command of the CLI after "tandem", or a long option).
const COMMANDS = ['enrol', 'match', 'watch', 'withdraw', 'feedback', 'purge',
	'erase', 'check', 'backup', 'kudos', 'attestation', 'serve', 'demo',
	'init', 'report', 'export', 'import', 'closure', 'employees', 'enrolments',
	'generations', 'topic', 'user', 'role', 'ical', 'mail', 'pair'];
const FORBIDDEN = [
	['a matricule', /\bE\d{5,}\b/],
	// A page's text runs its cells together: no \b before the digits.
	['an ISO timestamp', /(^|\D)\d{4}-\d\d-\d\dT\d\d:\d\d/],
	['an ISO date', /(^|\D)(19|20)\d\d-[01]\d-[0-3]\d(\D|$)/],
	['a command of the CLI', new RegExp('\\btandem (' + COMMANDS.join('|') + ')\\b')],
	['a command-line option', /(^|[\s("«])--[a-z][a-z-]+/m],
];

execFileSync(TANDEM, ['-d', DB, 'demo'], { cwd: dir, stdio: 'ignore' });
const ACCOUNTS = {
	manager: 'nathalie.nicolas@exemple.fr',
	sponsor: 'delphine.gauthier@exemple.fr',
	mentor: 'noe.fabre@exemple.fr',
	mentee: 'michel.perrin@exemple.fr',
	coach: 'claire.fontaine@atelier-numerique.fr',
};

let server, base;
let serves = 0;
async function serve() {
	// A log a start: the second start must not read the first's port.
	const name = path.join(dir, `serve-${++serves}.log`);
	const log = fs.openSync(name, 'a');
	server = spawn(TANDEM, ['-d', DB, 'serve', '--listen', '127.0.0.1:0'],
	    { stdio: ['ignore', 'ignore', log] });
	for (let i = 0; i < 400; i++) {
		const m = fs.readFileSync(name, 'utf8')
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
const pageErrors = [];
const dialogs = [];
// axe is injected, so the contexts bypass the CSP (pages.mjs checks it).
async function person(locale, width) {
	const ctx = await browser.newContext({ locale, bypassCSP: true,
	    viewport: { width, height: 900 } });
	const page = await ctx.newPage();
	page.setDefaultTimeout(120000);
	page.setDefaultNavigationTimeout(120000);
	page.on('pageerror', (e) => pageErrors.push(String(e)));
	// A confirmation is read, and refused: the walk changes nothing
	// that cannot be undone.
	page.on('dialog', (d) => {
		dialogs.push(d.message());
		return d.dismiss();
	});
	return page;
}
const axeSrc = fs.readFileSync(path.join(here, 'node_modules', 'axe-core',
    'axe.min.js'), 'utf8');

async function login(page, email, lang) {
	await page.goto(base + '/login');
	await page.locator('#email').fill(email);
	await page.locator('#password').fill(PASSWORD);
	await page.locator('form[action="/login"] button[type=submit]').click();
	await page.waitForURL(base + '/');
	// The account's language wins over the browser's: a reader who
	// wants the other one takes the layout's switch, as i18n.mjs does.
	const sw = page.locator('form[action="/lang"] button');
	if (await page.locator('html').getAttribute('lang') !== lang &&
	    await sw.count()) {
		await sw.first().click();
		await page.waitForLoadState();
	}
	ok(await page.locator('html').getAttribute('lang') === lang,
	    `${email} signs in and reads pages in "${lang}"`);
}

// A page's own words: not the parts it marks as another language.
const own = (page) => page.evaluate(() => {
	const b = document.body.cloneNode(true);
	const mine = document.documentElement.lang;
	for (const e of b.querySelectorAll('[lang]'))
		if (e.getAttribute('lang') !== mine)
			e.remove();
	for (const e of b.querySelectorAll('script, style'))
		e.remove();
	// Accessible names count: a link's title or label is read aloud.
	const names = [...b.querySelectorAll('[aria-label], [title], img[alt]')]
	    .map((e) => e.getAttribute('aria-label') || e.getAttribute('title') ||
	    e.getAttribute('alt'));
	return b.textContent + '\n' + names.join('\n');
});

// Everything one page state must satisfy; `problems` collects the lines.
async function check(page, what, width, list, problems, status) {
	if (status >= 500)
		problems.push(`${what}: HTTP ${status}`);
	await page.addScriptTag({ content: axeSrc });
	const r = await page.evaluate(() => window.axe.run(document,
	    { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
	for (const v of r.violations)
		problems.push(`${what}: axe ${v.id} (${v.impact}): ` +
		    v.nodes.slice(0, 3).map((x) => x.target.join(' ')).join(', '));
	const wide = await page.evaluate(() => document.documentElement.scrollWidth);
	if (wide > width)
		problems.push(`${what}: ${wide} px wide at ${width} px`);
	// What the programme's people wrote (its purpose, charter, data
	// notice) is in their language, not the interface's: not a leak.
	let t = (await own(page)).replace(/\s+/g, ' ');
	for (const a of authored)
		t = t.split(a).join(' ');
	for (const s of list.filter((s) => t.includes(s)))
		problems.push(`${what}: "${s}"`);
	for (const [name, re] of FORBIDDEN) {
		const m = t.match(re);
		if (m)
			problems.push(`${what}: ${name}: "${t.slice(Math.max(0, m.index - 40), m.index + 40).replace(/\s+/g, ' ')}"`);
	}
}

const slug = (p) => p.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'accueil';
// The kind of a page: its path with the numbers taken out, and the keys
// of its query.
function kind(p) {
	const u = new URL(p, 'http://x');
	return u.pathname.replace(/\d+/g, 'N') + '?' +
	    [...u.searchParams.keys()].sort().join('&');
}
const skip = (p) => /^\/(api|static)\/|\/logout|[?&]lang=|format=|\.ics|\/export|\/ical|\/download/.test(p);

// The pages of one role: the links of every page reached, breadth
// first, PER_KIND of each kind, then the GET forms (filters) as they
// are.
async function crawl(page) {
	const seen = new Set(), kinds = new Map(), order = [];
	const queue = ['/'];
	while (queue.length && order.length < MAX) {
		const p = queue.shift();
		if (seen.has(p))
			continue;
		seen.add(p);
		const k = kind(p);
		if ((kinds.get(k) || 0) >= PER_KIND)
			continue;
		kinds.set(k, (kinds.get(k) || 0) + 1);
		const res = await page.goto(base + p);
		const type = (res && res.headers()['content-type']) || '';
		if (!type.startsWith('text/html'))
			continue;
		order.push(p);
		const links = await page.$$eval('a[href^="/"]', (as) =>
		    as.filter((a) => !a.hasAttribute('download'))
			.map((a) => a.getAttribute('href')));
		// The filters: a GET form submitted as it stands.
		const gets = await page.$$eval('form', (fs) => fs
		    .filter((f) => (f.getAttribute('method') || 'get').toLowerCase() === 'get')
		    .map((f) => {
			const q = new URLSearchParams(new FormData(f)).toString();
			return (f.getAttribute('action') || location.pathname) +
			    (q ? '?' + q : '');
		    }));
		for (const l of [...links, ...gets]) {
			const q = l.split('#')[0];
			if (q && !skip(q) && !seen.has(q))
				queue.push(q);
		}
	}
	return order;
}

// Every POST form of a page sent empty, the browser's own checks off:
// the refusal it comes back with, or the confirmation it asks.  Only
// forms with a field to leave empty: an act without fields would be
// done.
async function refusals(page, p, width, list, problems, role) {
	await page.goto(base + p);
	const count = await page.locator('form[method=post]').count();
	let done = 0;
	for (let i = 0; i < count && done < 3; i++) {
		await page.goto(base + p);
		const f = page.locator('form[method=post]').nth(i);
		const fields = f.locator('input[type=text], input[type=email], ' +
		    'input:not([type]), input[type=date], input[type=number], textarea');
		const action = await f.getAttribute('action') || '';
		if (await fields.count() === 0 || /logout|login|password|lang/.test(action))
			continue;
		if (!await f.locator('button[type=submit], button:not([type])').first().isVisible())
			continue;
		const before = dialogs.length;
		await f.evaluate((form) => {
			form.noValidate = true;
			for (const e of form.querySelectorAll('input, textarea'))
				if (e.type !== 'hidden' && e.type !== 'checkbox' && e.type !== 'radio')
					e.value = '';
		});
		const nav = page.waitForNavigation({ timeout: 15000 }).catch(() => null);
		await f.locator('button[type=submit], button:not([type])').first().click();
		const res = await nav;
		done++;
		const what = `${role} ${p} form ${action} sent empty at ${width} px`;
		if (dialogs.length > before) {
			const d = dialogs.slice(before).join(' ');
			for (const s of list.filter((s) => d.includes(s)))
				problems.push(`${what}: the confirmation: "${s}"`);
			continue;
		}
		if (!res)
			continue;
		await page.screenshot({ path: path.join(ART,
		    `${role}-${width}-refused-${slug(action)}.png`), fullPage: true });
		await check(page, what, width, list, problems, res.status());
	}
}

// The texts the demo's programmes were given by people, whitespace
// folded as check() folds the page's.
const authored = [];
async function learnAuthored(page) {
	if (authored.length)
		return;
	const r = await page.request.get(base + '/api/programmes');
	const j = r.ok() ? await r.json() : [];
	for (const p of Array.isArray(j) ? j : j.items || [])
		for (const f of ['name', 'purpose', 'topics', 'commitments',
		    'confidentiality', 'data_notice'])
			if (typeof p[f] === 'string' && p[f].trim().length > 3)
				authored.push(p[f].replace(/\s+/g, ' ').trim());
}

async function walkRole(role, locale, widths, list) {
	const lang = locale.slice(0, 2);
	const page = await person(locale, widths[0]);
	await login(page, ACCOUNTS[role], lang);
	await learnAuthored(page);
	const pages = await crawl(page);
	ok(pages.length >= 3, `${role} (${lang}): pages found (${pages.length})`,
	    pages.join(' '));
	for (const width of widths) {
		await page.setViewportSize({ width, height: 900 });
		const problems = [];
		for (const p of pages) {
			const res = await page.goto(base + p);
			await page.screenshot({ path: path.join(ART,
			    `${lang}-${role}-${width}-${slug(p)}.png`),
			    fullPage: width !== 1280 });
			// A link followed is never a dead end.
			if (res.status() >= 400)
				problems.push(`${p} at ${width} px: HTTP ${res.status()}`);
			await check(page, `${p} at ${width} px`, width, list,
			    problems, res.status());
		}
		// The forms' refusals, at the widest and narrowest widths.
		if (width === widths[0] || width === 320)
			for (const p of pages.filter((p) => !p.includes('?')))
				await refusals(page, p, width, list, problems, role);
		ok(problems.length === 0, `${role} (${lang}) at ${width} px: no ` +
		    'axe violation, no overflow, no English, no matricule, ISO date ' +
		    'or command line on any page state', problems.join('\n'));
	}
	await page.context().close();
	return pages;
}

try {
	await serve();

	// --- The five roles in French, at three widths. ---------------
	const all = {};
	for (const role of Object.keys(ACCOUNTS))
		if (PART === 'all' || (PART === '1') === FIRST.includes(role))
			all[role] = await walkRole(role, 'fr-FR', WIDTHS, english);
	// The sponsor reads the programme's report from its page; the
	// audit page is the administrator's, whom the demo does not print
	// (t72 checks it).
	if (PART !== '2' && MAX >= 30)
		ok(all.manager.some((p) => p.includes('/report')) &&
		    all.sponsor.some((p) => p.includes('/report')),
		    'the walk reaches the reports', all.sponsor.join(' '));
	else if (PART !== '2')
		ok(true, 'the walk reaches the reports # SKIP WALK_MAX cuts the walk short');
	ok(dialogs.every((d) => !found(d)), 'every confirmation is French',
	    dialogs.join('\n'));

	// The second half: the closing survey, and English.
	if (PART !== '1') {
		// --- The closing survey, once the programme is closed. ---------
		await stop();
		// The demo's manager, by matricule (E100013), closes the programme.
		execFileSync(TANDEM, ['-d', DB, '--as', 'E100013', 'programme', 'close',
		    'Cap numérique'],
		    { stdio: 'ignore' });
		await serve();
		for (const role of ['mentor', 'mentee']) {
			const page = await person('fr-FR', 1280);
			await login(page, ACCOUNTS[role], 'fr');
			const problems = [];
			for (const width of WIDTHS) {
				await page.setViewportSize({ width, height: 900 });
				const res = await page.goto(base + '/programmes/1/survey');
				await page.screenshot({ path: path.join(ART,
				    `fr-${role}-${width}-survey.png`), fullPage: true });
				ok(res.status() === 200 && await page.locator('form[method=post]').count() >= 1,
				    `the ${role}'s closing survey opens at ${width} px`);
				await check(page, `the survey at ${width} px`, width, english,
				    problems, res.status());
				if (width !== 390)
					await refusals(page, '/programmes/1/survey', width,
					    english, problems, role);
			}
			ok(problems.length === 0, `the ${role}'s survey: no axe violation, ` +
			    'no overflow, no English, no matricule, ISO date or command line',
			    problems.join('\n'));
			await page.context().close();
		}

		// --- One role in English: no French sentence of the catalogue. -
		await walkRole('manager', 'en-GB',
		    WIDTHS.filter((w) => w !== 390), french);
	}

	ok(pageErrors.length === 0, 'no script error', pageErrors.join('\n'));
} catch (e) {
	ok(false, 'the walk went to its end', e.stack);
	let i = 0;
	for (const ctx of browser.contexts())
		for (const p of ctx.pages())
			await p.screenshot({ path: path.join(ART, `failure-${PART}-${i++}.png`),
			    fullPage: true }).catch(() => {});
} finally {
	await browser.close();
	if (server && server.exitCode === null)
		ok(await stop() === 0, 'the server exits 0 at the end');
	fs.rmSync(dir, { recursive: true, force: true });
}
console.log(`1..${n}`);
process.exit(failed ? 1 : 0);

function found(d) {
	return english.some((s) => d.includes(s));
}
