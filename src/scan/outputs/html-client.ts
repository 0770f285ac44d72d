/**
 * The style and script inlined in the HTML report: plain CSS and ES2020 that any current browser runs offline.
 *
 * The findings arrive once, as JSON in a data block (see html.ts for its layout): a table of distinct strings and
 * one flat array of integers, WIDTH per finding. The table shows only the rows in view (virtual scrolling), so 100,000
 * findings cost as much to draw as 40. Every text reaches the page through textContent, never as markup.
 *
 * The script is a string, not code of ours: it runs in the page, not in Node. Keep it free of backticks and of the
 * character sequence that closes a script element.
 */

/** Where each value of a finding sits among its WIDTH integers. */
export const FIELDS = {
  check: 0,
  status: 1,
  muted: 2,
  severity: 3,
  service: 4,
  region: 5,
  name: 6,
  uid: 7,
  type: 8,
  statusExtended: 9,
  details: 10,
  tags: 11,
  cli: 12,
  compliance: 13,
  account: 14,
  /** The resource uid is stored in two parts, split after its last `/`: ARNs share their prefix, and the id is often the name. */
  uidPrefix: 15,
} as const;
export const WIDTH = 16;

export const CLIENT_CSS = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1d2433; --muted-fg: #4b5563; --line: #d0d5dd; --head: #f2f4f7;
  --hover: #eef4ff; --sel: #d1e0ff; --warn-bg: #fffaeb; --warn-fg: #7a2e0e; --warn-line: #f79009; --link: #1849a9; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #111827; --fg: #e5e7eb; --muted-fg: #a3acb9; --line: #374151; --head: #1f2937; --hover: #1e2a44;
    --sel: #243b6b; --warn-bg: #3b2506; --warn-fg: #fedf89; --warn-line: #dc6803; --link: #84adff; }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 16px 20px 32px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  background: var(--bg); color: var(--fg); }
