// The Catch2 runner. Test files are tests/test_<area>.cpp, one per area.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
