/*
 * Network maps on case cards in the live room (issue 16). Plain JavaScript, no inline script
 * or style (strict CSP). Loaded before room.js, which calls window.KringRoomMap(api) once and
 * then the returned hooks: apply (fold card.map and map.highlight into the state, the same
 * rules as room/cardmap.go), card (the case card's line and its menu row) and render (one
 * panel per case card with a map). Protocol: docs/protocol.md.
 *
 * The drawing is the server's (netmap.Render, GET /meetings/:id/kaart/:card?v=mapSeq), put into
 * the page as SVG so the coach's highlight is a class on its markers; the list of people
 * beside it is the legible form on a phone and for a screen reader, and the coach's controls.
 *
 * room-data "map": {"maps": [{id, title, date}], "svgUrl": "/meetings/7/kaart/",
 *                   "mapsUrl": "/netwerkkaarten", "t": {…}} (server/meeting_map.go)
 */
(function () {
  'use strict';

  window.KringRoomMap = function (api) {
    var cfg = api.cfg || {};
    var t = cfg.t || {};
    var el = api.el;
    var box = el('div', 'kring-roommap');
    api.main.insertBefore(box, api.before);
    var panels = {}; // card id -> {el, v, figure, items: {personId: {li, box}}, svg}

    function tr(k) { return t[k] || k; }
    function mapOf(card) { return card && card.board === 'case' && card.map && !(card.hidden && card.author !== api.userId) ? card.map : null; }
    function labelsOf(m, ids) {
      return (m.people || []).filter(function (p) { return (ids || []).indexOf(p.id) >= 0; }).map(function (p) { return p.label; });
    }
    function findCard(s, id) { for (var i = 0; i < s.cards.length; i++) { if (s.cards[i].id === id) { return s.cards[i]; } } return null; }

    // The fold, as State.applyMap: a new map clears the highlight.
    function apply(s, ev, n) {
      var c = findCard(s, ev.card);
      if (!c) { return; }
      if (ev.op === 'card.map') {
        c.map = ev.map || null;
        c.mapSeq = ev.map ? n : 0;
        c.highlight = [];
        if (ev.map) { api.announce(tr('announce_map') + ' ' + (ev.map.title || '')); }
      } else if (ev.op === 'map.highlight') {
        c.highlight = (ev.ids || []).slice();
        if (c.map) {
          var names = labelsOf(c.map, c.highlight);
          api.announce(tr('announce_highlight') + ' ' + (names.length ? names.join(', ') : '—'));
        }
      }
    }

    function canChange(card) {
      return !api.screen && !api.closed() && card.board === 'case' && !card.hidden && (card.author === api.userId || api.isCoach);
    }

    // On the card: a link to its map's panel, and in the author's (or coach's) menu the choice
    // of one of their own maps.
    function card(li, c) {
      if (c.board !== 'case') { return; }
      var m = mapOf(c);
      if (m) {
        var p = el('p', 'kring-card__meta kring-roommap__cardlink');
        p.appendChild(el('a', 'utrecht-link', tr('open') + ': ' + (m.title || ''), {href: '#kring-roommap-' + c.id}));
        li.insertBefore(p, li.querySelector('.kring-card__actions'));
      }
      var menu = li.querySelector('.kring-card__menu-body');
      if (!menu || !canChange(c)) { return; }
      var row = el('div', 'kring-card__menu-row kring-roommap__menu');
      var maps = cfg.maps || [];
      if (!maps.length) {
        var none = el('p', 'kring-card__meta', tr('none') + ' ');
        none.appendChild(el('a', 'utrecht-link', tr('manage'), {href: cfg.mapsUrl || '/netwerkkaarten'}));
        row.appendChild(none);
      } else {
        var id = 'kring-roommap-pick-' + c.id;
        row.appendChild(el('label', 'utrecht-form-label kring-room__inline-label', tr('choose'), {'for': id}));
        var sel = el('select', 'utrecht-select kring-room__inline-select', null, {id: id, 'data-key': 'map-pick-' + c.id});
        maps.forEach(function (x) { sel.appendChild(el('option', null, x.title + ' (' + x.date + ')', {value: String(x.id)})); });
        row.appendChild(sel);
        row.appendChild(api.button(tr('attach'), 'utrecht-button--secondary-action', function () {
          api.send({op: 'card.map', card: c.id, map: Number(sel.value)});
        }, {'data-key': 'map-attach-' + c.id}));
      }
      if (m) {
        row.appendChild(api.button(tr('remove'), 'utrecht-button--subtle', function () {
          if (window.confirm(tr('remove_confirm'))) { api.send({op: 'card.map', card: c.id, map: 0}); }
        }, {'data-key': 'map-remove-' + c.id}));
      }
      menu.appendChild(row);
    }

    // The SVG, drawn by the server, put into the page so its markers can carry the highlight.
    function load(panel, cardId, v) {
      panel.figure.appendChild(el('p', 'kring-muted', tr('loading')));
      var url = (cfg.svgUrl || '') + cardId + '?v=' + v;
      window.fetch(url, {credentials: 'same-origin'}).then(function (r) {
        if (!r.ok) { throw new Error(String(r.status)); }
        return r.text();
      }).then(function (text) {
        var doc = new window.DOMParser().parseFromString(text, 'image/svg+xml');
        var svg = doc.documentElement;
        if (!svg || svg.nodeName !== 'svg') { throw new Error('not svg'); }
        if (panels[cardId] !== panel) { return; }
        panel.svg = document.importNode(svg, true);
        while (panel.figure.firstChild) { panel.figure.removeChild(panel.figure.firstChild); }
        panel.figure.appendChild(panel.svg);
        // On a phone the drawing is wider than the screen: start with the client in view.
        var f = panel.figure;
        if (f.scrollWidth > f.clientWidth) { f.scrollLeft = (f.scrollWidth - f.clientWidth) / 2; }
        mark(panel, panel.highlight || []);
      }).catch(function () {
        if (panels[cardId] !== panel) { return; }
        while (panel.figure.firstChild) { panel.figure.removeChild(panel.figure.firstChild); }
        panel.figure.appendChild(el('p', 'kring-muted', tr('failed')));
      });
    }

    function build(c, m) {
      var hid = 'kring-roommap-h-' + c.id;
      var sec = el('section', 'kring-panel kring-roommap__panel', null, {id: 'kring-roommap-' + c.id, 'aria-labelledby': hid, tabindex: '-1'});
      sec.appendChild(el('h2', 'kring-panel__title', tr('heading'), {id: hid}));
      sec.appendChild(el('p', 'kring-roommap__case', c.text));
      var panel = {el: sec, v: c.mapSeq, items: {}, svg: null, highlight: []};
      // Focusable, so a keyboard can scroll the drawing where it is wider than the screen.
      panel.figure = el('figure', 'kring-roommap__figure', null, {tabindex: '0', role: 'group', 'aria-labelledby': hid});
      sec.appendChild(panel.figure);
      var sectors = {};
      (m.sectors || []).forEach(function (s) { sectors[s.id] = s.label; });
      var coach = api.isCoach && !api.closed();
      var lid = 'kring-roommap-people-' + c.id;
      var group = el(coach ? 'fieldset' : 'div', 'kring-roommap__people-box', null, coach ? null : {role: 'group', 'aria-labelledby': lid});
      group.appendChild(el(coach ? 'legend' : 'h3', 'kring-roommap__people-title', tr('people') + (coach ? ': ' + tr('highlight') : ''), {id: lid}));
      if (coach) { group.appendChild(el('p', 'kring-muted kring-roommap__hint', tr('highlight_hint'))); }
      var ul = el('ul', 'kring-roommap__people');
      (m.people || []).forEach(function (p) {
        var li = el('li', 'kring-roommap__person');
        var text = p.label + ' — ' + (sectors[p.sector] || p.sector) + ', ' + tr('circle') + ' ' + p.circle;
        var item = {li: li, box: null};
        if (coach) {
          var bid = 'kring-roommap-hl-' + c.id + '-' + p.id;
          item.box = el('input', 'utrecht-checkbox kring-roommap__check', null, {type: 'checkbox', id: bid, value: p.id, 'data-key': 'map-hl-' + c.id + '-' + p.id});
          item.box.addEventListener('change', function () { send(c.id, panel); });
          li.appendChild(item.box);
          li.appendChild(el('label', 'kring-roommap__person-label', text, {'for': bid}));
        } else {
          li.appendChild(el('span', 'kring-roommap__person-label', text));
        }
        item.badge = el('span', 'kring-roommap__badge', tr('highlighted'));
        li.appendChild(item.badge);
        item.li = li;
        panel.items[p.id] = item;
        ul.appendChild(li);
      });
      group.appendChild(ul);
      if (coach) {
        group.appendChild(api.button(tr('clear'), 'utrecht-button--subtle', function () {
          api.send({op: 'map.highlight', card: c.id, ids: []});
        }, {'data-key': 'map-clear-' + c.id}));
      }
      sec.appendChild(group);
      load(panel, c.id, c.mapSeq);
      return panel;
    }

    function send(cardId, panel) {
      var ids = [];
      Object.keys(panel.items).forEach(function (id) { var b = panel.items[id].box; if (b && b.checked) { ids.push(id); } });
      api.send({op: 'map.highlight', card: cardId, ids: ids});
    }

    // mark shows the highlight on the drawing and in the list.
    function mark(panel, ids) {
      panel.highlight = ids;
      Object.keys(panel.items).forEach(function (id) {
        var on = ids.indexOf(id) >= 0, it = panel.items[id];
        it.li.classList.toggle('kring-roommap__person--on', on);
        it.badge.hidden = !on;
        if (it.box && document.activeElement !== it.box) { it.box.checked = on; }
      });
      if (panel.svg) {
        Array.prototype.forEach.call(panel.svg.querySelectorAll('.nm-person'), function (g) {
          g.classList.toggle('nm-person--hl', ids.indexOf(g.getAttribute('data-id')) >= 0);
        });
      }
    }

    function render(s) {
      var seen = {};
      s.cards.forEach(function (c) {
        var m = mapOf(c);
        if (!m) { return; }
        seen[c.id] = true;
        var panel = panels[c.id];
        if (!panel || panel.v !== c.mapSeq) {
          var fresh = build(c, m);
          if (panel) { box.replaceChild(fresh.el, panel.el); } else { box.appendChild(fresh.el); }
          panels[c.id] = panel = fresh;
        }
        mark(panel, c.highlight || []);
      });
      Object.keys(panels).forEach(function (id) {
        if (!seen[id]) { box.removeChild(panels[id].el); delete panels[id]; }
      });
      box.hidden = !Object.keys(panels).length;
    }

    return {apply: apply, card: card, render: render};
  };
}());
