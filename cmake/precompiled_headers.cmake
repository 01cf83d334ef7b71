# Precompiled headers for the third-party headers that most translation units parse again:
# nlohmann/json (about two thirds of them), Boost.Context (three quarters) and, in the tests,
# Catch2. CI builds the tree twice (normal and sanitizers), and parsing these headers was a large
# share of each build. The fuzz build (clang, scripts/fuzz.sh) goes without: it builds only the
# parsers.
option(SWAPCHECK_PCH "Precompile the third-party headers most translation units include" ON)

# swapcheck_precompile(target [TEST])
# TEST adds Catch2; never use it on the target that defines CATCH_CONFIG_MAIN (tests/test_main.cpp),
# which must see the macro before the header.
function(swapcheck_precompile target)
  if(NOT SWAPCHECK_PCH OR SWAPCHECK_FUZZ)
    return()
  endif()
  cmake_parse_arguments(P "TEST" "" "" ${ARGN})
  target_precompile_headers(${target} PRIVATE
    <algorithm> <cstdint> <functional> <map> <memory> <optional> <string> <string_view> <vector>
    <nlohmann/json.hpp> <boost/context/fiber.hpp>)
  if(P_TEST)
    target_precompile_headers(${target} PRIVATE <catch2/catch.hpp>)
  endif()
endfunction()
