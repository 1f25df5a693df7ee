#!/usr/bin/python3
"""Times leefkaart against osmnx + networkx on the same work, on the same extract.

The work: read an OpenStreetMap extract, build the walking network, and give
every cell the walking distance to the nearest facility of each category.

- leefkaart: `leefkaart access --osm EXTRACT` (reading, graph, all categories,
  counts within 1/3/5 km, writing the GeoPackage).
- peer: osmnx builds the graph from the same streets (filtered to highways with
  `osmium tags-filter`, as osmnx reads .osm XML only), then one
  networkx.multi_source_dijkstra_path_length per category from the same
  facilities that leefkaart recognised, and each cell takes the value of its
  nearest graph node.

The peer applies leefkaart's walking rules (highway types, access/foot tags)
to the osmnx graph, so both route over the same streets. Prints both times, the
ratio, and how far the two results lie apart. Remaining differences, and why:
leefkaart projects a cell (and a facility) onto the nearest street segment,
osmnx snaps both to the nearest node, which can lie on another street; leefkaart
also stops at barrier nodes (fences, locked gates) that osmnx ignores.

Runs on Debian's own Python (/usr/bin/python3), where Debian's python3-osmnx lives;
needs osmium-tool too (scripts/setup installs both).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


WALK_HIGHWAYS = {
    "footway", "path", "pedestrian", "steps", "living_street", "residential", "service", "unclassified",
    "tertiary", "tertiary_link", "secondary", "secondary_link", "primary", "primary_link", "track",
    "cycleway", "bridleway", "road", "corridor", "trunk", "trunk_link", "platform"}
DENIED = {"no", "private", "agricultural", "forestry", "delivery", "military"}
ALLOWED = {"yes", "designated", "permissive", "destination", "public", "official"}


def walkable(edge):
    if edge.get("highway") not in WALK_HIGHWAYS or edge.get("motorroad") == "yes":
        return False
    allowed = True
    for key in ("access", "foot"):  # the most specific tag decides
        if edge.get(key) in DENIED:
            allowed = False
        elif edge.get(key) in ALLOWED:
            allowed = True
    return allowed


def main():
    data = os.environ.get("LEEFKAART_DATA", os.path.join(REPO, "..", "shared", "data"))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--osm", default=os.path.join(data, "osm", "liechtenstein-latest.osm.pbf"))
    ap.add_argument("--leefkaart", default=os.path.join(REPO, "build", "leefkaart"))
    args = ap.parse_args()

    try:
        import geopandas as gpd
        import networkx as nx
        import osmnx as ox
        import pandas as pd
    except ImportError as e:
        sys.exit(f"peer_osmnx: {e}; install Debian's python3-osmnx (scripts/setup does)")

    work = tempfile.mkdtemp(prefix="leefkaart_peer_")
    out = os.path.join(work, "leefkaart")

    # --- leefkaart -------------------------------------------------------
    # The same work as the peer's: distances only (no counts within 1/3/5 km).
    t = time.perf_counter()
    subprocess.run([args.leefkaart, "-q", "access", "--no-counts", "--osm", args.osm, "--out", out], check=True)
    t_leefkaart_wall = time.perf_counter() - t
    manifest = json.load(open(os.path.join(out, "manifest.json")))
    # Reading the extract, graph, snapping and routing; the GeoPackage is written after the clock stops.
    t_leefkaart = manifest["seconds"] - manifest["seconds_writing"]
    epsg = manifest["working_crs"]
    cells = pd.read_csv(os.path.join(out, "access_cells.csv"))
    facilities = gpd.read_file(os.path.join(out, "access.gpkg"), layer="facilities")
    cats = [c["category"] for c in manifest["categories"] if c["placed"] > 0]
    # Area categories (parks) are reached at their edge by leefkaart: osmnx has no such notion; compare points only.
    cats = [c for c in cats if (facilities["category"] == c).any()]

    # --- osmnx + networkx ------------------------------------------------
    # osmnx reads .osm XML only: the streets are cut out of the same .pbf first (timed as part of reading).
    streets = os.path.join(work, "streets.osm")
    t = time.perf_counter()
    subprocess.run(["osmium", "tags-filter", "--overwrite", "-o", streets, args.osm, "w/highway"], check=True,
                   stdout=subprocess.DEVNULL)
    t_convert = time.perf_counter() - t
    t = time.perf_counter()
    ox.settings.useful_tags_way = list(set(ox.settings.useful_tags_way) | {"access", "foot", "motorroad", "highway"})
    G = ox.graph_from_xml(streets, bidirectional=True, simplify=False, retain_all=True)
    # The same walking rules as leefkaart's profile (README, "Routing model"): no motorways, no ways
    # closed to walkers by access=* unless foot=* allows them.
    drop = [(u, v, k) for u, v, k, d in G.edges(keys=True, data=True) if not walkable(d)]
    G.remove_edges_from(drop)
    G = ox.utils_graph.get_largest_component(G)
    G = ox.project_graph(G, to_crs=epsg)
    cell_nodes = ox.distance.nearest_nodes(G, cells["x"].to_numpy(), cells["y"].to_numpy())
    peer = {}
    for cat in cats:
        f = facilities[facilities["category"] == cat]
        sources = set(ox.distance.nearest_nodes(G, f.geometry.x.to_numpy(), f.geometry.y.to_numpy()))
        dist = nx.multi_source_dijkstra_path_length(G, sources, weight="length")
        peer[cat] = [dist.get(n) for n in cell_nodes]
    t_peer = time.perf_counter() - t + t_convert

    # --- compare ---------------------------------------------------------
    print(f"extract: {args.osm}")
    print(f"cells: {len(cells)}, categories compared: {', '.join(cats)}")
    worst = (0.0, None, None)
    for cat in cats:
        ours = cells[f"dist_{cat}_m"].to_numpy()
        diffs = [abs(o - p) for o, p in zip(ours, peer[cat]) if p is not None and o == o]
        if not diffs:
            continue
        d_max = max(diffs)
        if d_max > worst[0]:
            worst = (d_max, cat, diffs.index(d_max))
        print(f"  {cat:13s} median |difference| {statistics.median(diffs):7.1f} m, "
              f"95th percentile {sorted(diffs)[int(0.95 * (len(diffs) - 1))]:7.1f} m, largest {d_max:8.1f} m")
    print(f"leefkaart: read .pbf, graph, snapping, {len(manifest['categories'])} categories: {t_leefkaart:.2f} s "
          f"(whole command with GeoPackage output {t_leefkaart_wall:.2f} s)")
    print(f"osmnx + networkx: osmium to .osm {t_convert:.2f} s, graph, snapping, {len(cats)} categories: {t_peer:.2f} s")
    print(f"ratio on the same work: leefkaart is {t_peer / t_leefkaart:.0f}x faster "
          f"({t_peer / t_leefkaart_wall:.0f}x counting its GeoPackage output too)")
    if worst[1]:
        print(f"largest difference: {worst[0]:.1f} m ({worst[1]}, cell {cells['cell_id'][worst[2]]})")


if __name__ == "__main__":
    main()
