# A headless QGIS (Debian python3-qgis, offscreen) opens the GeoPackage of a
# build of the real data (Utrecht) and finds a default style for cells, buurten
# and wijken, with the indicators' Dutch labels as field aliases
# (tests/qgis/open_styled_gpkg.py). The build runs first, as a fixture.
set(LEEFKAART_QGIS_BUILD ${PROJECT_BINARY_DIR}/test-output/qgis-build)
add_test(NAME qgis.build_utrecht
  COMMAND $<TARGET_FILE:leefkaart> -q build --config ${PROJECT_SOURCE_DIR}/presets/utrecht.toml
          --out ${LEEFKAART_QGIS_BUILD})
set_tests_properties(qgis.build_utrecht PROPERTIES FIXTURES_SETUP qgis_build TIMEOUT 300)
add_test(NAME qgis.opens_styled_gpkg
  COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen
          /usr/bin/python3 ${CMAKE_CURRENT_LIST_DIR}/open_styled_gpkg.py ${LEEFKAART_QGIS_BUILD})
# The check can fail: a copy of the build whose layer_styles rows are deleted must be
# reported as a layer without a stored style.
add_test(NAME qgis.catches_missing_style
  COMMAND /bin/sh -c "rm -rf \"$1\" && cp -r \"$2\" \"$1\" && ogrinfo -q \"$1/leefkaart.gpkg\" -sql 'DELETE FROM layer_styles' && QT_QPA_PLATFORM=offscreen /usr/bin/python3 \"$3\" \"$1\"; echo \"exit status $?\""
          sh ${PROJECT_BINARY_DIR}/test-output/qgis-build-unstyled ${LEEFKAART_QGIS_BUILD}
          ${CMAKE_CURRENT_LIST_DIR}/open_styled_gpkg.py)
set_tests_properties(qgis.opens_styled_gpkg qgis.catches_missing_style PROPERTIES FIXTURES_REQUIRED qgis_build TIMEOUT 120)
set_tests_properties(qgis.catches_missing_style PROPERTIES
  PASS_REGULAR_EXPRESSION "FAIL: cells: no default style stored.*exit status 1"
  FAIL_REGULAR_EXPRESSION "open styled in QGIS")
