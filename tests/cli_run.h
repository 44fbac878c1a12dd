// cli_run.h: runs the built `breachdrill` (BD_CLI, defined for the tests) the way a user's shell
// would, for the CLI tests. ARGS is shell text: quote paths yourself.
#pragma once
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace bdtest {

struct CliResult {
    int code = -1;
    std::string out; // stdout only
};

// Reads a command's whole output from popen; its exit code is the child's (-1 if it did not exit).
inline std::string ReadCommand(const std::string& command, int* code)
{
    std::string out;
    FILE* p = ::popen(command.c_str(), "r");
    REQUIRE(p != nullptr);
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    const int status = ::pclose(p);
    if (code) *code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

// `breachdrill ARGS` with stderr discarded: its exit code and stdout.
inline CliResult RunCli(const std::string& args)
{
    CliResult r;
    r.out = ReadCommand(std::string("'") + BD_CLI + "' " + args + " 2>/dev/null", &r.code);
    return r;
}

// `breachdrill ARGS` with stdout discarded: its stderr.
inline std::string CliStderr(const std::string& args)
{
    return ReadCommand(std::string("'") + BD_CLI + "' " + args + " 2>&1 >/dev/null", nullptr);
}

} // namespace bdtest
