/*
 * Kring network map editor (netwerkkaart).
 *
 * The form on the page is the source of truth; the drawing is a view of it. This script reads
 * the form into a map, redraws the people, lines and sectors of the server-rendered SVG, and
 * recomputes the summary, whenever the form changes. It adds what a form cannot do: moving a
 * person on the drawing with the arrow keys (up: closer, down: further away, left/right:
 * another sector), or by mouse or touch drag, each move announced in a live region. Without
 * this script the page still shows the server's drawing and summary, and the form saves.
 *
 * The summary rules are a port of the Go package kring/server/netmap (summary.go); both are
 * checked against server/netmap/testdata/vectors.json (the Go tests, and the browser test
 * through window.KringNetmap.summarize). The drawing's geometry is a port of render.go.
 *
 * API (no modules, no eval; safe under a strict CSP):
 *   window.KringNetmap.summarize(map) -> summary (same JSON as Go's netmap.Summary)
 *   window.KringNetmap.layout(map) -> {personId: {x, y}}
 *   window.KringNetmap.toPNG(svgURL) -> Promise of a PNG blob of the server's drawing
 */
(function (global) {
  'use strict';

  var CIRCLES = 3;
  var CENTRE = 'ik';
  var CX = 550, CY = 380, RING_IK = 42, RING_OUTER = 310;
  var RINGS = [140, 228, RING_OUTER];
  var LABEL_RUNES = 16, SECTOR_RUNES = 20;
  var SHAPES = [
    'M0-11A11 11 0 1 1 0 11A11 11 0 1 1 0-11Z',
    'M-10-10H10V10H-10Z',
    'M0-12L11 9H-11Z',
    'M0-13L13 0L0 13L-13 0Z',
    'M0 12L11-9H-11Z',
    'M-6-11H6L12 0L6 11H-6L-12 0Z',
    'M0-13L3.5-4.5L12.5-4L5.5 2L8 11L0 6L-8 11L-5.5 2L-12.5-4L-3.5-4.5Z',
    'M-4-12H4V-4H12V4H4V12H-4V4H-12V-4H-4Z',
    'M0-12L11.5-3.5L7 10H-7L-11.5-3.5Z',
    'M-5-12H5L12-5V5L5 12H-5L-12 5V-5Z'
  ];
  var PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#6b6b6b', '#b59f00', '#7b4ea3', '#8c564b'];
  var SVGNS = 'http://www.w3.org/2000/svg';

  /* ---------- the summary rules (keep in step with summary.go) ---------- */

  function has(list, k) { return (list || []).indexOf(k) >= 0; }

  function summarize(m) {
    var people = m.people || [], sectors = m.sectors || [];
    var s = {
      total: people.length, byCircle: [0, 0, 0], bySector: [], professionals: 0, professionalShare: 0,
      reciprocal: 0, gives: 0, receives: 0, unknownDirection: 0, practicalHelpers: [], emptySectors: [],
      stressful: 0, gaps: []
    };
    var prof = {}, idx = {};
    sectors.forEach(function (sec, i) {
      prof[sec.id] = !!sec.professional;
      idx[sec.id] = i;
      s.bySector.push({ id: sec.id, count: 0, circles: [0, 0, 0] });
    });
    var practicalOthers = false, emotionalOthers = false, advice = false, companyOthers = false, innerOthers = false;
    people.forEach(function (p) {
      var ok = p.circle >= 1 && p.circle <= CIRCLES;
      if (ok) { s.byCircle[p.circle - 1]++; }
      if (Object.prototype.hasOwnProperty.call(idx, p.sector)) {
        var sc = s.bySector[idx[p.sector]];
        sc.count++;
        if (ok) { sc.circles[p.circle - 1]++; }
      }
      var isProf = !!prof[p.sector];
      if (isProf) { s.professionals++; }
      if (p.direction === 'both') { s.reciprocal++; }
      else if (p.direction === 'gives') { s.gives++; }
      else if (p.direction === 'receives') { s.receives++; }
      else { s.unknownDirection++; }
      var helps = p.direction !== 'receives';
      if (helps && has(p.support, 'practical')) {
        s.practicalHelpers.push(p.label);
        if (!isProf) { practicalOthers = true; }
      }
      if (helps && has(p.support, 'emotional') && !isProf) { emotionalOthers = true; }
      if (helps && has(p.support, 'advice')) { advice = true; }
      if (helps && has(p.support, 'company') && !isProf) { companyOthers = true; }
      if (p.circle === 1 && !isProf) { innerOthers = true; }
      if (p.quality === 1) { s.stressful++; }
    });
    s.bySector.forEach(function (sc) { if (sc.count === 0) { s.emptySectors.push(sc.id); } });
    if (s.total > 0) {
      s.professionalShare = Math.floor((200 * s.professionals + s.total) / (2 * s.total));
    }
    function gap(code) { s.gaps.push({ code: code }); }
    if (s.total === 0) { gap('no_people'); return s; }
    if (!practicalOthers) { gap('sick'); }
    if (!emotionalOthers) { gap('talk'); }
    if (!advice) { gap('advice'); }
    if (!companyOthers) { gap('company'); }
    if (s.reciprocal + s.receives === 0) { gap('reciprocity'); }
    if (!innerOthers) { gap('inner'); }
    if (2 * s.professionals >= s.total) { gap('professionals'); }
    if (s.practicalHelpers.length === 1) { s.gaps.push({ code: 'one_helper', label: s.practicalHelpers[0] }); }
    s.emptySectors.forEach(function (id) { if (!prof[id]) { s.gaps.push({ code: 'empty', sector: id }); } });
    if (s.stressful > 0) { gap('stress'); }
    return s;
  }

  /* ---------- the drawing's geometry (keep in step with render.go) ---------- */

  function round1(v) { return Math.round(v * 10) / 10; }
  function sectorAngles(i, n) {
    var w = 2 * Math.PI / n;
    return { start: -Math.PI / 2 + i * w, width: w };
  }
  function polar(r, a) { return { x: round1(CX + r * Math.cos(a)), y: round1(CY + r * Math.sin(a)) }; }
  function clampCircle(c) { return c < 1 ? 1 : (c > CIRCLES ? CIRCLES : c); }

  function layout(m) {
    var n = m.sectors.length, idx = {}, cells = {}, order = [];
    m.sectors.forEach(function (s, i) { idx[s.id] = i; });
    m.people.forEach(function (p) {
      var key = (idx[p.sector] || 0) + ':' + clampCircle(p.circle);
      if (!cells[key]) { cells[key] = []; order.push(key); }
      cells[key].push(p.id);
    });
    var out = {};
    order.forEach(function (key) {
      var parts = key.split(':'), sector = +parts[0], circle = +parts[1], ids = cells[key];
      var a = sectorAngles(sector, n);
      var inner = circle > 1 ? RINGS[circle - 2] : RING_IK, outer = RINGS[circle - 1];
      var perRow = Math.max(1, Math.floor((inner + outer) / 2 * a.width / 80));
      var k = ids.length, rows = Math.ceil(k / perRow);
      ids.forEach(function (id, j) {
        var row = Math.floor(j / perRow), col = j % perRow;
        var inRow = Math.min(perRow, k - row * perRow);
        var r = rows > 1 ? inner + 16 + (outer - inner - 32) * row / (rows - 1) : (inner + outer) / 2;
        out[id] = polar(r, a.start + a.width * (col + 1) / (inRow + 1));
      });
    });
    return out;
  }

  function shorten(label, n) {
    var chars = Array.from(label);
    return chars.length <= n ? label : chars.slice(0, n - 1).join('') + '\u2026';
  }

  /* ---------- the editor ---------- */

  function fill(template, values) {
    return String(template || '').replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  function el(name, attrs, text) {
    var e = document.createElementNS(SVGNS, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function h(name, cls, text) {
    var e = document.createElement(name);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  function Editor(root) {
    this.root = root;
    this.form = document.querySelector('[data-netmap-form]');
    this.svg = root.querySelector('[data-netmap-svg]');
    this.live = root.querySelector('[data-netmap-live]');
    this.msgs = JSON.parse(root.getAttribute('data-msgs') || '{}');
    this.counter = 0;
  }

  Editor.prototype.t = function (key, values) { return fill(this.msgs[key], values || {}); };

  Editor.prototype.field = function (row, name) {
    return row.querySelector('[name$=".' + name + '"]');
  };

  // rows are the person fieldsets of the form, with the id each one draws under.
  Editor.prototype.rows = function () {
    return Array.prototype.slice.call(this.form.querySelectorAll('[data-netmap-person]'));
  };

  Editor.prototype.rowOf = function (id) {
    var self = this;
    return this.rows().filter(function (r) { return self.field(r, 'id').value === id; })[0];
  };

  // read turns the form into a map, as the server would store it.
  Editor.prototype.read = function () {
    var self = this, m = { sectors: [], people: [], lines: [] };
    var used = {};
    this.rows().forEach(function (row) {
      var label = self.field(row, 'label').value.trim();
      var remove = self.field(row, 'remove');
      if (!label || (remove && remove.checked)) { return; }
      var support = Array.prototype.slice.call(row.querySelectorAll('[name$=".support"]:checked')).map(function (c) { return c.value; });
      var p = {
        id: self.field(row, 'id').value, label: label, sector: self.field(row, 'sector').value,
        circle: parseInt(self.field(row, 'circle').value, 10) || 0, quality: parseInt(self.field(row, 'quality').value, 10) || 0,
        direction: self.field(row, 'direction').value, frequency: self.field(row, 'frequency').value, support: support
      };
      used[p.sector] = true;
      m.people.push(p);
    });
    Array.prototype.slice.call(this.form.querySelectorAll('[data-netmap-sector]')).forEach(function (input) {
      var id = input.getAttribute('data-netmap-sector');
      var label = input.value.trim();
      if (!id || (!label && !used[id])) { return; }
      var prof = input.closest('.nm-sector-row').querySelector('[name$=".prof"]');
      m.sectors.push({ id: id, label: label, professional: !!(prof && prof.checked) });
    });
    var ids = {};
    ids[CENTRE] = true;
    m.people.forEach(function (p) { ids[p.id] = true; });
    Array.prototype.slice.call(this.form.querySelectorAll('.nm-line-row')).forEach(function (row) {
      var from = self.field(row, 'from'), to = self.field(row, 'to'), kind = self.field(row, 'kind'), remove = self.field(row, 'remove');
      if (!from || !to || !from.value || !to.value || (remove && remove.checked)) { return; }
      if (!ids[from.value] || !ids[to.value] || from.value === to.value) { return; }
      m.lines.push({ from: from.value, to: to.value, kind: kind.value });
    });
    return m;
  };

  Editor.prototype.sectorLabel = function (m, id) {
    for (var i = 0; i < m.sectors.length; i++) { if (m.sectors[i].id === id) { return m.sectors[i].label; } }
    return id;
  };

  // draw replaces the sectors, lines and people of the drawing; rings, centre and legend stay.
  Editor.prototype.draw = function (m) {
    var self = this, svg = this.svg, n = m.sectors.length;
    var gs = svg.querySelector('.nm-sectors'), gl = svg.querySelector('.nm-lines'), gp = svg.querySelector('.nm-people');
    [gs, gl, gp].forEach(function (g) { while (g.firstChild) { g.removeChild(g.firstChild); } });
    m.sectors.forEach(function (s, i) {
      var a = sectorAngles(i, n);
      if (n > 1) {
        var p0 = polar(RING_IK, a.start), p1 = polar(RING_OUTER, a.start);
        gs.appendChild(el('line', { x1: p0.x, y1: p0.y, x2: p1.x, y2: p1.y, stroke: '#5b6b7b', 'stroke-width': 1 }));
      }
      var mid = a.start + a.width / 2, lp = polar(RING_OUTER + 18, mid);
      var anchor = 'middle', tx = 0, ty = 30, sy = 0, c = Math.cos(mid), sn = Math.sin(mid);
      if (c > 0.3) { anchor = 'start'; tx = 16; ty = 5; }
      else if (c < -0.3) { anchor = 'end'; tx = -16; ty = 5; }
      else if (sn < 0) { ty = -4; sy = -30; }
      var g = el('g', { 'class': 'nm-sector', transform: 'translate(' + lp.x + ' ' + lp.y + ')' });
      g.appendChild(el('path', { d: SHAPES[i % SHAPES.length], fill: PALETTE[i % PALETTE.length], stroke: '#1a1a1a', transform: 'translate(0 ' + sy + ') scale(0.7)' }));
      g.appendChild(el('text', { x: tx, y: ty, 'text-anchor': anchor, 'font-size': 16, fill: '#1a1a1a' }, shorten(s.label, SECTOR_RUNES)));
      gs.appendChild(g);
    });
    var pos = layout(m);
    function at(id) { return id === CENTRE ? { x: CX, y: CY } : pos[id]; }
    m.lines.forEach(function (l) {
      var a = at(l.from), z = at(l.to);
      if (!a || !z) { return; }
      var attrs = { x1: a.x, y1: a.y, x2: z.x, y2: z.y, 'stroke-width': 3 };
      if (l.kind === 'stress') {
        attrs['class'] = 'nm-line nm-line--stress'; attrs.stroke = '#b3261e'; attrs['stroke-dasharray'] = '8 5';
      } else {
        attrs['class'] = 'nm-line nm-line--support'; attrs.stroke = '#1a1a1a';
      }
      gl.appendChild(el('line', attrs));
    });
    var sidx = {};
    m.sectors.forEach(function (s, i) { sidx[s.id] = i; });
    m.people.forEach(function (p) {
      var pt = pos[p.id], i = sidx[p.sector] || 0;
      var g = el('g', {
        'class': 'nm-person', id: 'p-' + p.id, 'data-id': p.id, transform: 'translate(' + pt.x + ' ' + pt.y + ')',
        tabindex: 0, role: 'button', 'aria-roledescription': self.t('legend.marker'), 'aria-describedby': 'keys',
        'aria-label': self.describe(m, p)
      });
      var stroke = '#1a1a1a', width = '1.5', dash = null;
      if (p.quality === 1) { stroke = '#b3261e'; width = '3'; dash = '4 3'; }
      else if (p.quality === 5) { width = '3.5'; }
      g.appendChild(el('circle', { 'class': 'nm-focus', r: 19, fill: 'none' }));
      var shape = el('path', { d: SHAPES[i % SHAPES.length], fill: PALETTE[i % PALETTE.length], stroke: stroke, 'stroke-width': width });
      if (dash) { shape.setAttribute('stroke-dasharray', dash); }
      g.appendChild(shape);
      g.appendChild(el('text', { y: 30, 'text-anchor': 'middle', 'font-size': 16, fill: '#1a1a1a', stroke: '#ffffff', 'stroke-width': 3, 'paint-order': 'stroke' }, shorten(p.label, LABEL_RUNES)));
      gp.appendChild(g);
    });
  };

  Editor.prototype.describe = function (m, p) {
    return this.t('describe', { Label: p.label, Sector: this.sectorLabel(m, p.sector), Circle: p.circle, Quality: this.t('quality.' + p.quality) });
  };

  // summary rebuilds the facts, the table and the questions, as the server's partial does.
  Editor.prototype.summary = function (m) {
    var self = this, s = summarize(m), box = this.root.querySelector('[data-netmap-summary]');
    if (!box) { return; }
    function list(items, empty) { return items.length ? items.join(', ') : self.t(empty); }
    var facts = [
      ['summary.total', String(s.total)],
      ['summary.by_circle', this.t('summary.by_circle_value', { A: s.byCircle[0], B: s.byCircle[1], C: s.byCircle[2] })],
      ['summary.professionals', this.t('summary.professionals_value', { Count: s.professionals, Share: s.professionalShare })],
      ['summary.reciprocity', this.t('summary.reciprocity_value', { Both: s.reciprocal, Gives: s.gives, Receives: s.receives, Unknown: s.unknownDirection })],
      ['summary.practical', list(s.practicalHelpers, 'summary.nobody')],
      ['summary.empty', list(s.emptySectors.map(function (id) { return self.sectorLabel(m, id); }), 'summary.none')],
      ['summary.stressful', String(s.stressful)]
    ];
    var dl = box.querySelector('[data-netmap-facts]');
    dl.textContent = '';
    facts.forEach(function (f) {
      var row = h('div', 'nm-facts__row');
      row.appendChild(h('dt', 'nm-facts__term', self.t(f[0])));
      row.appendChild(h('dd', 'nm-facts__value', f[1]));
      dl.appendChild(row);
    });
    var tbody = box.querySelector('[data-netmap-sectors]');
    tbody.textContent = '';
    s.bySector.forEach(function (sc) {
      var tr = h('tr', 'utrecht-table__row');
      var th = h('th', 'utrecht-table__header-cell', self.sectorLabel(m, sc.id));
      th.setAttribute('scope', 'row');
      tr.appendChild(th);
      sc.circles.concat([sc.count]).forEach(function (v) { tr.appendChild(h('td', 'utrecht-table__cell utrecht-table__cell--numeric', String(v))); });
      tbody.appendChild(tr);
    });
    var gaps = box.querySelector('[data-netmap-gaps]');
    gaps.textContent = '';
    if (s.gaps.length) {
      var ul = h('ul', 'utrecht-unordered-list nm-gaps');
      s.gaps.forEach(function (g) {
        ul.appendChild(h('li', 'utrecht-unordered-list__item', self.t('gap.' + g.code, { Label: g.label || '', Sector: g.sector ? self.sectorLabel(m, g.sector) : '' })));
      });
      gaps.appendChild(ul);
    } else {
      gaps.appendChild(h('p', 'utrecht-paragraph', this.t('summary.gaps_none')));
    }
  };

  Editor.prototype.update = function (focusId) {
    // A redraw replaces the markers: keep the focus on the one that had it.
    var active = document.activeElement;
    if (!focusId && active && active.closest && active.closest('.nm-person') && this.svg.contains(active)) {
      focusId = active.closest('.nm-person').getAttribute('data-id');
    }
    var m = this.read();
    this.draw(m);
    this.summary(m);
    this.rowSummaries(m);
    this.lineEnds(m);
    if (focusId) {
      var marker = this.svg.querySelector('.nm-person[data-id="' + focusId + '"]');
      if (marker) { marker.focus(); }
    }
    return m;
  };

  // lineEnds keeps the choices of the lines' ends in step with the people on the map, so a
  // person just added can get a line before the map is saved.
  Editor.prototype.lineEnds = function (m) {
    var ends = [['', this.t('line.none')], [CENTRE, this.t('centre')]].concat(m.people.map(function (p) { return [p.id, p.label]; }));
    var key = ends.map(function (e) { return e[0] + '=' + e[1]; }).join('|');
    Array.prototype.slice.call(this.form.querySelectorAll('.nm-line-row select[name$=".from"], .nm-line-row select[name$=".to"]')).forEach(function (sel) {
      if (sel.getAttribute('data-netmap-ends') === key) { return; }
      var value = sel.value;
      sel.textContent = '';
      ends.forEach(function (e) {
        var o = document.createElement('option');
        o.value = e[0];
        o.textContent = e[1];
        sel.appendChild(o);
      });
      sel.value = ends.some(function (e) { return e[0] === value; }) ? value : '';
      sel.setAttribute('data-netmap-ends', key);
    });
  };

  // rowSummaries keeps the one-line summary of each folded person row in step with its fields.
  Editor.prototype.rowSummaries = function (m) {
    var self = this;
    this.rows().forEach(function (row) {
      var out = row.querySelector('[data-netmap-row-summary]');
      if (!out) { return; }
      out.textContent = self.field(row, 'label').value.trim() + ' \u00b7 ' + self.sectorLabel(m, self.field(row, 'sector').value) +
        ' \u00b7 ' + self.t('person.circle') + ' ' + self.field(row, 'circle').value;
    });
  };

  Editor.prototype.announce = function (text) {
    // Clear first, so the same words twice are still read out.
    var live = this.live;
    live.textContent = '';
    global.setTimeout(function () { live.textContent = text; }, 30);
  };

  // move changes a person's circle by dc and sector by ds (wrapping round), then redraws.
  Editor.prototype.move = function (id, dc, ds) {
    var row = this.rowOf(id);
    if (!row) { return; }
    var circle = this.field(row, 'circle'), sector = this.field(row, 'sector');
    var label = this.field(row, 'label').value.trim() || this.t('announce.nolabel');
    var c = (parseInt(circle.value, 10) || 2) + dc;
    if (c < 1) { this.announce(this.t('announce.inner', { Label: label })); return; }
    if (c > CIRCLES) { this.announce(this.t('announce.outer', { Label: label })); return; }
    circle.value = String(c);
    if (ds !== 0 && sector.options.length > 0) {
      var i = (sector.selectedIndex + ds + sector.options.length) % sector.options.length;
      sector.selectedIndex = i;
    }
    this.place(id, row);
  };

  Editor.prototype.place = function (id, row) {
    var m = this.update(id);
    var label = this.field(row, 'label').value.trim() || this.t('announce.nolabel');
    var sector = this.field(row, 'sector');
    this.announce(this.t('announce.move', { Label: label, Circle: this.field(row, 'circle').value, Sector: this.sectorLabel(m, sector.value) }));
  };

  Editor.prototype.onKey = function (e) {
    var marker = e.target.closest && e.target.closest('.nm-person');
    if (!marker) { return; }
    var id = marker.getAttribute('data-id');
    var moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (moves[e.key]) {
      e.preventDefault();
      this.move(id, moves[e.key][0], moves[e.key][1]);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      var row = this.rowOf(id);
      if (row) {
        if (row.tagName === 'DETAILS') { row.open = true; }
        this.field(row, 'label').focus();
      }
    }
  };

  // Drag: the marker follows the pointer; where it is let go decides its circle and sector.
  Editor.prototype.onPointerDown = function (e) {
    var marker = e.target.closest && e.target.closest('.nm-person');
    if (!marker || (e.pointerType === 'mouse' && e.button !== 0)) { return; }
    var self = this, svg = this.svg, id = marker.getAttribute('data-id');
    var start = { x: e.clientX, y: e.clientY }, moved = false;
    marker.focus();
    marker.classList.add('nm-person--dragging');
    try { marker.setPointerCapture(e.pointerId); } catch (err) { /* not capturable: follow anyway */ }
    function point(ev) {
      var pt = svg.createSVGPoint();
      pt.x = ev.clientX; pt.y = ev.clientY;
      return pt.matrixTransform(svg.getScreenCTM().inverse());
    }
    function move(ev) {
      if (Math.abs(ev.clientX - start.x) + Math.abs(ev.clientY - start.y) > 4) { moved = true; }
      if (!moved) { return; }
      var p = point(ev);
      marker.setAttribute('transform', 'translate(' + round1(p.x) + ' ' + round1(p.y) + ')');
    }
    function up(ev) {
      marker.removeEventListener('pointermove', move);
      marker.removeEventListener('pointerup', up);
      marker.removeEventListener('pointercancel', up);
      marker.classList.remove('nm-person--dragging');
      if (!moved || ev.type === 'pointercancel') { self.update(id); return; }
      var p = point(ev), dx = p.x - CX, dy = p.y - CY, r = Math.sqrt(dx * dx + dy * dy);
      var row = self.rowOf(id);
      if (!row) { return; }
      var circle = r <= RINGS[0] ? 1 : (r <= RINGS[1] ? 2 : 3);
      var sector = self.field(row, 'sector'), n = sector.options.length;
      if (n > 0) {
        var a = Math.atan2(dy, dx) + Math.PI / 2;
        if (a < 0) { a += 2 * Math.PI; }
        sector.selectedIndex = Math.floor(a / (2 * Math.PI / n)) % n;
      }
      self.field(row, 'circle').value = String(circle);
      self.place(id, row);
    }
    marker.addEventListener('pointermove', move);
    marker.addEventListener('pointerup', up);
    marker.addEventListener('pointercancel', up);
  };

  Editor.prototype.newID = function () {
    var used = {};
    var self = this;
    this.rows().forEach(function (r) { used[self.field(r, 'id').value] = true; });
    var id;
    do { this.counter++; id = 'n' + this.counter; } while (used[id]);
    return id;
  };

  // add appends a person row copied from the page's template and puts the cursor in its label.
  Editor.prototype.add = function () {
    var tpl = this.form.querySelector('[data-netmap-template]');
    var list = this.form.querySelector('[data-netmap-people]');
    var next = 0;
    this.rows().forEach(function (r) { next = Math.max(next, (parseInt(r.getAttribute('data-netmap-person'), 10) || 0) + 1); });
    var frag = tpl.content.cloneNode(true);
    Array.prototype.slice.call(frag.querySelectorAll('*')).forEach(function (node) {
      Array.prototype.slice.call(node.attributes).forEach(function (a) {
        if (a.value.indexOf('__N__') >= 0) { node.setAttribute(a.name, a.value.split('__N__').join(String(next))); }
      });
    });
    var row = frag.querySelector('[data-netmap-person]');
    var n = this.rows().length + 1;
    this.field(row, 'id').value = this.newID();
    list.appendChild(frag);
    this.field(row, 'label').focus();
    this.announce(this.t('announce.added', { N: n }));
  };

  // toPNG draws the server's SVG of a map (same origin, so the canvas stays readable) at twice
  // its size on a white canvas and resolves to a PNG blob.
  function toPNG(url) {
    return new Promise(function (resolve, reject) {
      var img = new Image();
      img.onerror = function () { reject(new Error('netmap: cannot load ' + url)); };
      img.onload = function () {
        var canvas = document.createElement('canvas');
        canvas.width = (img.naturalWidth || 1100) * 2;
        canvas.height = (img.naturalHeight || 860) * 2;
        var ctx = canvas.getContext('2d');
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
        canvas.toBlob(function (blob) { if (blob) { resolve(blob); } else { reject(new Error('netmap: no PNG')); } }, 'image/png');
      };
      img.src = url;
    });
  }

  Editor.prototype.png = function (button) {
    toPNG(button.getAttribute('data-netmap-png')).then(function (blob) {
      var a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = button.getAttribute('data-filename') || 'netwerkkaart.png';
      document.body.appendChild(a);
      a.click();
      a.remove();
      global.setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
    });
  };

  Editor.prototype.start = function () {
    var self = this;
    if (!this.form || !this.svg) { return; }
    var keys = this.root.querySelector('[data-netmap-keys]');
    if (keys) { keys.textContent = keys.getAttribute('data-netmap-keys'); }
    this.rows().forEach(function (r) {
      var id = self.field(r, 'id');
      if (!id.value) { id.value = self.newID(); }
    });
    var add = this.form.querySelector('[data-netmap-add]');
    if (add) {
      add.hidden = false;
      add.addEventListener('click', function () { self.add(); });
    }
    var print = this.root.querySelector('[data-netmap-print]');
    if (print) {
      print.hidden = false;
      print.addEventListener('click', function () { global.print(); });
    }
    var png = this.root.querySelector('[data-netmap-png]');
    if (png) {
      png.hidden = false;
      png.addEventListener('click', function () { self.png(png); });
    }
    // 'input' fires for text, selects and checkboxes alike; 'change' would also fire when the
    // focus leaves a field, and a redraw then would take away the marker being focused.
    this.form.addEventListener('input', function () { self.update(); });
    this.svg.addEventListener('keydown', function (e) { self.onKey(e); });
    this.svg.addEventListener('pointerdown', function (e) { self.onPointerDown(e); });
    this.update();
    // On a narrow screen the drawing scrolls sideways: start with the client in view.
    var fig = this.root.querySelector('[data-netmap-figure]');
    if (fig && fig.scrollWidth > fig.clientWidth) {
      fig.scrollLeft = (fig.scrollWidth - fig.clientWidth) / 2;
    }
  };

  global.KringNetmap = { summarize: summarize, layout: layout, toPNG: toPNG };

  function init() {
    var root = document.querySelector('[data-netmap]');
    if (root && root.querySelector('[data-netmap-svg]') && document.querySelector('[data-netmap-form]')) {
      new Editor(root).start();
    }
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}(window));
