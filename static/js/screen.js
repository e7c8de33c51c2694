/*
 * Kring privacy screen: warns the author about personal data in a case
 * description before it is sent (AVG; NRGD anonymisation guideline).
 *
 * Plain-JavaScript port of the Go package kring/server/privacy. The rules,
 * their priorities and the regular expressions are the same; both are tested
 * against server/privacy/testdata/vectors.json. See the package comment in
 * server/privacy/privacy.go for the rules (birth dates, names, ...).
 *
 * API (no modules, no eval; safe under a strict CSP):
 *   window.KringScreen.screen(text [, refYear]) -> [{kind, start, end, text}]
 *       Findings ordered by start, non-overlapping. start/end are UTF-16
 *       string indices (text.slice(start, end) === finding.text); the Go
 *       server uses byte offsets instead. refYear defaults to the current
 *       year (used for the "date older than ten years" birth-date rule).
 *   window.KringScreen.validBSN(digits) -> boolean (11-proef)
 *   window.KringScreen.validIBAN(s) -> boolean (mod-97)
 *   window.KringScreen.blocking(kind) -> boolean (BSN and Email: the server
 *       refuses the case card; other kinds are warnings)
 *   window.KringScreen.describe(kind, lang) -> short advice ("nl" or "en")
 *   window.KringScreen.kinds -> kind names in priority order
 */
