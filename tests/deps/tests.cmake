# Dependency guard: the package list of scripts/setup must hold every Debian
# package whose files this build used and whose tools the tests call, or a dependency of one.
# The tools: Chromium (web/e2e), osmium and Debian's python3 (bench/peer_osmnx.py), ogr2ogr
# (fuzz seeds), ogrinfo and QGIS's Python module (tests/qgis), PostgreSQL's initdb, pg_ctl and psql
# and PostGIS's extension (the --to test), and node/npm, which come with the machine image (see the script).
set(LEEFKAART_DEPS_CHECK ${PROJECT_SOURCE_DIR}/tests/deps/check_setup_packages.sh)
set(LEEFKAART_DEPS_TOOLS --tool chromium --tool osmium --tool /usr/bin/python3 --tool ogr2ogr
    --tool ogrinfo --file /usr/lib/python3/dist-packages/qgis/core/__init__.py
    --file /usr/lib/postgresql/15/bin/initdb --file /usr/lib/postgresql/15/bin/pg_ctl --file /usr/lib/postgresql/15/bin/psql
    --file /usr/lib/postgresql/15/lib/postgis-3.so --tool node --tool npm)
add_test(NAME deps.setup_list
  COMMAND ${LEEFKAART_DEPS_CHECK} --build ${PROJECT_BINARY_DIR} ${LEEFKAART_DEPS_TOOLS})
# The check can fail: without libcpp-httplib-dev (once missing from setup, which broke a fresh
# machine at CMake) its header /usr/include/httplib.h must be reported.
add_test(NAME deps.setup_list_catches_missing_package
  COMMAND ${LEEFKAART_DEPS_CHECK} --build ${PROJECT_BINARY_DIR} ${LEEFKAART_DEPS_TOOLS}
          --without libcpp-httplib-dev --expect-uncovered)
# A missing dependency stops CMake with the Debian package to install.
add_test(NAME deps.cmake_names_debian_package
  COMMAND ${CMAKE_COMMAND} -S ${PROJECT_SOURCE_DIR}/tests/deps/missing_package
          -B ${PROJECT_BINARY_DIR}/deps-missing-package)
set_tests_properties(deps.cmake_names_debian_package PROPERTIES
  FAIL_REGULAR_EXPRESSION "not reached"
  PASS_REGULAR_EXPRESSION "NoSuchLibrary not found: install the Debian package libnosuchlibrary-dev")
