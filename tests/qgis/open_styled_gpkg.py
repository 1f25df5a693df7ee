#!/usr/bin/python3
"""A headless QGIS opens a build's leefkaart.gpkg styled, as an advisor would.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis/open_styled_gpkg.py BUILD_DIR

BUILD_DIR holds the output of `leefkaart build` (ctest makes it first: see
tests/qgis/tests.cmake). For the cells, buurten and wijken layers it checks that
the GeoPackage stores a default style QGIS finds, that loading it replaces QGIS's
one-colour default by the score classes in the colours of schema/build.json,
that the area layers are labelled with their names, and that indicator fields
show the indicator's Dutch label from manifest.json. Every problem is printed
as "FAIL: <layer>: ..."; the exit status is 1 if there is any.
"""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import QgsApplication, QgsVectorLayer  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
failures = []


def check(ok, layer, what):
    if not ok:
        failures.append(f"FAIL: {layer}: {what}")
        print(failures[-1], flush=True)
    return ok


def rgba(hex_colour):
    n = int(hex_colour[1:], 16)
    return ((n >> 16) & 255, (n >> 8) & 255, n & 255)


def main(build_dir):
    with open(os.path.join(REPO, "schema", "build.json"), encoding="utf-8") as f:
        schema = json.load(f)
    with open(os.path.join(build_dir, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    gpkg = os.path.join(build_dir, schema["geopackage"])
    keys = schema["indicator_keys"]
    indicators = [i for i in manifest[schema["manifest_keys"]["indicators"]] if i.get(keys["supplied"])]
    status_label = {code: labels["nl"] for code, labels in schema["status_labels"].items()}
    colours = schema["colours"]

    for key in ("cells", "buurten", "wijken"):
        name = schema["layers"][key]
        uri = f"{gpkg}|layername={name}"
        failures_before = len(failures)
        # First as QGIS shows a layer without a style: one colour for everything.
        options = QgsVectorLayer.LayerOptions()
        options.loadDefaultStyle = False
        bare = QgsVectorLayer(uri, name, "ogr", options)
        if not check(bare.isValid(), name, f"QGIS cannot open the layer in {gpkg}"):
            continue
        check(bare.renderer().type() == "singleSymbol", name, "without its style QGIS should show its single-symbol default")

        count, _ids, style_names, _descriptions, error = bare.listStylesInDatabase()
        if not check(count > 0, name, f"no default style stored in the GeoPackage's layer_styles ({error or 'no row'})"):
            continue
        check(name in style_names[:count], name, f"the stored styles {style_names[:count]} do not include '{name}'")

        message, loaded = bare.loadDefaultStyle()
        if not check(loaded, name, f"QGIS does not load the stored default style: {message}"):
            continue
        renderer = bare.renderer()
        check(renderer.type() == "RuleRenderer", name, f"after loading the style the renderer is {renderer.type()}, not the score classes")

        # The classes: every gap has its own, and score 0 is pale.
        rules = {r.label(): r for r in renderer.rootRule().children()} if renderer.type() == "RuleRenderer" else {}
        for code in (schema["status"][k] for k in ("uninhabited", "privacy", "data_missing")):
            check(status_label[code] in rules, name, f"no class '{status_label[code]}' (status {code})")
        if key == "cells":
            zero = rules.get(f"{status_label[schema['status']['scored']]} 0")
        else:
            zero = next((r for label, r in rules.items() if label.startswith("Gemiddelde score 0 tot")), None)
        if check(zero is not None, name, "no class for score 0"):
            c = zero.symbol().color()
            check((c.red(), c.green(), c.blue()) == rgba(colours["score_zero"]), name,
                  f"score 0 is drawn {c.name()}, not the pale {colours['score_zero']} of schema/build.json")

        fields = bare.fields()
        if key == "cells":
            label_patterns = [schema["cell_fields"]["flag"], schema["cell_fields"]["value"]]
        else:
            label_patterns = [schema["area_fields"]["share_flagged"], schema["area_fields"]["value"]]
            labeling = bare.labeling()
            check(bare.labelsEnabled() and labeling is not None
                  and labeling.settings().fieldName == schema["area_fields"]["name"], name,
                  f"areas are not labelled with their name field '{schema['area_fields']['name']}'")
        # The aliases: an indicator's fields read as its Dutch label, not as ind_/val_ names.
        checked = 0
        for ind in indicators:
            for pattern in label_patterns:
                field = pattern.replace("{name}", ind[keys["name"]])
                index = fields.indexOf(field)
                if not check(index >= 0, name, f"no field {field} for indicator {ind[keys['name']]}"):
                    continue
                alias = bare.attributeAlias(index)
                check(alias.startswith(ind[keys["label"]]), name,
                      f"field {field} shows as '{alias or field}', not as the label '{ind[keys['label']]}'")
                checked += 1
        check(checked > 0, name, "no indicator field to check the aliases on")
        if len(failures) == failures_before:
            print(f"ok: {name}: stored style {style_names[:count]} with {len(rules)} classes, {checked} indicator fields with "
                  "their label", flush=True)

    if failures:
        print(f"{len(failures)} problem(s) opening {gpkg} in QGIS", flush=True)
        return 1
    print(f"all layers of {gpkg} open styled in QGIS", flush=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    app = QgsApplication([], False)
    app.initQgis()
    status = main(sys.argv[1])
    app.exitQgis()
    sys.exit(status)
