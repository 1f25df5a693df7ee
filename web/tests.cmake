# The web app's tests, run by ctest with the rest: vitest for the front-end
# logic, and the end-to-end test in Debian's Chromium on a build of the real
# data (web/e2e/run.mjs: a build of Utrecht; web/e2e/access.mjs: an access run
# on the Liechtenstein extract; web/e2e/series.mjs: the Utrecht series in
# time; web/e2e/advisor.mjs: an advisor ranking the Utrecht buurten, checked
# with axe-core; web/e2e/export.mjs: "Over deze kaart" and the composed PNG and
# print of the Utrecht build; web/e2e/report.mjs: the wijkprofiel from file://,
# printed on A4; web/e2e/register.mjs: the learning register in the Utrecht
# series, entered through the forms; web/e2e/survey.mjs: a Leefplekmeter form
# entered for a Utrecht buurt, its wheel beside the distance to green;
# web/e2e/stack.mjs: the stapelkaart of Utrecht, its classes and the panel by
# perspective; web/e2e/sorting.mjs: the sorting monitor of the Utrecht region,
# its zones and early-warning buurten with their reasons; both checked with axe-core;
# web/e2e/tiles.mjs: the Utrecht build drawn from its vector tiles, cells clicked at
# given places (?tiles=1); web.e2e.tiles_national runs it on the national build).
# scripts/setup installs and builds web/ first.
find_program(NODE node REQUIRED)
find_program(NPM npm REQUIRED)
add_test(NAME web.unit COMMAND ${NPM} --prefix ${PROJECT_SOURCE_DIR}/web run test)
add_test(NAME web.e2e
  COMMAND ${NODE} ${PROJECT_SOURCE_DIR}/web/e2e/run.mjs
          --leefkaart $<TARGET_FILE:leefkaart>
          --config ${PROJECT_SOURCE_DIR}/presets/utrecht.toml
          --web ${PROJECT_SOURCE_DIR}/web/dist
          --out ${PROJECT_BINARY_DIR}/test-output)
add_test(NAME web.e2e.access
  COMMAND ${NODE} ${PROJECT_SOURCE_DIR}/web/e2e/access.mjs
          --leefkaart $<TARGET_FILE:leefkaart>
          --web ${PROJECT_SOURCE_DIR}/web/dist
          --out ${PROJECT_BINARY_DIR}/test-output)
add_test(NAME web.e2e.series
  COMMAND ${NODE} ${PROJECT_SOURCE_DIR}/web/e2e/series.mjs
          --leefkaart $<TARGET_FILE:leefkaart>
          --config ${PROJECT_SOURCE_DIR}/presets/utrecht_reeks.toml
          --programme ${PROJECT_SOURCE_DIR}/presets/utrecht_krachtwijken.toml
          --web ${PROJECT_SOURCE_DIR}/web/dist
          --out ${PROJECT_BINARY_DIR}/test-output)
add_test(NAME web.e2e.register
  COMMAND ${NODE} ${PROJECT_SOURCE_DIR}/web/e2e/register.mjs
          --leefkaart $<TARGET_FILE:leefkaart>
          --config ${PROJECT_SOURCE_DIR}/presets/utrecht_reeks.toml
          --web ${PROJECT_SOURCE_DIR}/web/dist
          --out ${PROJECT_BINARY_DIR}/test-output)
add_test(NAME web.e2e.survey
  COMMAND ${NODE} ${PROJECT_SOURCE_DIR}/web/e2e/survey.mjs
          --leefkaart $<TARGET_FILE:leefkaart>
          --config ${PROJECT_SOURCE_DIR}/presets/utrecht.toml
          --web ${PROJECT_SOURCE_DIR}/web/dist
          --out ${PROJECT_BINARY_DIR}/test-output)
foreach(flow advisor export)
  add_test(NAME web.e2e.${flow}
    COMMAND ${NODE} ${PROJECT_SOURCE_DIR}/web/e2e/${flow}.mjs
            --leefkaart $<TARGET_FILE:leefkaart>
            --config ${PROJECT_SOURCE_DIR}/presets/utrecht.toml
            --web ${PROJECT_SOURCE_DIR}/web/dist
            --out ${PROJECT_BINARY_DIR}/test-output)
endforeach()
add_test(NAME web.e2e.report
  COMMAND ${NODE} ${PROJECT_SOURCE_DIR}/web/e2e/report.mjs
          --leefkaart $<TARGET_FILE:leefkaart>
          --config ${PROJECT_SOURCE_DIR}/presets/utrecht.toml
          --out ${PROJECT_BINARY_DIR}/test-output)
add_test(NAME web.e2e.stack
  COMMAND ${NODE} ${PROJECT_SOURCE_DIR}/web/e2e/stack.mjs
          --leefkaart $<TARGET_FILE:leefkaart>
          --config ${PROJECT_SOURCE_DIR}/presets/utrecht_stapelkaart.toml
          --web ${PROJECT_SOURCE_DIR}/web/dist
          --out ${PROJECT_BINARY_DIR}/test-output)
add_test(NAME web.e2e.sorting
  COMMAND ${NODE} ${PROJECT_SOURCE_DIR}/web/e2e/sorting.mjs
          --leefkaart $<TARGET_FILE:leefkaart>
          --config ${PROJECT_SOURCE_DIR}/presets/utrecht_regio_uitsortering.toml
          --web ${PROJECT_SOURCE_DIR}/web/dist
          --out ${PROJECT_BINARY_DIR}/test-output)
add_test(NAME web.e2e.tiles
  COMMAND ${NODE} ${PROJECT_SOURCE_DIR}/web/e2e/tiles.mjs
          --leefkaart $<TARGET_FILE:leefkaart>
          --config ${PROJECT_SOURCE_DIR}/presets/utrecht.toml
          --points "5.1214,52.0907;5.0875,52.0990;5.1400,52.0650"
          --web ${PROJECT_SOURCE_DIR}/web/dist
          --out ${PROJECT_BINARY_DIR}/test-output)
set_tests_properties(web.e2e.tiles PROPERTIES TIMEOUT 300 RUN_SERIAL TRUE)
# The national build (fixture national_build writes it) opened from its tiles; a cell clicked
# in the provinces Utrecht, Groningen and Limburg; first paint reported. No ?tiles=1: a build
# without cells GeoJSON draws its cells from the tiles by itself. Slow in headless Chromium
# (software rendering: about a minute and a half per jump, 6.5 minutes in all on an idle
# 2-core machine), hence its timeout; under a load of 12 it did not finish.
add_test(NAME web.e2e.tiles_national
  COMMAND ${NODE} ${PROJECT_SOURCE_DIR}/web/e2e/tiles.mjs
          --leefkaart $<TARGET_FILE:leefkaart>
          --build ${CMAKE_BINARY_DIR}/national
          --query "?"
          --points "5.1214,52.0907;6.5675,53.2187;5.6880,50.8489"
          --web ${PROJECT_SOURCE_DIR}/web/dist
          --out ${PROJECT_BINARY_DIR}/test-output/national)
set_tests_properties(web.e2e.tiles_national PROPERTIES TIMEOUT 1500 RUN_SERIAL TRUE FIXTURES_REQUIRED national_build LABELS national)
set_tests_properties(web.e2e web.e2e.access web.e2e.series web.e2e.register web.e2e.survey web.e2e.advisor web.e2e.export web.e2e.report
                     web.e2e.stack web.e2e.sorting PROPERTIES TIMEOUT 300 RUN_SERIAL TRUE)
