// rng.h: the simulation's one random generator, and our own distributions.
//
// Determinism rule (docs/architecture.md): every random draw that changes the simulated world comes
// from a Rng owned by the Simulation and passed by reference. We never use <random>'s distributions:
// their algorithms differ between standard libraries, so the same seed would give another exercise.
#pragma once
#include <cmath>
#include <cstdint>
#include <string_view>

namespace bd {

// xoshiro256** seeded through SplitMix64. Small state, fast, and fully specified here.
class Rng {
public:
    explicit Rng(uint64_t seed = 1) { Seed(seed); }

    void Seed(uint64_t seed)
    {
        uint64_t x = seed;
        for (auto& s : state_) s = SplitMix(x);
    }

    uint64_t Next()
    {
        const uint64_t result = Rotl(state_[1] * 5, 7) * 9;
        const uint64_t t = state_[1] << 17;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = Rotl(state_[3], 45);
        return result;
    }

    // Uniform in [0, 1), 53 bits.
    double Uniform() { return double(Next() >> 11) * 0x1.0p-53; }

    // Uniform integer in [0, n). n must be > 0. Rejection of the short top range: unbiased.
    uint64_t Below(uint64_t n)
    {
        const uint64_t threshold = (0 - n) % n; // 2^64 mod n
        uint64_t r = Next();
        while (r < threshold) r = Next();
        return r % n;
    }

    // Uniform integer in [lo, hi]. Requires lo <= hi.
    int64_t Range(int64_t lo, int64_t hi) { return lo + (int64_t)Below((uint64_t)(hi - lo) + 1); }

    bool Chance(double p) { return p >= 1.0 || (p > 0.0 && Uniform() < p); }

    // Exponential with the given mean.
    double Exponential(double mean) { return -mean * std::log1p(-Uniform()); }

    // Standard normal by Box-Muller (one value per call; the pair's second half is dropped so the
    // generator's position never depends on a hidden cache).
    double Normal()
    {
        double u1 = Uniform();
        if (u1 < 1e-300) u1 = 1e-300;
        const double u2 = Uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }

    // Log-normal with the given median and sigma (of the underlying normal).
    double LogNormal(double median, double sigma) { return median * std::exp(sigma * Normal()); }

    // A generator for another purpose (e.g. an autopilot's own choices), derived without
    // disturbing this one's sequence more than one draw.
    uint64_t DeriveSeed(uint64_t salt) { uint64_t x = Next() ^ (salt * 0x9E3779B97F4A7C15ull); return SplitMix(x); }

    // The raw state, for the state hash and for tests.
    const uint64_t* State() const { return state_; }

private:
    static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    static uint64_t SplitMix(uint64_t& x)
    {
        uint64_t z = (x += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    uint64_t state_[4];
};

// FNV-1a 64-bit, fed field by field: the state hash. Stable across machines for the same inputs.
class Hasher {
public:
    void Bytes(const void* data, size_t n)
    {
        const auto* p = static_cast<const unsigned char*>(data);
        for (size_t i = 0; i < n; ++i) { h_ ^= p[i]; h_ *= 0x100000001B3ull; }
    }
    void U64(uint64_t v) { for (int i = 0; i < 8; ++i) { h_ ^= (v >> (8 * i)) & 0xFF; h_ *= 0x100000001B3ull; } }
    void I64(int64_t v) { U64((uint64_t)v); }
    void F64(double v) { U64((uint64_t)std::llround(v * 1e6)); } // quantised: no bit-pattern surprises
    void Str(const std::string_view s) { U64(s.size()); Bytes(s.data(), s.size()); }
    uint64_t Value() const { return h_; }

private:
    uint64_t h_ = 0xCBF29CE484222325ull;
};

} // namespace bd
