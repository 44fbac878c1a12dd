// app_debrief.cpp: the end of an exercise (see app.h, [SECTION] The debrief): the after-action
// report written beside the journal and opened, and a new exercise.
#include "app.h"

#include "report.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

namespace bdui {

std::string App::ReportPathFor(const std::string& journal)
{
    std::string base = journal;
    if (base.size() > 6 && base.compare(base.size() - 6, 6, ".jsonl") == 0) base.resize(base.size() - 6);
    return base + "-report.html"; // never the journal itself
}

std::string App::WriteReport()
{
    error.clear();
    if (remote_) {
        error = "the server keeps this exercise's journal: run breachdrill report JOURNAL there";
        return "";
    }
    if (!sim_ || !sim_->Finished()) {
        error = "the report is written once the exercise is over";
        return "";
    }
    bd::ReportOptions ro;
    const bd::Report r = bd::BuildReport(sim_->journal().Records(), ro);
    const std::string html = bd::ReportHtml(r);
    const std::string path = ReportPathFor(sim_->journal().Path());
    // Written whole, then moved into place: a crash never leaves half a report under its name.
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(html.data(), (std::streamsize)html.size());
        out.close();
        if (!out) {
            error = "cannot write " + tmp;
            return "";
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        error = "cannot write " + path + ": " + ec.message();
        return "";
    }
    report_path = path;
    status = "After-action report written: " + path;
    status_ok = true;
    return path;
}

bool App::OpenFile(const std::string& path)
{
    // The desktop's viewer, detached: the app never waits for it. No shell: the path is an argument.
    const pid_t pid = fork();
    if (pid < 0) return false;
    if (pid == 0) {
        if (fork() == 0) {
            execlp("xdg-open", "xdg-open", path.c_str(), (char*)nullptr);
            _exit(127);
        }
        _exit(0);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    return true;
}

void App::NewExercise()
{
    RecordHistory(); // the finished exercise goes into the history first, once
    if (sim_ && !sim_->Finished()) sim_->Stop();
    scorer_.reset();
    sim_.reset();
    card_ = bd::Scorecard{}; // nothing of the last exercise's figures stays on screen
    ++card_serial_;
    ForgetViews();
    ForgetNotices();
    NewSeat();
    role = Team::Facilitator;
    speed = 0;
    debrief_open = true;
    report_path.clear();
    error.clear();
    screen = Screen::Start;
}

} // namespace bdui
