// scenario_template.h: the files of a new scenario folder, for `breachdrill new` (and, later, the
// app's editor): the blank template (assets/templates/blank/, embedded in the binary) or a copy of a
// built-in scenario or of a scenario folder, with the id and title changed so the copy does not
// clash with what it came from. Nothing here writes to disk: the caller writes the files.
#pragma once
#include <string>
#include <vector>

namespace bd {

// One file of a scenario folder: its name inside the folder and its text.
struct ScenarioFile {
    std::string name; // "scenario.json", "scenario.lua", "README.md"
    std::string text;
};

struct NewScenario {
    std::vector<ScenarioFile> files; // scenario.json first
    std::string id, title;           // what metadata.id and metadata.title now say
    std::string from;                // where it came from, in words ("the blank template", "built-in 'noisy-day'")
    std::string dropped_schema;      // a copy's relative "$schema" path, left out (it pointed from the source's folder)
    std::string error;               // "" = ok; else why nothing could be made (files is then empty)
};

// A scenario id made from a folder name: the characters ids allow (A-Z a-z 0-9 . _ -), others
// as '-', at most 64; "new-scenario" when nothing is left.
std::string ScenarioIdFromName(const std::string& name);

// The blank template: every section of the format with one example, a Lua script wired to it and a
// README.md that explains each section. Valid as written (no error, no warning) and playable.
// `id` becomes metadata.id; `title` (if not empty) metadata.title.
NewScenario ScenarioFromTemplate(const std::string& id, const std::string& title = "");

// A copy of `from`: a built-in id (its scenario.json and embedded scripts) or a path (a folder with
// scenario.json, or a .json file, and the script it names, read from beside it). metadata.id
// becomes `id` (with "-copy" added when that is the source's own id or a built-in's), and
// metadata.title `title`, or the source's title with " (copy)". The rest of the text is kept as
// written, so the copy reads like its source, but for a relative "$schema" (a path from the
// source's folder, which would not resolve from the new one): it is left out, and dropped_schema
// says what it was.
NewScenario CopyScenario(const std::string& from, const std::string& id, const std::string& title = "");

} // namespace bd
