// The HTML report's own style and script, inlined into the page. The script reads the page data
// (#buildctx-data), places the precomputed treemap rectangles, and handles zoom, selection and
// finding highlights. Every text from the data is set with textContent, never parsed as HTML.
// (Kept free of backticks, "${" and backslashes: it lives in a template literal.)

export const HTML_STYLE = `
:root { --copied: #4e79a7; --unused: #f28e2b; --sent: #76b7b2; --excluded: #bab0ac; --finding: #d62728; --added: #1a8f1a; --grown: #7b2ff7; --shrunk: #333; --removed: #333; font: 14px/1.4 system-ui, sans-serif; color: #222; }
body { margin: 0; }
header { padding: 8px 16px; border-bottom: 1px solid #ddd; }
header h1 { font-size: 16px; margin: 0; word-break: break-all; }
header p { margin: 2px 0 0; color: #555; }
main { display: flex; gap: 16px; padding: 8px 16px; align-items: flex-start; }
.mapcol { flex: 1 1 auto; min-width: 0; }
aside { flex: 0 0 380px; max-height: calc(100vh - 80px); overflow: auto; }
#crumbs { margin-bottom: 4px; }
#crumbs button { border: 0; background: none; color: #1f5fa8; cursor: pointer; padding: 0 2px; font: inherit; }
#crumbs button:disabled { color: #222; cursor: default; }
#map { position: relative; width: 100%; height: calc(100vh - 150px); min-height: 320px; background: #f6f6f6; overflow: hidden; }
.box { position: absolute; box-sizing: border-box; border: 1px solid rgba(255,255,255,.8); overflow: hidden; cursor: pointer; }
.box.top { border: 2px solid #fff; }
.box.s0 { background: var(--copied); } .box.s1 { background: var(--unused); } .box.s2 { background: var(--sent); }
.box.s3 { background: repeating-linear-gradient(45deg, #d5d0cc 0 4px, var(--excluded) 4px 8px); }
.box.agg { opacity: .75; }
.box.finding { box-shadow: inset 0 0 0 2px var(--finding); }
.box.g-added { border: 3px solid var(--added); }
.box.g-grown { border: 3px solid var(--grown); }
.box.g-shrunk { border: 3px dashed var(--shrunk); }
.box.g-removed { border: 3px dotted var(--removed); }
.badge { display: inline-block; padding: 0 4px; border-radius: 3px; color: #fff; font-size: 11px; line-height: 15px; white-space: nowrap; }
.box > .badge { position: absolute; right: 2px; top: 1px; z-index: 1; pointer-events: none; }
.b-added { background: var(--added); } .b-grown { background: var(--grown); } .b-shrunk, .b-removed { background: var(--shrunk); }
#growth { padding-left: 20px; margin: 6px 0 0; max-height: 260px; overflow: auto; }
#growth li { cursor: pointer; margin-bottom: 3px; font-size: 13px; }
#growth li.active { background: #ece4fd; }
#growth .sides { color: #555; }
.box.hl { box-shadow: inset 0 0 0 4px var(--finding); z-index: 2; }
.box.sel { outline: 3px solid #222; outline-offset: -3px; z-index: 3; }
.label { position: absolute; left: 3px; top: 1px; right: 3px; line-height: 16px; color: #fff; font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; text-shadow: 0 0 2px rgba(0,0,0,.7); pointer-events: none; }
#legend { margin-top: 6px; display: flex; flex-wrap: wrap; gap: 12px; font-size: 13px; }
#legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -2px; }
h2 { font-size: 15px; margin: 14px 0 6px; }
h2 .count { font-weight: normal; color: #555; font-size: 13px; }
table.summary { border-collapse: collapse; width: 100%; }
table.summary th { text-align: left; font-weight: normal; color: #555; padding: 1px 8px 1px 0; white-space: nowrap; vertical-align: top; }
table.summary td { padding: 1px 0; word-break: break-word; }
#findings { padding-left: 20px; margin: 0; }
#findings li { margin-bottom: 8px; cursor: pointer; }
#findings li.active { background: #fde8e8; }
#findings .sev { font-weight: 600; }
#findings .sev.error { color: #c00; } #findings .sev.warning { color: #b06000; } #findings .sev.info { color: #1f5fa8; }
#findings .msg { color: #333; font-size: 13px; word-break: break-word; }
#findings .where, code { font-family: ui-monospace, monospace; font-size: 12px; word-break: break-all; }
#fixes pre { background: #f3f3f3; padding: 6px; white-space: pre-wrap; word-break: break-all; }
#details { background: #fafafa; border: 1px solid #e3e3e3; padding: 6px 8px; overflow-wrap: anywhere; }
#details ul { padding-left: 18px; }
#details .path { font-family: ui-monospace, monospace; word-break: break-all; font-weight: 600; }
.hint { color: #666; margin: 0; }
ul.kinds { padding-left: 20px; }
`;

