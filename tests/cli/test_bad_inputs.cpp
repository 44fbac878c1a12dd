// test_bad_inputs.cpp: the bad-input corpus (tests/bad-inputs/) through the real CLI binary.
//
// tests/bad-inputs/expected.json maps each file to the command that reads it and the exact id it
// must produce ("validate" a scenario, "run" one, "replay" a journal, "run-commands": `run
// ransomware-phish --commands FILE`), the place the message must name ("where": a JSON pointer,
// a line) and why the input is broken. Each case runs in a fresh directory, as a child process
// with HOME and XDG_* pointed at an empty directory, and must: exit non-zero, not by a signal,
// within 20 seconds; print one line naming the file, the place and "[id]"; report no ASan/UBSan
// error (the asan build runs this too); and write nothing anywhere but its --journal path.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

const fs::path kCorpus = fs::path(BD_SOURCE_DIR) / "tests" / "bad-inputs";
constexpr int kTimeoutSeconds = 240; // patience for a hang, not a deadline: ASan on a loaded machine is slow

struct Outcome {
    bool timed_out = false;
    bool signaled = false;
    int signal = 0;
    int exit_code = -1;
    std::string output; // stdout and stderr together
};

// Runs BD_CLI with `args` in `cwd`, HOME and XDG_* set to `home`, output to `log`.
Outcome RunCli(const std::vector<std::string>& args, const fs::path& cwd, const fs::path& home, const fs::path& log)
{
    Outcome out;
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        // The child: only async-signal-safe calls matter little here (single-threaded test runner).
        if (chdir(cwd.c_str()) != 0) _exit(125);
        const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0) _exit(125);
        dup2(fd, 1);
        dup2(fd, 2);
        setenv("HOME", home.c_str(), 1);
        for (const char* v : {"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"})
            setenv(v, (home / v).c_str(), 1);
        std::vector<char*> argv;
        static std::string cli = BD_CLI;
        argv.push_back(cli.data());
        std::vector<std::string> copy = args;
        for (auto& a : copy) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(cli.c_str(), argv.data());
        _exit(126);
    }
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(kTimeoutSeconds);
    for (;;) {
        const pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) break;
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            out.timed_out = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!out.timed_out) {
        out.signaled = WIFSIGNALED(status);
        if (out.signaled) out.signal = WTERMSIG(status);
        if (WIFEXITED(status)) out.exit_code = WEXITSTATUS(status);
    }
    std::ifstream in(log, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    out.output = ss.str();
    return out;
}

// Every file below `dir`, relative to it.
std::vector<std::string> Listing(const fs::path& dir)
{
    std::vector<std::string> out;
    if (!fs::exists(dir)) return out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (!e.is_directory()) out.push_back(fs::relative(e.path(), dir).string());
    std::sort(out.begin(), out.end());
    return out;
}

std::string Join(const std::vector<std::string>& v)
{
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s.empty() ? "(nothing)" : s;
}

json Manifest()
{
    std::ifstream in(kCorpus / "expected.json");
    REQUIRE(in);
    return json::parse(in);
}

} // namespace

TEST_CASE("Bad inputs - the manifest and the corpus agree", "[bad-inputs]")
{
    const json m = Manifest();
    CHECK(m.size() >= 40);
    // Every file of the corpus is in the manifest (a new file without an expected id is a mistake).
    for (const auto& e : fs::directory_iterator(kCorpus)) {
        const std::string name = e.path().filename().string();
        if (name == "expected.json" || name == "README.md") continue;
        INFO(name);
        CHECK(m.contains(name));
    }
    for (auto it = m.begin(); it != m.end(); ++it) {
        INFO(it.key());
        const json& c = it.value();
        CHECK(c.at("id").is_string());
        CHECK(c.at("where").is_string());
        CHECK(c.at("why").is_string());
        const std::string cmd = c.at("command");
        CHECK((cmd == "validate" || cmd == "run" || cmd == "replay" || cmd == "run-commands"));
        const bool made = c.contains("absent") || c.contains("generate_bytes") || c.contains("generate_journal_line");
        CHECK(fs::exists(kCorpus / it.key()) != made);
    }
}

