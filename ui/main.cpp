// main.cpp: `breachdrill-gui`, the desktop app: an SFML window, Dear ImGui drawn with the OpenGL2
// renderer from Debian's libimgui.a, our SFML platform adapter (imgui_impl_sfml.*), and the
// panels listed in panels.cpp. The engine runs in this process; the app posts commands and reads
// views. `--screenshot FILE.png` draws a few frames and saves the window (used by the tests).
#include "app.h"
#include "client.h"
#include "editor_panel.h"
#include "imgui_impl_sfml.h"
#include "panels.h"

#include <SFML/Graphics.hpp>
#include <SFML/OpenGL.hpp>
#include <imgui.h>
#include <backends/imgui_impl_opengl2.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>
#include <unistd.h>

namespace {

const char* kHelp = R"(Usage: breachdrill-gui [options]

The Breachdrill desktop app: pick a scenario, seat the teams, run the exercise.

Options:
  --scenario ID|PATH       start this scenario at once (skips the start screen)
  --edit DIR               open the scenario editor on DIR/scenario.json (or a .json file): its tables,
                           the problems at their fields, the attack path, Save, Play test (docs/authoring.md)
  --seed N                 random seed (default 1)
  --org siloed|converged   organisation profile (default siloed)
  --autopilot WHO          seats filled by autopilots: all, secops, itops, none (default none)
  --size N                 generate the estate at about N hosts
  --runbook TEAM=FILE      the team's runbook (itops or secops; once per team; `breachdrill import cacao`
                           writes one): a Runbook tab in its console, the checklist (the players tick its
                           checklist items; the facilitator's Runbooks tab too); an autopilot follows it
  --role ROLE              facilitator (default), secops or itops
  --pin PIN                the facilitator's PIN (4+ characters): F1 from a player's seat asks for it. Without
                           it the app asks at the first handover; started on a player's seat without it, the
                           facilitator's screen stays closed (unless both seats are autopilots: no player here)
  --advance SECONDS        play the exercise forward this far before showing it
  --journal FILE           where to write the journal (default: ~/.local/share/breachdrill/journals/;
                           with --screenshot, a temporary file removed at exit)
  --select HOST            open this host in the host panel
  --alert N                select alert number N
  --screenshot FILE.png    draw the screen, save it as a PNG and exit (with --bench-frames: the last frame)
  --size-window WxH        window size (default 1600x900)
  --scale F                text scale, 0.7 to 2 (default: the saved one, else 1; Ctrl +/- change it)
  --layout FILE            read the panels' sizes, places and text scale from FILE and keep them there
                           (default ~/.config/breachdrill/layout.json; with --screenshot: read only)
  --join HOST:PORT         join a served exercise (breachdrill serve) as the seat of --code
  --code CODE              the join code the facilitator gave you (docs/multi-seat.md)
  --tab NAME               open this tab once: Seats (the facilitator's, served), Tickets (a player's),
                           Updates (ITOps'), Notes (every seat's), Runbook (a player's, with --runbook) or Runbooks
                           (the facilitator's, with --runbook); with --edit: Scenario, Estate, Sensors and
                           vulnerabilities, People and business, Campaign, MSEL, Objectives, JSON, or Play test
                           (starts one; --screenshot waits for its outcome)
  --bench-frames N         run at 600x, draw N frames, print the median and p99 CPU time per frame
                           (the frame's work: clock, panels, ImGui render; not the swap) as JSON, exit
  -h, --help               this text

Drag a border between two panels to resize them; right-click a panel's title to move it into another
place (it swaps with the panel there); Ctrl + and Ctrl - scale the text (Ctrl 0: back to 100 %). All
three are kept in ~/.config/breachdrill/layout.json ($XDG_CONFIG_HOME); delete it for the default
layout. Screenshots and --bench-frames use the default layout unless --layout names one.

Keys: Space pause/run, 1-4 speed (1x 10x 60x 600x), N next event, H one hour on, F1 facilitator, F2 SecOps,
F3 ITOps, / the alert filter, Up/Down the alert queue, T/F/I on the selected alert, ? all keys.
In the editor: Ctrl+Z undo, Ctrl+Y (or Ctrl+Shift+Z) redo, when no field is being typed into.
)";

// Finds assets/ next to the binary's source tree or installed beside it.
std::string FindFont(const char* name)
{
    namespace fs = std::filesystem;
    const fs::path candidates[] = {fs::path(BD_ASSETS_DIR) / "fonts" / name, fs::path("assets") / "fonts" / name,
                                   fs::path("/usr/share/fonts/truetype/dejavu") / name};
    for (const auto& p : candidates)
        if (fs::exists(p)) return p.string();
    return "";
}

ImVec2 SlotRect(bdui::Slot slot, ImVec2 display, const bdui::Layout& l, ImVec2& size)
{
    const float top = bdui::TopBarHeight(), bottom = bdui::StatusBarHeight();
    const float h = display.y - top - bottom;
    const float left_w = display.x * l.left, right_w = display.x * l.right;
    const float center_w = display.x - left_w - right_w;
    const float ct = h * l.center_split, rt = h * l.right_split;
    switch (slot) {
    case bdui::Slot::Left: size = ImVec2(left_w, h); return ImVec2(0, top);
    case bdui::Slot::CenterTop: size = ImVec2(center_w, ct); return ImVec2(left_w, top);
    case bdui::Slot::CenterBottom: size = ImVec2(center_w, h - ct); return ImVec2(left_w, top + ct);
    case bdui::Slot::RightTop: size = ImVec2(right_w, rt); return ImVec2(left_w + center_w, top);
    case bdui::Slot::RightBottom: size = ImVec2(right_w, h - rt); return ImVec2(left_w + center_w, top + rt);
    }
    return ImVec2(0, 0);
}

// The borders between the panels are splitters: drag one to resize the panels on both sides (the
// layout is saved when the drag ends, main()). Returns true while a drag changes the layout.
bool HandleSplitters(bdui::Layout& l, ImVec2 display)
{
    static int dragging = -1; // 0: left|centre, 1: centre|right, 2: centre's top|bottom, 3: right's top|bottom
    const ImGuiIO& io = ImGui::GetIO();
    const float top = bdui::TopBarHeight(), h = display.y - top - bdui::StatusBarHeight();
    const float x1 = display.x * l.left, x2 = display.x * (1 - l.right);
    const float yc = top + h * l.center_split, yr = top + h * l.right_split;
    const ImVec2 m = io.MousePos;
    const bool in_body = m.y > top && m.y < top + h;
    int hover = -1;
    if (in_body && std::fabs(m.x - x1) < 4) hover = 0;
    else if (in_body && std::fabs(m.x - x2) < 4) hover = 1;
    else if (m.x > x1 && m.x < x2 && std::fabs(m.y - yc) < 4) hover = 2;
    else if (m.x > x2 && std::fabs(m.y - yr) < 4) hover = 3;
    if (dragging < 0 && hover >= 0 && ImGui::IsMouseClicked(0) && !ImGui::IsAnyItemActive()) dragging = hover;
    const int which = dragging >= 0 ? dragging : hover;
    if (which >= 0) ImGui::SetMouseCursor(which <= 1 ? ImGuiMouseCursor_ResizeEW : ImGuiMouseCursor_ResizeNS);
    if (dragging < 0) return false;
    if (!io.MouseDown[0]) {
        dragging = -1;
        return false;
    }
    if (dragging == 0) l.left = m.x / display.x;
    else if (dragging == 1) l.right = 1 - m.x / display.x;
    else if (dragging == 2) l.center_split = (m.y - top) / h;
    else l.right_split = (m.y - top) / h;
    l.Clamp();
    return true;
}

void DrawFrame(bdui::App& app)
{
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    if (bdui::EditorOpen()) { bdui::DrawEditorScreen(app); return; } // over every other screen
    switch (app.screen) {
    case bdui::Screen::Start: bdui::DrawStartScreen(app); return;
    case bdui::Screen::Loading: bdui::DrawLoadingScreen(app); return;
    case bdui::Screen::Handover: bdui::DrawHandoverScreen(app); return;
    case bdui::Screen::Unlock: bdui::DrawUnlockScreen(app); return;
    case bdui::Screen::Exercise: break;
    }
    bdui::HandleGlobalShortcuts(app);
    bdui::DrawToolbar(app);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                   ImGuiWindowFlags_NoBringToFrontOnFocus;
    for (const auto& p : bdui::Panels()) {
        if (!p.shown(app)) continue;
        ImVec2 size;
        const int home = (int)p.slot; // the panel's own slot; the layout says where it is now
        const ImVec2 pos = SlotRect((bdui::Slot)app.layout.slot_of[home], display, app.layout, size);
        ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
        ImGui::SetNextWindowSize(size, ImGuiCond_Always);
        const bool open = ImGui::Begin(p.title, nullptr, flags);
        bdui::DrawPanelPlaceMenu(app, home); // right-click the title (the last item after Begin)
        if (open) p.draw(app);
        ImGui::End(); // Always call a matching End() for each Begin()
    }
    bdui::DrawStatusBar(app);
    HandleSplitters(app.layout, display);
    bdui::DrawDebrief(app);
    bdui::DrawToasts(app);
    bdui::DrawHelpOverlay(app);
}

// CPU time of this thread, in ms (other processes' load does not count, unlike wall time).
double ThreadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// What the command line asks for besides the app's own settings (those go into the App).
struct Options {
    std::string screenshot, role = "facilitator", window_size = "1600x900";
    std::string join, code, edit, layout_file;
    long long advance = 0, bench_frames = 0;
    float scale = 0;                     // --scale: the text scale for this run (0: the saved one)
    bool start_now = false;
    unsigned width = 1600, height = 900; // from window_size
};

// Reads the command line into app and opt. Returns the exit code if the program ends here (--help,
// a bad option).
std::optional<int> ParseArgs(int argc, char** argv, bdui::App& app, Options& opt)
{
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&](const char* what) -> std::string {
            if (i + 1 >= argc) { std::fprintf(stderr, "breachdrill-gui: %s needs a value\n", what); std::exit(2); }
            return argv[++i];
        };
        try {
            if (a == "-h" || a == "--help") { std::fputs(kHelp, stdout); return 0; }
            else if (a == "--scenario") { app.settings.scenario = next("--scenario"); opt.start_now = true; }
            else if (a == "--seed") app.settings.seed = std::stoull(next("--seed"));
            else if (a == "--size") app.settings.size = std::stoll(next("--size"));
            else if (a == "--org") {
                auto o = bd::ParseOrg(next("--org"));
                if (!o) { std::fprintf(stderr, "breachdrill-gui: --org must be siloed or converged\n"); return 2; }
                app.settings.org = *o;
            } else if (a == "--autopilot") {
                const std::string w = next("--autopilot");
                if (w != "all" && w != "none" && w != "secops" && w != "itops") { std::fprintf(stderr, "breachdrill-gui: --autopilot must be all, secops, itops or none\n"); return 2; }
                app.settings.itops_autopilot = w == "all" || w == "itops";
                app.settings.secops_autopilot = w == "all" || w == "secops";
            } else if (a == "--runbook") {
                std::string why;
                bool usage = false;
                if (!bd::ReadRunbookOption(next("--runbook"), app.settings.runbooks, why, usage)) {
                    std::fprintf(stderr, "breachdrill-gui: %s\n", why.c_str());
                    return usage ? 2 : 1;
                }
            } else if (a == "--role") opt.role = next("--role");
            else if (a == "--advance") opt.advance = std::stoll(next("--advance"));
            else if (a == "--journal") app.settings.journal_path = next("--journal");
            else if (a == "--pin") {
                const std::string why = app.SetPin(next("--pin"));
                if (!why.empty()) { std::fprintf(stderr, "breachdrill-gui: --pin: %s\n", why.c_str()); return 2; }
            }
            else if (a == "--select") app.selected_host = next("--select");
            else if (a == "--alert") app.selected_alert = std::stoi(next("--alert"));
            else if (a == "--screenshot") opt.screenshot = next("--screenshot");
            else if (a == "--size-window") opt.window_size = next("--size-window");
            else if (a == "--bench-frames") opt.bench_frames = std::stoll(next("--bench-frames"));
            else if (a == "--join") opt.join = next("--join");
            else if (a == "--edit") opt.edit = next("--edit");
            else if (a == "--code") opt.code = next("--code");
            else if (a == "--tab") app.open_tab = next("--tab");
            else if (a == "--layout") opt.layout_file = next("--layout");
            else if (a == "--scale") {
                opt.scale = std::stof(next("--scale"));
                if (!(opt.scale >= 0.7f && opt.scale <= 2.0f)) { std::fprintf(stderr, "breachdrill-gui: --scale must be between 0.7 and 2\n"); return 2; }
            }
            else { std::fprintf(stderr, "breachdrill-gui: unknown option '%s' (--help lists them)\n", a.c_str()); return 2; }
        } catch (const std::exception&) {
            std::fprintf(stderr, "breachdrill-gui: %s needs a number\n", a.c_str());
            return 2;
        }
    }
    return std::nullopt;
}

// Checks the options that go together, then joins the served exercise or starts the scenario at
// once. Returns the exit code if the program ends here.
std::optional<int> StartFromOptions(bdui::App& app, Options& opt)
{
    if (!opt.screenshot.empty()) app.record_history = false; // pictures are not exercises
    const auto team = bd::ParseTeam(opt.role);
    if (!team) { std::fprintf(stderr, "breachdrill-gui: --role must be facilitator, secops or itops\n"); return 2; }
    if (std::sscanf(opt.window_size.c_str(), "%ux%u", &opt.width, &opt.height) != 2 || opt.width < 640 || opt.height < 400) {
        std::fprintf(stderr, "breachdrill-gui: --size-window must be like 1600x900 (at least 640x400)\n");
        return 2;
    }
    if (!opt.join.empty() || !opt.code.empty()) {
        if (opt.join.empty() || opt.code.empty()) { std::fprintf(stderr, "breachdrill-gui: --join HOST:PORT needs --code CODE (and the other way round)\n"); return 2; }
        if (opt.start_now) { std::fprintf(stderr, "breachdrill-gui: --join plays a served exercise: no --scenario\n"); return 2; }
        if (!app.Join(opt.join, opt.code)) { std::fprintf(stderr, "breachdrill-gui: %s\n", app.error.c_str()); return 1; }
    }
    if (!opt.edit.empty()) {
        if (opt.start_now || !opt.join.empty()) { std::fprintf(stderr, "breachdrill-gui: --edit opens the editor: no --scenario or --join\n"); return 2; }
        std::string why;
        if (!bdui::OpenEditor(opt.edit, &why, app.open_tab)) { std::fprintf(stderr, "breachdrill-gui: --edit: %s\n", why.c_str()); return 1; }
        app.open_tab.clear();
    }
    if (opt.start_now) {
        if (!app.StartNow()) { std::fprintf(stderr, "breachdrill-gui: %s", app.error.c_str()); return 1; }
        if (opt.advance > 0) app.AdvanceBy(opt.advance);
        app.role = *team;
    }
    return std::nullopt;
}

// Dear ImGui on the window: no imgui.ini, the fonts, the style, the SFML and OpenGL2 backends.
void SetUpImGui(sf::RenderWindow& window)
{
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // a fixed layout: no imgui.ini
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    const std::string font = FindFont("DejaVuSans.ttf");
    if (!font.empty()) io.Fonts->AddFontFromFileTTF(font.c_str(), 15.0f);
    const std::string mono = FindFont("DejaVuSansMono.ttf");
    if (!mono.empty()) io.Fonts->AddFontFromFileTTF(mono.c_str(), 14.0f);
    ImGui::StyleColorsDark();
    ImGui::GetStyle().WindowRounding = 0;
    ImGui::GetStyle().FrameRounding = 3;
    ImGui_ImplSFML_Init(window);
    ImGui_ImplOpenGL2_Init();
}

// Frames until the window closes: events, the clock, the panels, and with --screenshot or
// --bench-frames the picture or the frame times. Returns the exit code if a frame fails.
std::optional<int> RunFrames(sf::RenderWindow& window, bdui::App& app, const Options& opt)
{
    ImGuiIO& io = ImGui::GetIO();
    sf::Clock clock;
    int frames = 0;
    std::vector<double> cpu_ms, wall_ms, tick_ms, refresh_ms, score_ms; // --bench-frames
    if (opt.bench_frames > 0) app.speed = 600;
    int quiet_frames = 0; // frames drawn since the last input event
    // The layout as the person left it: saved when it changed and no drag is under way (not in
    // screenshot or benchmark mode, which draw the default layout, main()).
    const bool keep_layout = opt.screenshot.empty() && opt.bench_frames <= 0;
    const std::string layout_path = opt.layout_file.empty() ? bdui::LayoutPath() : opt.layout_file;
    bdui::Layout saved = app.layout;
    while (window.isOpen()) {
        const double cpu0 = ThreadCpuMs();
        const auto wall0 = std::chrono::steady_clock::now();
        sf::Event event;
        bool input = false;
        while (window.pollEvent(event)) {
            input = true;
            ImGui_ImplSFML_ProcessEvent(event);
            if (event.type == sf::Event::Closed) window.close();
            if (event.type == sf::Event::Resized) window.setView(sf::View(sf::FloatRect(0, 0, (float)event.size.width, (float)event.size.height)));
        }
        if (keep_layout && !(app.layout == saved) && !io.MouseDown[0]) {
            saved = app.layout;
            if (const std::string why = bdui::SaveLayout(saved, layout_path); !why.empty())
                std::fprintf(stderr, "breachdrill-gui: the layout is not kept: %s\n", why.c_str());
        }
        // Idle: nothing moves on its own (paused, over, a start or handover page, no toast left to
        // fade), and a few frames since the last input let ImGui settle hover and focus. Then the
        // last frame stays on screen and the loop only polls for input, 30 times a second.
        quiet_frames = input ? 0 : quiet_frames + 1;
        if (opt.screenshot.empty() && opt.bench_frames <= 0 && quiet_frames > 3 && app.Idle() && !bdui::EditorBusy()) {
            sf::sleep(sf::milliseconds(33));
            clock.restart(); // the time asleep is not play time when the clock starts again
            continue;
        }
        // A benchmark plays a steady 60 frames a second's worth of simulated time per frame.
        const sf::Time dt = opt.bench_frames > 0 ? (clock.restart(), sf::seconds(1.0f / 60)) : clock.restart();
        if (app.screen == bdui::Screen::Loading) app.PollLoading();
        const double tick0 = ThreadCpuMs();
        app.Tick(dt.asSeconds());
        const double tick_cpu = ThreadCpuMs() - tick0;
        app.refresh_ms = app.score_ms = 0;
        app.RecordHistory(); // once the exercise is over
        ImGui_ImplSFML_NewFrame(window, dt);
        ImGui_ImplOpenGL2_NewFrame();
        io.FontGlobalScale = app.layout.scale;
        ImGui::NewFrame();
        DrawFrame(app);
        ImGui::Render();
        glViewport(0, 0, (GLsizei)io.DisplaySize.x, (GLsizei)io.DisplaySize.y);
        glClearColor(0.08f, 0.09f, 0.11f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL2_RenderDrawData(ImGui::GetDrawData());
        if (opt.bench_frames > 0) {
            cpu_ms.push_back(ThreadCpuMs() - cpu0);
            tick_ms.push_back(tick_cpu);
            refresh_ms.push_back(app.refresh_ms);
            score_ms.push_back(app.score_ms);
            wall_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall0).count());
            if ((long long)cpu_ms.size() == opt.bench_frames + 5) {
                // The first five frames build the font atlas and the layout: not counted.
                auto stats = [](std::vector<double> v, double p) {
                    v.erase(v.begin(), v.begin() + 5);
                    std::sort(v.begin(), v.end());
                    return v[std::min(v.size() - 1, (size_t)std::ceil(p / 100.0 * (double)v.size()) - 1)];
                };
                const auto* sim = app.sim();
                std::printf("{\"bench\":\"frames\",\"frames\":%lld,\"role\":\"%s\",\"hosts\":%zu,\"alerts\":%zu,\"sim_time\":%lld,"
                            "\"cpu_median_ms\":%.3f,\"cpu_p99_ms\":%.3f,\"wall_median_ms\":%.3f,\"wall_p99_ms\":%.3f,"
                            "\"tick_median_ms\":%.3f,\"tick_p99_ms\":%.3f,\"refresh_max_ms\":%.3f,\"score_max_ms\":%.3f}\n",
                            opt.bench_frames, bd::TeamName(app.role), sim ? sim->world().hosts.size() : 0,
                            sim ? sim->world().alerts.size() : 0, (long long)app.Now(), stats(cpu_ms, 50), stats(cpu_ms, 99),
                            stats(wall_ms, 50), stats(wall_ms, 99), stats(tick_ms, 50), stats(tick_ms, 99),
                            stats(refresh_ms, 100), stats(score_ms, 100));
                if (opt.screenshot.empty()) window.close(); // else the screenshot below, of this last frame
            }
        }
        if (!opt.screenshot.empty() && !opt.join.empty() && app.screen != bdui::Screen::Exercise) {
            // A served seat: the picture is of the exercise, once the server has answered.
            if (app.screen == bdui::Screen::Start) { std::fprintf(stderr, "breachdrill-gui: %s\n", app.error.c_str()); return 1; }
            window.display();
            sf::sleep(sf::milliseconds(10));
            continue;
        }
        if (!opt.screenshot.empty() && bdui::EditorBusy()) {
            // The editor's play test: the picture is of its outcome, once the runs are done.
            window.display();
            sf::sleep(sf::milliseconds(20));
            continue;
        }
        // After four frames (ImGui settles its layout), or with --bench-frames after the last one.
        if (!opt.screenshot.empty() && ++frames == (opt.bench_frames > 0 ? (int)opt.bench_frames + 5 : 4)) {
            // The window's pixels as they are now: four frames let ImGui settle its layout.
            sf::Texture tex;
            tex.create(window.getSize().x, window.getSize().y);
            tex.update(window);
            if (!tex.copyToImage().saveToFile(opt.screenshot)) {
                std::fprintf(stderr, "breachdrill-gui: cannot write %s\n", opt.screenshot.c_str());
                return 1;
            }
            window.close();
        }
        window.display();
    }
    return std::nullopt;
}

} // namespace

