// loader_checks.h: the scenario loader tests' fixture helpers (kMinimal with a merge patch) and
// their CHECK_ERROR / CHECK_WARNING / CHECK_CLEAN macros. Included by test_scenario_loader.cpp only;
// in namespace loader_test, that file's own, so that the unity batch it is compiled in keeps them apart
// from the other files' helpers of the same names (Load, Patched, Dump).
#pragma once
#include "world/scenario.h"

#include "fixture_scenario.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

namespace loader_test {

using namespace bd;
using json = nlohmann::json;

// A small scenario that loads with no problem at all: the base of most fixtures.
const char* const kMinimal = bdtest::kMinimalScenario;

LoadResult Load(const std::string& text, LoadOptions options = {})
{
    return LoadScenarioText(text, "test.json", options);
}

// kMinimal with a merge patch applied (objects merge, arrays are replaced, null deletes).
LoadResult Patched(const char* patch, LoadOptions options = {})
{
    json doc = json::parse(kMinimal);
    doc.merge_patch(json::parse(patch));
    return Load(doc.dump(2), options);
}

std::string Dump(const LoadResult& r)
{
    std::string out;
    for (const auto& p : r.problems) out += p.Format() + "\n";
    return out.empty() ? "(no problems)" : out;
}

const Problem* Find(const LoadResult& r, const std::string& id, const std::string& pointer)
{
    for (const auto& p : r.problems)
        if (p.id == id && p.pointer == pointer) return &p;
    return nullptr;
}

size_t Errors(const LoadResult& r)
{
    return (size_t)std::count_if(r.problems.begin(), r.problems.end(), [](const Problem& p) { return !p.warning; });
}

// Exactly the problem named: an error (so the scenario can't be played).
#define CHECK_ERROR(result, id, pointer)                                                \
    do {                                                                                \
        const LoadResult& r_ = (result);                                                \
        INFO(Dump(r_));                                                                 \
        const Problem* p_ = Find(r_, id, pointer);                                      \
        REQUIRE(p_ != nullptr);                                                         \
        CHECK_FALSE(p_->warning);                                                       \
        CHECK_FALSE(r_.Ok());                                                           \
    } while (0)

// A warning: reported, but the scenario still loads.
#define CHECK_WARNING(result, id, pointer)                                              \
    do {                                                                                \
        const LoadResult& r_ = (result);                                                \
        INFO(Dump(r_));                                                                 \
        const Problem* p_ = Find(r_, id, pointer);                                      \
        REQUIRE(p_ != nullptr);                                                         \
        CHECK(p_->warning);                                                             \
        CHECK(r_.Ok());                                                                 \
    } while (0)

#define CHECK_CLEAN(result)                                                             \
    do {                                                                                \
        const LoadResult& r_ = (result);                                                \
        INFO(Dump(r_));                                                                 \
        CHECK(r_.problems.empty());                                                     \
    } while (0)

std::string MessageOf(const LoadResult& r, const std::string& id, const std::string& pointer)
{
    const Problem* p = Find(r, id, pointer);
    return p ? p->message : std::string("(no such problem)");
}

} // namespace loader_test
