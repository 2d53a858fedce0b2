// BED parsing with file:line errors (plain or gzip-compressed, via htslib).
#include "oncomatch/io/bed.hpp"

#include <filesystem>

#include "oncomatch/error.hpp"
#include "oncomatch/genome/build.hpp"
#include "oncomatch/io/hts.hpp"
#include "oncomatch/util/strings.hpp"

namespace oncomatch {

kb::RegionSet read_bed(const std::string& path) {
    if (!std::filesystem::exists(path)) throw InputError(path, "target BED not found", "check --target-bed");
    hts::File fp(hts_open(path.c_str(), "r"));
    if (!fp) throw InputError(path, "cannot open target BED");
    hts::KString line;
    kb::RegionSet set;
    int line_no = 0, n = 0;
    while (true) {
        int ret = hts_getline(fp.get(), KS_SEP_LINE, &line.s);
        if (ret == -1) break;
        if (ret < -1) throw InputError(path + ":" + std::to_string(line_no + 1), "read error (truncated or corrupt file)");
        ++line_no;
        std::string_view l(line.s.s, line.s.l);
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        if (l.empty() || l[0] == '#' || l.rfind("track", 0) == 0 || l.rfind("browser", 0) == 0) continue;
        auto f = split(l, '\t');
        const std::string where = path + ":" + std::to_string(line_no);
        if (f.size() < 3) throw InputError(where, "a BED line needs at least 3 tab-separated columns (chrom, start, end)");
        auto b = parse_number<long long>(f[1]);
        auto e = parse_number<long long>(f[2]);
        if (!b || !e || *b < 0 || *e < *b)
            throw InputError(where, "bad BED interval '" + std::string(f[1]) + "-" + std::string(f[2]) + "'", "start and end are 0-based, end >= start");
        set.add(normalise_chrom(f[0]), *b, *e);
        ++n;
    }
    if (n == 0) throw InputError(path, "target BED has no regions", "an empty BED would mark every locus as not targeted");
    set.finalise();
    return set;
}

}  // namespace oncomatch
