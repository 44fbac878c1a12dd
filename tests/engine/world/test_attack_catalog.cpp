// test_attack_catalog.cpp: the embedded MITRE ATT&CK Enterprise tables (engine/world/attack_catalog.h).
//
// Scenario authors name real technique ids; detection matches them to sensors by data component.
// These tests pin a few well-known rows of assets/attack/*.csv and the CSV splitter that reads them.
#include "world/attack_catalog.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace bd;
using Fields = std::vector<std::string>;

TEST_CASE("Attack catalog - real technique ids load with name / tactics and flags", "[engine]")
{
    const AttackCatalog& c = Catalog();
    SECTION("T1566.001 Spearphishing Attachment: initial access, a sub-technique, current")
    {
        const Technique* t = c.FindTechnique("T1566.001");
        REQUIRE(t != nullptr);
        CHECK(t->id == "T1566.001");
        CHECK(t->name == "Spearphishing Attachment");
        CHECK(t->tactics == Fields{"initial-access"});
        CHECK(t->subtechnique);
        CHECK_FALSE(t->deprecated);
        CHECK_FALSE(t->revoked);
    }
    SECTION("T1078 Valid Accounts belongs to four tactics, in the table's order")
    {
        const Technique* t = c.FindTechnique("T1078");
        REQUIRE(t != nullptr);
        CHECK(t->name == "Valid Accounts");
        CHECK(t->tactics == Fields{"defense-evasion", "persistence", "privilege-escalation", "initial-access"});
        CHECK_FALSE(t->subtechnique);
    }
    SECTION("the parent of a sub-technique is a technique of its own")
    {
        const Technique* t = c.FindTechnique("T1566");
        REQUIRE(t != nullptr);
        CHECK(t->name == "Phishing");
        CHECK_FALSE(t->subtechnique);
    }
    SECTION("Label gives id and name, or the id alone when unknown")
    {
        CHECK(c.Label("T1486") == "T1486 Data Encrypted for Impact");
        CHECK(c.Label("T0000") == "T0000");
    }
    SECTION("the whole table: unique ids, every tactic named is a known tactic")
    {
        std::set<std::string> ids;
        for (const auto& t : c.Techniques()) {
            CHECK(ids.insert(t.id).second);
            for (const auto& tac : t.tactics) CHECK(c.FindTactic(tac) != nullptr);
        }
        CHECK(c.Techniques().size() == 835); // the rows of enterprise-techniques.csv, v18.1
    }
}

TEST_CASE("Attack catalog - deprecated and revoked techniques are flagged", "[engine]")
{
    const AttackCatalog& c = Catalog();
    SECTION("T1002 Data Compressed is revoked (it became T1560)")
    {
        const Technique* t = c.FindTechnique("T1002");
        REQUIRE(t != nullptr);
        CHECK(t->name == "Data Compressed");
        CHECK(t->revoked);
        CHECK_FALSE(t->deprecated);
    }
    SECTION("T1043 Commonly Used Port is deprecated")
    {
        const Technique* t = c.FindTechnique("T1043");
        REQUIRE(t != nullptr);
        CHECK(t->deprecated);
        CHECK_FALSE(t->revoked);
    }
    SECTION("a current technique is neither")
    {
        const Technique* t = c.FindTechnique("T1486");
        REQUIRE(t != nullptr);
        CHECK_FALSE(t->deprecated);
        CHECK_FALSE(t->revoked);
    }
}

TEST_CASE("Attack catalog - unknown ids", "[engine]")
{
    const AttackCatalog& c = Catalog();
    CHECK(c.FindTechnique("T9999") == nullptr);      // not a technique
    CHECK(c.FindTechnique("T1566.999") == nullptr);  // no such sub-technique
    CHECK(c.FindTechnique("") == nullptr);
    CHECK(c.FindTechnique("t1566.001") == nullptr);  // ids are case-sensitive, as ATT&CK writes them
    CHECK(c.FindTechnique(" T1566.001") == nullptr); // no trimming: the loader reports the id as written
    CHECK(c.FindTactic("initial_access") == nullptr); // shortnames use hyphens
    CHECK(c.DataComponentName("DC9999").empty());
    CHECK_FALSE(c.HasDataComponent("DC9999"));
}

TEST_CASE("Attack catalog - data components and tactics", "[engine]")
{
    const AttackCatalog& c = Catalog();
    SECTION("T1486 Data Encrypted for Impact is detectable through File Modification (DC0061)")
    {
        const Technique* t = c.FindTechnique("T1486");
        REQUIRE(t != nullptr);
        const auto& dcs = t->data_components;
        CHECK(std::find(dcs.begin(), dcs.end(), "DC0061") != dcs.end());
        CHECK(dcs == Fields{"DC0023", "DC0032", "DC0039", "DC0061", "DC0064"});
        CHECK(c.DataComponentName("DC0061") == "File Modification");
        CHECK(c.HasDataComponent("DC0061"));
    }
    SECTION("every technique's data components are sorted, unique and known (detection merges them)")
    {
        for (const auto& t : c.Techniques()) {
            CHECK(std::is_sorted(t.data_components.begin(), t.data_components.end()));
            CHECK(std::adjacent_find(t.data_components.begin(), t.data_components.end()) == t.data_components.end());
            for (const auto& dc : t.data_components) CHECK(c.HasDataComponent(dc));
        }
    }
    SECTION("the fourteen tactics, in kill-chain order")
    {
        const auto& tactics = c.Tactics();
        REQUIRE(tactics.size() == 14);
        CHECK(tactics.front().shortname == "reconnaissance");
        CHECK(tactics.back().shortname == "impact");
        for (size_t i = 1; i < tactics.size(); ++i) CHECK(tactics[i - 1].order < tactics[i].order);
        const Tactic* ia = c.FindTactic("initial-access");
        REQUIRE(ia != nullptr);
        CHECK(ia->id == "TA0001");
        CHECK(ia->name == "Initial Access");
    }
}

TEST_CASE("Attack catalog - SplitCsvLine", "[engine]")
{
    SECTION("plain fields")
    {
        CHECK(SplitCsvLine("T1486,Data Encrypted for Impact,impact") == Fields{"T1486", "Data Encrypted for Impact", "impact"});
    }
    SECTION("a quoted field keeps its commas")
    {
        CHECK(SplitCsvLine(R"(T1,"Name, with comma",x)") == Fields{"T1", "Name, with comma", "x"});
    }
    SECTION("a doubled quote inside quotes is one quote")
    {
        CHECK(SplitCsvLine(R"("say ""hi""",x)") == Fields{R"(say "hi")", "x"});
        CHECK(SplitCsvLine(R"("""",x)") == Fields{R"(")", "x"});
    }
    SECTION("empty fields are kept, at the start, middle and end")
    {
        CHECK(SplitCsvLine(",b,") == Fields{"", "b", ""});
        CHECK(SplitCsvLine("a,,c") == Fields{"a", "", "c"});
        CHECK(SplitCsvLine(R"("",x)") == Fields{"", "x"});
        CHECK(SplitCsvLine("") == Fields{""});
    }
    SECTION("a CR from a CRLF file is dropped; inside quotes it is data")
    {
        CHECK(SplitCsvLine("a,b\r") == Fields{"a", "b"});
        CHECK(SplitCsvLine("\"a\r\",b") == Fields{"a\r", "b"});
    }
    SECTION("semicolon-separated lists stay one field (the catalog splits them itself)")
    {
        CHECK(SplitCsvLine("T1078,Valid Accounts,defense-evasion;persistence") ==
              Fields{"T1078", "Valid Accounts", "defense-evasion;persistence"});
    }
}
