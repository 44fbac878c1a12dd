// png_check: exits 0 if a screenshot is not blank: enough distinct colours and enough pixels that
// differ from the most common (background) colour. Used by the GUI screenshot tests.
//   png_check FILE.png [min_colours] [min_foreground_fraction]
#include <SFML/Graphics/Image.hpp>

#include <cstdio>
#include <cstdlib>
#include <map>

int main(int argc, char** argv)
{
    if (argc < 2) { std::fprintf(stderr, "usage: png_check FILE.png [min_colours] [min_fraction]\n"); return 2; }
    sf::Image img;
    if (!img.loadFromFile(argv[1])) { std::fprintf(stderr, "png_check: cannot read %s\n", argv[1]); return 1; }
    const int min_colours = argc > 2 ? std::atoi(argv[2]) : 16;
    const double min_fraction = argc > 3 ? std::atof(argv[3]) : 0.02;
    std::map<sf::Uint32, long> counts;
    const auto size = img.getSize();
    for (unsigned y = 0; y < size.y; ++y)
        for (unsigned x = 0; x < size.x; ++x) counts[img.getPixel(x, y).toInteger()]++;
    long most = 0;
    for (const auto& [c, n] : counts) most = std::max(most, n);
    const double total = (double)size.x * size.y;
    const double fraction = total > 0 ? (total - most) / total : 0;
    std::printf("%s: %ux%u, %zu colours, %.1f%% not background\n", argv[1], size.x, size.y, counts.size(), fraction * 100);
    return (int)counts.size() >= min_colours && fraction >= min_fraction ? 0 : 1;
}