TEST_CASE("Bad inputs - each is refused by the CLI with its exact id / place and no side effect", "[bad-inputs]")
{
    const json m = Manifest();
    const fs::path base = fs::temp_directory_path() / ("bd-bad-inputs-" + std::to_string(getpid()));
    fs::remove_all(base);
    for (auto it = m.begin(); it != m.end(); ++it) {
        const std::string name = it.key();
        const json& c = it.value();
        const std::string id = c.at("id"), where = c.at("where"), command = c.at("command");
        const fs::path root = base / name;
        const fs::path cwd = root / "cwd", home = root / "home", in = cwd / "in", out = cwd / "out";
        fs::create_directories(in);
        fs::create_directories(out);
        fs::create_directories(home);
        if (c.contains("generate_bytes")) {
            // A scenario too big for git: "{" and spaces.
            std::string text(c.at("generate_bytes").get<size_t>(), ' ');
            text[0] = '{';
            std::ofstream(in / name, std::ios::binary) << text;
        } else if (c.contains("generate_journal_line")) {
            std::ofstream f(in / name, std::ios::binary);
            f << R"({"t":0,"seq":0,"type":"header","format":"breachdrill-journal/1"})" << "\n";
            f << R"({"t":1,"seq":1,"type":"note","text":")" << std::string(c.at("generate_journal_line").get<size_t>(), 'x') << "\"}\n";
        } else if (!c.contains("absent")) {
            fs::copy(kCorpus / name, in / name, fs::copy_options::recursive);
        }
        const std::vector<std::string> inputs_before = Listing(in);
        const std::string path = "in/" + name;
        std::vector<std::string> args;
        if (command == "validate") args = {"validate", path};
        else if (command == "run") args = {"run", path, "--journal", "out/run.jsonl"};
        else if (command == "replay") args = {"replay", path};
        else args = {"run", "ransomware-phish", "--commands", path, "--journal", "out/run.jsonl"};

        const Outcome o = RunCli(args, cwd, home, root / "output.txt");
        INFO(name << " (" << c.at("why").get<std::string>() << ")\n$ breachdrill " << Join(args) << "\n" << o.output.substr(0, 3000));
        CHECK_FALSE(o.timed_out);
        CHECK_FALSE(o.signaled);
        CHECK(o.exit_code != 0);
        CHECK(o.exit_code != 125);
        CHECK(o.exit_code != 126);
        CHECK(o.output.find("AddressSanitizer") == std::string::npos);
        CHECK(o.output.find("runtime error:") == std::string::npos);
        CHECK(o.output.find("internal error") == std::string::npos);
        // One line names the file, the place and the exact id.
        bool found = false;
        std::istringstream lines(o.output);
        for (std::string line; std::getline(lines, line);)
            if (line.find(path) != std::string::npos && line.find(where) != std::string::npos &&
                line.find("[" + id + "]") != std::string::npos)
                found = true;
        CHECK(found);
        // Nothing written: not in the working directory, not in HOME / XDG_*, not next to the input.
        std::vector<std::string> written = Listing(cwd);
        std::vector<std::string> expected;
        for (const auto& f : inputs_before) expected.push_back("in/" + f);
        const std::vector<std::string> allowed_out = {"out/run.jsonl"};
        std::vector<std::string> extra;
        for (const auto& f : written)
            if (std::find(expected.begin(), expected.end(), f) == expected.end() &&
                std::find(allowed_out.begin(), allowed_out.end(), f) == allowed_out.end())
                extra.push_back(f);
        INFO("written: " << Join(extra));
        CHECK(extra.empty());
        CHECK(Listing(in) == inputs_before);
        INFO("in HOME: " << Join(Listing(home)));
        CHECK(Listing(home).empty());
        fs::remove_all(root);
    }
    fs::remove_all(base);
}
