# Lays out the installed C library (cmake -P), in one of two layouts:
#
# LAYOUT=sdk (`make dist-c`, mk/dist-c.mk): the relocatable SDK of one target triple, in
# DEST (emptied first), which the tarball holds:
#   include/meshes_token.h, meshes_token.hpp
#   lib/libmeshes_token.a                       debug info and LLVM bitcode stripped
#   lib/libmeshes_token.so.<version>            + the .so.<major> and .so links
#   lib/pkgconfig/meshes-token.pc               prefix=${pcfiledir}/../..
#   lib/cmake/meshes-token/meshes-tokenConfig.cmake, meshes-tokenConfigVersion.cmake
#   README.md, LICENSE-MIT, LICENSE-APACHE
#
# LAYOUT=install (`make install`, mk/ffi.mk): the same include/ and lib/ tree added to DEST
# (= $DESTDIR$PREFIX; nothing removed, nothing stripped), the .pc with prefix=PREFIX, and the
# README and licenses in share/doc/meshes-token/.
#
# Inputs (-D): LAYOUT, SOURCE_DIR (the repository), LIB_DIR (cargo's
# libmeshes_token_ffi.{a,so}), DEST, VERSION (the workspace version), NATIVE_LIBS (rustc's
# native-static-libs for the target, "-lgcc_s -lutil ..."); for sdk STRIP (a strip that reads
# the target's objects); for install PREFIX.
cmake_minimum_required(VERSION 3.21)

set(required LAYOUT SOURCE_DIR LIB_DIR DEST VERSION NATIVE_LIBS)
if(LAYOUT STREQUAL "sdk")
    list(APPEND required STRIP)
elseif(LAYOUT STREQUAL "install")
    list(APPEND required PREFIX)
else()
    message(FATAL_ERROR "MeshesTokenLayout.cmake: LAYOUT must be sdk or install, not '${LAYOUT}'")
endif()
foreach(var IN LISTS required)
    if("${${var}}" STREQUAL "")
        message(FATAL_ERROR "MeshesTokenLayout.cmake: -D${var}=... is required")
    endif()
endforeach()
if(NOT VERSION MATCHES "^([0-9]+)\\.[0-9]+\\.[0-9]+$")
    message(FATAL_ERROR "MeshesTokenLayout.cmake: VERSION '${VERSION}' is not <major>.<minor>.<patch>")
endif()
set(MESHES_TOKEN_VERSION "${VERSION}")
set(MESHES_TOKEN_SOVERSION "${CMAKE_MATCH_1}")

foreach(file IN ITEMS "${LIB_DIR}/libmeshes_token_ffi.a" "${LIB_DIR}/libmeshes_token_ffi.so")
    if(NOT EXISTS "${file}")
        message(FATAL_ERROR "MeshesTokenLayout.cmake: ${file} is not built")
    endif()
endforeach()

# -lgcc_s leaves the list: the compiler driver links the unwinder itself (libgcc_s, or
# libgcc_eh with -static, where an explicit -lgcc_s would fail the link).
separate_arguments(native UNIX_COMMAND "${NATIVE_LIBS}")
list(REMOVE_ITEM native "-lgcc_s")
list(JOIN native " " NATIVE_LIBS_PC)
list(TRANSFORM native REPLACE "^-l" "")
set(MESHES_TOKEN_NATIVE_LIBS "${native}")

if(LAYOUT STREQUAL "sdk")
    file(REMOVE_RECURSE "${DEST}")
    set(doc_dir "${DEST}")
    set(PREFIX "\${pcfiledir}/../..")
else()
    set(doc_dir "${DEST}/share/doc/meshes-token")
endif()
file(MAKE_DIRECTORY "${DEST}/include" "${DEST}/lib/pkgconfig" "${DEST}/lib/cmake/meshes-token"
    "${doc_dir}")

file(COPY "${SOURCE_DIR}/include/meshes_token.h" "${SOURCE_DIR}/include/meshes_token.hpp"
    DESTINATION "${DEST}/include")
file(COPY "${SOURCE_DIR}/meshes-token-ffi/README.md" "${SOURCE_DIR}/LICENSE-MIT"
    "${SOURCE_DIR}/LICENSE-APACHE" DESTINATION "${doc_dir}")

set(so "libmeshes_token.so.${VERSION}")
file(COPY_FILE "${LIB_DIR}/libmeshes_token_ffi.a" "${DEST}/lib/libmeshes_token.a")
file(COPY_FILE "${LIB_DIR}/libmeshes_token_ffi.so" "${DEST}/lib/${so}")
if(LAYOUT STREQUAL "sdk")
    # Debug info and the LLVM bitcode that Rust's std objects carry (.llvmbc, only read by a
    # cross-language LTO) leave the static library: 13.6 MB -> 4.1 MB for x86_64.
    execute_process(COMMAND "${STRIP}" --strip-debug --remove-section=.llvmbc
        --remove-section=.llvmcmd "${DEST}/lib/libmeshes_token.a" RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "MeshesTokenLayout.cmake: ${STRIP} libmeshes_token.a failed: ${rc}")
    endif()
endif()
file(CHMOD "${DEST}/lib/libmeshes_token.a" FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ
    WORLD_READ)
file(CHMOD "${DEST}/lib/${so}" FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE
    GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
file(REMOVE "${DEST}/lib/libmeshes_token.so.${MESHES_TOKEN_SOVERSION}" "${DEST}/lib/libmeshes_token.so")
file(CREATE_LINK "${so}" "${DEST}/lib/libmeshes_token.so.${MESHES_TOKEN_SOVERSION}" SYMBOLIC)
file(CREATE_LINK "libmeshes_token.so.${MESHES_TOKEN_SOVERSION}" "${DEST}/lib/libmeshes_token.so"
    SYMBOLIC)

set(NATIVE_LIBS "${NATIVE_LIBS_PC}")
configure_file("${SOURCE_DIR}/meshes-token-ffi/meshes-token.pc.in"
    "${DEST}/lib/pkgconfig/meshes-token.pc" @ONLY)
configure_file("${SOURCE_DIR}/cmake/meshes-tokenConfig.cmake.in"
    "${DEST}/lib/cmake/meshes-token/meshes-tokenConfig.cmake" @ONLY)
include(CMakePackageConfigHelpers)
# The targets of make dist are 64-bit; elsewhere the version file takes the pointer size from
# VOID_P (default 8), and refuses a consumer of another size.
if(DEFINED VOID_P)
    set(CMAKE_SIZEOF_VOID_P "${VOID_P}")
else()
    set(CMAKE_SIZEOF_VOID_P 8)
endif()
# 0.x: a new minor version may change the ABI (the SONAME's major is 0 throughout 0.x).
write_basic_package_version_file("${DEST}/lib/cmake/meshes-token/meshes-tokenConfigVersion.cmake"
    VERSION "${VERSION}" COMPATIBILITY SameMinorVersion)
