// What the browser tests share (not a test: tests/count.py skips it):
// the TAP counter, the paths, the CLI, `tandem serve` on a port of its
// own choosing, chromium, a person's browser context, screenshots, the
// sign-in forms and axe-core.  Each test keeps what it checks; only this
// machinery lives here, so that a change to it (a timeout, the server's
// log line) is made once.
import { chromium } from 'playwright-core';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const here = path.dirname(new URL(import.meta.url).pathname);
export const top = path.resolve(here, '..', '..');
export const TANDEM = path.resolve(process.env.TANDEM ||
    path.join(top, 'build', 'tandem'));
// Screenshots: $BROWSER_ARTIFACTS, or beside the tandem under test.
export const ART = path.resolve(process.env.BROWSER_ARTIFACTS ||
    path.join(path.dirname(TANDEM), 'browser-artifacts'));

// --- TAP. ----------------------------------------------------------
let n = 0, failed = 0;
let detailLines = 20;
// How many lines of a failure's detail are printed (walk's lists of
// problems are longer).
export function tapDetail(lines) {
	detailLines = lines;
}
export function ok(cond, name, detail) {
	n++;
	if (cond)
		console.log(`ok ${n} - ${name}`);
	else {
		failed++;
		console.log(`not ok ${n} - ${name}`);
		if (detail !== undefined)
			for (const l of String(detail).split('\n').slice(0, detailLines))
				console.log('# ' + l);
	}
	return cond;
}
// The plan comes last: the number of tests is known only at the end.
export function end() {
	console.log(`1..${n}`);
	process.exit(failed ? 1 : 0);
}

// --- Files. --------------------------------------------------------
// A directory of the test's own for its database and logs, and one of
// the artifacts' (made here: a test writes there without asking).
export function workDir(name) {
	return fs.mkdtempSync(path.join(os.tmpdir(), `tandem-${name}-`));
}
export function artifacts(sub = '') {
	const d = path.join(ART, sub);
	fs.mkdirSync(d, { recursive: true });
	return d;
}