export const HTML_CLIENT_SCRIPT = `
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('buildctx-data').textContent);
  var STATUS = ['copied', 'unused', 'sent', 'excluded'];
  var STATUS_TEXT = {
    copied: 'sent and copied into the image',
    unused: 'sent but never copied into an image',
    sent: 'sent to the builder',
    excluded: 'kept out by the ignore file'
  };
  var MAX_BOXES = 3000;
  var MAX_LEVELS = 4;
  var MIN_AREA = 6;
  var map = document.getElementById('map');
  var crumbs = document.getElementById('crumbs');
  var details = document.getElementById('details');

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function fmtBytes(n) {
    var units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
    var u = 0;
    while (n >= 1000 && u < units.length - 1) { n /= 1000; u++; }
    return Number(n.toPrecision(4)) + units[u];
  }
  function fmtCount(n) { return n.toLocaleString('en-US'); }

  var t = data.tree;
  var n = t ? t.parent.length : 0;
  var children = [];
  var depth = new Int32Array(n);
  var x0 = new Float64Array(n), y0 = new Float64Array(n), x1 = new Float64Array(n), y1 = new Float64Array(n);
  var paths = [];
  var isOther = new Uint8Array(n);
  var byPath = new Map();
  for (var i = 0; i < n; i++) {
    children.push([]);
    var p = t.parent[i];
    var r = t.rect;
    var s = t.scale;
    if (p < 0) {
      x0[i] = 0; y0[i] = 0; x1[i] = t.width; y1[i] = t.height; depth[i] = 0; paths.push('');
    } else {
      children[p].push(i);
      var w = x1[p] - x0[p], h = y1[p] - y0[p];
      x0[i] = x0[p] + (r[4 * i] / s) * w; y0[i] = y0[p] + (r[4 * i + 1] / s) * h;
      x1[i] = x0[p] + (r[4 * i + 2] / s) * w; y1[i] = y0[p] + (r[4 * i + 3] / s) * h;
      depth[i] = depth[p] + 1;
      paths.push(paths[p] === '' ? t.name[i] : paths[p] + '/' + t.name[i]);
    }
  }
  if (t) for (var k = 0; k < t.other.length; k++) { isOther[t.other[k]] = 1; paths[t.other[k]] = paths[t.parent[t.other[k]]]; }
  for (var j = 0; j < n; j++) if (!isOther[j]) byPath.set(paths[j], j);

  /** The drawn node standing for a path: itself, or its nearest ancestor in the tree. */
  function nodeFor(path) {
    var q = path;
    for (;;) {
      if (byPath.has(q)) return byPath.get(q);
      var slash = q.lastIndexOf('/');
      if (slash < 0) return byPath.has('') ? 0 : -1;
      q = q.slice(0, slash);
    }
  }
  function isAncestor(a, b) {
    while (b >= 0) { if (a === b) return true; b = t.parent[b]; }
    return false;
  }

  var findingNodes = data.findings.map(function (f) {
    var nodes = [];
    f.paths.forEach(function (p) { var i = nodeFor(p); if (i > 0 && nodes.indexOf(i) < 0) nodes.push(i); });
    return nodes;
  });
  var findingsAt = new Map();
  findingNodes.forEach(function (nodes, fi) {
    nodes.forEach(function (i) { if (!findingsAt.has(i)) findingsAt.set(i, []); findingsAt.get(i).push(fi); });
  });

  // Growth since the baseline: each change marks the box of its path (or of the nearest
  // ancestor the aggregated tree drew); a removed path has no box and is told by its parent's.
  var growth = data.growth || [];
  var changeAt = new Map();
  var removedAt = new Map();
  function addTo(m, key, v) { if (!m.has(key)) m.set(key, []); m.get(key).push(v); }
  function parentPath(p) { var slash = p.lastIndexOf('/'); return slash < 0 ? '' : p.slice(0, slash); }
  function changeNode(c) { return nodeFor(c.status === 'removed' ? parentPath(c.path) : c.path); }
  growth.forEach(function (c, ci) {
    var node = changeNode(c);
    if (node < 0) return;
    addTo(c.status === 'removed' ? removedAt : changeAt, node, ci);
  });
  var STATUS_MARK = { added: 'added since the baseline', grown: 'grown since the baseline', shrunk: 'shrunk since the baseline', removed: 'holds paths removed since the baseline (see its details)' };
  function signed(d) { return (d > 0 ? '+' : d < 0 ? '-' : '') + fmtBytes(Math.abs(d)); }
  /** The growth mark of a box standing for nodes 'marks': its largest change, else 'removed' below it. */
  function growthOf(marks) {
    var best = null;
    marks.forEach(function (m) {
      (changeAt.get(m) || []).forEach(function (ci) { if (best === null || Math.abs(growth[ci].delta) > Math.abs(best.delta)) best = growth[ci]; });
    });
    // A change the aggregated map has no box for marks the box holding it: say it is below.
    if (best) {
      var exact = marks.some(function (m) { return paths[m] === best.path; });
      return { status: best.status, text: best.status + (exact ? ' ' : ' below ') + signed(best.delta) };
    }
    var gone = 0, any = false;
    marks.forEach(function (m) { (removedAt.get(m) || []).forEach(function (ci) { any = true; gone += growth[ci].delta; }); });
    return any ? { status: 'removed', text: 'removed ' + signed(gone) } : null;
  }

  var zoom = 0, selected = -1, highlighted = [];

  function nameOf(i) { return i === 0 ? (data.context.split('/').pop() || data.context) : t.name[i]; }

  /** A directory whose only child is a directory of the same size is drawn as that child, named by the chain. */
  function chainEnd(i) {
    var label = t.name[i];
    while (children[i].length === 1 && children[children[i][0]].length && t.bytes[children[i][0]] === t.bytes[i]) {
      i = children[i][0];
      label += '/' + t.name[i];
    }
    return { node: i, label: label };
  }

  var drawn = 0;
  /** Draws node i (its layout rectangle mapped onto the screen box bx0..by1) inside parentEl, then its children inside it. */
  function draw(i, parentEl, bx0, by0, bx1, by1, level) {
    var w = bx1 - bx0, h = by1 - by0;
    if (w * h < MIN_AREA || drawn >= MAX_BOXES) return;
    var chain = chainEnd(i);
    var shown = chain.node;
    var box = el('div', 'box s' + t.status[shown] + (level === 1 ? ' top' : '') + (isOther[i] ? ' agg' : ''));
    box.style.left = bx0 + 'px';
    box.style.top = by0 + 'px';
    box.style.width = w + 'px';
    box.style.height = h + 'px';
    box.dataset.node = String(i);
    box.dataset.path = isOther[i] ? '' : paths[i];
    box.title = (isOther[i] ? paths[i] + '/' + t.name[i] : paths[shown]) + ' — ' + fmtBytes(t.bytes[i]);
    var marks = [i, shown];
    if (marks.some(function (m) { return findingsAt.has(m); })) box.classList.add('finding');
    var g = growth.length ? growthOf(shown === i ? [i] : marks) : null;
    if (g) box.classList.add('g-' + g.status);
    if (marks.some(function (m) { return highlighted.indexOf(m) >= 0; })) box.classList.add('hl');
    if (marks.indexOf(selected) >= 0) box.classList.add('sel');
    var hasLabel = w > 44 && h > 18;
    if (hasLabel) box.appendChild(el('span', 'label', chain.label + ' ' + fmtBytes(t.bytes[i])));
    if (g && w > 70 && h > 34) box.appendChild(el('span', 'badge b-' + g.status, g.text));
    parentEl.appendChild(box);
    drawn++;
    var kids = children[shown];
    if (!kids.length || level >= MAX_LEVELS) return;
    // Children fill the box below its label strip, so every level stays visible and clickable.
    var top = hasLabel ? 18 : 2;
    var iw = w - 4, ih = h - top - 2;
    if (iw < 4 || ih < 4) return;
    var lw = x1[shown] - x0[shown], lh = y1[shown] - y0[shown];
    if (lw <= 0 || lh <= 0) return;
    for (var k = 0; k < kids.length; k++) {
      var c = kids[k];
      draw(c, box,
        1 + ((x0[c] - x0[shown]) / lw) * iw, top - 1 + ((y0[c] - y0[shown]) / lh) * ih,
        1 + ((x1[c] - x0[shown]) / lw) * iw, top - 1 + ((y1[c] - y0[shown]) / lh) * ih, level + 1);
    }
  }

  function render() {
    map.textContent = '';
    crumbs.textContent = '';
    if (!t) { map.appendChild(el('p', 'hint', 'No tree in this report.')); return; }
    var chain = [];
    for (var c = zoom; c >= 0; c = t.parent[c]) chain.unshift(c);
    chain.forEach(function (ci, idx) {
      var b = el('button', null, nameOf(ci) + (children[ci].length ? '/' : ''));
      b.disabled = idx === chain.length - 1;
      b.addEventListener('click', function () { zoomTo(ci); });
      crumbs.appendChild(b);
      if (idx < chain.length - 1) crumbs.appendChild(document.createTextNode(' › '));
    });
    var cw = map.clientWidth, ch = map.clientHeight;
    var zw = x1[zoom] - x0[zoom], zh = y1[zoom] - y0[zoom];
    if (zw <= 0 || zh <= 0) { map.appendChild(el('p', 'hint', 'Nothing sent here (0 bytes).')); return; }
    // The zoomed box keeps its shape: scaled to fit, centred.
    var scale = Math.min(cw / zw, ch / zh);
    var ox = (cw - zw * scale) / 2, oy = (ch - zh * scale) / 2;
    drawn = 0;
    var kids = children[zoom];
    for (var k = 0; k < kids.length; k++) {
      var i = kids[k];
      draw(i, map, ox + (x0[i] - x0[zoom]) * scale, oy + (y0[i] - y0[zoom]) * scale, ox + (x1[i] - x0[zoom]) * scale, oy + (y1[i] - y0[zoom]) * scale, 1);
    }
  }

  function zoomTo(i) { zoom = i; render(); }

  function why(i) {
    var st = STATUS[Number(t.status[i])];
    if (st === 'excluded') {
      var line = t.line[i];
      return 'Kept out by ' + (data.ignoreFile || 'the ignore file') + (line ? ' line ' + line : '') + '.';
    }
    var base = 'Sent: no line of ' + (data.ignoreFile || 'an ignore file') + ' keeps it out';
    if (st === 'unused') return base + '; no COPY, ADD or RUN --mount of the target reads it.';
    if (st === 'copied') return base + '; a COPY, ADD or RUN --mount of the target reads it.';
    return base + '.';
  }

  function select(i) {
    selected = i;
    details.textContent = '';
    details.appendChild(el('div', 'path', (isOther[i] ? paths[i] + '/' + t.name[i] : paths[i]) || nameOf(0)));
    var facts = fmtBytes(t.bytes[i]) + ' in ' + fmtCount(t.files[i]) + (t.files[i] === 1 ? ' file' : ' files');
    if (i > 0 && t.bytes[0] > 0) facts += ' (' + (100 * t.bytes[i] / t.bytes[0]).toFixed(1) + '% of the context)';
    details.appendChild(el('div', null, facts));
    var st = STATUS[Number(t.status[i])];
    details.appendChild(el('div', null, (children[i].length ? 'Mostly ' : '') + STATUS_TEXT[st] + '. ' + why(i)));
    if (growth.length) growthDetails(i);
    var fs = [];
    findingsAt.forEach(function (list, node) { if (isAncestor(i, node) || isAncestor(node, i)) list.forEach(function (fi) { if (fs.indexOf(fi) < 0) fs.push(fi); }); });
    if (fs.length) {
      var ul = el('ul');
      fs.forEach(function (fi) { var f = data.findings[fi]; ul.appendChild(el('li', null, f.severity + ' ' + f.check + ': ' + f.message)); });
      details.appendChild(ul);
    }
    render();
  }

  /** The detail lines about the baseline: this path's bytes then and now, and what changed below it. */
  function growthDetails(i) {
    var nodes = chainEnd(i).node === i ? [i] : [i, chainEnd(i).node];
    var here = paths[nodes[nodes.length - 1]];
    var own = [], below = [], gone = [];
    growth.forEach(function (c, ci) {
      if (c.status === 'removed') { if (nodes.indexOf(changeNode(c)) >= 0) gone.push(c); return; }
      if (c.path === here || c.path === paths[i]) own.push(c);
      else if (here === '' || c.path.indexOf(here + '/') === 0) below.push(c);
      else if (nodes.indexOf(changeNode(c)) >= 0) below.push(c);
    });
    own.forEach(function (c) {
      details.appendChild(el('div', 'since', 'Since the baseline: ' + fmtBytes(c.before) + ' then, ' + fmtBytes(c.after) + ' now (' + signed(c.delta) + ', ' + c.status + (c.filesDelta ? ', ' + (c.filesDelta > 0 ? '+' : '') + fmtCount(c.filesDelta) + ' files' : '') + ').'));
    });
    function listOf(title, list, text) {
      if (!list.length) return;
      details.appendChild(el('div', null, title));
      var ul = el('ul', 'since');
      list.slice(0, 10).forEach(function (c) { ul.appendChild(el('li', null, text(c))); });
      if (list.length > 10) ul.appendChild(el('li', null, 'and ' + (list.length - 10) + ' more'));
      details.appendChild(ul);
    }
    listOf('Changed below since the baseline:', below, function (c) { return c.path + (c.type === 'dir' ? '/' : '') + ' ' + signed(c.delta) + ' (' + c.status + ', ' + fmtBytes(c.before) + ' then)'; });
    listOf('Removed since the baseline:', gone, function (c) { return c.path + (c.type === 'dir' ? '/' : '') + ' (' + fmtBytes(c.before) + ' then)'; });
  }

  function onMapClick(ev) {
    var target = ev.target.closest ? ev.target.closest('.box') : null;
    if (!target) return;
    var i = Number(target.dataset.node);
    var top = i;
    while (t.parent[top] !== zoom && t.parent[top] >= 0) top = t.parent[top];
    top = chainEnd(top).node;
    if (children[top].length && top !== zoom) zoom = top;
    select(chainEnd(i).node);
  }
  map.addEventListener('click', onMapClick);

  var list = document.getElementById('findings');
  data.findings.forEach(function (f, fi) {
    var li = el('li');
    li.dataset.finding = String(fi);
    li.appendChild(el('span', 'sev ' + f.severity, f.severity));
    li.appendChild(document.createTextNode(' '));
    var a = el('a', null, f.check);
    a.href = f.docs;
    a.target = '_blank';
    a.rel = 'noopener';
    li.appendChild(a);
    if (f.isNew === true) li.appendChild(document.createTextNode(' (new)'));
    li.appendChild(document.createTextNode(' '));
    li.appendChild(el('span', 'where', f.path + (f.line !== null ? ':' + f.line : '')));
    li.appendChild(el('div', 'msg', f.message));
    if (f.ignoreLines.length) li.appendChild(el('div', 'msg', 'Fix: add to ' + (data.ignoreFile || '.dockerignore') + ': ' + f.ignoreLines.join('  ')));
    if (f.dockerfileFix) li.appendChild(el('div', 'msg', 'In the Dockerfile: ' + f.dockerfileFix));
    li.addEventListener('click', function (ev) {
      if (ev.target.tagName === 'A') return;
      Array.prototype.forEach.call(list.children, function (c) { c.classList.toggle('active', c === li); });
      highlighted = findingNodes[fi].slice();
      if (highlighted.length) {
        var common = highlighted[0];
        highlighted.forEach(function (h) { while (!isAncestor(common, h)) common = t.parent[common]; });
        var z = common;
        if (highlighted.length === 1 && t.parent[z] >= 0) z = t.parent[z];
        zoom = z;
        select(highlighted[0]);
      } else render();
    });
    list.appendChild(li);
  });

  var fixes = [];
  var dfix = [];
  data.findings.forEach(function (f) {
    f.ignoreLines.forEach(function (l) { if (fixes.indexOf(l) < 0) fixes.push(l); });
    if (f.dockerfileFix && dfix.indexOf(f.dockerfileFix) < 0) dfix.push(f.dockerfileFix);
  });
  var fixBox = document.getElementById('fixes');
  if (fixes.length) {
    fixBox.appendChild(el('h2', null, 'Fix: add ' + fixes.length + (fixes.length === 1 ? ' line' : ' lines') + ' to ' + (data.ignoreFile || '.dockerignore') + ' (buildctx fix --write)'));
    fixBox.appendChild(el('pre', null, fixes.join(String.fromCharCode(10))));
  }
  dfix.forEach(function (d) { fixBox.appendChild(el('p', null, 'In the Dockerfile: ' + d)); });

  var growthList = document.getElementById('growth');
  if (growthList) Array.prototype.forEach.call(growthList.children, function (li) {
    li.addEventListener('click', function () {
      Array.prototype.forEach.call(growthList.children, function (c) { c.classList.toggle('active', c === li); });
      var node = t ? changeNode(growth[Number(li.dataset.change)]) : -1;
      if (node < 0) return;
      highlighted = [node];
      zoom = node > 0 && t.parent[node] >= 0 ? t.parent[node] : 0;
      select(node);
    });
  });

  var legend = document.getElementById('legend');
  var totals = [0, 0, 0, 0];
  if (t) for (var q = 0; q < n; q++) if (!children[q].length) totals[Number(t.status[q])] += t.bytes[q];
  STATUS.forEach(function (st, si) {
    if (!totals[si]) return;
    var item = el('span');
    var sw = el('i', 'box s' + si);
    sw.style.position = 'static';
    item.appendChild(sw);
    item.appendChild(document.createTextNode(STATUS_TEXT[st] + ' (' + fmtBytes(totals[si]) + ')'));
    legend.appendChild(item);
  });
  if (findingsAt.size) {
    var fl = el('span');
    var fsw = el('i');
    fsw.style.boxShadow = 'inset 0 0 0 2px var(--finding)';
    fl.appendChild(fsw);
    fl.appendChild(document.createTextNode('has a finding'));
    legend.appendChild(fl);
  }

  var marked = { added: 0, grown: 0, shrunk: 0, removed: 0 };
  growth.forEach(function (c) { marked[c.status]++; });
  Object.keys(marked).forEach(function (st) {
    if (!marked[st]) return;
    var gl = el('span', 'glegend');
    var gsw = el('i', 'box g-' + st);
    gsw.style.position = 'static';
    gl.appendChild(gsw);
    gl.appendChild(document.createTextNode(STATUS_MARK[st] + ' (' + marked[st] + ')'));
    legend.appendChild(gl);
  });

  var pending = 0;
  window.addEventListener('resize', function () { cancelAnimationFrame(pending); pending = requestAnimationFrame(render); });
  render();
  document.body.dataset.ready = 'true';
})();
`;
