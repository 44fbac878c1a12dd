// bench_common.h: what the benchmarks share: wall clock, peak memory, one JSON line out.
#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/resource.h>

namespace bench {

inline double Seconds()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// CPU time (user + system) of this process so far, in seconds: on a shared machine it is what
// other processes' load inflates least.
inline double CpuSeconds()
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

// Peak resident set of this process so far, in KiB (getrusage ru_maxrss).
inline long PeakRssKb()
{
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

// Options: --name value pairs.
struct Args {
    std::map<std::string, std::string> opt;
    std::string Get(const std::string& k, const std::string& def) const
    {
        auto it = opt.find(k);
        return it == opt.end() ? def : it->second;
    }
    long long Int(const std::string& k, long long def) const { return std::stoll(Get(k, std::to_string(def))); }
    double Num(const std::string& k, double def) const { return std::stod(Get(k, std::to_string(def))); }
    bool Has(const std::string& k) const { return opt.count(k) != 0; }
};

int Timers(const Args& a);
int Lateral(const Args& a);
int Scale(const Args& a);
int Compare(const Args& a);

} // namespace bench
