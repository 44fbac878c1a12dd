// syntax.h: checking a Lua script's syntax without running it (syntax.cpp), for the loader.
#pragma once
#include <string>

namespace bd {

// Compiles `text` (without running it) in a throwaway sandbox, as the loader's validation does.
// Returns "" when it compiles, else Lua's message ("scenario.lua:12: 'end' expected near <eof>");
// `line` gets the line number (0 when unknown).
std::string CheckScriptSyntax(const std::string& name, const std::string& text, int* line = nullptr);

// The line number in a Lua message "name:12: ..." (0 when it names no line of `name`).
int LineOf(const std::string& message, const std::string& name);

} // namespace bd
