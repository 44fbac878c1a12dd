# Precompiled headers: nlohmann/json and the standard headers are parsed once per target instead
# of once per file (most of a small file's compile time; bench/README.md, "Build time").
# BREACHDRILL_PCH=OFF turns them off (with ccache, set CCACHE_SLOPPINESS=pch_defines,time_macros).
option(BREACHDRILL_PCH "Precompile the common headers of each target" ON)

function(bd_precompile target)
  if(NOT BREACHDRILL_PCH)
    return()
  endif()
  target_precompile_headers(${target} PRIVATE
    <algorithm> <cstdint> <functional> <map> <memory> <optional> <set> <string> <string_view>
    <unordered_map> <utility> <vector> <nlohmann/json.hpp> ${ARGN})
endfunction()