// --- The database, on either engine (issue 18). --------------------
// With TANDEM_TEST_ENGINE=pg (the suite pg-browser) a test's database
// is a PostgreSQL database of its own in the cluster whose socket
// directory is TANDEM_TEST_PG (tests/run starts it with
// tests/pgcluster.sh), or, when that is unset, in a cluster this process
// starts for itself; otherwise a SQLite file, as before.  Both are
// dropped when the process exits, as tests/testdb.sh and
// tests/api/tandemapi.py do for the other suites.
export const ENGINE = process.env.TANDEM_TEST_ENGINE || 'sqlite';
const PG_BIN = (() => {
	try {
		const v = fs.readdirSync('/usr/lib/postgresql')
		    .sort((a, b) => Number(a) - Number(b));
		return path.join('/usr/lib/postgresql', v[v.length - 1], 'bin');
	} catch {
		return '';
	}
})();
const pg = { host: null, own: null, dbs: [] };
const isPg = (db) => /^(host=|postgresql:)/.test(db);
function psql(db, ...args) {
	const target = isPg(db) ? db : `host=${pg.host} user=postgres dbname=${db}`;
	return execFileSync(path.join(PG_BIN, 'psql'), ['-X', '-qAt',
	    '-v', 'ON_ERROR_STOP=1', '-d', target, ...args],
	    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
function pgCleanup() {
	for (const name of pg.dbs) {
		try {
			psql('postgres', '-c',
			    `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
		} catch { /* the cluster is gone: nothing to drop */ }
	}
	if (pg.own)
		execFileSync('sh', [path.join(here, '..', 'pgcluster.sh'), 'stop',
		    pg.own], { stdio: 'ignore' });
}
function pgSetup() {
	if (pg.host)
		return;
	let host = process.env.TANDEM_TEST_PG;
	if (!host || !fs.existsSync(host)) {
		try {
			host = execFileSync('sh', [path.join(here, '..', 'pgcluster.sh'),
			    'start'], { encoding: 'utf8',
			    stdio: ['ignore', 'pipe', 'pipe'] }).trim();
		} catch (e) {
			const why = String(e.stderr || e).trim();
			console.log(e.status === 77 ? `1..0 # SKIP ${why}` :
			    `Bail out! ${why}`);
			process.exit(e.status === 77 ? 0 : 1);
		}
		pg.own = host;
	}
	pg.host = host;
	process.on('exit', pgCleanup);
}
// The test's database: the file dir/name on SQLite, on PostgreSQL a new
// database named after name and this process; what `tandem -d` takes.
export function testdb(dir, name = 'tandem.db') {
	if (ENGINE !== 'pg')
		return path.join(dir, name);
	pgSetup();
	const dbname = `b${process.pid}_${pg.dbs.length}_${name}`
	    .replace(/[^a-zA-Z0-9_]/g, '_');
	psql('postgres', '-c', `CREATE DATABASE "${dbname}"`);
	pg.dbs.push(dbname);
	return `host=${pg.host} user=postgres dbname=${dbname}`;
}
// A query's rows, columns separated by "|", without the last newline.
export function sql(db, query) {
	if (isPg(db))
		return psql(db, '-c', query).trim();
	return execFileSync('sqlite3', ['-cmd', '.timeout 10000', db, query],
	    { encoding: 'utf8' }).trim();
}
// Every row of the database, to compare before and after: not the
// sequences on PostgreSQL, which a rolled-back insert still advances
// (tests/testdb.sh's testdb_dump).
export function dump(db) {
	if (!isPg(db))
		return execFileSync('sqlite3', ['-cmd', '.timeout 10000', db,
		    '.dump'], { encoding: 'utf8' });
	return execFileSync(path.join(PG_BIN, 'pg_dump'), ['-d', db,
	    '--data-only', '--inserts', '--no-comments',
	    '--exclude-table-data=*_seq'], { encoding: 'utf8' })
	    .split('\n')
	    .filter((l) => !/^(SELECT pg_catalog\.setval|--|\\(un)?restrict |$)/
	    .test(l)).join('\n');
}

// --- The CLI. ------------------------------------------------------
// tandem(args, now) runs `tandem -d db args` and returns its output; it
// throws on a non-zero exit.  `env` is added to the environment
// (TANDEM_NOW for every call, or a setting of the test); `now`, when
// given, is the call's TANDEM_NOW.
export function cli(db, env = {}) {
	return (args, now) => execFileSync(TANDEM, ['-d', db, ...args], {
		env: { ...process.env, ...env,
		    ...(now === undefined ? {} : { TANDEM_NOW: now }) },
		encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
	});
}

// --- The server. ---------------------------------------------------
// The address of the running server.  An exported `let` is a live
// binding: the tests read `base` after start() as if it were their own.
export let base;

// `tandem serve` on db, listening on 127.0.0.1:0 (the system picks a free
// port, read back from the log) unless `listen` says otherwise.  Every
// start appends to the same serve.log in dir: the n-th start's address
// is the n-th "http://...:PORT/ with" line.
export class Server {
	constructor(dir, db, { listen = '127.0.0.1:0', args = [] } = {}) {
		this.log = path.join(dir, 'serve.log');
		this.argv = ['-d', db, 'serve', '--listen', listen, ...args];
		this.starts = 0;
		this.proc = null;
	}

	// env is added to the environment (TANDEM_NOW, TANDEM_MAIL_INTERVAL).
	async start(env = {}) {
		const log = fs.openSync(this.log, 'a');
		this.proc = spawn(TANDEM, this.argv, { env: { ...process.env, ...env },
		    stdio: ['ignore', 'ignore', log] });
		fs.closeSync(log);
		for (let i = 0; i < 400; i++) {
			const m = fs.readFileSync(this.log, 'utf8')
			    .match(/http:\/\/127\.0\.0\.1:(\d+)\/ with/g);
			if (m && m.length >= this.starts + 1) {
				this.starts++;
				base = 'http://127.0.0.1:' +
				    m[this.starts - 1].match(/:(\d+)\//)[1];
				return base;
			}
			await new Promise((r) => setTimeout(r, 50));
		}
		throw new Error('the server did not start');
	}

	get running() {
		return this.proc !== null && this.proc.exitCode === null;
	}

	// SIGTERM, and the exit code (0 when it stopped cleanly).
	async stop() {
		const done = new Promise((r) => this.proc.on('exit', (code) => r(code)));
		this.proc.kill('SIGTERM');
		return done;
	}
}

// --- The browser. --------------------------------------------------
export let browser;
export async function launch() {
	browser = await chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		args: ['--no-sandbox'],
	});
	return browser;
}

// What every person's pages reported: Content-Security-Policy
// violations in the console, script errors, the dialogs' messages.
export const violations = [];
export const pageErrors = [];
export const dialogs = [];

// A person: a new context (their own cookies) and its page.  locale and
// width as asked; bypassCSP for the contexts that inject axe (the
// console still reports the pages' own violations); answer is what a
// confirmation gets: true (accept), false (dismiss), or a function
// asked at each dialog; timeout for the pages a busy machine is slow to
// build.
export async function person({ locale = 'fr-FR', width = 1280,
    bypassCSP = false, answer = true, timeout, acceptDownloads } = {}) {
	const ctx = await browser.newContext({ locale, bypassCSP, acceptDownloads,
	    viewport: { width, height: 900 } });
	if (timeout) {
		ctx.setDefaultTimeout(timeout);
		ctx.setDefaultNavigationTimeout(timeout);
	}
	const page = await ctx.newPage();
	page.on('console', (m) => {
		if (/Content Security Policy|Refused to/i.test(m.text()))
			violations.push(m.text());
	});
	page.on('pageerror', (e) => pageErrors.push(String(e)));
	page.on('dialog', (d) => {
		dialogs.push(d.message());
		const yes = typeof answer === 'function' ? answer() : answer;
		return yes ? d.accept() : d.dismiss();
	});
	return page;
}

// A screenshot of the whole page, in dir (ART unless told).
export async function shot(page, name, { dir = ART, fullPage = true } = {}) {
	await page.screenshot({ path: path.join(dir, name + '.png'), fullPage,
	    timeout: 120000 });
}
// After a failure, every open page, to see where it stopped.
export async function failureShots(prefix, dir = ART) {
	let i = 0;
	for (const ctx of browser.contexts())
		for (const p of ctx.pages())
			await p.screenshot({ path: path.join(dir, `${prefix}${i++}.png`),
			    fullPage: true }).catch(() => {});
}

// The end of a test, whatever happened: the browser closed, the server
// stopped if it still runs (cleanly: that is a test), the files removed.
export async function finish(server, dir) {
	await browser.close();
	if (server.running)
		ok(await server.stop() === 0, 'the server exits 0 at the end');
	fs.rmSync(dir, { recursive: true, force: true });
}

export const text = (page) => page.locator('main').innerText();
export const button = (page, name) => page.getByRole('button', { name, exact: true });

// --- Signing in, as a person does. ---------------------------------
export async function acceptInvitation(page, link, password) {
	await page.goto(base + link);
	await page.getByLabel('Mot de passe', { exact: true }).fill(password);
	await page.getByLabel('Le même, une seconde fois').fill(password);
	await button(page, 'Enregistrer et se connecter').click();
	await page.waitForURL(base + '/');
}
export async function login(page, email, password) {
	await page.goto(base + '/login');
	await page.getByLabel('Adresse e-mail professionnelle').fill(email);
	await page.getByLabel('Mot de passe').fill(password);
	await button(page, 'Se connecter').click();
	await page.waitForURL(base + '/');
}

// --- axe-core. -----------------------------------------------------
// Its WCAG 2.1 A and AA rules on the page as it is; the violations.
// The page's context must bypass the CSP to take the script.
let axeSrc;
export async function axe(page) {
	axeSrc ??= fs.readFileSync(path.join(here, 'node_modules', 'axe-core',
	    'axe.min.js'), 'utf8');
	await page.addScriptTag({ content: axeSrc });
	const res = await page.evaluate(() => window.axe.run(document,
	    { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
	return res.violations;
}
export const serious = (vs) =>
    vs.filter((v) => v.impact === 'serious' || v.impact === 'critical');
// One line a violation, for a failure's detail.
export const axeReport = (vs) => vs.map((v) => `${v.id} (${v.impact}): ` +
    `${v.help} – ${v.nodes.slice(0, 3).map((x) => x.target.join(' ')).join(', ')}`)
    .join('\n');

// --- The message catalogue. ---------------------------------------
// i18n.mjs and walk.mjs look for its sentences on the pages: an English
// one (a msgid) on a French page, a French one (a msgstr) on an English
// page.
function unquote(s) {
	return s.replace(/\\(.)/g, (m, c) => ({ n: '\n', t: '\t' }[c] ?? c));
}
// po/fr.po's entries: { ctx, id, str }, the header left out.
export function parsePo(file) {
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
	return out.filter((e) => e.id !== '');
}
// The text between a format's conversions, long enough to be a sentence
// of its own (a few words).
const SPEC = /%(?:\d+\$)?[-+ #0']*(?:\*|\d+)?(?:\.(?:\*|\d*))?(?:hh|h|ll|l|j|z|t|L|<PRI\w+>)?[diouxXcsfFeEgGaAp%]/g;
export function sentences(fmt) {
	return fmt.split(SPEC).map((s) => s.trim().replace(/^[:;,.()« »"]+|[:;,.()« »"]+$/g, ''))
	    .filter((s) => s.length >= 14 && s.split(' ').length >= 3);
}