(function (global) {
  'use strict';

  var KINDS = ['Email', 'IBAN', 'BSN', 'Phone', 'BirthDate', 'PostcodeHouse', 'NameInitials'];

  var reEmail = /[A-Za-z0-9._%+\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}/g;
  var reIBANStart = /[A-Za-z]{2}[0-9]{2}/g;
  var reBSN = /[0-9]{4}[. ][0-9]{2}[. ][0-9]{3}|[0-9]{3}[. ][0-9]{3}[. ][0-9]{3}|[0-9]{8,9}/g;
  var reIBANPrefix = /[A-Za-z]{2}[0-9]{2}(?: ?[A-Za-z0-9]{4})* $/;
  var reDateStart = /^[0-9]{1,2}[\-./][0-9]{1,2}[\-./][0-9]{2,4}/;
  var rePostcode = /[1-9][0-9]{3} ?[A-Z]{2}/g;
  var reNumAfter = /^ *,? *(?:[Nn]r\.? *)?[0-9]{1,5}/;
  var reNumBefore = /[0-9]{1,5}[a-zA-Z]? *,? +$|[0-9]{1,5}[a-zA-Z]?, *$/;
  var reGap = /^ *,? *$/;
  var reUnitAfter = /^ *(?:km|m|meter|kilometer|min|minuten|uur|jaar|keer|euro|procent|%)(?:[^A-Za-z]|$)/;
  var reStreet = /\p{Lu}\p{Ll}*(?:straat|laan|weg|plein|gracht|kade|singel|dijk|hof|pad|dreef|steeg|markt|park|plantsoen) +[0-9]{1,5}/gu;
  var reDateNum = /[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}[\-./][0-9]{1,2}[\-./](?:[0-9]{4}|[0-9]{2})/g;
  var reDateText = /([0-9]{1,2})(?:e|ste|de)? +(januari|january|jan|februari|february|feb|maart|march|mrt|mar|april|apr|mei|may|juni|june|jun|juli|july|jul|augustus|august|aug|september|sept|sep|oktober|october|okt|oct|november|nov|december|dec)\.? +([0-9]{4})/gi;
  var reBirthCtx = /(?:geboren|geboorte|\bgeb\b\.?|\bborn\b|birth|\bdob\b|d\.o\.b\.?)[^.!?\n]*$/i;
  var reNameTitle = /(?:(?:[Dd]hr|[Mm]evr|[Mm]vr|[Mm]w|[Mm]r|[Dd]rs|[Dd]r|[Ii]r|[Pp]rof|[Ff]am)(?:\. *| +)|(?:[Mm]evrouw|[Mm]eneer|[Mm]ijnheer|[Dd]e heer|[Jj]uffrouw|[Ff]amilie) +)(?:(?:[A-Z]|Th|Chr|Ph|IJ)\. ?)*(?:(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]er|[Tt]en|[Tt]e|[Ii]n 't|'t|[Ll]a|[Ll]e|[Dd]u|[Dd]a|[Vv]on|[Vv]\.d\.) +)*(\p{Lu}[\p{Ll}'’]+(?:-(?:(?:van|de|der|den) +)*\p{Lu}[\p{Ll}'’]+)?)/gu;
  var reNameInit = /(?:(?:[A-Z]|Th|Chr|Ph|IJ)\. ?)+(?:(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Tt]er|[Tt]en|[Tt]e|[Ii]n 't|'t|[Ll]a|[Ll]e|[Dd]u|[Dd]a|[Vv]on|[Vv]\.d\.) +)*(\p{Lu}[\p{Ll}'’]+(?:-(?:(?:van|de|der|den) +)*\p{Lu}[\p{Ll}'’]+)?)/gu;
  var reNameStop = /^(?:de|het|een|en|of|maar|dan|toen|daarna|daarom|daardoor|ook|hij|zij|ze|wij|we|ik|jij|je|u|hun|haar|zijn|mijn|ons|onze|jullie|dit|dat|die|deze|er|hier|daar|waar|wat|wie|hoe|waarom|wanneer|als|omdat|want|na|voor|in|op|met|bij|om|tot|van|uit|aan|over|door|zonder|tijdens|nadat|sinds|verder|vervolgens|later|eerst|nu|nog|wel|niet|geen|al|alle|elke|iedere|zo|ja|nee|dus|echter|bovendien|tevens|helaas|gelukkig|volgens|cliënt|client|moeder|vader|zoon|dochter|man|vrouw|kind|kinderen|ouders|gezin|team|zie|zeer|the|and|this|that|he|she|they|it|on|at|is|was)$/iu;

  var IBAN_LENGTHS = 'AD24 AE23 AT20 BE16 BG22 CH21 CY28 CZ24 DE22 DK18 EE20 ES24 FI18 FO18 ' +
    'FR27 GB22 GI23 GL18 GR27 HR21 HU28 IE22 IS26 IT27 LI21 LT20 LU20 LV21 MA28 MC27 MT31 ' +
    'NL18 NO15 PL28 PT25 RO24 SA24 SE24 SI19 SK24 SM27 TR26 VA22 ';

  var reWordCh = /^[\p{L}\p{Nd}]$/u;
  var reLetterCh = /^\p{L}$/u;

  // Character (code point) before / after UTF-16 index i, or '' at the ends.
  function chBefore(s, i) {
    if (i <= 0) return '';
    var c = s.charCodeAt(i - 1);
    if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
      var h = s.charCodeAt(i - 2);
      if (h >= 0xd800 && h <= 0xdbff) return s.slice(i - 2, i);
    }
    return s.charAt(i - 1);
  }
  function chAfter(s, i) {
    if (i >= s.length) return '';
    var cp = s.codePointAt(i);
    return String.fromCodePoint(cp);
  }
  function isWord(ch) { return ch !== '' && reWordCh.test(ch); }
  function isLetter(ch) { return ch !== '' && reLetterCh.test(ch); }
  function isDigit(ch) { return ch.length === 1 && ch >= '0' && ch <= '9'; }
  function isAlnumASCII(ch) { return ch.length === 1 && /[0-9A-Za-z]/.test(ch); }

  function allMatches(re, text) {
    re.lastIndex = 0;
    var out = [];
    var m;
    while ((m = re.exec(text)) !== null) {
      if (m[0].length === 0) { re.lastIndex++; continue; }
      out.push(m);
    }
    return out;
  }

  function finding(kind, text, s, e) {
    return { kind: kind, start: s, end: e, text: text.slice(s, e) };
  }

  // ---- Email ----
  function findEmails(text) {
    return allMatches(reEmail, text).map(function (m) {
      var s = m.index, e = s + m[0].length;
      while (s < e && text.charAt(s) === '.') s++;
      return finding('Email', text, s, e);
    });
  }

  // ---- IBAN ----
  function ibanLength(cc) {
    for (var i = 0; i + 5 <= IBAN_LENGTHS.length; i += 5) {
      if (IBAN_LENGTHS.slice(i, i + 2) === cc) return parseInt(IBAN_LENGTHS.slice(i + 2, i + 4), 10);
    }
    return 0;
  }

  function validIBAN(s) {
    var c = String(s).replace(/ /g, '').toUpperCase();
    if (c.length < 4) return false;
    var n = ibanLength(c.slice(0, 2));
    if (n === 0 || c.length !== n || !isDigit(c.charAt(2)) || !isDigit(c.charAt(3))) return false;
    var r = c.slice(4) + c.slice(0, 4);
    var mod = 0;
    for (var i = 0; i < r.length; i++) {
      var ch = r.charAt(i);
      if (ch >= '0' && ch <= '9') mod = (mod * 10 + (ch.charCodeAt(0) - 48)) % 97;
      else if (ch >= 'A' && ch <= 'Z') mod = (mod * 100 + (ch.charCodeAt(0) - 55)) % 97;
      else return false;
    }
    return mod === 1;
  }

  function findIBANs(text) {
    var out = [];
    var pos = 0;
    while (pos < text.length) {
      reIBANStart.lastIndex = pos;
      var m = reIBANStart.exec(text);
      if (m === null) break;
      var s = m.index;
      pos = s + 1;
      if (isWord(chBefore(text, s))) continue;
      var n = ibanLength(text.slice(s, s + 2).toUpperCase());
      if (n === 0) continue;
      var i = s, count = 0;
      while (i < text.length && count < n) {
        if (isAlnumASCII(text.charAt(i))) { count++; i++; }
        else if (text.charAt(i) === ' ' && count >= 4 && i + 1 < text.length && isAlnumASCII(text.charAt(i + 1))) { i++; }
        else break;
      }
      if (count !== n || isWord(chAfter(text, i))) continue;
      if (validIBAN(text.slice(s, i))) {
        out.push(finding('IBAN', text, s, i));
        pos = i;
      }
    }
    return out;
  }

  // ---- BSN ----
  function validBSN(digits) {
    var d = [];
    var str = String(digits);
    for (var i = 0; i < str.length; i++) {
      var ch = str.charAt(i);
      if (ch === '.' || ch === ' ') continue;
      if (ch >= '0' && ch <= '9') d.push(ch.charCodeAt(0) - 48);
      else return false;
    }
    if (d.length === 8) d.unshift(0);
    if (d.length !== 9) return false;
    var sum = 0;
    for (var k = 0; k < 8; k++) sum += d[k] * (9 - k);
    sum -= d[8];
    return sum !== 0 && sum % 11 === 0;
  }

  function numberBoundary(text, s, e) {
    var b = chBefore(text, s), a = chAfter(text, e);
    if (isWord(b) || isWord(a) || b === '+') return false;
    if (b !== '' && ' .,-/'.indexOf(b) >= 0 && isDigit(chBefore(text, s - 1))) return false;
    if (a !== '' && '.,-/'.indexOf(a) >= 0 && isDigit(chAfter(text, e + 1))) return false;
    return true;
  }

  function prevNonSpace(text, i) {
    while (i > 0) {
      var ch = chBefore(text, i);
      if (ch !== ' ') return ch;
      i -= ch.length;
    }
    return '';
  }

  function findBSNs(text) {
    var out = [];
    allMatches(reBSN, text).forEach(function (m) {
      var s = m.index, e = s + m[0].length;
      if (!numberBoundary(text, s, e)) return;
      var p = prevNonSpace(text, s);
      if (p === '€' || p === '$' || p === '+') return;
      if (validBSN(text.slice(s, e))) out.push(finding('BSN', text, s, e));
    });
    return out;
  }

  // ---- Phone ----
  function findPhones(text) {
    var out = [];
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (c !== '+' && c !== '0' && c !== '(') continue;
      var b = chBefore(text, i);
      if (isWord(b) || b === '+') continue;
      if (b !== '' && '.,-/'.indexOf(b) >= 0 && isDigit(chBefore(text, i - 1))) continue;
      if (reDateStart.test(text.slice(i))) continue;
      if (b === ' ' && reIBANPrefix.test(text.slice(Math.max(0, i - 40), i))) continue;
      var e = parsePhone(text, i);
      if (e > 0) {
        out.push(finding('Phone', text, i, e));
        i = e - 1;
      }
    }
    return out;
  }

  function parsePhone(text, i) {
    var p = i, plus = false, digits = '', ends = [];
    function readGroup() {
      var st = p;
      while (p < text.length && isDigit(text.charAt(p)) && digits.length < 16) {
        digits += text.charAt(p);
        p++;
      }
      return p > st;
    }
    var c0 = text.charAt(p);
    if (c0 === '+') {
      plus = true;
      p++;
      if (!readGroup()) return 0;
    } else if (c0 === '(') {
      p++;
      if (!readGroup() || p >= text.length || text.charAt(p) !== ')') return 0;
      p++;
    } else {
      readGroup();
    }
    ends.push({ end: p, digits: digits });
    while (p < text.length && digits.length < 16) {
      var q = p;
      var ch = text.charAt(q);
      if (text.slice(q, q + 3) === ' - ') q += 3;
      else if (ch === ' ' || ch === '-' || ch === '.' || ch === '/') q++;
      if (text.slice(q, q + 3) === '(0)') {
        q += 3;
        if (q < text.length && text.charAt(q) === ' ') q++;
      } else if (q < text.length && text.charAt(q) === '(' && q + 1 < text.length && isDigit(text.charAt(q + 1))) {
        var r = q + 1;
        while (r < text.length && isDigit(text.charAt(r))) r++;
        if (r < text.length && text.charAt(r) === ')') {
          digits += text.slice(q + 1, r);
          p = r + 1;
          ends.push({ end: p, digits: digits });
          continue;
        }
        break;
      }
      if (q >= text.length || !isDigit(text.charAt(q))) break;
      p = q;
      readGroup();
      ends.push({ end: p, digits: digits });
    }
    for (var k = ends.length - 1; k >= 0; k--) {
      if (isWord(chAfter(text, ends[k].end))) continue;
      if (validPhone(ends[k].digits, plus)) return ends[k].end;
    }
    return 0;
  }

  function validPhone(d, plus) {
    var intl;
    if (plus) {
      intl = d;
    } else if (d.slice(0, 2) === '00') {
      intl = d.slice(2);
      if (intl.length < 9) return false;
    } else if (d.charAt(0) === '0') {
      var p4 = d.slice(0, 4);
      if (p4 === '0800' || p4 === '0900' || p4 === '0906' || p4 === '0909') return d.length === 8 || d.length === 11;
      return d.length === 10 && d.charAt(1) !== '0';
    } else {
      return false;
    }
    if (intl.slice(0, 2) === '31') {
      var nat = intl.slice(2);
      if (nat.charAt(0) === '0') nat = nat.slice(1);
      return nat.length === 9 && nat.charAt(0) !== '0';
    }
    return intl.length >= 8 && intl.length <= 15 && intl.charAt(0) !== '0';
  }

  // ---- Address ----
  function extendHouseNo(text, e) {
    var c = text.charAt(e);
    if (e < text.length && /[A-Za-z]/.test(c) && !isLetter(chAfter(text, e + 1))) return e + 1;
    if (e + 1 < text.length && c === '-') {
      var j = e + 1;
      while (j < text.length && j - e <= 4 && isAlnumASCII(text.charAt(j))) j++;
      if (j > e + 1 && !isWord(chAfter(text, j))) return j;
    }
    return e;
  }

  function findAddresses(text) {
    var out = [], streets = [];
    allMatches(reStreet, text).forEach(function (m) {
      var s = m.index, e = s + m[0].length;
      if (isLetter(chBefore(text, s)) || isDigit(chAfter(text, e)) || reUnitAfter.test(text.slice(e))) return;
      e = extendHouseNo(text, e);
      streets.push({ s: s, e: e });
      out.push(finding('PostcodeHouse', text, s, e));
    });
    allMatches(rePostcode, text).forEach(function (m) {
      var s = m.index, e = s + m[0].length;
      if (isWord(chBefore(text, s)) || isLetter(chAfter(text, e))) return;
      var letters = text.slice(e - 2, e);
      if (letters === 'SA' || letters === 'SD' || letters === 'SS') return;
      var has = false;
      var n = reNumAfter.exec(text.slice(e));
      if (n !== null && !isDigit(chAfter(text, e + n[0].length))) {
        e = extendHouseNo(text, e + n[0].length);
        has = true;
      }
      var joined = false;
      for (var k = 0; k < streets.length; k++) {
        if (streets[k].e <= s && reGap.test(text.slice(streets[k].e, s))) {
          s = streets[k].s;
          has = true;
          joined = true;
          break;
        }
      }
      if (!joined) {
        var before = text.slice(0, s);
        var nb = reNumBefore.exec(before);
        if (nb !== null && !isWord(chBefore(text, nb.index))) {
          s = nb.index;
          has = true;
        }
      }
      if (has) out.push(finding('PostcodeHouse', text, s, e));
    });
    return out;
  }

  // ---- Dates ----
  var MONTHS = { jan: 1, feb: 2, maa: 3, mar: 3, mrt: 3, apr: 4, mei: 5, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, okt: 10, oct: 10, nov: 11, dec: 12 };

  function validDate(y, m, d) {
    if (m < 1 || m > 12 || d < 1) return false;
    var days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
    if (m === 2 && (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) days = 29;
    return d <= days;
  }

  function hasBirthContext(text, s) {
    var i = s, n = 0;
    while (i > 0 && n < 40) {
      i -= chBefore(text, i).length;
      n++;
    }
    return reBirthCtx.test(text.slice(i, s));
  }

  function findDates(text, refYear) {
    var out = [];
    function consider(s, e, y, m, d, twoDigit) {
      if (isWord(chBefore(text, s)) || isWord(chAfter(text, e))) return;
      var b = chBefore(text, s);
      if ((b === '-' || b === '/' || b === '.') && isDigit(chBefore(text, s - 1))) return;
      var a = chAfter(text, e);
      if ((a === '-' || a === '/' || a === '.') && isDigit(chAfter(text, e + 1))) return;
      var ctx = hasBirthContext(text, s);
      if (twoDigit) {
        if (!ctx) return;
        y += y > refYear % 100 ? 1900 : 2000;
      }
      if (!validDate(y, m, d) || y < 1900) return;
      if ((ctx && y <= refYear) || y <= refYear - 10) out.push(finding('BirthDate', text, s, e));
    }
    allMatches(reDateNum, text).forEach(function (m) {
      var s = m.index, e = s + m[0].length, t = m[0];
      if (t.length >= 5 && t.charAt(4) === '-' && isDigit(t.charAt(2)) && isDigit(t.charAt(3))) {
        var iso = t.split('-');
        consider(s, e, parseInt(iso[0], 10), parseInt(iso[1], 10), parseInt(iso[2], 10), false);
        return;
      }
      var parts = t.split(/[\-./]/).filter(function (x) { return x !== ''; });
      if (parts.length !== 3) return;
      consider(s, e, parseInt(parts[2], 10), parseInt(parts[1], 10), parseInt(parts[0], 10), parts[2].length === 2);
    });
    allMatches(reDateText, text).forEach(function (m) {
      var mo = MONTHS[m[2].slice(0, 3).toLowerCase()] || 0;
      consider(m.index, m.index + m[0].length, parseInt(m[3], 10), mo, parseInt(m[1], 10), false);
    });
    return out;
  }

  // ---- Names ----
  function findNames(text) {
    var out = [];
    [reNameTitle, reNameInit].forEach(function (re) {
      allMatches(re, text).forEach(function (m) {
        var s = m.index, e = s + m[0].length;
        var b = chBefore(text, s);
        if (isWord(b) || b === '.' || isLetter(chAfter(text, e))) return;
        if (reNameStop.test(m[1])) return;
        out.push(finding('NameInitials', text, s, e));
      });
    });
    return out;
  }

  // ---- Resolve ----
  function resolve(cands) {
    cands.forEach(function (c, i) { c._i = i; });
    cands.sort(function (a, b) {
      var pa = KINDS.indexOf(a.kind), pb = KINDS.indexOf(b.kind);
      if (pa !== pb) return pa - pb;
      if (a.start !== b.start) return a.start - b.start;
      if (a.end !== b.end) return b.end - a.end;
      return a._i - b._i;
    });
    var out = [];
    cands.forEach(function (c) {
      if (c.end <= c.start) return;
      for (var k = 0; k < out.length; k++) {
        if (c.start < out[k].end && out[k].start < c.end) return;
      }
      out.push({ kind: c.kind, start: c.start, end: c.end, text: c.text });
    });
    out.sort(function (a, b) { return a.start - b.start; });
    return out;
  }

  function screen(text, refYear) {
    text = String(text == null ? '' : text);
    if (typeof refYear !== 'number') refYear = new Date().getFullYear();
    var cands = [].concat(
      findEmails(text), findIBANs(text), findBSNs(text), findPhones(text),
      findDates(text, refYear), findAddresses(text), findNames(text));
    return resolve(cands);
  }

  function blocking(kind) {
    return kind === 'BSN' || kind === 'Email';
  }

  var LABELS = {
    BSN: ['BSN (burgerservicenummer): haal het nummer weg.', 'BSN (citizen service number): remove the number.'],
    Email: ['E-mailadres: haal het adres weg.', 'Email address: remove it.'],
    Phone: ['Telefoonnummer: haal het nummer weg.', 'Phone number: remove the number.'],
    IBAN: ['IBAN (rekeningnummer): haal het nummer weg.', 'IBAN (bank account): remove the number.'],
    PostcodeHouse: ['Adres: noem alleen de woonplaats of regio.', 'Address: mention only the town or region.'],
    BirthDate: ['Geboortedatum of exacte datum: noem een leeftijd of jaar.', 'Date of birth or exact date: give an age or year.'],
    NameInitials: ['Naam: gebruik een rol (de cliënt) of fictieve naam.', 'Name: use a role (the client) or a pseudonym.']
  };

  function describe(kind, lang) {
    var en = lang === 'en' || (typeof lang === 'string' && lang.slice(0, 3) === 'en-');
    var l = Object.prototype.hasOwnProperty.call(LABELS, kind) ? LABELS[kind] :
      ['Mogelijk persoonsgegeven: controleer de tekst.', 'Possible personal data: check the text.'];
    return en ? l[1] : l[0];
  }

  global.KringScreen = Object.freeze({
    screen: screen,
    validBSN: validBSN,
    validIBAN: validIBAN,
    blocking: blocking,
    describe: describe,
    kinds: Object.freeze(KINDS.slice())
  });
})(typeof window !== 'undefined' ? window : this);