int main(int argc, char** argv)
{
    bdui::App app;
    Options opt;
    if (const auto exit_code = ParseArgs(argc, argv, app, opt)) return *exit_code;
    // A picture is not an exercise: without --journal its journal is a temporary file, removed at exit
    // (not one more file in the user's journals, offered for resuming).
    struct RemoveAtExit {
        std::string path;
        ~RemoveAtExit()
        {
            std::error_code ec;
            if (!path.empty()) std::filesystem::remove(path, ec);
        }
    } temp_journal;
    // The panels' sizes and the text scale as the person left them (a picture uses the defaults).
    if (!opt.layout_file.empty()) {
        std::string why;
        app.layout = bdui::LoadLayout(opt.layout_file, &why);
        if (!why.empty() && std::filesystem::exists(opt.layout_file)) std::fprintf(stderr, "breachdrill-gui: %s\n", why.c_str());
    } else if (opt.screenshot.empty() && opt.bench_frames <= 0) {
        app.layout = bdui::LoadLayout(bdui::LayoutPath());
    }
    if (opt.scale > 0) app.layout.scale = opt.scale;
    if (!opt.screenshot.empty() && app.settings.journal_path.empty()) {
        temp_journal.path = (std::filesystem::temp_directory_path() / ("breachdrill-screenshot-" + std::to_string(::getpid()) + ".jsonl")).string();
        app.settings.journal_path = temp_journal.path;
    }
    if (const auto exit_code = StartFromOptions(app, opt)) return *exit_code;

    sf::RenderWindow window(sf::VideoMode(opt.width, opt.height), "Breachdrill", sf::Style::Default);
    window.setVerticalSyncEnabled(opt.screenshot.empty() && opt.bench_frames <= 0);
    SetUpImGui(window);
    if (const auto exit_code = RunFrames(window, app, opt)) return *exit_code;
    // Closing the window closes the exercise cleanly: its journal gets an end record ("stopped").
    // Only a crash or a kill leaves a journal without one, which the start screen offers to resume.
    if (app.sim() && !app.sim()->Finished()) app.sim()->Stop();
    if (app.Remote() && app.remote()) app.remote()->Leave(); // a served seat says goodbye; the server keeps the exercise
    app.RecordHistory();
    ImGui_ImplOpenGL2_Shutdown();
    ImGui_ImplSFML_Shutdown();
    ImGui::DestroyContext();
    return 0;
}
