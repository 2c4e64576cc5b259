// Tandem's browser UI: a little JavaScript, no framework, no build step.
// Every page works without it except the roster upload, which sends the
// file's bytes as they are to the JSON API (the importer detects the
// encoding itself).  Text from the server is set with textContent only.
'use strict';

function csrf() {
	const m = document.querySelector('meta[name="csrf"]');
	return m ? m.content : '';
}

// Ask before the acts that cannot be undone (data-confirm on a form).
document.addEventListener('submit', (ev) => {
	const msg = ev.target.dataset && ev.target.dataset.confirm;
	if (msg && !window.confirm(msg))
		ev.preventDefault();
});

function el(tag, text, cls) {
	const e = document.createElement(tag);
	if (text !== undefined)
		e.textContent = text;
	if (cls)
		e.className = cls;
	return e;
}

async function upload(ev) {
	ev.preventDefault();
	const form = ev.target;
	const file = form.querySelector('input[type=file]').files[0];
	const dry = form.querySelector('input[name=dry_run]').checked;
	await send(form, file, dry, 0);
}

// A file that would mark many people as leavers: who, and what would
// end, then the choice to confirm their number (issue 14).
function leavers(form, file, dry, body) {
	const w = document.getElementById('roster-leavers').dataset;
	const box = el('div', undefined, 'error');
	box.setAttribute('role', 'alert');
	box.append(el('p', w.title + ' ' + body.confirm_leavers + ' ' + w.of +
	    ' ' + body.active + '.'), el('p', w.check));
	const list = el('ul');
	for (const l of body.leavers || []) {
		const li = el('li', l.name + ' : ');
		li.append((l.programmes || []).map((p) => p.name + ' (' +
		    (p.role === 'mentor' ? w.mentor : w.mentee) + ', ' +
		    p.tandems_ended + ' ' + w.ends + ')').join(' ; '));
		list.append(li);
	}
	box.append(list);
	const yes = el('button', w.confirm);
	yes.type = 'button';
	yes.addEventListener('click', () => send(form, file, dry,
	    body.confirm_leavers));
	const no = el('button', w.cancel, 'link');
	no.type = 'button';
	no.addEventListener('click', () => box.remove());
	box.append(yes, ' ', no);
	return box;
}

async function send(form, file, dry, confirm) {
	const out = document.getElementById('roster-result');
	const t = form.dataset;
	out.replaceChildren(el('p', t.sending));
	if (!file) {
		out.replaceChildren(el('p', t.nofile, 'error'));
		return;
	}
	const url = '/api/roster?name=' + encodeURIComponent(file.name) +
	    (dry ? '&dry_run=1' : '') +
	    (confirm ? '&confirm_leavers=' + confirm : '');
	let res, body;
	try {
		res = await fetch(url, {
			method: 'POST', body: file, credentials: 'same-origin',
			headers: { 'X-CSRF-Token': csrf(),
			    'Content-Type': 'text/csv' },
		});
		body = await res.json();
	} catch (e) {
		out.replaceChildren(el('p', t.failed, 'error'));
		return;
	}
	if (res.status === 409 && body.confirm_leavers) {
		out.replaceChildren(leavers(form, file, dry, body));
		return;
	}
	const box = el('div', undefined, res.ok ? 'notice' : 'error');
	box.setAttribute('role', res.ok ? 'status' : 'alert');
	if (res.ok) {
		box.append(el('p', (body.dry_run ? t.checked : t.imported) + ' ' +
		    body.rows + ' · ' + t.added + ' ' + body.added + ' · ' +
		    t.updated + ' ' + body.updated + ' · ' + t.unchanged + ' ' +
		    body.unchanged + ' · ' + t.left + ' ' + body.left));
	} else {
		const one = body.diagnostics && body.diagnostics.length === 1 ?
		    body.diagnostics[0].text : null;
		box.append(el('p', one || body.error));
	}
	const list = el('ul');
	for (const d of body.diagnostics || []) {
		const li = el('li');
		if (d.field)
			li.append(el('code', d.field + (d.line ? ':' + d.line +
			    ':' + (d.column || 0) : '')), ' ');
		li.append(d.text || d.message);
		list.append(li);
	}
	if (list.children.length)
		box.append(list);
	out.replaceChildren(box);
}

document.addEventListener('DOMContentLoaded', () => {
	const f = document.getElementById('roster-upload');
	if (f)
		f.addEventListener('submit', upload);
});

// Issue 15, pages: on a phone the tables become cards (app.css); each
// cell carries its column's heading.  The first error of a refused form
// takes the focus, so that a screen reader reads it first.  "Print".
document.addEventListener('DOMContentLoaded', () => {
	for (const t of document.querySelectorAll('main table')) {
		const heads = Array.from(t.querySelectorAll('thead tr:last-child > *'))
		    .map((h) => h.textContent.trim());
		if (heads.length === 0)
			continue;
		for (const tr of t.querySelectorAll('tbody tr'))
			Array.from(tr.children).forEach((c, i) => {
				if (c.tagName === 'TD' && !c.hasAttribute('data-label'))
					c.setAttribute('data-label', heads[i] || '');
			});
		t.classList.add('cards');
	}
	const err = document.querySelector('main .error[role=alert]');
	if (err) {
		err.tabIndex = -1;
		err.focus();
	}
	for (const b of document.querySelectorAll('button[data-print]'))
		b.addEventListener('click', () => window.print());
});

// A refused form's summary names each field by its label, as a link to
// the field, instead of the field's internal name.
document.addEventListener('DOMContentLoaded', () => {
	for (const li of document.querySelectorAll('#errors li[data-field]')) {
		const id = li.dataset.field.replace(/-/g, '_');
		const f = document.getElementById(id) ||
		    document.getElementById(id + '_date');
		const lab = f && document.querySelector('label[for="' + f.id + '"]');
		const code = li.querySelector('code, .field');
		if (!lab || !code)
			continue;
		const a = el('a', lab.childNodes[0].textContent.trim());
		a.href = '#' + f.id;
		code.replaceWith(a);
	}
});
