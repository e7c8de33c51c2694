/*
 * Kring live room client. Plain JavaScript: no modules, no bundler, no eval, no inline
 * script or style (strict CSP). Protocol: docs/protocol.md.
 *
 * The page provides:
 *
 *   <section id="room" class="kring-room" data-meeting-id="7" data-ws-url="/meetings/7/ws"
 *            data-user-id="2" data-coach="false"><noscript>…</noscript></section>
 *   <script type="application/json" id="room-data">{…}</script>
 *   <script src="/static/js/screen.js" defer></script>   (window.KringScreen, optional)
 *   <script src="/static/js/room.js" defer></script>
 *
 * room-data (server/room_page.go makes it; the script carries no copy of any of it):
 *   {
 *     "lang": "nl" | "en",                  interface language (dates, numbers)
 *     "reportUrl": "/meetings/7/report",    link shown when the meeting is closed
 *     "limits": {"card": 1000, "question": 300, "note": 2000, "owner": 100, "votes": 3, "groupTitle": 80},
 *     "boardOrder": ["case", …],            the boards in the order they are shown
 *     "themes": {"tijd": "Tijd", …},        labels of the fixed theme list
 *     "themeOrder": ["tijd", …],            the themes in the order the coach picks from
 *     "questions": [{"id": "…", "text": "…"}],   question-bank questions the coach can show
 *     "t": {"connected": "verbonden", "boards": {…}, …}   every interface string (roomjs.* in
 *                                           server/i18n/locales/roomgroup.*.yaml)
 *   }
 *
 * Durability in the browser: the last seq seen is kept in sessionStorage per meeting and person
 * (so a reconnect asks only for the gap); every action waits in an outbox in localStorage per
 * meeting and person until its ack (so a reload or a lost connection never loses it) and is resent with the same
 * id after each reconnect; the text being typed in each form is kept as a draft in localStorage.
 */
