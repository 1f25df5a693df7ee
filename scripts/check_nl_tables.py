#!/usr/bin/env python3
"""Check presets/nl/gemeenten_provincies_2025.csv and herindelingen_2019_2025.csv
against the national files in the data folder (run by hand: python3 scripts/check_nl_tables.py [DATA]).

Checks: every 2025 gemeente of the kwb file once with its exact name; CBS counts per province;
the herindelingen cover exactly the 2019 codes missing in 2025 and the 2025 codes without a 2019
polygon; old names equal the GGD 2020 table; and geography: in the 2019 buurt polygons (shared
TopoJSON arcs = neighbours) each province's gemeenten form one connected region and every gemeente
borders its own province.
"""
import csv, json, os, sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('LEEFKAART_DATA', os.path.join(ROOT, '..', 'shared', 'data'))
PROV = os.path.join(ROOT, 'presets', 'nl', 'gemeenten_provincies_2025.csv')
HER = os.path.join(ROOT, 'presets', 'nl', 'herindelingen_2019_2025.csv')
CBS_COUNTS = {'PV20': 10, 'PV21': 18, 'PV22': 12, 'PV23': 25, 'PV24': 6, 'PV25': 51, 'PV26': 26,
              'PV27': 44, 'PV28': 50, 'PV29': 13, 'PV30': 56, 'PV31': 31}
problems = []

def fail(msg):
    problems.append(msg)
    print('FOUT:', msg)

# --- 2025 gemeenten from kwb
kwb = {}
for r in csv.DictReader(open(os.path.join(DATA, 'cbs', 'nl_kwb_2025_buurten.csv'), encoding='utf-8')):
    kwb.setdefault('GM' + r['gm_code'], set()).add(r['gemeente'])
for c, n in kwb.items():
    if len(n) != 1:
        fail(f'{c} has several names in kwb: {n}')
kwb = {c: next(iter(n)) for c, n in kwb.items()}

# --- province table
rows = list(csv.DictReader(open(PROV, encoding='utf-8')))
prov = {}
pname = {}
for i, r in enumerate(rows, start=2):
    c = r['gemeentecode']
    if c in prov:
        fail(f'{PROV}:{i}: {c} twice')
    prov[c] = r['provinciecode']
    if pname.setdefault(r['provinciecode'], r['provincienaam']) != r['provincienaam']:
        fail(f'{PROV}:{i}: province name differs for {r["provinciecode"]}')
    if kwb.get(c) != r['gemeentenaam']:
        fail(f'{PROV}:{i}: {c} name {r["gemeentenaam"]!r} != kwb {kwb.get(c)!r}')
if set(prov) != set(kwb):
    fail(f'codes differ from kwb: {sorted(set(prov) ^ set(kwb))}')
counts = defaultdict(int)
for p in prov.values():
    counts[p] += 1
for p, n in sorted(CBS_COUNTS.items()):
    print(f'{p} {pname.get(p, "?"):14s} {counts.get(p, 0):3d} (CBS {n})')
    if counts.get(p, 0) != n:
        fail(f'{p}: {counts.get(p, 0)} gemeenten, CBS says {n}')
print('total', len(prov), '(CBS 342)')

# --- 2019 polygons: decode TopoJSON arcs
topo = json.load(open(os.path.join(DATA, 'boundaries', 'nl_buurten_2019_coarse_wgs84.topojson'), encoding='utf-8'))
sx, sy = topo['transform']['scale']
tx, ty = topo['transform']['translate']
arcs = []
for a in topo['arcs']:
    x = y = 0
    pts = []
    for dx, dy in a:
        x += dx; y += dy
        pts.append((x * sx + tx, y * sy + ty))
    arcs.append(pts)

def ring(idx):
    pts = []
    for k in idx:
        seg = arcs[k] if k >= 0 else arcs[~k][::-1]
        pts.extend(seg if not pts else seg[1:])
    return pts

gm19_area = defaultdict(float)
gm19_cx = defaultdict(float)
gm19_cy = defaultdict(float)
arc_owner = defaultdict(set)
def arc_len(k):
    pts = arcs[k]
    return sum(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5 for (x0, y0), (x1, y1) in zip(pts, pts[1:]))
for g in topo['objects']['buurten']['geometries']:
    code = g['properties']['statcode']
    gm = 'GM' + code[2:6]
    polys = g['arcs'] if g['type'] == 'MultiPolygon' else [g['arcs']] if g['type'] == 'Polygon' else []
    for poly in polys:
        for j, rg in enumerate(poly):
            for k in rg:
                arc_owner[k if k >= 0 else ~k].add(gm)
            pts = ring(rg)
            a = cx = cy = 0.0
            for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]):
                cr = x0 * y1 - x1 * y0
                a += cr; cx += (x0 + x1) * cr; cy += (y0 + y1) * cr
            gm19_area[gm] += a / 2
            gm19_cx[gm] += cx / 6
            gm19_cy[gm] += cy / 6
