/*
 * Agreements that come back: the live room's list of the group's open agreements from earlier
 * meetings ("Afspraken van de vorige keer"), shown before the start and in the phase whose
 * method sets agreements: true (or the first phase). The owner of an agreement and the coach
 * mark it done or carried over (op agreement.mark, docs/protocol.md); the report records it.
 *
 * A part of room.js (see KringRoomParts there); load it before room.js. Its strings come from
 * the page (room-data "agreements", the catalogue's agreements.room.* messages).
 */
(function () {
  'use strict';

  // Fold: the same rule as State.applyMark on the server.
  function apply(s, ev) {
    if (ev.op !== 'agreement.mark') { return; }
    (s.prior || []).forEach(function (p) {
      if (p.id === ev.agreement) {
        p.outcome = ev.outcome || '';
        p.by = p.outcome ? ev.by : 0;
        p.at = p.outcome ? ev.at : 0;
      }
    });
  }

  function mount(api) {
    var T = (api.cfg && api.cfg.agreements) || {};
    var el = api.make, button = api.button;
    var box = api.el;
    box.hidden = true;
    // The members' names, offered in the owner field of a new agreement (room.js points its
    // owner inputs here), so the owner written names a member and comes back to them.
    var names = el('datalist', null, null, {id: 'kring-room-members'});
    box.parentNode.appendChild(names);
    var namesKey = '';
    function renderNames(st) {
      var list = Object.keys(st.members || {}).map(function (id) { return st.members[id]; }).filter(Boolean).sort();
      var key = list.join('\n');
      if (key === namesKey) { return; }
      namesKey = key;
      api.clear(names);
      list.forEach(function (n) { names.appendChild(el('option', null, null, {value: n})); });
    }

    // The phase that goes over the earlier agreements: the one the method marks, else the first.
    function isAgreementPhase(st) {
      var phases = (st.method && st.method.phases) || [];
      var marked = -1;
      phases.forEach(function (p, i) { if (p.agreements && marked < 0) { marked = i; } });
      if (marked < 0) { marked = 0; }
      return st.phase < 0 || st.phase === marked;
    }

    function mark(p, outcome) {
      if (api.pending(function (f) { return f.op === 'agreement.mark' && f.agreement === p.id; })) { return; }
      api.send({op: 'agreement.mark', agreement: p.id, outcome: p.outcome === outcome ? '' : outcome});
    }

    function render() {
      var st = api.state();
      renderNames(st);
      var prior = (st && st.prior) || [];
      box.hidden = !prior.length || api.closed() || !isAgreementPhase(st);
      api.clear(box);
      if (box.hidden) { return; }
      var sec = el('section', 'kring-panel kring-prior', null, {'aria-labelledby': 'kring-prior-h'});
      var reviewed = prior.filter(function (p) { return p.outcome; }).length;
      var h = el('h2', 'kring-panel__title', T.title, {id: 'kring-prior-h'});
      h.appendChild(document.createTextNode(' '));
      h.appendChild(el('span', 'kring-prior__count', T.reviewed.replace('{n}', reviewed).replace('{total}', prior.length)));
      sec.appendChild(h);
      if (!api.screen) { sec.appendChild(el('p', 'kring-muted', T.intro)); }
      var ul = el('ul', 'kring-prior__list');
      prior.forEach(function (p) {
        var li = el('li', 'kring-prior__item' + (p.outcome ? ' kring-prior__item--' + p.outcome : ''), null, {'data-agreement': String(p.id)});
        li.appendChild(el('p', 'kring-prior__text', p.text));
        var meta = [];
        meta.push(T.who + ': ' + (p.owner || '—'));
        if (p.due) { meta.push(T.due + ' ' + api.fmtDate(p.due)); }
        if (p.held) { meta.push(T.agreed + ' ' + api.fmtDate(p.held)); }
        if (p.carried) { meta.push(T.carriedBefore); }
        li.appendChild(el('p', 'kring-card__meta', meta.join(' · ')));
        var row = el('div', 'kring-prior__row');
        var status = p.outcome === 'done' ? T.isDone : p.outcome === 'carried' ? T.isCarried : T.open;
        var badge = p.outcome === 'done' ? 'success' : p.outcome === 'carried' ? 'warning' : 'neutral';
        row.appendChild(el('span', 'utrecht-status-badge utrecht-status-badge--' + badge + ' kring-prior__status', status, {'data-outcome': p.outcome || 'open'}));
        var mayMark = !api.screen && !api.closed() && (api.isCoach || (p.ownerId && p.ownerId === api.userId));
        if (mayMark) {
          var busy = api.pending(function (f) { return f.op === 'agreement.mark' && f.agreement === p.id; });
          var g = el('div', 'utrecht-button-group kring-prior__actions');
          g.appendChild(button(T.done, p.outcome === 'done' ? 'utrecht-button--primary-action' : 'utrecht-button--secondary-action',
            function () { mark(p, 'done'); }, {'aria-pressed': p.outcome === 'done' ? 'true' : 'false', 'data-key': 'prior-done-' + p.id,
              'aria-label': T.done + ': ' + p.text, 'aria-disabled': busy ? 'true' : null}));
          g.appendChild(button(T.carry, p.outcome === 'carried' ? 'utrecht-button--primary-action' : 'utrecht-button--secondary-action',
            function () { mark(p, 'carried'); }, {'aria-pressed': p.outcome === 'carried' ? 'true' : 'false', 'data-key': 'prior-carry-' + p.id,
              'aria-label': T.carry + ': ' + p.text, 'aria-disabled': busy ? 'true' : null}));
          row.appendChild(g);
          if (busy) { row.appendChild(el('span', 'kring-muted', T.pending)); }
        } else if (!p.ownerId && !api.screen && !api.closed()) {
          row.appendChild(el('span', 'kring-muted', T.nobody));
        }
        li.appendChild(row);
        ul.appendChild(li);
      });
      sec.appendChild(ul);
      box.appendChild(sec);
    }
    return {render: render};
  }

  (window.KringRoomParts = window.KringRoomParts || []).push({apply: apply, mount: mount});
})();