(function () {
  'use strict';


  var root = document.getElementById('room') || document.querySelector('[data-meeting-id][data-ws-url]');
  if (!root) { return; }

  var cfg = {};
  var dataEl = document.getElementById('room-data');
  if (dataEl) { try { cfg = JSON.parse(dataEl.textContent || '{}') || {}; } catch (e) { cfg = {}; } }
  var lang = cfg.lang === 'en' ? 'en' : 'nl';
  // Every string, limit, board and theme comes with the page (server/room_page.go), in the
  // page's language: the script repeats none of them.
  var T = cfg.t || {};
  ['boards', 'addLabel', 'kinds'].forEach(function (k) { T[k] = T[k] || {}; });
  var BOARDS = cfg.boardOrder || Object.keys(T.boards);
  // counted writes a number with the word's singular or plural: "1 stem", "3 stemmen".
  function counted(n, one, many) { return n + ' ' + (n === 1 ? one : many); }
  // Text limits and dots per person are the room's (room.Config.PageLimits), sent with the page.
  var limits = cfg.limits || {};
  var themeLabels = cfg.themes || {};
  // The theme list is the room's (room.Themes), sent in its order with the page.
  var THEMES = cfg.themeOrder || Object.keys(themeLabels);
  var meetingId = root.getAttribute('data-meeting-id');
  var userId = Number(root.getAttribute('data-user-id'));
  // The projector view (data-mode="screen") shows the room read-only, as a participant would see
  // it, so a secret vote stays secret on the shared screen even when the coach's laptop runs it.
  var screen = root.getAttribute('data-mode') === 'screen';
  var isCoach = root.getAttribute('data-coach') === 'true' && !screen;
  var reduceMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

  // Everything kept in the browser is keyed by meeting and person, so on a shared computer one
  // person's drafts and unsent actions never reach the next; sign-out clears them (signout.js).
  var KEY = 'kring.room.' + meetingId + '.' + userId + '.';
  var state = null;
  var seq = Number(load(sessionStorage, 'seq', 0)) || 0;
  var outbox = load(localStorage, 'outbox', []);
  var people = [];
  var clockOffset = 0;
  var ws = null, attempts = 0, retryTimer = null, stopped = false, subscribed = false;
  var editing = {};         // card id -> draft text while editing
  var openMenus = {};       // card id -> true while its action menu is open
  var editingNote = {};     // note id -> draft text while editing
  var editingGroup = {};    // group id -> draft title while editing
  var dragging = 0;         // id of the card the coach is dragging
  var focusNext = {};       // data-key -> where focus goes when that control is gone after a render
  var warnedText = {};      // board -> text whose non-blocking findings the author has seen
  var myScale = load(sessionStorage, 'scale', {});  // scale id -> my answer
  var announcedEnd = '';
  var reportReady = false;

  function merge(a, b) { var o = {}, k; for (k in a) { o[k] = a[k]; } for (k in b) { o[k] = b[k]; } return o; }
  function load(store, k, d) { try { var v = store.getItem(KEY + k); return v === null ? d : JSON.parse(v); } catch (e) { return d; } }
  function save(store, k, v) { try { store.setItem(KEY + k, JSON.stringify(v)); } catch (e) { /* full or blocked: keep in memory */ } }
  function newId() {
    var a = new Uint8Array(12);
    (window.crypto || window.msCrypto).getRandomValues(a);
    return 'c' + Array.prototype.map.call(a, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  // ---- DOM helpers (textContent only: user text is never parsed as HTML) ----
  function el(tag, cls, text, attrs) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (attrs) { for (var k in attrs) { if (attrs[k] !== null && attrs[k] !== undefined) { e.setAttribute(k, attrs[k]); } } }
    return e;
  }
  function button(text, cls, onClick, attrs) {
    var b = el('button', 'utrecht-button ' + (cls || 'utrecht-button--secondary-action'), text, merge({type: 'button'}, attrs || {}));
    b.addEventListener('click', onClick);
    return b;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } }
  var uid = 0;
  function fieldId(name) { uid++; return 'kring-room-' + name + '-' + uid; }

  // ---- Layout, built once ----
  clear(root);
  root.classList.add('kring-room');
  var statusRow = el('div', 'kring-room__status');
  var phasebar = el('ol', 'kring-phasebar', null, {'aria-label': T.phase});
  var timerSize = screen ? 'kring-timer' : 'kring-timer kring-timer--small';
  var timerBox = el('div', timerSize, null, {role: 'timer', 'aria-live': 'off'});
  var timerLabel = el('span', 'kring-timer__label', T.timeLeft);
  var timerValue = el('span', 'kring-timer__value', '--:--');
  timerBox.appendChild(timerLabel); timerBox.appendChild(document.createTextNode(' ')); timerBox.appendChild(timerValue);
  var conn = el('p', 'kring-connection kring-connection--reconnecting', null, {role: 'status'});
  var connDot = el('span', 'kring-connection__dot', null, {'aria-hidden': 'true'});
  var connText = el('span', null, T.reconnecting);
  conn.appendChild(connDot); conn.appendChild(document.createTextNode(' ')); conn.appendChild(connText);
  statusRow.appendChild(phasebar); statusRow.appendChild(timerBox); statusRow.appendChild(conn);
  // What the current phase asks of everyone, beside the phase bar.
  var instructionBox = el('p', 'kring-room__instruction', null, {'aria-live': 'polite'});
  statusRow.appendChild(instructionBox);

  var main = el('div', 'kring-room__main');
  var alerts = el('div', 'kring-room__alerts', null, {'aria-live': 'assertive'});
  var closedBox = el('div', 'kring-room__closed');
  var questionBox = el('div', 'kring-room__question', null, {'aria-live': 'polite'});
  var chosenBox = el('div', 'kring-room__chosen');
  var notesBox = buildNotes();
  var scaleBox = el('div', 'kring-room__scale');
  var board = el('div', 'kring-board');
  // The coach's guidance for the current phase: server-rendered per phase in #room-guidance
  // (for the coach only) and copied in when the phase changes.
  var guidanceSource = isCoach ? document.getElementById('room-guidance') : null;
  var guidanceBox = el('details', 'kring-room__guidance', null, {open: 'open'});
  var guidancePhase = null;
  main.appendChild(alerts); main.appendChild(closedBox); main.appendChild(questionBox);
  if (guidanceSource) { main.appendChild(guidanceBox); }
  main.appendChild(chosenBox); main.appendChild(scaleBox); main.appendChild(notesBox.el); main.appendChild(board);
  // Parts of the room kept in their own files (static/js/room_*.js, loaded before this one)
  // register in window.KringRoomParts as {apply(state, event, seq), mount(api) -> {render()}}:
  // apply folds their events, render draws their box, placed after the alerts.
  var parts = (window.KringRoomParts || []).map(function (part) {
    var box = el('div', 'kring-room__part');
    main.insertBefore(box, questionBox);
    var api = {el: box, cfg: cfg, lang: lang, userId: userId, isCoach: isCoach, screen: screen, send: send,
      state: function () { return state; }, closed: closed, currentPhase: currentPhase, fmtDate: fmtDate,
      pending: function (pred) { return outbox.some(pred); }, make: el, button: button, clear: clear};
    return {apply: part.apply, view: part.mount(api)};
  });

  var aside = el('div', 'kring-room__aside');
  var presencePanel = el('section', 'kring-panel', null, {'aria-labelledby': 'kring-room-presence-h'});
  presencePanel.appendChild(el('h2', 'kring-panel__title', T.present, {id: 'kring-room-presence-h'}));
  var presenceCount = el('p', 'utrecht-paragraph kring-muted');
  var presenceList = el('ul', 'kring-presence');
  presencePanel.appendChild(presenceCount); presencePanel.appendChild(presenceList);
  var handsPanel = el('section', 'kring-panel kring-room__hands', null, {'aria-labelledby': 'kring-room-hands-h'});
  handsPanel.appendChild(el('h2', 'kring-panel__title', T.hands, {id: 'kring-room-hands-h'}));
  var handsList = el('ol', 'kring-hands');
  // The label says the state ("raise" or "lower"); while a request is under way the button is
  // aria-disabled rather than disabled, so keyboard focus stays on it.
  var handButton = button(T.raiseHand, 'utrecht-button--secondary-action', function () {
    if (handButton.getAttribute('aria-disabled') === 'true') { return; }
    send(myHandUp() ? {op: 'hand.lower'} : {op: 'hand.raise'});
  });
  handsPanel.appendChild(handsList); handsPanel.appendChild(handButton);
  aside.appendChild(presencePanel); aside.appendChild(handsPanel);
  var coachPanel = null;
  if (isCoach) { coachPanel = buildCoachPanel(); aside.appendChild(coachPanel.el); }

  if (screen) { aside.hidden = true; root.classList.add('kring-room--screen'); }
  var live = el('div', 'kring-visually-hidden', null, {'aria-live': 'polite', role: 'log'});
  root.appendChild(statusRow); root.appendChild(main); root.appendChild(aside); root.appendChild(live);

  var columns = {};
  BOARDS.forEach(function (b) { columns[b] = buildColumn(b); board.appendChild(columns[b].el); });
  // A feature script plugs in here (static/js/roommap.js: network maps on case cards): it folds
  // its own events, adds to a case card, and draws its panel on every render.
  var ext = window.KringRoomMap ? window.KringRoomMap({cfg: cfg.map || {}, main: main, before: board, send: function (f) { send(f); },
    el: el, button: button, announce: announce, userId: userId, isCoach: isCoach, screen: screen, closed: function () { return closed(); }}) : null;

  function announce(text) {
    live.textContent = '';
    window.setTimeout(function () { live.textContent = text; }, 50);
  }
  function showAlert(text, kind) {
    var a = el('div', 'utrecht-alert utrecht-alert--' + (kind || 'error'), null, {role: kind === 'info' ? 'status' : 'alert'});
    a.appendChild(el('p', 'utrecht-paragraph', text));
    a.appendChild(button('×', 'utrecht-button--subtle', function () { a.remove(); }, {'aria-label': T.cancel}));
    alerts.appendChild(a);
    while (alerts.childNodes.length > 3) { alerts.removeChild(alerts.firstChild); }
    window.setTimeout(function () { if (a.parentNode) { a.remove(); } }, 15000);
  }

  // ---- Board columns with their add forms ----
  function buildColumn(b) {
    var col = el('section', 'kring-board__column kring-board__column--' + b, null, {'aria-labelledby': 'kring-board-h-' + b});
    var h = el('h2', 'kring-board__heading', T.boards[b], {id: 'kring-board-h-' + b});
    var count = el('span', 'kring-board__count', '0');
    h.appendChild(document.createTextNode(' ')); h.appendChild(count);
    var list = el('ul', 'kring-board__list', null, {'aria-live': 'polite', 'aria-relevant': 'additions'});
    var form = el('form', 'kring-room__add', null, {novalidate: 'novalidate'});
    var fid = fieldId('add-' + b);
    var field = el('div', 'utrecht-form-field utrecht-form-field--textarea');
    field.appendChild(el('label', 'utrecht-form-label', T.addLabel[b], {'for': fid}));
    var ta = el('textarea', 'utrecht-textarea', null, {id: fid, rows: '3', maxlength: limits.card, required: 'required'});
    ta.value = load(localStorage, 'draft.' + b, '');
    ta.addEventListener('input', function () { save(localStorage, 'draft.' + b, ta.value); warnedText[b] = null; findingsBox.textContent = ''; submit.textContent = T.add; });
    field.appendChild(ta);
    var ownerInput = null, dueInput = null;
    if (b === 'agreement') {
      var oid = fieldId('owner');
      var of = el('div', 'utrecht-form-field utrecht-form-field--text');
      of.appendChild(el('label', 'utrecht-form-label', T.owner, {'for': oid}));
      ownerInput = el('input', 'utrecht-textbox', null, {id: oid, type: 'text', maxlength: limits.owner, autocomplete: 'off', list: 'kring-room-members'});
      ownerInput.value = load(localStorage, 'draft.owner', '');
      ownerInput.addEventListener('input', function () { save(localStorage, 'draft.owner', ownerInput.value); });
      of.appendChild(ownerInput);
      field.appendChild(of);
      var did = fieldId('due');
      var df = el('div', 'utrecht-form-field utrecht-form-field--text');
      df.appendChild(el('label', 'utrecht-form-label', T.due, {'for': did}));
      dueInput = el('input', 'utrecht-textbox kring-room__due', null, {id: did, type: 'date'});
      df.appendChild(dueInput);
      field.appendChild(df);
    }
    var findingsBox = el('div', 'kring-room__findings', null, {'aria-live': 'polite', id: fid + '-findings'});
    ta.setAttribute('aria-describedby', findingsBox.id);
    var submit = el('button', 'utrecht-button utrecht-button--primary-action', T.add, {type: 'submit'});
    form.appendChild(field); form.appendChild(findingsBox); form.appendChild(submit);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var text = ta.value.trim();
      if (!text) { ta.focus(); return; }
      if (!screenOK(b, text, findingsBox, submit)) { return; }
      var frame = {op: 'card.add', board: b, text: text};
      if (ownerInput && ownerInput.value.trim()) { frame.owner = ownerInput.value.trim(); }
      if (dueInput && dueInput.value) { frame.due = dueInput.value; }
      send(frame);
      ta.value = ''; save(localStorage, 'draft.' + b, '');
      if (ownerInput) { ownerInput.value = ''; save(localStorage, 'draft.owner', ''); }
      if (dueInput) { dueInput.value = ''; }
      findingsBox.textContent = ''; submit.textContent = T.add;
      ta.focus();
    });
    var closedNote = el('div', 'kring-board__closed');
    closedNote.appendChild(el('p', 'kring-muted', T.boardClosed));
    if (isCoach) {
      closedNote.appendChild(button(T.openBoard, 'utrecht-button--subtle', function () { send({op: 'board.open', board: b}); }, {'data-key': 'open-col-' + b}));
    }
    col.appendChild(h); col.appendChild(list); col.appendChild(form); col.appendChild(closedNote);
    return {el: col, list: list, count: count, form: form, closedNote: closedNote};
  }

  // ---- Notes: the coach or the named scribe writes them; everyone reads them ----
  function buildNotes() {
    var sec = el('section', 'kring-panel kring-room__notes', null, {'aria-labelledby': 'kring-room-notes-h'});
    var h = el('h2', 'kring-panel__title', T.notes, {id: 'kring-room-notes-h'});
    var list = el('ul', 'kring-room__note-list', null, {'aria-live': 'polite'});
    var hint = el('p', 'kring-muted', T.youScribe);
    var form = el('form', 'kring-room__add', null, {novalidate: 'novalidate'});
    var nid = fieldId('note');
    var field = el('div', 'utrecht-form-field utrecht-form-field--textarea');
    field.appendChild(el('label', 'utrecht-form-label', T.noteText, {'for': nid}));
    var ta = el('textarea', 'utrecht-textarea', null, {id: nid, rows: '3', maxlength: limits.note});
    ta.value = load(localStorage, 'draft.note', '');
    ta.addEventListener('input', function () { save(localStorage, 'draft.note', ta.value); findings.textContent = ''; submit.textContent = T.saveNote; });
    field.appendChild(ta);
    var findings = el('div', 'kring-room__findings', null, {'aria-live': 'polite'});
    var submit = el('button', 'utrecht-button utrecht-button--primary-action', T.saveNote, {type: 'submit'});
    form.appendChild(field); form.appendChild(findings); form.appendChild(submit);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var text = ta.value.trim();
      if (!text) { ta.focus(); return; }
      if (!screenOK('note', text, findings, submit)) { return; }
      send({op: 'note.add', text: text});
      ta.value = ''; save(localStorage, 'draft.note', '');
      findings.textContent = ''; submit.textContent = T.saveNote;
      ta.focus();
    });
    sec.appendChild(h); sec.appendChild(hint); sec.appendChild(list); sec.appendChild(form);
    return {el: sec, list: list, form: form, hint: hint};
  }
  function canNote() { return !screen && !!state && !closed() && state.phase >= 0 && (isCoach || state.scribe === userId); }
  function renderNotes() {
    var nb = notesBox, p = currentPhase();
    var notes = (state.notes || []).filter(function (n) { return n.phase === state.phase; });
    var pending = outbox.filter(function (f) { return f.op === 'note.add'; });
    var writer = canNote();
    // Shown in phases that keep notes, and wherever notes were written.
    nb.el.hidden = screen || state.phase < 0 || (!notes.length && !(writer && p && p.notes));
    nb.form.hidden = !writer;
    nb.hint.hidden = !writer || isCoach;
    nb.el.classList.toggle('kring-room__notes--quiet', !(p && p.notes));
    clear(nb.list);
    if (!notes.length && !pending.length) { nb.list.appendChild(el('li', 'kring-muted', T.noNotes)); }
    notes.forEach(function (n) {
      var li = el('li', 'kring-room__note');
      var mayChange = !closed() && (isCoach || n.by === userId);
      if (mayChange && editingNote[n.id] !== undefined) {
        li.appendChild(renderNoteEditor(n));
        nb.list.appendChild(li);
        return;
      }
      li.appendChild(el('p', 'kring-room__note-text', n.text));
      var about = n.card ? findCard(state, n.card) : null;
      var meta = el('p', 'kring-card__meta', [n.name || '', about ? T.noteAbout + ' “' + short(about.text) + '”' : ''].filter(Boolean).join(' · '));
      if (mayChange) {
        meta.appendChild(document.createTextNode(' '));
        meta.appendChild(button(T.edit, 'utrecht-button--subtle', function () { editingNote[n.id] = n.text; render(); focusKey('note-text-' + n.id); },
          {'data-key': 'note-edit-' + n.id, 'aria-label': T.noteEdit}));
        meta.appendChild(button(T.remove, 'utrecht-button--subtle', function () { if (window.confirm(T.noteRemoveConfirm)) { send({op: 'note.remove', note: n.id}); } }, {'data-key': 'note-remove-' + n.id}));
      }
      li.appendChild(meta);
      nb.list.appendChild(li);
    });
    pending.forEach(function (f) {
      var li = el('li', 'kring-room__note kring-card--pending', null, {'aria-busy': 'true'});
      li.appendChild(el('p', 'kring-room__note-text', f.text));
      li.appendChild(el('p', 'kring-card__meta', T.pending));
      nb.list.appendChild(li);
    });
  }
  // The note's own editor, in place of the note, for its writer and the coach.
  function renderNoteEditor(n) {
    var f = el('form', 'kring-room__edit');
    var id = 'kring-note-edit-' + n.id;
    var field = el('div', 'utrecht-form-field');
    field.appendChild(el('label', 'utrecht-form-label', T.noteEdit, {'for': id}));
    var ta = el('textarea', 'utrecht-textarea', null, {id: id, rows: '3', maxlength: limits.note, 'data-key': 'note-text-' + n.id});
    ta.value = editingNote[n.id];
    ta.addEventListener('input', function () { editingNote[n.id] = ta.value; });
    field.appendChild(ta);
    var findings = el('div', 'kring-room__findings', null, {'aria-live': 'polite'});
    var g = el('div', 'utrecht-button-group');
    var saveB = el('button', 'utrecht-button utrecht-button--primary-action', T.save, {type: 'submit', 'data-key': 'note-save-' + n.id});
    g.appendChild(saveB);
    g.appendChild(button(T.cancel, 'utrecht-button--subtle', function () { delete editingNote[n.id]; render(); focusKey('note-edit-' + n.id); }));
    f.appendChild(field); f.appendChild(findings); f.appendChild(g);
    f.addEventListener('submit', function (e) {
      e.preventDefault();
      var text = ta.value.trim();
      if (!text) { ta.focus(); return; }
      if (!screenOK('note-' + n.id, text, findings, saveB)) { return; }
      delete editingNote[n.id];
      send({op: 'note.edit', note: n.id, text: text});
      focusKey('note-edit-' + n.id);
    });
    return f;
  }
  function short(t) { t = String(t || ''); return t.length > 60 ? t.slice(0, 59) + '…' : t; }

  function fmtDate(d) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d || '');
    if (!m) { return d; }
    var months = String(T.months || '').split(' ');
    return Number(m[3]) + ' ' + months[Number(m[2]) - 1] + ' ' + m[1];
  }

  // screenOK runs the privacy screen: blocking kinds stop the card; other findings are shown
  // once and the author must press the button again to send anyway.
  function screenOK(b, text, box, submit) {
    var screen = window.KringScreen && window.KringScreen.screen;
    if (!screen) { return true; }
    var found = [];
    try { found = screen(text) || []; } catch (e) { return true; }
    if (!found.length) { return true; }
    var blocking = found.some(function (f) { return window.KringScreen.blocking ? window.KringScreen.blocking(f.kind) : (f.kind === 'BSN' || f.kind === 'Email'); });
    clear(box);
    var a = el('div', 'utrecht-alert utrecht-alert--' + (blocking ? 'error' : 'warning'), null, {role: 'alert'});
    a.appendChild(el('p', 'utrecht-paragraph', blocking ? T.blocking : T.findings));
    var ul = el('ul', 'utrecht-unordered-list');
    found.forEach(function (f) {
      var advice = window.KringScreen.describe ? window.KringScreen.describe(f.kind, lang) : '';
      ul.appendChild(el('li', 'utrecht-unordered-list__item', (T.kinds[f.kind] || f.kind) + ': “' + f.text + '”' + (advice ? ' — ' + advice : '')));
    });
    a.appendChild(ul);
    box.appendChild(a);
    if (blocking) { return false; }
    if (warnedText[b] === text) { return true; }
    warnedText[b] = text;
    submit.textContent = T.sendAnyway;
    return false;
  }

  // ---- Coach panel ----
  // The coach's controls fold away on a narrow screen, where the panel comes before the boards,
  // so they are one tap away without scrolling past every card.
  function buildCoachPanel() {
    var wrap = el('section', 'kring-panel kring-room__coach-panel', null, {'aria-labelledby': 'kring-room-coach-h'});
    var foldBox = el('details', 'kring-room__coach-fold');
    foldBox.open = !(window.matchMedia && window.matchMedia('(max-width: 63.99em)').matches);
    var sum = el('summary', 'kring-room__coach-summary');
    sum.appendChild(el('h2', 'kring-panel__title', T.coachTools, {id: 'kring-room-coach-h'}));
    foldBox.appendChild(sum);
    var p = el('div', 'kring-room__coach');
    foldBox.appendChild(p);
    wrap.appendChild(foldBox);
    var g1 = el('div', 'utrecht-button-group');
    var start = button(T.start, 'utrecht-button--primary-action', function () { send({op: 'meeting.start'}); });
    var prev = button(T.prev, null, function () { send({op: 'phase.prev'}); });
    var next = button(T.next, 'utrecht-button--primary-action', function () { send({op: 'phase.next'}); });
    g1.appendChild(start); g1.appendChild(prev); g1.appendChild(next);
    // Anonymous cards are chosen before anyone writes one.
    var anonId = fieldId('anonymous');
    var anon = el('div', 'utrecht-form-field utrecht-form-field--checkbox kring-room__anonymous');
    var anonBox = el('input', 'utrecht-checkbox utrecht-checkbox--html-input', null, {id: anonId, type: 'checkbox', 'data-key': 'anonymous'});
    anonBox.addEventListener('change', function () { send({op: 'meeting.anonymous', on: anonBox.checked}); });
    anon.appendChild(anonBox);
    anon.appendChild(el('label', 'utrecht-form-label utrecht-form-label--checkbox', T.anonymous, {'for': anonId}));
    var g2 = el('div', 'utrecht-button-group');
    var tStart = button(T.timerStart, null, function () { send({op: 'timer.start'}); });
    var tPause = button(T.timerPause, null, function () { send({op: 'timer.pause'}); });
    g2.appendChild(tStart); g2.appendChild(tPause);
    [-1, 1, 5].forEach(function (m) {
      g2.appendChild(button((m > 0 ? '+' : '−') + Math.abs(m) + ' ' + T.minutes, 'utrecht-button--subtle', function () { send({op: 'timer.add', minutes: m}); }));
    });
    // Question
    // The question picker: the phase's own questions first, the bank by search.
    var qf = el('form', 'kring-room__coach-form');
    var picked = {id: '', text: ''};
    var qfield = el('div', 'utrecht-form-field');
    var qlist = el('ul', 'kring-room__qlist', null, {'aria-live': 'polite'});
    var sid0 = fieldId('qsearch');
    var qsearch = el('input', 'utrecht-textbox kring-room__qsearch', null, {id: sid0, type: 'search', autocomplete: 'off', 'data-key': 'qsearch'});
    var qid = fieldId('qtext');
    var qtext = el('textarea', 'utrecht-textarea', null, {id: qid, rows: '2', maxlength: limits.question});
    qfield.appendChild(qlist);
    qfield.appendChild(el('label', 'utrecht-form-label', T.searchQuestion, {'for': sid0}));
    qfield.appendChild(qsearch);
    qfield.appendChild(el('label', 'utrecht-form-label', T.questionText, {'for': qid}));
    qfield.appendChild(qtext);
    qsearch.addEventListener('input', function () { renderQuestionList(); });
    function foldText(x) { return String(x || '').toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, ''); }
    function pick(q) { picked = {id: q.id || '', text: q.text}; qtext.value = q.text; qtext.focus(); }
    function renderQuestionList() {
      clear(qlist);
      var p = currentPhase();
      var own = ((p && p.questions) || []).map(function (q, i) { return {id: (p.id || 'fase') + '-' + (i + 1), text: q}; });
      var term = foldText(qsearch.value.trim());
      var items = [];
      if (term) {
        own.concat(cfg.questions || []).forEach(function (q) { if (items.length < 8 && foldText(q.text).indexOf(term) >= 0) { items.push(q); } });
      } else {
        items = own;
      }
      if (!term && own.length) { qlist.appendChild(el('li', 'kring-room__qlist-head', T.phaseQuestions)); }
      if (term && !items.length) { qlist.appendChild(el('li', 'kring-muted', T.noMatch)); }
      items.forEach(function (q, i) {
        var li = el('li', 'kring-room__qlist-item');
        li.appendChild(button(q.text, 'utrecht-button--subtle kring-room__qpick', function () { pick(q); }, {'data-key': 'qpick-' + i}));
        qlist.appendChild(li);
      });
    }
    var qg = el('div', 'utrecht-button-group');
    qg.appendChild(el('button', 'utrecht-button utrecht-button--primary-action', T.showQuestion, {type: 'submit'}));
    qg.appendChild(button(T.hideQuestion, null, function () { send({op: 'question.hide'}); }));
    qf.appendChild(qfield); qf.appendChild(qg);
    qf.addEventListener('submit', function (e) {
      e.preventDefault();
      var text = qtext.value.trim();
      if (!text) { qtext.focus(); return; }
      var f = {op: 'question.show', text: text};
      if (/^[A-Za-z0-9._:-]{1,64}$/.test(picked.id) && picked.text === text) { f.qid = picked.id; }
      send(f);
    });
    // Scale
    var sf = el('form', 'kring-room__coach-form');
    var sid = fieldId('scale');
    var sfield = el('div', 'utrecht-form-field');
    sfield.appendChild(el('label', 'utrecht-form-label', T.scaleText, {'for': sid}));
    var stext = el('input', 'utrecht-textbox', null, {id: sid, type: 'text', maxlength: limits.question});
    sfield.appendChild(stext);
    var sg = el('div', 'utrecht-button-group');
    var scaleSubmit = el('button', 'utrecht-button utrecht-button--primary-action', T.openScale, {type: 'submit'});
    sg.appendChild(scaleSubmit);
    // In a phase whose method does not ask the scale question, the coach asks it by hand first.
    var scaleAllow = button(T.scaleAllow, 'utrecht-button--secondary-action', function () { send({op: 'scale.allow'}); }, {'data-key': 'scale-allow'});
    var scaleNotNow = el('p', 'kring-muted', T.scaleNotNow);
    sf.appendChild(scaleNotNow); sf.appendChild(scaleAllow);
    var reveal = button(T.reveal, null, function () { send({op: 'scale.reveal'}); });
    sg.appendChild(reveal);
    sf.appendChild(sfield); sf.appendChild(sg);
    sf.addEventListener('submit', function (e) {
      e.preventDefault();
      var text = stext.value.trim();
      if (!text) { stext.focus(); return; }
      send({op: 'scale.open', text: text});
      stext.value = '';
    });
    // The phase's tools: reveal silent cards, reveal the vote, open a board the phase keeps shut.
    var g3 = el('div', 'utrecht-button-group');
    var revealCards = button(T.revealCards, 'utrecht-button--primary-action', function () { send({op: 'cards.reveal'}); }, {'data-key': 'reveal-cards'});
    var revealVotes = button(T.revealVotes, 'utrecht-button--primary-action', function () { send({op: 'votes.reveal'}); }, {'data-key': 'reveal-votes'});
    g3.appendChild(revealCards); g3.appendChild(revealVotes);
    var openOther = el('div', 'kring-room__open-other');
    var scribeId = fieldId('scribe');
    var scribeField = el('div', 'utrecht-form-field kring-room__scribe');
    scribeField.appendChild(el('label', 'utrecht-form-label', T.scribe, {'for': scribeId}));
    var scribeSel = el('select', 'utrecht-select', null, {id: scribeId, 'data-key': 'scribe'});
    scribeSel.addEventListener('change', function () { send({op: 'scribe.set', user: Number(scribeSel.value) || 0}); });
    scribeField.appendChild(scribeSel);
    var close = button(T.close, 'utrecht-button--secondary-action utrecht-button--danger', function () {
      if (window.confirm(T.closeConfirm)) { send({op: 'meeting.close'}); }
    });
    p.appendChild(g1); p.appendChild(anon); p.appendChild(g2); p.appendChild(g3); p.appendChild(openOther); p.appendChild(scribeField); p.appendChild(qf); p.appendChild(sf); p.appendChild(close);
    return {el: wrap, start: start, prev: prev, next: next, tStart: tStart, tPause: tPause, renderQuestionList: renderQuestionList, reveal: reveal, close: close, qKey: '',
      revealCards: revealCards, revealVotes: revealVotes, openOther: openOther, openKey: '', scribe: scribeSel, scribeKey: '',
      anon: anon, anonBox: anonBox, scaleText: stext, scaleField: sfield, scaleSubmit: scaleSubmit, scaleAllow: scaleAllow, scaleNotNow: scaleNotNow};
  }

  // ---- Outbox and sending ----
  function send(frame) {
    frame.id = newId();
    outbox.push(frame);
    save(localStorage, 'outbox', outbox);
    transmit(frame);
    render();
  }
  function transmit(frame) {
    if (ws && ws.readyState === 1 && subscribed) { ws.send(JSON.stringify(frame)); }
  }
  function settle(id) {
    var before = outbox.length;
    outbox = outbox.filter(function (f) { return f.id !== id; });
    if (outbox.length !== before) { save(localStorage, 'outbox', outbox); }
  }

  // ---- Connection ----
  function wsURL() {
    var u = root.getAttribute('data-ws-url');
    if (/^wss?:/.test(u)) { return u; }
    return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + (u.charAt(0) === '/' ? u : '/' + u);
  }
  function setConn(s) {
    conn.className = 'kring-connection kring-connection--' + s;
    connText.textContent = T[s];
    conn.setAttribute('aria-label', T.connection + ': ' + T[s]);
  }
  function connect() {
    if (stopped) { return; }
    window.clearTimeout(retryTimer);
    subscribed = false;
    try { ws = new WebSocket(wsURL()); } catch (e) { schedule(); return; }
    ws.onopen = function () {
      attempts = 0;
      ws.send(JSON.stringify({op: 'hello', since: state ? seq : 0}));
      subscribed = true;
      setConn('connected');
      outbox.forEach(transmit); // resend everything without an ack, same ids
    };
    ws.onmessage = function (m) {
      var f;
      try { f = JSON.parse(m.data); } catch (e) { return; }
      receive(f);
    };
    ws.onclose = function (e) {
      subscribed = false;
      if (e.code === 4403) { stopped = true; setConn('offline'); showAlert(T.kicked); return; }
      if (e.code === 4001) { stopped = true; setConn('offline'); offerResume(); return; }
      if (e.code === 4401) { stopped = true; setConn('offline'); showAlert(T.sessionEnded); return; }
      schedule();
    };
    ws.onerror = function () { /* onclose follows */ };
  }
  // Opened in another window (the server keeps a few connections per person): this one stops
  // reconnecting by itself, so two windows never push each other out in a loop.
  function offerResume() {
    var a = el('div', 'utrecht-alert utrecht-alert--info', null, {role: 'status'});
    a.appendChild(el('p', 'utrecht-paragraph', T.replaced));
    a.appendChild(button(T.resumeHere, 'utrecht-button--primary-action', function () { a.remove(); stopped = false; attempts = 0; connect(); }));
    alerts.appendChild(a);
  }
  function schedule() {
    if (stopped) { return; }
    setConn(navigator.onLine === false ? 'offline' : 'reconnecting');
    var base = Math.min(30000, 500 * Math.pow(2, attempts));
    attempts++;
    retryTimer = window.setTimeout(connect, base / 2 + Math.random() * base / 2);
  }
  window.addEventListener('online', function () { attempts = 0; if (!ws || ws.readyState > 1) { connect(); } });
  window.addEventListener('offline', function () { setConn('offline'); });

  function receive(f) {
    switch (f.type) {
      case 'snapshot':
        state = f.state;
        seq = f.seq;
        save(sessionStorage, 'seq', seq);
        if (typeof f.now === 'number') { clockOffset = f.now - Date.now(); }
        render();
        break;
      case 'event':
        if (!state || f.seq <= seq) { return; }
        if (f.seq !== seq + 1) { ws.send(JSON.stringify({op: 'hello', since: seq})); return; }
        apply(state, f.event, f.seq);
        seq = f.seq;
        save(sessionStorage, 'seq', seq);
        announceGrouping(f.event);
        if (f.event.op === 'card.add' && f.event.by !== userId) {
          announce(T.newCard + ' (' + T.boards[f.event.board] + '): ' + (f.event.hidden && !f.event.text ? T.hiddenCard : f.event.text));
        }
        render(f.event.op === 'card.add' ? f.seq : 0);
        if (f.event.op === 'card.group') { keepGroupFocus(f.event.from); }
        break;
      case 'ack':
        settle(f.id);
        render();
        break;
      case 'error':
        if (f.code === 'unavailable') {
          window.setTimeout(function () { outbox.forEach(transmit); }, 2000 + Math.random() * 2000);
        } else {
          var frame = outbox.filter(function (o) { return o.id === f.id; })[0];
          settle(f.id);
          if (frame && frame.op === 'card.add') { restoreDraft(frame); }
        }
        if (f.code !== 'replaced') { showAlert(f.message || f.code); }
        render();
        break;
      case 'presence':
        people = f.people || [];
        renderPresence();
        break;
      case 'report':
        reportReady = true;
        render();
        break;
    }
  }
  // A refused card goes back into its form so the author can fix it.
  function restoreDraft(frame) {
    var c = columns[frame.board];
    if (!c) { return; }
    var ta = c.form.querySelector('textarea');
    if (ta && !ta.value) { ta.value = frame.text; save(localStorage, 'draft.' + frame.board, ta.value); }
  }

  // ---- The fold: the same rules as room.Apply on the server ----
  function findCard(s, id) { for (var i = 0; i < s.cards.length; i++) { if (s.cards[i].id === id) { return s.cards[i]; } } return null; }
  function removeCard(s, id) { s.cards = s.cards.filter(function (c) { return c.id !== id; }); }
  function findGroup(s, id) { return (s.groups || []).filter(function (g) { return g.id === id; })[0] || null; }
  // A group left with fewer than two cards dissolves (as tidyGroups in server/room/group.go).
  function tidyGroups(s) {
    if (!s.groups || !s.groups.length) { return; }
    var n = {};
    s.cards.forEach(function (c) { if (c.group) { n[c.group] = (n[c.group] || 0) + 1; } });
    s.groups = s.groups.filter(function (g) { return n[g.id] >= 2; });
    s.cards.forEach(function (c) { if (c.group && !(n[c.group] >= 2)) { c.group = 0; } });
  }
  function openScale(s) { var n = s.scales.length; return n && s.scales[n - 1].open ? s.scales[n - 1] : null; }
  function apply(s, ev, n) {
    s.seq = n;
    var c, d;
    (ev.reveal || []).forEach(function (r) { var x = findCard(s, r.card); if (x) { x.hidden = false; x.text = r.text; x.owner = r.owner || ''; } });
    Object.keys(ev.tally || {}).forEach(function (id) { var x = findCard(s, Number(id)); if (x) { x.votes = merge({}, ev.tally[id]); } });
    switch (ev.op) {
      case 'card.add':
        s.cards.push({id: n, board: ev.board, text: ev.text || '', owner: ev.owner || '', due: ev.due || '', hidden: !!ev.hidden, phase: s.phase, author: ev.by, authorName: ev.name || '', created: ev.at, votes: {}});
        break;
      case 'card.edit':
        c = findCard(s, ev.card); if (c) { c.text = ev.text; c.owner = ev.owner || ''; c.due = ev.due || ''; c.edited = ev.at; }
        break;
      case 'card.remove': removeCard(s, ev.card); tidyGroups(s); break;
      case 'card.merge':
        c = findCard(s, ev.card); d = findCard(s, ev.from);
        if (!c || !d || c === d) { break; }
        c.parts = (c.parts && c.parts.length ? c.parts : [c.text]).concat(d.parts && d.parts.length ? d.parts : [d.text]);
        c.text = ev.text; c.edited = ev.at; c.votes = c.votes || {};
        Object.keys(d.votes || {}).forEach(function (u) { c.votes[u] = (c.votes[u] || 0) + d.votes[u]; });
        c.discussed = c.discussed || d.discussed;
        c.theme = c.theme || d.theme; c.owner = c.owner || d.owner;
        c.merged = (c.merged || []).concat([d.id], d.merged || []);
        c.chosenSeq = Math.max(c.chosenSeq || 0, d.chosenSeq || 0);
        removeCard(s, d.id);
        tidyGroups(s);
        break;
      case 'card.group':
        c = findCard(s, ev.card); d = findCard(s, ev.from);
        if (!c || !d || c === d || c.board !== d.board) { break; }
        s.groups = s.groups || [];
        if (!c.group || !findGroup(s, c.group)) { s.groups.push({id: n, board: c.board, title: ''}); c.group = n; }
        d.group = c.group;
        tidyGroups(s);
        break;
      case 'card.ungroup': c = findCard(s, ev.card); if (c) { c.group = 0; } tidyGroups(s); break;
      case 'group.title': d = findGroup(s, ev.group); if (d) { d.title = ev.text || ''; } break;
      case 'card.tag': c = findCard(s, ev.card); if (c) { c.theme = ev.theme || ''; } break;
      case 'card.vote':
        c = findCard(s, ev.card); if (c) { c.votes = c.votes || {}; c.votes[ev.by] = (c.votes[ev.by] || 0) + 1; }
        break;
      case 'card.unvote':
        c = findCard(s, ev.card);
        if (c && c.votes && c.votes[ev.by] > 0) { c.votes[ev.by]--; if (!c.votes[ev.by]) { delete c.votes[ev.by]; } }
        break;
      case 'card.discuss': c = findCard(s, ev.card); if (c) { c.discussed = !!ev.on; c.chosenSeq = ev.on ? n : 0; } break;
      case 'hand.raise':
        if (!s.hands.some(function (h) { return h.user === ev.by; })) { s.hands.push({user: ev.by, name: ev.name || '', at: ev.at}); }
        break;
      case 'hand.lower':
        var u = ev.user || ev.by;
        s.hands = s.hands.filter(function (h) { return h.user !== u; });
        break;
      case 'meeting.start': s.status = 'live'; s.startedAt = ev.at; setPhase(s, ev); break;
      case 'phase.next': case 'phase.prev': setPhase(s, ev); break;
      case 'board.open': s.opened = s.opened || []; if (s.opened.indexOf(ev.board) < 0) { s.opened.push(ev.board); } break;
      case 'votes.reveal': s.votesRevealed = true; break;
      case 'scale.allow': s.scaleAllowed = true; break;
      case 'note.add':
        s.notes = s.notes || [];
        s.notes.push({id: n, phase: s.phase, card: ev.card || 0, text: ev.text, by: ev.by, name: ev.name || '', at: ev.at});
        break;
      case 'note.edit':
        (s.notes || []).forEach(function (x) { if (x.id === ev.note) { x.text = ev.text; x.edited = ev.at; } });
        break;
      case 'note.remove': s.notes = (s.notes || []).filter(function (x) { return x.id !== ev.note; }); break;
      case 'scribe.set': s.scribe = ev.user || 0; break;
      case 'card.map': case 'map.highlight': if (ext) { ext.apply(s, ev, n); } break;
      case 'meeting.anonymous': s.anonymous = !!ev.on; break;
      case 'timer.start': case 'timer.pause': case 'timer.add': if (ev.timer) { s.timer = ev.timer; } break;
      case 'question.show': s.question = {id: ev.qid || '', text: ev.text}; s.asked = (s.asked || []).concat([{phase: s.phase, text: ev.text}]); break;
      case 'question.hide': s.question = null; break;
      case 'scale.open':
        d = openScale(s); if (d) { d.open = false; }
        s.scales.push({id: n, question: ev.text, open: true, revealed: false, answered: []});
        break;
      case 'scale.answer':
        d = openScale(s);
        if (d && d.id === ev.scale && d.answered.indexOf(ev.by) < 0) { d.answered.push(ev.by); }
        break;
      case 'scale.reveal':
        s.scales.forEach(function (x) { if (x.id === ev.scale) { x.open = false; x.revealed = true; x.result = ev.result; } });
        break;
      case 'meeting.close':
        s.status = 'closed'; s.closedAt = ev.at;
        if (s.timer.running) { s.timer = {running: false, endsAt: 0, remaining: Math.max(0, s.timer.endsAt - ev.at), duration: s.timer.duration}; }
        d = openScale(s); if (d) { d.open = false; }
        s.hands = [];
        break;
    }
    parts.forEach(function (p) { if (p.apply) { p.apply(s, ev, n); } });
  }

  // A new phase: its timer; a question shown, boards opened by hand and a revealed vote belong
  // to the phase before.
  function setPhase(s, ev) {
    s.phase = ev.phase || 0;
    if (ev.timer) { s.timer = ev.timer; }
    s.question = null; s.opened = []; s.votesRevealed = false; s.scaleAllowed = false;
  }

  // ---- What the current phase allows (the server enforces the same) ----
  function currentPhase() { return state && state.phase >= 0 && state.method.phases ? state.method.phases[state.phase] || null : null; }
  function boardOpen(b) {
    var p = currentPhase();
    if (!p || !p.boards) { return true; }
    return p.boards.indexOf(b) >= 0 || (state.opened || []).indexOf(b) >= 0;
  }
  function voteBoard() { var p = currentPhase(); return p && !closed() ? p.vote || '' : ''; }
  function votesPerPerson() { var p = currentPhase(); return (p && p.votes) || limits.votes; }
  // The scale question is answered in the phases that ask it, or when the coach asked it by hand.
  function scaleAsked() { var p = currentPhase(); return !p || !!p.scale || !!state.scaleAllowed; }
  function votesSecret(b) { return b === voteBoard() && !state.votesRevealed; }

  // ---- Rendering ----
  function closed() { return state && (state.status === 'closed' || state.status === 'cancelled'); }
  function myHandUp() { return !!(state && state.hands.some(function (h) { return h.user === userId; })); }
  function myVotes(b) { var n = 0; if (state) { state.cards.forEach(function (c) { if (c.board === b) { n += (c.votes && c.votes[userId]) || 0; } }); } return n; }
  function pendingOp(op, field, value) { return outbox.some(function (f) { return f.op === op && (!field || f[field] === value); }); }

  function render(newCardId) {
    if (!state) { return; }
    var focusKey = document.activeElement && document.activeElement.getAttribute && document.activeElement.getAttribute('data-key');
    renderPhases();
    renderTimer();
    renderQuestion();
    renderChosen();
    if (guidanceSource) { renderGuidance(); }
    renderScale();
    renderNotes();
    BOARDS.forEach(function (b) { renderBoard(b, newCardId); });
    orderBoards();
    if (ext) { ext.render(state); }
    renderHands();
    renderPresence();
    renderClosed();
    parts.forEach(function (p) { p.view.render(); });
    if (coachPanel) { renderCoach(); }
    if (focusKey) {
      var again = root.querySelector('[data-key="' + focusKey + '"]');
      if (!again && focusNext[focusKey]) { again = root.querySelector('[data-key="' + focusNext[focusKey] + '"]'); }
      if (again) { again.focus(); }
    }
  }

  function renderPhases() {
    clear(phasebar);
    (state.method.phases || []).forEach(function (p, i) {
      var cls = 'kring-phasebar__step';
      if (i < state.phase) { cls += ' kring-phasebar__step--done'; }
      var li = el('li', cls, p.name + ' (' + p.minutes + ' ' + T.minutes + ')');
      if (i === state.phase) { li.className += ' kring-phasebar__step--current'; li.setAttribute('aria-current', 'step'); }
      phasebar.appendChild(li);
    });
    if (state.phase < 0) { phasebar.setAttribute('aria-description', T.notStarted); }
    var p = currentPhase();
    instructionBox.textContent = p && p.instruction && !closed() ? p.instruction : '';
  }

  function renderGuidance() {
    var p = currentPhase(), id = p && !closed() ? p.id : '';
    if (id === guidancePhase) { return; }
    guidancePhase = id;
    clear(guidanceBox);
    var src = id ? guidanceSource.querySelector('[data-phase="' + id + '"]') : null;
    guidanceBox.hidden = !src;
    if (!src) { return; }
    guidanceBox.appendChild(el('summary', null, T.guidance + ': ' + p.name));
    var body = src.cloneNode(true);
    body.hidden = false;
    body.removeAttribute('data-phase');
    guidanceBox.appendChild(body);
  }

  // The chosen card (marked for discussion) stays in view in the phases after the vote.
  function renderChosen() {
    clear(chosenBox);
    var chosen = state.cards.filter(function (c) { return c.discussed; });
    if (!chosen.length) { return; }
    var sec = el('section', 'kring-panel kring-room__chosen-panel', null, {'aria-labelledby': 'kring-room-chosen-h'});
    sec.appendChild(el('h2', 'kring-panel__title', T.chosen, {id: 'kring-room-chosen-h'}));
    // Cards chosen in turn are discussed in turn: the one chosen last is discussed now, and the
    // notes written now go with it.
    var now = chosen.reduce(function (a, c) { return (c.chosenSeq || 0) > (a.chosenSeq || 0) ? c : a; }, chosen[0]);
    chosen.forEach(function (c) {
      var q = el('p', 'utrecht-paragraph utrecht-paragraph--lead' + (chosen.length > 1 && c === now ? ' kring-room__chosen-now' : ''), c.text);
      if (chosen.length > 1 && c === now) { q.appendChild(el('span', 'kring-card__meta', ' (' + T.discussingNow + ')')); }
      sec.appendChild(q);
    });
    chosenBox.appendChild(sec);
  }

  function timeLeft() {
    var t = state.timer;
    if (!t) { return 0; }
    return t.running ? t.endsAt - (Date.now() + clockOffset) : t.remaining;
  }
  function fmt(ms) {
    var neg = ms < 0, s = Math.ceil(Math.abs(ms) / 1000);
    var m = Math.floor(s / 60); s = s % 60;
    return (neg ? '−' : '') + (m < 10 ? '0' : '') + m + ':' + (s < 10 ? '0' : '') + s;
  }
  function renderTimer() {
    if (!state) { return; }
    var left = timeLeft(), t = state.timer;
    timerValue.textContent = state.phase < 0 ? '--:--' : fmt(Math.max(0, left));
    var cls = timerSize;
    if (state.phase >= 0 && t.running && left <= 0) { cls += ' kring-timer--expired'; } else if (t.running && left <= 60000) { cls += ' kring-timer--warning'; } else if (!t.running) { cls += ' kring-timer--paused'; }
    timerBox.className = cls;
    timerLabel.textContent = t.running ? T.timeLeft : (state.phase >= 0 ? T.timer + ' (' + T.paused + ')' : T.timer);
    timerBox.setAttribute('aria-label', T.timer + ' ' + timerValue.textContent);
    var key = state.phase + ':' + t.endsAt;
    if (t.running && left <= 0 && announcedEnd !== key) {
      announcedEnd = key;
      announce(T.timeUpLive);
    }
  }
  // The countdown needs no events: once a second is enough for whole seconds and calm for
  // people who prefer reduced motion.
  window.setInterval(renderTimer, reduceMotion ? 1000 : 250);

  function renderQuestion() {
    clear(questionBox);
    if (!state.question) { return; }
    var q = el('section', 'kring-panel kring-room__shown-question');
    q.appendChild(el('h2', 'kring-panel__title', T.question));
    q.appendChild(el('p', 'utrecht-paragraph utrecht-paragraph--lead', state.question.text));
    questionBox.appendChild(q);
  }

  function renderScale() {
    clear(scaleBox);
    var sc = state.scales.length ? state.scales[state.scales.length - 1] : null;
    if (!sc || (!sc.open && !sc.revealed)) { return; }
    if (sc.open && !scaleAsked()) { return; }
    if (sc.open && screen) {
      var waiting = el('section', 'kring-panel');
      waiting.appendChild(el('h2', 'kring-panel__title', T.scale));
      waiting.appendChild(el('p', 'utrecht-paragraph utrecht-paragraph--lead', sc.question));
      waiting.appendChild(el('p', 'kring-muted', counted(sc.answered.length, T.answeredOne, T.answered)));
      scaleBox.appendChild(waiting);
      return;
    }
    if (sc.open) {
      var fs = el('fieldset', 'kring-scale utrecht-form-fieldset');
      fs.appendChild(el('legend', 'utrecht-form-fieldset__legend', sc.question));
      var opts = el('div', 'kring-scale__options');
      var name = 'kring-scale-' + sc.id;
      for (var v = 0; v <= 10; v++) {
        var lab = el('label', 'kring-scale__option');
        var input = el('input', 'kring-scale__input', null, {type: 'radio', name: name, value: String(v), 'data-key': 'scale-' + v, disabled: closed() ? 'disabled' : null});
        if (myScale[sc.id] === v) { input.checked = true; }
        input.addEventListener('change', onScale(sc.id, v));
        lab.appendChild(input);
        lab.appendChild(el('span', 'kring-scale__value', String(v)));
        opts.appendChild(lab);
      }
      fs.appendChild(opts);
      var anchors = el('div', 'kring-scale__anchors');
      anchors.appendChild(el('span', null, '0 = ' + T.scaleLow)); anchors.appendChild(el('span', null, '10 = ' + T.scaleHigh));
      fs.appendChild(anchors);
      fs.appendChild(el('p', 'kring-muted', counted(sc.answered.length, T.answeredOne, T.answered)));
      scaleBox.appendChild(fs);
      return;
    }
    var r = sc.result || {n: 0, dist: []};
    var sec = el('section', 'kring-panel');
    sec.appendChild(el('h2', 'kring-panel__title', T.scale + ': ' + sc.question));
    var max = Math.max.apply(null, (r.dist || []).concat([1]));
    var ol = el('ol', 'kring-histogram', null, {'aria-label': sc.question});
    for (var i = 0; i <= 10; i++) {
      var n = (r.dist && r.dist[i]) || 0;
      var col = el('li', 'kring-histogram__col' + (myScale[sc.id] === i ? ' kring-histogram__col--mine' : ''), null, {'aria-label': i + ': ' + n});
      col.appendChild(el('span', 'kring-histogram__count', String(n), {'data-count': String(n), 'aria-hidden': 'true'}));
      col.appendChild(el('span', 'kring-histogram__bar', null, {'data-level': String(Math.round(10 * n / max)), 'aria-hidden': 'true'}));
      col.appendChild(el('span', 'kring-histogram__label', String(i), {'aria-hidden': 'true'}));
      ol.appendChild(col);
    }
    sec.appendChild(ol);
    sec.appendChild(el('p', 'kring-histogram-summary', 'n = ' + r.n + (r.n ? ', ' + T.mean + ' ' + num(r.mean) + ', ' + T.median + ' ' + num(r.median) : '')));
    scaleBox.appendChild(sec);
  }
  function num(x) { var s = (Math.round(x * 10) / 10).toFixed(1); return lang === 'nl' ? s.replace('.', ',') : s; }
  function onScale(id, v) {
    return function () { myScale[id] = v; save(sessionStorage, 'scale', myScale); send({op: 'scale.answer', value: v}); };
  }

  function renderBoard(b, newCardId) {
    var c = columns[b];
    var cards = state.cards.filter(function (x) { return x.board === b; });
    var pending = outbox.filter(function (f) { return f.op === 'card.add' && f.board === b; });
    var top = 0;
    if (!votesSecret(b) || isCoach) { cards.forEach(function (x) { top = Math.max(top, voteCount(x)); }); }
    var open = boardOpen(b) && !closed();
    // A board the phase keeps shut and that holds nothing is left out, so the page shows what
    // the phase is about; the coach can open it from the coach panel.
    c.el.hidden = !open && !cards.length && !pending.length && !closed();
    c.form.hidden = !open || screen;
    c.closedNote.hidden = open || closed() || screen || b === voteBoard();
    clear(c.list);
    c.count.textContent = String(cards.length);
    if (!cards.length && !pending.length) { c.list.appendChild(el('li', 'kring-board__empty', T.empty)); }
    var shownGroups = {};
    cards.forEach(function (card) {
      var g = card.group ? findGroup(state, card.group) : null;
      if (!g) { c.list.appendChild(renderCard(card, top, card.id === newCardId)); return; }
      if (shownGroups[g.id]) { return; }
      shownGroups[g.id] = true;
      c.list.appendChild(renderGroup(g, cards.filter(function (x) { return x.group === g.id; }), top, newCardId));
    });
    pending.forEach(function (f) {
      var li = el('li', 'kring-card kring-card--note kring-card--mine kring-card--pending', null, {'aria-busy': 'true'});
      li.appendChild(el('p', 'kring-card__body', f.text));
      li.appendChild(el('p', 'kring-card__meta', T.pending));
      c.list.appendChild(li);
    });
    c.form.querySelectorAll('textarea, input, button').forEach(function (x) { x.disabled = closed(); });
  }
  // The boards the phase works on come first (open for writing, or being voted on), so on a
  // phone your own input is near the top.
  var boardOrder = '';
  function orderBoards() {
    var open = BOARDS.filter(function (b) { return (boardOpen(b) || b === voteBoard()) && !closed(); });
    var order = open.concat(BOARDS.filter(function (b) { return open.indexOf(b) < 0; }));
    var key = order.join(',');
    if (key === boardOrder) { return; }
    boardOrder = key;
    var active = document.activeElement;
    order.forEach(function (b) { board.appendChild(columns[b].el); });
    if (active && active !== document.activeElement && root.contains(active)) { active.focus(); }
  }
  function voteCount(c) { var n = 0; Object.keys(c.votes || {}).forEach(function (u) { n += c.votes[u]; }); return n; }

  function renderCard(card, top, isNew) {
    var mine = card.author === userId;
    var cls = 'kring-card kring-card--note';
    if (mine) { cls += ' kring-card--mine'; }
    if (card.hidden) { cls += ' kring-card--hidden'; }
    if (top > 0 && voteCount(card) === top) { cls += ' kring-card--top'; }
    if (card.discussed) { cls += ' kring-card--done'; }
    if (isNew && !reduceMotion) { cls += ' kring-card--new'; }
    var li = el('li', cls, null, {'data-card': card.id});
    if (isCoach && !closed() && !screen && !card.hidden) { dragSource(li, card); dropTarget(li, card); }
    var canEdit = !closed() && !screen && (mine || isCoach);
    if (editing[card.id] !== undefined && canEdit) {
      li.appendChild(renderEditor(card));
      return li;
    }
    var byLine = screen ? '' : mine ? T.byYou + (state.anonymous ? ' (' + T.anonymousNote + ')' : '') : (card.authorName ? T.by + ' ' + card.authorName : '');
    if (card.hidden && !mine) {
      li.appendChild(el('p', 'kring-card__body kring-muted', T.hiddenCard));
      if (byLine) { li.appendChild(el('p', 'kring-card__meta', byLine)); }
      return li;
    }
    li.appendChild(el('p', 'kring-card__body', card.text));
    var meta = byLine;
    var extra = [];
    if (card.hidden) { extra.push(T.hiddenMine); }
    if (card.owner) { extra.push(T.owner.replace(/ \(.*\)$/, '') + ': ' + card.owner); }
    if (card.due) { extra.push(T.dueShort + ' ' + fmtDate(card.due)); }
    if (card.theme) { extra.push(T.theme + ': ' + (themeLabels[card.theme] || card.theme)); }
    if (card.discussed) { extra.push(T.discussed); }
    meta = [meta].concat(extra).filter(Boolean).join(' · ');
    if (meta) { li.appendChild(el('p', 'kring-card__meta', meta)); }
    var actions = el('div', 'kring-card__actions utrecht-button-group');
    // Dots: on the board being voted on, and afterwards wherever votes were cast. While the
    // vote is secret a participant sees only their own dots.
    var voting = voteBoard() === card.board && !card.hidden;
    var n = voteCount(card), minev = (card.votes && card.votes[userId]) || 0;
    if (voting || n > 0) {
      var secret = votesSecret(card.board) && !isCoach;
      var shown = secret ? minev : n;
      var dots = el('span', 'kring-votes');
      dots.appendChild(el('span', 'kring-visually-hidden', secret ? T.yourVotes + ': ' + minev : counted(n, T.voteOne, T.votes)));
      for (var i = 0; i < shown; i++) { dots.appendChild(el('span', 'kring-votes__dot' + (i < minev ? ' kring-votes__dot--mine' : ''), null, {'aria-hidden': 'true'})); }
      dots.appendChild(el('span', 'kring-votes__count', String(shown), {'aria-hidden': 'true'}));
      li.appendChild(dots);
      if (voting && !screen) {
        var left = votesPerPerson() - myVotes(card.board);
        actions.appendChild(button(T.vote, 'utrecht-button--secondary-action', function () { send({op: 'card.vote', card: card.id}); },
          {'data-key': 'vote-' + card.id, disabled: left <= 0 ? 'disabled' : null, 'aria-label': T.vote + ' (' + counted(left, T.voteLeftOne, T.votesLeft) + ')'}));
        if (minev > 0) { actions.appendChild(button(T.unvote, 'utrecht-button--subtle', function () { send({op: 'card.unvote', card: card.id}); }, {'data-key': 'unvote-' + card.id})); }
      }
    }
    // While the group chooses, "Bespreken" is the coach's one visible control on a card.
    if (isCoach && !closed() && voting) { actions.appendChild(discussButton(card)); }
    // Everything else the author or the coach can do sits in one compact menu.
    if (canEdit) {
      var menu = el('details', 'kring-card__menu', null, {'data-key': 'menu-' + card.id});
      if (openMenus[card.id]) { menu.open = true; }
      menu.addEventListener('toggle', function () { if (menu.open) { openMenus[card.id] = true; } else { delete openMenus[card.id]; } });
      menu.appendChild(el('summary', 'kring-card__menu-toggle', T.cardMenu, {'data-key': 'menu-toggle-' + card.id}));
      var body = el('div', 'kring-card__menu-body');
      var btns = el('div', 'utrecht-button-group');
      btns.appendChild(button(T.edit, 'utrecht-button--subtle', function () { editing[card.id] = card.text; delete openMenus[card.id]; render(); focusKey('edit-text-' + card.id); }, {'data-key': 'edit-' + card.id}));
      btns.appendChild(button(T.remove, 'utrecht-button--subtle', function () { if (window.confirm(T.removeConfirm)) { send({op: 'card.remove', card: card.id}); } }, {'data-key': 'remove-' + card.id}));
      if (isCoach && !card.hidden && !voting && card.board !== 'agreement') { btns.appendChild(discussButton(card)); }
      body.appendChild(btns);
      if (isCoach && !card.hidden) { coachCardTools(card, body); }
      menu.appendChild(body);
      actions.appendChild(menu);
    }
    if (actions.childNodes.length) { li.appendChild(actions); }
    if (ext) { ext.card(li, card); }
    return li;
  }
  function discussButton(card) {
    return button(card.discussed ? T.undiscuss : T.discuss, voteBoard() === card.board ? 'utrecht-button--secondary-action' : 'utrecht-button--subtle',
      function () { send({op: 'card.discuss', card: card.id, on: !card.discussed}); }, {'data-key': 'discuss-' + card.id});
  }
  function focusKey(k) { var e = root.querySelector('[data-key="' + k + '"]'); if (e) { e.focus(); } }

  function coachCardTools(card, actions) {
    var tid = 'kring-theme-' + card.id;
    var tl = el('label', 'utrecht-form-label kring-room__inline-label', T.theme, {'for': tid});
    var ts = el('select', 'utrecht-select kring-room__inline-select', null, {id: tid, 'data-key': 'theme-' + card.id});
    ts.appendChild(el('option', null, '— ' + T.noTheme, {value: ''}));
    THEMES.forEach(function (th) { var o = el('option', null, themeLabels[th] || th, {value: th}); if (card.theme === th) { o.selected = true; } ts.appendChild(o); });
    ts.addEventListener('change', function () { send({op: 'card.tag', card: card.id, theme: ts.value}); });
    var trow = el('div', 'kring-card__menu-row');
    trow.appendChild(tl); trow.appendChild(ts);
    actions.appendChild(trow);
    groupTools(card, actions);
  }

  // ---- Groups: the coach gathers cards of a board under a title; each card keeps its text ----
  // A group is shown where its first card would be, its cards together under its title.
  function renderGroup(g, cards, top, newCardId) {
    var hid = 'kring-group-h-' + g.id;
    var li = el('li', 'kring-group', null, {'data-group': g.id, 'aria-labelledby': hid});
    var head = el('div', 'kring-group__head');
    var coachCan = isCoach && !closed() && !screen;
    if (coachCan && editingGroup[g.id] !== undefined) {
      head.appendChild(el('span', 'kring-visually-hidden', T.groupOf, {id: hid}));
      head.appendChild(renderGroupTitleEditor(g));
    } else {
      head.appendChild(el('h3', 'kring-group__title' + (g.title ? '' : ' kring-group__title--untitled'), g.title || T.untitledGroup, {id: hid}));
      if (coachCan) {
        head.appendChild(button(g.title ? T.groupTitleEdit : T.groupTitleSet, 'utrecht-button--subtle', function () {
          editingGroup[g.id] = g.title || ''; render(); focusKey('group-title-text-' + g.id);
        }, {'data-key': 'group-title-' + g.id}));
      }
    }
    li.appendChild(head);
    var ul = el('ul', 'kring-group__list');
    cards.forEach(function (card) { ul.appendChild(renderCard(card, top, card.id === newCardId)); });
    li.appendChild(ul);
    if (coachCan) { dropTarget(li, cards[0]); }
    return li;
  }
  function renderGroupTitleEditor(g) {
    var f = el('form', 'kring-room__edit kring-group__edit');
    var id = 'kring-group-title-' + g.id;
    var field = el('div', 'utrecht-form-field utrecht-form-field--text');
    field.appendChild(el('label', 'utrecht-form-label', T.groupTitle, {'for': id}));
    var input = el('input', 'utrecht-textbox', null, {id: id, type: 'text', maxlength: limits.groupTitle, autocomplete: 'off', 'data-key': 'group-title-text-' + g.id});
    input.value = editingGroup[g.id];
    input.addEventListener('input', function () { editingGroup[g.id] = input.value; });
    field.appendChild(input);
    var findings = el('div', 'kring-room__findings', null, {'aria-live': 'polite'});
    var g2 = el('div', 'utrecht-button-group');
    var saveB = el('button', 'utrecht-button utrecht-button--primary-action', T.save, {type: 'submit', 'data-key': 'group-title-save-' + g.id});
    g2.appendChild(saveB);
    g2.appendChild(button(T.cancel, 'utrecht-button--subtle', function () { delete editingGroup[g.id]; render(); focusKey('group-title-' + g.id); }));
    f.appendChild(field); f.appendChild(findings); f.appendChild(g2);
    f.addEventListener('submit', function (e) {
      e.preventDefault();
      var text = input.value.trim();
      if (text && !screenOK('group-' + g.id, text, findings, saveB)) { return; }
      delete editingGroup[g.id];
      send({op: 'group.title', group: g.id, text: text});
      focusKey('group-title-' + g.id);
    });
    return f;
  }
  // In the card's menu: group it with another card of its board (the keyboard's way to do what
  // dragging does), or take it out of its group.
  function groupTools(card, actions) {
    var others = state.cards.filter(function (x) { return x.board === card.board && x.id !== card.id && !x.hidden && !(card.group && x.group === card.group); });
    if (others.length) {
      var gid = 'kring-group-with-' + card.id;
      var row = el('div', 'kring-card__menu-row');
      row.appendChild(el('label', 'utrecht-form-label kring-room__inline-label', T.groupWith, {'for': gid}));
      var sel = el('select', 'utrecht-select kring-room__inline-select', null, {id: gid, 'data-key': 'group-with-' + card.id});
      others.forEach(function (o) {
        var g = o.group ? findGroup(state, o.group) : null;
        sel.appendChild(el('option', null, (g ? (g.title || T.untitledGroup) + ': ' : '') + short(o.text), {value: String(o.id)}));
      });
      row.appendChild(sel);
      row.appendChild(button(T.groupDo, 'utrecht-button--secondary-action', function () {
        focusNext['group-do-' + card.id] = 'ungroup-' + card.id;
        if (sel.value) { send({op: 'card.group', card: Number(sel.value), from: card.id}); }
      }, {'data-key': 'group-do-' + card.id}));
      actions.appendChild(row);
    }
    if (card.group) {
      actions.appendChild(button(T.ungroup, 'utrecht-button--subtle', function () { send({op: 'card.ungroup', card: card.id}); }, {'data-key': 'ungroup-' + card.id}));
    }
  }
  // After grouping by keyboard, focus goes to the grouped card's "take out" button, also when a
  // render in between left it nowhere.
  function keepGroupFocus(from) {
    var k = 'ungroup-' + from;
    if (focusNext['group-do-' + from] !== k) { return; }
    delete focusNext['group-do-' + from];
    window.setTimeout(function () {
      var a = document.activeElement;
      if (!a || a === document.body || !root.contains(a)) { focusKey(k); }
    }, 0);
  }
  // Dragging: the coach drops a card on another card (or a group) of the same board.
  function canGroup(target, fromId) {
    var src = fromId ? findCard(state, fromId) : null;
    return !!src && !!target && src.id !== target.id && src.board === target.board && !src.hidden && !target.hidden &&
      !(src.group && src.group === target.group);
  }
  function dragSource(li, card) {
    li.setAttribute('draggable', 'true');
    li.addEventListener('dragstart', function (e) {
      dragging = card.id;
      e.stopPropagation();
      if (e.dataTransfer) { e.dataTransfer.effectAllowed = 'move'; e.dataTransfer.setData('text/plain', String(card.id)); }
      li.classList.add('kring-card--dragging');
    });
    li.addEventListener('dragend', function () { dragging = 0; li.classList.remove('kring-card--dragging'); });
  }
  function dropTarget(node, card) {
    node.addEventListener('dragover', function (e) {
      if (!canGroup(card, dragging)) { return; }
      e.preventDefault(); e.stopPropagation();
      if (e.dataTransfer) { e.dataTransfer.dropEffect = 'move'; }
      node.classList.add('kring-drop-target');
    });
    node.addEventListener('dragleave', function () { node.classList.remove('kring-drop-target'); });
    node.addEventListener('drop', function (e) {
      node.classList.remove('kring-drop-target');
      var from = dragging;
      if (!canGroup(card, from)) { return; }
      e.preventDefault(); e.stopPropagation();
      dragging = 0;
      send({op: 'card.group', card: card.id, from: from});
    });
  }
  // Everyone hears what the coach grouped, also when they did not see it move.
  function announceGrouping(ev) {
    var c, g;
    if (ev.op === 'card.group') {
      c = findCard(state, ev.from); g = c && findGroup(state, c.group);
      if (c && g) { announce(T.groupedLive + ': “' + short(c.text) + '” — ' + (g.title || T.untitledGroup)); }
    } else if (ev.op === 'card.ungroup') {
      c = findCard(state, ev.card);
      if (c) { announce(T.ungroupedLive + ': “' + short(c.text) + '”'); }
    } else if (ev.op === 'group.title') {
      g = findGroup(state, ev.group);
      if (g) { announce(T.titledLive + ': ' + (g.title || T.untitledGroup)); }
    }
  }

  function renderEditor(card) {
    var f = el('form', 'kring-room__edit');
    var id = 'kring-edit-' + card.id;
    var field = el('div', 'utrecht-form-field');
    field.appendChild(el('label', 'utrecht-form-label', T.edit, {'for': id}));
    var ta = el('textarea', 'utrecht-textarea', null, {id: id, rows: '3', maxlength: limits.card, 'data-key': 'edit-text-' + card.id});
    ta.value = editing[card.id];
    ta.addEventListener('input', function () { editing[card.id] = ta.value; });
    field.appendChild(ta);
    var owner = null;
    if (card.board === 'agreement') {
      owner = el('input', 'utrecht-textbox', null, {id: id + '-owner', type: 'text', maxlength: limits.owner, 'aria-label': T.owner, list: 'kring-room-members'});
      owner.value = card.owner || '';
      field.appendChild(owner);
    }
    var findings = el('div', 'kring-room__findings', null, {'aria-live': 'polite'});
    var g = el('div', 'utrecht-button-group');
    var saveB = el('button', 'utrecht-button utrecht-button--primary-action', T.save, {type: 'submit'});
    g.appendChild(saveB);
    g.appendChild(button(T.cancel, 'utrecht-button--subtle', function () { delete editing[card.id]; render(); }));
    f.appendChild(field); f.appendChild(findings); f.appendChild(g);
    f.addEventListener('submit', function (e) {
      e.preventDefault();
      var text = ta.value.trim();
      if (!text) { ta.focus(); return; }
      if (card.board === 'case' && !screenOK('edit-' + card.id, text, findings, saveB)) { return; }
      var fr = {op: 'card.edit', card: card.id, text: text};
      if (owner) { fr.owner = owner.value.trim(); }
      delete editing[card.id];
      send(fr);
    });
    return f;
  }

  function renderHands() {
    clear(handsList);
    if (!state.hands.length) { handsList.appendChild(el('li', 'kring-muted', T.noHands)); }
    state.hands.forEach(function (h) {
      var li = el('li', 'kring-hands__item' + (h.user === userId ? ' kring-hands__item--me' : ''));
      li.appendChild(el('span', 'kring-hands__name', h.name || (state.members && state.members[h.user]) || ('#' + h.user)));
      if (isCoach && h.user !== userId && !closed()) {
        li.appendChild(button('×', 'utrecht-button--subtle', function () { send({op: 'hand.lower', user: h.user}); }, {'aria-label': T.lowerFor + ' ' + h.name, 'data-key': 'lower-' + h.user}));
      }
      handsList.appendChild(li);
    });
    var up = myHandUp();
    handButton.textContent = up ? T.lowerHand : T.raiseHand;
    handButton.disabled = closed();
    handButton.setAttribute('aria-disabled', pendingOp('hand.raise') || pendingOp('hand.lower') ? 'true' : 'false');
  }

  // The presence list shows the whole group, the coach first and then by name, each marked
  // present or not: its length is the group's size from the first snapshot on, so people
  // arriving never push the hands and coach panels down under someone's pointer. Someone
  // present who is not (or no longer) listed as a member is shown too.
  var presenceKey = '';
  function renderPresence() {
    var members = (state && state.members) || {};
    var coachId = state ? state.coachId : 0;
    var here = {};
    var roster = [];
    people.forEach(function (p) {
      here[p.id] = true;
      roster.push({id: p.id, name: p.name, coach: !!p.coach, present: true});
    });
    Object.keys(members).forEach(function (id) {
      if (here[id]) { return; }
      roster.push({id: Number(id), name: members[id] || ('#' + id), coach: Number(id) === coachId, present: false});
    });
    roster.sort(function (a, b) {
      if (a.coach !== b.coach) { return a.coach ? -1 : 1; }
      return String(a.name).localeCompare(String(b.name)) || a.id - b.id;
    });
    var key = JSON.stringify(roster);
    if (key === presenceKey) { return; }
    presenceKey = key;
    clear(presenceList);
    var count = 0;
    roster.forEach(function (p) {
      if (p.present) { count++; }
      var li = el('li', 'kring-presence__item kring-presence__item--' + (p.present ? 'online' : 'offline'));
      li.appendChild(el('span', 'kring-presence__dot', null, {'aria-hidden': 'true'}));
      li.appendChild(el('span', null, ' ' + p.name));
      if (p.coach) { li.appendChild(el('span', 'kring-presence__role', ' (' + T.coach + ')')); }
      if (!p.present) { li.appendChild(el('span', 'kring-visually-hidden', ' (' + T.absent + ')')); }
      presenceList.appendChild(li);
    });
    presenceCount.textContent = T.presentCount.replace('{n}', count).replace('{total}', roster.length);
  }

  function renderClosed() {
    clear(closedBox);
    if (!closed()) { return; }
    var a = el('div', 'utrecht-alert utrecht-alert--info', null, {role: 'status'});
    a.appendChild(el('p', 'utrecht-paragraph', T.closedNote));
    if (cfg.reportUrl && (reportReady || state.status === 'closed')) {
      var p = el('p', 'utrecht-paragraph');
      p.appendChild(el('a', 'utrecht-link', T.report, {href: cfg.reportUrl}));
      a.appendChild(p);
    }
    closedBox.appendChild(a);
  }

  // keepFocus moves keyboard focus to the next usable control when the focused one was just
  // hidden or disabled (the start button after the start, a timer button while it runs), so
  // focus never falls back to the top of the page.
  function keepFocus(container, before) {
    if (!before || !container.contains(before) || (!before.disabled && !before.hidden)) { return; }
    var usable = Array.prototype.filter.call(container.querySelectorAll('button, select, textarea, input'), function (x) {
      return !x.disabled && !x.hidden && x.offsetParent !== null;
    });
    var next = null;
    for (var i = 0; i < usable.length && !next; i++) {
      if (before.compareDocumentPosition(usable[i]) & Node.DOCUMENT_POSITION_FOLLOWING) { next = usable[i]; }
    }
    next = next || usable[0];
    if (next) { next.focus(); }
  }

  function renderCoach() {
    var before = document.activeElement;
    var cp = coachPanel, started = state.phase >= 0, last = (state.method.phases || []).length - 1, c = closed();
    cp.start.hidden = started;
    cp.start.disabled = c;
    cp.prev.disabled = c || !started || state.phase <= 0;
    cp.next.disabled = c || !started || state.phase >= last;
    cp.tStart.disabled = c || !started || state.timer.running;
    cp.tPause.disabled = c || !started || !state.timer.running;
    cp.reveal.disabled = c || !openScale(state);
    var scaleShut = started && !scaleAsked();
    cp.scaleField.hidden = cp.scaleSubmit.hidden = scaleShut;
    cp.scaleNotNow.hidden = cp.scaleAllow.hidden = !scaleShut || c;
    cp.anon.hidden = c || (started && !state.anonymous);
    cp.anonBox.checked = !!state.anonymous;
    cp.anonBox.disabled = c || state.cards.length > 0 || pendingOp('meeting.anonymous');
    var hiddenN = state.cards.filter(function (x) { return x.hidden; }).length;
    cp.revealCards.hidden = c || !hiddenN;
    cp.revealCards.textContent = T.revealCards + ' (' + hiddenN + ')';
    cp.revealVotes.hidden = c || !voteBoard() || state.votesRevealed;
    var members = state.members || {};
    var scribeKey = JSON.stringify(members) + ':' + (state.scribe || 0);
    if (scribeKey !== cp.scribeKey) {
      cp.scribeKey = scribeKey;
      clear(cp.scribe);
      cp.scribe.appendChild(el('option', null, '— ' + T.noScribe, {value: '0'}));
      Object.keys(members).filter(function (id) { return Number(id) !== state.coachId; })
        .sort(function (a, b) { return String(members[a]).localeCompare(String(members[b])); })
        .forEach(function (id) {
          var o = el('option', null, members[id], {value: id});
          if (Number(id) === state.scribe) { o.selected = true; }
          cp.scribe.appendChild(o);
        });
    }
    cp.scribe.disabled = c;
    var shut = started && !c ? BOARDS.filter(function (b) { return !boardOpen(b) && columns[b].el.hidden; }) : [];
    var openKey = shut.join(',');
    if (openKey !== cp.openKey) {
      cp.openKey = openKey;
      clear(cp.openOther);
      if (shut.length) {
        cp.openOther.appendChild(el('p', 'kring-room__open-other-label', T.openOther + ':'));
        var g = el('div', 'utrecht-button-group');
        shut.forEach(function (b) {
          g.appendChild(button(T.boards[b], 'utrecht-button--subtle', function () { send({op: 'board.open', board: b}); }, {'data-key': 'open-' + b, 'aria-label': T.openBoard + ': ' + T.boards[b]}));
        });
        cp.openOther.appendChild(g);
      }
    }
    cp.close.disabled = c;
    cp.el.querySelectorAll('form button, form input, form textarea, form select').forEach(function (x) { x.disabled = c; });
    var key = String(state.phase);
    if (key !== cp.qKey) {
      cp.qKey = key;
      cp.renderQuestionList();
      // A phase that asks the scale question offers its own wording.
      var ph = currentPhase();
      if (ph && ph.scale && !cp.scaleText.value) {
        var sq = (ph.questions || []).filter(function (q) { return /schaal|scale|0 tot 10|0 to 10/i.test(q); })[0];
        if (sq && !(sq.length > limits.question)) { cp.scaleText.value = sq; }
      }
    }
    keepFocus(cp.el, before);
  }

  setConn('reconnecting');
  connect();
})();