gm19 = set(gm19_area)
print('2019 gemeenten in TopoJSON:', len(gm19))

# --- herindelingen
her = list(csv.DictReader(open(HER, encoding='utf-8')))
ggd = {}
for r in csv.DictReader(open(os.path.join(DATA, 'rivm', 'gezondheid_wijk_buurt', 'gezondheid_wijk_buurt_2020_18plus.csv'), encoding='utf-8')):
    if r['SoortRegio_2'].strip() == 'Gemeente':
        ggd[r['WijkenEnBuurten'].strip()] = r['Gemeentenaam_1'].strip()
succ = defaultdict(set)
for i, r in enumerate(her, start=2):
    o, n = r['oude_gemeentecode'], r['nieuwe_gemeentecode']
    succ[o].add(n)
    if ggd.get(o) != r['oude_gemeentenaam']:
        fail(f'{HER}:{i}: {o} name {r["oude_gemeentenaam"]!r} != GGD 2020 {ggd.get(o)!r}')
    if kwb.get(n) != r['nieuwe_gemeentenaam']:
        fail(f'{HER}:{i}: {n} name {r["nieuwe_gemeentenaam"]!r} != kwb {kwb.get(n)!r}')
    if o in kwb:
        fail(f'{HER}:{i}: old code {o} still exists in 2025')
    if o not in gm19:
        fail(f'{HER}:{i}: old code {o} has no 2019 polygon')
gone = gm19 - set(kwb)
if gone != set(succ):
    fail(f'2019 codes gone in 2025 {sorted(gone)} != herindelingen {sorted(succ)}')
new = set(kwb) - gm19
covered = {n for s in succ.values() for n in s}
if not new <= covered:
    fail(f'2025 codes without 2019 polygon and no herindeling row: {sorted(new - covered)}')
print(f'herindelingen: {len(her)} rows, {len(succ)} old codes, {len(gone)} 2019 codes gone, {len(new)} new 2025 codes')

# --- geography: province of each 2019 gemeente via identity or its successors
def prov19(gm):
    ps = {prov[s] for s in (succ[gm] if gm in succ else {gm})}
    if len(ps) != 1:
        fail(f'{gm}: successors in several provinces {ps}')
    return ps.pop()
p19 = {gm: prov19(gm) for gm in gm19}
nb = defaultdict(set)
shared = defaultdict(lambda: defaultdict(float))  # gemeente -> province -> boundary length with it
for k, owners in arc_owner.items():
    for a in owners:
        nb[a] |= owners - {a}
        for b in owners - {a}:
            shared[a][p19[b]] += arc_len(k)
name19 = dict(ggd)
for gm in sorted(gm19):
    same = [n for n in nb[gm] if p19[n] == p19[gm]]
    if nb[gm] and not same:
        fail(f'{gm} {name19.get(gm, "")} ({p19[gm]}) borders no gemeente of its own province; neighbours '
             + ', '.join(f'{n} {p19[n]}' for n in sorted(nb[gm])))
    if not nb[gm]:
        print(f'note: {gm} {name19.get(gm, "")} ({p19[gm]}) has no land neighbour in the coarse polygons')
# Border gemeenten: less than half of the boundary with other gemeenten is with their own
# province. Not an error by itself (Eemnes, Zeewolde, Vijfheerenlanden …), listed to look at.
for gm in sorted(gm19):
    tot = sum(shared[gm].values())
    own = shared[gm].get(p19[gm], 0.0)
    if tot and own / tot < 0.5:
        other = max((q for q in shared[gm] if q != p19[gm]), key=lambda q: shared[gm][q])
        print(f'border: {gm} {name19.get(gm, "")} ({pname[p19[gm]]}): {100 * own / tot:.0f} % of its '
              f'inner boundary with its own province, most with {pname[other]}')
for p in sorted(CBS_COUNTS):
    members = {g for g in gm19 if p19[g] == p}
    seen, todo, comps = set(), list(members), []
    for start in list(members):
        if start in seen:
            continue
        comp, stack = set(), [start]
        while stack:
            g = stack.pop()
            if g in comp:
                continue
            comp.add(g)
            stack.extend(n for n in nb[g] if n in members and n not in comp)
        seen |= comp
        comps.append(comp)
    comps.sort(key=len, reverse=True)
    xs = [gm19_cx[g] / gm19_area[g] for g in members]
    ys = [gm19_cy[g] / gm19_area[g] for g in members]
    print(f'{p} {pname[p]:14s} {len(members):3d} gemeenten 2019, {len(comps)} connected part(s), '
          f'centroids lon {min(xs):.2f}–{max(xs):.2f} lat {min(ys):.2f}–{max(ys):.2f}')
    for c in comps[1:]:
        print('   separate part:', ', '.join(f'{g} {name19.get(g, "")}' for g in sorted(c)))

print('OK' if not problems else f'{len(problems)} problem(s)')
sys.exit(1 if problems else 0)
