// netplay.h: `breachdrill serve` and `breachdrill client` (net/; docs/multi-seat.md).
#pragma once
#include "analysis.h"

#include <functional>
#include <memory>

namespace bd {
class Simulation;
}

namespace bd::cli {

extern const char* const kServeHelp;
extern const char* const kClientHelp;

// `make_sim` loads the scenario and starts the simulation from the run options (main.cpp's Setup),
// setting the exit code when it cannot.
int Serve(const Positional& positional, const Options& options, const std::function<std::unique_ptr<Simulation>(int& rc)>& make_sim);
int Client(const Positional& positional, const Options& options);

} // namespace bd::cli
