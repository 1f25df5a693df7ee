# Finding dependencies so that a missing one says which Debian package to
# install, instead of CMake's generic "Could not find a package configuration
# file". scripts/setup lists and installs them all.

function(leefkaart_missing_dependency what debian_package)
  message(FATAL_ERROR "${what} not found: install the Debian package ${debian_package} "
                      "(scripts/setup does this)")
endfunction()

# leefkaart_find_package(<debian package> <find_package arguments without REQUIRED>)
# A macro, so the package's variables land in the caller's scope as with find_package.
macro(leefkaart_find_package debian_package package_name)
  find_package(${package_name} ${ARGN} QUIET)
  if(NOT ${package_name}_FOUND)
    leefkaart_missing_dependency("${package_name}" "${debian_package}")
  endif()
endmacro()

# leefkaart_find_path(<debian package> <variable> <header>)
macro(leefkaart_find_path debian_package variable header)
  find_path(${variable} ${header})
  if(NOT ${variable})
    leefkaart_missing_dependency("${header}" "${debian_package}")
  endif()
endmacro()

# leefkaart_pkg_check_modules(<debian package> <prefix> <pkg-config module>): an IMPORTED_TARGET
# PkgConfig::<prefix>.
macro(leefkaart_pkg_check_modules debian_package prefix module)
  leefkaart_find_package(pkg-config PkgConfig)
  pkg_check_modules(${prefix} QUIET IMPORTED_TARGET ${module})
  if(NOT ${prefix}_FOUND)
    leefkaart_missing_dependency("pkg-config module ${module}" "${debian_package}")
  endif()
endmacro()
