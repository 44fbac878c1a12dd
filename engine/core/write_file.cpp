// write_file.cpp: one whole file written (write_file.h).
#include "core/write_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace bd {

std::string WriteFile(const std::string& path, const std::string& text)
{
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return std::strerror(errno);
    const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    const int write_errno = errno;
    if (std::fclose(f) != 0 || !ok) return std::strerror(ok ? errno : write_errno);
    return "";
}

} // namespace bd
