/**
 * The pages' one stylesheet and one small script, served from the app itself (/assets/*) so the
 * Content-Security-Policy can forbid every inline script and style.
 */
import { FILES_CSS, UPLOAD_JS } from './upload-script.js';

export const APP_CSS = `
:root {
  --fg: #1b1b1b; --muted: #4a4a4a; --bg: #ffffff; --soft: #f2f5f9; --border: #c4c9d0;
  --accent: #0a5aa8; --accent-dark: #083f78; --top: #0b3a66;
  --danger: #a3001b; --danger-bg: #fdecef; --ok: #1a6430; --ok-bg: #e7f4ea; --warn: #7a4a00; --warn-bg: #fff3dc;
  --focus: #ffbf47;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif;
  font-size: 1rem; line-height: 1.5; color: var(--fg); background: var(--bg); overflow-wrap: break-word; }
a { color: var(--accent); text-underline-offset: 2px; }
a:hover { color: var(--accent-dark); }
:focus-visible { outline: 3px solid #1b1b1b; outline-offset: 2px; box-shadow: 0 0 0 7px var(--focus); }
header.top :focus-visible { outline-color: #fff; }
.skip { position: absolute; left: -9999px; top: 0; }
.skip:focus { left: .5rem; top: .5rem; z-index: 10; background: #fff; color: var(--fg); padding: .5rem 1rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }

header.top { background: var(--top); color: #fff; }
header.top .bar { max-width: 72rem; margin: 0 auto; padding: .5rem 1rem; display: flex; flex-wrap: wrap; align-items: center; gap: .25rem 1rem; }
header.top a { color: #fff; }
header.top .brand { font-weight: 700; font-size: 1.05rem; text-decoration: none; margin-right: auto; }
header.top .brand small { display: block; font-weight: 400; font-size: .85rem; opacity: .9; }
header.top nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem .9rem; }
header.top nav a { display: inline-block; padding: .35rem 0; font-weight: 600; }
header.top nav a[aria-current="page"] { text-decoration: underline; text-decoration-thickness: 3px; }
header.top .who { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; font-size: .95rem; }
header.top .who button { background: transparent; border: 1px solid #fff; color: #fff; min-height: 36px; padding: .25rem .75rem; }

main { max-width: 72rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: .5rem 0 1rem; }
h2 { font-size: 1.25rem; line-height: 1.3; margin: 2rem 0 .75rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
p { margin: .5rem 0; }
.lead { color: var(--muted); margin-top: -.5rem; }
.muted { color: var(--muted); }
footer.site { max-width: 72rem; margin: 0 auto; padding: 1rem; color: var(--muted); font-size: .9rem; border-top: 1px solid var(--border); }

.field { margin: 0 0 1rem; }
label, .label { display: block; font-weight: 600; margin-bottom: .25rem; }
fieldset { border: 1px solid var(--border); border-radius: 6px; margin: 0 0 1rem; padding: .5rem 1rem .75rem; }
legend { font-weight: 600; padding: 0 .25rem; }
.choice { display: flex; align-items: flex-start; gap: .5rem; margin: .35rem 0; font-weight: 400; }
.choice input { width: 1.25rem; height: 1.25rem; margin-top: .15rem; flex: none; }
input[type=text], input[type=number], input[type=file], select, textarea {
  display: block; width: 100%; max-width: 42rem; font: inherit; color: inherit; background: #fff;
  padding: .55rem .6rem; border: 1px solid #6b6b6b; border-radius: 4px; min-height: 44px; }
input.short { max-width: 12rem; }
textarea { min-height: 5.5rem; resize: vertical; }
.hint { color: var(--muted); font-size: .92rem; margin: 0 0 .35rem; }
.field-error { color: var(--danger); font-weight: 600; margin: 0 0 .35rem; }
.invalid input, .invalid select, .invalid textarea { border: 2px solid var(--danger); }
.row { display: flex; flex-wrap: wrap; gap: 0 1rem; }
.row > .field { flex: 1 1 14rem; }

button, .button { display: inline-flex; align-items: center; justify-content: center; gap: .4rem; font: inherit; font-weight: 600;
  padding: .55rem 1.1rem; min-height: 44px; border-radius: 4px; border: 2px solid var(--accent); background: var(--accent);
  color: #fff; cursor: pointer; text-decoration: none; }
button:hover, .button:hover { background: var(--accent-dark); border-color: var(--accent-dark); color: #fff; }
button.secondary, .button.secondary { background: #fff; color: var(--accent); }
button.secondary:hover, .button.secondary:hover { background: var(--soft); color: var(--accent-dark); }
button.danger { background: var(--danger); border-color: var(--danger); }
.actions { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin: 1rem 0; }
.inline-form { display: inline; }

.notice { padding: .75rem 1rem; border-left: 5px solid var(--accent); background: var(--soft); margin: 1rem 0; }
.notice.ok { border-color: var(--ok); background: var(--ok-bg); }
.notice.error { border-color: var(--danger); background: var(--danger-bg); }
.notice.warn { border-color: #b36b00; background: var(--warn-bg); }
.notice h2 { margin: 0 0 .25rem; font-size: 1.1rem; }
.notice ul { margin: .25rem 0 0; padding-left: 1.25rem; }

.badge { display: inline-block; padding: .05rem .55rem; border-radius: 1rem; font-size: .85rem; font-weight: 600;
  background: #e4e7eb; color: #1b1b1b; border: 1px solid #9aa1a9; white-space: nowrap; }
.badge.overdue { background: var(--danger-bg); color: var(--danger); border-color: var(--danger); }
.badge.ok { background: var(--ok-bg); color: var(--ok); border-color: var(--ok); }
.badge.warn { background: var(--warn-bg); color: var(--warn); border-color: #b36b00; }
.badge.info { background: #e3eefa; color: var(--accent-dark); border-color: var(--accent); }

table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; padding: .5rem; border-bottom: 1px solid var(--border); vertical-align: top; }
thead th { background: var(--soft); border-bottom: 2px solid var(--border); }
td.num, th.num { text-align: right; }
.nowrap { white-space: nowrap; }
tr.has-error td, tr.has-error th { background: var(--danger-bg); }
tbody th[scope=row] { white-space: nowrap; }
@media (max-width: 44rem) {
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.stack, table.stack tbody, table.stack tr, table.stack td { display: block; width: 100%; }
  table.stack tr { border: 1px solid var(--border); border-radius: 6px; margin: 0 0 .75rem; padding: .35rem .75rem; }
  table.stack td { border: 0; padding: .2rem 0; }
  table.stack td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; }
}

.cards { list-style: none; margin: 0; padding: 0; }
.card { border: 1px solid var(--border); border-radius: 6px; padding: .75rem 1rem; margin: 0 0 .75rem; background: #fff; }
.card.overdue { border-left: 6px solid var(--danger); }
.card h3 { margin: 0 0 .25rem; font-size: 1rem; }
.card .meta { display: flex; flex-wrap: wrap; gap: .25rem .75rem; color: var(--muted); font-size: .92rem; margin: .25rem 0; }
.card .content { margin: .35rem 0; }
.card details { margin-top: .5rem; }
details summary { cursor: pointer; font-weight: 600; color: var(--accent); padding: .35rem 0; }

dl.facts { display: grid; grid-template-columns: minmax(9rem, max-content) 1fr; gap: .35rem 1rem; margin: 1rem 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
@media (max-width: 44rem) { dl.facts { grid-template-columns: 1fr; gap: 0; } dl.facts dd { margin-bottom: .6rem; } }
blockquote.content { margin: .5rem 0 1rem; padding: .75rem 1rem; border-left: 5px solid var(--accent); background: var(--soft); font-size: 1.05rem; }

nav.subnav ul { list-style: none; margin: 0 0 1.25rem; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem .5rem; }
nav.subnav a { display: inline-block; padding: .35rem .75rem; border: 1px solid var(--border); border-radius: 1.2rem; text-decoration: none; }
nav.subnav a[aria-current="page"] { background: var(--accent); border-color: var(--accent); color: #fff; font-weight: 600; }
ul.checklist { list-style: none; padding: 0; margin: .5rem 0 1rem; }
ul.checklist > li { border: 1px solid var(--border); border-radius: 6px; padding: .6rem .9rem; margin: 0 0 .6rem; }
ul.checklist > li.done { border-color: var(--ok); background: var(--ok-bg); }
ul.checklist .state { font-weight: 600; }
ol.timeline { list-style: none; margin: 1rem 0; padding: 0 0 0 1.25rem; border-left: 3px solid var(--accent); }
ol.timeline > li { position: relative; margin: 0 0 1.1rem; }
ol.timeline > li::before { content: ""; position: absolute; left: -1.85rem; top: .35rem; width: .9rem; height: .9rem; border-radius: 50%;
  background: #fff; border: 3px solid var(--accent); }
ol.timeline .when { color: var(--muted); font-size: .92rem; }
ol.timeline .what { font-weight: 700; }
ol.timeline ul.changes { margin: .2rem 0 0; padding-left: 1.1rem; font-size: .95rem; }

.panel { border: 1px solid var(--border); border-radius: 6px; padding: .75rem 1rem 1rem; margin: 1rem 0; }
.panel > h2:first-child, .panel > h3:first-child { margin-top: .25rem; }
.grid-2 { display: grid; grid-template-columns: 1fr; gap: 0 2rem; }
@media (min-width: 60rem) { .grid-2 { grid-template-columns: 1fr 1fr; } }
.kbd-hint { font-size: .9rem; color: var(--muted); }
kbd { font-family: inherit; border: 1px solid var(--border); border-bottom-width: 2px; border-radius: 3px; padding: 0 .3rem; background: #fff; }
.users { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: .75rem; }
.users button { width: 100%; justify-content: flex-start; text-align: left; flex-direction: column; align-items: flex-start; }
.users button small { font-weight: 400; }
.report { overflow-x: auto; }
.picker { display: flex; flex-wrap: wrap; align-items: flex-end; gap: .5rem 1rem; margin: .75rem 0; }
.picker .field { margin: 0; }
.picker select { width: auto; min-width: 8.5rem; }
.report svg { max-width: 100%; height: auto; }
`.concat(FILES_CSS);

/**
 * Progressive enhancement only: every page works without it.
 * - Ctrl/⌘+Enter submits the form being typed in (quick entry of recommendations).
 * - A "working days" box previews the due date from the working-day calendar (GET /office/due-date).
 * - Focus moves to the error summary after a refused submit, so screen readers announce it.
 */
export const APP_JS = `
(function () {
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && e.target && e.target.form) {
      e.preventDefault();
      var form = e.target.form;
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    }
  });
  var summary = document.querySelector('[data-error-summary]');
  if (summary) summary.focus();
  document.querySelectorAll('[data-due-days]').forEach(function (input) {
    var target = document.getElementById(input.getAttribute('data-due-target'));
    var out = document.getElementById(input.getAttribute('data-due-output'));
    function update() {
      var n = parseInt(input.value, 10);
      if (!target || isNaN(n) || n < 0 || n > 365) return;
      var url = '/office/due-date?days=' + n + (input.getAttribute('data-due-from') ? '&from=' + input.getAttribute('data-due-from') : '');
      fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (j) {
          if (!j) return;
          target.value = j.display;
          if (out) out.textContent = j.text;
        });
    }
    input.addEventListener('input', update);
  });
})();
`.concat(UPLOAD_JS);
