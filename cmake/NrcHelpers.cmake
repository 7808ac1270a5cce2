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

# nrc_add_fuzz_campaign(TEST CASES [NAME name] [FILTER gtest_filter])
# Registers TEST (a RapidCheck test added with nrc_add_test) a second time as
# NAME (default TEST without "_test", plus "_long") under the label `fuzz`,
# with RC_PARAMS="max_success=CASES" (the long parser-fuzzing and corruption
# campaigns; tools/sanitize -L fuzz runs them under ASan + UBSan), restricted
# to the GoogleTest FILTER when given.
function(nrc_add_fuzz_campaign test cases)
  cmake_parse_arguments(ARG "" "NAME;FILTER" "" ${ARGN})
  if(NOT NRC_BUILD_TESTS)
    return()
  endif()
  string(REGEX REPLACE "_test$" "" base ${test})
  if(NOT ARG_NAME)
    set(ARG_NAME ${base}_long)
  endif()
  if(NOT ARG_FILTER)
    set(ARG_FILTER "*")
  endif()
  add_test(NAME ${ARG_NAME} COMMAND sh -c "RC_PARAMS=\"max_success=${cases} \${RC_PARAMS:-}\" exec \"$0\" --gtest_filter=\"$1\"" $<TARGET_FILE:${test}> ${ARG_FILTER})
  set_tests_properties(${ARG_NAME} PROPERTIES LABELS fuzz TIMEOUT 14400
    ENVIRONMENT "NRC_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
endfunction()
