// suggest.cpp: the closest known ids to an unknown one (suggest.h).
#include "core/suggest.h"

#include <algorithm>
#include <cctype>

namespace bd {

size_t EditDistance(std::string_view a, std::string_view b, size_t limit)
{
    if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
    std::vector<size_t> prev(b.size() + 1), row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        row[0] = i;
        size_t best = row[0];
        for (size_t j = 1; j <= b.size(); ++j) {
            row[j] = std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            best = std::min(best, row[j]);
        }
        if (best > limit) return limit + 1; // every way on is already too far
        std::swap(prev, row);
    }
    return std::min(prev[b.size()], limit + 1);
}

namespace {

std::string SuggestFold(std::string_view s)
{
    std::string out;
    for (char c : s)
        if (c != '-' && c != '_' && c != '.' && c != ' ') out += (char)std::tolower((unsigned char)c);
    return out;
}

} // namespace

std::vector<std::string> ClosestIds(std::string_view wrong, const std::vector<std::string>& known, size_t max, size_t edits)
{
    const size_t limit = edits ? edits : wrong.size() >= 5 ? 2 : 1;
    const std::string folded = SuggestFold(wrong);
    std::vector<std::pair<size_t, std::string>> near;
    for (const auto& k : known) {
        if (k == wrong || k.empty()) continue;
        // A match once case and separators are set aside comes before any edit (distance 0).
        const size_t d = !folded.empty() && SuggestFold(k) == folded ? 0 : EditDistance(wrong, k, limit);
        if (d <= limit && d < std::max<size_t>(wrong.size(), 1)) near.push_back({d, k});
    }
    std::sort(near.begin(), near.end());
    near.erase(std::unique(near.begin(), near.end()), near.end());
    std::vector<std::string> out;
    for (const auto& [d, k] : near) {
        if (out.size() >= max || d > near.front().first) break; // only the closest
        out.push_back(k);
    }
    return out;
}

std::string DidYouMean(std::string_view wrong, const std::vector<std::string>& known, size_t edits)
{
    const auto ids = ClosestIds(wrong, known, 2, edits);
    if (ids.empty()) return "";
    std::string out = " (did you mean '" + ids[0] + "'";
    if (ids.size() > 1) out += " or '" + ids[1] + "'";
    return out + "?)";
}

} // namespace bd
