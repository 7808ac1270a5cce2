# nrc_add_test(NAME SOURCES src... [LIBS lib...] [LABELS label...] [TIMEOUT s])
# One helper for every test: a GoogleTest executable (RapidCheck's gtest
# integration linked in) registered with ctest under the given labels.
function(nrc_add_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  if(NOT NRC_BUILD_TESTS)
    return()
  endif()
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} rapidcheck_gtest rapidcheck GTest::gtest GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  if("property" IN_LIST ARG_LABELS OR "fuzz" IN_LIST ARG_LABELS)
    # RapidCheck properties run at least 200 cases by default; RC_PARAMS set
    # by the user (e.g. max_success=100000, seed=...) takes precedence.
    add_test(NAME ${name} COMMAND sh -c "RC_PARAMS=\"\${RC_PARAMS:-max_success=200}\" exec \"$0\" \"$@\"" $<TARGET_FILE:${name}>)
  else()
    add_test(NAME ${name} COMMAND ${name})
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 900)
  endif()
  set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "NRC_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()

# nrc_add_library(NAME SOURCES src... [DEPS lib...])
# A static library rooted at the project source directory (headers are
# included as "numerics/svd.h", "nets/mlp.h", ...).
function(nrc_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()