h1 { font-size: 20px; margin: 0 0 8px; }
h2 { font-size: 16px; margin: 20px 0 8px; }
a { color: var(--link); }
code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; word-break: break-all; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
.facts dt { font-weight: 600; color: var(--muted-fg); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.banner { border: 2px solid var(--warn-line); background: var(--warn-bg); color: var(--warn-fg); padding: 8px 12px;
  border-radius: 6px; margin: 12px 0; }
.banner ul { margin: 4px 0 0; padding-left: 20px; }
.complete { font-weight: 600; }
table { border-collapse: collapse; }
.summary th, .summary td { border: 1px solid var(--line); padding: 4px 10px; text-align: right; }
.summary th[scope="row"], .summary thead th:first-child { text-align: left; }
.summary thead th, .summary tfoot th, .summary tfoot td { background: var(--head); }
.overview { display: flex; flex-wrap: wrap; gap: 0 40px; align-items: flex-start; }
.overview > section { min-width: 0; }
.overview > section > p { max-width: 34em; }
#cis-sections th, #cis-sections td { padding: 4px 8px; }
#cis-sections thead th { max-width: 7.5em; vertical-align: bottom; }
#cis-sections tbody th { max-width: 13em; }
.legend { color: var(--muted-fg); font-size: 12px; max-width: 60em; }
details#cis-requirements { margin-top: 8px; }
details#cis-requirements > summary { cursor: pointer; font-weight: 600; }
.coverage { margin-top: 8px; }
.coverage th, .coverage td { border: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
.coverage td:last-child { overflow-wrap: anywhere; }
.coverage tr.section th { background: var(--head); }
.coverage .cov-automated { color: #067647; } .coverage .cov-blocked { color: #b42318; font-weight: 600; }
.filters { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: end; margin: 16px 0 8px; }
.filters label { display: flex; flex-direction: column; font-size: 12px; font-weight: 600; color: var(--muted-fg); }
.filters select, .filters input, .filters button { font: inherit; color: var(--fg); background: var(--bg);
  border: 1px solid var(--line); border-radius: 4px; padding: 4px 6px; min-height: 30px; }
.filters input { min-width: 260px; }
.count { margin: 4px 0 8px; color: var(--muted-fg); }
.scroller { height: 65vh; min-height: 320px; overflow: auto; border: 1px solid var(--line); border-radius: 4px; }
.grid { width: 100%; table-layout: fixed; }
.grid col:nth-child(1) { width: 10.5em; } .grid col:nth-child(2) { width: 8.5em; } .grid col:nth-child(3) { width: 5.5em; }
.grid col:nth-child(4) { width: 9em; } .grid col:nth-child(5) { width: 28%; } .grid col:nth-child(6) { width: 18%; }
.grid thead th { position: sticky; top: 0; z-index: 1; background: var(--head); border-bottom: 1px solid var(--line);
  text-align: left; padding: 0; }
.grid thead button { all: unset; box-sizing: border-box; display: block; width: 100%; padding: 6px 8px; cursor: pointer;
  font-weight: 600; }
.grid thead button:focus-visible { outline: 2px solid var(--link); outline-offset: -2px; }
.grid tr.r td { height: 30px; padding: 0 8px; border-bottom: 1px solid var(--line); white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; }
.grid tr.r { cursor: pointer; }
.grid tr.r:hover { background: var(--hover); }
.grid tr.r.sel { background: var(--sel); }
.grid tr.r:focus-visible { outline: 2px solid var(--link); outline-offset: -2px; }
.grid tr.spacer td { padding: 0; border: 0; height: 0; }
.grid td.empty { padding: 16px; color: var(--muted-fg); white-space: normal; }
.badge { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 12px; font-weight: 700; line-height: 20px;
  color: #ffffff; border: 1px solid transparent; }
.st-FAIL { background: #b42318; } .st-PASS { background: #067647; } .st-MANUAL { background: #93370d; }
.st-muted { background: #4b5563; }
.sev-critical { background: #7a1010; } .sev-high { background: #b42318; } .sev-medium { background: #93370d; }
.sev-low { background: #1849a9; } .sev-informational { background: #4b5563; }
.detail { border: 1px solid var(--line); border-radius: 4px; padding: 8px 14px; margin-top: 12px; }
.detail h2 { margin-top: 8px; }
.detail dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
.detail dt { font-weight: 600; color: var(--muted-fg); }
.detail dd { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
footer { margin-top: 24px; color: var(--muted-fg); font-size: 12px; }
@media (forced-colors: active) { .badge { border-color: CanvasText; } }
`;

export const CLIENT_JS = `
(function () {
  'use strict';
  var byId = function (id) { return document.getElementById(id); };
  var D = JSON.parse(byId('aliaudit-data').textContent);
  var S = D.s, C = D.checks, W = D.w;
  var F = Int32Array.from(D.f);
  D.f = null;
  var N = (F.length / W) | 0;
  var STATUS = ['PASS', 'FAIL', 'MANUAL'];
  var STATUS_ORDER = [2, 0, 1];
  var SEV = ['critical', 'high', 'medium', 'low', 'informational'];
  var X = ${JSON.stringify(FIELDS)};

  var scroller = byId('scroller'), tbody = byId('rows'), count = byId('count'), detail = byId('detail');
  var fStatus = byId('f-status'), fMuted = byId('f-muted'), fSeverity = byId('f-severity');
  var fService = byId('f-service'), fRegion = byId('f-region'), fText = byId('f-text');

  var lowerCache = null;
  function lower() {
    if (!lowerCache) { lowerCache = new Array(S.length); for (var i = 0; i < S.length; i++) lowerCache[i] = S[i].toLowerCase(); }
    return lowerCache;
  }
  var rankCache = null;
  function ranks() {
    if (rankCache) return rankCache;
    var low = lower(), idx = new Array(S.length);
    for (var i = 0; i < S.length; i++) idx[i] = i;
    idx.sort(function (a, b) {
      var x = low[a], y = low[b];
      if (x !== y) return x < y ? -1 : 1;
      return S[a] < S[b] ? -1 : S[a] > S[b] ? 1 : 0;
    });
    rankCache = new Int32Array(S.length);
    for (var j = 0; j < idx.length; j++) rankCache[idx[j]] = j;
    return rankCache;
  }
  var checkRank = (function () {
    var idx = C.map(function (_, i) { return i; });
    idx.sort(function (a, b) { var x = C[a][1].toLowerCase(), y = C[b][1].toLowerCase(); return x < y ? -1 : x > y ? 1 : a - b; });
    var r = new Int32Array(C.length);
    idx.forEach(function (c, k) { r[c] = k; });
    return r;
  })();

  function uidOf(o) { return S[F[o + X.uidPrefix]] + S[F[o + X.uid]]; }
  function statusLabel(o) { return STATUS[F[o + X.status]] + (F[o + X.muted] ? ' (muted)' : ''); }
  function badge(td, text, cls) {
    var span = document.createElement('span');
    span.className = 'badge ' + cls;
    span.textContent = text;
    td.appendChild(span);
  }
  function textCell(td, text) { td.textContent = text; td.title = text; }

  var COLS = [
    { key: 'status', label: 'Status',
      cell: function (td, o) { badge(td, statusLabel(o), F[o + X.muted] ? 'st-muted' : 'st-' + STATUS[F[o + X.status]]); },
      sortKey: function (o) { return STATUS_ORDER[F[o + X.status]] * 2 + F[o + X.muted]; } },
    { key: 'severity', label: 'Severity',
      cell: function (td, o) { var s = SEV[F[o + X.severity]]; badge(td, s, 'sev-' + s); },
      sortKey: function (o) { return F[o + X.severity]; } },
    { key: 'service', label: 'Service',
      cell: function (td, o) { textCell(td, S[F[o + X.service]]); },
      sortKey: function (o) { return ranks()[F[o + X.service]]; } },
    { key: 'region', label: 'Region',
      cell: function (td, o) { textCell(td, S[F[o + X.region]]); },
      sortKey: function (o) { return ranks()[F[o + X.region]]; } },
    { key: 'check', label: 'Check',
      cell: function (td, o) { var c = C[F[o + X.check]]; td.textContent = c[1]; td.title = c[0] + ': ' + c[1]; },
      sortKey: function (o) { return checkRank[F[o + X.check]]; } },
    { key: 'resource', label: 'Resource',
      cell: function (td, o) { td.textContent = S[F[o + X.name]]; td.title = uidOf(o); },
      sortKey: function (o) { return ranks()[F[o + X.name]]; } },
    { key: 'detail', label: 'Status detail',
      cell: function (td, o) { textCell(td, S[F[o + X.statusExtended]]); },
      sortKey: function (o) { return ranks()[F[o + X.statusExtended]]; } }
  ];

  var ORDER = null, VIEW = new Uint32Array(0), sortCol = null, sortDir = 1, selected = -1, RH = 30;

  function sortRows() {
    var order = new Uint32Array(N), i;
    for (i = 0; i < N; i++) order[i] = i;
    // The findings arrive in the default order (what needs action first), so that one needs no sorting.
    if (sortCol) {
      var key = new Float64Array(N), dir = sortDir;
      for (i = 0; i < N; i++) key[i] = sortCol.sortKey(i * W);
      order.sort(function (a, b) { return (key[a] - key[b]) * dir || a - b; });
    }
    ORDER = order;
  }

  var hitCache = { q: null, s: null, c: null };
  function textHits(q) {
    if (hitCache.q === q) return hitCache;
    var low = lower(), s = new Uint8Array(S.length), c = new Uint8Array(C.length), i;
    for (i = 0; i < low.length; i++) if (low[i].indexOf(q) !== -1) s[i] = 1;
    for (i = 0; i < C.length; i++) if ((C[i][0] + '\\n' + C[i][1]).toLowerCase().indexOf(q) !== -1) c[i] = 1;
    hitCache = { q: q, s: s, c: c };
    return hitCache;
  }
  var TEXT_FIELDS = [X.service, X.region, X.name, X.uidPrefix, X.uid, X.type, X.statusExtended, X.details, X.tags, X.cli, X.compliance, X.account];

  function intOrMinus(select) { return select.value === '' ? -1 : parseInt(select.value, 10); }
  function filterRows() {
    var st = intOrMinus(fStatus), sev = intOrMinus(fSeverity), svc = intOrMinus(fService), reg = intOrMinus(fRegion);
    var mu = fMuted.value;
    var q = fText.value.trim().toLowerCase();
    var hits = q ? textHits(q) : null;
    var out = new Uint32Array(N), m = 0;
    for (var k = 0; k < N; k++) {
      var i = ORDER[k], o = i * W;
      if (st >= 0 && F[o + X.status] !== st) continue;
      if (mu === 'no' && F[o + X.muted]) continue;
      if (mu === 'yes' && !F[o + X.muted]) continue;
      if (sev >= 0 && F[o + X.severity] !== sev) continue;
      if (svc >= 0 && F[o + X.service] !== svc) continue;
      if (reg >= 0 && F[o + X.region] !== reg) continue;
      if (hits) {
        var found = hits.c[F[o + X.check]] === 1 || STATUS[F[o + X.status]].toLowerCase().indexOf(q) !== -1 ||
          SEV[F[o + X.severity]].indexOf(q) !== -1;
        for (var t = 0; !found && t < TEXT_FIELDS.length; t++) found = hits.s[F[o + TEXT_FIELDS[t]]] === 1;
        // A search across the two stored parts of the uid (it holds the '/' between them).
        if (!found && q.indexOf('/') !== -1) found = uidOf(o).toLowerCase().indexOf(q) !== -1;
        if (!found) continue;
      }
      out[m++] = i;
    }
    VIEW = out.subarray(0, m);
  }

  function spacer(height) {
    var tr = document.createElement('tr'), td = document.createElement('td');
    tr.className = 'spacer';
    td.colSpan = COLS.length;
    td.style.height = height + 'px';
    tr.appendChild(td);
    return tr;
  }
  function rowElement(i) {
    var tr = document.createElement('tr'), o = i * W;
    tr.className = i === selected ? 'r sel' : 'r';
    tr.tabIndex = 0;
    tr.setAttribute('data-i', String(i));
    for (var c = 0; c < COLS.length; c++) {
      var td = document.createElement('td');
      COLS[c].cell(td, o);
      tr.appendChild(td);
    }
    return tr;
  }
  function render() {
    var n = VIEW.length;
    count.textContent = 'Showing ' + n.toLocaleString('en') + ' of ' + N.toLocaleString('en') + ' findings';
    var frag = document.createDocumentFragment();
    if (n === 0) {
      var tr = document.createElement('tr'), td = document.createElement('td');
      td.colSpan = COLS.length;
      td.className = 'empty';
      td.textContent = N === 0 ? 'This scan made no findings.' : 'No finding matches these filters.';
      tr.appendChild(td);
      frag.appendChild(tr);
      tbody.replaceChildren(frag);
      return;
    }
    var top = scroller.scrollTop, height = scroller.clientHeight || 600;
    var start = Math.max(0, Math.floor(top / RH) - 10);
    var end = Math.min(n, Math.ceil((top + height) / RH) + 10);
    frag.appendChild(spacer(start * RH));
    for (var k = start; k < end; k++) frag.appendChild(rowElement(VIEW[k]));
    frag.appendChild(spacer((n - end) * RH));
    tbody.replaceChildren(frag);
    var first = tbody.querySelector('tr.r');
    if (first) {
      var measured = first.getBoundingClientRect().height;
      if (measured > 0 && Math.abs(measured - RH) > 0.5) { RH = measured; render(); }
    }
  }

  function refresh(keepScroll) {
    filterRows();
    if (!keepScroll) scroller.scrollTop = 0;
    render();
  }

  function addFact(dl, label, value, asCode) {
    if (value === undefined || value === null || value === '') return;
    var dt = document.createElement('dt'), dd = document.createElement('dd');
    dt.textContent = label;
    if (asCode) { var code = document.createElement('code'); code.textContent = value; dd.appendChild(code); }
    else dd.textContent = value;
    dl.appendChild(dt);
    dl.appendChild(dd);
  }
  function showDetail(i) {
    selected = i;
    var o = i * W, c = C[F[o + X.check]];
    var h = document.createElement('h2'), dl = document.createElement('dl');
    h.textContent = c[1];
    addFact(dl, 'Status', statusLabel(o));
    addFact(dl, 'Severity', SEV[F[o + X.severity]]);
    addFact(dl, 'Check', c[0], true);
    addFact(dl, 'Status detail', S[F[o + X.statusExtended]]);
    addFact(dl, 'Resource', S[F[o + X.name]]);
    addFact(dl, 'Resource UID', uidOf(o), true);
    addFact(dl, 'Resource type', S[F[o + X.type]]);
    addFact(dl, 'Resource details', S[F[o + X.details]]);
    addFact(dl, 'Tags', S[F[o + X.tags]]);
    addFact(dl, 'Service', S[F[o + X.service]]);
    addFact(dl, 'Region', S[F[o + X.region]]);
    addFact(dl, 'Account', S[F[o + X.account]]);
    addFact(dl, 'Compliance', S[F[o + X.compliance]]);
    addFact(dl, 'Description', c[4]);
    addFact(dl, 'Risk', c[5]);
    addFact(dl, 'Remediation', c[6]);
    addFact(dl, 'Fix with the aliyun CLI', S[F[o + X.cli]], true);
    if (/^https?:\\/\\//i.test(c[7])) {
      var dt = document.createElement('dt'), dd = document.createElement('dd'), a = document.createElement('a');
      dt.textContent = 'More information';
      a.href = c[7];
      a.rel = 'noopener noreferrer';
      a.target = '_blank';
      a.textContent = c[7];
      dd.appendChild(a);
      dl.appendChild(dt);
      dl.appendChild(dd);
    }
    detail.replaceChildren(h, dl);
    detail.hidden = false;
    render();
    // The panel is under the table, a screen or more down: brought into view, and focused for the keyboard.
    detail.tabIndex = -1;
    detail.scrollIntoView({ block: 'start' });
    detail.focus({ preventScroll: true });
  }

  var headers = document.querySelectorAll('#findings thead button');
  function markSorted() {
    for (var h = 0; h < headers.length; h++) {
      var b = headers[h], th = b.parentNode, on = sortCol && sortCol.key === b.getAttribute('data-col');
      th.setAttribute('aria-sort', on ? (sortDir === 1 ? 'ascending' : 'descending') : 'none');
      b.querySelector('.arrow').textContent = on ? (sortDir === 1 ? ' \\u25B2' : ' \\u25BC') : '';
    }
  }
  for (var h = 0; h < headers.length; h++) {
    headers[h].addEventListener('click', function (event) {
      var key = event.currentTarget.getAttribute('data-col');
      var col = COLS.filter(function (c) { return c.key === key; })[0];
      if (sortCol === col) sortDir = -sortDir; else { sortCol = col; sortDir = 1; }
      sortRows();
      markSorted();
      refresh(false);
    });
  }
  [fStatus, fMuted, fSeverity, fService, fRegion].forEach(function (s) { s.addEventListener('change', function () { refresh(false); }); });
  fText.addEventListener('input', function () { refresh(false); });
  byId('f-reset').addEventListener('click', function () {
    [fStatus, fMuted, fSeverity, fService, fRegion].forEach(function (s) { s.value = ''; });
    fText.value = '';
    refresh(false);
  });
  var pending = false;
  scroller.addEventListener('scroll', function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; render(); });
  }, { passive: true });
  window.addEventListener('resize', function () { render(); });
  tbody.addEventListener('click', function (event) {
    var tr = event.target.closest('tr.r');
    if (tr) showDetail(parseInt(tr.getAttribute('data-i'), 10));
  });
  tbody.addEventListener('keydown', function (event) {
    var tr = event.target.closest('tr.r');
    if (tr && (event.key === 'Enter' || event.key === ' ')) { event.preventDefault(); showDetail(parseInt(tr.getAttribute('data-i'), 10)); }
  });

  sortRows();
  markSorted();
  refresh(false);
  document.body.setAttribute('data-ready-ms', String(Math.round(performance.now())));
})();
`;
